"""The tray icon: a badge with the number of due and overdue follow-ups, and a menu of them.

Signals up, calls down: the menu asks ``items()`` for what is overdue and due today (the
store/today_query.py reading the Today screen and the status bar share, so all three agree) each
time it opens, and emits what the user chose; the app connects the signals to the window and the
reminder service.
Where the desktop has no tray (``QSystemTrayIcon.isSystemTrayAvailable()`` False, e.g. offscreen
or some Wayland desktops), the app does not build one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from followup_desktop import APP_NAME
from followup_desktop.store.today_query import OVERDUE, TODAY, TodayGroups, TodayItem
from followup_desktop.ui.common import fmt

log = logging.getLogger(__name__)
EMBED_CHECK_MS, EMBED_CHECKS = 250, 40

#: Each section of the menu lists this many follow-ups, then "More in the window…".
MENU_ITEMS = 8
BADGE_SIZE = 64

Items = Callable[[], TodayGroups]


def badge_icon(base: QIcon, count: int, size: int = BADGE_SIZE) -> QIcon:
    """``base`` with a red disc and ``count`` in its top-right corner (no badge for 0)."""
    pixmap = base.pixmap(size, size)
    if pixmap.isNull():
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor("#2f6f9f"))
    if count <= 0:
        return QIcon(pixmap)
    text = str(count) if count < 100 else "99+"
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    diameter = int(size * (0.62 if len(text) < 3 else 0.8))
    disc = QRect(size - diameter, 0, diameter, diameter)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#d0312d"))
    painter.drawEllipse(disc)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(diameter * (0.62 if len(text) == 1 else 0.46)))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


def item_text(item: TodayItem, now: datetime, zone: tzinfo) -> str:
    """'Thank-you to Dana Lee — Acme Corp · 08:30 New York time (14:30 your time)' for the menu:
    both zones as every view says them, the day only when it is not today ('yesterday 08:30 …')."""
    when = fmt.both_zones(item.due, item.zone, zone, now=now)
    return f"{item.label} — {item.company} · {when}".replace("&", "&&")


class Tray(QObject):
    """The icon, its tooltip and badge, and the menu."""

    open_requested = Signal()
    #: The desktop's tray host took the icon (it has a place on screen).
    embedded = Signal()
    #: The follow-up the user picked in the menu.
    item_requested = Signal(str)
    #: "N more in the window…": show the Today screen.
    today_requested = Signal()
    #: "hour", "tomorrow" or "resume".
    pause_requested = Signal(str)
    quit_requested = Signal()

    def __init__(
        self,
        icon: QIcon,
        items: Items,
        clock: Callable[[], tuple[datetime, tzinfo]],
        paused_until: Callable[[], datetime | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.base_icon = icon
        self.items, self.clock, self.paused_until = items, clock, paused_until
        self.counts = (0, 0)
        self._embed_checks = 0
        self.icon = QSystemTrayIcon(self)
        self.icon.setIcon(icon)
        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self.menu.aboutToShow.connect(self.rebuild)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.set_counts(0, 0)

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        self.icon.show()
        self._embed_checks = 0
        QTimer.singleShot(EMBED_CHECK_MS, self, self._check_embedded)

    def _check_embedded(self) -> None:
        """Log where the tray host put the icon (an empty geometry: not embedded yet)."""
        rect = self.icon.geometry()
        if rect.isValid() and not rect.isEmpty():
            log.info(
                "tray icon embedded at x=%d y=%d w=%d h=%d",
                rect.x(), rect.y(), rect.width(), rect.height(),
            )  # fmt: skip
            self.embedded.emit()
        elif self._embed_checks < EMBED_CHECKS:
            self._embed_checks += 1
            QTimer.singleShot(EMBED_CHECK_MS, self, self._check_embedded)
        else:
            log.warning("the tray icon was not embedded by the desktop's tray")

    def hide(self) -> None:
        self.icon.hide()

    def set_counts(self, due_today: int, overdue: int) -> None:
        self.counts = (due_today, overdue)
        total = due_today + overdue
        self.icon.setIcon(badge_icon(self.base_icon, total))
        if total:
            tip = f"{APP_NAME}: {due_today} due today · {overdue} overdue"
        else:
            tip = f"{APP_NAME}: nothing due today"
        until = self.paused_until()
        if until is not None:
            _, zone = self.clock()
            tip += f"\nReminders paused until {until.astimezone(zone):%H:%M}"
        self.icon.setToolTip(tip)
        if not self.menu.isVisible():  # a menu exported over D-Bus may never ask for a rebuild
            self.rebuild()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()

    # --- the menu -----------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Fill the menu afresh (it opens on what is due right now)."""
        menu = self.menu
        menu.clear()
        now, zone = self.clock()
        shown: list[tuple[str, int, list[TodayItem]]] = []
        try:
            groups = self.items()
            for title, group in (("Overdue", OVERDUE), ("Due today", TODAY)):
                shown.append((title, groups.count(group), groups.items(group, 0, MENU_ITEMS)))
        except Exception:  # the store went away: the menu still offers Open and Quit
            shown = []
            self._header("Follow-ups could not be read")
        for title, count, items in shown:
            if not count:
                continue
            self._header(f"{title} ({count})")
            for item in items:
                action = menu.addAction(item_text(item, now, zone))
                action.setToolTip(item.role)
                action.triggered.connect(lambda _=False, i=item.id: self.item_requested.emit(i))
            if count > len(items):
                more = menu.addAction(f"{count - len(items)} more in the window…")
                more.triggered.connect(self.today_requested)
        if shown and not any(count for _title, count, _items in shown):
            self._header("Nothing due today")
        menu.addSeparator()
        menu.addAction(f"&Open {APP_NAME}").triggered.connect(self.open_requested)
        until = self.paused_until()
        if until is None:
            menu.addAction("Pause reminders for 1 &hour").triggered.connect(
                lambda: self.pause_requested.emit("hour")
            )
            menu.addAction("Pause reminders until &tomorrow").triggered.connect(
                lambda: self.pause_requested.emit("tomorrow")
            )
        else:
            menu.addAction(
                f"&Resume reminders (paused until {until.astimezone(zone):%a %H:%M})"
            ).triggered.connect(lambda: self.pause_requested.emit("resume"))
        menu.addSeparator()
        menu.addAction("&Quit").triggered.connect(self.quit_requested)

    def _header(self, text: str) -> QAction:
        action = self.menu.addAction(text)
        action.setEnabled(False)
        font = action.font()
        font.setBold(True)
        action.setFont(font)
        return action

    def close(self) -> None:
        """Hide the icon (no ghost icon after quitting) and free the menu."""
        self.icon.hide()
        # Qt takes a null menu (it unsets the menu); the stub wants a QMenu.
        self.icon.setContextMenu(None)  # type: ignore[arg-type]
        self.menu.deleteLater()

    def actions(self) -> list[QAction]:
        return self.menu.actions()

    def geometry(self) -> QRect:
        return self.icon.geometry()


class CloseToTray(QObject):
    """Event filter on the main window: closing it by hand (the title-bar button, Alt+F4: a
    *spontaneous* close) hides it to the tray; a close from the code (File > Quit, the tray's
    Quit) goes through, and the app then quits (``quitOnLastWindowClosed`` is off with a tray).
    """

    #: The window was hidden instead of closed.
    hidden = Signal()

    def __init__(self, window, tray_visible: Callable[[], bool], parent=None) -> None:
        super().__init__(parent)
        self.window = window
        self.tray_visible = tray_visible
        self.quitting = False
        window.installEventFilter(self)

    def should_hide(self, event) -> bool:
        return event.spontaneous() and not self.quitting and self.tray_visible()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            if self.should_hide(event):
                event.ignore()
                self.window.hide()
                self.hidden.emit()
                return True
            QTimer.singleShot(0, self, self._quit_if_closed)
        return False

    def _quit_if_closed(self) -> None:
        if not self.window.isVisible() and not QApplication.quitOnLastWindowClosed():
            QApplication.quit()

    def remove(self) -> None:
        self.window.removeEventFilter(self)
