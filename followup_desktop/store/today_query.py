"""What to do now, in one place (no Qt): the Today screen, the tray menu, its badge and tooltip,
and the status bar's count all read these groups, so they always agree.

The user's day (in the user's zone) splits the pending follow-ups into

- **Overdue**: due before today (a day already gone, whatever the hour);
- **Today**: due today, earlier or later than now;
- **Next 7 days**: due tomorrow up to a week from today;

and adds **Waiting for a reply**: the applications still running (not in ``ENDED_STAGES``) whose
last message from the user (a logged message, or a message follow-up marked done) came after the
employer's last reply, with nothing overdue or due today.

Built for 10,000 applications: the counts are one statement over the (status, due) index; the
items of a group are read a page at a time, only as far as they are shown (a status bar reads no
item at all, the tray eight per group); "waiting" is read the first time it is asked for.
Instants are stored UTC text of fixed width, so text order is time order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any

from followup_desktop.core.instants import from_utc_text, to_utc_text
from followup_desktop.core.model import ENDED_STAGES, NON_MESSAGE_KINDS, PENDING_STATUSES
from followup_desktop.core.reasons import item_label
from followup_desktop.store.db import Database

OVERDUE, TODAY, NEXT_DAYS, WAITING = "overdue", "today", "next", "waiting"
#: The groups of pending follow-ups, in the order they are shown.
DUE_GROUPS = (OVERDUE, TODAY, NEXT_DAYS)
GROUPS = (*DUE_GROUPS, WAITING)
#: "Next 7 days": tomorrow and the six days after it.
NEXT_DAYS_SPAN = 7
#: Items read per statement when a group is shown.
PAGE = 100

# Fixed words of the model (never user text), written into the statements.
_PENDING = ", ".join(f"'{s}'" for s in sorted(PENDING_STATUSES))
_SILENT = ", ".join(f"'{k}'" for k in sorted(NON_MESSAGE_KINDS))
_ENDED = ", ".join(f"'{s}'" for s in sorted(ENDED_STAGES))

_COUNT = f"(SELECT count(*) FROM followups WHERE status IN ({_PENDING}) AND due >= ? AND due < ?)"
#: One count per group, each a range of the (status, due) index (no table row is read).
_COUNTS = f"SELECT {_COUNT}, {_COUNT}, {_COUNT}"
_ITEMS = (
    "SELECT f.id, f.application, f.kind, f.due, f.timezone, f.status, f.manual, f.reason,"
    " c.name, a.role, p.name FROM followups f JOIN applications a ON a.id = f.application"
    " JOIN companies c ON c.id = a.company LEFT JOIN contacts p ON p.id = f.contact"
    " WHERE f.rowid IN (SELECT rowid FROM followups WHERE status IN"
    f" ({_PENDING}) AND due >= ? AND due < ? ORDER BY due, rowid LIMIT ? OFFSET ?)"
    " ORDER BY f.due, f.rowid"
)
#: Per application still running with nothing overdue or due today (an index seek each): the
#: last message sent (logged, or a message follow-up done), kept when it came after the last
#: reply; the longest waiting first.
_WAITING = f"""
WITH done(app, at) AS MATERIALIZED (
    SELECT application, max(done_at) FROM followups
    WHERE status = 'done' AND done_at IS NOT NULL AND kind NOT IN ({_SILENT})
    GROUP BY application
), candidates AS MATERIALIZED (
    SELECT a.id AS app, a.company AS company, a.role AS role,
        (SELECT max(m.at) FROM communications m
         WHERE m.application = a.id AND m.direction = 'sent') AS logged,
        (SELECT d.at FROM done d WHERE d.app = a.id) AS done,
        (SELECT max(m.at) FROM communications m
         WHERE m.application = a.id AND m.direction = 'received') AS reply
    FROM applications a
    WHERE a.stage NOT IN ({_ENDED}) /*only*/
      AND NOT EXISTS (SELECT 1 FROM followups x WHERE x.application = a.id
                      AND x.status IN ({_PENDING}) AND x.due < ?)
)
SELECT w.app, c.name, w.role, w.logged, w.done FROM candidates w
JOIN companies c ON c.id = w.company
WHERE max(coalesce(w.logged, ''), coalesce(w.done, '')) > coalesce(w.reply, '')
ORDER BY max(coalesce(w.logged, ''), coalesce(w.done, '')), w.app
"""
#: For a page of waiting applications ``w(app, logged, done)``: what was sent last and to whom,
#: and the next pending follow-up.
_WAITING_DETAILS = f"""
SELECT w.app, d.kind, dp.name, m.channel, mp.name, n.kind, n.due, n.timezone FROM w
LEFT JOIN followups d ON d.rowid = (
    SELECT y.rowid FROM followups y WHERE y.application = w.app AND y.status = 'done'
    AND y.done_at = w.done AND y.kind NOT IN ({_SILENT}) ORDER BY y.rowid DESC LIMIT 1)
LEFT JOIN contacts dp ON dp.id = d.contact
LEFT JOIN communications m ON m.rowid = (
    SELECT z.rowid FROM communications z WHERE z.application = w.app AND z.at = w.logged
    AND z.direction = 'sent' ORDER BY z.rowid DESC LIMIT 1)
LEFT JOIN contacts mp ON mp.id = m.contact
LEFT JOIN followups n ON n.rowid = (
    SELECT x.rowid FROM followups x WHERE x.application = w.app AND x.status IN ({_PENDING})
    ORDER BY x.due, x.id LIMIT 1)
"""


@dataclass(frozen=True, slots=True)
class TodayItem:
    """A pending follow-up with the names a person needs to act on it."""

    id: str
    application: str
    kind: str
    due: datetime  # aware UTC
    zone: str  # the zone the slot was planned in (the employer's)
    status: str  # "planned" or "snoozed"
    manual: bool  # moved or snoozed by the user
    reason: str  # why it is due then (the planner's sentence)
    company: str
    role: str = ""
    contact: str | None = None

    @property
    def message(self) -> bool:
        """False for a reminder to the user (a move-on review): there is no draft to write."""
        return self.kind not in NON_MESSAGE_KINDS

    @property
    def label(self) -> str:
        """'Thank-you to Dana Lee' / 'Move-on review: Acme Corp'."""
        return item_label(self.kind, self.contact, self.company)


@dataclass(frozen=True, slots=True)
class WaitingItem:
    """An application waiting for the employer's answer to the user's last message."""

    application: str
    company: str
    role: str
    sent_at: datetime  # aware UTC
    sent_kind: str | None  # the follow-up that was sent; None for a message logged by hand
    channel: str | None  # how the logged message went (when ``sent_kind`` is None)
    sent_to: str | None  # the person it went to, when known
    next_kind: str | None = None  # the next pending follow-up, if any
    next_due: datetime | None = None
    next_zone: str | None = None


def day_starts(now: datetime, zone: tzinfo) -> tuple[datetime, datetime, datetime]:
    """The starts of today, of tomorrow and of the day after the next 7 days, in ``zone``, as
    aware UTC instants (each computed on the wall clock, so a DST change is a day)."""
    today = now.astimezone(zone).date()
    return tuple(  # type: ignore[return-value]
        datetime.combine(today + timedelta(days=n), time(0), tzinfo=zone).astimezone(UTC)
        for n in (0, 1, 1 + NEXT_DAYS_SPAN)
    )


class TodayGroups:
    """The user's day at ``now`` in ``zone``: counted when made, items read as far as asked."""

    def __init__(self, db: Database, now: datetime, zone: tzinfo) -> None:
        self.db, self.now, self.zone = db, now, zone
        self.starts = day_starts(now, zone)
        start, tomorrow, after = (to_utc_text(moment) for moment in self.starts)
        self._bounds = {
            OVERDUE: ("", start),
            TODAY: (start, tomorrow),
            NEXT_DAYS: (tomorrow, after),
        }
        bounds = [b for group in DUE_GROUPS for b in self._bounds[group]]
        overdue, today, later = db.execute(_COUNTS, bounds).fetchone()
        self._counts = {OVERDUE: int(overdue), TODAY: int(today), NEXT_DAYS: int(later)}
        self._pages: dict[tuple[str, int], list[TodayItem]] = {}
        self._waiting: list[tuple[Any, ...]] | None = None
        self._waiting_pages: dict[int, list[WaitingItem]] = {}

    # --- counts -----------------------------------------------------------------------------

    def count(self, group: str) -> int:
        """How many items ``group`` holds ("waiting" is read for it)."""
        if group == WAITING:
            return len(self._waiting_rows())
        return self._counts[group]

    def due_counts(self) -> tuple[int, int]:
        """(due today, overdue): the status bar's and the tray's numbers."""
        return self._counts[TODAY], self._counts[OVERDUE]

    def anything(self) -> bool:
        """Whether any group holds anything."""
        return any(self._counts.values()) or bool(self._waiting_rows())

    # --- items ------------------------------------------------------------------------------

    def items(self, group: str, start: int = 0, stop: int | None = None) -> list[TodayItem]:
        """Items ``start`` to ``stop`` of a group of follow-ups, in due order."""
        total = self._counts[group]
        stop = total if stop is None else min(stop, total)
        found: list[TodayItem] = []
        if stop <= start:
            return found
        for page in range(start // PAGE, (stop - 1) // PAGE + 1):
            rows = self._page(group, page)
            first = page * PAGE
            found += rows[max(start - first, 0) : stop - first]
        return found

    def item(self, group: str, index: int) -> TodayItem | None:
        found = self.items(group, index, index + 1)
        return found[0] if found else None

    def _page(self, group: str, page: int) -> list[TodayItem]:
        if (group, page) not in self._pages:
            lo, hi = self._bounds[group]
            rows = self.db.execute(_ITEMS, [lo, hi, PAGE, page * PAGE]).fetchall()
            self._pages[(group, page)] = [_item(row) for row in rows]
        return self._pages[(group, page)]

    def waiting(self, start: int = 0, stop: int | None = None) -> list[WaitingItem]:
        """The applications waiting for a reply, the longest waiting first: which ones is read
        once, what was sent and what comes next a page at a time."""
        rows = self._waiting_rows()
        stop = len(rows) if stop is None else min(stop, len(rows))
        found: list[WaitingItem] = []
        for page in range(start // PAGE, (stop - 1) // PAGE + 1) if stop > start else ():
            first = page * PAGE
            found += self._waiting_page(page)[max(start - first, 0) : stop - first]
        return found

    def _waiting_rows(self) -> list[tuple[Any, ...]]:
        if self._waiting is None:
            tomorrow = to_utc_text(self.starts[1])
            self._waiting = self.db.execute(_WAITING, [tomorrow]).fetchall()
        return self._waiting

    def after_write(self, now: datetime, applications: Iterable[str]) -> TodayGroups:
        """The groups again after a write that touched only ``applications`` (a follow-up
        marked sent, skipped or snoozed re-plans its own application alone): the counts are
        read afresh, "waiting" is re-read for those applications only, the rest kept. On
        another day than this reading's, everything is read afresh."""
        fresh = TodayGroups(self.db, now, self.zone)
        changed = list(dict.fromkeys(applications))
        if fresh.starts != self.starts or self._waiting is None or not changed:
            return fresh
        marks = ",".join("?" * len(changed))
        sql = _WAITING.replace("/*only*/", f"AND a.id IN ({marks})")
        tomorrow = to_utc_text(self.starts[1])
        found = self.db.execute(sql, [*changed, tomorrow]).fetchall()
        kept = [row for row in self._waiting if row[0] not in set(changed)]
        fresh._waiting = sorted(kept + found, key=_waited)
        return fresh

    def _waiting_page(self, page: int) -> list[WaitingItem]:
        if page not in self._waiting_pages:
            rows = self._waiting_rows()[page * PAGE : (page + 1) * PAGE]
            values = ",".join("(?, ?, ?)" for _ in rows)
            params = [value for row in rows for value in (row[0], row[3], row[4])]
            sql = f"WITH w(app, logged, done) AS (VALUES {values}) {_WAITING_DETAILS}"
            details = {d[0]: d for d in self.db.execute(sql, params).fetchall()} if rows else {}
            self._waiting_pages[page] = [_waiting(row, details[row[0]]) for row in rows]
        return self._waiting_pages[page]


def today_groups(db: Database, now: datetime, user_zone: tzinfo) -> TodayGroups:
    """What is overdue, due today, due in the next 7 days, and waiting for a reply, for the user
    at ``now`` in ``user_zone``: the one reading every "what now?" of the app shares."""
    return TodayGroups(db, now, user_zone)


def _item(row: tuple[Any, ...]) -> TodayItem:
    fid, app, kind, due, zone, status, manual, reason, company, role, person = row
    return TodayItem(
        fid, app, kind, from_utc_text(due), zone, status, bool(manual), reason or "",
        company, role or "", person,
    )  # fmt: skip


def _waited(row: tuple[Any, ...]) -> tuple[str, str]:
    """The order of "waiting": the last message sent (the longest waiting first), then the id."""
    return max(row[3] or "", row[4] or ""), row[0]


def _waiting(row: tuple[Any, ...], details: tuple[Any, ...]) -> WaitingItem:
    app, company, role, logged, done = row
    _app, kind, done_to, channel, logged_to, next_kind, next_due, next_zone = details
    by_followup = kind is not None and (done or "") >= (logged or "")
    return WaitingItem(
        application=app,
        company=company,
        role=role or "",
        sent_at=from_utc_text(max(logged or "", done or "")),
        sent_kind=kind if by_followup else None,
        channel=None if by_followup else channel,
        sent_to=done_to if by_followup else logged_to,
        next_kind=next_kind,
        next_due=from_utc_text(next_due) if next_due else None,
        next_zone=next_zone,
    )
