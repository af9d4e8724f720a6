"""File > Import / Export behind the menus (no widgets): the same core and store calls as the CLI.

Each function returns one sentence for the status bar, or raises an exception whose text is one
sentence for the user (the menu slots are ``guarded``).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from followup_desktop.store import queries
from followup_desktop.store.db import Database
from followup_desktop.store.exports import ExportError, export_to
from followup_desktop.store.file_import import import_file

#: File-dialog filter -> extension, for a name typed without one.
FILTER_EXTENSIONS = {"(*.json)": ".json", "(*.csv)": ".csv", "(*.ics)": ".ics"}


class FilingError(Exception):
    """A file action that cannot be done; the text is one sentence for the user."""


def import_path(db: Database, path: Path, now: datetime, *, home_zone: str | None = None) -> str:
    """Merge an interchange .json or a tracker .csv (one transaction; a bad file changes
    nothing); ``home_zone`` (default: the profile's) is the zone of a tracker row naming none."""
    zone = home_zone or queries.get_profile(db).timezone
    return import_file(db, path, now, home_zone=zone).sentence()


def with_extension(path: Path, chosen_filter: str) -> Path:
    """Add the extension of the chosen filter when the user typed a bare name."""
    if path.suffix:
        return path
    for marker, suffix in FILTER_EXTENSIONS.items():
        if marker in chosen_filter:
            return path.with_suffix(suffix)
    return path.with_suffix(".json")


def export_path(db: Database, target: Path, now: datetime) -> str:
    """Write .json (everything) or .csv (communication log), chosen by the extension."""
    try:
        export_to(db, target, now=now)
    except ExportError as exc:
        raise FilingError(str(exc)) from None
    return f"Exported to {target}."
