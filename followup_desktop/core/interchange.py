"""Interchange file version 1 (shared/interchange.md): validate into domain objects, and back.

Pure functions; the store does the reading and writing of the database (store/transfer.py).
Validation covers the whole document before anything is written and stops at the first problem
with one sentence naming the file, the record and the field. Unknown keys are kept per record
(``Document.extras``) and written back on export, so a file survives a round trip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from followup_desktop.core.instants import parse_date
from followup_desktop.core.interchange_fields import FieldReader, InterchangeError
from followup_desktop.core.languages import LANGUAGES, normal_language
from followup_desktop.core.model import (
    NOTE_FIELDS,
    Application,
    Cadence,
    Channel,
    Communication,
    Company,
    Contact,
    Direction,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Interview,
    InterviewFormat,
    InterviewNotes,
    Profile,
    Stage,
    Template,
)

FORMAT = "followup-desktop"
VERSION = 1
SECTIONS = (
    "companies",
    "contacts",
    "applications",
    "interviews",
    "communications",
    "followups",
    "templates",
)
KNOWN_KEYS = {
    "profile": {
        "name",
        "email",
        "phone",
        "links",
        "timezone",
        "country",
        "subdivision",
        "cadence",
        "send_time",
        "weekend_days",
        "min_spacing_days",
        "offsets",
    },
    "companies": {
        "id",
        "name",
        "timezone",
        "country",
        "subdivision",
        "blackout_dates",
        "notes",
        "mail_domains",
    },
    "contacts": {"id", "company", "name", "title", "email", "phone", "linkedin", "address_as"},
    "applications": {
        "id",
        "company",
        "role",
        "stage",
        "contact",
        "no_phone_calls",
        "decision_expected_by",
        "posting_url",
        "stage_changed_at",
        "language",
    },
    "interviews": {
        "id",
        "application",
        "starts_at",
        "timezone",
        "duration_minutes",
        "format",
        "round",
        "interviewers",
        "notes",
        "interviewer_notes",
    },
    "communications": {
        "id",
        "application",
        "contact",
        "at",
        "channel",
        "direction",
        "summary",
        "response",
    },
    "followups": {
        "id",
        "application",
        "interview",
        "contact",
        "kind",
        "channel",
        "due",
        "timezone",
        "status",
        "reason",
        "manual",
        "status_reason",
        "done_at",
        "snoozed_until",
        "template",
    },
    "templates": {"id", "kind", "name", "subject", "body", "builtin", "language"},
}


@dataclass
class Document:
    """A validated interchange file as domain objects, plus the unknown keys of each record."""

    profile: Profile | None = None
    profile_keys: set[str] = field(default_factory=set)  # which profile keys the file gave
    companies: list[Company] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)
    communications: list[Communication] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    templates: list[Template] = field(default_factory=list)
    extras: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # section->id->keys


@dataclass
class KnownIds:
    """Ids already in the database: a file may point at them without repeating them."""

    companies: set[str] = field(default_factory=set)
    contacts: set[str] = field(default_factory=set)
    applications: set[str] = field(default_factory=set)
    interviews: set[str] = field(default_factory=set)


def _records(label: str, data: dict[str, Any], section: str) -> list[dict[str, Any]]:
    value = data.get(section)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise InterchangeError(f"{label}: '{section}' must be a list of objects.")
    seen: set[str] = set()
    for index, record in enumerate(value):
        rid = FieldReader(label, section, record, index).id()
        if rid in seen:
            raise InterchangeError(f"{label}: {section} record {rid!r} appears twice.")
        seen.add(rid)
    return value


def parse_document(data: Any, label: str, known: KnownIds | None = None) -> Document:
    """Validate ``data`` (parsed JSON) completely; InterchangeError at the first problem."""
    known = known or KnownIds()
    if not isinstance(data, dict):
        raise InterchangeError(f"{label}: the file must hold a JSON object.")
    if data.get("format") != FORMAT:
        raise InterchangeError(
            f"{label}: field 'format' must be {FORMAT!r}, got {data.get('format')!r}."
        )
    if data.get("version") != VERSION:
        raise InterchangeError(
            f"{label}: field 'version' {data.get('version')!r} is not supported (expected 1)."
        )
    raw = {section: _records(label, data, section) for section in SECTIONS}
    doc = Document()
    ids = {
        "companies": known.companies | {r["id"] for r in raw["companies"]},
        "contacts": known.contacts | {str(r["id"]) for r in raw["contacts"]},
        "applications": known.applications | {str(r["id"]) for r in raw["applications"]},
        "interviews": known.interviews | {str(r["id"]) for r in raw["interviews"]},
    }
    if data.get("profile") is not None:
        if not isinstance(data["profile"], dict):
            raise InterchangeError(f"{label}: 'profile' must be an object.")
        doc.profile = _profile(FieldReader(label, "profile", data["profile"], 0))
        doc.profile_keys = {k for k, v in data["profile"].items() if v is not None}
    parsers = {
        "companies": _company,
        "contacts": _contact,
        "applications": _application,
        "interviews": _interview,
        "communications": _communication,
        "followups": _followup,
        "templates": _template,
    }
    for section in SECTIONS:
        items = getattr(doc, section)
        for index, record in enumerate(raw[section]):
            items.append(parsers[section](FieldReader(label, section, record, index), ids))
            unknown = {k: v for k, v in record.items() if k not in KNOWN_KEYS[section]}
            if unknown:
                doc.extras.setdefault(section, {})[str(record["id"])] = unknown
    return doc


def _profile(r: FieldReader) -> Profile:
    profile = Profile()
    profile.name = r.text("name", default="") or ""
    profile.email, profile.phone = r.text("email"), r.text("phone")
    profile.links = r.strings("links")
    profile.timezone = r.zone_name("timezone") or profile.timezone
    profile.country, profile.subdivision = r.country()
    profile.cadence = r.choice("cadence", Cadence, default=Cadence.STANDARD)
    send = r.text("send_time")
    if send is not None:
        try:
            profile.send_time = time.fromisoformat(send)
        except ValueError:
            raise r.fail("send_time", f"{send!r} is not a time like 08:30") from None
    days = r.record.get("weekend_days")
    if days is not None:
        if not isinstance(days, list) or not all(isinstance(d, int) and 0 <= d <= 6 for d in days):
            raise r.fail("weekend_days", "expected a list of weekday numbers 0 (Monday) to 6")
        profile.weekend_days = tuple(sorted(set(days)))
    spacing = r.integer("min_spacing_days")
    if spacing is not None:
        profile.min_spacing_days = spacing
    offsets = r.record.get("offsets")
    if offsets is not None:
        if not isinstance(offsets, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 365
            for v in offsets.values()
        ):
            raise r.fail("offsets", "expected an object of follow-up kind -> whole days")
        profile.offsets = dict(offsets)
    return profile


def _company(r: FieldReader, ids: dict[str, set[str]]) -> Company:
    country, sub = r.country()
    blackout = []
    for index, text in enumerate(r.strings("blackout_dates")):
        try:
            blackout.append(parse_date(text))
        except ValueError:
            raise r.fail(f"blackout_dates[{index}]", f"{text!r} is not a real date") from None
    return Company(
        id=r.id(),
        name=r.text("name", default=None) or r.id(),
        timezone=r.zone_name("timezone"),
        country=country,
        subdivision=sub,
        blackout_dates=sorted(set(blackout)),
        notes=r.text("notes", default="") or "",
        mail_domains=_mail_domains(r),
    )


_DOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")


def _mail_domains(r: FieldReader) -> tuple[str, ...]:
    """Optional: the employer's mail domains ("acme.example"; a leading "@" is allowed)."""
    found: list[str] = []
    for index, text in enumerate(r.strings("mail_domains")):
        domain = text.strip().lstrip("@").lower()
        if not _DOMAIN.match(domain):
            raise r.fail(f"mail_domains[{index}]", f"{text!r} is not a mail domain like acme.com")
        found.append(domain)
    return tuple(dict.fromkeys(found))


def _contact(r: FieldReader, ids: dict[str, set[str]]) -> Contact:
    email = r.text("email")
    if email is not None and email.strip() and "@" not in email:
        raise r.fail("email", f"{email!r} is not an email address (it has no @)")
    return Contact(
        id=r.id(),
        company=r.ref("company", ids["companies"], "company", required=True),
        name=r.text("name", required=True),
        title=r.text("title"),
        email=email or None,
        phone=r.text("phone"),
        linkedin=r.text("linkedin"),
        address_as=_address_as(r),
    )


def _address_as(r: FieldReader) -> str:
    value = (r.text("address_as") or "").strip().lower()
    if value not in ("", "ms", "mr"):
        raise r.fail("address_as", f"{value!r} is not one of ms, mr (or empty: by name)")
    return value


def _language(r: FieldReader, key: str = "language") -> str | None:
    value = r.text(key)
    if value is None or not value.strip():
        return None
    code = normal_language(value)
    if code is None:
        raise r.fail(key, f"{value!r} is not one of {', '.join(LANGUAGES)}")
    return code


def _application(r: FieldReader, ids: dict[str, set[str]]) -> Application:
    return Application(
        id=r.id(),
        company=r.ref("company", ids["companies"], "company", required=True),
        role=r.text("role", default="") or "",
        stage=r.choice("stage", Stage, default=Stage.APPLIED),
        contact=r.ref("contact", ids["contacts"], "contact"),
        no_phone_calls=r.flag("no_phone_calls"),
        decision_expected_by=r.date("decision_expected_by"),
        posting_url=r.text("posting_url"),
        stage_changed_at=r.instant("stage_changed_at"),
        language=_language(r),
    )


def _interview(r: FieldReader, ids: dict[str, set[str]]) -> Interview:
    interviewers = r.strings("interviewers")
    for index, person in enumerate(interviewers):
        if person not in ids["contacts"]:
            raise r.fail(f"interviewers[{index}]", f"refers to an unknown contact {person!r}")
    notes_raw = r.record.get("notes") or {}
    if not isinstance(notes_raw, dict):
        raise r.fail("notes", "expected an object of note fields")
    notes = InterviewNotes()
    for name in NOTE_FIELDS:
        value = notes_raw.get(name)
        if value is not None and not isinstance(value, str):
            raise r.fail(f"notes.{name}", "expected text")
        setattr(notes, name, value or "")
    per_person = r.record.get("interviewer_notes") or {}
    if not isinstance(per_person, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in per_person.items()
    ):
        raise r.fail("interviewer_notes", "expected an object of contact id -> text")
    for person in per_person:
        if person not in interviewers:
            raise r.fail("interviewer_notes", f"{person!r} is not one of the interviewers")
    return Interview(
        id=r.id(),
        application=r.ref("application", ids["applications"], "application", required=True),
        starts_at=r.instant("starts_at", required=True),
        timezone=r.zone_name("timezone"),
        duration_minutes=r.integer("duration_minutes", minimum=1),
        format=r.choice("format", InterviewFormat),
        round=r.integer("round", minimum=1),
        interviewers=list(dict.fromkeys(interviewers)),
        notes=notes,
        interviewer_notes={k: v for k, v in per_person.items() if v},
    )


def _communication(r: FieldReader, ids: dict[str, set[str]]) -> Communication:
    direction = r.choice("direction", Direction)
    if direction is None:
        raise r.fail("direction", "is required (sent or received)")
    return Communication(
        id=r.id(),
        application=r.ref("application", ids["applications"], "application", required=True),
        contact=r.ref("contact", ids["contacts"], "contact"),
        at=r.instant("at", required=True),
        channel=r.choice("channel", Channel, default=Channel.EMAIL),
        direction=direction,
        summary=r.text("summary", default="") or "",
        response=r.text("response", default="") or "",
    )


def _followup(r: FieldReader, ids: dict[str, set[str]]) -> FollowUp:
    kind = r.choice("kind", FollowUpKind)
    if kind is None:
        raise r.fail("kind", "is required")
    zone_name = r.zone_name("timezone")
    due = r.instant("due", required=True)
    return FollowUp(
        id=r.id(),
        application=r.ref("application", ids["applications"], "application", required=True),
        interview=r.ref("interview", ids["interviews"], "interview"),
        contact=r.ref("contact", ids["contacts"], "contact"),
        kind=kind,
        channel=r.choice("channel", Channel, default=Channel.EMAIL),
        due=due,
        timezone=zone_name or "UTC",
        status=r.choice("status", FollowUpStatus, default=FollowUpStatus.PLANNED),
        reason=r.text("reason", default="") or "",
        manual=r.flag("manual"),
        status_reason=r.text("status_reason"),
        done_at=r.instant("done_at"),
        snoozed_until=r.instant("snoozed_until"),
        template=r.text("template"),
    )


def _template(r: FieldReader, ids: dict[str, set[str]]) -> Template:
    return Template(
        id=r.id(),
        kind=r.text("kind", required=True),
        name=r.text("name", default=None) or r.id(),
        subject=r.text("subject", default="") or "",
        body=r.text("body", default="") or "",
        builtin=r.flag("builtin"),
        language=_language(r) or "en",
    )
