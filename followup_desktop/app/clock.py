"""The one place that reads the real time, for the window and the command line.

``FOLLOWUP_DESKTOP_NOW`` (an ISO 8601 instant with an offset) sets the time the process starts
at; from there the clock runs on as the real one does (reminders still come due while it runs).
The end-to-end tests start the real app this way at a chosen instant, whatever the machine's
clock says. Without the variable, this is the system clock.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

PIN_VARIABLE = "FOLLOWUP_DESKTOP_NOW"


def pinned_instant(text: str) -> datetime:
    """``FOLLOWUP_DESKTOP_NOW`` as an aware UTC instant; one sentence when it is not one."""
    try:
        value: datetime | None = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise SystemExit(
            f"{PIN_VARIABLE}={text!r} is not an instant with a UTC offset "
            "(e.g. 2027-03-29T08:45:00+02:00)."
        )
    return value.astimezone(UTC)


def _offset_from_environment() -> timedelta:
    pinned = os.environ.get(PIN_VARIABLE)
    return pinned_instant(pinned) - datetime.now(UTC) if pinned else timedelta(0)


#: How far the pinned start is from the system clock (zero without the variable); read once.
_OFFSET = _offset_from_environment()


def now_utc() -> datetime:
    """The current instant (aware UTC), counted from the pinned start when there is one."""
    return datetime.now(UTC) + _OFFSET
