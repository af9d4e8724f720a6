"""The plan is the same whichever way the data arrives (import or the form's writes), and every
later change (reply, stage, manual move) re-plans through the store in one transaction."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from followup_desktop.cli import main as cli
from followup_desktop.core.model import (
    Application,
    Communication,
    Company,
    Contact,
    Direction,
    FollowUpStatus,
    Interview,
    InterviewFormat,
    Profile,
    Stage,
)
from followup_desktop.store import queries, writes
from tests.builders import NOW, sample_document, write_json


def _sample_without_reply() -> dict:
    data = sample_document()
    data["communications"] = []
    return data


def _agenda(capsys, monkeypatch, db_path) -> list[dict]:
    monkeypatch.setattr(cli, "now_utc", lambda: NOW)
    assert cli.main(["--db", str(db_path), "agenda", "--all", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_import_then_agenda_gives_the_contract_plan(tmp_path, capsys, monkeypatch):
    db_path = tmp_path / "x.sqlite3"
    monkeypatch.setattr(cli, "now_utc", lambda: NOW)
    src = write_json(tmp_path / "jobs.json", _sample_without_reply())
    assert cli.main(["--db", str(db_path), "import", str(src)]) == 0
    capsys.readouterr()
    got = [(i["kind"], i["contact"], i["due"]) for i in _agenda(capsys, monkeypatch, db_path)]
    # Interview Friday 27 Nov 2026 15:00 New York (the day after Thanksgiving).
    assert got == [
        ("thank_you", "dana", "2026-11-30T08:30:00-05:00"),  # Sat, Sun skipped
        ("check_in", "dana", "2026-12-11T08:30:00-05:00"),  # after decision date 10 Dec
        ("second_follow_up", "dana", "2026-12-18T08:30:00-05:00"),
        # A note to the user, at 08:30 in their own zone (Chicago) on the business day
        ("move_on_review", "dana", "2026-12-28T08:30:00-06:00"),  # Christmas, weekend skipped
    ]


def test_a_reply_in_the_file_cancels_nothing_it_never_planned(tmp_path, capsys, monkeypatch):
    db_path = tmp_path / "x.sqlite3"
    monkeypatch.setattr(cli, "now_utc", lambda: NOW)
    cli.main(
        ["--db", str(db_path), "import", str(write_json(tmp_path / "a.json", sample_document()))]
    )
    capsys.readouterr()
    kinds = [i["kind"] for i in _agenda(capsys, monkeypatch, db_path)]
    assert kinds == ["thank_you"]  # the reply of 30 Nov came after the interview


def _type_into_the_form(db) -> None:
    """The same interview as the sample file, entered the way the notes form saves it."""
    writes.save_profile(
        db, Profile(name="Alex Morgan", timezone="America/Chicago", country="US"), NOW
    )
    writes.save_company(
        db, Company("acme", "Acme Corp", "America/New_York", "US", "NY", [date(2026, 12, 3)]), NOW
    )
    writes.save_contact(
        db,
        Contact(
            "dana",
            "acme",
            "Dana Lee",
            "Engineering Manager",
            "dana@acme.example",
            "+1 212 555 0199",
        ),
    )
    writes.save_application(
        db,
        Application(
            "acme-be",
            "acme",
            "Backend Engineer",
            Stage.INTERVIEWING,
            "dana",
            decision_expected_by=date(2026, 12, 10),
        ),
        NOW,
    )
    writes.save_interview(
        db,
        Interview(
            "acme-be-1",
            "acme-be",
            datetime.fromisoformat("2026-11-27T15:00:00-05:00"),
            duration_minutes=45,
            format=InterviewFormat.VIDEO,
            interviewers=["dana"],
        ),
        NOW,
    )


def test_form_and_import_plan_identically(db, tmp_path):
    from followup_desktop.core.interchange import parse_document
    from followup_desktop.store.open import open_store
    from followup_desktop.store.transfer import import_document, known_ids

    _type_into_the_form(db)
    other = open_store(tmp_path / "imported.sqlite3")
    import_document(other, parse_document(_sample_without_reply(), "f", known_ids(other)), NOW)

    def plan(database):
        return [
            (f.id, f.kind, f.due, f.timezone, f.reason, f.status)
            for f in queries.list_followups(database)
        ]

    assert plan(db) == plan(other)
    other.close()


def test_reply_stage_and_manual_move_replan_through_the_store(db):
    _type_into_the_form(db)
    check_in = queries.get_followup(db, "acme-be-1/check_in/dana")
    moved = writes.reschedule(db, check_in.id, datetime(2026, 12, 14, 14, 0, tzinfo=UTC), NOW)
    assert moved.manual
    writes.save_company(db, Company("acme", "Acme Corp", "America/New_York", "US", "NY"), NOW)
    assert queries.get_followup(db, check_in.id).due == datetime(2026, 12, 14, 14, 0, tzinfo=UTC)

    result = writes.log_communication(
        db,
        Communication(
            "r1",
            "acme-be",
            datetime(2026, 12, 1, 15, 0, tzinfo=UTC),
            Direction.RECEIVED,
            contact="dana",
            summary="Thanks, we'll be in touch",
        ),
        NOW,
    )
    assert any("cancelled" in line for line in result.changes)
    statuses = {f.kind: f.status for f in queries.list_followups(db)}
    assert statuses["thank_you"] == FollowUpStatus.PLANNED
    assert statuses["check_in"] == FollowUpStatus.CANCELLED
    assert statuses["move_on_review"] == FollowUpStatus.CANCELLED

    result = writes.set_stage(db, "acme-be", Stage.REJECTED, NOW)
    items = {f.kind: f for f in queries.list_followups(db)}
    assert items["rejection_reply"].status == FollowUpStatus.PLANNED
    assert items["thank_you"].status == FollowUpStatus.CANCELLED
    # 21 Nov 2026 is a Saturday: the reply goes out Monday 08:30 New York time.
    assert items["rejection_reply"].due == datetime(2026, 11, 23, 13, 30, tzinfo=UTC)
    assert len(queries.list_followups(db)) == 5  # nothing deleted
