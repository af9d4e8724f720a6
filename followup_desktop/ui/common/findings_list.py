"""The list of quality findings beside a preview or a draft, and the highlighting of their words.

Shared by the template editor's preview and the draft dialog: choosing a finding selects its
words in the text, and every finding's words stay highlighted while it is shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QTextEdit

from followup_desktop.core.message_checks import Finding

FINDING_ROLE = Qt.ItemDataRole.UserRole
#: Background of highlighted words: amber for findings, red for gaps to fill.
FINDING_COLOUR = QColor(253, 230, 138, 200)
GAP_COLOUR = QColor(254, 202, 202, 220)
ERROR_COLOUR = QColor(254, 202, 202, 220)
_GAP_CODES = frozenset({"gap", "fill_in", "placeholder"})


class FindingsList(QListWidget):
    """One line per finding (or the one error that stopped rendering); ``chosen`` on Enter/click."""

    chosen = Signal(object)  # Finding

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("findings")
        self.setAccessibleName("Findings")
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._activated)
        self.findings: list[Finding] = []

    def show_findings(self, findings: list[Finding]) -> None:
        self.clear()
        self.findings = list(findings)
        if not findings:
            item = QListWidgetItem("✓ No findings: it reads well.", self)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            return
        for finding in findings:
            where = "Subject: " if finding.part == "subject" else ""
            item = QListWidgetItem(f"• {where}{finding.message}", self)
            item.setData(FINDING_ROLE, finding)
            item.setToolTip(finding.message)

    def show_error(self, text: str) -> None:
        self.clear()
        self.findings = []
        item = QListWidgetItem(f"✗ {text}", self)
        item.setForeground(QColor("#b91c1c"))
        item.setToolTip(text)

    def texts(self) -> list[str]:
        return [self.item(row).text() for row in range(self.count())]

    def _activated(self, item: QListWidgetItem) -> None:
        finding = item.data(FINDING_ROLE)
        if finding is not None:
            self.chosen.emit(finding)


def _selection(
    edit: QPlainTextEdit, start: int, end: int, colour: QColor
) -> QTextEdit.ExtraSelection:
    selection = QTextEdit.ExtraSelection()
    cursor = QTextCursor(edit.document())
    size = edit.document().characterCount() - 1
    cursor.setPosition(max(0, min(start, size)))
    cursor.setPosition(max(0, min(end, size)), QTextCursor.MoveMode.KeepAnchor)
    selection.cursor = cursor
    fmt = QTextCharFormat()
    fmt.setBackground(colour)
    selection.format = fmt
    return selection


def highlight(edit: QPlainTextEdit, findings: list[Finding], offset: int = 0, part="body") -> None:
    """Mark the words of ``findings`` about ``part`` in ``edit`` (``offset``: where it starts)."""
    selections = [
        _selection(
            edit,
            offset + f.start,
            offset + f.end,
            GAP_COLOUR if f.code in _GAP_CODES else FINDING_COLOUR,
        )
        for f in findings
        if f.part == part and f.start is not None and f.end is not None and f.end > f.start
    ]
    edit.setExtraSelections(selections)


def highlight_spans(edit: QPlainTextEdit, spans: list[tuple[int, int, bool]]) -> None:
    """Mark ``(start, end, is_gap)`` spans of ``edit``."""
    edit.setExtraSelections(
        [_selection(edit, s, e, GAP_COLOUR if gap else FINDING_COLOUR) for s, e, gap in spans]
    )


def mark_line(edit: QPlainTextEdit, line: int | None) -> None:
    """Highlight one line (1-based) of ``edit``, e.g. where a syntax error is; None clears."""
    if line is None:
        edit.setExtraSelections([])
        return
    block = edit.document().findBlockByNumber(max(line - 1, 0))
    selection = QTextEdit.ExtraSelection()
    cursor = QTextCursor(block)
    selection.cursor = cursor
    fmt = QTextCharFormat()
    fmt.setBackground(ERROR_COLOUR)
    fmt.setProperty(QTextCharFormat.Property.FullWidthSelection, True)
    selection.format = fmt
    edit.setExtraSelections([selection])


def select_span(edit: QPlainTextEdit | QLineEdit, start: int, end: int) -> None:
    """Put the cursor on ``start..end`` and scroll there (the finding's words)."""
    if isinstance(edit, QLineEdit):
        edit.setSelection(start, max(end - start, 0))
        return
    cursor = edit.textCursor()
    size = edit.document().characterCount() - 1
    cursor.setPosition(max(0, min(start, size)))
    cursor.setPosition(max(0, min(end, size)), QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    edit.ensureCursorVisible()
