"""The draft of one follow-up: read it, adjust it, hand it to the mail program, say it was sent.

``open_draft(parent, db, followup_id, now)`` is the one entry point for other views (pipeline,
calendar, tray). The app never sends mail: it copies the subject and the body (each on its own),
opens a ``mailto:`` link in the user's mail program, or saves an ``.eml`` file (readable by the
user only, like every export). After a hand-off it asks "Did you send it?"; only a yes marks the
follow-up done and logs the message (one transaction).

A template that cannot be rendered never blanks the draft: the built-in of its kind is used
instead and the dialog says so. Copy, Open in mail and Save .eml are disabled while there is
nothing to send (an empty or failed draft), with the reason beside them.

A finding that carries a fix offers "Use suggestion" (or Enter / a double-click on it): the
words are replaced in the text as an edit of the user's (Ctrl+Z undoes it); "Apply all
suggestions" makes every fix at once (ui/draft/suggestions.py). The "Language" menu writes the
draft with the templates of another language, for this draft only (the application keeps its
language).

A finding about a value missing from the profile (no name yet) offers "Open Settings": the
dialog closes and the window shows Settings with that field focused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Protocol, runtime_checkable

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core import message_handoff as handoff
from followup_desktop.core import messages
from followup_desktop.core.clock import Now
from followup_desktop.core.languages import LANGUAGES, language_name
from followup_desktop.core.message_checks import NO_SUBJECT, Finding
from followup_desktop.core.model import Channel, FollowUpKind, FollowUpStatus, TemplateKind
from followup_desktop.store import queries, templates_store
from followup_desktop.store.db import Database
from followup_desktop.store.exports import write_private
from followup_desktop.store.outbox import OutboxItem
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common import view as widgets
from followup_desktop.ui.common.findings_list import FindingsList, highlight, select_span
from followup_desktop.ui.common.view import View, guarded
from followup_desktop.ui.draft.send_row import SendRow, show_queued
from followup_desktop.ui.draft.suggestions_panel import SuggestionsPanel
from followup_desktop.ui.templates.templates_view import builtin_templates

RECHECK_MS = 300


@runtime_checkable
class ViewHost(Protocol):
    """What the draft needs of the window it was opened over: showing another view."""

    def show_view(self, key: str) -> View: ...


def show_setting(parent: QWidget | None, field: str) -> bool:
    """Show Settings with ``field`` focused, in the window ``parent`` belongs to; whether it
    could (a draft opened outside the main window has no Settings to show)."""
    host = parent.window() if parent is not None else None
    if not isinstance(host, ViewHost):
        return False
    # lazy: ~60 ms (the settings panels, holidays' country list) of every draft's opening,
    # needed only once a finding opens Settings
    from followup_desktop.ui.settings.settings_view import SettingsView

    view = host.show_view("settings")
    return isinstance(view, SettingsView) and view.focus_field(field)


# --- questions to the user and the outside world (tests replace these) --------------------


def ask_sent(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(parent, "Follow-up", question)
    return answer == QMessageBox.StandardButton.Yes


def ask_eml_path(parent: QWidget, suggested: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(
        parent, "Save the draft as an email file", str(Path.home() / suggested), "Email (*.eml)"
    )
    if not path:
        return None
    return Path(path) if Path(path).suffix else Path(path).with_suffix(".eml")


def open_url(url: QUrl) -> bool:
    return QDesktopServices.openUrl(url)


def open_draft(
    parent: QWidget | None,
    db: Database,
    followup_id: str,
    now: Now,
    *,
    on_sent: Callable[[], None] | None = None,
) -> None:
    """Show the draft of ``followup_id`` (modal), with the caller's clock.

    After the user confirms sending, ``on_sent`` runs; without it, a ``View`` parent is
    refreshed and emits ``changed`` (the window re-reads the other views and the counts) and a
    status-bar ``message``.
    """
    try:
        dialog = DraftDialog(db, followup_id, now, parent)
    except Exception as exc:  # unknown id, a reminder that is not a message, a damaged store
        widgets.show_error(parent, "Draft", str(exc).rstrip(".") + ".")
        return
    dialog.exec()
    if dialog.wanted_setting is not None:
        show_setting(parent, dialog.wanted_setting)
    if dialog.queued is not None:
        show_queued(parent, dialog.queued, dialog.queued_now)
    if dialog.sent or dialog.queued is not None:
        if on_sent is not None:
            on_sent()
        elif isinstance(parent, View):  # the writer re-reads itself; the window does the rest
            parent.refresh()
            parent.changed.emit()
            parent.message.emit(dialog.sent_note)
    dialog.deleteLater()


class DraftDialog(QDialog):
    """One follow-up's message: template choice, editable subject and body, findings, hand-off."""

    def __init__(self, db: Database, followup_id: str, now: Now, parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self.now = now
        self.item, self.facts = templates_store.facts_for_followup(db, followup_id, self.now())
        kind = messages.suggested_kind(self.item, self.facts)
        if kind is None:
            raise ValueError(
                f"The {fmt.kind_words(self.item.kind).lower()} is a reminder for you, "
                "not a message to write"
            )
        self.sent = False
        self.sent_note = ""
        #: The outbox item this dialog queued, and whether it was "Send now" (undo offered).
        self.queued: OutboxItem | None = None
        self.queued_now = False
        self.handed_off = False
        #: The Settings field the user asked to open (the dialog then closes).
        self.wanted_setting: str | None = None
        self.draft: messages.Draft | None = None
        self._build(kind)
        self.choose(self.template_combo.currentData())

    # --- layout -------------------------------------------------------------------------------

    def _build(self, kind: TemplateKind) -> None:
        contact, item = self.facts.contact, self.item
        who = contact.name if contact else "no contact recorded"
        company = self.facts.company.name if self.facts.company else ""
        self.setWindowTitle(f"{fmt.kind_words(item.kind)} · {who}")
        self.resize(860, 640)
        title = QLabel(f"{fmt.kind_words(item.kind)} · {who}")
        title.setObjectName("templateName")
        user_zone = fmt.safe_zone(self.facts.profile.timezone)
        due = f"due {fmt.both_zones(item.due, item.timezone, user_zone, year=True)}"
        if item.status in (FollowUpStatus.PLANNED, FollowUpStatus.SNOOZED):
            badge = fmt.due_badge(item.due, self.now(), user_zone)
            due += f" · {fmt.words(fmt.STATUS_WORDS, badge).lower()}" if badge else ""
        where = " · ".join(p for p in (company, self.facts.application.role) if p)
        sub = self.subtitle = QLabel(f"{where} · {due}")
        sub.setObjectName("countLabel")
        sub.setWordWrap(True)

        self.template_combo = QComboBox()
        self.template_combo.setAccessibleName("Template")
        self._kind = kind
        self._mine = [messages.from_record(t) for t in queries.list_templates(self.db)]
        self._builtins = builtin_templates()
        self._templates: dict[str, messages.MessageTemplate] = {}
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName("Language")
        self.language_combo.setToolTip("Write this draft in another language (this draft only)")
        for code in LANGUAGES:
            self.language_combo.addItem(language_name(code), code)
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(self.language()), 0))
        self._fill_templates()
        self.to_label = QLabel(self._recipient_text())
        self.to_label.setWordWrap(True)
        self.to_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subject = QLineEdit()
        self.subject.setAccessibleName("Subject")
        self.body = QPlainTextEdit()
        self.body.setAccessibleName("Body")
        self.body.setTabChangesFocus(True)
        self.findings = FindingsList(offers_fixes=True)
        self.findings.setMaximumHeight(96)
        self.suggestions = SuggestionsPanel(
            self.findings, self.subject, self.body, self._fresh_findings, self.recheck
        )
        self.status = QLabel()
        self.status.setObjectName("countLabel")
        self.status.setWordWrap(True)
        #: Why this draft is not from the chosen template (it could not be rendered).
        self.fallback_note = QLabel()
        self.fallback_note.setObjectName("draftNote")
        self.fallback_note.setWordWrap(True)
        self.fallback_note.setTextFormat(Qt.TextFormat.PlainText)  # quotes the template
        self.fallback_note.hide()
        #: Why the hand-off buttons are disabled (one line), empty when they are not.
        self.handoff_reason = QLabel()
        self.handoff_reason.setObjectName("countLabel")
        self.handoff_reason.setTextFormat(Qt.TextFormat.PlainText)

        form = QFormLayout()
        for text, widget in (
            ("&Language:", self.language_combo),
            ("&Template:", self.template_combo),
            ("To:", self.to_label),
            ("&Subject:", self.subject),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.copy_subject_button = QPushButton("Copy s&ubject")
        self.copy_subject_button.setToolTip("Put the subject line on the clipboard")
        self.copy_body_button = QPushButton("Copy b&ody")
        self.copy_body_button.setToolTip("Put the message text on the clipboard")
        self.mail_button = QPushButton("Open in &mail program")
        self.eml_button = QPushButton("Save .&eml…")
        self.close_button = QPushButton("Close")
        self.settings_button = QPushButton("Open Settin&gs")
        self.settings_button.setToolTip("Fill in what your profile is missing, for every message")
        self.settings_button.hide()  # until a finding is about the profile
        buttons = QHBoxLayout()
        for button in (
            self.copy_subject_button,
            self.copy_body_button,
            self.mail_button,
            self.eml_button,
        ):
            buttons.addWidget(button)
        buttons.addWidget(self.handoff_reason)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        self.sent_bar = self._sent_bar()
        self.send_row = SendRow(self)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(sub)
        layout.addLayout(form)
        layout.addWidget(self.fallback_note)
        body_label = QLabel("&Body:")
        body_label.setBuddy(self.body)
        layout.addWidget(body_label)
        layout.addWidget(self.body, 1)
        findings_label = QLabel("&Findings:")
        findings_label.setBuddy(self.findings)
        findings_row = QHBoxLayout()
        findings_row.addWidget(findings_label)
        findings_row.addStretch(1)
        findings_row.addWidget(self.suggestions)
        findings_row.addWidget(self.settings_button)
        layout.addLayout(findings_row)
        layout.addWidget(self.findings)
        layout.addWidget(self.status)
        layout.addWidget(self.sent_bar)
        layout.addWidget(self.send_row)
        layout.addLayout(buttons)

        self.recheck_timer = QTimer(self)
        self.recheck_timer.setSingleShot(True)
        self.recheck_timer.setInterval(RECHECK_MS)
        self.recheck_timer.timeout.connect(self.recheck)
        self.template_combo.currentIndexChanged.connect(
            lambda _i: self.choose(self.template_combo.currentData())
        )
        self.subject.textEdited.connect(lambda _t: self.recheck_timer.start())
        self.body.textChanged.connect(self.recheck_timer.start)
        self.subject.textChanged.connect(self._update_handoff)
        self.body.textChanged.connect(self._update_handoff)
        self.findings.chosen.connect(self._go_to)
        self.suggestions.said.connect(self.status.setText)
        self.language_combo.currentIndexChanged.connect(
            lambda _i: self.choose_language(self.language_combo.currentData())
        )
        self.findings.open_setting.connect(self.open_setting)
        self.settings_button.clicked.connect(self._open_setting_of_findings)
        self.copy_subject_button.clicked.connect(self.copy_subject)
        self.copy_body_button.clicked.connect(self.copy_body)
        self.mail_button.clicked.connect(self.open_mail)
        self.eml_button.clicked.connect(self.save_eml)
        self.close_button.clicked.connect(self.close)
        self._apply_channel()

    def _sent_bar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("sentBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        self.sent_question = QLabel(self._question())
        self.sent_question.setObjectName("templateName")
        self.yes_button = QPushButton("&Yes, mark it done")
        self.not_yet_button = QPushButton("&Not yet")
        row.addWidget(self.sent_question)
        row.addStretch(1)
        row.addWidget(self.yes_button)
        row.addWidget(self.not_yet_button)
        self.yes_button.clicked.connect(self.confirm_sent)
        self.not_yet_button.clicked.connect(lambda: bar.hide())
        bar.hide()
        return bar

    def _question(self) -> str:
        return "Did you make the call?" if self._is_call() else "Did you send it?"

    def _is_call(self) -> bool:
        return self.item.channel == Channel.PHONE

    def _recipient_text(self) -> str:
        contact = self.facts.contact
        if contact is None:
            return "No contact recorded: fill in the address in your mail program."
        if self._is_call():
            return f"{contact.name} · {contact.phone or 'no phone number recorded'}"
        address = handoff.plain_address(contact.email)
        if address:
            return f"{contact.name} <{address}>"
        linkedin = f" · LinkedIn: {contact.linkedin}" if contact.linkedin else ""
        return f"{contact.name} (no email address){linkedin}"

    def _apply_channel(self) -> None:
        contact = self.facts.contact
        has_address = contact is not None and handoff.plain_address(contact.email) is not None
        call = self._is_call()
        self.mail_button.setVisible(not call)
        self.eml_button.setVisible(not call)
        if not has_address and not call:
            self.mail_button.setToolTip("No email address is recorded for this person")
        if self.item.status == FollowUpStatus.DONE:
            done = self.item.done_at or self.item.due
            user_zone = fmt.safe_zone(self.facts.profile.timezone)
            when = fmt.both_zones(done, self.item.timezone, user_zone, year=True)
            self.status.setText(f"Already marked done: {when}.")
        elif call:
            self.sent_bar.show()
        elif self.item.kind == FollowUpKind.OFFER_REPLY:
            self.status.setText("Accept, negotiate or decline: choose the template above.")

    # --- content ------------------------------------------------------------------------------

    def language(self) -> str:
        """The language this draft is written in (the application's, or the one chosen here)."""
        return self.facts.language

    def _fill_templates(self) -> None:
        """The template menu for the draft's language: the suggested kind first."""
        self._templates = {}
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for choice in messages.kind_choices(self._kind):
            listed = messages.templates_for(choice, self._mine, self._builtins, self.language())
            for template in listed:
                choice_text = template.name if template.builtin else f"Yours: {template.name}"
                self.template_combo.addItem(choice_text, template.key)
                self._templates[template.key] = template
        self.template_combo.blockSignals(False)

    def choose_language(self, code: str) -> None:
        """Write the draft again with the templates of ``code`` (not saved to the application)."""
        if code == self.language():
            return
        self.facts = replace(self.facts, language=code)
        self._fill_templates()
        self.choose(self.template_combo.currentData())
        self.status.setText(f"Written in {language_name(code)} for this draft only.")

    def template(self) -> messages.MessageTemplate:
        """The template the draft was rendered from (the built-in when the chosen one fails)."""
        if self.draft is not None:
            return self.draft.template
        return self._templates[self.template_combo.currentData()]

    def choose(self, key: str) -> None:
        """Render the template ``key`` into the editable fields (replacing what is there); when
        it cannot be rendered, the built-in of its kind, saying so."""
        template = self._templates[key]
        # a call script or a LinkedIn note has no subject to send
        self.copy_subject_button.setVisible(template.kind not in NO_SUBJECT)
        draft = messages.compose(template, self.facts)
        self.fallback_note.hide()
        if draft.problem is not None:
            fallback = self._fallback(template)
            if fallback is not None:
                self.fallback_note.setText(
                    f"“{template.name}” cannot be rendered, so this draft uses "
                    f"“{fallback.template.name}”. {draft.problem} Fix it in the Templates view."
                )
                self.fallback_note.show()
                draft = fallback
        self.draft = draft
        if draft.problem is not None:
            self.subject.clear()
            self.body.setPlainText("")
            self.findings.show_error(
                f"{draft.problem} Fix the template in the Templates view, or pick another."
            )
            self.suggestions.update_buttons()
            self._update_handoff()
            return
        self.subject.setText(self.draft.subject)
        self.subject.setCursorPosition(0)
        self.body.blockSignals(True)
        self.body.setPlainText(self.draft.body)
        self.body.blockSignals(False)
        self._show_findings(self.draft.findings)
        self._update_handoff()

    def _fallback(self, failed: messages.MessageTemplate) -> messages.Draft | None:
        """The built-in of ``failed``'s kind rendered, if it renders."""
        for template in self._templates.values():
            if template.builtin and template.kind == failed.kind and template.key != failed.key:
                draft = messages.compose(template, self.facts)
                if draft.problem is None:
                    return draft
        return None

    def handoff_blocked(self) -> str:
        """Why nothing can be copied or handed off now (one line), or "" when it can."""
        if self.draft is None or self.draft.problem is not None:
            return "Nothing to send: the template could not be rendered."
        if not self.texts()[1].strip():
            return "Nothing to send: the message is empty."
        return ""

    def _update_handoff(self) -> None:
        reason = self.handoff_blocked()
        for button in (self.copy_body_button, self.mail_button, self.eml_button):
            button.setEnabled(not reason)
        no_subject = not reason and not self.texts()[0]
        self.copy_subject_button.setEnabled(not reason and not no_subject)
        if no_subject and self.copy_subject_button.isVisibleTo(self):
            reason = "No subject to copy: write one above."
        self.handoff_reason.setText(reason)
        self.handoff_reason.setVisible(bool(reason))
        if hasattr(self, "send_row"):
            self.send_row.update_buttons()

    def recheck(self) -> None:
        self.recheck_timer.stop()
        if self.draft is None or self.draft.problem is not None:
            return
        found = messages.recheck(self.template(), self.facts, *self.texts())
        self._show_findings(found)

    def _show_findings(self, found) -> None:
        self.findings.show_findings(found)
        highlight(self.body, found)
        self.settings_button.setVisible(self.findings.profile_field() is not None)
        self.suggestions.update_buttons()

    def _fresh_findings(self) -> list[Finding] | None:
        """The findings of the text as it is now (None for a failed draft: nothing to fix)."""
        if self.draft is None or self.draft.problem is not None:
            return None
        subject = self.texts()[0]
        if self.subject.text() != subject:  # the checks read it with single spaces
            self.subject.setText(subject)
        return messages.recheck(self.template(), self.facts, *self.texts())

    def _open_setting_of_findings(self) -> None:
        field = self.findings.profile_field()
        if field is not None:
            self.open_setting(field)

    def open_setting(self, field: str) -> None:
        """Close, so that the window shows Settings with ``field`` focused (open_draft)."""
        self.wanted_setting = field
        self.reject()

    def texts(self) -> tuple[str, str]:
        return " ".join(self.subject.text().split()), self.body.toPlainText().rstrip()

    def _go_to(self, finding) -> None:
        if finding.start is None:
            return
        target = self.subject if finding.part == "subject" else self.body
        select_span(target, finding.start, finding.end)
        target.setFocus()

    # --- hand-off -----------------------------------------------------------------------------

    def _handed_off(self, note: str) -> None:
        self.status.setText(note)
        if self.item.status != FollowUpStatus.DONE and not self.sent:
            self.handed_off = True
            self.sent_bar.show()
            self.yes_button.setFocus()

    @guarded("Copy subject")
    def copy_subject(self) -> bool:
        """The subject line alone on the clipboard; False (and it says why) when there is none."""
        subject, _body = self.texts()
        if not subject:
            self.status.setText("Nothing copied: the subject is empty.")
            return False
        QGuiApplication.clipboard().setText(subject)
        self.status.setText("Copied the subject; paste it into your message, then copy the body.")
        return True

    @guarded("Copy body")
    def copy_body(self) -> bool:
        """The message text alone on the clipboard; False (and it says why) when there is none."""
        _subject, body = self.texts()
        if not body.strip():
            self.status.setText("Nothing copied: the message is empty.")
            return False
        QGuiApplication.clipboard().setText(body + "\n")
        self._handed_off("Copied the body; paste it into your message.")
        return True

    def mailto(self) -> str:
        contact = self.facts.contact
        return handoff.mailto_url(contact.email if contact else None, *self.texts())

    @guarded("Open in mail program")
    def open_mail(self) -> None:
        url = self.mailto()
        if not open_url(QUrl.fromEncoded(url.encode("ascii"))):
            raise OSError("No mail program opened the message; copy it or save an .eml instead.")
        note = "Opened in your mail program."
        if len(url) > handoff.SAFE_MAILTO_LENGTH:
            note += " It is long: if the body arrives cut off, copy it or save an .eml instead."
        self._handed_off(note)

    @guarded("Save .eml")
    def save_eml(self) -> None:
        contact, profile = self.facts.contact, self.facts.profile
        name = handoff.eml_filename(
            fmt.kind_words(self.item.kind),
            contact.name if contact else None,
            self.facts.company.name if self.facts.company else None,
        )
        path = ask_eml_path(self, name)
        if path is None:
            return
        subject, body = self.texts()
        data = handoff.build_eml(
            subject=subject,
            body=body,
            to_name=contact.name if contact else None,
            to_address=contact.email if contact else None,
            from_name=profile.name,
            from_address=profile.email,
            when=self.now(),
        )
        write_private(path, data)  # 0600, written whole or not at all, like every export
        self._handed_off(f"Saved {path.name}; open it in your mail program to send it.")

    @guarded("Mark as sent")
    def confirm_sent(self) -> None:
        subject, _body = self.texts()
        what = fmt.kind_words(self.item.kind)
        summary = f"{what}: {subject}" if subject and not self._is_call() else what
        templates_store.record_sent(self.db, self.item.id, summary, self.now())
        self.sent = True
        who = self.facts.contact.name if self.facts.contact else "them"
        self.sent_note = f"{what} · {who}: marked done and logged."
        self.sent_bar.hide()
        self.accept()

    def done(self, result: int) -> None:
        """Closing after a hand-off asks once whether it was sent."""
        unanswered = self.handed_off and not self.sent and self.sent_bar.isVisible()
        if unanswered and ask_sent(self, self._question()):
            self.confirm_sent()
            if self.sent:
                return  # confirm_sent accepted the dialog
        self.recheck_timer.stop()
        super().done(result)
