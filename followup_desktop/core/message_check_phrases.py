"""The words the checks look for, per language of the message (core/message_checks.py).

One :class:`Phrases` per language: generic greetings, slang, claims of another offer, the
apologetic or needy phrases with a rewording each, the
third-person pronouns that should be "you"/"your" when the person described is the reader, the
opening a late thank-you can use, and the words that start a thank-you sentence. The checks' own
sentences (what the user reads) are in the user's language, English; only what is matched and
what is suggested as replacement text is in the message's language. German and French are in
message_check_phrases_de.py and message_check_phrases_fr.py; core/phrase_lists.py picks one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Needy:
    """One apologetic or needy phrase: what matches, why it hurts, what to write instead."""

    pattern: re.Pattern[str]
    why: str  # one sentence for the user
    #: Replacement text (``\\g<name>`` refers to the pattern's groups); "" removes the words.
    fix: str


@dataclass(frozen=True, slots=True)
class Phrases:
    language: str
    needy: tuple[Needy, ...]
    #: A third-person pronoun, as group ``pronoun``, with the next word as group ``next``.
    third_person: re.Pattern[str]
    #: (pronoun, next word or "") -> the replacement for both, addressing the reader.
    to_you: Callable[[str, str], str]
    #: The opening of a late thank-you; ``{day}`` is the interview's day in words.
    late_opening: str
    #: Words that make a sentence (or a subject) a thank-you.
    thanks: re.Pattern[str]
    #: "Dear Hiring Manager", "To whom it may concern": greetings that name nobody.
    generic_greetings: re.Pattern[str]
    #: Slang and text-speak ("thx", "gonna", a lower-case "u").
    text_speak: tuple[re.Pattern[str], ...]
    #: A claim of another offer ("I have another offer").
    competing_offer: re.Pattern[str]
    #: Greetings that address the reader correctly without their name (French "Madame,").
    addressed_greetings: re.Pattern[str] | None = None
    #: The word that makes a thank-you sentence a late one ("Thank you again"): such a draft is
    #: already written as a late note.
    again: re.Pattern[str] = re.compile(r"\bagain\b", re.IGNORECASE)


def _needy(pattern: str, why: str, fix: str) -> Needy:
    return Needy(re.compile(pattern, re.IGNORECASE), why, fix)


_APOLOGY = "It apologises for writing; a follow-up is normal and needs no excuse."
_NEEDY = "It sounds anxious; say plainly what you would like to know."
_BUSY = "It suggests you are imposing on them; thank them instead, or leave it out."
_END = r"(?:\s*,?\s*(?:but|and|so)\b)?[,;.!]?\s*"

ENGLISH_NEEDY = (
    _needy(
        r"\b(?:I'?m\s+|I\s+am\s+)?(?:so\s+|very\s+|really\s+)?sorry\s+(?:to|for)\s+"
        r"(?:bother|disturb|trouble|bug|pester)(?:ing)?(?:\s+you)?(?:\s+again)?" + _END,
        _APOLOGY,
        "",
    ),
    _needy(
        r"\b(?:I\s+)?hate\s+to\s+(?:bother|disturb|trouble|bug|pester)(?:\s+you)?(?:\s+again)?"
        + _END,
        _APOLOGY,
        "",
    ),
    _needy(
        r"\b(?:I'?m\s+|I\s+am\s+)?(?:so\s+|very\s+)?sorry\s+(?:for|about)\s+(?:the|my)\s+"
        r"(?:late|delayed|slow)\s+(?:reply|response|note|message|thank[\s-]you)" + _END,
        _APOLOGY,
        "",
    ),
    _needy(
        r"\bI\s+(?:know|reali[sz]e|understand|appreciate\s+that)\s+(?:that\s+)?(?:how\s+)?"
        r"(?:you(?:'re|’re|\s+are|\s+must\s+be|\s+have\s+been)|things\s+are)\s+"
        r"(?:very\s+|so\s+|really\s+|extremely\s+|incredibly\s+)?busy(?:\s+right\s+now)?" + _END,
        _BUSY,
        "",
    ),
    _needy(
        r"\b(?:I\s+)?just\s+(?:wanted|want)\s+to\s+(?:quickly\s+)?(?:follow\s+up|check\s+in"
        r"|touch\s+base|circle\s+back|reach\s+out)(?=\W|$)",
        _NEEDY,
        "I am writing to follow up",
    ),
    _needy(
        r"\b(?:I'?m\s+|I\s+am\s+)?just\s+(?:checking\s+in|following\s+up|touching\s+base"
        r"|circling\s+back)(?=\W|$)",
        _NEEDY,
        "I am writing to follow up",
    ),
    _needy(
        r"(?m)(?:^|(?<=[.!?,;:]\s))any\s+(?:updates?|news)\b"  # the bare question only
        r"(?P<on>\s+(?:on|about|regarding)\s+(?:[^\s?.!]+\s+){0,3}[^\s?.!]+)?\s*\?",
        _NEEDY,
        "Could you tell me where things stand\\g<on>?",
    ),
    _needy(
        r"\bASAP\b|\ba\.s\.a\.p\.?|\bas\s+soon\s+as\s+(?:possible|you\s+can)\b",
        "It puts pressure on them; their timeline is theirs to set.",
        "when it suits you",
    ),
    _needy(
        r"\bjust\s+a\s+(?:friendly\s+|quick\s+|gentle\s+)?reminder\b" + _END,
        _NEEDY,
        "",
    ),
)

#: Object pronouns and possessives: "her plan" -> "your plan", "told her" -> "told you".
_POSSESSIVE = {"his": "your", "her": "your", "hers": "yours", "their": "your", "theirs": "yours"}
_SUBJECT = {"he": "you", "she": "you", "him": "you", "them": "you", "they": "you"}
#: The verb after "he"/"she" as it goes with "you".
_VERBS = {
    "is": "are",
    "was": "were",
    "has": "have",
    "does": "do",
    "doesn't": "don't",
    "isn't": "aren't",
    "wasn't": "weren't",
    "hasn't": "haven't",
}
#: After "her" these words mean "her" is the object ("told her about"), not "her plan".
_NOT_A_NOUN_WORDS = (
    "about at for from in into of on to with and or but that this the a an if so as when "
    "by again too very more"
)
_NOT_A_NOUN = frozenset(_NOT_A_NOUN_WORDS.split())


_NOT_A_VERB_WORDS = "always sometimes perhaps thus us"
_NOT_A_VERB = frozenset(_NOT_A_VERB_WORDS.split())


def _verb_for_you(word: str) -> str:
    """ "thinks" -> "think", "has" -> "have"; other words as they are."""
    low = word.lower()
    if low in _VERBS:
        return _VERBS[low]
    if len(low) < 4 or not low.endswith("s") or low.endswith("ss") or low in _NOT_A_VERB:
        return word
    if low.endswith("ies"):
        return word[:-3] + "y"
    if low.endswith(("shes", "ches", "xes", "zes", "sses", "oes")):
        return word[:-2]
    return word[:-1]


def english_to_you(pronoun: str, next_word: str) -> str:
    low = pronoun.lower()
    if low in ("she", "he"):
        text = f"you {_verb_for_you(next_word)}".rstrip()
    elif low == "her" and (not next_word or next_word.lower() in _NOT_A_NOUN):
        text = f"you {next_word}".rstrip()
    elif low in _POSSESSIVE:
        text = f"{_POSSESSIVE[low]} {next_word}".rstrip()
    else:
        text = f"{_SUBJECT.get(low, 'you')} {next_word}".rstrip()
    return text[0].upper() + text[1:] if pronoun[0].isupper() else text


#: Greetings, slang and claims of an offer (as message_checks.py had them before).
ENGLISH_GREETINGS = re.compile(
    r"\b(?:dear\s+hiring\s+(?:manager|team|committee)s?"
    r"|to\s+whom\s+it\s+may\s+concern"
    r"|dear\s+(?:sir\s*(?:or|/)\s*madam|sir|madam)"
    r"|dear\s+recruit(?:er|ing\s+team)"
    r"|(?:hello|hi|dear)\s+(?:there|all|team|everyone))\b",
    re.IGNORECASE,
)

ENGLISH_TEXT_SPEAK = re.compile(
    r"\b(?:thx|thnx|tnx|tysm|pls|plz|btw|lol|lmao|omg|idk|imo|imho|tbh|brb|gr8|b4|cya|ttyl"
    r"|gonna|wanna|gotta|kinda|sorta|yeah|yep|yup|nope|hey|hiya|stoked|dope|bro|dude|cuz|coz"
    r"|awesome|super\s+excited|no\s+worries|cheers)\b",
    re.IGNORECASE,
)
ENGLISH_SHORT_SPEAK = re.compile(r"(?<![\w.'’])(?:u|ur|r|k|ty|np)(?![\w.'’])")  # lower case only
ENGLISH_COMPETING_OFFER = re.compile(
    r"\b(?:(?:another|other|competing|second|separate|different|outside|multiple|several)"
    r"\s+(?:job\s+|written\s+|firm\s+)?offers?"
    r"|offers?\s+from\s+(?:another|other|a\s+different)\b"
    r"|(?:received|have|got|holding|considering|weighing)\s+(?:an?|another|other)"
    r"\s+(?:competing\s+|job\s+)?offers?)\b",
    re.IGNORECASE,
)


ENGLISH = Phrases(
    language="en",
    needy=ENGLISH_NEEDY,
    third_person=re.compile(
        r"\b(?P<pronoun>she|he|her|hers|his|him)\b(?:\s+(?P<next>[\w'’]+))?", re.IGNORECASE
    ),
    to_you=english_to_you,
    late_opening=(
        "Thank you again for your time on {day}; I wanted to let you know how much I "
        "enjoyed our conversation."
    ),
    thanks=re.compile(r"\bthank(?:s|\s*-?\s*you)\b", re.IGNORECASE),
    generic_greetings=ENGLISH_GREETINGS,
    text_speak=(ENGLISH_TEXT_SPEAK, ENGLISH_SHORT_SPEAK),
    competing_offer=ENGLISH_COMPETING_OFFER,
)
