"""How calendar items look: a colour and a letter per kind, a style per state, the chip painter
and the legend.

Colour is never the only signal: kinds carry a letter (T thank-you, C check-in ...), states a
mark (``!`` overdue, ``✓`` done, ``✕`` cancelled, struck-through text for skipped), so the
calendar reads in greyscale too. Fills and text are derived from the palette: light pastels
with dark text over a light base, the kind's colour sunk into the base with the palette's light
text over a dark one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from followup_desktop.ui.calendar.rows import (
    INTERVIEW,
    KIND_MARKS,
    CalItem,
    outside_waking_hours,
)

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
#: Where a chip's kind letter sits: its left edge, and the gap before the text.
MARK_LEFT, MARK_GAP = 5, 4


def kind_color(kind: str) -> QColor:
    return QColor(KIND_COLORS.get(kind, "#475569"))  # a copy: callers may change it


def _mix(color: QColor, toward: QColor, amount: float) -> QColor:
    """``color`` faded towards ``toward`` by ``amount`` (0: the colour, 1: ``toward``)."""
    return QColor(
        round(color.red() + (toward.red() - color.red()) * amount),
        round(color.green() + (toward.green() - color.green()) * amount),
        round(color.blue() + (toward.blue() - color.blue()) * amount),
    )


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


@dataclass(frozen=True)
class ChipStyle:
    fill: QColor
    bar: QColor
    text: QColor
    bold: bool = False
    strike: bool = False
    italic: bool = False
    outline: QColor | None = None


_STYLES: dict[tuple[str, str, int, int], ChipStyle] = {}
_LIGHT = QPalette(QColor("#f3f4f6"), QColor("#ffffff"))  # the look without a palette


def chip_style(kind: str, state: str, palette: QPalette | None = None) -> ChipStyle:
    """The look of a ``kind`` item in ``state`` over ``palette`` (light or dark), made once per
    kind, state and palette: grids paint hundreds."""
    palette = palette or _LIGHT
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    key = (kind, state, base.rgb(), text.rgb())
    found = _STYLES.get(key)
    if found is None:
        make = _dark_style if base.lightness() < 128 else _light_style
        found = _STYLES[key] = make(kind, state, base, text)
    return found


def _light_style(kind: str, state: str, base: QColor, _text: QColor) -> ChipStyle:
    color, white, ink = kind_color(kind), QColor("#ffffff"), QColor("#111827")
    if state == INTERVIEW:
        return ChipStyle(color, color.darker(140), white, bold=True)
    if state == "overdue":
        return ChipStyle(QColor("#fee2e2"), OVERDUE_COLOR, QColor("#7f1d1d"), bold=True)
    if state == "due":
        return ChipStyle(_mix(color, white, 0.72), color, ink, bold=True, outline=color)
    if state == "done":
        return ChipStyle(QColor("#f3f4f6"), QColor("#9ca3af"), QColor("#4b5563"))
    if state == "skipped":
        return ChipStyle(QColor("#f9fafb"), QColor("#d1d5db"), QColor("#6b7280"), strike=True)
    if state == "cancelled":
        grey = QColor("#6b7280")
        return ChipStyle(QColor("#f9fafb"), QColor("#d1d5db"), grey, strike=True, italic=True)
    return ChipStyle(_mix(color, white, 0.85), color, ink)


def _dark_style(kind: str, state: str, base: QColor, text: QColor) -> ChipStyle:
    """The same signals over a dark base: fills are the kind's colour sunk into the base, text
    is the palette's (light), bars and outlines are lightened to stand out."""
    color = kind_color(kind)
    bright = _mix(color, QColor("#ffffff"), 0.35)
    muted = _mix(text, base, 0.3)
    if state == INTERVIEW:
        return ChipStyle(color, bright, QColor("#ffffff"), bold=True)
    if state == "overdue":
        red = QColor("#f87171")
        return ChipStyle(_mix(OVERDUE_COLOR, base, 0.55), red, QColor("#fee2e2"), bold=True)
    if state == "due":
        return ChipStyle(_mix(color, base, 0.45), bright, text, bold=True, outline=bright)
    grey = _mix(QColor("#9ca3af"), base, 0.5)
    if state == "done":
        return ChipStyle(_mix(QColor("#6b7280"), base, 0.78), grey, muted)
    if state == "skipped":
        return ChipStyle(_mix(QColor("#6b7280"), base, 0.85), grey, muted, strike=True)
    if state == "cancelled":
        return ChipStyle(_mix(QColor("#6b7280"), base, 0.85), grey, muted, strike=True, italic=True)
    return ChipStyle(_mix(color, base, 0.62), bright, text)


def marks(item: CalItem) -> str:
    """The marks put before a chip's text."""
    text = MARKS.get(item.state, "")
    if item.manual and item.pending:
        text += MANUAL_MARK
    if item.pending and item.zone and outside_waking_hours(item.start):
        text += NIGHT_MARK
    return text


def state_marks(item: CalItem) -> str:
    """Only the state's mark (overdue, done, cancelled): what a narrow chip keeps."""
    return MARKS.get(item.state, "")


class ChipFonts:
    """The chip fonts (plain, bold, struck, struck italic, and the kind letter's) for one base
    font, with their metrics; made once per paint, not once per chip."""

    def __init__(self, base: QFont) -> None:
        self._fonts: dict[tuple[bool, bool, bool], tuple[QFont, QFontMetrics]] = {}
        self.base = QFont(base)
        self.letter = QFont(base)
        self.letter.setBold(True)
        if base.pointSizeF() > 0:
            self.letter.setPointSizeF(base.pointSizeF() * 0.8)
        else:
            self.letter.setPixelSize(max(round(base.pixelSize() * 0.8), 7))

    def get(self, style: ChipStyle) -> tuple[QFont, QFontMetrics]:
        key = (style.bold, style.strike, style.italic)
        if key not in self._fonts:
            font = QFont(self.base)
            font.setBold(style.bold)
            font.setStrikeOut(style.strike)
            font.setItalic(style.italic)
            self._fonts[key] = (font, QFontMetrics(font))
        return self._fonts[key]


def mark_size(height: int) -> int:
    """The side of a chip's kind letter box for a one-line chip ``height`` tall."""
    return max(height - 6, 8)


def text_room(rect: QRect, single_line_height: int) -> int:
    """Pixels left for text in a chip (after the bar, the kind letter and the padding)."""
    return rect.width() - (MARK_LEFT + mark_size(single_line_height) + MARK_GAP + 3)


def fitted(
    fonts: ChipFonts,
    kind: str,
    state: str,
    texts: Sequence[str],
    width: int,
    palette: QPalette | None = None,
) -> str:
    """The first of ``texts`` that fits in ``width`` pixels, else the last one cut with '…'."""
    metrics = fonts.get(chip_style(kind, state, palette))[1]
    for text in texts:
        if metrics.horizontalAdvance(text) <= width:
            return text
    return metrics.elidedText(texts[-1], Qt.TextElideMode.ElideRight, width)


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
    palette: QPalette | None = None,
    line_height: int | None = None,
    letter: bool = True,
) -> None:
    """One item: a fill, a bar on the left and (with ``letter``) a letter box in the kind's
    colour, the text (fitted by the caller when ``fonts`` is given, which grids do once per
    paint). A block taller than two lines (the week view) wraps its text beside the letter."""
    style = chip_style(kind, state, palette)
    fitted_by_caller = fonts is not None
    fonts = fonts or ChipFonts(painter.font())
    font, metrics = fonts.get(style)
    one_line = line_height or min(rect.height(), metrics.height() + 4)
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
    inner = rect.adjusted(6, 0, -3, 0)
    if letter:
        side = mark_size(one_line)
        box = QRect(rect.left() + MARK_LEFT, rect.top() + (one_line - side) // 2, side, side)
        _paint_letter(painter, box, kind, style, fonts.letter)
        inner = rect.adjusted(MARK_LEFT + side + MARK_GAP, 0, -3, 0)
    painter.setFont(font)
    painter.setPen(style.text)
    if rect.height() > metrics.height() * 2:  # a tall block (week view): wrap
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(inner.adjusted(0, (one_line - metrics.height()) // 2, 0, 0), flags, text)
        return
    if not fitted_by_caller:
        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, inner.width())
    painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)


def _paint_letter(painter: QPainter, box: QRect, kind: str, style: ChipStyle, font: QFont) -> None:
    """The kind's letter (T, C, 2 ...) in a small rounded box of the kind's colour."""
    filled = style.bar if kind != INTERVIEW else style.text  # an interview chip is filled
    ink = QColor("#ffffff") if filled.lightness() < 150 else QColor("#111827")
    if kind == INTERVIEW:
        ink = style.fill
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(filled)
    painter.drawRoundedRect(box, 3, 3)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setFont(font)
    painter.setPen(ink)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, KIND_MARKS.get(kind, "•"))


class Swatch(QWidget):
    """A sample chip of the legend: a kind with its letter, or a state without one."""

    def __init__(
        self,
        kind: str,
        state: str,
        text: str,
        parent: QWidget | None = None,
        *,
        letter: bool = True,
    ) -> None:
        super().__init__(parent)
        self.kind, self.state, self.text, self.letter = kind, state, text, letter
        name = f"{KIND_MARKS.get(kind, '')}: {text}" if letter else text
        self.setAccessibleName(name)
        self.setToolTip(name)

    def sizeHint(self) -> QSize:
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        height = metrics.height() + 4
        extra = MARK_LEFT + mark_size(height) + MARK_GAP if self.letter else 6
        return QSize(metrics.horizontalAdvance(self.text) + extra + 8, height + 2)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        rect = self.rect().adjusted(0, 1, 0, -1)
        paint_chip(
            painter,
            rect,
            self.kind,
            self.state,
            self.text,
            palette=self.palette(),
            letter=self.letter,
        )
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
            grid.addWidget(Swatch(kind, state, words, letter=False), 1, column)
        grid.setColumnStretch(len(samples) + 1, 1)
        self.swatches = self.findChildren(Swatch)
