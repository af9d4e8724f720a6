"""store.db.Database: plain sqlite3 for reads and transactions, sqlite-utils only when asked."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop.store.db import Database, StoreError, connect, transaction

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def db():
    handle = connect(":memory:")
    handle.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
    yield handle
    handle.close()


def values(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT v FROM t ORDER BY id")]


def test_execute_alone_commits_at_once(tmp_path):
    path = tmp_path / "a.sqlite3"
    first = connect(path)
    first.execute("CREATE TABLE t (v TEXT)")
    first.execute("INSERT INTO t VALUES (?)", ["kept"])
    other = sqlite3.connect(path)  # another connection sees it: nothing left uncommitted
    assert other.execute("SELECT v FROM t").fetchall() == [("kept",)]
    assert not first.conn.in_transaction
    other.close()
    first.close()


def test_atomic_commits_all_or_nothing(db):
    with db.atomic():
        db.execute("INSERT INTO t (v) VALUES ('a')")
        db.execute("INSERT INTO t (v) VALUES ('b')")
    with pytest.raises(ZeroDivisionError), db.atomic():
        db.execute("INSERT INTO t (v) VALUES ('c')")
        raise ZeroDivisionError
    assert values(db) == ["a", "b"]
    assert not db.conn.in_transaction


def test_nested_atomic_is_a_savepoint(db):
    with db.atomic():
        db.execute("INSERT INTO t (v) VALUES ('outer')")
        with pytest.raises(sqlite3.IntegrityError), db.atomic():
            db.execute("INSERT INTO t (v) VALUES ('inner')")
            db.execute("INSERT INTO t (v) VALUES (NULL)")  # NOT NULL: the savepoint rolls back
        assert db.conn.in_transaction
    assert values(db) == ["outer"]


def test_transaction_turns_sqlite_errors_into_one_sentence(db):
    with pytest.raises(StoreError), transaction(db):
        db.execute("INSERT INTO t (v) VALUES ('x')")
        db.execute("INSERT INTO nowhere VALUES (1)")
    assert values(db) == []


def test_table_operations_go_to_sqlite_utils_on_the_same_transaction(db):
    with pytest.raises(RuntimeError), db.atomic():
        db["t"].upsert({"id": 1, "v": "upserted"}, pk="id")
        assert values(db) == ["upserted"]  # same connection, same transaction
        raise RuntimeError
    assert values(db) == []
    db["t"].insert_all([{"id": 2, "v": "two"}, {"id": 3, "v": "three"}])
    assert values(db) == ["two", "three"]
    assert "t" in db.table_names()


def test_upsert_of_a_new_row_is_stored_when_the_file_is_locked_at_first(tmp_path):
    """The upsert probe is skipped: a first upsert never falls back to INSERT OR IGNORE."""
    handle = connect(tmp_path / "b.sqlite3")
    handle.execute("CREATE TABLE t (id TEXT PRIMARY KEY, v TEXT NOT NULL)")
    assert handle.utils._supports_on_conflict is True
    handle["t"].upsert({"id": "x", "v": "stored"}, pk="id")
    assert values(handle) == ["stored"]
    handle.close()


def test_reading_does_not_import_sqlite_utils(tmp_path):
    """The first window only reads: sqlite-utils (~90 ms) is imported on the first write."""
    path = tmp_path / "c.sqlite3"
    code = (
        "import sys\n"
        "from followup_desktop.store.open import open_store\n"
        "from followup_desktop.store import queries\n"
        f"db = open_store({str(path)!r})\n"
        "queries.get_profile(db)\n"
        "print('sqlite_utils' in sys.modules)\n"
        "from followup_desktop.store import writes\n"
        "writes.set_setting(db, 'k', 'v')\n"
        "print('sqlite_utils' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]
