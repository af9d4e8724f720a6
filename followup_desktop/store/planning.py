"""Re-planning applications against the store: load the state, ask core/planner, write the result.

Every path that changes what a plan depends on (the notes form, import, a logged reply, a stage
change) ends in :func:`replan`, inside the caller's transaction, so the plan is identical whichever
way the data arrived.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from followup_desktop.core.planner import PlanContext, PlanResult, plan_application
from followup_desktop.store import queries, records
from followup_desktop.store.bulk import upsert_rows
from followup_desktop.store.db import Database


def replan(db: Database, application_ids: Iterable[str], now: datetime) -> dict[str, PlanResult]:
    """Re-plan the given applications (call inside a transaction); returns each result."""
    ids = list(dict.fromkeys(application_ids))
    if not ids:
        return {}
    profile = queries.get_profile(db)
    # only the rows being planned: one write re-plans one application at any size of search
    apps = queries.applications_by_id(db, ids)
    companies = queries.companies_by_id(db, {a.company for a in apps})
    interviews = defaultdict(list)
    for interview in queries.list_interviews(db, ids):
        interviews[interview.application].append(interview)
    communications = defaultdict(list)
    for comm in queries.list_communications(db, ids):
        communications[comm.application].append(comm)
    existing = defaultdict(list)
    for followup in queries.list_followups(db, applications=ids):
        existing[followup.application].append(followup)
    contact_ids = {c for a in apps if a.contact for c in [a.contact]}
    for group in interviews.values():
        for interview in group:
            contact_ids.update(interview.interviewers)
    for comms in communications.values():
        contact_ids.update(c.contact for c in comms if c.contact)
    for followups in existing.values():
        contact_ids.update(f.contact for f in followups if f.contact)
    contacts = queries.contacts_by_id(db, contact_ids)

    results: dict[str, PlanResult] = {}
    rows = []
    for app in apps:
        result = plan_application(
            PlanContext(
                profile=profile,
                company=companies[app.company],
                application=app,
                contacts=contacts,
                interviews=interviews[app.id],
                communications=communications[app.id],
                existing=existing[app.id],
                now=now,
            )
        )
        results[app.id] = result
        before = {f.id: f for f in existing[app.id]}
        rows += [records.followup_to_row(f) for f in result.followups if before.get(f.id) != f]
    rows.sort(key=lambda row: row["id"])  # in key order: ~25% faster into the id index
    upsert_rows(db, "followups", rows)
    return results


def replan_all(db: Database, now: datetime) -> dict[str, PlanResult]:
    ids = [r[0] for r in db.execute("SELECT id FROM applications").fetchall()]
    return replan(db, ids, now)
