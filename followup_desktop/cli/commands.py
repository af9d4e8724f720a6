"""The sub-commands behind cli/main.py, each a small function over an open database."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, time, timedelta
from pathlib import Path

from followup_desktop.cli.main import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, CliError
from followup_desktop.core.instants import (
    parse_date,
    zone,
)
from followup_desktop.core.model import PENDING_STATUSES, FollowUp
from followup_desktop.store import queries
from followup_desktop.store.db import Database


def run(args: argparse.Namespace, db: Database, path: Path, now: datetime) -> int:
    handlers = {
        "import": import_file,
        "export": export_file,
        "agenda": agenda,
        "backup": backup,
        "self-test": self_test,
        "draft": draft,
    }
    return handlers[args.command](args, db, path, now)


def import_file(args: argparse.Namespace, db: Database, path: Path, now: datetime) -> int:
    from followup_desktop.core.interchange import parse_document
    from followup_desktop.core.interchange_fields import InterchangeError, read_json
    from followup_desktop.store.backups import backup_before
    from followup_desktop.store.transfer import import_document, known_ids

    try:
        doc = parse_document(read_json(args.file), str(args.file), known_ids(db))
    except InterchangeError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from exc
    backup_before(db, "import", now)  # a bulk change: the file as it was stays recoverable
    summary = import_document(db, doc, now)
    print(summary.sentence())
    return EXIT_OK


def export_file(args: argparse.Namespace, db: Database, path: Path, now: datetime) -> int:
    from followup_desktop.store.exports import ExportError, export_to

    try:
        export_to(db, args.file)
    except ExportError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT if exc.bad_input else EXIT_FAILURE) from exc
    print(f"Wrote {args.file}")
    return EXIT_OK


def _day_start(text: str, field: str, zone_name: str) -> datetime:
    try:
        day = parse_date(text)
    except ValueError:
        raise CliError(
            f"{field} {text!r} is not a real date (YYYY-MM-DD).", EXIT_BAD_INPUT
        ) from None
    return datetime.combine(day, time(0), tzinfo=zone(zone_name))


def agenda(args: argparse.Namespace, db: Database, path: Path, now: datetime) -> int:
    user_zone = queries.get_profile(db).timezone
    start = _day_start(args.start, "--from", user_zone) if args.start else None
    end = _day_start(args.end, "--to", user_zone) + timedelta(days=1) if args.end else None
    if start and end and end <= start:
        raise CliError("--to must be on or after --from.", EXIT_BAD_INPUT)
    if args.json:
        from followup_desktop.store.agenda_json import agenda_json

        print(agenda_json(db, now, start=start, end=end, include_all=args.all))
        return EXIT_OK
    items = queries.agenda(db, start=start, end=end, include_all=args.all)
    if not items:
        print("Nothing planned." if not args.all else "No follow-ups yet.")
    for item in items:
        f = item.followup
        local = f.due.astimezone(zone(user_zone))
        employer = f.due.astimezone(zone(f.timezone))
        when = local.strftime("%a %d %b %Y %H:%M")
        if f.timezone != user_zone:
            city = f.timezone.rsplit("/", 1)[-1].replace("_", " ")
            when += f" ({employer.strftime('%H:%M')} {city})"
        who = item.contact_name or "you"
        flag = _flag(f, now, user_zone)
        print(
            f"{when}  {f.kind:<16} {who} · {item.company_name} · {item.application_role}  [{flag}]"
        )
        print(f"    {f.reason}")
    return EXIT_OK


def _flag(f: FollowUp, now: datetime, user_zone: str) -> str:
    if f.status in PENDING_STATUSES and f.due <= now:
        tz = zone(user_zone)
        return "overdue" if f.due.astimezone(tz).date() < now.astimezone(tz).date() else "due"
    return str(f.status)


def backup(args: argparse.Namespace, db: Database, path: Path, now: datetime) -> int:
    from followup_desktop.paths import backups_dir
    from followup_desktop.store.db import backup_name, backup_to

    folder = args.dir if args.dir is not None else backups_dir(path)
    try:
        dest = backup_to(db, folder / backup_name(now=now))
    except OSError as exc:
        raise CliError(f"{folder}: cannot write the backup ({exc.strerror}).") from exc
    print(f"Backed up to {dest}")
    return EXIT_OK


def check(path: Path) -> int:
    """Full integrity check; never changes the file."""
    from followup_desktop.store.health import check_database

    report = check_database(path)
    if report.ok:
        print(report.message)
        return EXIT_OK
    print(f"followup-desktop: {report.message}", file=sys.stderr)
    return EXIT_FAILURE


def draft(args: argparse.Namespace, db: Database, path: Path, now: datetime) -> int:
    from followup_desktop.cli.draft import draft as print_draft

    return print_draft(args, db, path, now)


def self_test(args: argparse.Namespace, db: Database, path: Path, now: datetime) -> int:
    from followup_desktop.app.self_test import run_self_test

    failures = run_self_test(db, args.screenshots, now)
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    if failures:
        return EXIT_FAILURE
    print("self-test passed" + (f"; screenshots in {args.screenshots}" if args.screenshots else ""))
    return EXIT_OK
