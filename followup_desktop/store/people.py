"""Contacts and companies: edit, delete, find duplicates, merge them (one transaction each), and
read everything that happened with one person. No Qt."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime

from followup_desktop.core.model import Communication, Company, Contact, FollowUp, Interview
from followup_desktop.core.planner import PlanResult
from followup_desktop.store import queries, records
from followup_desktop.store.db import Database, StoreError, transaction
from followup_desktop.store.planning import replan

_CONTACT_FIELDS = ("title", "email", "phone", "linkedin", "address_as")
_COMPANY_SUFFIXES = {"inc", "corp", "corporation", "ltd", "llc", "gmbh", "ag", "sa", "plc", "co"}


def slug(text: str) -> str:
    """'Léa Schmitt' -> 'lea-schmitt' (ids made from names the user typed)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-") or "item"


def new_id(
    db: Database, table: str, base: str, taken: set[str] | frozenset[str] = frozenset()
) -> str:
    """An id for a new row of ``table`` made from ``base``, unused there and not in ``taken``."""
    stem = slug(base)
    candidate, number = stem, 1
    while (
        candidate in taken
        or db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [candidate]).fetchone()
    ):
        number += 1
        candidate = f"{stem}-{number}"
    return candidate


def _apps_of_contact(db: Database, contact_id: str) -> list[str]:
    rows = db.execute(
        "SELECT id FROM applications WHERE contact = ? "
        "UNION SELECT i.application FROM interviewers v JOIN interviews i ON i.id = v.interview "
        "WHERE v.contact = ? UNION SELECT application FROM communications WHERE contact = ? "
        "UNION SELECT application FROM followups WHERE contact = ?",
        [contact_id] * 4,
    ).fetchall()
    return sorted(r[0] for r in rows)


def _apps_of_company(db: Database, company_id: str) -> list[str]:
    rows = db.execute("SELECT id FROM applications WHERE company = ?", [company_id]).fetchall()
    return sorted(r[0] for r in rows)


def update_contact(db: Database, contact: Contact, now: datetime) -> dict[str, PlanResult]:
    """Save a contact and re-plan what depends on them (a phone number allows a call)."""
    if not contact.name.strip():
        raise StoreError("A contact needs a name.")
    with transaction(db):
        db["contacts"].upsert(records.contact_to_row(contact), pk="id")
        return replan(db, _apps_of_contact(db, contact.id), now)


def update_company(db: Database, company: Company, now: datetime) -> dict[str, PlanResult]:
    """Save a company (zone, holidays, blackout dates) and re-plan its applications."""
    if not company.name.strip():
        raise StoreError("A company needs a name.")
    with transaction(db):
        db["companies"].upsert(records.company_to_row(company), pk="id")
        return replan(db, _apps_of_company(db, company.id), now)


def delete_contact(db: Database, contact_id: str, now: datetime) -> dict[str, PlanResult]:
    """Delete a person: they leave the interviews they were on; messages, follow-ups and
    applications stay, without them. Re-plans what they were part of."""
    with transaction(db):
        apps = _apps_of_contact(db, contact_id)
        if db.execute("DELETE FROM contacts WHERE id = ?", [contact_id]).rowcount == 0:
            raise StoreError(f"There is no contact {contact_id!r} to delete.")
        return replan(db, apps, now)


def delete_company(db: Database, company_id: str, now: datetime) -> dict[str, PlanResult]:
    """Delete a company with its people and applications (their interviews, messages and
    follow-ups). Re-plans the applications elsewhere its people were part of."""
    with transaction(db):
        people = [
            r[0] for r in db.execute("SELECT id FROM contacts WHERE company = ?", [company_id])
        ]
        elsewhere = {a for person in people for a in _apps_of_contact(db, person)}
        elsewhere -= set(_apps_of_company(db, company_id))
        if db.execute("DELETE FROM companies WHERE id = ?", [company_id]).rowcount == 0:
            raise StoreError(f"There is no company {company_id!r} to delete.")
        return replan(db, sorted(elsewhere), now)


# --- duplicates ---------------------------------------------------------------------------


def _person_key(contact: Contact) -> str:
    return " ".join(slug(contact.name).split("-"))


def duplicate_contacts(db: Database) -> list[list[Contact]]:
    """Groups of contacts that look like one person: same name at the same company, or the same
    email address anywhere. Each group lists the oldest-looking id first."""
    contacts = queries.list_contacts(db)
    parent = {c.id: c.id for c in contacts}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    seen: dict[tuple[str, str], str] = {}
    for c in contacts:
        keys = [("name", f"{c.company}/{_person_key(c)}")]
        if c.email and "@" in c.email:
            keys.append(("email", c.email.strip().casefold()))
        for key in keys:
            if key in seen:
                parent[root(c.id)] = root(seen[key])
            else:
                seen[key] = c.id
    groups: dict[str, list[Contact]] = defaultdict(list)
    for c in contacts:
        groups[root(c.id)].append(c)
    found = [sorted(g, key=lambda c: (len(c.id), c.id)) for g in groups.values() if len(g) > 1]
    return sorted(found, key=lambda g: g[0].name.casefold())


def _company_key(name: str) -> str:
    words = [w for w in slug(name).split("-") if w not in _COMPANY_SUFFIXES]
    return " ".join(words) or slug(name)


def duplicate_companies(db: Database) -> list[list[Company]]:
    """Groups of companies whose names match once case, accents and 'Inc'/'Ltd' are ignored."""
    groups: dict[str, list[Company]] = defaultdict(list)
    for company in queries.list_companies(db):
        groups[_company_key(company.name)].append(company)
    found = [sorted(g, key=lambda c: (len(c.id), c.id)) for g in groups.values() if len(g) > 1]
    return sorted(found, key=lambda g: g[0].name.casefold())


# --- merging ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MergeResult:
    kept: str
    merged: list[str]
    changes: list[str]  # the re-plans' sentences


def _changes(results: dict[str, PlanResult]) -> list[str]:
    return [line for result in results.values() for line in result.changes]


def _move_interviewers(db: Database, drop: str, keep: str) -> None:
    rows = db.execute(
        "SELECT interview, notes FROM interviewers WHERE contact = ?", [drop]
    ).fetchall()
    for interview, notes in rows:
        mine = db.execute(
            "SELECT notes FROM interviewers WHERE interview = ? AND contact = ?", [interview, keep]
        ).fetchone()
        if mine is None:
            db.execute(
                "UPDATE interviewers SET contact = ? WHERE interview = ? AND contact = ?",
                [keep, interview, drop],
            )
            continue
        joined = "\n".join(t for t in (mine[0].strip(), notes.strip()) if t)
        if notes.strip() and notes.strip() in mine[0]:
            joined = mine[0]
        db.execute(
            "UPDATE interviewers SET notes = ? WHERE interview = ? AND contact = ?",
            [joined, interview, keep],
        )
        db.execute(
            "DELETE FROM interviewers WHERE interview = ? AND contact = ?", [interview, drop]
        )


def _move_followups(db: Database, drop: str, keep: str) -> None:
    """Follow-ups to ``drop`` become ``keep``'s. Ids naming the person ('iv/thank_you/drop') are
    renamed so the planner recognises them (a done thank-you is not planned twice)."""
    rows = db.execute("SELECT id FROM followups WHERE contact = ?", [drop]).fetchall()
    for (fid,) in rows:
        renamed = fid[: -len(drop)] + keep if fid.endswith(f"/{drop}") else fid
        taken = (
            renamed != fid
            and db.execute("SELECT 1 FROM followups WHERE id = ?", [renamed]).fetchone()
        )
        new = fid if taken else renamed
        # What the reminders already told about it moves along (it refers to the old id).
        told = db.execute(
            "SELECT told_due, told_at, warned_due FROM reminder_log WHERE followup = ?", [fid]
        ).fetchone()
        if told is not None and new != fid:
            db.execute("DELETE FROM reminder_log WHERE followup = ?", [fid])
        db.execute("UPDATE followups SET id = ?, contact = ? WHERE id = ?", [new, keep, fid])
        if told is not None and new != fid:
            db.execute(
                "INSERT INTO reminder_log (followup, told_due, told_at, warned_due) "
                "VALUES (?, ?, ?, ?)",
                [new, *told],
            )


def merge_contacts(db: Database, keep_id: str, drop_ids: list[str], now: datetime) -> MergeResult:
    """Fold ``drop_ids`` into ``keep_id``: interviews, messages, follow-ups and applications move
    to the kept person, whose empty details are filled from the others; then re-plan."""
    drops = [d for d in dict.fromkeys(drop_ids) if d != keep_id]
    with transaction(db):
        people = queries.contacts_by_id(db, [keep_id, *drops])
        if keep_id not in people:
            raise StoreError(f"There is no contact {keep_id!r} to merge into.")
        missing = [d for d in drops if d not in people]
        if missing:
            raise StoreError(f"There is no contact {missing[0]!r} to merge.")
        kept = people[keep_id]
        affected = set(_apps_of_contact(db, keep_id))
        for drop in drops:
            other = people[drop]
            affected |= set(_apps_of_contact(db, drop))
            fill = {f: getattr(other, f) for f in _CONTACT_FIELDS if not getattr(kept, f)}
            kept = replace(kept, **{k: v for k, v in fill.items() if v})
            _move_interviewers(db, drop, keep_id)
            _move_followups(db, drop, keep_id)
            for table in ("communications", "applications"):
                db.execute(f"UPDATE {table} SET contact = ? WHERE contact = ?", [keep_id, drop])
            db.execute("DELETE FROM contacts WHERE id = ?", [drop])
        db["contacts"].upsert(records.contact_to_row(kept), pk="id")
        results = replan(db, sorted(affected), now)
    return MergeResult(keep_id, drops, _changes(results))


def merge_companies(db: Database, keep_id: str, drop_ids: list[str], now: datetime) -> MergeResult:
    """Fold ``drop_ids`` into ``keep_id``: their contacts and applications move over, blackout
    dates are joined, missing zone and country are taken from the others; then re-plan."""
    drops = [d for d in dict.fromkeys(drop_ids) if d != keep_id]
    with transaction(db):
        kept = queries.get_company(db, keep_id)
        if kept is None:
            raise StoreError(f"There is no company {keep_id!r} to merge into.")
        for drop in drops:
            other = queries.get_company(db, drop)
            if other is None:
                raise StoreError(f"There is no company {drop!r} to merge.")
            kept = replace(
                kept,
                timezone=kept.timezone or other.timezone,
                country=kept.country or other.country,
                subdivision=kept.subdivision if kept.country else other.subdivision,
                blackout_dates=sorted(set(kept.blackout_dates) | set(other.blackout_dates)),
                notes="\n".join(t for t in (kept.notes.strip(), other.notes.strip()) if t),
            )
            for table in ("contacts", "applications"):
                db.execute(f"UPDATE {table} SET company = ? WHERE company = ?", [keep_id, drop])
            db.execute("DELETE FROM companies WHERE id = ?", [drop])
        db["companies"].upsert(records.company_to_row(kept), pk="id")
        results = replan(db, _apps_of_company(db, keep_id), now)
    return MergeResult(keep_id, drops, _changes(results))


# --- one person's history -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonHistory:
    contact: Contact
    interviews: list[Interview]
    communications: list[Communication]
    followups: list[FollowUp]
    titles: dict[str, str]  # application id -> "Company — Role"


def application_titles(db: Database, ids: list[str] | None = None) -> dict[str, str]:
    rows = db.execute(
        "SELECT a.id, c.name, a.role FROM applications a JOIN companies c ON c.id = a.company"
    ).fetchall()
    wanted = set(ids) if ids is not None else None
    return {
        app: f"{company} — {role}" if role else company
        for app, company, role in rows
        if wanted is None or app in wanted
    }


def application_choices(db: Database) -> tuple[list[tuple[str, str]], list[str]]:
    """(application id, "Company — Role") sorted by title, and the company names sorted: what
    a form offers to pick from, read in two ordered queries (10,000 rows in a few ms)."""
    apps = db.execute(
        "SELECT a.id, c.name || CASE WHEN a.role <> '' THEN ' — ' || a.role ELSE '' END AS t "
        "FROM applications a JOIN companies c ON c.id = a.company ORDER BY t COLLATE NOCASE, a.id"
    ).fetchall()
    names = [r[0] for r in db.execute("SELECT name FROM companies ORDER BY name COLLATE NOCASE")]
    return apps, names


def communications_for_contact(db: Database, contact_id: str) -> list[Communication]:
    rows = queries._rows(
        db, "SELECT * FROM communications WHERE contact = ? ORDER BY at, id", [contact_id]
    )
    return [records.communication_from_row(r) for r in rows]


def person_history(db: Database, contact_id: str) -> PersonHistory | None:
    """Every interview, message and follow-up of one person."""
    people = queries.contacts_by_id(db, [contact_id])
    if contact_id not in people:
        return None
    ids = [
        r[0]
        for r in db.execute(
            "SELECT interview FROM interviewers WHERE contact = ?", [contact_id]
        ).fetchall()
    ]
    interviews = [i for i in (queries.get_interview(db, x) for x in ids) if i is not None]
    interviews.sort(key=lambda i: (i.starts_at, i.id))
    comms = communications_for_contact(db, contact_id)
    followups = [
        records.followup_from_row(r)
        for r in queries._rows(
            db, "SELECT * FROM followups WHERE contact = ? ORDER BY due, id", [contact_id]
        )
    ]
    apps = {i.application for i in interviews} | {c.application for c in comms}
    apps |= {f.application for f in followups}
    return PersonHistory(
        people[contact_id], interviews, comms, followups, application_titles(db, sorted(apps))
    )
