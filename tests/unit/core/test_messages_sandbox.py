"""The template sandbox: variables and gaps, refusals before running, limits, clear errors."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.core import message_sandbox as sandbox
from followup_desktop.core.message_errors import (
    TemplateProblem,
    TemplateRefused,
    TemplateRuntimeProblem,
    TemplateSyntaxProblem,
    TemplateTooBig,
)
from followup_desktop.core.message_values import Fields, Gap, fill


class Spy:
    """A context value that records every call made on it."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def record(self) -> str:
        self.calls.append("record")
        return "called"


def context(**extra):
    return {
        "role": "Backend Engineer",
        "interview": Fields(
            "interview",
            {"topics": "ledger migration", "challenges": Gap("interview.challenges")},
        ),
        **extra,
    }


def test_variables_render_and_a_gap_is_visible_but_false():
    text = sandbox.render(
        "{{ role }}: {{ interview.topics }} / {{ interview.challenges }}"
        "{% if interview.challenges %} never{% endif %}",
        context(),
    )
    assert text == "Backend Engineer: ledger migration / «missing: interview.challenges»"


def test_fill_marks_a_spot_for_the_user():
    assert sandbox.render('{{ fill("the news") }}', {}) == fill("the news") == "«fill in: the news»"


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("{{ interview.chalenges }}", "there is no variable interview.chalenges"),
        ("{{ rol }}", "there is no variable 'rol'"),
        ("{{ interview }}", "'interview' is a group of fields"),
        ("{{ role.nope }}", "a str value has no field 'nope'"),
    ],
)
def test_unknown_variables_are_errors_that_name_them(source, words):
    with pytest.raises(TemplateRuntimeProblem) as caught:
        sandbox.render(source, context())
    assert words in str(caught.value)
    assert caught.value.line == 1


def test_syntax_errors_name_the_line_and_show_it():
    source = "Dear {{ role }},\n\nThanks {{ interview.topics role }}\nBye"
    with pytest.raises(TemplateSyntaxProblem) as caught:
        sandbox.render(source, context())
    problem = caught.value.placed("Body", 1, source)
    assert problem.line == 3
    assert str(problem).startswith("Body line 3: a {{ … }} holds one field: remove 'role'")
    assert str(problem).endswith('"Thanks {{ interview.topics role }}"')
    shifted = TemplateSyntaxProblem("oops", line=2).placed("check_in.txt", 3, "a\nb c\n")
    assert str(shifted) == 'check_in.txt line 4: oops. — "b c"'


ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ role.__class__ }}",
    "{{ spy.record.__globals__ }}",
    "{{ role|attr('__class__') }}",
    "{{ role|attr('upper') }}",
    "{{ (role|map(attribute='__class__')|list)[0] }}",
    "{{ role['__class__'] }}",
    "{{ '{0.__class__}'.format(role) }}",
    "{{ role.format(spy) }}",
    "{{ role.format_map(spy) }}",
    "{{ '%s' % spy }}",
    "{{ role|format(spy) }}",
    "{% include 'secrets.txt' %}",
    "{% import 'x.txt' as x %}",
    "{% extends 'base.txt' %}",
    "{{ self._TemplateReference__context }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ _fd_loop }}",
    "{% set f = 'fo' ~ 'rmat' %}{{ role[f](spy) }}",
    "{% set p = '%' ~ 's' %}{{ p % spy }}",
    "{% set u = '_' %}{{ role[u ~ u ~ 'class' ~ u ~ u] }}",
    "{{ [1, 2].append(3) }}",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_escape_payloads_are_refused_and_never_call_anything(source):
    spy = Spy()
    source = f"{{{{ spy.record() if false else '' }}}}{source}"
    with pytest.raises(TemplateRefused) as caught:
        sandbox.render(source, context(spy=spy))
    assert "refused" in str(caught.value)
    assert spy.calls == []


def test_static_refusals_happen_before_anything_runs():
    spy = Spy()
    with pytest.raises(TemplateRefused) as caught:
        sandbox.render("{{ spy.record() }}\n{{ role.__class__ }}", context(spy=spy))
    assert spy.calls == []
    assert caught.value.line == 2
    assert "not run" in str(caught.value)


@pytest.mark.parametrize(
    "source",
    [
        "{% for a in range(1000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}",
        "{{ range(10**6)|list }}",
        "{{ 'a' * 10**9 }}",
        "{{ [1] * 10**8 }}",
        "{{ 10 ** 10 ** 10 }}",
        "{% macro m(s) %}{{ m(s ~ s) }}{% endmacro %}{{ m('ab') }}",
        "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
        "{{ 'a'|replace('a', 'b' * 30)|replace('b', 'c' * 30)|replace('c', 'd' * 30) }}",
        "{% for i in range(999) %}{{ role * 30 }}{% endfor %}",
        "{{ role|center(100000) }}",
        "{{ role|indent(5000) }}",
        "{{ range(999)|join(role * 30) }}",
        "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
        "x" * (sandbox.MAX_SOURCE + 1),
    ],
)
def test_limits_stop_runaway_templates(source):
    with pytest.raises(TemplateTooBig):
        sandbox.render(source, context())


def test_the_time_cap_stops_a_slow_render():
    with pytest.raises(TemplateTooBig) as caught:
        sandbox.render("{% for i in range(500) %}{{ i }}{% endfor %}", {}, seconds=-1)
    assert "too long" in str(caught.value)


def test_namespace_and_lipsum_are_not_available():
    for source in ("{% set ns = namespace(a=1) %}", "{{ lipsum(5) }}"):
        with pytest.raises(TemplateRuntimeProblem):
            sandbox.render(source, {})


def test_ordinary_template_features_still_work():
    source = (
        "{% for link in links %}{{ loop.index }}. {{ link|upper }}\n{% endfor %}"
        "{{ links|join(', ') }} {{ range(3)|list }} {{ 7 * 6 }} {{ 'ab' * 2 }}"
        "{% macro hi(n) %}Hi {{ n }}{% endmacro %} {{ hi('Dana') }}"
    )
    text = sandbox.render(source, {"links": ["a", "b"]})
    assert text == "1. A\n2. B\na, b [0, 1, 2] 42 abab Hi Dana"


def test_a_runtime_error_gives_the_line():
    with pytest.raises(TemplateRuntimeProblem) as caught:
        sandbox.render("one\ntwo {{ 1 / 0 }}", {})
    assert caught.value.line == 2
    assert "ZeroDivisionError" in str(caught.value)


_TOKENS = [
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    " for ",
    " in ",
    " if ",
    " endif ",
    " endfor ",
    " else ",
    "range(",
    ")",
    "(",
    "[",
    "]",
    "'",
    '"',
    "|",
    "upper",
    "join",
    "length",
    "~",
    "*",
    "**",
    "%",
    "9",
    "10",
    "role",
    "interview",
    ".",
    "topics",
    "_",
    "__class__",
    "macro",
    "set",
    "=",
    ",",
    "\n",
    " ",
    "attr",
    "format",
    "loop",
    "fill",
    "recursive",
    "-",
    "+",
    "raw",
    "endraw",
    "not",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=6)), max_size=40))
def test_fuzzed_templates_raise_only_template_problems(pieces):
    source = "".join(pieces)
    try:
        result = sandbox.render(source, context())
    except TemplateProblem as exc:
        assert str(exc)  # one readable sentence
    else:
        assert isinstance(result, str)
        assert len(result) <= sandbox.MAX_OUTPUT


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=6)), max_size=12),
    st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=6)), max_size=40),
)
def test_composing_a_fuzzed_template_never_raises(subject, body):
    from datetime import UTC, datetime

    from followup_desktop.core import messages
    from followup_desktop.core.message_context import example_facts
    from followup_desktop.core.model import Profile

    facts = example_facts(Profile(name="Alex Morgan"), datetime(2026, 11, 21, tzinfo=UTC))
    template = messages.MessageTemplate(
        "db:x", "thank_you_panel", "X", "".join(subject), "".join(body)
    )
    draft = messages.compose(template, facts)
    if draft.problem is not None:
        assert isinstance(draft.problem, TemplateProblem)
        assert str(draft.problem).startswith(("Subject", "Body"))
    else:
        assert "\n" not in draft.subject
        for finding in draft.findings:
            text = draft.subject if finding.part == "subject" else draft.body
            assert finding.start is None or 0 <= finding.start <= finding.end <= len(text)


# --- errors in the user's words -------------------------------------------------------------


def placed_problem(source: str) -> TemplateProblem:
    with pytest.raises(TemplateProblem) as caught:
        sandbox.render(source, context(contact=Fields("contact", {"name": "Dana"})))
    return caught.value.placed("Body", 1, source)


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        (
            "Hi\n\n\n{% if role %}\nthanks\nbye",
            4,
            "an 'if' on line 4 is never closed: add {% endif %}",
        ),
        ("a\n{% for x in interview.topics %}\n{{ x }}", 2, "a 'for' on line 2 is never closed"),
        (
            "{% if role %}\n{% for x in y %}\n{% endif %}",
            3,
            "this {% endif %} comes before the 'for' on line 2 is closed: add {% endfor %} first",
        ),
        ("a\n{% endif %}", 2, "this {% endif %} has nothing to close"),
        ("a\n{% iff role %}", 2, "'iff' is not a tag you can use"),
        ("{{ role | uper }}", 1, "there is no filter 'uper'"),
        ("a\n{{ rol }}", 2, "there is no field 'rol' (the fields are contact, company, role"),
        ("{{ contact.nmae }}", 1, "contact has no field 'nmae' (it has first_name, name, title"),
        ("Dear\n{{ role \nbye", 2, "this {{ is never closed: add }}"),
        ("a {{ role }\nb", 1, "a single } here"),
        ("a\n{% if role \nb", 2, "this {% is never closed: add %}"),
    ],
)
def test_errors_are_in_the_users_words_on_the_line_to_fix(source, line, words):
    problem = placed_problem(source)
    assert problem.line == line
    assert words in str(problem)
    assert "Jinja" not in str(problem) and "token" not in str(problem)


def test_errors_suggest_the_name_that_was_meant():
    assert "Did you mean role?" in str(placed_problem("{{ rol }}"))
    assert "Did you mean contact.name?" in str(placed_problem("{{ contact.nmae }}"))
    assert "Did you mean {% if %}?" in str(placed_problem("{% iff role %}{% endif %}"))
    assert str(placed_problem("{{ rol }}")).count("?.") == 0  # no stray full stop


def test_the_fields_named_in_errors_are_the_variables_of_the_panel():
    from followup_desktop.core.message_context import VARIABLES
    from followup_desktop.core.message_errors import FIELDS

    named = {
        f"{group}.{name}" if name else group
        for group, names in FIELDS.items()
        for name in (names or ("",))
    }
    panel = {name.split("(")[0] for name, _what in VARIABLES}
    assert named == panel
