"""The calendar's month, week and agenda views: what they show, per state, and the keyboard."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from followup_desktop.store import writes
from tests.builders import NOW, OFFSCREEN_POPUP, build_jobs


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
    calendar = window.show_view("calendar")
    return calendar


def state(view, key: str) -> str | None:
    item = view.item(key)
    return item.state if item else None


def test_month_shows_each_state_today_and_the_legend(view):
    assert view.mode == "month" and view._today == date(2026, 11, 21)
    assert view.title.text() == "<b>November 2026</b>"
    assert view.month.today == date(2026, 11, 21) and view.month.selected == date(2026, 11, 21)
    assert state(view, "i:acme-be-1") == "interview"
    assert state(view, "f:acme-be-1/thank_you/dana") == "overdue"  # Friday 20 Nov
    assert state(view, "f:acme-be-1/thank_you/omar") == "done"
    assert state(view, "f:acme-be-1/thank_you/priya") == "skipped"
    assert state(view, "f:nw-sre-1/thank_you/jonas") == "planned"
    assert view.item("f:globex-pm-1/thank_you/gil") is None  # cancelled: hidden by default
    view.show_cancelled.setChecked(True)
    assert state(view, "f:globex-pm-1/thank_you/gil") == "cancelled"
    assert {s.text for s in view.legend.swatches} >= {
        "Interview",
        "Thank-you",
        "Due today",
        "! Overdue",
        "✓ Done",
        "Skipped",
        "✕ Cancelled",
    }
    assert "Times are Chicago time." in view.summary.text()


def test_due_today_after_a_move_and_marks_on_chips(view, jobs):
    writes.reschedule(
        jobs, "acme-be-1/check_in/dana", datetime(2026, 11, 21, 18, 0, tzinfo=UTC), NOW
    )
    view.refresh()
    item = view.item("f:acme-be-1/check_in/dana")
    assert item.state == "due" and item.manual
    from followup_desktop.ui.calendar.chip_style import marks
    from followup_desktop.ui.calendar.rows import state_line

    assert state_line(item) == "Due today · moved by you"
    assert marks(item) == "✎ "
    assert view.month.chip_rect(item.key) is not None


def test_both_local_times_when_the_slot_is_outside_waking_hours(view):
    from followup_desktop.ui.calendar.chip_style import marks
    from followup_desktop.ui.calendar.rows import both_times, time_line, tooltip

    view.select_day(date(2026, 11, 24))
    item = view.item("f:nw-sre-1/thank_you/jonas")  # 08:30 Berlin on Tue 24 Nov
    assert item.start.hour == 1 and item.start.minute == 30
    # Whose time first, then the user's (the words of core/when_text).
    assert both_times(item) == "08:30 Berlin time (01:30 your time)"
    assert "08:30 Berlin time (01:30 your time) — outside your waking hours" in time_line(item)
    assert "☾" in marks(item)
    assert "08:30 Berlin time (01:30 your time)" in tooltip(item)
    assert "08:30 Berlin time (01:30 your time)" in view.panel.details.toPlainText()
    dana = view.item("f:acme-be-1/thank_you/dana")  # 08:30 New York = 07:30 Chicago: awake
    assert "☾" not in marks(dana)


def test_keyboard_arrows_pages_and_today(view, qtbot):
    grid = view.month
    grid.setFocus()
    QTest.keyClick(grid, Qt.Key.Key_Right)
    assert view.selected == date(2026, 11, 22)
    QTest.keyClick(grid, Qt.Key.Key_Down)
    assert view.selected == date(2026, 11, 29)
    QTest.keyClick(grid, Qt.Key.Key_Down)  # into December: the grid follows
    assert view.selected == date(2026, 12, 6) and view.title.text() == "<b>December 2026</b>"
    QTest.keyClick(grid, Qt.Key.Key_PageDown)
    assert view.selected == date(2027, 1, 6) and view.title.text() == "<b>January 2027</b>"
    QTest.keyClick(grid, Qt.Key.Key_PageUp)
    QTest.keyClick(grid, Qt.Key.Key_PageUp)
    assert view.selected == date(2026, 11, 6)
    QTest.keyClick(grid, Qt.Key.Key_Left)
    assert view.selected == date(2026, 11, 5)
    QTest.keyClick(grid, Qt.Key.Key_T)
    assert view.selected == date(2026, 11, 21)
    QTest.keyClick(grid, Qt.Key.Key_Up)
    assert view.selected == date(2026, 11, 14)


def test_the_week_and_agenda_views_take_the_same_keys(view):
    view.set_mode("week")
    assert view.visible_range() == (date(2026, 11, 16), date(2026, 11, 23))
    QTest.keyClick(view.week, Qt.Key.Key_Right)
    QTest.keyClick(view.week, Qt.Key.Key_Right)
    assert view.selected == date(2026, 11, 23) and view.days[0] == date(2026, 11, 23)
    assert view.title.text() == "<b>23 Nov – 29 Nov 2026</b>"
    QTest.keyClick(view.week, Qt.Key.Key_PageDown)
    assert view.selected == date(2026, 12, 23)
    QTest.keyClick(view.week, Qt.Key.Key_T)
    assert view.selected == date(2026, 11, 21)
    view.set_mode("agenda")
    view.select_day(date(2026, 11, 24))  # the chosen day's first item, in view
    current = view.agenda.currentIndex()
    assert view.agenda.model_.rows[current.row()][:2] == (date(2026, 11, 24), 0)
    assert view.agenda.viewport().rect().contains(view.agenda.visualRect(current))
    QTest.keyClick(view.agenda, Qt.Key.Key_PageDown)
    assert view.visible_range() == (date(2026, 12, 1), date(2027, 1, 1))
    QTest.keyClick(view.agenda, Qt.Key.Key_T)  # this month lists from today, overdue above
    assert view.visible_range() == (date(2026, 11, 21), date(2026, 12, 1))
    view.next_button.click()
    assert view.selected == date(2026, 12, 21)
    view.set_mode("week")
    view.prev_button.click()
    assert view.selected == date(2026, 12, 14)


def test_week_view_places_items_at_their_time_and_shows_the_night(view):
    view.select_day(date(2026, 11, 24))
    view.set_mode("week")
    grid = view.week
    first, last = grid.hours()
    assert first <= 1 and last >= 22  # 01:30 (Berlin's 08:30) is inside the grid
    jonas = grid.chip_rect("f:nw-sre-1/thank_you/jonas")
    assert jonas is not None
    assert grid.y_of(90) <= jonas.top() < grid.y_of(120)
    interview = grid.chip_rect("i:nw-sre-1")  # Mon 23 Nov 10:00 Berlin = 03:00 Chicago
    assert interview is not None and grid.y_of(3 * 60) == interview.top()
    assert grid.drop_target(QPoint(jonas.center().x(), grid.y_of(14 * 60 + 5))) == datetime(
        2026, 11, 24, 14, 0
    )


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_a_busy_day_shows_a_count_and_opens_a_list_of_everything(view, qtbot):
    view.select_day(date(2026, 11, 20))  # eight thank-yous (one done, one skipped) that Friday
    view.month.resize(700, 420)
    view.month.invalidate()
    more = [(rect, day, n) for rect, day, n in view.month.grid().more if day == date(2026, 11, 20)]
    assert more, "the cell cannot hold eight chips"
    rect, day, hidden = more[0]
    shown = [i for r, i in view.month.grid().chips if i.day == day]
    assert len(shown) + hidden == len(view.items[day]) == 8
    QTest.mouseClick(view.month, Qt.MouseButton.LeftButton, pos=rect.center())
    popup = view.popup
    assert popup is not None and popup.isVisible()
    assert len(popup.list.keys()) == 8
    popup.close()


def test_only_the_visible_range_is_read(view, jobs):
    seen: list[str] = []
    jobs.conn.set_trace_callback(seen.append)
    try:
        view.navigate("month", 1)
    finally:
        jobs.conn.set_trace_callback(None)
    reads = [s for s in seen if "followups" in s]
    # December's grid: its five weeks, Monday 30 Nov to Sunday 3 Jan, Chicago days (UTC bounds).
    # Days are counted from the (status, due) index, then only what is drawn is read, by rowid.
    first, last = "(0, '2026-11-30T06:00:00+00:00'", "'2027-01-03T06:00:00+00:00', '2027-01-04T06"
    assert any(first in s and last in s for s in reads)
    assert all("due >= d.lo AND due < d.hi" in s or "f.rowid IN (" in s for s in reads), reads
    assert all("FROM interviews" not in s or "starts_at >=" in s or "rowid IN" in s for s in seen)


def test_the_pending_count_is_of_the_weeks_the_month_draws(view, jobs):
    view.navigate("month", 1)  # December 2026: five week rows, 30 Nov to 3 Jan
    assert view.month.rows() == 5 and view.days[-1] == date(2027, 1, 3)
    before = int(view.summary.text().split(" pending in this view")[0])
    # Into the week after the grid (Wed 6 Jan), which December does not draw.
    moved = datetime(2027, 1, 6, 14, 30, tzinfo=UTC)
    writes.reschedule(jobs, "nw-sre-1/move_on_review", moved, NOW)
    view.refresh()
    assert view.summary.text().startswith(f"{before - 1} pending in this view")
    view.navigate("month", 1)  # January shows it
    assert view.item("f:nw-sre-1/move_on_review") is not None


def test_clicking_a_chip_selects_it_and_the_panel_explains_it(view, qtbot):
    view.select_day(date(2026, 11, 20))
    rect = view.month.chip_rect("f:acme-be-1/thank_you/dana")
    QTest.mouseClick(view.month, Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.selected_key == "f:acme-be-1/thank_you/dana"
    assert view.panel.list.current_key() == "f:acme-be-1/thank_you/dana"
    text = view.panel.details.toPlainText()
    assert "Overdue" in text and "Thank-you within a day" in text
    assert view.panel.done_button.isEnabled()
    view.panel.list.select_key("f:acme-be-1/thank_you/omar")  # done: no more actions
    assert not view.panel.done_button.isEnabled() and view.panel.open_button.isEnabled()
    QTest.keyClick(view.month, Qt.Key.Key_Return)  # Enter goes to the day's list
    assert view.panel.list.hasFocus() or not view.isActiveWindow()


def test_the_day_panel_lists_what_is_overdue_first_whatever_month_is_shown(view):
    overdue = [f"f:acme-be-1/thank_you/{p}" for p in ("dana", "kofi", "lena", "raj", "sue", "tom")]
    view.navigate("month", 1)  # December: the overdue thank-yous of 20 Nov are not in it
    assert view.title.text() == "<b>December 2026</b>"
    panel = view.panel
    assert panel.overdue_box.isVisibleTo(view) and panel.overdue_list.keys() == overdue
    assert panel.overdue_heading.text() == "<b>Overdue</b> · 6 items before today"
    # Not on the panel's day: each names its own (Chicago time, then both zones below it).
    assert panel.overdue_list.text_at(0) == (
        "Fri 20 Nov 07:30  ! Thank-you · Dana (Acme Corp)\n"
        "Overdue · 08:30 New York time (07:30 your time)"
    )
    assert panel.list.keys() == [i.key for i in view.items.get(view.selected, [])]
    panel.overdue_list.select_key(overdue[0])  # one current item across both lists
    assert panel.current_item().key == overdue[0] and panel.list.current_key() is None
    assert panel.done_button.isEnabled() and "Overdue" in panel.details.toPlainText()
    view.select_day(date(2026, 11, 20))  # the day itself lists them: not twice
    assert panel.overdue_list.keys() == [] and not panel.overdue_box.isVisibleTo(view)


def test_a_list_names_the_day_of_an_item_not_on_its_own_day(view):
    from followup_desktop.ui.calendar.day_popup import list_text

    view.select_day(date(2026, 11, 24))
    jonas = view.item("f:nw-sre-1/thank_you/jonas")  # 08:30 Berlin = 01:30 Chicago
    second = "Planned · 08:30 Berlin time (01:30 your time)"
    assert list_text(jonas, date(2026, 11, 24)) == (
        f"01:30  ☾ Thank-you · Jonas Becker (Northwind Labs)\n{second}"
    )
    assert list_text(jonas, date(2026, 11, 21)) == (
        f"Tue 24 Nov 01:30  ☾ Thank-you · Jonas Becker (Northwind Labs)\n{second}"
    )
    view.select_day(date(2026, 11, 20))
    omar = view.item("f:acme-be-1/thank_you/omar")  # done, on the list's day
    assert list_text(omar, date(2026, 11, 20)).startswith("07:30  ")


def test_the_agenda_lists_overdue_first_in_any_month(view, qtbot):
    view.set_mode("agenda")
    view.navigate("month", 2)  # January 2027
    model = view.agenda.model_
    assert model.heading(*[model.rows[0][i] for i in (0, 2)]) == "Overdue  (6)"
    assert model.rows[0][1] == -1 and [model.rows[n][1] for n in range(1, 7)] == list(range(6))
    assert model.index(1, 0).data() == "Fri 20 Nov 07:30"  # its day, not just the time
    assert model.index(1, 2).data() == "Dana"
    view.agenda.setCurrentIndex(model.index(1, 0))  # an overdue row: the month stays
    assert view.selected_key == "f:acme-be-1/thank_you/dana"
    assert view.visible_range() == (date(2027, 1, 1), date(2027, 2, 1))
    assert view.panel.current_item().key == "f:acme-be-1/thank_you/dana"
    view.go_today()  # November lists from today: the overdue section is in view above it
    assert model.rows[0][1] == -1 and model.heading(model.rows[0][0], 6) == "Overdue  (6)"
    assert view.agenda.rowAt(0) == 0


def test_many_overdue_items_list_the_oldest_and_count_the_rest(view, jobs, monkeypatch):
    from followup_desktop.ui.calendar import range_items

    monkeypatch.setattr(range_items, "OVERDUE_SHOWN", 2)
    view.refresh()
    assert len(view.overdue.items) == 2 and view.overdue.total == 6
    view.set_mode("agenda")
    model = view.agenda.model_
    assert model.index(3, 0).data() == "4 more overdue: Today (Ctrl+1) lists every one"
    assert "the oldest 2 here, all of them in Today" in view.panel.overdue_heading.text()


def test_calendar_writes_are_handed_up_for_undo(view, qtbot):
    view.select_item("f:acme-be-1/thank_you/dana")
    with qtbot.waitSignal(view.undoable) as recorded:
        view.panel.done_button.click()
    assert recorded.args[0] is not None
    assert view.window().history.canUndo()
