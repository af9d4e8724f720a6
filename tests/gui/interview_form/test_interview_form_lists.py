"""The notes form's long lists (applications, companies, time zones) are read when first used,
not when the form opens: whatever the user does with them works as if they had been there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from followup_desktop.store import queries
from followup_desktop.ui.interview_form.choice_lists import NEW_APPLICATION

pytestmark = pytest.mark.usefixtures("discard_unsaved")


def _items(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def _activate(form, qtbot) -> None:
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)  # focus events reach the active window only


def test_an_opened_form_shows_its_application_without_reading_the_others(filled, open_form):
    form = open_form(filled, interview_id="acme-be-1")
    f = form.fields
    assert _items(f.application) == [NEW_APPLICATION, "Acme Corp — Backend Engineer"]
    assert f.application.currentText() == "Acme Corp — Backend Engineer"
    assert f.company.count() == 0 and f.zone.count() == 0
    assert f.zone.currentText() == "America/New_York"
    assert f.values().application_id == "acme-be"


def test_unfolding_the_applications_reads_them_all_and_keeps_the_one_shown(
    filled, open_form, monkeypatch
):
    monkeypatch.setattr(QComboBox, "showPopup", lambda self: None)  # (no popup offscreen)
    form = open_form(filled, application_id="globex-pm")
    f = form.fields
    f.application.showPopup()
    assert _items(f.application) == [
        NEW_APPLICATION,
        "Acme Corp — Backend Engineer",
        "Globex — Product Manager",
    ]
    assert f.application.currentText() == "Globex — Product Manager"
    assert f.values().application_id == "globex-pm" and not form.dirty
    assert sorted(_items(f.company)) == ["Acme Corp", "Globex"]


def test_the_arrow_keys_move_through_every_application(filled, open_form, qtbot):
    form = open_form(filled, application_id="globex-pm")
    f = form.fields
    qtbot.keyClick(f.application, Qt.Key.Key_Up)
    assert f.values().application_id == "acme-be"
    assert f.zone.currentText() == "America/New_York"  # the picked company's zone
    assert [r.name.itemText(0) for r in f.people.rows] == ["Dana Lee — Engineering Manager"]
    qtbot.keyClick(f.application, Qt.Key.Key_Home)
    assert f.values().application_id == "" and f.new_app.isVisibleTo(form)


def test_the_first_field_is_the_application_box_when_there_are_applications(filled, open_form):
    form = open_form(filled)
    assert form.initial_focus() is form.fields.application


def test_the_first_field_is_the_company_when_there_is_nothing_to_pick(db, open_form):
    form = open_form(db)
    assert form.initial_focus() is form.fields.company


def test_typing_a_company_completes_from_every_company_and_keeps_the_typing(
    filled, open_form, qtbot
):
    form = open_form(filled)
    f = form.fields
    f.company.setEditText("Glo")
    _activate(form, qtbot)
    f.company.setFocus()
    assert sorted(_items(f.company)) == ["Acme Corp", "Globex"]
    assert f.company.completer().model().stringList() == ["Acme Corp", "Globex"]
    assert f.company.currentText() == "Glo"


def test_the_zone_box_lists_every_zone_once_used_and_keeps_the_default(filled, open_form, qtbot):
    form = open_form(filled, application_id="acme-be")
    f = form.fields
    _activate(form, qtbot)
    f.zone.setFocus()
    assert f.zone.count() > 300 and "Europe/Berlin" in _items(f.zone)
    assert f.zone.currentText() == "America/New_York"
    assert not f.zone_touched  # still follows the application's company
    qtbot.keyClick(f.application, Qt.Key.Key_Down)
    assert f.zone.currentText() == "Europe/Berlin"


def test_saving_a_new_application_shows_it_in_the_box(db, open_form):
    form = open_form(db)
    f = form.fields
    f.company.setEditText("Initech")
    f.role.setText("Analyst")
    f.zone.setEditText("Europe/London")
    assert form.save()
    app = queries.list_applications(db)[0]
    assert f.application.currentText() == "Initech — Analyst" and not f.application.isEnabled()
    assert f.values().application_id == app.id


def test_a_leftover_draft_of_another_application_is_shown_with_it(filled, open_form, now):
    from followup_desktop.store import drafts
    from followup_desktop.ui.interview_form.interview_form import draft_key
    from followup_desktop.ui.interview_form.values import FormValues

    values = FormValues(interview_id="new-1", application_id="globex-pm", date="2026-11-20")
    drafts.save_draft(filled, draft_key("new-1"), "interview", values.to_json(), now, "Globex")
    form = open_form(filled, interview_id="new-1", application_id="acme-be")
    f = form.fields
    assert form.banner.isVisibleTo(form)
    assert f.application.currentText() == "Globex — Product Manager"
    assert f.values().application_id == "globex-pm"


def test_a_list_read_before_a_write_is_read_again_when_next_used(filled, open_form, now):
    from followup_desktop.core.model import Application
    from followup_desktop.store import writes

    form = open_form(filled, application_id="acme-be")
    f = form.fields
    f.application.ensure_filled()
    assert len(_items(f.application)) == 3
    writes.save_application(filled, Application("globex-2", "globex", "Designer"), now)
    form.load(application_id="globex-pm")  # the window reuses its form
    assert _items(f.application) == [NEW_APPLICATION, "Globex — Product Manager"]
    f.application.ensure_filled()
    assert "Globex — Designer" in _items(f.application)
    assert f.values().application_id == "globex-pm"


def test_keys_the_box_ignores_read_nothing(filled, open_form, qtbot):
    form = open_form(filled, application_id="acme-be")
    f = form.fields
    qtbot.keyClick(f.application, Qt.Key.Key_Shift)
    assert not f.application.filled and f.application.count() == 2
