"""Reading a meeting invitation (.ics) into the facts an interview needs (pure, no Qt, no SQL).

Invitations come from Google Calendar (UTC times or IANA TZIDs), Outlook/Exchange (Windows zone
names such as "Eastern Standard Time", or display names such as "(UTC+01:00) Amsterdam, Berlin,
..." with a VTIMEZONE block), Zoom (IANA TZIDs with a VTIMEZONE) and others. The start keeps the
sender's zone as an IANA name when one can be found:

1. the TZID itself when it is an IANA name;
2. a Windows zone name, through icalendar's CLDR table (a small table of our own if absent);
3. a "globally unique" TZID (``/vendor/.../Europe/Berlin``) or the VTIMEZONE's
   ``X-LIC-LOCATION``/``TZURL``, when they end in an IANA name;
4. otherwise the IANA zone whose offsets match the VTIMEZONE's over the event's year, preferring
   a zone whose city the TZID names.

Whatever the zone, the instant is the one the sender's VTIMEZONE defines.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from icalendar import Calendar, Component

from followup_desktop.core.model import InterviewFormat

try:  # `import icalendar` has loaded it already
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
except ImportError:  # pragma: no cover - older icalendar
    WINDOWS_TO_OLSON = {}

MAX_BYTES = 2_000_000
ALL_DAY_TIME = time(9, 0)
#: Used only when icalendar does not ship its Windows -> IANA table.
_WINDOWS_FALLBACK = {
    "Eastern Standard Time": "America/New_York",
    "Central Standard Time": "America/Chicago",
    "Mountain Standard Time": "America/Denver",
    "Pacific Standard Time": "America/Los_Angeles",
    "GMT Standard Time": "Europe/London",
    "W. Europe Standard Time": "Europe/Berlin",
    "Romance Standard Time": "Europe/Paris",
    "Central Europe Standard Time": "Europe/Budapest",
    "Tokyo Standard Time": "Asia/Tokyo",
    "India Standard Time": "Asia/Kolkata",
    "Singapore Standard Time": "Asia/Singapore",
    "AUS Eastern Standard Time": "Australia/Sydney",
    "UTC": "UTC",
}
_VIDEO_HOSTS = ("zoom.us", "meet.google.com", "teams.microsoft.com", "webex.com", "whereby.com")
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_SOURCES = (
    ("google", "Google Calendar"),
    ("microsoft", "Outlook/Exchange"),
    ("zoom", "Zoom"),
    ("apple", "Apple Calendar"),
)


class InviteError(ValueError):
    """An invitation that cannot be read; ``str()`` is one sentence for the user."""


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    organizer: bool = False
    optional: bool = False

    @property
    def key(self) -> str:
        return self.email.casefold()


@dataclass(frozen=True)
class Invite:
    """One meeting invitation, as read from the file."""

    uid: str
    summary: str
    #: Aware when the invitation fixes the moment; naive (a wall time whose zone the user
    #: chooses) for an all-day event (09:00 that day) or a "floating" time.
    start: datetime
    zone: str | None  # IANA zone the sender gave the time in; None: UTC, floating or all-day
    all_day: bool = False
    duration_minutes: int | None = None
    organizer: Person | None = None
    attendees: tuple[Person, ...] = ()
    location: str = ""
    description: str = ""
    video_link: str | None = None
    method: str = ""
    sequence: int = 0
    source: str = "calendar program"
    notes: tuple[str, ...] = field(default_factory=tuple)  # how things were read, for the user

    @property
    def people(self) -> list[Person]:
        """Organizer first, then attendees; each address once."""
        seen: dict[str, Person] = {}
        for person in ([self.organizer] if self.organizer else []) + list(self.attendees):
            seen.setdefault(person.key, person)
        return list(seen.values())

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def floating(self) -> bool:
        """True when the time still needs a zone (all-day or floating events)."""
        return self.start.tzinfo is None

    def suggested_format(self) -> InterviewFormat | None:
        """What the title says (final round, panel), else a video link, a call, a place."""
        words = f"{self.summary} {self.location}".casefold()
        if "final" in words:
            return InterviewFormat.FINAL_ROUND
        if "panel" in words:
            return InterviewFormat.PANEL
        if self.video_link:
            return InterviewFormat.VIDEO
        if "phone" in words or "call" in re.split(r"\W+", words):
            return InterviewFormat.PHONE
        if self.all_day or "on-site" in words or "onsite" in words:
            return InterviewFormat.IN_PERSON
        if self.location and not _URL.search(self.location):
            return InterviewFormat.IN_PERSON
        return None


# --- zones ----------------------------------------------------------------------------------


@cache
def windows_zones() -> dict[str, str]:
    return {**_WINDOWS_FALLBACK, **WINDOWS_TO_OLSON}


def _iana(name: str | None) -> str | None:
    if not name or ("/" not in name and name != "UTC"):
        return None
    name = name.strip().strip("/")
    if ".." in name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return name


def _suffix_zone(text: str) -> str | None:
    """The longest trailing 'Area/City' of a path-like text that is an IANA zone."""
    parts = [p for p in text.strip().split("/") if p]
    for start in range(len(parts)):
        found = _iana("/".join(parts[start:]))
        if found and "/" in found:
            return found
    return None


def _offsets(zone: tzinfo, year: int) -> tuple[timedelta | None, ...]:
    samples = [
        datetime(year, month, day, 12, tzinfo=UTC) for month in range(1, 13) for day in (1, 15)
    ]
    return tuple(s.astimezone(zone).utcoffset() for s in samples)


def _matching_zone(tzid: str, zone: tzinfo, year: int) -> str | None:
    """An IANA zone with the same offsets all year, preferring a city the TZID names."""
    wanted = _offsets(zone, year)
    words = re.sub(r"[^a-z]+", " ", tzid.casefold().replace("_", " "))
    named: list[tuple[int, str]] = []
    listed = list(dict.fromkeys(windows_zones().values()))
    for name in sorted(available_timezones()):
        city = name.rsplit("/", 1)[-1].replace("_", " ").casefold()
        if f" {city} " in f" {words} ":
            named.append((words.index(city), name))
    for _, name in sorted(named):
        if _offsets(ZoneInfo(name), year) == wanted:
            return name
    for name in listed:
        if _iana(name) and _offsets(ZoneInfo(name), year) == wanted:
            return name
    return None


def same_rules(first: str, second: str, year: int) -> bool:
    """True when two zones keep the same UTC offsets through ``year`` (Amsterdam and Berlin)."""
    try:
        return _offsets(ZoneInfo(first), year) == _offsets(ZoneInfo(second), year)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False


def resolve_zone(
    tzid: str, zone: tzinfo | None, year: int, vtimezone: Component | None = None
) -> tuple[str | None, str]:
    """(IANA zone or None, a note saying how it was read) for a DTSTART's TZID."""
    clean = tzid.strip().strip('"')
    found = _iana(clean)
    if found:
        return found, ""
    windows = windows_zones().get(clean)
    if windows:
        return windows, f"Windows time zone “{clean}” read as {windows}."
    found = _suffix_zone(clean) if clean.startswith("/") else None
    if vtimezone is not None and not found:
        for key in ("X-LIC-LOCATION", "TZURL"):
            value = vtimezone.get(key)
            found = found or (_suffix_zone(str(value)) if value else None)
    if found:
        return found, f"Time zone “{clean}” read as {found}."
    if zone is not None:
        found = _matching_zone(clean, zone, year)
        if found:
            return found, f"Time zone “{clean}” matched to {found} by its rules."
    return None, f"Time zone “{clean}” is not known; the time was read from its offset."


# --- parsing --------------------------------------------------------------------------------


def _text(component: Component, key: str) -> str:
    value = component.get(key)
    return str(value).strip() if value is not None else ""


def _address(value: object) -> str:
    text = str(value).strip()
    return text[7:] if text.casefold().startswith("mailto:") else text


def _person(value: object, *, organizer: bool = False) -> Person | None:
    if value is None:
        return None
    params = getattr(value, "params", {})
    if str(params.get("CUTYPE", "INDIVIDUAL")).upper() in ("ROOM", "RESOURCE"):
        return None
    email = _address(value)
    if "@" not in email or email.casefold().endswith("resource.calendar.google.com"):
        return None
    name = str(params.get("CN", "")).strip().strip('"')
    if not name or "@" in name:
        name = ""
    optional = str(params.get("ROLE", "")).upper() == "OPT-PARTICIPANT"
    return Person(email=email, name=name, organizer=organizer, optional=optional)


def _many(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _video_link(event: Component) -> str | None:
    for key in ("X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL", "URL"):
        value = _text(event, key)
        if value.startswith("http"):
            return value
    for key in ("LOCATION", "DESCRIPTION"):
        urls: list[str] = _URL.findall(_text(event, key))  # the pattern has no groups
        for url in urls:
            host = url.split("/")[2].casefold() if url.count("/") >= 2 else ""
            if any(host == h or host.endswith("." + h) for h in _VIDEO_HOSTS):
                return url.rstrip(".,;>)")
    return None


def _pick_event(cal: Calendar) -> tuple[Component, int]:
    events = [e for e in cal.walk("VEVENT") if e.get("RECURRENCE-ID") is None]
    events = events or list(cal.walk("VEVENT"))
    if not events:
        raise InviteError("has no event in it (no VEVENT), so it is not a meeting invitation.")
    return events[0], len({_text(e, "UID") for e in events})


def _source(cal: Calendar) -> str:
    prodid = _text(cal, "PRODID").casefold()
    return next((label for key, label in _SOURCES if key in prodid), "calendar program")


def parse_invite(data: bytes, name: str = "The invitation") -> Invite:
    """Read an invitation; raise InviteError with a sentence naming ``name`` if it cannot be."""
    if len(data) > MAX_BYTES:
        raise InviteError(f"{name} is too large to be a meeting invitation.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # icalendar warns on guessed zones; we note them
            cal = Calendar.from_ical(data)
            event, count = _pick_event(cal)
            start_prop = event.get("DTSTART")
            if start_prop is None:
                raise InviteError(f"{name} has an event without a start time (DTSTART).")
            start = start_prop.dt
            end_prop, duration_prop = event.get("DTEND"), event.get("DURATION")
            end = end_prop.dt if end_prop is not None else None
            duration = duration_prop.dt if duration_prop is not None else None
            tzid = start_prop.params.get("TZID")
            zones = {_text(tz, "TZID"): tz for tz in cal.walk("VTIMEZONE")}
    except InviteError as exc:
        text = str(exc)
        raise InviteError(text if text.startswith(name) else f"{name} {text}") from None
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise InviteError(f"{name} is not a readable iCalendar file ({exc}).") from None

    method = _text(cal, "METHOD").upper()
    if method == "CANCEL" or _text(event, "STATUS").upper() == "CANCELLED":
        raise InviteError(f"{name} cancels a meeting; there is no interview to add.")
    if method in ("REPLY", "COUNTER", "DECLINECOUNTER", "REFRESH"):
        raise InviteError(f"{name} is a reply to a meeting ({method}), not an invitation.")

    notes: list[str] = []
    all_day = (
        not isinstance(start, datetime)
        or _text(event, "X-MICROSOFT-CDO-ALLDAYEVENT").upper() == "TRUE"
    )
    zone_name: str | None = None
    minutes: int | None = None
    if all_day:
        day = start.date() if isinstance(start, datetime) else start
        start = datetime.combine(day, ALL_DAY_TIME)
        notes.append("All-day event: the interview is set to 09:00 that day; change it if needed.")
    else:
        if tzid:
            zone_name, note = resolve_zone(
                str(tzid), start.tzinfo, start.year, zones.get(str(tzid))
            )
            notes += [note] if note else []
        if start.tzinfo is None:
            notes.append("The invitation gives a local time without a time zone.")
        elif zone_name:
            start = start.astimezone(ZoneInfo(zone_name))
        if isinstance(end, datetime) and (end.tzinfo is None) == (start.tzinfo is None):
            minutes = int((end - start).total_seconds() // 60)
        elif isinstance(duration, timedelta):
            minutes = int(duration.total_seconds() // 60)
        if minutes is not None and not 0 < minutes <= 24 * 60:
            minutes = None
    if count > 1:
        notes.append(f"The file holds {count} meetings; the first one was read.")

    organizer = _person(event.get("ORGANIZER"), organizer=True)
    attendees = tuple(p for p in (_person(v) for v in _many(event.get("ATTENDEE"))) if p)
    try:
        seq = int(str(event.get("SEQUENCE", 0)))
    except ValueError:
        seq = 0
    summary = _text(event, "SUMMARY") or "Interview"
    return Invite(
        uid=_text(event, "UID") or f"{summary}|{start.isoformat()}",
        summary=summary,
        start=start,
        zone=zone_name,
        all_day=all_day,
        duration_minutes=minutes,
        organizer=organizer,
        attendees=attendees,
        location=_text(event, "LOCATION"),
        description=_text(event, "DESCRIPTION"),
        video_link=_video_link(event),
        method=method,
        sequence=seq,
        source=_source(cal),
        notes=tuple(notes),
    )


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().casefold() if "@" in email else ""
