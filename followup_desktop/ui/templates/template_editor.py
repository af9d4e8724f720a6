"""The editing half of the Templates view: name, where it comes from, subject and body.

Built-in templates are shown read-only (the banner says how to get an editable copy); the user's
own are editable. ``edited`` fires on every change (the view debounces the preview);
``insert()`` types a variable where the cursor last was, subject or body. ``show_draft()`` puts
text that was saved but did not render back in the fields, with a note saying why it is not in
use (the saved version is).

Two modes, the choice kept for the session: *Simple* shows the text with fields and conditions
as chips (ui/templates/simple_editor.py, through core/template_simple.py), with a field chooser
and "Add a condition…"; *Advanced (Jinja)* shows the raw text with Jinja tags coloured. The raw
``subject`` and ``body`` fields stay the source of truth in both: in Simple mode they are
hidden and rewritten from the chips on every change, so saving, undo and the preview read them
as before, and text put into them from outside is shown in the chips again. A template the
simple editor cannot show (a loop, a comment, …) opens in Advanced mode with a note saying why.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from followup_desktop.core import template_simple as simple
from followup_desktop.core.messages import MessageTemplate
from followup_desktop.ui.common.findings_list import mark_line
from followup_desktop.ui.templates.simple_editor import SimpleEditor
from followup_desktop.ui.templates.template_highlighter import TemplateHighlighter

#: How the field chooser groups the variables (by the start of their name).
FIELD_GROUPS = (
    ("The person", ("contact.", "salutation")),
    ("The job", ("company.", "role")),
    (
        "The interview",
        (
            "interview.day",
            "interview.weekday",
            "interview.date",
            "interview.f",
            "interview.round",
            "interview.with",
        ),
    ),
    ("Your notes", ("interview.", "discussed", "decision_")),
    ("You", ("candidate.", "signature")),
)


def field_group(expression: str) -> str:
    """The chooser's submenu for ``expression`` ("" for the top level, e.g. ``fill()``)."""
    for title, starts in FIELD_GROUPS:
        if expression.startswith(starts):
            return title
    return ""


def _embolden(button: QPushButton, bold: bool) -> None:
    font = button.font()
    font.setBold(bold)
    button.setFont(font)


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
        self.simple_subject = SimpleEditor(single_line=True)
        self.simple_subject.setAccessibleName("Subject (simple)")
        self.simple_body = SimpleEditor()
        self.simple_body.setAccessibleName("Body (simple)")
        for chips in (self.simple_subject, self.simple_body):
            chips.installEventFilter(self)
            chips.edited.connect(self._simple_edited)
        self.subject_stack, self.body_stack = QStackedWidget(), QStackedWidget()
        for stack, raw, chips in (
            (self.subject_stack, self.subject, self.simple_subject),
            (self.body_stack, self.body, self.simple_body),
        ):
            stack.addWidget(raw)
            stack.addWidget(chips)
        self.body_stack.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.subject_stack.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.subject_stack.setFixedHeight(
            max(self.subject.sizeHint().height(), self.simple_subject.maximumHeight())
        )
        subject_label = QLabel("&Subject:")
        subject_label.setBuddy(self.subject)
        body_label = QLabel("&Body:")
        body_label.setBuddy(self.body)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.name)
        form.addRow(self.origin)
        form.addRow(self.draft_note)
        form.addRow(self._mode_bar())
        form.addRow(self.mode_note)
        form.addRow(subject_label, self.subject_stack)
        form.addRow(body_label)
        form.addRow(self._simple_bar())
        form.addRow(self.body_stack)
        self.template: MessageTemplate | None = None
        self._last_field: QWidget = self.body
        self.subject.textEdited.connect(self._changed)
        self.subject.textChanged.connect(self._subject_set)
        self.body.textChanged.connect(self._body_changed)
        self.body.cursorPositionChanged.connect(self._raw_cursor_moved)
        self.subject.cursorPositionChanged.connect(self._raw_cursor_moved)
        self._loading = False
        self._syncing = False  # the raw fields being rewritten from the chips
        self.prefer_simple = True  # the session's choice of mode
        self.simple_problem: str | None = None  # why the shown text has no simple mode
        self._show_mode(simple_shown=False)
        chain = (
            self.simple_button,
            self.advanced_button,
            self.subject,
            self.simple_subject,
            self.field_button,
            self.condition_button,
            self.body,
            self.simple_body,
        )
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- the mode switch and the simple mode's tools --------------------------------------------

    def _mode_bar(self) -> QWidget:
        self.simple_button = QPushButton("Sim&ple")
        self.simple_button.setToolTip("Text with fields and conditions as chips")
        self.advanced_button = QPushButton("Advanced (&Jinja)")
        self.advanced_button.setToolTip("The template's Jinja text")
        self.modes = QButtonGroup(self)
        self.modes.setExclusive(True)
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(QLabel("Mode: "))
        for button in (self.simple_button, self.advanced_button):
            button.setCheckable(True)
            button.setAutoDefault(False)
            self.modes.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        for button in (self.simple_button, self.advanced_button):  # the chosen one in bold
            button.toggled.connect(lambda on, b=button: _embolden(b, on))
        self.simple_button.clicked.connect(lambda: self.set_mode(simple_mode=True))
        self.advanced_button.clicked.connect(lambda: self.set_mode(simple_mode=False))
        self.mode_note = QLabel()
        self.mode_note.setObjectName("countLabel")
        self.mode_note.setWordWrap(True)
        self.mode_note.setTextFormat(Qt.TextFormat.PlainText)
        self.mode_note.hide()
        return bar

    def _simple_bar(self) -> QWidget:
        self.field_button = QPushButton("Insert a fiel&d")
        self.field_button.setToolTip("A field at the cursor: the text it stands for in the draft")
        self.field_menu = QMenu(self.field_button)
        self.field_menu.setToolTipsVisible(True)
        groups: dict[str, QMenu] = {}
        for title, _starts in FIELD_GROUPS:
            groups[title] = self.field_menu.addMenu(title)
            groups[title].setToolTipsVisible(True)
        self.field_menu.addSeparator()
        for label, expression, description in simple.field_choices():
            menu = groups.get(field_group(expression), self.field_menu)
            action = menu.addAction(label)
            action.setToolTip(description)
            action.triggered.connect(lambda _=False, e=expression: self.insert_field(e))
        for menu in groups.values():
            if menu.isEmpty():
                self.field_menu.removeAction(menu.menuAction())
        self.field_button.setMenu(self.field_menu)
        self.condition_button = QPushButton("Add a co&ndition…")
        self.condition_button.setToolTip(
            "Wrap the selected text in a condition: it is left out of drafts when the note is empty"
        )
        self.condition_menu = QMenu(self.condition_button)
        for text, condition in simple.CONDITION_CHOICES:
            action = self.condition_menu.addAction(text)
            action.setToolTip(simple.condition_label(condition))
            action.triggered.connect(lambda _=False, c=condition: self.wrap_in_condition(c))
        self.condition_menu.addSeparator()
        self.otherwise_action = self.condition_menu.addAction(
            "Otherwise… (text for when the condition at the cursor is not met)"
        )
        self.otherwise_action.triggered.connect(self.insert_otherwise)
        self.condition_menu.aboutToShow.connect(self._update_otherwise)
        self.condition_button.setMenu(self.condition_menu)
        self.simple_tools = QWidget()
        row = QHBoxLayout(self.simple_tools)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field_button)
        row.addWidget(self.condition_button)
        row.addStretch(1)
        return self.simple_tools

    def simple_shown(self) -> bool:
        return self.body_stack.currentWidget() is self.simple_body

    def set_mode(self, *, simple_mode: bool) -> None:
        """Show Simple or Advanced (kept for the session); Simple only when the text allows."""
        focused = self.focusWidget()
        self.prefer_simple = simple_mode
        if simple_mode and not self.simple_shown():
            self._load_simple()
            self.simple_subject.move_to_source_offset(self.subject.cursorPosition())
            self.simple_body.move_to_source_offset(self.body.textCursor().position())
        elif not simple_mode and self.simple_shown():  # the raw cursor where the chips' was
            self._syncing = True
            try:
                self.subject.setCursorPosition(self.simple_subject.source_offset())
                cursor = self.body.textCursor()
                cursor.setPosition(
                    min(self.simple_body.source_offset(), len(self.body.toPlainText()))
                )
                self.body.setTextCursor(cursor)
            finally:
                self._syncing = False
        self._show_mode(simple_shown=simple_mode and self.simple_problem is None)
        if focused in (self.subject, self.simple_subject):
            self.subject.setFocus()  # the proxy takes it to the shown one
        elif focused in (self.body, self.simple_body):
            self.body.setFocus()

    def _raw_cursor_moved(self, *_positions: int) -> None:
        """The raw cursor moved from outside while the chips show: theirs follows (so an
        insert lands there)."""
        if self._loading or self._syncing or not self.simple_shown():
            return
        if self.sender() is self.subject:
            self.simple_subject.move_to_source_offset(self.subject.cursorPosition())
        else:
            self.simple_body.move_to_source_offset(self.body.textCursor().position())

    def _load_simple(self) -> None:
        """Read the raw fields into the chips (or say why they cannot be)."""
        problem = self.simple_subject.set_source(self.subject.text())
        body_problem = self.simple_body.set_source(self.body.toPlainText())
        if problem:
            problem = "In the subject, l" + problem[1:]
        self.simple_problem = problem or body_problem

    def _show_mode(self, *, simple_shown: bool) -> None:
        index = 1 if simple_shown else 0
        self.subject_stack.setCurrentIndex(index)
        self.body_stack.setCurrentIndex(index)
        for raw, chips in ((self.subject, self.simple_subject), (self.body, self.simple_body)):
            raw.setFocusProxy(chips if simple_shown else None)  # type: ignore[arg-type]
        (self.simple_button if simple_shown else self.advanced_button).setChecked(True)
        self.simple_tools.setVisible(simple_shown)
        editable = not self.body.isReadOnly()
        self.field_button.setEnabled(editable)
        self.condition_button.setEnabled(editable)
        problem = self.simple_problem if self.template is not None else None
        self.simple_button.setEnabled(problem is None)
        self.simple_button.setToolTip(problem or "Text with fields and conditions as chips")
        # while one types in Advanced mode by choice, a half-typed tag does not flash the note
        noted = self.prefer_simple or self._loading or not self.mode_note.isHidden()
        self.mode_note.setText(f"Simple mode is not available here: {problem}" if problem else "")
        self.mode_note.setVisible(bool(problem) and noted)
        if self._last_field in (self.subject, self.simple_subject):
            self._last_field = self.simple_subject if simple_shown else self.subject
        else:
            self._last_field = self.simple_body if simple_shown else self.body

    def _refresh_simple(self) -> None:
        """After the raw text changed from outside (or a load): the chips follow it."""
        self._load_simple()
        simple_shown = self.prefer_simple and self.simple_problem is None
        if self.simple_shown() and not simple_shown:
            self._show_mode(simple_shown=False)
        elif not self.simple_shown() and simple_shown and self._loading:
            self._show_mode(simple_shown=True)
        else:
            self._show_mode(simple_shown=self.simple_shown())

    def _simple_edited(self) -> None:
        """A change in the chips: the raw fields get its Jinja text, then ``edited`` fires."""
        if self._loading or not self.simple_shown():
            return
        subject, body = self.simple_subject.source(), self.simple_body.source()
        self._syncing = True
        try:
            if subject != self.subject.text():
                self.subject.setText(subject)
                self.subject.setCursorPosition(0)
            if body != self.body.toPlainText():
                self.body.setPlainText(body)
        finally:
            self._syncing = False
        problem = simple.parse(subject).problem or simple.parse(body).problem
        if problem:  # typed Jinja the chips cannot show: on in Advanced mode, at that spot
            self._continue_in_advanced(problem)
        mark_line(self.body, None)
        self.edited.emit()

    def _continue_in_advanced(self, problem: str) -> None:
        in_subject = self.focusWidget() is self.simple_subject
        chips = self.simple_subject if in_subject else self.simple_body
        before = simple.serialise(chips.pieces(0, chips.textCursor().position()))
        self.simple_problem = problem
        self._show_mode(simple_shown=False)
        if in_subject:
            self.subject.setFocus()
            self.subject.setCursorPosition(len(before))
        else:
            self.body.setFocus()
            cursor = self.body.textCursor()
            cursor.setPosition(min(len(before), len(self.body.toPlainText())))
            self.body.setTextCursor(cursor)

    def insert_field(self, expression: str) -> bool:
        """A field chip at the cursor of the subject or body (simple mode)."""
        target = self._simple_target()
        done = target.insert_field(expression)
        target.setFocus()
        return done

    def wrap_in_condition(self, condition: str) -> bool:
        target = self._simple_target()
        done = target.wrap_in_condition(condition)
        target.setFocus()
        return done

    def insert_otherwise(self) -> bool:
        target = self._simple_target()
        done = target.insert_otherwise()
        target.setFocus()
        return done

    def _simple_target(self) -> SimpleEditor:
        return self.simple_subject if self._last_field is self.simple_subject else self.simple_body

    def _update_otherwise(self) -> None:
        target = self._simple_target()
        position = target.textCursor().position()
        self.otherwise_action.setEnabled(
            not target.isReadOnly() and target._open_section_at(position) is not None
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        fields = (self.subject, self.body, self.simple_subject, self.simple_body)
        if event.type() == QEvent.Type.FocusIn and watched in fields:
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
            self.simple_subject.set_read_only(not editable)
            self.simple_body.set_read_only(not editable)
            mark_line(self.body, None)
            self._refresh_simple()
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
            self._refresh_simple()
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
        if isinstance(field, SimpleEditor):
            if field.isReadOnly():
                return False
            field.insert_source(text)
            field.setFocus()
            return True
        if not isinstance(field, QLineEdit | QPlainTextEdit) or field.isReadOnly():
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
        self.simple_body.mark_line(line if part == "Body" else None)

    def _body_changed(self) -> None:
        if not self._loading and not self._syncing:
            mark_line(self.body, None)
            self._raw_changed()
            self.edited.emit()

    def _subject_set(self, _text: str) -> None:
        if not self._loading and not self._syncing:
            self._raw_changed()

    def _raw_changed(self) -> None:
        """Typed in Advanced mode: is Simple available now? Put in from outside while in
        Simple mode: the chips follow."""
        if self.simple_shown():
            self._refresh_simple()
            return
        subject, body = simple.parse(self.subject.text()), simple.parse(self.body.toPlainText())
        problem = subject.problem and "In the subject, l" + subject.problem[1:]
        self.simple_problem = problem or body.problem
        self._show_mode(simple_shown=False)

    def _changed(self, *_args) -> None:
        if not self._loading:
            self.edited.emit()
