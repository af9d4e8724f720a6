"""The first-run setup dialog, driven with the keyboard: three ways to start, two pages of
fields pre-filled from the computer's zone, a sentence under each bad field, and a save."""

from __future__ import annotations

import json
from datetime import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from followup_desktop.core.model import Cadence, Profile
from followup_desktop.store import queries
from followup_desktop.ui.first_run import setup_dialog
from followup_desktop.ui.first_run.offer import needs_setup
from followup_desktop.ui.first_run.setup_dialog import ABOUT, WELCOME, WHERE, SetupDialog
from tests.builders import sample_document, write_json


@pytest.fixture
def setup(db, now, qtbot):
    def build(zone: str | None = "Europe/Berlin") -> SetupDialog:
        dialog = SetupDialog(db, lambda: now, zone)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)  # keys and focus reach the active window only
        return dialog

    return build


def focused():
    return QApplication.focusWidget()


def type_in(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def test_enter_sets_up_and_tab_walks_the_fields_in_order(setup, qtbot, db):
    dialog = setup()
    assert dialog.pages.currentIndex() == WELCOME
    assert focused() is dialog.setup_button
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.pages.currentIndex() == ABOUT
    assert focused() is dialog.name
    order = [dialog.name]
    for _ in range(4):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        order.append(focused())
    assert order == [dialog.name, dialog.email, dialog.phone, dialog.linkedin, dialog.portfolio]
    qtbot.keyClicks(dialog.name, "Alex")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    order = [focused()]
    for _ in range(4):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        order.append(focused())
    assert order == [
        dialog.timezone,
        dialog.country,
        dialog.subdivision,
        dialog.cadence,
        dialog.send_time,
    ]


def test_the_whole_setup_by_keyboard_saves_the_profile(setup, qtbot, db):
    dialog = setup()
    said = []
    dialog.saved.connect(said.append)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    type_in(qtbot, "Alex Morgan")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    type_in(qtbot, "alex@example.org")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    type_in(qtbot, "+49 30 1234")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    type_in(qtbot, "linkedin.com/in/alex")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Enter in a field: Next
    assert dialog.pages.currentIndex() == WHERE
    assert focused() is dialog.timezone
    assert dialog.timezone.currentText() == "Europe/Berlin"  # from the computer
    assert dialog.country.currentData() == "DE"  # from the zone
    assert dialog.zone_hint.text() == "Taken from this computer."
    assert dialog.send_time.time().toString("HH:mm") == "08:30"
    assert dialog.cadence.currentText() == "Standard"
    assert "week after the interview" in dialog.cadence_help.text()
    dialog.cadence.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # the next preset
    assert dialog.cadence.currentText() == "72-hour timeline"
    dialog.send_time.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Enter: Save and start
    assert dialog.result() == SetupDialog.DialogCode.Accepted
    profile = queries.get_profile(db)
    assert (profile.name, profile.email, profile.phone) == (
        "Alex Morgan",
        "alex@example.org",
        "+49 30 1234",
    )
    assert profile.links == ["https://linkedin.com/in/alex"]
    assert (profile.timezone, profile.country) == ("Europe/Berlin", "DE")
    assert profile.cadence == Cadence.SEVENTY_TWO_HOUR and profile.send_time == time(8, 30)
    assert said and said[0].startswith("Welcome, Alex Morgan: planning in Europe/Berlin time")
    assert needs_setup(db) is False


def test_a_missing_name_stops_next_with_a_sentence_that_goes_when_typing(setup, qtbot):
    dialog = setup()
    dialog.go(ABOUT)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.pages.currentIndex() == ABOUT
    error = dialog.errors["name"]
    assert not error.isHidden() and error.text().startswith("Name is empty")
    assert focused() is dialog.name
    type_in(qtbot, "A")
    assert error.isHidden()


def test_a_bad_zone_sends_back_to_its_field(setup, qtbot, db):
    dialog = setup()
    dialog.go(ABOUT)
    type_in(qtbot, "Alex")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    dialog.timezone.setCurrentText("Mars/Base")
    dialog.finish_button.click()
    assert dialog.result() != SetupDialog.DialogCode.Accepted
    assert "Mars/Base" in dialog.errors["timezone"].text()
    assert queries.get_profile(db) == Profile()


def test_the_zone_picks_the_country_until_the_user_picks_one(setup, qtbot):
    dialog = setup(zone=None)
    assert dialog.timezone.currentText() == "UTC"
    assert dialog.country.currentData() == ""
    dialog.timezone.setCurrentText("Asia/Tokyo")
    assert dialog.country.currentData() == "JP"
    assert dialog.zone_hint.isHidden()
    dialog.country.activated.emit(dialog.country.findData("FR"))  # the user's own choice
    dialog.country.setCurrentIndex(dialog.country.findData("FR"))
    dialog.timezone.setCurrentText("America/Chicago")
    assert dialog.country.currentData() == "FR"


def test_a_city_typed_as_the_home_zone_picks_its_country_and_is_saved_by_name(setup, qtbot, db):
    dialog = setup(zone=None)
    dialog.name.setText("Alex")
    dialog.go(WHERE)
    dialog.timezone.setCurrentText("berlin")
    assert dialog.country.currentData() == "DE"  # as Europe/Berlin picks it
    dialog.timezone.setCurrentText("eastern")
    dialog.finish_button.click()
    assert dialog.result() != SetupDialog.DialogCode.Accepted
    assert dialog.errors["timezone"].text() == (
        "Home time zone “eastern” could be Canada/Eastern or US/Eastern: type the full name."
    )
    dialog.timezone.setCurrentText("berlin")
    assert dialog.errors["timezone"].isHidden()  # typing takes the old sentence away
    dialog.finish_button.click()
    assert dialog.result() == SetupDialog.DialogCode.Accepted
    profile = queries.get_profile(db)
    assert (profile.timezone, profile.country) == ("Europe/Berlin", "DE")


def test_not_now_writes_nothing_and_the_setup_comes_back(setup, qtbot, db):
    dialog = setup()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == SetupDialog.DialogCode.Rejected
    assert needs_setup(db) is True


def test_try_the_demo_asks_for_it_and_leaves_the_file_empty(setup, qtbot, db):
    dialog = setup()
    with qtbot.waitSignal(dialog.demo_wanted):
        dialog.demo_button.setFocus()
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.result() == SetupDialog.DialogCode.Rejected
    assert not queries.has_applications(db)
    assert needs_setup(db) is True


def test_import_a_tracker_csv_then_check_the_details(setup, qtbot, db, monkeypatch, tmp_path):
    tracker = tmp_path / "My Tracker.csv"
    tracker.write_text(
        "Company,Position,Status,Recruiter,Interview,Notes\n"
        "Acme Corp,Backend Engineer,Interviewing,Dana Lee,2026-11-19 10:00,nice\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(setup_dialog, "ask_import_path", lambda parent: tracker)
    dialog = setup()
    said = []
    dialog.imported.connect(said.append)
    dialog.import_button.click()
    assert [a.id for a in queries.list_applications(db)] == ["acme-corp-backend-engineer"]
    (interview,) = queries.list_interviews(db)
    assert str(interview.starts_at.astimezone(interview.starts_at.tzinfo)).startswith(
        "2026-11-19 09:00:00+00:00"  # 10:00 in Berlin, the zone the setup shows
    )
    assert said and "Columns not read: Notes." in said[0]
    assert dialog.pages.currentIndex() == ABOUT
    assert dialog.imported_note.text().endswith("Now check your details.")


def test_a_bad_tracker_is_one_sentence_on_the_first_page(setup, db, monkeypatch, tmp_path):
    tracker = tmp_path / "t.csv"
    tracker.write_text("Company,Status\nAcme,maybe\n", encoding="utf-8")
    monkeypatch.setattr(setup_dialog, "ask_import_path", lambda parent: tracker)
    dialog = setup()
    dialog.import_button.click()
    assert dialog.pages.currentIndex() == WELCOME
    assert dialog.welcome_error.text().startswith("t.csv, row 2, column 'Status': 'maybe'")
    assert not dialog.welcome_error.isHidden()
    assert not queries.has_applications(db)


def test_an_interchange_file_fills_in_the_profile_it_brings(setup, db, monkeypatch, tmp_path):
    path = write_json(tmp_path / "backup.json", sample_document())
    monkeypatch.setattr(setup_dialog, "ask_import_path", lambda parent: path)
    dialog = setup()
    dialog.import_button.click()
    assert dialog.name.text() == "Alex Morgan"
    assert dialog.timezone.currentText() == "America/Chicago"
    assert dialog.country.currentData() == "US"
    assert queries.list_applications(db)
    assert json.loads(path.read_text())["format"] == "followup-desktop"


def test_the_computers_zone_is_one_qt_or_the_system_knows(monkeypatch):
    zone = setup_dialog.system_zone()
    assert zone is None or setup_dialog.data.usable_zone(zone)
    QTest.qWait(0)
