"""The mail that waits for the user's decision, and what was logged automatically (no Qt).

Review items come from store/mail_apply.py: ``match`` (a new sender at a known employer, or two
possible applications), ``stage`` (a logged reply whose words suggest a rejection or an offer:
accepting sets the stage), ``invite`` (an invitation whose application is unsure). Accept, Ignore
and Undo are one transaction each and return or raise one sentence for the status bar.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from followup_desktop.core.instants import from_utc_text
from followup_desktop.core.model import (
    Channel,
    Communication,
    Contact,
    Direction,
    FollowUpStatus,
    Stage,
)
from followup_desktop.core.when_text import stage_words
from followup_desktop.store import queries, records, writes
from followup_desktop.store.db import Database, StoreError, transaction
from followup_desktop.store.mail_log import (
    application_labels,
    import_mail_invite,
    log_mail,
    mail_comm_id,
    mark_seen,
    parse_first_invite,
    pending_sent_followup,
)
from followup_desktop.store.planning import replan


@dataclass(frozen=True)
class ReviewItem:
    id: int
    kind: str  # match | stage | invite
    at: datetime | None
    sender: str
    sender_name: str
    subject: str
    text: str  # the message's own text (quotes removed), plain
    reason: str  # one sentence: why it waits
    candidates: tuple[tuple[str, str], ...]  # (application id, label)
    suggestion: str | None  # stage items: "rejected" or "offer"


@dataclass(frozen=True)
class LoggedMail:
    communication: str
    at: datetime
    application: str
    label: str  # 'Acme Corp · Backend Engineer'
    sender: str
    subject: str
    direction: str  # received | sent


_ITEM_COLUMNS = (
    "id",
    "kind",
    "at",
    "sender",
    "sender_name",
    "subject",
    "text",
    "reason",
    "candidates",
    "suggestion",
    "message_id",
    "application",
    "ics",
    "status",
    "communication",
    "direction",
    "contact",
)
_SELECT = f"SELECT {', '.join(_ITEM_COLUMNS)} FROM mail_review"


def _item(row: dict[str, Any]) -> ReviewItem:
    pairs = json.loads(row["candidates"] or "[]")
    return ReviewItem(
        id=row["id"],
        kind=row["kind"],
        at=from_utc_text(row["at"]) if row["at"] else None,
        sender=row["sender"],
        sender_name=row["sender_name"],
        subject=row["subject"],
        text=row["text"],
        reason=row["reason"],
        candidates=tuple((str(a), str(label)) for a, label in pairs),
        suggestion=row["suggestion"],
    )


def _rows(db: Database, where: str, params: list[object]) -> list[dict[str, Any]]:
    cursor = db.execute(f"{_SELECT} WHERE {where}", params)
    return [dict(zip(_ITEM_COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def pending(db: Database) -> list[ReviewItem]:
    """What waits, newest first."""
    rows = _rows(db, "status = 'pending' ORDER BY coalesce(at, '') DESC, id DESC", [])
    return [_item(row) for row in rows]


def pending_count(db: Database) -> int:
    return int(
        db.execute("SELECT count(*) FROM mail_review WHERE status = 'pending'").fetchone()[0]
    )


def auto_logged(db: Database, limit: int = 100) -> list[LoggedMail]:
    """Mail the app logged by itself and that is still in the log (undoable), newest first."""
    rows = db.execute(
        "SELECT c.id, c.at, c.application, json_extract(c.extra, '$.mail.sender'), "
        "json_extract(c.extra, '$.mail.subject'), c.direction "
        "FROM mail_seen s JOIN communications c ON c.id = s.communication "
        "WHERE json_extract(c.extra, '$.mail.auto') = 1 ORDER BY c.at DESC, c.id LIMIT ?",
        [limit],
    ).fetchall()
    labels = application_labels(db, {r[2] for r in rows})
    return [
        LoggedMail(
            cid,
            from_utc_text(at),
            app,
            labels.get(app, app),
            sender or "",
            subject or "",
            direction,
        )
        for cid, at, app, sender, subject, direction in rows
    ]


def _pending_row(db: Database, item_id: int) -> dict[str, Any]:
    rows = _rows(db, "id = ?", [item_id])
    if not rows or rows[0]["status"] != "pending":
        raise StoreError("That mail no longer waits for a decision; the list was refreshed.")
    return rows[0]


def _close(db: Database, item_id: int, status: str, **values: object) -> None:
    sets = ", ".join(f"{k} = ?" for k in values)
    db.execute(
        f"UPDATE mail_review SET status = ?{', ' if sets else ''}{sets} WHERE id = ?",
        [status, *values.values(), item_id],
    )


def accept(db: Database, item_id: int, now: datetime, application_id: str | None = None) -> str:
    """Do what the item proposes; ``application_id`` is the user's choice (Assign to…), else
    the item's application or its only candidate. Returns one sentence."""
    with transaction(db):
        row = _pending_row(db, item_id)
        if row["kind"] == "stage":
            return _accept_stage(db, row, now)
        app_id = application_id or row["application"] or _only_candidate(row)
        if app_id is None:
            raise StoreError("Choose the application this mail belongs to.")
        if queries.get_application(db, app_id) is None:
            raise StoreError(f"There is no application {app_id!r}.")
        if row["kind"] == "invite":
            return _accept_invite(db, row, app_id, now)
        return _accept_match(db, row, app_id, now)


def _only_candidate(row: dict[str, Any]) -> str | None:
    pairs = json.loads(row["candidates"] or "[]")
    return str(pairs[0][0]) if len(pairs) == 1 else None


def _label(db: Database, app_id: str) -> str:
    return application_labels(db, [app_id]).get(app_id, app_id)


def _accept_stage(db: Database, row: dict[str, Any], now: datetime) -> str:
    app_id, stage = row["application"], row["suggestion"]
    if app_id is None or queries.get_application(db, app_id) is None:
        raise StoreError("The application of this mail no longer exists.")
    label = _label(db, app_id)
    writes.set_stage(db, app_id, Stage(stage), now)
    _close(db, row["id"], "accepted")
    return f"{label} moved to {stage_words(stage)}."


def _contact_for(db: Database, row: dict[str, Any], company: str) -> tuple[str | None, str]:
    """The sender's contact (made now for a new sender of a received mail), and what to say."""
    if row["contact"] and queries.contacts_by_id(db, [row["contact"]]):
        return row["contact"], ""
    if row["direction"] != "received" or "@" not in row["sender"]:
        return None, ""
    address = row["sender"].lower()
    for contact in queries.list_contacts(db):
        if (contact.email or "").strip().lower() == address:
            return contact.id, ""
    local = address.split("@")[0]
    name = row["sender_name"].strip() or local.replace(".", " ").title()
    taken = {c.id for c in queries.list_contacts(db)}
    base = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "contact"
    cid, n = base, 2
    while cid in taken:
        cid, n = f"{base}-{n}", n + 1
    writes.save_contact(db, Contact(id=cid, company=company, name=name, email=address))
    return cid, f" {name} is now one of your contacts."


def _logged_comm(
    row: dict[str, Any], app_id: str, contact: str | None, now: datetime, received: bool
) -> Communication:
    return Communication(
        id=mail_comm_id(row["message_id"]),
        application=app_id,
        at=from_utc_text(row["at"]) if row["at"] else now,
        direction=Direction.RECEIVED if received else Direction.SENT,
        contact=contact,
        channel=Channel.EMAIL,
        summary=row["subject"],
        response=row["text"] if received else "",
    )


def _accept_match(db: Database, row: dict[str, Any], app_id: str, now: datetime) -> str:
    app = queries.get_application(db, app_id)
    assert app is not None
    contact, added = _contact_for(db, row, app.company)
    comm = _logged_comm(row, app_id, contact, now, received=row["direction"] == "received")
    sent = comm.direction == Direction.SENT
    followup = pending_sent_followup(db, contact, [app_id], comm.at) if sent else None
    log_mail(
        db,
        comm,
        message_id=row["message_id"],
        sender=row["sender"],
        subject=row["subject"],
        now=now,
        auto=False,
        followup=followup,
    )
    mark_seen(db, row["message_id"], "sent" if sent else "logged", comm.id, now, "review")
    label = _label(db, app_id)
    suggestion = row["suggestion"]
    if suggestion and not sent and str(app.stage) != suggestion:
        words = "an offer" if suggestion == "offer" else "a rejection"
        db.execute(
            "UPDATE mail_review SET kind = 'stage', application = ?, communication = ?, "
            "reason = ?, candidates = ? WHERE id = ?",
            [
                app_id,
                comm.id,
                f"The reply reads like {words}.",
                json.dumps([[app_id, label]], ensure_ascii=False),
                row["id"],
            ],
        )
        return f"Logged under {label}; it reads like {words}: confirm the stage below.{added}"
    _close(db, row["id"], "accepted", application=app_id, communication=comm.id)
    return f"Logged under {label}.{added}"


def _accept_invite(db: Database, row: dict[str, Any], app_id: str, now: datetime) -> str:
    parsed = parse_first_invite([row["ics"]] if row["ics"] else [])
    if parsed is None:
        raise StoreError("The invitation in this mail can no longer be read.")
    comm = _logged_comm(row, app_id, row["contact"], now, received=True)
    log_mail(
        db,
        comm,
        message_id=row["message_id"],
        sender=row["sender"],
        subject=row["subject"],
        now=now,
        auto=False,
        said="invitation",
    )
    result = import_mail_invite(db, parsed[0], app_id, now)
    mark_seen(db, row["message_id"], "invite", comm.id, now, "review")
    _close(db, row["id"], "accepted", application=app_id, communication=comm.id)
    app = queries.get_application(db, app_id)
    company = queries.get_company(db, app.company) if app else None
    return result.sentence(company.name if company else app_id)


def ignore(db: Database, item_id: int, now: datetime) -> None:
    """Nothing is written for the mail; it is never considered again. (A stage item only
    drops the suggestion: the reply stays logged.)"""
    with transaction(db):
        row = _pending_row(db, item_id)
        _close(db, item_id, "ignored")
        if row["kind"] != "stage":
            mark_seen(db, row["message_id"], "ignored", None, now, "review")


def undo_logged(db: Database, communication_id: str, now: datetime) -> None:
    """Take an automatically logged mail out of the log: the entry goes, a follow-up it marked
    done is pending again, the plan is redone, and the message is never logged again."""
    with transaction(db):
        row = db.execute(
            "SELECT application, json_extract(extra, '$.mail.message_id'), "
            "json_extract(extra, '$.mail.followup') FROM communications WHERE id = ?",
            [communication_id],
        ).fetchone()
        if row is None:
            raise StoreError("That message is no longer in the log; the list was refreshed.")
        application, message_id, followup_id = row
        if message_id is None:
            raise StoreError("That log entry was not made from mail, so there is nothing to undo.")
        db.execute("DELETE FROM communications WHERE id = ?", [communication_id])
        followup = queries.get_followup(db, followup_id) if followup_id else None
        if followup is not None and followup.status == FollowUpStatus.DONE:
            again = replace(followup, status=FollowUpStatus.PLANNED, done_at=None)
            db["followups"].upsert(records.followup_to_row(again), pk="id")
        mark_seen(db, message_id, "ignored", None, now, "undo")
        db.execute(
            "UPDATE mail_review SET status = 'ignored' WHERE message_id = ? AND status = 'pending'",
            [message_id],
        )
        replan(db, [application], now)
