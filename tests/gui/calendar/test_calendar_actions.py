"""Acting from the calendar: open, done, skip, snooze, and reschedule by dialog or drag-and-drop,
the move persisting and surviving a re-plan."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QByteArray, QDate, QMimeData, QPoint, QPointF, Qt, QTime
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from followup_desktop.core.model import Cadence, FollowUpStatus
from followup_desktop.store import queries, writes
from followup_desktop.ui.calendar.calendar_grid import MIME_TYPE
from tests.builders import BERLIN, NOW, NY, OFFSCREEN_POPUP, build_jobs

DANA = "acme-be-1/thank_you/dana"
CHECK_IN = "acme-be-1/check_in/dana"
JONAS = "nw-sre-1/thank_you/jonas"


@pytest.fixture
def jobs(db):
    build_jobs(db)
    return db


@pytest.fixture
def view(jobs, qtbot):
    from followup_desktop.app.run import build_main_window

    window = build_main_window(jobs, lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window.show_view("calendar")


def replan_everything(db) -> None:
    """A settings change re-plans every application (the test of 'survives a re-plan')."""
    profile = queries.get_profile(db)
    profile.cadence = Cadence.PATIENT
    writes.save_profile(db, profile, NOW)
    profile.cadence = Cadence.STANDARD
    writes.save_profile(db, profile, NOW)


def drop(widget, key: str, pos: QPoint) -> None:
    """What a drag of item ``key`` released at ``pos`` sends: enter, move, drop."""
    mime = QMimeData()
    mime.setData(MIME_TYPE, QByteArray(key.encode()))
    args = (
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, QDragEnterEvent(pos, *args))
    QApplication.sendEvent(widget, QDragMoveEvent(pos, *args))
    QApplication.sendEvent(widget, QDropEvent(QPointF(pos), *args))


def test_reschedule_by_dialog_persists_and_survives_a_replan(view, jobs, qtbot):
    view.select_item(f"f:{CHECK_IN}")
    with qtbot.waitSignal(view.changed):
        view.panel.reschedule_button.click()
        dialog = view.actions.dialog
        assert dialog.zone.currentData() == "America/New_York"  # their time by default
        dialog.date.setDate(QDate(2026, 12, 1))
        dialog.time.setTime(QTime(11, 15))
        assert "Tue 1 Dec 11:15 in New York = Tue 1 Dec 10:15 your time" in dialog.preview.text()
        dialog.accept()
    moved = datetime(2026, 12, 1, 11, 15, tzinfo=NY)
    stored = queries.get_followup(jobs, CHECK_IN)
    assert stored.due == moved and stored.manual
    replan_everything(jobs)
    assert queries.get_followup(jobs, CHECK_IN).due == moved
    view.refresh()
    view.select_day(date(2026, 12, 1))
    item = view.item(f"f:{CHECK_IN}")
    assert item is not None and item.manual
    assert "moved by you" in view.panel.list.text_at(0)
    assert "Moved by you." in view.panel.details.toPlainText()
    assert "Moved by you to Tue 1 Dec 11:15 New York time (10:15 your time)" in (
        view.window().statusBar().currentMessage()
    )


def test_the_dialog_keeps_the_moment_when_its_zone_changes_and_warns(view, jobs):
    view.select_day(date(2026, 11, 24))
    dialog = view.actions.reschedule(f"f:{JONAS}")
    assert (dialog.time.time().hour(), dialog.time.time().minute()) == (8, 30)  # Berlin
    assert "⚠ That is 01:30 for you, outside your waking hours" in dialog.warning.text()
    dialog.zone.setCurrentIndex(0)  # your time
    assert (dialog.time.time().hour(), dialog.time.time().minute()) == (1, 30)
    dialog.date.setDate(QDate(2026, 11, 28))  # a Saturday in Berlin
    dialog.time.setTime(QTime(9, 0))
    assert "Sat 28 Nov is not a business day in Berlin (Saturday)" in dialog.warning.text()
    dialog.date.setDate(QDate(2026, 11, 2))
    assert "already passed" in dialog.warning.text()
    dialog.reject()
    assert queries.get_followup(jobs, JONAS).manual is False


def test_drag_to_another_day_keeps_the_employer_time_and_survives_a_replan(view, jobs, qtbot):
    grid = view.month
    target = grid.day_rect(date(2026, 11, 26)).center()
    with qtbot.waitSignal(view.changed):
        drop(grid, f"f:{JONAS}", target)
    stored = queries.get_followup(jobs, JONAS)
    assert stored.due == datetime(2026, 11, 26, 8, 30, tzinfo=BERLIN) and stored.manual
    replan_everything(jobs)
    assert queries.get_followup(jobs, JONAS).due == datetime(2026, 11, 26, 8, 30, tzinfo=BERLIN)
    view.refresh()
    assert view.item(f"f:{JONAS}").day == date(2026, 11, 26)


def test_drop_on_the_week_grid_sets_day_and_time(view, jobs, qtbot):
    view.select_day(date(2026, 11, 24))
    view.set_mode("week")
    grid = view.week
    column = grid.day_rect(date(2026, 11, 25))
    with qtbot.waitSignal(view.changed):
        drop(grid, f"f:{JONAS}", QPoint(column.center().x(), grid.y_of(600)))
    stored = queries.get_followup(jobs, JONAS)
    assert stored.due.astimezone(view.item(f"f:{JONAS}").start.tzinfo).replace(
        tzinfo=None
    ) == datetime(2026, 11, 25, 10, 0)


def test_a_done_item_cannot_be_dragged(view, jobs, errors):
    view.select_day(date(2026, 11, 20))
    view.actions.drop("f:acme-be-1/thank_you/omar", date(2026, 11, 27), view.zone_name)
    assert errors == ["Only planned follow-ups can be moved; this one is not pending."]


def test_done_skip_and_snooze_from_the_panel(view, jobs, qtbot):
    view.select_item(f"f:{DANA}")
    with qtbot.waitSignal(view.changed):
        view.panel.done_button.click()
    assert queries.get_followup(jobs, DANA).status == FollowUpStatus.DONE
    assert view.item(f"f:{DANA}").state == "done"
    view.select_item("f:acme-be-1/thank_you/kofi")
    view.panel.skip_button.click()
    assert queries.get_followup(jobs, "acme-be-1/thank_you/kofi").status == "skipped"
    view.select_item("f:acme-be-1/thank_you/lena")
    view.panel.snooze_button.menu().actions()[0].trigger()  # 1 day
    snoozed = queries.get_followup(jobs, "acme-be-1/thank_you/lena")
    # Overdue (Fri 20 Nov): snoozed to tomorrow, at the employer's 08:30.
    assert snoozed.status == "snoozed"
    assert snoozed.due == datetime(2026, 11, 22, 8, 30, tzinfo=NY)
    assert "Snoozed until Sun 22 Nov 08:30 New York time (07:30 your time)" in (
        view.window().statusBar().currentMessage()
    )
    view.select_day(date(2026, 12, 11))
    view.select_item("f:acme-be-1/move_on_review")  # a note to the user, in the user's zone
    view.panel.snooze_button.menu().actions()[0].trigger()
    message = view.window().statusBar().currentMessage()
    assert message.startswith("Snoozed until Sat 12 Dec 08:30 Chicago time: ")  # one time
    assert "your time" not in message


def test_open_shows_details_for_interviews_and_reminders(view, monkeypatch):
    import followup_desktop.ui.draft.draft_dialog as draft_dialog

    drafts = []
    monkeypatch.setattr(draft_dialog, "open_draft", lambda *args, **kwargs: drafts.append(args))
    view.actions.open("i:acme-be-1")
    text = view.actions.dialog.browser.toPlainText()
    assert "Interviewers" in text and "Follow-ups planned from it" in text
    view.actions.dialog.close()
    view.select_day(date(2026, 12, 11))  # the move-on review: a reminder, not a message
    view.actions.open("f:acme-be-1/move_on_review")
    assert drafts == [] and "time to decide" in view.actions.dialog.browser.toPlainText().lower()
    view.actions.dialog.close()


def test_a_message_opens_the_draft_dialog_with_the_clock_and_a_callback(view, jobs, monkeypatch):
    import followup_desktop.ui.draft.draft_dialog as draft_dialog

    seen = {}

    def fake(parent, db, followup_id, now, *, on_sent=None):
        seen.update(db=db, id=followup_id, now=now, on_sent=on_sent)

    monkeypatch.setattr(draft_dialog, "open_draft", fake)
    view.actions.open(f"f:{DANA}")
    assert seen["db"] is jobs and seen["id"] == DANA and seen["now"]() == NOW
    changed = []
    view.actions.changed.connect(lambda: changed.append(True))
    seen["on_sent"]()  # the dialog calls it after the user says it was sent
    assert changed == [True]


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_context_menu_offers_what_fits_the_item(view):
    def texts(key):
        menu = view.actions.menu(key, view)
        words = [a.text() for a in menu.actions() if not a.isSeparator()]
        menu.deleteLater()
        return words

    assert texts(f"f:{JONAS}") == ["Open draft…", "Mark done", "Skip", "Snooze", "Reschedule…"]
    assert texts("f:acme-be-1/thank_you/omar") == ["Open draft…"]
    assert texts("i:acme-be-1") == ["Open interview"]
    menu = view.actions.popup(f"f:{JONAS}", view.mapToGlobal(view.rect().center()), view)
    assert menu.isVisible()
    menu.close()


def test_snooze_of_a_future_item_counts_from_its_due_time(view):
    from followup_desktop.ui.calendar.item_actions import snooze_until

    item = view.item(f"f:{JONAS}")
    assert snooze_until(item, 7, NOW) == datetime(2026, 12, 1, 8, 30, tzinfo=BERLIN)
    assert snooze_until(item, 1, NOW + timedelta(days=30)) > NOW + timedelta(days=30)


# --- undo (Edit > Undo) ---------------------------------------------------------------------


def window_history(view, commands):
    """The window's undo stack holding the calendar's last command: the calendar view hands
    ``ItemActions.recorded`` up as ``undoable``; if it does not (yet), the test pushes it."""
    window = view.window()
    if window.history.count() == 0:
        window.record_undoable(commands[-1])
    return window.history


def test_undo_of_a_drag_restores_the_time_and_the_plan_and_redo_moves_it_again(view, jobs, qtbot):
    commands = []
    view.actions.recorded.connect(commands.append)
    before = {f.id: f for f in queries.list_followups(jobs, applications=["nw-sre"])}
    with qtbot.waitSignal(view.changed):
        drop(view.month, f"f:{JONAS}", view.month.day_rect(date(2026, 11, 26)).center())
    moved = datetime(2026, 11, 26, 8, 30, tzinfo=BERLIN)
    assert queries.get_followup(jobs, JONAS).due == moved
    assert [c.text() for c in commands] == [
        "reschedule: Thank-you to Jonas Becker (Northwind Labs)"
    ]
    history = window_history(view, commands)
    assert history.undoText() == "reschedule: Thank-you to Jonas Becker (Northwind Labs)"
    assert queries.get_followup(jobs, JONAS).due == moved  # pushing did not write again

    history.undo()
    after = {f.id: f for f in queries.list_followups(jobs, applications=["nw-sre"])}
    assert after == before  # the time, the manual flag, the check-ins spaced from it
    assert not after[JONAS].manual
    assert view.item(f"f:{JONAS}").day == date(2026, 11, 24)  # the calendar re-read
    assert (
        "Undone: reschedule: Thank-you to Jonas Becker"
        in view.window().statusBar().currentMessage()
    )
    history.redo()
    assert queries.get_followup(jobs, JONAS).due == moved
    assert queries.get_followup(jobs, JONAS).manual


def test_undo_of_done_skip_and_snooze_from_the_calendar(view, jobs):
    commands = []
    view.actions.recorded.connect(commands.append)
    start = {f.id: f for f in queries.list_followups(jobs, applications=["acme-be"])}
    view.actions.mark_done(f"f:{DANA}")
    view.actions.skip("f:acme-be-1/thank_you/kofi")
    view.actions.snooze("f:acme-be-1/thank_you/lena", 1)
    assert [c.text().split(":")[0] for c in commands] == ["mark done", "skip", "snooze"]
    window = view.window()
    if window.history.count() == 0:
        for command in commands:
            window.record_undoable(command)
    for _ in commands:
        window.history.undo()
    assert {f.id: f for f in queries.list_followups(jobs, applications=["acme-be"])} == start


def test_undo_of_a_calendar_write_after_its_item_changed_elsewhere_refuses(view, jobs):
    commands = []
    view.actions.recorded.connect(commands.append)
    view.actions.mark_done(f"f:{DANA}")
    history = window_history(view, commands)
    writes.skip(jobs, DANA, "changed elsewhere", NOW)  # e.g. the tray's answer
    history.undo()
    assert view.window().statusBar().currentMessage() == (
        "Cannot undo “mark done: Thank-you to Dana (Acme Corp)”: the thank-you was changed "
        "since, so nothing was changed."
    )
    assert queries.get_followup(jobs, DANA).status == FollowUpStatus.SKIPPED
    assert history.count() == 0


def test_marking_sent_from_the_draft_can_be_undone(view, jobs, monkeypatch):
    import followup_desktop.ui.draft.draft_dialog as draft_dialog
    from followup_desktop.store import templates_store

    def fake(parent, db, followup_id, now, *, on_sent=None):
        templates_store.record_sent(db, followup_id, "Thanks, Dana", now())  # what "Yes" does
        on_sent()

    monkeypatch.setattr(draft_dialog, "open_draft", fake)
    commands = []
    view.actions.recorded.connect(commands.append)
    view.actions.open(f"f:{DANA}")
    assert [c.text() for c in commands] == ["mark sent: Thank-you to Dana (Acme Corp)"]
    window_history(view, commands).undo()
    assert queries.get_followup(jobs, DANA).status == FollowUpStatus.PLANNED
    assert queries.list_communications(jobs, ["acme-be"]) == []
