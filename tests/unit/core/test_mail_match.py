"""Which mail belongs to the search and what it means (core/mail_match): headers decide
relevance; classify tells replies, sent mail, invitations, automatic replies and doubts apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from followup_desktop.core.mail_files import MailMessage
from followup_desktop.core.mail_match import MailIndex, Verdict, address_domain, classify

INDEX = MailIndex(
    user_addresses=frozenset({"alex@example.org"}),
    contacts={"dana@acme.example": ("dana", "acme"), "gil@globex.example": ("gil", "globex")},
    domains={"acme.example": "acme", "globex.example": "globex"},
    sent_ids=frozenset({"sent-1@example.org"}),
    applications={"acme": ("acme-be",), "globex": ("globex-pm", "globex-sre")},
    threads={"sent-1@example.org": "acme-be"},
)


def mail(**changes: object) -> MailMessage:
    base = MailMessage(
        message_id="m1@acme.example",
        date=datetime(2026, 11, 24, 15, 0, tzinfo=UTC),
        sender="dana@acme.example",
        sender_name="Dana Lee",
        recipients=("alex@example.org",),
        subject="Re: Interview",
        in_reply_to="",
        references=(),
        text="Thanks, we will get back to you next week.",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_address_domain() -> None:
    assert address_domain("Priya@Acme.Example") == "acme.example"
    assert address_domain("nobody") == ""


@pytest.mark.parametrize(
    ("changes", "relevant"),
    [
        ({}, True),  # a contact
        ({"sender": "new@acme.example"}, True),  # a known domain
        ({"sender": "news@shop.example"}, False),  # a newsletter
        ({"sender": "news@shop.example", "recipients": ("dana@acme.example",)}, True),
        ({"sender": "x@elsewhere.example", "in_reply_to": "sent-1@example.org"}, True),
        ({"sender": "x@elsewhere.example", "references": ("a@b", "sent-1@example.org")}, True),
        ({"sender": "alex@example.org", "recipients": ("alex@example.org",)}, False),  # to self
        ({"sender": "", "recipients": ()}, False),
    ],
)
def test_relevance_uses_addresses_and_threads(changes: dict[str, object], relevant: bool) -> None:
    assert INDEX.is_relevant(mail(**changes)) is relevant


def test_a_header_only_message_is_enough_for_relevance() -> None:
    header_only = mail(text="", calendar_parts=())
    assert INDEX.is_relevant(header_only)


def test_irrelevant_mail_is_ignored() -> None:
    got = classify(mail(sender="news@shop.example"), INDEX)
    assert got.verdict == Verdict.IGNORE
    assert got.application is None


def test_a_reply_from_a_contact_with_one_open_application() -> None:
    got = classify(mail(), INDEX)
    assert got.verdict == Verdict.REPLY
    assert (got.application, got.contact, got.company) == ("acme-be", "dana", "acme")
    assert got.suggestion is None


@pytest.mark.parametrize(
    ("headers", "subject"),
    [
        ({"auto_submitted": "auto-replied"}, "Re: Interview"),
        ({"x_autoreply": "yes"}, "Re: Interview"),
        ({"precedence": "bulk"}, "Re: Interview"),
        ({"list_id": "<jobs.acme.example>"}, "Re: Interview"),
        ({}, "Out of Office: Re: Interview"),
        ({}, "Abwesenheitsnotiz: Ihre Bewerbung"),
        ({}, "Réponse automatique : entretien"),
    ],
)
def test_auto_replies_never_count_as_replies(headers: dict[str, str], subject: str) -> None:
    got = classify(mail(subject=subject, **headers), INDEX)
    assert got.verdict == Verdict.AUTO_REPLY


def test_a_rejection_suggests_the_stage_from_the_new_text_only() -> None:
    text = "Unfortunately, we have decided not to move forward with your application."
    assert classify(mail(text=text), INDEX).suggestion == "rejected"
    offer = "We are delighted to offer you the position of Backend Engineer."
    assert classify(mail(text=offer), INDEX).suggestion == "offer"
    quoted = "Thanks!\n\nOn Mon, 23 Nov 2026, Alex wrote:\n> " + text
    assert classify(mail(text=quoted), INDEX).suggestion is None


def test_a_german_rejection() -> None:
    text = (
        "Leider müssen wir Ihnen mitteilen, dass wir uns für einen anderen Kandidaten "
        "entschieden haben."
    )
    assert classify(mail(text=text), INDEX).suggestion == "rejected"


def test_a_new_sender_at_a_known_domain_waits_for_review() -> None:
    got = classify(mail(sender="priya@acme.example"), INDEX)
    assert got.verdict == Verdict.REVIEW
    assert got.company == "acme" and got.candidates == ("acme-be",)
    assert "@acme.example" in got.reason


def test_two_possible_applications_wait_for_review() -> None:
    got = classify(mail(sender="gil@globex.example"), INDEX)
    assert got.verdict == Verdict.REVIEW
    assert got.contact == "gil"
    assert got.candidates == ("globex-pm", "globex-sre")
    assert "2 open applications" in got.reason


def test_a_reply_in_a_thread_the_user_sent_belongs_to_that_application() -> None:
    got = classify(mail(sender="gil@globex.example", in_reply_to="sent-1@example.org"), INDEX)
    assert (got.verdict, got.application) == (Verdict.REPLY, "acme-be")
    stranger = classify(mail(sender="hr@other.example", references=("sent-1@example.org",)), INDEX)
    assert (stranger.verdict, stranger.application, stranger.contact) == (
        Verdict.REPLY,
        "acme-be",
        None,
    )


def test_the_users_own_mail_to_a_contact_is_sent() -> None:
    got = classify(
        mail(sender="alex@example.org", recipients=("dana@acme.example", "alex@example.org")),
        INDEX,
    )
    assert got.verdict == Verdict.SENT
    assert (got.application, got.contact) == ("acme-be", "dana")
    two = classify(mail(sender="alex@example.org", recipients=("gil@globex.example",)), INDEX)
    assert (two.verdict, two.application, two.contact) == (Verdict.SENT, None, "gil")
    new = classify(mail(sender="alex@example.org", recipients=("hr@globex.example",)), INDEX)
    assert new.verdict == Verdict.REVIEW


def test_an_invitation() -> None:
    got = classify(mail(calendar_parts=(b"BEGIN:VCALENDAR",)), INDEX)
    assert (got.verdict, got.application) == (Verdict.INVITE, "acme-be")
    unsure = classify(mail(sender="gil@globex.example", calendar_parts=(b"x",)), INDEX)
    assert (unsure.verdict, unsure.application) == (Verdict.INVITE, None)
    assert unsure.candidates == ("globex-pm", "globex-sre")


def test_a_company_without_an_open_application() -> None:
    index = replace(INDEX, applications={})
    got = classify(mail(), index)
    assert got.verdict == Verdict.REVIEW
    assert got.reason == "This employer has no open application."
