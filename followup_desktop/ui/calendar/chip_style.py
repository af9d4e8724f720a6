"""How calendar items look: a colour per kind, a style per state, the chip painter and the legend.

Colour is never the only signal: states also carry a mark (``!`` overdue, ``✓`` done, ``✕``
cancelled, struck-through text for skipped), so the calendar reads in greyscale too. Chips set
their own text colour over their own fill, so they stay readable under dark platform themes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from followup_desktop.ui.calendar.rows import INTERVIEW, CalItem, outside_waking_hours

KIND_COLORS: dict[str, str] = {
    INTERVIEW: "#3730a3",
    "thank_you": "#15803d",
    "check_in": "#1d4ed8",
    "second_follow_up": "#7e22ce",
    "phone_call": "#0f766e",
    "move_on_review": "#b45309",
    "stay_in_touch": "#0e7490",
    "rejection_reply": "#475569",
    "offer_reply": "#be185d",
}
LEGEND_KINDS = (
    (INTERVIEW, "Interview"),
    ("thank_you", "Thank-you"),
    ("check_in", "Check-in"),
    ("second_follow_up", "2nd follow-up"),
    ("phone_call", "Phone call"),
    ("move_on_review", "Move-on review"),
    ("offer_reply", "Offer / rejection reply"),
)
TODAY_COLOR = QColor("#1d4ed8")
OVERDUE_COLOR = QColor("#b91c1c")
MARKS = {"overdue": "! ", "done": "✓ ", "cancelled": "✕ "}
MANUAL_MARK = "✎ "
NIGHT_MARK = "☾ "


def kind_color(kind: str) -> QColor:
    return QColor(KIND_COLORS.get(kind, "#475569"))  # a copy: callers may change it


def _mix(color: QColor, amount: float) -> QColor:
    """``color`` faded towards white by ``amount`` (0: the colour, 1: white)."""
    return QColor(
        round(color.red() + (255 - color.red()) * amount),
        round(color.green() + (255 - color.green()) * amount),
        round(color.blue() + (255 - color.blue()) * amount),
    )


@dataclass(frozen=True)
class ChipStyle:
    fill: QColor
    bar: QColor
    text: QColor
    bold: bool = False
    strike: bool = False
    italic: bool = False
    outline: QColor | None = None


_STYLES: dict[tuple[str, str], ChipStyle] = {}


def chip_style(kind: str, state: str) -> ChipStyle:
    """The look of a ``kind`` item in ``state`` (made once per pair: grids paint hundreds)."""
    found = _STYLES.get((kind, state))
    if found is None:
        found = _STYLES[(kind, state)] = _make_style(kind, state)
    return found


def _make_style(kind: str, state: str) -> ChipStyle:
    color = kind_color(kind)
    if state == INTERVIEW:
        return ChipStyle(color, color.darker(140), QColor("#ffffff"), bold=True)
    if state == "overdue":
        return ChipStyle(QColor("#fee2e2"), OVERDUE_COLOR, QColor("#7f1d1d"), bold=True)
    if state == "due":
        return ChipStyle(_mix(color, 0.72), color, QColor("#111827"), bold=True, outline=color)
    if state == "done":
        return ChipStyle(QColor("#f3f4f6"), QColor("#9ca3af"), QColor("#4b5563"))
    if state == "skipped":
        return ChipStyle(QColor("#f9fafb"), QColor("#d1d5db"), QColor("#6b7280"), strike=True)
    if state == "cancelled":
        grey = QColor("#6b7280")
        return ChipStyle(QColor("#f9fafb"), QColor("#d1d5db"), grey, strike=True, italic=True)
    return ChipStyle(_mix(color, 0.85), color, QColor("#111827"))


def marks(item: CalItem) -> str:
    """The marks put before a chip's text."""
    text = MARKS.get(item.state, "")
    if item.manual and item.pending:
        text += MANUAL_MARK
    if item.pending and item.zone and outside_waking_hours(item.start):
        text += NIGHT_MARK
    return text


class ChipFonts:
    """The four chip fonts (plain, bold, struck, struck italic) for one base font, with their
    metrics; made once per paint, not once per chip."""

    def __init__(self, base: QFont) -> None:
        self._fonts: dict[tuple[bool, bool, bool], tuple[QFont, QFontMetrics]] = {}
        self.base = QFont(base)

    def get(self, style: ChipStyle) -> tuple[QFont, QFontMetrics]:
        key = (style.bold, style.strike, style.italic)
        if key not in self._fonts:
            font = QFont(self.base)
            font.setBold(style.bold)
            font.setStrikeOut(style.strike)
            font.setItalic(style.italic)
            self._fonts[key] = (font, QFontMetrics(font))
        return self._fonts[key]


def elided(fonts: ChipFonts, kind: str, state: str, text: str, width: int) -> str:
    """``text`` as it fits in a chip ``width`` wide (with '…' when cut)."""
    metrics = fonts.get(chip_style(kind, state))[1]
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width - 10)


def paint_chip(
    painter: QPainter,
    rect: QRect,
    kind: str,
    state: str,
    text: str,
    *,
    selected: bool = False,
    highlight: QColor | None = None,
    fonts: ChipFonts | None = None,
) -> None:
    """One item: a fill, a bar on the left in the kind's colour, the text (elided by the
    caller when ``fonts`` is given, which grids do once per paint)."""
    style = chip_style(kind, state)
    font, metrics = (fonts or ChipFonts(painter.font())).get(style)
    painter.fillRect(rect, style.fill)
    painter.fillRect(rect.left(), rect.top(), 3, rect.height(), style.bar)
    if style.outline is not None:
        painter.setPen(style.outline)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
    if selected:
        painter.setPen(QPen(highlight or TODAY_COLOR, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(1, 1, -1, -1))
    painter.setFont(font)
    painter.setPen(style.text)
    inner = rect.adjusted(6, 0, -3, 0)
    if rect.height() > metrics.height() * 2:  # a tall block (week view): wrap
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(inner.adjusted(0, 2, 0, 0), flags, text)
    else:
        if fonts is None:
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, inner.width())
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)


class Swatch(QWidget):
    """A sample chip of the legend."""

    def __init__(self, kind: str, state: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind, self.state, self.text = kind, state, text
        self.setAccessibleName(text)
        self.setToolTip(text)

    def sizeHint(self) -> QSize:
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        return QSize(metrics.horizontalAdvance(self.text) + 16, metrics.height() + 6)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        paint_chip(painter, self.rect().adjusted(0, 1, 0, -1), self.kind, self.state, self.text)
        painter.end()


class Legend(QWidget):
    """What the colours (kinds) and styles (states) mean."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarLegend")
        self.setAccessibleName("Legend")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(3)
        kinds = QLabel("Kinds:")
        kinds.setObjectName("hint")
        grid.addWidget(kinds, 0, 0)
        for column, (kind, words) in enumerate(LEGEND_KINDS, start=1):
            state = INTERVIEW if kind == INTERVIEW else "planned"
            grid.addWidget(Swatch(kind, state, words), 0, column)
        states = QLabel("States:")
        states.setObjectName("hint")
        grid.addWidget(states, 1, 0)
        samples = (
            ("check_in", "planned", "Planned"),
            ("check_in", "due", "Due today"),
            ("check_in", "overdue", "! Overdue"),
            ("check_in", "done", "✓ Done"),
            ("check_in", "skipped", "Skipped"),
            ("check_in", "cancelled", "✕ Cancelled"),
            ("check_in", "planned", f"{MANUAL_MARK}Moved by you"),
            ("check_in", "planned", f"{NIGHT_MARK}Outside 07:00–22:00"),
        )
        for column, (kind, state, words) in enumerate(samples, start=1):
            grid.addWidget(Swatch(kind, state, words), 1, column)
        grid.setColumnStretch(len(samples) + 1, 1)
        self.swatches = self.findChildren(Swatch)
