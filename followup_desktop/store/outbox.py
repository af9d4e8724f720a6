"""The outbox: messages waiting to be sent at their slot over the user's own SMTP (no Qt).

Each message is in one state: ``queued`` -> ``sending`` -> ``sent`` | ``failed`` | ``held``, or
``cancelled`` by the user. Its Message-ID is made and stored when it is queued, before any
attempt to send, so a message found in ``sending`` after a crash can be looked up in the Sent
folder. Moving an item to ``sending`` (:func:`claim_due`) is one ``BEGIN IMMEDIATE``
transaction, so two processes never both claim it; :func:`mark_sent` marks the follow-up done
and logs the sent mail (with its Message-ID, so replies thread to it) in one transaction,
after the server accepted the message. Every write is one transaction; every refusal is an
:class:`OutboxError` of one sentence.
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from followup_desktop.core.instants import from_utc_text, to_utc_text
from followup_desktop.core.instants import zone as zone_of
from followup_desktop.core.model import (
    ENDED_STAGES,
    PENDING_STATUSES,
    Channel,
    Communication,
    Direction,
    FollowUpStatus,
    Stage,
)
from followup_desktop.core.outbox_rules import (
    LATE_LIMIT,
    late_sentence,
    late_verdict,
    make_message_id,
)
from followup_desktop.store import mail_accounts, queries
from followup_desktop.store.db import Database, StoreError, transaction
from followup_desktop.store.mail_log import log_mail, mail_comm_id, mark_seen

STATES = ("queued", "sending", "sent", "failed", "held", "cancelled")
#: Stages after which a queued message is no longer wanted (the stage ended).
STOP_STAGES = frozenset(ENDED_STAGES | {Stage.OFFER, Stage.ACCEPTED, Stage.DECLINED})
UNKNOWN_SENT = (
    "The app stopped while sending this message, so it may or may not have been sent; "
    "check your Sent folder before sending it again."
)
RETRY_FIRST, RETRY_MOST = timedelta(minutes=1), timedelta(minutes=15)
INTERRUPTED = "The last attempt to send was interrupted before the server accepted it."


class OutboxError(StoreError):
    """An outbox action that cannot be done; the message is one sentence naming the cause."""


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    followup: str | None
    application: str | None
    contact: str | None
    account: str
    to_addr: str
    to_name: str
    subject: str
    body: str
    message_id: str  # '<hex@domain>', made when queued
    send_at: datetime  # aware, UTC
    zone: str  # the employer zone the slot is in
    state: str
    reason: str
    attempts: int
    claimed_by: str | None
    claimed_at: datetime | None
    queued_at: datetime
    sent_at: datetime | None
    communication: str | None


_COLUMNS = (
    "id",
    "followup",
    "application",
    "contact",
    "account",
    "to_addr",
    "to_name",
    "subject",
    "body",
    "message_id",
    "send_at",
    "zone",
    "state",
    "reason",
    "attempts",
    "claimed_by",
    "claimed_at",
    "queued_at",
    "sent_at",
    "communication",
)
_INSTANTS = ("send_at", "claimed_at", "queued_at", "sent_at")
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM outbox"


_INSTANT_AT = tuple(_COLUMNS.index(name) for name in _INSTANTS)


def _item(row: tuple[Any, ...]) -> OutboxItem:
    values = list(row)
    for at in _INSTANT_AT:
        if values[at]:
            values[at] = from_utc_text(values[at])
    return OutboxItem(*values)


@contextlib.contextmanager
def _immediate(db: Database) -> Iterator[Database]:
    """One transaction that takes the write lock at its start (``BEGIN IMMEDIATE``): what it
    reads cannot change before it writes, in this process or another."""
    conn = db.conn
    if conn.in_transaction:  # inside a caller's transaction: a savepoint of it
        with transaction(db):
            yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise OutboxError(f"The database is busy or cannot be written ({exc}).") from exc
    try:
        with transaction(db):
            yield db
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def list_items(
    db: Database, states: Collection[str] | None = None, *, bodies: bool = True
) -> list[OutboxItem]:
    """The outbox by send time (then id); only ``states`` when given. Without ``bodies`` each
    body is "" (a list of 1,000 reads a tenth of the text; get_item has the whole message)."""
    select = _SELECT if bodies else _SELECT.replace(", body,", ", '' AS body,")
    if states is None:
        rows = db.execute(f"{select} ORDER BY send_at, id").fetchall()
    else:
        wanted = list(states)
        marks = ", ".join("?" * len(wanted))
        rows = db.execute(
            f"{select} WHERE state IN ({marks}) ORDER BY send_at, id", wanted
        ).fetchall()
    return [_item(row) for row in rows]


def get_item(db: Database, item_id: int) -> OutboxItem | None:
    row = db.execute(f"{_SELECT} WHERE id = ?", [item_id]).fetchone()
    return _item(row) if row else None


def _require(db: Database, item_id: int, states: Collection[str], action: str) -> OutboxItem:
    item = get_item(db, item_id)
    if item is None:
        raise OutboxError(f"There is no message {item_id} in the outbox.")
    if item.state not in states:
        raise OutboxError(
            f"The message {item.subject!r} is {item.state}, so it cannot be {action}."
        )
    return item


def _check_to(to_addr: str) -> str:
    address = to_addr.strip()
    if not address:
        raise OutboxError("The message has no To address.")
    if "@" not in address or any(c.isspace() for c in address):
        raise OutboxError(f"The To address {address!r} is not an address.")
    return address


def _check_when(send_at: datetime) -> str:
    if send_at.tzinfo is None or send_at.utcoffset() is None:
        raise OutboxError("The send time needs a time zone.")
    return to_utc_text(send_at)


def _update(db: Database, item_id: int, **values: object) -> OutboxItem:
    sets = ", ".join(f"{name} = ?" for name in values)
    db.execute(f"UPDATE outbox SET {sets} WHERE id = ?", [*values.values(), item_id])
    found = get_item(db, item_id)
    assert found is not None
    return found


def queue(
    db: Database,
    *,
    followup_id: str,
    account: str,
    to_addr: str,
    to_name: str,
    subject: str,
    body: str,
    send_at: datetime,
    zone: str,
    now: datetime,
) -> OutboxItem:
    """Put a rendered message in the outbox for ``send_at``, its Message-ID made now."""
    address = _check_to(to_addr)
    when = _check_when(send_at)
    try:
        zone_name = zone_of(zone).key
    except ValueError as exc:
        raise OutboxError(f"The send zone {zone!r} is not a known time zone.") from exc
    with _immediate(db):
        followup = queries.get_followup(db, followup_id)
        if followup is None:
            raise OutboxError(f"There is no follow-up {followup_id!r}.")
        sender = mail_accounts.get_account(db, account)
        if sender is None:
            raise OutboxError(f"There is no mail account {account!r}.")
        if not sender.has_smtp:
            raise OutboxError(f"The mail account {account!r} has no SMTP server to send with.")
        busy = db.execute(
            "SELECT state FROM outbox WHERE followup = ? "
            "AND state IN ('queued', 'sending', 'sent', 'held') ORDER BY id LIMIT 1",
            [followup_id],
        ).fetchone()
        if busy is not None:
            raise OutboxError(f"This follow-up is already in the outbox ({busy[0]}).")
        message_id = make_message_id(sender.sender, uuid.uuid4().hex)
        cursor = db.execute(
            "INSERT INTO outbox (followup, application, contact, account, to_addr, to_name, "
            "subject, body, message_id, send_at, zone, queued_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                followup.id,
                followup.application,
                followup.contact,
                sender.name,
                address,
                to_name.strip(),
                subject,
                body,
                message_id,
                when,
                zone_name,
                to_utc_text(now),
            ],
        )
        item_id = cursor.lastrowid
        assert item_id is not None
        found = get_item(db, item_id)
        assert found is not None
        return found


def edit(
    db: Database,
    item_id: int,
    *,
    subject: str | None = None,
    body: str | None = None,
    send_at: datetime | None = None,
    to_addr: str | None = None,
    now: datetime,
) -> OutboxItem:
    """Change a message that is queued or held (never one being sent or sent)."""
    values: dict[str, object] = {}
    if subject is not None:
        values["subject"] = subject
    if body is not None:
        values["body"] = body
    if send_at is not None:
        values["send_at"] = _check_when(send_at)
        values["claimed_at"] = None  # a time the user chose: no retry wait before it
    if to_addr is not None:
        values["to_addr"] = _check_to(to_addr)
    with _immediate(db):
        item = _require(db, item_id, ("queued", "held"), "changed")
        return _update(db, item.id, **values) if values else item


def cancel(db: Database, item_id: int, now: datetime) -> OutboxItem:
    """The user no longer wants it sent (queued, held or failed -> cancelled)."""
    with _immediate(db):
        item = _require(db, item_id, ("queued", "held", "failed"), "cancelled")
        return _update(db, item.id, state="cancelled", reason="Cancelled by you.")


def release(db: Database, item_id: int, send_at: datetime, now: datetime) -> OutboxItem:
    """Send a held or failed message after all, at ``send_at``: it is queued again as of
    ``now`` (so what held it is taken as seen), and a follow-up that is no longer pending is
    let go (the message is still logged to the application)."""
    when = _check_when(send_at)
    with _immediate(db):
        item = _require(db, item_id, ("held", "failed"), "released")
        followup = queries.get_followup(db, item.followup) if item.followup else None
        keep = followup.id if followup and followup.status in PENDING_STATUSES else None
        return _update(
            db,
            item.id,
            state="queued",
            send_at=when,
            reason="",
            claimed_by=None,
            claimed_at=None,
            queued_at=to_utc_text(now),
            followup=keep,
        )


def recheck(db: Database, item: OutboxItem) -> str | None:
    """Why the message must be held now (one sentence), or None when it may go."""
    if item.application is None:
        return "The application this message belongs to was deleted."
    app = queries.get_application(db, item.application)
    if app is None:
        return "The application this message belongs to was deleted."
    queued = to_utc_text(item.queued_at)
    changed = app.stage_changed_at
    if app.stage in STOP_STAGES and changed is not None and to_utc_text(changed) > queued:
        return f"The application moved to {app.stage} after this message was queued."
    reply = db.execute(
        "SELECT 1 FROM communications WHERE application = ? AND direction = 'received' "
        "AND at > ? LIMIT 1",
        [item.application, queued],
    ).fetchone()
    if reply is not None:
        return "A reply arrived after this message was queued."
    if item.followup is None:
        return None
    followup = queries.get_followup(db, item.followup)
    if followup is None:
        return "The follow-up this message carries out was deleted."
    if followup.status == FollowUpStatus.CANCELLED:
        why = (followup.status_reason or "").strip().rstrip(".")
        return "The follow-up was cancelled by a re-plan" + (f" ({why})." if why else ".")
    if followup.status == FollowUpStatus.DONE:
        return "The follow-up was already marked done."
    if followup.status == FollowUpStatus.SKIPPED:
        return "You skipped the follow-up this message carries out."
    return None


def retry_wait(attempts: int) -> timedelta:
    """How long a message that failed ``attempts`` times waits before the next try: 1 min,
    2, 4, 8, then every 15 min (a server that is down is not hammered)."""
    wait: timedelta = RETRY_FIRST * 2 ** min(max(attempts - 1, 0), 8)
    return min(wait, RETRY_MOST)


def _waiting_to_retry(item: OutboxItem, now: datetime) -> bool:
    last = item.claimed_at
    return item.attempts > 0 and last is not None and now - last < retry_wait(item.attempts)


def claim_due(
    db: Database,
    now: datetime,
    owner: str,
    limit: timedelta = LATE_LIMIT,
    held: list[OutboxItem] | None = None,
) -> list[OutboxItem]:
    """Move every queued message due by ``now`` on, in one ``BEGIN IMMEDIATE`` transaction:
    held (with the reason) when :func:`recheck` objects or the slot was missed by ``limit`` or
    more, otherwise to ``sending`` claimed by ``owner``. Returns the claimed ones, to send;
    the ones held are added to ``held`` when given."""
    claimed: list[OutboxItem] = []
    stamp = to_utc_text(now)
    with _immediate(db):
        rows = db.execute(
            f"{_SELECT} WHERE state = 'queued' AND send_at <= ? ORDER BY send_at, id", [stamp]
        ).fetchall()
        for item in map(_item, rows):
            if _waiting_to_retry(item, now):
                continue
            why = recheck(db, item)
            if why is None and late_verdict(item.send_at, now, limit) == "hold":
                why = late_sentence(item.send_at, now)
            if why is not None:
                stopped = _update(db, item.id, state="held", reason=why)
                if held is not None:
                    held.append(stopped)
                continue
            claimed.append(
                _update(
                    db,
                    item.id,
                    state="sending",
                    attempts=item.attempts + 1,
                    claimed_by=owner,
                    claimed_at=stamp,
                    reason="",
                )
            )
    return claimed


def mark_sent(db: Database, item_id: int, now: datetime) -> OutboxItem:
    """The server accepted it: in ONE transaction the item is sent, its follow-up done and the
    mail logged as sent with its Message-ID (so replies thread to it; a copy read back from the
    Sent folder is known). A second call changes nothing."""
    with _immediate(db):
        item = _require(db, item_id, ("sending", "sent"), "marked sent")
        if item.state == "sent":
            return item
        bare = item.message_id.strip().strip("<>")
        comm_id: str | None = None
        if item.application is not None and queries.get_application(db, item.application):
            followup = queries.get_followup(db, item.followup) if item.followup else None
            if followup is not None and followup.status not in PENDING_STATUSES:
                followup = None
            comm = Communication(
                id=mail_comm_id(bare),
                application=item.application,
                at=now,
                direction=Direction.SENT,
                contact=item.contact,
                channel=Channel.EMAIL,
                summary=item.subject.strip()[:300],
            )
            account = mail_accounts.get_account(db, item.account)
            log_mail(
                db,
                comm,
                message_id=bare,
                sender=account.sender if account else "",
                subject=item.subject,
                now=now,
                auto=True,
                followup=followup,
            )
            comm_id = comm.id
        mark_seen(db, bare, "sent", comm_id, now, "outbox")
        return _update(
            db, item.id, state="sent", sent_at=to_utc_text(now), reason="", communication=comm_id
        )


def mark_failed(
    db: Database, item_id: int, sentence: str, now: datetime, *, retry: bool
) -> OutboxItem:
    """Sending did not work (``sentence`` says why): queued again to retry (a temporary
    failure), or failed (the server refused it for good)."""
    with _immediate(db):
        item = _require(db, item_id, ("sending",), "marked failed")
        # claimed_at stays: the moment of the last attempt, which the next waits out
        return _update(
            db,
            item.id,
            state="queued" if retry else "failed",
            reason=sentence.strip(),
            claimed_by=None,
        )


def stranded(db: Database) -> list[OutboxItem]:
    """Messages left in ``sending`` (a process died mid-send): a restart must resolve them."""
    return list_items(db, ("sending",))


def resolve_stranded(
    db: Database, item_id: int, *, was_sent: bool | None, now: datetime, reason: str = ""
) -> OutboxItem:
    """Settle a message found in ``sending``: True (found in the Sent folder) -> sent; False
    (certainly not sent) -> queued again; None (cannot tell) -> held for the user to decide
    (``reason``, or UNKNOWN_SENT, says why)."""
    if was_sent:
        with _immediate(db):
            _require(db, item_id, ("sending",), "resolved")
            return mark_sent(db, item_id, now)
    with _immediate(db):
        item = _require(db, item_id, ("sending",), "resolved")
        return _update(
            db,
            item.id,
            state="queued" if was_sent is False else "held",
            reason=INTERRUPTED if was_sent is False else (reason or UNKNOWN_SENT),
            claimed_by=None,
            claimed_at=None,
        )


def due_accounts(db: Database, now: datetime) -> list[str]:
    """The accounts a send round at ``now`` would use: queued messages that are due, and any
    left in ``sending`` (a restart may look them up in the Sent folder)."""
    rows = db.execute(
        "SELECT DISTINCT account FROM outbox WHERE (state = 'queued' AND send_at <= ?) "
        "OR state = 'sending' ORDER BY account",
        [to_utc_text(now)],
    ).fetchall()
    return [row[0] for row in rows]


def next_send_at(db: Database) -> datetime | None:
    """When the next queued message is due (None when nothing is queued)."""
    row = db.execute("SELECT MIN(send_at) FROM outbox WHERE state = 'queued'").fetchone()
    return from_utc_text(row[0]) if row and row[0] else None


def counts(db: Database) -> dict[str, int]:
    """How many messages are in each state (the status bar, the view's heading)."""
    rows = db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall()
    return {state: count for state, count in rows}


def hold(db: Database, item_id: int, reason: str) -> OutboxItem:
    """Keep a queued message from being sent until the user releases it (an undone Send now
    of a message that was held)."""
    with _immediate(db):
        item = _require(db, item_id, ("queued",), "held")
        return _update(db, item.id, state="held", reason=reason.strip())


LATE_LIMIT_KEY = "outbox_late_hours"


def late_limit(db: Database) -> timedelta:
    """The setting "send a missed slot on wake when less late than": 2 hours unless changed."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [LATE_LIMIT_KEY]).fetchone()
    try:
        hours = float(row[0]) if row else LATE_LIMIT / timedelta(hours=1)
    except ValueError:
        return LATE_LIMIT
    return timedelta(hours=hours) if 0 < hours <= 48 else LATE_LIMIT


def set_late_limit(db: Database, hours: float) -> None:
    if not 0 < hours <= 48:
        raise OutboxError("The late limit must be between 0 and 48 hours.")
    with transaction(db):
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [LATE_LIMIT_KEY, f"{hours:g}"],
        )
