"""The day panel beside the grids: what is overdue first (whatever day or month is shown), then
the selected day's items, the chosen one's details, and the actions on it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
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

#: The overdue list shows this many rows before it scrolls (the day's list keeps the room).
OVERDUE_ROWS = 3


class DayPanel(QWidget):
    """Heading, list, details and the action buttons for the current item."""

    key_changed = Signal(object)  # str | None

    def __init__(self, db: Database, actions: ItemActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # ``item_actions``: ``actions`` would hide QWidget.actions().
        self.db, self.item_actions = db, actions
        self.setObjectName("dayPanel")
        self.overdue_heading = QLabel()
        self.overdue_heading.setObjectName("overdueHeading")
        self.overdue_heading.setWordWrap(True)
        self.overdue_list = ItemList()
        self.overdue_list.setAccessibleName("Overdue items")
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

        day_box = QWidget()
        day_column = QVBoxLayout(day_box)
        day_column.setContentsMargins(0, 0, 0, 0)
        self.overdue_box = QWidget()
        overdue_column = QVBoxLayout(self.overdue_box)
        overdue_column.setContentsMargins(0, 0, 0, 0)
        overdue_column.addWidget(self.overdue_heading)
        overdue_column.addWidget(self.overdue_list)
        day_column.addWidget(self.overdue_box)
        day_column.addWidget(self.heading)
        day_column.addWidget(self.list, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(day_box)
        split.addWidget(self.details)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        self.items: list[CalItem] = []
        self.overdue: list[CalItem] = []
        self._key: str | None = None
        for items in (self.list, self.overdue_list):
            items.current_key_changed.connect(
                lambda key, source=items: self._current_changed(key, source)
            )
            items.activated_key.connect(self.item_actions.open)
            items.context_requested.connect(lambda k, p: self.item_actions.popup(k, p, self))
        self._update_buttons(None)

    def set_day(
        self,
        day: date,
        items: list[CalItem],
        key: str | None,
        today: date,
        overdue: list[CalItem] | None = None,
        overdue_total: int = 0,
    ) -> None:
        """The day's ``items`` under the ``overdue`` ones (those of other days: the first few,
        of ``overdue_total``), ``key`` the current one."""
        self.items = items
        self.overdue = [item for item in overdue or [] if item.day != day]
        prefix = "Today — " if day == today else ""
        count = f"{len(items)} item{'s' if len(items) != 1 else ''}" if items else "nothing"
        self.heading.setText(f"<b>{prefix}{fmt.long_day_text(day)}</b> · {count}")
        in_day = any(item.key == key for item in items)
        self.list.set_items(items, key if in_day else None, day=day)
        self.overdue_list.set_items(self.overdue, None if in_day else key, day=day)
        self._show_overdue(overdue_total - (len(overdue or []) - len(self.overdue)))
        self._key = key if in_day or any(i.key == key for i in self.overdue) else None
        self._show(self._key)

    def _show_overdue(self, total: int) -> None:
        self.overdue_box.setVisible(bool(self.overdue))
        if not self.overdue:
            return
        more = total - len(self.overdue)
        words = f"{total} item{'s' if total != 1 else ''} before today"
        if more > 0:
            words += f"; the oldest {len(self.overdue)} here, all of them in Today"
        self.overdue_heading.setText(f"<b>Overdue</b> · {words}")
        rows = min(len(self.overdue), OVERDUE_ROWS)
        row = max(self.overdue_list.sizeHintForRow(0), self.fontMetrics().height() * 2)
        self.overdue_list.setFixedHeight(rows * row + 2 * self.overdue_list.frameWidth())

    def current_item(self) -> CalItem | None:
        return next((i for i in self.items + self.overdue if i.key == self._key), None)

    def _current_changed(self, key: str | None, source: ItemList) -> None:
        if key is not None:  # one current item across both lists
            other = self.overdue_list if source is self.list else self.list
            other.selectionModel().blockSignals(True)
            other.setCurrentIndex(QModelIndex())
            other.clearSelection()
            other.selectionModel().blockSignals(False)
        self._key = key
        self._show(key)
        self.key_changed.emit(key)

    def _show(self, key: str | None) -> None:
        item = next((i for i in self.items + self.overdue if i.key == key), None)
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
