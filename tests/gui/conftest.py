"""GUI fixtures: a little real data (the builders in tests/builders.py), dialogs collected
instead of shown, and the main window and notes form."""

from __future__ import annotations

import pytest

from tests.builders import add_acme, add_globex


@pytest.fixture
def filled(db, now):
    add_acme(db, now)
    add_globex(db, now)
    return db


@pytest.fixture
def errors(monkeypatch):
    """Messages the app would show in a dialog, collected instead (no modal box in tests)."""
    shown: list[str] = []
    monkeypatch.setattr(
        "followup_desktop.ui.common.view.show_error", lambda parent, title, text: shown.append(text)
    )
    return shown


@pytest.fixture
def make_window(qtbot, now):
    """Build (and register for cleanup) a main window over a database."""

    def build(database):
        from followup_desktop.app.run import build_main_window

        window = build_main_window(database, lambda: now)
        qtbot.addWidget(window)
        return window

    return build


@pytest.fixture
def discard_unsaved(monkeypatch):
    """Closing the notes form with unsaved typing asks; in these tests the answer is "discard"."""
    monkeypatch.setattr(
        "followup_desktop.ui.interview_form.interview_form.ask_unsaved", lambda parent: "discard"
    )


@pytest.fixture
def open_form(qtbot, now):
    """Build, register and show a notes form over a database (``InterviewForm`` arguments)."""

    def build(db, **kwargs):
        from followup_desktop.ui.interview_form.interview_form import InterviewForm

        form = InterviewForm(db, lambda: now, **kwargs)
        qtbot.addWidget(form)
        form.show()
        return form

    return build
