"""The user's mail accounts and how far each IMAP folder was read (no Qt; never a password).

The settings come from the user (Settings or ``mail account add``); the status columns
(``last_checked``, ``last_error``, ``failures``, ``next_try``) from the mail checker. Saving the
settings keeps the status, so editing an account does not reset its backoff. Each write is one
transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from followup_desktop.core.instants import from_utc_text, to_utc_text
from followup_desktop.core.mail_account import SECURITIES, MailAccount, Security, validate
from followup_desktop.store.db import Database, StoreError, transaction

#: The first retry after a failure waits this long, doubling per failure up to BACKOFF_MAX.
BACKOFF_FIRST = timedelta(minutes=5)
BACKOFF_MAX = timedelta(minutes=60)

_SETTINGS = (
    "name",
    "user",
    "imap_host",
    "imap_port",
    "imap_security",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "from_addr",
    "reply_to",
)
_COLUMNS = (*_SETTINGS, "last_checked", "last_error", "failures", "next_try")


def _security(value: object) -> Security:
    for known in SECURITIES:
        if value == known:
            return known
    return "ssl"


def _instant(text: str | None) -> datetime | None:
    return from_utc_text(text) if text else None


def _account(row: tuple[Any, ...]) -> MailAccount:
    values = dict(zip(_COLUMNS, row, strict=True))
    return MailAccount(
        name=values["name"],
        user=values["user"],
        imap_host=values["imap_host"],
        imap_port=values["imap_port"],
        imap_security=_security(values["imap_security"]),
        smtp_host=values["smtp_host"],
        smtp_port=values["smtp_port"],
        smtp_security=_security(values["smtp_security"]),
        from_addr=values["from_addr"],
        reply_to=values["reply_to"],
        last_checked=_instant(values["last_checked"]),
        last_error=values["last_error"],
        failures=values["failures"] or 0,
        next_try=_instant(values["next_try"]),
    )


_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM mail_accounts"


def list_accounts(db: Database) -> list[MailAccount]:
    return [_account(row) for row in db.execute(f"{_SELECT} ORDER BY name").fetchall()]


def get_account(db: Database, name: str) -> MailAccount | None:
    row = db.execute(f"{_SELECT} WHERE name = ?", [name]).fetchone()
    return _account(row) if row else None


def _require(db: Database, name: str) -> MailAccount:
    found = get_account(db, name)
    if found is None:
        raise StoreError(f"There is no mail account {name!r}.")
    return found


def save_account(db: Database, account: MailAccount) -> None:
    """Add or change an account's settings (MailAccountError, one sentence, when they cannot
    work); how its last check went is kept."""
    account = validate(account)
    values = [getattr(account, column) for column in _SETTINGS]
    values[_SETTINGS.index("name")] = account.name.strip()
    values[_SETTINGS.index("user")] = account.user.strip()
    updates = ", ".join(f"{c} = excluded.{c}" for c in _SETTINGS if c != "name")
    with transaction(db):
        db.execute(
            f"INSERT INTO mail_accounts ({', '.join(_SETTINGS)}) "
            f"VALUES ({', '.join('?' * len(_SETTINGS))}) "
            f"ON CONFLICT (name) DO UPDATE SET {updates}",
            values,
        )


def remove_account(db: Database, name: str) -> bool:
    """Remove the account and how far its folders were read; False when there was none.
    (Messages already processed stay processed: mail_seen is by Message-ID, not account.)"""
    with transaction(db):
        db.execute("DELETE FROM mail_folder_state WHERE account = ?", [name])
        return db.execute("DELETE FROM mail_accounts WHERE name = ?", [name]).rowcount > 0


def folder_states(db: Database, name: str) -> dict[str, tuple[int, int]]:
    """Folder -> (UIDVALIDITY, the last UID processed) of one account."""
    rows = db.execute(
        "SELECT folder, uidvalidity, last_uid FROM mail_folder_state WHERE account = ?", [name]
    ).fetchall()
    return {folder: (validity, last) for folder, validity, last in rows}


def record_check_ok(db: Database, name: str, now: datetime) -> None:
    with transaction(db):
        _require(db, name)
        db.execute(
            "UPDATE mail_accounts SET last_checked = ?, last_error = NULL, failures = 0, "
            "next_try = NULL WHERE name = ?",
            [to_utc_text(now), name],
        )


def backoff(failures: int) -> timedelta:
    """How long to wait after ``failures`` failures in a row (5, 10, 20, 40, 60, 60… min)."""
    if failures < 1:
        return timedelta(0)
    return min(BACKOFF_FIRST * (1 << min(failures - 1, 16)), BACKOFF_MAX)


def record_check_failed(db: Database, name: str, sentence: str, now: datetime) -> MailAccount:
    """One more failure: the sentence to show, and when to try next (the backoff)."""
    with transaction(db):
        failures = _require(db, name).failures + 1
        db.execute(
            "UPDATE mail_accounts SET last_error = ?, failures = ?, next_try = ? WHERE name = ?",
            [sentence, failures, to_utc_text(now + backoff(failures)), name],
        )
        return _require(db, name)


def due_accounts(db: Database, now: datetime) -> list[MailAccount]:
    """Accounts with an IMAP server whose backoff (if any) is over."""
    return [
        account
        for account in list_accounts(db)
        if account.has_imap and (account.next_try is None or account.next_try <= now)
    ]


def advance_folder(
    db: Database, account: str, folder: str, uidvalidity: int, last_uid: int
) -> None:
    """Move a folder's watermark (call inside the transaction that applied its messages). The
    same UIDVALIDITY never moves it back; a new one replaces it."""
    db.execute(
        "INSERT INTO mail_folder_state (account, folder, uidvalidity, last_uid) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (account, folder) DO UPDATE SET "
        "last_uid = CASE WHEN uidvalidity = excluded.uidvalidity "
        "THEN max(last_uid, excluded.last_uid) ELSE excluded.last_uid END, "
        "uidvalidity = excluded.uidvalidity",
        [account, folder, uidvalidity, last_uid],
    )
