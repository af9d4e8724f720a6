"""Times and record kinds in words, for every place that shows them (no Qt): the views, the
notifications and the ``agenda`` command all say a time the same way.

A time says whose it is. The employer's wall time comes first, named by its city (a plan is made
in that zone, shared/scheduling.md); the user's own time follows in brackets when its wall time
differs, with its day when that is another day:

    Tue 24 Nov 08:30 New York time (14:30 your time)
    Tue 24 Nov 08:30 Tokyo time (Mon 23 Nov 18:30 your time)

Enum names never reach a person: ``KIND_WORDS``, ``STAGE_WORDS`` ... give the words, and an
unknown value is shown humanised rather than dropped. Month and weekday names are spelled out
here, so the words do not depend on the machine's locale (like the planner's reasons).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup_desktop.core.model import (
    Channel,
    FollowUpKind,
    FollowUpStatus,
    InterviewFormat,
    Stage,
)

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
    "due": "Due today",
    "overdue": "Overdue",
}

CHANNEL_WORDS: dict[str, str] = {
    Channel.EMAIL: "Email",
    Channel.PHONE: "Phone",
    Channel.LINKEDIN: "LinkedIn",
    Channel.TEXT: "Text message",
    Channel.IN_PERSON: "In person",
    Channel.OTHER: "Other",
}


# --- words for enum values ------------------------------------------------------------------


def words(mapping: dict[str, str], value: object) -> str:
    """The display word for an enum value; unknown values are shown humanised, never dropped."""
    if value is None:
        return ""
    return mapping.get(str(value), str(value).replace("_", " ").capitalize())


def kind_words(kind: object) -> str:
    """'second_follow_up' -> 'Second follow-up'."""
    return words(KIND_WORDS, kind)


def stage_words(stage: object) -> str:
    return words(STAGE_WORDS, stage)


def status_words(status: object) -> str:
    """A stored status or a derived state ('due', 'overdue') in words."""
    return words(STATUS_WORDS, status)


# --- zones ----------------------------------------------------------------------------------


def safe_zone(name: str | None) -> tzinfo:
    """The zone ``name``, or UTC when it is empty or unknown (showing a time must never fail)."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC


def _zone(zone: str | tzinfo | None) -> tzinfo:
    return zone if isinstance(zone, tzinfo) else safe_zone(zone)


def _name(zone: str | tzinfo | None) -> str | None:
    """The IANA name of a zone given as a name or as a ZoneInfo (``str()`` is its key)."""
    return zone if zone is None or isinstance(zone, str) else str(zone)


def zone_city(name: str | None) -> str:
    """'America/New_York' -> 'New York'; 'UTC' (or nothing) -> 'UTC'."""
    if not name:
        return "UTC"
    return name.rsplit("/", 1)[-1].replace("_", " ")


def zone_label(name: str | None) -> str:
    """'America/New_York' -> 'New York time'; UTC stays 'UTC'."""
    city = zone_city(name)
    return city if city.upper() in {"UTC", "GMT"} else f"{city} time"


# --- days and clocks ------------------------------------------------------------------------


def day_text(day: date, *, year: bool = False, weekday: bool = True) -> str:
    """'Tue 24 Nov', '24 Nov 2026' ..."""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    if year:
        text += f" {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def long_day_text(day: date) -> str:
    """'Tuesday 24 Nov 2026'."""
    return f"{WEEKDAYS_LONG[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def time_text(moment: datetime | time) -> str:
    """'08:30' (24-hour, the wall time the value carries)."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def relative_day(day: date, today: date, *, year: bool = False) -> str:
    """'' for today, 'tomorrow', 'yesterday', else 'Tue 24 Nov'."""
    if day == today:
        return ""
    if day == today + timedelta(days=1):
        return "tomorrow"
    if day == today - timedelta(days=1):
        return "yesterday"
    return day_text(day, year=year)


def _day_word(local: datetime, now: datetime | None, *, year: bool) -> str:
    """The day of ``local``: 'Tue 24 Nov', or with ``now`` relative to that zone's own today."""
    if now is None:
        return day_text(local.date(), year=year)
    return relative_day(local.date(), now.astimezone(local.tzinfo).date(), year=year)


def _clock(local: datetime, until: datetime | None) -> str:
    end = f"–{time_text(until.astimezone(local.tzinfo))}" if until is not None else ""
    return time_text(local) + end


def _joined(day: str, clock: str) -> str:
    return f"{day} {clock}" if day else clock


def both_zones(
    moment: datetime,
    employer_zone: str | None,
    user_zone: str | tzinfo | None,
    *,
    now: datetime | None = None,
    year: bool = False,
    until: datetime | None = None,
    on: date | None = None,
) -> str:
    """'Tue 24 Nov 08:30 New York time (14:30 your time)'.

    The user's part is left out when both zones show the same wall time, and names its day
    when that is another day ('(Mon 23 Nov 23:30 your time)'; its year only when that differs
    too). With ``now``, each zone's day is
    said relative to its own today, and today goes unsaid ('08:30 Tokyo time (tomorrow 00:30
    your time)'). ``until`` makes it a span ('10:00–11:00 Berlin time (03:00–04:00 your
    time)'). ``on`` is a day the reader already sees (a list of one day): a part on that day
    leaves it unsaid ('08:30 New York time (07:30 your time)'). Zones are IANA names (the
    user's may be a tzinfo); with no employer zone the user's own is the one named.
    """
    owner = employer_zone or _name(user_zone)
    theirs = moment.astimezone(safe_zone(owner))
    mine = moment.astimezone(_zone(user_zone))
    their_day = "" if theirs.date() == on else _day_word(theirs, now, year=year)
    first = f"{_joined(their_day, _clock(theirs, until))} {zone_label(owner)}"
    if theirs.replace(tzinfo=None) == mine.replace(tzinfo=None):
        return first
    my_day = _day_word(mine, now, year=year and mine.year != theirs.year)
    other_day = mine.date() != theirs.date() or (
        now is not None and _day_word(mine, now, year=False) != _day_word(theirs, now, year=False)
    )
    if mine.date() == on:
        other_day = False
    second = _joined(my_day if other_day else "", _clock(mine, until))
    return f"{first} ({second} your time)"


def differs(moment: datetime, employer_zone: str | None, user_zone: str | tzinfo | None) -> bool:
    """True when the employer's and the user's wall times of ``moment`` differ."""
    if not employer_zone:
        return False
    theirs = moment.astimezone(safe_zone(employer_zone))
    mine = moment.astimezone(_zone(user_zone))
    return theirs.replace(tzinfo=None) != mine.replace(tzinfo=None)


def your_time(moment: datetime, employer_zone: str | None, user_zone: str | tzinfo | None) -> str:
    """The user's wall time alone, labelled when the employer's differs: '14:30 your time' /
    '08:30' (for a line whose day is already said, e.g. a title)."""
    mine = time_text(moment.astimezone(_zone(user_zone)))
    return f"{mine} your time" if differs(moment, employer_zone, user_zone) else mine


# --- typed times ----------------------------------------------------------------------------

_CLOCK = re.compile(
    r"(?P<hour>\d{1,2})(?:\s*[:.h]\s*(?P<minute>\d{2}))?\s*(?P<half>[ap])?\.?\s*(?:m\.?)?",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"(?P<hour>\d{1,2})(?P<minute>\d{2})")


def parse_clock(text: str) -> time:
    """A time as people type it: '14:30', '9:05', '9.05', '0905', '9', '2:30 pm', '2pm'.
    ValueError when it is not one."""
    typed = text.strip().replace("\u202f", " ")
    found = _DIGITS.fullmatch(typed) or _CLOCK.fullmatch(typed)
    if found is None:
        raise ValueError(f"not a time: {text!r}")
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    half = (found.groupdict().get("half") or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(f"not a time: {text!r}")
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"not a time: {text!r}")
    return time(hour, minute)
