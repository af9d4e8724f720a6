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
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop import APP_ID
from followup_desktop.app.clock import now_utc
from followup_desktop.cli.errors import EXIT_FAILURE, EXIT_OK, CliError
from followup_desktop.cli.parser import build_parser

if TYPE_CHECKING:
    from followup_desktop.store.db import Database

#: A command: the parsed arguments, the open database, its path and the time it runs at.
Handler = Callable[[argparse.Namespace, "Database", Path, datetime], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.install_desktop_entry or args.uninstall_desktop_entry:  # before any database
        if args.command is not None:
            parser.error("--install/--uninstall-desktop-entry take no command")
        # lazy: ~2 ms of --version (bench_lazy_imports --cli)
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
    # lazy: --version loads no module more than it did (paths: ~0.2 ms of it,
    # bench_lazy_imports --cli)
    from followup_desktop.paths import default_db_path

    return default_db_path()


#: Commands that only read: they skip the page check of every start (a damaged page they touch
#: still fails with a clear sentence).
READ_ONLY_COMMANDS = frozenset({"agenda", "export"})


def _open(path: Path, demo: bool, command: str | None = None):
    # lazy: SQLite and the schema, ~1.4 ms and ~1.7 ms of --version (bench_lazy_imports --cli)
    from followup_desktop.store.db import StoreError
    from followup_desktop.store.open import open_store

    try:
        db = open_store(path, verify=command not in READ_ONLY_COMMANDS)
    except StoreError as exc:
        raise CliError(str(exc)) from exc
    if demo:
        # lazy: --demo only, ~8 ms of the other commands, ~13 ms of --version
        from followup_desktop.store.demo import fill_demo

        fill_demo(db, now_utc())
    return db


def _run(args: argparse.Namespace) -> int:
    path = _db_path(args)
    if args.command is None:
        from followup_desktop.app.run import run_app  # lazy: Qt, ~70 ms of --version and commands

        return run_app(path, demo=args.demo, minimized=args.minimized)
    if args.command == "check":
        from followup_desktop.cli.upkeep import check  # lazy: ~1.5 ms of --version

        if args.demo:  # the demo database exists only once it is made and filled
            _open(path, demo=True).close()
        return check(path)
    db = _open(path, args.demo, args.command)
    try:
        from followup_desktop.store.db import StoreError  # lazy: see _open

        try:
            return _handler(args.command)(args, db, path, now_utc())
        except StoreError as exc:
            raise CliError(str(exc)) from exc
    finally:
        db.close()


def _handler(command: str) -> Handler:
    """The function behind ``command``; only that command's module loads."""
    # lazy, each: ~6 ms (agenda, files), ~40 ms (draft: jinja2), ~2 ms (upkeep) and ~140 ms
    # (mail: icalendar, the mail parsers, imaplib) of --version, up to as much of the
    # other commands (bench_lazy_imports --cli)
    if command == "agenda":
        from followup_desktop.cli.agenda import agenda

        return agenda
    if command == "draft":
        from followup_desktop.cli.draft import draft

        return draft
    if command == "mail":
        from followup_desktop.cli.mail import mail

        return mail
    if command == "outbox":
        from followup_desktop.cli.outbox import outbox_command

        return outbox_command
    if command in ("import", "export"):
        from followup_desktop.cli import files

        return files.import_file if command == "import" else files.export_file
    from followup_desktop.cli import upkeep

    handlers: dict[str, Handler] = {"backup": upkeep.backup, "self-test": upkeep.self_test}
    return handlers[command]
