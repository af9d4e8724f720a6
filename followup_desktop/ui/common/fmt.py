"""Words and dates as the views show them (no Qt): locale-independent English, like the reasons.

Due/overdue are derived here, in one place, so the status bar, the pipeline and the agenda agree:
a pending follow-up is *overdue* when its day (in the user's zone) is before today, and *due* when
its day is today.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup_desktop.core.model import FollowUpKind, FollowUpStatus, InterviewFormat, Stage

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

KIND_WORDS: dict[str, str] = {
    FollowUpKind.THANK_YOU: "Thank-you",
    FollowUpKind.CHECK_IN: "Check-in",
    FollowUpKind.SECOND_FOLLOW_UP: "Second follow-up",
    FollowUpKind.PHONE_CALL: "Phone call",
    FollowUpKind.MOVE_ON_REVIEW: "Move-on review",
    FollowUpKind.STAY_IN_TOUCH: "Stay in touch",
    FollowUpKind.REJECTION_REPLY: "Reply to rejection",
    FollowUpKind.OFFER_REPLY: "Reply to offer",
}

STAGE_WORDS: dict[str, str] = {
    Stage.APPLIED: "Applied",
    Stage.INTERVIEWING: "Interviewing",
    Stage.OFFER: "Offer",
    Stage.ACCEPTED: "Accepted",
    Stage.DECLINED: "Declined",
    Stage.REJECTED: "Rejected",
    Stage.WITHDRAWN: "Withdrawn",
    Stage.CLOSED: "Closed",
}

FORMAT_WORDS: dict[str, str] = {
    InterviewFormat.PHONE: "Phone",
    InterviewFormat.VIDEO: "Video",
    InterviewFormat.IN_PERSON: "In person",
    InterviewFormat.PANEL: "Panel",
    InterviewFormat.FINAL_ROUND: "Final round",
}

STATUS_WORDS: dict[str, str] = {
    FollowUpStatus.PLANNED: "Planned",
    FollowUpStatus.DONE: "Done",
    FollowUpStatus.SKIPPED: "Skipped",
    FollowUpStatus.SNOOZED: "Snoozed",
    FollowUpStatus.CANCELLED: "Cancelled",
}


def words(mapping: dict[str, str], value: object) -> str:
    """The display word for an enum value; unknown values are shown humanised, never dropped."""
    if value is None:
        return ""
    return mapping.get(str(value), str(value).replace("_", " ").capitalize())


def kind_words(kind: object) -> str:
    return words(KIND_WORDS, kind)


def safe_zone(name: str | None) -> tzinfo:
    """The zone ``name``, or UTC when it is empty or unknown (display must never fail)."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC


def day_text(day: date, *, year: bool = False, weekday: bool = True) -> str:
    """'Mon 23 Nov' / '23 Nov 2026'."""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    if year:
        text += f" {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def long_day_text(day: date) -> str:
    """'Monday 23 November 2026' style heading, short month: 'Monday 23 Nov 2026'."""
    return f"{WEEKDAYS_LONG[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def time_text(moment: datetime | time) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def instant_text(
    moment: datetime, zone: tzinfo, *, year: bool = False, abbreviation: bool = False
) -> str:
    """'Mon 23 Nov 08:30' in ``zone`` ('Mon 23 Nov 08:30 CST' with the abbreviation)."""
    local = moment.astimezone(zone)
    text = f"{day_text(local.date(), year=year)} {time_text(local)}"
    return f"{text} {local.tzname()}" if abbreviation and local.tzname() else text


def today_bounds(now: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """Start of today and of tomorrow in ``zone``, as aware UTC instants."""
    today = now.astimezone(zone).date()
    start = datetime.combine(today, time(0), tzinfo=zone)
    end = datetime.combine(today + timedelta(days=1), time(0), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def due_badge(due: datetime, now: datetime, zone: tzinfo) -> str:
    """'overdue', 'due' or '' for a pending follow-up due at ``due``."""
    start, end = today_bounds(now, zone)
    if due < start:
        return "overdue"
    if due < end:
        return "due"
    return ""


def days_between(earlier: datetime, later: datetime, zone: tzinfo) -> int:
    """Whole calendar days from ``earlier`` to ``later`` in ``zone``."""
    return (later.astimezone(zone).date() - earlier.astimezone(zone).date()).days


def relative_days(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "1 day"
    return f"{days} days"


def zone_label(name: str | None) -> str:
    """'America/New_York' -> 'New York time'."""
    if not name:
        return "UTC"
    return name.rsplit("/", 1)[-1].replace("_", " ") + " time"
