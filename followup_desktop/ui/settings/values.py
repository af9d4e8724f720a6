"""The profile form's choices and validation, without widgets (so it is testable without Qt)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import time
from functools import lru_cache

import holidays

from followup_desktop.core.calendar import country_names, validate_country, validate_zone
from followup_desktop.core.model import Cadence, Profile
from followup_desktop.core.zones import match_zone

CADENCE_WORDS: dict[str, tuple[str, str]] = {
    Cadence.STANDARD: (
        "Standard",
        "Check-in a week after the interview, a second follow-up a week later, "
        "then a reminder to decide whether to move on.",
    ),
    Cadence.SEVENTY_TWO_HOUR: (
        "72-hour timeline",
        "Brisk: check-in on day 2–3, second follow-up on day 5–7, "
        "a phone call after day 10 when calls are welcome.",
    ),
    Cadence.PATIENT: (
        "Patient",
        "Status inquiry 10 days after the interview, one more a week later, "
        "then a move-on review two weeks after that.",
    ),
}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


@lru_cache(maxsize=1)
def countries() -> list[tuple[str, str]]:
    """(code, English name) of every country ``holidays`` supports, sorted by name."""
    supported = holidays.list_supported_countries()
    names = country_names()
    codes = [c for c in supported if len(c) == 2]
    return sorted(((c, names.get(c, c)) for c in codes), key=lambda item: item[1].casefold())


@lru_cache(maxsize=64)
def subdivisions(country: str) -> list[tuple[str, str]]:
    """(code, name) of the regions ``holidays`` knows for ``country`` (name may be empty)."""
    codes = holidays.list_supported_countries().get(country, [])
    try:
        aliases = holidays.country_holidays(country, years=()).get_subdivision_aliases()
    except (NotImplementedError, AttributeError, KeyError):
        aliases = {}
    return [(code, ", ".join(aliases.get(code, []))) for code in codes]


@dataclass
class SettingsValues:
    """What the form holds, as typed."""

    name: str = ""
    email: str = ""
    phone: str = ""
    links: str = ""
    timezone: str = ""
    country: str = ""  # a code, or "" for none
    subdivision: str = ""  # a code or a region name, or ""
    cadence: str = str(Cadence.STANDARD)
    send_time: time = time(8, 30)
    min_spacing_days: int = 5


@dataclass
class CheckedSettings:
    """The profile to save, or the sentence per field that stops it."""

    profile: Profile | None
    errors: dict[str, str] = field(default_factory=dict)


def values_of(profile: Profile) -> SettingsValues:
    return SettingsValues(
        name=profile.name,
        email=profile.email or "",
        phone=profile.phone or "",
        links="\n".join(profile.links),
        timezone=profile.timezone,
        country=profile.country or "",
        subdivision=profile.subdivision or "",
        cadence=str(profile.cadence),
        send_time=profile.send_time,
        min_spacing_days=profile.min_spacing_days,
    )


def _country_code(text: str) -> str:
    """A country typed as its name is turned into its code; anything else is upper-cased."""
    for code, name in countries():
        if text.casefold() == name.casefold():
            return code
    return text.upper()


def _region_code(country: str, text: str) -> str:
    """A region typed as its name is turned into its code; anything else is kept as typed."""
    for code, name in subdivisions(country):
        if text.casefold() in (code.casefold(), name.casefold()):
            return code
    return text


def check_place(country_text: str, region_text: str) -> tuple[str, str, dict[str, str]]:
    """The country code and region code typed (names accepted), and a sentence per bad one."""
    errors: dict[str, str] = {}
    country = _country_code(country_text.strip())
    region = region_text.strip()
    if country:
        if country not in {code for code, _ in countries()}:
            errors["country"] = f"Unknown country {country_text.strip()!r}: pick one from the list."
        elif region:
            region = _region_code(country, region)
            try:
                validate_country(country, region)
            except ValueError as exc:
                errors["subdivision"] = str(exc)
    elif region:
        errors["subdivision"] = f"Region {region!r} needs a country: choose the country first."
    return country, region, errors


def typed_zone(text: str, field: str) -> tuple[str, str]:
    """(the IANA name ``text`` stands for, '') - 'berlin' is Europe/Berlin - or (``text``, the
    sentence naming ``field`` with up to three suggestions)."""
    try:
        return validate_zone(match_zone(text, field)).key, ""
    except ValueError as exc:  # ZoneNotFound, or a listed zone that does not load
        return text.strip(), str(exc)


def check(values: SettingsValues, current: Profile) -> CheckedSettings:
    """Validate the form; fields the form does not show keep ``current``'s values."""
    errors: dict[str, str] = {}
    zone, problem = typed_zone(values.timezone, "Time zone")
    if problem:
        errors["timezone"] = problem
    email = values.email.strip()
    if email and not EMAIL.match(email):
        errors["email"] = (
            f"Email {email!r} is not an address: expected something like name@example.org."
        )
    country, region, place_errors = check_place(values.country, values.subdivision)
    errors.update(place_errors)
    try:
        cadence = Cadence(values.cadence)
    except ValueError:
        errors["cadence"] = f"Unknown cadence {values.cadence!r}: pick one from the list."
        cadence = current.cadence
    if errors:
        return CheckedSettings(None, errors)
    links = [line.strip() for line in values.links.splitlines() if line.strip()]
    profile = replace(
        current,
        name=values.name.strip(),
        email=email or None,
        phone=values.phone.strip() or None,
        links=links,
        timezone=zone,
        country=country or None,
        subdivision=region or None,
        cadence=cadence,
        send_time=values.send_time.replace(second=0, microsecond=0),
        min_spacing_days=int(values.min_spacing_days),
    )
    return CheckedSettings(profile)
