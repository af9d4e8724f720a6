"""What a mail message says: its new text, whether a machine sent it, and a stage it hints at.

Plain strings in, plain values out: the callers take the headers and the text from a parsed
message (core/mail_files.py or IMAP) and pass them here. No Qt, no SQL.

- ``reply_text``: the reply without the quoted thread and, where that is safe, without the
  signature. ``mail-parser-reply`` finds most thread headers; our own line rules catch what it
  misses (and what it would cut too eagerly: its signature rule drops everything after a line
  that merely starts with "Thanks,").
- ``is_auto_reply``: RFC 3834 and the headers and subjects of out-of-office mail and newsletters.
- ``stage_cue``: a rejection or an offer in English, German or French. It only suggests; the
  user confirms. The phrases are whole turns of phrase, never a lone word like "offer".
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Any, Literal

# --- reply_text ------------------------------------------------------------------------------

#: The languages whose thread headers mail-parser-reply looks for.
_PARSER_LANGUAGES = ["en", "de", "fr"]

_QUOTED = re.compile(r"^\s*>")
#: "On … wrote:", "Am … schrieb …:", "Le … a écrit :", on one line or wrapped over up to three.
_WROTE = re.compile(
    r"^(?:on|am|le)\s.{0,300}?(?:\swrote|\sschrieb\b.{0,200}?|\sa\s+écrit)\s*:$",
    re.IGNORECASE,
)
#: Separators that start a forwarded or quoted original.
_SEPARATOR = re.compile(
    r"^(?:-{2,}\s*(?:original message|ursprüngliche nachricht|originalnachricht|"
    r"message d'origine|forwarded message|weitergeleitete nachricht|message transféré)\s*-{2,}"
    r"|_{20,}|-{20,}|begin forwarded message:|anfang der weitergeleiteten nachricht:"
    r"|début du message réexpédié :)$",
    re.IGNORECASE,
)
#: The first line of an Outlook header block ("From:", "Von:", "De :"), optionally in bold (*).
_HEADER_FROM = re.compile(r"^\*?(?:from|von|de|expéditeur)\s?:\*?\s*\S", re.IGNORECASE)
#: The lines that follow it.
_HEADER_NEXT = re.compile(
    r"^\*?(?:sent|date|to|subject|cc|gesendet|datum|an|betreff|envoyé|à|objet)\s?:\*?",
    re.IGNORECASE,
)
#: RFC 3676 signature delimiter ("-- "); lines are stripped, so "--".
_SIGNATURE_DELIMITER = "--"
#: A line that is only a closing ("Best regards," "Mit freundlichen Grüßen", "Cordialement").
_CLOSING = re.compile(
    r"^(?:(?:best|kind|warm|warmest|many|with best)\s+regards|regards|best wishes|best|cheers|"
    r"thanks|thank you|many thanks|thanks again|sincerely|yours sincerely|yours faithfully|"
    r"yours truly|all the best|"
    r"mit freundlichen grüßen|mit freundlichen grüssen|freundliche grüße|freundliche grüsse|"
    r"(?:viele|beste|liebe|herzliche|schöne)\s+grüße|(?:viele|beste|liebe|herzliche)\s+grüsse|"
    r"grüße|gruß|mfg|lg|vg|"
    r"cordialement|bien cordialement|très cordialement|bien à vous|salutations|"
    r"sincères salutations|bien sincèrement|bonne journée|à bientôt|merci)[\s,.!]*$",
    re.IGNORECASE,
)
#: Lines a phone or a mail client adds at the end.
_SENT_FROM = re.compile(
    r"^(?:sent from my\b|get outlook for\b|gesendet von meinem\b|von meinem .* gesendet$|"
    r"envoyé de mon\b|envoyé depuis mon\b)",
    re.IGNORECASE,
)
#: At most this many lines after a closing count as a signature (name, title, company, phone).
_MAX_SIGNATURE_LINES = 7
#: Signature lines are short; a long line after a closing is more text, not a signature.
_MAX_SIGNATURE_LINE_LENGTH = 80


def reply_text(body: str) -> str:
    """The new text of a reply: no quoted thread, no signature where that is safe.

    The result is never longer than ``body``, has no trailing blank lines and is empty only
    when the message holds no new text (a bare forward, an empty body).
    """
    lines = [line.strip() for line in body.splitlines()]
    if not any(lines):
        return ""
    # The parser's cut first; our rules alone when it finds nothing above a thread header.
    result = _new_text(_parser_top(lines) or []) or _new_text(lines)
    if not result:
        result = _tidy(_interleaved_answers(lines))
    if len(result) > len(body):  # cannot happen today; the promise holds even if rules change
        return body.strip()[: len(body)]
    return result


def _new_text(lines: list[str]) -> str:
    """The text above the first thread header in ``lines``, quotes and signature removed."""
    start = _history_start(lines)
    new = [line for line in lines[:start] if not _QUOTED.match(line)]
    return _tidy(_without_signature(new))


def _parser_top(lines: list[str]) -> list[str] | None:
    """The lines above the first thread header mail-parser-reply finds, or None if it fails."""
    text = "\n".join(lines)
    try:
        module = importlib.import_module("mailparser_reply")
        parser: Any = module.EmailReplyParser(languages=list(_PARSER_LANGUAGES))
        replies: Any = parser.read(text).replies
        if not replies:
            return None
        first = replies[0]
        if str(first.headers or ""):
            return []  # the message starts with a thread header: no new text above it
        content = str(first.content)
    except Exception:  # a third-party parser must never stop a mail scan; our rules remain
        return None
    position = text.find(content)
    if position < 0:
        return None
    return text[: position + len(content)].split("\n")


def _history_start(lines: list[str]) -> int:
    """The index of the first line of the quoted thread, or ``len(lines)`` if there is none."""
    for index, line in enumerate(lines):
        if not line:
            continue
        if _SEPARATOR.match(line) or _is_wrote_line(lines, index):
            return index
        if _HEADER_FROM.match(line) and _header_follows(lines, index):
            return index
        if _QUOTED.match(line) and _quoted_to_end(lines, index):
            return index
    return len(lines)


def _is_wrote_line(lines: list[str], index: int) -> bool:
    """Whether an "On … wrote:" line starts here (clients wrap it over up to three lines)."""
    if not re.match(r"^(?:on|am|le)\s", lines[index], re.IGNORECASE):
        return False
    joined = ""
    for line in lines[index : index + 3]:
        joined = f"{joined} {line}".strip()
        if _WROTE.match(joined):
            return True
    return False


def _header_follows(lines: list[str], index: int) -> bool:
    """Whether a "From:" line is followed by another header line (Sent:, To:, Subject: …)."""
    following = [line for line in lines[index + 1 : index + 4] if line]
    return bool(following) and _HEADER_NEXT.match(following[0]) is not None


def _quoted_to_end(lines: list[str], index: int) -> bool:
    """Whether every non-blank line from ``index`` on is quoted (bottom quoting, no header)."""
    return all(not line or _QUOTED.match(line) for line in lines[index:])


def _without_signature(lines: list[str]) -> list[str]:
    """``lines`` without a trailing signature, when one is clearly marked and text remains."""
    while lines and (not lines[-1] or _SENT_FROM.match(lines[-1])):
        lines = lines[:-1]
    for index, line in enumerate(lines):
        if line == _SIGNATURE_DELIMITER and _has_text(lines[:index]):
            return lines[:index]
    for index in range(len(lines) - 1, -1, -1):
        if not _CLOSING.match(lines[index]):
            continue
        after = [line for line in lines[index + 1 :] if line]
        short = all(len(line) <= _MAX_SIGNATURE_LINE_LENGTH for line in after)
        if len(after) <= _MAX_SIGNATURE_LINES and short and _has_text(lines[:index]):
            return lines[:index]
        break
    return lines


def _has_text(lines: list[str]) -> bool:
    """Whether ``lines`` hold more than a greeting: cutting below them keeps the message."""
    filled = [line for line in lines if line]
    return len(filled) >= 2 or (len(filled) == 1 and len(filled[0]) > 25)


def _interleaved_answers(lines: list[str]) -> list[str]:
    """Answers written between quoted lines below an "On … wrote:" line (inline replies)."""
    answers: list[str] = []
    seen_quote = False
    for index, line in enumerate(lines):
        if _QUOTED.match(line):
            seen_quote = True
            continue
        if _is_wrote_line(lines, index) or _SEPARATOR.match(line):
            if answers:
                break
            continue
        if seen_quote:
            answers.append(line)
    return _without_signature(answers)


def _tidy(lines: list[str]) -> str:
    """The lines as text: no blank lines at either end, at most one blank line in a row."""
    kept: list[str] = []
    for line in lines:
        if not line and (not kept or not kept[-1]):
            continue
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)


# --- is_auto_reply ---------------------------------------------------------------------------

#: Precedence values that mean "no person wrote this to you" (RFC 2076, RFC 3834 §3.1.8).
_MACHINE_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply", "auto-reply"})
#: Header values that mean "not automatic".
_NO = frozenset({"no", "false", "0"})
#: Subject prefixes a reply or forward adds before the automatic subject.
_SUBJECT_PREFIX = r"^(?:\s*(?:re|aw|fw|fwd|wg|tr|réf)\s?:\s*)*"
#: Phrases that mark an automatic subject anywhere in it.
_AUTO_SUBJECT_ANYWHERE = re.compile(
    r"\bout of (?:the )?office\b|\bautomatic reply\b|\bauto[- ]?reply\b|\bautoreply\b|"
    r"\bauto[- ]?response\b|\bautomatic response\b|\bon vacation\b|"
    r"\babwesenheitsnotiz\b|\bautomatische antwort\b|\bautomatische rückantwort\b|"
    r"\babsence du bureau\b|\babsent du bureau\b|\bréponse automatique\b|"
    r"\bmessage d'absence\b|\bhors du bureau\b",
    re.IGNORECASE,
)
#: Short markers that count only at the start of the subject ("Auto: Ihre Bewerbung").
_AUTO_SUBJECT_START = re.compile(
    _SUBJECT_PREFIX + r"(?:auto\s?:|ooo\b|au(?:ß|ss)er haus\b|abwesend\b|abwesenheit\s?:|"
    r"urlaub\s?:|absence\s?:|absent\s?:|congés?\s?:)",
    re.IGNORECASE,
)


def is_auto_reply(
    subject: str, auto_submitted: str, x_autoreply: str, precedence: str, list_id: str = ""
) -> bool:
    """Whether a machine sent this message: it never counts as the employer's reply.

    ``x_autoreply`` is the value of X-Autoreply or X-Autorespond (whichever is present);
    ``list_id`` the List-Id header: mailing lists and newsletters are never replies either.
    """
    submitted = re.split(r"[\s;(]", auto_submitted.strip().lower(), maxsplit=1)[0]
    if submitted and submitted != "no":
        return True
    autoreply = x_autoreply.strip().lower()
    if autoreply and autoreply not in _NO:
        return True
    if precedence.strip().lower() in _MACHINE_PRECEDENCE:
        return True
    if list_id.strip():
        return True
    normalised = " ".join(subject.replace("’", "'").split())
    return bool(_AUTO_SUBJECT_ANYWHERE.search(normalised) or _AUTO_SUBJECT_START.match(normalised))


# --- stage_cue -------------------------------------------------------------------------------

CueKind = Literal["rejection", "offer"]


@dataclass(frozen=True)
class Cue:
    """A message reads like a rejection or an offer: a suggestion the user confirms."""

    kind: CueKind
    #: The text that matched, as it stands in the message (whitespace collapsed).
    words: str
    #: "en", "de" or "fr": the language of the phrase that matched.
    language: str


def _sentence_without(excluded: str) -> str:
    """One character of a sentence that does not start ``excluded`` (a regex)."""
    return rf"(?:(?!{excluded})[^.!?])"


# Sentences that talk about moving or cancelling a date are not rejections of the application.
_NOT_RESCHEDULE_EN = _sentence_without(r"reschedul|postpone|cancel|delay|moved?\b|interview")
_NOT_RESCHEDULE_DE = _sentence_without(r"Termin|verschieb|verschob|verleg")
_NOT_RESCHEDULE_FR = _sentence_without(r"report|annul|décal|déplac|rendez-vous")
# An offer of an interview, a call or a chat is not a job offer.
_NOT_MEETING_EN = _sentence_without(r"interview|call\b|chat\b|meeting|conversation")
_NOT_MEETING_DE = _sentence_without(r"Gespräch|Termin|Interview|Telefonat")
_NOT_MEETING_FR = _sentence_without(r"entretien|rendez-vous|échange|appel")

#: Language -> the turns of phrase of a rejection in it.
_REJECTIONS: dict[str, tuple[str, ...]] = {
    "en": (
        r"\bdecided to (?:move|go) forward with (?:other|another|different)\b",
        r"\b(?:move|moving|go|going|proceed|proceeding) forward with "
        r"(?:other|another|different) (?:candidates?|applicants?|applications?)\b",
        r"\bunfortunately\b"
        + _NOT_RESCHEDULE_EN
        + r"{0,150}?(?:\bnot\b|n't\b)(?: be| to| going to| able to){0,2} "
        r"(?:moving|move|proceed|proceeding|going|go) forward\b",
        r"\bwe (?:regret|are sorry) to (?:inform|tell|let) you\b"
        + _NOT_RESCHEDULE_EN
        + r"{0,200}(?:[.!?]|$)",
        r"\bdecided (?:not to proceed|to pursue other candidates|"
        r"to proceed with (?:other|another) candidates?)\b",
        r"\bapplication (?:has|was|is|have|were)(?: not|n't)? (?:been )?unsuccessful\b",
        r"\bapplication (?:has|was)(?: not|n't) (?:been )?successful\b",
        r"\b(?:not be|unable to|not able to|cannot|can't) (?:be )?"
        r"offer(?:ing)? you (?:the|this|a) (?:position|role|job)\b",
        r"\b(?:position|role) has (?:now )?been filled\b",
    ),
    "de": (
        r"\bleider\b" + _NOT_RESCHEDULE_DE + r"{0,200}?\b(?:für|fuer) "
        r"(?:einen anderen|eine andere|andere) (?:Kandidat|Bewerber|Bewerbung)\w*"
        r"(?:[^.!?]{0,30}?\bentschieden)?",
        r"\bleider\b" + _NOT_RESCHEDULE_DE + r"{0,120}?\b(?:eine |unsere )?Absage\b",
        r"\bAbsage (?:auf|zu|für) Ihre(?:r)? Bewerbung\b",
        r"\bBewerbung\b" + _NOT_RESCHEDULE_DE + r"{0,120}?\bleider nicht "
        r"(?:weiter )?(?:berücksichtigen|berücksichtigt)\b",
        r"\bnicht in die engere (?:Aus)?[Ww]ahl\b",
        r"\b(?:(?:müssen|muss) (?:wir|ich)|(?:wir|ich) (?:müssen|muss)) Ihnen leider mitteilen\b"
        + _NOT_RESCHEDULE_DE
        + r"{0,200}(?:[.!?]|$)",
        r"\bStelle\b[^.!?]{0,60}?\banderweitig (?:besetzt|vergeben)\b",
    ),
    "fr": (
        r"\b(?:nous avons le|nous sommes au) regret de vous "
        r"(?:informer|annoncer|faire part|faire savoir)\b"
        + _NOT_RESCHEDULE_FR
        + r"{0,200}(?:[.!?]|$)",
        r"\bne (?:donnerons|pouvons|pourrons|pouvions|souhaitons) pas "
        r"(?:donner )?(?:une )?suite (?:favorable )?(?:à votre candidature)?",
        r"\b(?:retenu|choisi|privilégié) (?:une autre candidature|"
        r"un autre candidat|une autre candidate|d'autres candidat(?:ure)?s)\b",
        r"\bcandidature n'a pas été retenue\b",
    ),
}
#: Language -> the turns of phrase of a job offer in it.
_OFFERS: dict[str, tuple[str, ...]] = {
    "en": (
        r"\b(?:pleased|happy|delighted|thrilled|excited|glad) to (?:formally )?"
        r"(?:offer|extend) you\b" + _NOT_MEETING_EN + r"{0,50}?"
        r"\b(?:position|role|job|post|employment|contract|offer)\b",
        r"\b(?:your|attached|enclosed|formal|written|official)\b[^.!?]{0,30}?\boffer letter\b",
        r"\boffer letter\b[^.!?]{0,20}?\b(?:attached|enclosed)\b",
        r"\bextend (?:you )?(?:a |an )?(?:formal )?(?:job )?offer\b",
        r"\bwould like to offer you (?:the|a|this) (?:position|role|job)\b",
    ),
    "de": (
        r"\bfreuen uns\b[^.!?]{0,80}?\bIhnen\b" + _NOT_MEETING_DE + r"{0,80}?"
        r"\b(?:Stelle|Position|Anstellung|Vertrag|Arbeitsvertrag|Job)\b[^.!?]{0,60}?\banbieten",
        r"\bVertragsangebot\b",
        r"\bfreuen uns\b" + _NOT_MEETING_DE + r"{0,80}?\bZusage\b",
    ),
    "fr": (
        r"\bpromesse d'embauche\b|\bproposition d'embauche\b",
        r"\b(?:heureux|heureuse|heureuses|ravis?|ravies?|le plaisir|l'honneur) "
        r"de vous (?:proposer|offrir)\b" + _NOT_MEETING_FR + r"{0,50}?"
        r"\b(?:poste|contrat|CDI|CDD|emploi|embauche|fonction)\b",
    ),
}

#: Rejections first: a rejection often says something kind, an offer rarely regrets anything.
_TABLES: tuple[tuple[CueKind, dict[str, tuple[str, ...]]], ...] = (
    ("rejection", _REJECTIONS),
    ("offer", _OFFERS),
)
_COMPILED: list[tuple[CueKind, str, re.Pattern[str]]] = [
    (kind, language, re.compile(pattern, re.IGNORECASE))
    for kind, table in _TABLES
    for language, patterns in table.items()
    for pattern in patterns
]


def stage_cue(text: str) -> Cue | None:
    """A rejection or offer the text reads like, or None; a rejection wins if both match.

    Pass the reply's own text (``reply_text``): the quoted thread may hold the user's words.
    """
    normalised = " ".join(text.replace("’", "'").replace("\u00a0", " ").split())
    for kind, language, pattern in _COMPILED:
        match = pattern.search(normalised)
        if match:
            return Cue(kind=kind, words=match.group(0).strip(), language=language)
    return None
