"""What Contacts and Companies share: a filtered list of records on the left with their possible
duplicates and a merge, the selected record's form, Save, Delete and details on the right. A merge
and a delete can be undone (Edit > Undo): the rows they touch are read before and after.

A subclass says what its records are (``load``, ``find_duplicates``, ``merge_records``,
``delete_record``, and what a change to some of them touches: ``scope``), builds its form fields
(``build_form``) and fills them (``show_record``); saving is its own.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.clock import Now
from followup_desktop.core.planner import PlanResult
from followup_desktop.store import undo
from followup_desktop.store.db import Database
from followup_desktop.ui.common.view import View, empty_state, guarded, heading
from followup_desktop.ui.people.fields import (
    RecordFields,
    ask_delete,
    ask_keep,
    current_id,
    fill_list,
    record_list,
    select_ids,
    selected_ids,
)
from followup_desktop.ui.pipeline.stage_change import changes_text, sentence_case
from followup_desktop.ui.shell.undo_command import recorder

#: A row of the list: the record id and the texts of its columns.
Row = tuple[str, list[str]]


class RecordsView(View):
    """The list, filter, duplicates and merge of one kind of record (see the module docstring)."""

    TITLE = ""  # "Contacts"
    KIND = ""  # "contact": how Edit > Undo names one ("delete contact: Dana Lee")
    DELETE_TEXT = ""  # the Delete button, with its own mnemonic
    COLUMNS: tuple[str, ...] = ()
    EMPTY_TEXT = ""
    FILTER_HINT = ""
    SAVE_TIP = ""
    MERGE_TIP = ""
    #: Stretch of list and form when the window grows; None: as wide as their contents ask.
    SPLIT: tuple[int, int] | None = (1, 1)

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.record = recorder(self.undoable.emit, db, now, self.message.emit)
        self.records: dict[str, Any] = {}
        self.groups: list[list[Any]] = []
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.FILTER_HINT)
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(f"Filter {self.TITLE.lower()}")
        self.list = record_list(self.COLUMNS, self.TITLE)
        self.duplicates = QLabel()
        self.duplicates.setObjectName("hint")
        self.duplicates.setWordWrap(True)
        self.next_duplicates = QPushButton("Select &duplicates")
        self.next_duplicates.setToolTip(
            f"Select the next group of {self.TITLE.lower()} that look the same."
        )
        self.merge_button = QPushButton("&Merge selected…")
        self.merge_button.setToolTip(self.MERGE_TIP)
        self.save_button = QPushButton("&Save")
        self.save_button.setToolTip(self.SAVE_TIP)
        self.delete_button = QPushButton(self.DELETE_TEXT)
        self.delete_button.setToolTip(
            f"Delete this {self.KIND} (Delete); Edit > Undo brings it back."
        )
        self.result = QLabel()
        self.result.setObjectName("saveResult")
        self.result.setWordWrap(True)
        self.details = QTextBrowser()

        form = QFormLayout()
        self.fields = RecordFields(form)
        self.build_form()
        buttons = QHBoxLayout()
        for button in (self.save_button, *self.extra_buttons(), self.delete_button):
            buttons.addWidget(button)
        buttons.addWidget(self.result, 1)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addLayout(buttons)
        column.addWidget(self.details, 1)
        left = QWidget()
        side = QVBoxLayout(left)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.filter)
        side.addWidget(self.list, 1)
        side.addWidget(self.duplicates)
        merge_row = QHBoxLayout()
        merge_row.addWidget(self.next_duplicates)
        merge_row.addWidget(self.merge_button)
        merge_row.addStretch(1)
        side.addLayout(merge_row)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        if self.SPLIT is not None:
            splitter.setStretchFactor(0, self.SPLIT[0])
            splitter.setStretchFactor(1, self.SPLIT[1])
        splitter.setChildrenCollapsible(False)
        self.pages = QStackedWidget()
        self.pages.addWidget(splitter)
        self.empty = empty_state(self.EMPTY_TEXT)
        self.pages.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.TITLE))
        layout.addWidget(self.pages, 1)

        self.filter.textChanged.connect(self._filter)
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.merge_button.clicked.connect(self.merge)
        self.next_duplicates.clicked.connect(self.select_next_duplicates)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        remove = QShortcut(QKeySequence.StandardKey.Delete, self.list, self.delete)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)

    # --- what a subclass provides (marked abstract; Qt's metaclass is not an ABCMeta) --------

    @abstractmethod
    def build_form(self) -> None:
        """Add the record's fields to ``self.fields``."""

    def extra_buttons(self) -> tuple[QPushButton, ...]:
        """Buttons beside Save (enabled with it)."""
        return ()

    @abstractmethod
    def load(self) -> list[Row]:
        """Read the records into ``self.records``; their list rows."""

    @abstractmethod
    def find_duplicates(self) -> list[list[Any]]:
        """Groups of records that look like the same one."""

    @abstractmethod
    def duplicates_text(self) -> str:
        """One line naming the groups in ``self.groups`` (there is at least one)."""

    @abstractmethod
    def show_record(self, record: Any) -> None:
        """Fill the form with ``record``."""

    @abstractmethod
    def details_html(self, record: Any) -> str:
        """What the record is linked to, shown under the form."""

    @abstractmethod
    def merge_option(self, record_id: str) -> str:
        """How a record is named when the user picks the one to keep."""

    @abstractmethod
    def merge_records(self, keep: str, ids: list[str]) -> Any:
        """Merge ``ids`` into ``keep`` in the store; the result has ``merged`` and ``changes``."""

    @abstractmethod
    def scope(self, ids: list[str]) -> undo.UndoScope:
        """What a merge or a delete of ``ids`` touches (read before and after, for undo)."""

    @abstractmethod
    def delete_question(self, record: Any) -> str:
        """The question asked before deleting ``record``: what goes with it."""

    @abstractmethod
    def delete_record(self, record_id: str) -> dict[str, PlanResult]:
        """Delete the record in the store; the re-plans' results."""

    @abstractmethod
    def save(self) -> bool:
        """Save the form (validated beside its fields); True when saved."""

    # --- shared behaviour --------------------------------------------------------------------

    def first_focus(self) -> QWidget:
        return self.list if self.records else self

    def current(self) -> Any | None:
        return self.records.get(current_id(self.list) or "")

    def refresh(self) -> None:
        keep = set(selected_ids(self.list)) or {current_id(self.list) or ""}
        fill_list(self.list, self.load(), keep)
        self.pages.setCurrentIndex(0 if self.records else 1)
        self.groups = self.find_duplicates()
        self.duplicates.setText(self.duplicates_text() if self.groups else "No duplicates found.")
        self.next_duplicates.setEnabled(bool(self.groups))
        first = self.list.topLevelItem(0)
        if self.list.currentItem() is None and first is not None:
            self.list.setCurrentItem(first)
        self._filter()
        self._selection_changed()
        self._show_current()

    def _filter(self) -> None:
        needle = self.filter.text().strip().casefold()
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            assert item is not None  # row < topLevelItemCount()
            text = " ".join(item.text(c) for c in range(len(self.COLUMNS))).casefold()
            item.setHidden(bool(needle) and needle not in text)

    def _selection_changed(self) -> None:
        self.merge_button.setEnabled(len(selected_ids(self.list)) >= 2)

    def select(self, record_id: str) -> None:
        select_ids(self.list, [record_id])
        self._show_current()

    def _show_current(self) -> None:
        record = self.current()
        buttons = (self.save_button, *self.extra_buttons(), self.delete_button)
        for widget in (*self.fields.widgets.values(), *buttons):
            widget.setEnabled(record is not None)
        self.fields.show({})
        if record is None:
            self.details.clear()
            return
        self.show_record(record)
        self.details.setHtml(self.details_html(record))

    def refused(self, errors: dict[str, str]) -> bool:
        """Show ``errors`` beside their fields; True when there were any (nothing saved)."""
        self.fields.show(errors)
        if errors:
            self.result.setText("Not saved: correct the field marked above.")
        return bool(errors)

    def saved(self, name: str, changes: list[str], record_id: str) -> None:
        self._done(f"Saved {name}. {sentence_case(changes_text(changes))}.", [record_id])

    def _done(self, text: str, keep: list[str]) -> None:
        self.refresh()
        select_ids(self.list, keep)
        self._show_current()
        self.result.setText(text)
        self.message.emit(text)
        self.changed.emit()

    def select_next_duplicates(self) -> None:
        if not self.groups:
            return
        chosen = set(selected_ids(self.list))
        index = next((i + 1 for i, g in enumerate(self.groups) if {r.id for r in g} == chosen), 0)
        group = self.groups[index % len(self.groups)]
        self.filter.clear()
        select_ids(self.list, [r.id for r in group])
        self.list.setFocus()

    @guarded("Merge")
    def merge(self) -> bool:
        ids = selected_ids(self.list)
        if len(ids) < 2:
            self.result.setText(f"Select two or more {self.TITLE.lower()} to merge (Ctrl+click).")
            return False
        keep = ask_keep(self, f"Merge {self.TITLE.lower()}", [self.merge_option(i) for i in ids])
        if keep is None:
            return False
        name = self.records[ids[keep]].name
        result, change = undo.recorded(
            self.db, self.scope(ids), lambda: self.merge_records(ids[keep], ids)
        )
        self.record(change, f"merge {self.TITLE.lower()}: into {name}")
        merged = len(result.merged)
        self._done(
            f"Merged {merged} duplicate{'s' if merged != 1 else ''} into {name}. "
            f"{sentence_case(changes_text(result.changes))}.",
            [ids[keep]],
        )
        return True

    @guarded("Delete")
    def delete(self) -> bool:
        record = self.current()
        if record is None:
            return False
        if not ask_delete(self, f"Delete {self.KIND}", self.delete_question(record)):
            return False
        results, change = undo.recorded(
            self.db, self.scope([record.id]), lambda: self.delete_record(record.id)
        )
        self.record(change, f"delete {self.KIND}: {record.name}")
        lines = [line for result in results.values() for line in result.changes]
        self._done(
            f"Deleted {record.name} (Edit > Undo brings it back). "
            f"{sentence_case(changes_text(lines))}.",
            [],
        )
        return True
