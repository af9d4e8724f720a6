"""Undo and redo of one user action, as rows put back (no Qt).

An undoable write is wrapped in :func:`recorded`: the rows it may touch (its :class:`UndoScope`: the
applications with their interviews, interviewers, messages and follow-ups, and for a delete or a
merge the contacts and companies too) are read before and after it, in the same transaction.
:func:`restore` later puts one side back in one transaction and re-plans, but only the rows the
action changed, and only when each of them is still as the action left it: a row changed since by
something else (a delete, the reminders, the notes form) refuses the undo with one sentence and
writes nothing. Re-planning moves the times and reasons of planned items the user never touched,
so those columns do not count as a change.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from followup_desktop.core.reasons import PLANNER_CANCEL_PREFIX, noun
from followup_desktop.store.db import Database, StoreError, transaction
from followup_desktop.store.planning import replan

T = TypeVar("T")
Row = dict[str, Any]
Key = tuple[Any, ...]
Rows = dict[Key, Row]

#: Tables in the order parents come before children (written in it, deleted against it).
TABLES = (
    "companies",
    "contacts",
    "applications",
    "interviews",
    "interviewers",
    "communications",
    "followups",
    "reminder_log",
)
_KEYS = {"interviewers": ("interview", "contact"), "reminder_log": ("followup",)}
_IN = "IN (SELECT value FROM json_each(?))"
_BY_APP = f"application {_IN}"
_WHERE = {
    "companies": f"id {_IN}",
    "contacts": f"id {_IN}",
    "applications": f"id {_IN}",
    "interviews": _BY_APP,
    "interviewers": f"interview IN (SELECT id FROM interviews WHERE {_BY_APP})",
    "communications": _BY_APP,
    "followups": _BY_APP,
    "reminder_log": f"followup IN (SELECT id FROM followups WHERE {_BY_APP})",
}
_WHAT = {
    "applications": "the application",
    "interviews": "an interview",
    "interviewers": "an interviewer",
    "communications": "the log entry",
}
#: What re-planning rewrites on a planned item the user never moved.
_PLANNER_COLUMNS = frozenset({"due", "reason", "timezone", "contact", "channel"})


class UndoConflict(StoreError):
    """The rows changed since the action; ``str()`` says what, in a few words."""


@dataclass(frozen=True, slots=True)
class UndoScope:
    """The records an action may change (ids)."""

    applications: frozenset[str] = frozenset()
    contacts: frozenset[str] = frozenset()
    companies: frozenset[str] = frozenset()

    def ids_for(self, table: str) -> frozenset[str]:
        if table == "companies":
            return self.companies
        if table == "contacts":
            return self.contacts
        return self.applications


@dataclass(frozen=True, slots=True)
class Snapshot:
    scope: UndoScope
    tables: dict[str, Rows] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Change:
    """What one action did: the scope's rows before and after it."""

    before: Snapshot
    after: Snapshot

    def is_empty(self) -> bool:
        return self.before.tables == self.after.tables


# --- scopes --------------------------------------------------------------------------------


def applications_scope(application_ids: Iterable[str]) -> UndoScope:
    return UndoScope(applications=frozenset(application_ids))


def followup_scope(db: Database, followup_id: str) -> UndoScope:
    """The application of one follow-up (empty when there is no such follow-up)."""
    row = db.execute("SELECT application FROM followups WHERE id = ?", [followup_id]).fetchone()
    return applications_scope([row[0]] if row else [])


def applications_of_contacts(db: Database, contact_ids: Iterable[str]) -> set[str]:
    """Every application a person is part of: designated contact, interviewer, messages,
    follow-ups."""
    ids = json.dumps(sorted(set(contact_ids)))
    rows = db.execute(
        f"SELECT id FROM applications WHERE contact {_IN} "
        f"UNION SELECT i.application FROM interviewers v JOIN interviews i ON i.id = v.interview "
        f"WHERE v.contact {_IN} UNION SELECT application FROM communications WHERE contact {_IN} "
        f"UNION SELECT application FROM followups WHERE contact {_IN}",
        [ids] * 4,
    ).fetchall()
    return {r[0] for r in rows}


def contacts_scope(db: Database, contact_ids: Iterable[str]) -> UndoScope:
    """People (a delete or a merge of contacts) and everything they are part of."""
    people = frozenset(contact_ids)
    return UndoScope(frozenset(applications_of_contacts(db, people)), people)


def companies_scope(db: Database, company_ids: Iterable[str]) -> UndoScope:
    """Companies (a delete or a merge), their people and applications, and the applications
    elsewhere their people are part of."""
    companies = frozenset(company_ids)
    ids = json.dumps(sorted(companies))
    people = {r[0] for r in db.execute(f"SELECT id FROM contacts WHERE company {_IN}", [ids])}
    apps = {r[0] for r in db.execute(f"SELECT id FROM applications WHERE company {_IN}", [ids])}
    apps |= applications_of_contacts(db, people)
    return UndoScope(frozenset(apps), frozenset(people), companies)


# --- snapshots ------------------------------------------------------------------------------


def take(db: Database, scope: UndoScope) -> Snapshot:
    """The scope's rows as they are now (a few indexed reads)."""
    tables: dict[str, Rows] = {}
    for table in TABLES:
        ids = scope.ids_for(table)
        if not ids:
            tables[table] = {}
            continue
        param = json.dumps(sorted(ids))
        cursor = db.execute(f"SELECT * FROM {table} WHERE {_WHERE[table]}", [param])
        columns = [d[0] for d in cursor.description]
        keys = _KEYS.get(table, ("id",))
        rows: Rows = {}
        for values in cursor.fetchall():
            row = dict(zip(columns, values, strict=True))
            rows[tuple(row[k] for k in keys)] = row
        tables[table] = rows
    return Snapshot(scope, tables)


def recorded(db: Database, scope: UndoScope, write: Callable[[], T]) -> tuple[T, Change]:
    """Run ``write`` (a store write) in one transaction with the scope read before and after."""
    with transaction(db):
        before = take(db, scope)
        result = write()
        after = take(db, scope)
    return result, Change(before, after)


# --- putting rows back ----------------------------------------------------------------------


def restore(db: Database, have: Snapshot, want: Snapshot, now: datetime) -> list[str]:
    """Put back ``want`` where the action went from ``want`` to ``have`` (undo: have = after,
    want = before; redo the other way round), in one transaction, and re-plan. Raises
    :class:`UndoConflict` (nothing written) when a row it would change is no longer as ``have``
    says. Returns what the re-plan changed, in words."""
    with transaction(db):
        current = take(db, want.scope)
        for table in ("companies", "contacts", "applications"):  # gone since: say that first
            gone = have.tables[table].keys() & want.tables[table].keys()
            for key in sorted(gone - current.tables[table].keys(), key=repr):
                raise UndoConflict(_conflict_words(table, have.tables[table][key], None))
        changed: list[tuple[str, Key, Row | None]] = []
        for table in TABLES:
            old, new, now_rows = have.tables[table], want.tables[table], current.tables[table]
            for key in sorted(old.keys() | new.keys(), key=repr):
                if old.get(key) == new.get(key):
                    continue
                if not _same(table, old.get(key), now_rows.get(key)):
                    raise UndoConflict(_conflict_words(table, old.get(key), now_rows.get(key)))
                changed.append((table, key, new.get(key)))
        for table, _key, row in changed:  # parents first
            if row is not None:
                _upsert(db, table, row)
        for table, key, row in reversed(changed):  # children first
            if row is None:
                _delete(db, table, key)
        alive = {r["id"] for r in want.tables["applications"].values()}
        results = replan(db, sorted(alive), now)
    return [line for result in results.values() for line in result.changes]


def _same(table: str, expected: Row | None, found: Row | None) -> bool:
    if table == "reminder_log":
        return True  # the reminder service's own bookkeeping: never a reason to refuse
    if expected is None or found is None:
        return expected is found
    if expected == found:
        return True
    return table == "followups" and _user_part(expected) == _user_part(found)


def _user_part(row: Row) -> Row:
    """A follow-up without what re-planning may rewrite (when the user never moved it)."""
    if row["manual"]:
        return row
    part = {k: v for k, v in row.items() if k not in _PLANNER_COLUMNS}
    by_planner = row["status"] == "cancelled" and str(row["status_reason"] or "").startswith(
        PLANNER_CANCEL_PREFIX
    )
    if row["status"] == "planned" or by_planner:
        part.update(status="planned", status_reason=None)
    return part


def _conflict_words(table: str, expected: Row | None, found: Row | None) -> str:
    row = expected or found or {}
    if table in ("companies", "contacts"):
        what = str(row.get("name") or "the record")
    elif table == "followups":
        what = f"the {noun(str(row.get('kind', '')))}"
    else:
        what = _WHAT.get(table, "a record")
    if found is None:
        return f"{what} was deleted since"
    if expected is None:
        return f"{what} was added again since"
    return f"{what} was changed since"


def _upsert(db: Database, table: str, row: Row) -> None:
    columns = list(row)
    keys = _KEYS.get(table, ("id",))
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in keys)
    db.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}",
        [row[c] for c in columns],
    )


def _delete(db: Database, table: str, key: Key) -> None:
    keys = _KEYS.get(table, ("id",))
    db.execute(f"DELETE FROM {table} WHERE {' AND '.join(f'{k} = ?' for k in keys)}", list(key))
