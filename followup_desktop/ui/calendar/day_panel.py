"""The day panel beside the grids: the selected day's items, the chosen one's details, actions."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.store.db import Database
from followup_desktop.ui.calendar.day_popup import ItemList
from followup_desktop.ui.calendar.details_dialog import item_html
from followup_desktop.ui.calendar.item_actions import SNOOZES, ItemActions
from followup_desktop.ui.calendar.rows import INTERVIEW, CalItem
from followup_desktop.ui.common import fmt


class DayPanel(QWidget):
    """Heading, list, details and the action buttons for the current item."""

    key_changed = Signal(object)  # str | None

    def __init__(self, db: Database, actions: ItemActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # ``item_actions``: ``actions`` would hide QWidget.actions().
        self.db, self.item_actions = db, actions
        self.setObjectName("dayPanel")
        self.heading = QLabel()
        self.heading.setObjectName("dayHeading")
        self.heading.setWordWrap(True)
        self.list = ItemList()
        self.list.setAccessibleName("Items of the selected day")
        self.details = QTextBrowser()
        self.details.setAccessibleName("Item details")
        self.details.setOpenExternalLinks(False)

        self.open_button = QPushButton("&Open")
        self.done_button = QPushButton("&Done")
        self.skip_button = QPushButton("S&kip")
        self.snooze_button = QToolButton()
        self.snooze_button.setText("Snoo&ze")
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        snooze_menu = QMenu(self.snooze_button)
        for days, words in SNOOZES:
            action = snooze_menu.addAction(words)
            action.triggered.connect(lambda _c=False, d=days: self._act("snooze", d))
        self.snooze_button.setMenu(snooze_menu)
        self.reschedule_button = QPushButton("&Reschedule…")
        self.open_button.clicked.connect(lambda: self._act("open"))
        self.done_button.clicked.connect(lambda: self._act("mark_done"))
        self.skip_button.clicked.connect(lambda: self._act("skip"))
        self.reschedule_button.clicked.connect(lambda: self._act("reschedule"))
        buttons = QGridLayout()
        buttons.addWidget(self.open_button, 0, 0)
        buttons.addWidget(self.done_button, 0, 1)
        buttons.addWidget(self.skip_button, 0, 2)
        buttons.addWidget(self.snooze_button, 1, 1)
        buttons.addWidget(self.reschedule_button, 1, 0)
        self.snooze_button.setSizePolicy(
            QSizePolicy.Policy.Expanding, self.snooze_button.sizePolicy().verticalPolicy()
        )

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(self.details)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        self.items: list[CalItem] = []
        self.list.current_key_changed.connect(self._current_changed)
        self.list.activated_key.connect(self.item_actions.open)
        self.list.context_requested.connect(lambda k, p: self.item_actions.popup(k, p, self))
        self._update_buttons(None)

    def set_day(self, day: date, items: list[CalItem], key: str | None, today: date) -> None:
        self.items = items
        prefix = "Today — " if day == today else ""
        count = f"{len(items)} item{'s' if len(items) != 1 else ''}" if items else "nothing"
        self.heading.setText(f"<b>{prefix}{fmt.long_day_text(day)}</b> · {count}")
        self.list.set_items(items, key)
        self._show(key)

    def current_item(self) -> CalItem | None:
        key = self.list.current_key()
        return next((i for i in self.items if i.key == key), None)

    def _current_changed(self, key: str | None) -> None:
        self._show(key)
        self.key_changed.emit(key)

    def _show(self, key: str | None) -> None:
        item = next((i for i in self.items if i.key == key), None)
        if item is None:
            self.details.setHtml(
                "<p style='color:#6b7280'>Choose an item to see why it is due then.</p>"
                if self.items
                else "<p style='color:#6b7280'>Nothing on this day.</p>"
            )
        else:
            self.details.setHtml(item_html(self.db, item))
        self._update_buttons(item)

    def _update_buttons(self, item: CalItem | None) -> None:
        pending = bool(item and item.pending)
        self.open_button.setEnabled(item is not None)
        self.open_button.setText(
            "&Open interview" if item and item.kind == INTERVIEW else "&Open draft…"
        )
        for button in (
            self.done_button,
            self.skip_button,
            self.snooze_button,
            self.reschedule_button,
        ):
            button.setEnabled(pending)

    def _act(self, name: str, *args) -> None:
        item = self.current_item()
        if item is not None:
            getattr(self.item_actions, name)(item.key, *args)
