"""The log entry dialog's day: typed as the locale writes days (12/01/2026 in en_US, 01.12.2026
in de_DE) or as ISO, or picked from a calendar; a day that is not one is one sentence beside the
field, and Save waits for a day."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QDialogButtonBox

from followup_desktop.core.model import Direction
from followup_desktop.store import queries
from followup_desktop.ui.log.log_entry_dialog import LogEntryDialog
from tests.builders import OFFSCREEN_POPUP

US = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
DE = QLocale(QLocale.Language.German, QLocale.Country.Germany)


@pytest.fixture
def dialog(filled, now, qtbot):
    def build(locale: QLocale) -> LogEntryDialog:
        entry = LogEntryDialog(
            filled,
            lambda: now,
            {"acme-be": "Acme"},
            application="acme-be",
            direction=Direction.SENT,
            locale=locale,
        )
        qtbot.addWidget(entry)
        entry.show()
        entry.activateWindow()
        qtbot.waitUntil(entry.isActiveWindow)
        return entry

    return build


def _retype(qtbot, entry: LogEntryDialog, text: str) -> None:
    edit = entry.date.edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)  # leaving the field reads it


def _save_button(entry: LogEntryDialog):
    return entry.buttons.button(QDialogButtonBox.StandardButton.Save)


@pytest.mark.parametrize(
    ("locale", "today", "typed"),
    [(US, "11/21/2026", "12/01/2026"), (DE, "21.11.2026", "01.12.2026")],
    ids=["en_US", "de_DE"],
)
def test_the_day_is_typed_as_the_locale_writes_it(dialog, filled, qtbot, locale, today, typed):
    entry = dialog(locale)
    assert entry.date.edit.text() == today  # now, the locale's way
    _retype(qtbot, entry, typed)
    assert entry.date.value() == date(2026, 12, 1)
    assert entry.errors["date"].isHidden()
    entry.summary.setText("Sent the portfolio link")
    assert entry.save()
    logged = queries.list_communications(filled, ["acme-be"])
    assert [(c.summary, c.at.date()) for c in logged] == [
        ("Sent the portfolio link", date(2026, 12, 1))
    ]


def test_iso_is_understood_in_any_locale(dialog, qtbot):
    entry = dialog(DE)
    _retype(qtbot, entry, "2026-12-03")
    assert entry.date.value() == date(2026, 12, 3)
    assert entry.date.edit.text() == "03.12.2026"  # shown back the locale's way


@pytest.mark.parametrize(
    ("locale", "typed", "sentence"),
    [
        (
            DE,
            "31.02.2026",
            "Date: “31.02.2026” is not a day; type it like 01.12.2026 or 2026-12-01, or pick it "
            "from the calendar.",
        ),
        (
            US,
            "13/01/2026",
            "Date: “13/01/2026” is not a day; type it like 12/1/2026 or 2026-12-01, or pick it "
            "from the calendar.",
        ),
    ],
    ids=["de_DE", "en_US"],
)
def test_a_day_that_is_not_one_is_one_sentence_and_save_waits(
    dialog, filled, qtbot, locale, typed, sentence
):
    entry = dialog(locale)
    _retype(qtbot, entry, typed)
    assert entry.errors["date"].isVisibleTo(entry)
    assert entry.errors["date"].text() == sentence
    assert not _save_button(entry).isEnabled()
    assert entry.save() is False  # also when asked directly (Ctrl+Enter, a test)
    assert entry.isVisible()
    assert queries.list_communications(filled, ["acme-be"]) == []
    _retype(qtbot, entry, "2026-11-20")
    assert entry.errors["date"].isHidden()  # the sentence goes once the field is fixed
    assert _save_button(entry).isEnabled()
    assert entry.save()
    assert [c.at.date() for c in queries.list_communications(filled, ["acme-be"])] == [
        date(2026, 11, 20)
    ]


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_the_day_can_be_picked_from_a_calendar(dialog, qtbot):
    entry = dialog(US)
    entry.date.edit.setFocus()
    qtbot.keyClick(entry.date.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = entry.date.popup
    assert popup is not None and popup.isVisible()
    assert popup.calendar.selectedDate() == QDate(2026, 11, 21)  # opens on the day shown
    popup.calendar.clicked.emit(QDate(2026, 11, 18))
    assert not popup.isVisible()
    assert entry.date.value() == date(2026, 11, 18)
    assert entry.date.edit.text() == "11/18/2026"
