"""Reading the calendar's visible range: counts first, items only as far as they are shown.

Moving to another month must cost the same with ten or ten thousand follow-ups, so nothing here
reads every row of a range. For the user's days [first, last) it asks the store
(store/calendar_range.py), in three statements:

1. how many follow-ups each day holds, and how many are pending: one COUNT per day, answered
   from the (status, due) index alone (no table row is read);
2. the first few of each day (what a month cell draws): a LIMIT per day, again from the index;
3. the interviews of the range (few; their table is small).

A day's full list is read the first time something needs all of it (the day panel, the week
grid, the visible rows of the agenda), and an item's details (names, reasons) only when it is
drawn or listed, many at a time. What is overdue (pending, due before today) is read apart from
any range (``load_overdue``): the day panel and the agenda list it first, whatever is shown.
An entry is ``(due UTC text, "f"/"i", rowid, status, minutes)``; the stored UTC text has a
fixed width, so its text order is time order.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import overload

from followup_desktop.core.instants import to_utc_text
from followup_desktop.core.model import NON_MESSAGE_KINDS
from followup_desktop.store import calendar_range as reads
from followup_desktop.store.calendar_range import Entry
from followup_desktop.store.db import Database
from followup_desktop.ui.calendar.rows import (
    DEFAULT_INTERVIEW_MINUTES,
    FOLLOWUP_MINUTES,
    INTERVIEW,
    PENDING,
    SHOWN,
    CalItem,
    day_bounds,
    state_of,
)
from followup_desktop.ui.common import fmt

#: The overdue items listed first (the oldest); the rest are counted ("N more": see Today).
OVERDUE_SHOWN = 100


class DayItems(Sequence[CalItem]):
    """One day's items in time order, read as far as they are used."""

    def __init__(
        self,
        owner: RangeItems | None,
        day_index: int,
        followups: int,
        pending: int,
        interviews: list[Entry],
    ) -> None:
        # ``day_index``, not ``index``: that name is Sequence.index(), which must keep working.
        self.owner, self.day_index = owner, day_index
        self.followups, self._pending = followups, pending
        self.interviews: list[Entry] = interviews
        self._all: list[Entry] | None = None if followups else list(interviews)
        self._head: list[Entry] = []
        self._starts: list[datetime] | None = None

    def __len__(self) -> int:
        return self.followups + len(self.interviews)

    def pending(self) -> int:
        return self._pending

    def _range(self) -> RangeItems:
        """The range that reads this day's items (only the empty EMPTY has none)."""
        assert self.owner is not None
        return self.owner

    @property
    def entries(self) -> list[Entry]:
        """Every entry of the day (read on first use)."""
        if self._all is None:
            self._all = sorted(self._range().day_followups(self.day_index) + self.interviews)
        return self._all

    def head(self, count: int) -> list[Entry]:
        """The first ``count`` entries, without reading the whole day."""
        if self._all is not None:
            return self._all[:count]
        if len(self._head) < min(count, len(self)):
            self._range().read_heads(count)
        if len(self._head) == len(self):  # the head is the whole day
            self._all = self._head
        return self._head[:count]

    @overload
    def __getitem__(self, index: int) -> CalItem: ...

    @overload
    def __getitem__(self, index: slice) -> list[CalItem]: ...

    def __getitem__(self, index: int | slice) -> CalItem | list[CalItem]:
        if isinstance(index, slice):
            if index.start in (None, 0) and index.step is None and index.stop is not None:
                chosen = self.head(max(index.stop, 0))
            else:
                chosen = self.entries[index]
            if not chosen:
                return []
            owner = self._range()
            owner.fetch(chosen)
            return [owner.cached(e) for e in chosen]
        entries = self.entries
        entry = entries[index]
        owner = self._range()
        if not owner.has(entry):
            position = index if index >= 0 else len(entries) + index
            owner.fetch(entries[position : position + 64])
        return owner.cached(entry)

    def __iter__(self) -> Iterator[CalItem]:
        if not len(self):
            return iter(())
        owner = self._range()
        owner.fetch(self.entries)
        return (owner.cached(e) for e in self.entries)

    def starts(self) -> list[datetime]:
        """Each item's start in the user's zone, without reading the items."""
        if self._starts is None:
            zone = self.owner.zone if self.owner else None
            self._starts = [datetime.fromisoformat(e[0]).astimezone(zone) for e in self.entries]
        return self._starts

    def minutes(self) -> list[int]:
        return [e[4] for e in self.entries]


EMPTY = DayItems(None, -1, 0, 0, [])


class RangeItems(Mapping[date, DayItems]):
    """The user's days [first, last): counted up front, read on demand."""

    def __init__(
        self,
        db: Database,
        first: date,
        last: date,
        zone_name: str,
        today: date,
        *,
        show_cancelled: bool = False,
    ) -> None:
        self.db, self.zone_name, self.today = db, zone_name, today
        self.zone = fmt.safe_zone(zone_name)
        self.days = [first + timedelta(days=n) for n in range((last - first).days)]
        self.bounds = [to_utc_text(day_bounds(d, d, self.zone)[0]) for d in [*self.days, last]]
        self._statuses = [str(s) for s in SHOWN] + (["cancelled"] if show_cancelled else [])
        self._cache: dict[tuple[str, int], CalItem] = {}
        self.by_key: dict[str, CalItem] = {}
        self._heads_read = 0
        counts = reads.count_per_day(db, self.bounds, self._statuses, [str(s) for s in PENDING])
        interviews: dict[int, list[Entry]] = {}
        for entry in reads.interview_entries(
            db, self.bounds[0], self.bounds[-1], DEFAULT_INTERVIEW_MINUTES
        ):
            interviews.setdefault(bisect_right(self.bounds, entry[0]) - 1, []).append(entry)
        self._days: dict[date, DayItems] = {}
        for index, day in enumerate(self.days):
            total, pending = counts.get(index, (0, 0))
            if total or index in interviews:
                self._days[day] = DayItems(self, index, total, pending, interviews.get(index, []))
        self.total = sum(len(d) for d in self._days.values())

    def read_heads(self, count: int) -> None:
        """Read the first ``count`` follow-ups of every day, in one statement."""
        if count <= self._heads_read:
            return
        self._heads_read = count
        heads = reads.heads_per_day(self.db, self.bounds, self._statuses, count, FOLLOWUP_MINUTES)
        for day in self._days.values():
            if day._all is None:
                day._head = sorted(heads.get(day.day_index, []) + day.interviews)[:count]

    def day_followups(self, index: int) -> list[Entry]:
        lo, hi = self.bounds[index], self.bounds[index + 1]
        return reads.followup_entries(self.db, lo, hi, self._statuses, FOLLOWUP_MINUTES)

    # --- the mapping ------------------------------------------------------------------------

    def __getitem__(self, day: date) -> DayItems:
        return self._days[day]

    def __iter__(self):
        return iter(self._days)

    def __len__(self) -> int:
        return len(self._days)

    def get(self, day: date, default=None) -> DayItems:
        found = self._days.get(day)
        return found if found is not None else (default if default is not None else EMPTY)

    def pending_days(self) -> list[date]:
        return sorted(day for day, items in self._days.items() if items.pending())

    def pending_total(self, days: Iterable[date] | None = None) -> int:
        chosen = self._days if days is None else [d for d in days if d in self._days]
        return sum(self._days[d].pending() for d in chosen)

    def prefetch(self, per_day: int) -> None:
        """Read the first ``per_day`` items of every day (what a month grid draws)."""
        self.read_heads(per_day)
        self.fetch(e for day in self._days.values() for e in day.head(per_day))

    def find(self, key: str) -> CalItem | None:
        """The item ``key`` ("f:<id>" / "i:<id>") if it is in the range (read if need be)."""
        found = self.by_key.get(key)
        if found is not None or key[:2] not in ("f:", "i:"):
            return found
        row = reads.locate(self.db, key)
        if row is None or not self.bounds[0] <= row[0] < self.bounds[-1]:
            return None
        day = self._days.get(self.days[bisect_right(self.bounds, row[0]) - 1])
        entry = next((e for e in day.entries if e[1:3] == (key[0], row[1])), None) if day else None
        if entry is None:  # e.g. a cancelled follow-up while those are hidden
            return None
        self.fetch([entry])
        return self.cached(entry)

    # --- details ----------------------------------------------------------------------------

    def has(self, entry: Entry) -> bool:
        return (entry[1], entry[2]) in self._cache

    def cached(self, entry: Entry) -> CalItem:
        return self._cache[(entry[1], entry[2])]

    def fetch(self, entries: Iterable[Entry]) -> None:
        """Read the details of the entries not read yet: one statement per table and batch."""
        missing: dict[str, list[int]] = {"f": [], "i": []}
        for entry in entries:
            if (entry[1], entry[2]) not in self._cache:
                missing[entry[1]].append(entry[2])
        for table, rowids in missing.items():
            make = self._followup if table == "f" else self._interview
            for row in reads.details(self.db, table, rowids) if rowids else ():
                item = make(row)
                self._cache[(table, row[0])] = item
                self.by_key[item.key] = item

    def _followup(self, row) -> CalItem:
        return followup_item(row, self.zone, self.today)

    def _interview(self, row) -> CalItem:
        _, iid, starts, owner, minutes, app, role, company, people = row
        return CalItem(
            f"i:{iid}",
            INTERVIEW,
            datetime.fromisoformat(starts).astimezone(self.zone),
            owner or self.zone_name,
            INTERVIEW,
            INTERVIEW,
            people or "interviewers not recorded",
            company,
            role,
            app,
            minutes=minutes or DEFAULT_INTERVIEW_MINUTES,
        )


def followup_item(row: Sequence, zone: tzinfo, today: date) -> CalItem:
    """A follow-up's details row (store/calendar_range.details) as the calendar shows it."""
    _, fid, kind, due, owner, status, manual, reason, why, app, person, company, role = row
    local = datetime.fromisoformat(due).astimezone(zone)
    return CalItem(
        f"f:{fid}",
        kind,
        local,
        owner,
        status,
        state_of(status, local.date(), today),
        # a note to the user (the move-on review) is for "you", whoever the application's contact
        "you" if kind in NON_MESSAGE_KINDS or not person else person,
        company,
        role,
        app,
        reason,
        why,
        bool(manual),
    )


@dataclass
class Overdue:
    """What is overdue: the first OVERDUE_SHOWN items, oldest first, and how many in all."""

    items: list[CalItem] = field(default_factory=list)
    total: int = 0

    def find(self, key: str) -> CalItem | None:
        return next((item for item in self.items if item.key == key), None)

    def outside(self, days: Iterable[date]) -> list[CalItem]:
        """The items not on one of ``days`` (those are listed under their day)."""
        shown = set(days)
        return [item for item in self.items if item.day not in shown]


def load_overdue(db: Database, zone_name: str, today: date) -> Overdue:
    """The pending follow-ups due before ``today`` (the user's day), whatever range is shown."""
    zone = fmt.safe_zone(zone_name)
    start = to_utc_text(day_bounds(today, today, zone)[0])
    pending = [str(s) for s in PENDING]
    entries, total = reads.pending_before(db, start, pending, FOLLOWUP_MINUTES, OVERDUE_SHOWN)
    rows = {row[0]: row for row in reads.details(db, "f", [e[2] for e in entries])}
    items = [followup_item(rows[e[2]], zone, today) for e in entries if e[2] in rows]
    return Overdue(items, total)


def load_range(
    db: Database,
    first: date,
    last: date,
    zone_name: str,
    today: date,
    *,
    show_cancelled: bool = False,
) -> RangeItems:
    """The items on the user's days [first, last), by day, each day in time order."""
    return RangeItems(db, first, last, zone_name, today, show_cancelled=show_cancelled)
