"""Reminders around the main window: the reminder service, the notifier chain (D-Bus, tray
balloon, in-window banner), and the tray icon with its close-to-tray behaviour.

Started by app/run.py once the window has been painted; nothing here is needed for the first frame.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from followup_desktop import APP_NAME, paths
from followup_desktop.app.application import app_icon, bring_forward
from followup_desktop.core.clock import Now
from followup_desktop.core.model import NON_MESSAGE_KINDS
from followup_desktop.core.reminders import Notice
from followup_desktop.services.notify.base import DONE, OPEN, SNOOZE
from followup_desktop.services.notify.chain import build_chain
from followup_desktop.services.reminders import ReminderService
from followup_desktop.store import queries, reminder_state
from followup_desktop.store.db import StoreError
from followup_desktop.ui.shell import banner as banner_module
from followup_desktop.ui.shell.tray import CloseToTray, Tray

if TYPE_CHECKING:
    from followup_desktop.store.db import Database

log = logging.getLogger(__name__)


@dataclass(eq=False)
class ReminderParts:
    """What the app wires around the window for reminders: the reminder service, the notifier
    chain, the banner, and the tray with its close-to-tray filter where the desktop has a tray.
    Its methods are the slots the tray, the notifications and the banner end in."""

    window: Any
    db: Any
    now: Now
    service: Any
    chain: Any
    banner: Any
    tray: Any = None
    closer: Any = None

    def bring_forward(self) -> None:
        bring_forward(self.window)

    def answer(self, followup_id: str, action: str) -> None:
        """A notification, balloon or banner was answered."""
        if action == OPEN and followup_id:
            self.open_later(followup_id)
        elif action == SNOOZE and followup_id:
            self.service.snooze(followup_id)
        elif action == DONE and followup_id:
            self.service.mark_done(followup_id)
        else:  # SHOW: a summary of several; Today lists them
            self.show_today()

    def show_today(self) -> None:
        """The window, on the Today screen (a summary answered, the tray's "N more…")."""
        self.bring_forward()
        self.window.show_view("today")

    def open_later(self, followup_id: str) -> None:
        """Open after the menu or notification that asked has finished (the draft is modal)."""
        QTimer.singleShot(0, self.window, lambda: self.open_followup(followup_id))

    def open_followup(self, followup_id: str) -> None:
        """The draft of a message; the application of a reminder to oneself (move-on review)."""
        self.bring_forward()
        item = queries.get_followup(self.db, followup_id)
        if item is None:
            self.window.statusBar().showMessage("That follow-up no longer exists.", 10000)
            return
        if item.kind in NON_MESSAGE_KINDS:
            self.window.open_application(item.application)
            return
        # lazy: the draft dialog and the template engine (jinja2), ~50 ms more on the start of
        # the reminders after the first paint (bench_lazy_imports --after services)
        from followup_desktop.ui.draft.draft_dialog import open_draft

        open_draft(self.window, self.db, followup_id, self.now, on_sent=self.window.data_changed)

    def pause(self, how: str) -> None:
        if how == "resume":
            self.service.resume()
            text = "Reminders resumed."
        else:
            until = self.service.pause(tomorrow=how == "tomorrow")
            text = f"Reminders paused until {until.astimezone(self.service.zone()):%a %H:%M}."
        self.window.statusBar().showMessage(text, 10000)

    def hidden_to_tray(self) -> None:
        """The window went to the tray: remember its state; say so the first time."""
        self.window.save_state()
        try:
            if reminder_state.tray_hint_shown(self.db):
                return
            reminder_state.set_tray_hint_shown(self.db)
        except StoreError:
            log.warning("could not remember that the tray hint was shown")
        self.chain.show(
            Notice(
                f"{APP_NAME} is still running",
                "It stays in the tray to remind you when a follow-up is due. "
                "Choose Quit in the tray menu to stop it.",
            )
        )

    def quit(self) -> None:
        """The tray's Quit: close the window the normal way (drafts flushed), then end."""
        if self.closer is not None:
            self.closer.quitting = True
        self.window.close()
        if not self.window.isVisible():
            QApplication.quit()

    def close(self) -> None:
        """Stop timers, release D-Bus, hide the icon (the app is ending or a test is done)."""
        self.service.stop()
        self.chain.close()
        if self.closer is not None:
            self.closer.remove()
        if self.tray is not None:
            self.tray.close()
            QApplication.setQuitOnLastWindowClosed(True)


def attach_reminders(
    window, db: Database, now_fn: Now, *, tray: bool | None = None, **chain
) -> ReminderParts:
    """Reminders around ``window``: banner, tray (where the desktop has one; ``tray`` forces),
    notifier chain (``chain`` goes to ``build_chain``, e.g. ``use_dbus=False``), service."""
    banner = banner_module.install(window)
    service = ReminderService(db, now_fn, parent=window)
    icon = None
    if Tray.available() if tray is None else tray:
        icon = Tray(
            app_icon(QIcon),
            service.today,
            lambda: (now_fn(), service.zone()),
            service.paused_until,
            parent=window,
        )
    notifiers = build_chain(
        icon.icon if icon else None,
        banner,
        app_name=APP_NAME,
        icon_path=_icon_file(),
        parent=window,
        **chain,
    )
    parts = ReminderParts(window, db, now_fn, service, notifiers, banner, icon)
    window.run_beside(parts, describe_notifier=notifiers.describe)  # Settings says which
    service.notify.connect(notifiers.show)
    notifiers.action.connect(parts.answer)
    service.changed.connect(lambda: window.data_changed())
    service.message.connect(lambda text: window.statusBar().showMessage(text, 10000))
    if icon is not None:
        service.counts.connect(icon.set_counts)
        window.counts_changed.connect(icon.set_counts)  # every write the window makes, at once
        service.paused.connect(lambda _until: icon.set_counts(*icon.counts))
        icon.open_requested.connect(parts.bring_forward)
        icon.item_requested.connect(parts.open_later)
        icon.today_requested.connect(parts.show_today)
        icon.pause_requested.connect(parts.pause)
        icon.quit_requested.connect(parts.quit)
        parts.closer = CloseToTray(window, icon.icon.isVisible, parent=window)
        parts.closer.hidden.connect(parts.hidden_to_tray)
        QApplication.setQuitOnLastWindowClosed(False)
        icon.show()
    service.start()
    return parts


def _icon_file() -> str:
    try:
        return str(paths.resource("icons/app-128.png"))
    except FileNotFoundError:
        return ""
