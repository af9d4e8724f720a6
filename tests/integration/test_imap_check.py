"""A mail check against a real IMAP server on loopback (Dovecot, tests/servers/dovecot.py): the
messages of issue 17 appended over IMAP and checked with services/mail/check.check_account.

What belongs to the search is logged or waits for review, the rest leaves no trace; a check of
an unchanged mailbox reads nothing; a recreated or renamed folder brings no duplicates; each
failure (wrong password, nothing listening, no answer, a connection cut mid-fetch, a
certificate that does not verify) is one sentence with nothing half-written; and a check killed
mid-fetch (SIGKILL) leaves the next run to process each message exactly once. Last, the
password store (services/mail/credentials.py) with no keyring, a working one and a broken one.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as FailKeyring
from keyring.errors import KeyringError, PasswordDeleteError

from followup_desktop.core.mail_account import MailAccount
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
from followup_desktop.services.mail import check, credentials
from followup_desktop.services.mail.imap_fetch import MailCheckError, fetch_new
from followup_desktop.store import mail_accounts, queries, writes
from followup_desktop.store.mail_apply import MailTally
from tests.builders import NOW
from tests.servers.dovecot import Mailbox, Proxy, free_port

REPO = Path(__file__).resolve().parents[2]
INVITE = REPO / "tests" / "fixtures" / "invites" / "google_calendar.ics"
ACCOUNT = "Home"
GERMAN_REJECTION = (
    "Sehr geehrter Herr Morgan,\n\nleider müssen wir Ihnen mitteilen, dass wir uns für einen "
    "anderen Kandidaten entschieden haben.\n\nMit freundlichen Grüßen\nJonas Becker"
)
THREAD_QUOTE = (
    "Sounds good, Tuesday at 10 works for us.\n\n"
    "On Fri, 20 Nov 2026 at 09:12, Alex Morgan <alex@example.org> wrote:\n"
    "> Thank you for your time on Thursday, I enjoyed the ledger discussion.\n"
    ">\n"
    "> On Thu, 19 Nov 2026, Dana Lee <dana@acme.example> wrote:\n"
    ">> Could you send us your availability for a second round?\n"
)

pytestmark = pytest.mark.slow


# --- the job search and the mail ------------------------------------------------------------


@pytest.fixture
def search(db):
    """Alex (alex@example.org); Acme (Dana, acme-be, interviewed Thu 19 Nov: a thank-you is
    pending), Lumen (Sam, lumen-ae, for the invitation), Northwind (Jonas, nw-sre)."""
    profile = Profile(name="Alex Morgan", email="alex@example.org", timezone="America/Chicago")
    writes.save_profile(db, profile, NOW)
    for company in (
        Company("acme", "Acme Corp", "America/New_York", "US"),
        Company("lumen", "Lumen Analytics", "America/Los_Angeles", "US"),
        Company("northwind", "Northwind Labs", "Europe/Berlin", "DE"),
    ):
        writes.save_company(db, company, NOW)
    for contact in (
        Contact("dana", "acme", "Dana Lee", email="dana@acme.example"),
        Contact("sam", "lumen", "Sam Ortiz", email="sam@lumen.example"),
        Contact("jonas", "northwind", "Jonas Becker", email="jonas@northwind.example"),
    ):
        writes.save_contact(db, contact)
    for app in (
        Application("acme-be", "acme", "Backend Engineer", Stage.INTERVIEWING),
        Application("lumen-ae", "lumen", "Analytics Engineer"),
        Application("nw-sre", "northwind", "SRE", Stage.INTERVIEWING),
    ):
        writes.save_application(db, app, NOW)
    start = datetime(2026, 11, 19, 15, tzinfo=UTC)
    interview = Interview("acme-be-1", "acme-be", start, None, 45, InterviewFormat.VIDEO, 1)
    writes.save_interview(db, replace(interview, interviewers=["dana"]), NOW)
    return db


def add_account(db, box: Mailbox, **changes: object) -> MailAccount:
    account = MailAccount(
        ACCOUNT,
        box.user,
        imap_host="127.0.0.1",
        imap_port=box.server.port,
        imap_security="none",
        from_addr="alex@example.org",
    )
    account = replace(account, **changes)  # type: ignore[arg-type]
    mail_accounts.save_account(db, account)
    return account


def mail(
    n: int,
    sender: str,
    subject: str,
    text: str,
    *,
    to: str = "Alex Morgan <alex@example.org>",
    at: datetime = NOW - timedelta(hours=3),
    **headers: str,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = at.strftime("%a, %d %b %Y %H:%M:%S +0000")
    message["Message-ID"] = f"<imap-{n}@test.example>"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(text)
    return message


def reply(n: int = 1, text: str = "Thanks Alex, we will decide by Friday.") -> EmailMessage:
    return mail(n, "Dana Lee <dana@acme.example>", "Re: Thank you", text)


def invitation(n: int) -> EmailMessage:
    message = mail(n, "Sam Ortiz <sam@lumen.example>", "Invitation: technical interview", "Hi!")
    message.add_attachment(
        INVITE.read_text(encoding="utf-8"),
        subtype="calendar",
        filename="invite.ics",
        params={"method": "REQUEST"},
    )
    return message


def thank_you(n: int, at: datetime = datetime(2026, 11, 20, 14, tzinfo=UTC)) -> EmailMessage:
    """The user's own thank-you to Dana, as it sits in Sent."""
    text = "Thank you for Thursday."
    return mail(
        n, "Alex Morgan <alex@example.org>", "Thank you", text, to="dana@acme.example", at=at
    )


def newsletter(n: int) -> EmailMessage:
    return mail(
        n,
        "Shop <news@shop.example>",
        "Black Friday: everything 70% off",
        "Unsubscribe at any time.",
        List_Id="<news.shop.example>",
        Precedence="bulk",
    )


def count(db, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def state(db) -> tuple:
    """Everything a check writes besides the account's status, to compare before and after."""
    tables = ("communications", "mail_seen", "mail_review", "mail_folder_state")
    rows = [db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in tables]
    return (*rows, queries.list_followups(db))


def responses(db, application: str) -> list[tuple[str, str]]:
    return [
        (str(c.direction), c.response)
        for c in sorted(queries.list_communications(db, [application]), key=lambda c: c.at)
    ]


def one_sentence(text: str) -> bool:
    return text.endswith(".") and ". " not in text and "\n" not in text


# --- what a check does ----------------------------------------------------------------------


def test_a_check_logs_what_belongs_to_the_search_and_nothing_else(search, mailbox, db_path, caplog):
    caplog.set_level(logging.DEBUG)
    add_account(search, mailbox)
    mailbox.append("INBOX", reply(1))
    mailbox.append("INBOX", reply(2, THREAD_QUOTE))
    ooo = mail(
        3,
        "Dana Lee <dana@acme.example>",
        "Out of office: Re: Thank you",
        "I am out of the office until Monday.",
        Auto_Submitted="auto-replied",
    )
    mailbox.append("INBOX", ooo)
    mailbox.append("INBOX", invitation(4))
    mailbox.append("INBOX", newsletter(5))
    mailbox.append("INBOX", mail(6, "jonas@northwind.example", "Ihre Bewerbung", GERMAN_REJECTION))
    mailbox.append("Sent", thank_you(7))
    assert queries.get_followup(search, "acme-be-1/thank_you/dana").status == "planned"

    tally = check.check_account(search, ACCOUNT, mailbox.password, NOW)

    assert tally == MailTally(logged=5, review=1, ignored=1)
    # The reply and the reply that quotes the thread: only their own text is logged.
    assert responses(search, "acme-be") == [
        ("sent", ""),
        ("received", "Thanks Alex, we will decide by Friday."),
        ("received", "Sounds good, Tuesday at 10 works for us."),
    ]
    # The user's thank-you in Sent marked the pending follow-up as sent.
    done = queries.get_followup(search, "acme-be-1/thank_you/dana")
    assert (done.status, done.done_at) == (
        FollowUpStatus.DONE,
        datetime(2026, 11, 20, 14, tzinfo=UTC),
    )
    # The out-of-office is noted as seen, never as a reply.
    outcomes = dict(search.execute("SELECT message_id, outcome FROM mail_seen").fetchall())
    assert outcomes["imap-3@test.example"] == "auto_reply"
    # The invitation went through the invite import: an interview for Lumen.
    [interview] = queries.list_interviews(search, ["lumen-ae"])
    assert interview.starts_at == datetime(2026, 12, 1, 17, tzinfo=UTC)
    assert outcomes["imap-4@test.example"] == "invite"
    # The German rejection is logged and suggests the stage change, for the user to confirm.
    kind, suggestion, application = search.execute(
        "SELECT kind, suggestion, application FROM mail_review"
    ).fetchone()
    assert (kind, suggestion, application) == ("stage", "rejected", "nw-sre")
    assert queries.get_application(search, "nw-sre").stage == Stage.INTERVIEWING
    # The newsletter is nowhere: not seen, not for review, not logged, not in the file at all.
    assert "imap-5@test.example" not in outcomes
    assert len(outcomes) == 6
    search.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    stored = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    assert b"shop.example" not in stored and b"Black Friday" not in stored
    # The password is in no log line and not in the file; no message was marked \Seen.
    assert mailbox.password.encode() not in stored
    assert mailbox.password not in caplog.text
    for folder in ("INBOX", "Sent"):
        assert all(b"\\Seen" not in flags for flags in mailbox.flags(folder).values())
    assert mail_accounts.folder_states(search, ACCOUNT) == {
        "INBOX": (mailbox.status("INBOX")[0], 6),
        "Sent": (mailbox.status("Sent")[0], 1),
    }
    account = mail_accounts.get_account(search, ACCOUNT)
    assert (account.last_checked, account.last_error, account.failures) == (NOW, None, 0)


def test_an_unchanged_mailbox_is_not_even_opened(search, mailbox):
    add_account(search, mailbox)
    mailbox.append("INBOX", reply(1))
    mailbox.append("Sent", thank_you(2))
    assert check.check_account(search, ACCOUNT, mailbox.password, NOW).logged == 2
    before = state(search)
    with Proxy(mailbox.server.port, trigger=b"EXAMINE") as proxy:
        add_account(search, mailbox, imap_port=proxy.port)
        plan = check.prepare(search, ACCOUNT, NOW)
        assert check.fetch(plan, mailbox.password) == []
        assert not proxy.triggered.is_set()  # STATUS only: no folder was opened
        assert check.apply(search, ACCOUNT, [], NOW) == MailTally()
    assert state(search) == before
    # New mail after that: only the new message is read.
    add_account(search, mailbox)
    mailbox.append("INBOX", reply(3, "One more thing: bring your laptop."))
    [batch] = check.fetch(check.prepare(search, ACCOUNT, NOW), mailbox.password)
    assert batch.folder == "INBOX"
    assert [m.message_id for m in batch.messages] == ["imap-3@test.example"]


def test_a_recreated_folder_with_a_new_uidvalidity_brings_no_duplicates(search, mailbox):
    add_account(search, mailbox)
    mailbox.append("INBOX", reply(1))
    mailbox.append("Sent", thank_you(2))
    assert check.check_account(search, ACCOUNT, mailbox.password, NOW).logged == 2
    validity = mailbox.status("Sent")[0]
    mailbox.recreate("Sent")  # what a server restored from a backup does, too
    assert mailbox.status("Sent")[0] != validity
    mailbox.append("Sent", thank_you(2))  # the same message again, under a new UIDVALIDITY
    later = thank_you(3, at=datetime(2026, 11, 21, 9, tzinfo=UTC))
    mailbox.append("Sent", later)

    tally = check.check_account(search, ACCOUNT, mailbox.password, NOW)

    assert tally == MailTally(logged=1, duplicates=1)
    assert sorted(d for d, _ in responses(search, "acme-be")) == ["received", "sent", "sent"]
    assert mail_accounts.folder_states(search, ACCOUNT)["Sent"] == (mailbox.status("Sent")[0], 2)
    assert check.check_account(search, ACCOUNT, mailbox.password, NOW) == MailTally()


def test_a_renamed_folder_brings_no_duplicates(search, mailbox):
    add_account(search, mailbox)
    mailbox.append("Sent", thank_you(1))
    mailbox.append("INBOX", reply(2))
    assert check.check_account(search, ACCOUNT, mailbox.password, NOW).logged == 2
    mailbox.rename("Sent", "Sent Items")  # both are \Sent; an empty "Sent" comes back
    mailbox.append("Sent Items", thank_you(3, at=datetime(2026, 11, 21, 9, tzinfo=UTC)))

    tally = check.check_account(search, ACCOUNT, mailbox.password, NOW)

    assert tally == MailTally(logged=1, duplicates=1)
    assert count(search, "communications") == 3
    assert set(mail_accounts.folder_states(search, ACCOUNT)) >= {"INBOX", "Sent", "Sent Items"}
    assert check.check_account(search, ACCOUNT, mailbox.password, NOW) == MailTally()


def test_without_special_use_the_sent_folder_is_found_by_its_name():
    from followup_desktop.services.mail.imap_fetch import _folders

    class Listing:
        def __init__(self, entries):
            self.entries = entries

        def list_folders(self):
            return self.entries

    plain = [((b"\\HasNoChildren",), b".", name) for name in ("INBOX", "Archive", "INBOX.Gesendet")]
    assert _folders(Listing(plain)) == ["INBOX.Gesendet", "INBOX"]
    flagged = [((b"\\Sent",), b"/", "Mail sent"), ((), b"/", "Sent"), ((), b"/", "INBOX")]
    assert _folders(Listing(flagged)) == ["Mail sent", "INBOX"]
    assert _folders(Listing([((b"\\Noselect",), b"/", "Sent"), ((), b"/", "INBOX")])) == ["INBOX"]


# --- failures: one sentence, nothing half-written ---------------------------------------------


def failed_check(db, password: str) -> str:
    before = state(db)
    with pytest.raises(MailCheckError) as raised:
        check.check_account(db, ACCOUNT, password, NOW)
    sentence = str(raised.value)
    assert one_sentence(sentence), sentence
    assert state(db) == before
    account = mail_accounts.get_account(db, ACCOUNT)
    assert (account.last_error, account.failures) == (sentence, 1)
    assert account.next_try == NOW + timedelta(minutes=5)
    return sentence


def test_a_wrong_password_is_one_sentence(search, mailbox, caplog):
    caplog.set_level(logging.DEBUG)
    add_account(search, mailbox)
    mailbox.append("INBOX", reply(1))
    sentence = failed_check(search, "not-the-password")
    port = mailbox.server.port
    assert sentence == (
        f"The server 127.0.0.1:{port} refused the user name or password for {mailbox.user}."
    )
    assert "not-the-password" not in caplog.text


def test_nothing_listening_is_one_sentence(search, mailbox):
    port = free_port()
    add_account(search, mailbox, imap_port=port)
    sentence = failed_check(search, mailbox.password)
    assert sentence == (
        f"The mail server 127.0.0.1:{port} could not be reached: nothing answers on that port."
    )


def test_a_server_that_never_answers_times_out():
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never greets
        account = MailAccount(
            "x",
            "alex",
            imap_host="127.0.0.1",
            imap_port=silent.getsockname()[1],
            imap_security="none",
        )
        started = time.monotonic()
        with pytest.raises(MailCheckError) as raised:
            fetch_new(account, "pw", {}, lambda m: True, NOW.date(), timeout=0.5)
    assert time.monotonic() - started < 5
    assert str(raised.value) == (
        f"The mail server 127.0.0.1:{account.imap_port} could not be reached: no answer in 0.5 "
        "seconds."
    )


def test_a_connection_cut_mid_fetch_saves_nothing(search, mailbox):
    for n in range(1, 4):
        mailbox.append("INBOX", reply(n, f"Reply number {n}. " + "Some words. " * 200))
    with Proxy(mailbox.server.port, cut_after=300) as proxy:
        add_account(search, mailbox, imap_port=proxy.port)
        sentence = failed_check(search, mailbox.password)
        assert proxy.triggered.is_set()
    assert sentence == (
        f"The server 127.0.0.1:{proxy.port} closed the connection during the check; nothing "
        "was saved from it."
    )
    assert count(search, "communications") == 0


def test_a_certificate_that_does_not_verify_is_one_sentence(search, mailbox):
    add_account(search, mailbox, imap_port=mailbox.server.tls_port, imap_security="ssl")
    sentence = failed_check(search, mailbox.password)
    assert sentence == (
        f"The certificate of 127.0.0.1:{mailbox.server.tls_port} does not verify: self-signed "
        "certificate."
    )


def test_a_starttls_certificate_that_does_not_verify_is_one_sentence(search, mailbox):
    add_account(search, mailbox, imap_security="starttls")
    sentence = failed_check(search, mailbox.password)
    assert sentence.startswith(f"The certificate of 127.0.0.1:{mailbox.server.port} does not")


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_a_trusted_certificate_checks_over_tls(search, mailbox, monkeypatch, security):
    monkeypatch.setenv("SSL_CERT_FILE", str(mailbox.server.cert_file))  # trust the test CA
    port = mailbox.server.tls_port if security == "ssl" else mailbox.server.port
    add_account(search, mailbox, imap_port=port, imap_security=security)
    mailbox.append("INBOX", reply(1))
    assert check.check_account(search, ACCOUNT, mailbox.password, NOW) == MailTally(logged=1)


# --- killed mid-fetch -----------------------------------------------------------------------


def cli_check(db_path: Path, password: str) -> subprocess.Popen[str]:
    """``mail check`` on the command line, in a process of its own (clock pinned at NOW)."""
    env = {**os.environ, "FOLLOWUP_DESKTOP_NOW": NOW.isoformat(), "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "followup_desktop", "--db", str(db_path), "mail", "check"]
    password_in, feed = os.pipe()
    os.write(feed, (password + "\n").encode())
    os.close(feed)
    try:
        return subprocess.Popen(
            [*command, ACCOUNT, "--password-stdin", "--json"],
            stdin=password_in,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )
    finally:
        os.close(password_in)


def kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=10)  # reaps it and closes its pipes
    assert process.returncode == -signal.SIGKILL


def fill_for_kill(box: Mailbox, first: int, last: int) -> None:
    for n in range(first, last + 1):
        box.append("INBOX", reply(n, f"Reply {n}: " + "we are still deciding. " * 40))


def test_a_check_killed_mid_fetch_leaves_the_next_run_each_message_once(search, mailbox, db_path):
    add_account(search, mailbox)
    fill_for_kill(mailbox, 1, 3)
    mailbox.append("Sent", thank_you(50))
    assert check.check_account(search, ACCOUNT, mailbox.password, NOW).logged == 4
    fill_for_kill(mailbox, 4, 12)
    before = state(search)
    with Proxy(mailbox.server.port, delay=0.02, step=256) as slow:
        add_account(search, mailbox, imap_port=slow.port)
        process = cli_check(db_path, mailbox.password)
        assert slow.triggered.wait(30), process.communicate()
        deadline = time.monotonic() + 10
        while slow.passed < 1024 and time.monotonic() < deadline:
            time.sleep(0.01)
        kill(process)  # mid-fetch: bodies are arriving
    assert state(search) == before  # the killed run wrote nothing at all

    add_account(search, mailbox)
    process = cli_check(db_path, mailbox.password)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert json.loads(out) == {"logged": 9, "review": 0, "ignored": 0, "duplicates": 0}
    ids = [row[0] for row in search.execute("SELECT message_id FROM mail_seen")]
    assert sorted(ids) == sorted([f"imap-{n}@test.example" for n in (*range(1, 13), 50)])
    assert count(search, "communications") == 13
    assert check.check_account(search, ACCOUNT, mailbox.password, NOW) == MailTally()


def finish(process: subprocess.Popen[str], when: object, db) -> tuple[object, ...]:
    """Kill ``process`` if it still runs; what it left behind."""
    if process.poll() is None:
        kill(process)
    else:
        process.communicate()
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    folders = sorted(row[0] for row in db.execute("SELECT folder FROM mail_folder_state"))
    return (when, process.returncode, count(db, "mail_seen"), folders)


def test_checks_killed_at_any_moment_still_process_each_message_once(search, mailbox, db_path):
    """SIGKILL at a spread of moments of a run (its length measured first, on a copy of the
    file): connecting, fetching, applying the Sent batch or the INBOX batch, after. Whatever a
    killed run managed, the next runs add the rest, and each message once."""
    add_account(search, mailbox)
    messages = 24
    for n in range(1, messages + 1):
        if n % 4 == 0:
            mailbox.append("Sent", thank_you(n))
        else:
            mailbox.append("INBOX", reply(n))
    copy = db_path.with_name("copy.sqlite3")
    search.execute("VACUUM INTO ?", [str(copy)])
    started = time.monotonic()
    out, err = cli_check(copy, mailbox.password).communicate(timeout=60)
    length = time.monotonic() - started
    assert json.loads(out)["logged"] == messages, err
    # Right after the first folder's transaction committed (the Sent batch), before INBOX's.
    process = cli_check(db_path, mailbox.password)
    while process.poll() is None and count(search, "mail_folder_state") == 0:
        time.sleep(0.0005)
    outcomes = [finish(process, "first commit", search)]
    for fraction in (0.2, 0.5, 0.7, 0.85, 0.95):  # starting, connecting, fetching, applying
        process = cli_check(db_path, mailbox.password)
        time.sleep(length * fraction)  # not Event.wait: under libfaketime its timeout never ends
        outcomes.append(finish(process, fraction, search))
    total = check.check_account(search, ACCOUNT, mailbox.password, NOW)
    assert total.duplicates == 0, outcomes
    assert count(search, "mail_seen") == messages
    ids = [row[0] for row in search.execute("SELECT id FROM communications")]
    assert len(ids) == len(set(ids)) == messages, outcomes
    assert check.check_account(search, ACCOUNT, mailbox.password, NOW) == MailTally()


def test_a_crash_between_two_folders_keeps_the_first_and_redoes_the_second(
    search, mailbox, monkeypatch
):
    """Each folder is one transaction with its watermark: a crash after the Sent batch leaves
    Sent applied and INBOX untouched, and the next check reads only INBOX again."""
    add_account(search, mailbox)
    mailbox.append("Sent", thank_you(1))
    mailbox.append("INBOX", reply(2))
    real = check.apply_messages
    calls = []

    def crash_on_the_second(db, messages, now, source, advance=None):
        calls.append(source)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process dies here
        return real(db, messages, now, source, advance)

    monkeypatch.setattr(check, "apply_messages", crash_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        check.check_account(search, ACCOUNT, mailbox.password, NOW)
    assert calls == [f"imap:{ACCOUNT}/Sent", f"imap:{ACCOUNT}/INBOX"]
    assert set(mail_accounts.folder_states(search, ACCOUNT)) == {"Sent"}
    assert [d for d, _ in responses(search, "acme-be")] == ["sent"]
    monkeypatch.setattr(check, "apply_messages", real)
    [batch] = check.fetch(check.prepare(search, ACCOUNT, NOW), mailbox.password)
    assert batch.folder == "INBOX"
    assert check.check_account(search, ACCOUNT, mailbox.password, NOW) == MailTally(logged=1)
    assert [d for d, _ in responses(search, "acme-be")] == ["sent", "received"]


# --- passwords --------------------------------------------------------------------------------


class _Vault(KeyringBackend):
    """A keyring backend for the tests: a dict, or one that fails at everything."""

    priority = 1

    def __init__(self, broken: bool = False) -> None:
        super().__init__()
        self.broken, self.items = broken, {}

    def _check(self) -> None:
        if self.broken:
            raise KeyringError("the vault is locked (secret: pw-hunter2)")

    def get_password(self, service, username):
        self._check()
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self._check()
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self._check()
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def vault():
    """Swap the process's keyring backend for the test, and restore it after."""
    previous = keyring.get_keyring()
    yield lambda backend: keyring.set_keyring(backend)
    keyring.set_keyring(previous)
    credentials.forget_password(ACCOUNT)


def test_without_a_keyring_the_password_lives_in_memory_only(vault):
    vault(FailKeyring())
    assert not credentials.keyring_available()
    assert credentials.set_password(ACCOUNT, "pw-hunter2") is False
    assert credentials.get_password(ACCOUNT) == "pw-hunter2"
    credentials.forget_password(ACCOUNT)
    assert credentials.get_password(ACCOUNT) is None


def test_a_keyring_keeps_the_password_and_forgets_it(vault):
    store = _Vault()
    vault(store)
    assert credentials.keyring_available()
    assert credentials.set_password(ACCOUNT, "pw-hunter2") is True
    assert store.items == {(credentials.SERVICE, ACCOUNT): "pw-hunter2"}
    assert credentials.get_password(ACCOUNT) == "pw-hunter2"
    credentials.forget_password(ACCOUNT)
    assert store.items == {} and credentials.get_password(ACCOUNT) is None
    credentials.forget_password(ACCOUNT)  # not there: no error


def test_a_failing_keyring_never_crashes_and_never_logs_the_password(vault, caplog):
    caplog.set_level(logging.DEBUG)
    vault(_Vault(broken=True))
    assert credentials.set_password(ACCOUNT, "pw-hunter2") is False
    assert credentials.get_password(ACCOUNT) == "pw-hunter2"  # from memory
    credentials.forget_password(ACCOUNT)
    assert credentials.get_password(ACCOUNT) is None
    assert "hunter2" not in caplog.text
    assert "KeyringError" in caplog.text
