"""Rows <-> domain dataclasses. The only place that knows both column names and model fields."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from followup_desktop.core.instants import from_utc_text, to_utc_text
from followup_desktop.core.languages import normal_language
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

Row = dict[str, Any]


def _opt_utc(text: str | None) -> datetime | None:
    return from_utc_text(text) if text else None


def _opt_text(value: datetime | None) -> str | None:
    return to_utc_text(value) if value else None


def _extra(row: Row) -> str | None:
    return row.get("extra")


def profile_from_row(row: Row) -> Profile:
    hour, minute = (int(part) for part in row["send_time"].split(":"))
    return Profile(
        name=row["name"],
        email=row["email"],
        phone=row["phone"],
        links=json.loads(row["links"]),
        timezone=row["timezone"],
        country=row["country"],
        subdivision=row["subdivision"],
        cadence=Cadence(row["cadence"]),
        send_time=time(hour, minute),
        weekend_days=tuple(json.loads(row["weekend_days"])),
        min_spacing_days=row["min_spacing_days"],
        offsets=json.loads(row["offsets"]),
    )


def profile_to_row(p: Profile) -> Row:
    return {
        "id": 1,
        "name": p.name,
        "email": p.email,
        "phone": p.phone,
        "links": json.dumps(p.links),
        "timezone": p.timezone,
        "country": p.country,
        "subdivision": p.subdivision,
        "cadence": str(p.cadence),
        "send_time": p.send_time.strftime("%H:%M"),
        "weekend_days": json.dumps(list(p.weekend_days)),
        "min_spacing_days": p.min_spacing_days,
        "offsets": json.dumps(p.offsets, sort_keys=True),
    }


def company_from_row(row: Row) -> Company:
    return Company(
        id=row["id"],
        name=row["name"],
        timezone=row["timezone"],
        country=row["country"],
        subdivision=row["subdivision"],
        blackout_dates=[date.fromisoformat(d) for d in json.loads(row["blackout_dates"])],
        notes=row["notes"],
        mail_domains=mail_domains(row.get("mail_domains")),
    )


def mail_domains(text: object) -> tuple[str, ...]:
    """The stored comma-separated domains as a tuple (lower-case, no "@", each once)."""
    if not isinstance(text, str):
        return ()
    found = (part.strip().lstrip("@").lower() for part in text.split(","))
    return tuple(dict.fromkeys(d for d in found if d))


def company_to_row(c: Company) -> Row:
    return {
        "id": c.id,
        "name": c.name,
        "timezone": c.timezone,
        "country": c.country,
        "subdivision": c.subdivision,
        "blackout_dates": json.dumps(sorted(d.isoformat() for d in c.blackout_dates)),
        "notes": c.notes,
        "mail_domains": ",".join(mail_domains(",".join(c.mail_domains))),
    }


_CONTACT_KEYS = ("id", "company", "name", "title", "email", "phone", "linkedin")


def contact_from_row(row: Row) -> Contact:
    contact = Contact(**{k: row[k] for k in _CONTACT_KEYS})
    contact.address_as = _address_as(row.get("address_as"))
    return contact


def _address_as(value: object) -> str:
    return value if isinstance(value, str) and value in ("ms", "mr") else ""


def contact_to_row(c: Contact) -> Row:
    return {k: getattr(c, k) for k in _CONTACT_KEYS} | {"address_as": _address_as(c.address_as)}


def application_from_row(row: Row) -> Application:
    return Application(
        id=row["id"],
        company=row["company"],
        role=row["role"],
        stage=Stage(row["stage"]),
        contact=row["contact"],
        no_phone_calls=bool(row["no_phone_calls"]),
        decision_expected_by=(
            date.fromisoformat(row["decision_expected_by"]) if row["decision_expected_by"] else None
        ),
        posting_url=row["posting_url"],
        stage_changed_at=_opt_utc(row["stage_changed_at"]),
        language=normal_language(row.get("language")),
    )


def application_to_row(a: Application) -> Row:
    return {
        "id": a.id,
        "company": a.company,
        "role": a.role,
        "stage": str(a.stage),
        "contact": a.contact,
        "no_phone_calls": int(a.no_phone_calls),
        "decision_expected_by": a.decision_expected_by.isoformat()
        if a.decision_expected_by
        else None,
        "posting_url": a.posting_url,
        "stage_changed_at": _opt_text(a.stage_changed_at),
        "language": normal_language(a.language),
    }


def interview_from_row(row: Row, interviewers: list[Row]) -> Interview:
    ordered = sorted(interviewers, key=lambda r: r["position"])
    return Interview(
        id=row["id"],
        application=row["application"],
        starts_at=from_utc_text(row["starts_at"]),
        timezone=row["timezone"],
        duration_minutes=row["duration_minutes"],
        format=InterviewFormat(row["format"]) if row["format"] else None,
        round=row["round"],
        interviewers=[r["contact"] for r in ordered],
        notes=InterviewNotes(**{name: row[name] for name in NOTE_FIELDS}),
        interviewer_notes={r["contact"]: r["notes"] for r in ordered if r["notes"]},
    )


def interview_to_rows(i: Interview) -> tuple[Row, list[Row]]:
    row: Row = {
        "id": i.id,
        "application": i.application,
        "starts_at": to_utc_text(i.starts_at),
        "timezone": i.timezone,
        "duration_minutes": i.duration_minutes,
        "format": str(i.format) if i.format else None,
        "round": i.round,
        **i.notes.as_dict(),
    }
    people = [
        {
            "interview": i.id,
            "contact": contact,
            "position": position,
            "notes": i.interviewer_notes.get(contact, ""),
        }
        for position, contact in enumerate(dict.fromkeys(i.interviewers))
    ]
    return row, people


def communication_from_row(row: Row) -> Communication:
    return Communication(
        id=row["id"],
        application=row["application"],
        contact=row["contact"],
        at=from_utc_text(row["at"]),
        channel=Channel(row["channel"]),
        direction=Direction(row["direction"]),
        summary=row["summary"],
        response=row["response"],
    )


def communication_to_row(c: Communication) -> Row:
    return {
        "id": c.id,
        "application": c.application,
        "contact": c.contact,
        "at": to_utc_text(c.at),
        "channel": str(c.channel),
        "direction": str(c.direction),
        "summary": c.summary,
        "response": c.response,
    }


def followup_from_row(row: Row) -> FollowUp:
    return FollowUp(
        id=row["id"],
        application=row["application"],
        interview=row["interview"],
        contact=row["contact"],
        kind=FollowUpKind(row["kind"]),
        channel=Channel(row["channel"]),
        due=from_utc_text(row["due"]),
        timezone=row["timezone"],
        status=FollowUpStatus(row["status"]),
        reason=row["reason"],
        manual=bool(row["manual"]),
        status_reason=row["status_reason"],
        done_at=_opt_utc(row["done_at"]),
        snoozed_until=_opt_utc(row["snoozed_until"]),
        template=row["template"],
    )


def followup_to_row(f: FollowUp) -> Row:
    return {
        "id": f.id,
        "application": f.application,
        "interview": f.interview,
        "contact": f.contact,
        "kind": str(f.kind),
        "channel": str(f.channel),
        "due": to_utc_text(f.due),
        "timezone": f.timezone,
        "status": str(f.status),
        "reason": f.reason,
        "manual": int(f.manual),
        "status_reason": f.status_reason,
        "done_at": _opt_text(f.done_at),
        "snoozed_until": _opt_text(f.snoozed_until),
        "template": f.template,
    }


def template_from_row(row: Row) -> Template:
    return Template(
        id=row["id"],
        kind=row["kind"],
        name=row["name"],
        subject=row["subject"],
        body=row["body"],
        builtin=bool(row["builtin"]),
        language=normal_language(row.get("language")) or "en",
    )


def template_to_row(t: Template) -> Row:
    return {
        "id": t.id,
        "kind": t.kind,
        "name": t.name,
        "subject": t.subject,
        "body": t.body,
        "builtin": int(t.builtin),
        "language": normal_language(t.language) or "en",
    }
