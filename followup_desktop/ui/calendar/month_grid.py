"""The month grid: the month's weeks (four to six rows, never a row of only the next month's
days), Monday first, each day listing what fits.

A day with more items than its cell can show draws as many as fit, then "+N more of M",
which opens the day's full list, so a busy day stays readable. Only the drawn items are read
(RangeItems.prefetch), so a month of thousands costs what a quiet one does.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from followup_desktop.ui.calendar.calendar_grid import CalendarGrid, GridLayout
from followup_desktop.ui.calendar.chip_style import TODAY_COLOR
from followup_desktop.ui.calendar.range_items import EMPTY
from followup_desktop.ui.calendar.rows import month_weeks
from followup_desktop.ui.common import fmt

MAX_ROWS, COLUMNS = 6, 7
PAD = 3


class MonthGrid(CalendarGrid):
    """A row of seven days per week of ``month`` (any day in it), which also decides which days
    are greyed. The calendar view may hand it more days than the month's weeks hold (six weeks):
    only the month's weeks are drawn."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.month = date.min  # the calendar view sets the month before it is shown
        self.setAccessibleName("Month")
        self.setMinimumSize(QSize(420, 300))

    def set_month(self, month: date) -> None:
        self.month = month.replace(day=1)
        self.invalidate()

    def rows(self) -> int:
        """How many week rows are drawn: the month's weeks (what the days handed cover)."""
        if self.month == date.min:
            return min(MAX_ROWS, len(self.days) // COLUMNS)
        return min(month_weeks(self.month), len(self.days) // COLUMNS)

    def header_height(self) -> int:
        return self.fontMetrics().height() + 8

    def layout_grid(self) -> GridLayout:
        out = GridLayout()
        rows = self.rows()
        if rows < 4:
            return out
        top = self.header_height()
        width, height = self.width(), self.height() - top
        chip_h = self.chip_line_height()
        number_h = self.fontMetrics().height() + 4
        room = max(0, (height // rows - number_h - PAD) // (chip_h + 2))
        if hasattr(self.items, "prefetch"):
            self.items.prefetch(room)  # one read for every chip of the month
        for index, day in enumerate(self.days[: rows * COLUMNS]):
            row, column = divmod(index, COLUMNS)
            x0, x1 = column * width // COLUMNS, (column + 1) * width // COLUMNS
            y0, y1 = top + row * height // rows, top + (row + 1) * height // rows
            cell = QRect(x0, y0, x1 - x0, y1 - y0)
            out.cells.append((cell, day))
            items = self.items.get(day, EMPTY)
            if not items:
                continue
            room = max(0, (cell.height() - number_h - PAD) // (chip_h + 2))
            shown = items if len(items) <= room else items[: max(room - 1, 0)]
            y = cell.top() + number_h
            for item in shown:
                out.chips.append((QRect(x0 + PAD, y, cell.width() - 2 * PAD, chip_h), item))
                y += chip_h + 2
            hidden = len(items) - len(shown)
            if hidden:
                out.more.append((QRect(x0 + PAD, y, cell.width() - 2 * PAD, chip_h), day, hidden))
        return out

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        palette = self.palette()
        base, text = palette.base().color(), palette.text().color()
        muted = palette.placeholderText().color()
        line = palette.mid().color()
        painter.fillRect(self.rect(), base)
        top = self.header_height()
        bold = QFont(self.font())
        bold.setBold(True)
        for column in range(COLUMNS):
            x0, x1 = column * self.width() // COLUMNS, (column + 1) * self.width() // COLUMNS
            painter.setPen(muted)
            painter.setFont(bold)
            painter.drawText(
                QRect(x0, 0, x1 - x0, top), Qt.AlignmentFlag.AlignCenter, fmt.WEEKDAYS[column]
            )
        painter.setFont(self.font())
        layout = self.grid()
        weekend = palette.alternateBase().color()
        selected_fill = QColor(palette.highlight().color())
        selected_fill.setAlpha(40)
        for cell, day in layout.cells:
            if day.weekday() >= 5:
                painter.fillRect(cell, weekend)
            if day == self.selected:
                painter.fillRect(cell, selected_fill)
            painter.setPen(QPen(line, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(cell.adjusted(0, 0, -1, -1))
            self._draw_number(painter, cell, day, text, muted)
        self.draw_chips(painter)
        painter.setPen(text)
        for rect, day, hidden in layout.more:  # a busy day says how busy, and opens its list
            painter.drawText(
                rect.adjusted(6, 0, 0, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"+{hidden} more of {len(self.items.get(day, []))}",
            )
        for cell, day in layout.cells:
            if day == self.selected:
                pen = QPen(palette.highlight().color(), 2)
                if not self.hasFocus():
                    pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(cell.adjusted(1, 1, -2, -2))
        self.draw_drop_hint(painter)
        painter.end()

    def _draw_number(self, painter: QPainter, cell: QRect, day: date, text, muted) -> None:
        metrics = self.fontMetrics()
        size = metrics.height() + 2
        box = QRect(cell.left() + PAD, cell.top() + 1, size + 6, size)
        label = str(day.day)
        if day.day == 1:  # the month's name where it starts
            label = f"{day.day} {fmt.MONTHS[day.month - 1]}"
            box.setWidth(max(box.width(), metrics.horizontalAdvance(label) + 8))
        in_month = (day.year, day.month) == (self.month.year, self.month.month)
        if day == self.today:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(TODAY_COLOR)
            painter.drawRoundedRect(box, size / 2, size / 2)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QColor("#ffffff"))
            font = QFont(self.font())
            font.setBold(True)
            painter.setFont(font)
        else:
            painter.setPen(text if in_month else muted)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        if day == self.today:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setFont(self.font())
