"""Safe editing of templates: text that does not render never replaces a working version, it is
kept as a draft with the error on its line, and every change (restoring the built-in too) undoes."""

from __future__ import annotations

import pytest

from followup_desktop.store import queries, templates_store

BROKEN = "Dear {{ contact.first_name }},\n\nThanks again.\n{% if interview.topic %}\nBye"


@pytest.fixture
def window(demo, make_window, qtbot):
    made = make_window(demo)
    made.show()
    qtbot.waitExposed(made)
    return made


@pytest.fixture
def view(window, monkeypatch):
    def never(*_args):
        raise AssertionError("no question expected")

    monkeypatch.setattr("followup_desktop.ui.templates.templates_view.ask_unsaved", never)
    monkeypatch.setattr("followup_desktop.ui.templates.templates_view.confirm", never)
    return window.show_view("templates")


def builtin_key(view, kind: str) -> str:
    listed = view.keys()
    return next(k for k in listed if k.startswith("file:") and k.endswith(f"{kind}.txt"))


def my_copy(view, kind: str = "check_in"):
    view.select(builtin_key(view, kind))
    view.duplicate()
    return view.current()


def test_saving_text_that_does_not_render_keeps_the_last_good_version(view, demo, qtbot):
    mine = my_copy(view)
    good = queries.list_templates(demo)[0]
    view.body.setPlainText(BROKEN)
    with qtbot.waitSignal(view.message) as said:
        view.save()
    assert "Not saved" in said.args[0] and "last good version stays in use" in said.args[0]
    assert "an 'if' on line 4 is never closed: add {% endif %}" in said.args[0]
    assert queries.list_templates(demo) == [good]  # the active one did not change
    assert view.editor.has_draft_note() and "not in use" in view.editor.draft_note.text()
    assert view.body.toPlainText() == BROKEN  # the user's text is kept, not lost
    view.preview.render_now()
    assert (
        view.preview.columns[0].findings.texts()[0].startswith("✗ Body line 4: an 'if' on line 4")
    )
    assert view.body.extraSelections()  # the line is highlighted
    assert view.buttons["discard"].isVisibleTo(view)
    view.select(builtin_key(view, "offer_accept"))  # leaving: the draft is stored, no question
    view.select(mine.key)
    assert view.body.toPlainText() == BROKEN and view.editor.has_draft_note()


def test_a_fixed_draft_saves_and_a_draft_can_be_discarded(view, demo):
    mine = my_copy(view)
    good_body = queries.list_templates(demo)[0].body
    view.body.setPlainText(BROKEN)
    view.save()
    view.discard_draft()
    assert view.body.toPlainText() == good_body and not view.editor.has_draft_note()
    assert templates_store.get_draft(demo, mine.record_id) is None
    view.body.setPlainText(BROKEN + "\n{% endif %}")
    view.save()
    assert queries.list_templates(demo)[0].body == BROKEN + "\n{% endif %}"
    assert templates_store.get_draft(demo, mine.record_id) is None
    assert not view.editor.has_draft_note()


def test_restoring_the_builtin_is_always_there_and_undoes(view, window, demo):
    mine = my_copy(view)
    first_body = queries.list_templates(demo)[0].body
    view.body.setPlainText("Dear {{ contact.first_name }}, my own words.")
    view.save()
    assert view.buttons["reset"].isEnabled()
    assert view.buttons["reset"].text().replace("&", "") == "Restore the built-in"
    view.reset()  # no question: it can be undone
    assert queries.list_templates(demo) == []
    assert view.current().key == builtin_key(view, "check_in")
    window.history.undo()  # the copy comes back as it was saved
    assert [t.body for t in queries.list_templates(demo)] == [
        "Dear {{ contact.first_name }}, my own words."
    ]
    window.history.undo()  # the save before it
    assert [t.body for t in queries.list_templates(demo)] == [first_body]
    window.history.undo()  # the copy itself
    assert queries.list_templates(demo) == []
    window.history.redo()
    window.history.redo()
    window.history.redo()
    assert queries.list_templates(demo) == []  # restored again
    window.history.undo()
    view.select(mine.key)
    assert view.body.toPlainText() == "Dear {{ contact.first_name }}, my own words."


def test_undo_says_so_when_the_template_changed_since(view, window, demo):
    mine = my_copy(view)
    templates_store.rename_template(demo, mine.record_id, "Changed elsewhere")
    window.history.undo()
    assert [t.name for t in queries.list_templates(demo)] == ["Changed elsewhere"]
