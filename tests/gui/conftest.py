"""GUI test helpers: a little real data written through store.writes, and the main window."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from followup_desktop.core.model import (
    Application,
    Company,
    Contact,
    Interview,
    InterviewFormat,
    InterviewNotes,
    Stage,
)


def add_acme(db, now: datetime) -> None:
    """Acme (New York): an application with a video interview on Thursday 19 Nov 2026."""
    from followup_desktop.store import writes

    writes.save_company(db, Company("acme", "Acme Corp", "America/New_York", "US", "NY"), now)
    writes.save_contact(db, Contact("dana", "acme", "Dana Lee", "Engineering Manager"))
    writes.save_application(
        db, Application("acme-be", "acme", "Backend Engineer", Stage.INTERVIEWING), now
    )
    writes.save_interview(
        db,
        Interview(
            "acme-be-1",
            "acme-be",
            datetime(2026, 11, 19, 15, 0, tzinfo=UTC),
            format=InterviewFormat.VIDEO,
            duration_minutes=45,
            interviewers=["dana"],
            notes=InterviewNotes(topics="the payments ledger migration"),
            interviewer_notes={"dana": "Asked about on-call rotations."},
        ),
        now,
    )


def add_globex(db, now: datetime) -> None:
    """Globex (no interview yet): an application still at 'applied'."""
    from followup_desktop.store import writes

    writes.save_company(db, Company("globex", "Globex", "Europe/Berlin", "DE"), now)
    writes.save_application(db, Application("globex-pm", "globex", "Product Manager"), now)


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
