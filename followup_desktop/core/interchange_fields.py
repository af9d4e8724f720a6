"""Reading interchange fields: each bad value becomes one sentence naming file, record, field."""

from __future__ import annotations

import datetime as dt
import json
import re
from enum import Enum
from pathlib import Path
from typing import Any, Literal, TypeVar, overload

from followup_desktop.core.instants import parse_date, parse_instant, zone

E = TypeVar("E", bound=Enum)


class InterchangeError(ValueError):
    """Bad input; ``str()`` is one sentence naming the file, record and field."""


def read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InterchangeError(f"{path}: the file does not exist.") from exc
    except UnicodeDecodeError as exc:
        raise InterchangeError(f"{path}: the file is not UTF-8 text.") from exc
    except OSError as exc:
        raise InterchangeError(f"{path}: the file cannot be read ({exc.strerror}).") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from exc
    except RecursionError:
        raise InterchangeError(
            f"{path}: the JSON is nested too deeply to be a job search."
        ) from None
    bad = _first_invalid_text(data) if _SURROGATE_ESCAPE.search(text) else None
    if bad is not None:
        raise InterchangeError(
            f"{path}: {bad} holds invalid Unicode (a lone surrogate escape such as \\ud800)."
        )
    return data


#: The only way a lone surrogate gets into decoded JSON is a ``\uD800``-``\uDFFF`` escape; a
#: document without one needs no walk (the walk costs ~1 s at 10,000 applications).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _first_invalid_text(data: Any) -> str | None:
    """Where the first text that cannot be stored as UTF-8 is: "field 'companies[0].name'"."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return f"field '{where}'" if where else "the document"
        elif isinstance(value, dict):
            for key, item in value.items():
                label = f"{where}.{key}" if where else str(key)
                if isinstance(key, str) and _first_invalid_text(key) is not None:
                    return f"a key in '{where or 'the document'}'"
                stack.append((label, item))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item) for i, item in enumerate(value))
    return None


class FieldReader:
    """Field readers that turn a bad value into one clear sentence."""

    def __init__(self, label: str, section: str, record: dict[str, Any], index: int) -> None:
        self.label, self.section, self.record = label, section, record
        rid = record.get("id")
        self.where = f"{section} record {rid!r}" if rid is not None else f"{section}[{index}]"

    def fail(self, key: str, expected: str) -> InterchangeError:
        return InterchangeError(f"{self.label}: {self.where}, field '{key}': {expected}.")

    @overload
    def text(self, key: str, *, required: Literal[True], default: str | None = None) -> str: ...
    @overload
    def text(
        self, key: str, *, required: bool = False, default: str | None = None
    ) -> str | None: ...
    def text(self, key: str, *, required: bool = False, default: str | None = None) -> str | None:
        value = self.record.get(key)
        if value is None:
            if required:
                raise self.fail(key, "is required")
            return default
        if not isinstance(value, str):
            raise self.fail(key, f"expected text, got {type(value).__name__}")
        if required and not value.strip():
            raise self.fail(key, "must not be empty")
        return value

    def id(self, key: str = "id") -> str:
        value = self.record.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "is required (a non-empty text id)")
        return value

    @overload
    def ref(self, key: str, known: set[str], what: str, *, required: Literal[True]) -> str: ...
    @overload
    def ref(
        self, key: str, known: set[str], what: str, *, required: bool = False
    ) -> str | None: ...
    def ref(self, key: str, known: set[str], what: str, *, required: bool = False) -> str | None:
        value = self.text(key, required=required)
        if value is not None and value not in known:
            raise self.fail(key, f"refers to an unknown {what} {value!r}")
        return value

    @overload
    def choice(self, key: str, enum: type[E], *, default: E) -> E: ...
    @overload
    def choice(self, key: str, enum: type[E], *, default: None = None) -> E | None: ...
    def choice(self, key: str, enum: type[E], *, default: E | None = None) -> E | None:
        value = self.record.get(key)
        if value is None:
            return default
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(str(m) for m in enum)
            raise self.fail(key, f"{value!r} is not one of {allowed}") from None

    def date(self, key: str) -> dt.date | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            return parse_date(value)
        except ValueError:
            raise self.fail(key, f"{value!r} is not a real date (expected YYYY-MM-DD)") from None

    @overload
    def instant(self, key: str, *, required: Literal[True]) -> dt.datetime: ...
    @overload
    def instant(self, key: str, *, required: bool = False) -> dt.datetime | None: ...
    def instant(self, key: str, *, required: bool = False) -> dt.datetime | None:
        value = self.text(key, required=required)
        if value is None:
            return None
        try:
            return parse_instant(value)
        except ValueError:
            raise self.fail(
                key,
                f"{value!r} is not an ISO 8601 time with an offset, e.g. 2026-11-27T15:00-05:00",
            ) from None

    def zone_name(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            zone(value)
        except ValueError:
            raise self.fail(key, f"{value!r} is not a known IANA time zone") from None
        return value

    def country(
        self, key: str = "country", sub_key: str = "subdivision"
    ) -> tuple[str | None, str | None]:
        country, sub = self.text(key), self.text(sub_key)
        if country is None:
            if sub is not None:
                raise self.fail(sub_key, "needs a country")
            return None, None
        supported = _supported_countries()
        if country.upper() not in supported:
            raise self.fail(key, f"{country!r} is not a country code the holiday calendar knows")
        country = country.upper()
        if sub is not None and sub.upper() not in supported[country]:
            raise self.fail(sub_key, f"{sub!r} is not a region of {country}")
        return country, sub.upper() if sub is not None else None

    def integer(self, key: str, *, minimum: int = 0, maximum: int = 1_000_000) -> int | None:
        value = self.record.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            raise self.fail(key, f"expected a whole number from {minimum} to {maximum}")
        return value

    def flag(self, key: str) -> bool:
        value = self.record.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.fail(key, "expected true or false")
        return value

    def strings(self, key: str) -> list[str]:
        value = self.record.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "expected a list of texts")
        return list(value)


_COUNTRIES: dict[str, set[str]] | None = None


def _supported_countries() -> dict[str, set[str]]:
    global _COUNTRIES
    if _COUNTRIES is None:
        # lazy: holidays, ~27 ms of `draft` and `export` (bench_lazy_imports --cli)
        import holidays

        _COUNTRIES = {
            code: {s.upper() for s in subs}
            for code, subs in holidays.list_supported_countries().items()
        }
    return _COUNTRIES


def validate_country(country: str, subdivision: str | None = None) -> str | None:
    """None when the holiday calendar knows ``country``/``subdivision``, else a sentence."""
    supported = _supported_countries()
    if country.upper() not in supported:
        return f"{country!r} is not a country code the holiday calendar knows"
    if subdivision and subdivision.upper() not in supported[country.upper()]:
        return f"{subdivision!r} is not a region of {country.upper()}"
    return None
