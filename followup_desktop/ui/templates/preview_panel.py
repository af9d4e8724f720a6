"""The live preview of a template: rendered for a real interview (or a made-up one before any
is recorded), one column per interviewer side by side, so the user sees how the notes to two
panel members differ. Each column marks its findings in the text, including those about text
another panel member gets too (core/message_checks.panel_findings).

Rendering is debounced (:data:`DEBOUNCE_MS` after the last keystroke) and bounded by the
sandbox, so typing never stalls the window; the facts of the chosen interview are read once per
choice, not per keystroke (tests/benchmarks/bench_messages.py measures a re-render).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core import messages
from followup_desktop.core.clock import Now
from followup_desktop.core.languages import language_name
from followup_desktop.core.message_checks import Finding, panel_findings
from followup_desktop.core.message_context import (
    MessageFacts,
    example_facts,
    interview_details,
)
from followup_desktop.store import queries, templates_store
from followup_desktop.store.db import Database
from followup_desktop.ui.templates.preview_column import COLUMN_MIN_WIDTH, PreviewColumn

DEBOUNCE_MS = 250
EXAMPLE_LABEL = "A made-up interview (none recorded yet)"
_PART_ORDER = {"subject": 0, "body": 1}


def merged(own: list[Finding], panel: list[Finding]) -> list[Finding]:
    """A draft's findings and the panel's about it, each once, subject first, then by place."""
    found = list(dict.fromkeys([*own, *panel]))
    return sorted(
        found, key=lambda f: (_PART_ORDER.get(f.part, 1), f.start if f.start is not None else 1e9)
    )


class PreviewPanel(QWidget):
    """``rendered`` fires after each render with the problem (or None) for the editor to mark."""

    rendered = Signal(object)

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.interview = QComboBox()
        self.interview.setAccessibleName("Preview interview")
        self.interview.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.interview.setMinimumContentsLength(16)
        self.heading = QLabel("Preview")
        self.heading.setObjectName("templateName")
        self.language = QLabel()
        self.language.setObjectName("countLabel")
        self.language.setAccessibleName("Template language")
        self.people = QLabel()
        self.people.setObjectName("countLabel")
        self.columns: list[PreviewColumn] = []
        self._build()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.render_now)
        self.template: messages.MessageTemplate | None = None
        self.drafts: list[messages.Draft] = []
        self._choices: list[templates_store.PreviewChoice] = []
        self._facts: list[MessageFacts] | None = None  # of the chosen interview, read once
        self.interview.currentIndexChanged.connect(self._interview_changed)

    def _build(self) -> None:
        interview_label = QLabel("&Interview:")
        interview_label.setBuddy(self.interview)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.language)
        top.addStretch(1)
        top.addWidget(self.people)
        choose = QHBoxLayout()
        choose.addWidget(interview_label)
        choose.addWidget(self.interview, 1)
        self.row = QWidget()
        self.row.setAccessibleName("Drafts side by side")
        self.row_layout = QHBoxLayout(self.row)
        self.row_layout.setContentsMargins(0, 0, 0, 0)
        self.row_layout.setSpacing(12)
        self.sideways = QScrollArea()
        self.sideways.setWidget(self.row)
        self.sideways.setWidgetResizable(True)
        self.sideways.setFrameShape(QFrame.Shape.NoFrame)
        self.sideways.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the columns' texts
        self.sideways.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.sideways.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(choose)
        layout.addWidget(self.sideways, 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.sideways.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """As many whole columns as fit the width, sharing it; the others a scroll away (one
        column per step), so no column is shown cut in half."""
        if not self.columns:
            return
        width, gap = self.sideways.viewport().width(), self.row_layout.spacing()
        fit = max(1, min(len(self.columns), (width + gap) // (COLUMN_MIN_WIDTH + gap)))
        column_width = max(COLUMN_MIN_WIDTH, (width - gap * (fit - 1)) // fit)
        for column in self.columns:
            column.setFixedWidth(column_width)
        self.sideways.horizontalScrollBar().setSingleStep(column_width + gap)
        count = len(self.columns)
        said = f"{count} interviewers" if count > 1 else ""
        if fit < count:
            said += f": {fit} shown, scroll sideways for the others"
        self.people.setText(said)

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
                self.interview.addItem(EXAMPLE_LABEL, None)
            index = self.interview.findData(previous) if previous else -1
            self.interview.setCurrentIndex(max(index, 0))
        self._facts = None  # the profile or the notes may have changed too

    def _interview_changed(self, _index: int) -> None:
        self._facts = None
        self.render_now()

    def _choice(self) -> templates_store.PreviewChoice | None:
        wanted = self.interview.currentData()
        return next((c for c in self._choices if c.interview == wanted), None)

    def people_facts(self) -> list[MessageFacts]:
        """One message's facts per interviewer of the chosen interview, in the panel's order
        (one, to the application's main contact, when no interviewer is recorded)."""
        if self._facts is None:
            self._facts = self._read_facts()
        return self._facts

    def _read_facts(self) -> list[MessageFacts]:
        choice = self._choice()
        if choice is None:
            example = example_facts(queries.get_profile(self.db), self.now())
            return [example.for_contact(person) for person in example.interviewers()]
        wanted: list[str | None] = [contact_id for contact_id, _name in choice.people] or [None]
        return [
            templates_store.facts_for(
                self.db, choice.application, choice.interview, cid, self.now()
            )
            for cid in wanted
        ]

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
        template = self.template
        everyone = self.people_facts() if template is not None else []
        self._columns_for([*everyone] or [None])
        if template is None:
            self.drafts = []
            self.language.clear()
            self.columns[0].show_draft(None, [])
            self.rendered.emit(None)
            return
        self.language.setText(f"· {language_name(template.language)}")
        # in the template's language, whatever the interview's application is written in
        everyone = [replace(facts, language=template.language) for facts in everyone]
        self.drafts = [messages.compose(template, facts) for facts in everyone]
        for column, draft, found in zip(
            self.columns, self.drafts, self._findings(everyone), strict=True
        ):
            column.show_draft(draft, found)
        problem = next((d.problem for d in self.drafts if d.problem is not None), None)
        self.rendered.emit(problem)

    def _findings(self, everyone: list[MessageFacts]) -> list[list[Finding]]:
        """Each draft's findings with the cross-panel ones (same sentence to two members...)."""
        rendered = [i for i, d in enumerate(self.drafts) if d.problem is None]
        panel: dict[int, list[Finding]] = {}
        if len(rendered) > 1:
            details = list(dict.fromkeys(d for f in everyone for d in interview_details(f)))
            pairs = [(self._name(everyone[i]), self.drafts[i].body) for i in rendered]
            panel = dict(zip(rendered, panel_findings(pairs, details), strict=True))
        return [merged(d.findings, panel.get(i, [])) for i, d in enumerate(self.drafts)]

    @staticmethod
    def _name(facts: MessageFacts) -> str:
        return facts.contact.name if facts.contact is not None else ""

    def _columns_for(self, everyone: list[MessageFacts | None]) -> None:
        """As many columns as people (reused while the count stays), each named."""
        while len(self.columns) > len(everyone):
            column = self.columns.pop()
            self.row_layout.removeWidget(column)
            column.deleteLater()
        while len(self.columns) < len(everyone):
            column = PreviewColumn(self.row)
            self.row_layout.addWidget(column, 1)
            self.columns.append(column)
        for column, facts in zip(self.columns, everyone, strict=True):
            contact = facts.contact if facts is not None else None
            if contact is None:
                column.show_person("No interviewer recorded", "")
            else:
                column.show_person(contact.name, contact.title or "")
        self._fit_columns()

    # --- for tests and the benchmark ----------------------------------------------------------

    def preview_text(self) -> str:
        """Every column's text, one after the other."""
        return "\n\n".join(column.text.toPlainText() for column in self.columns)

    def findings_texts(self) -> list[str]:
        """Every column's findings list, one after the other."""
        return [text for column in self.columns for text in column.findings.texts()]
