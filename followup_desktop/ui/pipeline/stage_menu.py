"""The pipeline's actions on one application: the "Move to stage" menu and the context menu,
and colours for due/overdue that follow the light or dark palette."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QBrush, QColor, QPalette
from PySide6.QtWidgets import QMenu, QWidget

from followup_desktop.core.model import Stage
from followup_desktop.ui.common import fmt

#: (light palette, dark palette) text colours for the badges.
BADGE_COLORS = {"overdue": ("#b91c1c", "#f87171"), "due": ("#b45309", "#fbbf24")}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def badge_brushes(palette: QPalette) -> dict[str, QBrush]:
    dark = is_dark(palette)
    return {badge: QBrush(QColor(pair[dark])) for badge, pair in BADGE_COLORS.items()}


def muted_brush(palette: QPalette) -> QBrush:
    return QBrush(palette.color(QPalette.ColorRole.PlaceholderText))


def stage_menu(parent: QWidget, current: str | None, move: Callable[[str], object]) -> QMenu:
    """One entry per stage (the current one checked and disabled); ``move(stage)`` on choice."""
    menu = QMenu("&Move to stage", parent)
    for number, stage in enumerate(Stage, start=1):
        action = QAction(f"&{number} {fmt.words(fmt.STAGE_WORDS, stage)}", menu)
        action.setCheckable(True)
        action.setChecked(str(stage) == current)
        action.setEnabled(str(stage) != current)
        action.triggered.connect(lambda _=False, s=str(stage): move(s))
        menu.addAction(action)
    return menu


def row_menu(
    parent: QWidget,
    current_stage: str | None,
    *,
    open_notes: Callable[[], None],
    new_interview: Callable[[], None],
    show_log: Callable[[], None],
    move: Callable[[str], object],
) -> QMenu:
    """The context menu of an application (right click, or the Menu key / Shift+F10)."""
    menu = QMenu(parent)
    menu.addAction("&Open interview notes", open_notes)
    menu.addAction("&New interview for this application…", new_interview)
    menu.addAction("Show the communication &log", show_log)
    menu.addSeparator()
    menu.addMenu(stage_menu(menu, current_stage, move))
    return menu
