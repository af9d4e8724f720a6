"""The pipeline's one query agrees with the plain reading of the store, and search finds
applications through companies, people, notes and the log."""

from __future__ import annotations

from datetime import timedelta

from followup_desktop.core.model import PENDING_STATUSES, Communication, Direction
from followup_desktop.store import queries, writes
from followup_desktop.store.demo import fill_demo
from followup_desktop.store.pipeline_query import pipeline_records, search_applications


def _expected(db, now):
    """The same facts computed the slow, obvious way."""
    companies = {c.id: c.name for c in queries.list_companies(db)}
    people = {c.id: c.name for c in queries.list_contacts(db)}
    out = {}
    for app in queries.list_applications(db):
        pending = queries.list_followups(db, statuses=PENDING_STATUSES, applications=[app.id])
        comms = queries.list_communications(db, [app.id])
        held = [i.starts_at for i in queries.list_interviews(db, [app.id]) if i.starts_at <= now]
        contact = [c.at for c in comms] + held
        replies = [c.at for c in comms if c.direction == Direction.RECEIVED]
        first = pending[0] if pending else None
        out[app.id] = (
            companies[app.company],
            app.role,
            str(app.stage),
            (first.id, str(first.kind), first.due, people.get(first.contact), first.timezone)
            if first
            else None,
            max(contact, default=None),
            max(replies, default=None),
        )
    return out


def test_the_query_matches_the_store_on_the_demo(db, now):
    fill_demo(db, now)
    got = {
        r.application: (
            r.company,
            r.role,
            r.stage,
            (
                r.next_item.id,
                r.next_item.kind,
                r.next_item.due,
                r.next_item.person,
                r.next_item.timezone,
            )
            if r.next_item
            else None,
            r.last_contact,
            r.last_reply,
        )
        for r in pipeline_records(db, now)
    }
    assert got == _expected(db, now)
    assert len(got) == 8


def test_a_reply_moves_last_reply_and_last_contact(db, now):
    fill_demo(db, now)
    at = now - timedelta(hours=1)
    writes.log_communication(
        db, Communication("r1", "acme-be", at, Direction.RECEIVED, contact="dana"), now
    )
    row = next(r for r in pipeline_records(db, now) if r.application == "acme-be")
    assert row.last_reply == at and row.last_contact == at


def test_search_finds_applications_by_company_person_notes_and_log(db, now):
    fill_demo(db, now)
    assert search_applications(db, "") == set()
    assert search_applications(db, "northw") == {"northwind-sre"}  # company name, as typed
    assert search_applications(db, "Haruto") == {"sakura-robotics"}  # a person
    assert search_applications(db, "outbox pattern") == {"acme-be"}  # interview notes
    assert search_applications(db, "exactly-once") == {"acme-be"}  # one interviewer's notes
    assert search_applications(db, "internal candidate") == {"fernhill-platform"}  # the log
    assert search_applications(db, "zzzz") == set()
    assert search_applications(db, '"; DROP TABLE x') == search_applications(db, "DROP TABLE x")
