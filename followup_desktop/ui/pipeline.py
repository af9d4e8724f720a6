"""Pipeline: every application, its stage and what is next, sortable and filterable."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from followup_desktop.core.model import Stage
from followup_desktop.store import queries
from followup_desktop.ui import fmt
from followup_desktop.ui.pipeline_data import (
    STAGE_ORDER,
    PipelineRow,
    matching_applications,
    pipeline_rows,
)
from followup_desktop.ui.widgets import Now, View, empty_state, heading

COLUMNS = ("Company", "Role", "Stage", "Next follow-up", "Due", "Last contact", "Since reply")
COL_COMPANY, COL_ROLE, COL_STAGE, COL_NEXT, COL_DUE, COL_CONTACT, COL_REPLY = range(7)
#: Sort keys are never None (mixed types do not sort in Qt): missing values sort last.
LAST = "~"
NEVER = 10**9
#: Stage filter entries: (label, value) where value is None (all), "active" or a Stage.
ACTIVE = "active"
EMPTY_TEXT = (
    "No applications yet.\n\n"
    "Add your job search with File › Import… (a Follow-up Desktop .json file), "
    "or start the app with --demo to explore it with sample data."
)
OVERDUE_COLOR = QColor("#b91c1c")
DUE_COLOR = QColor("#b45309")


class PipelineModel(QAbstractTableModel):
    """Read-only table of :class:`PipelineRow`; ``Qt.UserRole`` gives the sort key."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PipelineRow] = []
        # Texts and sort keys are computed once per refresh: sorting and sizing ask thousands
        # of times, and a Python call per question is what makes a big table slow.
        self._texts: list[tuple[str, ...]] = []
        self._keys: list[tuple[str | int, ...]] = []
        self.sort_column, self.sort_order = COL_DUE, Qt.SortOrder.AscendingOrder
        self.zone = fmt.safe_zone(None)
        self.zone_name = "UTC"
        self.today = date.min
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[PipelineRow], zone_name: str, now: datetime) -> None:
        self.beginResetModel()
        self.rows, self.zone_name = rows, zone_name
        self.zone = fmt.safe_zone(zone_name)
        self.today = now.astimezone(self.zone).date()
        self._fill(rows)
        self.endResetModel()

    def _fill(self, rows: list[PipelineRow]) -> None:
        columns = range(len(COLUMNS))
        keyed = sorted(
            ((tuple(self._sort_key(r, c) for c in columns), r) for r in rows),
            key=lambda pair: pair[0][self.sort_column],
            reverse=self.sort_order == Qt.SortOrder.DescendingOrder,
        )
        self.rows = [row for _, row in keyed]
        self._keys = [keys for keys, _ in keyed]
        self._texts = [tuple(self._text(row, c) for c in columns) for row in self.rows]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python on the precomputed keys (stable, so ties keep the previous order)."""
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        self._fill(self.rows)
        self.layoutChanged.emit()

    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            if section == COL_DUE:
                return f"When the next follow-up is due, in {fmt.zone_label(self.zone_name)}"
            if section == COL_REPLY:
                return "Days since the employer last replied"
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][column]
        if role == Qt.ItemDataRole.UserRole:
            return self._keys[index.row()][column]
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_NEXT, COL_DUE):
            return row.next_followup.reason if row.next_followup else None
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_DUE and row.badge:
            return QBrush(OVERDUE_COLOR if row.badge == "overdue" else DUE_COLOR)
        if role == Qt.ItemDataRole.FontRole and column == COL_DUE and row.badge:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return QBrush(QColor("#6b7280"))
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
            text = fmt.instant_text(item.due, self.zone)
            return f"{text}  ({row.badge})" if row.badge else text
        if column == COL_CONTACT:
            if row.last_contact is None:
                return "—"
            day = row.last_contact.astimezone(self.zone).date()
            return fmt.day_text(day, year=day.year != self.today.year)
        if row.days_since_reply is None:
            return "no reply yet"
        return fmt.relative_days(row.days_since_reply) if row.days_since_reply else "today"

    def _sort_key(self, row: PipelineRow, column: int) -> str | int:
        if column == COL_COMPANY:
            return row.company.casefold()
        if column == COL_ROLE:
            return row.role.casefold()
        if column == COL_STAGE:
            return STAGE_ORDER.get(row.stage, NEVER)
        if column == COL_NEXT:
            return fmt.kind_words(row.next_followup.kind) if row.next_followup else LAST
        if column == COL_DUE:
            return row.next_followup.due.isoformat() if row.next_followup else LAST
        if column == COL_CONTACT:
            return row.last_contact.isoformat() if row.last_contact else ""
        return NEVER if row.days_since_reply is None else row.days_since_reply


class PipelineFilter(QSortFilterProxyModel):
    """Stage filter plus search (full-text hits or plain match on company and role)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage: str | None = None
        self.needle = ""
        self.hits: set[str] = set()
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (fast); this proxy only filters, keeping the source order."""
        self.sourceModel().sort(column, order)

    def set_filter(self, stage: str | None, needle: str, hits: set[str]) -> None:
        self.beginFilterChange()
        self.stage, self.needle, self.hits = stage, needle.casefold(), hits
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        row: PipelineRow = self.sourceModel().rows[source_row]
        if self.stage == ACTIVE and not row.active:
            return False
        if self.stage not in (None, ACTIVE) and row.stage != self.stage:
            return False
        if self.needle:
            return row.application in self.hits or row.matches_text(self.needle)
        return True


class PipelineView(View):
    """The pipeline table with its search box and stage filter."""

    #: An application was activated (double-click or Enter): its id.
    open_application = Signal(str)

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search companies, roles, people, notes…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search applications")
        self.stage = QComboBox()
        self.stage.setAccessibleName("Stage filter")
        self.stage.addItem("All stages", None)
        self.stage.addItem("Active only", ACTIVE)
        for stage in Stage:
            self.stage.addItem(fmt.words(fmt.STAGE_WORDS, stage), str(stage))
        self.count = QLabel()
        self.count.setObjectName("countLabel")

        self.model = PipelineModel(self)
        self.proxy = PipelineFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_DUE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (COL_COMPANY, COL_ROLE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setResizeContentsPrecision(200)  # size columns from a sample of rows
        self.table.setTabKeyNavigation(False)
        self.table.setAccessibleName("Applications")
        self.table.activated.connect(self._activated)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.empty = empty_state(EMPTY_TEXT)
        self.pages.addWidget(self.empty)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.stage)
        bar.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Pipeline"))
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)
        self.setTabOrder(self.search, self.stage)
        self.setTabOrder(self.stage, self.table)

        self.search.textChanged.connect(self._apply_filter)
        self.stage.currentIndexChanged.connect(self._apply_filter)

    def first_focus(self) -> QWidget:
        return self.table if self.model.rows else self.search

    def refresh(self) -> None:
        now = self.now()
        zone_name = queries.get_profile(self.db).timezone
        self.model.set_rows(pipeline_rows(self.db, now, fmt.safe_zone(zone_name)), zone_name, now)
        self._apply_filter()

    def _apply_filter(self) -> None:
        text = self.search.text().strip()
        hits = matching_applications(self.db, text) if text else set()
        self.proxy.set_filter(self.stage.currentData(), text, hits)
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.pages.setCurrentWidget(self.table if total else self.empty)
        self.search.setEnabled(bool(total))
        self.stage.setEnabled(bool(total))
        if not total:
            self.count.setText("")
        elif shown == total:
            self.count.setText(f"{total} application{'s' if total != 1 else ''}")
        else:
            self.count.setText(f"{shown} of {total} shown")

    def visible_applications(self) -> list[str]:
        """Application ids in display order (for tests and the self-test)."""
        return [
            self.model.rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()].application
            for r in range(self.proxy.rowCount())
        ]

    def _activated(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        if source.isValid():
            self.open_application.emit(self.model.rows[source.row()].application)
