"""The interview notes form: typed into like a user would, saved in one transaction, and the plan
it produced shown with reasons before leaving."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from followup_desktop.core.model import Stage
from followup_desktop.store import drafts, queries
from followup_desktop.ui.interview_form.interview_form import draft_key

pytestmark = pytest.mark.usefixtures("discard_unsaved")


def _type(qtbot, widget, text: str) -> None:
    """Type like a user; an editable combo gets its text set (its completer would pop up a
    window the offscreen platform complains about)."""
    if hasattr(widget, "setEditText"):
        widget.setEditText(text)
        return
    widget.clear()
    qtbot.keyClicks(widget, text)


def test_a_first_interview_creates_company_application_people_and_shows_the_plan(
    db, open_form, qtbot
):
    form = open_form(db)
    f = form.fields
    assert f.application.currentIndex() == 0 and f.new_app.isVisibleTo(form)
    _type(qtbot, f.company, "Initech")
    _type(qtbot, f.role, "Data Engineer")
    _type(qtbot, f.date, "2026-11-20")
    _type(qtbot, f.start, "10:00")
    _type(qtbot, f.end, "10:45")
    assert f.duration.text() == "45 min"
    _type(qtbot, f.zone, "America/New_York")
    row = f.people.rows[0]
    _type(qtbot, row.name, "Bill Lumbergh")
    assert row.status.text() == "new contact"
    _type(qtbot, row.email, "bill@initech.example")
    qtbot.keyClicks(row.notes, "TPS reports and the weekend migration.")
    qtbot.keyClicks(f.notes["challenges"], "Nightly batch runs late.")
    qtbot.mouseClick(f.people.add_button, Qt.MouseButton.LeftButton)
    _type(qtbot, f.people.rows[1].name, "Milton Waddams")
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)  # shortcuts reach the active window only
    qtbot.keyClick(f.notes["challenges"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert form.pages.currentWidget() is form.plan
    shown = form.plan.text.toPlainText()
    assert "Saved: Initech — Data Engineer" in shown
    assert "New company: Initech" in shown and "New contact: Bill Lumbergh" in shown
    assert "Thank-you to Bill Lumbergh" in shown and "Thank-you to Milton Waddams" in shown
    # Friday 20 Nov interview: thank-you on Monday 08:30 New York time, said in the reason
    assert "Monday 23 Nov 08:30 New York time" in shown
    assert "What changed: 5 follow-ups planned" in shown

    company = next(c for c in queries.list_companies(db) if c.name == "Initech")
    assert company.timezone == "America/New_York"
    app = next(a for a in queries.list_applications(db) if a.company == company.id)
    assert (app.role, app.stage) == ("Data Engineer", Stage.INTERVIEWING)
    interview = queries.list_interviews(db, [app.id])[0]
    assert interview.duration_minutes == 45
    people = queries.contacts_by_id(db, interview.interviewers)
    assert [people[c].name for c in interview.interviewers] == ["Bill Lumbergh", "Milton Waddams"]
    bill = interview.interviewers[0]
    assert people[bill].email == "bill@initech.example"
    assert interview.interviewer_notes == {bill: "TPS reports and the weekend migration."}
    assert interview.notes.challenges == "Nightly batch runs late."
    assert drafts.load_draft(db, form.key) is None
    qtbot.keyClick(form.plan.done_button, Qt.Key.Key_Return)
    assert not form.isVisible()


def test_an_existing_application_defaults_to_the_company_zone_and_its_contacts(
    filled, open_form, qtbot
):
    form = open_form(filled, application_id="acme-be")
    f = form.fields
    assert f.zone.currentText() == "America/New_York"
    assert not f.new_app.isVisibleTo(form)
    assert f.round.value() == 2  # the second interview of the application
    row = f.people.rows[0]
    assert row.name.count() == 1  # Dana Lee, the company's contact
    row.name.setCurrentIndex(0)  # picked from the list
    assert row.name.currentText() == "Dana Lee"
    assert row.title.text() == "Engineering Manager"
    assert row.contact_id == "dana"
    assert "Acme Corp — Backend Engineer" in form.windowTitle()


def test_editing_an_interview_loads_it_and_says_what_changed(filled, open_form, qtbot):
    form = open_form(filled, interview_id="acme-be-1")
    f = form.fields
    assert not f.application.isEnabled()
    assert (f.date.text(), f.start.text(), f.end.text()) == ("2026-11-19", "10:00", "10:45")
    assert f.zone.currentText() == "America/New_York"
    assert f.notes["topics"].toPlainText() == "the payments ledger migration"
    assert f.people.rows[0].notes.toPlainText() == "Asked about on-call rotations."
    f.decision.setText("2026-12-04")
    f.events.setText("2026-12-07 to 2026-12-08")
    assert form.save()
    shown = form.plan.text.toPlainText()
    assert "What changed: 3 follow-ups moved" in shown  # check-in, second, review
    assert queries.get_application(filled, "acme-be").decision_expected_by == date(2026, 12, 4)
    assert queries.get_company(filled, "acme").blackout_dates == [
        date(2026, 12, 7),
        date(2026, 12, 8),
    ]
    check_in = queries.get_followup(filled, "acme-be-1/check_in/dana")
    assert check_in.due.date() == date(2026, 12, 9)  # after the decision date and the events


def test_back_to_the_notes_after_saving_keeps_editing_the_same_interview(filled, open_form, qtbot):
    form = open_form(filled, interview_id="acme-be-1")
    assert form.save()
    qtbot.mouseClick(form.plan.back_button, Qt.MouseButton.LeftButton)
    assert form.pages.currentWidget() is form.fields
    form.fields.notes["reflection"].setPlainText("Shorter answers next time.")
    assert form.save()
    assert queries.get_interview(filled, "acme-be-1").notes.reflection == (
        "Shorter answers next time."
    )
    assert len(queries.list_interviews(filled, ["acme-be"])) == 1


def test_a_failure_while_saving_leaves_nothing_half_saved(db, open_form, errors, monkeypatch):
    from followup_desktop.store.db import StoreError

    def broken(*args, **kwargs):
        raise StoreError("The disk holding the database is full.")

    monkeypatch.setattr("followup_desktop.store.writes.save_interview", broken)
    form = open_form(db)
    f = form.fields
    f.company.setEditText("Initech")
    f.role.setText("Analyst")
    f.zone.setEditText("Europe/London")
    f.people.rows[0].name.setEditText("Peter Gibbons")
    assert not form.save()
    assert errors == ["The disk holding the database is full."]
    assert queries.list_companies(db) == [] and queries.list_contacts(db) == []
    assert form.pages.currentWidget() is form.fields
    assert f.company.currentText() == "Initech"  # nothing typed is lost


def test_a_person_typed_with_an_existing_name_is_that_contact_not_a_duplicate(filled, open_form):
    form = open_form(filled, application_id="acme-be")
    row = form.fields.people.rows[0]
    row.name.setEditText("dana lee")
    assert row.contact_id == "dana"
    assert row.title.text() == "Engineering Manager"
    assert form.save()
    assert len(queries.list_contacts(filled, "acme")) == 1


def test_removing_an_interviewer_cancels_their_thank_you(filled, open_form, qtbot):
    form = open_form(filled, interview_id="acme-be-1")
    form.fields.people.add_row().name.setEditText("Omar Haddad")
    assert form.save()
    qtbot.mouseClick(form.plan.back_button, Qt.MouseButton.LeftButton)
    omar = form.fields.people.rows[1]
    qtbot.mouseClick(omar.remove, Qt.MouseButton.LeftButton)
    assert form.save()
    assert "1 thank-you cancelled: no longer an interviewer: Omar Haddad" in (
        form.plan.text.toPlainText()
    )


def test_the_form_is_keyboard_driven_in_reading_order(db, open_form, qtbot):
    from PySide6.QtWidgets import QApplication

    form = open_form(db)
    f = form.fields
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    f.application.setFocus()
    seen = []
    for _ in range(8):
        widget = QApplication.focusWidget()
        owner = (
            widget.parent() if widget.parent() is f.company or widget.parent() is f.zone else widget
        )
        seen.append(owner)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert seen == [f.application, f.company, f.role, f.language, f.date, f.start, f.end, f.zone]
    assert draft_key("x") == "interview:x"


def test_the_window_reuses_one_form_and_refills_it(filled, make_window, now, qtbot):
    from followup_desktop.core.model import Application
    from followup_desktop.store import writes

    window = make_window(filled)
    window.show()
    first = window.open_form(interview_id="acme-be-1")
    assert len(first.fields.people.rows) == 1
    first.fields.people.add_row().name.setEditText("Omar")
    first.dirty = False
    first.reject()
    assert window.form is None
    writes.save_application(filled, Application("globex-2", "globex", "Designer"), now)
    second = window.open_form(application_id="globex-pm")
    assert second is first  # built once
    f = second.fields
    assert f.application.isEnabled()
    assert f.values().application_id == "globex-pm"
    f.application.ensure_filled()  # (what unfolding it does) the list as stored now
    assert "Globex — Designer" in [f.application.itemText(i) for i in range(f.application.count())]
    assert f.values().application_id == "globex-pm"  # still the one shown
    assert [r.name.currentText() for r in f.people.rows] == [""]  # a fresh blank row
    assert f.zone.currentText() == "Europe/Berlin"
    assert f.notes["topics"].toPlainText() == ""
    assert not second.banner.isVisibleTo(second) and second.pages.currentWidget() is f
    assert window.open_form(interview_id="acme-be-1") is second  # already open: brought up
