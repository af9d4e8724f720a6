"""Syntax colouring for template text: Jinja tags, and the spots a message must not keep.

Colours are chosen to read on light and dark palettes alike (mid tones, plus bold for tags),
so nothing depends on the platform theme.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

_TAG = re.compile(r"\{\{.*?(?:\}\}|$)|\{%.*?(?:%\}|$)")
_STRING = re.compile(r"\"[^\"\n]*\"|'[^'\n]*'")
_PLACEHOLDER = re.compile(
    r"«[^»\n]*»|\[[^\[\]\n@]{1,40}\]|\b(?:TODO|TBD|FIXME|XXX+)\b", re.IGNORECASE
)
_COMMENT_OPEN, _COMMENT_CLOSE = "{#", "#}"
IN_COMMENT = 1


def _format(colour: str, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    if bold:
        fmt.setFontWeight(QFont.Weight.DemiBold)
    fmt.setFontItalic(italic)
    return fmt


class TemplateHighlighter(QSyntaxHighlighter):
    """``{{ expressions }}`` teal, ``{% statements %}`` violet, ``{# comments #}`` grey italic,
    strings inside tags amber, leftover placeholders and gaps red and underlined."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.expression = _format("#0f8b8d", bold=True)
        self.statement = _format("#8b5cf6", bold=True)
        self.string = _format("#c2791a")
        self.comment = _format("#8a8a8a", italic=True)
        self.placeholder = _format("#dc2626", bold=True)
        self.placeholder.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        self.placeholder.setUnderlineColor(QColor("#dc2626"))

    def highlightBlock(self, text: str) -> None:
        start = 0
        if self.previousBlockState() == IN_COMMENT:
            end = text.find(_COMMENT_CLOSE)
            if end < 0:
                self.setFormat(0, len(text), self.comment)
                self.setCurrentBlockState(IN_COMMENT)
                return
            self.setFormat(0, end + 2, self.comment)
            start = end + 2
        self.setCurrentBlockState(0)
        for match in _PLACEHOLDER.finditer(text, start):
            self.setFormat(match.start(), match.end() - match.start(), self.placeholder)
        for match in _TAG.finditer(text, start):
            fmt = self.expression if match.group(0).startswith("{{") else self.statement
            self.setFormat(match.start(), match.end() - match.start(), fmt)
            for inner in _STRING.finditer(match.group(0)):
                self.setFormat(match.start() + inner.start(), len(inner.group(0)), self.string)
        position = text.find(_COMMENT_OPEN, start)
        while position >= 0:
            end = text.find(_COMMENT_CLOSE, position + 2)
            if end < 0:
                self.setFormat(position, len(text) - position, self.comment)
                self.setCurrentBlockState(IN_COMMENT)
                return
            self.setFormat(position, end + 2 - position, self.comment)
            position = text.find(_COMMENT_OPEN, end + 2)
