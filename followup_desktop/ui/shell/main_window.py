"""The main window: navigation on the left, one lazily built view at a time on the right.

Views are imported and built the first time they are shown, so the first window appears fast.
When a view writes (``View.changed``) or the day rolls over, the others are marked stale and
re-read the store the next time they are shown.
"""

from __future__ import annotations

import base64
import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from PySide6.QtCore import QByteArray, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from followup_desktop import APP_NAME, __version__
from followup_desktop.core.clock import Now
from followup_desktop.store import queries
from followup_desktop.store.db import Database, StoreError, backup_name, backup_to, db_path
from followup_desktop.store.exports import export_to
from followup_desktop.store.today_query import TodayGroups, today_groups
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common.view import View, guarded
from followup_desktop.ui.shell.form_host import FormHost
from followup_desktop.ui.shell.mail_actions import MAIL_SUFFIXES, MailActions

if TYPE_CHECKING:  # the views are imported when first shown (see view())
    from followup_desktop.ui.interviews.interview_view import InterviewView
    from followup_desktop.ui.log.comm_log_view import CommLogView
    from followup_desktop.ui.people.contacts_view import ContactsView
    from followup_desktop.ui.pipeline.pipeline_view import PipelineView
    from followup_desktop.ui.settings.settings_view import SettingsView
    from followup_desktop.ui.today.today_view import TodayView

log = logging.getLogger(__name__)

GEOMETRY_KEY = "window/geometry"
VIEW_KEY = "window/view"
STATUS_INTERVAL_MS = 60_000
#: The first launch's size, made smaller to fit the screen (a 1366x768 laptop included).
DEFAULT_SIZE = QSize(1280, 800)
#: What the window's frame and the desktop's panels take beyond the available geometry.
FRAME_ROOM = QSize(40, 60)


@dataclass(frozen=True)
class ViewSpec:
    key: str
    title: str
    module: str
    cls: str


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec("today", "Today", "followup_desktop.ui.today.today_view", "TodayView"),
    ViewSpec("pipeline", "Pipeline", "followup_desktop.ui.pipeline.pipeline_view", "PipelineView"),
    ViewSpec(
        "interview", "Interviews", "followup_desktop.ui.interviews.interview_view", "InterviewView"
    ),
    ViewSpec("calendar", "Calendar", "followup_desktop.ui.calendar.calendar_view", "CalendarView"),
    ViewSpec(
        "templates", "Templates", "followup_desktop.ui.templates.templates_view", "TemplatesView"
    ),
    ViewSpec("settings", "Settings", "followup_desktop.ui.settings.settings_view", "SettingsView"),
    ViewSpec("log", "Log", "followup_desktop.ui.log.comm_log_view", "CommLogView"),
    ViewSpec("contacts", "Contacts", "followup_desktop.ui.people.contacts_view", "ContactsView"),
    ViewSpec(
        "companies", "Companies", "followup_desktop.ui.people.companies_view", "CompaniesView"
    ),
    ViewSpec("mail", "Mail", "followup_desktop.ui.mail_review.mail_review_view", "MailReviewView"),
    ViewSpec("outbox", "Outbox", "followup_desktop.ui.outbox.outbox_view", "OutboxView"),
)
#: Views past the tenth (Ctrl+1 … Ctrl+0) have a shortcut of their own.
EXTRA_SHORTCUTS = {"outbox": "Ctrl+Shift+O"}
VIEW_KEYS = tuple(spec.key for spec in VIEWS)


def default_geometry(available: QRect, minimum: QSize) -> QRect:
    """The first launch's geometry: DEFAULT_SIZE, smaller where the screen's available area
    (less room for the frame) is, never below ``minimum``; centred in that area."""
    size = DEFAULT_SIZE.boundedTo(available.size() - FRAME_ROOM).expandedTo(minimum)
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(available.center())
    return rect


class MainWindow(QMainWindow):
    """The application's one window. ``now`` is the injected clock (aware UTC)."""

    #: (due today, overdue), after every write and every minute: the tray shows the same.
    counts_changed = Signal(int, int)

    def __init__(self, db: Database, now: Now, *, demo: bool = False) -> None:
        super().__init__()
        self.db = db
        self.now = now
        self._views: dict[str, View] = {}
        self._stale: set[str] = set()
        self.forms = FormHost(self, db, now)  # the interview notes form (one at a time)
        self.forms.saved.connect(self._form_saved)
        self.forms.busy.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._drafts_checked = False  # leftover drafts are offered once, when first shown
        #: What the app runs beside this window (backups, reminders: app/run.py), kept alive
        #: as long as it is; empty in tests and the self-test, which run without them.
        self.running: list[object] = []
        self._describe_notifier: Callable[[], str] | None = None
        #: Every undoable write of the views (View.undoable), for Edit > Undo / Redo.
        self.history = QUndoStack(self)
        self._pushing = False  # a push records a write already made and refreshed
        self.history.indexChanged.connect(self._history_moved)
        self._today = self._local_today()
        # The view's own heading names the view; the title names the app, once (Qt adds the
        # app's name to a title that does not end with it).
        self.setWindowTitle(f"Demo data — {APP_NAME}" if demo else APP_NAME)
        self.setMinimumSize(QSize(760, 480))
        self.setAcceptDrops(True)  # an interview invitation (.ics) dropped on the window

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Views")
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        for spec in VIEWS:
            QListWidgetItem(spec.title, self.nav)
            self.stack.addWidget(QWidget())  # replaced by the real view on first show
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 40)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.counts = QLabel()
        self.counts.setObjectName("dueCounts")
        self.statusBar().addPermanentWidget(self.counts)
        self.mail = MailActions(self, db, now)  # File > Import mail, the status bar's mail line
        self.mail.button.clicked.connect(lambda: self.show_view("mail"))
        self.statusBar().addPermanentWidget(self.mail.button)
        self._build_menus()

        self.timer = QTimer(self)
        self.timer.setInterval(STATUS_INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

        self.nav.currentRowChanged.connect(self._on_row)
        self._restore()
        self.refresh_status()

    # --- menus ------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Import…", self.import_file, QKeySequence.StandardKey.Open)
        self._action(file_menu, "&Export…", self.export_file, "Ctrl+E")
        file_menu.addSeparator()
        self._action(file_menu, "Export &calendar…", self.export_calendar)
        self._action(file_menu, "Import &invite (.ics)…", self.import_invite, "Ctrl+Shift+I")
        self._action(file_menu, "Import &mail (.eml, .mbox, .msg)…", self.mail.import_mail)
        file_menu.addSeparator()
        self._action(file_menu, "&Backup…", self.backup, "Ctrl+B")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, "Ctrl+Q")
        self._build_edit_menu(self.menuBar().addMenu("&Edit"))
        self.forms.add_menu(self.menuBar().addMenu("&Interview"), self._action)
        view_menu = self.menuBar().addMenu("&View")
        self._action(view_menu, "&Search applications", self.forms.focus_search, "Ctrl+F")
        view_menu.addSeparator()
        for number, spec in enumerate(VIEWS, start=1):  # the tenth is Ctrl+0
            keys = EXTRA_SHORTCUTS.get(spec.key, f"Ctrl+{number % 10}")
            action = self._action(view_menu, spec.title, None, keys)
            action.triggered.connect(lambda _=False, key=spec.key: self.show_view(key))
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About Follow-up Desktop", self.show_about)

    def _build_edit_menu(self, menu) -> None:
        undo = self.history.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.history.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (undo, redo):
            menu.addAction(action)
            self.addAction(action)

    def record_undoable(self, command) -> None:
        """Keep a write just made (a QUndoCommand whose first ``redo`` does nothing)."""
        self._pushing = True
        try:
            self.history.push(command)
        finally:
            self._pushing = False

    def _history_moved(self, _index: int) -> None:
        if not self._pushing:  # an undo or a redo wrote: every view re-reads
            self.data_changed()

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if slot is not None:
            action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    # --- what runs beside the window --------------------------------------------------------

    def run_beside(
        self, part: object, *, describe_notifier: Callable[[], str] | None = None
    ) -> None:
        """Keep ``part`` (the backup service, the reminders) alive with the window; with a
        notifier chain, ``describe_notifier`` says in Settings how reminders reach the user."""
        self.running.append(part)
        if describe_notifier is not None:
            self._describe_notifier = describe_notifier
            if "settings" in self._views:
                self.view("settings").reminders.describe_notifier_with(describe_notifier)

    def warn_damaged(self, text: str) -> None:
        """The automatic backup found damage in the open file: say what to do, once."""
        QMessageBox.warning(
            self,
            APP_NAME,
            f"{text} Quit and start the app again: it will offer to restore the newest good "
            "backup; nothing will be deleted.",
        )

    # --- views ------------------------------------------------------------------------------

    # The views whose own API the window and its FormHost use, typed by key (as in VIEWS).
    @overload
    def view(self, key: Literal["today"]) -> TodayView: ...
    @overload
    def view(self, key: Literal["pipeline"]) -> PipelineView: ...
    @overload
    def view(self, key: Literal["interview"]) -> InterviewView: ...
    @overload
    def view(self, key: Literal["settings"]) -> SettingsView: ...
    @overload
    def view(self, key: Literal["log"]) -> CommLogView: ...
    @overload
    def view(self, key: Literal["contacts"]) -> ContactsView: ...
    @overload
    def view(self, key: str) -> View: ...

    def view(self, key: str) -> View:
        """The view ``key``, built (import and construction) on first use."""
        if key not in self._views:
            index = VIEW_KEYS.index(key)
            spec = VIEWS[index]
            cls = getattr(importlib.import_module(spec.module), spec.cls)
            view: View = cls(self.db, self.now)
            view.setObjectName(f"{key}View")
            view.changed.connect(lambda key=key: self.data_changed(key))
            view.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            view.undoable.connect(self.record_undoable)
            placeholder = self.stack.widget(index)
            assert placeholder is not None  # the stack holds one page per view
            self.stack.insertWidget(index, view)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._views[key] = view
            self._connect_view(key)  # typed through self.view(key), so after the line above
            view.refresh()
        return self._views[key]

    def _connect_view(self, key: str) -> None:
        """Route the requests of the view ``key`` (just built) to the window and the form."""
        if key == "today":
            today = self.view("today")
            today.open_application.connect(self.open_application)
            today.new_interview.connect(lambda app: self.open_form(application_id=app))
        if key == "pipeline":
            self.view("pipeline").open_application.connect(self.open_application)
        if key == "settings":
            self.mail.connect_settings(self.view("settings").mail)
        if key == "settings" and self._describe_notifier is not None:
            self.view("settings").reminders.describe_notifier_with(self._describe_notifier)
        self.forms.connect_view(key)

    def create_all_views(self) -> list[View]:
        return [self.view(key) for key in VIEW_KEYS]

    def current_key(self) -> str:
        return VIEW_KEYS[max(self.nav.currentRow(), 0)]

    def show_view(self, key: str) -> View:
        """Show the view ``key``; the view (``view(key)`` gives it typed by key)."""
        self.nav.setCurrentRow(VIEW_KEYS.index(key))  # -> _on_row
        return self.view(key)

    def _on_row(self, row: int) -> None:
        if row < 0:
            return
        key = VIEW_KEYS[row]
        try:
            view = self.view(key)
            if key in self._stale:
                self._stale.discard(key)
                view.refresh()
        except Exception as exc:  # a broken view must not take the window down
            log.exception("opening the %s view failed", key)
            self.statusBar().showMessage(f"The {VIEWS[row].title} view could not open: {exc}")
            return
        self.stack.setCurrentWidget(view)
        if self.isVisible() and not self.nav.hasFocus():
            view.first_focus().setFocus()

    def open_application(self, application_id: str) -> None:
        """Show the latest interview of an application (the pipeline's double-click)."""
        self.show_view("interview")
        view = self.view("interview")
        if not view.select_application(application_id):
            self.statusBar().showMessage("No interview is recorded for that application yet.", 8000)

    # --- the notes form (ui/shell/form_host.py does the work) -----------------------------

    def open_form(self, *, application_id: str = "", interview_id: str | None = None):
        """Open (or bring forward) the interview notes form; returns it."""
        return self.forms.open(application_id=application_id, interview_id=interview_id)

    @property
    def form(self):
        """The open notes form, or None."""
        return self.forms.form

    def _form_saved(self, text: str) -> None:
        self.data_changed()
        self.statusBar().showMessage(text, 10000)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._drafts_checked:  # after a crash: reopen the form over its draft
            self._drafts_checked = True
            QTimer.singleShot(0, self.forms.recover)

    def data_changed(self, source: str | None = None) -> None:
        """Something was written: re-read the shown view, mark the others, update the counts."""
        self._stale.update(k for k in self._views if k != source)
        current = self.current_key()
        if current in self._stale and current in self._views:
            self._stale.discard(current)
            try:
                self._views[current].refresh()
            except Exception as exc:  # keep the window alive; say what failed
                log.exception("refreshing the %s view failed", current)
                self.statusBar().showMessage(f"The view could not be refreshed: {exc}")
        self.refresh_status()

    # --- status bar -------------------------------------------------------------------------

    def _zone(self):
        return fmt.safe_zone(queries.get_profile(self.db).timezone)

    def _local_today(self):
        return self.now().astimezone(self._zone()).date()

    def today_groups(self) -> TodayGroups:
        """What is overdue, due today, next and waiting: the reading Today and the tray share."""
        return today_groups(self.db, self.now(), self._zone())

    def due_counts(self) -> tuple[int, int]:
        """(due today, overdue) pending follow-ups, 'today' in the user's zone."""
        return self.today_groups().due_counts()

    def refresh_status(self) -> None:
        try:
            due, overdue = self.due_counts()
        except Exception as exc:
            log.exception("counting due follow-ups failed")
            self.counts.setText(f"Counts unavailable: {exc}")
            return
        self.counts.setText(f"{due} due today · {overdue} overdue")
        self.counts_changed.emit(due, overdue)
        self.mail.refresh()

    def _tick(self) -> None:
        try:
            today = self._local_today()
        except Exception:  # the database went away (e.g. a damaged file): keep running
            log.exception("clock tick failed")
            return
        if today != self._today:  # a new day: "today" marks and badges move
            self._today = today
            self.data_changed()
        else:
            self.refresh_status()

    # --- file actions -----------------------------------------------------------------------

    def _start_dir(self) -> str:
        return str(Path.home())

    @guarded("Import")
    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Import",
            self._start_dir(),
            "Follow-up Desktop files or trackers (*.json *.csv);;All files (*)",
        )
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> None:
        # lazy: the interchange reader and writer, ~11 ms of the first window (bench_lazy_imports)
        from followup_desktop.ui.common import filing

        summary = filing.import_path(self.db, path, self.now())
        self.data_changed()
        self.statusBar().showMessage(summary, 10000)

    @guarded("Export")
    def export_file(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self,
            "Export",
            str(Path(self._start_dir()) / "followup-export.json"),
            "Interchange file (*.json);;Communication log (*.csv);;Calendar (*.ics)",
        )
        if path:
            from followup_desktop.ui.common import filing  # lazy: ~11 ms, see import_path

            target = filing.with_extension(Path(path), chosen)
            self.statusBar().showMessage(filing.export_path(self.db, target, self.now()), 10000)

    @guarded("Export calendar")
    def export_calendar(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export calendar",
            str(Path(self._start_dir()) / "followups.ics"),
            "Calendar (*.ics)",
        )
        if path:
            target = Path(path)
            if target.suffix.lower() != ".ics":  # "plan" -> "plan.ics"
                target = target.with_name(target.name + ".ics")
            export_to(self.db, target, now=self.now())  # stamped with the window's clock
            self.statusBar().showMessage(f"Exported to {target}.", 10000)

    @guarded("Import invite")
    def import_invite(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Import interview invitation",
            self._start_dir(),
            "Calendar invitations (*.ics);;All files (*)",
        )
        if path:
            self.import_invite_path(Path(path))

    @guarded("Import invite")
    def import_invite_path(self, path: Path):
        """Open the invitation dialog for ``path`` (a .ics file); returns the dialog."""
        # lazy: the .ics reader (icalendar) with it, ~50 ms of the first window (bench_lazy_imports)
        from followup_desktop.ui.invite.invite_dialog import open_invite

        def done(text: str) -> None:
            self.data_changed()
            self.statusBar().showMessage(text, 10000)

        return open_invite(self, self.db, self.now, path, done)

    # --- dropping an invitation or mail files on the window -----------------------------------

    @staticmethod
    def _dropped(event) -> tuple[Path | None, list[Path]]:
        """The first dropped .ics (an invitation), and the dropped mail files."""
        mime = event.mimeData()
        if not mime.hasUrls():
            return None, []
        files = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        invite = next((f for f in files if f.suffix.lower() == ".ics"), None)
        return invite, [f for f in files if f.suffix.lower() in MAIL_SUFFIXES]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        invite, mail = self._dropped(event)
        if invite is not None or mail:
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        invite, mail = self._dropped(event)
        if invite is None and not mail:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        if mail:  # mail first: an invitation dropped with it opens its dialog after
            self.mail.import_paths(mail)
        if invite is not None:
            self.import_invite_path(invite)

    @guarded("Backup")
    def backup(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Back up to folder", self._start_dir())
        if folder:
            dest = self.backup_into(Path(folder))
            self.statusBar().showMessage(f"Backed up to {dest}.", 10000)

    def backup_into(self, folder: Path) -> Path:
        return backup_to(self.db, folder / backup_name(now=self.now()))

    def about_box(self) -> QMessageBox:
        """The About box (not shown; the self-test grabs it)."""
        import html  # lazy: ~2 ms of the first window (bench_lazy_imports)

        location = db_path(self.db) or "an in-memory database"
        text = (
            f"<h3>{APP_NAME} {html.escape(__version__)}</h3>"
            "<p>Plans timely, personal follow-ups after job interviews — thank-you notes, "
            "check-ins and when to move on — and keeps them from being forgotten.</p>"
            f"<p>Your data file:<br><code>{html.escape(str(location))}</code></p>"
        )
        box = QMessageBox(QMessageBox.Icon.NoIcon, f"About {APP_NAME}", "", parent=self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(text)
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return box

    def show_about(self) -> None:
        self.about_box().exec()

    # --- remembered state -------------------------------------------------------------------

    def _restore(self) -> None:
        geometry = queries.get_setting(self.db, GEOMETRY_KEY)
        restored = False
        if geometry:
            try:
                restored = self.restoreGeometry(QByteArray(base64.b64decode(geometry)))
            except ValueError:
                restored = False
        if not restored:
            screen = self.screen()
            self.setGeometry(default_geometry(screen.availableGeometry(), self.minimumSize()))
        last = queries.get_setting(self.db, VIEW_KEY)
        self.nav.setCurrentRow(VIEW_KEYS.index(last) if last in VIEW_KEYS else 0)

    def save_state(self) -> None:
        """Remember geometry and the shown view in the database (skipped when read-only)."""
        from followup_desktop.store.writes import set_setting  # lazy: ~6 ms of the first window

        geometry = base64.b64encode(bytes(self.saveGeometry().data())).decode("ascii")
        try:
            set_setting(self.db, GEOMETRY_KEY, geometry)
            set_setting(self.db, VIEW_KEY, self.current_key())
        except StoreError as exc:
            log.warning("window state not saved: %s", exc)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.forms.flush()  # the notes typed so far survive as a draft
        self.timer.stop()
        self.save_state()
        super().closeEvent(event)
