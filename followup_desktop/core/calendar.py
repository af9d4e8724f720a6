"""Business days of an employer: weekends, public holidays, blackout dates and send slots.

A :class:`BusinessCalendar` answers "is this a working day for the employer, and if not, why?"
and "when is the first send slot (08:30 employer-local by default) on or after this date?".
Dates are calendar dates in the employer zone; instants are aware datetimes in that zone
(ARCHITECTURE.md, "Time"). Public holidays come from the ``holidays`` package, observed and
substitute days included, with English names where the package has them (so the reasons the
planner writes do not depend on the machine's locale).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup_desktop.core.model import DEFAULT_SEND_TIME, DEFAULT_WEEKEND

if TYPE_CHECKING:  # imported on first use: ``holidays`` costs ~40 ms at start-up
    import holidays

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: ``Skip.why`` of a company blackout date.
BLACKOUT_WHY = "company event"
#: How far ahead :meth:`BusinessCalendar.next_business_day` looks before giving up.
_MAX_LOOKAHEAD_DAYS = 366 * 5
#: Language asked of ``holidays`` when the country offers it, for locale-independent names.
_PREFERRED_LANGUAGES = ("en_US", "en_GB")


@dataclass(frozen=True)
class Skip:
    """A day passed over while looking for a business day, and why."""

    day: date
    why: str  # "Saturday", "Thanksgiving Day", "Christmas Day (observed)", "company event", ...


# --- validation ---------------------------------------------------------------------------


def validate_zone(name: str | ZoneInfo) -> ZoneInfo:
    """Load an IANA time zone, or raise ValueError with a sentence the user can act on."""
    if isinstance(name, ZoneInfo):
        return name
    if not isinstance(name, str) or not name.strip():
        raise ValueError("Time zone is empty: expected an IANA name such as 'Europe/Berlin'.")
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"Unknown time zone {name!r}: expected an IANA name such as 'America/New_York'."
        ) from None


@lru_cache(maxsize=1)
def _supported() -> dict[str, list[str]]:
    """Country code -> subdivision codes (aliases included), as ``holidays`` lists them."""
    # lazy: holidays, ~27 ms of `draft` and `export` .json, ~30 ms of what starts after the
    # first window's paint (bench_lazy_imports --cli, --after services)
    import holidays

    return holidays.list_supported_countries(include_aliases=True)


def _normalise(country: str, subdivision: str | None) -> tuple[str, str | None]:
    """Upper-case the country and match the subdivision case-insensitively; raise if unknown."""
    code = (country or "").strip().upper()
    supported = _supported()
    if code not in supported:
        raise ValueError(
            f"Unknown country code {country!r}: expected a code the holidays package supports, "
            "such as 'US', 'GB', 'DE' or 'JP'."
        )
    if subdivision is None or not subdivision.strip():
        return code, None
    wanted = subdivision.strip()
    subdivisions = supported[code]
    if wanted in subdivisions:
        return code, wanted
    for known in subdivisions:
        if known.casefold() == wanted.casefold():
            return code, known
    examples = ", ".join(subdivisions[:8]) + (" and more" if len(subdivisions) > 8 else "")
    if not subdivisions:
        raise ValueError(f"Country {code!r} has no subdivisions; leave the region empty.")
    raise ValueError(
        f"Unknown subdivision {subdivision!r} for country {code!r}: expected one of {examples}"
    )


def supports_country(country: str | None) -> bool:
    """True when ``holidays`` knows the country code (case-insensitive)."""
    return bool(country) and (country or "").strip().upper() in _supported()


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Country code -> English name ('DE' -> 'Germany', 'BA' -> 'Bosnia and Herzegovina'),
    from the modules of ``holidays``' registry (the one place the app names countries)."""
    # lazy: holidays' registry, paid only where a country is named (a reason, a country list)
    try:
        from holidays.registry import COUNTRIES
    except ImportError:  # the registry is not a documented part of holidays' API
        return {}
    names: dict[str, str] = {}
    try:
        for module, entry in COUNTRIES.items():
            words = module.split("_")
            names[entry[1]] = " ".join(
                w if w in {"and", "of", "the"} and i else w.capitalize()
                for i, w in enumerate(words)
            )
    except (AttributeError, IndexError, TypeError):
        return {}
    return names


def country_name(country: str) -> str:
    """'DE' -> 'Germany', 'US' -> 'United States'; the code itself when no name is known."""
    code = country.strip().upper()
    return country_names().get(code, code)


def validate_country(country: str, subdivision: str | None) -> None:
    """Raise ValueError with a clear sentence if ``holidays`` does not know the country/region."""
    _normalise(country, subdivision)


# --- holiday lookups (cached) ---------------------------------------------------------------

_HOLIDAY_LOCK = threading.Lock()


@cache
def _holiday_object(country: str, subdivision: str | None) -> holidays.HolidayBase:
    """One lazily expanded ``holidays`` object per (country, subdivision)."""
    import holidays  # lazy: ~27 ms of `draft`, see _supported

    probe = holidays.country_holidays(country, subdiv=subdivision, years=())
    supported = tuple(getattr(probe, "supported_languages", ()) or ())
    language = next((lang for lang in _PREFERRED_LANGUAGES if lang in supported), None)
    language = language or getattr(probe, "default_language", None)
    return holidays.country_holidays(
        country, subdiv=subdivision, years=(), observed=True, language=language
    )


@lru_cache(maxsize=4096)
def _holidays_of_year(country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
    """The holidays of one year, read-only (names of a shared date joined by '; ')."""
    obj = _holiday_object(country, subdivision)
    with _HOLIDAY_LOCK:
        obj.get(date(year, 1, 1))  # expands the object to `year` (expand=True)
        return MappingProxyType({d: str(n) for d, n in obj.items() if d.year == year})


def holiday_name(day: date, country: str | None, subdivision: str | None = None) -> str | None:
    """The public holiday on ``day`` in the country/region, or None."""
    if not country:
        return None
    code, subdiv = _normalise(country, subdivision)
    return _holidays_of_year(code, subdiv, day.year).get(day)


# --- the calendar ---------------------------------------------------------------------------


def zone_city(zone_name: str) -> str:
    """'America/New_York' -> 'New York' (the name reasons use for a zone)."""
    return zone_name.rsplit("/", 1)[-1].replace("_", " ")


def format_day(day: date, *, year: bool = False) -> str:
    """'3 Dec' or '3 Dec 2026', independent of the machine's locale."""
    text = f"{day.day} {MONTH_ABBR[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def _is_valid_wall_time(local: datetime) -> bool:
    """False for a wall time inside a DST gap (it does not survive a round trip through UTC)."""
    back = local.astimezone(UTC).astimezone(local.tzinfo)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


@lru_cache(maxsize=65536)
def _slot(zone: ZoneInfo, send_time: time, day: date) -> datetime:
    """BusinessCalendar.slot, cached: an import plans ~40,000 items over a few thousand slots."""
    local = datetime.combine(day, send_time, tzinfo=zone)  # fold=0
    step = timedelta(minutes=1)
    for _ in range(2 * 24 * 60):  # gaps are at most a day long (Pacific/Apia, 2011)
        if _is_valid_wall_time(local):
            return local
        local = local.replace(second=0, microsecond=0) + step
    return datetime.combine(day, send_time, tzinfo=zone)  # pragma: no cover


class BusinessCalendar:
    """The employer's working days in one zone.

    A day is a business day when it is not a weekend day, not a public holiday of
    ``country``/``subdivision`` and not one of ``blackout_dates``.
    """

    def __init__(
        self,
        zone: str | ZoneInfo,
        country: str | None = None,
        subdivision: str | None = None,
        blackout_dates: Iterable[date] = (),
        weekend_days: Iterable[int] = DEFAULT_WEEKEND,
        send_time: time = DEFAULT_SEND_TIME,
    ) -> None:
        self.zone: ZoneInfo = validate_zone(zone)
        self.zone_name: str = self.zone.key
        country = country.strip() if country else None
        subdivision = subdivision.strip() if subdivision else None
        self.country: str | None
        self.subdivision: str | None
        if country:
            self.country, self.subdivision = _normalise(country, subdivision)
        elif subdivision:
            raise ValueError(f"Region {subdivision!r} needs a country; set the country as well.")
        else:
            self.country, self.subdivision = None, None
        self.blackout_dates: frozenset[date] = frozenset(blackout_dates)
        weekend = frozenset(int(d) for d in weekend_days)
        if not weekend <= set(range(7)):
            raise ValueError("Weekend days must be weekday numbers from 0 (Monday) to 6 (Sunday).")
        if len(weekend) == 7:
            raise ValueError("Weekend days cover the whole week: leave at least one working day.")
        self.weekend_days: frozenset[int] = weekend
        self.send_time: time = send_time.replace(tzinfo=None)

    def __repr__(self) -> str:
        region = f"{self.country}/{self.subdivision}" if self.subdivision else self.country
        return (
            f"BusinessCalendar({self.zone_name!r}, {region!r}, {len(self.blackout_dates)} blackout)"
        )

    def holiday(self, day: date) -> str | None:
        """The public holiday on ``day`` (employer calendar), or None."""
        if self.country is None:
            return None
        return _holidays_of_year(self.country, self.subdivision, day.year).get(day)

    def skip_reason(self, day: date) -> str | None:
        """Why ``day`` is not a business day (holiday name, 'company event' or weekday), or None.

        A holiday wins over a blackout date and a weekend when a day is several of them.
        """
        name = self.holiday(day)
        if name:
            return name
        if day in self.blackout_dates:
            return BLACKOUT_WHY
        if day.weekday() in self.weekend_days:
            return WEEKDAY_NAMES[day.weekday()]
        return None

    def is_business_day(self, day: date) -> bool:
        return self.skip_reason(day) is None

    def next_business_day(self, day: date) -> tuple[date, list[Skip]]:
        """The first business day on or after ``day``, and the days passed over on the way."""
        skips: list[Skip] = []
        current = day
        for _ in range(_MAX_LOOKAHEAD_DAYS):
            why = self.skip_reason(current)
            if why is None:
                return current, skips
            skips.append(Skip(current, why))
            current += timedelta(days=1)
        raise ValueError(
            f"No business day within {_MAX_LOOKAHEAD_DAYS} days after {day.isoformat()}: "
            "check the blackout dates and weekend days."
        )

    def slot(self, day: date) -> datetime:
        """The send slot on ``day`` itself (business day or not), DST gaps moved forward.

        A wall time inside a DST gap moves to the first valid minute after it (02:30 on a
        spring-forward night -> 03:00); an ambiguous wall time takes its first occurrence.
        """
        return _slot(self.zone, self.send_time, day)

    def slot_on_or_after(self, day: date) -> tuple[datetime, list[Skip]]:
        """The send slot of the first business day on or after ``day``, and the skipped days."""
        business_day, skips = self.next_business_day(day)
        return self.slot(business_day), skips

    def local_date(self, instant: datetime) -> date:
        """The date of an aware instant in this calendar's zone."""
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise ValueError("Expected an aware datetime (with a time zone), got a naive one.")
        return instant.astimezone(self.zone).date()

    @property
    def city(self) -> str:
        """'New York' for America/New_York: how reasons name the zone."""
        return zone_city(self.zone_name)
