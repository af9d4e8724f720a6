"""The stage board: cards (company, role, next item, due badge) dragged between the stage
columns change the stage; the "Move to stage" menu stays the keyboard way."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from followup_desktop.core.model import Stage
from followup_desktop.store import queries
from followup_desktop.ui.pipeline.pipeline_board import CARD_ROLE, MIME_TYPE, Card
from followup_desktop.ui.pipeline.pipeline_view import BOARD

pytestmark = pytest.mark.usefixtures("discard_unsaved")


@pytest.fixture
def board_view(filled, make_window):
    window = make_window(filled)
    window.resize(1366, 768)
    window.show()
    view = window.show_view("pipeline")
    view.layout_choice.setCurrentIndex(view.layout_choice.findData(BOARD))
    return view


def drag(source, target, application_id: str) -> QDropEvent:
    """What a mouse drag of ``application_id``'s card from ``source`` onto ``target`` sends."""
    item = next(
        source.item(n)
        for n in range(source.count())
        if source.item(n).data(Qt.UserRole) == application_id
    )
    mime = source.mimeData([item])
    pos = target.viewport().rect().center()
    args = (
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(pos, *args)
    QApplication.sendEvent(target.viewport(), enter)
    QApplication.sendEvent(target.viewport(), QDragMoveEvent(pos, *args))
    drop = QDropEvent(QPointF(pos), *args)
    QApplication.sendEvent(target.viewport(), drop)
    return drop


def test_a_card_shows_company_role_next_item_and_badge(board_view):
    column = board_view.board.columns["interviewing"]
    card = column.item(0).data(CARD_ROLE)
    assert card == Card(
        "Acme Corp", "Backend Engineer", "Thank-you to Dana Lee", "Fri 20 Nov", "overdue", True
    )
    assert column.item(0).text().splitlines() == [
        "Acme Corp",
        "Backend Engineer",
        "Thank-you to Dana Lee, Fri 20 Nov — overdue",
    ]
    assert "Drag the card to another stage" in column.item(0).toolTip()
    applied = board_view.board.columns["applied"].item(0).data(CARD_ROLE)
    assert applied.next_line == "Nothing planned" and applied.badge == ""
    rect = column.visualItemRect(column.item(0))
    line = column.fontMetrics().lineSpacing()
    assert rect.height() >= 4 * line  # four lines: company, role, next item, day and badge
    assert not column.grab().isNull()


def test_dragging_a_card_to_another_column_changes_the_stage_and_replans(board_view, filled):
    board = board_view.board
    drop = drag(board.columns["interviewing"], board.columns["offer"], "acme-be")
    assert drop.isAccepted() and drop.dropAction() == Qt.DropAction.IgnoreAction  # no copy
    assert queries.get_application(filled, "acme-be").stage == Stage.OFFER
    assert board.columns["offer"].count() == 1 and board.columns["interviewing"].count() == 0
    assert board_view.result.text().startswith("Acme Corp — Backend Engineer: Offer.")
    assert "cancelled: offer received" in board_view.result.text()
    assert board.current_application() == "acme-be"  # still the chosen card
    assert not board.columns["offer"].drop_target  # the drop hint is gone


def test_a_card_dropped_on_its_own_column_or_a_foreign_drag_changes_nothing(board_view, filled):
    board = board_view.board
    interviewing = board.columns["interviewing"]
    drop = drag(interviewing, interviewing, "acme-be")
    assert not drop.isAccepted()
    assert queries.get_application(filled, "acme-be").stage == Stage.INTERVIEWING
    from PySide6.QtCore import QMimeData

    text = QMimeData()
    text.setText("acme-be")
    args = (
        Qt.DropAction.MoveAction,
        text,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(QPoint(5, 5), *args)
    QApplication.sendEvent(board.columns["offer"].viewport(), enter)
    assert not enter.isAccepted() and MIME_TYPE not in text.formats()


def test_a_card_over_another_column_lights_it_up(board_view):
    board = board_view.board
    source, target = board.columns["interviewing"], board.columns["withdrawn"]
    item = source.item(0)
    args = (
        Qt.DropAction.MoveAction,
        source.mimeData([item]),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(target.viewport().rect().center(), *args)
    QApplication.sendEvent(target.viewport(), enter)
    assert enter.isAccepted() and target.drop_target
    target.dragLeaveEvent(None)
    assert not target.drop_target


def test_the_stage_menu_still_moves_the_chosen_card(board_view, filled):
    board = board_view.board
    assert board.select("globex-pm")
    action = next(a for a in board_view.move_button.menu().actions() if "Withdrawn" in a.text())
    action.trigger()
    assert queries.get_application(filled, "globex-pm").stage == Stage.WITHDRAWN
    assert board.columns["withdrawn"].item(0).data(CARD_ROLE).company == "Globex"


def test_cards_follow_a_dark_palette(board_view):
    from PySide6.QtGui import QColor, QPalette

    board = board_view.board
    column = board.columns["interviewing"]
    light = QColor(column.tint)
    dark = QPalette(column.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#2b2d30"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    column.setPalette(dark)
    assert column.tint != light and column.tint.lightness() < 100
