"""The health check, the recovery of a damaged file, and a hostile environment: locked, read-only,
full disk, sync folders and network shares, a newer version. Each gives one clear sentence and
loses nothing that was committed."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from followup_desktop.core.interchange import parse_document
from followup_desktop.core.model import Company, Contact
from followup_desktop.store import backups, health, queries, writes
from followup_desktop.store import db as dbmod
from followup_desktop.store.db import DatabaseDamaged, StoreError
from followup_desktop.store.health import Recovery, Status, check_database
from followup_desktop.store.open import location_warning, open_store
from followup_desktop.store.transfer import export_json, import_document, known_ids
from tests.builders import NOW, add_searchable_interview, sample_document


def damage(path: Path, page: int = 3) -> bytes:
    """Scribble over one page in the middle (the header stays valid); the damaged bytes."""
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{path}{suffix}").exists(), "close the database first"
    data = bytearray(path.read_bytes())
    for offset in range(4096 * page, min(len(data), 4096 * (page + 1))):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    return bytes(data)


def filled(path: Path, companies: int = 0) -> None:
    db = open_store(path)
    add_searchable_interview(db)
    for n in range(companies):
        writes.save_company(db, Company(f"c{n:03}", f"Company {n}", "UTC", notes="n" * 300), NOW)
    db.close()


# --- check_database (what `followup-desktop check` prints) --------------------------------------


def test_sound_database_is_ok(db_path):
    filled(db_path)
    report = check_database(db_path)
    assert report.ok and report.status == Status.OK and report.problems == ()
    assert report.message == f"{db_path}: ok"


def test_missing_database_is_ok_and_not_created(db_path):
    report = check_database(db_path)
    assert report.ok and report.status == Status.MISSING
    assert "no database yet" in report.message and not db_path.exists()


def test_damaged_database_is_reported_in_one_sentence_and_untouched(db_path):
    filled(db_path, companies=200)
    damaged = damage(db_path, page=20)
    report = check_database(db_path)
    assert not report.ok and report.damaged and report.problems
    assert report.message.startswith(f"{db_path} is damaged (")
    assert report.message.endswith("restore the newest good backup.")
    assert report.message.count(". ") == 0  # one sentence
    assert db_path.read_bytes() == damaged
    assert check_database(db_path, quick=True).damaged


def test_not_sqlite_is_foreign_and_untouched(tmp_path):
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("these are my notes, not a database\n" * 500)
    report = check_database(notes)
    assert report.status == Status.FOREIGN and not report.ok and not report.damaged
    assert "not a Follow-up Desktop database" in report.message
    assert notes.read_text().startswith("these are my notes")


def test_a_folder_is_unreadable(tmp_path):
    report = check_database(tmp_path)
    assert report.status == Status.UNREADABLE and "is a folder" in report.message


def test_broken_references_are_inconsistent_not_damage(db_path):
    filled(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO contacts (id, company, name) VALUES ('ghost', 'nowhere', 'G')")
    conn.commit()
    conn.close()
    report = check_database(db_path)
    assert report.status == Status.INCONSISTENT and not report.ok and not report.damaged
    assert "broken reference" in report.message
    open_store(db_path).close()  # not damage: the app still opens it


def test_newer_version_is_checked_but_not_changed(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 900")
    conn.execute("CREATE TABLE future (x)")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    report = check_database(db_path)
    assert report.ok and report.version == 900
    assert db_path.read_bytes() == before


def test_open_store_refuses_a_damaged_file_with_its_findings(db_path):
    filled(db_path, companies=200)
    damage(db_path, page=20)
    with pytest.raises(DatabaseDamaged) as caught:
        open_store(db_path)
    assert caught.value.problems and "is damaged" in str(caught.value)


# --- recovery at start-up -----------------------------------------------------------------------


def _damaged_with_backup(db_path: Path) -> tuple[dict, bytes]:
    """A database with a good backup, a later change, then damage; (backup's data, bytes)."""
    db = open_store(db_path)
    add_searchable_interview(db)
    for n in range(200):
        writes.save_company(db, Company(f"c{n:03}", f"Company {n}", "UTC", notes="n" * 300), NOW)
    backups.make_backup(db, "auto", NOW)
    saved = export_json(db)
    writes.save_contact(db, Contact("omar", "acme", "Omar after the backup"))
    db.close()
    return saved, damage(db_path, page=20)


def test_recover_from_the_newest_good_backup(db_path):
    saved, damaged_bytes = _damaged_with_backup(db_path)
    # A damaged copy newer than the good one is skipped.
    bad = db_path.parent / "backups" / "auto-20261121-160000.sqlite3"
    bad.write_bytes(damaged_bytes)
    asked = []

    def ask(report, backup):
        asked.append((report, backup))
        return Recovery.BACKUP

    opened = health.open_or_recover(db_path, ask, NOW + timedelta(hours=2))
    assert opened is not None
    report, offered = asked[0]
    assert report.damaged and offered.path.name == "auto-20261121-150000.sqlite3"
    assert export_json(opened.db) == saved
    assert opened.notice and "restored from the backup" in opened.notice
    opened.db.close()
    corrupt = db_path.with_name(f"{db_path.name}.corrupt-20261121-170000")
    assert corrupt.read_bytes() == damaged_bytes  # renamed, never changed, never deleted
    salvage = json.loads(Path(f"{corrupt}.salvage.json").read_text(encoding="utf-8"))
    assert salvage["salvage"]["rows"] > 150
    names = {c["id"]: c["name"] for c in salvage["companies"]}
    contacts = {c["id"] for c in salvage["contacts"]}
    assert "omar" in contacts  # the change made after the backup was salvaged
    assert names["acme"] == "Acme Corp"
    assert oct(Path(f"{corrupt}.salvage.json").stat().st_mode & 0o777) == "0o600"


def test_salvage_file_imports_back_what_the_backup_missed(db_path):
    _damaged_with_backup(db_path)
    opened = health.open_or_recover(db_path, lambda r, b: Recovery.BACKUP, NOW)
    assert opened is not None
    db = opened.db
    assert "omar" not in {c.id for c in queries.list_contacts(db)}
    salvage = next(db_path.parent.glob("*.salvage.json"))
    data = json.loads(salvage.read_text(encoding="utf-8"))
    import_document(db, parse_document(data, str(salvage), known_ids(db)), NOW)
    assert "omar" in {c.id for c in queries.list_contacts(db)}
    db.close()


def test_start_empty_keeps_the_damaged_file_aside(db_path):
    _, damaged_bytes = _damaged_with_backup(db_path)
    opened = health.open_or_recover(db_path, lambda r, b: Recovery.EMPTY, NOW)
    assert opened is not None
    assert queries.list_companies(opened.db) == []
    assert "empty database" in opened.notice and "File > Import" in opened.notice
    opened.db.close()
    assert next(db_path.parent.glob("*.corrupt-*[0-9]")).read_bytes() == damaged_bytes


def test_quit_leaves_everything_as_it_was(db_path):
    _, damaged_bytes = _damaged_with_backup(db_path)
    assert health.open_or_recover(db_path, lambda r, b: None, NOW) is None
    assert db_path.read_bytes() == damaged_bytes
    assert list(db_path.parent.glob("*.corrupt-*")) == []


def test_without_a_good_backup_only_an_empty_start_is_offered(db_path):
    filled(db_path, companies=200)
    damage(db_path, page=20)
    offered = []

    def ask(report, backup):
        offered.append(backup)
        return Recovery.EMPTY

    opened = health.open_or_recover(db_path, ask, NOW)
    assert offered == [None] and opened is not None
    opened.db.close()


def test_a_sound_file_opens_without_asking(db_path):
    filled(db_path)
    opened = health.open_or_recover(db_path, lambda r, b: pytest.fail("asked"), NOW)
    assert opened is not None and opened.notice is None
    opened.db.close()


# --- locked, read-only, full disk: clear sentence, nothing committed lost ------------------------


def test_locked_by_another_process_then_free_again(db_path, monkeypatch):
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 100)
    filled(db_path)
    db = open_store(db_path)
    locker = subprocess.Popen(
        [
            "python3",
            "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(db_path)!r}, isolation_level=None)\n"
            "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); sys.stdin.readline()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert locker.stdout.readline().strip() == "locked"
        with pytest.raises(StoreError) as caught:
            writes.save_contact(db, Contact("omar", "acme", "Omar"))
        assert str(caught.value) == (
            f"The database {db_path} is locked by another program; close it and try again."
        )
    finally:
        locker.communicate("\n", timeout=10)
    writes.save_contact(db, Contact("omar", "acme", "Omar"))  # the same action, once free
    assert [c.id for c in queries.list_contacts(db)] == ["dana", "omar"]
    db.close()


def test_full_database_max_page_count_keeps_every_commit(db_path):
    filled(db_path)
    db = open_store(db_path)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 2}")
    before = export_json(db)
    big = sample_document()
    big["companies"] += [{"id": f"big{n}", "name": "B", "notes": "x" * 50_000} for n in range(20)]
    with pytest.raises(StoreError) as caught:
        import_document(db, parse_document(big, "big.json", known_ids(db)), NOW)
    assert str(caught.value) == (
        f"The disk holding {db_path} is full; free some space and try again."
    )
    assert export_json(db) == before  # the failed import left nothing behind
    db.close()
    db = open_store(db_path)
    assert export_json(db) == before and db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


@pytest.fixture
def small_disk(tmp_path):
    folder = tmp_path / "small"
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_really_full_disk_fails_clearly_and_keeps_every_commit(small_disk):
    path = small_disk / "followup.sqlite3"
    db = open_store(path)
    add_searchable_interview(db)
    saved = 0
    message = ""
    for n in range(400):  # 400 x 8 KB notes do not fit in 2 MB
        try:
            writes.save_company(db, Company(f"c{n:03}", f"C{n}", "UTC", notes="z" * 8000), NOW)
        except StoreError as exc:
            message = str(exc)
            break
        saved += 1
    assert message == f"The disk holding {path} is full; free some space and try again."
    assert saved > 10
    db.close()
    db = open_store(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = {c.id for c in queries.list_companies(db)}
    assert {f"c{n:03}" for n in range(saved)} <= ids  # every reported save is there
    db.close()


# --- where the file lives -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "service"),
    [
        ("Dropbox", "Dropbox"),
        ("Dropbox (Personal)", "Dropbox"),
        ("OneDrive - Contoso", "OneDrive"),
        ("Google Drive/My Drive", "Google Drive"),
        ("Library/Mobile Documents/com~apple~CloudDocs", "iCloud Drive"),
        ("Nextcloud", "Nextcloud"),
    ],
)
def test_sync_folders_are_named(tmp_path, folder, service):
    text = location_warning(tmp_path / folder / "jobs" / "followup.sqlite3", mounts="")
    assert text and f"inside a {service} folder" in text and text.count(". ") == 0


def test_a_sync_marker_file_is_recognised(tmp_path):
    (tmp_path / "synced").mkdir()
    (tmp_path / "synced" / ".stfolder").mkdir()
    text = location_warning(tmp_path / "synced" / "a" / "followup.sqlite3", mounts="")
    assert text and "Syncthing" in text


def test_network_shares_are_named_and_local_disks_are_not(tmp_path):
    mounts = (
        "/dev/vda / ext4 rw 0 0\n"
        f"server:/export {tmp_path}/nfs nfs4 rw 0 0\n"
        f"//nas/share {tmp_path}/my\\040share cifs rw 0 0\n"
    )
    nfs = location_warning(tmp_path / "nfs" / "followup.sqlite3", mounts=mounts)
    assert nfs and "network share (nfs4)" in nfs
    cifs = location_warning(tmp_path / "my share" / "followup.sqlite3", mounts=mounts)
    assert cifs and "(cifs)" in cifs
    assert location_warning(tmp_path / "local" / "followup.sqlite3", mounts=mounts) is None


def test_the_real_temporary_folder_gets_no_warning(db_path):
    assert location_warning(db_path) is None
