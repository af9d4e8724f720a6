"""The language of an application's messages and how a contact is addressed, set in the window:
the notes form's "Messages in" box (Automatic follows the company's country or zone as typed),
the interviewers' and the Contacts screen's "Address as", and the drafts that follow from them."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from followup_desktop import paths
from followup_desktop.store import drafts, queries
from followup_desktop.ui.interview_form.values import FormValues

pytestmark = pytest.mark.usefixtures("discard_unsaved")


def _choose(combo, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def _new_interview(qtbot, form, company: str, zone: str) -> None:
    f = form.fields
    f.company.setEditText(company)
    f.role.clear()
    qtbot.keyClicks(f.role, "Data Engineer")
    f.date.setText("2026-11-20")
    f.start.setText("10:00")
    f.zone.setEditText(zone)


def test_automatic_follows_the_company_country_and_zone_typed_in_the_form(db, open_form, qtbot):
    form = open_form(db)
    f = form.fields
    _new_interview(qtbot, form, "Initech", "Europe/Berlin")
    assert f.language.currentIndex() == 0
    assert f.language.currentText() == "Automatic (German, from Germany)"
    f.zone.setEditText("paris")  # as typed, matched like the save matches it
    assert f.language.currentText() == "Automatic (French, from France)"
    f.zone.setEditText("America/New_York")
    assert f.language.currentText() == "Automatic (English, from United States)"
    f.holidays.country.ensure_filled()  # (what unfolding the list does)
    _choose(f.holidays.country, "DE")  # whose holidays: the company's country, saved with it
    assert f.language.currentText() == "Automatic (German, from Germany)"
    _choose(f.holidays.country, "")
    assert f.language.currentText() == "Automatic (English, from United States)"
    labels = [f.language.itemText(i) for i in range(1, f.language.count())]
    assert labels == ["English", "German (Deutsch)", "French (français)"]


def test_automatic_names_the_region_only_where_it_decides(db):
    from followup_desktop.ui.interview_form.values import automatic_language_text

    def words(country: str, region: str) -> str:
        typed = FormValues(company_name="Nouvelle", country=country, region=region)
        return automatic_language_text(db, replace(typed, timezone="America/Toronto"))

    assert words("CA", "QC") == "Automatic (French, from QC, Canada)"
    assert words("CA", "ON") == "Automatic (English, from Canada)"
    assert words("", "") == "Automatic (English, from Canada)"  # the zone's country
    assert words("CH", "") == "Automatic (German, from Switzerland)"


def test_an_existing_application_names_its_company_country(filled, open_form):
    form = open_form(filled, application_id="globex-pm")  # Globex: Berlin, DE
    assert form.fields.language.currentText() == "Automatic (German, from Germany)"
    form.fields.application.setCurrentIndex(0)  # a new one: nothing of Globex carried over
    assert form.fields.language.currentText() == "Automatic (English)"  # (profile: UTC)


def test_the_box_is_reached_with_its_mnemonic_and_in_the_tab_order(db, open_form, qtbot):
    form = open_form(db)
    f = form.fields
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    f.role.setFocus()
    qtbot.keyClick(f.role, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is f.language
    qtbot.keyClick(f.language, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is f.date
    qtbot.keyClick(f.date, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is f.language
    qtbot.keyClick(f.language, Qt.Key.Key_Down)  # a closed box steps to the next choice
    assert f.language.currentData() == "en"


def test_french_is_saved_shown_again_and_automatic_saves_none(filled, open_form, qtbot):
    form = open_form(filled, interview_id="acme-be-1")
    f = form.fields
    assert f.language.currentData() == "" and "from United States" in f.language.currentText()
    _choose(f.language, "fr")
    assert form.dirty  # a choice is typing like any other: kept in the draft, asked about
    assert form.save()
    assert queries.get_application(filled, "acme-be").language == "fr"

    form.load(interview_id="acme-be-1")
    assert f.language.currentData() == "fr"
    assert f.language.currentText() == "French (français)"
    _choose(f.language, "")
    assert form.save()
    assert queries.get_application(filled, "acme-be").language is None


def test_a_new_application_is_saved_with_the_language_chosen(db, open_form, qtbot):
    form = open_form(db)
    _new_interview(qtbot, form, "Initech", "America/New_York")
    _choose(form.fields.language, "de")
    assert form.save()
    apps = [a for a in queries.list_applications(db) if a.role == "Data Engineer"]
    assert [a.language for a in apps] == ["de"]


def test_a_draft_keeps_the_choice_and_older_drafts_still_load(filled, open_form, now, qtbot):
    form = open_form(filled, interview_id="acme-be-1")
    _choose(form.fields.language, "de")
    _choose(form.fields.people.rows[0].address_as, "ms")
    form.save_draft()
    kept = drafts.load_draft(filled, form.key)
    assert kept.values["language"] == "de"
    assert kept.values["people"][0]["address_as"] == "ms"

    form.autosave.stop()
    form.dirty = False
    form.load(interview_id="acme-be-1")  # as after a crash: offered back, choices included
    assert form.banner.isVisibleTo(form)
    assert form.fields.language.currentData() == "de"
    assert form.fields.people.rows[0].address_as.currentData() == "ms"

    older = {k: v for k, v in kept.values.items() if k != "language"}
    older["people"] = [{k: v for k, v in p.items() if k != "address_as"} for p in older["people"]]
    values = FormValues.from_json(older)
    assert values.language == "" and values.people[0].address_as is None  # "not said"
    assert FormValues.from_json({"language": "klingon"}).language == ""


def test_an_older_draft_without_a_form_of_address_keeps_the_contacts(filled, open_form, now):
    from followup_desktop.store import writes

    dana = queries.contacts_by_id(filled, ["dana"])["dana"]
    writes.save_contact(filled, replace(dana, address_as="ms"))
    form = open_form(filled, interview_id="acme-be-1")
    values = form.fields.values().to_json()
    for person in values["people"]:
        del person["address_as"]
    del values["language"]
    drafts.save_draft(filled, form.key, "interview", values, now, "old draft")
    form.load(interview_id="acme-be-1")
    row = form.fields.people.rows[0]
    assert row.address_as.currentData() == "ms"  # hers, shown
    assert row.values().address_as is None  # and still "not said" in the draft
    form.keep_draft()
    assert form.save()
    assert queries.contacts_by_id(filled, ["dana"])["dana"].address_as == "ms"
    _choose(row.address_as, "")  # once chosen, the choice counts
    assert row.values().address_as == ""


def test_an_interviewer_row_shows_and_saves_the_form_of_address(filled, open_form, qtbot):
    form = open_form(filled, interview_id="acme-be-1")
    row = form.fields.people.rows[0]
    assert row.address_as.currentText() == "By name"
    _choose(row.address_as, "ms")
    qtbot.mouseClick(form.fields.people.add_button, Qt.MouseButton.LeftButton)
    new = form.fields.people.rows[1]
    new.name.setEditText("Jonas Neumann")
    _choose(new.address_as, "mr")
    assert form.save()
    saved = {c.name: c.address_as for c in queries.list_contacts(filled, "acme")}
    assert saved == {"Dana Lee": "ms", "Jonas Neumann": "mr"}

    form.load(application_id="acme-be")  # a new interview: picking Dana shows her choice
    row = form.fields.people.rows[0]
    row.name.setEditText("Dana Lee")
    assert row.address_as.currentText() == "Ms (Frau / Madame)"


def test_the_contacts_view_saves_the_form_of_address(filled, make_window):
    window = make_window(filled)
    view = window.show_view("contacts")
    view.select("dana")
    assert view.address_as.currentText() == "By name"
    labels = [view.address_as.itemText(i) for i in range(view.address_as.count())]
    assert labels == ["By name", "Ms (Frau / Madame)", "Mr (Herr / Monsieur)"]
    _choose(view.address_as, "ms")
    assert view.save()
    assert queries.contacts_by_id(filled, ["dana"])["dana"].address_as == "ms"

    again = make_window(filled).show_view("contacts")
    again.select("dana")
    assert again.address_as.currentData() == "ms"
    assert again.fields.widgets["address_as"] is again.address_as
    _choose(again.address_as, "")
    assert again.save()
    assert queries.contacts_by_id(filled, ["dana"])["dana"].address_as == ""


def _draft_body(db, now, qtbot, followup_id: str) -> str:
    from followup_desktop.ui.draft.draft_dialog import DraftDialog

    dialog = DraftDialog(db, followup_id, lambda: now)
    qtbot.addWidget(dialog)
    return dialog.body.toPlainText()


def test_a_french_company_draft_greets_by_the_form_of_address(demo, open_form, now, qtbot):
    form = open_form(demo, interview_id="orbital-maps-1")
    assert form.fields.language.currentText() == "Automatic (French, from France)"
    assert form.fields.people.rows[0].address_as.currentData() == "ms"  # Nadia Benali
    assert form.save()
    assert _draft_body(demo, now, qtbot, "orbital-maps-1/check_in/nadia").startswith("Madame,")


@pytest.mark.skipif(
    not (paths.templates_dir() / "de").is_dir(),
    reason="the German templates (templates/de/) are not written yet",
)
def test_a_german_company_draft_greets_herr_becker(demo, open_form, now, qtbot):
    form = open_form(demo, interview_id="northwind-sre-2")
    assert form.fields.language.currentText() == "Automatic (German, from Germany)"
    assert form.fields.people.rows[0].address_as.currentData() == "mr"  # Jonas Becker
    assert form.save()
    body = _draft_body(demo, now, qtbot, "northwind-sre-2/thank_you/jonas")
    assert body.startswith("Sehr geehrter Herr Becker,")
