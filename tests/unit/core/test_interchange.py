"""Interchange v1: validation sentences, one-transaction import, deterministic round trip."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from followup_desktop.core.interchange import parse_document
from followup_desktop.core.interchange_fields import InterchangeError
from followup_desktop.core.log_csv import communications_csv, neutralise
from followup_desktop.store import queries
from followup_desktop.store.transfer import export_json, import_document, known_ids
from tests.builders import NOW, sample_document


def _import(db, data, label="file.json"):
    doc = parse_document(data, label, known_ids(db))
    return import_document(db, doc, NOW)


def test_sample_from_the_contract_imports(db):
    summary = _import(db, sample_document())
    assert summary.counts["interviews"] == 1
    interview = queries.get_interview(db, "acme-be-1")
    assert interview.starts_at == datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
    assert interview.notes.topics == "ledger migration"
    app = queries.get_application(db, "acme-be")
    assert app.decision_expected_by.isoformat() == "2026-12-10"
    assert queries.get_company(db, "acme").blackout_dates[0].isoformat() == "2026-12-03"
    assert queries.list_followups(db), "importing an interview plans its follow-ups"


def test_export_import_export_is_identical(db, tmp_path):
    from followup_desktop.store.open import open_store

    data = sample_document()
    data["contacts"][0]["name"] = "Dana Lee 🌟 دانا"
    data["interviews"][0]["notes"]["highlights"] = "שלום — mixed RTL text ✓"
    _import(db, data)
    first = export_json(db)
    other = open_store(tmp_path / "other.sqlite3")
    _import(other, first)
    second = export_json(other)
    other.close()
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert first["contacts"][0]["name"] == "Dana Lee 🌟 دانا"
    assert first["companies"][0]["size_hint"] == "400 people"  # unknown keys are kept
    assert first["followups"], "the plan travels in the export"


def test_one_megabyte_of_notes_imports(db):
    data = sample_document()
    data["interviews"][0]["notes"]["reflection"] = "x" * 1_000_000
    _import(db, data)
    assert len(queries.get_interview(db, "acme-be-1").notes.reflection) == 1_000_000


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.update(format="other-app"), "field 'format'"),
        (lambda d: d.update(version=2), "field 'version' 2"),
        (lambda d: d["contacts"][0].pop("id"), "contacts[0], field 'id'"),
        (
            lambda d: d["contacts"][0].update(company="globex"),
            "contacts record 'dana', field 'company': refers to an unknown company 'globex'",
        ),
        (
            lambda d: d["applications"][0].update(decision_expected_by="2026-02-30"),
            "applications record 'acme-be', field 'decision_expected_by': '2026-02-30' is not a "
            "real date",
        ),
        (
            lambda d: d["companies"][0].update(timezone="Mars/Olympus"),
            "companies record 'acme', field 'timezone': 'Mars/Olympus' is not a known IANA",
        ),
        (
            lambda d: d["companies"][0].update(country="XQ"),
            "companies record 'acme', field 'country': 'XQ' is not a country code",
        ),
        (
            lambda d: d["companies"][0].update(subdivision="ZZ"),
            "field 'subdivision': 'ZZ' is not a region of US",
        ),
        (
            lambda d: d["interviews"][0].update(starts_at="2026-11-27 15:00"),
            "interviews record 'acme-be-1', field 'starts_at'",
        ),
        (
            lambda d: d["communications"][0].update(direction="sideways"),
            "communications record 'm1', field 'direction': 'sideways' is not one of sent, "
            "received",
        ),
        (
            lambda d: d["applications"][0].update(stage="hired"),
            "field 'stage': 'hired' is not one of applied",
        ),
        (lambda d: d["contacts"][0].update(email="dana.acme"), "field 'email'"),
        (lambda d: d["interviews"][0].update(interviewers=["ghost"]), "interviewers[0]"),
        (lambda d: d["contacts"].append(dict(d["contacts"][0])), "'dana' appears twice"),
    ],
)
def test_bad_input_names_file_record_and_field_and_changes_nothing(db, mutate, expected):
    _import(
        db,
        {
            "format": "followup-desktop",
            "version": 1,
            "companies": [{"id": "keep", "name": "Already here"}],
        },
    )
    before = export_json(db)
    data = sample_document()
    mutate(data)
    with pytest.raises(InterchangeError) as caught:
        parse_document(data, "jobs.json", known_ids(db))
    message = str(caught.value)
    assert message.startswith("jobs.json: ")
    assert expected in message
    assert "\n" not in message
    assert export_json(db) == before


def test_file_may_point_at_records_already_in_the_database(db):
    _import(db, sample_document())
    extra = {
        "format": "followup-desktop",
        "version": 1,
        "communications": [
            {
                "id": "m2",
                "application": "acme-be",
                "contact": "dana",
                "at": "2026-12-01T09:00:00-05:00",
                "direction": "sent",
            }
        ],
    }
    _import(db, extra)
    assert [c.id for c in queries.list_communications(db)] == ["m1", "m2"]


def test_csv_log_neutralises_formulas_and_keeps_unicode(db):
    data = sample_document()
    data["communications"][0]["summary"] = '=HYPERLINK("http://evil")'
    data["communications"].append(
        {
            "id": "m2",
            "application": "acme-be",
            "contact": "dana",
            "at": "2026-12-01T09:00:00-05:00",
            "direction": "sent",
            "summary": "Merci — ça va ✓",
        }
    )
    _import(db, data)
    text = communications_csv(
        queries.list_communications(db),
        {"dana": "Dana Lee"},
        {a.id: a for a in queries.list_applications(db)},
        {c.id: c for c in queries.list_companies(db)},
        "America/Chicago",
    )
    lines = text.splitlines()
    assert lines[0].startswith("Date,Time,Company")
    assert "'=HYPERLINK" in lines[1]
    assert "Merci — ça va ✓" in lines[2]
    assert lines[1].startswith("2026-11-30,09:02,Acme Corp")  # in the user's zone (Chicago)
    assert neutralise("+1 555") == "'+1 555" and neutralise("plain") == "plain"
