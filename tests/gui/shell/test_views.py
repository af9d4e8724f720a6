"""Interviews, calendar and templates: what each shows from the store."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from followup_desktop import paths
from followup_desktop.ui.calendar.agenda_list import DAY_ROLE


def test_interview_list_and_read_only_details(filled, make_window):
    view = make_window(filled).view("interview")
    assert view.list.topLevelItemCount() == 1
    item = view.list.topLevelItem(0)
    # 15:00 UTC on Thu 19 Nov is 10:00 in New York (the company's zone).
    assert item.text(0) == "Thu 19 Nov 2026 10:00 EST"
    assert [item.text(c) for c in range(1, 5)] == [
        "Acme Corp",
        "Backend Engineer",
        "Video",
        "Dana Lee",
    ]
    assert view.current_interview() == "acme-be-1"
    details = view.details.toPlainText()
    assert "Acme Corp — Backend Engineer" in details
    assert "the payments ledger migration" in details
    assert "Asked about on-call rotations." in details
    assert "Thank-you to Dana Lee" in details
    assert "Thank-you within a day" in details  # the planner's reason
    assert view.details.isReadOnly()


def test_interviews_empty_state(db, make_window):
    view = make_window(db).view("interview")
    assert view.pages.currentWidget() is view.empty
    assert "File › Import" in view.empty.text()


def test_calendar_groups_pending_items_by_day_with_today_marked(filled, make_window):
    view = make_window(filled).view("calendar")
    days = view.marked_days()
    assert days[0] == date(2026, 11, 20)  # the overdue thank-you
    view.set_mode("agenda")
    model = view.agenda.model_
    headings = [model.heading(d, n) for d, position, n in model.rows if position < 0]
    # What is overdue first; then this month from today (the interview of Thursday 19 Nov
    # and the past days are in the month and week grids).
    assert headings[:3] == [
        "Overdue  (1)",
        "Today — Saturday 21 Nov 2026: nothing due",
        "Friday 27 Nov 2026  (1)",
    ]
    row = model.row_of("f:acme-be-1/thank_you/dana")
    assert row == 1
    cells = [model.index(row, c).data() for c in range(4)]
    assert cells == ["Fri 20 Nov 13:30", "! Thank-you", "Dana Lee", "Acme Corp"]
    assert "Thank-you within a day" in model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert view.item("f:acme-be-1/thank_you/dana").state == "overdue"


def test_calendar_jumps_to_the_first_day_with_items(filled, make_window):
    view = make_window(filled).view("calendar")
    view.set_mode("agenda")
    view.select_day(date(2026, 11, 22))
    current = view.agenda.currentIndex()
    later = [d for d in view.marked_days() if d >= date(2026, 11, 22)]
    assert current.data(DAY_ROLE) == later[0]


def test_calendar_empty_state(db, make_window):
    view = make_window(db).view("calendar")
    assert view.items.total == 0
    assert "File › Import" in view.summary.text()


def test_templates_lists_database_and_builtin_files(filled, make_window):
    from followup_desktop.core.model import Template
    from followup_desktop.store.writes import save_template

    save_template(filled, Template("mine", "check_in", "My check-in", "Hello", "Body text"))
    view = make_window(filled).view("templates")
    keys = view.keys()
    assert keys[0] == "db:mine"
    files = [p for p in paths.templates_dir().iterdir() if p.suffix == ".txt"]
    assert {f"file:{p}" for p in files} <= set(keys)
    assert view.subject.text() == "Hello"
    assert view.body.toPlainText() == "Body text"
    assert not view.subject.isReadOnly() and not view.body.isReadOnly()  # the user's own copy


def test_builtin_template_subject_is_split_from_the_body(db, make_window):
    view = make_window(db).view("templates")
    files = sorted(p for p in paths.templates_dir().iterdir() if p.suffix == ".txt")
    assert files, "the app ships built-in templates"
    assert view.select(f"file:{files[0]}")
    first_line = files[0].read_text(encoding="utf-8").splitlines()[0]
    assert first_line.lower().startswith("subject:")
    assert view.subject.text() == first_line.split(":", 1)[1].strip()
    assert not view.body.toPlainText().lower().startswith("subject:")
