"""One interviewer's draft in the side-by-side preview: who it is to, the subject and body as
plain text with the findings' words marked (the finding's sentence on hover), and the findings
listed under it, including those about text another panel member gets too."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QToolTip, QVBoxLayout, QWidget

from followup_desktop.core import messages
from followup_desktop.core.message_checks import Finding, word_count
from followup_desktop.ui.common.findings_list import (
    GAP_CODES,
    FindingsList,
    highlight_spans,
    select_span,
)

SUBJECT_PREFIX = "Subject: "
#: Narrower than this, the columns that do not fit are a sideways scroll away.
COLUMN_MIN_WIDTH = 230


class PreviewText(QPlainTextEdit):
    """Read-only plain text whose marked spans say their finding in a tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(True)  # Tab goes on to the next column
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        #: (start, end, the finding's sentence) of each marked span, in document positions.
        self.spans: list[tuple[int, int, str]] = []

    def finding_at(self, position: int) -> str | None:
        """The sentences of the findings whose words cover ``position`` (None: no mark)."""
        found = [text for start, end, text in self.spans if start <= position < end]
        return "\n".join(dict.fromkeys(found)) or None

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cursor = self.cursorForPosition(event.pos())
            text = self.finding_at(cursor.position())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)


class PreviewColumn(QWidget):
    """The draft for one person: name and title, the text with its marks, the findings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLabel()
        self.name.setObjectName("templateName")
        self.name.setTextFormat(Qt.TextFormat.PlainText)  # a contact's name is data
        self.title = QLabel()
        self.title.setObjectName("countLabel")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.text = PreviewText()
        self.counts = QLabel()
        self.counts.setObjectName("countLabel")
        self.findings = FindingsList()
        self.findings.setMaximumHeight(120)
        self.draft: messages.Draft | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.name)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.counts)
        layout.addWidget(self.findings)
        self.findings.chosen.connect(self._go_to)

    def show_person(self, name: str, title: str) -> None:
        self.name.setText(name)
        self.title.setText(title)
        self.title.setVisible(bool(title))
        self.text.setAccessibleName(f"Preview for {name}")
        self.findings.setAccessibleName(f"Findings for {name}")

    def show_draft(self, draft: messages.Draft | None, findings: list[Finding]) -> None:
        """``draft`` (None: nothing chosen) with ``findings`` marked in it and listed."""
        self.draft = draft
        if draft is None:
            self._show_text("", [])
            self.counts.clear()
            self.findings.show_findings([])
            return
        if draft.problem is not None:
            self._show_text(f"This template cannot be rendered.\n\n{draft.problem}", [])
            self.counts.clear()
            self.findings.show_error(str(draft.problem))
            return
        self._show_text(f"{SUBJECT_PREFIX}{draft.subject}\n\n{draft.body}", findings)
        self.counts.setText(f"{word_count(draft.body)} words · {len(draft.body)} characters")
        self.findings.show_findings(findings)

    def _show_text(self, text: str, findings: list[Finding]) -> None:
        if self.text.toPlainText() != text:  # unchanged text keeps its scroll position
            self.text.setPlainText(text)
        marked = [f for f in findings if f.start is not None and f.end is not None]
        spans = [(*self._span(f), f) for f in marked]
        highlight_spans(self.text, [(s, e, f.code in GAP_CODES) for s, e, f in spans])
        self.text.spans = [(s, e, f.message) for s, e, f in spans]

    def _span(self, finding: Finding) -> tuple[int, int]:
        """Where ``finding``'s words are in the column's text."""
        assert self.draft is not None
        offset = len(SUBJECT_PREFIX)
        if finding.part != "subject":
            offset += len(self.draft.subject) + 2
        return offset + (finding.start or 0), offset + (finding.end or 0)

    def _go_to(self, finding: Finding) -> None:
        if self.draft is None or self.draft.problem is not None or finding.start is None:
            return
        start, end = self._span(finding)
        select_span(self.text, start, end)
        self.text.setFocus()

    def marks(self) -> list[tuple[int, int]]:
        """(start, end) of each marked span (what the extra selections cover)."""
        return [
            (s.cursor.selectionStart(), s.cursor.selectionEnd())
            for s in self.text.extraSelections()
        ]
