"""Automatic backups while the app runs: one at start-up, then every 30 minutes if data changed.

A QObject without widgets: the app connects ``message`` to the status bar and ``damaged`` to a
warning. The work itself is store/backups.py.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from followup_desktop.core.clock import Now
from followup_desktop.store import backups
from followup_desktop.store.db import Database, DatabaseDamaged, StoreError, db_path, is_read_only
from followup_desktop.store.open import location_warning
from followup_desktop.store.queries import get_setting
from followup_desktop.store.writes import set_setting

log = logging.getLogger(__name__)

INTERVAL_MS = 30 * 60 * 1000


class BackupService(QObject):
    """Owns the 30-minute timer; ``backup_now`` is what it and the start-up call."""

    #: One sentence for the status bar (a backup made, or why it failed).
    message = Signal(str)
    #: The database turned out damaged (a fresh copy failed its check): one sentence.
    damaged = Signal(str)
    #: A backup was made (the backups panel re-lists).
    made = Signal()

    def __init__(
        self,
        db: Database,
        now: Now,
        parent: QObject | None = None,
        interval_ms: int = INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        path = db_path(db)
        self.path = Path(path) if path else None
        self._marker: tuple[int, int] | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)

    @property
    def enabled(self) -> bool:
        return self.path is not None and not is_read_only(self.db)

    def start(self) -> backups.BackupInfo | None:
        """The start-up backup (skipped when nothing changed since the newest one)."""
        if not self.enabled:
            return None
        self.timer.start()
        assert self.path is not None
        if not backups.changed_since_newest(self.path):
            self._marker = backups.change_marker(self.db)
            return None
        return self.backup_now("startup")

    def stop(self) -> None:
        self.timer.stop()

    def tick(self) -> backups.BackupInfo | None:
        """Every 30 minutes: a backup when anything was written since the last one."""
        if not self.enabled or backups.change_marker(self.db) == self._marker:
            return None
        return self.backup_now("auto")

    def backup_now(self, reason: str = "auto") -> backups.BackupInfo | None:
        marker = backups.change_marker(self.db)
        try:
            info = backups.make_backup(self.db, reason, self.now())
        except DatabaseDamaged as exc:
            log.error("automatic backup found damage: %s", exc)
            self.timer.stop()
            self.damaged.emit(str(exc))
            return None
        except StoreError as exc:
            log.warning("automatic backup failed: %s", exc)
            self.message.emit(f"Automatic backup failed: {exc}")
            return None
        self._marker = marker
        self.made.emit()
        return info


LOCATION_WARNED_KEY = "health/location-warned"


def location_notice(db: Database) -> str | None:
    """The sync-folder or network-share warning, once per database location (then remembered)."""
    path = db_path(db)
    if not path or is_read_only(db):
        return None
    warning = location_warning(path)
    if not warning or get_setting(db, LOCATION_WARNED_KEY) == path:
        return None
    try:
        set_setting(db, LOCATION_WARNED_KEY, path)
    except StoreError:
        log.warning("could not remember the location warning")
    return warning
