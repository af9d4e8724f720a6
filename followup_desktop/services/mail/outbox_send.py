"""Sending what the outbox holds, exactly once (issue 18).

One send walks the state machine of store/outbox.py: ``claim_due`` moves a due message from
*queued* to *sending* in one transaction (two processes never claim the same one; its
Message-ID was written when it was queued); the SMTP server accepts it; a copy goes to the
IMAP Sent folder; ``mark_sent`` logs it and marks the follow-up done in one transaction. A
process killed anywhere in between leaves the message in *sending*, and nothing sends it again
by itself: ``resolve_stranded`` looks for its Message-ID in the Sent folder (sent: recorded as
sent) and, where that cannot tell, holds it for the user to decide. So a message can be held
that was in fact never sent, but none is ever delivered twice.

``send_due`` is what the command line's ``outbox send-due`` and the running app's timer call.
It reads and writes the database on the calling thread; ``deliver`` is the network part.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from followup_desktop.core import outbox_rules, planner
from followup_desktop.core.calendar import BusinessCalendar
from followup_desktop.core.mail_account import MailAccount
from followup_desktop.core.when_text import safe_zone
from followup_desktop.services.mail import smtp_send
from followup_desktop.services.mail.smtp_send import SendError
from followup_desktop.store import mail_accounts, outbox, queries
from followup_desktop.store.db import Database
from followup_desktop.store.outbox import OutboxItem

log = logging.getLogger(__name__)

PasswordFor = Callable[[str], "str | None"]
#: A message in *sending* claimed longer ago than this belongs to a process that died: a live
#: send ends within its timeouts (30 s SMTP, 20 s IMAP), so another instance is never overtaken.
STALE_AFTER = timedelta(minutes=5)


@dataclass
class SendReport:
    """What one round did: the messages sent, held (with why) and failed (with why)."""

    sent: list[OutboxItem] = field(default_factory=list)
    held: list[OutboxItem] = field(default_factory=list)
    failed: list[tuple[OutboxItem, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "sent": [item.id for item in self.sent],
            "held": [{"id": item.id, "reason": item.reason} for item in self.held],
            "failed": [{"id": item.id, "reason": why} for item, why in self.failed],
        }

    def sentence(self) -> str:
        parts = []
        if self.sent:
            parts.append(f"{len(self.sent)} sent")
        if self.held:
            parts.append(f"{len(self.held)} held")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        return (", ".join(parts) or "nothing was due") + "."


def _message(db: Database, item: OutboxItem, account: MailAccount, now: datetime):
    profile = queries.get_profile(db)
    return smtp_send.build_message(
        from_addr=account.sender,
        from_name=profile.name,
        reply_to=account.reply_to,
        to_addr=item.to_addr,
        to_name=item.to_name,
        subject=item.subject,
        body=item.body,
        message_id=item.message_id,
        date=now.astimezone(safe_zone(profile.timezone)),
    )


def deliver(account: MailAccount, password: str, message) -> None:
    """The network part: SMTP, then the Sent copy (best effort). SendError when SMTP failed."""
    smtp_send.send(account, password, message)
    try:
        smtp_send.append_sent_copy(account, password, message)
    except Exception as exc:  # the message went out; a missing copy is not a failed send
        log.warning("the Sent copy of %s was not saved: %s", message["Message-ID"], exc)


def employer_calendar(db: Database, application_id: str | None) -> BusinessCalendar | None:
    """The business calendar of the employer of ``application_id`` (None when it is gone)."""
    application = queries.get_application(db, application_id) if application_id else None
    company = queries.get_company(db, application.company) if application else None
    if company is None:
        return None
    return planner.employer_calendar(queries.get_profile(db), company)


def next_slot(db: Database, item: OutboxItem, now: datetime) -> datetime:
    """The employer's next send slot after ``now`` for a held message (``now`` itself when the
    employer is unknown)."""
    calendar = employer_calendar(db, item.application)
    return outbox_rules.next_slot(now, calendar) if calendar is not None else now


def send_due(
    db: Database,
    now: datetime,
    password_for: PasswordFor,
    owner: str,
    limit: timedelta | None = None,
) -> SendReport:
    """Resolve messages left in *sending* by a process that died, then send what is due (a
    slot missed by ``limit`` or more is held: the user is asked; by default the setting,
    store/outbox.late_limit)."""
    report = SendReport()
    resolve_stranded(db, now, password_for, owner, report)
    late = limit if limit is not None else outbox.late_limit(db)
    for item in outbox.claim_due(db, now, owner, late, held=report.held):
        _send_one(db, item, now, password_for, report)
    return report


def _send_one(
    db: Database, item: OutboxItem, now: datetime, password_for: PasswordFor, report: SendReport
) -> None:
    account = mail_accounts.get_account(db, item.account)
    if account is None or not account.has_smtp:
        why = f"The mail account {item.account!r} has no SMTP server any more."
        report.failed.append((outbox.mark_failed(db, item.id, why, now, retry=False), why))
        return
    password = password_for(account.name)
    if password is None:
        why = f"No password is known for the mail account {account.name}."
        report.failed.append((outbox.mark_failed(db, item.id, why, now, retry=True), why))
        return
    try:
        deliver(account, password, _message(db, item, account, now))
    except SendError as error:
        why = str(error)
        if error.uncertain:  # it may have gone: never again by itself, the user decides
            held = outbox.resolve_stranded(db, item.id, was_sent=None, now=now, reason=why)
            report.held.append(held)
            return
        failed = outbox.mark_failed(db, item.id, why, now, retry=not error.permanent)
        report.failed.append((failed, why))
        return
    report.sent.append(outbox.mark_sent(db, item.id, now))


def _may_be_alive(item: OutboxItem, now: datetime) -> bool:
    """Whether the process that claimed ``item`` may still be sending it: a process of this
    computer that no longer exists is dead at once; any other waits out STALE_AFTER."""
    claimed = item.claimed_at or item.queued_at
    if now - claimed >= STALE_AFTER:
        return False
    host, _, rest = (item.claimed_by or "").partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return True
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, owned by someone else
        return True
    return True


def owner_name() -> str:
    """This process, as claim_due records it: host, pid and a token of this run."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def resolve_stranded(
    db: Database,
    now: datetime,
    password_for: PasswordFor,
    owner: str,
    report: SendReport | None = None,
) -> None:
    """Messages in *sending* claimed more than STALE_AFTER ago by another process (it died
    mid-send): sent when
    the Sent folder has their Message-ID, else held for the user (never sent again blindly)."""
    for item in outbox.stranded(db):
        if item.claimed_by == owner or _may_be_alive(item, now):
            continue
        found: bool | None = None
        account = mail_accounts.get_account(db, item.account)
        password = password_for(item.account) if account is not None else None
        if account is not None and account.has_imap and password is not None:
            try:
                found = smtp_send.sent_copy_exists(account, password, item.message_id)
            except Exception as exc:  # cannot tell: the user decides
                log.warning("looking for %s in Sent failed: %s", item.message_id, exc)
        resolved = outbox.resolve_stranded(db, item.id, was_sent=True if found else None, now=now)
        if report is not None:
            (report.sent if resolved.state == "sent" else report.held).append(resolved)
