"""What to remind and when (no Qt, no SQL): the rules behind the tray and the notifications.

A pending follow-up is told once when it comes due (a *due* alert) and, when the user asks for
it, N minutes before (a *heads-up*). The user's quiet hours (in the user's zone) move an alert
that falls inside them to the end of the quiet hours, or to the evening before. Several alerts
that are ready at the same moment become one summary. Nothing here reads a clock: every function
takes ``now``.

**Exactly once.** The store keeps, per follow-up, the due instant it was last told about and when
(:class:`Told`). A follow-up is told again only when its due changed *and* lies after that telling
(a snooze, a reschedule into the future). A clock jump or a restart is no special case: whatever
became ready while the app slept is simply ready now, and is told once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, tzinfo
from enum import StrEnum

from followup_desktop.core.reasons import item_label
from followup_desktop.core.when_text import both_zones, day_text, differs, relative_day, time_text

#: With shift "before", an alert in the quiet hours is given this long before they start.
EVENING_LEAD = timedelta(minutes=15)
#: "Until tomorrow" pauses until this local time when no quiet hours are set.
DEFAULT_MORNING = time(7, 0)
#: A summary lists this many items by name, then "and N more".
SUMMARY_LINES = 5


class Shift(StrEnum):
    AFTER = "after"  # at the end of the quiet hours
    BEFORE = "before"  # the evening before, just ahead of the quiet hours


class AlertKind(StrEnum):
    DUE = "due"
    HEADS_UP = "heads_up"


@dataclass(frozen=True, slots=True)
class QuietHours:
    """Local times in the user's zone; ``start == end`` means no quiet hours."""

    start: time
    end: time
    shift: Shift = Shift.AFTER

    def window_around(self, instant: datetime, zone: tzinfo) -> tuple[datetime, datetime] | None:
        """The quiet interval [start, end) that contains ``instant``, or None."""
        if self.start == self.end:
            return None
        local = instant.astimezone(zone)
        for day in (local.date() - timedelta(days=1), local.date()):
            begin = datetime.combine(day, self.start, tzinfo=zone)
            end_day = day if self.end > self.start else day + timedelta(days=1)
            finish = datetime.combine(end_day, self.end, tzinfo=zone)
            if begin <= local < finish:
                return begin.astimezone(UTC), finish.astimezone(UTC)
        return None

    def move(self, instant: datetime, zone: tzinfo) -> datetime:
        """``instant``, or where the quiet hours move it (their end, or the evening before)."""
        window = self.window_around(instant, zone)
        if window is None:
            return instant
        begin, finish = window
        return begin - EVENING_LEAD if self.shift == Shift.BEFORE else finish


@dataclass(frozen=True, slots=True)
class Prefs:
    """The user's reminder settings."""

    quiet: QuietHours | None = QuietHours(time(22, 0), time(7, 0))
    heads_up_minutes: int = 0
    paused_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class Told:
    """What the user was already told about one follow-up (persisted)."""

    due: datetime | None = None  # the due instant the last due alert was about
    at: datetime | None = None  # when that alert was given
    warned_due: datetime | None = None  # the due instant the last heads-up was about


@dataclass(frozen=True, slots=True)
class DueItem:
    """A pending follow-up with the names a reminder needs."""

    id: str
    application: str
    kind: str
    due: datetime
    zone: str  # the employer zone the slot was planned in
    company: str
    role: str = ""
    contact: str | None = None
    message: bool = True  # False for reminders to oneself (a move-on review): no draft to open

    @property
    def label(self) -> str:
        """'Thank-you to Dana Lee' / 'Move-on review: Acme Corp'."""
        return item_label(self.kind, self.contact, self.company)


@dataclass(frozen=True, slots=True)
class Alert:
    item: DueItem
    kind: AlertKind
    at: datetime  # when it is (or was) to be given


@dataclass(frozen=True, slots=True)
class Plan:
    fire: tuple[Alert, ...] = ()
    next_at: datetime | None = None  # the next moment something may become ready


@dataclass(frozen=True, slots=True)
class Notice:
    """One notification: a single follow-up (with actions) or a summary of several."""

    title: str
    body: str
    ids: tuple[str, ...] = ()
    item: DueItem | None = None  # the one follow-up, when the notice is about one
    lines: tuple[str, ...] = field(default=())


# --- when -----------------------------------------------------------------------------------


def needs_telling(item: DueItem, told: Told | None) -> bool:
    """True until the user was told about this due (a moved due that lies after the telling
    is news again; an overdue one that a re-plan shifted is not)."""
    if told is None or told.due is None:
        return True
    if item.due == told.due:
        return False
    return told.at is None or item.due > told.at


def alert_time(item: DueItem, prefs: Prefs, zone: tzinfo) -> datetime:
    return prefs.quiet.move(item.due, zone) if prefs.quiet else item.due


def plan(
    items: Iterable[DueItem],
    told: Mapping[str, Told],
    prefs: Prefs,
    zone: tzinfo,
    now: datetime,
) -> Plan:
    """The alerts ready at ``now`` (not yet told) and when to look again."""
    fire: list[Alert] = []
    upcoming: list[datetime] = []
    lead = timedelta(minutes=max(prefs.heads_up_minutes, 0))
    for item in items:
        state = told.get(item.id)
        if not needs_telling(item, state):
            continue
        at = alert_time(item, prefs, zone)
        if at <= now:
            fire.append(Alert(item, AlertKind.DUE, at))
            continue
        upcoming.append(at)
        if not lead or (state is not None and state.warned_due == item.due):
            continue
        early = at - lead
        if prefs.quiet is not None and prefs.quiet.window_around(early, zone) is not None:
            continue  # no heads-up in the middle of the night
        if early <= now:
            fire.append(Alert(item, AlertKind.HEADS_UP, early))
        else:
            upcoming.append(early)
    if prefs.paused_until is not None and now < prefs.paused_until:
        return Plan((), prefs.paused_until)
    fire.sort(key=lambda a: (a.item.due, a.item.id))
    return Plan(tuple(fire), min(upcoming, default=None))


def after_telling(
    told: Mapping[str, Told], alerts: Iterable[Alert], now: datetime
) -> dict[str, Told]:
    """The new :class:`Told` of every follow-up in ``alerts`` (what the store then keeps)."""
    changed: dict[str, Told] = {}
    for alert in alerts:
        before = changed.get(alert.item.id) or told.get(alert.item.id) or Told()
        if alert.kind == AlertKind.DUE:
            changed[alert.item.id] = Told(alert.item.due, now, before.warned_due)
        else:
            changed[alert.item.id] = Told(before.due, before.at, alert.item.due)
    return changed


def pause_until(now: datetime, zone: tzinfo, prefs: Prefs, *, tomorrow: bool) -> datetime:
    """An hour from now, or tomorrow morning (end of the quiet hours, else 07:00) in ``zone``."""
    if not tomorrow:
        return now + timedelta(hours=1)
    morning = prefs.quiet.end if prefs.quiet and prefs.quiet.start != prefs.quiet.end else None
    day = now.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(day, morning or DEFAULT_MORNING, tzinfo=zone).astimezone(UTC)


def day_bounds(now: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """Start of today and of tomorrow in ``zone``."""
    today = now.astimezone(zone).date()
    start = datetime.combine(today, time(0), tzinfo=zone)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def split_today(
    items: Iterable[DueItem], now: datetime, zone: tzinfo
) -> tuple[list[DueItem], list[DueItem]]:
    """(overdue, due later today or already today): what the tray lists."""
    start, end = day_bounds(now, zone)
    overdue = [i for i in items if i.due < start]
    today = [i for i in items if start <= i.due < end]
    return overdue, today


# --- words ----------------------------------------------------------------------------------


def due_phrase(item: DueItem, user_zone: tzinfo, now: datetime, prefs: Prefs) -> str:
    """'Due 08:30 New York time (14:30 your time)' — employer-local first, the user's second
    (core/when_text.both_zones), and a word when quiet hours moved the reminder."""
    text = both_zones(item.due, item.zone, user_zone, now=now)
    verb = "Was due" if item.due <= now else "Due"
    quiet = prefs.quiet.window_around(item.due, user_zone) if prefs.quiet else None
    if quiet is not None and item.due > now:
        return f"{verb} {text}, in your quiet hours: reminding you now."
    if quiet is not None:
        return f"{verb} {text}, in your quiet hours."
    return f"{verb} {text}."


def _overdue_words(item: DueItem, now: datetime, user_zone: tzinfo) -> str:
    """'overdue since Fri 20 Nov', 'due now', 'due tomorrow 00:30 your time' (the user's time,
    labelled when the employer's differs)."""
    mine = item.due.astimezone(user_zone)
    if item.due < day_bounds(now, user_zone)[0]:
        return f"overdue since {day_text(mine.date())}"
    if item.due <= now:
        return "due now"
    day = relative_day(mine.date(), now.astimezone(user_zone).date())
    clock = time_text(mine) + (" your time" if differs(item.due, item.zone, user_zone) else "")
    return f"due {day} {clock}" if day else f"due {clock}"


def compose(
    alerts: Sequence[Alert],
    now: datetime,
    user_zone: tzinfo,
    prefs: Prefs,
    *,
    catch_up: bool = False,
) -> Notice | None:
    """One notice for everything that is ready: the item itself, or a summary of several."""
    if not alerts:
        return None
    items = list(dict.fromkeys(a.item for a in alerts))
    if len(items) == 1:
        alert, item = alerts[0], items[0]
        context = " · ".join(p for p in (item.company, item.role) if p)
        when = due_phrase(item, user_zone, now, prefs)
        if alert.kind == AlertKind.HEADS_UP:
            minutes = max(round((alert_time(item, prefs, user_zone) - now).total_seconds() / 60), 0)
            title = f"In {minutes} min: {item.label}" if minutes else item.label
        else:
            title = f"{item.label} ({_overdue_words(item, now, user_zone)})"
        return Notice(title, f"{context}\n{when}" if context else when, (item.id,), item)
    overdue = sum(1 for i in items if i.due < day_bounds(now, user_zone)[0])
    count = len(items)
    if catch_up:
        title = f"While you were away, {count} follow-ups came due"
    else:
        title = f"{count} follow-ups need you"
    if overdue and not catch_up:
        title += f" ({overdue} overdue)"
    lines = [
        f"• {i.label}, {i.company}: {_overdue_words(i, now, user_zone)}"
        for i in items[:SUMMARY_LINES]
    ]
    if count > SUMMARY_LINES:
        lines.append(f"… and {count - SUMMARY_LINES} more")
    return Notice(title, "\n".join(lines), tuple(i.id for i in items), None, tuple(lines))
