"""Fitting note fragments into the sentences of a template, as a person would write them.

Notes are typed as notes: "Ledger migration to event sourcing; on-call load.", "Team growth
plans.", '"boring technology, exciting outcomes"'. A template puts them inside its own
sentence, so the filters below (registered in the template sandbox) tidy them for that spot:

- ``fragment``: the leading capital is lower-cased unless the word is a name or an acronym
  (another capital inside, all capitals, "I", or a proper name of the facts: the company, a
  contact, the candidate, or a word written with a capital in the middle of a note), and a
  trailing full stop is dropped. ``after="I did not get to ask"`` also drops words the note
  repeats from the sentence it continues ("Did not get to ask about X" -> "about X").
- ``items``: the notes split into their items (";" or new lines), each a fragment.
- ``listing``: the items joined as a person would: "A", "A and B", "A, B and C".
- ``quoted``: echoed words in double quotes exactly once, whether or not the user typed them
  (several phrases, quoted or separated by ";", each in their own quotes).

A missing note (a :class:`Gap`) passes through every filter unchanged: it stays false in
``{% if %}`` and visible when printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from followup_desktop.core.message_values import Fields, Gap

#: The word before the last of several items, per language: "A, B and C".
AND_WORDS = {"en": "and", "de": "und", "fr": "et"}

_ITEM_SPLIT = re.compile(r"\s*(?:;|\n)\s*")
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'’-]*")
#: After these (or at the start) a new sentence or item begins: its capital is no evidence.
#: A word that starts with a capital (not one inside a word: "OpenStreetMap" is one word).
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-Þ][\w'’-]*")
_STARTS = frozenset('.!?;:\n"“«(-–')
_QUOTE_CHARS = '"“”«»„\u00a0'
_QUOTED_PART = re.compile(r"[\"“”«»„]([^\"“”«»„]+)[\"“”«»„]")
_TRAILING = " .;,:"
#: Note fields whose words are evidence of proper names (a capital in the middle of a note).
#: Languages whose nouns are written with a capital: a note's first word keeps it.
KEEPS_CAPITALS = frozenset({"de"})
#: Quotation marks per language (French with the no-break spaces French typesetting puts inside).
QUOTE_MARKS = {"en": ('"', '"'), "de": ("„", "“"), "fr": ("«\u00a0", "\u00a0»")}
_NOTE_KEYS = ("topics", "challenges", "highlights", "their_words", "unaddressed", "next_steps")


def is_name(word: str, names: Iterable[str] = ()) -> bool:
    """True when ``word`` keeps its capital inside a sentence (a name or an acronym)."""
    bare = word.strip("\"'“”‘’«»()[],.;:!?")
    if not bare:
        return False
    if bare == "I" or bare.startswith(("I'", "I’")):
        return True
    letters = [c for c in bare if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return True  # FHIR, ROS, API
    if any(c.isupper() for c in bare[1:]):
        return True  # OpenStreetMap, McKinsey
    base = re.split(r"['’]", bare, maxsplit=1)[0]  # Acme's -> Acme
    return base in set(names)


def proper_names(texts: Iterable[str]) -> set[str]:
    """Words written with a capital in the middle of a sentence of ``texts``."""
    found: set[str] = set()
    for text in texts:
        text = text or ""
        for match in _CAPITALISED.finditer(text):  # only capitalised words: notes are long
            at = match.start() - 1
            while at >= 0 and text[at].isspace():  # the last character before the word
                at -= 1
            if at >= 0 and text[at] not in _STARTS:
                found.add(re.split(r"['’]", match.group(), maxsplit=1)[0])
    return found


def _drop_repeat(text: str, after: str) -> str:
    """``text`` without its leading words that repeat the end of ``after``."""
    lead = [w.lower() for w in after.split()]
    words = text.split()
    lower = [w.lower() for w in words]
    for size in range(min(len(lead), len(words) - 1), 0, -1):
        if lower[:size] == lead[-size:]:
            return " ".join(words[size:])
    return text


def fragment(text: str, names: Iterable[str] = (), *, after: str = "", language: str = "en") -> str:
    """``text`` ready to continue a sentence: no trailing stop, no capital unless a name (in
    German every noun keeps its capital, so none is lowered); several items (typed with ";" or
    on lines of their own) are joined with commas and "and" / "und" / "et"."""
    if isinstance(text, Gap) or not text:
        return text
    lower = language not in KEEPS_CAPITALS
    parts = [p for p in _ITEM_SPLIT.split(str(text)) if p.strip(_TRAILING)]
    if len(parts) > 1:
        names = set(names)
        first = _one(parts[0], names, after, lower)
        rest = [_one(p, names, "", lower) for p in parts[1:]]
        return join_words([first, *rest], language)
    return _one(str(text), names, after, lower)


def _one(text: str, names: Iterable[str], after: str, lower: bool = True) -> str:
    text = " ".join(text.split()).rstrip(_TRAILING).strip()
    if after:
        text = _drop_repeat(text, after)
    first = text.split(" ", 1)[0]
    if lower and first and first[0].isupper() and not is_name(first, names):
        text = text[0].lower() + text[1:]
    return text


def items(text: str | Iterable[str], names: Iterable[str] = (), language: str = "en") -> list[str]:
    """The items of a note (split at ";" and line breaks), each a fragment."""
    if isinstance(text, Gap) or not text:
        return []
    names = set(names)
    parts = _ITEM_SPLIT.split(text) if isinstance(text, str) else [str(t) for t in text]
    result = [fragment(p, names, language=language) for p in parts]
    return [p for p in result if p]


def join_words(parts: list[str], language: str = "en") -> str:
    """'A', 'A and B', 'A, B and C' ("und" in German, "et" in French)."""
    word = f" {AND_WORDS.get(language, 'and')} "
    if len(parts) <= 2:
        return word.join(parts)
    return ", ".join(parts[:-1]) + word + parts[-1]


def listing(text: str | Iterable[str], names: Iterable[str] = (), language: str = "en") -> str:
    """The items of a note joined as a person would write them ("A, B and C")."""
    if isinstance(text, Gap):
        return text
    return join_words(items(text, names, language), language)


def quoted(text: str, language: str = "en") -> str:
    """Echoed words in quotes once, in the quotation marks of the message's language:
    ``"small steps"``, „kleine Schritte“, « petits pas »; several quoted parts listed."""
    if isinstance(text, Gap) or not text:
        return text
    text = " ".join(str(text).split())
    parts = [p.strip(" ,;.") for p in _QUOTED_PART.findall(text)]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        parts = [p.strip(_QUOTE_CHARS + " ").rstrip(" .;,") for p in _ITEM_SPLIT.split(text)]
    opening, closing = QUOTE_MARKS.get(language, QUOTE_MARKS["en"])
    return join_words([f"{opening}{p}{closing}" for p in parts if p], language)


# --- as template filters: the names come from the message's own facts ------------------------


def _strings(value: Any) -> list[str]:
    if isinstance(value, Gap) or value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value if isinstance(v, str) and not isinstance(v, Gap)]
    return []


def _field(group: Any, name: str) -> list[str]:
    return _strings(group[name]) if isinstance(group, Fields) and name in group else []


#: Where build_context keeps the names (a template cannot read names starting with "_").
NAMES_KEY = "_proper_names"


def context_names(context: Mapping[str, Any] | Context) -> set[str]:
    """Proper names of one message: company, people, and words capitalised inside a note."""
    names: set[str] = set()
    company, contact = context.get("company"), context.get("contact")
    interview, candidate = context.get("interview"), context.get("candidate")
    people = _field(company, "name") + _field(contact, "name") + _field(candidate, "name")
    people += _field(interview, "interviewers")
    for text in people:
        names.update(w.strip(",.") for w in text.split() if w[:1].isupper())
    notes = [t for key in _NOTE_KEYS for t in _field(interview, key)]
    notes += _strings(context.get("discussed"))
    names |= proper_names(notes)
    return names


def _names_of(context: Context) -> set[str]:
    """The message's proper names: worked out once per message (build_context stores them)."""
    known = context.get(NAMES_KEY)
    return known if isinstance(known, set) else context_names(context)


def _language_of(context: Context) -> str:
    language = context.get("language")
    return language if isinstance(language, str) else "en"


@pass_context
def fragment_filter(context: Context, text: str, after: str = "") -> str:
    return fragment(text, _names_of(context), after=str(after), language=_language_of(context))


@pass_context
def items_filter(context: Context, text: str) -> list[str]:
    return items(text, _names_of(context), _language_of(context))


@pass_context
def listing_filter(context: Context, text: str) -> str:
    return listing(text, _names_of(context), _language_of(context))


@pass_context
def quoted_filter(context: Context, text: str) -> str:
    return quoted(text, _language_of(context))


_VOWELS = frozenset("AEIOUYÀÂÆÉÈÊËÎÏÔŒÙÛÜaeiouyàâæéèêëîïôœùûü")


def de(text: str) -> str:
    """French "de" before ``text``, elided before a vowel: "de Backend Engineer",
    "d’Analytics Engineer" (``{{ role|de }}``). A missing value stays missing."""
    if isinstance(text, Gap) or not text:
        return text
    text = str(text)
    return f"d’{text}" if text[0] in _VOWELS else f"de {text}"


#: The filters the template sandbox adds: ``{{ interview.topics|listing }}``.
FILTERS: dict[str, Any] = {
    "fragment": fragment_filter,
    "items": items_filter,
    "listing": listing_filter,
    "quoted": quoted_filter,
    "de": de,
}
