"""Contacts and companies: duplicates found, merged in one transaction, plans kept sane."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from followup_desktop.core.model import (
    Application,
    Communication,
    Company,
    Contact,
    Direction,
    FollowUpStatus,
    Interview,
    Stage,
)
from followup_desktop.store import people, queries, writes
from followup_desktop.store.db import StoreError
from tests.builders import add_acme


def _duplicate_dana(db, now):
    """A second 'Dana Lee' (same email) who gave a second interview."""
    add_acme(db, now)
    writes.save_contact(db, Contact("dana-2", "acme", "dana lee", email="dana@acme.example"))
    writes.save_contact(db, Contact("dana3", "acme", "D. Lee", email="DANA@acme.example"))
    db.execute("UPDATE contacts SET email = 'dana@acme.example', phone = NULL WHERE id = 'dana'")
    db.conn.commit()
    writes.save_interview(
        db,
        Interview(
            "acme-be-2",
            "acme-be",
            datetime(2026, 11, 20, 15, 0, tzinfo=UTC),
            interviewers=["dana-2"],
            interviewer_notes={"dana-2": "Second chat about the ledger."},
        ),
        now,
    )
    writes.log_communication(
        db, Communication("c1", "acme-be", now, Direction.SENT, contact="dana3"), now
    )


def test_slug_and_new_id(db, now):
    assert people.slug("Léa Schmitt") == "lea-schmitt"
    assert people.slug("!!!") == "item"
    add_acme(db, now)
    assert people.new_id(db, "contacts", "Dana") == "dana-2"
    assert people.new_id(db, "contacts", "Dana", {"dana-2"}) == "dana-3"
    assert people.new_id(db, "companies", "Initech") == "initech"


def test_duplicate_contacts_by_name_or_email(db, now):
    _duplicate_dana(db, now)
    groups = people.duplicate_contacts(db)
    assert [[c.id for c in g] for g in groups] == [["dana", "dana3", "dana-2"]]


def test_merge_contacts_moves_everything_and_replans(db, now):
    _duplicate_dana(db, now)
    writes.save_contact(
        db, Contact("dana-2", "acme", "dana lee", email="dana@acme.example", phone="+1 555")
    )
    result = people.merge_contacts(db, "dana", ["dana-2", "dana3"], now)
    assert result.merged == ["dana-2", "dana3"]
    assert {c.id for c in queries.list_contacts(db)} == {"dana"}
    dana = queries.contacts_by_id(db)["dana"]
    assert dana.phone == "+1 555"  # filled from the duplicate
    interview = queries.get_interview(db, "acme-be-2")
    assert interview.interviewers == ["dana"]
    assert interview.interviewer_notes == {"dana": "Second chat about the ledger."}
    assert queries.list_communications(db)[0].contact == "dana"
    items = queries.list_followups(db, applications=["acme-be"])
    assert all(f.contact == "dana" for f in items if f.contact)
    assert "acme-be-2/thank_you/dana" in {f.id for f in items}  # renamed, not planned twice
    ids = [f.id for f in items]
    assert len(ids) == len(set(ids))
    # the search index follows the merge
    assert {h.ref for h in queries.search(db, "ledger") if h.kind == "interviewer_notes"} == {
        "acme-be-2/dana"
    }


def test_merging_two_interviewers_of_one_interview_joins_their_notes(db, now):
    add_acme(db, now)
    writes.save_contact(db, Contact("dl", "acme", "Dana L."))
    interview = queries.get_interview(db, "acme-be-1")
    interview.interviewers.append("dl")
    interview.interviewer_notes["dl"] = "Talked about hiring."
    writes.save_interview(db, interview, now)
    people.merge_contacts(db, "dana", ["dl"], now)
    merged = queries.get_interview(db, "acme-be-1")
    assert merged.interviewers == ["dana"]
    assert (
        merged.interviewer_notes["dana"] == "Asked about on-call rotations.\nTalked about hiring."
    )
    pending = [
        f
        for f in queries.list_followups(db, applications=["acme-be"])
        if f.status == FollowUpStatus.PLANNED
    ]
    assert [f.id for f in pending if f.kind == "thank_you"] == ["acme-be-1/thank_you/dana"]


def test_a_failed_merge_changes_nothing(db, now):
    _duplicate_dana(db, now)
    with pytest.raises(StoreError, match="no contact 'ghost'"):
        people.merge_contacts(db, "dana", ["dana-2", "ghost"], now)
    assert {c.id for c in queries.list_contacts(db)} == {"dana", "dana-2", "dana3"}
    assert queries.get_interview(db, "acme-be-2").interviewers == ["dana-2"]


def test_merge_companies_moves_people_and_applications_and_joins_calendars(db, now):
    add_acme(db, now)
    writes.save_company(
        db, Company("acme-inc", "ACME Inc.", blackout_dates=[date(2026, 12, 1)], notes="Dup"), now
    )
    writes.save_contact(db, Contact("omar", "acme-inc", "Omar"))
    writes.save_application(db, Application("acme-2", "acme-inc", "SRE", Stage.APPLIED), now)
    assert [[c.id for c in g] for g in people.duplicate_companies(db)] == [["acme", "acme-inc"]]
    people.merge_companies(db, "acme", ["acme-inc"], now)
    acme = queries.get_company(db, "acme")
    assert acme.timezone == "America/New_York"
    assert acme.blackout_dates == [date(2026, 12, 1)]
    assert acme.notes == "Dup"
    assert queries.get_company(db, "acme-inc") is None
    assert queries.get_application(db, "acme-2").company == "acme"
    assert queries.contacts_by_id(db)["omar"].company == "acme"


def test_update_company_blackout_replans(db, now):
    add_acme(db, now)
    acme = queries.get_company(db, "acme")
    acme.blackout_dates = [date(2026, 11, 27)]  # the check-in day (26th: Thanksgiving)
    results = people.update_company(db, acme, now)
    assert any("moved" in line for line in results["acme-be"].changes)
    with pytest.raises(StoreError):
        people.update_company(db, Company("acme", " "), now)


def test_person_history(db, now):
    _duplicate_dana(db, now)
    history = people.person_history(db, "dana")
    assert [i.id for i in history.interviews] == ["acme-be-1"]
    assert history.titles == {"acme-be": "Acme Corp — Backend Engineer"}
    assert history.followups and all(f.contact == "dana" for f in history.followups)
    assert people.person_history(db, "nobody") is None
    assert [c.id for c in people.communications_for_contact(db, "dana3")] == ["c1"]
