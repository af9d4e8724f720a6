"""The Today screen: the first view, its groups and rows, the one-key actions, the empty state,
and the tray and the status bar saying the same."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from followup_desktop.store import queries, templates_store, writes
from followup_desktop.store.today_query import NEXT_DAYS, OVERDUE, TODAY, WAITING
from followup_desktop.ui.today.today_model import COL_WHEN, COL_WHY
from tests.builders import NOW, OFFSCREEN_POPUP, build_jobs

DANA = "acme-be-1/thank_you/dana"
KOFI = "acme-be-1/thank_you/kofi"
JONAS = "nw-sre-1/thank_you/jonas"
REVIEW = "nw-sre-1/move_on_review"


@pytest.fixture
def jobs(db):
    build_jobs(db)  # the user in Chicago; Saturday 21 Nov, 09:00 there
    return db


@pytest.fixture
def window(jobs, make_window, qtbot):
    window = make_window(jobs)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def view(window):
    view = window.view("today")
    view.table.setFocus()
    return view


@pytest.fixture
def drafts(monkeypatch):
    """Drafts opened, collected instead of shown (the dialog is modal)."""
    import followup_desktop.ui.draft.draft_dialog as draft_dialog

    opened: list[str] = []
    monkeypatch.setattr(
        draft_dialog, "open_draft", lambda parent, db, fid, now, **kw: opened.append(fid)
    )
    return opened


def cells(view, row: int) -> list[str]:
    return [view.model.index(row, c).data() for c in range(view.model.columnCount())]


def headings(view) -> list[str]:
    return [view.model.rows.heading(r) for r in view.model.rows.heading_rows()]


def current_id(view) -> str | None:
    item = view.current_item()
    return item.id if item else None


def press(qtbot, view, key) -> None:
    qtbot.keyClick(view.table, key)


def test_today_opens_first_with_its_groups_and_rows_in_words(window, view):
    assert window.current_key() == "today" and window.stack.currentWidget() is view
    assert headings(view) == ["Overdue (6)", "Next 7 days (2)"]
    assert view.summary.text() == "Saturday 21 Nov 2026 — 6 overdue · 2 in the next 7 days"
    assert current_id(view) == DANA and view.table.currentIndex().row() == 1
    what, who, when, why = cells(view, 1)
    assert (what, who) == ("Thank-you", "Dana · Acme Corp · Engineer")
    assert when == "Fri 20 Nov 08:30 New York time (07:30 your time)"
    assert why.startswith("Thank-you within a day")
    jonas_row = view.model.rows.segments[1].first + 1
    assert cells(view, jonas_row)[COL_WHEN] == "Tue 24 Nov 08:30 Berlin time (01:30 your time)"
    tip = view.model.index(1, COL_WHY).data(Qt.ItemDataRole.ToolTipRole)
    assert queries.get_followup(view.db, DANA).reason in tip
    details = view.details.text()
    assert "Overdue since Fri 20 Nov 08:30 New York time (07:30 your time)" in details
    assert "Why then: Thank-you within a day" in details
    assert view.details.textFormat() == Qt.TextFormat.PlainText


def test_d_marks_sent_and_the_next_row_takes_its_place_until_undone(window, view, qtbot):
    undoable: list[object] = []
    view.undoable.connect(undoable.append)
    with qtbot.waitSignal(view.changed):
        press(qtbot, view, Qt.Key.Key_D)
    assert queries.get_followup(view.db, DANA).status == "done"
    assert current_id(view) == KOFI and view.table.currentIndex().row() == 1  # D, D, D...
    assert headings(view)[0] == "Overdue (5)"
    assert window.counts.text() == "0 due today · 5 overdue"
    assert "Done: Thank-you" in window.statusBar().currentMessage()
    assert len(undoable) == 1 and window.history.canUndo()  # Edit > Undo takes it back
    press(qtbot, view, Qt.Key.Key_K)
    assert queries.get_followup(view.db, KOFI).status == "skipped"
    assert headings(view)[0] == "Overdue (4)"


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_s_offers_one_day_three_days_or_a_week(view, qtbot):
    press(qtbot, view, Qt.Key.Key_S)
    menu = view.snooze_menu
    assert menu.isVisible()
    assert [a.text() for a in menu.actions()] == ["&1 day", "&3 days", "a &week"]
    menu.actions()[0].trigger()
    menu.close()
    snoozed = queries.get_followup(view.db, DANA)
    assert snoozed.status == "snoozed"
    # Overdue: a day from today, at the employer's 08:30 (Sunday 22 Nov in New York).
    assert snoozed.due == datetime(2026, 11, 22, 13, 30, tzinfo=snoozed.due.tzinfo)
    assert headings(view) == ["Overdue (5)", "Next 7 days (3)"]


def test_w_and_enter_write_the_draft_a_reminder_shows_its_details(view, qtbot, drafts, jobs):
    press(qtbot, view, Qt.Key.Key_W)
    press(qtbot, view, Qt.Key.Key_Return)
    assert drafts == [DANA, DANA]
    later = (NOW + timedelta(hours=6)).astimezone(view.zone)  # this afternoon, Chicago time
    writes.reschedule(jobs, REVIEW, later, NOW)
    view.refresh()
    assert headings(view)[1] == "Today (1)"
    view.select_row(view.model.rows.segments[1].first + 1)
    assert current_id(view) == REVIEW
    assert view.write_button.text() == "&Details…" and view.done_button.text() == "Mark &done"
    what, _who, when, _why = cells(view, view.table.currentIndex().row())
    assert what == "Move-on review (note to you) · moved by you"
    assert when == "Sat 21 Nov 15:00 Chicago time"  # the user's own zone: one time
    press(qtbot, view, Qt.Key.Key_W)
    assert drafts == [DANA, DANA]  # no draft for a note to oneself
    dialog = view.item_actions.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.close()


def test_o_opens_the_application(window, view, qtbot):
    press(qtbot, view, Qt.Key.Key_O)
    assert window.current_key() == "interview"
    assert window.view("interview").current_interview() == "acme-be-1"


def test_an_application_waiting_for_a_reply(view, jobs, qtbot):
    templates_store.record_sent(jobs, JONAS, "Thank you", NOW - timedelta(hours=1))
    view.refresh()  # what is due at once, then (once that is painted) what is waiting
    assert headings(view) == ["Overdue (6)", "Next 7 days (1)"]
    qtbot.waitUntil(lambda: view.model.rows.with_waiting, timeout=2000)
    assert headings(view) == ["Overdue (6)", "Next 7 days (1)", "Waiting for a reply (1)"]
    row = view.model.rows.segments[2].first + 1
    assert cells(view, row) == [
        "Thank-you sent",
        "Jonas Becker · Northwind Labs · Engineer",
        "on Sat 21 Nov",
        "Next: check-in Mon 30 Nov",
    ]
    view.select_row(row)
    assert "Thank-you sent to Jonas Becker on Sat 21 Nov · next: check-in Mon 30 Nov" in (
        view.details.text()
    )
    assert not view.write_button.isEnabled() and not view.done_button.isEnabled()
    assert view.open_button.isEnabled()
    press(qtbot, view, Qt.Key.Key_D)  # nothing to mark: the row stays
    assert view.model.rows.count(WAITING) == 1


def test_a_selected_waiting_row_stays_selected_through_a_refresh(view, jobs, qtbot):
    templates_store.record_sent(jobs, JONAS, "Thank you", NOW - timedelta(hours=1))
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rows.with_waiting, timeout=2000)
    view.select_row(len(view.model.rows) - 1)
    assert view.current_application() == "nw-sre" and view.current_item() is None
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rows.with_waiting, timeout=2000)
    assert view.current_application() == "nw-sre" and view.current_item() is None


def test_keyboard_tab_reaches_the_buttons_and_the_arrows_pass_over_headings(view, qtbot):
    rows = view.model.rows
    last_overdue = rows.segments[0].first + rows.count(OVERDUE)
    view.select_row(last_overdue)
    press(qtbot, view, Qt.Key.Key_Down)
    assert view.table.currentIndex().row() == rows.segments[1].first + 1  # heading skipped
    assert current_id(view) == JONAS
    press(qtbot, view, Qt.Key.Key_Up)
    assert view.table.currentIndex().row() == last_overdue
    view.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.table)
    press(qtbot, view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.write_button
    assert view.first_focus() is view.table


def test_a_write_elsewhere_refreshes_today_and_keeps_the_selected_item(window, view, jobs):
    view.select_row(3)
    kept = current_id(view)
    writes.mark_done(jobs, DANA, NOW)  # e.g. from the calendar or the tray
    window.data_changed("calendar")
    assert headings(view)[0] == "Overdue (5)"
    assert current_id(view) == kept


def test_an_empty_today_says_what_to_do_next(db, make_window, qtbot, now):
    from tests.builders import add_globex

    window = make_window(db)
    view = window.view("today")
    assert view.pages.currentIndex() == 1
    assert "Ctrl+N" in view.empty.text() and "--" not in view.empty.text()
    assert view.first_focus() is view.record_button
    with qtbot.waitSignal(view.new_interview) as asked:
        view.record_button.click()
    assert asked.args == [""]
    add_globex(db, now)  # an application, nothing planned yet
    window.data_changed()
    assert "up to date" in view.empty.text()


def test_the_tray_the_status_bar_and_today_agree_after_every_write(
    window, view, jobs, qtbot, monkeypatch
):
    from followup_desktop.app import reminders_wiring
    from followup_desktop.ui.shell.tray import Tray

    monkeypatch.setattr(Tray, "show", lambda self: None)  # offscreen has no tray to show in
    monkeypatch.setattr(window, "raise_", lambda: None)
    parts = reminders_wiring.attach_reminders(window, jobs, lambda: NOW, tray=True, use_dbus=False)
    try:
        tray = parts.tray

        def agreed() -> tuple[int, int]:
            rows = view.model.rows
            shown = (rows.count(TODAY), rows.count(OVERDUE))
            assert tray.counts == window.due_counts() == shown
            assert f"{shown[1]} overdue" in tray.icon.toolTip()
            assert window.counts.text() == f"{shown[0]} due today · {shown[1]} overdue"
            menu = [a.text() for a in tray.actions()]
            assert f"Overdue ({shown[1]})" in menu
            return shown

        qtbot.waitUntil(lambda: tray.counts == (0, 6), timeout=2000)
        assert agreed() == (0, 6)
        press(qtbot, view, Qt.Key.Key_D)  # at once, not at the next heartbeat
        assert agreed() == (0, 5)
        writes.reschedule(jobs, JONAS, NOW + timedelta(hours=2), NOW)
        window.data_changed("calendar")
        assert agreed() == (1, 5) and view.model.rows.count(NEXT_DAYS) == 1
    finally:
        parts.close()
