"""The SQLite store: pragmas, migrations, refusals, transactions, search, backup."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime

import pytest

from followup_desktop.core.model import (
    Communication,
    Company,
    Contact,
    Direction,
)
from followup_desktop.store import db as dbmod
from followup_desktop.store import migrations, queries, writes
from followup_desktop.store.db import StoreError, backup_to, integrity_problems, transaction
from followup_desktop.store.open import open_store
from tests.builders import NOW, add_searchable_interview


def test_open_sets_house_pragmas(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert migrations.version_of(db) == migrations.CURRENT_VERSION


def test_new_database_file_is_owner_only(db_path):
    open_store(db_path).close()
    assert oct(os.stat(db_path).st_mode & 0o777) == "0o600"


def test_foreign_keys_are_enforced(db):
    with pytest.raises(StoreError):
        writes.save_contact(db, Contact("x", "no-such-company", "X"))
    assert queries.list_contacts(db) == []


def test_transaction_is_all_or_nothing(db):
    with pytest.raises(RuntimeError), transaction(db):
        db["companies"].insert({"id": "a", "name": "A"})
        raise RuntimeError("boom")
    assert queries.list_companies(db) == []


def test_not_sqlite_file_is_refused_clearly(tmp_path):
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_text("these are my notes, not a database")
    with pytest.raises(StoreError, match="not a Follow-up Desktop database"):
        open_store(bogus)
    assert bogus.read_text() == "these are my notes, not a database"


def test_newer_major_version_is_refused_and_untouched(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 900")
    conn.execute("CREATE TABLE future (x)")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        open_store(db_path)
    assert db_path.read_bytes() == before


def test_migration_backs_up_first_and_is_atomic(db_path, monkeypatch):
    db = open_store(db_path)
    add_searchable_interview(db)
    db.close()

    def broken_step(database):
        database.conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error")

    current = migrations.CURRENT_VERSION
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (199, broken_step)])
    monkeypatch.setattr(migrations, "CURRENT_VERSION", 199)
    with pytest.raises(StoreError):
        open_store(db_path)
    backups = list((db_path.parent / "backups").glob(f"before-migration-v{current}-*.sqlite3"))
    assert len(backups) == 1
    check = sqlite3.connect(db_path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == current
    assert check.execute("SELECT name FROM sqlite_master WHERE name='half_done'").fetchone() is None
    check.close()
    restored = sqlite3.connect(backups[0])
    assert restored.execute("SELECT count(*) FROM interviews").fetchone()[0] == 1
    restored.close()


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder whose files really cannot be written, even by root (a read-only mount)."""
    import subprocess

    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], capture_output=True
        ).returncode
        == 0
    )
    if not mounted and os.geteuid() == 0:
        pytest.skip("cannot mount a read-only file system here")

    def freeze() -> None:
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            for path in folder.iterdir():
                os.chmod(path, 0o400)
            os.chmod(folder, 0o500)

    yield folder, freeze
    if mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)  # lazy: even if still open
    else:
        os.chmod(folder, 0o700)


def test_read_only_database_reports_clearly(read_only_folder):
    folder, freeze = read_only_folder
    path = folder / "followup.sqlite3"
    db = open_store(path)
    add_searchable_interview(db)
    db.close()
    freeze()
    db = open_store(path)
    assert [c.id for c in queries.list_companies(db)] == ["acme"]
    with pytest.raises(StoreError, match="read-only"):
        writes.save_contact(db, Contact("omar", "acme", "Omar"))
    assert [c.id for c in queries.list_contacts(db)] == ["dana"]
    db.close()


def test_locked_database_reports_clearly(db_path, monkeypatch):
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 100)
    db = open_store(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked by another program"):
            writes.save_contact(db, Contact("x", "acme", "X"))
    finally:
        other.execute("ROLLBACK")
        other.close()
        db.close()


def test_search_finds_notes_contacts_companies_and_log(db):
    add_searchable_interview(db)
    writes.log_communication(
        db,
        Communication(
            "m1",
            "acme-be",
            datetime(2026, 11, 30, 15, 2, tzinfo=UTC),
            Direction.RECEIVED,
            contact="dana",
            summary="Decision expected next Thursday",
        ),
        NOW,
    )
    kinds = lambda text: {h.kind for h in queries.search(db, text)}  # noqa: E731
    assert kinds("acme") >= {"company"}
    assert kinds("dana") >= {"contact"}
    assert kinds("ledger") == {"interview"}
    assert kinds("kubern") == {"interviewer_notes"}  # prefix match while typing
    assert kinds("thursday") == {"communication"}
    assert queries.search(db, '"; DROP TABLE x; --') == []  # user text is never FTS syntax
    writes.save_company(db, Company("acme", "Zenith Corp", "America/New_York", "US"), NOW)
    assert "company" not in kinds("acme")
    assert kinds("zenith") == {"company"}


def test_backup_is_a_consistent_copy(db, tmp_path):
    add_searchable_interview(db)
    dest = backup_to(db, tmp_path / "b" / "copy.sqlite3")
    copy = open_store(dest)
    assert integrity_problems(copy) == []
    assert [i.id for i in queries.list_interviews(copy)] == ["i1"]
    copy.close()
    assert oct(os.stat(dest).st_mode & 0o777) == "0o600"


def test_interview_round_trips_through_the_store(db):
    add_searchable_interview(db)
    interview = queries.get_interview(db, "i1")
    assert interview is not None
    assert interview.interviewers == ["dana"]
    assert interview.interviewer_notes == {"dana": "on-call rotation and kubernetes costs"}
    assert interview.starts_at == datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


def test_bulk_import_keeps_search_in_step_and_triggers_resume(db):
    from followup_desktop.core.interchange import parse_document
    from followup_desktop.store.transfer import import_document, known_ids
    from tests.builders import sample_document

    data = sample_document()
    data["interviews"][0]["interviewer_notes"] = {"dana": "quarterly roadmap"}
    import_document(db, parse_document(data, "f", known_ids(db)), NOW)
    kinds = lambda text: {h.kind for h in queries.search(db, text)}  # noqa: E731
    assert kinds("roadmap") == {"interviewer_notes"}
    assert kinds("ledger") == {"interview"}
    data["interviews"][0]["interviewer_notes"] = {"dana": "hiring freeze"}
    data["interviews"][0]["notes"]["topics"] = "observability"
    import_document(db, parse_document(data, "f", known_ids(db)), NOW)
    assert kinds("roadmap") == set() and kinds("ledger") == set()
    assert kinds("freeze") == {"interviewer_notes"} and kinds("observability") == {"interview"}
    assert (
        db.execute("SELECT count(*) FROM settings WHERE key = 'search_paused'").fetchone()[0] == 0
    )
    writes.save_contact(db, Contact("omar", "acme", "Omar Haddad"))  # triggers run again
    assert kinds("haddad") == {"contact"}
    docs = db.execute("SELECT count(*) FROM search_docs").fetchone()[0]
    assert docs == db.execute("SELECT count(*) FROM search").fetchone()[0]


def test_version_1_0_database_gets_the_new_search_index(db_path, monkeypatch):
    from tests.builders import old_database

    old_database(db_path, 100)
    db = open_store(db_path)
    assert migrations.version_of(db) == migrations.CURRENT_VERSION
    assert "interview" in {h.kind for h in queries.search(db, "kubern")}  # prefix, as typed
    assert {h.kind for h in queries.search(db, "ledger")} == {"interview"}
    assert list((db_path.parent / "backups").glob("before-migration-v100-*.sqlite3"))
    db.close()
