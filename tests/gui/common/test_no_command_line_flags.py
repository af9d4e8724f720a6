"""What the window says never asks the user for a command-line flag ("start the app with
--demo"): every string constant under ui/, docstrings aside, is free of them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import followup_desktop.ui

FLAG = re.compile(r"(?<![\w-])--[a-z]")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def test_no_user_visible_string_under_ui_names_a_command_line_flag():
    root = Path(followup_desktop.ui.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and id(node) not in skip and FLAG.search(text):
                offenders.append(f"{path.relative_to(root)}:{node.lineno}: {text!r}")
    assert offenders == []


def test_the_check_finds_a_flag():
    assert FLAG.search("or start the app with --demo.") and not FLAG.search("Tue 24 Nov — due")
