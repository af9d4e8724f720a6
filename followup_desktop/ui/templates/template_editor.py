"""The editing half of the Templates view: name, where it comes from, subject and body.

Built-in templates are shown read-only (the banner says how to get an editable copy); the user's
own are editable, with Jinja tags coloured. ``edited`` fires on every change (the view debounces
the preview); ``insert()`` types a variable where the cursor last was, subject or body.
``show_draft()`` puts text that was saved but did not render back in the fields, with a note
saying why it is not in use (the saved version is).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from followup_desktop.core.messages import MessageTemplate
from followup_desktop.ui.common.findings_list import mark_line
from followup_desktop.ui.templates.template_highlighter import TemplateHighlighter


class TemplateEditor(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLabel("No template selected")
        self.name.setObjectName("templateName")
        self.name.setWordWrap(True)
        self.origin = QLabel()
        self.origin.setObjectName("countLabel")
        self.origin.setWordWrap(True)
        self.draft_note = QLabel()
        self.draft_note.setObjectName("draftNote")
        self.draft_note.setWordWrap(True)
        self.draft_note.setTextFormat(Qt.TextFormat.PlainText)  # the problem quotes the text
        self.draft_note.hide()
        self.subject = QLineEdit()
        self.subject.setAccessibleName("Subject")
        self.body = QPlainTextEdit()
        self.body.setAccessibleName("Body")
        self.body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.body.setTabChangesFocus(True)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fixed.setPointSizeF(max(fixed.pointSizeF(), QFont().pointSizeF()))
        for field in (self.subject, self.body):
            field.setFont(fixed)
            field.installEventFilter(self)
        self.highlighter = TemplateHighlighter(self.body.document())
        subject_label = QLabel("&Subject:")
        subject_label.setBuddy(self.subject)
        body_label = QLabel("&Body:")
        body_label.setBuddy(self.body)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.name)
        form.addRow(self.origin)
        form.addRow(self.draft_note)
        form.addRow(subject_label, self.subject)
        form.addRow(body_label)
        form.addRow(self.body)
        self.template: MessageTemplate | None = None
        self._last_field: QLineEdit | QPlainTextEdit = self.body
        self.subject.textEdited.connect(self._changed)
        self.body.textChanged.connect(self._body_changed)
        self._loading = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in (self.subject, self.body):
            self._last_field = watched
        return super().eventFilter(watched, event)

    def set_template(self, template: MessageTemplate | None) -> None:
        self._loading = True
        try:
            self.template = template
            if template is None:
                self.name.setText("No template selected")
                self.origin.clear()
                self.subject.clear()
                self.body.clear()
            else:
                self.name.setText(template.name)
                hint = " Duplicate it (Ctrl+D) to edit your own copy." if template.builtin else ""
                self.origin.setText(f"{template.origin} · kind {template.kind}.{hint}")
                self.subject.setText(template.subject)
                self.subject.setCursorPosition(0)
                self.body.setPlainText(template.body)
            self.draft_note.hide()
            editable = template is not None and not template.builtin
            self.subject.setReadOnly(not editable)
            self.body.setReadOnly(not editable)
            mark_line(self.body, None)
        finally:
            self._loading = False

    def show_draft(self, subject: str, body: str, problem: str) -> None:
        """Put a kept draft in the fields (they then differ from the saved version) and say why
        it is not the one in use."""
        self._loading = True
        try:
            self.subject.setText(subject)
            self.subject.setCursorPosition(0)
            self.body.setPlainText(body)
        finally:
            self._loading = False
        self.draft_note.setText(
            f"Your draft, not in use: {problem} Drafts use the last good version until this "
            "one renders and is saved (or Discard the draft)."
        )
        self.draft_note.show()

    def has_draft_note(self) -> bool:
        return not self.draft_note.isHidden()

    def texts(self) -> tuple[str, str]:
        return self.subject.text(), self.body.toPlainText()

    def is_dirty(self) -> bool:
        if self.template is None or self.template.builtin:
            return False
        return self.texts() != (self.template.subject, self.template.body)

    def insert(self, text: str) -> bool:
        """Type ``text`` at the cursor of the subject or body (False when read-only)."""
        field = self._last_field
        if field.isReadOnly():
            return False
        if isinstance(field, QLineEdit):
            field.insert(" ".join(text.split()))
            self._changed()
        else:
            field.insertPlainText(text)
        field.setFocus()
        return True

    def mark_problem(self, part: str | None, line: int | None) -> None:
        """Highlight the body line a template error is on (the subject is one line)."""
        mark_line(self.body, line if part == "Body" else None)

    def _body_changed(self) -> None:
        if not self._loading:
            mark_line(self.body, None)
            self.edited.emit()

    def _changed(self, *_args) -> None:
        if not self._loading:
            self.edited.emit()
