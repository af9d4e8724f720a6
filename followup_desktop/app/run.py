"""Composition root of the desktop app: QApplication, the store, the clock and the main window.

The command line imports this module only to run the window (``--version`` never loads Qt).
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

# isort: off
# First, before any module that uses Qt: it imports PySide6 so that PySide6 skips reading the
# source of the modules loaded before it (~5% of the start-up; the module says how it is sure).
import followup_desktop.app.pyside_first_import  # noqa: F401
from PySide6.QtCore import QEvent, QObject, QProcess, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

# isort: on

from followup_desktop import APP_NAME
from followup_desktop.app.application import bring_forward, make_application
from followup_desktop.app.clock import now_utc
from followup_desktop.services.single_instance import SingleInstance, instance_key
from followup_desktop.store.db import StoreError
from followup_desktop.store.health import open_or_recover
from followup_desktop.ui.first_run.offer import needs_setup

if TYPE_CHECKING:
    from followup_desktop.app.reminders_wiring import ReminderParts
    from followup_desktop.core.clock import Now
    from followup_desktop.store.db import Database
    from followup_desktop.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

DEMO_STARTED = (
    "The demo opens in a window of its own, on a temporary file that goes when you close it; "
    "your own data is untouched."
)
DEMO_FAILED = "The demo could not be started; run followup-desktop --demo instead."


def build_main_window(db: Database, now_fn: Now = now_utc, *, demo: bool = False) -> MainWindow:
    """The main window over an open database (tests and the self-test use this too)."""
    make_application()
    # lazy: ~30 ms a second launch, which only brings the running window forward, does not
    # pay (bench_lazy_imports --after second)
    from followup_desktop.ui.shell.main_window import MainWindow

    return MainWindow(db, now_fn, demo=demo)


def run_app(db_path: Path, *, demo: bool, minimized: bool = False) -> int:
    """Open the window on ``db_path`` and run until the user quits; the process exit code.

    One app runs per database: a second launch brings the running window forward and exits 0.
    The file is checked first (store/health.py): a damaged one is moved aside and the user
    chooses the newest good backup or an empty start (or quits: exit code 1). With a tray the
    app lives on when the window is closed; ``minimized`` (``--minimized``, the session
    autostart) starts in the tray, or minimised where there is no tray.
    """
    # No collector passes while the window is built: what start-up makes lives as long as the
    # app, and the passes cost ~10 ms of the first frame. start_window_services turns it back on.
    gc.disable()
    try:
        return _run_window(db_path, demo=demo, minimized=minimized)
    finally:
        gc.enable()


def _run_window(db_path: Path, *, demo: bool, minimized: bool) -> int:
    app = make_application()
    instance = SingleInstance(instance_key(db_path))
    if not instance.claim(listen=False):  # listens once the window is painted
        log.info("%s already runs on %s: it was brought forward", APP_NAME, db_path)
        return 0
    try:
        try:
            opened = open_or_recover(db_path, _ask_recovery, now_utc())
            if opened is None:
                return 1
            db = opened.db
            if demo:
                # lazy: demo mode only, ~9 ms of the first window (bench_lazy_imports)
                from followup_desktop.store.demo import fill_demo_if_empty

                fill_demo_if_empty(db, now_utc())
        except StoreError as exc:
            QMessageBox.critical(None, APP_NAME, str(exc))
            return 1
        previous_hook = sys.excepthook
        sys.excepthook = _report_unexpected
        started: list[ReminderParts] = []
        cancel_start: Callable[[], None] = lambda: None  # noqa: E731
        try:
            window = build_main_window(db, now_utc, demo=demo)
            instance.activated.connect(lambda: bring_forward(window))

            def start_services() -> None:
                instance.listen()
                started.append(start_window_services(window, db))

            notice = opened.notice
            if notice:  # how a damaged file was recovered: said once the loop runs
                QTimer.singleShot(0, window, lambda: _tell(window, notice))

            def after_paint() -> None:
                start_services()
                if not demo:
                    offer_first_run(window, db)

            if minimized:  # the session autostart: no setup over a window nobody looks at
                start_services()
                if started[0].tray is None:
                    window.showMinimized()  # no tray: never run invisibly
            else:
                window.show()
                cancel_start = after_first_paint(window, after_paint)
            return app.exec()
        finally:
            cancel_start()  # the app ended before its first paint: nothing left to start
            sys.excepthook = previous_hook
            for parts in started:
                parts.close()
            db.close()
    finally:
        instance.close()


def start_window_services(window, db: Database) -> ReminderParts:
    """What runs beside the window: automatic backups, reminders and tray, the mail checker
    (only once there is a mail account), start-up notices.

    Started after the window's first paint: none of it changes what the window first shows,
    and together it costs ~45 ms (a D-Bus connection, a start-up backup) of the first paint.
    Its modules are imported here, after that paint (lazy: ~2 ms and ~12 ms of the first
    window, bench_lazy_imports).
    """
    from followup_desktop.services.backup_service import BackupService, location_notice

    # What start-up made (modules, the window, the first pipeline rows) lives as long as the
    # app: keep it out of the collector's full passes, which otherwise stall a keystroke by
    # ~25 ms now and then on a 10,000-application job search.
    gc.freeze()
    gc.enable()  # off while the window was built (run_app)
    from followup_desktop.app.reminders_wiring import attach_reminders  # lazy: see above

    backups = BackupService(db, now_utc, parent=window)
    backups.message.connect(lambda text: window.statusBar().showMessage(text, 15000))
    backups.damaged.connect(window.warn_damaged)
    backups.start()  # the start-up copy, then every 30 minutes
    window.run_beside(backups)
    parts = attach_reminders(window, db, now_utc)
    # lazy: the mail wiring, ~7 ms, after the first paint like the rest (the checker itself is
    # imported only once there is a mail account: app/mail_wiring.py)
    from followup_desktop.app.mail_wiring import attach_mail

    mail = attach_mail(window, db, now_utc)  # checks nothing until there is a mail account
    from followup_desktop.app.outbox_wiring import attach_outbox

    attach_outbox(window, db, now_utc, mail.password_for, parts.chain.show)  # sends when queued
    warning = location_notice(db)
    if warning:
        QTimer.singleShot(0, window, lambda: _tell(window, warning, warning=True))
    return parts


def offer_first_run(window: MainWindow, db: Database) -> QDialog | None:
    """The first-run setup over ``window`` when the file was never set up (the rule is
    ui/first_run/offer.py); None when it is not offered. Shown window-modal, not waited for."""
    if not needs_setup(db):
        return None
    # lazy: ~110 ms (the setup's fields, holidays' country list), only on a new file
    from followup_desktop.ui.first_run.setup_dialog import SetupDialog, system_zone

    dialog = SetupDialog(db, now_utc, system_zone(), window)

    def tell(text: str) -> None:
        window.data_changed()
        window.statusBar().showMessage(text, 15000)

    dialog.saved.connect(tell)
    dialog.imported.connect(tell)
    dialog.demo_wanted.connect(lambda: start_demo(window))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def start_demo(window) -> bool:
    """The app once more, as ``--demo`` starts it: a process of its own on a fresh temporary
    database, so no sample record reaches the user's file. Whether it started."""
    # lazy: ~7 ms, only when the demo is asked for
    from followup_desktop.app.desktop_entry import launcher

    program, *arguments = launcher()
    started, _pid = QProcess.startDetached(program, [*arguments, "--demo"])
    window.statusBar().showMessage(DEMO_STARTED if started else DEMO_FAILED, 15000)
    return started


def after_first_paint(
    widget, call: Callable[[], None], fallback_ms: int = 2000
) -> Callable[[], None]:
    """Run ``call`` once, as soon as ``widget`` has been painted the first time; after
    ``fallback_ms`` anyway (a window that is never exposed still gets its services).
    Returns a function that cancels it if it has not run yet."""
    done = False

    def cancel() -> None:
        nonlocal done
        if not done:
            done = True
            widget.removeEventFilter(watcher)

    def run() -> None:
        if not done:
            cancel()
            call()

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, widget, run)  # after the rest of this frame is painted
            return False

    watcher = FirstPaint(widget)
    widget.installEventFilter(watcher)
    QTimer.singleShot(fallback_ms, widget, run)
    return cancel


def _tell(window, text: str, *, warning: bool = False) -> None:
    (QMessageBox.warning if warning else QMessageBox.information)(window, APP_NAME, text)


def _ask_recovery(report, backup):
    # lazy: a damaged file only, ~3 ms of the first window (bench_lazy_imports)
    from followup_desktop.ui.settings.backups_panel import ask_recovery

    return ask_recovery(report, backup, now_utc())


def _report_unexpected(kind, value, traceback) -> None:
    """Last resort for an exception outside a guarded slot: log it, tell the user, keep running."""
    log.error("unexpected error", exc_info=(kind, value, traceback))
    if QApplication.instance() is not None and not issubclass(kind, KeyboardInterrupt):
        QMessageBox.warning(
            QApplication.activeWindow(),
            APP_NAME,
            f"Something went wrong: {value}. Your data is safe; the last action may not be done.",
        )
