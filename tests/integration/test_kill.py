"""Kill test: a writer is SIGKILLed at random moments; every write it reported is still there.

A server process (this file run as a script) imports the app's store once, then forks one writer
per round, so that a round costs milliseconds instead of an interpreter start. The writer does
the app's real user actions in a loop: imports, notes-form saves, follow-up moves, settings,
and now and then an automatic backup. Before each action it appends ``B n kind key value`` to a
journal, after the action returned it appends ``K n`` (acknowledged). The test kills the writer
after a random delay, then checks the database with a fresh connection: ``integrity_check`` is
ok, every acknowledged write is present (or replaced by a later write to the same key), and every
backup in the backups folder is whole.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.builders import NOW

REPO = Path(__file__).resolve().parents[2]
KILLS = 60
FORM_KEYS = ("acme-be-1", "globex-pm-1", "initech-ops-1")
FOLLOWUP_APP = "acme-be"

pytestmark = pytest.mark.slow


# --- the writer (runs in the forked child) ------------------------------------------------------


def _base_document() -> dict:
    """Three applications with an interview each (the form saves) and a thank-you plan."""
    companies = [
        {"id": "acme", "name": "Acme Corp", "timezone": "America/New_York", "country": "US"},
        {"id": "globex", "name": "Globex", "timezone": "Europe/Berlin", "country": "DE"},
        {"id": "initech", "name": "Initech", "timezone": "Asia/Tokyo", "country": "JP"},
    ]
    contacts = [
        {"id": f"{c['id']}-boss", "company": c["id"], "name": f"Boss of {c['name']}"}
        for c in companies
    ]
    roles = {"acme": "be", "globex": "pm", "initech": "ops"}
    applications = [
        {"id": f"{c}-{r}", "company": c, "role": r.upper(), "stage": "interviewing"}
        for c, r in roles.items()
    ]
    interviews = [
        {
            "id": f"{c}-{r}-1",
            "application": f"{c}-{r}",
            "starts_at": "2026-11-19T15:00:00+00:00",
            "format": "video",
            "interviewers": [f"{c}-boss"],
        }
        for c, r in roles.items()
    ]
    return {
        "format": "followup-desktop",
        "version": 1,
        "companies": companies,
        "contacts": contacts,
        "applications": applications,
        "interviews": interviews,
    }


def _new_search(key: str, name: str) -> dict:
    """One more company with a contact, an application and an interview (a planned import)."""
    return {
        "format": "followup-desktop",
        "version": 1,
        "companies": [{"id": key, "name": name, "timezone": "Europe/Paris", "country": "FR"}],
        "contacts": [{"id": f"{key}-c", "company": key, "name": "Camille"}],
        "applications": [{"id": f"{key}-a", "company": key, "stage": "interviewing"}],
        "interviews": [
            {
                "id": f"{key}-i",
                "application": f"{key}-a",
                "starts_at": "2026-11-20T10:00:00+01:00",
                "interviewers": [f"{key}-c"],
            }
        ],
    }


def _import(db, data: dict, now: datetime) -> None:
    from followup_desktop.core.interchange import parse_document
    from followup_desktop.store.transfer import import_document, known_ids

    import_document(db, parse_document(data, "kill test", known_ids(db)), now)


def _write_loop(db_file: Path, journal: Path, seed: int) -> None:
    """Write forever (until killed): each action journalled before and acknowledged after."""
    from dataclasses import replace

    from followup_desktop.core.model import InterviewNotes
    from followup_desktop.store import backups, queries, writes
    from followup_desktop.store.open import open_store

    done = journal.read_text().splitlines() if journal.exists() else []
    number = 1 + max((int(line.split()[1]) for line in done), default=0)
    fd = os.open(journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    rng = random.Random(seed)
    db = open_store(db_file)
    followups = [f.id for f in queries.list_followups(db, applications=[FOLLOWUP_APP])]
    while True:
        now = NOW + timedelta(seconds=number)
        pick = rng.random()
        if number % 40 == 0:
            kind, key, value = "backup", "-", "-"
        elif pick < 0.3:
            kind, key, value = "import", f"k{number % 40}", f"Company {number}"
        elif pick < 0.6:
            kind, key, value = "form", rng.choice(FORM_KEYS), f"topics {number}"
        elif pick < 0.9 and followups:
            kind, key, value = "followup", rng.choice(followups), str(number)
        else:
            kind, key, value = "setting", f"kill/{rng.randrange(3)}", str(number)
        os.write(fd, f"B {number} {kind} {key} {value}\n".encode())
        if kind == "import":
            _import(db, _new_search(key, value), now)
        elif kind == "form":
            interview = queries.get_interview(db, key)
            assert interview is not None
            notes = InterviewNotes(topics=value, reflection="x" * rng.randrange(2000))
            writes.save_interview(db, replace(interview, notes=notes), now)
        elif kind == "followup":
            writes.reschedule(db, key, NOW + timedelta(days=30, minutes=int(value)), now)
        elif kind == "setting":
            writes.set_setting(db, key, value)
        else:
            backups.make_backup(db, "auto", now)
        os.write(fd, f"K {number}\n".encode())
        number += 1


def _serve(db_file: Path, journal: Path) -> None:
    """Fork a writer per request line; print its pid, then how it ended."""
    from followup_desktop.store import backups  # noqa: F401  (imported once, before forking)
    from followup_desktop.store.open import open_store

    warm = open_store(":memory:")  # holiday calendars and planner caches, loaded once
    _import(warm, _base_document(), NOW)
    _import(warm, _new_search("warm", "Warm"), NOW)
    warm.close()
    print("ready", flush=True)
    for line in sys.stdin:
        seed = int(line)
        pid = os.fork()
        if pid == 0:
            try:
                _write_loop(db_file, journal, seed)
            finally:
                os._exit(3)  # a writer only ends by being killed; 3 means it failed
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print(status, flush=True)


# --- the test -----------------------------------------------------------------------------------


def _check(db_file: Path, journal: Path, rounds: int, seen: set[str]) -> tuple[int, int]:
    """Assert the promises; (acknowledged writes, rows in the database). ``seen``: backups
    already checked (a backup file never changes once it has its name)."""
    conn = sqlite3.connect(db_file)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        begun: dict[int, tuple[str, str, str]] = {}
        acked: set[int] = set()
        for line in journal.read_text().splitlines():
            parts = line.split(" ", 4)
            if parts[0] == "B":
                begun[int(parts[1])] = (parts[2], parts[3], parts[4])
            else:
                acked.add(int(parts[1]))
        in_flight = sorted(set(begun) - acked)
        assert len(in_flight) <= rounds  # at most the one being written when each was killed
        last: dict[tuple[str, str], int] = {}
        for number in sorted(acked):
            kind, key, _ = begun[number]
            if kind != "backup":
                last[(kind, key)] = number
        for (kind, key), number in last.items():
            allowed = {begun[number][2]}
            for other in in_flight:  # may have committed, killed before acknowledging
                if other > number and begun[other][:2] == (kind, key):
                    allowed.add(begun[other][2])
            assert _value(conn, kind, key) in allowed, f"acknowledged {kind} {number} lost"
        rows = sum(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("companies", "applications", "interviews", "followups", "settings")
        )
    finally:
        conn.close()
    for backup in (db_file.parent / "backups").glob("*.sqlite3"):
        if backup.name in seen:
            continue
        seen.add(backup.name)
        check = sqlite3.connect(f"{backup.as_uri()}?mode=ro&immutable=1", uri=True)
        assert check.execute("PRAGMA quick_check").fetchall() == [("ok",)], backup.name
        check.close()
    return len(acked), rows


def _value(conn: sqlite3.Connection, kind: str, key: str) -> str:
    if kind == "import":
        sql = "SELECT name FROM companies WHERE id = ?"
    elif kind == "form":
        sql = "SELECT topics FROM interviews WHERE id = ?"
    elif kind == "followup":
        sql = "SELECT due FROM followups WHERE id = ?"
    else:
        sql = "SELECT value FROM settings WHERE key = ?"
    value = conn.execute(sql, [key]).fetchone()[0]
    if kind == "followup":  # stored as UTC text; the journal holds minutes after NOW + 30 days
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return str(int((moment - NOW - timedelta(days=30)).total_seconds() // 60))
    return value


def _wait_for_acks(journal: Path, count: int, pid: int, timeout: float = 60.0) -> None:
    """Return once the writer ``pid`` acknowledged ``count`` more writes."""
    if count == 0:
        return
    start = journal.stat().st_size if journal.exists() else 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with journal.open("rb") as handle:
            handle.seek(start)
            if handle.read().count(b"K ") >= count:
                return
        os.kill(pid, 0)  # ProcessLookupError: the writer died by itself (see its stderr)
        time.sleep(0.002)
    raise AssertionError(f"the writer did not acknowledge {count} writes in {timeout} s")


def _rounds(server: subprocess.Popen, db_file: Path, journal: Path) -> tuple[int, int, int]:
    """Start, let write, kill and check KILLS writers; (acknowledged, rows, writes asked for)."""
    assert server.stdin is not None and server.stdout is not None
    rng = random.Random(20261121)
    acked = rows = wanted = 0
    seen: set[str] = set()
    for round_number in range(KILLS):
        server.stdin.write(f"{round_number}\n")
        server.stdin.flush()
        pid = int(server.stdout.readline())
        try:
            # Let it acknowledge a random number of writes (none: killed while it opens and
            # recovers the WAL), then kill it a random fraction of a write later.
            target = 0 if rng.random() < 0.15 else rng.randrange(1, 70)
            wanted += target
            _wait_for_acks(journal, target, pid)
            time.sleep(rng.uniform(0, 0.008))
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        status = int(server.stdout.readline())
        assert os.WIFSIGNALED(status), f"the writer stopped by itself (status {status})"
        acked, rows = _check(db_file, journal, round_number + 1, seen)
    return acked, rows, wanted


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")
def test_sigkill_at_random_moments_loses_no_acknowledged_write(tmp_path, capsys):
    from followup_desktop.store.health import check_database
    from followup_desktop.store.open import open_store

    db_file, journal = tmp_path / "kill.sqlite3", tmp_path / "journal"
    db = open_store(db_file)
    _import(db, _base_document(), NOW)
    db.close()
    journal.touch()
    started = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, __file__, str(db_file), str(journal)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    ) as server:
        assert server.stdin is not None and server.stdout is not None
        assert server.stdout.readline().strip() == "ready"
        try:
            acked, rows, wanted = _rounds(server, db_file, journal)
        finally:
            server.stdin.close()  # the server ends once its last writer is reaped
    report = check_database(db_file)  # and the app's own way in agrees
    assert report.ok, report.message
    open_store(db_file).close()
    with capsys.disabled():
        print(
            f"\n[kill test] {KILLS} SIGKILLs survived, {acked} acknowledged writes all present, "
            f"{rows} rows, {time.perf_counter() - started:.1f} s"
        )
    assert acked >= wanted >= 1500  # thousands of writes over the run


if __name__ == "__main__":
    _serve(Path(sys.argv[1]), Path(sys.argv[2]))
