"""The one way to open the app's database: connect, check, then migrate (backing up first).

Also says when the file sits somewhere a database is not safe: inside a folder a sync service
copies while the app writes (Dropbox, OneDrive, ...), or on a network share where SQLite's file
locks cannot be trusted. That is a warning, never a refusal.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from followup_desktop.paths import backups_dir
from followup_desktop.store.db import (
    Database,
    DatabaseDamaged,
    StoreError,
    connect,
    enable_wal,
    integrity_problems,
    is_read_only,
)
from followup_desktop.store.migrations import CURRENT_VERSION, migrate, version_of


def open_store(path: Path | str, *, migrate_schema: bool = True, verify: bool = True) -> Database:
    """Open ``path`` ready for use; StoreError (one clear sentence) when it cannot be.

    ``verify`` runs ``PRAGMA quick_check`` first: a damaged file raises DatabaseDamaged
    (store/health.py knows how to recover) instead of failing later in the middle of an action.
    Commands that only read can skip it (it reads the whole file: ~0.2 s at 10,000
    applications); a damaged page they touch still fails as DatabaseDamaged.
    """
    if _emptied(Path(path)):
        raise DatabaseDamaged(
            f"The database {path} is damaged (it is empty, yet backups of it exist).",
            ["the file is empty although backups of it exist"],
        )
    db = connect(path)
    try:
        if verify:
            problems = [p for p in integrity_problems(db, quick=True) if _is_damage(p)]
            if problems:
                raise DatabaseDamaged(
                    f"The database {path} is damaged ({problems[0].rstrip('.')}).", problems
                )
        if version_of(db) < CURRENT_VERSION and is_read_only(db):
            raise StoreError(
                f"The database {path} is read-only and needs an upgrade it cannot get."
            )
        if version_of(db) // 100 <= CURRENT_VERSION // 100:
            enable_wal(db)
        if migrate_schema:
            migrate(db)
    except Exception:
        db.close()
        raise
    return db


def _emptied(path: Path) -> bool:
    """An empty file where a database with backups was: a sync tool or a crash emptied it."""
    if str(path) == ":memory:" or not path.is_file() or path.stat().st_size:
        return False
    # lazy: an empty file only, ~8 ms of the first window, ~10-15 ms of agenda, backup, check
    # and `export` .csv/.ics (bench_lazy_imports, --cli)
    from followup_desktop.store.backups import list_backups

    return bool(list_backups(backups_dir(path)))


def _is_damage(problem: str) -> bool:
    """Foreign-key findings are inconsistencies in the data, not damage to the file."""
    return not problem.startswith("foreign key:")


# --- where the file lives -------------------------------------------------------------------

#: Folder names (case-insensitive, also as a prefix: "OneDrive - Contoso", "Dropbox (Team)")
#: of sync services, and the name to show.
SYNC_FOLDERS = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "pcloud drive": "pCloud",
    "megasync": "MEGA",
    "box sync": "Box",
    "seafile": "Seafile",
    "synologydrive": "Synology Drive",
    "resilio sync": "Resilio Sync",
}
#: Files or folders a sync client leaves at the top of the folder it syncs.
SYNC_MARKERS = {
    ".dropbox": "Dropbox",
    ".dropbox.cache": "Dropbox",
    ".stfolder": "Syncthing",
    ".sync": "Resilio Sync",
    ".nextcloudsync.log": "Nextcloud",
    ".owncloudsync.log": "ownCloud",
}
#: Linux file-system types that live on another machine.
NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "ncpfs",
    "afs",
    "ceph",
    "glusterfs",
    "lustre",
    "gpfs",
    "9p",
    "sshfs",
    "fuse.sshfs",
    "fuse.rclone",
    "fuse.s3fs",
    "fuse.gcsfuse",
    "fuse.gvfsd-fuse",
    "davfs",
    "fuse.davfs2",
}


def location_warning(path: Path | str, mounts: str | None = None) -> str | None:
    """One sentence when ``path`` is in a sync folder or on a network share, else None.

    ``mounts`` is the text of /proc/self/mounts (read when None; tests pass their own).
    """
    path = Path(path).expanduser().absolute()
    service = _sync_service(path)
    if service:
        return (
            f"Your data file {path} is inside a {service} folder; a sync service copying it "
            "while the app writes can damage it or lose changes, so keep it in a local folder "
            "(--db or FOLLOWUP_DESKTOP_DB) and copy backups to the sync folder instead."
        )
    share = _network_share(path, mounts)
    if share:
        return (
            f"Your data file {path} is on a network share ({share}); file locks there cannot "
            "be trusted and a dropped connection can damage it, so keep it on a local disk."
        )
    return None


def _sync_service(path: Path) -> str | None:
    for folder in [path.parent, *path.parent.parents]:
        name = folder.name.casefold()
        for prefix, service in SYNC_FOLDERS.items():
            if name == prefix or name.startswith((prefix + " ", prefix + "-", prefix + " (")):
                return service
        for marker, service in SYNC_MARKERS.items():
            try:
                if (folder / marker).exists():
                    return service
            except OSError:
                continue
    return None


def _network_share(path: Path, mounts: str | None) -> str | None:
    text = str(path)
    if sys.platform == "win32":
        if text.startswith("\\\\"):
            return "a UNC path"
        return "a network drive" if _windows_remote_drive(text) else None
    if mounts is None:
        try:
            mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    try:
        resolved = str(path.parent.resolve()) + os.sep
    except OSError:
        resolved = str(path.parent) + os.sep
    best, best_type = "", ""
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ").rstrip("/") + "/"
        if resolved.startswith(point) and len(point) > len(best):
            best, best_type = point, parts[2]
    if best_type in NETWORK_FS or best_type.startswith(("nfs", "smb", "cifs")):
        return best_type
    return None


def _windows_remote_drive(text: str) -> bool:  # pragma: no cover - Windows only
    if sys.platform != "win32":  # only _network_share's Windows branch calls it: ctypes.windll
        return False
    import ctypes  # Windows only: ctypes.windll

    drive = os.path.splitdrive(text)[0]
    if not drive:
        return False
    drive_type: int = ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")
    return drive_type == 4  # DRIVE_REMOTE
