"""Mail accounts in the store (store/mail_accounts): settings saved without a password, the
status of the last check kept across edits, backoff after failures, folder watermarks."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from followup_desktop.core.mail_account import MailAccount, MailAccountError
from followup_desktop.store import mail_accounts
from followup_desktop.store.db import StoreError
from followup_desktop.store.mail_apply import FolderAdvance, apply_messages
from tests.builders import NOW

WORK = MailAccount(
    "Work",
    "alex@example.org",
    imap_host="imap.example.org",
    smtp_host="smtp.example.org",
    smtp_security="starttls",
    from_addr="Alex Morgan <alex@example.org>",
)


def test_an_account_round_trips_and_no_column_holds_a_password(db):
    mail_accounts.save_account(db, WORK)
    assert mail_accounts.get_account(db, "Work") == WORK
    assert mail_accounts.list_accounts(db) == [WORK]
    assert mail_accounts.get_account(db, "Other") is None
    columns = {r[1] for r in db.execute("PRAGMA table_info(mail_accounts)")}
    assert not any("pass" in c or "secret" in c for c in columns)


def test_bad_settings_are_refused_with_one_sentence(db):
    with pytest.raises(MailAccountError, match=r"only for 127\.0\.0\.1"):
        mail_accounts.save_account(db, replace(WORK, imap_security="none"))
    assert mail_accounts.list_accounts(db) == []


def test_editing_keeps_how_the_last_check_went(db):
    mail_accounts.save_account(db, WORK)
    failed = mail_accounts.record_check_failed(db, "Work", "The server is offline.", NOW)
    assert (failed.failures, failed.last_error) == (1, "The server is offline.")
    mail_accounts.save_account(db, replace(WORK, imap_port=1993))
    edited = mail_accounts.get_account(db, "Work")
    assert edited is not None
    assert (edited.imap_port, edited.failures, edited.next_try) == (1993, 1, failed.next_try)


def test_failures_back_off_up_to_an_hour_and_a_good_check_clears_them(db):
    mail_accounts.save_account(db, WORK)
    waits = []
    for _ in range(6):
        account = mail_accounts.record_check_failed(db, "Work", "Wrong password.", NOW)
        assert account.next_try is not None
        waits.append(account.next_try - NOW)
    assert waits == [timedelta(minutes=m) for m in (5, 10, 20, 40, 60, 60)]
    assert mail_accounts.due_accounts(db, NOW) == []
    assert [a.name for a in mail_accounts.due_accounts(db, NOW + timedelta(hours=1))] == ["Work"]
    mail_accounts.record_check_ok(db, "Work", NOW)
    ok = mail_accounts.get_account(db, "Work")
    assert ok is not None
    assert (ok.last_checked, ok.last_error, ok.failures, ok.next_try) == (NOW, None, 0, None)
    assert mail_accounts.due_accounts(db, NOW) == [ok]


def test_an_smtp_only_account_is_never_due_for_a_check(db):
    mail_accounts.save_account(db, replace(WORK, name="Send", imap_host=None))
    assert mail_accounts.due_accounts(db, NOW) == []


def test_status_of_an_unknown_account(db):
    with pytest.raises(StoreError, match="no mail account 'Nope'"):
        mail_accounts.record_check_ok(db, "Nope", NOW)


def test_removing_an_account_forgets_its_folders_but_not_what_was_seen(db):
    mail_accounts.save_account(db, WORK)
    apply_messages(db, [], NOW, "imap", FolderAdvance("Work", "INBOX", 3, 10))
    apply_messages(db, [], NOW, "imap", FolderAdvance("Work", "Sent", 4, 2))
    assert mail_accounts.folder_states(db, "Work") == {"INBOX": (3, 10), "Sent": (4, 2)}
    assert mail_accounts.remove_account(db, "Work") is True
    assert mail_accounts.folder_states(db, "Work") == {}
    assert mail_accounts.remove_account(db, "Work") is False
