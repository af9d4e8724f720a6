"""Today, the home screen: what to do now, grouped Overdue, Today, Next 7 days and Waiting for a
reply, each row saying who, what, when (in both zones) and why.

One key acts on the selected row: Enter or W writes (the draft; a reminder such as the move-on
review shows its details), D marks it sent, S snoozes (1 day, 3 days, a week), K skips, O opens
the application. The writes are the calendar's (ui/calendar/item_actions.py): one transaction
each, handed up for Edit > Undo. The groups come from store/today_query.py, the one reading the
tray and the status bar share, so all of them say the same.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.clock import Now
from followup_desktop.store import queries
from followup_desktop.store.db import Database, StoreError
from followup_desktop.store.today_query import DUE_GROUPS, TodayGroups, TodayItem, today_groups
from followup_desktop.ui.calendar.rows import CalItem
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common.view import View, empty_state, heading
from followup_desktop.ui.today.rows import (
    Entry,
    cal_item,
    details_text,
    empty_text,
    key_of,
    summary_text,
)
from followup_desktop.ui.today.today_model import COL_WHAT, COL_WHEN, COL_WHO, TodayModel

if TYPE_CHECKING:  # built on the first action (see item_actions)
    from followup_desktop.ui.calendar.item_actions import ItemActions

log = logging.getLogger(__name__)
KEYS_HINT = "Enter or W: write · D: mark sent · S: snooze · K: skip · O: open the application"
#: Text samples the columns are sized by (no row is measured).
WIDTHS = (
    "Move-on review (note to you)",
    "Priya Natarajan · Orbital Maps · Geo Data Engineer",
    "Mon 30 Nov 08:30 Tokyo time (Sun 29 Nov 17:30 your time)",
)
#: After a refresh, the row's item is looked for this many rows around where it was.
KEEP_SPAN = 50


def mnemonic(words: str) -> str:
    """'1 day' -> '&1 day', 'a week' -> 'a &week': the key that picks it in the menu."""
    at = 0 if words[0].isdigit() else words.rfind(" ") + 1
    return f"{words[:at]}&{words[at:]}"


class TodayView(View):
    """The groups in one keyboard-driven list, the selected row's details, and its actions."""

    #: Open an application (its latest interview): its id.
    open_application = Signal(str)
    #: Record an interview ("" or the selected row's application).
    new_interview = Signal(str)

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.zone = fmt.safe_zone(None)
        self.today = self.now().date()
        self.model = TodayModel(self)
        self._actions: ItemActions | None = None
        self.groups: TodayGroups | None = None  # the reading shown
        self._acted_on = ""  # the application of the row last acted on
        self._kept: str | None = None  # the row to select once "waiting" is read
        self._build()
        self._connect()

    # --- construction -----------------------------------------------------------------------

    def _build(self) -> None:
        self.summary = QLabel()
        self.summary.setObjectName("countLabel")
        self.summary.setWordWrap(True)
        self.table = self._table()
        self.details = QLabel()
        self.details.setObjectName("todayDetails")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("Details of the selected row")
        self.hint = QLabel(KEYS_HINT)
        self.hint.setObjectName("countLabel")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)

        self.write_button = self._button(
            "&Write…", "Write the message: opens its draft (Enter or W)"
        )
        self.done_button = self._button("Mark &sent", "It was sent: mark it done (D)")
        self.snooze_menu = QMenu("S&nooze", self)
        self.snooze_menu.aboutToShow.connect(self._fill_snooze_menu)
        self.snooze_button = QToolButton()
        self.snooze_button.setText("S&nooze")
        self.snooze_button.setToolTip("Remind me later: 1 day, 3 days or a week (S)")
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.snooze_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.snooze_button.setMenu(self.snooze_menu)
        self.skip_button = self._button("S&kip", "Not needed: skip it (K)")
        self.open_button = self._button("&Open application", "Show the application (O)")
        buttons = QHBoxLayout()
        for button in (
            self.write_button,
            self.done_button,
            self.snooze_button,
            self.skip_button,
            self.open_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)

        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        column.addWidget(self.details)
        column.addLayout(buttons)
        column.addWidget(self.hint)
        self.empty = empty_state("")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.record_button = QPushButton("&Record an interview… (Ctrl+N)")
        empty_page = QWidget()
        empty_column = QVBoxLayout(empty_page)
        empty_column.addStretch(1)
        empty_column.addWidget(self.empty)
        empty_column.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_column.addStretch(2)
        self.pages = QStackedWidget()
        self.pages.addWidget(page)
        self.pages.addWidget(empty_page)

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Today"))
        layout.addWidget(self.summary)
        layout.addWidget(self.pages, 1)
        self.setTabOrder(self.table, self.write_button)

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)  # Tab leaves the list for the buttons
        table.setAccessibleName("What to do now")
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no row is measured
        rows.setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        metrics = table.fontMetrics()
        for number, sample in zip((COL_WHAT, COL_WHO, COL_WHEN), WIDTHS, strict=True):
            table.setColumnWidth(number, metrics.horizontalAdvance(sample) + 24)
        return table

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        return button

    def _connect(self) -> None:
        self.table.activated.connect(lambda _index: self.write())
        self.table.selectionModel().currentRowChanged.connect(self._moved)
        self.table.customContextMenuRequested.connect(self._context)
        self.write_button.clicked.connect(self.write)
        self.done_button.clicked.connect(lambda: self._act("mark_done"))
        self.skip_button.clicked.connect(lambda: self._act("skip"))
        self.open_button.clicked.connect(self.open_current)
        self.record_button.clicked.connect(lambda: self.new_interview.emit(""))
        for key, slot in (
            ("W", self.write),
            ("D", lambda: self._act("mark_done")),
            ("S", self.show_snooze_menu),
            ("K", lambda: self._act("skip")),
            ("O", self.open_current),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    @property
    def item_actions(self) -> ItemActions:
        """The calendar's actions (one transaction each, handed up for undo), built on first use."""
        if self._actions is None:
            # lazy: the calendar's actions bring the planner (store/undo re-plans) and their
            # dialogs, ~14 ms of the first window, which opens on Today (bench_lazy_imports
            # --view today)
            from followup_desktop.ui.calendar.item_actions import ItemActions

            actions = ItemActions(self, self.db, self.now, self._lookup)
            actions.changed.connect(self._written)
            actions.message.connect(self.message)
            actions.recorded.connect(self.undoable)
            self._actions = actions
        return self._actions

    def _fill_snooze_menu(self) -> None:
        """The snooze choices, the first time the menu opens (they are the calendar's)."""
        if self.snooze_menu.actions():
            return
        from followup_desktop.ui.calendar.item_actions import SNOOZES  # lazy: see item_actions

        for days, words in SNOOZES:
            action = self.snooze_menu.addAction(mnemonic(words))
            action.triggered.connect(lambda _c=False, d=days: self._act("snooze", d))

    # --- reading ----------------------------------------------------------------------------

    def first_focus(self) -> QWidget:
        return self.table if len(self.model.rows) else self.record_button

    def refresh(self) -> None:
        """Re-read the groups; the selected item stays selected when it is still near. What is
        due is shown first; "waiting for a reply", which costs as much to read as the rest, is
        added right after that is painted."""
        self._reload(keep_item=True, waiting=False)

    def _written(self) -> None:
        """One of this view's actions wrote: the next row takes the place of the one acted on
        (so D, D, D works through a group), and the other views follow. The write re-planned
        one application: only its part of "waiting" is read again."""
        acted, self._acted_on = self._acted_on, ""
        if self.groups is not None and acted:
            self._reload(keep_item=False, groups=self.groups.after_write(self.now(), [acted]))
        else:
            self._reload(keep_item=False)
        self.changed.emit()

    def _reload(
        self, *, keep_item: bool, groups: TodayGroups | None = None, waiting: bool = True
    ) -> None:
        row = self.table.currentIndex().row()
        before = self._kept or (self._identity(self.model.entry(row)) if row >= 0 else None)
        self._kept = None
        if groups is None:
            self.zone = fmt.safe_zone(queries.get_profile(self.db).timezone)
            groups = today_groups(self.db, self.now(), self.zone)
        self.groups = groups
        self.today = groups.now.astimezone(self.zone).date()
        if not waiting and not any(groups.count(group) for group in DUE_GROUPS):
            waiting = True  # nothing due: "waiting" is all there is to show, read it now
        self.model.set_groups(groups, self.zone, self.today, waiting=waiting)
        rows = self.model.rows
        summary = summary_text(rows)
        self.summary.setText(fmt.long_day_text(self.today) + (f" — {summary}" if summary else ""))
        if not len(rows):
            self.empty.setText(empty_text(queries.has_applications(self.db)))
            self.pages.setCurrentIndex(1)
            self._show_details(None)
            return
        self.pages.setCurrentIndex(0)
        self.table.clearSpans()
        for heading_row in rows.heading_rows():
            self.table.setSpan(heading_row, 0, 1, self.model.columnCount())
        target = self._find(before, row) if keep_item and before else -1
        if not waiting:
            QTimer.singleShot(0, self, self._add_waiting)
            if target < 0 and keep_item:
                self._kept = before  # perhaps among the applications waiting
        if target < 0:
            target = rows.item_row(max(row, 0)) if row >= 0 else rows.first_item_row()
            if target < 0:
                target = rows.item_row(len(rows) - 1, -1)
        self.select_row(target)

    def _add_waiting(self) -> None:
        """The same reading, now with the applications waiting for a reply."""
        if self.groups is None or self.model.rows.with_waiting:
            return
        try:
            self._reload(keep_item=True, groups=self.groups)
        except (sqlite3.Error, StoreError) as exc:  # closed or damaged since: keep what is shown
            log.warning("the applications waiting for a reply could not be read: %s", exc)

    def _find(self, identity: str, near: int) -> int:
        rows = self.model.rows
        for row in range(max(near - KEEP_SPAN, 0), min(near + KEEP_SPAN, len(rows))):
            if rows.at(row)[1] >= 0 and self._identity(rows.entry(row)) == identity:
                return row
        return -1

    @staticmethod
    def _identity(entry: Entry | None) -> str | None:
        if entry is None:
            return None
        return key_of(entry) if isinstance(entry, TodayItem) else f"a:{entry.application}"

    # --- the selected row -------------------------------------------------------------------

    def select_row(self, row: int) -> None:
        if row < 0:
            return
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self._moved(index)

    def current_entry(self) -> Entry | None:
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def current_item(self) -> TodayItem | None:
        entry = self.current_entry()
        return entry if isinstance(entry, TodayItem) else None

    def current_application(self) -> str:
        """The selected row's application (Ctrl+N records an interview for it)."""
        entry = self.current_entry()
        return entry.application if entry is not None else ""

    def _moved(self, index: QModelIndex, _previous: QModelIndex | None = None) -> None:
        self._show_details(self.model.entry(index.row()) if index.isValid() else None)

    def _show_details(self, entry: Entry | None) -> None:
        self.details.setText(details_text(entry, self.zone, self.today) if entry else "")
        item = entry if isinstance(entry, TodayItem) else None
        for button in (self.write_button, self.done_button, self.snooze_button, self.skip_button):
            button.setEnabled(item is not None)
        self.open_button.setEnabled(entry is not None)
        self.done_button.setText("Mark &done" if item and not item.message else "Mark &sent")
        self.write_button.setText("&Details…" if item and not item.message else "&Write…")

    def _lookup(self, key: str) -> CalItem | None:
        item = self.current_item()
        if item is None or key_of(item) != key:
            return None
        return cal_item(item, self.zone, self.today)

    # --- actions ----------------------------------------------------------------------------

    def write(self) -> None:
        """The draft of the selected message (a reminder to oneself: its details)."""
        item = self.current_item()
        if item is None:
            if self.current_entry() is not None:
                self.message.emit("Nothing to write yet: this application waits for a reply.")
            return
        self._acted_on = item.application
        self.item_actions.open(key_of(item))

    def _act(self, name: str, *args: int) -> None:
        item = self.current_item()
        if item is not None:
            self._acted_on = item.application
            getattr(self.item_actions, name)(key_of(item), *args)

    def open_current(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.open_application.emit(entry.application)

    def show_snooze_menu(self) -> QMenu | None:
        """S: the snooze choices, under the selected row (1, 3 or W picks one)."""
        if self.current_item() is None:
            return None
        rect = self.table.visualRect(self.table.currentIndex())
        self.snooze_menu.popup(self.table.viewport().mapToGlobal(rect.bottomLeft()))
        return self.snooze_menu

    def context_menu(self) -> QMenu:
        """The selected row's actions (right click, or the menu key)."""
        menu = QMenu(self)
        item = self.current_item()
        if item is not None:
            menu.addAction(self.write_button.text(), self.write)
            menu.addAction(self.done_button.text(), lambda: self._act("mark_done"))
            menu.addMenu(self.snooze_menu)
            menu.addAction("S&kip", lambda: self._act("skip"))
            menu.addAction("&Reschedule…", lambda: self._act("reschedule"))
            menu.addSeparator()
        if self.current_entry() is not None:
            menu.addAction("&Open application", self.open_current)
        return menu

    def _context(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid() and index.flags() & Qt.ItemFlag.ItemIsSelectable:
            self.table.setCurrentIndex(index)
        elif self.table.currentIndex().isValid():
            pos = self.table.visualRect(self.table.currentIndex()).center()
        menu = self.context_menu()
        if not menu.isEmpty():
            menu.popup(self.table.viewport().mapToGlobal(pos))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # light <-> dark: the colours follow
            self.model.set_palette(self.palette())
        super().changeEvent(event)
