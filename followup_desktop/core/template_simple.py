"""A template as the simple editor shows it: text, fields and condition boundaries, no Jinja.

:func:`parse` cuts a template part (subject or body) into :data:`Piece` values: :class:`Text`,
:class:`Field` (one ``{{ expr }}`` print, filters included) and :class:`Boundary` (one
``{% if %}``, ``{% elif %}``, ``{% else %}`` or ``{% endif %}`` tag). Every piece keeps its
exact source, so :func:`serialise` gives back the very text that was parsed: switching between
the simple and the Advanced (Jinja) editor never changes a template nobody edited.

Conditions may nest (each boundary is a piece of its own, so nesting costs nothing to show).
Anything else a template can do (loops, ``set``, macros, comments, whitespace control such as
``{%-``, a tag that does not parse) makes the part "advanced only": :attr:`Parsed.problem` is
one sentence naming the first such construct and its line.

Every piece has a label in words, from the variables' descriptions in
:data:`~followup_desktop.core.message_context.VARIABLES` and a few phrases for the notes
("When the challenge is noted"); an expression nothing here knows reads "When … is true".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from jinja2 import Environment, nodes
from jinja2.exceptions import TemplateSyntaxError

from followup_desktop.core.message_context import VARIABLES

BoundaryKind = Literal["if", "elif", "else", "endif"]

_ENV = Environment(autoescape=False)
_DESCRIPTIONS = dict(VARIABLES)
_STATEMENT = re.compile(r"\s*([A-Za-z_]\w*)\s*(.*?)\s*\Z", re.DOTALL)
_CONSTRUCTS = {
    "for": "a loop ({% for %})",
    "set": "a variable assignment ({% set %})",
    "macro": "a macro ({% macro %})",
    "call": "a macro call ({% call %})",
    "raw": "raw text ({% raw %})",
    "filter": "a filter block ({% filter %})",
    "with": "a {% with %} block",
    "block": "a {% block %}",
    "include": "an include ({% include %})",
    "import": "an import ({% import %})",
    "from": "an import ({% from %})",
    "extends": "an {% extends %}",
    "autoescape": "an {% autoescape %} block",
}

#: Short names of the variables, as chips and the field chooser show them (the rest: their
#: description from VARIABLES).
FIELD_LABELS: dict[str, str] = {
    "contact.first_name": "contact's first name",
    "contact.name": "contact's full name",
    "contact.title": "contact's job title",
    "contact.email": "contact's email address",
    "company.name": "the company name",
    "role": "the role",
    "interview.day": "the interview day",
    "interview.weekday": "the interview weekday",
    "interview.date": "the interview date with the year",
    "interview.format": "the interview format",
    "interview.round": "the interview round",
    "interview.with": "the interviewers' names",
    "interview.interviewers": "the interviewers (a list)",
    "interview.topics": "the topics discussed",
    "interview.topic": "the first topic",
    "interview.challenges": "the challenges they mentioned",
    "interview.challenge": "the challenge they mentioned",
    "interview.their_words": "their words",
    "interview.highlights": "the key moments",
    "interview.unaddressed": "what you did not get to ask",
    "interview.next_steps": "the next steps they gave",
    "discussed": "what you discussed with this person",
    "mentions": "the notes this message brings up",
    "decision_date": "the decision date",
    "decision_passed": "whether the decision date has passed",
    "candidate.name": "your name",
    "candidate.first_name": "your first name",
    "candidate.phone": "your phone number",
    "candidate.email": "your email address",
    "candidate.linkedin": "your LinkedIn link",
    "candidate.portfolio": "your portfolio link",
    "candidate.links": "your links (a list)",
    "signature": "your signature",
}
_FILTER_WORDS = {
    "fragment": "(fitted into the sentence)",
    "listing": "(listed: A, B and C)",
    "items": "(as separate items)",
    "quoted": "(in quotes)",
    "upper": "(in capitals)",
    "lower": "(in small letters)",
    "title": "(in title case)",
    "capitalize": "(with a capital)",
    "trim": "(trimmed)",
}
#: What a condition on a variable says: (when it is there, when it is not).
_CONDITION_PHRASES: dict[str, tuple[str, str]] = {
    "discussed": (
        "you noted what you discussed with this person",
        "you did not note what you discussed with this person",
    ),
    "decision_passed": ("the decision date has passed", "the decision date has not passed"),
    "decision_date": ("the decision date is known", "the decision date is not known"),
    "mentions": ("this message brings up any notes", "this message brings up no notes"),
    "candidate.portfolio": ("you have a portfolio link", "you have no portfolio link"),
}
#: Note fields: (noun, plural) for "When the topics are noted".
_NOTE_NOUNS: dict[str, tuple[str, bool]] = {
    "interview.challenge": ("the challenge", False),
    "interview.challenges": ("the challenges", True),
    "interview.topic": ("the topic", False),
    "interview.topics": ("the topics", True),
    "interview.their_words": ("their words", True),
    "interview.highlights": ("the key moments", True),
    "interview.unaddressed": ("what you did not get to ask", False),
    "interview.next_steps": ("the next steps", True),
}
#: The names ``mentions`` holds, in words.
_MENTION_NOUNS = {
    "challenges": "the challenge",
    "highlights": "the key moments",
    "their_words": "their words",
    "unaddressed": "what you did not get to ask",
    "topics": "the topics",
}
_LISTS = {"interview.interviewers": "interviewer", "candidate.links": "link"}
_COMPARE_WORDS = {
    "lt": ("shorter than", "fewer than"),
    "lteq": ("at most", "at most"),
    "gt": ("longer than", "more than"),
    "gteq": ("at least", "at least"),
    "eq": ("exactly", "exactly"),
}
_NUMBERS = ("no", "one", "two", "three", "four", "five")


@dataclass(frozen=True, slots=True)
class Text:
    text: str

    @property
    def source(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Field:
    """One ``{{ expression }}``: ``source`` is the whole tag as written."""

    source: str
    expression: str
    label: str


@dataclass(frozen=True, slots=True)
class Boundary:
    """One condition tag; ``condition`` is empty for ``else`` and ``endif``."""

    source: str
    kind: BoundaryKind
    condition: str
    label: str


Piece = Text | Field | Boundary


@dataclass(frozen=True, slots=True)
class Parsed:
    pieces: tuple[Piece, ...]
    #: Why the part can only be edited in Advanced mode (one sentence), else None.
    problem: str | None = None

    @property
    def simple(self) -> bool:
        return self.problem is None


def serialise(pieces: tuple[Piece, ...] | list[Piece]) -> str:
    """The template text of ``pieces`` (exactly the source they were parsed from)."""
    return "".join(piece.source for piece in pieces)


def _line(source: str, position: int) -> int:
    return source.count("\n", 0, position) + 1


def _advanced(source: str, position: int, what: str) -> Parsed:
    line = _line(source, position)
    return Parsed((), f"Line {line} has {what}; edit it in Advanced mode.")


def _tag_end(source: str, start: int, closer: str) -> int:
    """The index just past ``closer`` ending the tag opened at ``start`` (-1 if unclosed);
    closers inside strings or brackets do not count."""
    depth, quote, i = 0, "", start + 2
    while i < len(source):
        char = source[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif depth and char in ")]}":
            depth -= 1
        elif depth == 0 and source.startswith(closer, i):
            return i + 2
        i += 1
    return -1


def parse(source: str, *, fragment: bool = False) -> Parsed:
    """``source`` as pieces, or why only the Advanced editor can show it.

    A ``fragment`` (pasted text) may hold boundaries whose partners are elsewhere: they are
    kept (:func:`matched_only` drops them) and only the constructs themselves are checked."""
    pieces: list[Piece] = []
    open_sections: list[int] = []  # where each open {% if %} is, for the error line
    position = 0
    opener = re.compile(r"\{\{|\{%|\{#")
    while (match := opener.search(source, position)) is not None:
        start = match.start()
        if start > position:
            pieces.append(Text(source[position:start]))
        if match.group() == "{#":
            return _advanced(source, start, "a comment ({# … #})")
        closer = "}}" if match.group() == "{{" else "%}"
        end = _tag_end(source, start, closer)
        if end < 0:
            return _advanced(source, start, f"a tag that is not closed with {closer}")
        tag = source[start:end]
        inner = tag[2:-2]
        if inner[:1] in "-+" or inner[-1:] in "-+":
            return _advanced(source, start, "whitespace control ({%- or -%})")
        if closer == "}}":
            problem = _expression_problem(inner)
            if problem:
                return _advanced(source, start, f"a field that does not parse ({problem})")
            pieces.append(Field(tag, inner.strip(), field_label(inner.strip())))
        else:
            piece = _boundary(tag, inner)
            if isinstance(piece, str):
                return _advanced(source, start, piece)
            if piece.kind == "if":
                open_sections.append(start)
            elif not open_sections:
                if not fragment:
                    return _advanced(source, start, f"{{% {piece.kind} %}} outside a condition")
            elif piece.kind == "endif":
                open_sections.pop()
            pieces.append(piece)
        position = end
    if position < len(source):
        pieces.append(Text(source[position:]))
    if fragment:
        return Parsed(tuple(pieces))
    if open_sections:
        return _advanced(source, open_sections[-1], "a condition without its {% endif %}")
    try:
        _ENV.parse(source)
    except TemplateSyntaxError as error:
        line = error.lineno or 1
        return Parsed(
            (), f"Line {line} has a Jinja error ({error.message}); edit it in Advanced mode."
        )
    return Parsed(tuple(pieces))


def _expression_problem(expression: str) -> str | None:
    try:
        _ENV.parse("{{" + expression + "}}")
    except TemplateSyntaxError as error:
        return error.message or "syntax error"
    return None


def _boundary(tag: str, inner: str) -> Boundary | str:
    """The boundary a ``{% … %}`` tag is, or what it is instead (for the sentence)."""
    match = _STATEMENT.match(inner)
    if match is None:
        return "an empty tag ({% %})"
    word, rest = match.group(1), match.group(2)
    if word in ("if", "elif"):
        if not rest or _expression_problem(rest):
            return f"a condition that does not parse ({{% {word} {rest} %}})"
        kind: BoundaryKind = "if" if word == "if" else "elif"
        label = condition_label(rest)
        return Boundary(tag, kind, rest, label if kind == "if" else "Otherwise, w" + label[1:])
    if word in ("else", "endif"):
        if rest:
            return f"a {{% {word} %}} tag with more after it"
        return Boundary(
            tag, "else" if word == "else" else "endif", "", "Otherwise" if word == "else" else "end"
        )
    return _CONSTRUCTS.get(word, f"a {{% {word} %}} tag")


# --- labels -------------------------------------------------------------------------------


def _path(node: nodes.Node) -> str | None:
    """``interview.challenge`` for a Name / Getattr chain, else None."""
    if isinstance(node, nodes.Name):
        return str(node.name)
    if isinstance(node, nodes.Getattr):
        base = _path(node.node)
        return f"{base}.{node.attr}" if base else None
    return None


def _expression_node(expression: str) -> nodes.Expr | None:
    try:
        template = _ENV.parse("{{" + expression + "}}")
    except TemplateSyntaxError:
        return None
    output = template.body[0] if template.body else None
    if isinstance(output, nodes.Output) and len(output.nodes) == 1:
        node = output.nodes[0]
        return node if isinstance(node, nodes.Expr) else None
    return None


def variable_label(path: str) -> str:
    """A variable's short name ("contact's first name"), else its description."""
    return FIELD_LABELS.get(path) or _DESCRIPTIONS.get(path) or f"the value of {path}"


def field_label(expression: str) -> str:
    """What a ``{{ expression }}`` prints, in words, with a word about each filter."""
    node = _expression_node(expression)
    filters: list[str] = []
    while isinstance(node, nodes.Filter) and node.node is not None:
        filters.insert(0, str(node.name))
        node = node.node
    if node is None:
        return f"the value of {' '.join(expression.split())}"
    path = _path(node)
    if path is not None:
        base = variable_label(path)
    elif (
        isinstance(node, nodes.Call)
        and _path(node.node) == "fill"
        and len(node.args) == 1
        and isinstance(node.args[0], nodes.Const)
    ):
        base = f"✎ you write: {node.args[0].value}"
    else:
        base = f"the value of {' '.join(expression.split())}"
    words = [_FILTER_WORDS.get(name, f"(with the {name} filter)") for name in filters]
    if "length" in filters:
        return f"the length of {base}"
    return " ".join([base, *words])


def _truth(path: str, positive: bool) -> str | None:
    if path in _CONDITION_PHRASES:
        return _CONDITION_PHRASES[path][0 if positive else 1]
    if path in _NOTE_NOUNS:
        noun, plural = _NOTE_NOUNS[path]
        verb = ("are" if plural else "is") + ("" if positive else " not")
        return f"{noun} {verb} noted"
    if path in _LISTS:
        kind = _LISTS[path]
        return f"there are {kind}s" if positive else f"there are no {kind}s"
    if path in _DESCRIPTIONS:
        return f"{variable_label(path)} is {'' if positive else 'not '}known"
    return None


def _mention(node: nodes.Node) -> str | None:
    """The note a ``"challenges" in mentions`` test names, else None."""
    if (
        isinstance(node, nodes.Compare)
        and isinstance(node.expr, nodes.Const)
        and isinstance(node.expr.value, str)
        and len(node.ops) == 1
        and node.ops[0].op == "in"
        and _path(node.ops[0].expr) == "mentions"
    ):
        return _MENTION_NOUNS.get(node.expr.value, f"the {node.expr.value}")
    return None


def _length_clause(node: nodes.Compare) -> str | None:
    """``interview.topic|length < 60`` -> "the topic is shorter than 60 characters"."""
    counted = node.expr
    if not (
        isinstance(counted, nodes.Filter)
        and counted.name == "length"
        and counted.node is not None
        and len(node.ops) == 1
        and isinstance(node.ops[0].expr, nodes.Const)
        and isinstance(node.ops[0].expr.value, int)
        and node.ops[0].op in _COMPARE_WORDS
    ):
        return None
    path = _path(counted.node)
    if path is None:
        return None
    number: int = node.ops[0].expr.value
    text_words, list_words = _COMPARE_WORDS[node.ops[0].op]
    if path in _LISTS:
        kind = _LISTS[path]
        amount = _NUMBERS[number] if 0 <= number < len(_NUMBERS) else str(number)
        verb = "is" if number == 1 and list_words != "fewer than" else "are"
        return f"there {verb} {list_words} {amount} {kind}{'' if number == 1 else 's'}"
    noun = _NOTE_NOUNS.get(path, (variable_label(path), False))[0]
    if text_words in ("at most", "at least", "exactly"):
        return f"{noun} is {text_words} {number} characters long"
    return f"{noun} is {text_words} {number} characters"


def _clause(node: nodes.Node) -> str | None:
    """A condition in words, without the "When" (None when nothing here reads it)."""
    path = _path(node)
    if path is not None:
        return _truth(path, True)
    if isinstance(node, nodes.Not):
        inner = _path(node.node)
        if inner is not None:
            return _truth(inner, False)
        clause = _clause(node.node)
        return f"it is not so that {clause}" if clause else None
    mention = _mention(node)
    if mention is not None:
        return f"this message is the one to mention {mention}"
    if isinstance(node, nodes.And):
        left = _clause(node.left)
        if left is not None and _mention(node.right) is not None:
            return f"{left} (and this message is the one to mention it)"
        right = _clause(node.right)
        return f"{left} and {right}" if left and right else None
    if isinstance(node, nodes.Or):
        left, right = _clause(node.left), _clause(node.right)
        return f"{left}, or {right}" if left and right else None
    if isinstance(node, nodes.Compare):
        return _length_clause(node)
    return None


def condition_label(condition: str) -> str:
    """``interview.challenge`` -> "When the challenge is noted"; the unusual reads
    "When <expression> is true"."""
    node = _expression_node(condition)
    clause = _clause(node) if node is not None else None
    if clause is None:
        return f"When {' '.join(condition.split())} is true"
    return "When " + clause


# --- what the simple editor inserts ----------------------------------------------------------


def field_piece(expression: str) -> Field:
    return Field(f"{{{{ {expression} }}}}", expression, field_label(expression))


def condition_pieces(condition: str) -> tuple[Boundary, Boundary]:
    """The start and end boundaries of a new section on ``condition``."""
    return (
        Boundary(f"{{% if {condition} %}}", "if", condition, condition_label(condition)),
        else_piece("endif"),
    )


def else_piece(kind: Literal["else", "endif"] = "else") -> Boundary:
    return Boundary(f"{{% {kind} %}}", kind, "", "Otherwise" if kind == "else" else "end")


#: Note fields the chooser inserts fitted into a sentence, as the built-ins do.
_NOTE_FILTERS = {
    "interview.topics": "listing",
    "interview.topic": "fragment",
    "interview.challenges": "listing",
    "interview.challenge": "fragment",
    "interview.their_words": "quoted",
    "interview.highlights": "fragment",
    "interview.unaddressed": "fragment",
    "interview.next_steps": "fragment",
    "discussed": "listing",
}
_NOT_OFFERED = {"mentions", "decision_passed", "interview.interviewers", "candidate.links"}


def field_choices() -> tuple[tuple[str, str, str], ...]:
    """(label, expression, description) of every field the chooser offers, in the order of
    VARIABLES (lists, ``mentions`` and the yes/no ``decision_passed`` are for conditions)."""
    choices = []
    for name, description in VARIABLES:
        if name in _NOT_OFFERED:
            continue
        if name.startswith("fill("):
            expression = 'fill("what only you can write")'
        elif name in _NOTE_FILTERS:
            expression = f"{name}|{_NOTE_FILTERS[name]}"
        else:
            expression = name
        choices.append((field_label(expression), expression, f"{name}: {description}"))
    return tuple(choices)


#: (menu text, condition) of "Add a condition…": the shared notes only when this message is
#: the one to mention them (on a panel each note goes to one interviewer).
CONDITION_CHOICES: tuple[tuple[str, str], ...] = (
    ("When the challenge is noted", 'interview.challenge and "challenges" in mentions'),
    ("When the topics are noted", 'interview.topics and "topics" in mentions'),
    ("When the key moments are noted", 'interview.highlights and "highlights" in mentions'),
    ("When their words are noted", 'interview.their_words and "their_words" in mentions'),
    (
        "When what you did not get to ask is noted",
        'interview.unaddressed and "unaddressed" in mentions',
    ),
    ("When you noted what you discussed with this person", "discussed"),
    ("When the next steps are noted", "interview.next_steps"),
    ("When the decision date is known", "decision_date"),
    ("When the decision date has passed", "decision_passed"),
    ("When the decision date has not passed", "not decision_passed"),
    ("When the interview day is known", "interview.day"),
    ("When you have a portfolio link", "candidate.portfolio"),
)


def balanced(pieces: tuple[Piece, ...] | list[Piece]) -> bool:
    """True when every boundary belongs to a whole section (opened, continued, ended in order;
    at most one else per section, and no elif after it)."""
    owners = sections(pieces)
    return all(
        owner is not None
        for piece, owner in zip(pieces, owners, strict=True)
        if isinstance(piece, Boundary)
    )


def sections(pieces: tuple[Piece, ...] | list[Piece]) -> list[int | None]:
    """For each piece, the number of the section its boundary belongs to (sections numbered in
    the order they open); None for text, fields and boundaries without a whole section (an end
    with no start, a start with no end, an else after the else)."""
    owners: list[int | None] = [None] * len(pieces)
    stack: list[tuple[int, list[int], bool]] = []  # (section, its boundaries so far, had else)
    count = 0
    for index, piece in enumerate(pieces):
        if not isinstance(piece, Boundary):
            continue
        if piece.kind == "if":
            stack.append((count, [index], False))
            count += 1
        elif not stack:
            continue
        elif piece.kind == "endif":
            section, members, _had_else = stack.pop()
            for member in [*members, index]:
                owners[member] = section
        elif not stack[-1][2]:
            section, members, _had_else = stack[-1]
            stack[-1] = (section, [*members, index], piece.kind == "else")
    return owners


def matched_only(pieces: tuple[Piece, ...] | list[Piece]) -> list[Piece]:
    """``pieces`` without the boundaries that have no whole section around them."""
    owners = sections(pieces)
    return [
        piece
        for piece, owner in zip(pieces, owners, strict=True)
        if owner is not None or not isinstance(piece, Boundary)
    ]
