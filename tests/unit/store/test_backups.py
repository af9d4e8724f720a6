"""Automatic backups: consistent copies, the rotation policy, restore round trips, refusals."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.core.model import Company
from followup_desktop.store import backups, migrations, queries, writes
from followup_desktop.store.backups import BackupInfo, BackupPolicy
from followup_desktop.store.db import DatabaseDamaged, StoreError
from followup_desktop.store.open import open_store
from followup_desktop.store.transfer import export_json
from tests.builders import NOW, add_searchable_interview


def _folder(db_path: Path) -> Path:
    return db_path.parent / "backups"


def _company_names(db) -> list[str]:
    return [c.name for c in queries.list_companies(db)]


# --- making a backup ----------------------------------------------------------------------------


def test_backup_is_whole_private_self_contained_and_listed(db, db_path):
    add_searchable_interview(db)
    info = backups.make_backup(db, "startup", NOW)
    assert info.path == _folder(db_path) / "startup-20261121-150000.sqlite3"
    assert info.label == "At start-up" and info.size == info.path.stat().st_size > 0
    assert oct(info.path.stat().st_mode & 0o777) == "0o600"
    assert oct(_folder(db_path).stat().st_mode & 0o777) == "0o700"
    assert info.path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal: no -wal needed
    assert backups.backup_problems(info.path) == []
    assert sorted(p.name for p in _folder(db_path).iterdir()) == [info.path.name]  # no .part
    assert backups.list_backups(_folder(db_path)) == [info]
    copy = sqlite3.connect(info.path)
    assert copy.execute("SELECT count(*) FROM interviews").fetchone()[0] == 1
    copy.close()


def test_same_second_backups_get_distinct_names(db, db_path):
    first = backups.make_backup(db, "auto", NOW)
    second = backups.make_backup(db, "auto", NOW)
    assert first.path != second.path and second.path.name == "auto-20261121-150000-2.sqlite3"
    assert [b.path for b in backups.list_backups(_folder(db_path))] == [second.path, first.path]


def test_stale_part_files_are_cleared_and_never_listed(db, db_path):
    folder = _folder(db_path)
    folder.mkdir()
    stale = folder / "auto-20261121-140000.sqlite3.part"
    stale.write_bytes(b"half a backup")
    os.utime(stale, (0, 0))
    fresh = folder / "auto-20261121-145900.sqlite3.part"
    fresh.write_bytes(b"another process is writing this one")
    (folder / "my notes.txt").write_text("not a backup")
    backups.make_backup(db, "auto", NOW)
    assert not stale.exists() and fresh.exists() and (folder / "my notes.txt").exists()
    assert [b.path.name for b in backups.list_backups(folder)] == ["auto-20261121-150000.sqlite3"]


def test_in_memory_database_has_no_backups():
    db = open_store(":memory:")
    with pytest.raises(StoreError, match="in-memory"):
        backups.make_backup(db, "auto", NOW)
    assert backups.backup_before(db, "import", NOW) is None
    db.close()


def test_backup_before_a_bulk_change_is_a_safety_copy(db, db_path):
    info = backups.backup_before(db, "import", NOW)
    assert info is not None and info.path.name.startswith("before-import-")
    assert info.label == "Before an import" and info.safety


def test_backup_of_a_damaged_database_is_not_kept(db, db_path, monkeypatch):
    monkeypatch.setattr(backups, "backup_problems", lambda path: ["Page 7: btree damaged"])
    with pytest.raises(DatabaseDamaged, match="damaged"):
        backups.make_backup(db, "auto", NOW)
    assert list(_folder(db_path).glob("*.sqlite3")) == []
    safety = backups.make_backup(db, "before-restore", NOW)  # a safety copy is kept anyway
    assert safety.path.exists()


def test_change_marker_and_changed_since_newest(db, db_path):
    marker = backups.change_marker(db)
    assert backups.changed_since_newest(db_path)  # no backup yet
    backups.make_backup(db, "startup", NOW)
    assert backups.change_marker(db) == marker  # a backup writes nothing
    assert not backups.changed_since_newest(db_path)
    os.utime(db_path, (0, 0))  # (mtime granularity: make "before" unmistakable)
    wal = Path(f"{db_path}-wal")
    if wal.exists():
        os.utime(wal, (0, 0))
    writes.set_setting(db, "x", "1")
    assert backups.change_marker(db) != marker
    assert backups.changed_since_newest(db_path)


# --- the rotation policy ------------------------------------------------------------------------


def _fake(reason: str, created: datetime) -> BackupInfo:
    stamp = created.strftime("%Y%m%d-%H%M%S")
    return BackupInfo(Path(f"/b/{reason}-{stamp}.sqlite3"), reason, created, 1)


def test_rotation_keeps_last_n_one_per_day_and_one_per_week():
    policy = BackupPolicy(keep_last=10, daily_days=7, weekly_weeks=4)
    made = [_fake("auto", NOW - timedelta(minutes=30 * i)) for i in range(60 * 48)]  # 60 days
    keep = backups.to_keep(made, policy, NOW, UTC)
    kept = sorted((b for b in made if b.path in keep), key=lambda b: b.created, reverse=True)
    assert kept[:10] == made[:10]  # the newest ten
    for day in range(8):  # the newest of each of the last days (7 days back reaches 8 dates)
        date = (NOW - timedelta(days=day)).date()
        of_day = [b for b in made if b.created.date() == date and NOW - b.created <= timedelta(7)]
        assert of_day[0].path in keep
        assert sum(1 for b in of_day if b.path in keep) == (10 if day == 0 else 1)
    weeks = {b.created.isocalendar()[:2] for b in kept}
    for b in made:
        if NOW - b.created <= timedelta(weeks=4):
            assert b.created.isocalendar()[:2] in weeks  # every week of the month has one
    assert all(NOW - b.created <= timedelta(weeks=4) for b in kept)  # nothing older
    assert len(kept) <= 10 + 8 + 5


def test_rotation_spares_the_users_backups_and_recent_safety_copies():
    policy = BackupPolicy(keep_last=1, daily_days=2, weekly_weeks=0)
    mine = _fake("backup", NOW - timedelta(days=300))
    safety_new = _fake("before-restore", NOW - timedelta(hours=30))
    safety_old = _fake("before-migration-v100", NOW - timedelta(days=30))
    autos = [_fake("auto", NOW - timedelta(hours=h)) for h in range(1, 6)]
    keep = backups.to_keep([mine, safety_new, safety_old, *autos], policy, NOW, UTC)
    assert safety_new.path in keep and safety_old.path not in keep
    assert autos[0].path in keep and autos[1].path not in keep
    assert mine.path not in keep and not mine.rotated  # not kept by the policy: never pruned
    assert safety_old.label == "Before an upgrade"


def test_prune_deletes_on_disk_only_what_the_policy_drops(db, db_path):
    for hours in range(12):
        backups.make_backup(db, "auto", NOW - timedelta(hours=hours), prune_after=False)
    backups.make_backup(db, "backup", NOW - timedelta(days=90), prune_after=False)
    gone = backups.prune(_folder(db_path), BackupPolicy(3, 0, 0), NOW, UTC)
    left = [b.path.name for b in backups.list_backups(_folder(db_path))]
    assert len(gone) == 9
    assert left == [
        "auto-20261121-150000.sqlite3",
        "auto-20261121-140000.sqlite3",
        "auto-20261121-130000.sqlite3",
        "backup-20260823-150000.sqlite3",
    ]


def test_policy_is_a_setting_clamped_and_defaulted(db):
    assert backups.load_policy(db) == BackupPolicy(10, 7, 4)
    saved = backups.save_policy(db, BackupPolicy(0, 500, 3))
    assert saved == BackupPolicy(1, 90, 3)
    assert backups.load_policy(db) == saved
    assert json.loads(queries.get_setting(db, backups.POLICY_KEY)) == {
        "daily_days": 90,
        "keep_last": 1,
        "weekly_weeks": 3,
    }
    writes.set_setting(db, backups.POLICY_KEY, "{not json")
    assert backups.load_policy(db) == BackupPolicy()


def test_make_backup_rotates_with_the_stored_policy(db, db_path):
    backups.save_policy(db, BackupPolicy(2, 0, 0))
    for minutes in range(4):
        backups.make_backup(db, "auto", NOW + timedelta(minutes=minutes))
    assert len(backups.list_backups(_folder(db_path))) == 2


# --- restore ------------------------------------------------------------------------------------


def test_restore_round_trip_backup_change_restore_equals_the_backup(db, db_path, now):
    add_searchable_interview(db)
    before = export_json(db)
    info = backups.make_backup(db, "auto", NOW)
    writes.save_company(db, Company("acme", "Renamed Corp", "America/New_York"), now)
    writes.save_company(db, Company("zeta", "Zeta", "UTC"), now)
    changed = export_json(db)
    safety = backups.restore(db, info.path, NOW + timedelta(minutes=1))
    assert export_json(db) == before  # the data equals the backup
    assert safety.reason == "before-restore" and safety.path.exists()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    other = open_store(db_path)  # another connection sees the restored file
    assert _company_names(other) == ["Acme Corp"]
    other.close()
    backups.restore(db, safety.path, NOW + timedelta(minutes=2))  # and it can be undone
    assert export_json(db) == changed


def test_restore_refuses_a_damaged_or_newer_backup_and_changes_nothing(db, db_path, tmp_path):
    add_searchable_interview(db)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x10\x00" + os.urandom(4096 * 3))
    with pytest.raises(StoreError, match="cannot be restored"):
        backups.restore(db, bad, NOW)
    newer = tmp_path / "newer.sqlite3"
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 900")
    conn.close()
    with pytest.raises(StoreError, match="newer version"):
        backups.restore(db, newer, NOW)
    assert _company_names(db) == ["Acme Corp"]
    assert not _folder(db_path).exists()  # refused before any copy was made


def test_restoring_an_older_schema_migrates_it(db_path, monkeypatch, now):
    db = open_store(db_path)
    add_searchable_interview(db)
    old = backups.make_backup(db, "auto", NOW)
    db.close()

    def next_step(database):
        database.conn.execute("CREATE TABLE next_feature (x)")

    later = migrations.CURRENT_VERSION + 1
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (later, next_step)])
    monkeypatch.setattr(migrations, "CURRENT_VERSION", later)
    db = open_store(db_path)
    assert migrations.version_of(db) == later
    backups.restore(db, old.path, NOW + timedelta(minutes=1))
    assert migrations.version_of(db) == later
    assert db.execute("SELECT name FROM sqlite_master WHERE name = 'next_feature'").fetchone()
    assert _company_names(db) == ["Acme Corp"]
    db.close()


# --- a full disk --------------------------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MB file system (tmpfs), unmounted afterwards."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_backup_onto_a_full_disk_fails_clearly_and_leaves_nothing(db, db_path, tiny_disk):
    add_searchable_interview(db)
    for n in range(60):
        writes.save_company(db, Company(f"c{n}", "x" * 20_000, "UTC"), NOW)
    filler = tiny_disk / "filler"
    filler.write_bytes(b"\0" * 900_000)
    dest = tiny_disk / "backups" / "auto-20261121-150000.sqlite3"
    from followup_desktop.store.db import backup_to

    with pytest.raises(StoreError) as caught:
        backup_to(db, dest)
    assert "full" in str(caught.value) and str(caught.value).endswith(".")
    assert not dest.exists() and list((tiny_disk / "backups").iterdir()) == []
    assert _company_names(db)[0] == "Acme Corp"  # the database itself is untouched
