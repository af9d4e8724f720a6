"""Form drafts: saved, read back, replaced, listed, discarded; schema step 1.2 adds the table."""

from __future__ import annotations

from datetime import timedelta

from followup_desktop.store import drafts, migrations


def test_the_current_schema_has_the_form_drafts_table(db):
    assert migrations.version_of(db) == migrations.CURRENT_VERSION >= 102
    assert db["form_drafts"].exists()


def test_a_draft_round_trips_and_is_replaced_by_the_next_save(db, now):
    assert drafts.load_draft(db, "interview:x") is None
    drafts.save_draft(db, "interview:x", "interview", {"topics": "Zürich 東京"}, now, "Acme")
    first = drafts.load_draft(db, "interview:x")
    assert first is not None
    assert (first.kind, first.title, first.values) == (
        "interview",
        "Acme",
        {"topics": "Zürich 東京"},
    )
    assert first.saved_at == now
    later = now + timedelta(seconds=3)
    drafts.save_draft(db, "interview:x", "interview", {"topics": "more"}, later)
    again = drafts.load_draft(db, "interview:x")
    assert again is not None and again.values == {"topics": "more"} and again.saved_at == later
    assert db.execute("SELECT count(*) FROM form_drafts").fetchone()[0] == 1


def test_drafts_are_listed_latest_first_and_discarded(db, now):
    drafts.save_draft(db, "interview:a", "interview", {}, now)
    drafts.save_draft(db, "interview:b", "interview", {}, now + timedelta(minutes=1))
    drafts.save_draft(db, "other:c", "other", {}, now + timedelta(minutes=2))
    assert [d.key for d in drafts.list_drafts(db, "interview")] == ["interview:b", "interview:a"]
    assert len(drafts.list_drafts(db)) == 3
    drafts.discard_draft(db, "interview:b")
    assert [d.key for d in drafts.list_drafts(db, "interview")] == ["interview:a"]


def test_a_damaged_draft_is_skipped_not_fatal(db, now):
    db.execute(
        "INSERT INTO form_drafts (key, kind, payload, saved_at) VALUES ('k', 'interview', '{', ?)",
        [now.isoformat()],
    )
    db.conn.commit()
    assert drafts.load_draft(db, "k") is None
    assert drafts.list_drafts(db) == []


def test_a_version_1_1_database_gains_the_table_and_keeps_its_rows(db_path, monkeypatch, now):
    import sqlite3

    from followup_desktop.store.open import open_store
    from tests.builders import old_database

    old = sqlite3.connect(old_database(db_path, 101))
    assert not old.execute("SELECT 1 FROM sqlite_master WHERE name = 'form_drafts'").fetchone()
    interviews = old.execute("SELECT count(*) FROM interviews").fetchone()[0]
    old.close()
    assert interviews > 0
    db = open_store(db_path)
    try:
        assert migrations.version_of(db) == migrations.CURRENT_VERSION
        assert db["form_drafts"].exists()
        assert db.execute("SELECT count(*) FROM interviews").fetchone()[0] == interviews
    finally:
        db.close()
