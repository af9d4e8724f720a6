"""Saving the notes form: company, people, application and interview in ONE transaction, then
what the new plan is and what changed (no Qt).

The store's writes each open their own transaction; inside this one they become savepoints, so a
failure anywhere leaves nothing half-saved, and the draft is deleted in the same commit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from followup_desktop.core.languages import normal_language
from followup_desktop.core.model import (
    NOTE_FIELDS,
    PENDING_STATUSES,
    Application,
    Company,
    Contact,
    FollowUp,
    Interview,
    InterviewFormat,
    InterviewNotes,
    Stage,
)
from followup_desktop.store import drafts, queries, writes
from followup_desktop.store.db import Database, StoreError, transaction
from followup_desktop.store.people import new_id
from followup_desktop.ui.interview_form.values import Checked, FormValues, PersonValues
from followup_desktop.ui.pipeline.stage_change import plan_diff, snapshot


@dataclass(frozen=True)
class SaveOutcome:
    interview_id: str
    application_id: str
    title: str  # "Acme Corp — Backend Engineer"
    changes: list[str]  # "3 follow-ups planned", "1 check-in cancelled: ..."
    pending: list[FollowUp]  # the application's plan from now on, by due time
    names: dict[str, str]  # contact id -> name, for the plan's lines
    created: list[str]  # "New contact: Omar Haddad", ...


def _company(
    db: Database, values: FormValues, checked: Checked, created: list[str], now: datetime
) -> Company:
    name = values.company_name.strip()
    found = next(
        (c for c in queries.list_companies(db) if c.name.casefold() == name.casefold()), None
    )
    if found is not None:
        return found
    company = Company(
        new_id(db, "companies", name),
        name,
        timezone=checked.zone_name,  # as matched: 'berlin' is stored as Europe/Berlin
        country=values.country.strip().upper() or None,
        subdivision=values.region.strip() or None,
    )
    writes.save_company(db, company, now)
    created.append(f"New company: {name}")
    return company


def _application(
    db: Database, values: FormValues, checked: Checked, created: list[str], now: datetime
) -> tuple[Application, Company, bool]:
    if values.application_id:
        app = queries.get_application(db, values.application_id)
        company = queries.get_company(db, app.company) if app else None
        if app is None or company is None:
            raise StoreError("The application of this interview no longer exists.")
        return app, company, False
    company = _company(db, values, checked, created, now)
    role = values.role.strip()
    # ids come from the new company and role, never from an application chosen before
    app = Application(new_id(db, "applications", f"{company.id}-{role}"), company.id, role)
    created.append(f"New application: {company.name} — {role}")
    return app, company, True


def _person(
    db: Database, person: PersonValues, company: Company, known: dict[str, Contact], taken: set
) -> tuple[Contact, bool]:
    """The contact this row stands for (existing by id or by name at the company, or new) with
    the details as typed; True when it must be written."""
    name = person.name.strip()
    found = known.get(person.contact_id) or next(
        (c for c in known.values() if c.name.casefold() == name.casefold()), None
    )
    title, email, phone, linkedin = (
        text.strip() or None for text in (person.title, person.email, person.phone, person.linkedin)
    )
    address_as = _address_as(person.address_as, found)
    if found is None:
        contact = Contact(
            new_id(db, "contacts", name, taken),
            company.id,
            name,
            title=title,
            email=email,
            phone=phone,
            linkedin=linkedin,
            address_as=address_as,
        )
        taken.add(contact.id)
        return contact, True
    updated = replace(
        found,
        name=name or found.name,
        title=title,
        email=email,
        phone=phone,
        linkedin=linkedin,
        address_as=address_as,
    )
    return updated, updated != found


def _address_as(chosen: str | None, found: Contact | None) -> str:
    """The row's form of address; a row that says none (an older draft) keeps the contact's."""
    if chosen is None:
        return found.address_as if found is not None else ""
    return chosen if chosen in ("ms", "mr") else ""


def _with_calendar(
    company: Company, values: FormValues, checked: Checked, *, typed_over: bool
) -> Company:
    """The company with the form's events and holiday country. A new application typed under
    the name of a known company keeps that company's country unless one is picked."""
    country = values.country.strip().upper() or None
    region = (values.region.strip() or None) if country else None
    if typed_over and country is None:
        country, region = company.country, company.subdivision
    return replace(
        company,
        blackout_dates=sorted(checked.events or []),
        country=country,
        subdivision=region,
    )


def save_form(
    db: Database, values: FormValues, checked: Checked, now: datetime, draft_key: str
) -> SaveOutcome:
    """Write everything the form holds (``checked`` must be ok) and delete its draft."""
    if not checked.ok or checked.starts_at is None:
        raise ValueError("the form has errors; check() first")
    created: list[str] = []
    with transaction(db):
        app, company, new_app = _application(db, values, checked, created, now)
        before = {} if new_app else snapshot(db, [app.id])
        wanted_company = _with_calendar(company, values, checked, typed_over=new_app)
        if wanted_company != company:
            company = wanted_company
            writes.save_company(db, company, now)
        known = {c.id: c for c in queries.list_contacts(db, company.id)}
        ids: list[str] = []
        said: dict[str, str] = {}
        taken: set[str] = set()
        for person in values.people:
            if person.blank():
                continue
            contact, write = _person(db, person, company, known, taken)
            if write:
                if contact.id not in known:
                    created.append(f"New contact: {contact.name}")
                writes.save_contact(db, contact)
                known[contact.id] = contact
            ids.append(contact.id)
            if person.notes.strip():
                said[contact.id] = person.notes.strip()
        stage = Stage.INTERVIEWING if app.stage == Stage.APPLIED else app.stage
        wanted = replace(
            app,
            stage=stage,
            decision_expected_by=checked.decision,
            language=normal_language(values.language),  # None: from the company
        )
        if new_app or wanted != app:
            writes.save_application(db, wanted, now)
        interview_id = values.interview_id
        if new_app and queries.get_interview(db, interview_id) is None:
            interview_id = new_id(db, "interviews", f"{app.id}-1")  # not another app's round
        interview = Interview(
            id=interview_id,
            application=app.id,
            starts_at=checked.starts_at,
            timezone=checked.zone_name,
            duration_minutes=checked.duration,
            format=InterviewFormat(values.format) if values.format else None,
            round=values.round or None,
            interviewers=ids,
            notes=InterviewNotes(**{k: values.notes.get(k, "").strip() for k in NOTE_FIELDS}),
            interviewer_notes=said,
        )
        writes.save_interview(db, interview, now)
        drafts.discard_draft(db, draft_key)
        after = queries.list_followups(db, applications=[app.id])
    pending = [f for f in after if f.status in PENDING_STATUSES]
    people = queries.contacts_by_id(db, {f.contact for f in after if f.contact})
    names = {c.id: c.name for c in people.values()}
    return SaveOutcome(
        interview_id=interview.id,
        application_id=app.id,
        title=f"{company.name} — {app.role}" if app.role else company.name,
        changes=plan_diff(before, after),
        pending=pending,
        names=names,
        created=created,
    )
