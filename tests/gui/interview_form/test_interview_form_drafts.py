"""Autosave and recovery: typing reaches the draft table within two seconds of a pause; after a
kill the window reopens the form over the draft and offers to keep or discard it; closing with
unsaved typing never loses it silently."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from followup_desktop.store import drafts, queries
from followup_desktop.ui.interview_form import interview_form
from followup_desktop.ui.interview_form.interview_form import AUTOSAVE_MS, InterviewForm

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def answers(monkeypatch):
    """What the user answers when a form with unsaved typing is closed (default: discard)."""
    given: list[str] = []
    asked: list[str] = []

    def ask(parent):
        asked.append("asked")
        return given.pop(0) if given else "discard"

    monkeypatch.setattr("followup_desktop.ui.interview_form.interview_form.ask_unsaved", ask)
    return given, asked


def _form(qtbot, db, now, **kwargs) -> InterviewForm:
    form = InterviewForm(db, lambda: now, **kwargs)
    qtbot.addWidget(form)
    form.show()
    return form


def test_typing_is_kept_as_a_draft_within_two_seconds_of_a_pause(filled, qtbot, now, answers):
    assert AUTOSAVE_MS <= 2000
    form = _form(qtbot, filled, now, interview_id="acme-be-1")
    qtbot.keyClicks(form.fields.notes["reflection"], "Too long on the first answer")
    assert drafts.load_draft(filled, form.key) is None  # not on every keystroke
    qtbot.waitUntil(lambda: drafts.load_draft(filled, form.key) is not None, timeout=2000)
    kept = drafts.load_draft(filled, form.key)
    assert kept.values["notes"]["reflection"] == "Too long on the first answer"
    assert form.status.text().startswith("Draft kept at")
    # the real interview is untouched until Save
    assert queries.get_interview(filled, "acme-be-1").notes.reflection == ""


CHILD = """
import os, signal, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from datetime import UTC, datetime
from PySide6.QtWidgets import QApplication
from followup_desktop.store.open import open_store
from followup_desktop.store import drafts
from followup_desktop.ui.interview_form.interview_form import InterviewForm

app = QApplication([])
db = open_store(sys.argv[1])
now = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
form = InterviewForm(db, lambda: now, application_id="acme-be")
form.show()
form.fields.people.rows[0].name.setEditText("Dana Lee")
form.fields.notes["highlights"].setPlainText("They liked the outbox idea")
form.fields.date.setText("2026-11-20")
while drafts.load_draft(db, form.key) is None:
    app.processEvents()
print(form.key, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # no close, no cleanup: a crash
"""


@pytest.mark.slow
def test_after_a_kill_the_window_reopens_the_form_with_the_draft(
    filled, db_path, make_window, qtbot, answers
):
    filled.close()
    env = dict(os.environ, PYTHONPATH=str(REPO))
    child = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CHILD), str(db_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    key = child.stdout.strip()
    assert key == "interview:acme-be-2"

    from followup_desktop.store.open import open_store

    db = open_store(db_path)
    window = make_window(db)
    try:
        window.show()
        qtbot.waitUntil(lambda: window.form is not None and window.form.isVisible())
        form = window.form
        assert form.key == key
        assert form.banner.isVisibleTo(form)
        assert "Recovered notes you had not saved" in form.banner_text.text()
        assert form.fields.notes["highlights"].toPlainText() == "They liked the outbox idea"
        assert form.fields.date.text() == "2026-11-20"
        assert form.fields.people.rows[0].contact_id == "dana"
        qtbot.mouseClick(form.keep_button, Qt.MouseButton.LeftButton)
        assert not form.banner.isVisibleTo(form)
        assert form.save()
        saved = queries.get_interview(db, "acme-be-2")
        assert saved.notes.highlights == "They liked the outbox idea"
        assert drafts.load_draft(db, key) is None
        form.accept()
    finally:
        window.close()
        db.close()


def test_discarding_a_recovered_draft_shows_what_was_saved(filled, qtbot, now, answers):
    values = interview_form.values_for_interview(filled, "acme-be-1")
    values.notes["topics"] = "typed before the crash"
    drafts.save_draft(filled, "interview:acme-be-1", "interview", values.to_json(), now)
    form = _form(qtbot, filled, now, interview_id="acme-be-1")
    assert form.fields.notes["topics"].toPlainText() == "typed before the crash"
    qtbot.mouseClick(form.discard_button, Qt.MouseButton.LeftButton)
    assert form.fields.notes["topics"].toPlainText() == "the payments ledger migration"
    assert drafts.load_draft(filled, "interview:acme-be-1") is None
    assert not form.dirty
    form.close()
    assert answers[1] == []  # nothing unsaved: closed without a question


def test_closing_with_unsaved_typing_asks_and_cancel_keeps_the_form(filled, qtbot, now, answers):
    given, asked = answers
    form = _form(qtbot, filled, now, interview_id="acme-be-1")
    qtbot.keyClicks(form.fields.notes["unaddressed"], "Release cadence")
    given.append("cancel")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked == ["asked"] and form.isVisible()
    given.append("save")
    form.reject()  # the close box
    assert form.isVisible() and form.pages.currentWidget() is form.plan  # saved: the plan
    assert queries.get_interview(filled, "acme-be-1").notes.unaddressed == "Release cadence"
    form.reject()
    assert not form.isVisible() and len(asked) == 2  # saved: no more question


def test_discard_on_close_throws_the_draft_away(filled, qtbot, now, answers):
    form = _form(qtbot, filled, now, interview_id="acme-be-1")
    qtbot.keyClicks(form.fields.notes["unaddressed"], "Release cadence")
    form.save_draft()
    assert drafts.load_draft(filled, form.key) is not None
    form.reject()  # answer: discard
    assert not form.isVisible()
    assert drafts.load_draft(filled, form.key) is None
    assert queries.get_interview(filled, "acme-be-1").notes.unaddressed == ""


def test_quitting_the_window_keeps_the_typing_as_a_draft(filled, make_window, qtbot, answers):
    window = make_window(filled)
    window.show()
    form = window.open_form(interview_id="acme-be-1")
    form.fields.notes["feedback_cues"].setPlainText("Dana smiled at the end")
    assert drafts.load_draft(filled, form.key) is None  # the timer has not fired yet
    window.close()
    assert drafts.load_draft(filled, form.key).values["notes"]["feedback_cues"] == (
        "Dana smiled at the end"
    )
