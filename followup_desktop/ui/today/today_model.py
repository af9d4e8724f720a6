"""The Today list as a flat table model: a heading row per group, then its items, each read from
the store only when its row is drawn (ui/today/rows.py says which row is what)."""

from __future__ import annotations

from datetime import date, tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPalette

from followup_desktop.store.today_query import OVERDUE, TODAY, TodayGroups, TodayItem
from followup_desktop.ui.common import fmt
from followup_desktop.ui.today.rows import Entry, TodayRows, item_cells, tooltip, waiting_cells

COLUMNS = ("What", "Who", "When", "Why")
COL_WHAT, COL_WHO, COL_WHEN, COL_WHY = range(len(COLUMNS))
#: The id of a row's follow-up ("" for a heading or an application waiting for a reply).
KEY_ROLE = Qt.ItemDataRole.UserRole
#: (light palette, dark palette) text colours of the groups that need the user today.
GROUP_COLORS = {OVERDUE: ("#b91c1c", "#f87171"), TODAY: ("#b45309", "#fbbf24")}


class TodayModel(QAbstractTableModel):
    """Read-only rows over a :class:`TodayGroups` reading; texts made for the rows Qt asks."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows = TodayRows()
        self.zone: tzinfo = fmt.safe_zone(None)
        self.today = date.min
        self._texts: dict[int, tuple[str, ...]] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self.set_palette(QGuiApplication.palette())

    def set_palette(self, palette: QPalette) -> None:
        """Group colours for a light or a dark palette."""
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        self.colors = {group: QBrush(QColor(pair[dark])) for group, pair in GROUP_COLORS.items()}
        self.heading_brush = QBrush(palette.color(QPalette.ColorRole.WindowText))

    def set_groups(
        self, groups: TodayGroups, zone: tzinfo, today: date, *, waiting: bool = True
    ) -> None:
        rows = TodayRows(groups, waiting=waiting)  # read before the reset: it may fail
        self.beginResetModel()
        self.rows, self.zone, self.today = rows, zone, today
        self._texts = {}
        self.endResetModel()

    def entry(self, row: int) -> Entry | None:
        return self.rows.entry(row)

    # --- Qt's questions ---------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid() or self.rows.at(index.row())[1] < 0:
            return Qt.ItemFlag.NoItemFlags  # a heading: the arrow keys pass over it
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        group, position = self.rows.at(row)
        if position < 0:
            return self._heading(row, group, column, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells(row)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            entry = self.entry(row)
            return tooltip(entry, self.zone) if entry is not None else None
        if role == KEY_ROLE:
            entry = self.entry(row)
            return entry.id if isinstance(entry, TodayItem) else ""
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_WHEN and group in self.colors:
            return self.colors[group]
        return None

    def _heading(self, row: int, group: str, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            return self.rows.heading(row)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.colors.get(group, self.heading_brush)
        return None

    def _cells(self, row: int) -> tuple[str, ...]:
        texts = self._texts.get(row)
        if texts is None:
            entry = self.entry(row)
            if entry is None:
                texts = ("",) * len(COLUMNS)
            elif isinstance(entry, TodayItem):
                texts = item_cells(entry, self.zone)
            else:
                texts = waiting_cells(entry, self.zone)
            self._texts[row] = texts
        return texts
