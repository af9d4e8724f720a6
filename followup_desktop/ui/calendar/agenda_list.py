"""The agenda: what is overdue first (whatever month is shown), then the listed days (from today
in the current month, the whole month otherwise) with a heading per day that has items (today
always).

A flat model over the loaded range (no item widgets), so a month of thousands of follow-ups
lists as fast as it loads.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from followup_desktop.ui.calendar.chip_style import OVERDUE_COLOR, TODAY_COLOR, marks
from followup_desktop.ui.calendar.day_popup import kind_icon
from followup_desktop.ui.calendar.range_items import Overdue, RangeItems
from followup_desktop.ui.calendar.rows import (
    INTERVIEW,
    SHORT_KIND,
    CalItem,
    both_times,
    other_zone_differs,
    outside_waking_hours,
    state_line,
    tooltip,
)
from followup_desktop.ui.common import fmt

COLUMNS = ("Time", "What", "Person", "Company", "State and times")
KEY_ROLE = Qt.ItemDataRole.UserRole
DAY_ROLE = Qt.ItemDataRole.UserRole + 1
#: The "day" of the overdue section's rows (before any day), and the position of its last row
#: when more are overdue than it lists.
OVERDUE_DAY = date.min
MORE = -2


class AgendaModel(QAbstractTableModel):
    """Rows: a heading per day that has items (and today), then that day's items. An item is
    read from the store only when its row is drawn."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[date, int, int]] = []  # (day, index in the day or -1, count)
        self.items: RangeItems | None = None
        self.overdue: list[CalItem] = []  # the overdue section's items (OVERDUE_DAY rows)
        self.today = date.min

    def set_days(
        self, items: RangeItems, days: list[date], today: date, overdue: Overdue | None = None
    ) -> None:
        self.beginResetModel()
        self.items, self.today = items, today
        self.rows = []
        self.overdue = overdue.outside(days) if overdue is not None else []
        if self.overdue and overdue is not None:  # those on a listed day are listed there
            listed = len(overdue.items) - len(self.overdue)
            total = overdue.total - listed
            self.rows.append((OVERDUE_DAY, -1, total))
            self.rows += [(OVERDUE_DAY, index, 0) for index in range(len(self.overdue))]
            if total > len(self.overdue):
                self.rows.append((OVERDUE_DAY, MORE, total - len(self.overdue)))
        for day in days:
            count = len(items.get(day, []))
            if count or day == today:
                self.rows.append((day, -1, count))
                self.rows += [(day, index, 0) for index in range(count)]
        self.endResetModel()

    def item(self, row: int) -> CalItem | None:
        day, index, _count = self.rows[row]
        if index < 0:
            return None
        if day == OVERDUE_DAY:
            return self.overdue[index]
        assert self.items is not None  # the rows come from set_days()
        return self.items.get(day)[index]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def heading(self, day: date, count: int) -> str:
        if day == OVERDUE_DAY:
            return f"Overdue  ({count})"
        text = fmt.long_day_text(day)
        if day == self.today:
            text = f"Today — {text}"
        return f"{text}  ({count})" if count else f"{text}: nothing due"

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        day, position, count = self.rows[index.row()]
        column = index.column()
        if role == DAY_ROLE:
            return day
        if position == MORE:
            return self._more_data(count, column, role)
        if position < 0:
            return self._heading_data(day, count, column, role)
        item = self.item(index.row())
        assert item is not None  # position >= 0: the row of an item, not a heading
        if role == KEY_ROLE:
            return item.key
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(item)
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return kind_icon(item.kind)
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.state == "overdue":
                return QBrush(OVERDUE_COLOR)
            if item.state in ("done", "skipped", "cancelled"):
                return QBrush(QColor("#6b7280"))
        if role == Qt.ItemDataRole.FontRole and item.state in ("skipped", "cancelled", "due"):
            font = QFont()
            font.setStrikeOut(item.state != "due")
            font.setBold(item.state == "due")
            return font
        return None

    def _heading_data(self, day: date, count: int, column: int, role):
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            return self.heading(day, count)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and day == self.today:
            return QBrush(TODAY_COLOR)
        if role == Qt.ItemDataRole.ForegroundRole and day == OVERDUE_DAY:
            return QBrush(OVERDUE_COLOR)
        return None

    @staticmethod
    def _more_data(count: int, column: int, role):
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            return f"{count} more overdue: Today (Ctrl+1) lists every one"
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#6b7280"))
        return None

    def _cell(self, item: CalItem, column: int) -> str:
        if column == 0:
            if item.day != self.today and item.state == "overdue":  # under "Overdue": its day
                return f"{fmt.day_text(item.day)} {fmt.time_text(item.start)}"
            return fmt.time_text(item.start)
        if column == 1:
            return marks(item) + SHORT_KIND.get(item.kind, fmt.kind_words(item.kind))
        if column == 2:
            return item.person
        if column == 3:
            role = f" · {item.role}" if item.role and item.kind == INTERVIEW else ""
            return item.company + role
        text = state_line(item)
        if other_zone_differs(item) and outside_waking_hours(item.start):
            text += f" · {both_times(item)}"
        return text

    def row_of(self, key: str) -> int:
        """The row of an item already read (shown or selected), or -1."""
        for number, item in enumerate(self.overdue, start=1):
            if item.key == key:
                return number
        items = self.items
        found = items.find(key) if items is not None else None
        if items is None or found is None:
            return -1
        heading = self.row_of_day(found.day)
        if heading < 0 or self.rows[heading][0] != found.day:
            return -1
        day_items = items.get(found.day)
        for offset in range(len(day_items)):
            if items.has(day_items.entries[offset]) and day_items[offset].key == key:
                return heading + 1 + offset
        return -1

    def row_of_day(self, day: date) -> int:
        """The heading of ``day``, or of the first listed day after it (-1: none)."""
        for n, (d, position, _c) in enumerate(self.rows):
            if position == -1 and d >= day and d != OVERDUE_DAY:
                return n
        return -1


class AgendaList(QTableView):
    """The agenda list; arrows move, PgUp/PgDn change month, T goes to today."""

    navigate = Signal(str, int)
    selection_moved = Signal(object, object)  # date, key or None
    item_activated = Signal(str)
    context_requested = Signal(str, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = AgendaModel(self)
        self.setModel(self.model_)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName("Agenda")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.verticalHeader().hide()
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no row is measured
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setHighlightSections(False)
        self.selectionModel().currentRowChanged.connect(self._moved)
        self.activated.connect(self._activated)
        self.customContextMenuRequested.connect(self._context)

    def set_days(
        self, items: RangeItems, days: list[date], today: date, overdue: Overdue | None = None
    ) -> None:
        self.clearSpans()
        self.model_.set_days(items, days, today, overdue)
        for row, (_d, position, _c) in enumerate(self.model_.rows):
            if position < 0:  # a day's heading runs across the row
                self.setSpan(row, 0, 1, len(COLUMNS))
        metrics = self.fontMetrics()
        widths = (
            "Mon 30 Nov 00:00__" if self.model_.overdue else "00:00__",
            "! ✎ ☾ 2nd follow-up___",
            "Priya Natarajan, Omar",
            "Northwind Labs · Site",
        )
        for column, sample in enumerate(widths):
            self.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)

    def select(self, day: date, key: str | None) -> None:
        row = self.model_.row_of(key) if key else -1
        if row < 0:
            row = self.model_.row_of_day(day)
        if row < 0:
            return
        index = self.model_.index(row, 0)
        self.selectionModel().blockSignals(True)
        self.setCurrentIndex(index)
        self.selectionModel().blockSignals(False)
        self.updateGeometries()  # the scroll range of the new rows, before scrolling in it
        heading = self.model_.row_of_day(day)
        if heading == self.model_.row_of_day(date.min) or row <= heading:
            heading = 0  # the first listed day (or an overdue item): overdue stays in view
        if heading >= 0:  # the day's heading at the top, then its item in view
            self.scrollTo(self.model_.index(heading, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def key_at(self, row: int) -> str | None:
        if not 0 <= row < len(self.model_.rows):
            return None
        item = self.model_.item(row)
        return item.key if item else None

    def _moved(self, current: QModelIndex, _previous=None) -> None:
        """The current row moved: (its day, or None in the overdue section; its item's key)."""
        if current.isValid():
            day = self.model_.rows[current.row()][0]
            self.selection_moved.emit(
                None if day == OVERDUE_DAY else day, self.key_at(current.row())
            )

    def _activated(self, index: QModelIndex) -> None:
        key = self.key_at(index.row())
        if key:
            self.item_activated.emit(key)

    def _context(self, pos: QPoint) -> None:
        key = self.key_at(self.indexAt(pos).row())
        if key:
            self.context_requested.emit(key, self.viewport().mapToGlobal(pos))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.navigate.emit("month", -1 if key == Qt.Key.Key_PageUp else 1)
        elif key == Qt.Key.Key_T and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            self.navigate.emit("today", 0)
        elif key == Qt.Key.Key_Menu or (
            key == Qt.Key.Key_F10 and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            row = self.currentIndex().row()
            item_key = self.key_at(row)
            if item_key:
                rect = self.visualRect(self.currentIndex())
                self.context_requested.emit(item_key, self.viewport().mapToGlobal(rect.center()))
        else:
            super().keyPressEvent(event)
