"""The reminder service's memory: what was already told (so each reminder fires exactly once)
and the reminder settings. Tables ``reminder_log`` and ``reminder_prefs`` (schema 1.3).

Telling is recorded in one transaction *before* the notification is shown: a crash between the
two loses one notification rather than repeating a whole batch at every start.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time

from followup_desktop.core.instants import from_utc_text, to_utc_text
from followup_desktop.core.model import NON_MESSAGE_KINDS, PENDING_STATUSES
from followup_desktop.core.reminders import DueItem, Prefs, QuietHours, Shift, Told
from followup_desktop.store.db import Database, transaction


def _opt_instant(text: str | None) -> datetime | None:
    return from_utc_text(text) if text else None


def _opt_text(value: datetime | None) -> str | None:
    return to_utc_text(value) if value is not None else None


def _parse_time(text: str | None) -> time | None:
    if not text:
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        return None


# --- preferences ------------------------------------------------------------------------------


def load_prefs(db: Database) -> Prefs:
    row = db.execute(
        "SELECT quiet_start, quiet_end, quiet_shift, heads_up_minutes, paused_until "
        "FROM reminder_prefs WHERE id = 1"
    ).fetchone()
    if row is None:
        return Prefs()
    start, end = _parse_time(row[0]), _parse_time(row[1])
    try:
        shift = Shift(row[2])
    except ValueError:
        shift = Shift.AFTER
    quiet = QuietHours(start, end, shift) if start and end and start != end else None
    return Prefs(
        quiet=quiet, heads_up_minutes=max(int(row[3] or 0), 0), paused_until=_opt_instant(row[4])
    )


def save_prefs(db: Database, prefs: Prefs) -> None:
    quiet = prefs.quiet
    with transaction(db):
        db.conn.execute(
            "INSERT INTO reminder_prefs (id, quiet_start, quiet_end, quiet_shift, "
            "heads_up_minutes, paused_until) VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
            "SET quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, "
            "quiet_shift = excluded.quiet_shift, heads_up_minutes = excluded.heads_up_minutes, "
            "paused_until = excluded.paused_until",
            [
                quiet.start.strftime("%H:%M") if quiet else None,
                quiet.end.strftime("%H:%M") if quiet else None,
                str(quiet.shift if quiet else Shift.AFTER),
                int(prefs.heads_up_minutes),
                _opt_text(prefs.paused_until),
            ],
        )


def set_paused_until(db: Database, until: datetime | None) -> None:
    with transaction(db):
        db.conn.execute(
            "UPDATE reminder_prefs SET paused_until = ? WHERE id = 1", [_opt_text(until)]
        )


def tray_hint_shown(db: Database) -> bool:
    row = db.execute("SELECT tray_hint_shown FROM reminder_prefs WHERE id = 1").fetchone()
    return bool(row and row[0])


def set_tray_hint_shown(db: Database) -> None:
    with transaction(db):
        db.conn.execute("UPDATE reminder_prefs SET tray_hint_shown = 1 WHERE id = 1")


# --- what was told ----------------------------------------------------------------------------


def load_told(db: Database) -> dict[str, Told]:
    rows = db.execute("SELECT followup, told_due, told_at, warned_due FROM reminder_log").fetchall()
    return {r[0]: Told(_opt_instant(r[1]), _opt_instant(r[2]), _opt_instant(r[3])) for r in rows}


def record_told(db: Database, changed: Mapping[str, Told]) -> None:
    """Keep the new state of every follow-up in ``changed`` (one transaction)."""
    if not changed:
        return
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO reminder_log (followup, told_due, told_at, warned_due) "
            "SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM followups WHERE id = ?) "
            "ON CONFLICT (followup) DO UPDATE SET told_due = excluded.told_due, "
            "told_at = excluded.told_at, warned_due = excluded.warned_due",
            [
                (fid, _opt_text(t.due), _opt_text(t.at), _opt_text(t.warned_due), fid)
                for fid, t in changed.items()
            ],
        )


# --- what is pending --------------------------------------------------------------------------


def pending_items(db: Database, *, before: datetime | None = None) -> list[DueItem]:
    """Pending follow-ups (due before ``before``, when given) with company, role and contact."""
    return _items(db, "f.due < ?" if before else "", [to_utc_text(before)] if before else [])


def get_item(db: Database, followup_id: str) -> DueItem | None:
    """The follow-up ``followup_id`` when it is still pending, else None."""
    found = _items(db, "f.id = ?", [followup_id])
    return found[0] if found else None


def _items(db: Database, condition: str, params: list[str]) -> list[DueItem]:
    statuses = sorted(str(s) for s in PENDING_STATUSES)
    marks = ",".join("?" * len(statuses))
    sql = (
        "SELECT f.id, f.application, f.kind, f.due, f.timezone, c.name, a.role, p.name "
        "FROM followups f JOIN applications a ON a.id = f.application "
        "JOIN companies c ON c.id = a.company LEFT JOIN contacts p ON p.id = f.contact "
        f"WHERE f.status IN ({marks}) {'AND ' + condition if condition else ''} "
        "ORDER BY f.due, f.id"
    )
    silent = {str(k) for k in NON_MESSAGE_KINDS}
    return [
        DueItem(
            id=r[0],
            application=r[1],
            kind=r[2],
            due=from_utc_text(r[3]),
            zone=r[4],
            company=r[5],
            role=r[6] or "",
            contact=r[7],
            message=r[2] not in silent,
        )
        for r in db.execute(sql, [*statuses, *params]).fetchall()
    ]
