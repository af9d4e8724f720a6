"""``outbox``: queue a follow-up's message to be sent at its slot, list the outbox, send what is
due (shared/interchange.md, "Commands added with mail").

``outbox add`` queues the text ``draft`` prints, to the contact's address, at the planned slot
(``--slot``, the default), at ``--at`` (refused on the employer's weekend, holiday or company
event unless ``--insist``) or ``--now``. ``outbox send-due`` is what the running app does on
its timer: it sends through services/mail/outbox_send.py, exactly once. A ``--demo`` database
queues and lists but never reaches a mail server.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from followup_desktop.cli.draft import compose_for
from followup_desktop.cli.errors import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, CliError
from followup_desktop.core import outbox_rules
from followup_desktop.core.instants import iso_in_zone, parse_instant
from followup_desktop.core.when_text import both_zones
from followup_desktop.services.mail import credentials
from followup_desktop.services.mail.outbox_send import (
    employer_calendar,
    next_slot,
    owner_name,
    send_due,
)
from followup_desktop.store import mail_accounts, outbox, queries
from followup_desktop.store.db import Database, StoreError
from followup_desktop.store.outbox import OutboxItem

NO_SERVER_IN_DEMO = "A --demo database never reaches a mail server; use --db with your own file."


def outbox_command(args: argparse.Namespace, db: Database, path: Path, now: datetime) -> int:
    if args.outbox_command == "add":
        return _add(args, db, now)
    if args.outbox_command == "send-due":
        return _send_due(args, db, now)
    if args.outbox_command == "cancel":
        return _cancel(args, db, now)
    if args.outbox_command == "release":
        return _release(args, db, now)
    return _list(args, db)


def _account(db: Database, name: str | None) -> str:
    if name is not None:
        account = mail_accounts.get_account(db, name)
        if account is None:
            raise CliError(f"There is no mail account {name!r}.", EXIT_BAD_INPUT)
        if not account.has_smtp:
            raise CliError(f"The mail account {name!r} has no SMTP server.", EXIT_BAD_INPUT)
        return account.name
    senders = [a.name for a in mail_accounts.list_accounts(db) if a.has_smtp]
    if not senders:
        raise CliError(
            "There is no mail account with an SMTP server (add one with `mail account add`).",
            EXIT_BAD_INPUT,
        )
    if len(senders) > 1:
        raise CliError(
            f"Say which account sends it with --account ({', '.join(senders)}).", EXIT_BAD_INPUT
        )
    return senders[0]


def _add(args: argparse.Namespace, db: Database, now: datetime) -> int:
    item = queries.get_followup(db, args.followup_id)
    result, _language = compose_for(db, args.followup_id, now)
    assert item is not None  # compose_for refused an unknown id
    contact = queries.contacts_by_id(db, [item.contact]).get(item.contact) if item.contact else None
    if contact is None or not contact.email:
        raise CliError(
            f"Follow-up {item.id!r} has no contact with an email address to send it to.",
            EXIT_BAD_INPUT,
        )
    account = _account(db, args.account)
    if args.now:
        send_at = now
    elif args.at:
        send_at = _checked_at(args, db, item.application, item.timezone, now)
    else:
        send_at = max(item.due, now)
    try:
        queued = outbox.queue(
            db,
            followup_id=item.id,
            account=account,
            to_addr=contact.email,
            to_name=contact.name,
            subject=result.subject,
            body=result.body,
            send_at=send_at,
            zone=item.timezone,
            now=now,
        )
    except StoreError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from exc
    user_zone = queries.get_profile(db).timezone
    if args.json:
        print(json.dumps(item_json(queued, user_zone), ensure_ascii=False))
    else:
        when = both_zones(queued.send_at, queued.zone, user_zone, year=True)
        print(f"Queued #{queued.id} to {queued.to_addr}: sends {when}.")
    return EXIT_OK


def _checked_at(
    args: argparse.Namespace, db: Database, application_id: str | None, zone: str, now: datetime
) -> datetime:
    """--at, refused when past or (without --insist) on the employer's day off."""
    try:
        send_at = parse_instant(args.at)
    except ValueError as exc:
        raise CliError(f"--at: {exc}", EXIT_BAD_INPUT) from exc
    if send_at < now:
        raise CliError("--at: that moment has passed; give a later one.", EXIT_BAD_INPUT)
    calendar = employer_calendar(db, application_id)
    if calendar is not None and not args.insist:
        problem = outbox_rules.check_slot(send_at, zone, calendar)
        if problem is not None:
            raise CliError(f"--at: {problem.sentence} (--insist sends it anyway)", EXIT_BAD_INPUT)
    return send_at


def _cancel(args: argparse.Namespace, db: Database, now: datetime) -> int:
    try:
        item = outbox.cancel(db, args.item_id, now)
    except StoreError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from exc
    print(f"Cancelled #{item.id}: it will not be sent.")
    return EXIT_OK


def _release(args: argparse.Namespace, db: Database, now: datetime) -> int:
    item = outbox.get_item(db, args.item_id)
    if item is None:
        raise CliError(f"There is no message {args.item_id} in the outbox.", EXIT_BAD_INPUT)
    if args.now:
        send_at = now
    elif args.at:
        send_at = _checked_at(args, db, item.application, item.zone, now)
    else:
        send_at = next_slot(db, item, now)
    try:
        released = outbox.release(db, item.id, send_at, now)
    except StoreError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from exc
    user_zone = queries.get_profile(db).timezone
    when = both_zones(released.send_at, released.zone, user_zone, year=True)
    print(f"Queued #{released.id} again: sends {when}.")
    return EXIT_OK


def item_json(item: OutboxItem, user_zone: str | None) -> dict[str, Any]:
    return {
        "id": item.id,
        "state": item.state,
        "followup": item.followup,
        "application": item.application,
        "account": item.account,
        "to": item.to_addr,
        "subject": item.subject,
        "message_id": item.message_id,
        "send_at": iso_in_zone(item.send_at, item.zone),
        "send_at_yours": iso_in_zone(item.send_at, user_zone),
        "zone": item.zone,
        "reason": item.reason,
        "attempts": item.attempts,
        "sent_at": iso_in_zone(item.sent_at, user_zone) if item.sent_at else None,
    }


def _list(args: argparse.Namespace, db: Database) -> int:
    items = outbox.list_items(db)
    user_zone = queries.get_profile(db).timezone
    if args.json:
        print(json.dumps([item_json(i, user_zone) for i in items], ensure_ascii=False))
        return EXIT_OK
    if not items:
        print("The outbox is empty.")
    for item in items:
        when = both_zones(item.send_at, item.zone, user_zone, year=True)
        why = f"  ({item.reason})" if item.reason else ""
        print(f"#{item.id} {item.state:<9} {when}  to {item.to_addr}  {item.subject}{why}")
    return EXIT_OK


def _send_due(args: argparse.Namespace, db: Database, now: datetime) -> int:
    if args.demo:
        raise CliError(NO_SERVER_IN_DEMO, EXIT_BAD_INPUT)
    given = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None
    if args.password_stdin and not given:
        raise CliError("The password on standard input is empty.", EXIT_BAD_INPUT)

    def password_for(name: str) -> str | None:
        return given or credentials.get_password(name)

    report = send_due(db, now, password_for, owner_name())
    if args.json:
        print(json.dumps(report.as_json()))
    else:
        print(f"Outbox: {report.sentence()}")
        for item in report.held:
            print(f"  held #{item.id}: {item.reason}")
    for item, why in report.failed:
        print(f"#{item.id}: {why}", file=sys.stderr)
    return EXIT_FAILURE if report.failed else EXIT_OK
