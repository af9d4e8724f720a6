"""The simple editor's view of a template: pieces, labels, advanced-only parts, exact round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.core.messages import parse_template_file
from followup_desktop.core.template_simple import (
    CONDITION_CHOICES,
    Boundary,
    Field,
    Text,
    balanced,
    condition_label,
    condition_pieces,
    field_choices,
    field_label,
    field_piece,
    parse,
    serialise,
)

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
FILES = sorted(p for p in TEMPLATES.rglob("*.txt"))


def test_the_template_folder_is_found_with_its_files():
    assert len(FILES) >= 15


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_every_built_in_round_trips_exactly_whole_and_in_parts(path):
    text = path.read_text(encoding="utf-8")
    subject, body, _line = parse_template_file(text)
    for source in (text, subject, body):
        parsed = parse(source)
        if parsed.simple:
            assert serialise(parsed.pieces) == source
        else:
            assert parsed.problem.startswith("Line ")
            assert parsed.problem.endswith("; edit it in Advanced mode.")


def test_most_english_built_ins_are_simple():
    simple = [p.name for p in FILES if p.parent == TEMPLATES and parse(p.read_text()).simple]
    assert {"thank_you_panel.txt", "check_in.txt", "share_update.txt"} <= set(simple)


def test_pieces_of_a_sentence_with_a_field_and_a_section():
    source = (
        "Dear {{ contact.first_name }},{% if interview.challenge and "
        '"challenges" in mentions %} About {{ interview.challenge|fragment }}.{% else %} Hi.'
        "{% endif %}"
    )
    pieces = parse(source).pieces
    assert [type(p) for p in pieces] == [
        Text,
        Field,
        Text,
        Boundary,
        Text,
        Field,
        Text,
        Boundary,
        Text,
        Boundary,
    ]
    assert pieces[1] == Field(
        "{{ contact.first_name }}", "contact.first_name", "contact's first name"
    )
    start, otherwise, end = pieces[3], pieces[7], pieces[9]
    assert isinstance(start, Boundary) and start.kind == "if"
    assert start.label == (
        "When the challenge is noted (and this message is the one to mention it)"
    )
    assert (otherwise.kind, otherwise.label) == ("else", "Otherwise")
    assert (end.kind, end.label) == ("endif", "end")
    assert pieces[5].label == "the challenge they mentioned (fitted into the sentence)"


@pytest.mark.parametrize(
    ("expression", "label"),
    [
        ("contact.first_name", "contact's first name"),
        ("interview.challenge|fragment", "the challenge they mentioned (fitted into the sentence)"),
        (
            'interview.unaddressed|fragment(after="I did not get to ask")',
            "what you did not get to ask (fitted into the sentence)",
        ),
        ("interview.topics|listing", "the topics discussed (listed: A, B and C)"),
        ("interview.their_words|quoted", "their words (in quotes)"),
        ('fill("what you want to share")', "✎ you write: what you want to share"),
        ("role|upper", "the role (in capitals)"),
        ("role|weird", "the role (with the weird filter)"),
        ("1 + 2", "the value of 1 + 2"),
    ],
)
def test_field_labels(expression, label):
    assert field_label(expression) == label


def test_a_variable_without_a_short_name_reads_its_description(monkeypatch):
    from followup_desktop.core import template_simple

    monkeypatch.setitem(template_simple._DESCRIPTIONS, "contact.pronoun", "how they are called")
    assert (
        field_label("contact.pronoun|fragment") == "how they are called (fitted into the sentence)"
    )
    assert condition_label("contact.pronoun") == "When how they are called is known"


@pytest.mark.parametrize(
    ("condition", "label"),
    [
        (
            'interview.challenge and "challenges" in mentions',
            "When the challenge is noted (and this message is the one to mention it)",
        ),
        ("discussed", "When you noted what you discussed with this person"),
        ("not decision_passed", "When the decision date has not passed"),
        ("decision_passed", "When the decision date has passed"),
        ("interview.topics", "When the topics are noted"),
        ("interview.their_words", "When their words are noted"),
        ("interview.interviewers|length > 1", "When there is more than one interviewer"),
        (
            "interview.topic and interview.topic|length < 60",
            "When the topic is noted and the topic is shorter than 60 characters",
        ),
        ('"topics" in mentions', "When this message is the one to mention the topics"),
        ("foo(1) > 2", "When foo(1) > 2 is true"),
        ("nobody_knows", "When nobody_knows is true"),
    ],
)
def test_condition_labels(condition, label):
    assert condition_label(condition) == label


def test_elif_reads_otherwise_when():
    pieces = parse("{% if discussed %}a{% elif interview.topic %}b{% endif %}").pieces
    assert pieces[2].label == "Otherwise, when the topic is noted"


def test_nested_conditions_are_simple():
    source = "{% if a %}{% if b %}x{% else %}y{% endif %}{% endif %}"
    parsed = parse(source)
    assert parsed.simple and serialise(parsed.pieces) == source


@pytest.mark.parametrize(
    ("source", "sentence"),
    [
        (
            "Hi\n\nthere\n\n{% for x in interview.interviewers %}{{ x }}{% endfor %}",
            "Line 5 has a loop ({% for %}); edit it in Advanced mode.",
        ),
        (
            "{% set x = 1 %}",
            "Line 1 has a variable assignment ({% set %}); edit it in Advanced mode.",
        ),
        (
            "a\n{% macro m() %}{% endmacro %}",
            "Line 2 has a macro ({% macro %}); edit it in Advanced mode.",
        ),
        ("a\n{# note #}", "Line 2 has a comment ({# … #}); edit it in Advanced mode."),
        (
            "a\nb\n{%- if x %}y{% endif %}",
            "Line 3 has whitespace control ({%- or -%}); edit it in Advanced mode.",
        ),
        ("{{ x -}}", "Line 1 has whitespace control ({%- or -%}); edit it in Advanced mode."),
        ("a {{ x", "Line 1 has a tag that is not closed with }}; edit it in Advanced mode."),
        (
            "\n{% if x %}open",
            "Line 2 has a condition without its {% endif %}; edit it in Advanced mode.",
        ),
        ("{% endif %}", "Line 1 has {% endif %} outside a condition; edit it in Advanced mode."),
    ],
)
def test_advanced_only_sentences_name_the_construct_and_line(source, sentence):
    parsed = parse(source)
    assert parsed.problem == sentence and parsed.pieces == ()


def test_a_syntax_error_is_advanced_only():
    parsed = parse("{% if x %}a{% else %}b{% else %}c{% endif %}")
    assert not parsed.simple and "Jinja error" in (parsed.problem or "")


def test_tag_closers_inside_strings_do_not_end_the_tag():
    source = '{{ fill("a }} b %} c") }} after'
    pieces = parse(source).pieces
    assert isinstance(pieces[0], Field) and pieces[0].expression == 'fill("a }} b %} c")'
    assert serialise(pieces) == source


def test_inserted_pieces_parse_back_to_themselves():
    start, end = condition_pieces("discussed")
    source = serialise([Text("A "), start, field_piece("discussed|listing"), end])
    assert parse(source).pieces[1:4] == (start, field_piece("discussed|listing"), end)


def test_every_choice_parses_with_a_label_in_words():
    for label, expression, _description in field_choices():
        assert field_piece(expression).label == label and "{" not in label
    for text, condition in CONDITION_CHOICES:
        assert condition_label(condition).startswith(text)


def test_balance_checks_order():
    start, end = condition_pieces("discussed")
    otherwise = parse("{% if a %}{% else %}{% endif %}").pieces[1]
    assert balanced([start, otherwise, end]) and balanced([])
    assert not balanced([start]) and not balanced([end]) and not balanced([otherwise])
    assert not balanced([start, otherwise, otherwise, end])


# --- generated templates round-trip ----------------------------------------------------------

_plain = st.text(
    alphabet=st.characters(blacklist_characters="{}%#", blacklist_categories=("Cs",)), max_size=12
)
_fields = st.sampled_from(
    [
        "{{ contact.first_name }}",
        "{{interview.challenge|fragment}}",
        '{{ interview.unaddressed|fragment(after="I did not get to ask") }}',
        '{{ fill("what you want to share}}") }}',
        "{{  role  }}",
    ]
)
_conditions = st.sampled_from(
    [
        "discussed",
        'interview.topics and "topics" in mentions',
        "not decision_passed",
        "x|length > 1",
    ]
)


@st.composite
def _sections(draw, depth: int = 0) -> str:
    parts = [f"{{% if {draw(_conditions)} %}}", draw(_body(depth + 1))]
    for _ in range(draw(st.integers(0, 2))):
        parts += [f"{{%elif {draw(_conditions)}%}}", draw(_body(depth + 1))]
    if draw(st.booleans()):
        parts += ["{%  else %}", draw(_body(depth + 1))]
    return "".join([*parts, "{% endif %}"])


def _body(depth: int) -> st.SearchStrategy[str]:
    choices: list[st.SearchStrategy[str]] = [_plain, _fields]
    if depth < 2:
        choices.append(_sections(depth))
    return st.lists(st.one_of(choices), max_size=5).map("".join)


@settings(max_examples=300, deadline=None)
@given(_body(0))
def test_generated_templates_round_trip_exactly(source):
    parsed = parse(source)
    assert parsed.simple, parsed.problem
    assert serialise(parsed.pieces) == source
    assert balanced(parsed.pieces)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_any_text_either_round_trips_or_is_advanced_only_with_a_sentence(source):
    parsed = parse(source)
    if parsed.simple:
        assert serialise(parsed.pieces) == source
    else:
        assert parsed.problem and parsed.problem.startswith("Line ")
