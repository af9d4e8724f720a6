"""Calendar items and the words they are shown with (no Qt); read by range_items.py (over
store/calendar_range.py).

Days are the user's days (profile zone); each item also knows the zone that owns it (the
employer's), to show both times when they differ, in the words of core/when_text ("Tue 24 Nov
08:30 New York time (07:30 your time)"). A chip says as much as fits: ``chip_texts`` lists its
lines from the fullest to the shortest, and a letter per kind (``KIND_MARKS``) stays beside the
person when nothing else does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from followup_desktop.core import when_text
from followup_desktop.core.model import FollowUpStatus
from followup_desktop.ui.common import fmt

INTERVIEW = "interview"
#: The user's waking hours: a slot outside them is shown with both local times.
WAKING_START, WAKING_END = time(7, 0), time(22, 0)
FOLLOWUP_MINUTES = 15
DEFAULT_INTERVIEW_MINUTES = 60
SHORT_KIND = {
    "thank_you": "Thank-you",
    "check_in": "Check-in",
    "second_follow_up": "2nd follow-up",
    "phone_call": "Phone call",
    "move_on_review": "Move-on review",
    "stay_in_touch": "Stay in touch",
    "rejection_reply": "Rejection reply",
    "offer_reply": "Offer reply",
    INTERVIEW: "Interview",
}
#: The letter a chip shows for its kind (beside its colour, so a chip reads in greyscale).
KIND_MARKS = {
    "thank_you": "T",
    "check_in": "C",
    "second_follow_up": "2",
    "phone_call": "P",
    "move_on_review": "M",
    "stay_in_touch": "S",
    "rejection_reply": "R",
    "offer_reply": "O",
    INTERVIEW: "I",
}
#: Display states, in the order the legend lists them.
STATES = ("planned", "due", "overdue", "done", "skipped", "cancelled")
STATE_WORDS = {
    "planned": "Planned",
    "due": "Due today",
    "overdue": "Overdue",
    "done": "Done",
    "skipped": "Skipped",
    "cancelled": "Cancelled",
    INTERVIEW: "Interview",
}
PENDING = (FollowUpStatus.PLANNED, FollowUpStatus.SNOOZED)
SHOWN = (*PENDING, FollowUpStatus.DONE, FollowUpStatus.SKIPPED)


@dataclass(slots=True)
class CalItem:
    """A follow-up or an interview as the calendar draws it."""

    key: str  # "f:<follow-up id>" or "i:<interview id>"
    kind: str  # a FollowUpKind value, or "interview"
    start: datetime  # in the user's zone
    zone: str  # the zone that owns the slot (employer / interview zone)
    status: str  # the stored status ("planned", "snoozed", "done", ...) or "interview"
    state: str  # planned / due / overdue / done / skipped / cancelled / interview
    person: str
    company: str
    role: str
    application: str
    reason: str = ""
    status_reason: str | None = None
    manual: bool = False
    minutes: int = FOLLOWUP_MINUTES

    @property
    def record_id(self) -> str:
        return self.key[2:]

    @property
    def is_followup(self) -> bool:
        return self.key.startswith("f:")

    @property
    def pending(self) -> bool:
        return self.is_followup and self.status in PENDING

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def employer_time(self) -> datetime:
        return self.start.astimezone(fmt.safe_zone(self.zone))


def day_bounds(first: date, last: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """[first 00:00, last 00:00) in ``zone`` as UTC instants."""
    start = datetime.combine(first, time(0), tzinfo=zone).astimezone(UTC)
    return start, datetime.combine(last, time(0), tzinfo=zone).astimezone(UTC)


def month_grid_start(month: date) -> date:
    """The Monday on or before the first of ``month`` (the grid's first cell)."""
    first = month.replace(day=1)
    return first - timedelta(days=first.weekday())


def month_weeks(month: date) -> int:
    """How many week rows ``month`` (any day in it) needs: 4, 5 or 6 (no row of only the next
    month's days)."""
    last = add_months(month.replace(day=1), 1) - timedelta(days=1)
    return (last - month_grid_start(month)).days // 7 + 1


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def state_of(status: str, local_day: date, today: date) -> str:
    if status in PENDING:
        if local_day < today:
            return "overdue"
        return "due" if local_day == today else "planned"
    return status


# --- words ----------------------------------------------------------------------------------


def zone_city(zone_name: str) -> str:
    """'Asia/Tokyo' -> 'Tokyo'."""
    return when_text.zone_city(zone_name)


def outside_waking_hours(local: datetime) -> bool:
    return not WAKING_START <= local.time().replace(tzinfo=None) < WAKING_END


def other_zone_differs(item: CalItem) -> bool:
    return when_text.differs(item.start, item.zone, item.start.tzinfo)


def _end(item: CalItem) -> datetime | None:
    return item.start + timedelta(minutes=item.minutes) if item.kind == INTERVIEW else None


def both_times(item: CalItem, *, full: bool = False) -> str:
    """Both times, as a list of the item's day says them: '08:30 Berlin time (01:30 your
    time)', 'Tue 24 Nov 08:30 Tokyo time (18:30 your time)' (a day unsaid when it is the
    item's own day in the user's zone); ``full``: every day and the year, 'Tue 24 Nov 2026
    08:30 Berlin time (01:30 your time)'. An interview as its span (core/when_text)."""
    return when_text.both_zones(
        item.start,
        item.zone,
        item.start.tzinfo,
        year=full,
        until=_end(item),
        on=None if full else item.day,
    )


def kind_mark(item: CalItem) -> str:
    return KIND_MARKS.get(item.kind, "•")


def title(item: CalItem) -> str:
    """'Thank-you · Dana Lee (Acme Corp)' / 'Interview · Acme Corp (Backend Engineer)'."""
    kind = SHORT_KIND.get(item.kind, fmt.kind_words(item.kind))
    if item.kind == INTERVIEW:
        return f"{kind} · {item.company}" + (f" ({item.role})" if item.role else "")
    return f"{kind} · {item.person} ({item.company})"


def chip_text(item: CalItem, *, compact: bool = False) -> str:
    """The line drawn in a grid: '08:30 Thank-you · Dana Lee (Acme Corp)'; compact, where that
    does not fit: '08:30 Dana Lee' (the chip's mark and colour tell the kind, the tooltip the
    rest)."""
    who = item.company if item.kind == INTERVIEW else item.person
    if compact:
        return f"{fmt.time_text(item.start)} {who}"
    kind = SHORT_KIND.get(item.kind, fmt.kind_words(item.kind))
    company = "" if item.kind == INTERVIEW else f" ({item.company})"
    return f"{fmt.time_text(item.start)} {kind} · {who}{company}"


def chip_texts(item: CalItem, full_marks: str, state_marks: str) -> list[str]:
    """What a chip may say, fullest first: '08:30 Thank-you · Dana Lee (Acme Corp)', '08:30 Dana
    Lee (Acme Corp)', '08:30 Dana Lee', 'Dana Lee', 'Dana'. ``full_marks`` (state, moved, night)
    go before the long ones, ``state_marks`` (overdue, done, cancelled) before every one."""
    who = (item.company if item.kind == INTERVIEW else item.person) or item.company
    clock = fmt.time_text(item.start)
    texts = [full_marks + chip_text(item)]
    if item.kind != INTERVIEW and item.company:
        texts.append(f"{full_marks}{clock} {who} ({item.company})")
    texts += [f"{state_marks}{clock} {who}", f"{state_marks}{who}"]
    first = who.split()[0] if who.split() else who
    if first != who:
        texts.append(f"{state_marks}{first}")
    return list(dict.fromkeys(texts))


def block_text(item: CalItem, marks: str) -> str:
    """A tall block of the week grid: its chip line, and both times when the zones differ."""
    text = marks + chip_text(item)
    return f"{text}\n{both_times(item)}" if other_zone_differs(item) else text


def state_line(item: CalItem) -> str:
    """'Overdue', 'Planned · moved by you', 'Skipped: not needed' ..."""
    text = STATE_WORDS.get(item.state, item.state)
    if item.status == "snoozed" and item.pending:
        text += " · snoozed by you"
    elif item.manual and item.pending:
        text += " · moved by you"
    if item.status_reason and item.state in ("skipped", "cancelled"):
        text += f": {item.status_reason}"
    return text


def time_line(item: CalItem) -> str:
    """When, whose time first: 'Tue 24 Nov 2026 08:30 Berlin time (01:30 your time) — outside
    your waking hours'."""
    text = both_times(item, full=True)
    if other_zone_differs(item) and outside_waking_hours(item.start):
        text += " — outside your waking hours"
    return text


def tooltip(item: CalItem) -> str:
    lines = [title(item), time_line(item), state_line(item)]
    if item.kind != INTERVIEW and item.role:
        lines.append(f"{item.company} · {item.role}")
    if item.manual and item.pending:
        lines.append("Moved by you: this time is kept when the plan is recomputed.")
        if item.reason:
            lines.append(f"Originally planned: {item.reason}")
    elif item.reason:
        lines.append(item.reason)
    return "\n".join(lines)
