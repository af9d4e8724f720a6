"""Drafts of forms being typed: saved a moment after the user pauses, read back after a crash.

A draft is one row of ``form_drafts`` keyed by the form it belongs to (``interview:<id>``); its
values are JSON the form alone understands. Saving the real record deletes the draft in the same
transaction, so a draft exists exactly while there is typing that was not saved.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from followup_desktop.core.instants import from_utc_text, to_utc_text
from followup_desktop.store.db import Database, transaction


@dataclass(frozen=True, slots=True)
class FormDraft:
    key: str
    kind: str
    title: str
    values: dict[str, Any]
    saved_at: datetime


def save_draft(
    db: Database, key: str, kind: str, values: dict[str, Any], now: datetime, title: str = ""
) -> None:
    """Insert or replace the draft ``key`` (one small transaction)."""
    payload = json.dumps(values, ensure_ascii=False, sort_keys=True)
    with transaction(db):
        db.conn.execute(
            "INSERT INTO form_drafts (key, kind, title, payload, saved_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, title = excluded.title, "
            "payload = excluded.payload, saved_at = excluded.saved_at",
            [key, kind, title, payload, to_utc_text(now)],
        )


def _draft(row: tuple[Any, ...]) -> FormDraft | None:
    key, kind, title, payload, saved_at = row
    try:
        values = json.loads(payload)
    except ValueError:
        return None  # a damaged draft is worth less than a form that opens
    if not isinstance(values, dict):
        return None
    return FormDraft(key, kind, title, values, from_utc_text(saved_at))


def load_draft(db: Database, key: str) -> FormDraft | None:
    row = db.execute(
        "SELECT key, kind, title, payload, saved_at FROM form_drafts WHERE key = ?", [key]
    ).fetchone()
    return _draft(row) if row else None


def list_drafts(db: Database, kind: str | None = None) -> list[FormDraft]:
    """Every readable draft (of ``kind``), the latest first."""
    sql = "SELECT key, kind, title, payload, saved_at FROM form_drafts"
    params: list[str] = []
    if kind is not None:
        sql += " WHERE kind = ?"
        params.append(kind)
    rows = db.execute(sql + " ORDER BY saved_at DESC, key", params).fetchall()
    return [d for d in (_draft(r) for r in rows) if d is not None]


def discard_draft(db: Database, key: str) -> None:
    """Forget the draft ``key`` (joins the caller's transaction when there is one)."""
    with transaction(db):
        db.conn.execute("DELETE FROM form_drafts WHERE key = ?", [key])
