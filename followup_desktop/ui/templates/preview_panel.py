"""The live preview of a template: rendered for a real interview and interviewer (or a made-up
one before any is recorded), with the quality findings under it and their words highlighted.

Rendering is debounced (:data:`DEBOUNCE_MS` after the last keystroke) and bounded by the
sandbox, so typing never stalls the window.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core import messages
from followup_desktop.core.clock import Now
from followup_desktop.core.message_checks import Finding, word_count
from followup_desktop.core.message_context import MessageFacts, example_facts
from followup_desktop.store import queries, templates_store
from followup_desktop.store.db import Database
from followup_desktop.ui.common.findings_list import FindingsList, highlight_spans, select_span

DEBOUNCE_MS = 250
SUBJECT_PREFIX = "Subject: "
_GAP_CODES = frozenset({"gap", "fill_in", "placeholder"})


def _combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)
    return combo


class PreviewPanel(QWidget):
    """``rendered`` fires after each render with the problem (or None) for the editor to mark."""

    rendered = Signal(object)

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.interview = _combo("Preview interview")
        self.person = _combo("Preview interviewer")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Preview")
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setTabChangesFocus(True)
        self.counts = QLabel()
        self.counts.setObjectName("countLabel")
        self.findings = FindingsList()
        interview_label = QLabel("&Interview:")
        interview_label.setBuddy(self.interview)
        person_label = QLabel("&With:")
        person_label.setBuddy(self.person)

        top = QWidget()
        form = QFormLayout(top)
        form.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("Preview")
        heading.setObjectName("templateName")
        form.addRow(heading)
        form.addRow(interview_label, self.interview)
        form.addRow(person_label, self.person)
        upper = QWidget()
        column = QVBoxLayout(upper)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(top)
        column.addWidget(self.text, 1)
        column.addWidget(self.counts)
        lower = QWidget()
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 0, 0, 0)
        findings_label = QLabel("&Findings")
        findings_label.setObjectName("templateName")
        findings_label.setBuddy(self.findings)
        column.addWidget(findings_label)
        column.addWidget(self.findings, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.render_now)
        self.template: messages.MessageTemplate | None = None
        self.draft: messages.Draft | None = None
        self._choices: list[templates_store.PreviewChoice] = []
        self.interview.currentIndexChanged.connect(self._interview_changed)
        self.person.currentIndexChanged.connect(lambda _i: self.render_now())
        self.findings.chosen.connect(self._go_to)

    def hideEvent(self, event) -> None:
        self.timer.stop()  # nothing to show it on; the next show_template() renders again
        super().hideEvent(event)

    # --- what to render with ------------------------------------------------------------------

    def load_choices(self) -> None:
        """Re-read the recorded interviews (keeps the chosen one when it still exists)."""
        previous = self.interview.currentData()
        self._choices = templates_store.preview_choices(self.db, self.now())
        with QSignalBlocker(self.interview):
            self.interview.clear()
            for choice in self._choices:
                self.interview.addItem(choice.label, choice.interview)
            if not self._choices:
                self.interview.addItem("A made-up interview (none recorded yet)", None)
            index = self.interview.findData(previous) if previous else -1
            self.interview.setCurrentIndex(max(index, 0))
        self._fill_people()

    def _interview_changed(self, _index: int) -> None:
        self._fill_people()
        self.render_now()

    def _fill_people(self) -> None:
        choice = self._choice()
        with QSignalBlocker(self.person):
            self.person.clear()
            if choice is None:
                self.person.addItem("Jordan Rivera (made up)", None)
            else:
                for contact_id, name in choice.people:
                    self.person.addItem(name, contact_id)
                if not choice.people:
                    self.person.addItem("No interviewer recorded", None)

    def _choice(self) -> templates_store.PreviewChoice | None:
        wanted = self.interview.currentData()
        return next((c for c in self._choices if c.interview == wanted), None)

    def facts(self) -> MessageFacts:
        choice = self._choice()
        if choice is None:
            return example_facts(queries.get_profile(self.db), self.now())
        return templates_store.facts_for(
            self.db, choice.application, choice.interview, self.person.currentData(), self.now()
        )

    # --- rendering ----------------------------------------------------------------------------

    def show_template(self, template: messages.MessageTemplate | None, *, now: bool = False):
        """Render ``template`` after the debounce (or at once with ``now``)."""
        self.template = template
        if now:
            self.render_now()
        else:
            self.timer.start()

    def render_now(self) -> None:
        self.timer.stop()
        if self.template is None:
            self.draft = None
            self.text.setPlainText("")
            self.counts.clear()
            self.findings.show_findings([])
            self.rendered.emit(None)
            return
        self.draft = messages.compose(self.template, self.facts())
        if self.draft.problem is not None:
            self.text.setPlainText(f"This template cannot be rendered.\n\n{self.draft.problem}")
            highlight_spans(self.text, [])
            self.counts.setText("")
            self.findings.show_error(str(self.draft.problem))
            self.rendered.emit(self.draft.problem)
            return
        draft = self.draft
        self.text.setPlainText(f"{SUBJECT_PREFIX}{draft.subject}\n\n{draft.body}")
        highlight_spans(self.text, [self._span(f) for f in draft.findings if f.start is not None])
        words = word_count(draft.body)
        self.counts.setText(f"{words} words · {len(draft.body)} characters")
        self.findings.show_findings(draft.findings)
        self.rendered.emit(None)

    def _offset(self, part: str) -> int:
        assert self.draft is not None
        if part == "subject":
            return len(SUBJECT_PREFIX)
        return len(SUBJECT_PREFIX) + len(self.draft.subject) + 2

    def _span(self, finding: Finding) -> tuple[int, int, bool]:
        offset = self._offset(finding.part)
        start, end = finding.start or 0, finding.end or 0
        return offset + start, offset + end, finding.code in _GAP_CODES

    def _go_to(self, finding: Finding) -> None:
        if self.draft is None or finding.start is None:
            return
        start, end, _gap = self._span(finding)
        select_span(self.text, start, end)
        self.text.setFocus()

    def preview_text(self) -> str:
        return self.text.toPlainText()
