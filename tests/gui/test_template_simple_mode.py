"""The Templates editor's simple mode: text and chips, no Jinja; the saved text is exact."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QApplication

from followup_desktop.core.template_simple import CONDITION_CHOICES
from followup_desktop.store import queries
from followup_desktop.ui.templates.simple_editor import OBJECT, SimpleEditor

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def view(db, now, make_window, qtbot):
    from followup_desktop.store.demo import fill_demo

    fill_demo(db, now)
    window = make_window(db)
    window.show()
    qtbot.waitExposed(window)
    return window.show_view("templates")


def builtin_key(view, kind: str) -> str:
    listed = view.keys()
    return next(k for k in listed if k.startswith("file:") and k.endswith(f"/{kind}.txt"))


def my_copy(view, kind: str = "check_in"):
    view.select(builtin_key(view, kind))
    view.duplicate()
    return view.current()


def cursor_at(edit: SimpleEditor, position: int, anchor: int | None = None) -> None:
    cursor = edit.textCursor()
    cursor.setPosition(position if anchor is None else anchor)
    if anchor is not None:
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)


def test_a_built_in_shows_as_read_only_chips_without_jinja(view, qtbot):
    view.select(builtin_key(view, "thank_you_panel"))
    editor = view.editor
    assert editor.simple_shown() and editor.simple_button.isChecked()
    chips = editor.simple_body
    shown = chips.toPlainText()
    assert "{{" not in shown and "{%" not in shown and "Dear " in shown
    assert chips.chip_count() >= 20 and OBJECT in shown
    assert chips.source() == view.body.toPlainText()
    assert editor.simple_subject.source() == view.subject.text()
    assert chips.isReadOnly() and editor.simple_subject.isReadOnly()
    assert not editor.field_button.isEnabled() and not editor.condition_button.isEnabled()
    before = view.body.toPlainText()
    chips.setFocus()
    qtbot.keyClicks(chips, "xyz")
    qtbot.keyClick(chips, Qt.Key.Key_Backspace)
    assert view.body.toPlainText() == before and not view.buttons["save"].isEnabled()
    assert not editor.insert_field("role")


def test_switching_modes_never_changes_an_unedited_template(view, qtbot):
    mine = my_copy(view, "thank_you_panel")
    editor = view.editor
    texts = editor.texts()
    assert texts == (mine.subject, mine.body)
    for _ in range(2):
        qtbot.mouseClick(editor.advanced_button, Qt.MouseButton.LeftButton)
        assert not editor.simple_shown() and view.body.isVisible()
        assert editor.texts() == texts
        editor.simple_button.setFocus()  # keyboard: the switch is a pair of buttons
        qtbot.keyClick(editor.simple_button, Qt.Key.Key_Space)
        assert editor.simple_shown() and editor.simple_body.isVisible()
        assert editor.texts() == texts and not editor.is_dirty()


def test_the_mode_is_kept_for_the_session(view, qtbot):
    my_copy(view)
    editor = view.editor
    editor.advanced_button.click()
    view.select(builtin_key(view, "stay_in_touch"))
    assert not editor.simple_shown() and editor.advanced_button.isChecked()
    editor.simple_button.click()
    view.select(builtin_key(view, "check_in"))
    assert editor.simple_shown()


def test_insert_a_field_and_a_condition_and_save_the_exact_source(view, qtbot, db):
    mine = my_copy(view)
    editor, chips = view.editor, view.editor.simple_body
    first_line = mine.body.index("\n")  # "Dear {{ contact.first_name }},"
    chips.setFocus()
    chips.move_to_source_offset(first_line)
    (action,) = [
        a
        for menu in editor.field_menu.findChildren(type(editor.field_menu))
        for a in menu.actions()
        if a.text() == "the role"
    ]
    with qtbot.waitSignal(editor.edited):
        action.trigger()
    assert view.body.toPlainText().startswith("Dear {{ contact.first_name }},{{ role }}\n")
    start = chips.textCursor().position()
    qtbot.keyClicks(chips, " Hi there")
    cursor_at(chips, start + len(" Hi there"), anchor=start + 1)  # "Hi there" selected
    (text, condition) = CONDITION_CHOICES[0]
    (wrap,) = [a for a in editor.condition_menu.actions() if a.text() == text]
    wrap.trigger()
    expected = mine.body.replace(
        "Dear {{ contact.first_name }},",
        "Dear {{ contact.first_name }},{{ role }} "
        f"{{% if {condition} %}}Hi there{{% endif %}}",
        1,
    )
    assert view.body.toPlainText() == expected
    assert "{%" not in chips.toPlainText()
    assert view.buttons["save"].isEnabled()
    view.save()
    saved = queries.list_templates(db)[0]
    assert saved.body == expected and saved.subject == mine.subject


def test_backspace_removes_a_whole_chip_and_undo_redo_bring_it_back(view, qtbot):
    mine = my_copy(view)
    chips = view.editor.simple_body
    chips.setFocus()
    chips.move_to_source_offset(len("Dear {{ contact.first_name }}"))
    count = chips.chip_count()
    qtbot.keyClick(chips, Qt.Key.Key_Backspace)
    assert chips.chip_count() == count - 1
    assert view.body.toPlainText().startswith("Dear ,\n")
    qtbot.keyClick(chips, Qt.Key.Key_Z, CTRL)
    assert view.body.toPlainText() == mine.body and chips.chip_count() == count
    qtbot.keyClick(chips, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert view.body.toPlainText().startswith("Dear ,\n")
    chips.undo()
    assert view.body.toPlainText() == mine.body


def test_typing_and_a_chip_insertion_undo_in_their_own_steps(view, qtbot):
    mine = my_copy(view)
    chips = view.editor.simple_body
    chips.setFocus()
    chips.move_to_source_offset(len("Dear "))
    qtbot.keyClicks(chips, "dear ")
    chips.insert_field("role")
    assert view.body.toPlainText().startswith("Dear dear {{ role }}{{ contact.first_name }}")
    chips.undo()
    assert view.body.toPlainText().startswith("Dear dear {{ contact.first_name }}")
    chips.undo()
    assert view.body.toPlainText() == mine.body
    chips.redo()
    chips.redo()
    assert view.body.toPlainText().startswith("Dear dear {{ role }}{{ contact.first_name }}")


def test_removing_a_condition_start_removes_its_whole_section_in_one_step(view, qtbot):
    mine = my_copy(view, "offer_decline")
    chips = view.editor.simple_body
    chips.setFocus()
    start = mine.body.index("{% if interview.topic %}")
    chips.move_to_source_offset(start)
    count = chips.chip_count()
    qtbot.keyClick(chips, Qt.Key.Key_Delete)
    body = view.body.toPlainText()
    assert "{% if" not in body and "{% endif %}" not in body
    assert ", and I enjoyed our conversation about {{ interview.topic|fragment }}." in body
    assert chips.chip_count() == count - 2
    chips.undo()
    assert view.body.toPlainText() == mine.body


def test_an_arrow_key_steps_over_a_chip_and_text_typed_after_it_is_plain(view, qtbot):
    my_copy(view)
    chips = view.editor.simple_body
    chips.setFocus()
    chips.move_to_source_offset(len("Dear "))
    position, count = chips.textCursor().position(), chips.chip_count()
    qtbot.keyClick(chips, Qt.Key.Key_Right)
    assert chips.textCursor().position() == position + 1
    qtbot.keyClicks(chips, "!")
    assert view.body.toPlainText().startswith("Dear {{ contact.first_name }}!,")
    assert chips.chip_count() == count  # the "!" is text, not a copy of the chip
    qtbot.keyClick(chips, Qt.Key.Key_Left)
    qtbot.keyClick(chips, Qt.Key.Key_Left)
    assert chips.textCursor().position() == position


def test_rich_text_pastes_as_plain_text_and_copied_chips_stay_chips(view, qtbot):
    my_copy(view)
    chips = view.editor.simple_body
    chips.setFocus()
    chips.move_to_source_offset(0)
    data = QMimeData()
    data.setHtml("<b>Bold</b> <span style='color:red'>words</span>")
    data.setText("Bold words")
    chips.insertFromMimeData(data)
    body = view.body.toPlainText()
    assert body.startswith("Bold wordsDear ") and "<" not in body
    cursor = chips.textCursor()
    cursor.setPosition(1)
    assert cursor.charFormat().fontWeight() != QFont.Weight.Bold
    count = chips.chip_count()
    cursor_at(chips, len("Bold wordsDear ") + 1, anchor=len("Bold wordsDear "))  # the chip
    chips.copy()
    assert QApplication.clipboard().text() == "{{ contact.first_name }}"
    cursor_at(chips, 0)
    chips.paste()
    assert chips.chip_count() == count + 1
    assert view.body.toPlainText().startswith("{{ contact.first_name }}Bold words")


def test_pasted_text_keeps_only_whole_conditions(view, qtbot):
    my_copy(view)
    chips = view.editor.simple_body
    chips.setFocus()
    chips.move_to_source_offset(0)
    data = QMimeData()
    data.setText("A {{ role }} {% endif %}B {% if discussed %}C{% endif %} {% if x %}D")
    chips.insertFromMimeData(data)
    assert view.body.toPlainText().startswith("A {{ role }} B {% if discussed %}C{% endif %} D")


def test_an_advanced_only_template_disables_simple_with_the_reason(view, qtbot):
    my_copy(view)
    editor = view.editor
    assert editor.simple_shown()
    loop = "Hi\n{% for name in interview.interviewers %}{{ name }}{% endfor %}"
    view.body.setPlainText(loop)  # from outside, as the view does after a refresh
    sentence = "Line 2 has a loop ({% for %}); edit it in Advanced mode."
    assert not editor.simple_shown() and view.body.toPlainText() == loop
    assert not editor.simple_button.isEnabled()
    assert editor.simple_button.toolTip() == sentence
    assert editor.mode_note.isVisible() and sentence in editor.mode_note.text()
    view.body.setPlainText("Hi {{ role }}")  # fixed in Advanced mode: Simple is back on offer
    assert editor.simple_button.isEnabled() and not editor.mode_note.isVisible()
    editor.simple_button.click()
    assert editor.simple_shown() and editor.simple_body.chip_count() == 1


def test_the_subject_is_one_line_with_chips(view, qtbot):
    mine = my_copy(view)
    editor = view.editor
    subject = editor.simple_subject
    subject.setFocus()
    subject.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(subject, Qt.Key.Key_Return)
    assert view.subject.text() == mine.subject
    with qtbot.waitSignal(editor.edited):
        assert editor.insert_field("company.name")
    assert view.subject.text() == mine.subject + "{{ company.name }}"
    data = QMimeData()
    data.setText("one\ntwo")
    subject.insertFromMimeData(data)
    assert view.subject.text().endswith("{{ company.name }}one two")


def test_the_preview_follows_simple_edits(view, qtbot):
    my_copy(view)
    chips = view.editor.simple_body
    chips.setFocus()
    chips.move_to_source_offset(0)
    qtbot.keyClicks(chips, "Quick note. ")
    qtbot.waitUntil(lambda: "Quick note. Dear" in view.preview.preview_text())


def test_a_variable_from_the_panel_goes_in_as_a_chip(view, qtbot):
    my_copy(view)
    chips = view.editor.simple_body
    chips.setFocus()
    chips.moveCursor(QTextCursor.MoveOperation.End)
    count = chips.chip_count()
    view.variables.filter.setFocus()
    qtbot.keyClicks(view.variables.filter, "interview.challenge")
    qtbot.keyClick(view.variables.filter, Qt.Key.Key_Return)
    assert chips.chip_count() == count + 1
    assert view.body.toPlainText().endswith("{{ interview.challenges }}")


def test_copying_chips_does_not_crash_the_app_on_its_way_out(tmp_path):
    """Copied chips are a QMimeData made in Python; the clipboard must not keep it past the
    interpreter (Qt would free it at exit and the process would crash)."""
    import subprocess
    import sys

    script = (
        "import os\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from followup_desktop.ui.templates.simple_editor import SimpleEditor\n"
        "editor = SimpleEditor()\n"
        "editor.set_source('Dear {{ contact.first_name }},')\n"
        "editor.selectAll()\n"
        "editor.copy()\n"
        "assert QApplication.clipboard().text() == 'Dear {{ contact.first_name }},'\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()[-500:]
