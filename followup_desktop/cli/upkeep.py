"""Looking after the file and the install: ``backup``, ``check`` and ``self-test``."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from followup_desktop.cli.errors import EXIT_FAILURE, EXIT_OK, CliError
from followup_desktop.paths import backups_dir
from followup_desktop.store.db import Database, backup_name, backup_to


def backup(args: argparse.Namespace, db: Database, path: Path, now: datetime) -> int:
    folder = args.dir if args.dir is not None else backups_dir(path)
    try:
        dest = backup_to(db, folder / backup_name(now=now))
    except OSError as exc:
        raise CliError(f"{folder}: cannot write the backup ({exc.strerror}).") from exc
    print(f"Backed up to {dest}")
    return EXIT_OK


def check(path: Path) -> int:
    """Full integrity check; never changes the file."""
    # lazy: ~6 ms (logging) of `backup`, which loads this module too (bench_lazy_imports --cli)
    from followup_desktop.store.health import check_database

    report = check_database(path)
    if report.ok:
        print(report.message)
        return EXIT_OK
    print(f"followup-desktop: {report.message}", file=sys.stderr)
    return EXIT_FAILURE


def self_test(args: argparse.Namespace, db: Database, path: Path, now: datetime) -> int:
    # lazy: Qt and every view, ~170 ms of `backup` and `check` (bench_lazy_imports --cli)
    from followup_desktop.app.self_test import run_self_test

    failures = run_self_test(db, args.screenshots, now)
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    if failures:
        return EXIT_FAILURE
    print("self-test passed" + (f"; screenshots in {args.screenshots}" if args.screenshots else ""))
    return EXIT_OK
