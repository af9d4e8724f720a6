"""``outbox add | list | cancel | release | send-due`` (shared/interchange.md) against the real
SMTP server on loopback: queued at the employer's slot with both zones shown, a weekend refused
in one sentence unless --insist, sent exactly once by send-due, and a --demo database that
never reaches a server."""

from __future__ import annotations

import io
import json
import sys
from datetime import UTC, datetime, timedelta

import pytest

from followup_desktop.cli import main as cli
from tests.integration.test_outbox_send import CHECK_IN, SLOT, add_account, search  # noqa: F401

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)


def run(capsys, monkeypatch, now: datetime, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(cli, "now_utc", lambda: now)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db_file(search, smtp, db_path):  # noqa: F811
    add_account(search, smtp)
    search.close()
    return str(db_path)


def test_add_list_and_send_due_send_once_at_the_slot(capsys, monkeypatch, db_file, smtp):
    code, out, err = run(capsys, monkeypatch, NOW, "--db", db_file, "outbox", "add", CHECK_IN)
    assert code == 0, err
    # Thu 26 Nov 08:30 in Berlin is 23:30 the evening before in Los Angeles
    assert out.startswith("Queued #1 to gil@globex.example: sends Thu 26 Nov 2026 08:30")
    assert "23:30" in out
    code, out, _ = run(capsys, monkeypatch, NOW, "--db", db_file, "outbox", "list", "--json")
    [item] = json.loads(out)
    assert item["state"] == "queued" and item["send_at"] == "2026-11-26T08:30:00+01:00"
    assert item["send_at_yours"] == "2026-11-25T23:30:00-08:00"
    assert item["message_id"].startswith("<") and item["message_id"].endswith("@example.org>")
    argv = ("--db", db_file, "outbox", "send-due", "--json", "--password-stdin")
    code, out, _ = run(capsys, monkeypatch, SLOT - timedelta(minutes=1), *argv, stdin="s3cret\n")
    assert (code, json.loads(out)) == (0, {"sent": [], "held": [], "failed": []})
    code, out, _ = run(capsys, monkeypatch, SLOT, *argv, stdin="s3cret\n")
    assert (code, json.loads(out)) == (0, {"sent": [1], "held": [], "failed": []})
    code, out, _ = run(capsys, monkeypatch, SLOT + timedelta(minutes=5), *argv, stdin="s3cret\n")
    assert json.loads(out)["sent"] == []
    assert [m["Message-ID"] for _, m in smtp.received()] == [item["message_id"]]
    code, out, _ = run(capsys, monkeypatch, NOW, "--db", db_file, "outbox", "list", "--json")
    assert json.loads(out)[0]["state"] == "sent"


def test_a_weekend_slot_is_refused_in_one_sentence_unless_insisted(capsys, monkeypatch, db_file):
    saturday = "2026-11-28T09:00:00+01:00"
    argv = ("--db", db_file, "outbox", "add", CHECK_IN, "--at", saturday)
    code, _, err = run(capsys, monkeypatch, NOW, *argv)
    assert code == 2
    assert "Sat 28 Nov is a weekend day in Berlin; the next working slot is Mon 30 Nov 08:30" in err
    code, out, err = run(capsys, monkeypatch, NOW, *argv, "--insist")
    assert code == 0, err and "Sat 28 Nov 2026 09:00" in out


def test_cancel_and_release(capsys, monkeypatch, db_file, smtp):
    run(capsys, monkeypatch, NOW, "--db", db_file, "outbox", "add", CHECK_IN)
    code, out, _ = run(capsys, monkeypatch, NOW, "--db", db_file, "outbox", "cancel", "1")
    assert (code, out.strip()) == (0, "Cancelled #1: it will not be sent.")
    code, _, err = run(capsys, monkeypatch, NOW, "--db", db_file, "outbox", "release", "1")
    assert code == 2 and "is cancelled, so it cannot be released" in err
    # a held one (slept through) is queued again at the employer's next slot
    run(capsys, monkeypatch, NOW, "--db", db_file, "outbox", "add", CHECK_IN)
    woke = SLOT + timedelta(hours=8)
    argv = ("--db", db_file, "outbox", "send-due", "--json", "--password-stdin")
    code, out, _ = run(capsys, monkeypatch, woke, *argv, stdin="s3cret\n")
    assert json.loads(out)["held"][0]["id"] == 2
    code, out, _ = run(capsys, monkeypatch, woke, "--db", db_file, "outbox", "release", "2")
    assert code == 0 and "Fri 27 Nov 2026 08:30" in out
    assert not smtp.received()


def test_a_demo_database_never_sends(capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, NOW, "--demo", "outbox", "send-due")
    assert code == 2 and "never reaches a mail server" in err
