"""The main window's mail: File > Import mail (.eml, .mbox, .msg, also dropped on the window),
the status bar's mail line ("Mail: checked 09:40 · 2 to review"), and the requests Settings
makes of the mail checker.

The window owns one ``MailActions``; app/mail_wiring.py connects the checker to it (the window
itself never checks mail). A small import runs on the GUI thread under a busy cursor; a large
one runs on a worker thread over a connection of its own to the same file (SQLite's WAL lets the
window read meanwhile), one transaction per batch of messages (store/mail_apply.py).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QToolButton, QWidget

from followup_desktop.core.clock import Now
from followup_desktop.store.db import Database, connect, db_path
from followup_desktop.ui.common import view

if TYPE_CHECKING:
    from followup_desktop.store.mail_apply import MailTally
    from followup_desktop.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

#: Files up to this size (together) are imported on the GUI thread: a few hundred messages.
SMALL_IMPORT_BYTES = 1_000_000
MAIL_SUFFIXES = frozenset({".eml", ".mbox", ".mbx", ".msg"})
MAIL_FILES = "Mail files (*.eml *.mbox *.mbx *.msg);;All files (*)"
IMPORT_RUNS = "Mail is being imported; wait for it to finish."


def ask_mail_files(parent: QWidget) -> list[Path]:
    """The files to import (tests replace this)."""
    paths, _ = QFileDialog.getOpenFileNames(parent, "Import mail", str(Path.home()), MAIL_FILES)
    return [Path(p) for p in paths]


def _size(paths: Sequence[Path]) -> int:
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):  # the import itself says what is wrong with it
            total += path.stat().st_size
    return total


class MailActions(QObject):
    """File > Import mail, the status bar's mail button, and the mail signals of Settings."""

    #: Settings asked to check this account now (the wiring passes it to the checker).
    check_requested = Signal(str)
    #: An account was added, changed or removed in Settings.
    accounts_changed = Signal()
    #: How the accounts' checks went changed: Settings re-lists them.
    accounts_checked = Signal()
    #: A check started (True) or ended (False).
    busy_changed = Signal(bool)
    #: An import finished on the worker thread: (MailTally or None, error sentence or "").
    _imported = Signal(object, str)

    def __init__(self, window: MainWindow, db: Database, now: Now) -> None:
        super().__init__(window)
        self.window, self.db, self.now = window, db, now
        self.checker_text = ""  # the checker's last word ("Mail: checked 09:40")
        #: Whether the line counts the mail to review: from start() (after the first paint)
        #: or the first mail action on, so the first frame loads none of the mail modules.
        self.counting = False
        self.importing: threading.Thread | None = None
        self.button = QToolButton()
        self.button.setObjectName("mailStatus")
        self.button.setAutoRaise(True)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the View menu reaches Mail too
        self.button.setToolTip("Open the Mail view")
        self.button.hide()
        self._imported.connect(self._import_done)

    # --- the status bar -------------------------------------------------------------------------

    def start(self) -> None:
        """Count the mail to review from now on (app/mail_wiring.py, after the first paint)."""
        self.counting = True
        self.refresh()

    def refresh(self) -> None:
        """The mail line: the checker's last word and what waits for review; hidden when there
        is neither (no account and nothing imported)."""
        parts = [self.checker_text] if self.checker_text else []
        try:
            waiting = self._waiting() if self.counting else 0
        except Exception:  # the database went away (a damaged file): keep the window running
            log.exception("counting the mail to review failed")
            waiting = 0
        if waiting:
            parts.append(f"{waiting} to review" if parts else f"Mail: {waiting} to review")
        self.button.setText(" · ".join(parts))
        self.button.setVisible(bool(parts))

    def _waiting(self) -> int:
        # lazy: the mail store (store/mail_*: the mail parsers and icalendar), ~100 ms of the
        # first window when imported at the top (measured with the window's modules loaded)
        from followup_desktop.store.mail_review import pending_count

        return pending_count(self.db)

    def checker_said(self, text: str) -> None:
        """The checker's status line changed (its ``status`` signal)."""
        self.checker_text = text
        self.counting = True
        self.refresh()
        self.accounts_checked.emit()

    def connect_settings(self, panel) -> None:
        """Settings' mail panel (a MailPanel) just built: route its requests, keep it current."""
        panel.check_requested.connect(self.check_requested)
        panel.accounts_changed.connect(self.accounts_changed)
        self.accounts_checked.connect(panel.refresh)
        self.busy_changed.connect(panel.set_busy)

    # --- File > Import mail -------------------------------------------------------------------

    def import_mail(self) -> None:
        paths = ask_mail_files(self.window)
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: Sequence[Path]) -> MailTally | None:
        """Import ``paths``; the tally when done here, None when it runs on (or could not
        start on) a worker thread or failed (said in one sentence)."""
        if self.importing is not None:
            self.window.statusBar().showMessage(IMPORT_RUNS, 8000)
            return None
        # lazy: ~100 ms of the first window, see _waiting
        from followup_desktop.store.mail_apply import import_mail_files

        self.counting = True
        location = db_path(self.db)
        if location and _size(paths) > SMALL_IMPORT_BYTES:
            self._import_in_background(Path(location), list(paths))
            return None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            tally = import_mail_files(self.db, list(paths), self.now())
        except Exception as exc:  # a file that cannot be read: one sentence, nothing half-done
            log.warning("mail import failed: %s", exc)
            tally = None
            error = view.sentence(exc)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if tally is None:
            self._import_done(None, error)
            return None
        self._import_done(tally, "")
        return tally

    def _import_in_background(self, location: Path, paths: list[Path]) -> None:
        names = ", ".join(p.name for p in paths[:2]) + ("…" if len(paths) > 2 else "")
        self.window.statusBar().showMessage(f"Importing mail from {names}…")
        now = self.now()

        # lazy: ~100 ms of the first window, see _waiting
        from followup_desktop.store.mail_apply import import_mail_files

        def work() -> None:
            tally, error = None, ""
            try:
                own = connect(location)  # sqlite3 connections stay on their thread
                try:
                    tally = import_mail_files(own, paths, now)
                finally:
                    own.close()
            except Exception as exc:
                log.warning("mail import failed: %s", exc)
                error = view.sentence(exc)
            with contextlib.suppress(RuntimeError):  # the window went away meanwhile
                self._imported.emit(tally, error)  # queued: handled on the GUI thread

        self.importing = threading.Thread(target=work, name="mail-import", daemon=True)
        self.importing.start()

    def _import_done(self, tally: MailTally | None, error: str) -> None:
        self.importing = None
        self.window.data_changed()  # a failed import keeps the batches it applied before
        if tally is not None:
            self.window.statusBar().showMessage(f"Mail imported: {tally.sentence()}", 15000)
        else:
            self.window.statusBar().clearMessage()
            view.show_error(self.window, "Import mail", error or "The mail could not be imported.")
        self.refresh()
