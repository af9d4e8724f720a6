"""The command line (shared/interchange.md). Thin: parse arguments, call store/core, print.

Exit codes: 0 ok, 2 bad input (file, record and field named on stderr), 1 any other failure.
Heavy modules are imported inside the commands so that ``--version`` stays instant.
"""

from __future__ import annotations

import argparse
import atexit
import shutil
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from followup_desktop import APP_ID, version

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


class CliError(Exception):
    """A failure to report as one sentence; ``code`` is the exit code."""

    def __init__(self, message: str, code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.code = code


def now_utc() -> datetime:
    """The command line's clock (patched in tests)."""
    return datetime.now(UTC)


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
    from followup_desktop.cli.draft import add_parser as add_draft_parser

    add_draft_parser(sub)
    p = sub.add_parser("self-test", help="open every view offscreen and render every template")
    p.add_argument("--screenshots", type=Path, metavar="DIR", help="save one PNG per view")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.install_desktop_entry or args.uninstall_desktop_entry:  # before any database
        if args.command is not None:
            parser.error("--install/--uninstall-desktop-entry take no command")
        from followup_desktop.app import desktop_entry

        return desktop_entry.run(install_entry=args.install_desktop_entry)
    try:
        return _run(args)
    except CliError as exc:
        print(f"{APP_ID}: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except BrokenPipeError:  # e.g. `agenda | head`: the reader left; not an error of ours
        sys.stderr.close()
        return EXIT_OK


def _db_path(args: argparse.Namespace) -> Path:
    if args.demo:
        folder = Path(tempfile.mkdtemp(prefix="followup-demo-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)  # a demo leaves nothing behind
        return folder / "demo.sqlite3"
    if args.db is not None:
        return args.db
    from followup_desktop.paths import default_db_path

    return default_db_path()


#: Commands that only read: they skip the page check of every start (a damaged page they touch
#: still fails with a clear sentence).
READ_ONLY_COMMANDS = frozenset({"agenda", "export"})


def _open(path: Path, demo: bool, command: str | None = None):
    from followup_desktop.store.db import StoreError
    from followup_desktop.store.open import open_store

    try:
        db = open_store(path, verify=command not in READ_ONLY_COMMANDS)
    except StoreError as exc:
        raise CliError(str(exc)) from exc
    if demo:
        from followup_desktop.store.demo import fill_demo

        fill_demo(db, now_utc())
    return db


def _run(args: argparse.Namespace) -> int:
    path = _db_path(args)
    if args.command is None:
        from followup_desktop.app.run import run_app

        return run_app(path, demo=args.demo, minimized=args.minimized)
    if args.command == "check":
        from followup_desktop.cli.commands import check

        if args.demo:  # the demo database exists only once it is made and filled
            _open(path, demo=True).close()
        return check(path)
    db = _open(path, args.demo, args.command)
    try:
        from followup_desktop.cli import commands
        from followup_desktop.store.db import StoreError

        try:
            return commands.run(args, db, path, now_utc())
        except StoreError as exc:
            raise CliError(str(exc)) from exc
    finally:
        db.close()
