"""`followup-desktop draft FOLLOWUP_ID [--json]`: the message for an id `agenda --json` prints."""

from __future__ import annotations

import json

import pytest

from followup_desktop.cli import main as cli
from tests.builders import NOW


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    monkeypatch.setattr(cli, "now_utc", lambda: NOW)


@pytest.fixture
def demo_path(tmp_path):
    from followup_desktop.store.demo import fill_demo
    from followup_desktop.store.open import open_store

    path = tmp_path / "demo.sqlite3"
    db = open_store(path)
    fill_demo(db, NOW)
    db.close()
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


FRENCH_FORMAL = ("Madame,", "Monsieur,")


def test_every_message_id_from_agenda_drafts(capsys, demo_path):
    code, out, _ = run(capsys, "--db", str(demo_path), "agenda", "--all", "--json")
    assert code == 0
    items = [i for i in json.loads(out) if i["kind"] != "move_on_review"]
    assert len(items) > 10
    for item in items:
        code, out, err = run(capsys, "--db", str(demo_path), "draft", item["id"], "--json")
        assert code == 0, err
        draft = json.loads(out)
        assert set(draft) == {"subject", "body", "language", "findings"}
        assert draft["subject"] and draft["body"]
        assert draft["language"] in ("en", "de", "fr")
        greeting = draft["body"].splitlines()[0]
        names = item["contact_name"].split()
        assert names[0] in greeting or names[-1] in greeting or greeting in FRENCH_FORMAL
        for finding in draft["findings"]:
            assert set(finding) == {"rule", "words", "message"} and finding["message"]
    languages = {
        json.loads(run(capsys, "--db", str(demo_path), "draft", i["id"], "--json")[1])["language"]
        for i in items
    }
    assert languages == {"en", "de", "fr"}  # Northwind is in Germany, Orbital in France


def test_plain_output_is_the_subject_then_the_body(capsys, demo_path):
    code, out, err = run(capsys, "--db", str(demo_path), "draft", "acme-be-1/thank_you/omar")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Subject: Thank You - Alex Morgan - Backend Engineer Interview"
    assert lines[1] == "" and lines[2] == "Dear Omar,"
    assert "the retry queue and exactly-once delivery" in out  # fitted into its sentence
    assert err == ""  # nothing to flag: a Friday interview thanked on Monday is on time


def test_findings_go_to_stderr(capsys, demo_path):
    code, out, err = run(capsys, "--db", str(demo_path), "draft", "northwind-sre-2/thank_you/lea")
    assert code == 0 and out.startswith("Subject: ")
    assert "check: Nearly the same text as the note to Jonas Becker" in err


def test_kind_picks_another_message(capsys, demo_path):
    base = ("--db", str(demo_path), "draft", "kestrel-data/offer_reply", "--json")
    _code, out, _ = run(capsys, *base)
    assert "delighted to accept" in json.loads(out)["body"]
    code, out, _ = run(capsys, *base, "--kind", "offer_decline")
    assert code == 0 and "decline the offer" in json.loads(out)["body"]


def test_the_users_own_template_wins(capsys, demo_path):
    from followup_desktop.core.model import Template
    from followup_desktop.store import writes
    from followup_desktop.store.open import open_store

    db = open_store(demo_path)
    writes.save_template(
        db, Template("mine", "thank_you_panel", "Mine", "Thanks, {{ contact.name }}", "Hi")
    )
    db.close()
    code, out, _ = run(
        capsys, "--db", str(demo_path), "draft", "acme-be-1/thank_you/dana", "--json"
    )
    assert code == 0
    draft = json.loads(out)
    assert (draft["subject"], draft["body"], draft["language"]) == ("Thanks, Dana Lee", "Hi", "en")
    assert {f["rule"] for f in draft["findings"]} >= {"subject"}  # no role in that subject


def test_unknown_ids_and_reminders_are_bad_input(capsys, demo_path):
    code, out, err = run(capsys, "--db", str(demo_path), "draft", "nope")
    assert (code, out) == (2, "") and "no follow-up 'nope'" in err
    code, out, err = run(capsys, "--db", str(demo_path), "draft", "acme-be-1/move_on_review")
    assert (code, out) == (2, "") and "reminder" in err


def test_a_broken_template_is_reported(capsys, demo_path):
    from followup_desktop.core.model import Template
    from followup_desktop.store import writes
    from followup_desktop.store.open import open_store

    db = open_store(demo_path)
    writes.save_template(db, Template("bad", "status_inquiry", "Bad", "Hi", "Dear\n{{ role._x }}"))
    db.close()
    code, out, err = run(capsys, "--db", str(demo_path), "draft", "acme-be-1/check_in/dana")
    assert code == 1 and out == ""
    assert "Template 'Bad': Body line 2: refused" in err
