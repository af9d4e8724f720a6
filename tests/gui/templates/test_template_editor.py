"""The Templates view: list, read-only built-ins, editable copies, variables, live preview."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from followup_desktop.core.model import Template, TemplateKind
from followup_desktop.store import queries, templates_store, writes


@pytest.fixture
def view(demo, make_window, qtbot):
    window = make_window(demo)
    window.show()
    qtbot.waitExposed(window)
    return window.show_view("templates")


def builtin_key(view, kind: str) -> str:
    listed = view.keys()
    return next(k for k in listed if k.startswith("file:") and k.endswith(f"{kind}.txt"))


def test_builtins_are_listed_in_kind_order_and_read_only(view):
    listed = view.keys()
    shown = [view._shown[k] for k in listed if k.startswith("file:")]
    builtins = [t.kind for t in shown if t.language == "en"]  # then German, French
    assert builtins == [k.value for k in TemplateKind]
    assert view.select(builtin_key(view, "thank_you_video"))
    assert view.subject.isReadOnly() and view.body.isReadOnly()
    assert "{{ contact.first_name }}" in view.body.toPlainText()
    assert not view.buttons["save"].isEnabled() and not view.buttons["rename"].isEnabled()


def test_the_preview_renders_the_latest_interview_with_its_findings(view):
    view.select(builtin_key(view, "thank_you_panel"))
    preview = view.preview
    assert preview.interview.currentText().startswith("Acme Corp · Backend Engineer")
    # every panel member side by side (it was one interviewer chosen in a second menu)
    assert [c.name.text() for c in preview.columns] == [
        "Dana Lee",
        "Omar Haddad",
        "Priya Natarajan",
    ]
    dana, omar = preview.columns[0].text.toPlainText(), preview.columns[1].text.toPlainText()
    assert dana.startswith("Subject: Thank You - Alex Morgan - Backend Engineer Interview")
    assert "Dear Dana," in dana and "team growth plans and how on-call is shared" in dana.lower()
    # the wording checks belong to the templates' authors: here, it renders with no error
    texts = preview.findings_texts()
    assert texts and not any(t.startswith("✗") for t in texts)
    assert "Dear Omar," in omar and "the retry queue" in omar.lower()


def test_duplicate_edit_and_the_preview_follows_typing(view, qtbot, demo):
    view.select(builtin_key(view, "check_in"))
    qtbot.keyClick(view.list, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    template = view.current()
    assert template is not None and not template.builtin
    assert template.name == "Brief check-in (my copy)"
    assert not view.body.isReadOnly()
    assert queries.list_templates(demo)[0].kind == "check_in"
    view.body.setFocus()
    view.body.moveCursor(view.body.textCursor().MoveOperation.Start)
    qtbot.keyClicks(view.body, "To whom it may concern thx ")
    qtbot.waitUntil(lambda: "To whom it may concern thx" in view.preview.preview_text())
    texts = view.preview.columns[0].findings.texts()
    assert any("Generic greeting" in t for t in texts)
    assert any('"thx"' in t for t in texts)
    assert view.preview.columns[0].text.extraSelections()  # the words are highlighted
    assert view.buttons["save"].isEnabled()
    qtbot.keyClick(view.body, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = queries.list_templates(demo)[0]
    assert saved.body.startswith("To whom it may concern thx ")
    assert not view.buttons["save"].isEnabled()
    built = builtin_key(view, "check_in")
    rows = [view.list.item(r) for r in range(view.list.count())]
    (row,) = [item for item in rows if item.data(Qt.ItemDataRole.UserRole) == built]
    assert row.text() == "Brief check-in (yours replaces it)"


def test_variables_insert_at_the_cursor(view, qtbot):
    view.select(builtin_key(view, "stay_in_touch"))
    view.duplicate()
    view.body.setFocus()
    view.body.moveCursor(view.body.textCursor().MoveOperation.End)
    view.variables.filter.setFocus()
    qtbot.keyClicks(view.variables.filter, "challenge")
    assert view.variables.visible_names() == ["interview.challenges", "interview.challenge"]
    qtbot.keyClick(view.variables.filter, Qt.Key.Key_Return)
    assert view.body.toPlainText().endswith("{{ interview.challenges }}")
    qtbot.waitUntil(
        lambda: "Duplicate charges during partner outages" in view.preview.preview_text()
    )


def test_inserting_into_a_builtin_says_to_duplicate(view, qtbot):
    view.select(builtin_key(view, "check_in"))
    with qtbot.waitSignal(view.message) as said:
        view.variables._insert_first()
    assert "Duplicate" in said.args[0]


def test_a_syntax_error_is_shown_with_its_line(view, qtbot):
    view.select(builtin_key(view, "check_in"))
    view.duplicate()
    view.body.setPlainText("Dear {{ contact.first_name }},\n\nThanks {{ role \nBye")
    view.preview.render_now()
    (text,) = view.preview.columns[0].findings.texts()  # each column says it
    assert text.startswith("✗ Body line 3: this {{ is never closed: add }}")
    assert view.body.extraSelections()  # the line is marked in the editor
    view.body.setPlainText("{{ ''.__class__ }}")
    view.preview.render_now()
    assert "refused, not run" in view.preview.columns[0].findings.texts()[0]


def test_rename_and_reset_to_builtin(view, monkeypatch, demo):
    monkeypatch.setattr(
        "followup_desktop.ui.templates.templates_view.ask_text", lambda *a: "Short note"
    )
    monkeypatch.setattr("followup_desktop.ui.templates.templates_view.confirm", lambda *a: True)
    view.select(builtin_key(view, "check_in"))
    view.duplicate()
    view.rename()
    assert view.current().name == "Short note"
    assert queries.list_templates(demo)[0].name == "Short note"
    view.reset()
    assert queries.list_templates(demo) == []
    assert view.current().key == builtin_key(view, "check_in")


def test_unsaved_changes_are_offered_before_leaving(view, monkeypatch, demo):
    answers = iter(["cancel", "save"])
    monkeypatch.setattr(
        "followup_desktop.ui.templates.templates_view.ask_unsaved", lambda *a: next(answers)
    )
    view.select(builtin_key(view, "check_in"))
    view.duplicate()
    mine = view.current().key
    view.body.setPlainText("Changed")
    view.select(builtin_key(view, "offer_accept"))
    assert view.current().key == mine and view.body.toPlainText() == "Changed"
    view.select(builtin_key(view, "offer_accept"))
    assert view.current().kind == "offer_accept"
    assert queries.list_templates(demo)[0].body == "Changed"


def test_refresh_keeps_unsaved_edits(view):
    view.select(builtin_key(view, "check_in"))
    view.duplicate()
    view.body.setPlainText("Work in progress")
    view.refresh()
    assert view.body.toPlainText() == "Work in progress"
    assert view.editor.is_dirty()


def test_export_and_import(view, monkeypatch, tmp_path, demo):
    path = tmp_path / "mine.json"
    monkeypatch.setattr(
        "followup_desktop.ui.templates.templates_view.ask_save_path", lambda *a: path
    )
    monkeypatch.setattr(
        "followup_desktop.ui.templates.templates_view.ask_open_path", lambda *a: path
    )
    view.export_templates()
    assert not path.exists()  # nothing of yours yet
    writes.save_template(demo, Template("mine", "check_in", "Mine", "S", "B"))
    view.export_templates()
    assert [t["id"] for t in json.loads(path.read_text(encoding="utf-8"))["templates"]] == ["mine"]
    templates_store.delete_template(demo, "mine")
    view.import_templates()
    assert view.current().key == "db:mine"
    assert [t.id for t in queries.list_templates(demo)] == ["mine"]


def test_an_empty_database_previews_a_made_up_interview(db, make_window):
    view = make_window(db).view("templates")
    view.select(builtin_key(view, "thank_you_video"))
    assert "made-up" in view.preview.interview.currentText()
    assert "Dear Jordan," in view.preview.preview_text()
    assert "«missing: candidate.name»" in view.preview.preview_text()  # fill in Settings
    assert any("candidate.name" in t for t in view.preview.findings_texts())


def test_clicking_a_variable_inserts_it_where_the_cursor_was(view, qtbot):
    view.select(builtin_key(view, "check_in"))
    view.duplicate()
    view.subject.setFocus()
    view.subject.setCursorPosition(0)
    lst = view.variables.list
    item = next(lst.item(r) for r in range(lst.count()) if lst.item(r).text().startswith("role"))
    lst.scrollToItem(item)
    qtbot.mouseClick(
        lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(item).center()
    )
    assert view.subject.text().startswith("{{ role }}Following up")
    assert view.subject.hasFocus()
