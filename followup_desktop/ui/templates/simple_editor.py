"""The simple template editor: text with fields and condition boundaries as inline chips.

Each field (``{{ … }}``) and each condition boundary (``{% if %}``, ``{% elif %}``,
``{% else %}``, ``{% endif %}``) is ONE character of the document, an object replacement
character whose format holds the Jinja text, its label and the number of its section; the
:class:`ChipPainter` draws it as a rounded chip with the label. So the arrow keys step over a
chip as one character, Backspace removes it whole, and Qt's own undo stack covers typing,
chips and deletions. The document never shows Jinja; :meth:`SimpleEditor.source` writes it
back (exactly the loaded text while nothing was edited).

A condition stays whole: removing one boundary of a section (or a selection holding some of
them) removes the rest of that section's boundaries in the same undo step, and pasted text is
read into chips with the boundaries that have no partner in it left out. Pasted rich text
arrives as plain text.
"""

from __future__ import annotations

import atexit
from functools import cache

from PySide6.QtCore import QEvent, QMimeData, QPointF, QRect, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QGuiApplication,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPyTextObject,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QFrame, QTextEdit, QToolTip, QWidget
from shiboken6 import Shiboken

from followup_desktop.core import template_simple as simple
from followup_desktop.core.template_simple import Boundary, Field, Piece, Text
from followup_desktop.ui.common.findings_list import mark_colour

CHIP_TYPE = int(QTextFormat.ObjectTypes.UserObject) + 1
SOURCE = int(QTextFormat.Property.UserProperty) + 1
LABEL = SOURCE + 1
KIND = SOURCE + 2  # "field", "if", "elif", "else", "endif"
SECTION = SOURCE + 3  # boundaries of one section share it
OBJECT = "\ufffc"
#: The condition chips' hue (the fields use the palette's highlight); mixed into the base.
CONDITION_HUE = QColor("#8b5cf6")


def mix(base: QColor, tint: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        base.redF() + (tint.redF() - base.redF()) * amount,
        base.greenF() + (tint.greenF() - base.greenF()) * amount,
        base.blueF() + (tint.blueF() - base.blueF()) * amount,
    )


def chip_text(kind: str, label: str) -> str:
    """What a chip shows: "When … ▸", "Otherwise ▸", "◂ end", or the field's label."""
    if kind in ("if", "elif", "else"):
        return f"{label} ▸"
    if kind == "endif":
        return "◂ end"
    return label


def _forget_copied_text() -> None:
    """The clipboard lets go of text copied from a chip editor while Python still runs.

    That text is a QMimeData made in Python; left on the clipboard, Qt frees it after the
    interpreter has gone, and the process crashes on its way out."""
    app = QGuiApplication.instance()
    if app is None:
        return
    clipboard = QGuiApplication.clipboard()
    data = clipboard.mimeData()
    if data is not None and Shiboken.createdByPython(data):
        clipboard.clear()


@cache
def _clear_clipboard_before_exit() -> None:
    atexit.register(_forget_copied_text)  # once: @cache


def is_chip(fmt: QTextFormat) -> bool:
    return fmt.objectType() == CHIP_TYPE


class ChipPainter(QPyTextObject):
    """Sizes and draws the chips of one editor (colours from its palette, light or dark).

    PySide6's QPyTextObject, not QObject + QTextObjectInterface: only it registers as a
    handler (the other pairing is silently ignored and the chips take no room)."""

    def __init__(self, editor: SimpleEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def _metrics(self, document: QTextDocument) -> QFontMetricsF:
        return QFontMetricsF(document.defaultFont())

    def _shown(self, fmt: QTextFormat, metrics: QFontMetricsF) -> str:
        """The chip's text, its label shortened with "…" to fit the editor (the arrow kept)."""
        kind, label = str(fmt.property(KIND)), str(fmt.property(LABEL))
        arrow = chip_text(kind, "")
        room = max(self.editor.viewport().width() - 24.0, 80.0) - metrics.horizontalAdvance(arrow)
        return chip_text(kind, metrics.elidedText(label, Qt.TextElideMode.ElideRight, room))

    def intrinsicSize(self, document: QTextDocument, _position: int, fmt: QTextFormat) -> QSizeF:
        metrics = self._metrics(document)
        width = metrics.horizontalAdvance(self._shown(fmt, metrics)) + 12.0
        return QSizeF(width + 2.0, metrics.height() + 2.0)

    def drawObject(
        self,
        painter: QPainter,
        rect: QRectF | QRect,
        document: QTextDocument,
        position: int,
        fmt: QTextFormat,
    ) -> None:
        metrics = self._metrics(document)
        palette = self.editor.palette()
        base = palette.color(QPalette.ColorRole.Base)
        field = str(fmt.property(KIND)) == "field"
        tint = palette.color(QPalette.ColorRole.Highlight) if field else CONDITION_HUE
        cursor = self.editor.textCursor()
        selected = cursor.selectionStart() <= position < cursor.selectionEnd()
        if selected:
            fill = palette.color(QPalette.ColorRole.Highlight)
            text = palette.color(QPalette.ColorRole.HighlightedText)
        else:
            fill = mix(base, tint, 0.22)
            text = palette.color(QPalette.ColorRole.Text)
        chip = QRectF(rect).adjusted(1.0, 1.0, -1.0, -1.0)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(mix(base, tint, 0.75))
        painter.setBrush(fill)
        painter.drawRoundedRect(chip, 6.0, 6.0)
        painter.setFont(document.defaultFont())
        painter.setPen(text)
        baseline = chip.top() + (chip.height() - metrics.height()) / 2 + metrics.ascent()
        painter.drawText(QPointF(chip.left() + 6.0, baseline), self._shown(fmt, metrics))
        painter.restore()


class SimpleEditor(QTextEdit):
    """A template part as text and chips; ``single_line`` for the subject."""

    #: The source changed by an edit (typing, a chip, undo), not by :meth:`set_source`.
    edited = Signal()

    def __init__(self, *, single_line: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.single_line = single_line
        self._loaded = ""
        self._loading = False
        self._next_section = 0
        self.painter = ChipPainter(self)
        self.document().documentLayout().registerHandler(CHIP_TYPE, self.painter)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        if single_line:
            self.setLineWrapMode(QTextEdit.LineWrapMode.NoWrap)
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.document().setDocumentMargin(3)
            self._fit_one_line()
        self.cursorPositionChanged.connect(self._plain_after_chip)
        self.selectionChanged.connect(self.viewport().update)  # chips show their selection
        self.document().contentsChanged.connect(self._contents_changed)

    # --- loading and saving -------------------------------------------------------------------

    def set_source(self, source: str) -> str | None:
        """Show ``source`` as text and chips; the sentence saying why it cannot be (it then
        shows nothing) when only the Advanced editor can show it."""
        parsed = simple.parse(source)
        self._loading = True
        document = self.document()
        try:
            document.setUndoRedoEnabled(False)
            document.clear()
            if parsed.simple:
                cursor = QTextCursor(document)
                self._insert_pieces(cursor, list(parsed.pieces))
            if not self.single_line:  # room between lines of chips (new lines inherit it)
                spaced = QTextBlockFormat()
                spaced.setLineHeight(
                    125.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
                )
                every = QTextCursor(document)
                every.select(QTextCursor.SelectionType.Document)
                every.mergeBlockFormat(spaced)
            document.setUndoRedoEnabled(True)  # a fresh undo history
            document.setModified(False)
            self._loaded = source if parsed.simple else ""
            self.moveCursor(QTextCursor.MoveOperation.Start)
        finally:
            self._loading = False
        return parsed.problem

    def source(self) -> str:
        """The Jinja text of the document (the loaded text itself while nothing changed)."""
        if not self.document().isModified():
            return self._loaded
        return simple.serialise(self.pieces())

    def pieces(self, start: int = 0, end: int | None = None) -> list[Piece]:
        """The document (or ``start..end`` of it) as pieces."""
        found: list[Piece] = []
        text: list[str] = []
        for _position, char, fmt in self._characters(start, end):
            if char == OBJECT and is_chip(fmt):
                if text:
                    found.append(Text("".join(text)))
                    text = []
                found.append(_piece_of(fmt))
            else:
                text.append(char)
        if text:
            found.append(Text("".join(text)))
        return found

    def _characters(self, start: int = 0, end: int | None = None):
        """(position, character, format) of every character in ``start..end``; block ends
        are "\\n"."""
        document = self.document()
        last = document.characterCount() - 1 if end is None else end
        block = document.findBlock(start)
        while block.isValid() and block.position() <= last:
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                fmt = fragment.charFormat()
                for offset, char in enumerate(fragment.text()):
                    position = fragment.position() + offset
                    if start <= position < last:
                        yield position, char, fmt
                iterator += 1
            block_end = block.position() + block.length() - 1
            if start <= block_end < last:
                yield block_end, "\n", QTextCharFormat()
            block = block.next()

    def source_offset(self, position: int | None = None) -> int:
        """Where the cursor (or ``position``) is in :meth:`source`."""
        at = self.textCursor().position() if position is None else position
        return len(simple.serialise(self.pieces(0, at)))

    def move_to_source_offset(self, offset: int) -> None:
        """Put the cursor where ``offset`` of :meth:`source` is (before a chip whose Jinja
        text starts there, after it when the offset is inside it)."""
        position = written = 0
        for piece in self.pieces():
            size = len(piece.source)
            if isinstance(piece, Text):
                if offset <= written + size:
                    position += offset - written
                    break
                position += size
            elif offset < written + size:
                position += 0 if offset == written else 1
                break
            else:
                position += 1
            written += size
        cursor = self.textCursor()
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        self.setTextCursor(cursor)

    def chip_count(self) -> int:
        return sum(1 for piece in self.pieces() if not isinstance(piece, Text))

    # --- inserting ----------------------------------------------------------------------------

    def _chip_format(self, piece: Field | Boundary, section: int | None) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setObjectType(CHIP_TYPE)
        fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignBaseline)
        fmt.setProperty(SOURCE, piece.source)
        fmt.setProperty(LABEL, piece.label)
        fmt.setProperty(KIND, piece.kind if isinstance(piece, Boundary) else "field")
        fmt.setProperty(SECTION, -1 if section is None else section)
        fmt.setToolTip(piece.label)
        return fmt

    def _insert_pieces(self, cursor: QTextCursor, pieces: list[Piece]) -> None:
        """Insert ``pieces`` at ``cursor``; each of their sections gets a fresh number."""
        owners = simple.sections(pieces)
        numbers: dict[int, int] = {}
        for piece, owner in zip(pieces, owners, strict=True):
            if isinstance(piece, Text):
                text = " ".join(piece.text.splitlines()) if self.single_line else piece.text
                cursor.insertText(text, QTextCharFormat())
                continue
            section = None
            if owner is not None:
                if owner not in numbers:
                    numbers[owner] = self._next_section
                    self._next_section += 1
                section = numbers[owner]
            cursor.insertText(OBJECT, self._chip_format(piece, section))

    def insert_field(self, expression: str) -> bool:
        """A field chip at the cursor (over the selection); False when read-only."""
        if self.isReadOnly():
            return False
        self._edit(lambda cursor: self._insert_pieces(cursor, [simple.field_piece(expression)]))
        return True

    def wrap_in_condition(self, condition: str) -> bool:
        """Start and end chips around the selection (or an empty pair at the cursor, the cursor
        between them); False when read-only or the selection cuts through another condition."""
        cursor = self.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        if self.isReadOnly() or not self._whole_sections(start, end):
            return False
        opening, closing = simple.condition_pieces(condition)

        section, self._next_section = self._next_section, self._next_section + 1

        def wrap(edit: QTextCursor) -> None:
            edit.clearSelection()
            edit.setPosition(start)
            edit.insertText(OBJECT, self._chip_format(opening, section))
            edit.setPosition(end + 1)
            edit.insertText(OBJECT, self._chip_format(closing, section))
            edit.setPosition(start + 1 if start == end else end + 2)

        self._edit(wrap, repair=False)
        return True

    def insert_otherwise(self) -> bool:
        """An "Otherwise" chip at the cursor, inside the condition around it; False when there
        is none or it has its "Otherwise" already."""
        position = self.textCursor().position()
        section = self._open_section_at(position)
        if self.isReadOnly() or section is None:
            return False

        def add(edit: QTextCursor) -> None:
            edit.clearSelection()
            edit.insertText(OBJECT, self._chip_format(simple.else_piece(), section))

        self._edit(add, repair=False)
        return True

    def _chips(self) -> list[tuple[int, str, int]]:
        """(position, kind, section) of every chip, in order."""
        return [
            (position, str(fmt.property(KIND)), int(fmt.property(SECTION)))
            for position, char, fmt in self._characters()
            if char == OBJECT and is_chip(fmt)
        ]

    def _whole_sections(self, start: int, end: int) -> bool:
        """True when every section with a boundary in ``start..end`` lies inside it."""
        chips = self._chips()
        inside = {s for p, kind, s in chips if start <= p < end and kind != "field"}
        return all(start <= p < end for p, kind, s in chips if s in inside and kind != "field")

    def _open_section_at(self, position: int) -> int | None:
        """The innermost section around ``position`` with no else yet nor an elif after it."""
        stack: list[int] = []
        for p, kind, section in self._chips():
            if p >= position:
                break
            if kind == "if":
                stack.append(section)
            elif kind == "endif" and stack:
                stack.pop()
        if not stack:
            return None
        rest = [(p, kind) for p, kind, s in self._chips() if s == stack[-1]]
        if any(kind == "else" for _p, kind in rest):
            return None
        if any(kind == "elif" and p >= position for p, kind in rest):
            return None
        return stack[-1]

    # --- editing that may remove chips --------------------------------------------------------

    def _edit(self, change, *, repair: bool = True) -> None:
        """``change(cursor)`` as one undo step, then the sections made whole again."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        try:
            change(cursor)
            if repair:
                self._repair(cursor)
        finally:
            cursor.endEditBlock()
        self.setTextCursor(cursor)

    def _repair(self, cursor: QTextCursor) -> None:
        """Remove the boundaries whose section lost its start or its end."""
        chips = self._chips()
        by_section: dict[int, set[str]] = {}
        for _p, kind, section in chips:
            if kind != "field":
                by_section.setdefault(section, set()).add(kind)
        broken = {s for s, kinds in by_section.items() if not {"if", "endif"} <= kinds or s < 0}
        positions = [p for p, kind, s in chips if kind != "field" and s in broken]
        keep = cursor.position()
        for position in reversed(positions):
            edit = QTextCursor(self.document())
            edit.setPosition(position)
            edit.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
            edit.removeSelectedText()
            if position < keep:
                keep -= 1
        cursor.setPosition(max(0, keep))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.single_line and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()  # one line: Enter is the dialog's or the form's
            return
        if self.isReadOnly() or not self._may_remove(event):
            super().keyPressEvent(event)
            return
        self._edit(lambda _cursor: super(SimpleEditor, self).keyPressEvent(event))

    def _may_remove(self, event: QKeyEvent) -> bool:
        if self.textCursor().hasSelection() and event.text():
            return True
        removing = (
            QKeySequence.StandardKey.Delete,
            QKeySequence.StandardKey.Backspace,
            QKeySequence.StandardKey.DeleteStartOfWord,
            QKeySequence.StandardKey.DeleteEndOfWord,
            QKeySequence.StandardKey.DeleteEndOfLine,
            QKeySequence.StandardKey.DeleteCompleteLine,
            QKeySequence.StandardKey.Cut,
        )
        return event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) or any(
            event.matches(key) for key in removing
        )

    def cut(self) -> None:
        self._edit(lambda _cursor: super(SimpleEditor, self).cut())

    def dropEvent(self, event) -> None:
        self._edit(lambda _cursor: super(SimpleEditor, self).dropEvent(event))

    def createMimeDataFromSelection(self) -> QMimeData:
        """The selection as its Jinja text (chips pasted back become chips again)."""
        cursor = self.textCursor()
        data = QMimeData()
        data.setText(simple.serialise(self.pieces(cursor.selectionStart(), cursor.selectionEnd())))
        _clear_clipboard_before_exit()
        return data

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasText() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Paste as plain text, its fields and whole conditions as chips (never rich text)."""
        if not self.isReadOnly() and source.hasText():
            self.insert_source(source.text())

    def insert_source(self, text: str) -> None:
        """Template text at the cursor: its fields and whole conditions as chips (a part the
        chips cannot show, such as a loop, goes in as text)."""
        parsed = simple.parse(text, fragment=True)
        pieces: list[Piece] = simple.matched_only(parsed.pieces) if parsed.simple else [Text(text)]

        def paste(cursor: QTextCursor) -> None:
            cursor.removeSelectedText()
            self._insert_pieces(cursor, pieces)

        self._edit(paste)

    # --- typing next to a chip, tooltips, read-only ---------------------------------------------

    def _plain_after_chip(self) -> None:
        """Text typed next to a chip is plain text, not a copy of the chip's format."""
        cursor = self.textCursor()
        if not cursor.hasSelection() and is_chip(cursor.charFormat()):
            cursor.setCharFormat(QTextCharFormat())
            self.setTextCursor(cursor)

    def _contents_changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            label = self._chip_label_at(event.pos())
            if label:
                QToolTip.showText(event.globalPos(), label, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def _chip_label_at(self, point) -> str:
        cursor = self.cursorForPosition(point)
        for position in (cursor.position(), cursor.position() - 1):
            if position < 0:
                continue
            probe = QTextCursor(self.document())
            probe.setPosition(position)
            probe.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
            if probe.selectedText() == OBJECT:
                fmt = probe.charFormat()
                if is_chip(fmt):
                    rect = self.cursorRect(probe)
                    if abs(rect.center().y() - point.y()) <= rect.height():
                        return str(fmt.property(LABEL))
        return ""

    def mark_line(self, line: int | None) -> None:
        """Highlight one line (1-based), e.g. where a template error is; None clears."""
        if line is None:
            self.setExtraSelections([])
            return
        selection = QTextEdit.ExtraSelection()
        selection.cursor = QTextCursor(self.document().findBlockByNumber(max(line - 1, 0)))
        fmt = QTextCharFormat()
        fmt.setBackground(mark_colour(self, "error"))
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.format = fmt
        self.setExtraSelections([selection])

    def set_read_only(self, read_only: bool) -> None:
        """Read-only still lets the keyboard move and select (to read and copy)."""
        self.setReadOnly(read_only)
        if read_only:
            self.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )

    def _fit_one_line(self) -> None:
        metrics = QFontMetricsF(self.document().defaultFont())
        margin = 2 * self.document().documentMargin() + 2 * self.frameWidth()
        self.setFixedHeight(int(metrics.height() + 6 + margin))
        self.setFrameShape(QFrame.Shape.StyledPanel)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.maximumHeight()) if self.single_line else hint

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), self.maximumHeight()) if self.single_line else hint

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if self.single_line and event.type() == QEvent.Type.FontChange:
            self.document().setDefaultFont(self.font())
            self._fit_one_line()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.document().markContentsDirty(0, self.document().characterCount())  # re-elide


def _piece_of(fmt: QTextFormat) -> Field | Boundary:
    source, label, kind = str(fmt.property(SOURCE)), str(fmt.property(LABEL)), fmt.property(KIND)
    if kind == "field":
        return Field(source, source[2:-2].strip(), label)
    parsed = simple.parse(source, fragment=True).pieces
    if len(parsed) == 1 and isinstance(parsed[0], Boundary):
        return parsed[0]
    return Boundary(source, kind, "", label)
