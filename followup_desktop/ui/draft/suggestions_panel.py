"""The "Use suggestion" and "Apply all suggestions" buttons beside a draft's findings, and
putting a finding's suggested wording into the text as the user's own edit.

The fix replaces the finding's words through the widget's own editing (a ``QTextCursor`` in
the body, ``QLineEdit.insert`` in the subject), so Ctrl+Z in that field takes it back. "Apply
all" makes the fixes of one part in reverse order of position, so the earlier spans stay
where the checks found them, and as one edit block: one Ctrl+Z undoes them all. Overlapping
fixes: the first wins, as in core/message_checks.apply_fixes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from followup_desktop.core.message_checks import Finding
from followup_desktop.ui.common.findings_list import FindingsList


def has_fix(finding: Finding | None) -> bool:
    return (
        finding is not None
        and finding.fix is not None
        and finding.start is not None
        and finding.end is not None
    )


def describe(finding: Finding, text: str) -> str:
    """What using ``finding``'s fix on ``text`` (its part) does, for a tooltip."""
    words = text[finding.start or 0 : finding.end or 0]
    if not finding.fix:
        return f"Delete “{words}”"
    return f"Replace “{words}” with “{finding.fix}”"


def without_overlaps(findings: Sequence[Finding], part: str) -> list[Finding]:
    """The fixes about ``part`` that can all be made, by position (the first of overlaps)."""
    fixes = sorted(
        (f for f in findings if f.part == part and has_fix(f)), key=lambda f: f.start or 0
    )
    kept: list[Finding] = []
    for f in fixes:
        if not kept or (f.start or 0) >= (kept[-1].end or 0):
            kept.append(f)
    return kept


def _replace(cursor: QTextCursor, finding: Finding) -> None:
    size = cursor.document().characterCount() - 1
    cursor.setPosition(min(finding.start or 0, size))
    cursor.setPosition(min(finding.end or 0, size), QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(finding.fix or "")


def fix_body(body: QPlainTextEdit, findings: Sequence[Finding]) -> int:
    """Make the body fixes of ``findings`` (one undo step); how many were made."""
    kept = without_overlaps(findings, "body")
    if not kept:
        return 0
    cursor = QTextCursor(body.document())
    cursor.beginEditBlock()
    for finding in reversed(kept):
        _replace(cursor, finding)
    cursor.endEditBlock()
    cursor.setPosition(kept[0].start or 0)
    cursor.setPosition(
        (kept[0].start or 0) + len(kept[0].fix or ""), QTextCursor.MoveMode.KeepAnchor
    )
    body.setTextCursor(cursor)  # the first change selected: the user sees what happened
    return len(kept)


def fix_subject(subject: QLineEdit, findings: Sequence[Finding]) -> int:
    """Make the subject fixes of ``findings`` (each undoable in the field); how many."""
    kept = without_overlaps(findings, "subject")
    for finding in reversed(kept):
        start, end = finding.start or 0, finding.end or 0
        subject.setSelection(start, end - start)
        subject.insert(finding.fix or "")
    return len(kept)


class SuggestionsPanel(QWidget):
    """The two buttons over ``findings`` (a list with ``offers_fixes``) of a draft's
    ``subject`` and ``body``. ``fresh`` checks the text as it is now (None: nothing to fix,
    the draft failed); ``recheck`` shows the findings again after a change; ``said`` is a
    sentence for the status line."""

    said = Signal(str)

    def __init__(
        self,
        findings: FindingsList,
        subject: QLineEdit,
        body: QPlainTextEdit,
        fresh: Callable[[], list[Finding] | None],
        recheck: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.findings, self.subject, self.body = findings, subject, body
        self.fresh, self.recheck = fresh, recheck
        self.use_button = QPushButton("Use suggest&ion")
        self.apply_all_button = QPushButton("&Apply all suggestions")
        self.apply_all_button.setToolTip(
            "Make every suggested change; Ctrl+Z in the text undoes it"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.use_button)
        row.addWidget(self.apply_all_button)
        findings.use_fix.connect(self.use)
        findings.currentItemChanged.connect(lambda *_a: self.update_buttons())
        self.use_button.clicked.connect(lambda: self.use(findings.current_finding()))
        self.apply_all_button.clicked.connect(self.apply_all)
        self.update_buttons()

    def update_buttons(self) -> None:
        """After the findings are shown again or another one is chosen."""
        current = self.findings.current_finding()
        usable = has_fix(current)
        self.use_button.setEnabled(usable)
        if usable and current is not None:
            part = self.subject.text() if current.part == "subject" else self.body.toPlainText()
            self.use_button.setToolTip(f"{describe(current, part)} (Enter)")
        else:
            self.use_button.setToolTip("The chosen finding has no suggested wording")
        self.apply_all_button.setEnabled(any(has_fix(f) for f in self.findings.findings))

    def use(self, finding: Finding | None) -> None:
        """Put ``finding``'s fix in place of its words (Ctrl+Z in that field undoes it)."""
        found = self.fresh() if has_fix(finding) else None
        if found is None or finding is None:
            return
        row = self.findings.currentRow()
        if finding not in found:
            self.recheck()
            self.said.emit("The text changed since that check: choose the suggestion again.")
            return
        if finding.part == "subject":
            fix_subject(self.subject, [finding])
        else:
            fix_body(self.body, [finding])
        self.recheck()
        self.findings.setCurrentRow(min(max(row, 0), self.findings.count() - 1))
        self.said.emit("Used the suggestion; Ctrl+Z in the text takes it back.")

    def apply_all(self) -> None:
        """Make every suggested change (the body's as one step: one Ctrl+Z there undoes them)."""
        found = self.fresh()
        if found is None:
            return
        made = fix_subject(self.subject, found) + fix_body(self.body, found)
        self.recheck()
        if made:
            plural = "s" if made != 1 else ""
            self.said.emit(
                f"Made {made} suggested change{plural}; Ctrl+Z in the text takes it back."
            )
