"""File > Import takes what the command line takes: the interchange .json and a tracker .csv,
each through store/file_import (a bad file changes nothing and says why in one sentence)."""

from __future__ import annotations

import pytest

from followup_desktop.store import queries

TRACKER = (
    "Company,Position,Status,Contact,Email,Interview date,Time zone\r\n"
    "Zalando Labs,Platform Engineer,interviewing,Jana Weber,jana@zalando.example,"
    "2026-11-25 10:00,Europe/Berlin\r\n"
    "Globex,Data Analyst,applied,,,,\r\n"
)


def test_a_tracker_csv_comes_in_through_file_import(db, make_window, tmp_path):
    path = tmp_path / "my tracker.csv"
    path.write_text(TRACKER, encoding="utf-8")
    window = make_window(db)
    window.import_path(path)
    assert "Imported" in window.statusBar().currentMessage()
    names = sorted(c.name for c in queries.list_companies(db))
    assert names == ["Globex", "Zalando Labs"]
    thank_you = next(f for f in queries.list_followups(db) if f.kind == "thank_you")
    assert thank_you.timezone == "Europe/Berlin"  # planned in the employer's zone


def test_a_spreadsheet_is_refused_in_one_sentence_and_changes_nothing(db, make_window, tmp_path):
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(b"PK\x03\x04")
    window = make_window(db)
    with pytest.raises(Exception, match="save it as CSV"):
        window.import_path(path)
    assert queries.list_companies(db) == []
