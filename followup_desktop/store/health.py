"""Is the database file sound, and what to do when it is not (no Qt: the app asks the user).

- :func:`check_database`: SQLite's own check (``quick_check`` at start-up, the full
  ``integrity_check`` for ``followup-desktop check``) as a HealthReport; never changes the file.
- :func:`quarantine`: a damaged file is renamed ``<name>.corrupt-<UTC stamp>`` (never deleted;
  its -wal and -shm move with it) and every row that can still be read is written beside it
  as ``<that name>.salvage.json``: an interchange v1 document (File > Import reads it) with
  the raw rows of every table under ``"salvage"``.
- :func:`open_or_recover`: the start-up path. A damaged file is reported to ``ask`` (the
  app's dialog) with the newest good backup; the answer restores that backup or starts empty.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop.store.db import (
    Database,
    StoreError,
    connect,
    create_private,
    header_state,
    integrity_problems,
)
from followup_desktop.store.open import open_store

if TYPE_CHECKING:
    from followup_desktop.store import backups
    from followup_desktop.store.salvage import Salvage

log = logging.getLogger(__name__)


class Status(StrEnum):
    OK = "ok"
    MISSING = "missing"  # no file yet: a new database will be made
    DAMAGED = "damaged"  # SQLite finds damage: recover from a backup
    FOREIGN = "foreign"  # not a SQLite database at all: refused, never touched
    INCONSISTENT = "inconsistent"  # sound file, broken references between rows
    UNREADABLE = "unreadable"  # locked, permission denied, a folder...


@dataclass(frozen=True)
class HealthReport:
    path: Path
    status: Status
    message: str  # one sentence for the user
    problems: tuple[str, ...] = ()
    version: int | None = None

    @property
    def ok(self) -> bool:
        return self.status in (Status.OK, Status.MISSING)

    @property
    def damaged(self) -> bool:
        return self.status == Status.DAMAGED


def check_database(path: Path | str, *, quick: bool = False) -> HealthReport:
    """SQLite's verdict on ``path`` (``integrity_check``, or ``quick_check`` when ``quick``)."""
    path = Path(path)
    if not path.exists():
        return HealthReport(path, Status.MISSING, f"{path}: no database yet (nothing to check).")
    header = header_state(path)
    if header == "empty" and _has_backups(path):
        return _damaged(path, ["the file is empty although backups of it exist"])
    if header == "damaged":
        problem = "the file header is damaged"
        return _damaged(path, [problem])
    if header == "foreign":
        return HealthReport(
            path,
            Status.FOREIGN,
            f"The file {path} is not a Follow-up Desktop database (not SQLite).",
        )
    try:
        db = connect(path)
    except StoreError as exc:
        problems = getattr(exc, "problems", None)
        if problems is not None:
            return _damaged(path, problems)
        return HealthReport(path, Status.UNREADABLE, str(exc))
    try:
        problems = integrity_problems(db, quick=quick)
        try:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError:
            version = None
    finally:
        db.close()
    damage = [p for p in problems if not p.startswith("foreign key:")]
    if damage:
        if any("locked" in p or "busy" in p for p in damage):
            return HealthReport(
                path,
                Status.UNREADABLE,
                f"The database {path} is locked by another program; close it and try again.",
                tuple(damage),
            )
        return _damaged(path, damage, version)
    if problems:
        return HealthReport(
            path,
            Status.INCONSISTENT,
            f"{path} has {len(problems)} broken reference(s) between records "
            f"({problems[0]}); export it and import it into a new database to repair.",
            tuple(problems),
            version,
        )
    return HealthReport(path, Status.OK, f"{path}: ok", (), version)


def _has_backups(path: Path) -> bool:
    # lazy: an empty file only, ~8 ms of the first window, ~10 ms of `check`
    # (bench_lazy_imports, --cli)
    from followup_desktop.store import backups

    return bool(backups.list_backups(backups.folder_of(path)))


def _damaged(path: Path, problems: list[str], version: int | None = None) -> HealthReport:
    shown = "; ".join(p.rstrip(".") for p in problems[:3])
    return HealthReport(
        path,
        Status.DAMAGED,
        f"{path} is damaged ({shown}); open the app to restore the newest good backup.",
        tuple(problems),
        version,
    )


# --- the file header ----------------------------------------------------------------------------


# --- quarantine and salvage ---------------------------------------------------------------------


@dataclass(frozen=True)
class Quarantined:
    moved_to: Path
    salvage_file: Path | None
    salvage: Salvage


def quarantine(path: Path, now: datetime) -> Quarantined:
    """Rename the damaged ``path`` aside (with its -wal/-shm) and salvage its rows beside it."""
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    moved = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 2
    while moved.exists():
        moved = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
        number += 1
    done = []
    try:
        for suffix in ("-wal", "-shm", ""):  # the main file last: never a new file + old -wal
            if Path(f"{path}{suffix}").exists():
                os.replace(f"{path}{suffix}", f"{moved}{suffix}")
                done.append(suffix)
    except OSError as exc:
        for suffix in done:  # put back what moved: the file stays as it was found
            os.replace(f"{moved}{suffix}", f"{path}{suffix}")
        raise StoreError(
            f"The damaged database {path} cannot be moved aside ({exc.strerror}); "
            "check the folder can be written."
        ) from exc
    # lazy: recovery only, ~3 ms of the first window and ~5 ms of `check` not paid at every
    # start (bench_lazy_imports, --cli)
    from followup_desktop.store.salvage import salvage, salvage_document

    found = salvage(moved)
    target = moved.with_name(moved.name + ".salvage.json")
    salvage_file: Path | None = target
    try:
        # lazy: recovery only, ~4 ms of `check` and ~10 ms of a second launch not paid at every
        # start (bench_lazy_imports --cli, --after second)
        from followup_desktop.store.exports import write_private

        text = json.dumps(salvage_document(found, moved, now), ensure_ascii=False, indent=1)
        write_private(target, text.encode("utf-8"))
    except Exception:  # the rename is what matters; a salvage that fails is logged
        log.exception("writing the salvage file %s failed", target)
        salvage_file = None
    return Quarantined(moved, salvage_file, found)


class Recovery(StrEnum):
    BACKUP = "backup"  # restore the newest good backup
    EMPTY = "empty"  # start with an empty database


#: The question to the user: (what is wrong, the newest good backup) -> choice, None to quit.
Ask = Callable[[HealthReport, "backups.BackupInfo | None"], Recovery | None]


@dataclass(frozen=True)
class Opened:
    db: Database
    notice: str | None = None  # what the recovery did, one sentence for the window


def recover(
    path: Path, backup: backups.BackupInfo | None, now: datetime
) -> tuple[Quarantined, str]:
    """Move the damaged file aside, then put ``backup`` (or nothing) in its place."""
    moved = quarantine(path, now)
    if backup is not None:
        _copy_backup(backup.path, path)
    rows = moved.salvage.rows
    saved = (
        f"the {rows} row{'s' if rows != 1 else ''} that could still be read from it are in "
        f"{moved.salvage_file.name}"
        if moved.salvage_file and rows
        else "no row could be read from it"
    )
    kept = f"the damaged file was kept as {moved.moved_to.name}, and {saved}"
    if backup is not None:
        when = backup.created.astimezone().strftime("%a %d %b %Y %H:%M")
        hint = " (File > Import brings back what changed after the backup)" if rows else ""
        return moved, f"Your data was restored from the backup of {when}; {kept}{hint}."
    hint = " (File > Import reads it)" if rows else ""
    return moved, f"You start with an empty database; {kept}{hint}."


def _copy_backup(source: Path, dest: Path) -> None:
    create_private(dest)
    from followup_desktop.store import backups  # lazy: recovery only, see _has_backups

    conn = backups.open_backup(source)
    target = sqlite3.connect(str(dest))
    try:
        conn.backup(target)
    except sqlite3.Error as exc:
        raise StoreError(f"The backup {source.name} cannot be copied back ({exc}).") from exc
    finally:
        target.close()
        conn.close()


def open_or_recover(path: Path, ask: Ask, now: datetime) -> Opened | None:
    """Check ``path`` (quick_check), recover it if damaged, open it. None: the user quit."""
    report = check_database(path, quick=True)
    if not report.damaged:
        return Opened(open_store(path, verify=report.status != Status.OK))
    log.error("damaged database %s: %s", path, "; ".join(report.problems))
    from followup_desktop.store import backups  # lazy: recovery only, see _has_backups

    good = backups.newest_good(backups.folder_of(path))
    choice = ask(report, good)
    if choice is None:
        return None
    _, notice = recover(path, good if choice == Recovery.BACKUP else None, now)
    return Opened(open_store(path), notice)
