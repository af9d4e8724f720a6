"""The side-by-side preview: one column per interviewer of the chosen interview, each draft's
findings marked in its text (with the finding as tooltip) and listed under it, the cross-panel
findings included; the made-up interview before any is recorded; one render after typing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from followup_desktop.core.model import Template
from followup_desktop.store import writes

#: A check-in that tells every panel member the same sentence about the interview's topic.
SAME_SENTENCE = Template(
    "shared",
    "check_in",
    "Shared",
    "Hello",
    "Dear {{ contact.first_name }},\n\nYou told me about {{ discussed }}.\n\n"
    "I keep thinking about the {{ interview.topic }} since we met.\n",
)


@pytest.fixture
def window(demo, make_window, qtbot):
    made = make_window(demo)
    made.show()
    qtbot.waitExposed(made)
    return made


@pytest.fixture
def view(window):
    return window.show_view("templates")


def key_of(view, kind: str) -> str:
    listed = view.keys()
    return next(k for k in listed if k.startswith("file:") and k.endswith(f"/{kind}.txt"))


def choose_interview(view, interview_id: str) -> None:
    combo = view.preview.interview
    combo.setCurrentIndex(combo.findData(interview_id))


def test_the_panel_interview_shows_one_column_per_interviewer(view):
    view.select(key_of(view, "thank_you_panel"))
    preview = view.preview
    assert preview.interview.currentData() == "acme-be-1"
    names = [c.name.text() for c in preview.columns]
    assert names == ["Dana Lee", "Omar Haddad", "Priya Natarajan"]
    assert all(c.title.text() for c in preview.columns)  # their titles under the names
    texts = [c.text.toPlainText() for c in preview.columns]
    assert [t.split("\n\n")[1].split(",")[0] for t in texts] == [
        "Dear Dana",
        "Dear Omar",
        "Dear Priya",
    ]
    assert all(t.startswith("Subject: Thank You - Alex Morgan") for t in texts)
    assert [c.text.accessibleName() for c in preview.columns] == [
        "Preview for Dana Lee",
        "Preview for Omar Haddad",
        "Preview for Priya Natarajan",
    ]
    assert all(c.text.isReadOnly() for c in preview.columns)
    assert preview.language.text() == "· English"


def test_a_one_to_one_interview_has_one_column(view):
    view.select(key_of(view, "thank_you_video"))
    choose_interview(view, "orbital-maps-1")
    (column,) = view.preview.columns
    assert column.name.text() == "Nadia Benali"
    assert "Dear Nadia," in column.text.toPlainText()


def test_findings_are_marked_in_each_column_with_their_sentence_on_hover(view, qtbot):
    view.select(key_of(view, "check_in"))
    view.duplicate()
    view.body.setFocus()
    view.body.moveCursor(view.body.textCursor().MoveOperation.Start)
    qtbot.keyClicks(view.body, "thx ")
    qtbot.waitUntil(lambda: "thx" in view.preview.columns[-1].text.toPlainText())
    for column in view.preview.columns:
        text = column.text.toPlainText()
        at = text.index("thx")
        assert (at, at + 3) in column.marks()
        assert column.text.finding_at(at + 1) == 'Slang or text-speak "thx".'
        assert column.text.finding_at(0) is None  # "Subject: " is not marked
        assert any('"thx"' in t for t in column.findings.texts())
    # choosing a finding under a column selects its words in that column's text
    column = view.preview.columns[1]
    row = next(i for i, t in enumerate(column.findings.texts()) if '"thx"' in t)
    column.findings.chosen.emit(column.findings.findings[row])
    assert column.text.textCursor().selectedText() == "thx"


def test_the_same_sentence_to_two_panel_members_is_found_in_both_columns(view, demo):
    writes.save_template(demo, SAME_SENTENCE)  # a check-in: only the panel check compares them
    view.refresh()
    assert view.select("db:shared")
    for column in view.preview.columns:
        text = column.text.toPlainText()
        shared = [f for f in column.findings.findings if f.code == "same_sentence"]
        assert len(shared) == 1, column.findings.texts()
        sentence = "I keep thinking about the Ledger migration to event sourcing since we met."
        at = text.index(sentence)
        assert (at, at + len(sentence)) in column.marks()
        assert "also in the note to" in column.text.finding_at(at)
    dana = view.preview.columns[0].findings.findings
    assert "Omar Haddad" in next(f.message for f in dana if f.code == "same_sentence")


def test_an_empty_database_previews_the_made_up_panel(db, make_window):
    view = make_window(db).view("templates")
    view.select(key_of(view, "thank_you_panel"))
    assert view.preview.interview.currentText() == "A made-up interview (none recorded yet)"
    assert [c.name.text() for c in view.preview.columns] == ["Jordan Rivera", "Sam Okafor"]
    assert "Dear Sam," in view.preview.columns[1].text.toPlainText()


def test_typing_renders_once_after_the_pause(view, qtbot):
    view.select(key_of(view, "check_in"))
    view.duplicate()
    renders = []
    view.preview.rendered.connect(renders.append)
    view.body.setFocus()
    qtbot.keyClicks(view.body, "Hello ")
    assert renders == [] and view.preview.timer.isActive()  # debounced
    qtbot.waitUntil(lambda: bool(renders), timeout=2000)
    qtbot.wait(50)
    assert renders == [None]
    assert all("Hello " in c.text.toPlainText() for c in view.preview.columns)


def test_a_problem_is_still_reported_to_the_editor(view, qtbot):
    view.select(key_of(view, "check_in"))
    view.duplicate()
    view.body.setPlainText("Dear {{ contact.first_name }},\n\n{{ role \n")
    with qtbot.waitSignal(view.preview.rendered) as signal:
        view.preview.render_now()
    assert signal.args[0] is not None and signal.args[0].line == 3
    assert all(c.findings.texts()[0].startswith("✗") for c in view.preview.columns)
    assert view.body.extraSelections()


def test_tab_reaches_every_column(view, window, qtbot):
    view.select(key_of(view, "thank_you_panel"))
    window.activateWindow()
    view.preview.interview.setFocus()
    reached = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    for column in view.preview.columns:
        assert column.text in reached


def test_the_list_names_each_templates_language(view, qtbot):
    view.select(key_of(view, "check_in"))
    view.duplicate()
    rows = [view.list.item(r).text() for r in range(view.list.count())]
    assert "Brief check-in (my copy) · English" in rows
    assert "Built-in templates · English" in rows  # the built-ins under their language
    assert view.preview.language.text() == "· English"


@pytest.mark.parametrize(
    ("code", "heading"), [("de", "German (Deutsch)"), ("fr", "French (français)")]
)
def test_a_template_in_another_language_is_previewed_and_duplicated_in_it(
    view, demo, code, heading
):
    from followup_desktop import paths
    from followup_desktop.store import queries

    if not (paths.templates_dir() / code).is_dir():
        pytest.skip(f"no built-in templates in templates/{code}/ yet")
    listed = view.keys()
    key = next(k for k in listed if k.endswith(f"/{code}/thank_you_panel.txt"))
    rows = [view.list.item(r).text() for r in range(view.list.count())]
    assert f"Built-in templates · {heading}" in rows
    view.select(key)
    assert view.preview.language.text() == f"· {heading}"
    english_day = "Friday 20 November"
    assert all(english_day not in c.text.toPlainText() for c in view.preview.columns)
    view.duplicate()
    (copy,) = queries.list_templates(demo)
    assert copy.language == code and view.current().language == code
    assert view.current().name.endswith("(my copy)")
