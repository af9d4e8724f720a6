"""The review list (store/mail_review): Accept, Assign to…, Ignore, and Undo of what was logged
automatically; each one transaction, each answered with one sentence."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.core.mail_files import MailMessage
from followup_desktop.core.model import (
    Application,
    Company,
    Contact,
    FollowUpStatus,
    Interview,
    Profile,
    Stage,
)
from followup_desktop.store import mail_review, queries, writes
from followup_desktop.store.db import StoreError
from followup_desktop.store.mail_apply import MailTally, apply_messages
from tests.builders import NOW

INVITES = Path(__file__).resolve().parents[2] / "fixtures" / "invites"
REJECTION = "Unfortunately, we have decided not to move forward with your application."


@pytest.fixture
def search(db):
    """Acme (one application, Dana interviewed on Thu 19 Nov), Globex (two applications, Gil)."""
    writes.save_profile(db, Profile(name="Alex", email="alex@example.org"), NOW)
    writes.save_company(db, Company("acme", "Acme Corp", "America/New_York"), NOW)
    writes.save_company(db, Company("globex", "Globex", "Europe/Berlin"), NOW)
    writes.save_contact(db, Contact("dana", "acme", "Dana Lee", email="dana@acme.example"))
    writes.save_contact(db, Contact("gil", "globex", "Gil Grey", email="gil@globex.example"))
    writes.save_application(
        db, Application("acme-be", "acme", "Backend Engineer", Stage.INTERVIEWING), NOW
    )
    writes.save_application(db, Application("globex-pm", "globex", "Product Manager"), NOW)
    writes.save_application(db, Application("globex-sre", "globex", "SRE"), NOW)
    writes.save_interview(
        db,
        Interview(
            "acme-be-1", "acme-be", datetime(2026, 11, 19, 15, tzinfo=UTC), interviewers=["dana"]
        ),
        NOW,
    )
    return db


def mail(n: int, **changes: object) -> MailMessage:
    base = MailMessage(
        message_id=f"r{n}@example",
        date=NOW - timedelta(hours=n),
        sender="dana@acme.example",
        sender_name="Dana Lee",
        recipients=("alex@example.org",),
        subject=f"Re: Interview {n}",
        in_reply_to="",
        references=(),
        text="Thanks, we will be in touch.",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def check_in(db) -> str:
    return str(queries.get_followup(db, "acme-be-1/check_in/dana").status)


def test_pending_items_newest_first(search):
    apply_messages(
        search,
        [mail(1, sender="priya@acme.example"), mail(2, sender="gil@globex.example")],
        NOW,
        "t",
    )
    items = mail_review.pending(search)
    assert [i.sender for i in items] == ["priya@acme.example", "gil@globex.example"]
    assert mail_review.pending_count(search) == 2
    first = items[0]
    assert first.kind == "match" and first.at == NOW - timedelta(hours=1)
    assert first.candidates == (("acme-be", "Acme Corp · Backend Engineer"),)
    assert first.text == "Thanks, we will be in touch."
    assert first.suggestion is None


def test_accepting_a_new_sender_logs_the_reply_and_adds_the_contact(search):
    apply_messages(search, [mail(1, sender="priya.shah@acme.example", sender_name="")], NOW, "t")
    [item] = mail_review.pending(search)
    sentence = mail_review.accept(search, item.id, NOW)
    assert (
        sentence
        == "Logged under Acme Corp · Backend Engineer. Priya Shah is now one of your contacts."
    )
    [comm] = queries.list_communications(search, ["acme-be"])
    contact = queries.contacts_by_id(search, [comm.contact])[comm.contact]
    assert (contact.name, contact.email, contact.company) == (
        "Priya Shah",
        "priya.shah@acme.example",
        "acme",
    )
    assert check_in(search) == "cancelled"  # re-planned as a logged reply
    assert mail_review.pending(search) == []
    assert mail_review.auto_logged(search) == []  # the user decided: not "automatic"
    # The next mail from Priya is hers: logged at once.
    assert apply_messages(search, [mail(5, sender="priya.shah@acme.example")], NOW, "t").logged == 1


def test_assign_to_one_of_two_applications(search):
    apply_messages(search, [mail(1, sender="gil@globex.example")], NOW, "t")
    [item] = mail_review.pending(search)
    with pytest.raises(StoreError, match="Choose the application"):
        mail_review.accept(search, item.id, NOW)
    with pytest.raises(StoreError, match="no application 'nope'"):
        mail_review.accept(search, item.id, NOW, application_id="nope")
    assert mail_review.accept(search, item.id, NOW, "globex-sre") == "Logged under Globex · SRE."
    [comm] = queries.list_communications(search, ["globex-sre"])
    assert comm.contact == "gil"
    with pytest.raises(StoreError, match="no longer waits"):
        mail_review.accept(search, item.id, NOW, "globex-sre")


def test_accepting_a_stage_suggestion_sets_the_stage(search):
    assert apply_messages(search, [mail(1, text=REJECTION)], NOW, "t") == MailTally(
        logged=1, review=1
    )
    [item] = mail_review.pending(search)
    assert (item.kind, item.suggestion) == ("stage", "rejected")
    assert item.reason == "The reply reads like a rejection."
    assert (
        mail_review.accept(search, item.id, NOW)
        == "Acme Corp · Backend Engineer moved to Rejected."
    )
    assert queries.get_application(search, "acme-be").stage == Stage.REJECTED


def test_a_match_with_a_rejection_becomes_a_stage_item_once_assigned(search):
    apply_messages(search, [mail(1, sender="gil@globex.example", text=REJECTION)], NOW, "t")
    [item] = mail_review.pending(search)
    sentence = mail_review.accept(search, item.id, NOW, "globex-pm")
    assert sentence.startswith("Logged under Globex · Product Manager; it reads like a rejection")
    [stage] = mail_review.pending(search)
    assert (stage.id, stage.kind, stage.candidates) == (
        item.id,
        "stage",
        (("globex-pm", "Globex · Product Manager"),),
    )
    mail_review.ignore(search, stage.id, NOW)
    assert queries.get_application(search, "globex-pm").stage == Stage.APPLIED
    assert len(queries.list_communications(search, ["globex-pm"])) == 1  # the reply stays


def test_ignoring_a_match_writes_nothing_and_forgets_it_for_good(search):
    apply_messages(search, [mail(1, sender="priya@acme.example")], NOW, "t")
    [item] = mail_review.pending(search)
    mail_review.ignore(search, item.id, NOW)
    assert mail_review.pending(search) == []
    assert queries.list_communications(search) == []
    assert apply_messages(search, [mail(1, sender="priya@acme.example")], NOW, "t") == MailTally(
        duplicates=1
    )


def test_accepting_an_invitation_imports_the_interview(search):
    ics = (INVITES / "google_calendar.ics").read_bytes()
    apply_messages(search, [mail(1, sender="gil@globex.example", calendar_parts=(ics,))], NOW, "t")
    [item] = mail_review.pending(search)
    assert item.kind == "invite"
    sentence = mail_review.accept(search, item.id, NOW, "globex-sre")
    assert sentence.startswith("Added the interview with Globex")
    [interview] = queries.list_interviews(search, ["globex-sre"])
    assert interview.starts_at == datetime(2026, 12, 1, 17, tzinfo=UTC)
    assert interview.interviewers == []  # nobody on it is a contact or at globex.example


def test_undo_of_an_automatic_reply(search):
    apply_messages(search, [mail(1, text=REJECTION)], NOW, "t")
    assert check_in(search) == "cancelled"
    [logged] = mail_review.auto_logged(search)
    assert (logged.application, logged.label, logged.direction) == (
        "acme-be",
        "Acme Corp · Backend Engineer",
        "received",
    )
    assert (logged.sender, logged.subject, logged.at) == (
        "dana@acme.example",
        "Re: Interview 1",
        NOW - timedelta(hours=1),
    )
    mail_review.undo_logged(search, logged.communication, NOW)
    assert queries.list_communications(search) == []
    assert check_in(search) == "planned"  # re-planned: nobody replied after all
    assert mail_review.pending(search) == []  # its stage suggestion went with it
    assert mail_review.auto_logged(search) == []
    assert apply_messages(search, [mail(1, text=REJECTION)], NOW, "t") == MailTally(duplicates=1)
    with pytest.raises(StoreError, match="no longer in the log"):
        mail_review.undo_logged(search, logged.communication, NOW)


def test_undo_of_sent_mail_puts_the_follow_up_back(search):
    sent = mail(1, sender="alex@example.org", recipients=("dana@acme.example",))
    apply_messages(search, [sent], NOW, "t")
    thank_you = "acme-be-1/thank_you/dana"
    assert queries.get_followup(search, thank_you).status == FollowUpStatus.DONE
    [logged] = mail_review.auto_logged(search)
    assert logged.direction == "sent"
    mail_review.undo_logged(search, logged.communication, NOW)
    assert queries.get_followup(search, thank_you).status == FollowUpStatus.PLANNED
    assert queries.get_followup(search, thank_you).done_at is None


def test_undo_refuses_a_hand_written_entry(search):
    from followup_desktop.core.model import Communication, Direction

    writes.log_communication(
        search, Communication("log-1", "acme-be", NOW, Direction.RECEIVED), NOW
    )
    with pytest.raises(StoreError, match="not made from mail"):
        mail_review.undo_logged(search, "log-1", NOW)


def test_auto_logged_is_newest_first_and_limited(search):
    apply_messages(search, [mail(n) for n in (3, 1, 2)], NOW, "t")
    logged = mail_review.auto_logged(search)
    assert [m.subject for m in logged] == ["Re: Interview 1", "Re: Interview 2", "Re: Interview 3"]
    assert len(mail_review.auto_logged(search, limit=2)) == 2
