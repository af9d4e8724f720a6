"""The marks under a finding's words keep light text readable on a dark base."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QPlainTextEdit

from followup_desktop.ui.common.findings_list import (
    DARK_COLOURS,
    LIGHT_COLOURS,
    highlight_spans,
    mark_colour,
)


def test_a_dark_base_gets_the_dark_marks_and_a_light_base_the_light_ones(qtbot):
    edit = QPlainTextEdit("Sorry to bother you again.")
    qtbot.addWidget(edit)
    palette = edit.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    edit.setPalette(palette)
    assert mark_colour(edit, "finding") == LIGHT_COLOURS["finding"]
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    edit.setPalette(palette)
    assert mark_colour(edit, "finding") == DARK_COLOURS["finding"]
    highlight_spans(edit, [(0, 5, False)])
    [mark] = edit.extraSelections()
    assert mark.format.background().color() == DARK_COLOURS["finding"]
    assert DARK_COLOURS["finding"].lightness() < 128  # under light text
