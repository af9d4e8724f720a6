"""Shared test setup: Qt without a screen, a fresh database per test, and the figures some tests
collect (tests/figures.py), printed after the run."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from tests import figures
from tests.builders import NOW

# Must be set before any Qt import (pytest-qt creates QApplication lazily).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point the user's data/config directories at a temporary folder for every test."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(home / "runtime"))
    (home / "runtime").mkdir(mode=0o700)
    monkeypatch.delenv("FOLLOWUP_DESKTOP_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "followup.sqlite3"


@pytest.fixture
def db(db_path: Path):
    from followup_desktop.store.open import open_store

    database = open_store(db_path)
    yield database
    database.close()


@pytest.fixture
def demo(db, now):
    """The ``db`` filled with the demo job search at ``now``."""
    from followup_desktop.store.demo import fill_demo

    fill_demo(db, now)
    return db


@pytest.fixture
def now() -> datetime:
    """A fixed 'now' for tests that need one (the clock is always injected)."""
    return NOW


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The figures the tests of this run collected (nothing when none of them ran)."""
    lines = figures.summary_lines()
    if lines:
        terminalreporter.section("figures")
        for line in lines:
            terminalreporter.write_line(line)
