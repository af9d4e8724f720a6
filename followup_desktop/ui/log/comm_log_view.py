"""The communication log: every message and call, for everything, one application or one person,
with the quick actions "Log a reply", "Log a call", "Mark follow-up as sent" (each re-plans, says
what changed and can be undone with Edit > Undo), the next step a reply opens (record the next
round, draft an availability reply) and the export of what is shown as a spreadsheet-safe CSV."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.clock import Now
from followup_desktop.core.model import Channel, Communication, Direction
from followup_desktop.store import queries
from followup_desktop.store.db import Database
from followup_desktop.store.people import application_titles
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common.view import View, empty_state, guarded, heading
from followup_desktop.ui.log.log_entry_dialog import LogEntryDialog, MarkSentDialog
from followup_desktop.ui.log.rows import (
    AVAILABILITY,
    CHANNEL_WORDS,
    DIRECTION_WORDS,
    INVITATION,
    Scope,
    communications,
    export_csv,
)
from followup_desktop.ui.pipeline.stage_change import changes_text, sentence_case
from followup_desktop.ui.shell.undo_command import recorder

COLUMNS = ("When", "Application", "Contact", "Channel", "Direction", "Summary", "Response")
EMPTY_TEXT = (
    "Nothing logged yet.\n\n"
    "When an employer answers, use “Log a reply”: pending check-ins are cancelled so you never "
    "chase someone who already replied. Sent follow-ups are logged when you mark them as sent."
)
EVERYTHING = "Everything"


def ask_csv_path(parent: QWidget, suggested: str) -> Path | None:
    """Where to export (tests replace this)."""
    path, _ = QFileDialog.getSaveFileName(
        parent, "Export the log", str(Path.home() / suggested), "Spreadsheet (*.csv)"
    )
    return Path(path) if path else None


def run_dialog(dialog) -> bool:
    """Show a quick-action dialog modally; True when it was saved (tests replace this)."""
    return dialog.exec() == dialog.DialogCode.Accepted


class CommLogView(View):
    #: A reply invites to another round: record it (the application id) in the notes form.
    record_round = Signal(str)

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.record = recorder(self.undoable.emit, db, now, self.message.emit)
        self.dialog: QWidget | None = None  # the last availability draft opened (tests)
        self.titles: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.shown: list[Communication] = []
        self.scope_choice = QComboBox()
        self.scope_choice.setAccessibleName("Show the log of")
        self.scope_choice.setToolTip("Everything, one application, or one person.")
        self.scope_choice.setMinimumContentsLength(30)
        self.reply_button = QPushButton("Log a &reply…")
        self.reply_button.setToolTip("The employer answered: pending check-ins are cancelled.")
        self.call_button = QPushButton("Log a c&all…")
        self.call_button.setToolTip("A phone call, made or received.")
        self.sent_button = QPushButton("Mark follow-up as &sent…")
        self.sent_button.setToolTip("You sent a planned follow-up: it is done and logged.")
        self.export_button = QPushButton("E&xport CSV…")
        self.export_button.setToolTip("What is shown, as a spreadsheet (UTF-8, formula-safe).")
        self.result = QLabel()
        self.result.setObjectName("saveResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(COLUMNS)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName("Communication log")
        self.list.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.list.header().setStretchLastSection(True)
        self.empty = empty_state(EMPTY_TEXT)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.list)
        self.pages.addWidget(self.empty)

        top = QHBoxLayout()
        show = QLabel("Sho&w:")
        show.setBuddy(self.scope_choice)
        top.addWidget(show)
        top.addWidget(self.scope_choice, 1)
        top.addWidget(self.export_button)
        actions = QHBoxLayout()
        for button in (self.reply_button, self.call_button, self.sent_button):
            actions.addWidget(button)
        actions.addWidget(self.result, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Communication log"))
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.pages, 1)

        self.scope_choice.currentIndexChanged.connect(self._show)
        self.reply_button.clicked.connect(self.log_reply)
        self.call_button.clicked.connect(self.log_call)
        self.sent_button.clicked.connect(self.mark_sent)
        self.export_button.clicked.connect(self.export)

    def first_focus(self) -> QWidget:
        return self.list if self.shown else self.reply_button

    # --- scope ------------------------------------------------------------------------------

    def scope(self) -> Scope:
        data = self.scope_choice.currentData() or ""
        kind, _, key = data.partition(":")
        if kind == "app":
            return Scope(application=key)
        if kind == "contact":
            return Scope(contact=key)
        return Scope()

    def set_scope(self, *, application: str | None = None, contact: str | None = None) -> bool:
        """Show one application's or one person's log (the pipeline's "Log…")."""
        key = f"app:{application}" if application else f"contact:{contact}" if contact else ""
        index = self.scope_choice.findData(key)
        if index < 0:
            return False
        self.scope_choice.setCurrentIndex(index)
        return True

    def refresh(self) -> None:
        current = self.scope_choice.currentData() or ""
        self.titles = application_titles(self.db)
        companies = {c.id: c.name for c in queries.list_companies(self.db)}
        people = queries.list_contacts(self.db)
        self.names = {c.id: c.name for c in people}
        self.scope_choice.blockSignals(True)
        self.scope_choice.clear()
        self.scope_choice.addItem(EVERYTHING, "")
        for app_id, title in sorted(self.titles.items(), key=lambda kv: kv[1].casefold()):
            self.scope_choice.addItem(title, f"app:{app_id}")
        self.scope_choice.insertSeparator(self.scope_choice.count())
        for person in people:
            where = companies.get(person.company, person.company)
            self.scope_choice.addItem(f"{person.name} ({where})", f"contact:{person.id}")
        self.scope_choice.setCurrentIndex(max(self.scope_choice.findData(current), 0))
        self.scope_choice.blockSignals(False)
        any_app = bool(self.titles)
        for button in (self.reply_button, self.call_button, self.sent_button):
            button.setEnabled(any_app)
        self._show()

    def _show(self) -> None:
        self.shown = communications(self.db, self.scope())
        zone = fmt.safe_zone(queries.get_profile(self.db).timezone)
        self.list.clear()
        items = []
        for comm in reversed(self.shown):  # latest first
            local = comm.at.astimezone(zone)
            item = QTreeWidgetItem(
                [
                    f"{fmt.day_text(local.date(), year=True)} {fmt.time_text(local)}",
                    self.titles.get(comm.application, comm.application),
                    self.names.get(comm.contact or "", "—"),
                    fmt.words(CHANNEL_WORDS, comm.channel),
                    fmt.words(DIRECTION_WORDS, comm.direction),
                    comm.summary,
                    comm.response.replace("\n", " "),
                ]
            )
            item.setToolTip(5, comm.summary)
            item.setToolTip(6, comm.response)
            item.setData(0, Qt.ItemDataRole.UserRole, comm.id)
            items.append(item)
        self.list.addTopLevelItems(items)
        for column in range(len(COLUMNS) - 1):  # the response takes what is left
            self.list.resizeColumnToContents(column)
            self.list.setColumnWidth(column, min(self.list.columnWidth(column), 420))
        self.pages.setCurrentWidget(self.list if self.shown else self.empty)
        self.export_button.setEnabled(bool(self.shown))
        if items:
            self.list.setCurrentItem(items[0])

    # --- quick actions ----------------------------------------------------------------------

    def _selected_application(self) -> str | None:
        scope = self.scope()
        if scope.application:
            return scope.application
        item = self.list.currentItem()
        comm_id = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        found = next((c for c in self.shown if c.id == comm_id), None)
        return found.application if found else None

    def _said(self, what: str, changes: list[str]) -> None:
        text = f"{what} {sentence_case(changes_text(changes))}."
        self.result.setText(text)
        self.message.emit(text)
        self.refresh()
        self.changed.emit()

    def _entry(self, title: str, channel: Channel, direction: Direction) -> LogEntryDialog:
        return LogEntryDialog(
            self.db,
            self.now,
            self.titles,
            application=self._selected_application(),
            contact=self.scope().contact,
            channel=channel,
            direction=direction,
            title=title,
            parent=self,
        )

    def _logged(self, dialog: LogEntryDialog, what: str, verb: str) -> None:
        """A dialog closed: say what its write did, record it for undo, take its next step
        (the write is kept even when the dialog was closed on its next-step page)."""
        comm = dialog.comm
        if comm is None or dialog.change is None:
            return
        title = self.titles.get(comm.application, comm.application)
        self.record(dialog.change, f"{verb}: {title}")
        self._said(what, dialog.changes)
        if dialog.next_step == INVITATION:
            self.record_round.emit(comm.application)
        elif dialog.next_step == AVAILABILITY:
            self.draft_availability(comm.application, comm.contact)

    @guarded("Log a reply")
    def log_reply(self) -> None:
        dialog = self._entry("Log a reply", Channel.EMAIL, Direction.RECEIVED)
        run_dialog(dialog)
        self._logged(dialog, "Reply logged.", "log a reply")
        dialog.deleteLater()

    @guarded("Log a call")
    def log_call(self) -> None:
        dialog = self._entry("Log a call", Channel.PHONE, Direction.SENT)
        run_dialog(dialog)
        self._logged(dialog, "Call logged.", "log a call")
        dialog.deleteLater()

    @guarded("Mark follow-up as sent")
    def mark_sent(self) -> None:
        dialog = MarkSentDialog(self.db, self.now, self._selected_application(), self)
        if run_dialog(dialog) and dialog.change is not None:
            self.record(dialog.change, f"mark sent: {dialog.done_title}")
            self._said(f"{dialog.done_title}: marked sent and logged.", dialog.changes)
        dialog.deleteLater()

    @guarded("Draft an availability reply")
    def draft_availability(self, application_id: str, contact_id: str | None) -> None:
        """The reply to "when are you free?", to copy or hand to the mail program."""
        # lazy: the draft brings the template engine (jinja2), ~60 ms of the first window when
        # it opens on the log (bench_lazy_imports --view log)
        from followup_desktop.ui.log.availability_dialog import AvailabilityDialog

        dialog = AvailabilityDialog(self.db, self.now, application_id, contact_id, self)
        self.dialog = dialog
        if run_dialog(dialog) and dialog.change is not None:
            title = self.titles.get(application_id, application_id)
            self.record(dialog.change, f"log availability reply: {title}")
            self._said("Availability reply logged as sent.", dialog.changes)
        dialog.deleteLater()

    @guarded("Export the log")
    def export(self) -> Path | None:
        scope = self.scope()
        stem = "communication-log"
        if scope.application or scope.contact:
            stem += "-" + (scope.application or scope.contact or "")
        target = ask_csv_path(self, f"{stem}.csv")
        if target is None:
            return None
        written = export_csv(self.db, target, self.shown)
        text = f"Exported {len(self.shown)} entries to {written}."
        self.result.setText(text)
        self.message.emit(text)
        return written
