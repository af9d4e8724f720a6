"""Settings > Backups, the damaged-file dialog at start-up, the automatic backup timer, and the
settings form in a hostile environment (full disk, read-only, locked): one sentence, the typed
text stays on screen, nothing committed is lost."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop.app import run as app_module
from followup_desktop.core.model import Company
from followup_desktop.services.backup_service import BackupService, location_notice
from followup_desktop.store import backups, health, queries, writes
from followup_desktop.store import db as dbmod
from followup_desktop.store.health import Recovery
from followup_desktop.store.open import open_store
from followup_desktop.ui.settings.backups_panel import (
    BackupsPanel,
    damaged_file_box,
    size_text,
    when_text,
)
from tests.builders import NOW, add_acme


@pytest.fixture
def panel(qtbot, filled, now):
    for minutes in (0, 30, 60):
        backups.make_backup(filled, "auto", NOW + timedelta(minutes=minutes))
    widget = BackupsPanel(filled, lambda: NOW + timedelta(hours=2))
    qtbot.addWidget(widget)
    return widget


def rows(panel: BackupsPanel) -> list[list[str]]:
    return [
        [panel.list.topLevelItem(i).text(c) for c in range(3)]
        for i in range(panel.list.topLevelItemCount())
    ]


def test_panel_lists_backups_newest_first_with_time_why_and_size(panel, filled):
    assert rows(panel)[0][:2] == ["Sat 21 Nov 2026 16:00", "Automatic (data changed)"]
    assert [r[0] for r in rows(panel)] == [
        "Sat 21 Nov 2026 16:00",
        "Sat 21 Nov 2026 15:30",
        "Sat 21 Nov 2026 15:00",
    ]
    size = backups.list_backups(panel.folder)[0].size
    assert rows(panel)[0][2] == size_text(size) and size_text(size).endswith("KB")
    assert panel.list.currentItem() is panel.list.topLevelItem(0)  # one click less
    assert panel.restore_button.isEnabled()
    assert str(panel.folder) in panel.intro.text()
    assert panel.warning.isHidden()


def test_sizes_read_like_a_file_manager():
    assert [size_text(n) for n in (900, 150_000, 3_500_000)] == ["900 bytes", "146 KB", "3.3 MB"]


def test_restore_takes_two_clicks_and_backs_up_first(panel, filled, qtbot, monkeypatch):
    before = [c.name for c in queries.list_companies(filled)]
    writes.save_company(filled, Company("late", "Added later", "UTC"), NOW)
    asked = []
    monkeypatch.setattr(panel, "confirm", lambda info: asked.append(info) or True)
    panel.list.setCurrentItem(panel.list.topLevelItem(2))
    with qtbot.waitSignal(panel.restored) as signal:
        qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)  # click 1 (+ confirm)
    assert len(asked) == 1 and asked[0].created == NOW
    assert [c.name for c in queries.list_companies(filled)] == before
    assert "kept as before-restore-" in signal.args[0]
    safety = [b for b in backups.list_backups(panel.folder) if b.reason == "before-restore"]
    assert len(safety) == 1
    assert rows(panel)[0][1] == "Before a restore"  # listed at once, selected for an undo
    copy = sqlite3.connect(safety[0].path)
    assert copy.execute("SELECT name FROM companies WHERE id = 'late'").fetchone()
    copy.close()


def test_cancelled_confirmation_changes_nothing(panel, filled, monkeypatch):
    writes.save_company(filled, Company("late", "Added later", "UTC"), NOW)
    monkeypatch.setattr(panel, "confirm", lambda info: False)
    assert panel.restore_selected() is False
    assert "late" in {c.id for c in queries.list_companies(filled)}
    assert len(backups.list_backups(panel.folder)) == 3


def test_confirmation_defaults_to_cancel(panel, qtbot, monkeypatch):
    seen = {}

    def fake_exec(box):
        seen["default"] = box.defaultButton().text()
        seen["text"] = box.text()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert panel.confirm(backups.list_backups(panel.folder)[0]) is False
    assert "Cancel" in seen["default"]
    assert seen["text"] == "Restore the backup from Sat 21 Nov 2026 16:00?"


def test_back_up_now_and_the_policy_numbers(panel, filled):
    info = panel.backup_now()
    assert info.reason == "backup" and rows(panel)[0][1] == "Made by you"
    panel.keep_last.setValue(3)
    panel.daily_days.setValue(2)
    panel.weekly_weeks.setValue(0)
    assert backups.load_policy(filled) == backups.BackupPolicy(3, 2, 0)


def test_in_memory_database_shows_no_backups(qtbot, now):
    db = open_store(":memory:")
    widget = BackupsPanel(db, lambda: now)
    qtbot.addWidget(widget)
    assert not widget.restore_button.isEnabled() and not widget.backup_button.isEnabled()
    assert "memory" in widget.intro.text()
    db.close()


def test_settings_embeds_the_panel_and_a_restore_refreshes_the_window(
    filled, make_window, monkeypatch
):
    backups.make_backup(filled, "auto", NOW)
    writes.save_company(filled, Company("late", "Added later", "UTC"), NOW)
    window = make_window(filled)
    view = window.show_view("settings")
    assert isinstance(view.backups, BackupsPanel) and view.isAncestorOf(view.backups)
    monkeypatch.setattr(view.backups, "confirm", lambda info: True)
    window.show_view("pipeline")
    window.show_view("settings")
    view.backups.list.setCurrentItem(view.backups.list.topLevelItem(0))
    assert view.backups.restore_selected() is True
    assert "late" not in {c.id for c in queries.list_companies(filled)}
    assert window.statusBar().currentMessage().startswith("Restored the backup from")
    assert "pipeline" in window._stale  # every other view re-reads the store


# --- start-up: the damaged-file dialog and run_app -----------------------------------------------


def _report(path: Path) -> health.HealthReport:
    return health.HealthReport(
        path, health.Status.DAMAGED, "damaged", ("database disk image is malformed",)
    )


def test_damaged_file_dialog_offers_backup_empty_or_quit(qapp, db_path, filled):
    info = backups.make_backup(filled, "auto", NOW)
    box, buttons = damaged_file_box(_report(db_path), info, NOW)
    assert [b.text() for b in buttons] == ["Restore the backup", "Start empty", "Quit"]
    assert list(buttons.values()) == [Recovery.BACKUP, Recovery.EMPTY, None]
    assert box.defaultButton().text() == "Restore the backup"
    # in the computer's zone, whichever it is (21 or 22 Nov in some zones)
    assert "damaged" in box.text() and f"{when_text(NOW)}</b> (just now)" in box.informativeText()
    assert "Nothing is deleted" in box.informativeText()
    assert "database disk image is malformed" in box.detailedText()
    box.deleteLater()
    box, buttons = damaged_file_box(_report(db_path), None, NOW)
    assert [b.text() for b in buttons] == ["Start empty", "Quit"]
    assert "No good backup" in box.informativeText()
    box.deleteLater()


def _damage(path: Path) -> bytes:
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 20, 4096 * 21):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.fixture
def no_modal_boxes(monkeypatch):
    """Any message box run_app would show is recorded instead (a failure never hangs)."""
    shown: list[str] = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda parent, title, text, *a: shown.append(text))
    return shown


@pytest.fixture
def damaged_app_db(tmp_path):
    path = tmp_path / "followup.sqlite3"
    db = open_store(path)
    add_acme(db, NOW)
    for n in range(200):
        writes.save_company(db, Company(f"c{n:03}", f"C{n}", "UTC", notes="n" * 300), NOW)
    backups.make_backup(db, "auto", NOW)
    db.close()
    return path, _damage(path)


def test_run_app_recovers_a_damaged_file_from_the_backup(
    damaged_app_db, monkeypatch, qapp, no_modal_boxes
):
    path, damaged = damaged_app_db
    told, titles = [], []
    monkeypatch.setattr(app_module, "_ask_recovery", lambda report, backup: Recovery.BACKUP)
    monkeypatch.setattr(app_module, "_tell", lambda window, text, **_: told.append(text))

    def fake_exec(*_):
        QApplication.processEvents()  # the notice is shown once the loop runs
        for window in QApplication.topLevelWidgets():
            if window.isVisible():
                titles.append(window.windowTitle())
                window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert app_module.run_app(path, demo=False) == 0
    assert "Follow-up Desktop" in titles
    assert told and told[0].startswith("Your data was restored from the backup of")
    assert "File > Import brings back what changed after the backup" in told[0]
    assert no_modal_boxes == []
    kept = list(path.parent.glob("followup.sqlite3.corrupt-*[0-9]"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    db = open_store(path)
    assert queries.get_company(db, "acme") is not None
    db.close()


def test_run_app_quit_from_the_dialog_leaves_the_file(
    damaged_app_db, monkeypatch, qapp, no_modal_boxes
):
    path, damaged = damaged_app_db
    monkeypatch.setattr(app_module, "_ask_recovery", lambda report, backup: None)
    assert app_module.run_app(path, demo=False) == 1
    assert path.read_bytes() == damaged


# --- the automatic backup timer ------------------------------------------------------------------


def test_service_backs_up_at_start_then_only_when_data_changed(qtbot, db, db_path):
    add_acme(db, NOW)
    clock = [NOW]
    service = BackupService(db, lambda: clock[0], interval_ms=60_000)
    first = service.start()
    assert first is not None and first.reason == "startup"
    assert service.timer.isActive() and service.timer.interval() == 60_000
    clock[0] += timedelta(minutes=30)
    assert service.tick() is None  # nothing written since
    writes.set_setting(db, "x", "1")
    with qtbot.waitSignal(service.made):
        made = service.tick()
    assert made is not None and made.reason == "auto"
    clock[0] += timedelta(minutes=30)
    assert service.tick() is None
    service.stop()
    again = BackupService(db, lambda: clock[0] + timedelta(hours=1))
    assert again.start() is None  # a restart without changes adds no copy
    again.stop()
    assert [b.reason for b in backups.list_backups(db_path.parent / "backups")] == [
        "auto",
        "startup",
    ]


def test_service_reports_damage_and_failures(qtbot, db, monkeypatch):
    service = BackupService(db, lambda: NOW)

    def damaged(*_args, **_kwargs):
        raise dbmod.DatabaseDamaged("The database x is damaged (malformed).", ["malformed"])

    monkeypatch.setattr(backups, "make_backup", damaged)
    with qtbot.waitSignal(service.damaged) as signal:
        assert service.backup_now() is None
    assert "damaged" in signal.args[0]

    def full(*_args, **_kwargs):
        raise dbmod.StoreError("The disk holding x is full; free some space and try again.")

    monkeypatch.setattr(backups, "make_backup", full)
    with qtbot.waitSignal(service.message) as signal:
        service.backup_now()
    assert signal.args[0] == (
        "Automatic backup failed: The disk holding x is full; free some space and try again."
    )


def test_location_warning_is_shown_once_per_place(tmp_path):
    path = tmp_path / "Dropbox" / "followup.sqlite3"
    db = open_store(path)
    first = location_notice(db)
    assert first and "Dropbox" in first
    assert location_notice(db) is None
    db.close()


# --- hostile environment: the settings form keeps what was typed --------------------------------


@pytest.fixture
def settings_view(qtbot, now):
    def build(db):
        from followup_desktop.ui.settings.settings_view import SettingsView

        view = SettingsView(db, lambda: now)
        qtbot.addWidget(view)
        view.refresh()
        return view

    return build


def _type_and_save(view, errors, name: str) -> str:
    view.name.setText(name)
    view._edited()
    assert view.save() is None  # guarded: the error became a message
    assert view.name.text() == name and view.dirty  # the typing is still on screen
    assert len(errors) == 1
    return errors[0]


def test_full_disk_keeps_the_typed_text(settings_view, filled, errors, db_path):
    view = settings_view(filled)
    pages = filled.execute("PRAGMA page_count").fetchone()[0]
    filled.execute(f"PRAGMA max_page_count = {pages}")
    message = _type_and_save(view, errors, "Alex " + "M" * 30_000)  # QLineEdit max 32767
    assert message == f"The disk holding {db_path} is full; free some space and try again."
    assert queries.get_profile(filled).name == ""  # nothing half-saved
    filled.execute(f"PRAGMA max_page_count = {pages * 100}")
    errors.clear()
    assert view.save() is True  # once there is room, the same click saves it
    assert queries.get_profile(filled).name.startswith("Alex M")


def test_locked_database_keeps_the_typed_text(settings_view, filled, errors, db_path, monkeypatch):
    view = settings_view(filled)
    filled.execute("PRAGMA busy_timeout = 100")
    locker = sqlite3.connect(db_path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        message = _type_and_save(view, errors, "Alex Morgan")
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert message == (
        f"The database {db_path} is locked by another program; close it and try again."
    )
    assert view.save() is True and queries.get_profile(filled).name == "Alex Morgan"


@pytest.fixture
def read_only_db(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], capture_output=True
        ).returncode
        == 0
    )
    if not mounted:
        pytest.skip("cannot mount a read-only file system here")
    path = folder / "followup.sqlite3"
    db = open_store(path)
    add_acme(db, NOW)
    db.close()
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    db = open_store(path)
    yield db, path
    db.close()
    subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting needs root")
def test_read_only_database_keeps_the_typed_text(settings_view, read_only_db, errors, qtbot):
    db, path = read_only_db
    view = settings_view(db)
    message = _type_and_save(view, errors, "Alex Morgan")
    assert message == f"The database {path} is read-only; changes cannot be saved."
    assert queries.get_company(db, "acme") is not None  # everything committed is still there
    assert not view.backups.backup_button.isEnabled()  # no backup of what cannot change
    service = BackupService(db, lambda: NOW)
    assert service.start() is None
