"""File > Import / Export behind the menus (no widgets): the same core and store calls as the CLI.

Each function returns one sentence for the status bar, or raises an exception whose text is one
sentence for the user (the menu slots are ``guarded``).
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from followup_desktop.store import queries

#: File-dialog filter -> extension, for a name typed without one.
FILTER_EXTENSIONS = {"(*.json)": ".json", "(*.csv)": ".csv", "(*.ics)": ".ics"}


class FilingError(Exception):
    """A file action that cannot be done; the text is one sentence for the user."""


def import_path(db: Database, path: Path, now: datetime) -> str:
    """Merge an interchange file (one transaction; a bad file changes nothing)."""
    try:
        from followup_desktop.core.interchange import parse_document
        from followup_desktop.core.interchange_fields import read_json
        from followup_desktop.store.transfer import import_document, known_ids
    except ImportError as exc:
        raise FilingError(
            f"Import is not available in this version ({exc.name} is missing)."
        ) from None
    doc = parse_document(read_json(path), str(path), known_ids(db))
    return import_document(db, doc, now).sentence()


def with_extension(path: Path, chosen_filter: str) -> Path:
    """Add the extension of the chosen filter when the user typed a bare name."""
    if path.suffix:
        return path
    for marker, suffix in FILTER_EXTENSIONS.items():
        if marker in chosen_filter:
            return path.with_suffix(suffix)
    return path.with_suffix(".json")


def export_path(db: Database, target: Path) -> str:
    """Write .json (everything), .csv (communication log) or .ics, chosen by the extension."""
    suffix = target.suffix.lower()
    if suffix == ".json":
        from followup_desktop.store.transfer import export_json

        text = json.dumps(export_json(db), ensure_ascii=False, indent=2) + "\n"
        _write_private(target, text.encode("utf-8"))
    elif suffix == ".csv":
        try:
            from followup_desktop.core.log_csv import communications_csv
        except ImportError:
            raise FilingError("CSV export is not available in this version.") from None
        text = communications_csv(
            queries.list_communications(db),
            {c.id: c.name for c in queries.list_contacts(db)},
            {a.id: a for a in queries.list_applications(db)},
            {c.id: c for c in queries.list_companies(db)},
            queries.get_profile(db).timezone,
        )
        _write_private(target, text.encode("utf-8-sig"))
    elif suffix == ".ics":
        raise FilingError(
            "Calendar (.ics) export is not in this version yet; export .json or .csv instead."
        )
    else:
        raise FilingError(
            f"{target.name}: unknown export type {suffix or '(none)'}; use .json, .csv or .ics."
        )
    return f"Exported to {target}."


def _write_private(target: Path, data: bytes) -> None:
    """Write atomically (temporary file, then rename), readable by the user only."""
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
        raise FilingError(f"{target}: cannot write the file ({exc.strerror}).") from exc
