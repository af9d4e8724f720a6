"""Domain objects -> an interchange v1 document (dict ready for ``json.dump``).

Deterministic: records sorted by id, every known key written (null where unset), instants in
the zone that owns them, unknown keys from the import written back. Export after import after
export therefore gives the same document.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from followup_desktop.core.instants import iso_in_zone
from followup_desktop.core.interchange import FORMAT, VERSION, Document


def _iso(instant: datetime | None, zone_name: str | None) -> str | None:
    return iso_in_zone(instant, zone_name) if instant is not None else None


def _with_extras(doc: Document, section: str, rid: str, record: dict[str, Any]) -> dict[str, Any]:
    extra = doc.extras.get(section, {}).get(rid)
    return {**extra, **record} if extra else record


def to_json(doc: Document) -> dict[str, Any]:
    profile = doc.profile
    assert profile is not None, "export needs the profile"
    companies = {c.id: c for c in doc.companies}
    apps = {a.id: a for a in doc.applications}

    def company_zone(application_id: str) -> str:
        company = companies.get(apps[application_id].company) if application_id in apps else None
        return (company.timezone if company else None) or profile.timezone

    out: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "profile": {
            "name": profile.name,
            "email": profile.email,
            "phone": profile.phone,
            "links": list(profile.links),
            "timezone": profile.timezone,
            "country": profile.country,
            "subdivision": profile.subdivision,
            "cadence": str(profile.cadence),
            "send_time": profile.send_time.strftime("%H:%M"),
            "weekend_days": list(profile.weekend_days),
            "min_spacing_days": profile.min_spacing_days,
            "offsets": dict(sorted(profile.offsets.items())),
        },
    }
    out["companies"] = [
        _with_extras(
            doc,
            "companies",
            c.id,
            {
                "id": c.id,
                "name": c.name,
                "timezone": c.timezone,
                "country": c.country,
                "subdivision": c.subdivision,
                "blackout_dates": [d.isoformat() for d in sorted(c.blackout_dates)],
                "notes": c.notes,
            }
            | ({"mail_domains": list(c.mail_domains)} if c.mail_domains else {}),
        )
        for c in sorted(doc.companies, key=lambda c: c.id)
    ]
    out["contacts"] = [
        _with_extras(
            doc,
            "contacts",
            c.id,
            {
                "id": c.id,
                "company": c.company,
                "name": c.name,
                "title": c.title,
                "email": c.email,
                "phone": c.phone,
                "linkedin": c.linkedin,
            }
            | ({"address_as": c.address_as} if c.address_as else {}),
        )
        for c in sorted(doc.contacts, key=lambda c: c.id)
    ]
    out["applications"] = [
        _with_extras(
            doc,
            "applications",
            a.id,
            {
                "id": a.id,
                "company": a.company,
                "role": a.role,
                "stage": str(a.stage),
                "contact": a.contact,
                "no_phone_calls": a.no_phone_calls,
                "decision_expected_by": a.decision_expected_by.isoformat()
                if a.decision_expected_by
                else None,
                "posting_url": a.posting_url,
                "stage_changed_at": _iso(a.stage_changed_at, "UTC"),
            }
            | ({"language": a.language} if a.language else {}),
        )
        for a in sorted(doc.applications, key=lambda a: a.id)
    ]
    out["interviews"] = [
        _with_extras(
            doc,
            "interviews",
            i.id,
            {
                "id": i.id,
                "application": i.application,
                "starts_at": _iso(i.starts_at, i.timezone or company_zone(i.application)),
                "timezone": i.timezone,
                "duration_minutes": i.duration_minutes,
                "format": str(i.format) if i.format else None,
                "round": i.round,
                "interviewers": list(i.interviewers),
                "notes": i.notes.as_dict(),
                "interviewer_notes": dict(sorted(i.interviewer_notes.items())),
            },
        )
        for i in sorted(doc.interviews, key=lambda i: i.id)
    ]
    out["communications"] = [
        _with_extras(
            doc,
            "communications",
            c.id,
            {
                "id": c.id,
                "application": c.application,
                "contact": c.contact,
                "at": _iso(c.at, company_zone(c.application)),
                "channel": str(c.channel),
                "direction": str(c.direction),
                "summary": c.summary,
                "response": c.response,
            },
        )
        for c in sorted(doc.communications, key=lambda c: c.id)
    ]
    out["followups"] = [
        _with_extras(
            doc,
            "followups",
            f.id,
            {
                "id": f.id,
                "application": f.application,
                "interview": f.interview,
                "contact": f.contact,
                "kind": str(f.kind),
                "channel": str(f.channel),
                "due": _iso(f.due, f.timezone),
                "timezone": f.timezone,
                "status": str(f.status),
                "reason": f.reason,
                "manual": f.manual,
                "status_reason": f.status_reason,
                "done_at": _iso(f.done_at, f.timezone),
                "snoozed_until": _iso(f.snoozed_until, f.timezone),
                "template": f.template,
            },
        )
        for f in sorted(doc.followups, key=lambda f: f.id)
    ]
    out["templates"] = [
        _with_extras(
            doc,
            "templates",
            t.id,
            {
                "id": t.id,
                "kind": t.kind,
                "name": t.name,
                "subject": t.subject,
                "body": t.body,
                "builtin": t.builtin,
            }
            | ({"language": t.language} if t.language != "en" else {}),
        )
        for t in sorted(doc.templates, key=lambda t: t.id)
    ]
    return out
