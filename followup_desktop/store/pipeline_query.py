"""The pipeline's rows in one SQL query, and the applications a search finds (no Qt).

Per application: company, role, stage, the next pending follow-up (the earliest due), the last
contact (a logged message, or an interview already held) and the last reply. Each of those is
an index seek per application (``followups_pending`` is the partial index of schema 1.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from followup_desktop.core.instants import from_utc_text, to_utc_text
from followup_desktop.core.model import PENDING_STATUSES
from followup_desktop.store.db import Database
from followup_desktop.store.queries import _fts_query

_PENDING = ", ".join(f"'{s}'" for s in sorted(PENDING_STATUSES))

#: One row per application; each "per application" fact is an index seek (correlated
#: subqueries on followups_pending, communications_application, interviews_application).
PIPELINE_SQL = f"""
SELECT a.id, c.name, a.role, a.stage, a.company,
       f.id, f.kind, f.due, f.reason, p.name, f.timezone,
       (SELECT max(m.at) FROM communications m WHERE m.application = a.id),
       (SELECT max(i.starts_at) FROM interviews i
        WHERE i.application = a.id AND i.starts_at <= ?),
       (SELECT max(m.at) FROM communications m
        WHERE m.application = a.id AND m.direction = 'received')
FROM applications a
JOIN companies c ON c.id = a.company
LEFT JOIN followups f ON f.rowid = (
    SELECT x.rowid FROM followups x WHERE x.application = a.id AND x.status IN ({_PENDING})
    ORDER BY x.due, x.id LIMIT 1
)
LEFT JOIN contacts p ON p.id = f.contact
"""


class NextItem(NamedTuple):
    """The next pending follow-up of an application, as the pipeline shows it. Instants stay
    stored UTC text (fixed width: text order is time order) until a row is shown. A named
    tuple: one is made per application at every refresh of the pipeline."""

    id: str
    kind: str
    due_text: str
    reason: str
    person: str | None
    timezone: str  # the employer zone that owns the slot (shown beside the user's own)

    @property
    def due(self) -> datetime:
        return from_utc_text(self.due_text)


@dataclass(frozen=True, slots=True)
class PipelineRecord:
    application: str
    company: str
    role: str
    stage: str
    company_id: str
    next_item: NextItem | None
    last_contact_text: str | None
    last_reply_text: str | None

    @property
    def last_contact(self) -> datetime | None:
        return from_utc_text(self.last_contact_text) if self.last_contact_text else None

    @property
    def last_reply(self) -> datetime | None:
        return from_utc_text(self.last_reply_text) if self.last_reply_text else None


def pipeline_tuples(db: Database, now: datetime) -> list[tuple[Any, ...]]:
    """The query's rows as they come: (application, company, role, stage, company id,
    next id, kind, due, reason, person, zone, last message, last interview held, last reply)."""
    rows: list[tuple[Any, ...]] = db.execute(PIPELINE_SQL, [to_utc_text(now)]).fetchall()
    return rows


def record_of(row: tuple[Any, ...]) -> PipelineRecord:
    (app, company, role, stage, company_id, fid, kind, due, reason, person, zone) = row[:11]
    last_at, last_held, last_reply = row[11:]
    item = NextItem(fid, kind, due, reason, person, zone) if fid else None
    contact = max(last_at or "", last_held or "") or None
    return PipelineRecord(app, company, role, stage, company_id, item, contact, last_reply)


def pipeline_records(db: Database, now: datetime) -> list[PipelineRecord]:
    """Every application with its next follow-up, last contact and last reply (one query)."""
    return [record_of(row) for row in pipeline_tuples(db, now)]


SEARCH_SQL = """
SELECT DISTINCT d.application FROM search s JOIN search_docs d ON d.id = s.rowid
WHERE search MATCH ?1 AND d.application IS NOT NULL
UNION
SELECT a.id FROM search s
JOIN search_docs d ON d.id = s.rowid AND d.kind IN ('company', 'contact')
JOIN applications a ON a.company = CASE d.kind WHEN 'company' THEN d.ref
    ELSE (SELECT p.company FROM contacts p WHERE p.id = d.ref) END
WHERE search MATCH ?1
"""


def search_applications(db: Database, text: str) -> set[str]:
    """Ids of the applications whose company, people, notes or log match ``text`` (FTS5 prefix
    match on every word typed so far); no limit, so a common word finds every application."""
    query = _fts_query(text)
    if not query:
        return set()
    return {row[0] for row in db.execute(SEARCH_SQL, [query]).fetchall()}
