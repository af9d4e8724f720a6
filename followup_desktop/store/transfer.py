"""Interchange files in and out of the database: one transaction in, one consistent read out."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from followup_desktop.core.interchange import Document, KnownIds
from followup_desktop.core.interchange_export import to_json
from followup_desktop.core.model import Profile
from followup_desktop.store import queries, records, search_index
from followup_desktop.store.bulk import upsert_rows
from followup_desktop.store.db import Database, transaction
from followup_desktop.store.planning import replan


@dataclass(frozen=True)
class ImportSummary:
    counts: dict[str, int]
    planned_changes: int

    def sentence(self) -> str:
        parts = [f"{n} {section}" for section, n in self.counts.items() if n]
        return "Imported " + (", ".join(parts) or "nothing") + "."


def known_ids(db: Database) -> KnownIds:
    def ids(table: str) -> set[str]:
        return {r[0] for r in db.execute(f"SELECT id FROM {table}").fetchall()}

    return KnownIds(
        companies=ids("companies"),
        contacts=ids("contacts"),
        applications=ids("applications"),
        interviews=ids("interviews"),
    )


def _merged_profile(current: Profile, doc: Document) -> Profile:
    """Keys the file gave win; the rest of the stored profile stays."""
    assert doc.profile is not None
    given = {k for k in doc.profile_keys if k in Profile.__slots__}
    return replace(current, **{k: getattr(doc.profile, k) for k in given})


def _extra_json(doc: Document, section: str, rid: str) -> str | None:
    extra = doc.extras.get(section, {}).get(rid)
    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None


def import_document(db: Database, doc: Document, now: datetime) -> ImportSummary:
    """Merge ``doc`` (upsert by id) and re-plan what it touched, all in one transaction."""
    with transaction(db):
        # Interviewers are replaced: delete them while the search triggers still run.
        db.conn.executemany(
            "DELETE FROM interviewers WHERE interview = ?", [(i.id,) for i in doc.interviews]
        )
        search_index.pause(db)
        if doc.profile is not None:
            profile = _merged_profile(queries.get_profile(db), doc)
            db["profile"].upsert(records.profile_to_row(profile), pk="id")
        stages = dict(db.execute("SELECT id, stage FROM applications").fetchall())
        apps = []
        for app in doc.applications:
            if app.stage_changed_at is None and stages.get(app.id) != str(app.stage):
                app = replace(app, stage_changed_at=now)
            apps.append(app)

        def put(table: str, section: str, rows: list[dict[str, Any]]) -> None:
            for row in rows:
                row["extra"] = _extra_json(doc, section, row["id"])
            upsert_rows(db, table, rows)

        put("companies", "companies", [records.company_to_row(c) for c in doc.companies])
        put("contacts", "contacts", [records.contact_to_row(c) for c in doc.contacts])
        put("applications", "applications", [records.application_to_row(a) for a in apps])
        interview_rows, people = [], []
        for interview in doc.interviews:
            row, persons = records.interview_to_rows(interview)
            interview_rows.append(row)
            people += persons
        put("interviews", "interviews", interview_rows)
        if people:
            db.conn.executemany(
                "INSERT INTO interviewers (interview, contact, position, notes) "
                "VALUES (:interview, :contact, :position, :notes)",
                people,
            )
        put(
            "communications",
            "communications",
            [records.communication_to_row(c) for c in doc.communications],
        )
        put("followups", "followups", [records.followup_to_row(f) for f in doc.followups])
        put("templates", "templates", [records.template_to_row(t) for t in doc.templates])
        for table in ("companies", "contacts", "applications", "interviews", "communications"):
            search_index.reindex(db, table, (r.id for r in getattr(doc, table)))
        search_index.reindex(db, "interviewers", (i.id for i in doc.interviews))
        search_index.resume(db)

        touched = {a.id for a in doc.applications}
        touched |= {i.application for i in doc.interviews}
        touched |= {c.application for c in doc.communications}
        touched |= {f.application for f in doc.followups}
        if doc.companies or doc.profile is not None:
            company_ids = {c.id for c in doc.companies}
            for app_id, company in db.execute("SELECT id, company FROM applications").fetchall():
                if doc.profile is not None or company in company_ids:
                    touched.add(app_id)
        results = replan(db, sorted(touched), now)
    counts = {
        "companies": len(doc.companies),
        "contacts": len(doc.contacts),
        "applications": len(doc.applications),
        "interviews": len(doc.interviews),
        "communications": len(doc.communications),
        "followups": len(doc.followups),
        "templates": len(doc.templates),
    }
    return ImportSummary(counts, sum(len(r.changes) for r in results.values()))


def read_document(db: Database) -> Document:
    """Everything in the database as one Document (a consistent snapshot)."""
    with transaction(db):
        doc = Document(
            profile=queries.get_profile(db),
            companies=queries.list_companies(db),
            contacts=queries.list_contacts(db),
            applications=queries.list_applications(db),
            interviews=queries.list_interviews(db),
            communications=queries.list_communications(db),
            followups=queries.list_followups(db),
            templates=queries.list_templates(db),
        )
        for section, table in (
            ("companies", "companies"),
            ("contacts", "contacts"),
            ("applications", "applications"),
            ("interviews", "interviews"),
            ("communications", "communications"),
            ("followups", "followups"),
            ("templates", "templates"),
        ):
            found = queries.extras(db, table)
            if found:
                doc.extras[section] = {rid: json.loads(text) for rid, text in found.items()}
    return doc


def export_json(db: Database) -> dict[str, Any]:
    return to_json(read_document(db))
