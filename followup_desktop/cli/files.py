"""``import`` and ``export``: the interchange file or a tracker .csv in, and .json / .csv / .ics
out."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from followup_desktop.cli.errors import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, CliError
from followup_desktop.core.interchange_fields import InterchangeError, read_json
from followup_desktop.store import queries
from followup_desktop.store.db import Database
from followup_desktop.store.exports import ExportError, export_to


def import_file(args: argparse.Namespace, db: Database, path: Path, now: datetime) -> int:
    # lazy: ~1 ms (interchange, which the tracker reader uses too), ~10 ms (backups) and ~8 ms
    # (transfer) of `export` .csv/.ics, which loads this module too (bench_lazy_imports --cli)
    from followup_desktop.core.interchange import parse_document
    from followup_desktop.core.tracker_csv import read_text, read_tracker
    from followup_desktop.store.backups import backup_before
    from followup_desktop.store.transfer import import_document, known_ids

    suffix = args.file.suffix.lower()
    if suffix in (".xlsx", ".xls", ".ods"):
        raise CliError(
            f"{args.file}: spreadsheets are read as CSV for now; save it as CSV (UTF-8) "
            "and import that file.",
            EXIT_BAD_INPUT,
        )
    kept = 0
    try:
        if suffix == ".csv":  # a tracker spreadsheet (core/tracker_csv.py)
            found = read_tracker(
                read_text(args.file),
                str(args.file),
                default_zone=queries.get_profile(db).timezone,
                known=known_ids(db),
            )
            data, kept = found.document, found.kept
        else:
            data = read_json(args.file)
        doc = parse_document(data, str(args.file), known_ids(db))
    except InterchangeError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from exc
    backup_before(db, "import", now)  # a bulk change: the file as it was stays recoverable
    summary = import_document(db, doc, now)
    print(summary.sentence())
    if kept:
        print(f"{kept} record{'s' if kept != 1 else ''} already there stayed as they are.")
    return EXIT_OK


def export_file(args: argparse.Namespace, db: Database, path: Path, now: datetime) -> int:
    try:
        export_to(db, args.file, now=now)
    except ExportError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT if exc.bad_input else EXIT_FAILURE) from exc
    print(f"Wrote {args.file}")
    return EXIT_OK
