"""The reminder memory in the store (schema 1.3): told state survives a restart, follows the
follow-up it belongs to, and the settings read back as they were saved."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from followup_desktop.core import reminders as rules
from followup_desktop.core.reminders import Prefs, QuietHours, Shift, Told
from followup_desktop.store import migrations, queries, reminder_state, writes
from followup_desktop.store.open import open_store
from tests.builders import add_acme


@pytest.fixture
def filled(db, now):
    add_acme(db, now)
    return db


def _sync(db, now):
    """What the service does, without Qt: plan, record, return the ids that fired."""
    prefs = reminder_state.load_prefs(db)
    items = reminder_state.pending_items(db, before=now + timedelta(hours=36))
    told = reminder_state.load_told(db)
    plan = rules.plan(items, told, prefs, UTC, now)
    reminder_state.record_told(db, rules.after_telling(told, plan.fire, now))
    return [a.item.id for a in plan.fire]


def test_a_new_database_has_the_tables_and_quiet_hours_22_to_7(db):
    assert migrations.version_of(db) >= 103
    prefs = reminder_state.load_prefs(db)
    assert prefs == Prefs(QuietHours(time(22, 0), time(7, 0), Shift.AFTER), 0, None)
    assert reminder_state.load_told(db) == {}
    assert not reminder_state.tray_hint_shown(db)


def test_prefs_round_trip(db):
    until = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
    prefs = Prefs(QuietHours(time(23, 30), time(6, 15), Shift.BEFORE), 20, until)
    reminder_state.save_prefs(db, prefs)
    assert reminder_state.load_prefs(db) == prefs
    reminder_state.save_prefs(db, Prefs(quiet=None))
    assert reminder_state.load_prefs(db) == Prefs(quiet=None)
    reminder_state.set_paused_until(db, until)
    assert reminder_state.load_prefs(db).paused_until == until
    reminder_state.set_tray_hint_shown(db)
    assert reminder_state.tray_hint_shown(db)


def test_restart_after_a_fire_does_not_fire_again(db_path, now):
    db = open_store(db_path)
    add_acme(db, now)
    reminder_state.save_prefs(db, Prefs(quiet=None))
    later = now + timedelta(days=3)  # Acme's thank-you (Fri 20 Nov) is overdue by then
    fired = _sync(db, later)
    assert fired
    db.close()

    db = open_store(db_path)  # the app restarts
    try:
        assert _sync(db, later + timedelta(minutes=1)) == []
        assert set(reminder_state.load_told(db)) == set(fired)
    finally:
        db.close()


def test_pending_items_carry_names_and_message_flag(filled, now):
    items = reminder_state.pending_items(filled)
    assert items and all(i.company == "Acme Corp" for i in items)
    thank_you = next(i for i in items if i.kind == "thank_you")
    assert thank_you.contact == "Dana Lee" and thank_you.role == "Backend Engineer"
    assert thank_you.message
    review = [i for i in items if i.kind == "move_on_review"]
    assert review and not review[0].message
    first = items[0]
    assert reminder_state.pending_items(filled, before=first.due) == []
    assert reminder_state.get_item(filled, first.id) == first
    writes.mark_done(filled, first.id, now)
    assert reminder_state.get_item(filled, first.id) is None  # done: no longer pending


def test_told_rows_follow_their_follow_up(filled, now):
    item = queries.list_followups(filled)[0]
    told = {item.id: Told(item.due, now), "no-such-followup": Told(now, now)}
    reminder_state.record_told(filled, told)
    assert reminder_state.load_told(filled) == {item.id: Told(item.due, now)}
    filled.execute("DELETE FROM applications")  # cascades to follow-ups, then to the log
    assert reminder_state.load_told(filled) == {}


def test_snoozed_follow_up_is_reminded_again_through_the_store(filled, now):
    reminder_state.save_prefs(filled, Prefs(quiet=None))
    later = now + timedelta(days=3)
    fired = _sync(filled, later)
    writes.snooze(filled, fired[0], later + timedelta(hours=1), later)
    assert _sync(filled, later + timedelta(minutes=59)) == []
    assert _sync(filled, later + timedelta(hours=1)) == [fired[0]]
    assert _sync(filled, later + timedelta(hours=2)) == []


def test_a_schema_1_2_database_gains_the_reminder_tables(db_path, monkeypatch, now):
    import sqlite3

    from tests.builders import old_database

    old = sqlite3.connect(old_database(db_path, 102))
    assert not old.execute("SELECT 1 FROM sqlite_master WHERE name = 'reminder_log'").fetchone()
    old.close()
    db = open_store(db_path)
    try:
        assert db["reminder_log"].exists() and db["reminder_prefs"].exists()
        assert reminder_state.load_prefs(db).quiet == QuietHours(time(22, 0), time(7, 0))
        assert reminder_state.pending_items(db)
    finally:
        db.close()
