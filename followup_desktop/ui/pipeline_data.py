"""The rows of the pipeline table, read from the store in a handful of queries (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlite_utils import Database

from followup_desktop.core.model import ENDED_STAGES, PENDING_STATUSES, Direction, FollowUp, Stage
from followup_desktop.store import queries
from followup_desktop.ui import fmt

#: The order stages sort in: the way an application travels.
STAGE_ORDER = {stage: index for index, stage in enumerate(Stage)}


@dataclass(frozen=True, slots=True)
class PipelineRow:
    """One application as the pipeline shows it."""

    application: str
    company: str
    role: str
    stage: Stage
    next_followup: FollowUp | None
    next_person: str | None
    badge: str  # "due", "overdue" or ""
    last_contact: datetime | None
    days_since_reply: int | None

    @property
    def active(self) -> bool:
        return self.stage not in ENDED_STAGES

    def matches_text(self, needle: str) -> bool:
        """Plain, case-insensitive match on company and role."""
        return needle in self.company.casefold() or needle in self.role.casefold()


def pipeline_rows(db: Database, now: datetime, zone: tzinfo) -> list[PipelineRow]:
    """Every application with its next pending follow-up, last contact and last reply."""
    companies = {c.id: c.name for c in queries.list_companies(db)}
    contacts = dict(db.execute("SELECT id, name FROM contacts").fetchall())
    next_due: dict[str, FollowUp] = {}
    for item in queries.list_followups(db, statuses=PENDING_STATUSES):  # ordered by due
        next_due.setdefault(item.application, item)
    last_contact: dict[str, datetime] = {}
    last_reply: dict[str, datetime] = {}
    for comm in queries.list_communications(db):  # ordered by time
        last_contact[comm.application] = comm.at
        if comm.direction == Direction.RECEIVED:
            last_reply[comm.application] = comm.at
    for interview in queries.list_interviews(db):  # an interview held is contact too
        seen = last_contact.get(interview.application)
        if interview.starts_at <= now and (seen is None or interview.starts_at > seen):
            last_contact[interview.application] = interview.starts_at

    rows = []
    for app in queries.list_applications(db):
        item = next_due.get(app.id)
        reply = last_reply.get(app.id)
        rows.append(
            PipelineRow(
                application=app.id,
                company=companies.get(app.company, app.company),
                role=app.role,
                stage=app.stage,
                next_followup=item,
                next_person=contacts.get(item.contact) if item and item.contact else None,
                badge=fmt.due_badge(item.due, now, zone) if item else "",
                last_contact=last_contact.get(app.id),
                days_since_reply=fmt.days_between(reply, now, zone) if reply else None,
            )
        )
    return rows


def matching_applications(db: Database, text: str) -> set[str]:
    """Application ids the full-text index finds for ``text`` (notes, log, people, companies)."""
    hits = queries.search(db, text, limit=500)
    found = {hit.application for hit in hits if hit.application}
    companies = {hit.ref for hit in hits if hit.kind == "company"}
    contacts = [hit.ref for hit in hits if hit.kind == "contact"]
    if contacts:
        people = queries.contacts_by_id(db, contacts)
        companies |= {person.company for person in people.values()}
        marks = ",".join("?" * len(contacts))
        found |= {
            r[0]
            for r in db.execute(
                f"SELECT id FROM applications WHERE contact IN ({marks})", contacts
            ).fetchall()
        }
    if companies:
        marks = ",".join("?" * len(companies))
        found |= {
            r[0]
            for r in db.execute(
                f"SELECT id FROM applications WHERE company IN ({marks})", list(companies)
            ).fetchall()
        }
    return found
