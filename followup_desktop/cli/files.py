"""``import`` and ``export``: the interchange file or a tracker .csv in, and .json / .csv / .ics
out."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from followup_desktop.cli.errors import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, CliError
from followup_desktop.core.interchange_fields import InterchangeError
from followup_desktop.store import queries
from followup_desktop.store.db import Database
from followup_desktop.store.exports import ExportError, export_to


def import_file(args: argparse.Namespace, db: Database, path: Path, now: datetime) -> int:
    # lazy: ~1 ms (interchange, which the tracker reader uses too), ~10 ms (backups) and ~8 ms
    # (transfer) of `export` .csv/.ics, which loads this module too (bench_lazy_imports --cli)
    from followup_desktop.store.file_import import import_file as read_in

    try:
        done = read_in(db, args.file, now, home_zone=queries.get_profile(db).timezone)
    except InterchangeError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from exc
    print(done.sentence())
    return EXIT_OK


def export_file(args: argparse.Namespace, db: Database, path: Path, now: datetime) -> int:
    try:
        export_to(db, args.file, now=now)
    except ExportError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT if exc.bad_input else EXIT_FAILURE) from exc
    print(f"Wrote {args.file}")
    return EXIT_OK
