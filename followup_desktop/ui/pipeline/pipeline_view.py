"""Pipeline: every application, its stage and what is next; a sortable list or a board by stage,
filtered by stage and by a search that answers as you type (FTS5). The stage of an application
changes from here (menu, context menu or dragging a card); the view then says what the re-plan
changed ("2 check-ins cancelled: offer received"). Enter on a row (or "Write next follow-up" in
its context menu) opens the draft of the application's next message; a double-click opens its
interview notes."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.clock import Now
from followup_desktop.core.model import Stage
from followup_desktop.store import queries
from followup_desktop.store.db import Database
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common.view import View, empty_state, guarded, heading
from followup_desktop.ui.pipeline.pipeline_board import PipelineBoard
from followup_desktop.ui.pipeline.pipeline_model import (  # noqa: F401  (the columns are this view's API)
    ACTIVE,
    COL_COMPANY,
    COL_CONTACT,
    COL_DUE,
    COL_NEXT,
    COL_REPLY,
    COL_ROLE,
    COL_STAGE,
    COLUMNS,
    PipelineModel,
)
from followup_desktop.ui.pipeline.rows import PipelineRow, matching_applications, pipeline_rows
from followup_desktop.ui.pipeline.stage_menu import badge_brushes, muted_brush, row_menu, stage_menu

EMPTY_TEXT = (
    "No applications yet.\n\n"
    "Just had an interview? Press Ctrl+N to write down how it went: the application and its "
    "follow-up plan are made from your notes.\n\n"
    "Or bring your job search in with File › Import… (a Follow-up Desktop .json file)."
)
LIST, BOARD = "list", "board"
#: The full-text index is asked from this many characters on (one letter matches everything).
SEARCH_MIN_CHARS = 2
#: A full-text search slower than this makes the next ones wait for a pause in the typing.
SLOW_SEARCH_S = 0.030
SEARCH_PAUSE_MS = 150
#: From this many applications on, full-text search waits for a pause from the first keystroke.
BIG_PIPELINE = 3000


class PipelineView(View):
    """The applications as a list or a board, with search, stage filter and stage changes."""

    #: An application was activated (double-click or Enter): its id.
    open_application = Signal(str)
    #: "New interview" for an application ("" when none is selected).
    new_interview = Signal(str)
    #: Show the communication log of an application.
    show_log = Signal(str)

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.mode = LIST
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search companies, roles, people, notes, the log… (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search applications")
        self.search.setToolTip("Finds as you type: companies, roles, people, notes and the log.")
        self.stage = QComboBox()
        self.stage.setAccessibleName("Stage filter")
        self.stage.setToolTip("Show the applications at one stage.")
        self.stage.addItem("All stages", None)
        self.stage.addItem("Active only", ACTIVE)
        for stage in Stage:
            self.stage.addItem(fmt.words(fmt.STAGE_WORDS, stage), str(stage))
        self.layout_choice = QComboBox()
        self.layout_choice.setAccessibleName("Layout")
        self.layout_choice.setToolTip("A sortable list, or a board with one column per stage.")
        self.layout_choice.addItem("List", LIST)
        self.layout_choice.addItem("Board by stage", BOARD)
        self.count = QLabel()
        self.count.setObjectName("countLabel")

        self.move_button = QToolButton()
        self.move_button.setText("&Move to stage")
        self.move_button.setToolTip("Change the selected application's stage; the plan follows.")
        self.move_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.move_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_button = QPushButton("&New interview…")
        self.new_button.setToolTip("Write the notes of an interview (Ctrl+N).")
        self.log_button = QPushButton("&Log…")
        self.log_button.setToolTip("The communication log of the selected application.")
        self.result = QLabel()
        self.result.setObjectName("saveResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = PipelineModel(self)
        self.hits: set[str] = set()  # applications the full-text index found for ...
        self.hits_for = ""  # ... this text
        self.slow_search = False  # the last full-text search took long: wait for a pause
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_PAUSE_MS)
        self.search_timer.timeout.connect(self._full_text)
        self.table = self._table()
        self._fitted = False  # columns sized to the rows yet
        self._board: PipelineBoard | None = None  # built when first asked for

        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.empty = empty_state(EMPTY_TEXT)
        self.pages.addWidget(self.empty)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.stage)
        bar.addWidget(self.layout_choice)
        bar.addWidget(self.count)
        actions = QHBoxLayout()
        actions.addWidget(self.move_button)
        actions.addWidget(self.new_button)
        actions.addWidget(self.log_button)
        actions.addWidget(self.result, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Pipeline"))
        layout.addLayout(bar)
        layout.addLayout(actions)
        layout.addWidget(self.pages, 1)
        for first, second in (
            (self.search, self.stage),
            (self.stage, self.layout_choice),
            (self.layout_choice, self.table),
            (self.table, self.move_button),
            (self.move_button, self.new_button),
            (self.new_button, self.log_button),
        ):
            self.setTabOrder(first, second)

        self.search.textChanged.connect(self._typed)
        self.stage.currentIndexChanged.connect(self._apply_filter)
        self.layout_choice.currentIndexChanged.connect(self._layout_changed)
        self.new_button.clicked.connect(lambda: self.new_interview.emit(self.current() or ""))
        self.log_button.clicked.connect(lambda: self.show_log.emit(self.current() or ""))
        self._update_move_menu()
        self.table.selectionModel().currentRowChanged.connect(self._update_move_menu)

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSortingEnabled(True)
        table.sortByColumn(COL_DUE, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        # Sized when rows first arrive (see _fit_columns), not at every refresh or keystroke.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in (COL_COMPANY, COL_ROLE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setResizeContentsPrecision(50)  # size columns from a sample of rows
        table.setTabKeyNavigation(False)
        table.setAccessibleName("Applications")
        table.activated.connect(self._activated)
        table.installEventFilter(self)  # Enter writes the next follow-up (eventFilter)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(
            lambda pos: self._context(table.viewport().mapToGlobal(pos))
        )
        return table

    @property
    def board(self) -> PipelineBoard:
        """The board by stage, built the first time it is shown (most start on the list)."""
        if self._board is None:
            board = PipelineBoard()
            board.activated.connect(self.open_application)
            board.moved.connect(self._dropped)
            for column in board.columns.values():
                column.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
                column.customContextMenuRequested.connect(
                    lambda pos, c=column: self._context(c.viewport().mapToGlobal(pos))
                )
            self.pages.addWidget(board)
            self._board = board
        return self._board

    def first_focus(self) -> QWidget:
        if not self.model.rows:
            return self.new_button
        return self.board.first_column() if self.mode == BOARD else self.table

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        now = self.now()
        zone_name = queries.get_profile(self.db).timezone
        self.model.set_rows(pipeline_rows(self.db, now, fmt.safe_zone(zone_name)), zone_name, now)
        if not self.hits_for:  # a big job search: full-text results wait for a typing pause
            self.slow_search = len(self.model.all_rows) > BIG_PIPELINE
        self._apply_filter()
        if not self._fitted and self.model.rowCount():
            self._fit_columns()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # light <-> dark: badge colours follow
            self.model.badges = badge_brushes(self.palette())
            self.model.muted = muted_brush(self.palette())
            self._fill_board()
        super().changeEvent(event)

    # --- search -----------------------------------------------------------------------------

    def _typed(self, _text: str = "") -> None:
        """A keystroke: filter at once; ask the full-text index now, or after a pause when it
        was slow last time (meanwhile the previous hits, a superset when the text grew, stay)."""
        text = self.search.text().strip()
        if len(text) < SEARCH_MIN_CHARS:
            self.search_timer.stop()
            self.hits, self.hits_for = set(), text
            self._apply_filter()
            return
        if not self.slow_search:
            self._full_text()
            return
        if not text.casefold().startswith(self.hits_for.casefold()):
            self.hits = set()
        self._apply_filter()
        self.search_timer.start()

    def _full_text(self) -> None:
        text = self.search.text().strip()
        started = time.perf_counter()
        self.hits = matching_applications(self.db, text) if len(text) >= SEARCH_MIN_CHARS else set()
        self.hits_for = text
        slow = time.perf_counter() - started > SLOW_SEARCH_S
        # A big job search always waits for the pause: a fast search for "Acme" says nothing
        # about the next one ("En" matches half the index and takes ~0.1 s there).
        self.slow_search = slow or len(self.model.all_rows) > BIG_PIPELINE
        self._apply_filter()

    def _apply_filter(self) -> None:
        text = self.search.text().strip()
        self.model.set_filter(self.stage.currentData(), text, self.hits)
        total, shown = len(self.model.all_rows), self.model.rowCount()
        self._show_page()
        for widget in (self.search, self.stage, self.layout_choice, self.move_button):
            widget.setEnabled(bool(total))
        self.log_button.setEnabled(bool(total))
        if not total:
            self.count.setText("")
        elif shown == total:
            self.count.setText(f"{total} application{'s' if total != 1 else ''}")
        else:
            self.count.setText(f"{shown} of {total} shown")
        self._fill_board()

    def _fit_columns(self) -> None:
        """Column widths from a sample of the rows, once: later refreshes keep them (and any
        width the user dragged)."""
        self._fitted = True
        # no column takes more than ~46 characters: company and role stay readable at 1366 px
        # beside the long two-zone times (those elide; their tooltip has them whole)
        widest = self.table.fontMetrics().averageCharWidth() * 46
        for column in range(self.model.columnCount()):
            if column not in (COL_COMPANY, COL_ROLE):
                self.table.resizeColumnToContents(column)
                if self.table.columnWidth(column) > widest:
                    self.table.setColumnWidth(column, widest)

    def _show_page(self) -> None:
        if not self.model.rowCount():
            self.pages.setCurrentWidget(self.empty)
        else:
            self.pages.setCurrentWidget(self.board if self.mode == BOARD else self.table)

    def _layout_changed(self) -> None:
        self.mode = self.layout_choice.currentData()
        self._show_page()
        self._fill_board()
        if self.mode == BOARD and self.current():
            self.board.select(self.current() or "")

    def _fill_board(self) -> None:
        if self.mode != BOARD:
            return
        self.board.set_rows(self.model.rows, self.model.zone, self.model.muted, self.model.badges)

    def visible_applications(self) -> list[str]:
        """Application ids in display order (for tests and the self-test)."""
        return [row.application for row in self.model.rows]

    # --- the selected application and what can be done with it ------------------------------

    def current(self) -> str | None:
        """The selected application (list or board)."""
        if self.mode == BOARD:
            return self.board.current_application()
        index = self.table.currentIndex()
        return self.model.rows[index.row()].application if index.isValid() else None

    def _row_of(self, application_id: str | None) -> PipelineRow | None:
        return next((r for r in self.model.rows if r.application == application_id), None)

    def select(self, application_id: str) -> bool:
        if self.mode == BOARD:
            return self.board.select(application_id)
        for number, row in enumerate(self.model.rows):
            if row.application == application_id:
                self.table.setCurrentIndex(self.model.index(number, 0))
                return True
        return False

    def _update_move_menu(self, *_args) -> None:
        row = self._row_of(self.current())
        menu = stage_menu(self, str(row.stage) if row else None, self.move_to)
        old = self.move_button.menu()
        self.move_button.setMenu(menu)
        if old is not None:
            old.deleteLater()

    def _context(self, where: QPoint) -> None:
        app = self.current()
        if app is None:
            return
        menu = self.context_menu(app)
        menu.exec(where)
        menu.deleteLater()

    def context_menu(self, app: str) -> QMenu:
        """The actions on application ``app``: write its next follow-up first (what Enter does),
        then the notes, a new interview, the log, and its stage."""
        row = self._row_of(app)
        menu = row_menu(
            self,
            str(row.stage) if row else None,
            open_notes=lambda: self.open_application.emit(app),
            new_interview=lambda: self.new_interview.emit(app),
            show_log=lambda: self.show_log.emit(app),
            move=self.move_to,
        )
        write = QAction("&Write next follow-up…\tEnter", menu)  # (Enter does it on the row)
        write.triggered.connect(lambda: self.write_next(app))
        menu.insertAction(menu.actions()[0], write)
        menu.insertSeparator(menu.actions()[1])
        return menu

    @guarded("Change stage")
    def move_to(self, stage: str, application_id: str | None = None) -> str:
        """Set the stage of the selected (or given) application; says what the plan did."""
        app = application_id or self.current()
        if app is None:
            self.result.setText("Select an application first, then choose its new stage.")
            return ""
        # lazy: the store's writes and the planner, ~6 ms of the first window (bench_lazy_imports)
        from followup_desktop.ui.pipeline.stage_change import change_stage
        from followup_desktop.ui.shell.undo_command import recorder

        record = recorder(self.undoable.emit, self.db, self.now, self.message.emit)
        text = change_stage(self.db, app, Stage(stage), self.now(), record=record)
        self.refresh()
        self.select(app)
        self._update_move_menu()
        self.result.setText(text)
        self.message.emit(text)
        self.changed.emit()
        return text

    def _dropped(self, application_id: str, stage: str) -> None:
        self.board.last = application_id
        self.move_to(stage, application_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on the list writes the selected application's next follow-up."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.write_next()
            return True
        return super().eventFilter(watched, event)

    @guarded("Write next follow-up")
    def write_next(self, application_id: str | None = None) -> bool:
        """Open the draft of the application's next pending message (the selected one by
        default); say so in the status bar when none is planned."""
        app = application_id or self.current()
        if app is None:
            return False
        item = queries.next_message_followup(self.db, app)
        if item is None:
            row = self._row_of(app)
            name = row.title if row else "this application"
            self.message.emit(f"Nothing to write for {name}: no message follow-up is planned.")
            return False
        # lazy: the draft dialog brings the template engine (jinja2), ~60 ms of the first
        # window were it imported with the pipeline (bench_lazy_imports --view pipeline)
        from followup_desktop.ui.draft.draft_dialog import open_draft

        open_draft(self, self.db, item.id, self.now)
        return True

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_application.emit(self.model.rows[index.row()].application)
