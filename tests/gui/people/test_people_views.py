"""Contacts and companies: edit with one sentence per bad field, see a person's history, merge
duplicates; company zone, country and blackout dates re-plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from followup_desktop.core.model import Company, Contact
from followup_desktop.store import queries, writes


@pytest.fixture(autouse=True)
def _errors_collected(errors):
    yield
    assert errors == []


@pytest.fixture
def keep(monkeypatch):
    """The answer to "which one do you keep?" (an index into the options shown)."""
    chosen: list = [0]
    shown: list = []

    def ask(parent, title, options):
        shown.append(options)
        return chosen[0]

    monkeypatch.setattr("followup_desktop.ui.people.records_view.ask_keep", ask)
    return chosen, shown


def test_a_contact_is_edited_with_validation_and_shows_their_history(filled, make_window):
    view = make_window(filled).show_view("contacts")
    view.select("dana")
    assert view.name.text() == "Dana Lee"
    history = view.history.toPlainText()
    assert "Interviews with Dana Lee" in history and "Backend Engineer" in history
    assert "Asked about on-call rotations." in history
    assert "Thank-you" in history  # her follow-ups
    view.email.setText("dana-at-acme")
    view.title_edit.setText("Director")
    assert not view.save()
    assert (
        view.fields.errors["email"].text()
        == "'dana-at-acme' is not an email address: it needs an @."
    )
    assert view.title_edit.text() == "Director"  # kept
    view.email.setText("dana@acme.example")
    assert view.save()
    dana = queries.contacts_by_id(filled)["dana"]
    assert (dana.title, dana.email) == ("Director", "dana@acme.example")
    assert view.result.text().startswith("Saved Dana Lee.")


def test_duplicates_are_found_selected_and_merged(filled, make_window, now, keep):
    writes.save_contact(filled, Contact("dana-2", "acme", "Dana  Lee", email="dana@acme.example"))
    window = make_window(filled)
    view = window.show_view("contacts")
    assert view.duplicates.text().startswith("1 group of possible duplicates (Dana Lee)")
    view.next_duplicates.click()
    assert sorted(view.list.selectedItems()[i].text(0) for i in range(2)) == [
        "Dana  Lee",
        "Dana Lee",
    ]
    assert view.merge_button.isEnabled()
    chosen, shown = keep
    chosen[0] = next(i for i, o in enumerate(_options(view)) if o.endswith("[dana]"))
    assert view.merge()
    assert {c.id for c in queries.list_contacts(filled)} == {"dana"}
    assert queries.contacts_by_id(filled)["dana"].email == "dana@acme.example"  # filled in
    assert view.result.text().startswith("Merged 1 duplicate into Dana Lee.")
    assert view.duplicates.text() == "No duplicates found."
    assert len(shown[0]) == 2


def _options(view):
    ids = [item.data(0, 256) for item in view.list.selectedItems()]
    return [f"x [{i}]" for i in ids]


def test_a_company_is_edited_and_its_plan_follows(filled, make_window):
    view = make_window(filled).show_view("companies")
    view.select("acme")
    assert view.zone.currentText() == "America/New_York"
    assert view.country.currentData() == "US"
    assert view.region.currentData() == "NY"
    view.zone.setEditText("America/New_Yrok")
    view.blackout.setText("2026-11-31")
    assert not view.save()
    assert view.fields.errors["timezone"].text() == (
        "Time zone “America/New_Yrok” is not a time zone I know; did you mean America/New_York?"
    )
    assert view.fields.errors["blackout"].text().startswith("There is no 31 November 2026")
    view.zone.setEditText("America/New_York")
    view.blackout.setText("2026-11-27")
    assert view.save()
    assert queries.get_company(filled, "acme").blackout_dates == [date(2026, 11, 27)]
    assert view.result.text() == "Saved Acme Corp. 3 follow-ups moved."
    assert "Backend Engineer · Interviewing" in view.details.toPlainText()


def _row_texts(view, company_id):
    item = next(
        view.list.topLevelItem(r)
        for r in range(view.list.topLevelItemCount())
        if view.list.topLevelItem(r).data(0, 256) == company_id
    )
    return [item.text(c) for c in range(view.list.columnCount())]


def test_a_city_typed_as_the_company_zone_is_saved_under_its_iana_name(filled, make_window):
    view = make_window(filled).show_view("companies")
    view.select("acme")
    for typed, sentence in [
        ("springfield", "Time zone “springfield” is not a time zone I know; type a city such as"),
        ("eastern", "Time zone “eastern” could be Canada/Eastern or US/Eastern: type the full"),
    ]:
        view.zone.setEditText(typed)
        assert not view.save()
        assert view.fields.errors["timezone"].text().startswith(sentence)
        assert not view.fields.errors["timezone"].isHidden()
    assert queries.get_company(filled, "acme").timezone == "America/New_York"  # not saved
    view.zone.setEditText("berlin")
    assert view.save()
    assert queries.get_company(filled, "acme").timezone == "Europe/Berlin"
    assert view.zone.currentText() == "Europe/Berlin"  # shown as stored
    assert view.fields.errors["timezone"].isHidden()


def test_no_country_says_it_is_the_zone_s_and_the_list_shows_the_derived_one(
    filled, make_window, now
):
    writes.save_profile(
        filled, replace(queries.get_profile(filled), timezone="America/Chicago", country="US"), now
    )
    writes.save_company(filled, Company("kita", "Kita GmbH", "Europe/Berlin"), now)
    writes.save_company(filled, Company("nowhere", "Nowhere Ltd", "UTC"), now)
    view = make_window(filled).show_view("companies")
    assert _row_texts(view, "kita")[2] == "DE (from zone)"
    assert _row_texts(view, "nowhere")[2] == "US (your country)"  # UTC belongs to no country
    assert _row_texts(view, "acme")[2] == "US"  # its own
    view.select("kita")
    assert view.country.currentIndex() == 0
    assert view.country.currentText() == "From the time zone (Germany)"
    view.zone.setEditText("tokyo")
    assert view.country.currentText() == "From the time zone (Japan)"  # follows the zone
    view.zone.setEditText("UTC")
    assert view.country.currentText() == "Your own country (United States)"
    view.zone.setEditText("")
    assert view.country.currentText() == "From your time zone (United States)"  # Chicago's
    view.zone.setEditText("vienna")
    assert view.save()
    assert queries.get_company(filled, "kita").country is None  # still derived, not stored
    assert _row_texts(view, "kita")[1:3] == ["Europe/Vienna", "AT (from zone)"]
    view.select("acme")
    assert view.country.currentData() == "US"
    assert view.country.itemText(0) == "From the time zone (United States)"


def test_duplicate_companies_merge(filled, make_window, now, keep):
    writes.save_company(filled, Company("acme-inc", "ACME Inc."), now)
    writes.save_contact(filled, Contact("omar", "acme-inc", "Omar Haddad"))
    view = make_window(filled).show_view("companies")
    assert view.duplicates.text() == "Possible duplicates: Acme Corp / ACME Inc."
    from followup_desktop.ui.people.fields import select_ids

    select_ids(view.list, ["acme", "acme-inc"])
    chosen, _ = keep
    chosen[0] = [item.data(0, 256) for item in view.list.selectedItems()].index("acme")
    assert view.merge()
    assert [c.id for c in queries.list_companies(filled)] == ["acme", "globex"]
    assert queries.contacts_by_id(filled)["omar"].company == "acme"


def test_empty_states_say_where_people_come_from(db, make_window):
    window = make_window(db)
    for key in ("contacts", "companies"):
        view = window.show_view(key)
        assert view.pages.currentWidget() is view.empty
        assert "Ctrl+N" in view.empty.text()


@pytest.fixture
def answers(monkeypatch):
    """The answer to "Delete …?" (True: yes), and the questions asked."""
    said: list = [True]
    asked: list = []

    def ask(parent, title, question):
        asked.append((title, question))
        return said[0]

    monkeypatch.setattr("followup_desktop.ui.people.records_view.ask_delete", ask)
    return said, asked


def test_a_contact_is_deleted_after_a_question_and_can_be_undone(filled, make_window, answers):
    said, asked = answers
    window = make_window(filled)
    view = window.show_view("contacts")
    view.select("dana")
    said[0] = False
    assert not view.delete()  # "No": nothing happens
    assert "dana" in queries.contacts_by_id(filled, ["dana"])
    assert asked[0] == (
        "Delete contact",
        "Delete Dana Lee? They leave the 1 application they are part of; the interviews, "
        "messages and follow-ups stay. Edit › Undo brings them back.",
    )
    said[0] = True
    assert view.delete()
    assert queries.contacts_by_id(filled, ["dana"]) == {}
    assert queries.get_interview(filled, "acme-be-1").interviewers == []
    assert view.result.text().startswith("Deleted Dana Lee (Edit > Undo brings it back).")
    assert view.list.topLevelItemCount() == 0
    window.history.undo()
    assert queries.get_interview(filled, "acme-be-1").interviewers == ["dana"]
    assert view.list.topLevelItemCount() == 1  # the view re-read


def test_a_company_is_deleted_with_its_applications_and_comes_back(filled, make_window, answers):
    _said, asked = answers
    window = make_window(filled)
    view = window.show_view("companies")
    view.select("acme")
    assert view.delete_button.text() == "Delete &company…"
    assert view.delete()
    assert asked[-1][1].startswith("Delete Acme Corp with its 1 application and 1 person")
    assert queries.get_application(filled, "acme-be") is None
    assert window.history.undoText() == "delete company: Acme Corp"
    window.history.undo()
    assert queries.get_application(filled, "acme-be") is not None
    assert queries.list_followups(filled, applications=["acme-be"])


def test_people_labels_show_no_ampersand(filled, make_window):
    """A mnemonic label without a buddy shows its "&" as text."""
    from PySide6.QtWidgets import QLabel

    window = make_window(filled)
    for key in ("contacts", "companies"):
        labels = window.show_view(key).findChildren(QLabel)
        assert [lab.text() for lab in labels if "&" in lab.text()]  # there are some
        assert [lab.text() for lab in labels if "&" in lab.text() and lab.buddy() is None] == []
