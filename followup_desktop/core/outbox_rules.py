"""The outbox's rules, without storage: whether a send slot is a working moment of the employer,
what to do with a slot found late (the laptop slept, the app was not running), and the
Message-ID a queued message gets before any attempt to send it.

The employer's calendar is core/planner.employer_calendar's (weekends, public holidays and
company blackout dates); every refusal is one sentence naming the day and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from email.utils import parseaddr
from typing import Literal

from followup_desktop.core.calendar import (
    BLACKOUT_WHY,
    WEEKDAY_NAMES,
    BusinessCalendar,
    format_day,
    zone_city,
)

#: Default of the "send if less late than" setting: a slot missed by less is sent on wake.
LATE_LIMIT = timedelta(hours=2)
#: The domain of a Message-ID when the From address has none.
FALLBACK_DOMAIN = "followup-desktop.invalid"

Verdict = Literal["wait", "send", "hold"]


@dataclass(frozen=True)
class SlotProblem:
    """Why a send slot is not a working moment of the employer (one sentence)."""

    sentence: str


def check_slot(when: datetime, zone: str, calendar: BusinessCalendar) -> SlotProblem | None:
    """None when ``when`` falls on a business day of ``calendar`` in ``zone``; otherwise the
    sentence the dialog shows ("Sat 12 Dec is a weekend day in Berlin; ...")."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("Expected an aware datetime (with a time zone), got a naive one.")
    day = when.astimezone(calendar.zone).date()
    label = f"{WEEKDAY_NAMES[day.weekday()][:3]} {format_day(day)}"
    city = zone_city(zone or calendar.zone_name)
    holiday = calendar.holiday(day)
    if holiday:
        cause = f"{label} is a public holiday in {city} ({holiday})"
    elif day in calendar.blackout_dates:
        cause = f"{label} is a {BLACKOUT_WHY} day of the employer"
    elif day.weekday() in calendar.weekend_days:
        cause = f"{label} is a weekend day in {city}"
    else:
        return None
    following, _ = calendar.next_business_day(day)
    slot = calendar.slot(following)
    nxt = f"{WEEKDAY_NAMES[following.weekday()][:3]} {format_day(following)}"
    return SlotProblem(f"{cause}; the next working slot is {nxt} {slot:%H:%M}.")


def late_verdict(send_at: datetime, now: datetime, limit: timedelta = LATE_LIMIT) -> Verdict:
    """'wait' before the slot, 'send' up to ``limit`` after it, 'hold' when later than that
    (the user is asked, with a re-planned slot offered)."""
    if now < send_at:
        return "wait"
    return "send" if now - send_at < limit else "hold"


def late_sentence(send_at: datetime, now: datetime) -> str:
    """'This message missed its slot by 8 h 5 min; …' (the reason of a held late message)."""
    late = max(now - send_at, timedelta(0))
    minutes = int(late.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else ""]
    parts.append(f"{mins} min" if mins or not (days or hours) else "")
    amount = " ".join(p for p in parts if p) if minutes else "less than a minute"
    return f"This message missed its slot by {amount}; choose a new time or send it now."


def make_message_id(from_addr: str, token: str) -> str:
    """'<token@domain-of-from>' (FALLBACK_DOMAIN when the address has no domain)."""
    address = parseaddr(from_addr or "")[1] or from_addr or ""
    domain = address.rsplit("@", 1)[1].strip().strip(">").lower() if "@" in address else ""
    if not domain or any(c.isspace() or c in '<>@[]"\\' for c in domain):
        domain = FALLBACK_DOMAIN
    clean = "".join(c for c in token if c.isalnum() or c in "-._") or "x"
    return f"<{clean}@{domain}>"


def next_slot(now: datetime, calendar: BusinessCalendar) -> datetime:
    """The first send slot of the employer after ``now`` (the re-planned slot a held late
    message is offered)."""
    day = calendar.local_date(now)
    slot, _ = calendar.slot_on_or_after(day)
    if slot <= now:
        slot, _ = calendar.slot_on_or_after(day + timedelta(days=1))
    return slot


def night_for(local: datetime) -> bool:
    """Whether a moment of the user's own clock is at night (22:00 to 07:00)."""
    return local.hour >= 22 or local.hour < 7


def running_advice(send_at: datetime, user_zone: tzinfo, starts_with_session: bool) -> str:
    """What the user must know for a message to go at ``send_at``: the app sends it only while
    it runs. "" when it starts with the session and the slot is in the user's day."""
    local = send_at.astimezone(user_zone)
    when = f"{WEEKDAY_NAMES[local.weekday()][:3]} {format_day(local.date())} {local:%H:%M}"
    if not starts_with_session:
        return (
            f"The app must be running at {when} your time to send it, and “Start with the "
            "session” is off: leave it running in the tray, or turn that on in Settings."
        )
    if night_for(local):
        return (
            f"It goes at {when} your time, at night for you: leave the app running in the "
            "tray and the computer awake (a slot slept through by 2 hours or more waits for you)."
        )
    return ""
