"""The main window's workspace actions: its notes form (one at a time, opened for an application
or an interview, brought forward when already open, reopened over a leftover draft after a
crash), the Interview menu, the log's quick actions and Ctrl+F, and the views' requests for them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu

from followup_desktop.core.clock import Now
from followup_desktop.store.db import Database, StoreError
from followup_desktop.store.drafts import list_drafts

if TYPE_CHECKING:  # for annotations only: the window imports this module, the form is lazy
    from followup_desktop.ui.interview_form.interview_form import InterviewForm
    from followup_desktop.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)
#: After the window appears (and no draft needs recovering), the form is built this much later.
WARM_UP_MS = 1500


class FormHost(QObject):
    """Owns the window's :class:`InterviewForm`. ``saved``: its one-line summary;
    ``busy``: a sentence when a second form was asked for while one is open."""

    saved = Signal(str)
    busy = Signal(str)

    def __init__(self, window: MainWindow, db: Database, now: Now) -> None:
        super().__init__(window)
        self.window, self.db, self.now = window, db, now
        # built once, then reused: filling it is fast, building it is not
        self._form: InterviewForm | None = None
        self.warm = QTimer(self)
        self.warm.setSingleShot(True)
        self.warm.setInterval(WARM_UP_MS)
        self.warm.timeout.connect(self._build_ahead)

    @property
    def form(self) -> InterviewForm | None:
        """The notes form on screen, or None."""
        return self._form if self._form is not None and self._form.isVisible() else None

    def _new_form(
        self, *, interview_id: str | None = None, application_id: str | None = None
    ) -> InterviewForm:
        # lazy: built after the window appears (WARM_UP_MS), ~16 ms of the first window
        # (bench_lazy_imports)
        from followup_desktop.ui.interview_form.interview_form import InterviewForm

        form = InterviewForm(
            self.db,
            self.now,
            interview_id=interview_id,
            application_id=application_id,
            parent=self.window,
        )
        form.saved.connect(self.saved)
        return form

    def _build_ahead(self) -> None:
        """Build the (hidden) form while the user reads, so Ctrl+N opens at once."""
        if self._form is None and self.window.isVisible():
            try:
                self._form = self._new_form()
            except StoreError:
                log.exception("building the notes form ahead failed")

    def open(self, *, application_id: str = "", interview_id: str | None = None) -> InterviewForm:
        """Open (or bring forward) the notes form; returns it."""
        if self.form is not None:
            if QGuiApplication.platformName() != "offscreen":  # (it cannot raise a window)
                self.form.raise_()
            self.form.activateWindow()
            self.busy.emit("Finish or close the open interview notes first.")
            return self.form
        self.warm.stop()
        wanted = {"interview_id": interview_id, "application_id": application_id or None}
        if self._form is None:
            self._form = self._new_form(**wanted)
        else:
            self._form.load(**wanted)
        self._form.show()
        self._form.initial_focus().setFocus()
        return self._form

    def recover(self) -> InterviewForm | None:
        """Reopen the form over the newest leftover draft, if any (after a crash or a kill)."""
        if not self.window.isVisible():  # closed before the timer fired: nothing to offer
            return None
        try:
            leftovers = list_drafts(self.db, "interview")
        except StoreError:
            log.exception("reading form drafts failed")
            return None
        if not leftovers or self.form is not None:
            if not leftovers:
                self.warm.start()
            return None
        interview_id = leftovers[0].key.partition(":")[2]
        application = str(leftovers[0].values.get("application_id") or "")
        return self.open(application_id=application, interview_id=interview_id)

    # --- the window's other workspace actions -----------------------------------------------

    def add_menu(self, menu: QMenu, action: Callable) -> None:
        """The Interview menu; ``action(menu, text, slot, shortcut)`` is the window's."""
        action(menu, "&New interview…", self.new_interview, QKeySequence.StandardKey.New)
        menu.addSeparator()
        action(menu, "Log a &reply…", lambda: self.log_action("log_reply"))
        action(menu, "Log a &call…", lambda: self.log_action("log_call"))
        action(menu, "Mark follow-up as &sent…", lambda: self.log_action("mark_sent"))

    def connect_view(self, key: str) -> None:
        """Route the requests of the window's view ``key`` (new interview, edit notes, show a
        log) to the window."""
        if key == "pipeline":
            pipeline = self.window.view("pipeline")
            pipeline.new_interview.connect(lambda app: self.open(application_id=app))
            pipeline.show_log.connect(lambda app: self.show_log(application=app))
        elif key == "interview":
            interviews = self.window.view("interview")
            interviews.edit_interview.connect(lambda iid: self.open(interview_id=iid))
            interviews.new_interview.connect(lambda app: self.open(application_id=app))
        elif key == "contacts":
            contacts = self.window.view("contacts")
            contacts.show_log.connect(lambda person: self.show_log(contact=person))
        elif key == "log":  # a reply invited the user to another round: record it
            log_view = self.window.view("log")
            log_view.record_round.connect(lambda app: self.open(application_id=app))

    def selected_application(self) -> str:
        """The application the shown view has selected ("" when none)."""
        view = self.window._views.get(self.window.current_key())
        for name in ("current", "current_application"):
            method = getattr(view, name, None)
            found = method() if callable(method) else None
            if found:
                return found
        return ""

    def new_interview(self) -> None:
        """Ctrl+N: the notes form, for the selected application if there is one."""
        self.open(application_id=self.selected_application())

    def show_log(self, *, application: str | None = None, contact: str | None = None) -> None:
        self.window.show_view("log")
        view = self.window.view("log")
        if (application or contact) and not view.set_scope(
            application=application, contact=contact
        ):
            self.busy.emit("Nothing is logged for that yet.")

    def log_action(self, name: str) -> None:
        """A quick action of the log, for the selected application."""
        app = self.selected_application()
        self.window.show_view("log")
        view = self.window.view("log")
        if app:
            view.set_scope(application=app)
        getattr(view, name)()

    def focus_search(self) -> None:
        """Ctrl+F: the pipeline's search box, ready to type."""
        self.window.show_view("pipeline")
        self.window.view("pipeline").focus_search()

    def flush(self) -> None:
        """Keep what is typed as a draft now (the window is closing)."""
        self.warm.stop()
        if self.form is not None:
            self.form.flush_draft()
