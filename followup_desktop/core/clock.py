"""The clock is injected: code is handed a ``Now`` and calls it; it never reads the time itself.

Only the composition (app/clock.py, used by app/ and cli/) reads the real time, so every test
can pin the instant it runs at.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

#: Returns the current instant, aware, in UTC.
Now = Callable[[], datetime]


def fixed(instant: datetime) -> Now:
    """A clock that always says ``instant`` (tests, the self-test, a pinned run)."""
    if instant.tzinfo is None:
        raise ValueError("a clock needs an aware instant; give it a time zone")
    return lambda: instant
