"""The in-window reminder banner: the last resort of the notifier chain (no desktop notifications,
no tray), and where reminders land when the app runs without a tray.

It lives in a fixed, hidden-until-needed tool bar across the top of the main window
(:func:`install`), so the window's own layout is untouched.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QToolButton,
)

from followup_desktop.core.reminders import Notice

OPEN, SNOOZE, DONE, SHOW = "open", "snooze", "done", "show"  # as services/notify.py
STYLE = """
#reminderBanner { background: #fff4ce; border: 1px solid #e0c060; border-radius: 4px; }
#reminderBanner QLabel { color: #3b2f00; }
"""


class Banner(QFrame):
    """One notice at a time, with the same answers a desktop notification offers."""

    #: (follow-up id or "", OPEN / SNOOZE / DONE / SHOW)
    action = Signal(str, str)
    dismissed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("reminderBanner")
        self.setStyleSheet(STYLE)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.setAccessibleName("Reminder")
        self.notice: Notice | None = None
        self.text = QLabel()
        self.text.setObjectName("bannerText")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        # One line per line of the notice; a long one is cut, never makes the window wider.
        self.text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.text.setMinimumWidth(120)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("Open draft")
        self.snooze_button = QPushButton("Snooze 1 h")
        self.done_button = QPushButton("Done")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip("Dismiss")
        self.close_button.setAccessibleName("Dismiss reminder")
        self.close_button.setAutoRaise(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.text, 1)
        for button in (self.open_button, self.snooze_button, self.done_button):
            row.addWidget(button)
        row.addWidget(self.close_button)
        self.open_button.clicked.connect(lambda: self._answer(OPEN))
        self.snooze_button.clicked.connect(lambda: self._answer(SNOOZE))
        self.done_button.clicked.connect(lambda: self._answer(DONE))
        self.close_button.clicked.connect(self.dismiss)

    def show_notice(self, notice: Notice) -> None:
        self.notice = notice
        body = "<br>".join(html.escape(line) for line in notice.body.splitlines())
        self.text.setText(f"<b>{html.escape(notice.title)}</b><br>{body}")
        self.text.setToolTip(f"{notice.title}\n{notice.body}")
        single = notice.item is not None
        if notice.item is None:
            self.open_button.setText("Show all")
        else:
            self.open_button.setText("Open draft" if notice.item.message else "Open")
        self.snooze_button.setVisible(single)
        self.done_button.setVisible(single)
        self._host().setVisible(True)
        self.setVisible(True)

    def _answer(self, action: str) -> None:
        notice = self.notice
        if notice is None:
            return
        self.dismiss()
        if notice.item is None:
            self.action.emit("", SHOW)
        else:
            self.action.emit(notice.item.id, action)

    def dismiss(self) -> None:
        self.notice = None
        self._host().setVisible(False)
        self.dismissed.emit()

    def _host(self):
        bar = self.parentWidget()
        return bar if isinstance(bar, QToolBar) else self


def install(window: QMainWindow) -> Banner:
    """A banner in a fixed tool bar at the top of ``window`` (hidden until a notice comes)."""
    bar = QToolBar("Reminders", window)
    bar.setObjectName("reminderBar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.toggleViewAction().setVisible(False)  # not offered in the tool bar context menu
    bar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
    banner = Banner(bar)
    bar.addWidget(banner)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    bar.setVisible(False)
    return banner
