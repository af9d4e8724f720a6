"""Every schema version the app ever had, stored under tests/fixtures/, opens with today's code:
it migrates to the current version, backs up first, and loses no row (tests/fixtures/README.md
says how to add the next version's file)."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from followup_desktop.store import backups, migrations, queries
from followup_desktop.store.health import check_database
from followup_desktop.store.open import open_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
STORED = sorted(FIXTURES.glob("db-v*.sqlite3"), key=lambda p: int(p.stem.split("v")[1]))


def _ids(conn: sqlite3.Connection, tables) -> dict[str, list[str]]:
    return {t: sorted(r[0] for r in conn.execute(f"SELECT id FROM {t}")) for t in tables}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_schema_version_has_a_fixture():
    versions = [version for version, _ in migrations.MIGRATIONS]
    stored = [int(p.stem.split("v")[1]) for p in STORED]
    missing = sorted(set(versions) - set(stored))
    assert not missing, (
        f"no fixture for schema {missing}: run `python tests/fixtures/make_fixture_db.py` "
        "(tests/fixtures/README.md)"
    )
    for path in STORED:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == int(path.stem.split("v")[1])
        conn.close()


@pytest.mark.parametrize("fixture", STORED, ids=lambda p: p.stem)
def test_stored_database_opens_migrates_and_loses_nothing(fixture, tmp_path):
    expected = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    digest = _digest(fixture)
    path = tmp_path / "followup.sqlite3"
    shutil.copyfile(fixture, path)
    assert check_database(path).ok

    db = open_store(path)
    assert migrations.version_of(db) == migrations.CURRENT_VERSION
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert _ids(db.conn, expected["ids"]) == expected["ids"]  # no row lost
    keys = {r[0] for r in db.execute("SELECT key FROM settings")}
    assert set(expected["settings"]) <= keys
    assert queries.get_setting(db, "fixture/text") == "Zürich · 東京 · Łódź · emoji 🎉"
    assert {h.kind for h in queries.search(db, "acme")}  # the search index came along
    assert queries.agenda(db, include_all=True)  # the plans read back
    db.close()

    made = backups.list_backups(path.parent / "backups")
    if expected["schema"] < migrations.CURRENT_VERSION:
        assert [b.reason for b in made] == [f"before-migration-v{expected['schema']}"]
        copy = sqlite3.connect(made[0].path)
        assert copy.execute("PRAGMA user_version").fetchone()[0] == expected["schema"]
        assert _ids(copy, expected["ids"]) == expected["ids"]  # the backup is the old file
        copy.close()
    else:
        assert made == []  # nothing to migrate, nothing backed up
    assert _digest(fixture) == digest  # the stored file itself is never touched


@pytest.mark.parametrize("fixture", STORED, ids=lambda p: p.stem)
def test_stored_database_takes_the_next_migration_too(fixture, tmp_path, monkeypatch):
    """A stand-in for the next schema step: every stored version still gets there."""
    expected = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))

    def next_step(db):
        db.conn.execute("ALTER TABLE companies ADD COLUMN website TEXT")

    later = migrations.CURRENT_VERSION + 1
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (later, next_step)])
    monkeypatch.setattr(migrations, "CURRENT_VERSION", later)
    path = tmp_path / "followup.sqlite3"
    shutil.copyfile(fixture, path)
    db = open_store(path)
    assert migrations.version_of(db) == later
    assert _ids(db.conn, expected["ids"]) == expected["ids"]
    db.close()
    made = backups.list_backups(path.parent / "backups")
    assert [b.reason for b in made] == [f"before-migration-v{expected['schema']}"]


def test_schema_1_5_adds_mail_in_to_a_1_4_file(tmp_path):
    """Mail in (issue 17): the accounts, folder state, seen messages and review list are new
    and empty; every company gets mail domains "" (its contacts' domains count), and the
    search reads as before."""
    from followup_desktop.store.mail_apply import load_index

    path = tmp_path / "followup.sqlite3"
    shutil.copyfile(FIXTURES / "db-v104.sqlite3", path)
    db = open_store(path)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"mail_accounts", "mail_folder_state", "mail_seen", "mail_review"} <= tables
    for table in ("mail_accounts", "mail_folder_state", "mail_seen", "mail_review"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert {r[0] for r in db.execute("SELECT mail_domains FROM companies")} == {""}
    companies = queries.list_companies(db)
    assert companies and all(c.mail_domains == () for c in companies)
    index = load_index(db)
    assert index.contacts and index.domains  # derived from the demo contacts' addresses
    assert not set(index.domains) & {"gmail.com", "outlook.com"}
    db.close()


def test_schema_1_6_adds_the_outbox_to_a_1_5_file(tmp_path):
    """The outbox (issue 18): a new, empty outbox table with its due index, and every mail
    account gets Reply-To NULL (read back as None)."""
    from followup_desktop.core.mail_account import MailAccount
    from followup_desktop.store import mail_accounts, outbox

    path = tmp_path / "followup.sqlite3"
    shutil.copyfile(FIXTURES / "db-v105.sqlite3", path)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO mail_accounts (name, user, smtp_host, from_addr) "
        "VALUES ('Work', 'me@work.example', 'smtp.work.example', 'me@work.example')"
    )
    conn.commit()
    conn.close()
    db = open_store(path)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "outbox" in tables
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "outbox_due" in indexes
    assert outbox.list_items(db) == []
    [account] = mail_accounts.list_accounts(db)
    assert account == MailAccount(
        "Work", "me@work.example", smtp_host="smtp.work.example", from_addr="me@work.example"
    )
    assert account.reply_to is None
    db.close()
