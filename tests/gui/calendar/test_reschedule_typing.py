"""The reschedule dialog takes a time typed over the selected one, a day typed as the locale
writes it, or says in one sentence why not (and does not reschedule)."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QDate, QLocale, Qt

from followup_desktop.store import queries
from followup_desktop.ui.calendar.reschedule_dialog import RescheduleDialog
from tests.builders import NOW, NY, build_jobs

CHECK_IN = "acme-be-1/check_in/dana"  # 08:30 New York


@pytest.fixture
def view(db, qtbot):
    from followup_desktop.app.run import build_main_window

    build_jobs(db)
    window = build_main_window(db, lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    calendar = window.show_view("calendar")
    calendar.select_item(f"f:{CHECK_IN}")
    return calendar


def _retype(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def test_a_time_typed_over_the_selected_time_is_taken(view, db, qtbot):
    before = queries.get_followup(db, CHECK_IN).due.astimezone(NY)
    dialog = view.actions.reschedule(f"f:{CHECK_IN}")
    assert dialog.time.text() == "08:30"  # their (New York) time, selected for typing over
    _retype(qtbot, dialog.time, "11:15")
    assert dialog.time.text() == "11:15" and "11:15 in New York" in dialog.preview.text()
    with qtbot.waitSignal(view.changed):
        qtbot.keyClick(dialog.time, Qt.Key.Key_Return)  # Enter reschedules
    stored = queries.get_followup(db, CHECK_IN)
    assert stored.due == datetime(before.year, before.month, before.day, 11, 15, tzinfo=NY)
    assert stored.manual


def test_a_time_that_is_not_one_is_named_and_nothing_is_rescheduled(view, db, qtbot):
    before = queries.get_followup(db, CHECK_IN).due
    dialog = view.actions.reschedule(f"f:{CHECK_IN}")
    _retype(qtbot, dialog.time, "25:99")
    qtbot.keyClick(dialog.time, Qt.Key.Key_Return)
    assert dialog.isVisible()  # still open: it says why
    assert dialog.error.isVisibleTo(dialog)
    assert dialog.error.text() == "Time: “25:99” is not a time; type it like 14:30."
    assert not dialog.preview.isVisibleTo(dialog)  # it would be about the last good time
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    assert queries.get_followup(db, CHECK_IN).due == before
    _retype(qtbot, dialog.time, "9:45")
    assert ok.isEnabled() and not dialog.error.isVisibleTo(dialog)
    assert dialog.preview.isVisibleTo(dialog) and "09:45 in New York" in dialog.preview.text()
    dialog.reject()


def test_a_day_typed_as_the_locale_writes_it(db, qtbot, view):
    item = view.item(f"f:{CHECK_IN}")
    dialog = RescheduleDialog(db, item, NOW, locale=QLocale("de_DE"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.date.edit.text() == item.employer_time.strftime("%d.%m.%Y")  # '27.11.2026'
    _retype(qtbot, dialog.date.edit, "03.12.2026")
    assert dialog.date.date() == QDate(2026, 12, 3)
    assert "Thu 3 Dec" in dialog.preview.text()
    _retype(qtbot, dialog.date.edit, "2026-12-04")  # ISO in any locale
    assert dialog.chosen().date().isoformat() == "2026-12-04"
    _retype(qtbot, dialog.date.edit, "4.13.2026")
    dialog.accept()
    assert dialog.result() == 0 and dialog.error.text().startswith("Day: “4.13.2026” is not a day")
