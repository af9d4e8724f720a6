"""What mail_apply and mail_review share: the index of the search, the ``mail_seen`` and
``mail_review`` rows, and the writes a message ends in (call these inside a transaction).

A logged message keeps what issue 17 asks for in the communication itself (date, sender,
subject, the reply's own text) and, in its ``extra`` fields, ``{"mail": {"message_id",
"sender", "subject", "auto"}}`` (plus ``"followup"`` when it marked a follow-up done), so an
export carries it and the undo of an automatic entry can find what it did.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Literal

from followup_desktop.core.ics_import import Invite, InviteError, parse_invite
from followup_desktop.core.instants import to_utc_text, zone
from followup_desktop.core.mail_files import MailMessage
from followup_desktop.core.mail_match import MailIndex, address_domain
from followup_desktop.core.mail_reply import reply_text
from followup_desktop.core.model import (
    ENDED_STAGES,
    NON_MESSAGE_KINDS,
    PENDING_STATUSES,
    Channel,
    Communication,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
)
from followup_desktop.store import invites, queries, records, writes
from followup_desktop.store.db import Database

Outcome = Literal["logged", "review", "auto_reply", "sent", "invite", "ignored"]
ReviewKind = Literal["match", "stage", "invite"]
#: A follow-up counts as sent by a mail up to this long before it is due.
EARLY_SEND = timedelta(days=3)
#: Kinds a sent mail can be (a phone call cannot).
_MAIL_KINDS = frozenset(FollowUpKind) - NON_MESSAGE_KINDS - {FollowUpKind.PHONE_CALL}
MAX_TEXT = 10_000


def mail_comm_id(message_id: str) -> str:
    """The same message always becomes the same log entry."""
    return "mail-" + hashlib.sha256(message_id.encode("utf-8")).hexdigest()[:16]


# --- the index -------------------------------------------------------------------------------


def user_addresses(db: Database) -> frozenset[str]:
    """The user's own addresses: the profile's, and each mail account's user and From."""
    values = [queries.get_profile(db).email]
    for user, sender in db.execute("SELECT user, from_addr FROM mail_accounts").fetchall():
        values += [user, sender]
    found = (parseaddr(value or "")[1].strip().lower() for value in values)
    return frozenset(a for a in found if "@" in a)


def load_index(db: Database) -> MailIndex:
    """What the search knows, for core/mail_match (read once per batch)."""
    users = user_addresses(db)
    own_domains = {address_domain(a) for a in users}
    contacts: dict[str, tuple[str, str]] = {}
    per_domain: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = db.execute(
        "SELECT id, company, email FROM contacts WHERE coalesce(email, '') != '' ORDER BY id"
    ).fetchall()
    for cid, company, email in rows:
        address = email.strip().lower()
        if address in users:
            continue
        contacts.setdefault(address, (cid, company))
        per_domain[address_domain(address)][company] += 1
    explicit: dict[str, str] = {}
    with_domains: set[str] = set()
    for company, text in db.execute(
        "SELECT id, mail_domains FROM companies WHERE mail_domains != '' ORDER BY id"
    ).fetchall():
        with_domains.add(company)
        for domain in records.mail_domains(text):
            explicit.setdefault(domain, company)
    domains: dict[str, str] = {}
    for domain, counts in per_domain.items():
        if not domain or domain in invites.GENERIC_DOMAINS or domain in own_domains:
            continue
        derived = {c: n for c, n in counts.items() if c not in with_domains}
        if derived:  # the company with the most contacts there, then the first id
            domains[domain] = min(derived, key=lambda c: (-derived[c], c))
    domains.update(explicit)
    threads: dict[str, str] = {}
    sent: set[str] = set()
    for mid, application, direction in db.execute(
        "SELECT json_extract(extra, '$.mail.message_id'), application, direction "
        "FROM communications WHERE extra IS NOT NULL "
        "AND json_extract(extra, '$.mail.message_id') IS NOT NULL ORDER BY at"
    ).fetchall():
        threads[str(mid)] = application
        if direction == "sent":
            sent.add(str(mid))
    return MailIndex(
        user_addresses=users,
        contacts=contacts,
        domains=domains,
        sent_ids=frozenset(sent),
        applications=open_applications(db),
        threads=threads,
    )


def open_applications(db: Database) -> dict[str, tuple[str, ...]]:
    """Company -> its applications that have not ended, the latest stage change first."""
    rows = db.execute(
        "SELECT id, company, stage FROM applications "
        "ORDER BY coalesce(stage_changed_at, '') DESC, id"
    ).fetchall()
    found: dict[str, list[str]] = defaultdict(list)
    for app_id, company, stage in rows:
        if stage not in ENDED_STAGES:
            found[company].append(app_id)
    return {company: tuple(ids) for company, ids in found.items()}


# --- mail_seen -------------------------------------------------------------------------------


def seen_outcome(db: Database, message_id: str) -> str | None:
    row = db.execute("SELECT outcome FROM mail_seen WHERE message_id = ?", [message_id]).fetchone()
    return row[0] if row else None


def mark_seen(
    db: Database,
    message_id: str,
    outcome: Outcome,
    communication: str | None,
    now: datetime,
    source: str,
) -> None:
    db.execute(
        "INSERT INTO mail_seen (message_id, outcome, communication, seen_at, source) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (message_id) DO UPDATE SET "
        "outcome = excluded.outcome, communication = excluded.communication",
        [message_id, outcome, communication, to_utc_text(now), source],
    )


# --- writes ----------------------------------------------------------------------------------


def log_mail(
    db: Database,
    comm: Communication,
    *,
    message_id: str,
    sender: str,
    subject: str,
    now: datetime,
    auto: bool,
    followup: FollowUp | None = None,
    said: str | None = None,
) -> None:
    """Log ``comm`` as a logged reply is (re-planned), ``followup`` marked done by it first."""
    if followup is not None:
        done = replace(followup, status=FollowUpStatus.DONE, done_at=comm.at)
        db["followups"].upsert(records.followup_to_row(done), pk="id")
    writes.log_communication(db, comm, now, said=said)
    mail: dict[str, object] = {
        "message_id": message_id,
        "sender": sender,
        "subject": subject,
        "auto": auto,
    }
    if followup is not None:
        mail["followup"] = followup.id
    db.execute(
        "UPDATE communications SET extra = json_set(coalesce(extra, '{}'), '$.mail', json(?)) "
        "WHERE id = ?",
        [json.dumps(mail, ensure_ascii=False), comm.id],
    )


def pending_sent_followup(
    db: Database, contact: str | None, candidates: Sequence[str], when: datetime
) -> FollowUp | None:
    """The pending message to ``contact`` a mail sent at ``when`` carries out: the one due
    first, and due no later than EARLY_SEND after it (a check-in due in two weeks is not)."""
    if contact is None:
        return None
    items = [
        f
        for f in queries.list_followups(db, statuses=PENDING_STATUSES)
        if f.contact == contact
        and f.kind in _MAIL_KINDS
        and f.channel != Channel.PHONE
        and (not candidates or f.application in candidates)
        and f.due <= when + EARLY_SEND
    ]
    return min(items, key=lambda f: (f.due, f.id), default=None)


def application_labels(db: Database, ids: Iterable[str]) -> dict[str, str]:
    """Application id -> 'Acme Corp · Backend Engineer' (', rejected' for an ended one)."""
    apps = queries.applications_by_id(db, ids)
    companies = queries.companies_by_id(db, {a.company for a in apps})
    labels = {}
    for app in apps:
        company = companies.get(app.company)
        label = " · ".join(p for p in ((company.name if company else app.company), app.role) if p)
        labels[app.id] = label + (f" ({app.stage})" if app.stage in ENDED_STAGES else "")
    return labels


def add_review(
    db: Database,
    message: MailMessage,
    kind: ReviewKind,
    at: datetime,
    *,
    reason: str,
    candidates: Sequence[str],
    suggestion: str | None = None,
    application: str | None = None,
    communication: str | None = None,
    company: str | None = None,
    ics: bytes | None = None,
    direction: str = "received",
    contact: str | None = None,
) -> None:
    """A message waiting for the user. Without candidates, every application of ``company``
    is offered (ended ones too: the reply may be about one of them)."""
    ids = list(candidates)
    if not ids and company is not None:
        ids = [r[0] for r in db.execute("SELECT id FROM applications WHERE company = ?", [company])]
    labels = application_labels(db, ids)
    pairs = [[i, labels[i]] for i in ids if i in labels]
    db.execute(
        "INSERT INTO mail_review (message_id, kind, at, sender, sender_name, subject, text, "
        "reason, candidates, suggestion, application, ics, status, communication, direction, "
        "contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?) "
        "ON CONFLICT (message_id) DO NOTHING",
        [
            message.message_id,
            kind,
            to_utc_text(at),
            message.sender,
            message.sender_name,
            message.subject[:300],
            reply_text(message.text)[:MAX_TEXT],
            reason,
            json.dumps(pairs, ensure_ascii=False),
            suggestion,
            application,
            ics,
            communication,
            direction,
            contact,
        ],
    )


# --- invitations -----------------------------------------------------------------------------


def parse_first_invite(parts: Iterable[bytes]) -> tuple[Invite, bytes] | None:
    """The first calendar part that is an invitation (not a cancellation or a reply)."""
    for part in parts:
        try:
            return parse_invite(part, "The invitation in the mail"), part
        except InviteError:
            continue
    return None


def import_mail_invite(
    db: Database, invite: Invite, application_id: str, now: datetime
) -> invites.InviteResult:
    """The invite import of File > Import invite, with the dialog's first choices: the
    invitation's zone (else the employer's, else the user's), and as interviewers the people
    who are contacts or write from the employer's domain (not rooms, not mail services)."""
    app = queries.get_application(db, application_id)
    company = queries.get_company(db, app.company) if app else None
    index = load_index(db)
    home = company.id if company else None
    people = [
        match
        for match in invites.match_people(db, invite)
        if match.contact is not None
        or index.domains.get(address_domain(match.person.email)) == home
    ]
    zone_name = invite.zone or (company.timezone if company else None)
    start = invite.start
    if start.tzinfo is None:
        start = start.replace(tzinfo=zone(zone_name or queries.get_profile(db).timezone))
    return invites.import_invite(
        db,
        invite,
        application_id=application_id,
        people=people,
        starts_at=start,
        zone=zone_name,
        duration_minutes=invite.duration_minutes,
        interview_format=invite.suggested_format(),
        now=now,
    )
