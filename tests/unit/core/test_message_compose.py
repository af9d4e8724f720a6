"""Fitting note fragments into template sentences: capitals, full stops, lists and quotes."""

from __future__ import annotations

import pytest

from followup_desktop.core.message_compose import (
    fragment,
    is_name,
    items,
    join_words,
    listing,
    proper_names,
    quoted,
)
from followup_desktop.core.message_sandbox import render
from followup_desktop.core.message_values import Fields, Gap


@pytest.mark.parametrize(
    ("typed", "fitted"),
    [
        (
            "Team growth plans and how on-call is shared.",
            "team growth plans and how on-call is shared",
        ),
        ("Duplicate charges during partner outages", "duplicate charges during partner outages"),
        ("  Slow   nightly  rebuilds . ", "slow nightly rebuilds"),
        ("Alert fatigue;\nSlow rebuilds.", "alert fatigue and slow rebuilds"),  # two items
        ("FHIR pipelines.", "FHIR pipelines"),  # all capitals: an acronym
        ("ROS 2 migration", "ROS 2 migration"),
        ("OpenStreetMap imports", "OpenStreetMap imports"),  # a capital inside: a name
        ("I liked the retry idea", "I liked the retry idea"),
        ("A retry queue", "a retry queue"),  # one capital letter is not an acronym
        ("already lower case", "already lower case"),
        ("Version 2.0 rollout.", "version 2.0 rollout"),
    ],
)
def test_a_fragment_loses_its_leading_capital_and_full_stop_unless_a_name(typed, fitted):
    assert fragment(typed) == fitted


def test_names_of_the_facts_keep_their_capital():
    names = {"Dana", "Acme", "Kafka"}
    assert fragment("Dana's plan for the quarter.", names) == "Dana's plan for the quarter"
    assert fragment("Acme billing", names) == "Acme billing"
    assert fragment("Kafka consumers lagging", names) == "Kafka consumers lagging"
    assert fragment("Kafka consumers lagging") == "kafka consumers lagging"  # not known: lowered


def test_a_word_capitalised_in_the_middle_of_a_note_is_a_proper_name():
    found = proper_names(["Team rituals across Tokyo and Europe", "Moving to Kafka. Then more"])
    assert {"Tokyo", "Europe", "Kafka"} <= found
    assert "Team" not in found and "Then" not in found and "Moving" not in found
    assert is_name("Kafka,", found) and not is_name("Team", found)


def test_words_the_sentence_already_says_are_not_repeated():
    lead = "I did not get to ask"
    assert fragment("Did not get to ask about the release cadence.", after=lead) == (
        "about the release cadence"
    )
    assert fragment("About the release cadence", after=lead) == "about the release cadence"
    assert fragment("We sketched a queue", after="the moment we") == "sketched a queue"
    assert fragment("Ask", after=lead) == "ask"  # never left with nothing


@pytest.mark.parametrize(
    ("typed", "joined"),
    [
        (
            "Ledger migration to event sourcing; on-call load.",
            "ledger migration to event sourcing and on-call load",
        ),
        ("Vector tiles", "vector tiles"),
        (
            "Vector tiles.\nOpenStreetMap imports.\nTile caching",
            "vector tiles, OpenStreetMap imports and tile caching",
        ),
        ("dbt models;; ;metric definitions;", "dbt models and metric definitions"),
    ],
)
def test_a_list_is_joined_as_a_person_writes_it(typed, joined):
    assert listing(typed) == joined


def test_join_words_and_items():
    assert join_words([]) == ""
    assert join_words(["A"]) == "A"
    assert join_words(["A", "B"]) == "A and B"
    assert join_words(["A", "B", "C"]) == "A, B and C"
    assert items("One; Two.\nFHIR") == ["one", "two", "FHIR"]
    assert items(["One.", "Two"]) == ["one", "two"]
    assert items("") == []


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ('"boring technology, exciting outcomes"', '"boring technology, exciting outcomes"'),
        ("boring technology, exciting outcomes.", '"boring technology, exciting outcomes"'),
        ("“small steps, shipped often”", '"small steps, shipped often"'),
        ('"small steps", "ship often"', '"small steps" and "ship often"'),
        ("We page humans only for humans", '"We page humans only for humans"'),  # their case
        ("small steps; ship often.", '"small steps" and "ship often"'),
    ],
)
def test_echoed_words_are_quoted_exactly_once(typed, shown):
    assert quoted(typed) == shown
    assert quoted(typed).count('"') == 2 * (1 + shown.count('" and "'))
    assert quoted(quoted(typed)) == shown  # quoting again never doubles the quotes


def test_a_missing_note_passes_through_every_filter():
    gap = Gap("interview.topics")
    for result in (fragment(gap), listing(gap), quoted(gap)):
        assert isinstance(result, Gap) and not result
    assert items(gap) == []


def test_the_filters_in_a_template_know_the_names_of_the_message():
    context = {
        "company": Fields("company", {"name": "Nimbus Cloud"}),
        "contact": Fields("contact", {"name": "Lea Brandt"}),
        "candidate": Fields("candidate", {"name": "Alex Morgan"}),
        "interview": Fields(
            "interview",
            {
                "interviewers": ["Jonas Weber"],
                "topics": "Nimbus pricing; Jonas's SLO budgets; moving logs to Loki",
                "their_words": '"we page humans only for humans"',
                "challenges": Gap("interview.challenges"),
            },
        ),
        "discussed": "Loki retention",
    }
    source = (
        "We talked about {{ interview.topics|listing }}."
        " You said {{ interview.their_words|quoted }}."
        "{% if interview.challenges|listing %} Never.{% endif %}"
        " {{ discussed|fragment }}; {% for t in interview.topics|items %}[{{ t }}]{% endfor %}"
    )
    assert render(source, context) == (
        "We talked about Nimbus pricing, Jonas's SLO budgets and moving logs to Loki."
        ' You said "we page humans only for humans". Loki retention;'
        " [Nimbus pricing][Jonas's SLO budgets][moving logs to Loki]"
    )
