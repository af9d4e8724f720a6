"""The day and time fields of ui/common/when_row.py: the locale's way of writing a day (and ISO
always), a calendar to pick from, a time typed over a selection, one sentence for bad text."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QLocale, Qt, QTime
from PySide6.QtWidgets import QVBoxLayout, QWidget

from followup_desktop.ui.common.when_row import DateField, TimeField, WhenRow, typed_day
from tests.builders import OFFSCREEN_POPUP

US, DE, GB = QLocale("en_US"), QLocale("de_DE"), QLocale("en_GB")
DEC_1 = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("locale", "typed"),
    [(US, "12/01/2026"), (US, "12/1/2026"), (US, "12/1/26"), (US, "2026-12-01"),
     (DE, "01.12.2026"), (DE, "1.12.2026"), (DE, "01.12.26"), (DE, "2026-12-01"),
     (GB, "01/12/2026"), (GB, " 1/12/2026 "), (QLocale.c(), "2026-12-1")],
)  # fmt: skip
def test_a_day_as_the_locale_writes_it_or_as_iso(locale, typed):
    assert typed_day(typed, locale) == DEC_1


@pytest.mark.parametrize("typed", ["", "13/01/2026", "2/30/2026", "2026-02-30", "tomorrow", "12/1"])
def test_what_is_not_a_day_in_en_us(typed):
    assert typed_day(typed, US) is None


def test_the_field_shows_the_day_the_locales_way(qtbot):
    us, de = DateField(locale=US), DateField(locale=DE)
    for field in (us, de):
        qtbot.addWidget(field)
        field.setDate(QDate(2026, 12, 1))
    assert us.edit.text() == "12/1/2026" and de.edit.text() == "01.12.2026"
    assert us.edit.placeholderText() == "12/1/2026"
    c = DateField(locale=QLocale.c())  # nobody writes C's 'd MM yyyy': ISO instead
    qtbot.addWidget(c)
    c.setDate(QDate(2026, 12, 1))
    assert c.edit.text() == "2026-12-01"


def test_a_day_typed_over_the_selection_is_taken(qtbot):
    field = DateField(locale=DE)
    qtbot.addWidget(field)
    field.setDate(QDate(2026, 11, 24))
    field.show()
    changes = []
    field.dateChanged.connect(changes.append)
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "01.12.2026")
    assert field.date() == QDate(2026, 12, 1) and changes[-1] == QDate(2026, 12, 1)
    field.edit.editingFinished.emit()
    assert field.problem() == "" and field.edit.text() == "01.12.2026"


def test_bad_text_keeps_the_last_day_and_is_one_sentence_naming_the_field(qtbot):
    field = DateField("Day", locale=US)
    qtbot.addWidget(field)
    field.setDate(QDate(2026, 11, 24))
    problems = []
    field.problem_changed.connect(problems.append)
    field.edit.setText("31/31/2026")
    assert field.commit() == (
        "Day: “31/31/2026” is not a day; type it like 12/1/2026 or 2026-12-01, or pick it "
        "from the calendar."
    )
    assert field.date() == QDate(2026, 11, 24) and problems == [field.problem()]
    field.edit.setText("")
    assert field.commit() == "Day is empty; type a day like 11/24/2026."
    field.edit.setText("11/25/2026")
    assert field.commit() == "" and problems[-1] == ""


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_the_calendar_picks_a_day(qtbot):
    field = DateField(locale=US)
    qtbot.addWidget(field)
    field.setDate(QDate(2026, 11, 24))
    field.show()
    popup = field.open_calendar()
    assert popup.isVisible() and popup.calendar.selectedDate() == QDate(2026, 11, 24)
    popup.calendar.clicked.emit(QDate(2026, 12, 3))
    assert field.date() == QDate(2026, 12, 3) and field.edit.text() == "12/3/2026"
    assert not popup.isVisible()
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert popup.isVisible()  # Alt+Down opens it from the keyboard
    popup.close()
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)  # a day later
    assert field.date() == QDate(2026, 12, 4)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("11:15", QTime(11, 15)), ("1115", QTime(11, 15)), ("9:05", QTime(9, 5)),
     ("2:30 pm", QTime(14, 30)), ("23:59", QTime(23, 59))],
)  # fmt: skip
def test_a_time_typed_over_a_selected_time_is_taken(qtbot, typed, expected):
    field = TimeField()
    qtbot.addWidget(field)
    field.setTime(QTime(8, 30))
    field.show()
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, typed)
    assert field.time() == expected
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.problem() == "" and field.text() == expected.toString("HH:mm")


def test_a_time_that_is_not_one_says_so_and_arrows_step_a_quarter(qtbot):
    field = TimeField("Start time")
    qtbot.addWidget(field)
    field.setTime(QTime(8, 30))
    field.setText("25:99")
    assert field.commit() == "Start time: “25:99” is not a time; type it like 14:30."
    assert field.time() == QTime(8, 30)
    field.setTime(QTime(23, 50))
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.time() == QTime(0, 5) and field.problem() == ""
    qtbot.keyClick(field, Qt.Key.Key_PageDown)
    assert field.time() == QTime(23, 5)


def test_the_row_reads_the_wall_time_and_its_first_problem(qtbot):
    row = WhenRow(time_name="Time", zone_name="Zone", locale=DE)
    holder = QWidget()  # owns the row's fields
    QVBoxLayout(holder).addLayout(row)
    qtbot.addWidget(holder)
    row.date.setDate(QDate(2026, 12, 1))
    row.time.setTime(QTime(11, 15))
    assert row.wall().isoformat() == "2026-12-01T11:15:00"
    row.time.setText("noon")
    assert row.commit() == "Time: “noon” is not a time; type it like 14:30."
    assert row.problem() == row.time.problem()
