"""One way in for a file the user imports: an interchange .json or a tracker .csv.

The command line (`import FILE`), File > Import… and the first-run setup's "Import my tracker"
all call :func:`import_file`, so a file comes in the same way whichever door it uses: read and
checked completely first (a bad file changes nothing), a backup taken, then one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from followup_desktop.core.interchange import parse_document
from followup_desktop.core.interchange_fields import read_json
from followup_desktop.core.tracker_csv import TrackerError, read_text, read_tracker
from followup_desktop.store.backups import backup_before
from followup_desktop.store.db import Database
from followup_desktop.store.transfer import ImportSummary, import_document, known_ids

#: Spreadsheet files that must be saved as CSV first (no spreadsheet reader is shipped).
SPREADSHEETS = (".xlsx", ".xls", ".ods")


@dataclass(frozen=True)
class FileImport:
    summary: ImportSummary
    kept: int = 0  # tracker records the database had already (left as they are)
    ignored: tuple[str, ...] = ()  # tracker columns no field uses

    def sentence(self) -> str:
        text = self.summary.sentence()
        if self.kept:
            text += f" {self.kept} record{'s' if self.kept != 1 else ''} already there stayed "
            text += "as they are."
        if self.ignored:
            text += f" Columns not read: {', '.join(self.ignored)}."
        return text


def import_file(db: Database, path: Path, now: datetime, *, home_zone: str) -> FileImport:
    """Import ``path`` (.csv: a tracker; anything else: the interchange JSON). ``home_zone`` is
    the zone of a tracker row that names none. Raises InterchangeError (one sentence)."""
    suffix = path.suffix.lower()
    if suffix in SPREADSHEETS:
        raise TrackerError(
            f"{path.name}: spreadsheets are read as CSV for now; save it as CSV (UTF-8) and "
            "import that file."
        )
    kept, ignored = 0, tuple[str, ...]()
    if suffix == ".csv":
        found = read_tracker(
            read_text(path), str(path), default_zone=home_zone, known=known_ids(db)
        )
        data, kept, ignored = found.document, found.kept, tuple(found.ignored)
    else:
        data = read_json(path)
    doc = parse_document(data, str(path), known_ids(db))
    backup_before(db, "import", now)  # a bulk change: the file as it was stays recoverable
    return FileImport(import_document(db, doc, now), kept, ignored)
