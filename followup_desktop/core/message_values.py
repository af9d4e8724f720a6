"""Values templates see besides plain text: gaps, groups of fields and fill-in spots."""

from __future__ import annotations

from typing import Any

from followup_desktop.core.message_errors import TemplateRuntimeProblem

GAP_FORMAT = "«missing: {}»"
FILL_FORMAT = "«fill in: {}»"


class Gap(str):
    """A field with no data: prints as ``«missing: <path>»``, and is false in ``{% if %}``."""

    __slots__ = ("path",)
    path: str

    def __new__(cls, path: str) -> Gap:
        value = super().__new__(cls, GAP_FORMAT.format(path))
        value.path = path
        return value

    def __bool__(self) -> bool:
        return False


class Fields:
    """A group of variables (``contact.name``...) whose misspelt members are named in errors."""

    def __init__(self, path: str, values: dict[str, Any]) -> None:
        self._path = path
        self._values = dict(values)

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__.get("_values", {})
        if name in values:
            return values[name]
        raise AttributeError(name)

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def names(self) -> list[str]:
        return [f"{self._path}.{name}" for name in self._values]

    def __str__(self) -> str:
        raise TemplateRuntimeProblem(
            f"'{self._path}' is a group of fields; use one of them, e.g. {self.names()[0]}"
        )


def fill(prompt: object = "your own words") -> str:
    """``{{ fill("what you want to share") }}``: a spot the user must write (the checks say so)."""
    return FILL_FORMAT.format(str(prompt)[:80])
