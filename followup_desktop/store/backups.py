"""Automatic online backups, their rotation, and restore (no Qt: the app's timer calls these).

Backups are consistent copies made with SQLite's backup API while the app runs, kept in the
``backups`` folder beside the database (paths.backups_dir) and named
``<reason>-<UTC YYYYmmdd-HHMMSS>[-n].sqlite3``:

- ``startup``, ``auto``: made by the app (at start-up; every 30 minutes while data changed).
  These rotate: the newest ``keep_last``, the newest of each day for ``daily_days`` days and
  the newest of each week for ``weekly_weeks`` weeks are kept (a BackupPolicy, in settings).
- ``before-<what>``: safety copies before a restore, an import or a migration. They rotate
  too, but each is kept at least ``daily_days`` days.
- anything else (``backup-...`` from File > Backup or ``followup-desktop backup``): the user's
  own; listed, never deleted.

Every new automatic backup is checked (``quick_check``) before it counts: a copy of a damaged
database is removed at once and reported, so it can never push a good backup out.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import shutil
import sqlite3
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import ClassVar

from followup_desktop.paths import backups_dir
from followup_desktop.store import migrations  # read at each call (tests patch CURRENT_VERSION)
from followup_desktop.store.db import (
    Database,
    DatabaseDamaged,
    StoreError,
    backup_to,
    db_path,
    is_read_only,
)
from followup_desktop.store.queries import get_setting
from followup_desktop.store.writes import set_setting

log = logging.getLogger(__name__)

POLICY_KEY = "backups/policy"
SUFFIX = ".sqlite3"
NAME = re.compile(r"^(?P<reason>[a-z][a-z0-9-]*?)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.sqlite3$")
ROTATED = ("startup", "auto")
SAFETY_PREFIX = "before-"
LABELS = {
    "startup": "At start-up",
    "auto": "Automatic (data changed)",
    "before-restore": "Before a restore",
    "before-import": "Before an import",
    "before-repair": "Before a repair",
    "backup": "Made by you",
}
#: A ``*.part`` older than this is a leftover of an interrupted backup and is removed.
STALE_PART_SECONDS = 3600


@dataclass(frozen=True)
class BackupPolicy:
    """How many automatic backups to keep (the numbers are settings)."""

    keep_last: int = 10
    daily_days: int = 7
    weekly_weeks: int = 4

    LIMITS: ClassVar[dict[str, tuple[int, int]]] = {
        "keep_last": (1, 100),
        "daily_days": (0, 90),
        "weekly_weeks": (0, 52),
    }

    def clamped(self) -> BackupPolicy:
        values = {}
        for key, (low, high) in self.LIMITS.items():
            value = getattr(self, key)
            values[key] = min(max(int(value), low), high)
        return BackupPolicy(**values)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    reason: str
    created: datetime  # aware UTC, from the name
    size: int

    @property
    def label(self) -> str:
        if self.reason.startswith("before-migration"):
            return "Before an upgrade"
        return LABELS.get(self.reason, self.reason.replace("-", " ").capitalize())

    @property
    def rotated(self) -> bool:
        return self.reason in ROTATED or self.reason.startswith(SAFETY_PREFIX)

    @property
    def safety(self) -> bool:
        return self.reason.startswith(SAFETY_PREFIX)


# --- policy (a typed value in the settings table) ---------------------------------------------


def load_policy(db: Database) -> BackupPolicy:
    text = get_setting(db, POLICY_KEY)
    if not text:
        return BackupPolicy()
    try:
        data = json.loads(text)
        known = {k: int(v) for k, v in data.items() if k in BackupPolicy.LIMITS}
        return BackupPolicy(**known).clamped()
    except (ValueError, TypeError, AttributeError):
        log.warning("ignoring an unreadable backup policy: %r", text)
        return BackupPolicy()


def save_policy(db: Database, policy: BackupPolicy) -> BackupPolicy:
    policy = policy.clamped()
    set_setting(db, POLICY_KEY, json.dumps(asdict(policy), sort_keys=True))
    return policy


# --- listing ------------------------------------------------------------------------------------


def folder_of(db_file: Path | str) -> Path:
    return backups_dir(Path(db_file))


def parse_name(path: Path) -> tuple[str, datetime] | None:
    match = NAME.match(path.name)
    if not match:
        return None
    stamp = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    return match["reason"], stamp


def _order(info: BackupInfo) -> tuple[datetime, int]:
    """Creation time, then the same-second counter (``-2``, ``-3``...)."""
    match = NAME.match(info.path.name)
    return info.created, int(match["n"]) if match and match["n"] else 1


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in ``folder``, newest first (files not named like a backup are ignored)."""
    found = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        parsed = parse_name(path)
        if parsed is None:
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(path, parsed[0], parsed[1], size))
    return sorted(found, key=_order, reverse=True)


def backup_problems(path: Path) -> list[str]:
    """Empty when the backup file is sound and this app can open it; else sentences."""
    try:
        conn = open_backup(path)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    problems = [r for r in rows if r != "ok"]
    if version // 100 > migrations.CURRENT_VERSION // 100:
        problems.append(f"written by a newer version of the app (schema {version // 100})")
    return problems


def open_backup(path: Path) -> sqlite3.Connection:
    """A read-only connection that never writes beside the file (no -wal, no -shm)."""
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def newest_good(folder: Path) -> BackupInfo | None:
    """The newest backup that passes ``quick_check`` (what a damaged database is replaced by)."""
    for info in list_backups(folder):
        if not backup_problems(info.path):
            return info
        log.warning("backup %s is not usable", info.path)
    return None


# --- making and rotating ----------------------------------------------------------------------


def unique_path(folder: Path, reason: str, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    path = folder / f"{reason}-{stamp}{SUFFIX}"
    number = 2
    while path.exists() or path.with_name(path.name + ".part").exists():
        path = folder / f"{reason}-{stamp}-{number}{SUFFIX}"
        number += 1
    return path


def make_backup(
    db: Database,
    reason: str,
    now: datetime,
    *,
    policy: BackupPolicy | None = None,
    prune_after: bool = True,
) -> BackupInfo:
    """Copy ``db`` into its backups folder, check the copy, then rotate. StoreError if not.

    A copy that fails ``quick_check`` means the database itself is damaged: an automatic copy
    is removed and DatabaseDamaged raised; a safety copy (``before-...``) is kept anyway, as
    the only record of the state it was made from.
    """
    source = db_path(db)
    if not source:
        raise StoreError("An in-memory database has no backups.")
    folder = folder_of(source)
    # Fold the -wal into the file first: less to lose should the -wal ever go missing (and
    # before the copy, so that the file is not newer than its newest backup).
    with contextlib.suppress(sqlite3.Error):
        db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    dest = unique_path(folder, reason, now)
    try:
        backup_to(db, dest)
    except DatabaseDamaged:
        if not reason.startswith(SAFETY_PREFIX):
            raise
        _raw_copy(Path(source), dest)  # the backup API refuses what it cannot read
    problems = backup_problems(dest)
    if problems and not reason.startswith(SAFETY_PREFIX):
        dest.unlink(missing_ok=True)
        raise DatabaseDamaged(
            f"The database {source} is damaged ({problems[0]}); the backup was not kept.",
            problems,
        )
    named = parse_name(dest)
    assert named is not None  # unique_path() gave dest a backup's name
    written = dest.stat()
    _remove_stale_parts(folder, written.st_mtime)
    info = BackupInfo(dest, reason, named[1], written.st_size)
    if prune_after:
        prune(folder, policy or load_policy(db), now)
    return info


def _raw_copy(source: Path, dest: Path) -> None:
    try:
        for suffix in ("", "-wal"):
            if Path(f"{source}{suffix}").exists():
                shutil.copyfile(f"{source}{suffix}", f"{dest}{suffix}")
                Path(f"{dest}{suffix}").chmod(0o600)
    except OSError as exc:
        raise StoreError(f"The backup {dest} cannot be written ({exc.strerror}).") from exc


def _remove_stale_parts(folder: Path, written_at: float) -> None:
    """Remove half-written copies left by a process that died: those an hour older than the
    backup just written (``written_at``, its mtime). Both times come from the file system's
    clock, so a shifted or faked process clock cannot make a fresh part look stale."""
    with contextlib.suppress(OSError):
        for part in folder.glob(f"*{SUFFIX}.part"):
            with contextlib.suppress(OSError):
                if written_at - part.stat().st_mtime > STALE_PART_SECONDS:
                    part.unlink()


def to_keep(
    backups: list[BackupInfo], policy: BackupPolicy, now: datetime, zone: tzinfo | None = None
) -> set[Path]:
    """The rotated backups the policy keeps (days and weeks counted in ``zone``, default local)."""
    policy = policy.clamped()
    rotated = sorted((b for b in backups if b.rotated), key=_order, reverse=True)
    keep = {b.path for b in rotated[: policy.keep_last]}
    days: set[date] = set()
    weeks: set[tuple[int, int]] = set()  # (ISO year, ISO week)
    day_limit = now - timedelta(days=policy.daily_days)
    week_limit = now - timedelta(weeks=policy.weekly_weeks)
    for b in rotated:  # newest first: the first seen of a day or week is its newest
        local = b.created.astimezone(zone)
        if b.safety and b.created >= day_limit:
            keep.add(b.path)
        if policy.daily_days and b.created >= day_limit and local.date() not in days:
            days.add(local.date())
            keep.add(b.path)
        week = local.isocalendar()[:2]
        if policy.weekly_weeks and b.created >= week_limit and week not in weeks:
            weeks.add(week)
            keep.add(b.path)
    return keep


def prune(
    folder: Path, policy: BackupPolicy, now: datetime, zone: tzinfo | None = None
) -> list[Path]:
    """Delete the rotated backups the policy no longer keeps; the paths deleted."""
    backups = list_backups(folder)
    keep = to_keep(backups, policy, now, zone)
    gone = []
    for b in backups:
        if b.rotated and b.path not in keep:
            try:
                b.path.unlink()
                Path(f"{b.path}-wal").unlink(missing_ok=True)
                gone.append(b.path)
            except OSError as exc:
                log.warning("could not remove old backup %s: %s", b.path, exc)
    return gone


def changed_since_newest(db_file: Path) -> bool:
    """True when the database (or its -wal) was written after the newest backup was made."""
    backups = list_backups(folder_of(db_file))
    if not backups:
        return True
    try:
        newest = backups[0].path.stat().st_mtime
        written = max(
            Path(f"{db_file}{suffix}").stat().st_mtime
            for suffix in ("", "-wal")
            if Path(f"{db_file}{suffix}").exists()
        )
    except (OSError, ValueError):
        return True
    return written > newest


def change_marker(db: Database) -> tuple[int, int]:
    """Changes by this connection and by others: differs once anything was written."""
    data_version = int(db.execute("PRAGMA data_version").fetchone()[0])
    return db.conn.total_changes, data_version


def backup_before(db: Database, what: str, now: datetime) -> BackupInfo | None:
    """The safety copy before a bulk change (``what``: "import", "repair", ...); None in memory."""
    if not db_path(db):
        return None
    return make_backup(db, f"{SAFETY_PREFIX}{what}", now)


# --- restore ------------------------------------------------------------------------------------


def restore(db: Database, backup: Path, now: datetime) -> BackupInfo:
    """Replace the contents of ``db`` with ``backup``; returns the safety copy made first.

    The copy goes into the open connection with the backup API (one write transaction), so
    every window and view keeps working on the same file. An older backup is then migrated.
    """
    problems = backup_problems(backup)
    if problems:
        raise StoreError(f"The backup {backup.name} cannot be restored ({problems[0]}).")
    if is_read_only(db):
        raise StoreError(f"The database {db_path(db)} is read-only; it cannot be restored.")
    safety = make_backup(db, f"{SAFETY_PREFIX}restore", now, prune_after=False)
    source = open_backup(backup)
    try:
        source.backup(db.conn)
    except sqlite3.Error as exc:
        raise StoreError(
            f"Restoring {backup.name} failed ({exc}); your data is unchanged "
            f"and was also saved as {safety.path.name}."
        ) from exc
    finally:
        source.close()
    if migrations.version_of(db) < migrations.CURRENT_VERSION:
        migrations.migrate(db)
    prune(safety.path.parent, load_policy(db), now)
    return safety
