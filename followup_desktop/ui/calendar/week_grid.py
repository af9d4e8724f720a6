"""The week grid: seven day columns against the hours, items placed at their time.

The hours shown are the user's waking hours (07:00-22:00) widened to whatever the week holds, so
a follow-up due at 01:30 (08:30 in Berlin) is seen, on a shaded night band. Overlapping items
share the column in up to three lanes; what does not fit is counted in the day's header
("+N more"), which opens the day's list. Dropping an item moves it to that day and time
(15-minute steps).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from followup_desktop.ui.calendar.calendar_grid import CalendarGrid, GridLayout, local_naive
from followup_desktop.ui.calendar.chip_style import OVERDUE_COLOR, TODAY_COLOR
from followup_desktop.ui.calendar.range_items import EMPTY, DayItems
from followup_desktop.ui.calendar.rows import WAKING_END, WAKING_START
from followup_desktop.ui.common import fmt

MAX_LANES = 3
MIN_LANE_WIDTH = 70
SNAP_MINUTES = 15
MIN_ITEM_MINUTES = 30


class WeekGrid(CalendarGrid):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Week")
        self.setMinimumSize(QSize(420, 300))
        self.now_local: datetime | None = None

    # --- geometry ---------------------------------------------------------------------------

    def invalidate(self) -> None:
        self._hours: tuple[int, int] | None = None
        super().invalidate()

    def hours(self) -> tuple[int, int]:
        """First and last (exclusive) hour shown: waking hours, widened to the week's items."""
        hours: tuple[int, int] | None = getattr(self, "_hours", None)
        if hours is None:
            first, last = WAKING_START.hour, WAKING_END.hour
            for day in self.days[:7]:
                items = self.items.get(day, EMPTY)
                if not items:
                    continue
                for start, minutes in zip(items.starts(), items.minutes(), strict=True):
                    first = min(first, start.hour)
                    end = start + timedelta(minutes=max(minutes, MIN_ITEM_MINUTES))
                    last = max(last, min(24, end.hour + (1 if end.minute else 0)))
                    if end.date() > start.date():
                        last = 24
            hours = self._hours = (first, last)
        return hours

    def gutter(self) -> int:
        return self.fontMetrics().horizontalAdvance("00:00") + 12

    def header_height(self) -> int:
        return 2 * self.fontMetrics().height() + 10

    def hour_height(self) -> float:
        first, last = self.hours()
        return max((self.height() - self.header_height()) / max(last - first, 1), 1.0)

    def column_rect(self, index: int) -> QRect:
        left = self.gutter()
        width = self.width() - left
        x0, x1 = left + index * width // 7, left + (index + 1) * width // 7
        return QRect(x0, 0, x1 - x0, self.height())

    def y_of(self, minutes: float) -> int:
        first, _ = self.hours()
        return round(self.header_height() + (minutes / 60 - first) * self.hour_height())

    def layout_grid(self) -> GridLayout:
        out = GridLayout()
        for index, day in enumerate(self.days[:7]):
            column = self.column_rect(index)
            out.cells.append((column, day))
            chips, hidden = self._place(self.items.get(day, EMPTY), column.adjusted(2, 0, -2, 0))
            out.chips += chips
            if hidden:  # on the header's second line
                line = self.fontMetrics().height()
                more = QRect(column.left() + 2, line + 4, column.width() - 4, line + 2)
                out.more.append((more, day, hidden))
        return out

    def _place(self, items: DayItems, inner: QRect) -> tuple[list, int]:
        """Chips of one day: overlapping items share lanes, per cluster of overlaps. Positions
        come from the items' times alone; only the items that get a chip are read."""
        if not items:
            return [], 0
        chip_h = self.fontMetrics().height() + 4
        first_hour = self.hours()[0]
        header, per_hour = self.header_height(), self.hour_height()

        def y_of(minutes: float) -> int:
            return round(header + (minutes / 60 - first_hour) * per_hour)

        boxes = []
        for index, (start, minutes) in enumerate(zip(items.starts(), items.minutes(), strict=True)):
            at = start.hour * 60 + start.minute
            top = y_of(at)
            boxes.append((top, max(y_of(at + max(minutes, MIN_ITEM_MINUTES)), top + chip_h), index))
        max_lanes = max(1, min(MAX_LANES, inner.width() // MIN_LANE_WIDTH))
        placed: list[tuple[int, int, int, int, int]] = []  # top, bottom, index, lane, lanes
        cluster: list[tuple[int, int, int, int]] = []
        lanes: list[int] = []  # the bottom of each lane of the current cluster
        hidden, reach = 0, -1
        for top, bottom, index in boxes:
            if cluster and top >= reach:  # no overlap with the cluster so far: close it
                placed += [(t, b, i, lane, len(lanes)) for t, b, i, lane in cluster]
                cluster, lanes, reach = [], [], -1
            lane = next((n for n, end in enumerate(lanes) if end <= top), None)
            if lane is None and len(lanes) < max_lanes:
                lanes.append(0)
                lane = len(lanes) - 1
            if lane is None:
                hidden += 1
            else:
                lanes[lane] = bottom
                cluster.append((top, bottom, index, lane))
            reach = max(reach, bottom)
        placed += [(t, b, i, lane, len(lanes)) for t, b, i, lane in cluster]
        assert items.owner is not None  # only the empty EMPTY has none
        items.owner.fetch([items.entries[i] for _t, _b, i, _l, _n in placed])  # one read
        chips = []
        for top, bottom, index, lane, count in placed:
            x0 = inner.left() + lane * inner.width() // count
            x1 = inner.left() + (lane + 1) * inner.width() // count
            chips.append((QRect(x0, top, x1 - x0 - 1, bottom - top - 1), items[index]))
        return chips, hidden

    def drop_target(self, pos: QPoint) -> datetime | None:
        day = self.day_at(pos)
        if day is None or pos.y() < self.header_height():
            return None
        first, last = self.hours()
        minutes = (pos.y() - self.header_height()) / self.hour_height() * 60 + first * 60
        minutes = int(round(minutes / SNAP_MINUTES) * SNAP_MINUTES)
        minutes = min(max(minutes, first * 60), last * 60 - SNAP_MINUTES)
        return local_naive(day, minutes)

    def drop_hint_rect(self, pos: QPoint) -> QRect | None:
        target = self.drop_target(pos)
        if target is None:
            return None
        index = self.days.index(target.date())
        column = self.column_rect(index)
        top = self.y_of(target.hour * 60 + target.minute)
        return QRect(
            column.left() + 1, top, column.width() - 2, max(self.y_of(30) - self.y_of(0), 6)
        )

    # --- painting ---------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        palette = self.palette()
        text, muted, line = (
            palette.text().color(),
            palette.placeholderText().color(),
            palette.mid().color(),
        )
        painter.fillRect(self.rect(), palette.base().color())
        first, last = self.hours()
        header = self.header_height()
        night = QColor(palette.alternateBase().color())
        for hour in range(first, last):
            y0, y1 = self.y_of(hour * 60), self.y_of((hour + 1) * 60)
            if not WAKING_START.hour <= hour < WAKING_END.hour:
                painter.fillRect(QRect(0, y0, self.width(), y1 - y0), night)
            painter.setPen(QPen(line, 1))
            painter.drawLine(self.gutter() - 4, y0, self.width(), y0)
            painter.setPen(muted)
            painter.drawText(
                QRect(0, y0, self.gutter() - 6, self.fontMetrics().height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                f"{hour:02d}:00",
            )
        selected_fill = QColor(palette.highlight().color())
        selected_fill.setAlpha(35)
        bold = QFont(self.font())
        bold.setBold(True)
        for column, day in self.grid().cells:
            if day == self.selected:
                painter.fillRect(column, selected_fill)
            painter.setPen(QPen(line, 1))
            painter.drawLine(column.left(), 0, column.left(), self.height())
            head = QRect(column.left(), 2, column.width(), self.fontMetrics().height() + 2)
            painter.setFont(bold)
            painter.setPen(text)
            label = f"{fmt.WEEKDAYS[day.weekday()]} {day.day} {fmt.MONTHS[day.month - 1]}"
            if day == self.today:  # the same blue pill as the month's today
                width = self.fontMetrics().horizontalAdvance(label) + 14
                pill = QRect(head.center().x() - width // 2, head.top(), width, head.height())
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(TODAY_COLOR)
                painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QColor("#ffffff"))
            painter.drawText(head, Qt.AlignmentFlag.AlignCenter, label)
            painter.setFont(self.font())
        painter.setPen(QPen(line, 1))
        painter.drawLine(0, header - 1, self.width(), header - 1)
        self.draw_chips(painter)
        painter.setPen(text)
        for rect, _day, hidden in self.grid().more:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"+{hidden} more…")
        self._draw_now(painter)
        for column, day in self.grid().cells:
            if day == self.selected:
                pen = QPen(palette.highlight().color(), 2)
                if not self.hasFocus():
                    pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(column.adjusted(1, 1, -2, -2))
        self.draw_drop_hint(painter)
        painter.end()

    def _draw_now(self, painter: QPainter) -> None:
        now = self.now_local
        if now is None or now.date() not in self.days:
            return
        column = self.column_rect(self.days.index(now.date()))
        y = self.y_of(now.hour * 60 + now.minute)
        if y < self.header_height():
            return
        painter.setPen(QPen(OVERDUE_COLOR, 2))
        painter.drawLine(column.left(), y, column.right(), y)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
