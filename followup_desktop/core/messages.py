"""Message templates: the built-in files, the user's copies, which one a follow-up uses, and
rendering one into a checked draft.

A built-in template is a file ``templates/<kind>.txt``: a ``Subject:`` first line, a blank line,
then the body. The user's templates live in the database (:class:`Template`); one of the same
kind overrides the built-in ("reset to built-in" deletes it). Rendering goes through the sandbox
(core/message_sandbox.py) with the variables of core/message_context.py; the draft is then
checked (core/message_checks.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from followup_desktop.core.languages import LANGUAGES
from followup_desktop.core.message_checks import CheckInput, Finding, check_message, for_message
from followup_desktop.core.message_context import (
    MessageFacts,
    build_context,
    employer_zone,
    interview_details,
)
from followup_desktop.core.message_errors import TemplateProblem
from followup_desktop.core.message_sandbox import render
from followup_desktop.core.model import (
    Contact,
    FollowUp,
    FollowUpKind,
    InterviewFormat,
    Template,
    TemplateKind,
)

T = TemplateKind
#: What each kind is called in lists and menus.
KIND_NAMES: dict[str, str] = {
    T.THANK_YOU_PHONE: "Thank-you after a phone interview",
    T.THANK_YOU_VIDEO: "Thank-you after a video interview",
    T.THANK_YOU_IN_PERSON: "Thank-you after an in-person interview",
    T.THANK_YOU_PANEL: "Thank-you after a panel interview",
    T.CHECK_IN: "Brief check-in",
    T.STATUS_INQUIRY: "Status inquiry after the timeline",
    T.SECOND_FOLLOW_UP: "Second follow-up",
    T.STAY_IN_TOUCH: "Stay in touch",
    T.SHARE_UPDATE: "Sharing new information",
    T.REJECTION_REPLY: "Reply to a rejection",
    T.OFFER_ACCEPT: "Accepting an offer",
    T.OFFER_NEGOTIATE: "Negotiating an offer",
    T.OFFER_DECLINE: "Declining an offer",
    T.LINKEDIN_NOTE: "LinkedIn connection note",
    T.PHONE_SCRIPT: "Phone-call script",
}
THANK_YOU_KINDS = (T.THANK_YOU_PHONE, T.THANK_YOU_VIDEO, T.THANK_YOU_IN_PERSON, T.THANK_YOU_PANEL)
OFFER_KINDS = (T.OFFER_ACCEPT, T.OFFER_NEGOTIATE, T.OFFER_DECLINE)
_FORMAT_KINDS: dict[InterviewFormat | None, TemplateKind] = {
    InterviewFormat.PHONE: T.THANK_YOU_PHONE,
    InterviewFormat.VIDEO: T.THANK_YOU_VIDEO,
    InterviewFormat.PANEL: T.THANK_YOU_PANEL,
}
#: Follow-up kinds whose message is about the relationship: a LinkedIn note replaces the email
#: when the person has no address.
_LINKEDIN_ABLE = frozenset(
    {FollowUpKind.THANK_YOU, FollowUpKind.CHECK_IN, FollowUpKind.SECOND_FOLLOW_UP}
    | {FollowUpKind.STAY_IN_TOUCH}
)


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind) or kind.replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class MessageTemplate:
    """One template as the editor and the drafts use it, built-in or the user's."""

    key: str  # "file:<path>" for a built-in, "db:<id>" for the user's
    kind: str
    name: str
    subject: str
    body: str
    builtin: bool = False
    origin: str = ""
    body_line: int = 1  # the file line the body starts on (built-ins; for error messages)
    language: str = "en"  # one of core/languages.LANGUAGES

    @property
    def record_id(self) -> str | None:
        return self.key[3:] if self.key.startswith("db:") else None


def parse_template_file(text: str) -> tuple[str, str, int]:
    """(subject, body, the line the body starts on) of a template file's text."""
    lines = text.splitlines()
    subject, start = "", 0
    if lines and lines[0].lower().startswith("subject:"):
        subject = lines[0].split(":", 1)[1].strip()
        start = 1
        while start < len(lines) and not lines[start].strip():
            start += 1
    return subject, "\n".join(lines[start:]), start + 1


def template_file_text(subject: str, body: str) -> str:
    return f"Subject: {subject.strip()}\n\n{body.rstrip()}\n"


def builtin_files(folder: Path | None) -> list[Path]:
    """The template files shipped in ``folder`` (README and hidden files left out)."""
    if folder is None or not folder.is_dir():
        return []
    files = (
        p
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith((".", "README", "readme"))
    )
    return sorted(files, key=lambda p: str(p.relative_to(folder)).casefold())


def builtin_language(path: Path) -> str:
    """The language of a shipped file: its folder's name (``templates/de/``), else English."""
    return path.parent.name if path.parent.name in LANGUAGES else "en"


def read_builtin(path: Path, *, strict: bool = False) -> MessageTemplate:
    """A shipped template file (OSError, or UnicodeError when ``strict``)."""
    text = path.read_text(encoding="utf-8", errors="strict" if strict else "replace")
    subject, body, body_line = parse_template_file(text)
    language = builtin_language(path)
    shown = f"{language}/{path.name}" if language != "en" else path.name
    return MessageTemplate(
        f"file:{path}",
        path.stem,
        kind_name(path.stem),
        subject,
        body,
        builtin=True,
        origin=f"Built-in file {shown} (read-only)",
        body_line=body_line,
        language=language,
    )


def load_builtins(folder: Path | None) -> list[MessageTemplate]:
    """The readable built-ins, by language (English, German, French), then in the order of
    :class:`TemplateKind` (unknown kinds last)."""
    found = []
    for path in builtin_files(folder):
        try:
            found.append(read_builtin(path))
        except OSError:
            continue
    order = {kind.value: index for index, kind in enumerate(TemplateKind)}
    languages = {code: index for index, code in enumerate(LANGUAGES)}
    return sorted(
        found,
        key=lambda t: (languages.get(t.language, 0), order.get(t.kind, len(order)), t.kind),
    )


def from_record(template: Template) -> MessageTemplate:
    return MessageTemplate(
        f"db:{template.id}",
        template.kind,
        template.name,
        template.subject,
        template.body,
        origin="Your template, saved in your database",
        language=template.language or "en",
    )


def templates_for(
    kind: str,
    mine: list[MessageTemplate],
    builtins: list[MessageTemplate],
    language: str = "en",
) -> list[MessageTemplate]:
    """The templates of ``kind`` in ``language`` in the order they are offered: yours (by name),
    then the built-in; the English ones when nothing of that kind is in that language."""

    def offered(code: str) -> list[MessageTemplate]:
        own = [t for t in mine if t.kind == kind and t.language == code]
        own.sort(key=lambda t: (t.name.casefold(), t.key))
        return own + [t for t in builtins if t.kind == kind and t.language == code]

    return offered(language) or offered("en")


# --- which message a follow-up needs -------------------------------------------------------


def suggested_kind(followup: FollowUp, facts: MessageFacts) -> TemplateKind | None:
    """The template kind for ``followup``; None for a reminder that is not a message."""
    k = followup.kind
    contact = facts.contact
    if k == FollowUpKind.PHONE_CALL:
        return T.PHONE_SCRIPT
    if k == FollowUpKind.MOVE_ON_REVIEW:
        return None
    if k in _LINKEDIN_ABLE and contact is not None and not (contact.email or "").strip():
        return T.LINKEDIN_NOTE
    if k == FollowUpKind.THANK_YOU:
        iv = facts.interview
        if iv is not None and len(dict.fromkeys(iv.interviewers)) > 1:
            return T.THANK_YOU_PANEL
        return _FORMAT_KINDS.get(iv.format if iv else None, T.THANK_YOU_IN_PERSON)
    if k == FollowUpKind.CHECK_IN:
        decision = facts.application.decision_expected_by
        today = facts.now.astimezone(employer_zone(facts)).date()
        return T.STATUS_INQUIRY if decision and decision < today else T.CHECK_IN
    return {
        FollowUpKind.SECOND_FOLLOW_UP: T.SECOND_FOLLOW_UP,
        FollowUpKind.STAY_IN_TOUCH: T.STAY_IN_TOUCH,
        FollowUpKind.REJECTION_REPLY: T.REJECTION_REPLY,
        FollowUpKind.OFFER_REPLY: T.OFFER_ACCEPT,
    }.get(k)


def kind_choices(suggested: TemplateKind) -> list[TemplateKind]:
    """Every kind, the suggested one (and its close relatives) first."""
    groups = [THANK_YOU_KINDS, OFFER_KINDS, (T.CHECK_IN, T.STATUS_INQUIRY, T.SECOND_FOLLOW_UP)]
    near = next((g for g in groups if suggested in g), ())
    first = [suggested, *(k for k in near if k != suggested)]
    return first + [k for k in TemplateKind if k not in first]


# --- rendering -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """A rendered template and its findings; ``problem`` set when it could not be rendered."""

    template: MessageTemplate
    subject: str = ""
    body: str = ""
    findings: list[Finding] = field(default_factory=list)
    problem: TemplateProblem | None = None


def tidy_subject(text: str) -> str:
    return " ".join(text.split())


def tidy_body(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def render_parts(template: MessageTemplate, facts: MessageFacts) -> tuple[str, str]:
    """(subject, body) of ``template`` for ``facts``; a TemplateProblem naming the part."""
    context = build_context(facts)
    parts = []
    for label, source in (("Subject", template.subject), ("Body", template.body)):
        try:
            parts.append(render(source, context))
        except TemplateProblem as exc:
            raise exc.placed(label, 1, source) from None
    return tidy_subject(parts[0]), tidy_body(parts[1])


def check_input(template_kind: str, facts: MessageFacts) -> CheckInput:
    return CheckInput(
        kind=template_kind,
        role=facts.application.role.strip(),
        candidate_name=facts.profile.name.strip(),
        contact_name=facts.contact.name.strip() if facts.contact else "",
        details=interview_details(facts),
        has_interview=facts.interview is not None,
        language=facts.language,
    )


def panel_siblings(template: MessageTemplate, facts: MessageFacts) -> list[tuple[str, str]]:
    """The same template for the interview's other interviewers (thank-yous only)."""
    if not template.kind.startswith("thank_you") or facts.contact is None:
        return []
    others: list[Contact] = [p for p in facts.interviewers() if p.id != facts.contact.id]
    siblings = []
    for person in others:
        try:
            siblings.append((person.name, render_parts(template, facts.for_contact(person))[1]))
        except TemplateProblem:
            continue
    return siblings


def compose(template: MessageTemplate, facts: MessageFacts) -> Draft:
    """Render and check ``template`` for ``facts``; never raises (see ``Draft.problem``)."""
    try:
        subject, body = render_parts(template, facts)
    except TemplateProblem as exc:
        return Draft(template, problem=exc)
    return Draft(template, subject, body, recheck(template, facts, subject, body))


def recheck(
    template: MessageTemplate, facts: MessageFacts, subject: str, body: str
) -> list[Finding]:
    """The findings for a (possibly edited) draft; the panel's other notes rendered fresh."""
    inputs = replace(check_input(template.kind, facts), siblings=panel_siblings(template, facts))
    return check_message(subject, body, for_message(inputs, facts))
