"""Full-text search (FTS5) over companies, contacts, applications, interview notes, what was
discussed with each interviewer, and the communication log.

``search_docs`` gives every searchable record a stable integer id, which is the FTS row id, so an
update or delete finds its FTS row by key instead of scanning the index. Triggers keep the index
in step inside the very transaction that changes the data. A bulk import pauses the triggers (a
``settings`` row that exists only inside its own transaction) and re-indexes what it touched with
one ``INSERT ... SELECT`` per table: per-row trigger inserts into FTS5 were ten times slower.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from followup_desktop.store.bulk import chunks
from followup_desktop.store.db import Database

PAUSE_KEY = "search_paused"
TOKENIZER = "unicode61 remove_diacritics 2"


@dataclass(frozen=True)
class Source:
    """A table whose rows are searchable; expressions use ``{r}`` for the row (NEW, OLD or t)."""

    table: str
    kind: str
    ref: str
    application: str
    title: str
    body: str
    key: str = "id"  # column(s) identifying the row, for bulk re-indexing


NOTE_COLUMNS = (
    "highlights", "topics", "challenges", "their_words", "questions", "unaddressed",
    "feedback_cues", "reflection", "next_steps",
)  # fmt: skip

SOURCES = (
    Source("companies", "company", "{r}.id", "NULL", "{r}.name", "{r}.notes"),
    Source(
        "contacts", "contact", "{r}.id", "NULL", "{r}.name",
        "coalesce({r}.title, '') || ' ' || coalesce({r}.email, '')",
    ),
    Source(
        "applications", "application", "{r}.id", "{r}.id", "{r}.role",
        "coalesce({r}.posting_url, '')",
    ),
    Source(
        "interviews", "interview", "{r}.id", "{r}.application",
        "coalesce({r}.format, '') || ' interview'",
        " || ' ' || ".join(f"{{r}}.{c}" for c in NOTE_COLUMNS),
    ),
    Source(
        "communications", "communication", "{r}.id", "{r}.application",
        "{r}.channel || ' ' || {r}.direction", "{r}.summary || ' ' || {r}.response",
    ),
    Source(
        "interviewers", "interviewer_notes", "{r}.interview || '/' || {r}.contact",
        "(SELECT i.application FROM interviews i WHERE i.id = {r}.interview)", "'notes'",
        "{r}.notes", key="interview",
    ),
)  # fmt: skip


def _index_sql(s: Source, r: str) -> list[str]:
    ref = s.ref.format(r=r)
    return [
        f"INSERT INTO search_docs (kind, ref, application) "
        f"VALUES ('{s.kind}', {ref}, {s.application.format(r=r)}) "
        f"ON CONFLICT (kind, ref) DO UPDATE SET application = excluded.application;",
        f"INSERT INTO search (rowid, title, body) VALUES ("
        f"(SELECT id FROM search_docs WHERE kind = '{s.kind}' AND ref = {ref}), "
        f"{s.title.format(r=r)}, {s.body.format(r=r)});",
    ]


def _unindex_sql(s: Source, r: str) -> list[str]:
    ref = s.ref.format(r=r)
    return [
        f"DELETE FROM search WHERE rowid = "
        f"(SELECT id FROM search_docs WHERE kind = '{s.kind}' AND ref = {ref});",
        f"DELETE FROM search_docs WHERE kind = '{s.kind}' AND ref = {ref};",
    ]


def schema_sql() -> list[str]:
    """Tables and triggers of the index, one statement each."""
    when = f"WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = '{PAUSE_KEY}')"
    statements = [
        "CREATE TABLE search_docs (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
        "ref TEXT NOT NULL, application TEXT, UNIQUE (kind, ref))",
        f"CREATE VIRTUAL TABLE search USING fts5(title, body, tokenize = '{TOKENIZER}')",
    ]
    for s in SOURCES:
        add, drop = " ".join(_index_sql(s, "NEW")), " ".join(_unindex_sql(s, "OLD"))
        statements += [
            f"CREATE TRIGGER {s.table}_search_ai AFTER INSERT ON {s.table} {when} BEGIN {add} END",
            f"CREATE TRIGGER {s.table}_search_ad AFTER DELETE ON {s.table} {when} BEGIN {drop} END",
            f"CREATE TRIGGER {s.table}_search_au AFTER UPDATE ON {s.table} {when} "
            f"BEGIN {drop} {add} END",
        ]
    return statements


def pause(db: Database) -> None:
    """Stop the triggers for the rest of this transaction (call :func:`resume` before commit)."""
    db.conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT (key) DO NOTHING",
        [PAUSE_KEY],
    )


def resume(db: Database) -> None:
    db.conn.execute("DELETE FROM settings WHERE key = ?", [PAUSE_KEY])


def reindex(db: Database, table: str, keys: Iterable[str]) -> None:
    """Bring the index up to date for the rows of ``table`` whose key is in ``keys``.

    Rows deleted while the triggers were paused are not found here: delete with them running.
    """
    source = next(s for s in SOURCES if s.table == table)
    kind, ref = source.kind, source.ref.format(r="t")
    for batch in chunks(dict.fromkeys(keys)):
        marks = ",".join("?" * len(batch))
        rows = f"FROM {table} t WHERE t.{source.key} IN ({marks})"
        indexed = (
            f"FROM search_docs d JOIN {table} t ON d.kind = '{kind}' AND d.ref = {ref} "
            f"WHERE t.{source.key} IN ({marks})"
        )
        db.conn.execute(f"DELETE FROM search WHERE rowid IN (SELECT d.id {indexed})", batch)
        db.conn.execute(
            f"INSERT INTO search_docs (kind, ref, application) "
            f"SELECT '{kind}', {ref}, {source.application.format(r='t')} {rows} "
            f"ON CONFLICT (kind, ref) DO UPDATE SET application = excluded.application",
            batch,
        )
        title, body = source.title.format(r="t"), source.body.format(r="t")
        db.conn.execute(
            f"INSERT INTO search (rowid, title, body) SELECT d.id, {title}, {body} {indexed}",
            batch,
        )


def rebuild(db: Database) -> None:
    """Index everything from scratch (migrations, repair)."""
    db.conn.execute("DELETE FROM search")
    db.conn.execute("DELETE FROM search_docs")
    for source in SOURCES:
        keys = [r[0] for r in db.conn.execute(f"SELECT DISTINCT {source.key} FROM {source.table}")]
        reindex(db, source.table, keys)
