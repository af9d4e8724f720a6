"""Fuzzing `followup-desktop import`: hypothesis-made interchange files (wrong types, huge strings,
deep nesting, invalid Unicode escapes, broken JSON) never crash the command and never leave a
partial write: it exits 0, or 1/2 with one sentence, and then the database is byte-for-byte the
same data as before."""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.cli import main as cli
from tests import figures
from tests.builders import sample_document

SECTIONS = ("companies", "contacts", "applications", "interviews", "communications", "followups")


def _nested(depth: int) -> Any:
    value: Any = "bottom"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(codec=None), max_size=40),  # lone surrogates included
    st.sampled_from(["", " ", "2026-02-30", "25:61", "Mars/Olympus", "\u0000", "🎉" * 3]),
    st.integers(min_value=10_000, max_value=2_000_000).map(lambda n: "x" * n),  # huge
)
texts = st.one_of(
    st.text(st.characters(codec=None), max_size=60),
    st.integers(min_value=10_000, max_value=2_000_000).map(lambda n: "é" * n),
    st.sampled_from(["\u0000", "a\u202eb", "🎉" * 50, "{{ 7 * 7 }}", "'; DROP TABLE x; --"]),
)
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=4),
    st.dictionaries(st.text(max_size=8), scalars, max_size=4),
    st.integers(min_value=1, max_value=400).map(_nested),  # deep
)


@st.composite
def mutated_documents(draw) -> str:
    """The interchange example with a few fields, records or sections replaced, as JSON text."""
    doc = sample_document()
    doc["companies"].append({"id": "globex", "name": "Globex", "timezone": "Europe/Berlin"})
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        where = draw(st.sampled_from(["field", "text", "text", "drop", "extra", "section"]))
        section = draw(st.sampled_from(SECTIONS))
        records = doc.get(section)
        if where == "section":
            doc[draw(st.sampled_from([*SECTIONS, "profile", "format", "version"]))] = draw(values)
        elif isinstance(records, list) and records and isinstance(records[0], dict):
            record = records[draw(st.integers(min_value=0, max_value=len(records) - 1))]
            text_keys = sorted(k for k, v in record.items() if isinstance(v, str) and k != "id")
            if where == "extra":
                record[draw(st.text(min_size=1, max_size=10))] = draw(values)
            elif where == "text" and text_keys:  # valid shape, hostile content: gets stored
                record[draw(st.sampled_from(text_keys))] = draw(texts)
            elif record:
                key = draw(st.sampled_from(sorted(record)))
                if where == "drop":
                    del record[key]
                else:
                    record[key] = draw(values)
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()), allow_nan=True)
    damage = draw(st.sampled_from(["none", "none", "escape", "surrogate", "truncate", "bytes"]))
    if damage == "escape":
        text = text.replace('"Acme Corp"', '"Acme \\uZZZZ Corp"')
    elif damage == "surrogate":
        text = text.replace('"Acme Corp"', '"Acme \\ud800 Corp"')
    elif damage == "truncate":
        text = text[: draw(st.integers(min_value=0, max_value=len(text)))]
    elif damage == "bytes":
        text = text.replace("Dana", "D\udcffna")  # invalid UTF-8 bytes once written
    return text


def _snapshot(path: Path) -> list[tuple]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _import(db: Path, source: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--db", str(db), "import", str(source)])
    return code, err.getvalue()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    db = folder / "fuzz.sqlite3"
    source = folder / "good.json"
    source.write_text(json.dumps(sample_document()), encoding="utf-8")
    assert _import(db, source)[0] == 0
    return folder


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=mutated_documents())
def test_bad_interchange_files_never_crash_and_never_half_write(workdir, text):
    db, source = workdir / "fuzz.sqlite3", workdir / "input.json"
    source.write_bytes(text.encode("utf-8", "surrogatepass"))  # lone ones: invalid UTF-8
    before = _snapshot(db)
    code, err = _import(db, source)  # an exception escaping here is the crash we look for
    figures.IMPORT_EXIT_CODES[code] += 1
    assert code in (0, 1, 2)
    if code:
        line = err.strip()
        assert line.startswith("followup-desktop: ") and "\n" not in line and line.endswith(".")
        assert "Traceback" not in err
        assert _snapshot(db) == before, "a failed import changed the database"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    conn.close()


def test_absurdly_deep_nesting_is_bad_input(tmp_path):
    source = tmp_path / "deep.json"
    source.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, err = _import(tmp_path / "x.sqlite3", source)
    assert code == 2 and "nested" in err


def test_overlong_zone_name_is_bad_input(tmp_path):
    doc = sample_document()
    doc["companies"][0]["timezone"] = "é" * 300
    source = tmp_path / "zone.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    code, err = _import(tmp_path / "x.sqlite3", source)
    assert code == 2 and "'timezone'" in err and "not a known IANA time zone" in err


def test_lone_surrogate_and_huge_numbers_are_bad_input_naming_the_field(tmp_path):
    text = json.dumps(sample_document()).replace('"Acme Corp"', '"Acme \\ud800 Corp"')
    source = tmp_path / "surrogate.json"
    source.write_text(text, encoding="utf-8")
    code, err = _import(tmp_path / "x.sqlite3", source)
    assert code == 2 and "companies[0].name" in err and "invalid Unicode" in err
    doc = sample_document()
    doc["interviews"][0]["duration_minutes"] = 10**20
    source.write_text(json.dumps(doc), encoding="utf-8")
    code, err = _import(tmp_path / "x.sqlite3", source)
    assert code == 2 and "'duration_minutes'" in err
