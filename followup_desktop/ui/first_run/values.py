"""The first-run setup without widgets: what it asks, its checks, its save and its import.

When it is offered is ``offer.needs_setup``. Each field's check is one sentence naming the field;
the save is the profile (through ``store.writes.save_profile``) and the ``first_run/done``
setting in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, time
from pathlib import Path

from followup_desktop.core.calendar import validate_zone
from followup_desktop.core.interchange import parse_document
from followup_desktop.core.model import Cadence, Profile
from followup_desktop.core.presets import PRESETS
from followup_desktop.core.tracker_csv import TrackerError, read_text, read_tracker
from followup_desktop.core.zones import country_for_zone
from followup_desktop.store import writes
from followup_desktop.store.backups import backup_before
from followup_desktop.store.db import Database, transaction
from followup_desktop.store.transfer import import_document, known_ids
from followup_desktop.ui.common.filing import import_path
from followup_desktop.ui.first_run.offer import SETUP_DONE_KEY
from followup_desktop.ui.settings.values import (
    CADENCE_WORDS,
    EMAIL,
    CheckedSettings,
    check_place,
    typed_zone,
)

#: The fields of each page, in the order they are shown (a page's Next checks only its own).
PAGES: tuple[tuple[str, ...], ...] = (
    ("name", "email", "phone", "linkedin", "portfolio"),
    ("timezone", "country", "subdivision", "cadence", "send_time"),
)
LOCALTIME = Path("/etc/localtime")
_PHONE = re.compile(r"^[0-9+()./\s-]+$")
_WEB = re.compile(r"^https?://[^\s/]+\.[^\s]+$", re.IGNORECASE)


def preset_choices() -> list[tuple[str, str, str]]:
    """(value, human name, what it does) of each cadence preset, the default first."""
    return [
        (str(c), preset.label, CADENCE_WORDS.get(c, ("", ""))[1]) for c, preset in PRESETS.items()
    ]


def zone_from_localtime(path: Path = LOCALTIME) -> str | None:
    """The IANA name /etc/localtime points at ('.../zoneinfo/Europe/Berlin'), else None."""
    try:
        target = str(path.resolve(strict=True))
    except (OSError, RuntimeError):
        return None
    _, found, name = target.partition("zoneinfo/")
    return name if found and name and usable_zone(name) else None


def usable_zone(name: str | None) -> bool:
    try:
        validate_zone(name or "")
    except ValueError:
        return False
    return True


def matched_zone(text: str) -> str | None:
    """The zone ``text`` stands for as typed so far ('berlin' -> 'Europe/Berlin'), or None."""
    zone, problem = typed_zone(text, "Home time zone")
    return None if problem else zone


@dataclass
class SetupValues:
    """What the setup's fields hold, as typed."""

    name: str = ""
    email: str = ""
    phone: str = ""
    linkedin: str = ""
    portfolio: str = ""
    timezone: str = "UTC"
    country: str = ""
    subdivision: str = ""
    cadence: str = str(Cadence.STANDARD)
    send_time: time = time(8, 30)


def values_for(profile: Profile, system_zone: str | None) -> SetupValues:
    """The fields pre-filled: the stored profile, the computer's zone for a profile still on
    UTC, and the country that zone belongs to when the profile names none."""
    zone = profile.timezone
    if zone == "UTC" and system_zone and usable_zone(system_zone):
        zone = system_zone
    links = [link for link in profile.links if link.strip()]
    linkedin = next((link for link in links if "linkedin." in link.casefold()), "")
    portfolio = next((link for link in links if link != linkedin), "")
    return SetupValues(
        name=profile.name,
        email=profile.email or "",
        phone=profile.phone or "",
        linkedin=linkedin,
        portfolio=portfolio,
        timezone=zone,
        country=profile.country or country_for_zone(zone) or "",
        subdivision=profile.subdivision or "",
        cadence=str(profile.cadence),
        send_time=profile.send_time,
    )


def _web_address(text: str, field: str, example: str) -> tuple[str, str | None]:
    """``text`` as a web address (https:// added to 'www.…'), or the sentence against it."""
    text = text.strip()
    if not text:
        return "", None
    if not re.match(r"^[a-z]+://", text, re.IGNORECASE):
        text = "https://" + text
    if not _WEB.match(text):
        return text, f"{field} {text!r} is not a web address: expected something like {example}."
    return text, None


def check_setup(
    values: SetupValues, current: Profile, only: tuple[str, ...] = ()
) -> CheckedSettings:
    """Validate the setup (``only``: just these fields, for one page); the profile to save."""
    errors: dict[str, str] = {}
    if not values.name.strip():
        errors["name"] = "Name is empty: your messages are signed with it."
    email = values.email.strip()
    if email and not EMAIL.match(email):
        errors["email"] = (
            f"Email {email!r} is not an address: expected something like name@example.org."
        )
    phone = values.phone.strip()
    if phone and not _PHONE.match(phone):
        errors["phone"] = (
            f"Phone {phone!r} has letters or signs a number does not: "
            "use digits, spaces and + - ( )."
        )
    linkedin, problem = _web_address(
        values.linkedin, "LinkedIn link", "https://www.linkedin.com/in/you"
    )
    if problem is None and linkedin and "linkedin." not in linkedin.casefold():
        problem = (
            f"LinkedIn link {linkedin!r} is not a LinkedIn address: put other sites under "
            "Portfolio."
        )
    if problem:
        errors["linkedin"] = problem
    portfolio, problem = _web_address(values.portfolio, "Portfolio link", "https://you.example")
    if problem:
        errors["portfolio"] = problem
    zone, problem = typed_zone(values.timezone, "Home time zone")  # 'berlin': Europe/Berlin
    if problem:
        errors["timezone"] = problem
    country, region, place_errors = check_place(values.country, values.subdivision)
    errors.update(place_errors)
    try:
        cadence = Cadence(values.cadence)
    except ValueError:
        errors["cadence"] = f"Preset {values.cadence!r} is unknown: pick one from the list."
        cadence = current.cadence
    if only:
        errors = {k: v for k, v in errors.items() if k in only}
        return CheckedSettings(None, errors)
    if errors:
        return CheckedSettings(None, errors)
    profile = replace(
        current,
        name=values.name.strip(),
        email=email or None,
        phone=phone or None,
        links=[link for link in (linkedin, portfolio) if link],
        timezone=zone,
        country=country or None,
        subdivision=region or None,
        cadence=cadence,
        send_time=values.send_time.replace(second=0, microsecond=0),
    )
    return CheckedSettings(profile)


def save_setup(db: Database, profile: Profile, now: datetime) -> None:
    """The profile (through ``writes.save_profile``) and ``first_run/done``: one transaction."""
    with transaction(db):
        writes.save_profile(db, profile, now)
        writes.set_setting(db, SETUP_DONE_KEY, now.isoformat())


def import_tracker(db: Database, path: Path, now: datetime, home_zone: str) -> str:
    """A tracker .csv or an interchange .json into the file: one sentence of what came in.
    ``home_zone``: the zone of a tracker's interview whose row names none. A bad file raises an
    error whose text is one sentence, and changes nothing."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xls", ".ods"):
        raise TrackerError(
            f"{path.name}: spreadsheets are read as CSV for now; save it as CSV (UTF-8) and "
            "import that file."
        )
    if suffix != ".csv":
        return import_path(db, path, now)
    found = read_tracker(
        read_text(path),
        path.name,
        default_zone=matched_zone(home_zone) or "UTC",
        known=known_ids(db),
    )
    doc = parse_document(found.document, path.name, known_ids(db))
    backup_before(db, "import", now)
    sentence = import_document(db, doc, now).sentence()
    if found.ignored:
        sentence += f" Columns not read: {', '.join(found.ignored)}."
    return sentence
