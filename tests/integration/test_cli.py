"""The command line as a user (or a script) meets it: outputs, exit codes, nothing lost."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from followup_desktop.cli import main as cli
from tests.builders import NOW, sample_document, write_json

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    monkeypatch.setattr(cli, "now_utc", lambda: NOW)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_then_agenda_json(capsys, tmp_path):
    db = tmp_path / "x.sqlite3"
    src = write_json(tmp_path / "jobs.json", sample_document())
    code, out, _ = run(capsys, "--db", str(db), "import", str(src))
    assert code == 0 and "Imported 1 companies" in out
    code, out, _ = run(capsys, "--db", str(db), "agenda", "--all", "--json")
    assert code == 0
    items = json.loads(out)
    assert items, "the imported interview has a plan"
    for item in items:
        assert {
            "id",
            "kind",
            "due",
            "status",
            "application",
            "contact",
            "channel",
            "reason",
        } <= set(item)
        assert datetime.fromisoformat(item["due"]).utcoffset() is not None
    dues = [datetime.fromisoformat(i["due"]) for i in items]
    assert dues == sorted(dues)
    thank_you = next(i for i in items if i["kind"] == "thank_you")
    assert thank_you["application"] == "acme-be" and thank_you["contact"] == "dana"


def test_agenda_text_and_date_range(capsys, tmp_path):
    db = tmp_path / "x.sqlite3"
    run(capsys, "--db", str(db), "import", str(write_json(tmp_path / "j.json", sample_document())))
    code, out, _ = run(capsys, "--db", str(db), "agenda", "--all")
    assert code == 0 and "Dana Lee" in out and "Acme Corp" in out
    code, out, _ = run(capsys, "--db", str(db), "agenda", "--from", "2030-01-01", "--json")
    assert code == 0 and json.loads(out) == []
    code, _, err = run(capsys, "--db", str(db), "agenda", "--from", "2026-02-30")
    assert code == 2 and "--from '2026-02-30' is not a real date" in err


def test_failed_import_exits_2_and_changes_nothing(capsys, tmp_path):
    db = tmp_path / "x.sqlite3"
    run(capsys, "--db", str(db), "import", str(write_json(tmp_path / "a.json", sample_document())))
    before = tmp_path / "before.json"
    run(capsys, "--db", str(db), "export", str(before))
    bad = sample_document()
    bad["companies"].append({"id": "mars", "name": "Mars Inc", "timezone": "Mars/Olympus"})
    bad["contacts"][0]["name"] = "Changed name that must not land"
    code, _, err = run(capsys, "--db", str(db), "import", str(write_json(tmp_path / "b.json", bad)))
    assert code == 2
    assert err.count("\n") == 1 and "b.json" in err and "'mars'" in err and "'timezone'" in err
    after = tmp_path / "after.json"
    run(capsys, "--db", str(db), "export", str(after))
    assert before.read_text() == after.read_text()


def test_not_json_is_bad_input(capsys, tmp_path):
    src = tmp_path / "notes.json"
    src.write_text("{ this is not json")
    code, _, err = run(capsys, "--db", str(tmp_path / "x.sqlite3"), "import", str(src))
    assert code == 2 and "not valid JSON (line 1" in err


def test_database_that_is_not_sqlite_fails_clearly(capsys, tmp_path):
    bogus = tmp_path / "x.sqlite3"
    bogus.write_bytes(b"PK\x03\x04 a zip file")
    code, _, err = run(capsys, "--db", str(bogus), "agenda")
    assert code == 1 and "is not a Follow-up Desktop database" in err
    assert bogus.read_bytes() == b"PK\x03\x04 a zip file"


def test_env_variable_chooses_the_database(capsys, tmp_path, monkeypatch):
    db = tmp_path / "env.sqlite3"
    monkeypatch.setenv("FOLLOWUP_DESKTOP_DB", str(db))
    run(capsys, "import", str(write_json(tmp_path / "a.json", sample_document())))
    assert db.exists()


def test_backup_and_check(capsys, tmp_path):
    db = tmp_path / "x.sqlite3"
    run(capsys, "--db", str(db), "import", str(write_json(tmp_path / "a.json", sample_document())))
    code, out, _ = run(capsys, "--db", str(db), "backup", str(tmp_path / "bk"))
    assert code == 0
    copy = next((tmp_path / "bk").glob("backup-*.sqlite3"))
    assert sqlite3.connect(copy).execute("SELECT count(*) FROM interviews").fetchone()[0] == 1
    code, out, _ = run(capsys, "--db", str(db), "check")
    assert code == 0 and out.strip().endswith(": ok")


def test_check_reports_a_damaged_file(capsys, tmp_path):
    db = tmp_path / "x.sqlite3"
    run(capsys, "--db", str(db), "import", str(write_json(tmp_path / "a.json", sample_document())))
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(page * 2, min(len(data), page * 4)):
        data[offset] = 0x5A  # scribble over interior pages, keep the header
    db.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    code, _, err = run(capsys, "--db", str(db), "check")
    assert code == 1 and "damaged" in err


def test_export_csv_and_unknown_suffix(capsys, tmp_path):
    db = tmp_path / "x.sqlite3"
    run(capsys, "--db", str(db), "import", str(write_json(tmp_path / "a.json", sample_document())))
    target = tmp_path / "log.csv"
    code, _, _ = run(capsys, "--db", str(db), "export", str(target))
    assert code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"We'll decide next week" in raw
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"
    code, _, err = run(capsys, "--db", str(db), "export", str(tmp_path / "x.pdf"))
    assert code == 2 and "unknown export type '.pdf'" in err


def test_demo_combines_with_commands(capsys):
    code, out, _ = run(capsys, "--demo", "agenda", "--json")
    assert code == 0
    items = json.loads(out)
    assert len({i["application"] for i in items}) >= 4


def test_version_is_fast_and_imports_nothing_heavy():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    code = (
        "import sys, time; t=time.perf_counter();\n"
        "from followup_desktop.cli.main import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit: pass\n"
        "heavy = [m for m in ('PySide6','sqlite_utils','jinja2','holidays') if m in sys.modules]\n"
        "print(heavy)"
    )
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[0].startswith("followup-desktop ")
    assert lines[-1] == "[]"
    assert time.perf_counter() - started < 30  # sanity only; the budget lives in benchmarks
