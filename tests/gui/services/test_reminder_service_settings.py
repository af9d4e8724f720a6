"""Settings > Reminders: quiet hours, heads-up and the start-with-session box apply at once."""

from __future__ import annotations

import os
from datetime import time
from pathlib import Path

from PySide6.QtCore import QTime

from followup_desktop.core.reminders import QuietHours, Shift
from followup_desktop.store import reminder_state


def panel_of(make_window, db):
    window = make_window(db)
    return window.view("settings").reminders


def test_the_panel_shows_the_stored_settings(make_window, filled):
    panel = panel_of(make_window, filled)
    assert panel.quiet.isChecked()
    assert (panel.quiet_start.time(), panel.quiet_end.time()) == (QTime(22, 0), QTime(7, 0))
    assert panel.heads_up.value() == 0 and panel.heads_up.text() == "Off"
    assert not panel.autostart.isChecked()
    assert panel.notifier.text() == "Reminders are not running in this window."


def test_changes_are_saved_as_they_are_made(make_window, filled):
    panel = panel_of(make_window, filled)
    panel.heads_up.setValue(15)
    panel.quiet_start.setTime(QTime(23, 0))
    panel.shift.setCurrentIndex(panel.shift.findData("before"))
    prefs = reminder_state.load_prefs(filled)
    assert prefs.heads_up_minutes == 15
    assert prefs.quiet == QuietHours(time(23, 0), time(7, 0), Shift.BEFORE)
    assert panel.result.text() == "Saved; reminders follow the new settings."
    panel.quiet.setChecked(False)
    assert reminder_state.load_prefs(filled).quiet is None
    assert not panel.quiet_start.isEnabled() and not panel.shift.isEnabled()
    panel.quiet.setChecked(True)
    assert reminder_state.load_prefs(filled).quiet == QuietHours(
        time(23, 0), time(7, 0), Shift.BEFORE
    )


def test_start_with_the_session_installs_and_removes_the_autostart_entry(make_window, filled):
    panel = panel_of(make_window, filled)
    entry = Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / "followup-desktop.desktop"
    panel.autostart.setChecked(True)
    text = entry.read_text(encoding="utf-8")
    assert "--minimized" in text and "--db" in text  # a test database is not the default one
    assert panel.result.text().startswith("Starts with your session (")
    panel.load()
    assert panel.autostart.isChecked()
    panel.autostart.setChecked(False)
    assert not entry.exists()
    assert panel.result.text() == "No longer starts with the session."
