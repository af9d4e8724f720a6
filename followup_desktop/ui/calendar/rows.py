"""Calendar items and the words they are shown with (no Qt); read by range_items.py (over
store/calendar_range.py).

Days are the user's days (profile zone); each item also knows the zone that owns it (the
employer's), to show both times when they differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

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
    return zone_name.rsplit("/", 1)[-1].replace("_", " ")


def outside_waking_hours(local: datetime) -> bool:
    return not WAKING_START <= local.time().replace(tzinfo=None) < WAKING_END


def other_zone_differs(item: CalItem) -> bool:
    return item.employer_time.utcoffset() != item.start.utcoffset()


def both_times(item: CalItem, *, with_days: bool = True) -> str:
    """'08:30 in Tokyo = 18:30 your time' (days named when they differ)."""
    theirs, mine = item.employer_time, item.start
    left, right = fmt.time_text(theirs), fmt.time_text(mine)
    if with_days and theirs.date() != mine.date():
        left = f"{fmt.WEEKDAYS[theirs.weekday()]} {left}"
        right = f"{fmt.WEEKDAYS[mine.weekday()]} {right}"
    return f"{left} in {zone_city(item.zone)} = {right} your time"


def title(item: CalItem) -> str:
    """'Thank-you · Dana Lee (Acme Corp)' / 'Interview · Acme Corp (Backend Engineer)'."""
    kind = SHORT_KIND.get(item.kind, fmt.kind_words(item.kind))
    if item.kind == INTERVIEW:
        return f"{kind} · {item.company}" + (f" ({item.role})" if item.role else "")
    return f"{kind} · {item.person} ({item.company})"


def chip_text(item: CalItem, *, compact: bool = False) -> str:
    """The line drawn in a grid: '08:30 Thank-you · Dana Lee (Acme Corp)'; compact, where that
    does not fit: '08:30 Dana Lee' (the chip's colour tells the kind, the tooltip the rest)."""
    who = item.company if item.kind == INTERVIEW else item.person
    if compact:
        return f"{fmt.time_text(item.start)} {who}"
    kind = SHORT_KIND.get(item.kind, fmt.kind_words(item.kind))
    company = "" if item.kind == INTERVIEW else f" ({item.company})"
    return f"{fmt.time_text(item.start)} {kind} · {who}{company}"


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
    """When, in the user's words; both local times when the zones differ."""
    mine = item.start
    text = f"{fmt.long_day_text(mine.date())}, {fmt.time_text(mine)}"
    if item.kind == INTERVIEW:
        text += f"–{fmt.time_text(mine + timedelta(minutes=item.minutes))}"
    if other_zone_differs(item):
        text += f" ({both_times(item)})"
        if outside_waking_hours(mine):
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
