"""What a time zone says about a place: the country whose public holidays an employer keeps.

tzdata's ``zone.tab`` maps every canonical zone to exactly one country (Europe/Berlin -> DE,
Asia/Tokyo -> JP). A legacy alias (US/Eastern, Asia/Calcutta) is not in the table; its compiled
file is a copy of its canonical zone's, so the bytes find the country. UTC, Etc/* and zones that
belong to no country map to None: only those fall back to the user's own country
(shared/scheduling.md, "Employer calendar").

``match_zone`` reads a zone as the user types it: 'berlin' is Europe/Berlin when no other zone
has that city; otherwise one sentence with up to three suggestions.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import zoneinfo
from functools import lru_cache
from importlib import resources
from pathlib import Path

#: Where tzdata is found when the ``tzdata`` package is not installed (Debian's system data).
SYSTEM_ZONEINFO = Path("/usr/share/zoneinfo")


def _zoneinfo_root() -> Path | None:
    """The folder of compiled zones with its ``zone.tab``: the tzdata package, else the system."""
    try:
        root = Path(str(resources.files("tzdata").joinpath("zoneinfo")))
    except ModuleNotFoundError:
        root = SYSTEM_ZONEINFO
    return root if (root / "zone.tab").is_file() else None


@lru_cache(maxsize=1)
def _zone_table() -> dict[str, str]:
    """Canonical zone name -> ISO 3166 country code, from ``zone.tab``."""
    root = _zoneinfo_root()
    if root is None:
        return {}
    table: dict[str, str] = {}
    for line in (root / "zone.tab").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) >= 3:
            table[fields[2]] = fields[0].upper()
    return table


@lru_cache(maxsize=1)
def _country_by_bytes() -> dict[bytes, str]:
    """Compiled zone file -> country, for the aliases zone.tab does not list (read once)."""
    root = _zoneinfo_root()
    found: dict[bytes, str] = {}
    if root is None:
        return found
    for name, country in _zone_table().items():
        try:
            found.setdefault((root / name).read_bytes(), country)
        except OSError:
            continue
    return found


def _is_countryless(name: str) -> bool:
    upper = name.upper()
    return upper in {"UTC", "GMT", "UCT", "ZULU", "UNIVERSAL", "GREENWICH", "FACTORY"} or (
        upper.startswith(("ETC/", "GMT+", "GMT-"))
    )


@lru_cache(maxsize=512)
def country_for_zone(zone: str | None) -> str | None:
    """The country an IANA zone belongs to ('Europe/Berlin' -> 'DE'), or None (UTC, Etc/*)."""
    name = (zone or "").strip()
    if not name or _is_countryless(name):
        return None
    table = _zone_table()
    if name in table:
        return table[name]
    root = _zoneinfo_root()
    if root is None or ".." in Path(name).parts:
        return None
    try:
        data = (root / name).read_bytes()
    except OSError:
        return None
    return _country_by_bytes().get(data)


# --- a zone as the user types it ------------------------------------------------------------

#: How many zones a sentence about an unknown or ambiguous zone suggests.
SUGGESTIONS = 3
#: 'GMT+5', 'utc-3': an offset typed as a zone (Etc/GMT+5 is UTC-5: POSIX counts backwards).
_OFFSET = re.compile(r"(?:gmt|utc)\s*[+-]\s*\d{1,2}(?::?\d{2})?")


@lru_cache(maxsize=1)
def _zone_names() -> tuple[str, ...]:
    """Every zone name Python knows (canonical names and their aliases), read once (~30 ms)."""
    return tuple(sorted(zoneinfo.available_timezones()))


def _folded(text: str) -> str:
    """'New York' / 'new_york' / ' NEW  YORK ' -> 'new york', 'São Paulo' -> 'sao paulo' (how
    typed and stored names compare)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(part for part in re.split(r"[\s_]+", plain.casefold()) if part)


@lru_cache(maxsize=1)
def _zone_index() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(folded full name -> name, folded last component -> names with that city)."""
    full: dict[str, str] = {}
    cities: dict[str, list[str]] = {}
    for name in _zone_names():
        full[_folded(name)] = name
        cities.setdefault(_folded(name.rsplit("/", 1)[-1]), []).append(name)
    return full, {city: tuple(names) for city, names in cities.items()}


class ZoneNotFound(ValueError):
    """A typed zone that names no zone, or several: ``str()`` is one sentence for the user."""

    def __init__(self, sentence: str, suggestions: tuple[str, ...]) -> None:
        super().__init__(sentence)
        self.suggestions = suggestions


def _or_list(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _near(folded: str) -> tuple[str, ...]:
    """Zones whose city or name starts with, contains, or is spelled close to ``folded``."""
    full, cities = _zone_index()
    table = _zone_table()
    found: list[str] = []
    for city in sorted(cities):
        if city.startswith(folded) or (len(folded) >= 3 and folded in city):
            found += cities[city]
    for city in difflib.get_close_matches(folded, list(cities), n=SUGGESTIONS, cutoff=0.75):
        found += cities[city]
    for name in difflib.get_close_matches(folded, list(full), n=SUGGESTIONS, cutoff=0.75):
        found.append(full[name])
    unique = list(dict.fromkeys(found))
    unique.sort(key=lambda name: name not in table)  # canonical names first
    return tuple(unique[:SUGGESTIONS])


def match_zone(text: str, field: str = "Time zone") -> str:
    """The IANA zone the user means: a full name in any case ('europe/berlin'), or a city alone
    when only one zone has it ('berlin' -> 'Europe/Berlin', 'new york' -> 'America/New_York').

    A city that several zones share is resolved to the one canonical zone among them (tzdata's
    zone.tab: 'louisville' -> 'America/Kentucky/Louisville', not its old alias); when that still
    leaves several, or none matches, :class:`ZoneNotFound` says so in one sentence naming
    ``field``, with up to three suggestions. An offset ('GMT+5') is refused: Etc/GMT+5 is
    UTC-5, and a fixed offset ignores daylight saving time.
    """
    typed = text.strip()
    folded = _folded(typed)
    if not folded:
        raise ZoneNotFound(f"{field} is empty; type a city such as Berlin.", ())
    if _OFFSET.fullmatch(folded):
        raise ZoneNotFound(
            f"{field} “{typed}” is an offset, not a zone: type a city such as Berlin, whose "
            "offset follows daylight saving time.",
            (),
        )
    full, cities = _zone_index()
    candidates = cities.get(folded, ())
    canonical = tuple(name for name in candidates if name in _zone_table())
    if len(canonical) == 1:
        return canonical[0]
    if folded in full:
        return full[folded]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        options = (canonical or candidates)[:SUGGESTIONS]
        raise ZoneNotFound(
            f"{field} “{typed}” could be {_or_list(options)}: type the full name.", options
        )
    near = _near(folded)
    if near:
        raise ZoneNotFound(
            f"{field} “{typed}” is not a time zone I know; did you mean {_or_list(near)}?", near
        )
    raise ZoneNotFound(
        f"{field} “{typed}” is not a time zone I know; type a city such as Berlin or a name "
        "such as America/New_York.",
        (),
    )
