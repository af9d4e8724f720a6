"""Damaged files: each variant is detected (or, for a lost -wal, harmless), the damaged file is
kept aside byte for byte, the newest good backup restored, and the salvaged rows import back.

Every variant starts from the same database: the demo job search plus 300 companies, a good
backup, then 40 more companies and a contact written after that backup (only the damaged file
still holds them). "Rows lost" counts rows of that last state missing after recovery (backup,
then the salvage file imported): rows on pages the damage destroyed, if they changed after the
backup.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from followup_desktop.core.interchange import parse_document
from followup_desktop.core.interchange_fields import InterchangeError
from followup_desktop.core.model import Company, Contact
from followup_desktop.store import backups, health, writes
from followup_desktop.store.db import DatabaseDamaged
from followup_desktop.store.health import Recovery, check_database
from followup_desktop.store.open import open_store
from followup_desktop.store.transfer import import_document, known_ids
from tests import figures
from tests.builders import NOW

PAGE = 4096
TABLES = ("companies", "contacts", "applications", "interviews", "communications", "followups")


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> Path:
    """The database every variant damages (closed, checkpointed: no -wal)."""
    from followup_desktop.store.demo import fill_demo

    folder = tmp_path_factory.mktemp("original")
    path = folder / "followup.sqlite3"
    db = open_store(path)
    fill_demo(db, NOW)
    for n in range(300):
        writes.save_company(db, Company(f"c{n:03}", f"Company {n}", "UTC", notes="n" * 200), NOW)
    backups.make_backup(db, "auto", NOW)
    for n in range(40):
        writes.save_company(db, Company(f"late{n}", f"Late {n}", "UTC"), NOW)
    writes.save_contact(db, Contact("late-contact", "late0", "Written after the backup"))
    db.close()
    assert not Path(f"{path}-wal").exists()
    return path


def _ids(path: Path) -> dict[str, set[str]]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return {t: {r[0] for r in conn.execute(f"SELECT id FROM {t}")} for t in TABLES}
    finally:
        conn.close()


def _copy(original: Path, tmp_path: Path) -> Path:
    shutil.copytree(original.parent, tmp_path / "data")
    return tmp_path / "data" / original.name


def _pages(path: Path) -> int:
    return path.stat().st_size // PAGE


def truncated_half(data: bytearray) -> bytearray:
    return data[: len(data) // 2]


def truncated_mid_page(data: bytearray) -> bytearray:
    return data[: len(data) - PAGE * 10 - 1234]


def garbage_header(data: bytearray) -> bytearray:
    data[:100] = random.Random(1).randbytes(100)
    return data


def zeroed_magic(data: bytearray) -> bytearray:
    data[:16] = bytes(16)
    return data


def flipped_middle_page(data: bytearray) -> bytearray:
    """Every bit of the middle page of the data flipped (a schema page is
    schema_page_damaged's case: the middle of the file moves as the schema grows)."""
    page = len(data) // PAGE // 2
    schema = _schema_pages(data)
    while page + 1 in schema:  # dbstat counts pages from 1
        page += 1
    for i in range(page * PAGE, (page + 1) * PAGE):
        data[i] ^= 0xFF
    return data


def _schema_pages(data: bytearray) -> set[int]:
    """The pages of sqlite_schema in ``data`` (empty where SQLite has no dbstat)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "copy.sqlite3"
        copy.write_bytes(bytes(data))
        conn = sqlite3.connect(copy)
        try:
            rows = conn.execute(
                "SELECT pageno FROM dbstat WHERE name IN ('sqlite_schema', 'sqlite_master')"
            ).fetchall()
        except sqlite3.Error:
            return set()
        finally:
            conn.close()
    return {row[0] for row in rows}


def garbage_pages(data: bytearray) -> bytearray:
    first = len(data) // PAGE // 3
    schema = _schema_pages(data)
    while schema & {first + 1, first + 2, first + 3}:  # not the schema (see above)
        first += 1
    start = PAGE * first
    data[start : start + 3 * PAGE] = random.Random(2).randbytes(3 * PAGE)
    return data


def zeroed_pages(data: bytearray) -> bytearray:
    start = PAGE * (len(data) // PAGE - 12)
    data[start : start + 4 * PAGE] = bytes(4 * PAGE)
    return data


def schema_page_damaged(data: bytearray) -> bytearray:
    for i in range(PAGE - 1200, PAGE):  # the cells of sqlite_master at the end of page 1
        data[i] ^= 0x5A
    return data


def emptied(data: bytearray) -> bytearray:
    return bytearray()


DAMAGED = [
    truncated_half,
    truncated_mid_page,
    garbage_header,
    zeroed_magic,
    flipped_middle_page,
    garbage_pages,
    zeroed_pages,
    schema_page_damaged,
    emptied,
]


@pytest.mark.parametrize("variant", DAMAGED, ids=lambda f: f.__name__)
def test_damaged_variant_is_detected_kept_restored_and_salvaged(variant, original, tmp_path):
    path = _copy(original, tmp_path)
    before = _ids(path)
    damaged = bytes(variant(bytearray(path.read_bytes())))
    path.write_bytes(damaged)

    report = check_database(path, quick=True)
    assert report.damaged, report
    assert report.message.startswith(f"{path} is damaged (")
    with pytest.raises(DatabaseDamaged):  # the command line refuses it the same way
        open_store(path).close()
    assert path.read_bytes() == damaged  # checking never changes the file

    asked = []
    opened = health.open_or_recover(
        path, lambda r, b: asked.append(b) or Recovery.BACKUP, NOW + timedelta(hours=1)
    )
    assert opened is not None and asked[0] is not None
    db = opened.db
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert {c.id for c in _companies(db)} >= before["companies"] - {f"late{n}" for n in range(40)}
    kept = path.with_name(f"{path.name}.corrupt-20261121-160000")
    assert kept.read_bytes() == damaged  # kept aside, byte for byte
    salvage_file = Path(f"{kept}.salvage.json")
    document = json.loads(salvage_file.read_text(encoding="utf-8"))
    salvaged = document["salvage"]["rows"]
    try:
        import_document(db, parse_document(document, str(salvage_file), known_ids(db)), NOW)
        how = "imported"
    except InterchangeError as exc:  # a salvaged row whose parent was destroyed
        how = f"not importable ({exc})"
    db.close()
    after = _ids(path)
    lost = sum(len(before[t] - after[t]) for t in TABLES)
    figures.CORRUPT_VARIANTS[variant.__name__] = (
        f"salvaged {salvaged} rows, salvage {how}, rows lost {lost}"
    )
    assert how == "imported"  # the salvage file always imports
    if variant in (garbage_header, zeroed_magic):
        assert lost == 0  # the header is rebuilt on a copy: every row is read back
    if variant not in (emptied, schema_page_damaged):  # no schema: SQLite can read nothing
        assert salvaged > 0


def _companies(db):
    from followup_desktop.store import queries

    return queries.list_companies(db)


def _uncheckpointed(original: Path, tmp_path: Path) -> tuple[Path, sqlite3.Connection]:
    """A copy with 25 more companies committed in its -wal only (the writer stays open)."""
    path = _copy(original, tmp_path)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    for n in range(25):
        writer.execute("INSERT INTO companies (id, name) VALUES (?, ?)", [f"wal{n}", "W"])
    assert Path(f"{path}-wal").stat().st_size > 0
    return path, writer


def test_missing_wal_is_not_damage(original, tmp_path):
    """Losing the -wal loses its uncheckpointed commits but never breaks the file (SQLite's
    design); the file opens sound with everything up to the last checkpoint."""
    path, writer = _uncheckpointed(original, tmp_path)
    lone = tmp_path / "lone"
    lone.mkdir()
    shutil.copyfile(path, lone / path.name)  # the main file without its -wal
    writer.close()
    report = check_database(lone / path.name, quick=True)
    assert report.ok, report
    db = open_store(lone / path.name)
    ids = {c.id for c in _companies(db)}
    assert "late0" in ids and "wal0" not in ids
    db.close()
    figures.CORRUPT_VARIANTS["missing_wal"] = (
        "opens sound; the 25 rows only in the -wal are gone (by design)"
    )


def test_garbage_wal_and_shm_are_ignored(original, tmp_path):
    path = _copy(original, tmp_path)
    Path(f"{path}-wal").write_bytes(os.urandom(PAGE * 3))
    Path(f"{path}-shm").write_bytes(os.urandom(32768))
    assert check_database(path, quick=True).ok
    db = open_store(path)
    assert len(_companies(db)) > 300
    db.close()
    figures.CORRUPT_VARIANTS["garbage_wal_and_shm"] = "ignored by SQLite; nothing lost"


def test_a_wal_left_by_a_crash_is_replayed(original, tmp_path):
    path, writer = _uncheckpointed(original, tmp_path)
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal"):  # what a power cut leaves: the file and its -wal
        shutil.copyfile(f"{path}{suffix}", crashed / f"{path.name}{suffix}")
    writer.close()
    assert check_database(crashed / path.name, quick=True).ok
    db = open_store(crashed / path.name)
    assert "wal24" in {c.id for c in _companies(db)}
    db.close()
