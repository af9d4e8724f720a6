"""Opening the one SQLite file safely: WAL, synchronous=FULL, foreign keys, clear errors.

Every user action is one transaction: wrap writes in ``with transaction(db):`` (``atomic()``,
which nests as savepoints). ``db.execute`` alone autocommits each statement.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
import stat
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 3000
SQLITE_HEADER = b"SQLite format 3\x00"


#: Savepoint names: unique within the process, so nested ones on one connection never clash.
_SAVEPOINTS = itertools.count(1)


class Database:
    """The app's handle on its SQLite file: a connection in SQLite's own autocommit mode, with
    sqlite-utils (table upserts and inserts) behind it, built the first time it is needed.

    Reads, ``execute``, ``atomic`` and ``close`` are plain ``sqlite3``: importing sqlite-utils
    costs ~90 ms, a third of the budget of the first window, which only reads. Anything else
    (``db["table"].upsert(...)``, ``db.table_names()``) goes to the sqlite-utils ``Database``
    on the same connection, so both see the same transaction.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        conn.isolation_level = None  # BEGIN only where atomic() says so: no implicit ones
        self.conn = conn
        self._utils: sqlite_utils.Database | None = None

    def execute(
        self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None
    ) -> sqlite3.Cursor:
        """One statement; outside ``atomic()`` it commits on its own."""
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)

    def change_count(self) -> int:
        """Rows this connection has changed since it opened: a cheap "was anything written
        since I last looked?" for screens that keep lists read earlier."""
        return self.conn.total_changes

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        """All of the block commits or none of it; a nested block is a savepoint."""
        conn = self.conn
        if conn.in_transaction:
            savepoint = f"fd_{next(_SAVEPOINTS)}"
            conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException:
                if conn.in_transaction:  # a RAISE(ROLLBACK) may have ended it already
                    conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.conn.close()

    @property
    def utils(self) -> sqlite_utils.Database:
        """The sqlite-utils ``Database`` on this connection (imported on first use)."""
        if self._utils is None:
            # lazy: ~40 ms of agenda, export, draft, backup and check, ~48 ms of the first
            # window (bench_lazy_imports, --cli)
            from sqlite_utils import Database as UtilsDatabase

            utils = UtilsDatabase(self.conn, execute_plugins=False, recursive_triggers=False)
            _no_upsert_probe(utils)
            self._utils = utils
        return self._utils

    def __getitem__(self, table: str) -> sqlite_utils.db.Table:
        return self.utils.table(table)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.utils, name)


class StoreError(Exception):
    """A problem with the database file the user can act on; ``str()`` is one clear sentence."""


class DatabaseDamaged(StoreError):
    """SQLite found the file damaged (malformed, not a database); ``problems``: its findings."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])


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
        if header_state(path) == "damaged":
            problem = "its header is overwritten"
            raise DatabaseDamaged(f"The database {path} is damaged ({problem}).", [problem])
        raise StoreError(f"The file {path} is not a Follow-up Desktop database (not SQLite).")


PAGE_SIZES = (4096, 1024, 2048, 8192, 16384, 32768, 65536, 512)
BTREE_FLAGS = {2, 5, 10, 13}


def header_state(path: Path) -> str:
    """ "sqlite", "empty", "damaged" (a SQLite database whose header was overwritten: its
    pages still look like SQLite's) or "foreign" (something else: never ours to rename)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError:
        return "sqlite"  # let connect() say what is wrong (a folder, permission denied)
    if not head:
        return "empty"
    if head == SQLITE_HEADER:
        return "sqlite"
    return "damaged" if guess_page_size(path) else "foreign"


def guess_page_size(path: Path) -> int | None:
    """The page size whose page starts look like SQLite b-tree pages, if any does."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            data = handle.read(min(size, 65536 * 65))
    except OSError:
        return None
    if size < 1024:
        return None
    for page_size in PAGE_SIZES:
        if size % page_size or data[100] not in (5, 13):
            continue
        pages = [data[i : i + page_size] for i in range(page_size, len(data), page_size)][:64]
        sane = sum(1 for page in pages if _looks_like_btree(page, page_size))
        if pages and sane * 2 >= len(pages):
            return page_size
    return None


def _looks_like_btree(page: bytes, page_size: int) -> bool:
    if len(page) < 12 or page[0] not in BTREE_FLAGS:
        return False
    header = 12 if page[0] in (2, 5) else 8
    cells = int.from_bytes(page[3:5], "big")
    start = int.from_bytes(page[5:7], "big") or 65536
    return header + 2 * cells <= page_size and (cells == 0 or header + 2 * cells <= start)


def _translate(exc: sqlite3.Error, path: Path | str) -> StoreError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError(
            f"The database {path} is locked by another program; close it and try again."
        )
    if "readonly" in text or "read-only" in text or "read only" in text:
        return StoreError(f"The database {path} is read-only; changes cannot be saved.")
    if "not a database" in text or "malformed" in text:
        return DatabaseDamaged(f"The database {path} is damaged ({exc}).", [str(exc)])
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
        db = Database(sqlite3.connect(":memory:"))
    else:
        path = Path(path)
        _check_file(path)
        if not path.exists():
            create_private(path)
        try:
            conn = _connect_file(path)
        except sqlite3.Error as exc:
            raise _translate(exc, path) from exc
        db = Database(conn)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils sets it
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA cache_size = -32768")  # 32 MiB: a 10k-application agenda stays hot
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        db.close()
        raise _translate(exc, path) from exc
    return db


def _no_upsert_probe(db: sqlite_utils.Database) -> None:
    """Tell sqlite-utils that ``INSERT ... ON CONFLICT`` works (SQLite >= 3.24, 2018).

    Otherwise sqlite-utils finds out by writing a scratch table on the first upsert; when the
    file is locked, read-only or full at that moment, it remembers "unsupported" for the life of
    the connection and falls back to ``INSERT OR IGNORE`` + ``UPDATE``, which silently skips new
    rows of tables with NOT NULL columns: saves that report success and store nothing.
    """
    if sqlite3.sqlite_version_info >= (3, 24, 0):
        db._supports_on_conflict = True  # sqlite-utils' own (private) cache of the probe


def create_private(path: Path) -> None:
    """Create the (empty) database file owner-only before SQLite opens it: no moment where it is
    readable by others. SQLite gives its -wal and -shm files the same permissions."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        return
    except OSError as exc:
        raise StoreError(
            f"The database {path} cannot be created ({exc.strerror or exc}); "
            "check the folder exists and can be written."
        ) from exc


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
    except OverflowError as exc:  # raised by the driver while binding, after the rollback
        raise StoreError(
            "A number is too large to be stored (more than 19 digits); nothing was saved."
        ) from exc
    except UnicodeEncodeError as exc:
        raise StoreError(
            "Some text is not valid Unicode (it holds a lone surrogate such as \\ud800); "
            "nothing was saved."
        ) from exc


def db_path(db: Database) -> str | None:
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] or None if row else None


def backup_to(db: Database, dest: Path) -> Path:
    """A consistent online copy (SQLite backup API) of ``db`` at ``dest`` (owner-only).

    The copy is written beside ``dest`` as ``*.part``, made a self-contained single file
    (rollback journal, no -wal needed), synced, then renamed: ``dest`` is whole or absent.
    """
    tmp = dest.with_name(dest.name + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
        os.close(fd)
        target = sqlite3.connect(str(tmp))
        try:
            db.conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        os.replace(tmp, dest)
        _sync_folder(dest.parent)
    except sqlite3.Error as exc:
        _remove_partial(tmp)
        raise _translate(exc, dest) from exc
    except OSError as exc:
        _remove_partial(tmp)
        raise StoreError(f"The backup {dest} cannot be written ({exc.strerror or exc}).") from exc
    return dest


def _remove_partial(tmp: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{tmp}{suffix}").unlink()


def _sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def backup_name(prefix: str = "backup", *, now: datetime) -> str:
    """``prefix-YYYYmmdd-HHMMSS.sqlite3``, stamped with ``now`` (as given: the caller's zone)."""
    moment = now.strftime("%Y%m%d-%H%M%S")
    return f"{prefix}-{moment}.sqlite3"


def integrity_problems(db: Database, quick: bool = False) -> list[str]:
    """Empty when the file is sound, else SQLite's own findings.

    ``quick`` (every start-up) runs only ``quick_check``; the full check adds the foreign-key
    scan, which costs as much again on a large file.
    """
    pragma = "quick_check" if quick else "integrity_check"
    try:
        rows = [r[0] for r in db.execute(f"PRAGMA {pragma}").fetchall()]
        if not quick:
            rows += [
                f"foreign key: {r[0]} row {r[1]} -> {r[2]}"
                for r in db.execute("PRAGMA foreign_key_check").fetchall()
            ]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [r for r in rows if r != "ok"]
