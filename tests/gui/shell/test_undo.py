"""Edit > Undo / Redo (Ctrl+Z / Ctrl+Shift+Z) of the views' writes: each names what it undoes,
puts the rows back in one transaction, re-plans, and every view re-reads; an undo after the
records changed underneath says so in one sentence and changes nothing."""

from __future__ import annotations

import pytest

from followup_desktop.core.model import FollowUpStatus, Stage
from followup_desktop.store import people, queries
from followup_desktop.ui.log import comm_log_view as comm_log
from followup_desktop.ui.log.log_entry_dialog import LogEntryDialog, MarkSentDialog

DANA = "acme-be-1/thank_you/dana"


@pytest.fixture(autouse=True)
def _errors_collected(errors):
    yield
    assert errors == []


@pytest.fixture
def dialogs(monkeypatch):
    """The log's dialogs filled by the test (no modal loop)."""
    fill: list = []

    def run(dialog):
        fill.pop(0)(dialog)
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(comm_log, "run_dialog", run)
    return fill


def edit_action(window, prefix: str):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    return next(a for a in menu.actions() if a.text().startswith(prefix))


def mark_sent_in_the_log(window, fill):
    view = window.show_view("log")
    view.set_scope(application="acme-be")

    def sent(dialog: MarkSentDialog):
        dialog.summary.setText("Thank-you mentioning the ledger")
        assert dialog.save()

    fill.append(sent)
    view.mark_sent()
    return view


def test_the_edit_menu_names_the_write_and_undo_redo_take_it_back(filled, make_window, dialogs):
    window = make_window(filled)
    view = mark_sent_in_the_log(window, dialogs)
    undo_action = edit_action(window, "&Undo")
    assert undo_action.text() == "&Undo mark sent: Thank-you to Dana Lee"
    assert undo_action.isEnabled() and undo_action.shortcut().toString() == "Ctrl+Z"
    assert queries.get_followup(filled, DANA).status == FollowUpStatus.DONE
    assert view.list.topLevelItemCount() == 1

    undo_action.trigger()
    assert queries.get_followup(filled, DANA).status == FollowUpStatus.PLANNED
    assert queries.list_communications(filled) == []
    assert view.list.topLevelItemCount() == 0  # the shown view re-read the store
    assert window.statusBar().currentMessage() == (
        "Undone: mark sent: Thank-you to Dana Lee. The plan did not change."
    )
    redo_action = edit_action(window, "&Redo")
    assert redo_action.text() == "&Redo mark sent: Thank-you to Dana Lee"
    redo_action.trigger()
    assert queries.get_followup(filled, DANA).status == FollowUpStatus.DONE
    assert [c.summary for c in queries.list_communications(filled)] == [
        "Thank-you mentioning the ledger"
    ]
    assert view.list.topLevelItemCount() == 1


def test_undo_of_a_logged_reply_brings_the_check_ins_back(filled, make_window, dialogs):
    window = make_window(filled)
    view = window.show_view("log")
    view.set_scope(application="acme-be")

    def reply(dialog: LogEntryDialog):
        dialog.said["acknowledgement"].setChecked(True)
        assert dialog.save()

    dialogs.append(reply)
    view.log_reply()
    assert window.history.undoText() == "log a reply: Acme Corp — Backend Engineer"
    window.history.undo()
    items = queries.list_followups(filled, applications=["acme-be"])
    assert {f.kind for f in items if f.status == FollowUpStatus.PLANNED} == {
        "thank_you",
        "check_in",
        "second_follow_up",
        "move_on_review",
    }
    assert queries.list_communications(filled) == []


def test_undo_after_the_application_was_deleted_says_so_and_changes_nothing(
    filled, make_window, dialogs, now
):
    window = make_window(filled)
    mark_sent_in_the_log(window, dialogs)
    people.delete_company(filled, "acme", now)  # another action, outside the undo stack
    window.history.undo()
    assert window.statusBar().currentMessage() == (
        "Cannot undo “mark sent: Thank-you to Dana Lee”: the application was deleted since, "
        "so nothing was changed."
    )
    assert window.history.count() == 0  # it cannot be undone any more, nor redone
    assert queries.get_company(filled, "acme") is None  # nothing came back half-way
    assert queries.list_followups(filled, applications=["acme-be"]) == []


def test_undo_of_a_stage_change(filled, make_window, now):
    from followup_desktop.ui.pipeline.stage_change import change_stage
    from followup_desktop.ui.shell.undo_command import recorder

    window = make_window(filled)
    pipeline = window.show_view("pipeline")
    record = recorder(window.record_undoable, filled, lambda: now, window.statusBar().showMessage)
    change_stage(filled, "acme-be", Stage.OFFER, now, record=record)  # what move_to does
    assert window.history.undoText() == "move to Offer: Acme Corp — Backend Engineer"
    window.history.undo()
    assert queries.get_application(filled, "acme-be").stage == Stage.INTERVIEWING
    kinds = {f.kind for f in queries.list_followups(filled, applications=["acme-be"])}
    assert "offer_reply" not in kinds
    pipeline.refresh()
    assert pipeline.select("acme-be")


def test_undo_of_deleting_a_contact_and_of_a_merge(filled, make_window, monkeypatch, now):
    from followup_desktop.core.model import Contact
    from followup_desktop.store import writes

    writes.save_contact(filled, Contact("dana-2", "acme", "Dana Lee"))
    monkeypatch.setattr("followup_desktop.ui.people.records_view.ask_delete", lambda *a: True)
    monkeypatch.setattr("followup_desktop.ui.people.records_view.ask_keep", lambda *a: 0)
    window = make_window(filled)
    contacts = window.show_view("contacts")
    contacts.select("dana")
    assert contacts.delete()
    assert queries.contacts_by_id(filled, ["dana"]) == {}
    assert window.history.undoText() == "delete contact: Dana Lee"
    window.history.undo()
    assert "dana" in queries.get_interview(filled, "acme-be-1").interviewers
    shown = [contacts.list.topLevelItem(i) for i in range(contacts.list.topLevelItemCount())]
    assert sorted(item.text(0) for item in shown) == ["Dana Lee", "Dana Lee"]  # re-read

    from followup_desktop.ui.people.fields import select_ids

    select_ids(contacts.list, ["dana", "dana-2"])
    assert contacts.merge()
    merged = set(queries.contacts_by_id(filled, ["dana", "dana-2"]))
    assert len(merged) == 1
    assert window.history.undoText() == "merge contacts: into Dana Lee"
    window.history.undo()
    assert set(queries.contacts_by_id(filled, ["dana", "dana-2"])) == {"dana", "dana-2"}
    window.history.redo()
    assert set(queries.contacts_by_id(filled, ["dana", "dana-2"])) == merged
