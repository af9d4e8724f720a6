"""One check of one mail account, in the three steps the app runs on two threads.

``prepare`` reads the database (the GUI thread), ``fetch`` talks to the server and nothing else
(a worker thread), ``apply`` writes what came back (the GUI thread again): one transaction per
folder, carrying that folder's new watermark, so a crash or a kill between two of them leaves
every folder either fully applied or untouched. ``fail`` records a failed check and its backoff.
``check_account`` runs the steps in a row (the command line).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from followup_desktop.core.mail_account import MailAccount
from followup_desktop.core.mail_files import MailMessage
from followup_desktop.core.mail_match import MailIndex
from followup_desktop.services.mail.imap_fetch import FolderBatch, MailCheckError, fetch_new
from followup_desktop.store import mail_accounts
from followup_desktop.store.db import Database
from followup_desktop.store.mail_apply import FolderAdvance, MailTally, apply_messages, load_index

#: A folder read for the first time (or recreated) is read from this long ago on.
SINCE = timedelta(days=90)
#: Seconds a server may stay silent before the check gives up.
TIMEOUT = 20.0


@dataclass(frozen=True)
class CheckPlan:
    """What the worker thread needs: the account, how far each folder was read, the index."""

    account: MailAccount
    known: dict[str, tuple[int, int]]
    index: MailIndex
    since: date


def prepare(db: Database, name: str, now: datetime) -> CheckPlan:
    """Read what a check of ``name`` needs (MailCheckError when it cannot be checked)."""
    account = mail_accounts.get_account(db, name)
    if account is None:
        raise MailCheckError(f"There is no mail account {name!r}.")
    if not account.has_imap:
        raise MailCheckError(f"The mail account {name!r} has no IMAP server.")
    return CheckPlan(
        account=account,
        known=mail_accounts.folder_states(db, name),
        index=load_index(db),
        since=(now - SINCE).date(),
    )


def fetch(plan: CheckPlan, password: str) -> list[FolderBatch]:
    """The new mail of the plan's account (network only; MailCheckError on failure)."""
    return fetch_new(
        plan.account, password, plan.known, _wanted(plan.index), plan.since, timeout=TIMEOUT
    )


def _wanted(index: MailIndex) -> Callable[[MailMessage], bool]:
    """The index's header test, plus answers to a wanted message of the same check (a reply
    to a mail the user sent that the Sent folder, read first, just brought in)."""
    fresh: set[str] = set()

    def wanted(message: MailMessage) -> bool:
        thread = (message.in_reply_to, *message.references)
        if index.is_relevant(message) or any(mid in fresh for mid in thread if mid):
            fresh.add(message.message_id)
            return True
        return False

    return wanted


def apply(db: Database, name: str, batches: list[FolderBatch], now: datetime) -> MailTally:
    """Write the fetched mail, one transaction per folder with its watermark; then note the
    check as done (last_checked, the error and backoff cleared)."""
    tally = MailTally()
    for batch in batches:
        advance = FolderAdvance(name, batch.folder, batch.uidvalidity, batch.last_uid)
        tally += apply_messages(db, batch.messages, now, f"imap:{name}/{batch.folder}", advance)
    mail_accounts.record_check_ok(db, name, now)
    return tally


def fail(db: Database, name: str, error: MailCheckError, now: datetime) -> MailAccount:
    """Record a failed check: its sentence, and when to try again (the backoff)."""
    return mail_accounts.record_check_failed(db, name, str(error), now)


def check_account(db: Database, name: str, password: str, now: datetime) -> MailTally:
    """prepare, fetch, apply; on a failed fetch, ``fail`` and MailCheckError again."""
    plan = prepare(db, name, now)
    try:
        batches = fetch(plan, password)
    except MailCheckError as error:
        fail(db, name, error, now)
        raise
    return apply(db, name, batches, now)
