"""The pipeline as a board: one column per stage, one card per application.

A card shows the company, the role, the next follow-up and a due badge ("Overdue", "Due
today"). Dragged to another column it changes the application's stage: the column emits
``dropped`` and the board ``moved``, and the view makes the change (through
``stage_change.change_stage``, one transaction, re-planned). The keyboard way is the view's
"Move to stage" menu (and the context menu). Columns show at most ``CARDS_PER_COLUMN`` cards;
the search box narrows a crowded board.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import NamedTuple

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.model import Stage
from followup_desktop.ui.common import fmt
from followup_desktop.ui.pipeline.rows import PipelineRow

CARDS_PER_COLUMN = 200
ID_ROLE = Qt.ItemDataRole.UserRole
CARD_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMN_WIDTH = 100  # an empty stage stays this narrow; the busy ones share the rest
BUSY_STRETCH = 4
#: What a dragged card carries: the application's id.
MIME_TYPE = "application/x-followup-desktop-application"
#: Inside a card: the padding, the gap between cards, the width of the badge's stripe.
PAD, GAP, STRIPE = 8, 6, 4
BADGE_WORDS = {"overdue": "Overdue", "due": "Due today"}


class Card(NamedTuple):
    """What one card shows (made from a PipelineRow when the board is filled)."""

    company: str
    role: str
    next_line: str  # 'Thank-you to Dana Lee' / 'Nothing planned'
    day: str  # 'Tue 24 Nov' ('' when nothing is planned)
    badge: str  # 'overdue', 'due' or ''
    active: bool


def card_of(row: PipelineRow, zone: tzinfo) -> Card:
    item = row.next_followup
    if item is None:
        return Card(row.company, row.role or "—", "Nothing planned", "", "", row.active)
    who = f" to {item.person}" if item.person else ""
    day = fmt.day_text(item.due.astimezone(zone).date())
    what = f"{fmt.kind_words(item.kind)}{who}"
    return Card(row.company, row.role or "—", what, day, row.badge, row.active)


def card_text(row: PipelineRow, zone: tzinfo) -> str:
    """The card in words (what a screen reader says, and what a search of the text finds):
    'Acme Corp\\nBackend Engineer\\nThank-you to Dana Lee, Fri 20 Nov — overdue'."""
    card = card_of(row, zone)
    if not card.day:
        return "\n".join((card.company, card.role, card.next_line))
    badge = f" — {BADGE_WORDS[card.badge].lower()}" if card.badge else ""
    return "\n".join((card.company, card.role, f"{card.next_line}, {card.day}{badge}"))


def card_tooltip(row: PipelineRow, zone: tzinfo) -> str:
    item = row.next_followup
    if item is None:
        return f"{row.title}\nNothing planned. Drag the card to another stage to change it."
    local = item.due.astimezone(zone)
    when = f"{fmt.day_text(local.date())} {fmt.time_text(local)} your time"
    lines = [row.title, f"Next: {card_of(row, zone).next_line}, {when}", item.reason]
    lines.append("Drag the card to another stage to change it.")
    return "\n".join(line for line in lines if line)


class CardDelegate(QStyledItemDelegate):
    """Paints an item as a card: a raised box with the company (bold), the role, the next
    follow-up, its day and a coloured badge; colours come from the palette (light or dark)."""

    def __init__(self, parent: QWidget, warn: dict[str, QBrush], muted: QBrush) -> None:
        super().__init__(parent)
        self.warn, self.muted = warn, muted

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = option.fontMetrics.lineSpacing()
        return QSize(option.rect.width(), 4 * line + 2 * PAD + GAP)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        card = index.data(CARD_ROLE)
        if not isinstance(card, Card):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect.adjusted(1, 0, -1, -GAP)
        palette = option.palette
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        border = palette.highlight().color() if selected else palette.mid().color()
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.setBrush(palette.base())
        painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 5, 5)
        if card.badge:
            stripe = QRect(rect.left() + 1, rect.top() + 4, STRIPE, rect.height() - 8)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.warn[card.badge])
            painter.drawRoundedRect(stripe, 2, 2)
        self._texts(painter, rect.adjusted(PAD + 2, PAD - 2, -PAD, -PAD), card, palette)
        painter.restore()

    def _texts(self, painter: QPainter, inner: QRect, card: Card, palette) -> None:
        base_font = QFont(painter.font())
        metrics = painter.fontMetrics()
        line = metrics.lineSpacing()
        text = palette.text().color()
        muted = self.muted.color()
        bold = QFont(base_font)
        bold.setBold(True)
        rows = (
            (card.company, bold, text if card.active else muted),
            (card.role, base_font, muted),
            (card.next_line, base_font, text if card.day and card.active else muted),
        )
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        cut = Qt.TextElideMode.ElideRight
        for number, (words, font, color) in enumerate(rows):
            painter.setFont(font)
            painter.setPen(color)
            box = QRect(inner.left(), inner.top() + number * line, inner.width(), line)
            painter.drawText(box, flags, painter.fontMetrics().elidedText(words, cut, box.width()))
        painter.setFont(base_font)
        box = QRect(inner.left(), inner.top() + 3 * line, inner.width(), line)
        if card.day:
            painter.setPen(text if card.active else muted)
            painter.drawText(box, flags, card.day)
        if card.badge:
            self._badge(painter, box, metrics.horizontalAdvance(card.day + "  "), card.badge)

    def _badge(self, painter: QPainter, box: QRect, after: int, badge: str) -> None:
        """'Overdue' / 'Due today' as a pill after the day (below it when the card is narrow)."""
        small = QFont(painter.font())
        small.setBold(True)
        painter.setFont(small)
        words = BADGE_WORDS[badge]
        width = painter.fontMetrics().horizontalAdvance(words) + 10
        left = box.left() + after if after + width <= box.width() else box.right() - width
        pill = QRect(left, box.top() + 1, min(width, box.width()), box.height() - 2)
        color = self.warn[badge].color()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setPen(QColor("#ffffff") if color.lightness() < 140 else QColor("#111827"))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, words)


class StageColumn(QListWidget):
    """One stage's cards; accepts cards dragged from the other columns."""

    dropped = Signal(str, str)  # application id, stage

    def __init__(self, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setObjectName(f"board_{stage}")
        self.setAccessibleName(f"{fmt.words(fmt.STAGE_WORDS, stage)} applications")
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(False)  # a drop changes the stage, not the order
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)  # cards are Base
        self.tint = QColor()
        self._tint()
        self.drop_target = False  # a card from another column is over this one

    def _tint(self) -> None:
        """The column a shade off the window's colour (light or dark), so an empty one still
        shows where a card can be dropped."""
        palette = self.palette()
        window, text = palette.window().color(), palette.text().color()
        amount = 0.05 if window.lightness() >= 128 else 0.07
        tint = QColor(
            round(window.red() + (text.red() - window.red()) * amount),
            round(window.green() + (text.green() - window.green()) * amount),
            round(window.blue() + (text.blue() - window.blue()) * amount),
        )
        self.tint = tint

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.PaletteChange:  # light <-> dark
            self._tint()
        super().changeEvent(event)

    def contains(self, application_id: str) -> bool:
        return any(self.item(n).data(ID_ROLE) == application_id for n in range(self.count()))

    # --- what a drag carries ----------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, items) -> QMimeData:
        data = QMimeData()
        if items:
            data.setData(MIME_TYPE, QByteArray(str(items[0].data(ID_ROLE)).encode("utf-8")))
        return data

    @staticmethod
    def carried(event: QDropEvent | QDragEnterEvent) -> str | None:
        data = event.mimeData()
        if not data.hasFormat(MIME_TYPE):
            return None
        return bytes(data.data(MIME_TYPE).data()).decode("utf-8") or None

    # --- drops ------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        application = self.carried(event)
        if application is None or self.contains(application):
            event.ignore()
            return
        self._hint(True)
        event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        application = self.carried(event)
        if application is None or self.contains(application):
            event.ignore()
            return
        event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self._hint(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._hint(False)
        application = self.carried(event)
        if application is not None and not self.contains(application):
            self.dropped.emit(application, str(self.stage))
        event.setDropAction(Qt.DropAction.IgnoreAction)  # Qt must not move the item itself:
        event.accept()  # the view re-reads the store

    def _hint(self, on: bool) -> None:
        self.drop_target = on
        self.viewport().update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.tint)
        painter.drawRoundedRect(self.viewport().rect(), 6, 6)
        painter.end()
        super().paintEvent(event)
        if not self.count():  # say what an empty column is for
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            area = self.viewport().rect().adjusted(PAD, PAD, -PAD, 0)
            painter.drawText(area, flags | Qt.TextFlag.TextWordWrap, "Drop a card here")
            painter.end()
        if self.drop_target:  # where the card will land
            painter = QPainter(self.viewport())
            color = self.palette().highlight().color()
            painter.setPen(QPen(color, 2, Qt.PenStyle.DashLine))
            fill = QColor(color)
            fill.setAlpha(30)
            painter.setBrush(fill)
            painter.drawRoundedRect(self.viewport().rect().adjusted(1, 1, -2, -2), 6, 6)
            painter.end()


class PipelineBoard(QScrollArea):
    """Columns of cards. ``activated``: a card opened (Enter / double-click); ``moved``: a card
    dropped on another stage (application id, stage)."""

    activated = Signal(str)
    moved = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.columns: dict[str, StageColumn] = {}
        self.headers: dict[str, QLabel] = {}
        self.holders: dict[str, QWidget] = {}
        self.delegates: list[CardDelegate] = []
        self.last: str | None = None  # the card chosen last, whichever column it is in
        content = QWidget()
        row = QHBoxLayout(content)
        row.setContentsMargins(0, 0, 0, 0)
        self._columns_row = row  # the layout of the scroll area's widget
        for stage in Stage:
            self._add_column(stage)
        self.setWidget(content)

    def _add_column(self, stage: Stage) -> None:
        column = StageColumn(stage)
        delegate = CardDelegate(column, {}, QBrush())
        column.setItemDelegate(delegate)
        self.delegates.append(delegate)
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
        self._columns_row.addWidget(holder, 1)
        self.holders[str(stage)] = holder
        self.columns[str(stage)] = column
        self.headers[str(stage)] = header
        column.itemActivated.connect(lambda item: self.activated.emit(item.data(ID_ROLE)))
        column.dropped.connect(self.moved)
        column.currentItemChanged.connect(self._chosen)

    def set_rows(self, rows: list[PipelineRow], zone, muted: QBrush, warn: dict) -> None:
        for delegate in self.delegates:
            delegate.warn, delegate.muted = warn, muted
        by_stage: dict[str, list[PipelineRow]] = {key: [] for key in self.columns}
        for row in rows:
            by_stage.setdefault(str(row.stage), []).append(row)
        for key, holder in self.holders.items():
            self._columns_row.setStretchFactor(holder, BUSY_STRETCH if by_stage.get(key) else 1)
        for key, column in self.columns.items():
            self._fill(column, by_stage.get(key, []), zone)
            cards = len(by_stage.get(key, []))
            more = cards - CARDS_PER_COLUMN
            title = f"{fmt.words(fmt.STAGE_WORDS, key)} ({cards})"
            self.headers[key].setText(title + (f" — first {CARDS_PER_COLUMN}" if more > 0 else ""))

    def _fill(self, column: StageColumn, cards: list[PipelineRow], zone) -> None:
        selected = self.last
        column.blockSignals(True)
        column.clear()
        for row in cards[:CARDS_PER_COLUMN]:
            item = QListWidgetItem(card_text(row, zone))
            item.setData(ID_ROLE, row.application)
            item.setData(CARD_ROLE, card_of(row, zone))
            item.setToolTip(card_tooltip(row, zone))
            column.addItem(item)
            if row.application == selected:
                column.setCurrentItem(item)
        column.blockSignals(False)

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
