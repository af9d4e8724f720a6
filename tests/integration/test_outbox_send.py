"""Sending the outbox against real servers on loopback (issue 18): an aiosmtpd SMTP server
(STARTTLS with a throwaway certificate, or TLS from the first byte, with AUTH) and the Dovecot
of the mail-in tests for the Sent copy.

What a message looks like when it arrives (UTF-8 headers and body, the stored Message-ID, the
Date in the user's zone, From and Reply-To of the account), what one send writes (sent, the
follow-up done, the mail logged with its Message-ID, the copy in Sent), and what each failure
does: a wrong password, a refused recipient, nothing listening, an untrusted certificate, a
connection dropped after the message went, a slot slept through, two senders at once, and a
process that died mid-send.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from followup_desktop.core.mail_account import MailAccount
from followup_desktop.core.model import (
    Application,
    Company,
    Contact,
    FollowUpStatus,
    Interview,
    InterviewFormat,
    Profile,
)
from followup_desktop.services.mail import outbox_send, smtp_send
from followup_desktop.services.mail.smtp_send import SendError
from followup_desktop.store import mail_accounts, outbox, queries, writes
from followup_desktop.store.open import open_store
from tests.builders import NOW
from tests.servers.dovecot import Mailbox, free_port
from tests.servers.smtp import SmtpServer
from tests.servers.smtp import skip_unless_available as skip_smtp_unless_available

CHECK_IN = "sre-1/check_in/gil"
#: Thu 26 Nov 2026 08:30 in Berlin (23:30 the evening before in Los Angeles).
SLOT = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
SUBJECT = "Checking in: SRE, Größe 東京 – déjà vu"
BODY = "Hallo Gil,\n\nnoch einmal danke für das Gespräch. 🎉\n\nAlex Müller\n"
OWNER = "this-test"


@pytest.fixture
def search(db):
    """Alex (Los Angeles) and Globex (Berlin); Gil interviewed Alex on Thu 19 Nov."""
    profile = Profile(name="Alex Müller", email="alex@example.org", timezone="America/Los_Angeles")
    writes.save_profile(db, profile, NOW)
    writes.save_company(db, Company("globex", "Globex", "Europe/Berlin", "DE"), NOW)
    writes.save_contact(db, Contact("gil", "globex", "Gil Größe", email="gil@globex.example"))
    writes.save_application(db, Application("globex-sre", "globex", "SRE", contact="gil"), NOW)
    interview = Interview(
        "sre-1",
        "globex-sre",
        datetime(2026, 11, 19, 10, tzinfo=UTC),
        interviewers=["gil"],
        format=InterviewFormat.VIDEO,
    )
    writes.save_interview(db, interview, NOW)
    return db


def add_account(
    db, server: SmtpServer, box: Mailbox | None = None, **changes: object
) -> MailAccount:
    values: dict[str, object] = {
        "name": "Work",
        "user": box.user if box else "alex",
        "smtp_host": "127.0.0.1",
        "smtp_port": server.port,
        "smtp_security": server.security,
        "from_addr": "alex@example.org",
        "reply_to": "jobs@example.org",
    }
    if box is not None:
        values |= {"imap_host": "127.0.0.1", "imap_port": box.server.port, "imap_security": "none"}
    account = MailAccount(**(values | changes))  # type: ignore[arg-type]
    return mail_accounts.save_account(db, account)


def passwords(box: Mailbox | None = None, smtp_password: str = "s3cret"):
    """The keyring's answer: the SMTP server knows alex / s3cret; Dovecot the box's own."""

    def password_for(name: str) -> str | None:
        return smtp_password

    return password_for


def queue(db, send_at: datetime = SLOT, **changes):
    values = {
        "followup_id": CHECK_IN,
        "account": "Work",
        "to_addr": "gil@globex.example",
        "to_name": "Gil Größe",
        "subject": SUBJECT,
        "body": BODY,
        "send_at": send_at,
        "zone": "Europe/Berlin",
        "now": NOW,
    }
    return outbox.queue(db, **(values | changes))


def one_sentence(text: str) -> bool:
    return text[:1].isupper() and text.endswith(".") and "\n" not in text


# --- one message, as it arrives ----------------------------------------------------------------


def test_a_message_arrives_whole_with_its_headers(search, smtp):
    add_account(search, smtp)
    item = queue(search)
    report = outbox_send.send_due(search, SLOT + timedelta(minutes=1), passwords(), OWNER)
    assert [i.id for i in report.sent] == [item.id] and not report.failed
    [(envelope, message)] = smtp.received()
    assert envelope == {"from": "alex@example.org", "to": ["gil@globex.example"]}
    assert message["Subject"] == SUBJECT
    assert message["From"].addresses[0].display_name == "Alex Müller"
    assert message["To"].addresses[0].display_name == "Gil Größe"
    assert str(message["Reply-To"]) == "jobs@example.org"
    assert message["Message-ID"] == item.message_id
    assert message.get_content().replace("\r\n", "\n") == BODY
    # Date in the user's zone: 07:31 UTC is 23:31 the evening before in Los Angeles
    assert str(message["Date"]) == "Wed, 25 Nov 2026 23:31:00 -0800"


def test_one_send_marks_it_sent_the_followup_done_and_logs_it_with_its_message_id(search, mailbox):
    with SmtpServer.running(security="none") as relay:  # a local relay: no SMTP login
        add_account(search, relay, mailbox)
        item = queue(search)
        at = SLOT + timedelta(minutes=2)
        report = outbox_send.send_due(search, at, lambda name: mailbox.password, OWNER)
        assert len(relay.received()) == 1
    assert [i.id for i in report.sent] == [item.id]
    sent = outbox.get_item(search, item.id)
    assert sent.state == "sent" and sent.sent_at == at and sent.communication
    assert queries.get_followup(search, CHECK_IN).status == FollowUpStatus.DONE
    logged = [c for c in queries.list_communications(search) if c.id == sent.communication]
    assert [c.summary for c in logged] == [SUBJECT]
    bare = item.message_id.strip("<>")
    seen = search.execute("SELECT COUNT(*) FROM mail_seen WHERE message_id = ?", [bare])
    assert seen.fetchone()[0] == 1
    # the copy in Sent, found by its Message-ID, marked read
    with mailbox.client() as client:
        client.select_folder("Sent", readonly=True)
        uids = client.search(["HEADER", "Message-ID", item.message_id])
        assert len(uids) == 1
        assert b"\\Seen" in client.get_flags(uids)[uids[0]]


# --- failures ----------------------------------------------------------------------------------


def test_a_wrong_password_fails_in_one_sentence_and_sends_nothing(search, smtp, caplog):
    add_account(search, smtp)
    item = queue(search)
    report = outbox_send.send_due(search, SLOT, passwords(smtp_password="wrong-pw"), OWNER)
    [(_, why)] = report.failed
    assert why == f"The server 127.0.0.1:{smtp.port} refused the user name or password for alex."
    assert outbox.get_item(search, item.id).state == "failed"
    assert queries.get_followup(search, CHECK_IN).status != FollowUpStatus.DONE
    assert not smtp.received()
    assert "wrong-pw" not in caplog.text


def test_a_refused_recipient_fails_and_says_who(search, smtp):
    add_account(search, smtp)
    item = queue(search, to_addr="reject-me@globex.example")
    [(_, why)] = outbox_send.send_due(search, SLOT, passwords(), OWNER).failed
    assert why == (
        f"The server 127.0.0.1:{smtp.port} refused the recipient reject-me@globex.example "
        "(550 5.1.1 No such user here)."
    )
    assert outbox.get_item(search, item.id).state == "failed" and not smtp.received()


def test_nothing_listening_leaves_it_queued_to_try_again(search, smtp):
    add_account(search, smtp, smtp_port=free_port())
    item = queue(search)
    [(_, why)] = outbox_send.send_due(search, SLOT, passwords(), OWNER).failed
    assert one_sentence(why) and "nothing answers" in why
    again = outbox.get_item(search, item.id)
    assert again.state == "queued" and again.reason == why and again.attempts == 1


def test_an_untrusted_certificate_fails_in_one_sentence(search, smtp, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE")
    add_account(search, smtp)
    item = queue(search)
    [(_, why)] = outbox_send.send_due(search, SLOT, passwords(), OWNER).failed
    assert (
        why == f"The certificate of 127.0.0.1:{smtp.port} does not verify: self-signed certificate."
    )
    assert outbox.get_item(search, item.id).state == "failed" and not smtp.received()


def test_tls_from_the_first_byte_sends(search, monkeypatch):
    skip_smtp_unless_available("ssl")
    with SmtpServer.running(security="ssl", users={"alex": "s3cret"}) as server:
        monkeypatch.setenv("SSL_CERT_FILE", str(server.cert_file))
        add_account(search, server)
        queue(search)
        assert len(outbox_send.send_due(search, SLOT, passwords(), OWNER).sent) == 1
        assert len(server.received()) == 1


def test_a_connection_dropped_after_the_message_went_is_held_and_never_sent_again(search, smtp):
    add_account(search, smtp)
    item = queue(search)
    smtp.drop_after_data()
    report = outbox_send.send_due(search, SLOT, passwords(), OWNER)
    [held] = report.held
    assert held.id == item.id and held.state == "held" and "may have been sent" in held.reason
    assert len(smtp.received()) == 1  # the server had it
    smtp.drop_after_data(False)
    later = outbox_send.send_due(search, SLOT + timedelta(hours=1), passwords(), OWNER)
    assert not later.sent and len(smtp.received()) == 1
    assert queries.get_followup(search, CHECK_IN).status != FollowUpStatus.DONE


def test_a_slot_slept_through_is_held_with_a_new_slot_offered_then_sent(search, smtp):
    add_account(search, smtp)
    item = queue(search)
    assert not outbox_send.send_due(search, SLOT - timedelta(hours=8), passwords(), OWNER).sent
    woke = SLOT + timedelta(hours=8)  # the laptop slept from before the slot until 8 h after it
    report = outbox_send.send_due(search, woke, passwords(), OWNER)
    [held] = report.held
    assert held.reason == ("This message missed its slot by 8 h; choose a new time or send it now.")
    assert not smtp.received()
    new_slot = outbox_send.next_slot(search, held, woke)
    assert new_slot == datetime(2026, 11, 27, 7, 30, tzinfo=UTC)  # Fri 27 Nov 08:30 Berlin
    outbox.release(search, item.id, new_slot, woke)
    assert not outbox_send.send_due(search, woke + timedelta(hours=1), passwords(), OWNER).sent
    assert len(outbox_send.send_due(search, new_slot, passwords(), OWNER).sent) == 1
    assert len(smtp.received()) == 1


def test_a_slot_missed_by_less_than_two_hours_is_sent_on_wake(search, smtp):
    add_account(search, smtp)
    queue(search)
    report = outbox_send.send_due(search, SLOT + timedelta(minutes=95), passwords(), OWNER)
    assert len(report.sent) == 1 and len(smtp.received()) == 1


def test_two_senders_at_once_deliver_each_message_once(search, smtp, db_path):
    add_account(search, smtp)
    for n in range(6):
        writes.save_contact(
            search, Contact(f"c{n}", "globex", f"Person {n}", email=f"p{n}@globex.example")
        )
    queue(search)
    outbox.queue(
        search, followup_id="sre-1/thank_you/gil", account="Work", to_addr="gil@globex.example",
        to_name="Gil", subject="Thank you", body="Thanks", send_at=SLOT, zone="Europe/Berlin",
        now=NOW,
    )  # fmt: skip
    reports: list = []

    def run(owner: str) -> None:
        conn = open_store(db_path)
        try:
            reports.append(outbox_send.send_due(conn, SLOT, passwords(), owner))
        finally:
            conn.close()

    threads = [threading.Thread(target=run, args=(f"instance-{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(len(r.sent) for r in reports) == 2
    subjects = sorted(m["Subject"] for _, m in smtp.received())
    assert subjects == sorted([SUBJECT, "Thank you"])


def test_a_message_left_sending_by_a_dead_process_is_looked_up_in_sent(search, mailbox):
    with SmtpServer.running(security="none") as relay:
        add_account(search, relay, mailbox)
        found, missing = queue(search), None
        writes_ok = outbox.claim_due(search, SLOT, "otherhost:1:dead")
        assert [i.id for i in writes_ok] == [found.id]
        account = mail_accounts.get_account(search, "Work")
        message = smtp_send.build_message(
            from_addr="alex@example.org", from_name="Alex", reply_to=None,
            to_addr="gil@globex.example", to_name="Gil", subject=SUBJECT, body=BODY,
            message_id=found.message_id, date=SLOT,
        )  # fmt: skip
        assert smtp_send.append_sent_copy(account, mailbox.password, message)
        # another host's claim is trusted for 5 minutes, then looked up
        soon = outbox_send.send_due(
            search, SLOT + timedelta(minutes=1), lambda n: mailbox.password, OWNER
        )
        assert not soon.sent and outbox.get_item(search, found.id).state == "sending"
        late = SLOT + timedelta(minutes=6)
        report = outbox_send.send_due(search, late, lambda n: mailbox.password, OWNER)
        assert [i.id for i in report.sent] == [found.id]
        assert queries.get_followup(search, CHECK_IN).status == FollowUpStatus.DONE
        assert not relay.received()  # found in Sent: never sent again
        del missing


def test_a_message_left_sending_and_not_in_sent_is_held_for_the_user(search, mailbox):
    with SmtpServer.running(security="none") as relay:
        add_account(search, relay, mailbox)
        item = queue(search)
        import socket

        dead = f"{socket.gethostname()}:999999:gone"  # no such process on this machine
        outbox.claim_due(search, SLOT, dead)
        report = outbox_send.send_due(
            search, SLOT + timedelta(seconds=5), lambda n: mailbox.password, OWNER
        )
        [held] = report.held
        assert held.id == item.id and held.reason == outbox.UNKNOWN_SENT
        assert not relay.received()


def test_send_error_sentences_never_hold_the_password(smtp, caplog):
    account = MailAccount("W", "alex", smtp_host="127.0.0.1", smtp_port=smtp.port,
                          smtp_security="starttls")  # fmt: skip
    message = smtp_send.build_message(
        from_addr="alex@example.org", from_name="", reply_to=None, to_addr="x@y.example",
        to_name="", subject="s", body="b", message_id="<m@example.org>", date=SLOT,
    )  # fmt: skip
    with pytest.raises(SendError) as caught:
        smtp_send.send(account, "Pa55-secret-word", message)
    assert "Pa55" not in str(caught.value) and caught.value.permanent
    assert "Pa55" not in caplog.text
