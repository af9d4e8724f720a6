"""A meeting invitation becomes an interview: match people to contacts, guess the application,
then save (one transaction) and plan, exactly as the interview form's save does.

The interview's id comes from the invitation's UID, so importing the same invitation again (for
example after the employer moved the meeting) updates that interview and re-plans it instead of
adding a second one; notes already written for it are kept.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime

from followup_desktop.core.ics_import import Invite, Person, email_domain
from followup_desktop.core.model import (
    ENDED_STAGES,
    Application,
    Contact,
    Interview,
    InterviewFormat,
    InterviewNotes,
    Profile,
    Stage,
)
from followup_desktop.core.planner import PlanResult
from followup_desktop.store import queries, writes
from followup_desktop.store.db import Database, StoreError, transaction

#: Mail and meeting providers: their domain says nothing about the employer.
GENERIC_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "google.com",
        "calendar.google.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "zoom.us",
        "calendly.com",
    }
)
_STAGE_PREFERENCE = {
    Stage.INTERVIEWING: 0,
    Stage.APPLIED: 1,
    Stage.OFFER: 2,
    Stage.ACCEPTED: 3,
    Stage.DECLINED: 4,
}


@dataclass(frozen=True)
class PersonMatch:
    """Someone on the invitation, and the contact they are (None: a new contact)."""

    person: Person
    contact: Contact | None

    @property
    def label(self) -> str:
        return self.contact.name if self.contact else (self.person.name or self.person.email)


@dataclass(frozen=True)
class Guess:
    application: str | None
    why: str


@dataclass(frozen=True)
class InviteResult:
    interview: Interview
    created_contacts: list[Contact]
    updated: bool  # True: the same invitation had been imported before
    plan: PlanResult

    def sentence(self, company: str) -> str:
        verb = "Updated" if self.updated else "Added"
        text = f"{verb} the interview with {company}"
        if self.created_contacts:
            names = ", ".join(c.name for c in self.created_contacts)
            text += f" (new contact{'s' if len(self.created_contacts) > 1 else ''}: {names})"
        planned = sum(1 for f in self.plan.followups if f.interview == self.interview.id)
        return f"{text}; {planned} follow-up{'s' if planned != 1 else ''} planned from it."


INVITATION_NOTE = "Invitation: "


def invitation_note(invite: Invite) -> str:
    """What the interview keeps of the invitation: its title, place and meeting link."""
    parts = [f"{INVITATION_NOTE}“{invite.summary}”"]
    if invite.location and invite.location != invite.video_link:
        parts.append(invite.location)
    if invite.video_link:
        parts.append(invite.video_link)
    return " — ".join(parts)


def interview_id(application_id: str, uid: str) -> str:
    """Stable per invitation (UID) and application."""
    digest = hashlib.sha1(uid.encode("utf-8"), usedforsecurity=False).hexdigest()[:10]
    return f"{application_id}-invite-{digest}"


def _is_user(person: Person, profile: Profile) -> bool:
    """The user themself: their address, or their name when no address is set."""
    if profile.email:
        return person.key == profile.email.strip().casefold()
    name = profile.name.strip().casefold()
    return bool(name) and person.name.strip().casefold() == name


def match_people(db: Database, invite: Invite) -> list[PersonMatch]:
    """Organizer and attendees except the user, each with the contact of the same address."""
    user = queries.get_profile(db)
    by_email = {c.email.strip().casefold(): c for c in queries.list_contacts(db) if c.email}
    return [
        PersonMatch(person, by_email.get(person.key))
        for person in invite.people
        if not _is_user(person, user)
    ]


def _domain_words(domain: str) -> set[str]:
    labels = domain.split(".")
    return {w for label in labels[:-1] for w in re.split(r"[^a-z0-9]+", label) if len(w) >= 3}


def _name_words(name: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", name.casefold()) if len(w) >= 3}


def _best_application(apps: list[Application]) -> Application | None:
    live = [a for a in apps if a.stage not in ENDED_STAGES]
    return min(live or apps, key=lambda a: (_STAGE_PREFERENCE.get(a.stage, 9), a.id), default=None)


def guess_application(db: Database, invite: Invite) -> Guess:
    """The application an invitation most likely belongs to, from the people's addresses."""
    user = queries.get_profile(db)
    people = [p for p in invite.people if not _is_user(p, user)]
    apps_by_company: dict[str, list[Application]] = defaultdict(list)
    for application in queries.list_applications(db):
        apps_by_company[application.company].append(application)
    companies = {c.id: c for c in queries.list_companies(db)}
    contacts = queries.list_contacts(db)
    known = {c.email.strip().casefold(): c for c in contacts if c.email}
    for person in people:  # someone we know: their company
        contact = known.get(person.key)
        app = _best_application(apps_by_company.get(contact.company, [])) if contact else None
        if contact and app:
            name = companies[contact.company].name if contact.company in companies else ""
            return Guess(app.id, f"{contact.name} is one of your contacts at {name}.")
    domains = [email_domain(p.email) for p in people]
    domains = [d for d in dict.fromkeys(domains) if d and d not in GENERIC_DOMAINS]
    for domain in domains:
        same = {c.company for c in contacts if c.email and email_domain(c.email) == domain}
        words = _domain_words(domain)
        named = {cid for cid, c in companies.items() if words & _name_words(c.name)}
        for company in sorted(same) + sorted(named - same):
            app = _best_application(apps_by_company.get(company, []))
            if app is not None:
                return Guess(
                    app.id, f"Guessed from the address @{domain}: {companies[company].name}."
                )
    return Guess(None, "No application matches the addresses on the invitation; choose one.")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "contact"


def _new_contact(company: str, person: Person, taken: set[str]) -> Contact:
    base = _slug(person.name or person.email.split("@")[0])
    cid, n = base, 2
    while cid in taken:
        cid, n = f"{base}-{n}", n + 1
    taken.add(cid)
    name = person.name or person.email.split("@")[0].replace(".", " ").title()
    return Contact(id=cid, company=company, name=name, email=person.email)


def import_invite(
    db: Database,
    invite: Invite,
    *,
    application_id: str,
    people: list[PersonMatch],
    starts_at: datetime,
    zone: str | None,
    duration_minutes: int | None,
    interview_format: InterviewFormat | None,
    now: datetime,
) -> InviteResult:
    """Create (or update) the interview and its new contacts, then plan: one transaction."""
    if starts_at.tzinfo is None:
        raise StoreError("The interview's start needs a time zone.")
    app = queries.get_application(db, application_id)
    if app is None:
        raise StoreError(f"There is no application {application_id!r}.")
    iid = interview_id(application_id, invite.uid)
    with transaction(db):
        taken = {r[0] for r in db.execute("SELECT id FROM contacts").fetchall()}
        created: list[Contact] = []
        interviewers: list[str] = []
        known = {c.email.strip().casefold(): c for c in queries.list_contacts(db) if c.email}
        for match in people:
            contact = match.contact or known.get(match.person.key)  # matched since, perhaps
            if contact is None:
                contact = _new_contact(app.company, match.person, taken)
                writes.save_contact(db, contact)
                created.append(contact)
                known[match.person.key] = contact
            if contact.id not in interviewers:
                interviewers.append(contact.id)
        before = queries.get_interview(db, iid)
        count = len(queries.list_interviews(db, [application_id]))
        interview = Interview(
            id=iid,
            application=application_id,
            starts_at=starts_at,
            timezone=zone,
            duration_minutes=duration_minutes,
            format=interview_format,
            round=before.round if before else count + 1,
            interviewers=interviewers,
        )
        notes = before.notes if before is not None else InterviewNotes()
        if not notes.next_steps.strip() or notes.next_steps.startswith(INVITATION_NOTE):
            notes = replace(notes, next_steps=invitation_note(invite))  # the user's text wins
        interview = replace(interview, notes=notes)
        if before is not None:  # keep what the user wrote about each interviewer
            interview = replace(interview, interviewer_notes=before.interviewer_notes)
        plan = writes.save_interview(db, interview, now)
    return InviteResult(interview, created, before is not None, plan)
