"""Words and dates as the views show them (no Qt): locale-independent English, like the reasons.
The words themselves (kinds, stages, both zones of a time) live in ``core/when_text.py``, shared
with the notifications and the command line; this module forwards them for the views.

Due/overdue are derived here, in one place, so the status bar, the pipeline and the agenda agree:
a pending follow-up is *overdue* when its day (in the user's zone) is before today, and *due* when
its day is today.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo

from followup_desktop.core.when_text import (
    CHANNEL_WORDS,
    FORMAT_WORDS,
    KIND_WORDS,
    MONTHS,
    STAGE_WORDS,
    STATUS_WORDS,
    WEEKDAYS,
    WEEKDAYS_LONG,
    both_zones,
    day_text,
    kind_words,
    long_day_text,
    safe_zone,
    time_text,
    words,
    your_time,
    zone_label,
)

__all__ = [
    "CHANNEL_WORDS",
    "FORMAT_WORDS",
    "KIND_WORDS",
    "MONTHS",
    "STAGE_WORDS",
    "STATUS_WORDS",
    "WEEKDAYS",
    "WEEKDAYS_LONG",
    "both_zones",
    "day_text",
    "days_between",
    "due_badge",
    "instant_text",
    "kind_words",
    "long_day_text",
    "relative_days",
    "safe_zone",
    "time_text",
    "today_bounds",
    "words",
    "your_time",
    "zone_label",
]


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
