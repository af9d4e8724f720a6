"""The mail checker (services/mail/mail_checker.py) against a real IMAP server on loopback
(Dovecot, tests/servers/dovecot.py): the fetch runs on a worker thread while the window's event
loop keeps turning, the result is applied on the GUI thread, a check is never started twice, a
failure is one sentence with a backoff the timer honours, and the app wiring (app/mail_wiring.py)
builds nothing until there is an account and asks for a password once per session."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import QTimer

from followup_desktop.app import mail_wiring
from followup_desktop.core.mail_account import MailAccount
from followup_desktop.core.model import Application, Company, Contact, Interview, Profile, Stage
from followup_desktop.services.mail import check, credentials, mail_checker
from followup_desktop.services.mail.mail_checker import MailChecker
from followup_desktop.store import mail_accounts, queries, writes
from followup_desktop.store.mail_apply import MailTally
from tests.builders import NOW
from tests.servers.dovecot import Dovecot, Mailbox, Proxy, free_port, skip_unless_available

ACCOUNT = "Home"


@pytest.fixture(scope="module")
def server() -> Iterator[Dovecot]:
    skip_unless_available()
    with Dovecot.running() as running:
        yield running


@pytest.fixture
def mailbox(server) -> Mailbox:
    return server.fresh_mailbox()


@pytest.fixture(autouse=True)
def _no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    yield
    credentials.forget_password(ACCOUNT)
    keyring.set_keyring(previous)


@pytest.fixture
def search(db):
    writes.save_profile(db, Profile(name="Alex", email="alex@example.org", timezone="UTC"), NOW)
    writes.save_company(db, Company("acme", "Acme Corp", "America/New_York"), NOW)
    writes.save_contact(db, Contact("dana", "acme", "Dana Lee", email="dana@acme.example"))
    writes.save_application(
        db, Application("acme-be", "acme", "Backend Engineer", Stage.INTERVIEWING), NOW
    )
    start = datetime(2026, 11, 19, 15, tzinfo=UTC)
    writes.save_interview(db, Interview("acme-be-1", "acme-be", start, interviewers=["dana"]), NOW)
    return db


def message(n: int, sender: str, subject: str, text: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "Alex <alex@example.org>"
    mail["Subject"] = subject
    mail["Date"] = (NOW - timedelta(hours=2)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    mail["Message-ID"] = f"<check-{n}@test.example>"
    mail.set_content(text)
    return mail


def add_account(db, port: int, user: str = "alex") -> MailAccount:
    account = MailAccount(
        ACCOUNT, user, imap_host="127.0.0.1", imap_port=port, imap_security="none"
    )
    mail_accounts.save_account(db, account)
    return account


class Clock:
    def __init__(self) -> None:
        self.at = NOW

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_a_check_fetches_off_the_gui_thread_and_applies_on_it(
    search, mailbox, clock, qtbot, monkeypatch
):
    mailbox.append("INBOX", message(1, "Dana Lee <dana@acme.example>", "Re: Thanks", "Yes!"))
    mailbox.append("INBOX", message(2, "news@shop.example", "Deals", "70% off"))
    threads: dict[str, threading.Thread] = {}
    real_fetch, real_apply = check.fetch, mail_checker.apply_messages

    def fetch(plan, password):
        threads["fetch"] = threading.current_thread()
        return real_fetch(plan, password)

    def apply(*args):
        threads["apply"] = threading.current_thread()
        return real_apply(*args)

    monkeypatch.setattr(check, "fetch", fetch)
    monkeypatch.setattr(mail_checker, "apply_messages", apply)
    with Proxy(mailbox.server.port, delay=0.002, step=64) as slow:  # the bodies come slowly
        add_account(search, slow.port, mailbox.user)
        checker = MailChecker(search, clock, lambda name: mailbox.password)
        turns: list[int] = []
        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(lambda: turns.append(1) if "fetch" in threads else None)
        timer.start()
        results: list[tuple[str, object]] = []
        checker.checked.connect(lambda name, tally: results.append((name, tally)))
        statuses: list[str] = []
        checker.status.connect(statuses.append)
        with qtbot.waitSignal(checker.busy_changed, timeout=30_000) as started:
            assert checker.check_now()
        assert started.args == [True]
        assert not checker.check_now()  # never twice at once
        with qtbot.waitSignal(checker.busy_changed, timeout=30_000) as ended:
            pass
        timer.stop()
    assert ended.args == [False]
    assert threads["fetch"] is not threading.main_thread()
    assert threads["apply"] is threading.main_thread()
    assert len(turns) >= 3  # the event loop kept turning while the server was being read
    assert results == [(ACCOUNT, MailTally(logged=1))]  # the newsletter: never even fetched
    assert statuses == [
        "Mail: checking…",
        "Mail: a check is already running.",
        "Mail: checked 15:00",
    ]
    [comm] = queries.list_communications(search, ["acme-be"])
    assert (comm.summary, comm.response) == ("Re: Thanks", "Yes!")
    assert mail_accounts.get_account(search, ACCOUNT).last_checked == NOW


def test_an_unreachable_server_fails_in_one_sentence_and_backs_off(search, clock, qtbot):
    add_account(search, free_port())  # nothing listens there
    checker = MailChecker(search, clock, lambda name: "s3cret")
    failures: list[tuple[str, str]] = []
    checker.failed.connect(lambda name, text: failures.append((name, text)))
    with qtbot.waitSignal(checker.busy_changed, timeout=30_000, check_params_cb=lambda b: not b):
        assert checker.tick()
    [(name, text)] = failures
    assert name == ACCOUNT and text.endswith(".") and "\n" not in text
    account = mail_accounts.get_account(search, ACCOUNT)
    assert (account.failures, account.last_error) == (1, text)
    assert account.next_try == NOW + timedelta(minutes=5)
    assert not checker.tick()  # in its backoff: the timer leaves it alone
    clock.at = NOW + timedelta(minutes=5)
    with qtbot.waitSignal(checker.busy_changed, timeout=30_000, check_params_cb=lambda b: not b):
        assert checker.tick()
    assert mail_accounts.get_account(search, ACCOUNT).next_try == NOW + timedelta(minutes=15)


def test_check_now_is_the_users_and_skips_the_backoff(search, clock, qtbot):
    add_account(search, free_port())
    mail_accounts.record_check_failed(search, ACCOUNT, "The server is offline.", NOW)
    checker = MailChecker(search, clock, lambda name: "s3cret")
    assert not checker.tick()
    with qtbot.waitSignal(checker.busy_changed, timeout=30_000, check_params_cb=lambda b: not b):
        assert checker.check_now(ACCOUNT)
    assert mail_accounts.get_account(search, ACCOUNT).failures == 2


def test_without_a_password_nothing_is_fetched_or_recorded(search, clock, qtbot):
    add_account(search, free_port())
    checker = MailChecker(search, clock, lambda name: None)
    failures: list[str] = []
    checker.failed.connect(lambda name, text: failures.append(text))
    statuses: list[str] = []
    checker.status.connect(statuses.append)
    assert checker.check_now()
    assert failures == ["No password is known for the mail account Home."]
    assert statuses[-1] == "Mail: No password is known for the mail account Home."
    assert not checker.busy
    assert mail_accounts.get_account(search, ACCOUNT).failures == 0


def test_start_checks_soon_then_every_five_minutes(search, clock, qtbot):
    add_account(search, free_port())
    checker = MailChecker(search, clock, lambda name: "s3cret", first_check_ms=10)
    assert checker.timer.interval() == 5 * 60 * 1000
    checker.start()
    assert checker.timer.isActive()
    with qtbot.waitSignal(checker.failed, timeout=30_000):
        pass  # the first check, a few milliseconds after start
    qtbot.waitUntil(lambda: not checker.busy, timeout=30_000)
    checker.stop()
    assert not checker.timer.isActive()


# --- the wiring -----------------------------------------------------------------------------


@pytest.fixture
def window(make_window, search):
    return make_window(search)


def test_no_account_no_checker_until_one_is_added(window, search, clock, monkeypatch):
    parts = mail_wiring.attach_mail(window, search, clock)
    assert parts.checker is None  # nothing touches the network
    add_account(search, free_port())
    window.mail.accounts_changed.emit()
    assert isinstance(parts.checker, MailChecker)
    assert parts.checker.timer.isActive()
    parts.close()
    assert not parts.checker.timer.isActive()


def test_the_password_is_asked_once_per_session(window, search, clock, monkeypatch):
    add_account(search, free_port())
    asked: list[tuple[str, str]] = []
    answers = [None, "s3cret"]

    def ask(parent, name, user):
        asked.append((name, user))
        return answers.pop(0)

    monkeypatch.setattr(mail_wiring, "ask_password", ask)
    parts = mail_wiring.MailParts(window, search, clock)
    assert parts.password_for(ACCOUNT) is None  # declined
    assert parts.password_for(ACCOUNT) is None  # not asked again by the timer
    assert asked == [(ACCOUNT, "alex")]
    parts.check_requested(ACCOUNT)  # Check now: the user asks, so ask again
    parts.checker.wait(30)
    assert asked == [(ACCOUNT, "alex")] * 2
    assert credentials.get_password(ACCOUNT) == "s3cret"  # kept for this session
    assert parts.password_for(ACCOUNT) == "s3cret"
    assert len(asked) == 2
    parts.close()


def test_a_check_that_logged_something_refreshes_the_window(window, search, clock, qtbot):
    parts = mail_wiring.MailParts(window, search, clock)
    refreshed: list[object] = []
    window.counts_changed.connect(lambda *_: refreshed.append(1))
    parts.checked(ACCOUNT, MailTally())
    assert refreshed == []
    parts.checked(ACCOUNT, MailTally(logged=2, review=1))
    assert refreshed and window.statusBar().currentMessage() == (
        "Mail: 2 replies logged, 1 waits for review."
    )
    window.mail.checker_said("Mail: checked 15:00")
    assert window.mail.button.text() == "Mail: checked 15:00"


def test_the_status_line_names_the_account_when_there_are_several(search, clock, qtbot):
    add_account(search, free_port())
    other = replace(mail_accounts.get_account(search, ACCOUNT), name="Work")
    mail_accounts.save_account(search, other)
    checker = MailChecker(search, clock, lambda name: None)
    statuses: list[str] = []
    checker.status.connect(statuses.append)
    checker.check_now()
    assert statuses[-1] == "Mail (Work): No password is known for the mail account Work."
