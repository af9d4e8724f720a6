"""What the month and week grids share: items per day, keyboard, hit tests, drag-and-drop.

A grid is a painted widget (no item widgets), so showing a month with thousands of follow-ups
costs a handful of rectangles per cell. Subclasses lay out cells and chips in ``layout_grid()``
(cached until the size or the data changes) and say where a drop lands in ``drop_target()``.
The grid owns no state beyond what it draws: the calendar view tells it the days, the selected
day and item, and reacts to its signals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QDrag, QKeyEvent, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QSizePolicy, QToolTip, QWidget

from followup_desktop.ui.calendar.chip_style import (
    ChipFonts,
    fitted,
    marks,
    paint_chip,
    state_marks,
    text_room,
)
from followup_desktop.ui.calendar.range_items import DayItems
from followup_desktop.ui.calendar.rows import CalItem, block_text, chip_text, chip_texts, tooltip

MIME_TYPE = "application/x-followup-desktop-item"


@dataclass
class GridLayout:
    """Where things are drawn, for painting and hit tests alike."""

    cells: list[tuple[QRect, date]] = field(default_factory=list)
    chips: list[tuple[QRect, CalItem]] = field(default_factory=list)
    more: list[tuple[QRect, date, int]] = field(default_factory=list)


class CalendarGrid(QWidget):
    """Base of the month and week grids."""

    day_clicked = Signal(object)  # date
    item_clicked = Signal(str)  # key
    item_activated = Signal(str)
    context_requested = Signal(str, QPoint)  # key, global position
    more_requested = Signal(object, QPoint)  # date, global position
    item_dropped = Signal(str, object)  # key, date (month) or naive local datetime (week)
    navigate = Signal(str, int)  # "day" / "month" / "today", amount
    day_activated = Signal(object)  # date (Enter on a day)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # every pixel is painted here
        self.setAcceptDrops(True)
        self.setMouseTracking(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.days: list[date] = []
        self.items: Mapping[date, DayItems] = {}  # the calendar view's RangeItems
        self.today = date.min
        self.selected = date.min
        self.selected_key: str | None = None
        self._layout: GridLayout | None = None
        self._press: tuple[QPoint, CalItem] | None = None
        self._drop_hint: QRect | None = None

    # --- data -------------------------------------------------------------------------------

    def set_data(
        self, days: list[date], items: Mapping[date, DayItems], today: date, selected: date
    ) -> None:
        self.days, self.items, self.today, self.selected = days, items, today, selected
        self.invalidate()

    def set_selection(self, day: date, key: str | None) -> None:
        self.selected, self.selected_key = day, key
        self.update()

    def invalidate(self) -> None:
        self._layout = None
        self.update()

    def layout_grid(self) -> GridLayout:
        """Compute where cells and chips go (subclasses)."""
        raise NotImplementedError

    def grid(self) -> GridLayout:
        if self._layout is None:
            self._layout = self.layout_grid()
        return self._layout

    def resizeEvent(self, event) -> None:
        self._layout = None
        super().resizeEvent(event)

    def chip_rect(self, key: str) -> QRect | None:
        """Where item ``key`` is drawn (None: not drawn, e.g. behind '+N more')."""
        return next((rect for rect, item in self.grid().chips if item.key == key), None)

    def day_rect(self, day: date) -> QRect | None:
        return next((rect for rect, d in self.grid().cells if d == day), None)

    def item_at(self, pos: QPoint) -> CalItem | None:
        return next((item for rect, item in self.grid().chips if rect.contains(pos)), None)

    def day_at(self, pos: QPoint) -> date | None:
        return next((d for rect, d in self.grid().cells if rect.contains(pos)), None)

    def more_at(self, pos: QPoint) -> date | None:
        return next((d for rect, d, _n in self.grid().more if rect.contains(pos)), None)

    def drop_target(self, pos: QPoint) -> object | None:
        """What a drop at ``pos`` means: a date (month) or a naive local datetime (week)."""
        return self.day_at(pos)

    def drop_hint_rect(self, pos: QPoint) -> QRect | None:
        day = self.day_at(pos)
        return self.day_rect(day) if day else None

    # --- painting helpers -------------------------------------------------------------------

    def chip_line_height(self) -> int:
        """The height of a one-line chip."""
        return self.fontMetrics().height() + 4

    def chip_label(self, rect: QRect, item: CalItem, fonts: ChipFonts | None = None) -> str:
        """What the chip of ``item`` drawn in ``rect`` says: the fullest of its texts that fits
        beside the kind's letter (rows.chip_texts: down to the person's first name); a tall
        block of the week grid wraps its words and both times."""
        if rect.height() >= 2 * self.fontMetrics().height():
            return block_text(item, marks(item))
        texts = chip_texts(item, marks(item), state_marks(item))
        room = text_room(rect, self.chip_line_height())
        fonts = fonts or ChipFonts(self.font())
        return fitted(fonts, item.kind, item.state, texts, room, self.palette())

    def draw_chips(self, painter: QPainter) -> None:
        palette = self.palette()
        highlight = palette.highlight().color()
        fonts = ChipFonts(self.font())
        for rect, item in self.grid().chips:
            paint_chip(
                painter,
                rect,
                item.kind,
                item.state,
                self.chip_label(rect, item, fonts),
                selected=item.key == self.selected_key,
                highlight=highlight,
                fonts=fonts,
                palette=palette,
                line_height=self.chip_line_height(),
            )
        painter.setFont(self.font())

    def draw_drop_hint(self, painter: QPainter) -> None:
        if self._drop_hint is not None:
            color = self.palette().highlight().color()
            color.setAlpha(60)
            painter.fillRect(self._drop_hint, color)

    # --- mouse ------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        more = self.more_at(pos)
        if more is not None and event.button() == Qt.MouseButton.LeftButton:
            self.day_clicked.emit(more)
            self.more_requested.emit(more, self.mapToGlobal(pos))
            return
        item = self.item_at(pos)
        day = item.day if item else self.day_at(pos)
        if day is not None:
            self.day_clicked.emit(day)
        if item is not None:
            self.item_clicked.emit(item.key)
            if event.button() == Qt.MouseButton.LeftButton and item.pending:
                self._press = (pos, item)
            elif event.button() == Qt.MouseButton.RightButton:
                self.context_requested.emit(item.key, self.mapToGlobal(pos))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        start, item = self._press
        pos = event.position().toPoint()
        if (pos - start).manhattanLength() < QApplication.startDragDistance():
            return
        self._press = None
        self.start_drag(item)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._press = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item = self.item_at(event.position().toPoint())
        if item is not None:
            self.item_activated.emit(item.key)

    def start_drag(self, item: CalItem) -> None:
        mime = QMimeData()
        mime.setData(MIME_TYPE, QByteArray(item.key.encode("utf-8")))
        drag = QDrag(self)
        drag.setMimeData(mime)
        rect = self.chip_rect(item.key)
        if rect is not None:
            pixmap = QPixmap(rect.size())
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            text = chip_text(item)
            paint_chip(painter, pixmap.rect(), item.kind, item.state, text, palette=self.palette())
            painter.end()
            drag.setPixmap(pixmap)
        drag.exec(Qt.DropAction.MoveAction)

    # --- drops ------------------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(MIME_TYPE):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if not event.mimeData().hasFormat(MIME_TYPE):
            event.ignore()
            return
        self._drop_hint = self.drop_hint_rect(event.position().toPoint())
        self.update()
        if self._drop_hint is None:
            event.ignore()
        else:
            event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self._drop_hint = None
        self.update()

    def dropEvent(self, event) -> None:
        self._drop_hint = None
        self.update()
        if not event.mimeData().hasFormat(MIME_TYPE):
            event.ignore()
            return
        key = bytes(event.mimeData().data(MIME_TYPE).data()).decode("utf-8")
        target = self.drop_target(event.position().toPoint())
        if target is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.item_dropped.emit(key, target)

    # --- keyboard and tooltips ----------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        moves: dict[int, int] = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -7,
            Qt.Key.Key_Down: 7,
        }
        pages: dict[int, int] = {Qt.Key.Key_PageUp: -1, Qt.Key.Key_PageDown: 1}
        if key in moves:
            self.navigate.emit("day", moves[key])
        elif key in pages:
            self.navigate.emit("month", pages[key])
        elif key == Qt.Key.Key_T and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            self.navigate.emit("today", 0)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.day_activated.emit(self.selected)
        elif key == Qt.Key.Key_Menu or (
            key == Qt.Key.Key_F10 and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            rect = self.chip_rect(self.selected_key) if self.selected_key else None
            if rect is not None and self.selected_key:
                self.context_requested.emit(self.selected_key, self.mapToGlobal(rect.center()))
        else:
            super().keyPressEvent(event)

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            pos = event.pos()
            item = self.item_at(pos)
            more = self.more_at(pos)
            if item is not None:
                QToolTip.showText(event.globalPos(), tooltip(item), self)
            elif more is not None:
                QToolTip.showText(event.globalPos(), "Show every item of this day", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


def local_naive(day: date, minutes: int) -> datetime:
    """``day`` at ``minutes`` after midnight, as a naive wall time."""
    return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60)
