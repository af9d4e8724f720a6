"""Quality checks of a message (domain.md, "What a good message contains"): pure functions.

Each finding is one line for the user plus the character span of the offending words in the
subject or the body, so the editor and the draft dialog can highlight them. A check never
blocks anything: the user decides.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

MAX_WORDS = 200
LINKEDIN_NOTE_LIMIT = 300  # characters LinkedIn allows in a connection note
#: Kinds that answer an offer: the interview's details are not what they are about.
NO_DETAIL_NEEDED = frozenset({"offer_accept", "offer_negotiate", "offer_decline"})
#: Kinds whose subject is never sent (a script, a LinkedIn note).
NO_SUBJECT = frozenset({"phone_script", "linkedin_note"})


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str
    part: str = "body"  # "subject" or "body"
    start: int | None = None  # span in that part; None: about the whole message
    end: int | None = None

    def line(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class CheckInput:
    """What the checks need besides the text."""

    kind: str = ""
    role: str = ""
    candidate_name: str = ""
    contact_name: str = ""
    #: Specific things from the interview (topics, challenges, their words, ...).
    details: Sequence[str] = ()
    #: The same template rendered for the other interviewers of a panel: (name, body).
    siblings: Sequence[tuple[str, str]] = ()
    #: Whether the interview's notes were looked at (False: no interview to be specific about).
    has_interview: bool = True
    extra: dict[str, str] = field(default_factory=dict)


_WORD = re.compile(r"\S*[^\W_]\S*")
_GENERIC_GREETINGS = re.compile(
    r"\b(?:dear\s+hiring\s+(?:manager|team|committee)s?"
    r"|to\s+whom\s+it\s+may\s+concern"
    r"|dear\s+(?:sir\s*(?:or|/)\s*madam|sir|madam)"
    r"|dear\s+recruit(?:er|ing\s+team)"
    r"|(?:hello|hi|dear)\s+(?:there|all|team|everyone))\b",
    re.IGNORECASE,
)
_GAP = re.compile(r"«missing: ([^»\n]{1,80})»", re.IGNORECASE)
_FILL = re.compile(r"«fill in: ([^»\n]{0,80})»", re.IGNORECASE)
_PLACEHOLDERS = re.compile(
    r"\[[^\[\]\n@]{1,40}\]"  # [Company], [Your Name]
    r"|<[A-Z][A-Za-z .]{1,30}>"  # <Name>, <Job Title>
    r"|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\}\}|\{%|%\}"  # template tags left over
    r"|\b(?:TODO|TBD|FIXME|XXX+)\b|\blorem ipsum\b",
    re.IGNORECASE,
)
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f900-\U0001f9ff\u2b50\u2b55\ufe0f\u200d]+"
    r"|(?<!\w)(?:[:;=]-?[()DPp3]|<3|\^_\^)(?!\w)"
)
_TEXT_SPEAK = re.compile(
    r"\b(?:thx|thnx|tnx|tysm|pls|plz|btw|lol|lmao|omg|idk|imo|imho|tbh|brb|gr8|b4|cya|ttyl"
    r"|gonna|wanna|gotta|kinda|sorta|yeah|yep|yup|nope|hey|hiya|stoked|dope|bro|dude|cuz|coz"
    r"|awesome|super\s+excited|no\s+worries|cheers)\b",
    re.IGNORECASE,
)
_SHORT_SPEAK = re.compile(r"(?<![\w.'’])(?:u|ur|r|k|ty|np)(?![\w.'’])")  # lower case only
_SHOUTING = re.compile(r"[!?]{2,}")
_COMPETING_OFFER = re.compile(
    r"\b(?:(?:another|other|competing|second|separate|different|outside|multiple|several)"
    r"\s+(?:job\s+|written\s+|firm\s+)?offers?"
    r"|offers?\s+from\s+(?:another|other|a\s+different)\b"
    r"|(?:received|have|got|holding|considering|weighing)\s+(?:an?|another|other)"
    r"\s+(?:competing\s+|job\s+)?offers?)\b",
    re.IGNORECASE,
)
_THANK_YOU = re.compile(r"\bthank(?:s|\s*-?\s*you)\b", re.IGNORECASE)


def word_count(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


def _spans(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    yield from pattern.finditer(text)


def _too_long(body: str, kind: str) -> list[Finding]:
    if kind == "linkedin_note":
        if len(body) > LINKEDIN_NOTE_LIMIT:
            return [
                Finding(
                    "too_long",
                    f"{len(body)} characters: LinkedIn notes stop at {LINKEDIN_NOTE_LIMIT}.",
                    "body",
                    LINKEDIN_NOTE_LIMIT,
                    len(body),
                )
            ]
        return []
    words = list(_WORD.finditer(body))
    if len(words) <= MAX_WORDS:
        return []
    return [
        Finding(
            "too_long",
            f"{len(words)} words: keep it under {MAX_WORDS}; the highlighted part is over.",
            "body",
            words[MAX_WORDS].start(),
            len(body),
        )
    ]


def _greeting(body: str, facts: CheckInput) -> list[Finding]:
    found = [
        Finding(
            "generic_greeting",
            f'Generic greeting "{m.group(0)}": greet them by name.',
            "body",
            m.start(),
            m.end(),
        )
        for m in _spans(_GENERIC_GREETINGS, body)
    ]
    names = [n for n in facts.contact_name.split() if len(n) > 1]
    first = next((line for line in body.splitlines() if line.strip()), "")
    if names and first and not found and not any(n.lower() in first.lower() for n in names):
        start = body.index(first)
        found.append(
            Finding(
                "no_name",
                f"The greeting does not name {facts.contact_name}.",
                "body",
                start,
                start + len(first),
            )
        )
    return found


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s'-]", " ", text.lower()).split())


_STOP_WORDS = (
    "about after again their there these those which while would could should thing things "
    "where other under interview"
)
_STOP = frozenset(_STOP_WORDS.split())


def _mentions(body: str, detail: str) -> bool:
    text, phrase = _normal(body), _normal(detail)
    if not phrase:
        return False
    if phrase in text:
        return True
    words = {w for w in phrase.split() if len(w) >= 5 and w not in _STOP}
    found = {w for w in words if re.search(rf"\b{re.escape(w)}\b", text)}
    return len(found) >= min(2, len(words)) and bool(found)


def _detail(body: str, facts: CheckInput) -> list[Finding]:
    if facts.kind in NO_DETAIL_NEEDED:
        return []
    if not facts.details:
        why = (
            "your notes for this interview are empty"
            if facts.has_interview
            else ("no interview is recorded")
        )
        return [Finding("no_detail", f"Nothing specific from the interview ({why}).")]
    if any(_mentions(body, d) for d in facts.details):
        return []
    return [
        Finding(
            "no_detail",
            "Nothing specific from the interview: mention a topic, a challenge or their words.",
        )
    ]


def _placeholders(part: str, text: str) -> list[Finding]:
    found = []
    for m in _spans(_GAP, text):
        found.append(
            Finding(
                "gap",
                f"No value for {m.group(1)}: add it, or edit the text.",
                part,
                m.start(),
                m.end(),
            )
        )
    for m in _spans(_FILL, text):
        found.append(
            Finding("fill_in", f"Write this part yourself: {m.group(1)}.", part, m.start(), m.end())
        )
    for m in _spans(_PLACEHOLDERS, text):
        found.append(
            Finding(
                "placeholder",
                f'Leftover placeholder "{m.group(0)[:40]}".',
                part,
                m.start(),
                m.end(),
            )
        )
    return found


def _informal(part: str, text: str) -> list[Finding]:
    found = []
    for m in _spans(_EMOJI, text):
        found.append(
            Finding(
                "informal",
                f'Emoji or emoticon "{m.group(0)}": leave it out.',
                part,
                m.start(),
                m.end(),
            )
        )
    for pattern in (_TEXT_SPEAK, _SHORT_SPEAK):
        for m in _spans(pattern, text):
            found.append(
                Finding(
                    "informal", f'Slang or text-speak "{m.group(0)}".', part, m.start(), m.end()
                )
            )
    for m in _spans(_SHOUTING, text):
        found.append(
            Finding("informal", f'"{m.group(0)}" reads as shouting.', part, m.start(), m.end())
        )
    return found


def _competing_offer(part: str, text: str) -> list[Finding]:
    return [
        Finding(
            "competing_offer",
            f'"{m.group(0)}": only mention another offer you have in writing. Is it real?',
            part,
            m.start(),
            m.end(),
        )
        for m in _spans(_COMPETING_OFFER, text)
    ]


def _subject(subject: str, facts: CheckInput) -> list[Finding]:
    if facts.kind in NO_SUBJECT:
        return []
    whole = (0, len(subject))
    if not subject.strip():
        return [Finding("subject", "The subject is empty.", "subject", *whole)]
    if not facts.kind.startswith("thank_you"):
        return []
    found = []
    if not _THANK_YOU.search(subject):
        found.append(Finding("subject", 'The subject should say "Thank You".', "subject", *whole))
    if facts.role and facts.role.lower() not in subject.lower():
        found.append(
            Finding(
                "subject", f"The subject should name the role ({facts.role}).", "subject", *whole
            )
        )
    names = [n for n in facts.candidate_name.split() if len(n) > 1]
    if names and not any(n.lower() in subject.lower() for n in names):
        found.append(
            Finding(
                "subject",
                f"The subject should carry your name ({facts.candidate_name}).",
                "subject",
                *whole,
            )
        )
    return found


def _without_names(text: str, name: str) -> str:
    for part in sorted({name, *name.split()}, key=len, reverse=True):
        if len(part) > 1:
            text = re.sub(re.escape(part), "<person>", text, flags=re.IGNORECASE)
    return " ".join(text.split())


def _changed_chars(a: str, b: str) -> int:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )


def _same_as_panel(body: str, facts: CheckInput) -> list[Finding]:
    mine = _without_names(body, facts.contact_name)
    for name, other in facts.siblings:
        theirs = _without_names(other, name)
        if mine == theirs or _changed_chars(mine, theirs) < 25:
            return [
                Finding(
                    "same_as_panel",
                    f"Nearly the same text as the note to {name}: make each panel note personal.",
                )
            ]
    return []


def check_message(subject: str, body: str, facts: CheckInput) -> list[Finding]:
    """Every finding for one message, subject first, then the body in reading order."""
    found = _subject(subject, facts)
    for part, text in (("subject", subject), ("body", body)):
        found += _placeholders(part, text) + _informal(part, text) + _competing_offer(part, text)
    found += _too_long(body, facts.kind) + _greeting(body, facts) + _detail(body, facts)
    found += _same_as_panel(body, facts)
    order = {"subject": 0, "body": 1}
    return sorted(found, key=lambda f: (order[f.part], f.start if f.start is not None else 1e9))
