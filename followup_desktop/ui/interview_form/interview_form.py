"""The interview notes form, for the hour right after an interview.

Typing is kept as a draft in the database a moment after each pause (``AUTOSAVE_MS``); a form
opened over a leftover draft (after a crash) offers to keep or discard it; closing with unsaved
typing asks first. Saving writes everything in one transaction and then shows the plan it made,
with reasons, before the user leaves (``interview_form_plan``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.clock import Now
from followup_desktop.store import drafts, queries
from followup_desktop.store.db import Database
from followup_desktop.store.people import new_id
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common.view import guarded
from followup_desktop.ui.interview_form.form_fields import FormFields
from followup_desktop.ui.interview_form.plan_page import PlanPage
from followup_desktop.ui.interview_form.save import save_form
from followup_desktop.ui.interview_form.values import (
    FormValues,
    carried_over,
    check,
    contacts_of,
    values_for_interview,
    values_for_new,
)

AUTOSAVE_MS = 1500  # a draft is written this long after the last keystroke (budget: 2 s)
DRAFT_KIND = "interview"


def draft_key(interview_id: str) -> str:
    return f"{DRAFT_KIND}:{interview_id}"


def ask_unsaved(parent: QWidget) -> str:
    """'save', 'discard' or 'cancel' for a form closed with unsaved typing (tests replace it)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Unsaved interview notes",
        "These notes are not saved yet. Save them now?",
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setInformativeText("Discarding throws away what you typed since the last save.")
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    return "discard" if answer == QMessageBox.StandardButton.Discard else "cancel"


class InterviewForm(QDialog):
    """New or existing interview. ``saved`` carries the one-line summary for the status bar."""

    saved = Signal(str)

    def __init__(
        self,
        db: Database,
        now: Now,
        *,
        interview_id: str | None = None,
        application_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.setObjectName("interviewForm")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.editing = False
        self.stored = FormValues()
        self.key = ""
        self.dirty = False

        # Built parent first: every widget is styled once (the app's stylesheet makes each
        # re-parenting of a finished subtree re-style all of it).
        layout = QVBoxLayout(self)
        # The recovery banner comes first in the focus chain: its (hidden) Keep button is then
        # the dialog's default, so Enter in a field presses no visible button.
        self.banner = self._banner()
        layout.addWidget(self.banner)
        self.pages = QStackedWidget(self)
        layout.addWidget(self.pages, 1)
        self.fields = FormFields(db, editing=False, parent=self.pages)
        self.pages.addWidget(self.fields)
        # The page after saving is built at the first save: its modules and widgets cost a
        # tenth of building the form, and nothing of it is seen before.
        self._plan: PlanPage | None = None
        self.buttons = QWidget(self)
        layout.addWidget(self.buttons)
        row = QHBoxLayout(self.buttons)
        row.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel(self.buttons)
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.close_button = QPushButton("Close", self.buttons)
        self.close_button.setToolTip("Close the form (Esc); unsaved notes are asked about.")
        self.save_button = QPushButton("&Save", self.buttons)
        self.save_button.setToolTip("Save the notes and see the plan (Ctrl+S).")
        self.save_button.setAutoDefault(False)
        self.close_button.setAutoDefault(False)
        row.addWidget(self.status, 1)
        row.addWidget(self.close_button)
        row.addWidget(self.save_button)

        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_draft)
        self.fields.edited.connect(self._edited)
        self.fields.application_changed.connect(self._application_changed)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.resize(900, 760)
        self.load(interview_id=interview_id, application_id=application_id)

    def load(self, *, interview_id: str | None = None, application_id: str | None = None) -> None:
        """Show an interview (or a new one for an application) in this form; the window reuses
        one form, since building its widgets costs more than filling them."""
        self.autosave.stop()
        stored = values_for_interview(self.db, interview_id) if interview_id else None
        self.editing = stored is not None
        if stored is None:
            interview_id = interview_id or self._new_interview_id(application_id or "")
            stored = values_for_new(self.db, interview_id, application_id or "", self.now())
        self.stored = stored
        self._carried_from = stored.application_id  # what the fields were filled for
        self._shown_errors: dict[str, str] = {}
        self.key = draft_key(stored.interview_id)
        self.fields.reload_choices(editing=self.editing)
        self.fields.set_values(stored)
        self._application_changed(stored.application_id)
        self.pages.setCurrentWidget(self.fields)
        self.fields.verticalScrollBar().setValue(0)
        self.buttons.show()
        self.banner.hide()
        self.status.setText("")
        self.dirty = False
        self._title()
        draft = drafts.load_draft(self.db, self.key)
        if draft is not None:
            self._offer_recovery(draft)

    @property
    def plan(self) -> PlanPage:
        """The page shown after saving (with the plan it made), built when first needed."""
        if self._plan is None:
            self._plan = PlanPage(self.pages)
            self.pages.addWidget(self._plan)
            self._plan.done_button.clicked.connect(self._finish)
            self._plan.back_button.clicked.connect(self._back)
        return self._plan

    def _new_interview_id(self, application_id: str) -> str:
        if not application_id:
            return new_id(self.db, "interviews", "interview")
        rounds = len(queries.list_interviews(self.db, [application_id]))
        return new_id(self.db, "interviews", f"{application_id}-{rounds + 1}")

    # --- recovery banner --------------------------------------------------------------------

    def _banner(self) -> QWidget:
        frame = QWidget(self)
        frame.setObjectName("recoveryBanner")
        frame.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        frame.setStyleSheet(  # palette roles only: readable in light and dark themes
            "#recoveryBanner { background: palette(alternate-base); "
            "border: 1px solid palette(mid); border-radius: 4px; }"
        )
        self.banner_text = QLabel(frame)
        self.banner_text.setWordWrap(True)
        self.banner_text.setObjectName("templateName")
        self.keep_button = QPushButton("&Keep them", frame)
        self.keep_button.setToolTip("Go on from the recovered notes.")
        self.discard_button = QPushButton("&Discard them", frame)
        self.discard_button.setToolTip("Throw the recovered notes away and show what was saved.")
        row = QHBoxLayout(frame)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.keep_button)
        row.addWidget(self.discard_button)
        self.keep_button.clicked.connect(self.keep_draft)
        self.discard_button.clicked.connect(self.discard_recovered)
        frame.hide()
        return frame

    def _offer_recovery(self, draft: drafts.FormDraft) -> None:
        values = FormValues.from_json(draft.values)
        values.interview_id = self.stored.interview_id
        if self.editing:
            values.application_id = self.stored.application_id
        self.fields.set_values(values)
        self._carried_from = values.application_id  # the recovered typing is kept as it is
        self._shown_errors = {}
        self._application_changed(values.application_id)
        zone = fmt.safe_zone(queries.get_profile(self.db).timezone)
        when = fmt.instant_text(draft.saved_at, zone)
        self.banner_text.setText(
            f"Recovered notes you had not saved (last typed {when}). Keep them or discard them?"
        )
        self.banner.show()
        self.dirty = True
        self.keep_button.setFocus()

    def initial_focus(self) -> QWidget:
        return self.keep_button if self.banner.isVisibleTo(self) else self.fields.first_input()

    def keep_draft(self) -> None:
        self.banner.hide()
        self.status.setText("Recovered notes kept; save when you are ready.")
        self.fields.first_input().setFocus()

    def discard_recovered(self) -> None:
        drafts.discard_draft(self.db, self.key)
        self.fields.set_values(self.stored)
        self._carried_from = self.stored.application_id
        self._shown_errors = {}
        self._application_changed(self.stored.application_id)
        self.banner.hide()
        self.dirty = False
        self.status.setText("Recovered notes discarded.")
        self.fields.first_input().setFocus()

    # --- editing and drafts -----------------------------------------------------------------

    def _title(self) -> None:
        title = self.fields.application_title()
        what = "Interview notes" if self.editing else "New interview"
        self.setWindowTitle(f"{what} — {title}" if title else what)

    def _edited(self) -> None:
        self.dirty = True
        self.autosave.start()  # restarts: the draft is written after a pause
        if self._shown_errors:  # a corrected field loses its sentence as soon as it is right
            now_wrong = check(self.fields.values()).errors
            still = {k: v for k, v in now_wrong.items() if k in self._shown_errors}
            if still != self._shown_errors:
                self._shown_errors = still
                self.fields.show_errors(still)

    def _application_changed(self, application_id: str) -> None:
        values = self.fields.values()
        self.fields.set_contacts(contacts_of(self.db, application_id, values.company_name))
        if not self.editing and application_id != self._carried_from:
            self._carried_from = application_id
            self.fields.carry_over(carried_over(self.db, application_id, self.now()))
        self._title()

    @guarded("Keep draft")
    def save_draft(self) -> None:
        """Write the typing to the draft table now (the timer calls this after a pause)."""
        self.autosave.stop()
        if not self.dirty:
            return
        values = self.fields.values()
        drafts.save_draft(
            self.db, self.key, DRAFT_KIND, values.to_json(), self.now(), self.windowTitle()
        )
        local = self.now().astimezone(fmt.safe_zone(queries.get_profile(self.db).timezone))
        self.status.setText(f"Draft kept at {fmt.time_text(local)} (not saved yet).")

    def flush_draft(self) -> None:
        """Keep unsaved typing now (the window closes or the app quits)."""
        if self.dirty and self.pages.currentWidget() is self.fields:
            self.save_draft()

    # --- saving -----------------------------------------------------------------------------

    @guarded("Save interview")
    def save(self) -> bool:
        if self.pages.currentWidget() is not self.fields:
            return False
        values = self.fields.values()
        checked = check(values)
        self._shown_errors = dict(checked.errors)
        self.fields.show_errors(checked.errors)
        if not checked.ok:
            count = len(checked.errors)
            self.status.setText(
                f"Not saved: {count} field{'s' if count != 1 else ''} to correct "
                "(each says what it needs). Nothing you typed is lost."
            )
            self.fields.focus_error(checked.errors)
            return False
        self.autosave.stop()
        outcome = save_form(self.db, values, checked, self.now(), self.key)
        self.dirty = False
        self.banner.hide()
        self.editing = True
        self.stored = values_for_interview(self.db, outcome.interview_id) or values
        self.fields.lock_application(outcome.application_id)
        self.plan.show_outcome(outcome, queries.get_profile(self.db).timezone, self.now())
        self.pages.setCurrentWidget(self.plan)
        self.buttons.hide()
        self.plan.done_button.setDefault(True)
        self.plan.done_button.setFocus()
        self._title()
        changed = "; ".join(outcome.changes) if outcome.changes else "plan unchanged"
        self.saved.emit(f"Interview saved: {outcome.title} ({changed}).")
        return True

    def _back(self) -> None:
        self.fields.set_values(self.stored)
        self.pages.setCurrentWidget(self.fields)
        self.buttons.show()
        self.status.setText("")
        self.fields.first_input().setFocus()

    def _finish(self) -> None:
        self.accept()

    # --- closing ----------------------------------------------------------------------------

    def may_leave(self) -> bool:
        """True when the form may close: nothing unsaved, or the user chose to discard it."""
        if not (self.dirty and self.pages.currentWidget() is self.fields):
            return True
        answer = ask_unsaved(self)
        if answer == "save":
            self.save()  # shows the plan; Done closes
            return False
        if answer == "cancel":
            return False
        self.autosave.stop()
        drafts.discard_draft(self.db, self.key)
        self.dirty = False
        return True

    def reject(self) -> None:
        """Esc, Close and the window's close box (QDialog routes them all here)."""
        if self.may_leave():
            self.autosave.stop()
            super().reject()
