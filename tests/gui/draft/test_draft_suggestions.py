"""The draft dialog's suggestions: a finding's fix put into the text as an undoable edit, all of
them at once, nothing offered without a fix or on a failed draft; the language menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from followup_desktop import paths
from followup_desktop.core.languages import language_name
from followup_desktop.core.message_checks import apply_fixes
from followup_desktop.core.model import Template
from followup_desktop.store import queries, writes
from followup_desktop.ui.draft import draft_dialog
from followup_desktop.ui.draft.draft_dialog import DraftDialog

FOLLOWUP = "acme-be-1/thank_you/dana"
ADDED = "\n\nI just wanted to follow up, thx. Please reply ASAP."


@pytest.fixture(autouse=True)
def _no_modal_questions(monkeypatch):
    monkeypatch.setattr(draft_dialog, "ask_sent", lambda parent, question: False)


@pytest.fixture
def dialog(demo, now, qtbot):
    made = DraftDialog(demo, FOLLOWUP, lambda: now)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def needy_text(d: DraftDialog) -> str:
    """The draft with a needy opening, text-speak and "ASAP" added, checked."""
    text = d.body.toPlainText() + ADDED
    d.body.setPlainText(text)  # a fresh undo history: Ctrl+Z can only undo what follows
    d.recheck()
    return text


def select(d: DraftDialog, code: str, words: str, text: str) -> None:
    for row in range(d.findings.count()):
        f = d.findings.item(row).data(Qt.ItemDataRole.UserRole)
        if f is not None and f.code == code and text[f.start : f.end] == words:
            d.findings.setCurrentRow(row)
            return
    raise AssertionError(f"no {code} finding on {words!r}: {d.findings.texts()}")


def test_use_suggestion_replaces_the_words_and_ctrl_z_takes_it_back(dialog, qtbot):
    text = needy_text(dialog)
    select(dialog, "needy", "I just wanted to follow up", text)
    assert dialog.suggestions.use_button.isEnabled()
    tip = dialog.suggestions.use_button.toolTip()
    assert "Replace “I just wanted to follow up” with “I am writing to follow up”" in tip
    qtbot.mouseClick(dialog.suggestions.use_button, Qt.MouseButton.LeftButton)
    fixed = dialog.body.toPlainText()
    assert fixed == text.replace("I just wanted to follow up", "I am writing to follow up")
    # re-checked at once: the needy finding is gone, the others stay
    codes = [f.code for f in dialog.findings.findings]
    assert codes.count("needy") == 1 and "informal" in codes
    assert "Ctrl+Z" in dialog.status.text()
    dialog.body.setFocus()
    qtbot.keyClick(dialog.body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.body.toPlainText() == text


def test_enter_and_a_double_click_on_a_finding_apply_its_fix(dialog, qtbot):
    text = needy_text(dialog)
    select(dialog, "needy", "ASAP", text)
    dialog.findings.setFocus()
    qtbot.keyClick(dialog.findings, Qt.Key.Key_Return)
    assert dialog.body.toPlainText().endswith("Please reply when it suits you.")
    after_enter = dialog.body.toPlainText()
    select(dialog, "needy", "I just wanted to follow up", after_enter)
    item = dialog.findings.currentItem()
    where = dialog.findings.visualItemRect(item).center()
    qtbot.mouseDClick(dialog.findings.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert "I am writing to follow up, thx." in dialog.body.toPlainText()


def test_apply_all_makes_every_fix_in_one_undo_step(dialog, qtbot):
    text = needy_text(dialog)
    before = list(dialog.findings.findings)
    assert dialog.suggestions.apply_all_button.isEnabled()
    qtbot.mouseClick(dialog.suggestions.apply_all_button, Qt.MouseButton.LeftButton)
    assert dialog.body.toPlainText() == apply_fixes(text, before)
    assert "I am writing to follow up, thx. Please reply when it suits you." in (
        dialog.body.toPlainText()
    )
    assert dialog.status.text().startswith("Made 2 suggested changes")
    assert not any(f.fix for f in dialog.findings.findings)  # nothing left to suggest
    assert not dialog.suggestions.apply_all_button.isEnabled()
    dialog.body.setFocus()
    qtbot.keyClick(dialog.body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.body.toPlainText() == text


def test_a_finding_without_a_fix_offers_none(dialog, qtbot):
    text = needy_text(dialog)
    select(dialog, "informal", "thx", text)
    assert not dialog.suggestions.use_button.isEnabled()
    assert dialog.suggestions.apply_all_button.isEnabled()  # others have fixes
    dialog.findings.setFocus()
    qtbot.keyClick(dialog.findings, Qt.Key.Key_Return)  # Enter goes to the words instead
    assert dialog.body.toPlainText() == text
    assert dialog.body.textCursor().selectedText() == "thx"


def test_a_suggestion_from_before_typing_is_not_put_in_the_wrong_place(dialog, qtbot):
    text = needy_text(dialog)
    select(dialog, "needy", "ASAP", text)
    finding = dialog.findings.current_finding()
    dialog.body.setPlainText("Dear Dana, thank you. " + text)  # not re-checked yet
    dialog.suggestions.use(finding)
    assert "ASAP" in dialog.body.toPlainText() and "when it suits" not in dialog.body.toPlainText()
    assert dialog.status.text() == "The text changed since that check: choose the suggestion again."


def test_a_clean_draft_offers_no_suggestion(dialog):
    assert not any(f.fix for f in dialog.findings.findings)
    assert not dialog.suggestions.use_button.isEnabled()
    assert not dialog.suggestions.apply_all_button.isEnabled()


def test_a_failed_draft_disables_copy_mail_eml_and_the_suggestions(demo, now, qtbot, monkeypatch):
    monkeypatch.setattr(draft_dialog, "builtin_templates", lambda: [])  # no fallback
    writes.save_template(demo, Template("mine", "thank_you_panel", "Mine", "Hi", "{{ nope.x }}"))
    d = DraftDialog(demo, FOLLOWUP, lambda: now)
    qtbot.addWidget(d)
    assert d.draft is not None and d.draft.problem is not None
    for button in (d.copy_subject_button, d.copy_body_button, d.mail_button, d.eml_button):
        assert not button.isEnabled()
    assert not d.suggestions.use_button.isEnabled()
    assert not d.suggestions.apply_all_button.isEnabled()
    d.suggestions.apply_all()  # does nothing rather than raise
    assert d.body.toPlainText() == ""


def test_the_language_menu_starts_at_the_drafts_language(dialog):
    combo = dialog.language_combo
    assert [combo.itemData(i) for i in range(combo.count())] == ["en", "de", "fr"]
    assert combo.currentData() == dialog.language() == "en"
    assert combo.currentText() == "English"


@pytest.mark.parametrize(("code", "name"), [("de", "German"), ("fr", "French")])
def test_choosing_a_language_rewrites_the_draft_with_its_templates(dialog, demo, code, name):
    if not (paths.templates_dir() / code).is_dir():
        pytest.skip(f"no {name} built-in templates yet (templates/{code}/ is being added)")
    english = dialog.body.toPlainText()
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData(code))
    assert dialog.language() == code
    assert dialog.template().language == code and dialog.template().kind == "thank_you_panel"
    offered = [dialog._templates[dialog.template_combo.itemData(i)] for i in range(3)]
    assert all(t.language == code for t in offered)
    assert dialog.body.toPlainText().strip() and dialog.body.toPlainText() != english
    assert dialog.status.text() == f"Written in {language_name(code)} for this draft only."
    assert queries.get_application(demo, "acme-be").language is None  # not saved
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    assert dialog.body.toPlainText() == english
