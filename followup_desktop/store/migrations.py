"""Versioned schema: ordered steps, each atomic with its version bump, backup first.

``PRAGMA user_version`` holds ``major * 100 + minor``. A newer *minor* only adds things an older
app can ignore; a newer *major* is refused untouched. Before any step runs on an existing file,
an online backup is written to the backups folder beside it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from followup_desktop.paths import backups_dir
from followup_desktop.store.db import (
    Database,
    StoreError,
    backup_name,
    backup_to,
    db_path,
    transaction,
)

Step = Callable[[Database], None]

_V1_TABLES = """
CREATE TABLE profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL DEFAULT '',
    email TEXT, phone TEXT,
    links TEXT NOT NULL DEFAULT '[]',
    timezone TEXT NOT NULL DEFAULT 'UTC',
    country TEXT, subdivision TEXT,
    cadence TEXT NOT NULL DEFAULT 'standard',
    send_time TEXT NOT NULL DEFAULT '08:30',
    weekend_days TEXT NOT NULL DEFAULT '[5, 6]',
    min_spacing_days INTEGER NOT NULL DEFAULT 5,
    offsets TEXT NOT NULL DEFAULT '{}',
    extra TEXT
);
CREATE TABLE companies (
    id TEXT PRIMARY KEY, name TEXT NOT NULL,
    timezone TEXT, country TEXT, subdivision TEXT,
    blackout_dates TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT '',
    extra TEXT
);
CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    company TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name TEXT NOT NULL, title TEXT, email TEXT, phone TEXT, linkedin TEXT,
    extra TEXT
);
CREATE INDEX contacts_company ON contacts(company);
CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    company TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    role TEXT NOT NULL DEFAULT '',
    stage TEXT NOT NULL DEFAULT 'applied',
    contact TEXT REFERENCES contacts(id) ON DELETE SET NULL,
    no_phone_calls INTEGER NOT NULL DEFAULT 0,
    decision_expected_by TEXT, posting_url TEXT, stage_changed_at TEXT,
    extra TEXT
);
CREATE INDEX applications_company ON applications(company);
CREATE TABLE interviews (
    id TEXT PRIMARY KEY,
    application TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    starts_at TEXT NOT NULL,
    timezone TEXT, duration_minutes INTEGER, format TEXT, round INTEGER,
    highlights TEXT NOT NULL DEFAULT '', topics TEXT NOT NULL DEFAULT '',
    challenges TEXT NOT NULL DEFAULT '', their_words TEXT NOT NULL DEFAULT '',
    questions TEXT NOT NULL DEFAULT '', unaddressed TEXT NOT NULL DEFAULT '',
    feedback_cues TEXT NOT NULL DEFAULT '', reflection TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    extra TEXT
);
CREATE INDEX interviews_application ON interviews(application, starts_at);
CREATE TABLE interviewers (
    interview TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    contact TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (interview, contact)
);
CREATE INDEX interviewers_contact ON interviewers(contact);
CREATE TABLE communications (
    id TEXT PRIMARY KEY,
    application TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    contact TEXT REFERENCES contacts(id) ON DELETE SET NULL,
    at TEXT NOT NULL,
    channel TEXT NOT NULL DEFAULT 'email',
    direction TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '', response TEXT NOT NULL DEFAULT '',
    extra TEXT
);
CREATE INDEX communications_application ON communications(application, at);
CREATE TABLE followups (
    id TEXT PRIMARY KEY,
    application TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    interview TEXT REFERENCES interviews(id) ON DELETE SET NULL,
    contact TEXT REFERENCES contacts(id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL DEFAULT 'email',
    due TEXT NOT NULL,
    timezone TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'planned',
    reason TEXT NOT NULL DEFAULT '',
    manual INTEGER NOT NULL DEFAULT 0,
    status_reason TEXT, done_at TEXT, snoozed_until TEXT, template TEXT,
    extra TEXT
);
CREATE INDEX followups_status_due ON followups(status, due);
CREATE INDEX followups_due ON followups(due);
CREATE INDEX followups_application ON followups(application);
CREATE TABLE templates (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '',
    builtin INTEGER NOT NULL DEFAULT 0,
    extra TEXT
);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO profile (id) VALUES (1);
"""

# Full-text search over companies, contacts, interview notes and the communication log, kept
# in step by triggers so it is updated in the very transaction that changes the data.
_V1_SEARCH = """
CREATE VIRTUAL TABLE search USING fts5(
    kind UNINDEXED, ref UNINDEXED, application UNINDEXED, title, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""

_SEARCH_SOURCES = {
    # table: (kind, application expression, title expression, body expression)
    "companies": ("company", "NULL", "NEW.name", "NEW.notes"),
    "contacts": (
        "contact",
        "NULL",
        "NEW.name",
        "coalesce(NEW.title,'') || ' ' || coalesce(NEW.email,'')",
    ),
    "applications": ("application", "NEW.id", "NEW.role", "coalesce(NEW.posting_url,'')"),
    "interviews": (
        "interview",
        "NEW.application",
        "coalesce(NEW.format,'') || ' interview'",
        "NEW.highlights || ' ' || NEW.topics || ' ' || NEW.challenges || ' ' || "
        "NEW.their_words || ' ' || NEW.questions || ' ' || NEW.unaddressed || ' ' || "
        "NEW.feedback_cues || ' ' || NEW.reflection || ' ' || NEW.next_steps",
    ),
    "communications": (
        "communication",
        "NEW.application",
        "NEW.channel || ' ' || NEW.direction",
        "NEW.summary || ' ' || NEW.response",
    ),
}


def _search_triggers() -> str:
    parts = []
    for table, (kind, app, title, body) in _SEARCH_SOURCES.items():
        insert = (
            f"INSERT INTO search (kind, ref, application, title, body) "
            f"VALUES ('{kind}', NEW.id, {app}, {title}, {body});"
        )
        delete = f"DELETE FROM search WHERE kind = '{kind}' AND ref = OLD.id;"
        parts.append(f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN {insert} END;")
        parts.append(f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN {delete} END;")
        parts.append(
            f"CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN {delete} {insert} END;"
        )
    # What was discussed with each interviewer is searchable too.
    insert = (
        "INSERT INTO search (kind, ref, application, title, body) "
        "SELECT 'interviewer_notes', NEW.interview || '/' || NEW.contact, i.application, "
        "'notes', NEW.notes FROM interviews i WHERE i.id = NEW.interview;"
    )
    delete = (
        "DELETE FROM search WHERE kind = 'interviewer_notes' "
        "AND ref = OLD.interview || '/' || OLD.contact;"
    )
    parts.append(f"CREATE TRIGGER interviewers_ai AFTER INSERT ON interviewers BEGIN {insert} END;")
    parts.append(f"CREATE TRIGGER interviewers_ad AFTER DELETE ON interviewers BEGIN {delete} END;")
    parts.append(
        f"CREATE TRIGGER interviewers_au AFTER UPDATE ON interviewers BEGIN {delete} {insert} END;"
    )
    return "\n".join(parts)


def _v1(db: Database) -> None:
    for script in (_V1_TABLES, _V1_SEARCH, _search_triggers()):
        for statement in _split(script):
            db.conn.execute(statement)


def _split(script: str) -> list[str]:
    """Split on statement ends, keeping trigger bodies (which contain ';') whole."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def _v1_1(db: Database) -> None:
    """Search index keyed by record: v1.0's triggers scanned the whole index on every update."""
    # lazy: a v1.0 file only, ~1 ms of the first window and of every command not paid at
    # every start (bench_lazy_imports, --cli)
    from followup_desktop.store import search_index

    for (name,) in db.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    ).fetchall():
        db.conn.execute(f'DROP TRIGGER "{name}"')
    db.conn.execute("DROP TABLE search")
    for statement in search_index.schema_sql():
        db.conn.execute(statement)
    search_index.rebuild(db)


def _v1_2(db: Database) -> None:
    """Drafts of forms being typed (the interview notes form autosaves here): one row per form,
    the values as JSON, so a crash loses at most the last two seconds of typing. And the
    pending follow-ups per application by due time: the pipeline's "next follow-up" of 10,000
    applications is then one index seek each (store/pipeline_query.py)."""
    db.conn.execute(
        "CREATE TABLE form_drafts (key TEXT PRIMARY KEY, kind TEXT NOT NULL, "
        "title TEXT NOT NULL DEFAULT '', payload TEXT NOT NULL, saved_at TEXT NOT NULL)"
    )
    db.conn.execute(
        "CREATE INDEX followups_pending ON followups(application, due, id) "
        "WHERE status IN ('planned', 'snoozed')"
    )


def _v1_3(db: Database) -> None:
    """Reminders: what the user was already told about each follow-up (so each reminder fires
    exactly once, across restarts and clock jumps) and the reminder settings (quiet hours,
    heads-up, pause)."""
    db.conn.execute(
        "CREATE TABLE reminder_log (followup TEXT PRIMARY KEY "
        "REFERENCES followups(id) ON DELETE CASCADE, told_due TEXT, told_at TEXT, warned_due TEXT)"
    )
    db.conn.execute(
        "CREATE TABLE reminder_prefs (id INTEGER PRIMARY KEY CHECK (id = 1), "
        "quiet_start TEXT, quiet_end TEXT, quiet_shift TEXT NOT NULL DEFAULT 'after', "
        "heads_up_minutes INTEGER NOT NULL DEFAULT 0, paused_until TEXT, "
        "tray_hint_shown INTEGER NOT NULL DEFAULT 0)"
    )
    db.conn.execute(
        "INSERT INTO reminder_prefs (id, quiet_start, quiet_end) VALUES (1, '22:00', '07:00')"
    )


def _v1_4(db: Database) -> None:
    """Messages in three languages: each application's language (NULL: from the company's
    country), each template's language, and how a formal letter addresses a contact ("ms",
    "mr", or "" for by name). Older apps ignore the columns; their defaults keep rows valid."""
    db.conn.execute("ALTER TABLE applications ADD COLUMN language TEXT")
    db.conn.execute("ALTER TABLE templates ADD COLUMN language TEXT NOT NULL DEFAULT 'en'")
    db.conn.execute("ALTER TABLE contacts ADD COLUMN address_as TEXT NOT NULL DEFAULT ''")


def _v1_5(db: Database) -> None:
    """Mail in (issue 17): the user's mail accounts (never a password: that is in the OS
    keyring), how far each IMAP folder was read, every message considered (by Message-ID, so
    each is processed once; unrelated mail is never stored at all), the review list, and each
    company's own mail domains ("" = the domains of its contacts' addresses)."""
    for statement in _split(_V1_5_TABLES):
        db.conn.execute(statement)
    db.conn.execute("ALTER TABLE companies ADD COLUMN mail_domains TEXT NOT NULL DEFAULT ''")


_V1_5_TABLES = """
CREATE TABLE mail_accounts (
    name TEXT PRIMARY KEY, user TEXT NOT NULL,
    imap_host TEXT, imap_port INTEGER, imap_security TEXT NOT NULL DEFAULT 'ssl',
    smtp_host TEXT, smtp_port INTEGER, smtp_security TEXT NOT NULL DEFAULT 'ssl',
    from_addr TEXT,
    last_checked TEXT, last_error TEXT, failures INTEGER NOT NULL DEFAULT 0, next_try TEXT
) WITHOUT ROWID;
CREATE TABLE mail_folder_state (
    account TEXT NOT NULL, folder TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL, last_uid INTEGER NOT NULL,
    PRIMARY KEY (account, folder)
) WITHOUT ROWID;
CREATE TABLE mail_seen (
    message_id TEXT PRIMARY KEY,
    outcome TEXT NOT NULL,
    communication TEXT REFERENCES communications(id) ON DELETE SET NULL,
    seen_at TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE TABLE mail_review (
    id INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    at TEXT,
    sender TEXT NOT NULL DEFAULT '', sender_name TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '', text TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    candidates TEXT NOT NULL DEFAULT '[]',
    suggestion TEXT,
    application TEXT REFERENCES applications(id) ON DELETE SET NULL,
    ics BLOB,
    status TEXT NOT NULL DEFAULT 'pending',
    communication TEXT REFERENCES communications(id) ON DELETE SET NULL,
    direction TEXT NOT NULL DEFAULT 'received',
    contact TEXT REFERENCES contacts(id) ON DELETE SET NULL
);
"""


def _v1_6(db: Database) -> None:
    """The outbox (issue 18): messages queued to be sent at their slot over the user's own
    SMTP, each with its Message-ID made when queued (before any send), its state (queued ->
    sending -> sent | failed | held | cancelled) and who claimed it; and each mail account's
    optional Reply-To address."""
    for statement in _split(_V1_6_TABLES):
        db.conn.execute(statement)
    db.conn.execute("ALTER TABLE mail_accounts ADD COLUMN reply_to TEXT")


_V1_6_TABLES = """
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    followup TEXT REFERENCES followups(id) ON DELETE SET NULL,
    application TEXT REFERENCES applications(id) ON DELETE SET NULL,
    contact TEXT REFERENCES contacts(id) ON DELETE SET NULL,
    account TEXT NOT NULL,
    to_addr TEXT NOT NULL, to_name TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL, body TEXT NOT NULL,
    message_id TEXT NOT NULL UNIQUE,
    send_at TEXT NOT NULL,
    zone TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued',
    reason TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT, claimed_at TEXT,
    queued_at TEXT NOT NULL, sent_at TEXT,
    communication TEXT REFERENCES communications(id) ON DELETE SET NULL
);
CREATE INDEX outbox_due ON outbox(state, send_at);
"""


#: (version, step) in order. A step must leave the schema at exactly that version.
MIGRATIONS: list[tuple[int, Step]] = [
    (100, _v1),
    (101, _v1_1),
    (102, _v1_2),
    (103, _v1_3),
    (104, _v1_4),
    (105, _v1_5),
    (106, _v1_6),
]
CURRENT_VERSION = MIGRATIONS[-1][0]


def version_of(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database, now: datetime | None = None) -> int:
    """Bring ``db`` to CURRENT_VERSION; returns the version found. Refuses a newer major.

    An upgraded file is copied first, the copy stamped with ``now`` (or, when the caller has no
    clock, with the time the file was last written)."""
    found = version_of(db)
    if found // 100 > CURRENT_VERSION // 100:
        raise StoreError(
            f"This database was written by a newer version of Follow-up Desktop "
            f"(schema {found // 100}.{found % 100}); update the app to open it. "
            "The file was not changed."
        )
    pending = [(v, step) for v, step in MIGRATIONS if v > found]
    if not pending:
        return found
    path = db_path(db)
    if found > 0 and path:
        stamp = now or datetime.fromtimestamp(Path(path).stat().st_mtime, UTC)
        name = backup_name(f"before-migration-v{found}", now=stamp)
        backup_to(db, backups_dir(Path(path)) / name)
    for version, step in pending:
        with transaction(db):
            step(db)
            db.conn.execute(f"PRAGMA user_version = {version}")
    return found
