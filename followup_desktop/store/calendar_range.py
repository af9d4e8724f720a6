"""The calendar's reads, by day: counts and first items from the (status, due) index, then the
details of only the items shown.

A day range is given as ``bounds``: UTC texts [b0, b1, ..., bn], day ``i`` being
[b[i], b[i+1]). The stored UTC text has a fixed width, so its text order is time order. An
entry is ``(due UTC text, "f"/"i", rowid, status, minutes)``; ``statuses`` are fixed words of
the model (never user text).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from followup_desktop.store.db import Database

Entry = tuple[str, str, int, str, int]

_FOLLOWUP_DETAILS = (
    "SELECT f.rowid, f.id, f.kind, f.due, f.timezone, f.status, f.manual, f.reason,"
    " f.status_reason, f.application, p.name, c.name, a.role FROM followups f"
    " JOIN applications a ON a.id = f.application JOIN companies c ON c.id = a.company"
    " LEFT JOIN contacts p ON p.id = f.contact WHERE f.rowid IN ({})"
)
_INTERVIEW_DETAILS = (
    "SELECT i.rowid, i.id, i.starts_at, COALESCE(i.timezone, c.timezone), i.duration_minutes,"
    " i.application, a.role, c.name, (SELECT group_concat(name, ', ') FROM (SELECT p.name"
    " FROM interviewers v JOIN contacts p ON p.id = v.contact WHERE v.interview = i.id"
    " ORDER BY v.position)) FROM interviews i JOIN applications a ON a.id = i.application"
    " JOIN companies c ON c.id = a.company WHERE i.rowid IN ({})"
)
BATCH = 500  # rowids per IN (...) list, well under SQLite's variable limit


def _words(statuses: Sequence[str]) -> str:
    return ",".join(f"'{s}'" for s in statuses)


def _days_table(bounds: Sequence[str]) -> tuple[str, list[Any]]:
    """A VALUES table of (day index, start, end), for per-day statements."""
    rows = ",".join("(?, ?, ?)" for _ in bounds[1:])
    params: list[Any] = []
    for index in range(len(bounds) - 1):
        params += [index, bounds[index], bounds[index + 1]]
    return f"WITH d(i, lo, hi) AS (VALUES {rows})", params


def interview_entries(db: Database, lo: str, hi: str, default_minutes: int) -> list[Entry]:
    """The interviews starting in [lo, hi), in time order."""
    entries: list[Entry] = db.execute(
        "SELECT starts_at, 'i', rowid, 'interview',"
        " COALESCE(duration_minutes, ?) FROM interviews"
        " WHERE starts_at >= ? AND starts_at < ? ORDER BY starts_at, rowid",
        [default_minutes, lo, hi],
    ).fetchall()
    return entries


def count_per_day(
    db: Database, bounds: Sequence[str], statuses: Sequence[str], pending: Sequence[str]
) -> dict[int, tuple[int, int]]:
    """Day index -> (follow-ups in ``statuses``, of them in ``pending``), days with any only;
    one COUNT per day, answered from the index alone."""
    if len(bounds) < 2:
        return {}
    with_days, params = _days_table(bounds)
    rows = db.execute(
        f"{with_days} SELECT d.i, (SELECT count(*) FROM followups WHERE status IN"
        f" ({_words(statuses)}) AND due >= d.lo AND due < d.hi), (SELECT count(*) FROM"
        f" followups WHERE status IN ({_words(pending)}) AND due >= d.lo AND due < d.hi)"
        " FROM d",
        params,
    ).fetchall()
    return {i: (total, waiting) for i, total, waiting in rows if total}


def heads_per_day(
    db: Database, bounds: Sequence[str], statuses: Sequence[str], count: int, minutes: int
) -> dict[int, list[Entry]]:
    """The first ``count`` follow-ups of every day, in one statement."""
    with_days, params = _days_table(bounds)
    rows = db.execute(
        f"{with_days} SELECT d.i, f.due, 'f', f.rowid, f.status, ? FROM d"
        " JOIN followups f ON f.rowid IN (SELECT rowid FROM followups WHERE status IN"
        f" ({_words(statuses)}) AND due >= d.lo AND due < d.hi ORDER BY due, rowid LIMIT ?)",
        [*params, minutes, count],
    ).fetchall()
    heads: dict[int, list[Entry]] = {}
    for index, *entry in rows:
        heads.setdefault(index, []).append(tuple(entry))
    return heads


def followup_entries(
    db: Database, lo: str, hi: str, statuses: Sequence[str], minutes: int
) -> list[Entry]:
    """Every follow-up in ``statuses`` due in [lo, hi)."""
    entries: list[Entry] = db.execute(
        "SELECT due, 'f', rowid, status, ? FROM followups"
        f" WHERE status IN ({_words(statuses)}) AND due >= ? AND due < ?",
        [minutes, lo, hi],
    ).fetchall()
    return entries


def locate(db: Database, key: str) -> tuple[str, int] | None:
    """(UTC start text, rowid) of the item ``key`` ("f:<id>" / "i:<id>"), if it exists."""
    table, column = ("followups", "due") if key[0] == "f" else ("interviews", "starts_at")
    found: tuple[str, int] | None = db.execute(
        f"SELECT {column}, rowid FROM {table} WHERE id = ?", [key[2:]]
    ).fetchone()
    return found


def details(db: Database, table: str, rowids: Sequence[int]) -> list[tuple[Any, ...]]:
    """The rows behind follow-up ("f") or interview ("i") ``rowids``, in batches."""
    query = _FOLLOWUP_DETAILS if table == "f" else _INTERVIEW_DETAILS
    found: list[tuple[Any, ...]] = []
    for start in range(0, len(rowids), BATCH):
        chunk = list(rowids[start : start + BATCH])
        found += db.execute(query.format(",".join("?" * len(chunk))), chunk).fetchall()
    return found


def pending_before(
    db: Database, hi: str, pending: Sequence[str], minutes: int, limit: int
) -> tuple[list[Entry], int]:
    """The first ``limit`` follow-ups in ``pending`` due before ``hi`` (the oldest first) and
    how many there are in all: both from the (status, due) index."""
    where = f"status IN ({_words(pending)}) AND due < ?"
    total = int(db.execute(f"SELECT count(*) FROM followups WHERE {where}", [hi]).fetchone()[0])
    entries: list[Entry] = db.execute(
        f"SELECT due, 'f', rowid, status, ? FROM followups WHERE {where}"
        " ORDER BY due, rowid LIMIT ?",
        [minutes, hi, limit],
    ).fetchall()
    return entries, total
