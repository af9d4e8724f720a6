"""Undo and redo of one action (store/undo.py): the rows the action changed are put back in one
transaction and re-planned; a row changed since by something else refuses, writing nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from followup_desktop.core.model import Communication, Direction, FollowUpStatus, Stage
from followup_desktop.core.reminders import Told
from followup_desktop.store import people, queries, reminder_state, undo, writes
from followup_desktop.store.db import StoreError
from tests.builders import NOW, NY, add_acme, build_jobs

DANA = "acme-be-1/thank_you/dana"
CHECK_IN = "acme-be-1/check_in/dana"


@pytest.fixture
def jobs(db):
    build_jobs(db)
    return db


def everything(db) -> dict[str, list[tuple]]:
    """Every row of the tables an undo may touch, to compare whole databases."""
    return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in undo.TABLES}


def followup_action(db, followup_id, write):
    return undo.recorded(db, undo.followup_scope(db, followup_id), write)[1]


def test_undo_of_mark_done_puts_the_item_back_and_redo_does_it_again(jobs):
    start = everything(jobs)
    change = followup_action(jobs, DANA, lambda: writes.mark_done(jobs, DANA, NOW))
    done = everything(jobs)
    assert queries.get_followup(jobs, DANA).status == FollowUpStatus.DONE
    assert not change.is_empty()
    undo.restore(jobs, change.after, change.before, NOW)
    assert everything(jobs) == start
    undo.restore(jobs, change.before, change.after, NOW)
    assert everything(jobs) == done


def test_undo_of_a_reschedule_restores_the_time_the_manual_flag_and_the_plan(jobs):
    before = queries.get_followup(jobs, CHECK_IN)
    moved = datetime(2026, 12, 1, 11, 15, tzinfo=NY)
    change = followup_action(jobs, CHECK_IN, lambda: writes.reschedule(jobs, CHECK_IN, moved, NOW))
    assert queries.get_followup(jobs, CHECK_IN).manual
    undo.restore(jobs, change.after, change.before, NOW)
    back = queries.get_followup(jobs, CHECK_IN)
    assert (back.due, back.manual, back.reason) == (before.due, False, before.reason)


def test_undo_of_a_logged_reply_reopens_the_check_ins_it_cancelled(jobs):
    reply = Communication("r1", "acme-be", NOW, Direction.RECEIVED, "dana")
    change = undo.recorded(
        jobs,
        undo.applications_scope(["acme-be"]),
        lambda: writes.log_communication(jobs, reply, NOW),
    )[1]
    assert queries.get_followup(jobs, CHECK_IN).status == FollowUpStatus.CANCELLED
    changes = undo.restore(jobs, change.after, change.before, NOW)
    assert queries.get_followup(jobs, CHECK_IN).status == FollowUpStatus.PLANNED
    assert [c.id for c in queries.list_communications(jobs, ["acme-be"])] == []
    assert changes == []  # the rows came back as they were: the re-plan had nothing to do


def test_undo_of_a_stage_change_removes_what_it_planned(jobs):
    start = everything(jobs)
    change = undo.recorded(
        jobs,
        undo.applications_scope(["acme-be"]),
        lambda: writes.set_stage(jobs, "acme-be", Stage.OFFER, NOW),
    )[1]
    kinds = {f.kind for f in queries.list_followups(jobs, applications=["acme-be"])}
    assert "offer_reply" in kinds
    undo.restore(jobs, change.after, change.before, NOW)
    assert everything(jobs) == start


def test_undo_of_deleting_a_company_brings_back_everything_with_the_reminders_told(jobs):
    reminder_state.record_told(jobs, {DANA: Told(NOW, NOW, None)})
    start = everything(jobs)
    scope = undo.companies_scope(jobs, ["acme"])
    change = undo.recorded(jobs, scope, lambda: people.delete_company(jobs, "acme", NOW))[1]
    assert queries.get_company(jobs, "acme") is None
    assert queries.get_application(jobs, "acme-be") is None
    undo.restore(jobs, change.after, change.before, NOW)
    assert everything(jobs) == start  # reminder_log included: the thank-you is not told twice
    undo.restore(jobs, change.before, change.after, NOW)
    assert queries.get_company(jobs, "acme") is None


def test_undo_of_deleting_a_contact_puts_them_back_on_their_interview(jobs):
    start = everything(jobs)
    scope = undo.contacts_scope(jobs, ["dana"])
    change = undo.recorded(jobs, scope, lambda: people.delete_contact(jobs, "dana", NOW))[1]
    assert "dana" not in queries.get_interview(jobs, "acme-be-1").interviewers
    undo.restore(jobs, change.after, change.before, NOW)
    assert everything(jobs) == start


def test_undo_of_a_merge_of_contacts_and_of_companies(db):
    add_acme(db, NOW)
    from followup_desktop.core.model import Company, Contact

    writes.save_contact(db, Contact("dana-2", "acme", "Dana Lee", email="dana@acme.example"))
    writes.log_communication(
        db, Communication("c1", "acme-be", NOW, Direction.SENT, contact="dana-2"), NOW
    )
    writes.save_company(db, Company("acme-inc", "ACME Inc", "America/New_York"), NOW)
    start = everything(db)
    scope = undo.contacts_scope(db, ["dana", "dana-2"])
    merged = undo.recorded(
        db, scope, lambda: people.merge_contacts(db, "dana", ["dana", "dana-2"], NOW)
    )[1]
    assert queries.contacts_by_id(db, ["dana-2"]) == {}
    scope = undo.companies_scope(db, ["acme", "acme-inc"])
    joined = undo.recorded(
        db, scope, lambda: people.merge_companies(db, "acme", ["acme", "acme-inc"], NOW)
    )[1]
    undo.restore(db, joined.after, joined.before, NOW)
    undo.restore(db, merged.after, merged.before, NOW)
    assert everything(db) == start


def test_an_undo_after_the_record_was_deleted_says_so_and_writes_nothing(jobs):
    change = followup_action(jobs, DANA, lambda: writes.mark_done(jobs, DANA, NOW))
    people.delete_company(jobs, "acme", NOW)  # another action, not on the stack
    after_delete = everything(jobs)
    with pytest.raises(undo.UndoConflict) as raised:
        undo.restore(jobs, change.after, change.before, NOW)
    assert str(raised.value) == "the application was deleted since"
    assert isinstance(raised.value, StoreError)
    assert everything(jobs) == after_delete


def test_an_undo_after_the_item_was_changed_elsewhere_refuses(jobs):
    change = followup_action(jobs, DANA, lambda: writes.mark_done(jobs, DANA, NOW))
    writes.skip(jobs, DANA, "changed my mind", NOW)  # e.g. from the tray
    with pytest.raises(undo.UndoConflict, match="the thank-you was changed since"):
        undo.restore(jobs, change.after, change.before, NOW)
    assert queries.get_followup(jobs, DANA).status == FollowUpStatus.SKIPPED


def test_a_redo_after_an_undo_then_another_change_refuses(jobs):
    change = followup_action(jobs, DANA, lambda: writes.mark_done(jobs, DANA, NOW))
    undo.restore(jobs, change.after, change.before, NOW)
    writes.snooze(jobs, DANA, NOW + timedelta(days=2), NOW)
    with pytest.raises(undo.UndoConflict):
        undo.restore(jobs, change.before, change.after, NOW)
    assert queries.get_followup(jobs, DANA).status == FollowUpStatus.SNOOZED


def test_re_planning_in_between_is_not_a_change_that_refuses(jobs):
    """Time passes and the plan moves planned items the user never touched: still undoable."""
    change = followup_action(jobs, DANA, lambda: writes.mark_done(jobs, DANA, NOW))
    later = NOW + timedelta(days=12)
    writes.save_profile(jobs, queries.get_profile(jobs), later)  # re-plans everything
    undo.restore(jobs, change.after, change.before, later)
    assert queries.get_followup(jobs, DANA).status == FollowUpStatus.PLANNED


def test_an_action_that_changed_nothing_is_empty(jobs):
    change = undo.recorded(jobs, undo.applications_scope(["acme-be"]), lambda: None)[1]
    assert change.is_empty()
    assert undo.followup_scope(jobs, "no-such-item") == undo.UndoScope()


def test_a_merge_moves_what_the_reminders_told_and_its_undo_brings_it_back(db):
    from followup_desktop.core.model import Contact, Interview

    add_acme(db, NOW)
    writes.save_contact(db, Contact("dana-2", "acme", "Dana Lee"))
    second = Interview("acme-be-2", "acme-be", NOW - timedelta(days=1), interviewers=["dana-2"])
    writes.save_interview(db, second, NOW)
    reminder_state.record_told(db, {"acme-be-2/thank_you/dana-2": Told(NOW, NOW, None)})
    start = everything(db)
    scope = undo.contacts_scope(db, ["dana", "dana-2"])
    merged = undo.recorded(db, scope, lambda: people.merge_contacts(db, "dana", ["dana-2"], NOW))
    assert set(reminder_state.load_told(db)) == {"acme-be-2/thank_you/dana"}
    undo.restore(db, merged[1].after, merged[1].before, NOW)
    assert everything(db) == start


def test_the_search_index_follows_an_undo(jobs):
    assert queries.search(jobs, "northwind")
    scope = undo.companies_scope(jobs, ["northwind"])
    change = undo.recorded(jobs, scope, lambda: people.delete_company(jobs, "northwind", NOW))[1]
    assert not queries.search(jobs, "northwind")
    undo.restore(jobs, change.after, change.before, NOW)
    assert {hit.kind for hit in queries.search(jobs, "northwind")} >= {"company"}
    assert {hit.kind for hit in queries.search(jobs, "jonas")} >= {"contact"}
