"""Which mail belongs to the job search, and what each message means (pure, no Qt, no SQL).

``MailIndex`` is what the store knows about the search, read once per batch (store/mail_apply.py
``load_index``): the user's own addresses, the contacts' addresses, the employers' mail domains,
the Message-IDs of mail the user sent, and each company's open applications.

``MailIndex.is_relevant`` looks at headers only (sender, recipients, In-Reply-To, References), so
an IMAP check can decide before it fetches a body. A message that is not relevant is never
stored anywhere. ``classify`` then says what a relevant message is: an automatic reply (never a
reply), the user's own sent mail, an invitation, a reply that can be logged, or a message that
waits for the user's decision (a new sender at a known domain, two possible applications).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from followup_desktop.core.mail_files import MailMessage
from followup_desktop.core.mail_reply import is_auto_reply, reply_text, stage_cue

#: A cue's kind -> the stage it suggests (a Stage value; the user confirms it).
SUGGESTED_STAGES = {"rejection": "rejected", "offer": "offer"}


def address_domain(address: str) -> str:
    """'priya@acme.example' -> 'acme.example' ("" for a string without "@")."""
    return address.rsplit("@", 1)[1].strip().lower() if "@" in address else ""


@dataclass(frozen=True)
class MailIndex:
    """What the store knows about the job search, for telling its mail from the rest."""

    user_addresses: frozenset[str]  # profile email + mail account users/from addrs, lower-case
    contacts: Mapping[str, tuple[str, str]]  # address -> (contact_id, company_id)
    domains: Mapping[str, str]  # domain -> company_id (explicit or derived)
    sent_ids: frozenset[str]  # Message-IDs of mail the app sent / logged as sent
    applications: Mapping[str, tuple[str, ...]]  # company_id -> open application ids, newest first
    #: Message-ID of a logged mail -> its application: a reply in that thread belongs to it.
    threads: Mapping[str, str] = field(default_factory=dict)

    def is_relevant(self, message: MailMessage) -> bool:
        """Whether the message concerns the search; headers only (safe on a header-only
        message): a known contact or employer domain among sender and recipients, or an answer
        to mail the user sent."""
        for address in (message.sender, *message.recipients):
            if not address or address in self.user_addresses:
                continue
            if address in self.contacts or address_domain(address) in self.domains:
                return True
        return any(i in self.sent_ids for i in (message.in_reply_to, *message.references) if i)

    def company_of(self, address: str) -> str | None:
        """The company an address belongs to: its contact's, else its domain's."""
        known = self.contacts.get(address)
        if known is not None:
            return known[1]
        return self.domains.get(address_domain(address))

    def thread_application(self, message: MailMessage) -> str | None:
        """The application of the logged mail this one answers (the nearest in the thread)."""
        for mid in (message.in_reply_to, *reversed(message.references)):
            if mid and mid in self.threads:
                return self.threads[mid]
        return None


class Verdict(StrEnum):
    IGNORE = "ignore"  # not about the search: never stored
    AUTO_REPLY = "auto_reply"  # out of office, newsletter, machine mail: never a reply
    REPLY = "reply"  # a reply from a contact, its application clear: logged
    SENT = "sent"  # the user's own mail to a contact: logged as sent
    INVITE = "invite"  # carries a meeting invitation (text/calendar)
    REVIEW = "review"  # uncertain: waits for the user's decision


@dataclass(frozen=True)
class Classified:
    verdict: Verdict
    application: str | None = None
    contact: str | None = None
    company: str | None = None
    reason: str = ""
    candidates: tuple[str, ...] = ()  # applications it may belong to (newest first)
    suggestion: str | None = None  # a Stage value ("rejected", "offer") the text hints at


def suggested_stage(text: str) -> str | None:
    """The stage a reply's own text (quotes removed) suggests, or None."""
    cue = stage_cue(reply_text(text))
    return SUGGESTED_STAGES.get(cue.kind) if cue is not None else None


def classify(message: MailMessage, index: MailIndex) -> Classified:
    """What a message means for the search (see the module docstring)."""
    if not index.is_relevant(message):
        return Classified(Verdict.IGNORE, reason="The message is not about your job search.")
    if is_auto_reply(
        message.subject,
        message.auto_submitted,
        message.x_autoreply,
        message.precedence,
        message.list_id,
    ):
        return Classified(Verdict.AUTO_REPLY, reason="An automatic reply, not a person's answer.")
    if message.sender in index.user_addresses:
        return _outgoing(message, index)
    return _incoming(message, index)


def _others(message: MailMessage, index: MailIndex) -> list[str]:
    return [a for a in message.recipients if a not in index.user_addresses]


def _applications(
    index: MailIndex, company: str | None, thread: str | None
) -> tuple[str | None, tuple[str, ...]]:
    """The application (None when not clear) and the candidates."""
    if thread is not None:
        return thread, (thread,)
    candidates = tuple(index.applications.get(company, ())) if company else ()
    return (candidates[0] if len(candidates) == 1 else None), candidates


def _unclear(candidates: tuple[str, ...]) -> str:
    if candidates:
        return f"{len(candidates)} open applications at this employer could be meant."
    return "This employer has no open application."


def _outgoing(message: MailMessage, index: MailIndex) -> Classified:
    others = _others(message, index)
    contact = next((index.contacts[a] for a in others if a in index.contacts), None)
    company = (
        contact[1]
        if contact
        else next((c for a in others if (c := index.company_of(a)) is not None), None)
    )
    application, candidates = _applications(index, company, index.thread_application(message))
    if contact is None and application is None:
        return Classified(
            Verdict.REVIEW,
            company=company,
            candidates=candidates,
            reason="You wrote to a new address at a known employer.",
        )
    return Classified(
        Verdict.SENT,
        application=application,
        contact=contact[0] if contact else None,
        company=company,
        candidates=candidates,
        reason="You sent it to one of your contacts." if contact else "You sent it in a thread.",
    )


def _incoming(message: MailMessage, index: MailIndex) -> Classified:
    sender = message.sender
    known = index.contacts.get(sender)
    company = index.company_of(sender) or next(
        (c for a in _others(message, index) if (c := index.company_of(a)) is not None), None
    )
    thread = index.thread_application(message)
    application, candidates = _applications(index, company, thread)
    contact = known[0] if known else None
    if message.calendar_parts:
        return Classified(
            Verdict.INVITE,
            application=application,
            contact=contact,
            company=company,
            candidates=candidates,
            reason="An invitation." if application else _unclear(candidates),
        )
    suggestion = suggested_stage(message.text)
    if known is None and thread is None:
        domain = address_domain(sender)
        why = (
            f"A new sender at @{domain}, a known employer's domain."
            if domain in index.domains
            else "A new sender writing to one of your contacts."
        )
        return Classified(
            Verdict.REVIEW,
            company=company,
            candidates=candidates,
            reason=why,
            suggestion=suggestion,
        )
    if application is None:
        return Classified(
            Verdict.REVIEW,
            contact=contact,
            company=company,
            candidates=candidates,
            reason=_unclear(candidates),
            suggestion=suggestion,
        )
    return Classified(
        Verdict.REPLY,
        application=application,
        contact=contact,
        company=company,
        candidates=candidates,
        reason="A reply from one of your contacts." if known else "A reply in your thread.",
        suggestion=suggestion,
    )
