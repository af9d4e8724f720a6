"""``agenda``: what is planned, as lines for a person or as JSON (shared/interchange.md).

The lines say times as the window does (core/when_text): 'Tue 24 Nov 2026 08:30 New York time
(07:30 your time)  Thank-you · Dana Lee · Acme Corp · Backend Engineer  [due today]'.
"""

from __future__ import annotations

import argparse
from datetime import datetime, time, timedelta
from pathlib import Path

from followup_desktop.cli.errors import EXIT_BAD_INPUT, EXIT_OK, CliError
from followup_desktop.core.instants import parse_date, zone
from followup_desktop.core.model import PENDING_STATUSES, FollowUp
from followup_desktop.core.when_text import both_zones, kind_words, status_words
from followup_desktop.store import queries
from followup_desktop.store.agenda_json import agenda_json
from followup_desktop.store.db import Database


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
        print(agenda_json(db, now, start=start, end=end, include_all=args.all))
        return EXIT_OK
    items = queries.agenda(db, start=start, end=end, include_all=args.all)
    if not items:
        print("Nothing planned." if not args.all else "No follow-ups yet.")
    for item in items:
        f = item.followup
        when = both_zones(f.due, f.timezone, user_zone, year=True)
        who = item.contact_name or "you"
        flag = _flag(f, now, user_zone)
        what = " · ".join(p for p in (kind_words(f.kind), who, item.company_name) if p)
        role = f" · {item.application_role}" if item.application_role else ""
        print(f"{when}  {what}{role}  [{flag}]")
        print(f"    {f.reason}")
    return EXIT_OK


def _flag(f: FollowUp, now: datetime, user_zone: str) -> str:
    """'overdue', 'due today', or the status in words ('planned', 'done', ...)."""
    if f.status in PENDING_STATUSES and f.due <= now:
        tz = zone(user_zone)
        overdue = f.due.astimezone(tz).date() < now.astimezone(tz).date()
        return status_words("overdue" if overdue else "due").lower()
    return status_words(f.status).lower()
