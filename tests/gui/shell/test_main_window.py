"""The main window: navigation, shortcuts, status bar, remembered state, file actions."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from followup_desktop import __version__
from followup_desktop.store import queries
from followup_desktop.ui.shell.main_window import VIEW_KEYS
from tests.builders import NOW


def test_window_opens_on_today_and_builds_views_lazily(db, make_window):
    window = make_window(db)
    window.show()
    assert window.windowTitle() == "Follow-up Desktop"
    assert window.current_key() == "today"  # a new database opens on the home screen
    assert VIEW_KEYS[0] == "today"
    assert set(window._views) == {"today"}  # the rest are built on first show
    assert window.stack.currentWidget() is window.view("today")


def test_the_title_names_the_app_once(db, make_window, qapp):
    """Qt adds the app's name to a title that does not end with it: the demo's title ends with
    it, so the name is not said twice; the view's name is in its heading, not in the title."""
    from followup_desktop.app.run import build_main_window
    from tests.builders import NOW

    demo = build_main_window(db, lambda: NOW, demo=True)
    try:
        assert demo.windowTitle() == "Demo data — Follow-up Desktop"
        for window in (demo, make_window(db)):
            title = window.windowTitle()
            assert title.endswith(qapp.applicationDisplayName())
            assert title.count("Follow-up Desktop") == 1
    finally:
        demo.deleteLater()


def test_navigation_list_switches_views(db, make_window, qtbot):
    window = make_window(db)
    window.show()
    qtbot.waitExposed(window)
    for row, key in enumerate(VIEW_KEYS):
        window.nav.setCurrentRow(row)
        assert window.stack.currentWidget() is window.view(key)
    window.nav.setFocus()
    window.nav.setCurrentRow(0)
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_key() == "pipeline"
    qtbot.keyClick(window.nav, Qt.Key.Key_Up)
    assert window.current_key() == "today"


@pytest.mark.parametrize(("number", "key"), list(enumerate(VIEW_KEYS[:10], start=1)))  # 10: Ctrl+0
def test_ctrl_number_shortcuts_switch_views(db, make_window, qtbot, number, key):
    window = make_window(db)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts only reach the active window
    window.nav.setFocus()
    qtbot.keyClick(
        window.nav, getattr(Qt.Key, f"Key_{number % 10}"), Qt.KeyboardModifier.ControlModifier
    )
    assert window.current_key() == key
    assert window.stack.currentWidget() is window.view(key)


def test_ctrl_shift_o_shows_the_outbox(db, make_window, qtbot):
    window = make_window(db)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.nav.setFocus()
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.nav, Qt.Key.Key_O, modifiers)
    assert window.current_key() == "outbox"


def test_status_bar_counts_due_today_and_overdue(filled, make_window):
    window = make_window(filled)
    # Profile zone UTC; now is Saturday 21 Nov 15:00: the thank-you (Fri 20 Nov) is overdue.
    assert window.counts.text() == "0 due today · 1 overdue"
    assert window.due_counts() == (0, 1)


def test_geometry_and_last_view_are_remembered_on_the_same_database(db, make_window, qtbot):
    first = make_window(db)
    first.show()
    qtbot.waitExposed(first)
    first.resize(780, 520)  # the offscreen screen is 800x600
    first.show_view("calendar")
    QApplication.processEvents()
    first.close()
    assert queries.get_setting(db, "window/view") == "calendar"
    assert queries.get_setting(db, "window/geometry")

    second = make_window(db)
    second.show()
    qtbot.waitExposed(second)
    assert (second.width(), second.height()) == (780, 520)
    assert second.current_key() == "calendar"
    assert second.stack.currentWidget() is second.view("calendar")


def test_the_first_size_fits_the_screen_a_1366x768_laptop_included(db, make_window, qtbot):
    from PySide6.QtCore import QRect, QSize

    from followup_desktop.ui.shell.main_window import DEFAULT_SIZE, default_geometry

    minimum = QSize(760, 480)
    laptop = QRect(0, 0, 1366, 738)  # 1366x768 less a 30-pixel panel
    first = default_geometry(laptop, minimum)
    assert laptop.contains(first) and first.height() <= 738 - 40  # room for the title bar
    assert first.center() == laptop.center()
    assert default_geometry(QRect(0, 0, 1920, 1050), minimum).size() == DEFAULT_SIZE
    assert default_geometry(QRect(0, 0, 640, 400), minimum).size() == minimum  # never less
    window = make_window(db)  # the offscreen screen is 800x600: the window fits it
    window.show()
    qtbot.waitExposed(window)
    available = window.screen().availableGeometry()
    assert window.width() <= available.width() and window.height() <= available.height()
    assert window.frameGeometry().top() >= available.top()


def test_a_damaged_saved_geometry_falls_back_to_the_default_size(db, make_window):
    from followup_desktop.store.writes import set_setting

    set_setting(db, "window/geometry", "not base64 at all!")
    set_setting(db, "window/view", "no-such-view")
    window = make_window(db)
    assert window.current_key() == "today"
    assert window.width() >= 760


def test_a_view_change_refreshes_counts_and_marks_other_views_stale(db, make_window, now):
    from tests.builders import add_acme

    window = make_window(db)
    pipeline = window.show_view("pipeline")
    today = window.view("today")
    assert pipeline.visible_applications() == []
    add_acme(db, now)
    window.data_changed()
    assert pipeline.visible_applications() == ["acme-be"]  # shown: re-read at once
    assert window.counts.text() == "0 due today · 1 overdue"
    assert "today" in window._stale and today.model.rows.count("overdue") == 0
    window.show_view("today")  # re-read when shown
    assert today.model.rows.count("overdue") == 1 and "today" not in window._stale


def test_import_merges_a_file_and_refreshes_the_views(db, make_window):
    window = make_window(db)
    window.view("calendar")
    sample = Path(__file__).parents[2] / "fixtures" / "sample.json"
    window.import_path(sample)
    assert "Imported" in window.statusBar().currentMessage()
    assert window.view("pipeline").visible_applications() == ["acme-be"]
    window.show_view("calendar")
    assert window.view("calendar").marked_days()


def test_a_bad_import_shows_one_sentence_and_changes_nothing(
    db, make_window, tmp_path, errors, monkeypatch
):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "followup-desktop", "version": 1, "companies": [{"name": "X"}]}')
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getOpenFileName",
        lambda *args: (str(bad), "Follow-up Desktop files (*.json)"),
    )
    window = make_window(db)
    window.menuBar().actions()[0].menu().actions()[0].trigger()  # File > Import…
    assert len(errors) == 1
    assert "bad.json" in errors[0]
    assert queries.list_companies(db) == []


def test_backup_writes_a_copy_into_the_chosen_folder(filled, make_window, tmp_path):
    window = make_window(filled)
    dest = window.backup_into(tmp_path / "copies")
    assert dest.parent == tmp_path / "copies"
    assert dest.name.startswith("backup-20261121-150000")
    from followup_desktop.store.open import open_store

    copy = open_store(dest)
    try:
        assert [a.id for a in queries.list_applications(copy)] == ["acme-be", "globex-pm"]
    finally:
        copy.close()


def test_export_by_extension_through_the_menu(filled, make_window, tmp_path, errors, monkeypatch):
    import json

    from followup_desktop.ui.common import filing

    chosen = {}
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName",
        lambda *args, **kwargs: chosen["answer"],
    )
    window = make_window(filled)
    chosen["answer"] = (str(tmp_path / "all.json"), "Interchange file (*.json)")
    window.export_file()
    assert json.loads((tmp_path / "all.json").read_text())["format"] == "followup-desktop"
    assert window.statusBar().currentMessage() == f"Exported to {tmp_path / 'all.json'}."
    chosen["answer"] = (str(tmp_path / "log"), "Communication log (*.csv)")  # a bare name
    window.export_file()
    assert (tmp_path / "log.csv").exists()
    assert errors == []
    with pytest.raises(filing.FilingError, match=r"unknown export type"):
        filing.export_path(filled, tmp_path / "out.txt", NOW)


def test_about_box_names_version_purpose_and_data_file(db, db_path, make_window):
    box = make_window(db).about_box()
    text = box.text()
    assert __version__ in text
    assert "follow-ups after job interviews" in text
    assert str(db_path) in text
    box.deleteLater()


def test_menus_have_the_file_actions_with_shortcuts(db, make_window):
    window = make_window(db)
    texts = {a.text().replace("&", ""): a.shortcut().toString() for a in window.actions()}
    assert texts["Quit"] == "Ctrl+Q"
    assert {"Import…", "Export…", "Backup…", "About Follow-up Desktop"} <= set(texts)
    assert [
        texts[t] for t in ("Today", "Pipeline", "Interviews", "Calendar", "Templates", "Settings")
    ] == [f"Ctrl+{n}" for n in range(1, 7)]


def test_the_minute_timer_moves_today_at_midnight(filled, qtbot, now):
    from datetime import timedelta

    from followup_desktop.app.run import build_main_window

    clock = {"now": now}
    window = build_main_window(filled, lambda: clock["now"])
    qtbot.addWidget(window)
    assert window.timer.interval() == 60_000 and window.timer.isActive()
    calendar = window.view("calendar")
    window.show_view("pipeline")
    assert window.counts.text() == "0 due today · 1 overdue"
    clock["now"] = now - timedelta(days=1)  # Friday 20 Nov: the thank-you is due that day
    window._tick()
    assert window.counts.text() == "1 due today · 0 overdue"
    assert "calendar" in window._stale  # re-read when shown, with the new "today"
    window.show_view("calendar")
    assert calendar.marked_days()[0] == calendar._today


def test_a_failing_refresh_is_reported_not_raised(filled, make_window, monkeypatch):
    window = make_window(filled)
    pipeline = window.show_view("pipeline")

    def broken():
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pipeline, "refresh", broken)
    window.data_changed()
    assert "disk on fire" in window.statusBar().currentMessage()


def test_calendar_export_through_both_menus(filled, make_window, tmp_path, errors, monkeypatch):
    import vobject

    answers = iter(
        [(str(tmp_path / "plan.ics"), "Calendar (*.ics)"), (str(tmp_path / "again"), "")]
    )
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName",
        lambda *args, **kwargs: next(answers),
    )
    window = make_window(filled)
    window.export_file()  # File > Export… with the calendar filter
    window.export_calendar()  # File > Export calendar…, a bare name gets .ics
    assert errors == []
    for name in ("plan.ics", "again.ics"):
        parsed = vobject.readOne((tmp_path / name).read_text(encoding="utf-8"))
        uids = {event.uid.value for event in parsed.vevent_list}
        assert "acme-be-1/thank_you/dana@followup-desktop" in uids
    assert window.statusBar().currentMessage() == f"Exported to {tmp_path / 'again.ics'}."
    stamp = vobject.readOne((tmp_path / "again.ics").read_text(encoding="utf-8"))
    assert stamp.vevent_list[0].dtstamp.value.isoformat() == "2026-11-21T15:00:00+00:00"
