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
