"""Lists of calendar items: the day panel's list and the "+N more" popup of a busy day."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.ui.calendar.chip_style import chip_style, is_dark, kind_color, marks
from followup_desktop.ui.calendar.rows import (
    KIND_MARKS,
    CalItem,
    both_times,
    other_zone_differs,
    state_line,
    title,
    tooltip,
)
from followup_desktop.ui.common import fmt

KEY_ROLE = Qt.ItemDataRole.UserRole
ICON_SIZE = 16
#: Overdue text over a light and over a dark base.
OVERDUE_TEXT = ("#b91c1c", "#f87171")
_ICONS: dict[str, QIcon] = {}


def kind_icon(kind: str) -> QIcon:
    """The kind's colour with its letter, as on the grid's chips."""
    if kind not in _ICONS:
        pixmap = QPixmap(ICON_SIZE, ICON_SIZE)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(kind_color(kind))
        painter.drawRoundedRect(pixmap.rect(), 3, 3)
        font = QFont(painter.font())
        font.setBold(True)
        font.setPixelSize(ICON_SIZE - 5)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, KIND_MARKS.get(kind, "•"))
        painter.end()
        _ICONS[kind] = QIcon(pixmap)
    return _ICONS[kind]


def list_text(item: CalItem, day: date | None = None) -> str:
    """Two lines: '08:30  ! Thank-you · Dana Lee (Acme Corp)' and the state (both times when the
    employer's zone differs: 'Planned · Tue 24 Nov 08:30 Berlin time (01:30 your time)').

    An item not on the list's own ``day`` names its day ('Fri 20 Nov 07:30  ! Thank-you …', as
    in the day panel's list of what is overdue); a list given no day of its own names the day of
    an overdue item (it is never on today's list)."""
    second = state_line(item)
    if other_zone_differs(item):
        second += f" · {both_times(item)}"
    when = fmt.time_text(item.start)
    if (item.day != day) if day is not None else item.state == "overdue":
        when = f"{fmt.day_text(item.day)} {when}"
    return f"{when}  {marks(item)}{title(item)}\n{second}"


class ItemModel(QAbstractListModel):
    """A day's items; texts are made only for the rows on screen."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[CalItem] = []
        self.day: date | None = None  # the list's own day (None: a list of several days)
        self.base_font = QFont()
        self.muted = QColor("#6b7280")
        self.overdue = QColor(OVERDUE_TEXT[0])

    def set_items(self, items: list[CalItem], day: date | None = None) -> None:
        self.beginResetModel()
        self.items, self.day = list(items), day
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.items)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return list_text(item, self.day)
        if role == KEY_ROLE:
            return item.key
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(item)
        if role == Qt.ItemDataRole.DecorationRole:
            return kind_icon(item.kind)
        if role == Qt.ItemDataRole.FontRole:
            style = chip_style(item.kind, item.state)
            font = QFont(self.base_font)
            font.setStrikeOut(style.strike)
            font.setItalic(style.italic)
            font.setBold(item.state in ("overdue", "due"))
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.state == "overdue":
                return QBrush(self.overdue)
            if item.state in ("done", "skipped", "cancelled"):
                return QBrush(self.muted)
        return None


class ItemList(QListView):
    """Items of one day; Enter or double-click opens, the menu key or right-click acts."""

    activated_key = Signal(str)
    context_requested = Signal(str, QPoint)
    current_key_changed = Signal(object)  # str | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = ItemModel(self)
        self.model_.base_font = QFont(self.font())
        self._follow_palette()
        self.setModel(self.model_)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.activated.connect(lambda index: self.activated_key.emit(index.data(KEY_ROLE)))
        self.customContextMenuRequested.connect(self._context)
        self.selectionModel().currentChanged.connect(
            lambda index, _old: self.current_key_changed.emit(
                index.data(KEY_ROLE) if index.isValid() else None
            )
        )

    def _follow_palette(self) -> None:
        self.model_.muted = self.palette().placeholderText().color()
        self.model_.overdue = QColor(OVERDUE_TEXT[is_dark(self.palette())])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # light <-> dark
            self._follow_palette()
        super().changeEvent(event)

    def set_items(
        self, items: list[CalItem], current: str | None = None, day: date | None = None
    ) -> None:
        """Show ``items`` (``day``: the day they are all on, left unsaid on each row)."""
        self.selectionModel().blockSignals(True)
        self.model_.set_items(items, day)
        self.select_key(current)
        self.selectionModel().blockSignals(False)

    def count(self) -> int:
        return self.model_.rowCount()

    def currentRow(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def setCurrentRow(self, row: int) -> None:
        self.setCurrentIndex(self.model_.index(row, 0))

    def text_at(self, row: int) -> str:
        return self.model_.index(row, 0).data()

    def current_key(self) -> str | None:
        index = self.currentIndex()
        return index.data(KEY_ROLE) if index.isValid() else None

    def select_key(self, key: str | None) -> bool:
        for row, item in enumerate(self.model_.items):
            if item.key == key:
                self.setCurrentRow(row)
                return True
        return False

    def keys(self) -> list[str]:
        return [item.key for item in self.model_.items]

    def _context(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        index = index if index.isValid() else self.currentIndex()
        if index.isValid():
            self.context_requested.emit(index.data(KEY_ROLE), self.viewport().mapToGlobal(pos))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Menu or (
            event.key() == Qt.Key.Key_F10 and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            index = self.currentIndex()
            if index.isValid():
                rect = self.visualRect(index)
                self.context_requested.emit(
                    index.data(KEY_ROLE), self.viewport().mapToGlobal(rect.center())
                )
            return
        super().keyPressEvent(event)


class DayPopup(QFrame):
    """Every item of a busy day, opened from '+N more'; closes on Escape or a click outside."""

    def __init__(self, day: date, items: list[CalItem], parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("dayPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        heading = QLabel(f"<b>{fmt.long_day_text(day)}</b> — {len(items)} items")
        layout.addWidget(heading)
        self.list = ItemList(self)
        self.list.setAccessibleName(f"Items of {fmt.long_day_text(day)}")
        self.list.set_items(items, day=day)
        self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        width = max(self.list.sizeHintForColumn(0) + 40, 420)
        rows = min(len(items), 12)
        self.resize(min(width, 640), rows * (self.list.sizeHintForRow(0) + 2) + 60)
        self.list.activated_key.connect(lambda _k: self.close())

    def show_at(self, pos: QPoint) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        x, y = pos.x(), pos.y()
        if screen is not None:
            x = min(max(x, screen.left()), screen.right() - self.width())
            y = min(max(y, screen.top()), screen.bottom() - self.height())
        self.move(x, y)
        self.show()
        self.list.setFocus()
