"""The interview notes form without widgets: what it holds as typed, how it is checked, and how
it is read from the store. Testable without Qt; ``interview_form_save`` writes it.

Values are kept exactly as typed (strings), so a draft can hold a half-typed date and a failed
check loses nothing. ``check`` turns them into records or into one sentence per bad field.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import available_timezones

from followup_desktop.core.calendar import country_names, validate_country
from followup_desktop.core.instants import zone
from followup_desktop.core.languages import (
    LANGUAGES,
    default_language,
    language_name,
    message_language,
)
from followup_desktop.core.model import NOTE_FIELDS, Company, Contact, InterviewFormat
from followup_desktop.core.zones import ZoneNotFound, country_for_zone, match_zone
from followup_desktop.store import queries
from followup_desktop.store.db import Database
from followup_desktop.ui.common import fmt

#: Each note is asked for as the end of a sentence, so the messages can fit it into theirs.
NOTE_LABELS = {
    "highlights": "A moment worth mentioning: we …",
    "topics": "You talked with them about …",
    "challenges": "The challenge they described is …",
    "their_words": "Words they used, worth echoing …",
    "questions": "They asked about … and you answered …",
    "unaddressed": "You did not get to ask or say …",
    "feedback_cues": "Cues you noticed about the decision …",
    "reflection": "It went well when … and next time you would …",
    "next_steps": "What happens next, and when …",
}
#: An example under each box, written to complete its sentence.
NOTE_HINTS = {
    "highlights": "e.g. sketched the payment retry design together on the whiteboard",
    "topics": "e.g. the ledger migration to event sourcing; on-call load",
    "challenges": "e.g. duplicate charges during partner outages",
    "their_words": "e.g. boring technology, exciting outcomes",
    "questions": "e.g. consistency: answered well; capacity planning: rushed (private)",
    "unaddressed": "e.g. about the team's release cadence",
    "feedback_cues": "e.g. Dana nodded at the outbox idea (private)",
    "reflection": "e.g. I gave concrete examples; shorter answers next time (private)",
    "next_steps": "e.g. a decision within two weeks",
}
PERSON_FIELDS = ("name", "title", "email", "phone", "linkedin")
#: How a formal (German or French) message greets a person: the stored value, the words shown.
ADDRESS_AS = (("", "By name"), ("ms", "Ms (Frau / Madame)"), ("mr", "Mr (Herr / Monsieur)"))
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
TIME = re.compile(r"^(\d{1,2})[:.h]?(\d{2})$")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    return tuple(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))


@dataclass
class PersonValues:
    contact_id: str = ""  # an existing contact of the company, or "" for a new one
    name: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    linkedin: str = ""
    notes: str = ""  # what was discussed with this person (feeds their thank-you)
    #: "ms", "mr" or "" (by name); None: not said (a draft from before the choice existed),
    #: which keeps what the contact has.
    address_as: str | None = None

    def blank(self) -> bool:
        return not any(getattr(self, f).strip() for f in (*PERSON_FIELDS, "notes"))


@dataclass
class FormValues:
    interview_id: str = ""
    application_id: str = ""  # "" : a new application, described by company_name and role
    company_name: str = ""
    role: str = ""
    date: str = ""
    start: str = ""
    end: str = ""
    timezone: str = ""
    country: str = ""  # whose holidays count: "" = the time zone's country
    region: str = ""
    format: str = ""
    round: int = 0  # 0: not said
    notes: dict[str, str] = field(default_factory=dict)
    people: list[PersonValues] = field(default_factory=list)
    decision_date: str = ""
    events: str = ""  # company events to avoid: dates and ranges
    language: str = ""  # the messages' language ("en", "de", "fr"); "": from the company

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FormValues:
        """Tolerant: unknown keys are ignored, wrong types fall back to the default."""
        plain = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        values = cls()
        for key, value in plain.items():
            default = getattr(values, key)
            if key == "people" and isinstance(value, list):
                known = PersonValues.__dataclass_fields__
                values.people = [
                    PersonValues(
                        **{k: str(v) for k, v in p.items() if k in known and v is not None}
                    )
                    for p in value
                    if isinstance(p, dict)
                ]
                for person in values.people:
                    if person.address_as not in (None, "", "ms", "mr"):
                        person.address_as = ""
            elif key == "notes" and isinstance(value, dict):
                values.notes = {k: str(v) for k, v in value.items() if k in NOTE_FIELDS}
            elif key == "language" and isinstance(value, str):
                values.language = value if value in LANGUAGES else ""
            elif isinstance(default, str) and isinstance(value, str):
                setattr(values, key, value)
            elif key == "round" and isinstance(value, int):
                values.round = value
        return values


@dataclass
class Checked:
    """The outcome of :func:`check`: sentences per field key, or the parsed values."""

    errors: dict[str, str]
    starts_at: datetime | None = None
    duration: int | None = None
    decision: date | None = None
    events: list[date] | None = None
    zone_name: str = ""  # the IANA name the typed zone stands for ('berlin' -> 'Europe/Berlin')

    @property
    def ok(self) -> bool:
        return not self.errors


# --- parsing ------------------------------------------------------------------------------


def parse_day(text: str, what: str) -> date:
    """A YYYY-MM-DD date; ValueError with one sentence naming ``what`` otherwise."""
    text = text.strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not match:
        raise ValueError(f"Write the {what} as YYYY-MM-DD, e.g. 2026-11-23.")
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"There is no month {month}: the {what} needs a month from 1 to 12.")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            f"There is no {day} {MONTH_NAMES[month - 1]} {year}: check the day of the {what}."
        ) from None


def parse_time(text: str, what: str) -> time:
    match = TIME.fullmatch(text.strip())
    if not match:
        raise ValueError(f"Write the {what} as HH:MM on a 24-hour clock, e.g. 14:30.")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(f"{text.strip()} is not a time of day: the {what} needs 00:00 to 23:59.")
    return time(hour, minute)


def parse_events(text: str) -> list[date]:
    """'2026-12-01, 2026-12-03 to 2026-12-05' -> the days; ranges with 'to', '..' or '–'."""
    days: set[date] = set()
    cleaned = re.sub(r"\s*(?:\.\.|–|—|\bto\b)\s*", "..", text.strip())
    for part in re.split(r"[\s,;]+", cleaned):
        if not part:
            continue
        if ".." in part:
            first_text, _, last_text = part.partition("..")
            first = parse_day(first_text, "event date")
            last = parse_day(last_text, "event date")
            if last < first:
                raise ValueError(f"The range {part.replace('..', ' to ')} ends before it starts.")
            if (last - first).days > 60:
                raise ValueError("An event longer than 60 days is probably a typo; split it.")
            days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
        else:
            days.add(parse_day(part, "event date"))
    return sorted(days)


def events_text(days: list[date]) -> str:
    """The inverse of :func:`parse_events`: consecutive days become one range."""
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(
        r[0].isoformat() if len(r) == 1 else f"{r[0].isoformat()} to {r[-1].isoformat()}"
        for r in runs
    )


def check(values: FormValues) -> Checked:
    """Every field checked at once: one sentence per bad field, nothing else touched."""
    errors: dict[str, str] = {}
    if not values.application_id:
        if not values.company_name.strip():
            errors["company"] = "Name the company (or pick an existing application above)."
        if not values.role.strip():
            errors["role"] = "Name the role you interviewed for."
    day = start = end = None
    try:
        day = parse_day(values.date, "date") if values.date.strip() else None
        if day is None:
            errors["date"] = "Enter the date of the interview as YYYY-MM-DD."
    except ValueError as exc:
        errors["date"] = str(exc)
    try:
        start = parse_time(values.start, "start time") if values.start.strip() else None
        if start is None:
            errors["start"] = "Enter the time the interview started, e.g. 14:30."
    except ValueError as exc:
        errors["start"] = str(exc)
    try:
        end = parse_time(values.end, "end time") if values.end.strip() else None
    except ValueError as exc:
        errors["end"] = str(exc)
    if start and end and end <= start:
        errors["end"] = (
            f"The end ({fmt.time_text(end)}) is before the start ({fmt.time_text(start)})."
            if end < start
            else "The end is the same as the start; leave the end empty if you do not know it."
        )
    tz = None
    zone_name = ""
    if not values.timezone.strip():
        errors["timezone"] = "Pick the time zone the interview time is in."
    else:
        try:
            zone_name = match_zone(values.timezone, "Time zone")
            tz = zone(zone_name)
        except ValueError as exc:  # ZoneNotFound: one sentence with suggestions
            errors["timezone"] = str(exc)
    if values.country.strip():
        try:
            validate_country(values.country, values.region or None)
        except ValueError as exc:
            errors["country"] = f"Holidays of: {exc}"
    decision = None
    if values.decision_date.strip():
        try:
            decision = parse_day(values.decision_date, "decision date")
        except ValueError as exc:
            errors["decision_date"] = str(exc)
    events = None
    try:
        events = parse_events(values.events)
    except ValueError as exc:
        errors["events"] = str(exc)
    _check_people(values.people, errors)
    if errors:
        return Checked(errors)
    assert day is not None and start is not None and tz is not None
    starts_at = datetime.combine(day, start, tzinfo=tz)
    duration = None
    if end is not None:
        duration = int((datetime.combine(day, end) - datetime.combine(day, start)).seconds // 60)
    return Checked({}, starts_at, duration, decision, events, zone_name)


def _check_people(people: list[PersonValues], errors: dict[str, str]) -> None:
    seen: dict[str, int] = {}
    for index, person in enumerate(people):
        if person.blank():
            continue
        name = person.name.strip()
        if not name:
            errors[f"people.{index}.name"] = "Give this interviewer a name (or remove the row)."
        email = person.email.strip()
        if email and not EMAIL.match(email):
            errors[f"people.{index}.email"] = (
                f"{email!r} is not an email address: it needs an @, as in dana@acme.com."
            )
        key = person.contact_id or name.casefold()
        if name and key in seen:
            errors[f"people.{index}.name"] = f"{name} is already listed above."
        seen.setdefault(key, index)


# --- reading from the store ----------------------------------------------------------------


def company_of(db: Database, application_id: str) -> Company | None:
    app = queries.get_application(db, application_id) if application_id else None
    return queries.get_company(db, app.company) if app else None


def application_title(db: Database, application_id: str) -> str | None:
    """The title the application box lists it under (as ``store.people.application_choices``
    words it), or None when there is no such application: two lookups, not the whole list."""
    app = queries.get_application(db, application_id)
    company = queries.get_company(db, app.company) if app else None
    if app is None or company is None:
        return None
    return f"{company.name} — {app.role}" if app.role else company.name


def has_applications(db: Database) -> bool:
    """Whether there is any application to pick, without reading them."""
    return queries.has_applications(db)


def default_zone(db: Database, application_id: str) -> str:
    """The company's zone, else the user's."""
    company = company_of(db, application_id)
    return (company.timezone if company else None) or queries.get_profile(db).timezone


def contacts_of(db: Database, application_id: str, company_name: str = "") -> list[Contact]:
    """The contacts an interviewer can be picked from: the application's company's, or, for a
    new application, those of the existing company of that name."""
    company = company_of(db, application_id)
    if company is None and company_name.strip():
        wanted = company_name.strip().casefold()
        company = next((c for c in queries.list_companies(db) if c.name.casefold() == wanted), None)
    return queries.list_contacts(db, company.id) if company else []


def _company_named(db: Database, name: str) -> Company | None:
    wanted = name.strip().casefold()
    if not wanted:
        return None
    return next((c for c in queries.list_companies(db) if c.name.casefold() == wanted), None)


def _typed_zone(text: str) -> str | None:
    try:
        return match_zone(text) if text.strip() else None
    except (ZoneNotFound, ValueError):
        return None


def automatic_language(db: Database, values: FormValues) -> tuple[str, str | None, str | None]:
    """The language the form's application gets when none is chosen, and the country (and
    region) that decides it (None: nothing is known, so English).

    Reads the company as ``save.save_form`` will leave it (the holiday country picked in the
    form; a new company's zone as typed) and as ``templates_store.application_language`` reads it.
    """
    company = (
        company_of(db, values.application_id)
        if values.application_id
        else _company_named(db, values.company_name)
    )
    country = values.country.strip().upper() or None
    region = (values.region.strip() or None) if country else None
    if country is None and company is not None and not values.application_id:
        country, region = company.country, company.subdivision  # typed over a known company
    zone_name = company.timezone if company is not None else _typed_zone(values.timezone)
    profile_country = queries.get_profile(db).country
    language = message_language(None, country, region, zone_name, profile_country)
    if country is None:
        region = None
        country = (country_for_zone(zone_name) if zone_name else None) or profile_country
    return language, country, region


def automatic_language_text(db: Database, values: FormValues) -> str:
    """'Automatic (German, from Germany)': the first choice of the form's "Messages in" box."""
    language, country, region = automatic_language(db, values)
    words = language_name(language).partition(" (")[0]
    if not country:
        return f"Automatic ({words})"
    # The country's name from holidays' registry, the one place the app names countries: it
    # imports holidays (~40 ms once per process, measured on the form's first build: 35 ->
    # 80 ms), paid when the window builds the form ahead, while idle (ui/shell/form_host.py).
    place = country_names().get(country.upper(), country.upper())
    if region and default_language(country, region) != default_language(country):
        place = f"{region.upper()}, {place}"  # Quebec in Canada: the region decides
    return f"Automatic ({words}, from {place})"


def values_for_new(
    db: Database, interview_id: str, application_id: str, now: datetime
) -> FormValues:
    """A fresh form: today, the hour that just began, the company's zone, the next round."""
    zone_name = default_zone(db, application_id)
    local = now.astimezone(fmt.safe_zone(zone_name))
    started = (local - timedelta(minutes=45)).replace(minute=0, second=0, microsecond=0)
    company = company_of(db, application_id)
    app = queries.get_application(db, application_id) if application_id else None
    rounds = len(queries.list_interviews(db, [application_id])) if application_id else 0
    return FormValues(
        interview_id=interview_id,
        application_id=application_id,
        date=started.date().isoformat(),
        start=fmt.time_text(started),
        timezone=zone_name,
        country=(company.country or "") if company else "",
        region=(company.subdivision or "") if company else "",
        format=str(InterviewFormat.VIDEO),
        round=rounds + 1,
        people=[PersonValues()],
        decision_date=app.decision_expected_by.isoformat()
        if app and app.decision_expected_by
        else "",
        events=events_text(company.blackout_dates) if company else "",
        language=(app.language or "") if app else "",
    )


def carried_over(db: Database, application_id: str, now: datetime) -> FormValues:
    """What the form takes from the application chosen (its round, decision date, company
    events, zone, country, language): a new application ("") carries nothing over from
    another one."""
    return values_for_new(db, "", application_id, now)


def values_for_interview(db: Database, interview_id: str) -> FormValues | None:
    """The stored interview as the form shows it."""
    interview = queries.get_interview(db, interview_id)
    if interview is None:
        return None
    app = queries.get_application(db, interview.application)
    company = queries.get_company(db, app.company) if app else None
    zone_name = interview.timezone or (company.timezone if company else None)
    zone_name = zone_name or queries.get_profile(db).timezone
    local = interview.starts_at.astimezone(fmt.safe_zone(zone_name))
    end = ""
    if interview.duration_minutes:
        end = fmt.time_text(local + timedelta(minutes=interview.duration_minutes))
    people = queries.contacts_by_id(db, interview.interviewers)
    return FormValues(
        interview_id=interview.id,
        application_id=interview.application,
        date=local.date().isoformat(),
        start=fmt.time_text(local),
        end=end,
        timezone=zone_name,
        country=(company.country or "") if company else "",
        region=(company.subdivision or "") if company else "",
        format=str(interview.format) if interview.format else "",
        round=interview.round or 0,
        notes={k: v for k, v in interview.notes.as_dict().items() if v},
        people=[
            PersonValues(
                contact_id=cid,
                name=people[cid].name if cid in people else cid,
                title=(people[cid].title or "") if cid in people else "",
                email=(people[cid].email or "") if cid in people else "",
                phone=(people[cid].phone or "") if cid in people else "",
                linkedin=(people[cid].linkedin or "") if cid in people else "",
                notes=interview.interviewer_notes.get(cid, ""),
                address_as=people[cid].address_as if cid in people else "",
            )
            for cid in interview.interviewers
        ],
        decision_date=app.decision_expected_by.isoformat()
        if app and app.decision_expected_by
        else "",
        events=events_text(company.blackout_dates) if company else "",
        language=(app.language or "") if app else "",
    )
