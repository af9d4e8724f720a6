"""Quality checks of a message (domain.md, "What a good message contains"): pure functions.

Each finding is one line for the user plus the character span of the offending words in the
subject or the body, so the editor and the draft dialog can highlight them, and, where one
exists, a fix: the text to put in place of those words (``Finding.fix``, ``Finding.apply``).
A check never blocks anything: the user decides. The phrases matched per language of the
message are in core/message_check_phrases.py.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache

from followup_desktop.core import message_dates
from followup_desktop.core.message_check_phrases import Phrases
from followup_desktop.core.message_compose import KEEPS_CAPITALS
from followup_desktop.core.message_context import (
    MessageFacts,
    employer_zone,
    first_name,
)
from followup_desktop.core.phrase_lists import phrases_for

MAX_WORDS = 200
MAX_SUBJECT = 78  # characters: longer subjects are cut off in most inboxes
LATE_AFTER = timedelta(hours=48)  # a thank-you later than this reads as a late note
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
    #: Text to put in place of ``start..end`` of that part ("" removes the words); None: no fix.
    fix: str | None = None

    def line(self) -> str:
        return self.message

    def apply(self, text: str) -> str:
        """``text`` (the subject or the body this finding is about) with the fix applied."""
        if self.fix is None or self.start is None or self.end is None:
            return text
        return text[: self.start] + self.fix + text[self.end :]


def apply_fixes(text: str, findings: Sequence[Finding], part: str = "body") -> str:
    """``text`` with every fix about ``part`` applied (overlapping ones: the first wins)."""
    fixes = sorted(
        (f for f in findings if f.part == part and f.fix is not None and f.start is not None),
        key=lambda f: f.start or 0,
    )
    kept: list[Finding] = []
    for f in fixes:
        if not kept or (f.start or 0) >= (kept[-1].end or 0):
            kept.append(f)
    for f in reversed(kept):
        text = f.apply(text)
    return text


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
    #: The message's language: which phrase lists apply (core/message_check_phrases.py).
    language: str = "en"
    #: What the addressee's own interviewer note says (their pronouns should be "you").
    addressee_note: str = ""
    #: The other interviewers' notes of the same interview: (name, note).
    other_notes: Sequence[tuple[str, str]] = ()
    #: When the interview ended (aware, in the employer's zone) and when the message is written.
    interview_at: datetime | None = None
    now: datetime | None = None
    #: The user's weekend days (0 = Monday): they do not count towards a late thank-you.
    weekend_days: tuple[int, ...] = (5, 6)


def for_message(inputs: CheckInput, facts: MessageFacts) -> CheckInput:
    """``inputs`` with what the newer checks need from ``facts`` (notes, interview time, now)."""
    iv, contact = facts.interview, facts.contact
    if iv is None:
        return replace(inputs, now=facts.now)
    zone = employer_zone(facts)
    own = iv.interviewer_notes.get(contact.id, "") if contact is not None else ""
    others = tuple(
        (facts.people[cid].name, note)
        for cid, note in iv.interviewer_notes.items()
        if note.strip() and cid in facts.people and (contact is None or cid != contact.id)
    )
    ended = iv.starts_at + timedelta(minutes=iv.duration_minutes or 0)
    return replace(
        inputs,
        addressee_note=own,
        other_notes=others,
        interview_at=ended.astimezone(zone),
        now=facts.now.astimezone(zone),
        weekend_days=tuple(facts.profile.weekend_days),
    )


_WORD = re.compile(r"\S*[^\W_]\S*")
_SHOUTING = re.compile(r"[!?]{2,}")
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


def word_count(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


def _spans(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    yield from pattern.finditer(text)


def _at(code: str, message: str, part: str, m: re.Match[str]) -> Finding:
    """A finding about the words ``m`` matched."""
    return Finding(code, message, part, m.start(), m.end())


def _too_long(body: str, kind: str) -> list[Finding]:
    if kind == "linkedin_note":
        if len(body) <= LINKEDIN_NOTE_LIMIT:
            return []
        why = f"{len(body)} characters: LinkedIn notes stop at {LINKEDIN_NOTE_LIMIT}."
        return [Finding("too_long", why, "body", LINKEDIN_NOTE_LIMIT, len(body))]
    words = list(_WORD.finditer(body))
    if len(words) <= MAX_WORDS:
        return []
    why = f"{len(words)} words: keep it under {MAX_WORDS}; the highlighted part is over."
    return [Finding("too_long", why, "body", words[MAX_WORDS].start(), len(body))]


def _greeting(body: str, facts: CheckInput, phrases: Phrases) -> list[Finding]:
    found = [
        _at("generic_greeting", f'Generic greeting "{m.group(0)}": greet them by name.', "body", m)
        for m in _spans(phrases.generic_greetings, body)
    ]
    names = [n for n in facts.contact_name.split() if len(n) > 1]
    first = next((line for line in body.splitlines() if line.strip()), "")
    addressed = phrases.addressed_greetings
    if addressed is not None and addressed.search(first):
        return found  # "Madame," names her as a French letter does
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


@lru_cache(maxsize=512)
def _words_of(text: str) -> tuple[str, frozenset[str]]:
    """``text`` normalised, and its words (also the parts of "on-call", "team's")."""
    normal = _normal(text)
    return normal, frozenset(normal.split()) | frozenset(re.split(r"[\s'-]+", normal))


@lru_cache(maxsize=512)
def _key_words(detail: str) -> tuple[str, frozenset[str]]:
    phrase = _normal(detail)
    return phrase, frozenset(w for w in phrase.split() if len(w) >= 5 and w not in _STOP)


def _mentions(body: str, detail: str) -> bool:
    (text, present), (phrase, words) = _words_of(body), _key_words(detail)
    if not phrase:
        return False
    if phrase in text:
        return True
    found = words & present
    return len(found) >= min(2, len(words)) and bool(found)


def _detail(body: str, facts: CheckInput) -> list[Finding]:
    if facts.kind in NO_DETAIL_NEEDED:
        return []
    if not facts.details:
        why = "your notes for this interview are empty" if facts.has_interview else ""
        why = why or "no interview is recorded"
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
    found = [
        _at("gap", f"No value for {m.group(1)}: add it, or edit the text.", part, m)
        for m in _spans(_GAP, text)
    ]
    found += [
        _at("fill_in", f"Write this part yourself: {m.group(1)}.", part, m)
        for m in _spans(_FILL, text)
    ]
    found += [
        _at("placeholder", f'Leftover placeholder "{m.group(0)[:40]}".', part, m)
        for m in _spans(_PLACEHOLDERS, text)
    ]
    return found


def _informal(part: str, text: str, phrases: Phrases) -> list[Finding]:
    found = [
        _at("informal", f'Emoji or emoticon "{m.group(0)}": leave it out.', part, m)
        for m in _spans(_EMOJI, text)
    ]
    for pattern in phrases.text_speak:
        found += [
            _at("informal", f'Slang or text-speak "{m.group(0)}".', part, m)
            for m in _spans(pattern, text)
        ]
    found += [
        _at("informal", f'"{m.group(0)}" reads as shouting.', part, m)
        for m in _spans(_SHOUTING, text)
    ]
    return found


def _competing_offer(part: str, text: str, phrases: Phrases) -> list[Finding]:
    claim = '"{}": only mention another offer you have in writing. Is it real?'
    return [
        _at("competing_offer", claim.format(m.group(0)), part, m)
        for m in _spans(phrases.competing_offer, text)
    ]


def _subject(subject: str, facts: CheckInput, phrases: Phrases) -> list[Finding]:
    if facts.kind in NO_SUBJECT:
        return []
    whole = (0, len(subject))
    if not subject.strip():
        return [Finding("subject", "The subject is empty.", "subject", *whole)]
    if not facts.kind.startswith("thank_you"):
        return []
    found = []
    if not phrases.thanks.search(subject):
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


def _changed_chars(a: str, b: str, enough: int) -> int:
    """About how many characters differ between ``a`` and ``b`` (compared word by word), or
    at least ``enough`` as soon as that is certain."""
    if abs(len(a) - len(b)) >= enough:
        return enough
    wa, wb = a.split(), b.split()
    common = sum((Counter(wa) & Counter(wb)).values())
    if max(len(wa), len(wb)) - common >= enough:
        return enough  # more words than that are in one text only
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=len(wb) > 400)
    return sum(
        max(len(" ".join(wa[i1:i2])), len(" ".join(wb[j1:j2])))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    )


def _same_as_panel(body: str, name: str, siblings: Sequence[tuple[str, str]]) -> list[Finding]:
    mine = _without_names(body, name)
    for other_name, other in siblings:
        theirs = _without_names(other, other_name)
        if mine == theirs or _changed_chars(mine, theirs, 25) < 25:
            return [
                Finding(
                    "same_as_panel",
                    f"Nearly the same text as the note to {other_name}: "
                    "make each panel note personal.",
                )
            ]
    return []


_SENTENCE = re.compile(r"[^.!?\n]*[^\s.!?][^.!?\n]*(?:[.!?]+|$)", re.MULTILINE)


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence or line of ``text``, without the spaces around it."""
    for m in _SENTENCE.finditer(text):
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        yield start, m.end()


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _shared_sentences(
    body: str, name: str, siblings: Sequence[tuple[str, str]], details: Sequence[str]
) -> list[Finding]:
    """Sentences about the interview's specifics that another panel member gets too (the
    template's fixed sentences are the same for everyone by design, and are left alone)."""
    theirs: dict[str, str] = {}
    for other_name, other in siblings:
        for s, e in _sentences(other):
            theirs.setdefault(_normal(_without_names(other[s:e], other_name)), other_name)
    found = []
    for s, e in _sentences(body):
        sentence = body[s:e]
        key = _normal(_without_names(sentence, name))
        if key not in theirs or len(key.split()) < 6:
            continue
        if any(_mentions(sentence, d) for d in details):
            found.append(
                Finding(
                    "same_sentence",
                    f'"{_short(sentence)}" is also in the note to {theirs[key]}: panel members '
                    "compare notes, so say it differently to each.",
                    "body",
                    s,
                    e,
                )
            )
    return found


def _panel(
    body: str, name: str, siblings: Sequence[tuple[str, str]], details: Sequence[str]
) -> list[Finding]:
    return _same_as_panel(body, name, siblings) or _shared_sentences(body, name, siblings, details)


def panel_findings(
    drafts: Sequence[tuple[str, str]], details: Sequence[str] = ()
) -> list[list[Finding]]:
    """For one interview's thank-yous, (interviewer's name, body) each: per draft, in the same
    order, the findings about text another panel member gets too (``details``: the interview's
    specifics, as :class:`CheckInput` has them)."""
    return [
        _panel(body, name, [d for j, d in enumerate(drafts) if j != i], details)
        for i, (name, body) in enumerate(drafts)
    ]


def _words_pattern(phrase: str) -> re.Pattern[str] | None:
    words = re.findall(r"[^\W_]+(?:['’][^\W_]+)?", phrase)
    if not words:
        return None
    joined = r"[\W_]+".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w){joined}(?!\w)", re.IGNORECASE)


def _fragments(note: str) -> list[str]:
    parts = re.split(r"[;\n]|(?<=[.!?])\s+", note)
    return [p.strip(" .,:\"'“”") for p in parts if len(p.split()) >= 3]


def _pasted_notes(body: str, facts: CheckInput) -> list[Finding]:
    """Text of another interviewer's note in this message (pasted into the wrong one?)."""
    reader = first_name(facts.contact_name) or "the person you write to"
    own = _normal(facts.addressee_note)
    shared = [_normal(d) for d in facts.details]
    found = []
    for name, note in facts.other_notes:
        for fragment in _fragments(note):
            key, pattern = _normal(fragment), _words_pattern(fragment)
            m = pattern.search(body) if pattern else None
            if m is None:
                continue
            if key in own:
                why = f"is also your note about {name}: write what you discussed with {reader}."
            elif any(key in d for d in shared):
                continue  # the interview's shared notes say it too
            else:
                why = f"is from your note about {name}: does it belong in the note to {reader}?"
            found.append(Finding("other_note", f'"{_short(m.group(0))}" {why}', "body", *m.span()))
    return found


def _pronouns(body: str, facts: CheckInput, phrases: Phrases) -> list[Finding]:
    """ "she"/"her" in sentences from the addressee's own note: they read it, so "you"/"your"."""
    note = facts.addressee_note
    reader = first_name(facts.contact_name)
    # The note is matched in any case: "Sie plant …" typed at a note's start is "she".
    in_note = {m.group("pronoun").lower() for m in _any_case(phrases.third_person).finditer(note)}
    if not reader or not in_note:
        return []
    pieces = _fragments(note) or [note]
    found = []
    for s, e in _sentences(body):
        sentence = body[s:e]
        if not any(_mentions(sentence, p) for p in pieces):
            continue
        for m in phrases.third_person.finditer(sentence):
            if m.group("pronoun").lower() not in in_note:
                continue
            fix = phrases.to_you(m.group("pronoun"), m.group("next") or "")
            found.append(
                Finding(
                    "pronoun",
                    f'"{m.group(0)}" speaks of {reader} in the third person, but {reader} '
                    f'reads this: write "{fix}".',
                    "body",
                    s + m.start(),
                    s + m.end(),
                    fix,
                )
            )
    return found


@lru_cache(maxsize=8)
def _any_case(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern, pattern.flags | re.IGNORECASE)


def _sentence_start(text: str, at: int, language: str = "en") -> bool:
    """Whether ``at`` starts a sentence. A German letter goes on in lower case after the
    greeting's comma ("Sehr geehrte Frau Lee,\n\nich möchte …")."""
    before = text[:at].rstrip(" \t")
    if language == "de" and before.rstrip("\n").endswith(","):
        return False
    return not before or before[-1] in ".!?\n"


def _sentence_case(fix: str, starts: bool, phrases: Phrases) -> str:
    """A capital at a sentence's start; elsewhere lower case, except in German, whose fixes are
    written with the capitals they need ("Ihnen", nouns)."""
    if starts:
        return fix[0].upper() + fix[1:]
    return fix if phrases.language in KEEPS_CAPITALS else fix[0].lower() + fix[1:]


def _needy(part: str, text: str, phrases: Phrases) -> list[Finding]:
    found: list[Finding] = []
    for needy in phrases.needy:
        for m in needy.pattern.finditer(text):
            start, end = m.span()
            if any(start < (f.end or 0) and (f.start or 0) < end for f in found):
                continue
            fix = m.expand(needy.fix)
            if fix and fix[:2] != "I ":
                fix = _sentence_case(fix, _sentence_start(text, start, phrases.language), phrases)
            words = m.group(0).strip(" ,;")
            instead = f'write "{fix}" instead' if fix else "leave it out"
            why = f'"{words}": {needy.why} Suggested: {instead}.'
            found.append(Finding("needy", why, part, start, end, fix))
    found.sort(key=lambda f: f.start or 0)
    for n, f in enumerate(found):  # words removed from a sentence's start: the next one leads
        end = f.end or 0
        if f.fix or not _sentence_start(text, f.start or 0) or end >= len(text):
            continue
        after = next((g for g in found[n + 1 :] if g.start == end), None)
        if after is not None and after.fix:
            fix = after.fix[0].upper() + after.fix[1:]
            message = after.message.replace(f'"{after.fix}"', f'"{fix}"')
            found[found.index(after)] = replace(after, fix=fix, message=message)
        elif after is None and text[end].islower():  # the fix takes in the next word
            word = re.match(r"[\w'’-]+", text[end:])
            stop = end + (word.end() if word else 1)
            found[n] = replace(f, end=stop, fix=text[end].upper() + text[end + 1 : stop])
    return found


def _long_subject(subject: str, facts: CheckInput) -> list[Finding]:
    if facts.kind in NO_SUBJECT or len(subject) <= MAX_SUBJECT:
        return []
    return [
        Finding(
            "subject_long",
            f"The subject has {len(subject)} characters: inboxes cut it after about "
            f"{MAX_SUBJECT}; the highlighted part may not be seen.",
            "subject",
            MAX_SUBJECT,
            len(subject),
        )
    ]


def _late(body: str, facts: CheckInput, phrases: Phrases) -> list[Finding]:
    at, now = facts.interview_at, facts.now
    if not facts.kind.startswith("thank_you") or at is None or now is None:
        return []
    elapsed = message_dates.working_time(at, now.astimezone(at.tzinfo), facts.weekend_days)
    if elapsed <= LATE_AFTER:  # a Friday interview thanked on Monday morning is on time
        return []
    day = message_dates.recent_day_words(
        at.date(), now.astimezone(at.tzinfo).date(), facts.language
    )
    opening = phrases.late_opening.format(day=day)
    days = elapsed.days
    why = (
        f"Written {days} days after the interview: a late thank-you is still worth sending; "
        f'open with "{opening}" and leave out any apology.'
    )
    for s, e in _sentences(body):
        if phrases.thanks.search(body[s:e]):
            if phrases.again.search(body[s:e]):
                return []  # already written as a late note
            return [Finding("late", why, "body", s, e, opening)]
    return [Finding("late", why)]


def check_message(subject: str, body: str, facts: CheckInput) -> list[Finding]:
    """Every finding for one message, subject first, then the body in reading order."""
    phrases = phrases_for(facts.language)
    found = _subject(subject, facts, phrases) + _long_subject(subject, facts)
    for part, text in (("subject", subject), ("body", body)):
        found += _placeholders(part, text) + _informal(part, text, phrases)
        found += _competing_offer(part, text, phrases) + _needy(part, text, phrases)
    found += _too_long(body, facts.kind) + _greeting(body, facts, phrases) + _detail(body, facts)
    found += _panel(body, facts.contact_name, facts.siblings, facts.details)
    found += _pasted_notes(body, facts) + _pronouns(body, facts, phrases)
    found += _late(body, facts, phrases)
    order = {"subject": 0, "body": 1}
    return sorted(found, key=lambda f: (order[f.part], f.start if f.start is not None else 1e9))
