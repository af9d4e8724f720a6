"""Changing a stage from the pipeline re-plans and says what changed; the board groups by stage;
Ctrl+F searches and Ctrl+N opens the notes form for the selected application."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from followup_desktop.core.model import FollowUpStatus, Stage
from followup_desktop.store import queries
from followup_desktop.ui.pipeline.pipeline_view import BOARD, COL_STAGE

pytestmark = pytest.mark.usefixtures("discard_unsaved")


def _stage_text(view, app_id):
    row = view.visible_applications().index(app_id)
    return view.model.index(row, COL_STAGE).data()


def test_an_offer_cancels_the_check_ins_and_the_view_says_so(filled, make_window):
    window = make_window(filled)
    view = window.view("pipeline")
    assert view.select("acme-be")
    action = next(a for a in view.move_button.menu().actions() if "Offer" in a.text())
    action.trigger()
    expected = (
        "Acme Corp — Backend Engineer: Offer. 3 follow-ups cancelled: offer received; "
        "1 follow-up planned."
    )
    assert view.result.text() == expected
    assert window.statusBar().currentMessage() == expected
    assert _stage_text(view, "acme-be") == "Offer"
    assert view.current() == "acme-be"  # still selected after the refresh
    items = queries.list_followups(filled, applications=["acme-be"])
    assert {f.kind for f in items if f.status == FollowUpStatus.CANCELLED} == {
        "check_in",
        "second_follow_up",
        "move_on_review",
    }
    assert queries.get_application(filled, "acme-be").stage == Stage.OFFER
    # the current stage is disabled in the menu that was rebuilt for the selection
    offer = next(a for a in view.move_button.menu().actions() if "Offer" in a.text())
    assert offer.isChecked() and not offer.isEnabled()


def test_rejection_plans_a_gracious_reply(filled, make_window):
    view = make_window(filled).view("pipeline")
    text = view.move_to("rejected", "acme-be")
    assert "cancelled: application rejected" in text
    assert any(f.kind == "rejection_reply" for f in queries.list_followups(filled))


def test_without_a_selection_the_view_asks_for_one(filled, make_window):
    view = make_window(filled).view("pipeline")
    view.table.clearSelection()
    view.table.setCurrentIndex(view.model.index(-1, 0))
    assert view.move_to("offer") == ""
    assert view.result.text().startswith("Select an application first")


def test_the_board_groups_by_stage_and_a_dropped_card_changes_the_stage(filled, make_window):
    view = make_window(filled).view("pipeline")
    view.layout_choice.setCurrentIndex(view.layout_choice.findData(BOARD))
    assert view.pages.currentWidget() is view.board
    interviewing = view.board.columns["interviewing"]
    assert interviewing.count() == 1
    assert interviewing.item(0).text().splitlines()[:2] == ["Acme Corp", "Backend Engineer"]
    assert "overdue" in interviewing.item(0).text()
    assert view.board.headers["applied"].text() == "Applied (1)"
    view.board.moved.emit("globex-pm", "withdrawn")  # what a drop onto "Withdrawn" emits
    assert view.board.columns["withdrawn"].count() == 1
    assert view.board.columns["applied"].count() == 0
    assert "Globex — Product Manager: Withdrawn." in view.result.text()
    view.search.setText("ledger")  # the board follows the search
    assert [c.count() for c in view.board.columns.values()].count(1) == 1


def test_the_board_is_keyboard_driven(filled, make_window, qtbot):
    window = make_window(filled)
    window.show()
    view = window.view("pipeline")
    view.layout_choice.setCurrentIndex(1)
    assert view.board.select("acme-be")
    assert view.current() == "acme-be"
    opened = []
    view.open_application.connect(opened.append)
    qtbot.keyClick(view.board.columns["interviewing"], Qt.Key.Key_Return)
    assert opened == ["acme-be"]


def test_ctrl_f_focuses_search_and_ctrl_n_opens_the_form_for_the_selection(
    filled, make_window, qtbot
):
    window = make_window(filled)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_view("calendar")
    qtbot.keyClick(window.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    view = window.view("pipeline")
    assert window.current_key() == "pipeline" and view.search.hasFocus()
    qtbot.keyClicks(view.search, "acme")
    assert view.visible_applications() == ["acme-be"]
    view.select("acme-be")
    qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.form
    assert form is not None and form.fields.values().application_id == "acme-be"
    form.reject()
    assert window.form is None


def test_empty_pipeline_points_at_ctrl_n(db, make_window):
    view = make_window(db).view("pipeline")
    assert "Ctrl+N" in view.empty.text()
    assert view.first_focus() is view.new_button


def test_a_slow_full_text_search_waits_for_a_pause_in_the_typing(
    filled, make_window, qtbot, monkeypatch
):
    from followup_desktop.ui.pipeline import pipeline_view as pipeline

    view = make_window(filled).view("pipeline")
    asked: list[str] = []
    real = pipeline.matching_applications

    def counted(db, text):
        asked.append(text)
        return real(db, text)

    monkeypatch.setattr(pipeline, "matching_applications", counted)
    view.slow_search = True  # as after a slow search, or from the start in a big job search
    qtbot.keyClicks(view.search, "ledg")
    assert asked == []  # each keystroke filtered on company and role only, at once
    assert view.visible_applications() == []
    qtbot.waitUntil(lambda: asked == ["ledg"], timeout=2000)  # then the notes, after a pause
    assert view.visible_applications() == ["acme-be"]
    assert not view.slow_search  # it was fast: the next keystrokes ask at once again
    view.search.setText("l")  # one letter: the full-text index is not asked
    assert asked == ["ledg"]


def test_a_stage_change_hands_its_write_to_the_undo_stack(filled, now):
    from followup_desktop.store import undo
    from followup_desktop.ui.pipeline.stage_change import change_stage

    handed: list = []
    record = lambda change, label: handed.append((change, label))  # noqa: E731
    change_stage(filled, "acme-be", Stage.REJECTED, now, record=record)
    assert [label for _change, label in handed] == [
        "move to Rejected: Acme Corp — Backend Engineer"
    ]
    assert (
        change_stage(filled, "acme-be", Stage.REJECTED, now, record=record) == "Already rejected."
    )
    assert len(handed) == 1  # nothing written, nothing to undo
    change = handed[0][0]
    undo.restore(filled, change.after, change.before, now)
    assert queries.get_application(filled, "acme-be").stage == Stage.INTERVIEWING
    assert not any(f.kind == "rejection_reply" for f in queries.list_followups(filled))
