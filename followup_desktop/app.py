"""Composition root of the desktop app: QApplication, the store, the clock and the main window.

Qt is imported inside the functions so that importing this module (the CLI does) costs nothing.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop import APP_ID, APP_NAME, __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication
    from sqlite_utils import Database

    from followup_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)
_CONFIGURED = "followup-desktop-configured"


def now_utc() -> datetime:
    """The app's clock (aware UTC); the one place the window reads the time."""
    return datetime.now(UTC)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused if one exists) with the app's names, icon and stylesheet."""
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    if app.property(_CONFIGURED):
        return app  # a stylesheet set again would re-polish every widget alive
    app.setProperty(_CONFIGURED, True)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon(QIcon))
    style = _stylesheet()
    if style:
        app.setStyleSheet(style)
    return app


def app_icon(icon_class):
    """The app icon: the SVG plus the rendered PNG sizes (whatever of them is present)."""
    from followup_desktop import paths

    icon = icon_class()
    try:
        folder = paths.resource("icons")
    except FileNotFoundError:
        return icon
    for png in sorted(folder.glob("app-*.png")):
        icon.addFile(str(png))
    svg = folder / "app.svg"
    if svg.exists():
        icon.addFile(str(svg))
    return icon


def _stylesheet() -> str:
    from followup_desktop import paths

    try:
        return paths.resource("styles/app.qss").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return ""


def build_main_window(
    db: Database, now_fn: Callable[[], datetime] = now_utc, *, demo: bool = False
) -> MainWindow:
    """The main window over an open database (tests and the self-test use this too)."""
    make_application()
    from followup_desktop.ui.main_window import MainWindow

    return MainWindow(db, now_fn, demo=demo)


def _fill_demo_if_empty(db: Database, now: datetime) -> None:
    if db.execute("SELECT count(*) FROM applications").fetchone()[0]:
        return
    from followup_desktop.demo import fill_demo

    fill_demo(db, now)


def run_app(db_path: Path, *, demo: bool) -> int:
    """Open the window on ``db_path`` and run until it closes; the process exit code.

    The file is checked first (store/health.py): a damaged one is moved aside and the user
    chooses the newest good backup or an empty start (or quits: exit code 1).
    """
    app = make_application()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from followup_desktop.store.db import StoreError
    from followup_desktop.store.health import open_or_recover

    try:
        opened = open_or_recover(db_path, _ask_recovery, now_utc())
        if opened is None:
            return 1
        db = opened.db
        if demo:
            _fill_demo_if_empty(db, now_utc())
    except StoreError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    previous_hook = sys.excepthook
    sys.excepthook = _report_unexpected
    try:
        from followup_desktop.services import backup_service

        window = build_main_window(db, now_utc, demo=demo)
        window.backup_service = backup_service.attach(window, db, now_utc)  # kept alive
        window.show()
        notices = [(opened.notice, False), (backup_service.location_notice(db), True)]
        for text, warning in notices:
            if text:
                QTimer.singleShot(0, lambda t=text, w=warning: _tell(window, t, warning=w))
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        db.close()


def _tell(window, text: str, *, warning: bool = False) -> None:
    from PySide6.QtWidgets import QMessageBox

    (QMessageBox.warning if warning else QMessageBox.information)(window, APP_NAME, text)


def _ask_recovery(report, backup):
    from followup_desktop.ui.backups_panel import ask_recovery

    return ask_recovery(report, backup)


def _report_unexpected(kind, value, traceback) -> None:
    """Last resort for an exception outside a guarded slot: log it, tell the user, keep running."""
    log.error("unexpected error", exc_info=(kind, value, traceback))
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is not None and not issubclass(kind, KeyboardInterrupt):
        QMessageBox.warning(
            QApplication.activeWindow(),
            APP_NAME,
            f"Something went wrong: {value}. Your data is safe; the last action may not be done.",
        )
