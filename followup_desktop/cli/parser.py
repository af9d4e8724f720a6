"""The command line's parser (shared/interchange.md). It is built for ``--version`` too, so it
imports nothing heavy."""

from __future__ import annotations

import argparse
from pathlib import Path

from followup_desktop import APP_ID, version
from followup_desktop.core.languages import LANGUAGES
from followup_desktop.core.model import TemplateKind


class _VersionAction(argparse.Action):
    """``--version``, looking the version up only when asked."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(f"{APP_ID} {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_ID,
        description="Plan and write strategic follow-ups after job interviews.",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument("--db", type=Path, help="database file (default: user data folder)")
    parser.add_argument(
        "--demo", action="store_true", help="use a fresh temporary database with sample data"
    )
    parser.add_argument(
        "--minimized", action="store_true", help="start in the tray (or minimized), no window"
    )
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add this copy of the app to your desktop's application menu (no root) and exit",
    )
    desktop.add_argument(
        "--uninstall-desktop-entry",
        action="store_true",
        help="remove it from the application menu and exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("import", help="merge an interchange file (.json)")
    p.add_argument("file", type=Path)
    p = sub.add_parser("export", help="write .json (everything), .csv (log) or .ics")
    p.add_argument("file", type=Path)
    p = sub.add_parser("agenda", help="list follow-ups")
    p.add_argument("--from", dest="start", metavar="DATE", help="first day (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", metavar="DATE", help="last day (YYYY-MM-DD)")
    p.add_argument("--all", action="store_true", help="include done, skipped and cancelled")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p = sub.add_parser("backup", help="consistent online copy of the database")
    p.add_argument("dir", type=Path, nargs="?", help="folder (default: backups beside the db)")
    sub.add_parser("check", help="integrity check; exit 1 if damaged")
    _add_draft_parser(sub)
    _add_mail_parser(sub)
    _add_outbox_parser(sub)
    p = sub.add_parser("self-test", help="open every view offscreen and render every template")
    p.add_argument("--screenshots", type=Path, metavar="DIR", help="save one PNG per view")
    return parser


def _add_draft_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("draft", help="print the message for a follow-up (id from agenda --json)")
    p.add_argument("followup_id", metavar="FOLLOWUP_ID")
    p.add_argument("--json", action="store_true", help="print an object with subject and body")
    p.add_argument(
        "--kind",
        choices=[k.value for k in TemplateKind],
        help="use this kind of message instead of the suggested one (e.g. offer_decline)",
    )
    p.add_argument(
        "--language",
        choices=list(LANGUAGES),
        help="write it in this language instead of the application's (en, de, fr)",
    )


def _add_mail_parser(sub: argparse._SubParsersAction) -> None:
    mail = sub.add_parser("mail", help="mail files in, mail accounts, check now, review list")
    commands = mail.add_subparsers(dest="mail_command", metavar="MAIL_COMMAND", required=True)
    p = commands.add_parser("import", help=".eml, .mbox or .msg: log what belongs to the search")
    p.add_argument("files", type=Path, nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the counts as a JSON object")
    account = commands.add_parser("account", help="add, list or remove a mail account")
    accounts = account.add_subparsers(dest="account_command", metavar="ACCOUNT_COMMAND")
    accounts.required = True
    p = accounts.add_parser("add", help="add (or change) an IMAP and/or SMTP account")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--user", required=True, help="the login name, usually the address")
    for kind in ("imap", "smtp"):
        name = kind.upper()
        p.add_argument(f"--{kind}-host", metavar="HOST", help=f"the {name} server")
        p.add_argument(f"--{kind}-port", type=int, metavar="N", help="default: by security")
        p.add_argument(  # checked by core/mail_account.validate: one sentence, exit 2
            f"--{kind}-security",
            metavar="ssl|starttls|none",
            default="ssl",
            help="default ssl; none only for 127.0.0.1 and ::1",
        )
    p.add_argument("--from", dest="from_addr", metavar="ADDR", help="the From address")
    p.add_argument("--reply-to", metavar="ADDR", help="where replies go (a Reply-To header)")
    p.add_argument(
        "--password-stdin", action="store_true", help="read the password as one line on stdin"
    )
    p = accounts.add_parser("list", help="the accounts and how their last check went")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p = accounts.add_parser("remove", help="remove an account and forget its password")
    p.add_argument("name", metavar="NAME")
    p = commands.add_parser("check", help="check the IMAP account(s) once now")
    p.add_argument("name", metavar="NAME", nargs="?")
    p.add_argument("--json", action="store_true", help="print the counts as a JSON object")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password as one line on stdin (where no keyring holds it)",
    )
    p = commands.add_parser("review", help="what waits for your decision")
    p.add_argument("--json", action="store_true", help="print a JSON array")


def _add_outbox_parser(sub: argparse._SubParsersAction) -> None:
    outbox = sub.add_parser("outbox", help="messages queued to send at the employer's morning")
    commands = outbox.add_subparsers(dest="outbox_command", metavar="OUTBOX_COMMAND")
    commands.required = True
    p = commands.add_parser("add", help="queue a follow-up's message (default: at its slot)")
    p.add_argument("followup_id", metavar="FOLLOWUP_ID")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--at", metavar="ISO8601", help="send at this moment instead")
    when.add_argument("--slot", action="store_true", help="at the planned slot (the default)")
    when.add_argument("--now", action="store_true", help="send as soon as the outbox runs")
    p.add_argument("--account", metavar="NAME", help="the mail account that sends it")
    p.add_argument(
        "--insist", action="store_true", help="--at on the employer's weekend or holiday anyway"
    )
    p.add_argument("--json", action="store_true", help="print the queued message as JSON")
    p = commands.add_parser("list", help="queued, sending, sent, held, failed")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p = commands.add_parser("cancel", help="do not send a queued or held message")
    p.add_argument("item_id", metavar="ID", type=int)
    p = commands.add_parser("release", help="send a held or failed message after all")
    p.add_argument("item_id", metavar="ID", type=int)
    when = p.add_mutually_exclusive_group()
    when.add_argument("--at", metavar="ISO8601", help="at this moment")
    when.add_argument("--slot", action="store_true", help="at the employer's next slot (default)")
    when.add_argument("--now", action="store_true", help="as soon as the outbox runs")
    p.add_argument("--insist", action="store_true", help=argparse.SUPPRESS)
    p = commands.add_parser("send-due", help="send what is due now")
    p.add_argument("--json", action="store_true", help='print {"sent", "held", "failed"}')
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password as one line on stdin (where no keyring holds it)",
    )
