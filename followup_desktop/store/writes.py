"""What the UI and the command line change. Each public function is one user action: one
transaction, re-planning what it affects before it commits."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from followup_desktop.core.model import (
    Application,
    Communication,
    Company,
    Contact,
    FollowUp,
    FollowUpStatus,
    Interview,
    Profile,
    Stage,
    Template,
)
from followup_desktop.core.planner import PlanResult
from followup_desktop.store import queries, records
from followup_desktop.store.db import Database, StoreError, transaction
from followup_desktop.store.planning import replan, replan_all


def save_profile(db: Database, profile: Profile, now: datetime) -> dict[str, PlanResult]:
    """Settings change the calendar of every plan, so everything is re-planned."""
    with transaction(db):
        db["profile"].upsert(records.profile_to_row(profile), pk="id")
        return replan_all(db, now)


def save_company(db: Database, company: Company, now: datetime) -> None:
    with transaction(db):
        db["companies"].upsert(records.company_to_row(company), pk="id")
        ids = [
            r[0]
            for r in db.execute(
                "SELECT id FROM applications WHERE company = ?", [company.id]
            ).fetchall()
        ]
        replan(db, ids, now)


def save_contact(db: Database, contact: Contact) -> None:
    with transaction(db):
        db["contacts"].upsert(records.contact_to_row(contact), pk="id")


def save_application(db: Database, application: Application, now: datetime) -> PlanResult | None:
    """Insert or update an application; a stage change is stamped with ``now``."""
    with transaction(db):
        before = queries.get_application(db, application.id)
        if before is None or before.stage != application.stage:
            application = replace(application, stage_changed_at=now)
        db["applications"].upsert(records.application_to_row(application), pk="id")
        return replan(db, [application.id], now).get(application.id)


def set_stage(db: Database, application_id: str, stage: Stage, now: datetime) -> PlanResult:
    app = queries.get_application(db, application_id)
    if app is None:
        raise StoreError(f"There is no application {application_id!r}.")
    result = save_application(db, replace(app, stage=stage), now)
    assert result is not None
    return result


def save_interview(db: Database, interview: Interview, now: datetime) -> PlanResult:
    """The notes form's save: the interview, its interviewers, then the new plan."""
    with transaction(db):
        row, people = records.interview_to_rows(interview)
        db["interviews"].upsert(row, pk="id")
        db.execute("DELETE FROM interviewers WHERE interview = ?", [interview.id])
        if people:
            db["interviewers"].insert_all(people)
        return replan(db, [interview.application], now)[interview.application]


def log_communication(
    db: Database, comm: Communication, now: datetime, *, said: str | None = None
) -> PlanResult:
    """A logged reply re-plans: pending check-ins of the application are cancelled. ``said``
    (what a reply said: "invitation", "availability", ...) is kept in the row's ``extra``
    fields, so an export carries it and an import brings it back."""
    with transaction(db):
        db["communications"].upsert(records.communication_to_row(comm), pk="id")
        if said is not None:
            db.execute(
                "UPDATE communications SET extra = json_set(coalesce(extra, '{}'), '$.said', ?) "
                "WHERE id = ?",
                [said, comm.id],
            )
        return replan(db, [comm.application], now)[comm.application]


def save_template(db: Database, template: Template) -> None:
    with transaction(db):
        db["templates"].upsert(records.template_to_row(template), pk="id")


def set_setting(db: Database, key: str, value: str) -> None:
    with transaction(db):
        db["settings"].upsert({"key": key, "value": value}, pk="key")


def _update_followup(db: Database, followup: FollowUp) -> None:
    db["followups"].upsert(records.followup_to_row(followup), pk="id")


def _require_followup(db: Database, followup_id: str) -> FollowUp:
    found = queries.get_followup(db, followup_id)
    if found is None:
        raise StoreError(f"There is no follow-up {followup_id!r}.")
    return found


def mark_done(db: Database, followup_id: str, now: datetime) -> FollowUp:
    with transaction(db):
        item = replace(_require_followup(db, followup_id), status=FollowUpStatus.DONE, done_at=now)
        _update_followup(db, item)
        replan(db, [item.application], now)
        return item


def skip(db: Database, followup_id: str, why: str, now: datetime) -> FollowUp:
    with transaction(db):
        item = replace(
            _require_followup(db, followup_id),
            status=FollowUpStatus.SKIPPED,
            status_reason=why or "Skipped by you",
        )
        _update_followup(db, item)
        replan(db, [item.application], now)
        return item


def reschedule(db: Database, followup_id: str, due: datetime, now: datetime) -> FollowUp:
    """A manual move wins over the rules and survives every later re-plan."""
    with transaction(db):
        item = replace(
            _require_followup(db, followup_id),
            due=due,
            manual=True,
            status=FollowUpStatus.PLANNED,
            snoozed_until=None,
        )
        _update_followup(db, item)
        replan(db, [item.application], now)
        return item


def snooze(db: Database, followup_id: str, until: datetime, now: datetime) -> FollowUp:
    with transaction(db):
        item = replace(
            _require_followup(db, followup_id),
            status=FollowUpStatus.SNOOZED,
            snoozed_until=until,
            due=until,
            manual=True,
        )
        _update_followup(db, item)
        replan(db, [item.application], now)
        return item
