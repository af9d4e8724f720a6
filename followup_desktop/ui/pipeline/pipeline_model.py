"""The pipeline's list: a table model holding every application and showing the ones the stage
filter and the search let through, in the chosen order.

Built for 10,000 rows: filtering is one list comprehension (no per-row call from Qt), sort keys
are computed for the sorted column only, and cell texts only for the rows Qt asks about (the
visible ones and a sample for column widths), then kept until the next refresh.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont, QGuiApplication
from PySide6.QtWidgets import QWidget

from followup_desktop.ui.common import fmt
from followup_desktop.ui.pipeline.rows import STAGE_ORDER, PipelineRow
from followup_desktop.ui.pipeline.stage_menu import badge_brushes, muted_brush

COLUMNS = ("Company", "Role", "Stage", "Next follow-up", "Due", "Last contact", "Since reply")
COL_COMPANY, COL_ROLE, COL_STAGE, COL_NEXT, COL_DUE, COL_CONTACT, COL_REPLY = range(7)
#: Sort keys are never None (mixed types do not sort): missing values sort last.
LAST = "~"
NEVER = 10**9
#: The stage filter's value for "every stage not ended".
ACTIVE = "active"


class PipelineModel(QAbstractTableModel):
    """Read-only table of the :class:`PipelineRow` s that pass the filter; ``UserRole``: the
    sort key of a cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.all_rows: list[PipelineRow] = []  # every application, in the sort order
        self.rows: list[PipelineRow] = []  # the ones shown
        self._texts: dict[str, tuple[str, ...]] = {}
        self.sort_column, self.sort_order = COL_DUE, Qt.SortOrder.AscendingOrder
        self.stage: str | None = None
        self.needle = ""
        self.hits: set[str] = set()
        self.zone = fmt.safe_zone(None)
        self.zone_name = "UTC"
        self.today = date.min
        self._bold = QFont()
        self._bold.setBold(True)
        palette = QGuiApplication.palette()
        self.badges = badge_brushes(palette)
        self.muted: QBrush = muted_brush(palette)

    # --- contents ---------------------------------------------------------------------------

    def set_rows(self, rows: list[PipelineRow], zone_name: str, now: datetime) -> None:
        self.zone_name = zone_name
        self.zone = fmt.safe_zone(zone_name)
        self.today = now.astimezone(self.zone).date()
        self._texts = {}
        self.all_rows = self._sorted(rows)
        self._show()

    def set_filter(self, stage: str | None, needle: str, hits: set[str]) -> None:
        self.stage, self.needle, self.hits = stage, needle.casefold(), hits
        self._show()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Called by the table's header: sort every row (stable: ties keep their order)."""
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_column, self.sort_order = column, order
        self.all_rows = self._sorted(self.all_rows)
        self._show()

    def _sorted(self, rows: list[PipelineRow]) -> list[PipelineRow]:
        column = self.sort_column
        return sorted(
            rows,
            key=lambda row: self.sort_key(row, column),
            reverse=self.sort_order == Qt.SortOrder.DescendingOrder,
        )

    def _show(self) -> None:
        stage, needle, hits = self.stage, self.needle, self.hits
        rows = self.all_rows
        if stage == ACTIVE:
            rows = [r for r in rows if r.active]
        elif stage is not None:
            rows = [r for r in rows if r.stage == stage]
        if needle:
            rows = [r for r in rows if r.application in hits or needle in r.folded]
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    # --- Qt's questions ---------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            if section == COL_DUE:
                return (
                    "When the next follow-up is due: the employer's time, and yours "
                    f"({fmt.zone_label(self.zone_name)}) in brackets when it differs"
                )
            if section == COL_REPLY:
                return "Days since the employer last replied"
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self._texts.get(row.application)
            if texts is None:
                texts = tuple(self._text(row, c) for c in range(len(COLUMNS)))
                self._texts[row.application] = texts
            return texts[column]
        if role == Qt.ItemDataRole.UserRole:
            return self.sort_key(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_NEXT, COL_DUE):
            return row.next_followup.reason if row.next_followup else None
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_DUE and row.badge:
            return self.badges[row.badge]
        if role == Qt.ItemDataRole.FontRole and column == COL_DUE and row.badge:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return self.muted
        return None

    def _text(self, row: PipelineRow, column: int) -> str:
        item = row.next_followup
        if column == COL_COMPANY:
            return row.company
        if column == COL_ROLE:
            return row.role
        if column == COL_STAGE:
            return fmt.words(fmt.STAGE_WORDS, row.stage)
        if column == COL_NEXT:
            if item is None:
                return "—"
            person = f" · {row.next_person}" if row.next_person else ""
            return fmt.kind_words(item.kind) + person
        if column == COL_DUE:
            if item is None:
                return ""
            text = fmt.both_zones(item.due, item.timezone, self.zone)
            if row.badge:  # 'overdue', 'due today'
                text += f" · {fmt.words(fmt.STATUS_WORDS, row.badge).lower()}"
            return text
        if column == COL_CONTACT:
            contact = row.last_contact
            if contact is None:
                return "—"
            day = contact.astimezone(self.zone).date()
            return fmt.day_text(day, year=day.year != self.today.year)
        if row.days_since_reply is None:
            return "no reply yet"
        return fmt.relative_days(row.days_since_reply) if row.days_since_reply else "today"

    @staticmethod
    def sort_key(row: PipelineRow, column: int) -> str | int:
        if column == COL_COMPANY:
            return row.company.casefold()
        if column == COL_ROLE:
            return row.role.casefold()
        if column == COL_STAGE:
            return STAGE_ORDER.get(row.stage, NEVER)
        if column == COL_NEXT:
            return fmt.kind_words(row.next_followup.kind) if row.next_followup else LAST
        if column == COL_DUE:  # stored UTC text: text order is time order
            return row.next_followup.due_text if row.next_followup else LAST
        if column == COL_CONTACT:
            return row.last_contact_text or ""
        return NEVER if row.days_since_reply is None else row.days_since_reply
