"""Sending the outbox while the app runs: a look every 30 seconds (and after the laptop woke,
when the timer fires late), and at once when the user asks ("Send now" ends its undo window).

A QObject without widgets. The passwords are asked for on the GUI thread (the keyring, else a
prompt once per session); the whole round, ``outbox_send.send_due`` with its database writes,
runs on a worker thread over a connection of its own to the same file (SQLite's WAL lets the
window read meanwhile), so a slow server never stops the window. The round's claim is one
``BEGIN IMMEDIATE`` transaction, so a second instance of the app, or ``outbox send-due`` from
the command line, never sends the same message (store/outbox.py). ``sent`` reports each round
that did something, for the notification and the views.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from followup_desktop.core.clock import Now
from followup_desktop.services.mail import outbox_send
from followup_desktop.services.mail.outbox_send import SendReport
from followup_desktop.store import outbox
from followup_desktop.store.db import Database, connect, db_path

log = logging.getLogger(__name__)

INTERVAL_MS = 30_000
PasswordFor = Callable[[str], "str | None"]


class OutboxSender(QObject):
    """Sends what is due in ``db``'s outbox; ``password_for(account)`` as the mail checker's."""

    #: A round ended that sent, held or failed something: the SendReport.
    reported = Signal(object)
    #: From the worker thread: (SendReport or None, error sentence).
    _finished = Signal(object, str)

    def __init__(
        self,
        db: Database,
        now: Now,
        password_for: PasswordFor,
        parent: QObject | None = None,
        *,
        interval_ms: int = INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.db, self.now, self.password_for = db, now, password_for
        self.owner = outbox_send.owner_name()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        self._wake = QTimer(self)  # the next slot, when it comes before the next tick
        self._wake.setSingleShot(True)
        self._wake.timeout.connect(self.tick)
        self.working: threading.Thread | None = None
        self._again = False
        self._stopped = False
        self._finished.connect(self._done, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        self._stopped = False
        self.timer.start()
        QTimer.singleShot(0, self, self.tick)

    def stop(self) -> None:
        self._stopped = True
        self.timer.stop()
        self._wake.stop()

    @property
    def busy(self) -> bool:
        return self.working is not None

    def tick(self) -> bool:
        """Send what is due now, on the worker thread; whether a round started (a round under
        way is never doubled: another one follows it when asked meanwhile)."""
        if self._stopped:
            return False
        if self.working is not None:
            self._again = True
            return False
        now = self.now()
        due = outbox.due_accounts(self.db, now)
        self._aim(now)
        if not due:
            return False
        passwords = {name: self.password_for(name) for name in due}
        location = db_path(self.db)
        if location is None:
            return False
        self.working = threading.Thread(
            target=self._work,
            args=(location, now, passwords),
            name="outbox-send",
            daemon=True,
        )
        self.working.start()
        return True

    def _aim(self, now: datetime) -> None:
        """Wake at the next slot when it comes before the next tick (a Send now's 10 s)."""
        upcoming = outbox.next_send_at(self.db)
        if upcoming is None:
            return
        wait_ms = max(int((upcoming - now) / timedelta(milliseconds=1)), 0) + 200
        if wait_ms < self.timer.remainingTime() or not self.timer.isActive():
            self._wake.start(wait_ms)

    def _work(self, location: str, now: datetime, passwords: dict[str, str | None]) -> None:
        """On the worker thread: one send round over its own connection."""
        report, error = None, ""
        try:
            own = connect(location)  # sqlite3 connections stay on their thread
            try:
                report = outbox_send.send_due(own, now, passwords.get, self.owner)
            finally:
                own.close()
        except Exception as exc:  # the file went away, a bug: said once, tried again later
            log.warning("outbox round failed: %s", exc)
            error = str(exc)
        with contextlib.suppress(RuntimeError):  # the sender went away with the window
            self._finished.emit(report, error)

    def _done(self, report: SendReport | None, error: str) -> None:
        self.working = None
        if report is not None and (report.sent or report.held or report.failed):
            self.reported.emit(report)
        if error:
            log.info("outbox: %s", error)
        if self._again and not self._stopped:
            self._again = False
            self.tick()
        elif not self._stopped:
            self._aim(self.now())
