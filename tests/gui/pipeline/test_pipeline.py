"""The pipeline view: rows from the store, next follow-up, stage filter, search, empty state."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from followup_desktop.core.model import Communication, Direction
from followup_desktop.store import queries, writes
from followup_desktop.ui.pipeline.pipeline_view import (
    COL_COMPANY,
    COL_DUE,
    COL_NEXT,
    COL_REPLY,
    COL_STAGE,
    EMPTY_TEXT,
)


def _text(view, app_id: str, column: int) -> str:
    row = view.visible_applications().index(app_id)
    return view.model.index(row, column).data()


def test_pipeline_shows_an_application_with_its_next_follow_up(filled, make_window):
    view = make_window(filled).view("pipeline")
    assert sorted(view.visible_applications()) == ["acme-be", "globex-pm"]
    assert _text(view, "acme-be", COL_COMPANY) == "Acme Corp"
    assert _text(view, "acme-be", COL_STAGE) == "Interviewing"
    assert _text(view, "acme-be", COL_NEXT) == "Thank-you · Dana Lee"
    # Thu 19 Nov interview -> Fri 20 Nov 08:30 New York = 13:30 UTC (the profile zone is UTC).
    assert _text(view, "acme-be", COL_DUE) == (
        "Fri 20 Nov 08:30 New York time (13:30 your time) · overdue"
    )
    assert _text(view, "globex-pm", COL_NEXT) == "—"
    assert _text(view, "acme-be", COL_REPLY) == "no reply yet"
    assert view.count.text() == "2 applications"
    assert view.pages.currentWidget() is view.table


def test_the_due_time_is_one_time_when_the_user_lives_in_the_employers_zone(
    filled, make_window, now
):
    profile = queries.get_profile(filled)
    writes.save_profile(filled, dataclasses.replace(profile, timezone="America/New_York"), now)
    view = make_window(filled).view("pipeline")
    assert _text(view, "acme-be", COL_DUE) == "Fri 20 Nov 08:30 New York time · overdue"


def test_days_since_the_last_reply(filled, make_window, now):
    from datetime import timedelta

    from followup_desktop.store.writes import log_communication

    reply = Communication(
        "m1", "acme-be", now - timedelta(days=3), Direction.RECEIVED, summary="Decision soon"
    )
    log_communication(filled, reply, now)
    view = make_window(filled).view("pipeline")
    assert _text(view, "acme-be", COL_REPLY) == "3 days"


def test_stage_filter(filled, make_window):
    view = make_window(filled).view("pipeline")
    view.stage.setCurrentIndex(view.stage.findData("applied"))
    assert view.visible_applications() == ["globex-pm"]
    view.stage.setCurrentIndex(view.stage.findData("interviewing"))
    assert view.visible_applications() == ["acme-be"]
    view.stage.setCurrentIndex(view.stage.findData("offer"))
    assert view.visible_applications() == []
    assert view.count.text() == "0 of 2 shown"
    view.stage.setCurrentIndex(view.stage.findData(None))
    assert len(view.visible_applications()) == 2


def test_active_filter_hides_ended_applications(filled, make_window, now):
    from followup_desktop.core.model import Stage
    from followup_desktop.store.writes import set_stage

    set_stage(filled, "globex-pm", Stage.WITHDRAWN, now)
    view = make_window(filled).view("pipeline")
    view.stage.setCurrentIndex(view.stage.findData("active"))
    assert view.visible_applications() == ["acme-be"]


def test_search_filters_as_you_type_by_text_and_full_text_hits(filled, make_window, qtbot):
    view = make_window(filled).view("pipeline")
    qtbot.keyClicks(view.search, "glob")  # plain match on the company name
    assert view.visible_applications() == ["globex-pm"]
    view.search.clear()
    assert len(view.visible_applications()) == 2
    qtbot.keyClicks(view.search, "ledger")  # only in the interview notes: full-text search
    assert view.visible_applications() == ["acme-be"]
    view.search.setText("rotations")  # what was discussed with one interviewer
    assert view.visible_applications() == ["acme-be"]
    view.search.setText("dana")  # a contact
    assert view.visible_applications() == ["acme-be"]
    view.search.setText("nothing like this")
    assert view.visible_applications() == []


def test_search_and_stage_filter_combine(filled, make_window):
    view = make_window(filled).view("pipeline")
    view.search.setText("e")
    view.stage.setCurrentIndex(view.stage.findData("applied"))
    assert view.visible_applications() == ["globex-pm"]


def test_sorting_by_a_column(filled, make_window):
    from PySide6.QtCore import Qt

    view = make_window(filled).view("pipeline")
    view.table.sortByColumn(COL_COMPANY, Qt.SortOrder.DescendingOrder)
    assert view.visible_applications() == ["globex-pm", "acme-be"]
    view.table.sortByColumn(COL_DUE, Qt.SortOrder.AscendingOrder)  # none sorts last
    assert view.visible_applications() == ["acme-be", "globex-pm"]


def test_empty_database_shows_how_to_add_data(db, make_window):
    view = make_window(db).view("pipeline")
    assert view.pages.currentWidget() is view.empty
    assert view.empty.text() == EMPTY_TEXT
    assert "File › Import" in EMPTY_TEXT and "Ctrl+N" in EMPTY_TEXT
    assert "--" not in EMPTY_TEXT  # never a command-line flag


def test_activating_a_row_opens_its_interview(filled, make_window):
    """A double-click (``activated``) opens the notes; Enter writes (the test below)."""
    window = make_window(filled)
    view = window.view("pipeline")
    row = view.visible_applications().index("acme-be")
    view.table.activated.emit(view.model.index(row, 0))
    assert window.current_key() == "interview"
    assert window.view("interview").current_interview() == "acme-be-1"


def test_big_pipeline_asks_the_full_text_index_only_at_a_typing_pause(
    filled, make_window, qtbot, monkeypatch
):
    """On a big job search each keystroke only filters; the index answers once typing pauses,
    even after a search that was fast (the next, shorter prefix may match half the index)."""
    from followup_desktop.ui.pipeline import pipeline_view as pipeline

    monkeypatch.setattr(pipeline, "BIG_PIPELINE", 1)  # the two applications count as big
    asked: list[str] = []
    real = pipeline.matching_applications
    monkeypatch.setattr(
        pipeline, "matching_applications", lambda db, text: asked.append(text) or real(db, text)
    )
    view = make_window(filled).view("pipeline")
    for _ in range(2):  # the second round follows a fast full-text search
        qtbot.keyClicks(view.search, "ledg")
        assert asked[-1:] != ["ledg"] and view.search_timer.isActive()
        qtbot.waitUntil(lambda: asked[-1:] == ["ledg"], timeout=2000)
        assert view.visible_applications() == ["acme-be"]  # found in the interview notes
        assert view.slow_search
        view.search.clear()
        asked.clear()


def test_a_refresh_keeps_the_column_widths_the_user_set(filled, make_window):
    view = make_window(filled).view("pipeline")
    header = view.table.horizontalHeader()
    assert header.sectionSize(COL_STAGE) > 0  # sized to the rows when they first came
    header.resizeSection(COL_STAGE, 333)
    view.refresh()  # e.g. after a save elsewhere
    assert header.sectionSize(COL_STAGE) == 333


@pytest.fixture
def drafts(monkeypatch):
    """Drafts the pipeline opens, collected instead of shown (the dialog is modal)."""
    import followup_desktop.ui.draft.draft_dialog as draft_dialog

    opened: list[str] = []
    monkeypatch.setattr(
        draft_dialog, "open_draft", lambda parent, db, fid, now, **kw: opened.append(fid)
    )
    return opened


def test_enter_on_a_row_writes_its_next_follow_up(filled, make_window, qtbot, drafts):
    window = make_window(filled)
    view = window.show_view("pipeline")
    assert view.select("acme-be")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert drafts == ["acme-be-1/thank_you/dana"]  # the next message, not the notes
    assert window.current_key() == "pipeline"


def test_write_next_passes_over_a_reminder_to_oneself(filled, make_window, now, drafts):
    for fid in ("acme-be-1/thank_you/dana", "acme-be-1/check_in/dana"):
        writes.mark_done(filled, fid, now)
    writes.skip(filled, "acme-be-1/second_follow_up/dana", "Not needed", now)
    view = make_window(filled).view("pipeline")
    assert queries.next_message_followup(filled, "acme-be") is None  # only the move-on review
    messages: list[str] = []
    view.message.connect(messages.append)
    assert view.write_next("acme-be") is False
    assert drafts == []
    assert messages == [
        "Nothing to write for Acme Corp — Backend Engineer: no message follow-up is planned."
    ]


def test_the_context_menu_starts_with_write_next_follow_up(filled, make_window, drafts):
    view = make_window(filled).view("pipeline")
    menu = view.context_menu("acme-be")
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[0] == "&Write next follow-up…\tEnter"
    assert "&Open interview notes" in texts
    menu.actions()[0].trigger()
    assert drafts == ["acme-be-1/thank_you/dana"]
    menu.deleteLater()
