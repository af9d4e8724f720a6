"""Fast bulk writes: plain ``executemany`` upserts (sqlite-utils' per-row work dominated imports).

``INSERT ... ON CONFLICT(pk) DO UPDATE`` updates in place, so rows that other tables reference
are never deleted and re-inserted (which ``INSERT OR REPLACE`` would do, cascading deletes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from followup_desktop.store.db import Database

#: Stay well under SQLite's smallest default limit of bound variables (999 before 3.32).
MAX_VARIABLES = 900


def upsert_rows(db: Database, table: str, rows: Sequence[dict[str, Any]], pk: str = "id") -> None:
    """Insert or update ``rows`` (all with the same keys) by primary key ``pk``."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" * len(columns))
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != pk)
    sql = (
        f'INSERT INTO "{table}" ({names}) VALUES ({marks}) '
        f'ON CONFLICT("{pk}") DO UPDATE SET {updates}'
    )
    db.conn.executemany(sql, ([row[c] for c in columns] for row in rows))


def chunks(values: Iterable[str], size: int = MAX_VARIABLES) -> Iterable[list[str]]:
    """``values`` in lists small enough to bind as ``IN (?, ?, ...)``."""
    batch: list[str] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
