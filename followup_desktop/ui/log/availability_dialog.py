"""A reply to "when are you free?": drafted from the application's facts with the times left for
the user to write, copied or handed to the mail program, then logged as sent.

No message kind exists for it yet (``TemplateKind`` has none and templates/ ships no file), so
its text lives here, rendered by the same sandbox and checked by the same checks as every
template; it moves to templates/availability_reply.txt once that kind exists.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core import message_handoff as handoff
from followup_desktop.core import messages
from followup_desktop.core.clock import Now
from followup_desktop.core.model import Channel, Communication, Direction
from followup_desktop.store import templates_store, undo
from followup_desktop.store.db import Database
from followup_desktop.ui.common.view import guarded
from followup_desktop.ui.log.rows import log_entry, new_comm_id

SUBJECT = "Re: {{ role }} - my availability - {{ candidate.name }}"
BODY = """Dear {{ contact.first_name }},

Thank you for getting back to me. I would be glad to continue the conversation about the \
{{ role }} position at {{ company.name }}.

I am available {{ fill("two or three times that suit you, with your time zone") }}. If none of \
these works for you, I am happy to find another time.

Best regards,
{{ signature }}"""
TEMPLATE = messages.MessageTemplate(
    key="builtin:availability_reply",
    kind="availability_reply",
    name="Availability reply",
    subject=SUBJECT,
    body=BODY,
    builtin=True,
)
#: Findings that do not apply to a reply about times (it needs no detail of the interview).
NOT_FOR_THIS_REPLY = frozenset({"no_detail"})


def open_url(url: QUrl) -> bool:
    """Open the mail program (tests replace this)."""
    return QDesktopServices.openUrl(url)


class AvailabilityDialog(QDialog):
    """The draft of an availability reply to ``contact_id`` about ``application_id``."""

    def __init__(
        self,
        db: Database,
        now: Now,
        application_id: str,
        contact_id: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.now, self.application_id = db, now, application_id
        self.facts = templates_store.facts_for(db, application_id, None, contact_id, now())
        self.draft = messages.compose(TEMPLATE, self.facts)
        self.change: undo.Change | None = None
        self.changes: list[str] = []
        who = self.facts.contact.name if self.facts.contact else "no contact recorded"
        self.setWindowTitle(f"Availability reply · {who}")
        self._build()
        self.resize(720, 520)
        self.body.setFocus()

    def _build(self) -> None:
        self.subject = QLineEdit(self.draft.subject)
        self.subject.setAccessibleName("Subject")
        self.body = QPlainTextEdit(self.draft.body)
        self.body.setAccessibleName("Body")
        self.body.setTabChangesFocus(True)
        self.findings = QLabel()
        self.findings.setObjectName("hint")
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.TextFormat.PlainText)
        problem = self.draft.problem
        lines = dict.fromkeys(
            f.line() for f in self.draft.findings if f.code not in NOT_FOR_THIS_REPLY
        )
        self.findings.setText(str(problem) if problem else "\n".join(f"• {t}" for t in lines))
        form = QFormLayout()
        subject_label = QLabel("&Subject:")
        subject_label.setBuddy(self.subject)
        form.addRow(subject_label, self.subject)
        body_label = QLabel("&Body:")
        body_label.setBuddy(self.body)
        form.addRow(body_label, self.body)
        self.copy_subject = QPushButton("Copy s&ubject")
        self.copy_body = QPushButton("&Copy body")
        self.mail_button = QPushButton("Open in &mail program")
        address = self.facts.contact.email if self.facts.contact else None
        self.mail_button.setEnabled(handoff.plain_address(address) is not None)
        if not self.mail_button.isEnabled():
            self.mail_button.setToolTip("No email address is recorded for this person")
        self.sent_button = QPushButton("&Log as sent")
        self.sent_button.setToolTip("You sent it: the message goes into the log.")
        self.close_button = QPushButton("Close")
        row = QHBoxLayout()
        for button in (self.copy_subject, self.copy_body, self.mail_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.sent_button)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.findings)
        layout.addLayout(row)
        self.copy_subject.clicked.connect(lambda: self._copy(self.subject.text()))
        self.copy_body.clicked.connect(lambda: self._copy(self.body.toPlainText()))
        self.mail_button.clicked.connect(self.open_mail)
        self.sent_button.clicked.connect(self.log_sent)
        self.close_button.clicked.connect(self.reject)

    def _copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)

    def open_mail(self) -> bool:
        address = self.facts.contact.email if self.facts.contact else None
        url = handoff.mailto_url(address, self.subject.text(), self.body.toPlainText())
        return open_url(QUrl(url))

    @guarded("Log as sent")
    def log_sent(self) -> bool:
        now = self.now()
        comm = Communication(
            new_comm_id(),
            self.application_id,
            now,
            Direction.SENT,
            self.facts.contact.id if self.facts.contact else None,
            Channel.EMAIL,
            "Availability reply",
        )
        self.changes, self.change = log_entry(self.db, comm, now)
        self.accept()
        return True
