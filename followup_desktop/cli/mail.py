"""``mail``: mail files in, mail accounts, a check of the IMAP accounts now, and the review list
(shared/interchange.md, "Commands added with mail").

Passwords are never arguments: ``--password-stdin`` reads one line and hands it to the OS
keyring (services/mail/credentials.py). A ``--demo`` database never reaches a mail server and
never writes to the keyring. ``--json`` on ``import`` and ``check`` prints ``{"logged",
"review", "ignored", "duplicates"}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from followup_desktop.cli.errors import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, CliError
from followup_desktop.core.instants import iso_in_zone
from followup_desktop.core.mail_account import (
    MailAccount,
    MailAccountError,
    Security,
    validate,
)
from followup_desktop.core.mail_files import MailFileError
from followup_desktop.services.mail import check, credentials
from followup_desktop.services.mail.imap_fetch import MailCheckError
from followup_desktop.store import mail_accounts, mail_review
from followup_desktop.store.db import Database
from followup_desktop.store.mail_apply import MailTally, import_mail_files

NO_SERVER_IN_DEMO = "A --demo database never reaches a mail server; use --db with your own file."


def mail(args: argparse.Namespace, db: Database, path: Path, now: datetime) -> int:
    if args.mail_command == "import":
        return _import(args, db, now)
    if args.mail_command == "account":
        return _account(args, db)
    if args.mail_command == "check":
        return _check(args, db, now)
    return _review(args, db)


def _print_tally(tally: MailTally, as_json: bool) -> None:
    print(json.dumps(tally.as_json()) if as_json else tally.sentence())


# --- import ----------------------------------------------------------------------------------


def _import(args: argparse.Namespace, db: Database, now: datetime) -> int:
    for file in args.files:
        if not Path(file).is_file():
            raise CliError(f"{file}: there is no such file.", EXIT_BAD_INPUT)
    try:
        tally = import_mail_files(db, args.files, now)
    except MailFileError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from exc
    _print_tally(tally, args.json)
    return EXIT_OK


# --- accounts --------------------------------------------------------------------------------


def _account(args: argparse.Namespace, db: Database) -> int:
    if args.account_command == "add":
        return _account_add(args, db)
    if args.account_command == "remove":
        return _account_remove(args, db)
    return _account_list(args, db)


def _read_password() -> str:
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise CliError("The password on standard input is empty.", EXIT_BAD_INPUT)
    return password


def _account_add(args: argparse.Namespace, db: Database) -> int:
    if not args.password_stdin:
        raise CliError(
            "Give the password on standard input with --password-stdin (it is never an argument).",
            EXIT_BAD_INPUT,
        )
    imap_security: Security = args.imap_security
    smtp_security: Security = args.smtp_security
    account = MailAccount(
        name=args.name,
        user=args.user,
        imap_host=args.imap_host,
        imap_port=args.imap_port,
        imap_security=imap_security,
        smtp_host=args.smtp_host,
        smtp_port=args.smtp_port,
        smtp_security=smtp_security,
        from_addr=args.from_addr,
        reply_to=args.reply_to,
    )
    try:
        validate(account)  # before the password is read: a typo fails at once
        password = _read_password()
        mail_accounts.save_account(db, account)
    except MailAccountError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from exc
    name = account.name.strip()
    if args.demo:
        print(f"Added the mail account {name!r} to the demo; the password was not stored.")
    elif credentials.set_password(name, password):
        print(f"Added the mail account {name!r}; its password is in the system keyring.")
    else:
        print(
            f"Added the mail account {name!r}. No system keyring was found, so the password "
            "is kept only while a program runs: the app asks for it once per session."
        )
    return EXIT_OK


def _account_remove(args: argparse.Namespace, db: Database) -> int:
    if not mail_accounts.remove_account(db, args.name):
        raise CliError(f"There is no mail account {args.name!r}.", EXIT_BAD_INPUT)
    if not args.demo:
        credentials.forget_password(args.name)
    print(f"Removed the mail account {args.name!r}.")
    return EXIT_OK


def _when(moment: datetime | None, zone_name: str) -> str | None:
    return iso_in_zone(moment, zone_name) if moment is not None else None


def account_json(account: MailAccount, zone_name: str = "UTC") -> dict[str, Any]:
    return {
        "name": account.name,
        "user": account.user,
        "imap_host": account.imap_host,
        "imap_port": account.port("imap") if account.has_imap else None,
        "imap_security": account.imap_security,
        "smtp_host": account.smtp_host,
        "smtp_port": account.port("smtp") if account.has_smtp else None,
        "smtp_security": account.smtp_security,
        "from": account.sender,
        "last_checked": _when(account.last_checked, zone_name),
        "last_error": account.last_error,
        "failures": account.failures,
        "next_try": _when(account.next_try, zone_name),
    }


def _account_list(args: argparse.Namespace, db: Database) -> int:
    accounts = mail_accounts.list_accounts(db)
    if args.json:
        print(json.dumps([account_json(a) for a in accounts], ensure_ascii=False))
        return EXIT_OK
    if not accounts:
        print("No mail accounts yet (add one with `mail account add`).")
    for a in accounts:
        servers = []
        if a.has_imap:
            servers.append(f"IMAP {a.imap_host}:{a.port('imap')} ({a.imap_security})")
        if a.has_smtp:
            servers.append(f"SMTP {a.smtp_host}:{a.port('smtp')} ({a.smtp_security})")
        if a.last_error:
            status = f"last check failed: {a.last_error}"
        elif a.last_checked:
            status = f"last checked {_when(a.last_checked, 'UTC')}"
        else:
            status = "not checked yet"
        print(f"{a.name}  {a.user}  {'  '.join(servers)}  [{status}]")
    return EXIT_OK


# --- check -----------------------------------------------------------------------------------


def _check(args: argparse.Namespace, db: Database, now: datetime) -> int:
    if args.demo:
        raise CliError(NO_SERVER_IN_DEMO, EXIT_BAD_INPUT)
    if args.name is not None:
        account = mail_accounts.get_account(db, args.name)
        if account is None:
            raise CliError(f"There is no mail account {args.name!r}.", EXIT_BAD_INPUT)
        if not account.has_imap:
            raise CliError(f"The mail account {args.name!r} has no IMAP server.", EXIT_BAD_INPUT)
        accounts = [account]
    else:
        accounts = [a for a in mail_accounts.list_accounts(db) if a.has_imap]
        if not accounts:
            raise CliError(
                "There is no mail account with an IMAP server (add one with `mail account add`).",
                EXIT_BAD_INPUT,
            )
    given = _read_password() if args.password_stdin else None
    total, failed = MailTally(), False
    for account in accounts:
        password = given or credentials.get_password(account.name)
        if password is None:
            raise CliError(
                f"No password is stored for the mail account {account.name!r}; give it "
                "with --password-stdin.",
                EXIT_BAD_INPUT,
            )
        try:
            total += check.check_account(db, account.name, password, now)
        except MailCheckError as exc:
            print(f"{account.name}: {exc}", file=sys.stderr)
            failed = True
    _print_tally(total, args.json)
    return EXIT_FAILURE if failed else EXIT_OK


# --- review ----------------------------------------------------------------------------------


def review_json(item: mail_review.ReviewItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "at": item.at.isoformat() if item.at else None,
        "sender": item.sender,
        "sender_name": item.sender_name,
        "subject": item.subject,
        "text": item.text,
        "reason": item.reason,
        "candidates": [{"application": a, "label": label} for a, label in item.candidates],
        "suggestion": item.suggestion,
    }


def _review(args: argparse.Namespace, db: Database) -> int:
    items = mail_review.pending(db)
    if args.json:
        print(json.dumps([review_json(i) for i in items], ensure_ascii=False))
        return EXIT_OK
    if not items:
        print("Nothing waits for your decision.")
    for item in items:
        who = f"{item.sender_name} <{item.sender}>" if item.sender_name else item.sender
        day = item.at.date().isoformat() if item.at else "no date"
        print(f"#{item.id} {item.kind}  {day}  {who}  {item.subject}")
        print(f"    {item.reason}")
        for application, label in item.candidates:
            print(f"    - {application}: {label}")
    return EXIT_OK
