"""The notifier chain: freedesktop desktop notifications (D-Bus, Linux) -> Qt's tray balloon ->
the in-window banner. The first one that works is used; when it fails for one notice, the next
one shows that notice. Which one is in use is shown in Settings (``NotifierChain.describe``).

Every notifier emits ``action(followup_id, action)`` when the user answers a notice: one of
OPEN (the draft), SNOOZE (1 h), DONE, or SHOW (the window, for a summary of several).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from followup_desktop.core.reminders import Notice
from followup_desktop.services.notify.base import OPEN, SHOW, Notifier

log = logging.getLogger(__name__)

BALLOON_MS = 15_000
PLACE_WAIT_MS, PLACE_TRIES = 250, 12


class BalloonNotifier(Notifier):
    """``QSystemTrayIcon.showMessage``: a real toast on Windows and macOS, Qt's own balloon on an
    X11 tray. A click on it opens the one follow-up (or the window for a summary)."""

    name = "balloon"
    label = "Tray balloon"

    def __init__(self, tray: QSystemTrayIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray = tray
        self.last: Notice | None = None
        self._tries = 0
        tray.messageClicked.connect(self._clicked)

    def available(self) -> bool:
        return (
            QSystemTrayIcon.isSystemTrayAvailable()
            and QSystemTrayIcon.supportsMessages()
            and self.tray.isVisible()
        )

    def show(self, notice: Notice) -> bool:
        if not self.available():
            return False
        self.last = notice
        self._tries = 0
        self._show_when_placed()
        return True

    def _show_when_placed(self) -> None:
        """An XEmbed tray places the icon a moment after start; a balloon shown before that
        points at the screen corner. Wait up to ~3 s for a place, then show it anyway (a
        StatusNotifier tray never reports one)."""
        notice = self.last
        if notice is None:
            return
        rect = self.tray.geometry()
        if (rect.isEmpty() or not rect.isValid()) and self._tries < PLACE_TRIES:
            self._tries += 1
            QTimer.singleShot(PLACE_WAIT_MS, self, self._show_when_placed)
            return
        icon = QSystemTrayIcon.MessageIcon.Information
        self.tray.showMessage(notice.title, notice.body, icon, BALLOON_MS)

    def detail(self) -> str:
        return "Click a reminder to open its draft."

    def _clicked(self) -> None:
        notice = self.last
        if notice is None:
            return
        if notice.item is not None:
            self.action.emit(notice.item.id, OPEN)
        else:
            self.action.emit("", SHOW)


class BannerNotifier(Notifier):
    """The last resort: a banner across the top of the main window."""

    name = "banner"
    label = "Banner in the window"

    def __init__(self, banner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.banner = banner
        banner.action.connect(self.action)

    def show(self, notice: Notice) -> bool:
        self.banner.show_notice(notice)
        return True

    def detail(self) -> str:
        return "Reminders appear at the top of the window while it is open."


class NotifierChain(QObject):
    """Tries each notifier in order; re-emits their ``action``; ``current`` for Settings."""

    action = Signal(str, str)
    #: The notice and the name of the notifier that showed it.
    shown = Signal(object, str)

    def __init__(self, notifiers: Sequence[Notifier], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifiers = list(notifiers)
        for notifier in self.notifiers:
            notifier.action.connect(self.action)

    def current(self) -> Notifier | None:
        return next((n for n in self.notifiers if n.available()), None)

    def describe(self) -> str:
        """'Desktop notifications (dunst 1.9.0), with Open draft, Snooze and Done buttons.'"""
        current = self.current()
        if current is None:
            return "None: reminders are only counted in the status bar."
        detail = current.detail()
        return f"{current.label}. {detail}" if detail else f"{current.label}."

    def show(self, notice: Notice) -> str | None:
        """Show ``notice`` with the first notifier that manages; its name (None if none did)."""
        for notifier in self.notifiers:
            if not notifier.available():
                continue
            try:
                if notifier.show(notice):
                    self.shown.emit(notice, notifier.name)
                    return notifier.name
            except Exception:  # a broken notifier must not swallow the reminder
                log.exception("the %s notifier failed", notifier.name)
        log.warning("no notifier could show %r", notice.title)
        return None

    def close(self) -> None:
        for notifier in self.notifiers:
            notifier.close()


def build_chain(
    tray: QSystemTrayIcon | None,
    banner,
    *,
    app_name: str,
    icon_path: str = "",
    parent: QObject | None = None,
    use_dbus: bool | None = None,
) -> NotifierChain:
    """Desktop notifications where the platform has them, then the balloon, then the banner."""
    notifiers: list[Notifier] = []
    if use_dbus is None:
        use_dbus = sys.platform.startswith("linux")
    if use_dbus:
        # Linux only (use_dbus's default): the D-Bus backend, whose jeepney is Linux-only
        from followup_desktop.services.notify.dbus import FreedesktopNotifier

        desktop = FreedesktopNotifier.connect(app_name, icon_path, parent)
        if desktop is not None:
            notifiers.append(desktop)
    if tray is not None:
        notifiers.append(BalloonNotifier(tray, parent))
    if banner is not None:
        notifiers.append(BannerNotifier(banner, parent))
    chain = NotifierChain(notifiers, parent)
    current = chain.current()
    log.info("reminders shown by: %s", current.name if current else "nothing")
    return chain
