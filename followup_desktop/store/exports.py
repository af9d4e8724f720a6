"""Export files, chosen by extension, written the same way for the window and the command line:
atomically (temporary file, fsync, rename) and readable by the user only."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from followup_desktop.core.model import PENDING_STATUSES
from followup_desktop.store import queries
from followup_desktop.store.db import Database

SUFFIXES = (".json", ".csv", ".ics")


class ExportError(Exception):
    """An export that cannot be done; ``str()`` is one sentence. ``bad_input``: the user's name."""

    def __init__(self, message: str, *, bad_input: bool = False) -> None:
        super().__init__(message)
        self.bad_input = bad_input


def export_to(db: Database, target: Path, *, now: datetime) -> None:
    """.json (everything, a complete backup), .csv (the communication log, for spreadsheets) or
    .ics (pending follow-ups and interviews, for calendar programs; ``now`` stamps it)."""
    suffix = target.suffix.lower()
    if suffix == ".json":
        # lazy: ~9 ms of the first window, ~8 ms of `export` .csv/.ics (bench_lazy_imports, --cli)
        from followup_desktop.store.transfer import export_json

        text = json.dumps(export_json(db), ensure_ascii=False, indent=2) + "\n"
        write_private(target, text.encode("utf-8"))
    elif suffix == ".csv":
        # lazy: ~1 ms of the first window (bench_lazy_imports)
        from followup_desktop.core.log_csv import communications_csv

        text = communications_csv(
            queries.list_communications(db),
            {c.id: c.name for c in queries.list_contacts(db)},
            {a.id: a for a in queries.list_applications(db)},
            {c.id: c for c in queries.list_companies(db)},
            queries.get_profile(db).timezone,
        )
        write_private(target, text.encode("utf-8-sig"))  # the BOM tells spreadsheets it is UTF-8
    elif suffix == ".ics":
        write_private(target, calendar_bytes(db, now))
    else:
        raise ExportError(
            f"{target}: unknown export type {suffix or '(none)'!r}; use .json, .csv or .ics.",
            bad_input=True,
        )


def calendar_bytes(db: Database, now: datetime) -> bytes:
    """Every pending follow-up and every interview as iCalendar bytes (core/ics_export.py)."""
    # lazy: icalendar, ~35 ms of the first window, ~25-35 ms of `import` and `export` .json/.csv
    # (bench_lazy_imports, --cli)
    from followup_desktop.core.ics_export import CalendarData, to_ics

    data = CalendarData(
        profile_zone=queries.get_profile(db).timezone,
        followups=queries.list_followups(db, statuses=PENDING_STATUSES),
        interviews=queries.list_interviews(db),
        applications={a.id: a for a in queries.list_applications(db)},
        companies={c.id: c for c in queries.list_companies(db)},
        contacts=queries.contacts_by_id(db),
    )
    return to_ics(data, now)


def write_private(target: Path, data: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write the file ({exc.strerror}).") from exc
