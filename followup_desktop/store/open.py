"""The one way to open the app's database: connect, then migrate (backing up first)."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from followup_desktop.store.db import StoreError, connect, enable_wal, is_read_only
from followup_desktop.store.migrations import CURRENT_VERSION, migrate, version_of


def open_store(path: Path | str, *, migrate_schema: bool = True) -> Database:
    """Open ``path`` ready for use; StoreError (one clear sentence) when it cannot be."""
    db = connect(path)
    try:
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
