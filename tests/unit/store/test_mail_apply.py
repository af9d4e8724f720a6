"""Mail into the store (store/mail_apply): logged replies re-plan, sent mail marks its follow-up
done once, invitations become interviews, doubts wait for review, unrelated mail leaves no
trace, every message is processed once, and each batch is one transaction."""

from __future__ import annotations

import json
import mailbox
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest

from followup_desktop.core.mail_account import MailAccount
from followup_desktop.core.mail_files import MailMessage
from followup_desktop.core.model import (
    Application,
    Company,
    Contact,
    FollowUpStatus,
    Interview,
    InterviewFormat,
    Profile,
    Stage,
)
from followup_desktop.store import mail_accounts, mail_apply, queries, writes
from followup_desktop.store.db import StoreError
from followup_desktop.store.mail_apply import (
    FolderAdvance,
    MailTally,
    apply_messages,
    import_mail_files,
    load_index,
)
from tests.builders import NOW

INVITES = Path(__file__).resolve().parents[2] / "fixtures" / "invites"
REJECTION = "Unfortunately, we have decided not to move forward with your application."


@pytest.fixture
def search(db):
    """Alex; Acme (one application, Dana interviewed on Thu 19 Nov), Globex (two applications,
    Gil), Lumen (Sam, for the invitation), Northwind (explicit domain northwind.example)."""
    profile = Profile(name="Alex Morgan", email="Alex@Example.org", timezone="America/Chicago")
    writes.save_profile(db, profile, NOW)
    companies = [
        Company("acme", "Acme Corp", "America/New_York", "US"),
        Company("globex", "Globex", "Europe/Berlin", "DE"),
        Company("lumen", "Lumen Analytics", "America/Los_Angeles", "US"),
        Company(
            "northwind", "Northwind", "Europe/Berlin", "DE", mail_domains=("northwind.example",)
        ),
    ]
    for company in companies:
        writes.save_company(db, company, NOW)
    for contact in [
        Contact("dana", "acme", "Dana Lee", email="Dana@Acme.example"),
        Contact("gil", "globex", "Gil Grey", email="gil@globex.example"),
        Contact("sam", "lumen", "Sam Ortiz", email="sam@lumen.example"),
        Contact("rec", "northwind", "A recruiter", email="recruiter@gmail.com"),
    ]:
        writes.save_contact(db, contact)
    for app in [
        Application("acme-be", "acme", "Backend Engineer", Stage.INTERVIEWING),
        Application("globex-pm", "globex", "Product Manager"),
        Application("globex-sre", "globex", "SRE"),
        Application("lumen-ae", "lumen", "Analytics Engineer"),
        Application("nw-sre", "northwind", "SRE"),
    ]:
        writes.save_application(db, app, NOW)
    interview = Interview(
        "acme-be-1",
        "acme-be",
        datetime(2026, 11, 19, 15, tzinfo=UTC),
        interviewers=["dana"],
        format=InterviewFormat.VIDEO,
    )
    writes.save_interview(db, interview, NOW)
    return db


def mail(n: int = 1, **changes: object) -> MailMessage:
    base = MailMessage(
        message_id=f"m{n}@acme.example",
        date=NOW - timedelta(hours=2),
        sender="dana@acme.example",
        sender_name="Dana Lee",
        recipients=("alex@example.org",),
        subject="Re: Thank you",
        in_reply_to="",
        references=(),
        text="Thanks Alex, we will decide next week.\n\nOn Fri, Alex wrote:\n> Thank you",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def statuses(db, application: str) -> dict[str, str]:
    return {f.kind: str(f.status) for f in queries.list_followups(db, applications=[application])}


def count(db, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def seen(db, message_id: str) -> str | None:
    row = db.execute("SELECT outcome FROM mail_seen WHERE message_id = ?", [message_id]).fetchone()
    return row[0] if row else None


def test_a_reply_is_logged_and_replans_as_a_logged_reply_does(search):
    assert statuses(search, "acme-be")["check_in"] == "planned"
    tally = apply_messages(search, [mail()], NOW, "test")
    assert tally == MailTally(logged=1)
    [comm] = queries.list_communications(search, ["acme-be"])
    assert (comm.direction, comm.channel, comm.contact) == ("received", "email", "dana")
    assert comm.summary == "Re: Thank you"
    assert comm.response == "Thanks Alex, we will decide next week."  # no quoted thread
    assert comm.at == NOW - timedelta(hours=2)
    extra = json.loads(search.execute("SELECT extra FROM communications").fetchone()[0])
    assert extra["mail"] == {
        "message_id": "m1@acme.example",
        "sender": "dana@acme.example",
        "subject": "Re: Thank you",
        "auto": True,
    }
    assert statuses(search, "acme-be")["check_in"] == "cancelled"
    assert seen(search, "m1@acme.example") == "logged"


def test_each_message_is_processed_once_across_runs(search):
    assert apply_messages(search, [mail(), mail()], NOW, "test") == MailTally(
        logged=1, duplicates=1
    )
    assert apply_messages(search, [mail()], NOW, "test") == MailTally(duplicates=1)
    assert count(search, "communications") == 1


def test_unrelated_mail_is_never_stored(search):
    news = mail(2, sender="news@shop.example", subject="Black Friday", text="Sale!")
    assert apply_messages(search, [news], NOW, "test") == MailTally(ignored=1)
    for table in ("mail_seen", "mail_review", "communications"):
        assert count(search, table) == 0
    assert apply_messages(search, [news], NOW, "test") == MailTally(ignored=1)  # not a duplicate


def test_an_auto_reply_never_counts_as_a_reply(search):
    ooo = mail(3, subject="Out of office: Re: Thank you", auto_submitted="auto-replied")
    assert apply_messages(search, [ooo], NOW, "test") == MailTally(ignored=1)
    assert seen(search, "m3@acme.example") == "auto_reply"
    assert count(search, "communications") == 0
    assert statuses(search, "acme-be")["check_in"] == "planned"
    assert apply_messages(search, [ooo], NOW, "test") == MailTally(duplicates=1)


def test_a_rejection_is_logged_and_suggests_the_stage(search):
    tally = apply_messages(search, [mail(4, text=REJECTION)], NOW, "test")
    assert tally == MailTally(logged=1, review=1)
    assert tally.sentence() == "1 reply logged, 1 waits for review."
    kind, suggestion, application = search.execute(
        "SELECT kind, suggestion, application FROM mail_review"
    ).fetchone()
    assert (kind, suggestion, application) == ("stage", "rejected", "acme-be")
    assert queries.get_application(search, "acme-be").stage == Stage.INTERVIEWING  # not yet


def test_a_new_sender_at_a_known_domain_waits_for_review(search):
    new = mail(5, sender="priya@acme.example", sender_name="Priya Shah")
    assert apply_messages(search, [new], NOW, "test") == MailTally(review=1)
    row = search.execute("SELECT kind, candidates, reason FROM mail_review").fetchone()
    assert row[0] == "match"
    assert json.loads(row[1]) == [["acme-be", "Acme Corp · Backend Engineer"]]
    assert count(search, "communications") == 0
    assert seen(search, "m5@acme.example") == "review"


def test_explicit_mail_domains_and_contacts_at_mail_services(search):
    index = load_index(search)
    assert index.domains["northwind.example"] == "northwind"
    assert "gmail.com" not in index.domains  # a mail service says nothing about the employer
    assert index.contacts["recruiter@gmail.com"] == ("rec", "northwind")
    assert index.user_addresses == frozenset({"alex@example.org"})
    from_nw = mail(6, sender="hr@northwind.example")
    from_rec = mail(7, sender="recruiter@gmail.com")
    from_gmail = mail(8, sender="someone@gmail.com")
    tally = apply_messages(search, [from_nw, from_rec, from_gmail], NOW, "test")
    assert tally == MailTally(logged=1, review=1, ignored=1)


def test_mail_account_addresses_are_the_users_own(search):
    account = MailAccount("Work", "me@work.example", imap_host="imap.work.example")
    mail_accounts.save_account(search, replace(account, from_addr="Alex <alex@work.example>"))
    users = load_index(search).user_addresses
    assert users == {"alex@example.org", "me@work.example", "alex@work.example"}


def test_two_possible_applications_wait_for_review(search):
    assert apply_messages(search, [mail(9, sender="gil@globex.example")], NOW, "t").review == 1
    [pairs] = search.execute("SELECT candidates FROM mail_review").fetchone()
    assert [a for a, _ in json.loads(pairs)] == ["globex-pm", "globex-sre"]


def test_sent_mail_marks_the_pending_follow_up_done_once(search):
    assert statuses(search, "acme-be")["thank_you"] == "planned"
    sent = mail(
        10,
        sender="alex@example.org",
        recipients=("dana@acme.example",),
        subject="Thank you",
        date=NOW - timedelta(hours=1),
    )
    assert apply_messages(search, [sent], NOW, "test") == MailTally(logged=1)
    thank_you = queries.get_followup(search, "acme-be-1/thank_you/dana")
    assert thank_you.status == FollowUpStatus.DONE
    assert thank_you.done_at == NOW - timedelta(hours=1)
    [comm] = queries.list_communications(search, ["acme-be"])
    assert (comm.direction, comm.contact, comm.response) == ("sent", "dana", "")
    assert seen(search, "m10@acme.example") == "sent"
    # A second mail the next day does not mark the check-in (due in six days) done.
    again = replace(sent, message_id="m11@acme.example", date=NOW + timedelta(hours=2))
    assert apply_messages(search, [again], NOW + timedelta(days=1), "test").logged == 1
    assert statuses(search, "acme-be")["check_in"] == "planned"
    # A reply to the user's sent mail from an unknown address belongs to that thread.
    answer = mail(12, sender="x@other.example", in_reply_to="m10@acme.example")
    assert apply_messages(search, [answer], NOW, "test") == MailTally(logged=1)
    directions = [c.direction for c in queries.list_communications(search, ["acme-be"])]
    assert sorted(directions) == ["received", "sent", "sent"]


def test_an_invitation_from_a_contact_becomes_an_interview(search):
    ics = (INVITES / "google_calendar.ics").read_bytes()
    invite = mail(13, sender="sam@lumen.example", subject="Invitation", calendar_parts=(ics,))
    assert apply_messages(search, [invite], NOW, "test") == MailTally(logged=1)
    [interview] = queries.list_interviews(search, ["lumen-ae"])
    assert interview.starts_at == datetime(2026, 12, 1, 17, tzinfo=UTC)
    people = queries.contacts_by_id(search, interview.interviewers)
    assert {c.email for c in people.values()} == {"sam@lumen.example", "grace.okafor@lumen.example"}
    assert seen(search, "m13@acme.example") == "invite"
    extra = search.execute("SELECT json_extract(extra, '$.said') FROM communications").fetchone()
    assert extra == ("invitation",)


def test_an_invitation_for_an_unsure_application_waits_for_review(search):
    ics = (INVITES / "google_calendar.ics").read_bytes()
    invite = mail(14, sender="gil@globex.example", calendar_parts=(ics,))
    assert apply_messages(search, [invite], NOW, "test") == MailTally(review=1)
    kind, stored = search.execute("SELECT kind, ics FROM mail_review").fetchone()
    assert (kind, stored) == ("invite", ics)
    assert queries.list_interviews(search, ["globex-pm", "globex-sre"]) == []


def test_an_invitation_the_import_refuses_waits_for_review(search, monkeypatch):
    from followup_desktop.store import invites

    def refuse(*args, **kwargs):
        raise StoreError("The interview's start needs a time zone.")

    monkeypatch.setattr(invites, "import_invite", refuse)
    ics = (INVITES / "google_calendar.ics").read_bytes()
    invite = mail(19, sender="sam@lumen.example", calendar_parts=(ics,))
    assert apply_messages(search, [invite], NOW, "test") == MailTally(review=1)
    assert count(search, "communications") == 0  # the savepoint took the log entry back
    assert search.execute("SELECT kind FROM mail_review").fetchone() == ("invite",)


def test_a_cancellation_is_read_as_a_plain_message(search):
    cancel = (
        b"BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\nUID:x\r\n"
        b"DTSTART:20261201T170000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    message = mail(15, calendar_parts=(cancel,))
    assert apply_messages(search, [message], NOW, "test") == MailTally(logged=1)
    assert seen(search, "m15@acme.example") == "logged"


def test_a_batch_is_one_transaction_with_its_folder_watermark(search, monkeypatch):
    mail_accounts.save_account(
        search, MailAccount("Work", "alex@example.org", imap_host="h.example")
    )
    real = writes.log_communication
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise StoreError("The disk is full.")
        return real(*args, **kwargs)

    monkeypatch.setattr(writes, "log_communication", failing)
    advance = FolderAdvance("Work", "INBOX", 7, 42)
    with pytest.raises(StoreError):
        apply_messages(search, [mail(16), mail(17, text=REJECTION)], NOW, "imap", advance)
    for table in ("mail_seen", "mail_review", "communications"):
        assert count(search, table) == 0
    assert mail_accounts.folder_states(search, "Work") == {}
    monkeypatch.setattr(writes, "log_communication", real)
    tally = apply_messages(search, [mail(16), mail(17, text=REJECTION)], NOW, "imap", advance)
    assert tally == MailTally(logged=2, review=1)
    assert mail_accounts.folder_states(search, "Work") == {"INBOX": (7, 42)}
    apply_messages(search, [], NOW, "imap", FolderAdvance("Work", "INBOX", 7, 40))
    assert mail_accounts.folder_states(search, "Work") == {"INBOX": (7, 42)}  # never back
    apply_messages(search, [], NOW, "imap", FolderAdvance("Work", "INBOX", 8, 3))
    assert mail_accounts.folder_states(search, "Work") == {"INBOX": (8, 3)}  # a new UIDVALIDITY


def test_a_message_dated_in_the_future_is_logged_now(search):
    apply_messages(search, [mail(18, date=NOW + timedelta(days=3))], NOW, "test")
    assert queries.list_communications(search, ["acme-be"])[0].at == NOW


def _eml(n: int, sender: str, text: str = "Thanks, talk soon.") -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "alex@example.org"
    message["Subject"] = f"Message {n}"
    message["Date"] = "Sat, 21 Nov 2026 10:00:00 +0000"
    message["Message-ID"] = f"<file-{n}@example>"
    message.set_content(text)
    return message


def test_import_mail_files_streams_an_mbox_in_batches(search, tmp_path, monkeypatch):
    monkeypatch.setattr(mail_apply, "BATCH", 2)
    box = mailbox.mbox(tmp_path / "Inbox.mbox")
    for n in range(5):
        box.add(_eml(n, "dana@acme.example" if n == 3 else f"news{n}@shop.example"))
    box.flush()
    box.close()
    eml = tmp_path / "reply.eml"
    eml.write_bytes(_eml(9, "priya@acme.example").as_bytes())
    calls = []
    real = mail_apply.apply_messages
    monkeypatch.setattr(
        mail_apply, "apply_messages", lambda *a, **k: calls.append(len(a[1])) or real(*a, **k)
    )
    tally = import_mail_files(search, [tmp_path / "Inbox.mbox", eml], NOW)
    assert tally == MailTally(logged=1, review=1, ignored=4)
    assert calls == [2, 2, 1, 1]
    sources = {r[0] for r in search.execute("SELECT source FROM mail_seen")}
    assert sources == {"file:Inbox.mbox", "file:reply.eml"}
    again = import_mail_files(search, [tmp_path / "Inbox.mbox", eml], NOW)
    assert again == MailTally(ignored=4, duplicates=2)
    assert again.sentence() == "No new mail for your search."


def test_tally_adds_and_speaks():
    total = MailTally(1, 0, 2, 0) + MailTally(1, 2, 0, 1)
    assert total.as_json() == {"logged": 2, "review": 2, "ignored": 2, "duplicates": 1}
    assert total.sentence() == "2 replies logged, 2 wait for review."
    assert MailTally(review=1).sentence() == "1 waits for review."
