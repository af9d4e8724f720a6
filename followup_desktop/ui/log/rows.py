"""The communication log without widgets: its rows, the quick actions' writes (each one
transaction, re-planned, with what changed and, for Edit > Undo, the rows before and after), what
a received reply said and the next step it opens, and the CSV export of what is shown."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from followup_desktop.core import when_text
from followup_desktop.core.log_csv import communications_csv
from followup_desktop.core.model import (
    NON_MESSAGE_KINDS,
    PENDING_STATUSES,
    Channel,
    Communication,
    Direction,
    FollowUp,
)
from followup_desktop.store import people, queries, undo, writes
from followup_desktop.store.db import Database, transaction
from followup_desktop.store.exports import write_private
from followup_desktop.ui.common import fmt
from followup_desktop.ui.pipeline.stage_change import plan_diff, snapshot

# Keyed by the enums' str values, like fmt's word tables (fmt.words looks up str(value)).
CHANNEL_WORDS = when_text.CHANNEL_WORDS
DIRECTION_WORDS: dict[str, str] = {Direction.SENT: "Sent", Direction.RECEIVED: "Received"}

#: What a received reply said, in the user's words; the key is kept with the message ("said").
INVITATION, AVAILABILITY, ACKNOWLEDGEMENT, OTHER = (
    "invitation",
    "availability",
    "acknowledgement",
    "other",
)
REPLY_WORDS: dict[str, str] = {
    INVITATION: "Invites me to another round",
    AVAILABILITY: "Asks for my availability",
    ACKNOWLEDGEMENT: "Only acknowledges",
    OTHER: "Something else",
}
#: The next step a reply opens, offered once it is logged.
NEXT_STEP_WORDS: dict[str, str] = {
    INVITATION: "Record the next round",
    AVAILABILITY: "Draft an availability reply",
}
#: What the dialog says when it offers the next step.
NEXT_STEP_OFFERS: dict[str, str] = {
    INVITATION: "They invite you to another round. Record it now: the notes form opens for "
    "this application, and its thank-yous are planned from the new interview day.",
    AVAILABILITY: "They ask when you are free. Draft a reply now: write the times that suit "
    "you where the draft says so, then send it from your mail program.",
}
#: What the dialog says under the question, before saving.
REPLY_HINTS: dict[str, str] = {
    INVITATION: "After saving you can record the next round: the notes form opens for it.",
    AVAILABILITY: "After saving you can draft a reply with the times that suit you.",
    ACKNOWLEDGEMENT: "They answered, so no check-in is planned; the application keeps waiting.",
    OTHER: "Pending check-ins are cancelled: they answered.",
}


@dataclass(frozen=True, slots=True)
class Scope:
    """What the log shows: everything, one application, or one person."""

    application: str | None = None
    contact: str | None = None


def communications(db: Database, scope: Scope) -> list[Communication]:
    if scope.contact:
        return people.communications_for_contact(db, scope.contact)
    if scope.application:
        return queries.list_communications(db, [scope.application])
    return queries.list_communications(db)


def new_comm_id() -> str:
    return f"log-{uuid.uuid4().hex[:12]}"


def log_entry(
    db: Database, comm: Communication, now: datetime, said: str | None = None
) -> tuple[list[str], undo.Change]:
    """Log one message or call (a received one cancels pending chasers, whatever it said);
    what changed, and the rows before and after (for Edit > Undo)."""
    scope = undo.applications_scope([comm.application])
    result, change = undo.recorded(
        db, scope, lambda: writes.log_communication(db, comm, now, said=said)
    )
    return result.changes, change


def pending_messages(db: Database, application_id: str | None) -> list[FollowUp]:
    """Pending follow-ups that are messages (not reminders) of one application, or of all."""
    apps = [application_id] if application_id else None
    items = queries.list_followups(db, statuses=PENDING_STATUSES, applications=apps)
    return [f for f in items if f.kind not in NON_MESSAGE_KINDS]


def mark_sent(
    db: Database, followup_id: str, summary: str, now: datetime
) -> tuple[FollowUp, list[str], undo.Change]:
    """The user sent it: done and logged in one transaction, re-planned; what changed, and the
    rows before and after (for Edit > Undo)."""
    scope = undo.followup_scope(db, followup_id)
    (item, lines), change = undo.recorded(
        db, scope, lambda: _mark_sent(db, followup_id, summary, now)
    )
    return item, lines, change


def _mark_sent(
    db: Database, followup_id: str, summary: str, now: datetime
) -> tuple[FollowUp, list[str]]:
    with transaction(db):
        found = queries.get_followup(db, followup_id)
        if found is None:
            raise LookupError("That follow-up no longer exists; the list was refreshed.")
        before = snapshot(db, [found.application])
        item = writes.mark_done(db, followup_id, now)
        channel = item.channel if item.channel != Channel.OTHER else Channel.EMAIL
        text = summary.strip() or f"{fmt.kind_words(item.kind)} sent"
        comm = Communication(
            new_comm_id(), item.application, now, Direction.SENT, item.contact, channel, text[:300]
        )
        writes.log_communication(db, comm, now)
        after = queries.list_followups(db, applications=[item.application])
    before.pop(item.id, None)  # its own change ("done") is said by the caller
    return item, plan_diff(before, [f for f in after if f.id != item.id])


def followup_title(item: FollowUp, names: dict[str, str], zone_name: str, now: datetime) -> str:
    """'Thank-you to Dana Lee · Fri 20 Nov 13:30 (overdue)'."""
    zone = fmt.safe_zone(zone_name)
    who = f" to {names[item.contact]}" if item.contact in names else ""
    badge = fmt.due_badge(item.due, now, zone)
    when = fmt.instant_text(item.due, zone) + (f" ({badge})" if badge else "")
    return f"{fmt.kind_words(item.kind)}{who} · {when}"


def export_csv(db: Database, target: Path, comms: list[Communication]) -> Path:
    """The rows shown, as CSV a spreadsheet opens correctly (UTF-8 with BOM, formulas
    neutralised: core/log_csv.py), written atomically and owner-only."""
    if target.suffix.lower() != ".csv":
        target = target.with_name(target.name + ".csv")
    text = communications_csv(
        comms,
        {c.id: c.name for c in queries.list_contacts(db)},
        {a.id: a for a in queries.list_applications(db)},
        {c.id: c for c in queries.list_companies(db)},
        queries.get_profile(db).timezone,
    )
    write_private(target, text.encode("utf-8-sig"))
    return target
