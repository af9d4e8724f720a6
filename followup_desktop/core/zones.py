"""What a time zone says about a place: the country whose public holidays an employer keeps.

tzdata's ``zone.tab`` maps every canonical zone to exactly one country (Europe/Berlin -> DE,
Asia/Tokyo -> JP). A legacy alias (US/Eastern, Asia/Calcutta) is not in the table; its compiled
file is a copy of its canonical zone's, so the bytes find the country. UTC, Etc/* and zones that
belong to no country map to None: only those fall back to the user's own country
(shared/scheduling.md, "Employer calendar").
"""

from __future__ import annotations

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
