"""The pipeline as a board: one column per stage, one card per application.

A card dragged to another column, or moved with the view's "Move to stage" menu, changes the
application's stage (the view does the write). Columns show at most ``CARDS_PER_COLUMN`` cards;
the search box narrows a crowded board.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.model import Stage
from followup_desktop.ui.common import fmt
from followup_desktop.ui.pipeline.rows import PipelineRow

CARDS_PER_COLUMN = 200
ID_ROLE = Qt.ItemDataRole.UserRole
COLUMN_WIDTH = 100  # an empty stage stays this narrow; the busy ones share the rest
BUSY_STRETCH = 4


def card_text(row: PipelineRow, zone) -> str:
    lines = [row.company, row.role or "—"]
    item = row.next_followup
    if item is not None:
        day = item.due.astimezone(zone).date()
        badge = f" — {row.badge}" if row.badge else ""
        lines.append(f"{fmt.kind_words(item.kind)}, {fmt.day_text(day)}{badge}")
    else:
        lines.append("Nothing planned")
    return "\n".join(lines)


class StageColumn(QListWidget):
    """One stage's cards; accepts cards dropped from the other columns."""

    dropped = Signal(str, str)  # application id, stage

    def __init__(self, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setObjectName(f"board_{stage}")
        self.setAccessibleName(f"{fmt.words(fmt.STAGE_WORDS, stage)} applications")
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setSpacing(4)
        self.setUniformItemSizes(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fit_cards(self) -> None:
        """Give each card the height its wrapped text needs at the column's width."""
        # the item padding of the app's stylesheet and the view's margins come off the width
        width = max(self.viewport().width() - 2 * self.spacing() - 16, 40)
        metrics = self.fontMetrics()
        flags = Qt.TextFlag.TextWordWrap
        for index in range(self.count()):
            item = self.item(index)
            rect = metrics.boundingRect(QRect(0, 0, width, 10_000), flags, item.text())
            item.setSizeHint(QSize(width, rect.height() + 12))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_cards()

    def dropEvent(self, event: QDropEvent) -> None:
        source = event.source()
        if isinstance(source, StageColumn) and source is not self and source.currentItem():
            self.dropped.emit(source.currentItem().data(ID_ROLE), str(self.stage))
        event.ignore()  # the view re-reads the store; Qt must not move the item itself


class PipelineBoard(QScrollArea):
    """Columns of cards. ``activated``: a card opened (Enter / double-click)."""

    activated = Signal(str)
    moved = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.columns: dict[str, StageColumn] = {}
        self.headers: dict[str, QLabel] = {}
        self.holders: dict[str, QWidget] = {}
        self.last: str | None = None  # the card chosen last, whichever column it is in
        content = QWidget()
        row = QHBoxLayout(content)
        row.setContentsMargins(0, 0, 0, 0)
        self._columns_row = row  # the layout of the scroll area's widget
        for stage in Stage:
            column = StageColumn(stage)
            header = QLabel()
            bold = header.font()
            bold.setBold(True)
            header.setFont(bold)
            header.setWordWrap(True)
            header.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            header.setFixedHeight(header.fontMetrics().lineSpacing() * 2 + 4)  # all alike
            header.setBuddy(column)
            box = QVBoxLayout()
            box.addWidget(header)
            box.addWidget(column, 1)
            holder = QWidget()
            holder.setLayout(box)
            holder.setMinimumWidth(COLUMN_WIDTH)
            row.addWidget(holder, 1)
            self.holders[str(stage)] = holder
            self.columns[str(stage)] = column
            self.headers[str(stage)] = header
            column.itemActivated.connect(lambda item: self.activated.emit(item.data(ID_ROLE)))
            column.dropped.connect(self.moved)
            column.currentItemChanged.connect(self._chosen)
        self.setWidget(content)

    def set_rows(self, rows: list[PipelineRow], zone, muted: QBrush, warn: dict) -> None:
        by_stage: dict[str, list[PipelineRow]] = {key: [] for key in self.columns}
        for row in rows:
            by_stage.setdefault(str(row.stage), []).append(row)
        for key, holder in self.holders.items():
            self._columns_row.setStretchFactor(holder, BUSY_STRETCH if by_stage.get(key) else 1)
        for key, column in self.columns.items():
            selected = self.last
            column.blockSignals(True)
            column.clear()
            cards = by_stage.get(key, [])
            for row in cards[:CARDS_PER_COLUMN]:
                item = QListWidgetItem(card_text(row, zone))
                item.setData(ID_ROLE, row.application)
                item.setToolTip(row.next_followup.reason if row.next_followup else row.title)
                if row.badge:
                    item.setForeground(warn[row.badge])
                elif not row.active:
                    item.setForeground(muted)
                column.addItem(item)
                if row.application == selected:
                    column.setCurrentItem(item)
            column.blockSignals(False)
            column.fit_cards()
            more = len(cards) - CARDS_PER_COLUMN
            title = f"{fmt.words(fmt.STAGE_WORDS, key)} ({len(cards)})"
            self.headers[key].setText(title + (f" — first {CARDS_PER_COLUMN}" if more > 0 else ""))

    @staticmethod
    def current_in(column: StageColumn) -> str | None:
        item = column.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def _chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self.last = item.data(ID_ROLE)

    def current_application(self) -> str | None:
        focused = next((c for c in self.columns.values() if c.hasFocus()), None)
        if focused is not None and focused.currentItem() is not None:
            return self.current_in(focused)
        return self.last

    def select(self, application_id: str) -> bool:
        for column in self.columns.values():
            for index in range(column.count()):
                if column.item(index).data(ID_ROLE) == application_id:
                    column.setCurrentRow(index)
                    column.setFocus()
                    return True
        return False

    def first_column(self) -> StageColumn:
        return next((c for c in self.columns.values() if c.count()), self.columns["applied"])
