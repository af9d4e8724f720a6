"""Salvage: every row that can still be read from a damaged database file.

Works on a copy (the damaged file is never written), repairs an overwritten header so SQLite can
open it at all, reads table by table and row by row, and turns what it found into an
interchange document the user can import (store/health.py's quarantine writes it beside the
damaged file).
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from followup_desktop.core.interchange import Document
from followup_desktop.core.interchange_export import to_json
from followup_desktop.core.model import Profile
from followup_desktop.store import records
from followup_desktop.store.db import SQLITE_HEADER, guess_page_size, header_state

log = logging.getLogger(__name__)

#: Tables rebuilt from others (full-text search): not worth salvaging.
DERIVED_PREFIX = "search"


@dataclass
class Salvage:
    """What could be read from a damaged file."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)  # table -> SQLite's words
    skipped_rows: int = 0  # rows seen to exist that could not be read

    @property
    def rows(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


def salvage(damaged: Path) -> Salvage:
    """Every row that can be read from ``damaged`` (read from a copy; the file is untouched)."""
    result = Salvage()
    with tempfile.TemporaryDirectory(prefix="followup-salvage-") as folder:
        copy = Path(folder) / "copy.sqlite3"
        try:
            shutil.copyfile(damaged, copy)
            wal = Path(f"{damaged}-wal")
            if wal.exists():
                shutil.copyfile(wal, f"{copy}-wal")
            _repair_header(copy, wal.exists())
            conn = sqlite3.connect(str(copy))
        except (OSError, sqlite3.Error) as exc:
            result.unreadable["(file)"] = str(exc)
            return result
        conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
        # Tolerate a schema entry that points at a missing page (a truncated file).
        with contextlib.suppress(sqlite3.Error):
            conn.execute("PRAGMA writable_schema = ON")
        try:
            for table in _tables(conn, result):
                _read_table(conn, table, result)
        finally:
            conn.close()
    return result


def _repair_header(copy: Path, wal: bool) -> None:
    if header_state(copy) != "damaged":
        return
    page_size = guess_page_size(copy)
    assert page_size is not None
    with copy.open("r+b") as handle:
        handle.write(_fresh_header(page_size, copy.stat().st_size // page_size, wal))


def _tables(conn: sqlite3.Connection, result: Salvage) -> list[str]:
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rootpage"
            ).fetchall()
        ]
    except sqlite3.DatabaseError as exc:
        result.unreadable["(schema)"] = str(exc)
        return []
    return [n for n in names if not n.startswith(("sqlite_", DERIVED_PREFIX))]


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$base64": base64.b64encode(value).decode("ascii")}
    return value


def _read_table(conn: sqlite3.Connection, table: str, result: Salvage) -> None:
    """All rows in rowid order. Past a damaged page: the rows after it read backwards from the
    end, then the gap probed row by row (each probe walks its own path down the b-tree)."""
    quoted = '"' + table.replace('"', '""') + '"'
    got: dict[int, dict[str, Any]] = {}
    result.tables[table] = []
    last = _scan(conn, f"SELECT rowid, * FROM {quoted} ORDER BY rowid", got)
    if last is None:
        result.tables[table] = [got[k] for k in sorted(got)]
        return
    result.unreadable[table] = last[1]
    low = last[0]
    before = len(got)
    _scan(conn, f"SELECT rowid, * FROM {quoted} WHERE rowid > {low} ORDER BY rowid DESC", got)
    high = min((k for k in got if k > low), default=None)
    if high is None:  # the right edge is damaged too: probe a little past the gap
        known_top = False
        high = low + 10_000
    else:
        known_top = len(got) > before
    for rowid in range(low + 1, min(high, low + 1_000_000)):
        try:
            cursor = conn.execute(f"SELECT rowid, * FROM {quoted} WHERE rowid = ?", [rowid])
            row = cursor.fetchone()
        except sqlite3.DatabaseError:
            result.skipped_rows += 1 if known_top else 0
            continue
        if row is not None:
            names = [d[0] for d in cursor.description][1:]
            got[rowid] = {n: _plain(v) for n, v in zip(names, row[1:], strict=True)}
    result.tables[table] = [got[k] for k in sorted(got)]


def _scan(
    conn: sqlite3.Connection, sql: str, got: dict[int, dict[str, Any]]
) -> tuple[int, str] | None:
    """Read rows into ``got`` until the end (None) or an error: (last good rowid, error)."""
    last = max(got, default=0)
    try:
        cursor = conn.execute(sql)
        names = [d[0] for d in cursor.description][1:]
        for rowid, *values in cursor:
            got[rowid] = {n: _plain(v) for n, v in zip(names, values, strict=True)}
            last = rowid if "DESC" not in sql else last
    except sqlite3.DatabaseError as exc:
        return last, str(exc)
    return None


def salvage_document(found: Salvage, source: Path, now: datetime) -> dict[str, Any]:
    """An interchange v1 document of the salvaged records, raw rows under ``"salvage"``."""
    meta = {
        "source": str(source),
        "salvaged_at": now.astimezone(UTC).isoformat(),
        "rows": found.rows,
        "unreadable": found.unreadable,
        "rows_seen_but_unreadable": found.skipped_rows,
        "tables": found.tables,
    }
    try:
        document = _interchange(found.tables)
    except Exception:  # damaged values can break any conversion: the raw rows remain
        log.exception("salvaged rows could not be turned into an interchange document")
        return {"format": "followup-desktop-salvage", "version": 1, "salvage": meta}
    meta["left_out_of_import"] = _self_contained(document)
    document["salvage"] = meta
    return document


def _self_contained(doc: dict[str, Any]) -> int:
    """Drop records whose parent was not salvaged and clear optional links to missing records,
    so that the file imports anywhere (the raw rows keep everything); how many were dropped."""
    children = ("contacts", "applications", "interviews", "communications", "followups")
    before = sum(len(doc.get(section, [])) for section in children)

    def keep(section: str, parent: str, known: set[str]) -> set[str]:
        doc[section] = [r for r in doc.get(section, []) if r.get(parent) in known]
        return {r["id"] for r in doc[section]}

    def clear(section: str, key: str, known: set[str]) -> None:
        for record in doc.get(section, []):
            if record.get(key) is not None and record[key] not in known:
                record[key] = None

    companies = {r["id"] for r in doc.get("companies", [])}
    contacts = keep("contacts", "company", companies)
    applications = keep("applications", "company", companies)
    clear("applications", "contact", contacts)
    interviews = keep("interviews", "application", applications)
    for record in doc["interviews"]:
        record["interviewers"] = [p for p in record.get("interviewers", []) if p in contacts]
        notes = record.get("interviewer_notes")
        if isinstance(notes, dict):
            record["interviewer_notes"] = {k: v for k, v in notes.items() if k in contacts}
    keep("communications", "application", applications)
    clear("communications", "contact", contacts)
    keep("followups", "application", applications)
    clear("followups", "interview", interviews)
    clear("followups", "contact", contacts)
    return before - sum(len(doc[section]) for section in children)


def _interchange(tables: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    doc = Document(profile=Profile())
    for row in tables.get("profile", []):
        try:
            doc.profile = records.profile_from_row(row)
        except Exception:
            log.warning("salvaged profile row unreadable")
    people: dict[str | None, list[dict[str, Any]]] = {}  # a salvaged row may lack its interview
    for row in tables.get("interviewers", []):
        people.setdefault(row.get("interview"), []).append(row)
    readers: dict[str, Callable[[dict[str, Any]], Any]] = {
        "companies": records.company_from_row,
        "contacts": records.contact_from_row,
        "applications": records.application_from_row,
        "interviews": lambda row: records.interview_from_row(row, people.get(row["id"], [])),
        "communications": records.communication_from_row,
        "followups": records.followup_from_row,
        "templates": records.template_from_row,
    }
    for section, read in readers.items():
        for row in tables.get(section, []):
            try:
                getattr(doc, section).append(read(row))
                if row.get("extra"):
                    doc.extras.setdefault(section, {})[row["id"]] = json.loads(row["extra"])
            except Exception:
                log.warning("salvaged %s row %r unreadable", section, row.get("id"))
    return to_json(doc)


# --- the start-up path --------------------------------------------------------------------------


def _fresh_header(page_size: int, pages: int, wal: bool) -> bytes:
    """A plain 100-byte SQLite header (UTF-8, no free list): enough to read a salvage copy."""
    h = bytearray(100)
    h[0:16] = SQLITE_HEADER
    h[16:18] = (page_size if page_size < 65536 else 1).to_bytes(2, "big")
    h[18] = h[19] = 2 if wal else 1
    h[21], h[22], h[23] = 64, 32, 32
    for offset, value in ((24, 1), (28, pages), (40, 1), (44, 4), (56, 1), (92, 1)):
        h[offset : offset + 4] = value.to_bytes(4, "big")
    h[96:100] = (3_040_001).to_bytes(4, "big")
    return bytes(h)
