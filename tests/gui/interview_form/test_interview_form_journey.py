"""The notes form on the main path: a Berlin company keeps German holidays, a new application is
new, and a corrected field loses its error at once."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from followup_desktop.core.model import Profile
from followup_desktop.store import queries, writes

pytestmark = pytest.mark.usefixtures("discard_unsaved")


def _type(qtbot, widget, text: str) -> None:
    if hasattr(widget, "setEditText"):
        widget.setEditText(text)
        return
    widget.clear()
    qtbot.keyClicks(widget, text)


def _save(form, qtbot, widget) -> None:
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def _us_user(db, now) -> None:
    writes.save_profile(db, Profile(name="Alex", timezone="America/Chicago", country="US"), now)


def _berlin_interview(form, qtbot, day: str) -> None:
    f = form.fields
    _type(qtbot, f.company, "Zalando Labs")
    _type(qtbot, f.role, "Platform Engineer")
    _type(qtbot, f.date, day)
    _type(qtbot, f.start, "10:00")
    _type(qtbot, f.zone, "Europe/Berlin")
    _type(qtbot, f.people.rows[0].name, "Jana Weber")


def test_a_new_berlin_company_is_planned_with_german_not_us_holidays(db, open_form, qtbot, now):
    _us_user(db, now)
    form = open_form(db)
    _berlin_interview(form, qtbot, "2026-11-25")  # the next morning is US Thanksgiving
    assert form.fields.holidays.country.currentText() == "From the time zone (DE)"
    _save(form, qtbot, form.fields.role)
    assert form.pages.currentWidget() is form.plan
    thank_you = next(f for f in queries.list_followups(db) if f.kind == "thank_you")
    assert thank_you.due.isoformat() == "2026-11-26T07:30:00+00:00"  # 08:30 in Berlin
    assert "Thanksgiving" not in thank_you.reason
    company = next(c for c in queries.list_companies(db) if c.name == "Zalando Labs")
    assert company.country is None  # "from the time zone" stays a rule, not a copy


def test_a_country_picked_in_the_form_is_the_companys(db, open_form, qtbot, now):
    _us_user(db, now)
    form = open_form(db)
    _berlin_interview(form, qtbot, "2026-11-25")
    holidays = form.fields.holidays
    holidays.country.ensure_filled()  # what its first popup or key does (no popup offscreen)
    assert holidays.country.itemText(0) == "From the time zone (Germany)"
    holidays.country.setCurrentIndex(holidays.country.findData("AT"))
    assert holidays.region.isEnabled()
    holidays.region.ensure_filled()
    holidays.region.setCurrentIndex(holidays.region.findData("9"))  # Vienna
    assert form.fields.values().country == "AT" and form.fields.values().region == "9"
    _save(form, qtbot, form.fields.role)
    company = next(c for c in queries.list_companies(db) if c.name == "Zalando Labs")
    assert (company.country, company.subdivision) == ("AT", "9")


def test_new_application_carries_nothing_over_from_the_preselected_one(
    filled, open_form, qtbot, now
):
    app = queries.get_application(filled, "acme-be")
    writes.save_application(filled, replace(app, decision_expected_by=now.date()), now)
    form = open_form(filled, application_id="acme-be")
    f = form.fields
    assert f.round.value() == 2 and f.decision.text() == now.date().isoformat()
    assert form.stored.interview_id == "acme-be-2"
    f.application.setCurrentIndex(0)  # "New application"
    assert f.round.value() == 1
    assert f.decision.text() == "" and f.events.text() == ""
    assert f.holidays.value() == ("", "")
    _type(qtbot, f.company, "Initech")
    _type(qtbot, f.role, "Data Engineer")
    _type(qtbot, f.start, "10:00")
    _type(qtbot, f.people.rows[0].name, "Bill Lumbergh")
    _save(form, qtbot, f.role)
    assert form.pages.currentWidget() is form.plan
    initech = next(c for c in queries.list_companies(filled) if c.name == "Initech")
    new_app = next(a for a in queries.list_applications(filled) if a.company == initech.id)
    interview = queries.list_interviews(filled, [new_app.id])[0]
    assert interview.id.startswith(new_app.id) and not interview.id.startswith("acme")
    assert interview.round == 1
    assert new_app.decision_expected_by is None
    assert [iv.id for iv in queries.list_interviews(filled, ["acme-be"])] == ["acme-be-1"]


def test_a_corrected_field_loses_its_error_as_soon_as_it_is_right(db, open_form, qtbot, now):
    form = open_form(db)
    f = form.fields
    _type(qtbot, f.company, "Initech")
    _type(qtbot, f.date, "2026-13-45")
    _save(form, qtbot, f.role)
    assert f.errors["role"].isVisibleTo(form) and f.errors["date"].isVisibleTo(form)
    _type(qtbot, f.role, "Data Engineer")
    assert not f.errors["role"].isVisibleTo(form)
    assert f.errors["date"].isVisibleTo(form)  # still wrong: still said
    _type(qtbot, f.date, "2026-11-20")
    assert not f.errors["date"].isVisibleTo(form)


def test_a_zone_typed_as_a_city_names_its_country(db, open_form, qtbot, now):
    _us_user(db, now)
    form = open_form(db)
    _type(qtbot, form.fields.zone, "berlin")
    assert form.fields.holidays.country.currentText() == "From the time zone (DE)"
    _type(qtbot, form.fields.zone, "nowhere at all")
    assert form.fields.holidays.country.currentText().startswith("From the time zone (your own")
