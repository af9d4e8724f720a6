"""The version constant the window shows agrees with the one the package is built with."""

import tomllib
from pathlib import Path

import followup_desktop

REPO = Path(__file__).resolve().parents[3]


def test_version_constant_matches_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert followup_desktop.__version__ == project["version"]


def test_version_lookup_agrees_with_the_constant():
    assert followup_desktop.version() == followup_desktop.__version__
