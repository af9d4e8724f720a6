"""A tracker spreadsheet as CSV: columns found by their header in any case, one sentence per bad
cell naming row and column, and a document the interchange import accepts as it is."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core.interchange import KnownIds, parse_document
from followup_desktop.core.model import Stage
from followup_desktop.core.tracker_csv import (
    TrackerError,
    check_mapping,
    guess_mapping,
    read_text,
    read_tracker,
)

TRACKER = (
    "COMPANY,Job_Title,status,Recruiter,Email,Interview Date,Time Zone,Country,Link,Notes\r\n"
    "Acme Corp,Backend Engineer,Interviewing,Dana Lee,dana@acme.example,2026-11-19 10:00,"
    "America/New_York,US,https://acme.example/jobs/1,liked the team\r\n"
    "Globex,Data Analyst,applied,,,,,,,\r\n"
    ",,,,,,,,,\r\n"
    "Acme Corp,Backend Engineer,interviewing,Dana Lee,dana@acme.example,2026-11-26 15:00,"
    "America/New_York,US,,second round\r\n"
)


def read(text: str = TRACKER, **kwargs):
    return read_tracker(text, "tracker.csv", default_zone="Europe/Berlin", **kwargs)


def test_headers_are_matched_in_any_case_and_spelling():
    found = read()
    assert found.mapping == {
        "company": "COMPANY",
        "role": "Job_Title",
        "stage": "status",
        "contact": "Recruiter",
        "contact_email": "Email",
        "interview": "Interview Date",
        "timezone": "Time Zone",
        "country": "Country",
        "posting_url": "Link",
    }
    assert found.ignored == ["Notes"]
    assert found.rows == 3  # the blank row is skipped
    assert "ignored columns: Notes" in found.sentence()


def test_rows_become_records_the_interchange_import_accepts():
    found = read()
    doc = parse_document(found.document, "tracker.csv")
    assert [c.id for c in doc.companies] == ["acme-corp", "globex"]
    assert doc.companies[0].timezone == "America/New_York" and doc.companies[0].country == "US"
    apps = {a.id: a for a in doc.applications}
    assert apps["acme-corp-backend-engineer"].stage == Stage.INTERVIEWING
    assert apps["acme-corp-backend-engineer"].contact == "acme-corp-dana-lee"
    assert apps["acme-corp-backend-engineer"].posting_url == "https://acme.example/jobs/1"
    assert apps["globex-data-analyst"].stage == Stage.APPLIED
    (dana,) = doc.contacts
    assert (dana.name, dana.email) == ("Dana Lee", "dana@acme.example")
    first, second = doc.interviews  # the repeated row is the next round
    assert (first.id, first.round, second.round) == ("acme-corp-backend-engineer-1", 1, 2)
    assert first.starts_at == datetime(2026, 11, 19, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    assert first.interviewers == ["acme-corp-dana-lee"]


def test_an_interview_without_a_zone_is_in_the_users_home_zone():
    found = read("Company,Interview\r\nInitech,20.11.2026 09:30\r\n")
    (interview,) = parse_document(found.document, "t").interviews
    assert interview.starts_at == datetime(2026, 11, 20, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert parse_document(found.document, "t").applications[0].stage == Stage.INTERVIEWING


def test_semicolons_and_a_windows_file_are_read(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("Firma;Company;Stage\r\nx;Société Générale;offer\r\n".encode("cp1252"))
    found = read(read_text(path))
    assert found.mapping["company"] == "Company"
    assert parse_document(found.document, "t").companies[0].name == "Société Générale"


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("Acme,maybe,,", "column 'Stage': 'maybe' is not a stage; use one of applied"),
        (",applied,,", "column 'Company': is empty"),
        ("Acme,,03/04/2026,", "column 'Interview': '03/04/2026' can be read as day/month"),
        ("Acme,,2026-02-30,", "column 'Interview': '2026-02-30' is not a real date"),
        ("Acme,,2026-11-20 25:00,", "column 'Interview': '2026-11-20 25:00' is not a date and"),
        ("Acme,,,Mars/Base", "column 'Zone': 'Mars/Base' is not a time zone"),
    ],
)
def test_a_bad_cell_is_one_sentence_naming_row_and_column(row, words):
    with pytest.raises(TrackerError) as caught:
        read(f"Company,Stage,Interview,Zone\r\nGood,applied,,\r\n{row}\r\n")
    message = str(caught.value)
    assert message.startswith("tracker.csv, row 3, column ")  # the header is row 1
    assert words in message
    assert message.endswith(".") and ". " not in message


def test_a_file_without_a_company_column_says_what_to_call_it():
    with pytest.raises(TrackerError, match="no column names the company; call one Company"):
        read("Role,Stage\r\nEngineer,applied\r\n")
    with pytest.raises(TrackerError, match="no rows"):
        read("Company\r\n")


def test_a_mapping_names_the_columns_and_is_checked():
    text = "Firm,Job\r\nAcme,Engineer\r\n"
    mapping = check_mapping(
        json.loads('{"company": "firm", "role": "JOB"}'), "m.json", ["Firm", "Job"]
    )
    assert mapping == {"company": "Firm", "role": "Job"}
    apps = parse_document(read(text, mapping=mapping).document, "t").applications
    assert apps[0].id == "acme-engineer"
    with pytest.raises(TrackerError, match="'colour' is not a tracker field"):
        check_mapping({"colour": "Firm"}, "m.json", ["Firm"])
    with pytest.raises(TrackerError, match="names a column 'Salary' the file lacks"):
        check_mapping({"company": "Salary"}, "m.json", ["Firm"])
    assert guess_mapping(["Firm", "Job"]) == {"role": "Job"}


def test_records_already_in_the_database_are_left_as_they_are():
    known = KnownIds(
        companies={"acme-corp"},
        contacts={"acme-corp-dana-lee"},
        applications={"acme-corp-backend-engineer"},
        interviews={"acme-corp-backend-engineer-1"},
    )
    found = read(known=known)
    doc = parse_document(found.document, "t", known)
    assert [c.id for c in doc.companies] == ["globex"]
    assert [a.id for a in doc.applications] == ["globex-data-analyst"]
    assert [i.id for i in doc.interviews] == ["acme-corp-backend-engineer-2"]
    assert found.kept == 4  # company, contact, application and first round


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("wb") as handle:
        handle.truncate(6_000_000)
    with pytest.raises(TrackerError, match="6 MB; a tracker is read up to 5 MB"):
        read_text(path)


def test_the_import_command_takes_a_tracker_csv(tmp_path, capsys):
    from followup_desktop.cli.main import main
    from followup_desktop.store import queries
    from followup_desktop.store.open import open_store

    db_path, tracker = tmp_path / "jobs.sqlite3", tmp_path / "tracker.csv"
    tracker.write_text(TRACKER, encoding="utf-8")
    assert main(["--db", str(db_path), "import", str(tracker)]) == 0
    assert capsys.readouterr().out.startswith("Imported 2 companies, 1 contacts, 2 applications")
    assert main(["--db", str(db_path), "import", str(tracker)]) == 0  # again: nothing changes
    assert "stayed as they are" in capsys.readouterr().out
    db = open_store(db_path)
    try:
        assert len(queries.list_applications(db)) == 2 and len(queries.list_interviews(db)) == 2
        assert queries.list_followups(db)  # planned as the form plans
    finally:
        db.close()
    bad = tmp_path / "bad.csv"
    bad.write_text("Company,Status\nAcme,maybe\n", encoding="utf-8")
    assert main(["--db", str(db_path), "import", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith(
        "row 2, column 'Status': 'maybe' is not a stage; use one of applied, "
        "interviewing, offer, accepted, declined, rejected, withdrawn, closed."
    )
    assert main(["--db", str(db_path), "import", str(tmp_path / "tracker.xlsx")]) == 2
    assert "save it as CSV (UTF-8)" in capsys.readouterr().err
