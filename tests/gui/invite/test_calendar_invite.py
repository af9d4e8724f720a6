"""Import invite (.ics): the menu, dropping a file on the window, the dialog, the plan it makes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from followup_desktop.store import queries
from followup_desktop.ui.invite.invite_dialog import InviteDialog
from tests.builders import NOW, build_jobs

INVITES = Path(__file__).resolve().parents[2] / "fixtures" / "invites"


@pytest.fixture
def window(db, qtbot):
    from followup_desktop.app.run import build_main_window

    build_jobs(db)
    win = build_main_window(db, lambda: NOW)
    qtbot.addWidget(win)
    return win


def test_outlook_invite_through_the_menu_adds_the_interview_and_plans_it(
    window, db, monkeypatch, qtbot
):
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getOpenFileName",
        lambda *args: (str(INVITES / "outlook_exchange.ics"), "Calendar invitations (*.ics)"),
    )
    calendar = window.show_view("calendar")
    actions = {a.text(): a for a in window.actions()}
    assert actions["Import &invite (.ics)…"].shortcut().toString() == "Ctrl+Shift+I"
    actions["Import &invite (.ics)…"].trigger()
    dialog = window.findChild(InviteDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.application.currentData() == "acme-be"  # from Dana's address
    assert dialog.zone.currentData() == "America/New_York"
    assert (dialog.time.time().hour(), dialog.time.time().minute()) == (10, 0)
    assert dialog.preview.text() == "= Thursday 3 Dec 2026, 09:00 your time"
    assert dialog.length.value() == 75
    assert dialog.format.currentData() == "video"
    assert dialog.ok_button.text() == "Add interview"
    rows = [dialog.people.item(i).text() for i in range(dialog.people.count())]
    assert rows == [
        "Priya Natarajan <priya@acme.example> · organizer · your contact Priya",
        "Dana Lee <Dana@ACME.example> · your contact Dana",
        "Kofi Mensah <kofi.mensah@acme.example> · new contact",
    ]
    dialog.people.item(0).setCheckState(Qt.CheckState.Unchecked)  # the recruiter only organised
    with qtbot.waitSignal(dialog.accepted):
        dialog.ok_button.click()
    interview = next(i for i in queries.list_interviews(db, ["acme-be"]) if "invite" in i.id)
    assert interview.interviewers == ["dana", "kofi-mensah"]
    assert interview.starts_at == datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    assert (
        window.statusBar()
        .currentMessage()
        .startswith("Added the interview with Acme Corp (new contact: Kofi Mensah);")
    )
    calendar.select_day(date(2026, 12, 3))
    assert calendar.item(f"i:{interview.id}").person == "Dana, Kofi Mensah"
    calendar.select_day(date(2026, 12, 4))
    assert calendar.item(f"f:{interview.id}/thank_you/kofi-mensah").state == "planned"


def test_dropping_an_ics_file_on_the_window_opens_the_dialog(window):
    path = INVITES / "zoom_meeting.ics"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(QPoint(20, 20), *args)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, QDropEvent(QPointF(20, 20), *args))
    dialog = window.findChild(InviteDialog)
    assert dialog is not None
    assert "Sakura" not in dialog.application.currentText()  # no such application here
    assert dialog.application.currentData() is None and not dialog.ok_button.isEnabled()
    assert "choose one" in dialog.guess_label.text()
    dialog.application.setCurrentIndex(dialog.application.findData("nw-sre"))
    assert dialog.ok_button.isEnabled()
    # Zoom gives Asia/Tokyo; the employer (Berlin) and the user's zone are offered too.
    zones = [dialog.zone.itemData(i) for i in range(dialog.zone.count())]
    assert zones == ["Asia/Tokyo", "Europe/Berlin", "America/Chicago", "UTC"]
    dialog.zone.setCurrentIndex(1)  # the same moment, shown in Berlin time
    assert (dialog.time.time().hour(), dialog.time.time().minute()) == (1, 0)
    assert dialog.starts_at() == datetime(2026, 12, 4, 0, 0, tzinfo=UTC)
    dialog.reject()


def test_a_dropped_non_calendar_file_is_not_taken(window, tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter.setAccepted(False)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_an_all_day_invitation_defaults_to_nine_in_the_employers_zone(window, db, qtbot):
    dialog = window.import_invite_path(INVITES / "all_day.ics")
    dialog.application.setCurrentIndex(dialog.application.findData("acme-be"))
    assert dialog.zone.currentData() == "America/New_York"
    assert (dialog.time.time().hour(), dialog.time.time().minute()) == (9, 0)
    assert dialog.length.value() == 0 and dialog.length.text() == "not given"
    assert "All-day event" in " ".join(
        label.text() for label in dialog.findChildren(type(dialog.preview))
    )
    with qtbot.waitSignal(dialog.accepted):
        dialog.ok_button.click()
    interview = next(i for i in queries.list_interviews(db, ["acme-be"]) if "invite" in i.id)
    assert interview.starts_at == datetime(2026, 12, 9, 14, 0, tzinfo=UTC)  # 09:00 New York
    assert interview.duration_minutes is None


def test_importing_the_same_invitation_again_says_update(window, db, qtbot):
    first = window.import_invite_path(INVITES / "google_calendar.ics")
    first.application.setCurrentIndex(first.application.findData("globex-pm"))
    with qtbot.waitSignal(first.accepted):
        first.ok_button.click()
    second = window.import_invite_path(INVITES / "google_calendar.ics")
    second.application.setCurrentIndex(second.application.findData("globex-pm"))
    assert second.ok_button.text() == "Update interview"
    with qtbot.waitSignal(second.accepted):
        second.ok_button.click()
    assert window.statusBar().currentMessage().startswith("Updated the interview with Globex")
    assert len([i for i in queries.list_interviews(db, ["globex-pm"]) if "invite" in i.id]) == 1


def test_a_bad_file_is_one_sentence(window, tmp_path, errors):
    bad = tmp_path / "cancel.ics"
    text = (INVITES / "zoom_meeting.ics").read_text(encoding="utf-8")
    bad.write_text(text.replace("METHOD:REQUEST", "METHOD:CANCEL"), encoding="utf-8")
    assert window.import_invite_path(bad) is None
    assert errors == ["cancel.ics cancels a meeting; there is no interview to add."]
    assert window.import_invite_path(tmp_path / "missing.ics") is None
    assert "missing.ics: cannot read the file" in errors[1]


def test_without_any_application_the_user_is_told_what_to_do(db, qtbot, errors):
    from followup_desktop.app.run import build_main_window

    win = build_main_window(db, lambda: NOW)
    qtbot.addWidget(win)
    assert win.import_invite_path(INVITES / "google_calendar.ics") is None
    assert errors[0].startswith("Add the application this interview belongs to first")


def test_a_time_that_is_no_time_is_named_and_nothing_is_added(window, db, monkeypatch):
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getOpenFileName",
        lambda *args: (str(INVITES / "outlook_exchange.ics"), "Calendar invitations (*.ics)"),
    )
    window.show_view("calendar")
    {a.text(): a for a in window.actions()}["Import &invite (.ics)…"].trigger()
    dialog = window.findChild(InviteDialog)
    before = len(queries.list_interviews(db))
    dialog.time.setText("half past ten")
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert "is not a time" in dialog.error.text()
    assert len(queries.list_interviews(db)) == before
