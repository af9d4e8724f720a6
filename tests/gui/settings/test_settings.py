"""The settings form: loads the profile, validates field by field, saves and re-plans."""

from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QLabel

from followup_desktop.core.model import Cadence
from followup_desktop.store import queries


@pytest.fixture
def settings(filled, make_window):
    window = make_window(filled)
    return window.view("settings"), window


def test_form_shows_the_stored_profile(settings):
    view, _ = settings
    assert view.timezone.currentText() == "UTC"
    assert view.cadence.currentData() == "standard"
    assert view.send_time.time() == QTime(8, 30)
    assert view.min_spacing.value() == 5
    assert "week after the interview" in view.cadence_help.text()


def test_unknown_zone_shows_a_sentence_beside_the_field_and_keeps_the_rest(settings, filled):
    view, _ = settings
    view.name.setText("Alex Morgan")
    view.email.setText("alex@example.org")
    view.timezone.setCurrentText("Mars/Olympus_Mons")
    assert view.save() is False
    error = view.errors["timezone"]
    assert not error.isHidden()
    assert "Mars/Olympus_Mons" in error.text()
    assert all(label.isHidden() for key, label in view.errors.items() if key != "timezone")
    assert view.name.text() == "Alex Morgan"  # nothing typed is lost
    assert view.email.text() == "alex@example.org"
    assert view.timezone.currentText() == "Mars/Olympus_Mons"
    assert "Not saved" in view.result.text()
    assert queries.get_profile(filled).name == ""  # and nothing was stored


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        (
            "springfield",
            "Time zone “springfield” is not a time zone I know; type a city such as Berlin or a "
            "name such as America/New_York.",
        ),
        (
            "eastern",
            "Time zone “eastern” could be Canada/Eastern or US/Eastern: type the full name.",
        ),
    ],
)
def test_a_zone_naming_no_place_or_several_is_the_matcher_s_sentence(
    settings, filled, typed, sentence
):
    view, _ = settings
    view.timezone.setCurrentText(typed)
    assert view.save() is False
    assert view.errors["timezone"].text() == sentence
    assert not view.errors["timezone"].isHidden()
    assert queries.get_profile(filled).timezone == "UTC"


def test_a_city_typed_as_the_zone_is_saved_under_its_iana_name(settings, filled):
    view, _ = settings
    view.timezone.setCurrentText("berlin")
    assert view.save() is True
    assert queries.get_profile(filled).timezone == "Europe/Berlin"
    assert view.timezone.currentText() == "Europe/Berlin"  # shown as stored
    assert view.errors["timezone"].isHidden()


def test_email_without_at_and_unknown_region_are_named(settings):
    view, _ = settings
    view.email.setText("alex.example.org")
    view.country.setCurrentIndex(view.country.findData("US"))
    view.subdivision.setCurrentText("Atlantis")
    assert view.save() is False
    assert "alex.example.org" in view.errors["email"].text()
    assert "Atlantis" in view.errors["subdivision"].text()
    assert view.errors["timezone"].isHidden()


def test_unknown_country_is_named(settings):
    view, _ = settings
    view.country.setCurrentText("Narnia")
    assert view.save() is False
    assert "Narnia" in view.errors["country"].text()


def test_region_needs_a_country(settings):
    view, _ = settings
    view.country.setCurrentIndex(0)
    view.subdivision.setCurrentText("NY")
    assert view.save() is False
    assert "needs a country" in view.errors["subdivision"].text()


def test_choosing_a_country_lists_its_regions(settings):
    view, _ = settings
    view.country.setCurrentIndex(view.country.findData("DE"))
    assert view.subdivision.findData("BY") > 0
    assert "Bayern" in view.subdivision.itemText(view.subdivision.findData("BY"))


def test_save_stores_the_profile_and_replans(settings, filled, now):
    view, window = settings
    before = {f.id: f.due for f in queries.list_followups(filled)}
    view.name.setText("Alex Morgan")
    view.email.setText("alex@example.org")
    view.links.setPlainText("https://example.org/alex\n\n  https://example.org/cv  \n")
    view.timezone.setCurrentText("America/Chicago")
    view.country.setCurrentIndex(view.country.findData("US"))
    view.subdivision.setCurrentText("il")  # a region code in any case is accepted
    view.cadence.setCurrentIndex(view.cadence.findData("patient"))
    view.send_time.setTime(QTime(9, 15))
    view.min_spacing.setValue(6)
    assert view.save() is True
    profile = queries.get_profile(filled)
    assert profile.name == "Alex Morgan"
    assert profile.links == ["https://example.org/alex", "https://example.org/cv"]
    assert (profile.timezone, profile.country, profile.subdivision) == (
        "America/Chicago",
        "US",
        "IL",
    )
    assert profile.cadence == Cadence.PATIENT
    assert profile.send_time == time(9, 15)
    assert profile.min_spacing_days == 6
    after = {f.id: f.due for f in queries.list_followups(filled)}
    assert after != before  # the patient cadence and 09:15 moved the plan
    assert view.result.text().startswith("Saved; ")
    assert "re-planned" in view.result.text()
    assert all(label.isHidden() for label in view.errors.values())
    assert window.statusBar().currentMessage() == view.result.text()
    assert view.dirty is False


def test_country_may_be_typed_as_its_name(settings, filled):
    view, _ = settings
    view.country.setCurrentText("germany")
    assert view.save() is True
    assert queries.get_profile(filled).country == "DE"


def test_unsaved_typing_survives_a_refresh_and_revert_discards_it(settings):
    view, _ = settings
    view.name.setText("typed")
    view._edited()
    view.refresh()
    assert view.name.text() == "typed"
    view.revert()
    assert view.name.text() == ""
    assert view.dirty is False


def test_save_says_what_it_saves_and_sits_with_the_profile(settings):
    view, _ = settings
    assert view.save_button.text().replace("&", "") == "Save profile"
    assert view.profile.isAncestorOf(view.save_button)  # in the profile's frame, under its fields
    assert view.profile.isAncestorOf(view.name) and not view.profile.isAncestorOf(view.reminders)
    hints = [label.text() for label in view.findChildren(QLabel) if label.objectName() == "hint"]
    assert any("Kept when you press Save profile" in text for text in hints)
    assert any("apply as soon as you change them" in text for text in hints)


@pytest.mark.parametrize(("width", "side_by_side"), [(1366, True), (1920, True), (1000, False)])
def test_the_profile_and_the_panels_use_the_width(settings, qtbot, width, side_by_side):
    view, window = settings
    window.resize(width, 740)
    window.show()
    window.show_view("settings")
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: view.side_by_side() is side_by_side)
    profile, panels = view.profile.geometry(), view.panels.geometry()
    assert profile.width() <= 660 and panels.width() <= 660  # a readable width, never stretched
    if side_by_side:
        assert panels.left() > profile.right() and profile.top() == panels.top()
        assert profile.width() >= 480  # the columns fill the window, not a narrow strip
    else:
        assert panels.top() > profile.bottom()


def test_focus_field_scrolls_to_the_field_and_puts_the_cursor_there(settings, qtbot):
    view, window = settings
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_view("settings")
    view.phone.setText("+1 555 0100")
    assert view.focus_field("phone") is True
    assert view.phone.hasFocus() and view.phone.selectedText() == "+1 555 0100"
    assert view.focus_field("links") is True and view.links.hasFocus()
    assert view.focus_field("no-such-field") is False


def test_a_fixed_field_loses_its_error_while_typing(settings, qtbot):
    view, _ = settings
    view.email.setText("alex.example.org")
    assert view.save() is False
    assert not view.errors["email"].isHidden()
    view.email.setFocus()
    qtbot.keyClicks(view.email, "x")
    assert view.errors["email"].isHidden()
