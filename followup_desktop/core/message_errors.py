"""The documented errors of template rendering: every failure is a :class:`TemplateProblem`."""

from __future__ import annotations


class TemplateProblem(Exception):
    """A template that cannot be rendered; ``str()`` is one sentence for the user."""

    def __init__(self, what: str, *, line: int | None = None, text: str | None = None) -> None:
        self.what, self.line, self.text = what.rstrip("."), line, text
        self.part = "Template"
        super().__init__(self.sentence())

    def placed(self, part: str, first_line: int, source: str) -> TemplateProblem:
        """Name the part ("Subject", "Body", "check_in.txt") and shift the line to the file's."""
        self.part = part
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
        return f"{where}: {self.what}.{shown}"

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
