"""House rules a script can check: no Qt below the UI, small modules."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "followup_desktop"
QT_IMPORT = re.compile(r"^\s*(from|import)\s+(PySide6|PyQt\d|shiboken6)\b", re.MULTILINE)


def test_core_and_store_never_import_qt_in_source():
    offenders = [
        str(path.relative_to(PACKAGE))
        for layer in ("core", "store")
        for path in (PACKAGE / layer).rglob("*.py")
        if QT_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_importing_core_and_store_loads_no_qt():
    modules = sorted(
        f"followup_desktop.{layer}.{path.stem}"
        for layer in ("core", "store")
        for path in (PACKAGE / layer).glob("*.py")
        if path.stem != "__init__"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    )
    assert out.stdout.strip() == "[]"


def test_modules_stay_small():
    big = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert big == {}


def test_no_two_classes_share_a_name():
    import ast
    from collections import defaultdict

    homes: dict[str, list[str]] = defaultdict(list)
    for path in PACKAGE.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                homes[node.name].append(str(path.relative_to(PACKAGE)))
    assert {name: places for name, places in homes.items() if len(places) > 1} == {}


SQL_TEXT = re.compile(r"\b(SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|PRAGMA)\b")


def _sql_offences(path: Path, root: Path = PACKAGE) -> list[str]:
    """Statements run, the raw connection touched, or SQL written in a string, in one file."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Attribute) and node.attr in ("execute", "executemany", "conn"):
            found.append(f"{where} .{node.attr}")
        elif isinstance(node, ast.Constant) and SQL_TEXT.search(str(node.value)):
            found.append(f"{where} SQL text")
    return found


def test_no_sql_in_ui_or_app():
    """Screens and start-up ask the store (store/) for what they need; they never run SQL."""
    offenders = [
        offence
        for layer in ("ui", "app")
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for offence in _sql_offences(path)
    ]
    assert offenders == []


def test_the_sql_check_catches_a_statement(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('rows = db.execute("SELECT 1").fetchall()\n', encoding="utf-8")
    assert len(_sql_offences(sample, tmp_path)) == 2
