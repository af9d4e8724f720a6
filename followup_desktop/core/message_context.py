"""What a template can say: its variables, built from the domain objects of one message.

Text from the notes form is tidied for use inside a sentence (runs of spaces and line breaks
collapsed, a trailing full stop dropped, quotes around "their words" removed: the templates
add their own). A field with nothing recorded is a :class:`Gap`: it prints as a visible
``«missing: interview.challenges»`` that the checks flag, and it is false in ``{% if %}``, so a
template can leave a sentence out instead. Dates are written in words in the zone the
interview happened in (its own zone, else the employer's, else the user's).

Private notes (questions and how they went, feedback cues, self-assessment) are deliberately
not offered to templates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from followup_desktop.core import message_dates
from followup_desktop.core.message_compose import AND_WORDS, NAMES_KEY, context_names
from followup_desktop.core.message_values import Fields, Gap
from followup_desktop.core.model import (
    Application,
    Company,
    Contact,
    Interview,
    InterviewFormat,
    InterviewNotes,
    Profile,
)

MAX_FIELD = 2_000  # characters of one notes field offered to a template
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: Interview formats as an adjective: "our video interview", "the in-person interview".
FORMAT_WORDS = {
    InterviewFormat.PHONE: "phone",
    InterviewFormat.VIDEO: "video",
    InterviewFormat.IN_PERSON: "in-person",
    InterviewFormat.PANEL: "panel",
    InterviewFormat.FINAL_ROUND: "final-round",
}
#: The same, as the German and French templates use them: "unser Gespräch per Video",
#: "notre entretien en visio".
FORMAT_PHRASES: dict[str, dict[InterviewFormat, str]] = {
    "de": {
        InterviewFormat.PHONE: "am Telefon",
        InterviewFormat.VIDEO: "per Video",
        InterviewFormat.IN_PERSON: "vor Ort",
        InterviewFormat.PANEL: "mit dem Panel",
        InterviewFormat.FINAL_ROUND: "in der letzten Runde",
    },
    "fr": {
        InterviewFormat.PHONE: "téléphonique",
        InterviewFormat.VIDEO: "en visio",
        InterviewFormat.IN_PERSON: "en personne",
        InterviewFormat.PANEL: "en panel",
        InterviewFormat.FINAL_ROUND: "de dernière étape",
    },
}
_HONORIFICS = {"dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame"}
_HONORIFICS |= {"frau", "herr", "madame", "mme", "monsieur", "m", "mlle"}

#: Every variable a template may use, with what it holds (the variables panel lists these).
VARIABLES: tuple[tuple[str, str], ...] = (
    ("salutation", "the greeting, e.g. Dear Dana / Sehr geehrte Frau Lee / Madame"),
    ("contact.first_name", "first name of the person the message goes to"),
    ("contact.last_name", "their last name"),
    ("contact.name", "their full name"),
    ("contact.title", "their job title"),
    ("contact.email", "their email address"),
    ("company.name", "the employer"),
    ("role", "the job title you applied for"),
    ("interview.day", "weekday and date in words, e.g. Friday 20 November"),
    ("interview.weekday", "the weekday, e.g. Friday"),
    ("interview.date", "the date with the year, e.g. 20 November 2026"),
    ("interview.format", "phone, video, in-person, panel or final-round"),
    ("interview.round", "the interview round number"),
    ("interview.with", "the interviewers' names, e.g. Dana Lee and Omar Haddad"),
    ("interview.interviewers", "the interviewers' names as a list (for loops)"),
    ("interview.topics", "topics and projects discussed"),
    ("interview.topic", "the first topic"),
    ("interview.challenges", "challenges or goals they mentioned"),
    ("interview.challenge", "the first challenge"),
    ("interview.their_words", "their own words worth echoing (without quotes)"),
    ("interview.highlights", "key moments and highlights"),
    ("interview.unaddressed", "what was left unaddressed"),
    ("interview.next_steps", "next steps and the timeline they gave"),
    ("discussed", "what was discussed with this interviewer"),
    (
        "mentions",
        "which of the interview's notes this message brings up: all, except on a panel, "
        "where each note goes to one interviewer only",
    ),
    ("decision_date", "the stated decision date in words"),
    ("decision_passed", "true once the stated decision date has passed"),
    ("candidate.name", "your full name"),
    ("candidate.first_name", "your first name"),
    ("candidate.phone", "your phone number"),
    ("candidate.email", "your email address"),
    ("candidate.linkedin", "your LinkedIn link"),
    ("candidate.portfolio", "your first link that is not LinkedIn"),
    ("candidate.links", "all your links as a list (for loops)"),
    ("signature", "your name, phone and links, one per line"),
    ("language", "the message's language: en, de or fr"),
    ('fill("...")', "a spot you must write yourself; it is flagged until you do"),
)


@dataclass(frozen=True, slots=True)
class MessageFacts:
    """Everything one message is about: who writes, to whom, for which application."""

    profile: Profile
    application: Application
    company: Company | None = None
    interview: Interview | None = None
    contact: Contact | None = None
    #: The interview's interviewers by contact id (for names and panel checks).
    people: dict[str, Contact] = field(default_factory=dict)
    #: When the message is written (the caller's clock): "yesterday", "this morning".
    now: datetime = field(kw_only=True)
    #: The language the message is written in (core/languages.LANGUAGES).
    language: str = field(default="en", kw_only=True)

    def for_contact(self, contact: Contact | None) -> MessageFacts:
        return replace(self, contact=contact)

    def interviewers(self) -> list[Contact]:
        if self.interview is None:
            return []
        return [self.people[c] for c in self.interview.interviewers if c in self.people]


_SPACES = re.compile(r"[^\S\u00a0\u202f]+")


def clean(text: str | None) -> str:
    """Notes text ready to sit inside a sentence (one line, no trailing full stop)."""
    if not text:
        return ""
    # Runs of spaces collapse, but a no-break space stays (French puts one before ":" and
    # inside « »).
    lines = (_SPACES.sub(" ", line).strip(" ").rstrip(" ;") for line in text.splitlines())
    joined = "; ".join(line for line in lines if line)[:MAX_FIELD]
    return joined.rstrip(" .;,:").strip()


def unquote(text: str) -> str:
    quotes = "\"'“”‘’«»"
    while len(text) > 1 and text[0] in quotes and text[-1] in quotes:
        text = text[1:-1].strip()
    return text


def first_item(text: str) -> str:
    """The first of several items separated by ';', ' / ' or line breaks."""
    return re.split(r";|\n|\s/\s", text, maxsplit=1)[0].strip().rstrip(" .,:")


def first_name(name: str | None) -> str:
    words = [w for w in (name or "").split() if w.rstrip(".").lower() not in _HONORIFICS]
    return words[0] if words else ""


def last_name(name: str | None) -> str:
    words = [w for w in (name or "").split() if w.rstrip(".").lower() not in _HONORIFICS]
    return words[-1] if len(words) > 1 else ""


def names_text(names: list[str], language: str = "en") -> str:
    """'Dana', 'Dana and Omar', 'Dana, Omar and Priya' (with "und" / "et")."""
    word = f" {AND_WORDS.get(language, 'and')} "
    if len(names) <= 2:
        return word.join(names)
    return ", ".join(names[:-1]) + word + names[-1]


def salutation(contact: Contact | None, language: str) -> str:
    """The greeting of a message to ``contact``, without its comma.

    English greets by first name ("Dear Dana"). A German or French letter greets by form of
    address and surname when it is known ("Sehr geehrte Frau Lee", "Madame"), and otherwise by
    the full name, the neutral form both languages use ("Guten Tag Dana Lee", "Bonjour Dana Lee").
    """
    name = clean(contact.name if contact else None)
    form = contact.address_as if contact else ""
    surname = last_name(name) or name
    if language == "de":
        if name and form == "ms":
            return f"Sehr geehrte Frau {surname}"
        if name and form == "mr":
            return f"Sehr geehrter Herr {surname}"
        return f"Guten Tag {name}" if name else "Guten Tag"
    if language == "fr":
        if form == "ms":
            return "Madame"
        if form == "mr":
            return "Monsieur"
        return f"Bonjour {name}" if name else "Madame, Monsieur"
    first = first_name(name)
    return f"Dear {first}" if first else str(Gap("contact.first_name"))


def day_words(day: date, *, weekday: bool = True, year: bool = False) -> str:
    text = f"{day.day} {MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def _zone(*names: str | None) -> tzinfo:
    for name in names:
        if name:
            try:
                return ZoneInfo(name)
            except (ValueError, OSError, KeyError):
                continue
    return UTC


def _text(value: str | None, path: str) -> str:
    value = clean(value)
    return value if value else Gap(path)


def _candidate(profile: Profile) -> Fields:
    links = [link.strip() for link in profile.links if link and link.strip()][:5]
    linkedin = next((link for link in links if "linkedin." in link.lower()), "")
    portfolio = next((link for link in links if link != linkedin), "")
    return Fields(
        "candidate",
        {
            "name": _text(profile.name, "candidate.name"),
            "first_name": first_name(profile.name) or Gap("candidate.first_name"),
            "phone": _text(profile.phone, "candidate.phone"),
            "email": _text(profile.email, "candidate.email"),
            "links": links,
            "linkedin": linkedin or Gap("candidate.linkedin"),
            "portfolio": portfolio or Gap("candidate.portfolio"),
        },
    )


def signature(profile: Profile) -> str:
    """Name, phone and links, one per line (a missing name shows as a gap)."""
    lines = [clean(profile.name) or str(Gap("candidate.name"))]
    lines += [p for p in (clean(profile.phone),) if p]
    lines += [link.strip() for link in profile.links if link and link.strip()][:3]
    return "\n".join(lines)


def _format_words(interview: Interview | None, language: str) -> str:
    if interview is None or not interview.format:
        return Gap("interview.format")
    words = FORMAT_PHRASES.get(language, FORMAT_WORDS)
    return words.get(interview.format, str(interview.format))


def _interview(facts: MessageFacts, zone: tzinfo) -> Fields:
    iv, lang = facts.interview, facts.language
    notes = iv.notes if iv is not None else InterviewNotes()
    names = [p.name for p in facts.interviewers() if p.name]
    values: dict[str, Any] = {
        "interviewers": names,
        "with": names_text(names, lang) or Gap("interview.with"),
        "round": iv.round if iv is not None and iv.round else Gap("interview.round"),
        "format": _format_words(iv, lang),
    }
    if iv is not None:
        day = iv.starts_at.astimezone(zone).date()
        values |= {
            "day": message_dates.day_words(day, lang),
            "weekday": message_dates.weekday_name(day, lang),
            "date": message_dates.day_words(day, lang, weekday=False, year=True),
        }
    else:
        values |= {k: Gap(f"interview.{k}") for k in ("day", "weekday", "date")}
    for name in ("highlights", "topics", "challenges", "unaddressed", "next_steps"):
        values[name] = _text(getattr(notes, name), f"interview.{name}")
    values["their_words"] = unquote(clean(notes.their_words)) or Gap("interview.their_words")
    values["topic"] = first_item(clean(notes.topics)) or Gap("interview.topic")
    values["challenge"] = first_item(clean(notes.challenges)) or Gap("interview.challenge")
    return Fields("interview", values)


#: Interview-wide notes a message may bring up, in the order they are shared out on a panel.
SHARED_NOTES = ("challenges", "highlights", "their_words", "unaddressed", "topics")


def mentions(facts: MessageFacts) -> list[str]:
    """The interview-wide notes the message to ``facts.contact`` brings up.

    Everything for a one-to-one interview (or someone who was not on the panel). On a panel,
    the notes that were recorded are dealt out in turn, so no two panel members get the same
    sentence about the same note (they compare notes).
    """
    iv, contact = facts.interview, facts.contact
    if iv is None:
        return list(SHARED_NOTES)
    people = [c for c in iv.interviewers if c in facts.people]
    if contact is None or contact.id not in people or len(people) < 2:
        return list(SHARED_NOTES)
    recorded = [name for name in SHARED_NOTES if clean(getattr(iv.notes, name))]
    turn = people.index(contact.id)
    return [name for n, name in enumerate(recorded) if n % len(people) == turn]


def employer_zone(facts: MessageFacts) -> tzinfo:
    company_zone = facts.company.timezone if facts.company else None
    interview_zone = facts.interview.timezone if facts.interview else None
    return _zone(interview_zone, company_zone, facts.profile.timezone)


def build_context(facts: MessageFacts) -> dict[str, Any]:
    """The variables of :data:`VARIABLES` for ``facts``."""
    zone = employer_zone(facts)
    contact = facts.contact
    decision = facts.application.decision_expected_by
    today = facts.now.astimezone(zone).date()
    discussed = ""
    if contact is not None and facts.interview is not None:
        discussed = facts.interview.interviewer_notes.get(contact.id, "")
    lang = facts.language
    decision_words = message_dates.day_words(decision, lang) if decision else None
    context: dict[str, Any] = {
        "language": lang,
        "salutation": salutation(contact, lang),
        "candidate": _candidate(facts.profile),
        "signature": signature(facts.profile),
        "contact": Fields(
            "contact",
            {
                "name": _text(contact.name if contact else None, "contact.name"),
                "first_name": first_name(contact.name if contact else None)
                or Gap("contact.first_name"),
                "last_name": last_name(contact.name if contact else None)
                or Gap("contact.last_name"),
                "title": _text(contact.title if contact else None, "contact.title"),
                "email": _text(contact.email if contact else None, "contact.email"),
            },
        ),
        "company": Fields(
            "company",
            {"name": _text(facts.company.name if facts.company else None, "company.name")},
        ),
        "role": _text(facts.application.role, "role"),
        "interview": _interview(facts, zone),
        "discussed": _text(discussed, "discussed"),
        "mentions": mentions(facts),
        "decision_date": decision_words or Gap("decision_date"),
        "decision_passed": bool(decision and decision < today),
    }
    context[NAMES_KEY] = context_names(context)  # read by every note filter of the message
    return context


def interview_details(facts: MessageFacts) -> list[str]:
    """The specifics a good message mentions (for the "no specific detail" check)."""
    iv = facts.interview
    if iv is None:
        return []
    texts = [
        iv.notes.topics,
        iv.notes.challenges,
        iv.notes.their_words,
        iv.notes.highlights,
        iv.notes.unaddressed,
    ]
    if facts.contact is not None:
        texts.append(iv.interviewer_notes.get(facts.contact.id, ""))
    phrases = []
    for text in texts:
        phrases += [unquote(p.strip(" .")) for p in re.split(r"[;\n]", clean(text))]
    return [p for p in phrases if len(p) >= 3]


def example_facts(profile: Profile, now: datetime) -> MessageFacts:
    """A made-up interview to preview templates with before any real one is recorded."""
    when = (now - timedelta(days=1)).replace(hour=15, minute=0, second=0, microsecond=0)
    company = Company("example", "Example Labs", "America/New_York")
    app = Application("example-app", "example", "Software Engineer", contact="jordan")
    people = {
        "jordan": Contact("jordan", "example", "Jordan Rivera", "Engineering Manager", "j@ex.org"),
        "sam": Contact("sam", "example", "Sam Okafor", "Senior Engineer", "sam@ex.org"),
    }
    interview = Interview(
        "example-interview",
        "example-app",
        when,
        format=InterviewFormat.VIDEO,
        interviewers=["jordan", "sam"],
        notes=InterviewNotes(
            topics="Moving the billing service to events; on-call rotations",
            challenges="Slow releases caused by a flaky test suite",
            their_words='"small steps, shipped often"',
            highlights="Sketched a retry queue together",
        ),
        interviewer_notes={"jordan": "How the team plans its quarter", "sam": "Test flakiness"},
    )
    return MessageFacts(profile, app, company, interview, people["jordan"], people, now=now)
