"""A broken template never blanks a draft, and nothing is handed off from an empty one."""

from __future__ import annotations

import pytest

from followup_desktop.core.model import Template
from followup_desktop.store import templates_store, writes
from followup_desktop.ui.draft import draft_dialog
from followup_desktop.ui.draft.draft_dialog import DraftDialog

BROKEN = Template("mine", "thank_you_panel", "Mine", "Thanks", "Dear {{ contact.nmae }}")
FOLLOWUP = "acme-be-1/thank_you/dana"


@pytest.fixture(autouse=True)
def _no_modal_questions(monkeypatch):
    monkeypatch.setattr(draft_dialog, "ask_sent", lambda parent, question: False)


def build(db, now, qtbot) -> DraftDialog:
    made = DraftDialog(db, FOLLOWUP, lambda: now)
    qtbot.addWidget(made)
    return made


def test_a_broken_template_falls_back_to_the_builtin_and_says_so(demo, now, qtbot):
    writes.save_template(demo, BROKEN)  # e.g. imported: it never passed the editor's check
    d = build(demo, now, qtbot)
    assert d.template_combo.currentText() == "Yours: Mine"
    assert d.body.toPlainText().startswith("Dear Dana,")  # not blank
    assert d.template().builtin
    note = d.fallback_note.text()
    assert "“Mine” cannot be rendered" in note and "contact has no field 'nmae'" in note
    assert d.fallback_note.isVisibleTo(d)
    assert d.copy_body_button.isEnabled() and d.mail_button.isEnabled()
    assert d.handoff_reason.text() == ""


def test_a_template_saved_over_a_broken_edit_keeps_the_last_good_version(demo, now, qtbot):
    good = Template("mine", "thank_you_panel", "Mine", "Thanks", "Hello {{ contact.first_name }}!")
    assert templates_store.save_checked(demo, good, now).saved
    broken = Template("mine", "thank_you_panel", "Mine", "Thanks", "{% if role %}oops")
    assert not templates_store.save_checked(demo, broken, now).saved
    d = build(demo, now, qtbot)
    assert d.body.toPlainText() == "Hello Dana!"  # the last good version, not the broken text
    assert not d.fallback_note.isVisibleTo(d)


def test_nothing_can_be_handed_off_from_a_failed_or_empty_draft(demo, now, qtbot, monkeypatch):
    monkeypatch.setattr(draft_dialog, "builtin_templates", lambda: [])  # nothing to fall back to
    writes.save_template(demo, BROKEN)
    d = build(demo, now, qtbot)
    buttons = (d.copy_subject_button, d.copy_body_button, d.mail_button, d.eml_button)
    assert not any(b.isEnabled() for b in buttons)
    assert d.handoff_reason.text() == "Nothing to send: the template could not be rendered."
    assert d.handoff_reason.isVisibleTo(d)


def test_emptying_the_body_disables_copy_mail_and_eml(demo, now, qtbot):
    d = build(demo, now, qtbot)
    assert d.copy_body_button.isEnabled()
    d.body.setPlainText("   ")
    assert not d.copy_body_button.isEnabled() and not d.eml_button.isEnabled()
    assert d.handoff_reason.text() == "Nothing to send: the message is empty."
    d.body.setPlainText("Dear Dana, thank you.")
    assert d.copy_body_button.isEnabled() and d.mail_button.isEnabled()
    d.subject.setText("")
    assert not d.copy_subject_button.isEnabled() and d.copy_body_button.isEnabled()
    assert d.handoff_reason.text() == "No subject to copy: write one above."
