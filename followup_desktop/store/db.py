"""Opening the one SQLite file safely: WAL, synchronous=FULL, foreign keys, clear errors.

Every user action is one transaction: wrap writes in ``with transaction(db):`` (sqlite-utils'
``atomic()``, which nests as savepoints). ``db.execute`` alone autocommits each statement.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

BUSY_TIMEOUT_MS = 3000
SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(Exception):
    """A problem with the database file the user can act on; ``str()`` is one clear sentence."""


def _check_file(path: Path) -> None:
    if not path.exists():
        return
    if path.is_dir():
        raise StoreError(f"The database path {path} is a folder, not a file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError as exc:
        raise StoreError(f"The database file {path} cannot be read (permission denied).") from exc
    if header and header != SQLITE_HEADER:
        raise StoreError(f"The file {path} is not a Follow-up Desktop database (not SQLite).")


def _translate(exc: sqlite3.Error, path: Path | str) -> StoreError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError(
            f"The database {path} is locked by another program; close it and try again."
        )
    if "readonly" in text or "read-only" in text or "read only" in text:
        return StoreError(f"The database {path} is read-only; changes cannot be saved.")
    if "not a database" in text or "malformed" in text:
        return StoreError(f"The database {path} is damaged ({exc}).")
    if "disk is full" in text or "database or disk is full" in text:
        return StoreError(f"The disk holding {path} is full; free some space and try again.")
    if "unable to open" in text:
        return StoreError(f"The database {path} cannot be opened (check the folder exists).")
    return StoreError(f"Database error in {path}: {exc}.")


def connect(path: Path | str) -> Database:
    """Open (creating if needed) the database at ``path`` with the house pragmas.

    ``":memory:"`` gives a private in-memory database (tests, benchmarks).
    """
    if str(path) == ":memory:":
        db = Database(memory=True, execute_plugins=False)
    else:
        path = Path(path)
        _check_file(path)
        new = not path.exists()
        if new:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = _connect_file(path)
        except sqlite3.Error as exc:
            raise _translate(exc, path) from exc
        db = Database(conn, execute_plugins=False)
        if new:
            with contextlib.suppress(OSError):
                os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        db.close()
        raise _translate(exc, path) from exc
    return db


def _connect_file(path: Path) -> sqlite3.Connection:
    """Open read-write, or read-only when the file or its folder cannot be written.

    A WAL database on read-only media has no -shm file to share; SQLite can still read it as
    ``immutable`` (nobody can change it there anyway).
    """
    timeout = BUSY_TIMEOUT_MS / 1000
    if not path.exists() or _writable(path):
        return sqlite3.connect(str(path), timeout=timeout)
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=timeout)


def enable_wal(db: Database) -> None:
    """Write-ahead logging: readers never block the writer, and a crash keeps committed data.

    Separate from :func:`connect` because switching modes rewrites the file header, and a file
    we refuse (newer version) or only check must stay byte-for-byte untouched.
    """
    path = db_path(db)
    if path and _writable(Path(path)):
        try:
            db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error as exc:
            raise _translate(exc, path) from exc


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def is_read_only(db: Database) -> bool:
    """True when this connection cannot write (file or folder read-only)."""
    row = db.execute("PRAGMA database_list").fetchone()
    filename = row[2] if row else ""
    return bool(filename) and not _writable(Path(filename))


@contextlib.contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One user action: all of it commits, or none of it does. Errors become StoreError."""
    try:
        with db.atomic():
            yield db
    except sqlite3.Error as exc:
        raise _translate(exc, db_path(db) or "(memory)") from exc


def db_path(db: Database) -> str | None:
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] or None if row else None


def backup_to(db: Database, dest: Path) -> Path:
    """A consistent online copy (SQLite backup API) of ``db`` at ``dest`` (owner-only)."""
    dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = dest.with_name(dest.name + ".part")
    target = sqlite3.connect(str(tmp))
    try:
        db.conn.backup(target)
    finally:
        target.close()
    with contextlib.suppress(OSError):
        os.chmod(tmp, stat.S_IRUSR | stat.S_IWUSR)
    os.replace(tmp, dest)
    return dest


def backup_name(prefix: str = "backup", now: datetime | None = None) -> str:
    moment = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return f"{prefix}-{moment}.sqlite3"


def integrity_problems(db: Database, quick: bool = False) -> list[str]:
    """Empty when the file is sound, else SQLite's own findings."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        rows = [r[0] for r in db.execute(f"PRAGMA {pragma}").fetchall()]
        rows += [
            f"foreign key: {r[0]} row {r[1]} -> {r[2]}"
            for r in db.execute("PRAGMA foreign_key_check").fetchall()
        ]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [r for r in rows if r != "ok"]
