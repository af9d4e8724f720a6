"""The list of quality findings beside a preview or a draft, and the highlighting of their words.

Shared by the template editor's preview and the draft dialog: choosing a finding selects its
words in the text, and every finding's words stay highlighted while it is shown. A finding about
a value missing from the user's profile (the checks' «missing: candidate.name») says which
setting holds it, and can ask for it to be opened (``open_setting`` with the field's key in
Settings: "name", "email", "phone", "links").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from followup_desktop.core.message_checks import Finding

FINDING_ROLE = Qt.ItemDataRole.UserRole
PROFILE_ROLE = Qt.ItemDataRole.UserRole + 1
#: Background of highlighted words: amber for findings, red for gaps to fill.
FINDING_COLOUR = QColor(253, 230, 138, 200)
GAP_COLOUR = QColor(254, 202, 202, 220)
ERROR_COLOUR = QColor(254, 202, 202, 220)
#: The same marks on a dark base: deep, half-transparent, so light text stays readable on them.
DARK_COLOURS = {
    "finding": QColor(180, 120, 0, 120),
    "gap": QColor(200, 40, 40, 120),
    "error": QColor(200, 40, 40, 120),
}
LIGHT_COLOURS = {"finding": FINDING_COLOUR, "gap": GAP_COLOUR, "error": ERROR_COLOUR}


def mark_colour(widget: QWidget, kind: str) -> QColor:
    """The background that marks a finding ('finding', 'gap', 'error') on ``widget``'s base."""
    dark = widget.palette().base().color().lightness() < 128
    return (DARK_COLOURS if dark else LIGHT_COLOURS)[kind]


#: Finding codes about a gap to fill (marked red rather than amber).
GAP_CODES = frozenset({"gap", "fill_in", "placeholder"})
#: The checks' sentence for a gap (core/message_checks.py): "No value for candidate.name: ...".
_GAP_PATH = re.compile(r"^No value for ([\w.]+):")
#: A profile value a message uses -> (the Settings field's key, what it is, its label there).
PROFILE_VALUES: dict[str, tuple[str, str, str]] = {
    "candidate.name": ("name", "Your name", "Name"),
    "candidate.first_name": ("name", "Your name", "Name"),
    "candidate.email": ("email", "Your email address", "Email"),
    "candidate.phone": ("phone", "Your phone number", "Phone"),
    "candidate.linkedin": ("links", "Your LinkedIn link", "Links"),
    "candidate.portfolio": ("links", "Your portfolio link", "Links"),
}


@dataclass(frozen=True)
class ProfileGap:
    """A finding about a value missing from the profile: where in Settings it is set."""

    field: str  # the Settings field's key
    sentence: str  # "Your name is not set (Settings > Profile > Name); the text shows ..."


def profile_gap(finding: Finding) -> ProfileGap | None:
    """The setting a gap finding asks for, or None for any other finding."""
    match = _GAP_PATH.match(finding.message) if finding.code == "gap" else None
    path = match.group(1) if match else ""
    if path not in PROFILE_VALUES:
        return None
    key, what, label = PROFILE_VALUES[path]
    return ProfileGap(
        key,
        f"{what} is not set (Settings > Profile > {label}); "
        f"the text shows «missing: {path}» until it is.",
    )


class FindingsList(QListWidget):
    """One line per finding (or the one error that stopped rendering); ``chosen`` on Enter/click.

    With ``offers_fixes``, Enter or a double-click on a finding that carries a fix emits
    ``use_fix`` instead (the draft dialog applies it); on one without, ``chosen`` as before.
    """

    chosen = Signal(object)  # Finding
    #: Enter / double-click on a finding with a fix (``offers_fixes`` only).
    use_fix = Signal(object)  # Finding
    #: "Open Settings" on a finding about the profile: the Settings field's key.
    open_setting = Signal(str)

    def __init__(self, parent=None, *, offers_fixes: bool = False) -> None:
        super().__init__(parent)
        self.offers_fixes = offers_fixes
        self.setObjectName("findings")
        self.setAccessibleName("Findings")
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._activated)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
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
            gap = profile_gap(finding)
            item = QListWidgetItem(f"• {where}{gap.sentence if gap else finding.message}", self)
            item.setData(FINDING_ROLE, finding)
            item.setData(PROFILE_ROLE, gap)
            item.setToolTip(
                f"{finding.message} Open Settings to fill it in for every message."
                if gap
                else finding.message
            )

    def profile_field(self) -> str | None:
        """The Settings field the chosen finding asks for, else the first such finding's."""
        current = self.currentItem()
        gap = current.data(PROFILE_ROLE) if current is not None else None
        if gap is None:
            gaps = (self.item(row).data(PROFILE_ROLE) for row in range(self.count()))
            gap = next((g for g in gaps if g is not None), None)
        return gap.field if gap is not None else None

    def show_error(self, text: str) -> None:
        self.clear()
        self.findings = []
        item = QListWidgetItem(f"✗ {text}", self)
        dark = self.palette().base().color().lightness() < 128
        item.setForeground(QColor("#ff8a80" if dark else "#b91c1c"))
        item.setToolTip(text)

    def texts(self) -> list[str]:
        return [self.item(row).text() for row in range(self.count())]

    def current_finding(self) -> Finding | None:
        item = self.currentItem()
        return item.data(FINDING_ROLE) if item is not None else None

    def _fixable(self, item: QListWidgetItem | None) -> Finding | None:
        finding = item.data(FINDING_ROLE) if item is not None and self.offers_fixes else None
        return finding if finding is not None and finding.fix is not None else None

    def keyPressEvent(self, event) -> None:
        finding = self._fixable(self.currentItem())
        if finding is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.use_fix.emit(finding)
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        finding = self._fixable(self.itemAt(event.position().toPoint()))
        if finding is not None and event.button() == Qt.MouseButton.LeftButton:
            self.use_fix.emit(finding)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def _activated(self, item: QListWidgetItem) -> None:
        finding = item.data(FINDING_ROLE)
        if finding is not None:
            self.chosen.emit(finding)

    def _menu(self, at: QPoint) -> None:
        item = self.itemAt(at)
        gap = item.data(PROFILE_ROLE) if item is not None else None
        if gap is None:
            return
        menu = QMenu(self)
        menu.addAction("Open Settings", lambda: self.open_setting.emit(gap.field))
        menu.exec(self.viewport().mapToGlobal(at))


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
            mark_colour(edit, "gap" if f.code in GAP_CODES else "finding"),
        )
        for f in findings
        if f.part == part and f.start is not None and f.end is not None and f.end > f.start
    ]
    edit.setExtraSelections(selections)


def highlight_spans(edit: QPlainTextEdit, spans: list[tuple[int, int, bool]]) -> None:
    """Mark ``(start, end, is_gap)`` spans of ``edit``."""
    edit.setExtraSelections(
        [
            _selection(edit, s, e, mark_colour(edit, "gap" if gap else "finding"))
            for s, e, gap in spans
        ]
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
    fmt.setBackground(mark_colour(edit, "error"))
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
