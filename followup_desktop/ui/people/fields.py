"""Pieces shared by the Contacts and Companies views: a list with a filter and multi-selection,
a field with its error sentence, and the question of which record a merge keeps."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.ui.interview_form.people_list import error_label

ID_ROLE = Qt.ItemDataRole.UserRole


def ask_keep(parent: QWidget, title: str, options: list[str]) -> int | None:
    """Which of ``options`` a merge keeps (its index), or None to cancel (tests replace this)."""
    text, ok = QInputDialog.getItem(
        parent,
        title,
        "Keep this one; the others are merged into it (their interviews, messages and "
        "follow-ups move over, empty details are filled in):",
        options,
        0,
        False,
    )
    return options.index(text) if ok and text in options else None


def ask_delete(parent: QWidget, title: str, question: str) -> bool:
    """True when the user confirms a delete (tests replace this)."""
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes


def record_list(columns: tuple[str, ...], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(columns)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    tree.setAccessibleName(name)
    tree.setSortingEnabled(True)
    tree.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    tree.header().setStretchLastSection(True)
    tree.setToolTip("Ctrl+click or Shift+arrows to select several, then Merge.")
    return tree


def fill_list(tree: QTreeWidget, rows: list[tuple[str, list[str]]], keep: set[str]) -> None:
    """Replace the rows (id, texts); re-select the ids in ``keep``."""
    tree.setSortingEnabled(False)
    tree.clear()
    items = []
    for key, texts in rows:
        item = QTreeWidgetItem(texts)
        item.setData(0, ID_ROLE, key)
        items.append(item)
    tree.addTopLevelItems(items)
    tree.setSortingEnabled(True)
    for column in range(tree.columnCount() - 1):
        tree.resizeColumnToContents(column)
    for item in items:
        if item.data(0, ID_ROLE) in keep:
            item.setSelected(True)
            tree.setCurrentItem(item, 0, tree.selectionModel().SelectionFlag.NoUpdate)


def selected_ids(tree: QTreeWidget) -> list[str]:
    return [item.data(0, ID_ROLE) for item in tree.selectedItems()]


def current_id(tree: QTreeWidget) -> str | None:
    item = tree.currentItem()
    return item.data(0, ID_ROLE) if item is not None else None


def select_ids(tree: QTreeWidget, ids: list[str]) -> None:
    tree.clearSelection()
    first = None
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        assert item is not None  # row < topLevelItemCount()
        if item.data(0, ID_ROLE) in ids:
            item.setSelected(True)
            first = first or item
    if first is not None:
        tree.setCurrentItem(first, 0, tree.selectionModel().SelectionFlag.NoUpdate)
        tree.scrollToItem(first)


class RecordFields:
    """Rows of a QFormLayout, each field with a hidden error sentence under it."""

    def __init__(self, form: QFormLayout) -> None:
        self.form = form
        self.errors: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}

    def add(self, key: str, label: str, widget: QWidget, hint: str = "") -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            note = QLabel(hint)
            note.setObjectName("hint")
            note.setWordWrap(True)
            column.addWidget(note)
        self.errors[key] = error_label()
        column.addWidget(self.errors[key])
        self.widgets[key] = widget
        caption = QLabel(label)
        caption.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", "").rstrip(":"))
        self.form.addRow(caption, box)

    def show(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)
        first = next((k for k in self.widgets if k in errors), None)
        if first is not None:
            self.widgets[first].setFocus()
