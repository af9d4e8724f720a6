"""Bad input in the notes form: one sentence beside the field, nothing typed elsewhere lost, and
saving works as soon as it is fixed."""

from __future__ import annotations

import pytest

from followup_desktop.store import queries
from followup_desktop.ui.interview_form.interview_form import InterviewForm
from followup_desktop.ui.interview_form.values import (
    FormValues,
    PersonValues,
    check,
    events_text,
    parse_events,
)

pytestmark = pytest.mark.usefixtures("discard_unsaved")


def _valid(**changes) -> FormValues:
    values = FormValues(
        interview_id="iv",
        company_name="Initech",
        role="Analyst",
        date="2026-11-20",
        start="10:00",
        end="10:45",
        timezone="Europe/Berlin",
        people=[PersonValues(name="Bill", email="bill@initech.example")],
    )
    for key, value in changes.items():
        setattr(values, key, value)
    return values


@pytest.mark.parametrize(
    ("changes", "key", "sentence"),
    [
        (
            {"date": "2026-02-30"},
            "date",
            "There is no 30 February 2026: check the day of the date.",
        ),
        (
            {"date": "2026-13-01"},
            "date",
            "There is no month 13: the date needs a month from 1 to 12.",
        ),
        ({"date": "20/11/2026"}, "date", "Write the date as YYYY-MM-DD, e.g. 2026-11-23."),
        ({"date": ""}, "date", "Enter the date of the interview as YYYY-MM-DD."),
        (
            {"start": "25:00"},
            "start",
            "25:00 is not a time of day: the start time needs 00:00 to 23:59.",
        ),
        ({"end": "09:30"}, "end", "The end (09:30) is before the start (10:00)."),
        (
            {"timezone": "Europe/Berln"},
            "timezone",
            "Time zone “Europe/Berln” is not a time zone I know; did you mean Europe/Berlin, "
            "Europe/Dublin or Europe/Belfast?",
        ),
        (
            {"timezone": "springfield"},
            "timezone",
            "Time zone “springfield” is not a time zone I know; type a city such as Berlin or a "
            "name such as America/New_York.",
        ),
        (
            {"timezone": "eastern"},
            "timezone",
            "Time zone “eastern” could be Canada/Eastern or US/Eastern: type the full name.",
        ),
        (
            {"decision_date": "2026-11-31"},
            "decision_date",
            "There is no 31 November 2026: check the day of the decision date.",
        ),
        (
            {"events": "2026-12-05 to 2026-12-01"},
            "events",
            "The range 2026-12-05 to 2026-12-01 ends before it starts.",
        ),
        (
            {"company_name": " "},
            "company",
            "Name the company (or pick an existing application above).",
        ),
        (
            {"people": [PersonValues(name="Bill", email="bill.initech.example")]},
            "people.0.email",
            "'bill.initech.example' is not an email address: it needs an @, as in dana@acme.com.",
        ),
        (
            {"people": [PersonValues(email="x@y.z")]},
            "people.0.name",
            "Give this interviewer a name (or remove the row).",
        ),
        (
            {"people": [PersonValues(name="Bill"), PersonValues(name="bill")]},
            "people.1.name",
            "bill is already listed above.",
        ),
    ],
)
def test_each_bad_field_gets_one_sentence(changes, key, sentence):
    checked = check(_valid(**changes))
    assert checked.errors == {key: sentence}


def test_valid_values_parse():
    checked = check(_valid(events="2026-12-01, 2026-12-03..2026-12-04", decision_date="2026-12-02"))
    assert checked.ok and checked.duration == 45
    assert checked.starts_at.isoformat() == "2026-11-20T10:00:00+01:00"
    assert [d.day for d in checked.events] == [1, 3, 4]
    assert events_text(parse_events("2026-12-03, 2026-12-01, 2026-12-02")) == (
        "2026-12-01 to 2026-12-03"
    )
    assert check(_valid(people=[PersonValues()])).ok  # an untouched blank row is ignored


def test_a_draft_survives_any_json(now):
    values = FormValues.from_json({"date": 5, "round": "x", "notes": {"topics": 1, "bad": 2}})
    assert (values.date, values.round, values.notes) == ("", 0, {"topics": "1"})
    assert FormValues.from_json(_valid().to_json()) == _valid()


def test_the_form_shows_every_error_beside_its_field_and_keeps_the_typing(db, qtbot, now):
    form = InterviewForm(db, lambda: now)
    qtbot.addWidget(form)
    form.show()
    f = form.fields
    f.company.setEditText("Initech")
    f.role.setText("Analyst")
    f.date.setText("2026-02-30")
    f.start.setText("10:00")
    f.end.setText("09:00")
    f.zone.setEditText("Europe/Berln")
    row = f.people.rows[0]
    row.name.setEditText("Bill Lumbergh")
    row.email.setText("bill-at-initech")
    f.notes["topics"].setPlainText("The TPS report cover sheets.")

    assert not form.save()
    visible = {key: label.text() for key, label in f.errors.items() if label.isVisibleTo(form)}
    assert set(visible) == {"date", "end", "timezone"}
    assert visible["date"] == "There is no 30 February 2026: check the day of the date."
    assert visible["end"] == "The end (09:00) is before the start (10:00)."
    assert visible["timezone"].startswith("Time zone “Europe/Berln” is not a time zone I know")
    assert row.errors["email"].isVisibleTo(form)
    assert "needs an @" in row.errors["email"].text()
    assert not row.errors["name"].isVisibleTo(form)
    assert form.status.text().startswith("Not saved: 4 fields to correct")
    assert f.date.hasFocus() or not form.isActiveWindow()
    assert f.notes["topics"].toPlainText() == "The TPS report cover sheets."  # nothing lost
    assert queries.list_companies(db) == []

    f.date.setText("2026-02-27")
    f.end.setText("10:30")
    f.zone.setEditText("Europe/Berlin")
    row.email.setText("bill@initech.example")
    assert form.save()
    assert not any(label.isVisibleTo(form) for label in f.errors.values())
    interview = queries.list_interviews(db)[0]
    assert interview.notes.topics == "The TPS report cover sheets."
    assert interview.starts_at.isoformat() == "2026-02-27T09:00:00+00:00"


@pytest.mark.parametrize(
    ("typed", "name"),
    [("berlin", "Europe/Berlin"), ("New York", "America/New_York"), ("asia/TOKYO", "Asia/Tokyo")],
)
def test_a_zone_is_read_as_the_user_types_it(typed, name):
    checked = check(_valid(timezone=typed))
    assert checked.ok and checked.zone_name == name
    assert checked.starts_at.tzinfo.key == name


def test_a_city_typed_as_the_zone_is_saved_under_its_iana_name(db, qtbot, now):
    form = InterviewForm(db, lambda: now)
    qtbot.addWidget(form)
    form.show()
    f = form.fields
    f.company.setEditText("Initech")
    f.role.setText("Analyst")
    f.date.setText("2026-11-20")
    f.start.setText("10:00")
    f.zone.setEditText("berlin")
    f.people.rows[0].name.setEditText("Bill Lumbergh")
    assert form.save()
    company = queries.list_companies(db)[0]
    interview = queries.list_interviews(db)[0]
    assert company.timezone == interview.timezone == "Europe/Berlin"
    assert interview.starts_at.isoformat() == "2026-11-20T09:00:00+00:00"  # 10:00 in Berlin


def test_a_zone_that_names_no_place_or_several_is_one_sentence_beside_the_field(db, qtbot, now):
    form = InterviewForm(db, lambda: now)
    qtbot.addWidget(form)
    form.show()
    f = form.fields
    f.company.setEditText("Initech")
    f.role.setText("Analyst")
    f.date.setText("2026-11-20")
    f.start.setText("10:00")
    for typed, sentence in [
        ("springfield", "Time zone “springfield” is not a time zone I know; type a city such as"),
        ("eastern", "Time zone “eastern” could be Canada/Eastern or US/Eastern: type the full"),
    ]:
        f.zone.setEditText(typed)
        assert not form.save()
        assert f.errors["timezone"].isVisibleTo(form)
        assert f.errors["timezone"].text().startswith(sentence)
    assert queries.list_companies(db) == []
