"""History shows what changed, whichever way a reply, a round or a stage change arrives: the items
it cancelled stay in the interview's panel as cancelled, with their reason."""

from __future__ import annotations

from datetime import UTC, datetime

import followup_desktop.cli.main as cli
from followup_desktop.core.model import Communication, Direction, Interview, Stage
from followup_desktop.store import queries, writes
from followup_desktop.store.open import open_store
from followup_desktop.ui.interviews.interview_view import InterviewView
from tests.builders import NOW, sample_document, write_json


def _panel(qtbot, db, interview_id: str) -> str:
    view = InterviewView(db, lambda: NOW)
    qtbot.addWidget(view)
    view.refresh()
    assert view.select_interview(interview_id)
    return view.details.toPlainText()


def test_a_logged_reply_leaves_the_cancelled_check_in_in_view_with_its_reason(filled, qtbot):
    reply = Communication(
        "r1", "acme-be", datetime(2026, 11, 20, 16, tzinfo=UTC), Direction.RECEIVED, contact="dana"
    )
    writes.log_communication(filled, reply, NOW)
    text = _panel(qtbot, filled, "acme-be-1")
    assert "Check-in to Dana Lee" in text
    assert "Cancelled: Reply received from Dana Lee on 20 Nov 2026" in text
    assert "Auto-cancelled" not in text  # the store's marker is not shown


def test_a_new_round_shows_what_it_superseded_under_the_earlier_interview(filled, qtbot):
    later = Interview(
        "acme-be-2", "acme-be", datetime(2026, 11, 26, 15, tzinfo=UTC), interviewers=["dana"]
    )
    writes.save_interview(filled, later, NOW)
    text = _panel(qtbot, filled, "acme-be-1")
    assert "Cancelled: Superseded by the interview on 26 Nov 2026" in text


def test_an_offer_shows_its_reply_and_the_check_ins_it_cancelled(filled, qtbot):
    writes.set_stage(filled, "acme-be", Stage.OFFER, NOW)
    text = _panel(qtbot, filled, "acme-be-1")
    assert "For the application" in text and "Reply to offer to Dana Lee" in text
    assert "Cancelled: Offer received" in text
    assert "Move-on review (a note to you)" in text and "Move-on review to" not in text


def test_an_imported_reply_shows_the_same_history(tmp_path, qtbot, monkeypatch, capsys):
    db_path = tmp_path / "jobs.sqlite3"
    monkeypatch.setattr(cli, "now_utc", lambda: NOW)
    document = sample_document()
    assert document["communications"], "the interchange example carries a reply"
    before_reply = write_json(tmp_path / "a.json", dict(document, communications=[]))
    with_reply = write_json(tmp_path / "b.json", document)
    for path in (before_reply, with_reply):  # the plan as it stood, then the reply arrives
        assert cli.main(["--db", str(db_path), "import", str(path)]) == 0
    capsys.readouterr()
    db = open_store(db_path)
    try:
        cancelled = [f for f in queries.list_followups(db) if f.status == "cancelled"]
        assert cancelled, "the imported reply cancelled the check-ins"
        text = _panel(qtbot, db, cancelled[0].interview or "")
        assert "Cancelled: Reply received" in text
    finally:
        db.close()
