"""The documented errors of template rendering: every failure is a :class:`TemplateProblem`.

The renderer reports what Jinja says ("unexpected end of template. Jinja was looking for the
following tags: 'elif' or 'else' or 'endif'..."); :meth:`TemplateProblem.placed`, which knows the
source, puts that in the user's words and moves the line to the one to fix: "an 'if' on line 4
is never closed: add {% endif %}" (see :func:`user_words`).
"""

from __future__ import annotations

import contextlib
import difflib
import re

#: The variables a template may use, by group (the fields of core/message_context.VARIABLES,
#: which cannot be imported here without a cycle; a test keeps the two the same).
FIELDS: dict[str, tuple[str, ...]] = {
    "contact": ("first_name", "name", "title", "email", "last_name"),
    "company": ("name",),
    "role": (),
    "interview": (
        "day",
        "weekday",
        "date",
        "format",
        "round",
        "with",
        "interviewers",
        "topics",
        "topic",
        "challenges",
        "challenge",
        "their_words",
        "highlights",
        "unaddressed",
        "next_steps",
    ),
    "discussed": (),
    "mentions": (),
    "decision_date": (),
    "decision_passed": (),
    "salutation": (),
    "language": (),
    "candidate": ("name", "first_name", "phone", "email", "linkedin", "portfolio", "links"),
    "signature": (),
    "fill": (),
}
#: Tags a template may use, and the filters most worth suggesting.
TAGS = ("if", "elif", "else", "endif", "for", "endfor", "set")
COMMON_FILTERS = ("lower", "upper", "capitalize", "title", "trim", "default", "join", "first")
_BLOCKS = ("if", "for", "set", "filter", "macro", "call", "raw", "with")
_TAG = re.compile(r"\{%-?\+?\s*(\w+)")
_QUOTED = re.compile(r"'([^']*)'")


class TemplateProblem(Exception):
    """A template that cannot be rendered; ``str()`` is one sentence for the user."""

    def __init__(self, what: str, *, line: int | None = None, text: str | None = None) -> None:
        self.what, self.line, self.text = what.rstrip("."), line, text
        self.part = "Template"
        super().__init__(self.sentence())

    def placed(self, part: str, first_line: int, source: str) -> TemplateProblem:
        """Name the part ("Subject", "Body", "check_in.txt"), say what is wrong in the user's
        words and shift the line to the file's."""
        self.part = part
        with contextlib.suppress(Exception):  # wording must never hide the problem itself
            self.what, self.line = user_words(self.what, self.line, source, first_line)
        if self.line is not None:
            lines = source.splitlines()
            if 1 <= self.line <= len(lines):
                self.text = lines[self.line - 1].strip()[:120]
            self.line += first_line - 1
        self.args = (self.sentence(),)
        return self

    def sentence(self) -> str:
        where = f"{self.part} line {self.line}" if self.line else self.part
        shown = f' — "{self.text}"' if self.text else ""
        stop = "" if self.what.endswith(("?", "!")) else "."
        return f"{where}: {self.what}{stop}{shown}"

    def __str__(self) -> str:
        return self.sentence()


class TemplateSyntaxProblem(TemplateProblem):
    """The text is not a valid template (an unclosed tag, an unknown filter...)."""


class TemplateRefused(TemplateProblem):
    """The template reaches outside the sandbox; it was not run."""


class TemplateTooBig(TemplateProblem):
    """The template's source, output, loops or time went past the limits."""


class TemplateRuntimeProblem(TemplateProblem):
    """The template failed while rendering (an unknown variable, a type error...)."""


# --- the user's words ---------------------------------------------------------------------


def user_words(
    what: str, line: int | None, source: str, first_line: int = 1
) -> tuple[str, int | None]:
    """(what is wrong, the part's line to fix) for Jinja's ``what`` reported at ``line``."""
    low = what.lower()
    innermost = _innermost(low)
    if low.startswith("unexpected end of template") and innermost:
        opened = _open_blocks(source, len(source.splitlines()) + 1)
        at = next((n for tag, n in reversed(opened) if tag == innermost), line)
        return _never_closed(innermost, at, first_line), at
    if low.startswith("encountered unknown tag"):
        return _unknown_tag(low, line, source, first_line, innermost), line
    if low.startswith("no filter named"):
        return _unknown_filter(what), line
    if low.startswith("there is no variable"):
        return _unknown_variable(what), line
    if "expected token 'end of print statement'" in low or (
        low.startswith("unexpected end of template") and "print statement" in low
    ):
        at = _unclosed_braces(source, line)
        if at is not None:
            return "this {{ is never closed: add }} after the field's name", at
        got = re.search(r"got '([^']*)'", what)
        extra = f"'{got.group(1)}'" if got else "the rest"
        return f"a {{{{ … }}}} holds one field: remove {extra} or give it its own {{{{ }}}}", line
    if "expected token 'end of statement block'" in low:
        at = _unclosed_braces(source, line, "{%", "%}") or line
        return "this {% is never closed: add %} after the tag", at
    if low.startswith("unexpected '}'"):
        return "a single } here: a field is written {{ name }}, with two on each side", line
    return what, line


def _innermost(low: str) -> str | None:
    found = re.search(r"innermost block that needs to be closed is '(\w+)'", low)
    return found.group(1) if found else None


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _never_closed(tag: str, at: int | None, first_line: int) -> str:
    where = f" on line {at + first_line - 1}" if at is not None else ""
    return f"{_article(tag)} '{tag}'{where} is never closed: add {{% end{tag} %}}"


def _open_blocks(source: str, before_line: int) -> list[tuple[str, int]]:
    """The block tags still open before ``before_line`` (tag, line), innermost last."""
    stack: list[tuple[str, int]] = []
    for number, text in enumerate(source.splitlines(), start=1):
        if number >= before_line:
            break
        for match in _TAG.finditer(text):
            name = match.group(1)
            if name in _BLOCKS and not (name == "set" and "=" in text[match.end() :]):
                stack.append((name, number))
            elif name.startswith("end"):
                for index in range(len(stack) - 1, -1, -1):
                    if stack[index][0] == name[3:]:
                        del stack[index:]
                        break
    return stack


def _unknown_tag(
    low: str, line: int | None, source: str, first_line: int, inner: str | None
) -> str:
    names = _QUOTED.findall(low)
    name = names[0] if names else "?"
    if name.startswith("end") and name[3:] in _BLOCKS:
        if inner:
            opened = _open_blocks(source, line or 1)
            at = next((n for tag, n in reversed(opened) if tag == inner), None)
            where = f" on line {at + first_line - 1}" if at is not None else ""
            return (
                f"this {{% {name} %}} comes before the '{inner}'{where} is closed: "
                f"add {{% end{inner} %}} first"
            )
        return (
            f"this {{% {name} %}} has nothing to close: remove it, or add the "
            f"{{% {name[3:]} … %}} it belongs to"
        )
    if name in ("elif", "else") and not inner:
        return f"this {{% {name} %}} is outside any {{% if %}}: move it inside one"
    guess = difflib.get_close_matches(name, TAGS, n=1)
    hint = f" Did you mean {{% {guess[0]} %}}?" if guess else ""
    return f"'{name}' is not a tag you can use (the tags are {', '.join(TAGS)}).{hint}"


def _unclosed_braces(
    source: str, line: int | None, opener: str = "{{", closer: str = "}}"
) -> int | None:
    """The last line up to ``line`` with an ``opener`` not closed on it."""
    found = None
    for number, text in enumerate(source.splitlines(), start=1):
        if line is not None and number > line:
            break
        if text.rfind(opener) > text.rfind(closer):
            found = number
    return found


def _unknown_filter(what: str) -> str:
    names = _QUOTED.findall(what)
    name = names[0] if names else "?"
    guess = difflib.get_close_matches(name, COMMON_FILTERS, n=1, cutoff=0.6)
    hint = f" Did you mean '{guess[0]}'?" if guess else ""
    return (
        f"there is no filter '{name}' (filters you can use include "
        f"{', '.join(COMMON_FILTERS)}).{hint}"
    )


def _unknown_variable(what: str) -> str:
    text = what[len("there is no variable") :].strip().strip("'")
    group, _dot, name = text.rpartition(".")
    if group in FIELDS:
        known = FIELDS[group]
        guess = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f" Did you mean {group}.{guess[0]}?" if guess else ""
        has = ", ".join(known) if known else "no fields"
        return f"{group} has no field '{name}' (it has {has}).{hint}"
    guess = difflib.get_close_matches(text, FIELDS, n=1, cutoff=0.6)
    hint = f" Did you mean {guess[0]}?" if guess else ""
    return f"there is no field '{text}' (the fields are {', '.join(FIELDS)}).{hint}"
