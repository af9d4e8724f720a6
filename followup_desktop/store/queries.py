"""What the UI and the command line read. Writes live in store/writes.py."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from followup_desktop.core.instants import to_utc_text
from followup_desktop.core.model import (
    NON_MESSAGE_KINDS,
    PENDING_STATUSES,
    Application,
    Communication,
    Company,
    Contact,
    FollowUp,
    FollowUpStatus,
    Interview,
    Profile,
    Template,
)
from followup_desktop.store import records
from followup_desktop.store.bulk import chunks
from followup_desktop.store.db import Database
from followup_desktop.store.records import Row


def _rows(db: Database, sql: str, params: Iterable[object] = ()) -> list[Row]:
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _in(values: Iterable[str]) -> tuple[str, list[str]]:
    items = list(values)
    return ",".join("?" * len(items)) or "NULL", items


def _rows_in(
    db: Database, sql: str, ids: Iterable[str], before: Iterable[object] = ()
) -> list[Row]:
    """Run ``sql`` (ending in one ``IN ({marks})``) over ``ids`` in chunks SQLite can bind;
    ``before`` are the parameters of the placeholders ahead of the IN list."""
    found: list[Row] = []
    first = list(before)
    for batch in chunks(dict.fromkeys(ids)):
        marks, values = _in(batch)
        found += _rows(db, sql.format(marks=marks), [*first, *values])
    return found


def get_profile(db: Database) -> Profile:
    return records.profile_from_row(_rows(db, "SELECT * FROM profile WHERE id = 1")[0])


def list_companies(db: Database) -> list[Company]:
    return [records.company_from_row(r) for r in _rows(db, "SELECT * FROM companies ORDER BY name")]


def get_company(db: Database, company_id: str) -> Company | None:
    rows = _rows(db, "SELECT * FROM companies WHERE id = ?", [company_id])
    return records.company_from_row(rows[0]) if rows else None


def list_contacts(db: Database, company: str | None = None) -> list[Contact]:
    if company is None:
        rows = _rows(db, "SELECT * FROM contacts ORDER BY name")
    else:
        rows = _rows(db, "SELECT * FROM contacts WHERE company = ? ORDER BY name", [company])
    return [records.contact_from_row(r) for r in rows]


def contacts_by_id(db: Database, ids: Iterable[str] | None = None) -> dict[str, Contact]:
    if ids is None:
        return {c.id: c for c in list_contacts(db)}
    rows = _rows_in(db, "SELECT * FROM contacts WHERE id IN ({marks})", ids)
    return {r["id"]: records.contact_from_row(r) for r in rows}


def list_applications(db: Database) -> list[Application]:
    rows = _rows(db, "SELECT * FROM applications ORDER BY id")
    return [records.application_from_row(r) for r in rows]


def applications_by_id(db: Database, ids: Iterable[str]) -> list[Application]:
    """The applications with these ids (in id order): an index seek each, not a table scan."""
    rows = _rows_in(db, "SELECT * FROM applications WHERE id IN ({marks})", ids)
    rows.sort(key=lambda r: r["id"])
    return [records.application_from_row(r) for r in rows]


def companies_by_id(db: Database, ids: Iterable[str]) -> dict[str, Company]:
    rows = _rows_in(db, "SELECT * FROM companies WHERE id IN ({marks})", ids)
    return {r["id"]: records.company_from_row(r) for r in rows}


def get_application(db: Database, application_id: str) -> Application | None:
    rows = _rows(db, "SELECT * FROM applications WHERE id = ?", [application_id])
    return records.application_from_row(rows[0]) if rows else None


def list_interviews(db: Database, applications: Iterable[str] | None = None) -> list[Interview]:
    if applications is None:
        rows = _rows(db, "SELECT * FROM interviews ORDER BY starts_at, id")
        people = _rows(db, "SELECT * FROM interviewers")
    else:
        rows = _rows_in(db, "SELECT * FROM interviews WHERE application IN ({marks})", applications)
        rows.sort(key=lambda r: (r["starts_at"], r["id"]))
        people = _rows_in(
            db, "SELECT * FROM interviewers WHERE interview IN ({marks})", (r["id"] for r in rows)
        )
    by_interview: dict[str, list[Row]] = defaultdict(list)
    for person in people:
        by_interview[person["interview"]].append(person)
    return [records.interview_from_row(r, by_interview[r["id"]]) for r in rows]


def get_interview(db: Database, interview_id: str) -> Interview | None:
    rows = _rows(db, "SELECT * FROM interviews WHERE id = ?", [interview_id])
    if not rows:
        return None
    people = _rows(db, "SELECT * FROM interviewers WHERE interview = ?", [interview_id])
    return records.interview_from_row(rows[0], people)


def list_communications(
    db: Database, applications: Iterable[str] | None = None
) -> list[Communication]:
    if applications is None:
        rows = _rows(db, "SELECT * FROM communications ORDER BY at, id")
    else:
        rows = _rows_in(
            db, "SELECT * FROM communications WHERE application IN ({marks})", applications
        )
        rows.sort(key=lambda r: (r["at"], r["id"]))
    return [records.communication_from_row(r) for r in rows]


def followup_filter(
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    statuses: Iterable[FollowUpStatus] | None = None,
    table: str = "",
) -> tuple[list[str], list[object]]:
    """WHERE conditions (to join with AND) and their parameters for follow-ups due in
    [``start``, ``end``) with one of ``statuses``; ``table`` prefixes the columns ("f.")."""
    where: list[str] = []
    params: list[object] = []
    if start is not None:
        where.append(f"{table}due >= ?")
        params.append(to_utc_text(start))
    if end is not None:
        where.append(f"{table}due < ?")
        params.append(to_utc_text(end))
    if statuses is not None:
        marks, values = _in(str(s) for s in statuses)
        where.append(f"{table}status IN ({marks})")
        params += values
    return where, params


def list_followups(
    db: Database,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    statuses: Iterable[FollowUpStatus] | None = None,
    applications: Iterable[str] | None = None,
) -> list[FollowUp]:
    """Follow-ups ordered by due time; ``start`` inclusive, ``end`` exclusive."""
    where, params = followup_filter(start=start, end=end, statuses=statuses)
    if applications is not None:
        where.append("application IN ({marks})")
        clause = " AND ".join(where)
        rows = _rows_in(db, f"SELECT * FROM followups WHERE {clause}", applications, params)
        rows.sort(key=lambda r: (r["due"], r["id"]))
        return [records.followup_from_row(r) for r in rows]
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = _rows(db, f"SELECT * FROM followups {clause} ORDER BY due, id", params)
    return [records.followup_from_row(r) for r in rows]


def get_followup(db: Database, followup_id: str) -> FollowUp | None:
    rows = _rows(db, "SELECT * FROM followups WHERE id = ?", [followup_id])
    return records.followup_from_row(rows[0]) if rows else None


def list_templates(db: Database) -> list[Template]:
    rows = _rows(db, "SELECT * FROM templates ORDER BY kind, name")
    return [records.template_from_row(r) for r in rows]


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def extras(db: Database, table: str) -> dict[str, str]:
    """Unknown interchange keys kept per record (id -> JSON text)."""
    cursor = db.execute(f"SELECT id, extra FROM {table} WHERE extra IS NOT NULL")
    return dict(cursor.fetchall())


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """A follow-up with the names a person needs to read it."""

    followup: FollowUp
    application_role: str
    company_name: str
    contact_name: str | None


def agenda(
    db: Database,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    include_all: bool = False,
) -> list[AgendaItem]:
    statuses = None if include_all else PENDING_STATUSES
    items = list_followups(db, start=start, end=end, statuses=statuses)
    apps = {
        r["id"]: r
        for r in _rows(
            db,
            "SELECT a.id, a.role, c.name AS company_name FROM applications a "
            "JOIN companies c ON c.id = a.company",
        )
    }
    names = dict(db.execute("SELECT id, name FROM contacts").fetchall())
    return [
        AgendaItem(
            followup=f,
            application_role=apps[f.application]["role"],
            company_name=apps[f.application]["company_name"],
            contact_name=names.get(f.contact) if f.contact else None,
        )
        for f in items
    ]


def count_pending_before(db: Database, moment: datetime) -> int:
    """Pending follow-ups due before ``moment`` (what is due or overdue by then)."""
    marks, values = _in(str(s) for s in PENDING_STATUSES)
    row = db.execute(
        f"SELECT count(*) FROM followups WHERE status IN ({marks}) AND due < ?",
        [*values, to_utc_text(moment)],
    ).fetchone()
    return int(row[0])


def has_applications(db: Database) -> bool:
    """Whether there is any application, without reading them."""
    return bool(db.execute("SELECT EXISTS (SELECT 1 FROM applications)").fetchone()[0])


def has_plans_or_interviews(db: Database) -> bool:
    """Whether the database holds any follow-up or interview at all."""
    query = "SELECT EXISTS(SELECT 1 FROM followups) OR EXISTS(SELECT 1 FROM interviews)"
    return bool(db.execute(query).fetchone()[0])


def applications_per_company(db: Database) -> dict[str, int]:
    """Company id -> how many applications it has (companies with none are absent)."""
    sql = "SELECT company, count(*) FROM applications GROUP BY company"
    return dict(db.execute(sql).fetchall())


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str
    ref: str
    application: str | None
    title: str
    snippet: str


def _fts_query(text: str) -> str:
    """User text -> a safe FTS5 prefix query (every word must match, as typed so far)."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    return " ".join(f'"{w}"*' for w in words)


def search(db: Database, text: str, limit: int = 50) -> list[SearchHit]:
    query = _fts_query(text)
    if not query:
        return []
    rows = db.execute(
        "SELECT d.kind, d.ref, d.application, s.title, snippet(search, 1, '[', ']', '…', 12) "
        "FROM search s JOIN search_docs d ON d.id = s.rowid "
        "WHERE search MATCH ? ORDER BY s.rank LIMIT ?",
        [query, limit],
    ).fetchall()
    return [SearchHit(*row) for row in rows]


def next_message_followup(db: Database, application_id: str) -> FollowUp | None:
    """The application's next pending follow-up that is a message to write (a reminder to the
    user, such as the move-on review, is passed over), or None."""
    marks, values = _in(str(s) for s in PENDING_STATUSES)
    silent, kinds = _in(str(k) for k in NON_MESSAGE_KINDS)
    rows = _rows(
        db,
        f"SELECT * FROM followups WHERE application = ? AND status IN ({marks})"
        f" AND kind NOT IN ({silent}) ORDER BY due, id LIMIT 1",
        [application_id, *values, *kinds],
    )
    return records.followup_from_row(rows[0]) if rows else None
