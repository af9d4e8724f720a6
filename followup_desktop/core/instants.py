"""Instants and dates as text: the one format the store and interchange use.

Stored instants are UTC with a fixed width (``2026-11-30T15:02:00+00:00``) so that text order is
time order; the zone that owns an instant is stored beside it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def to_utc_text(instant: datetime) -> str:
    if instant.tzinfo is None:
        raise ValueError("a naive datetime cannot be stored; give it a time zone")
    return instant.astimezone(UTC).replace(microsecond=0).isoformat()


def from_utc_text(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def parse_instant(text: str) -> datetime:
    """ISO 8601 with an offset (``Z`` accepted); ValueError for anything else."""
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        raise ValueError("needs a UTC offset, e.g. 2026-11-27T15:00:00-05:00")
    return value


def parse_date(text: str) -> date:
    """``YYYY-MM-DD`` only; ValueError for an impossible date such as 2026-02-30."""
    text = text.strip()
    if len(text) != 10:
        raise ValueError("expected a date as YYYY-MM-DD")
    return date.fromisoformat(text)


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; ValueError with a clear sentence when unknown.

    Cached: ZoneInfo keeps only a few zones itself and re-reads the others from disk.
    """
    try:
        if not name or name != name.strip() or ".." in name or name.startswith("/"):
            raise ZoneInfoNotFoundError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: name too long
        raise ValueError(
            f"unknown time zone {name!r}; use an IANA name like Europe/Berlin"
        ) from exc


def in_zone(instant: datetime, zone_name: str) -> datetime:
    return instant.astimezone(zone(zone_name))


def iso_in_zone(instant: datetime, zone_name: str | None) -> str:
    """ISO text with the offset of ``zone_name`` (UTC when None)."""
    target = zone(zone_name) if zone_name else UTC
    return instant.astimezone(target).replace(microsecond=0).isoformat()
