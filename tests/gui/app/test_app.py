"""The composition root: run_app opens the window, or explains in one sentence why not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop.app import run as app_module

REPO = Path(__file__).resolve().parents[3]

#: The real start path in a child; ``exec`` notes what is loaded when the first frame is
#: painted, then runs the loop until the services are up (or 5 s pass).
FIRST_FRAME = """\
import gc, json, sys, time
from PySide6.QtCore import QElapsedTimer
from PySide6.QtWidgets import QApplication

def exec_once(self):
    QApplication.processEvents()
    window = next(w for w in QApplication.topLevelWidgets() if w.isVisible())
    loaded = [m for m in HEAVY if m in sys.modules]
    def running(kind):
        return any(type(part).__name__ == kind for part in window.running)

    early = running("ReminderParts")
    collecting_early = gc.isenabled()
    clock = QElapsedTimer(); clock.start()
    while not running("ReminderParts") and clock.elapsed() < 5000:
        QApplication.processEvents()
    print(json.dumps({"loaded": loaded, "early": early,
                      "started": running("ReminderParts"),
                      "backups": running("BackupService"),
                      "collecting": [collecting_early, gc.isenabled()]}), flush=True)
    window.close()
    return 0

HEAVY = ("sqlite_utils", "jinja2", "holidays", "icalendar", "PySide6.QtNetwork", "jeepney")
QApplication.exec = exec_once
from followup_desktop.cli.main import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def test_run_app_shows_a_store_error_as_one_sentence_and_exits_1(tmp_path, monkeypatch, qapp):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert app_module.run_app(folder, demo=False) == 1
    assert shown == [f"The database path {folder} is a folder, not a file."]


def test_run_app_opens_the_window_on_the_database(tmp_path, monkeypatch, qapp):
    windows = []

    def fake_exec(self):
        windows.extend(w for w in QApplication.topLevelWidgets() if w.isVisible())
        for window in windows:
            window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    path = tmp_path / "new.sqlite3"
    assert app_module.run_app(path, demo=False) == 0
    assert path.exists()
    titles = [w.windowTitle() for w in windows]
    assert "Follow-up Desktop" in titles
    assert QApplication.applicationName() == "followup-desktop"
    assert not QApplication.windowIcon().isNull()


def test_run_app_demo_fills_an_empty_database(tmp_path, monkeypatch, qapp):
    from followup_desktop.store import queries
    from followup_desktop.store.open import open_store

    seen = []

    def fake_exec(self):
        for window in QApplication.topLevelWidgets():
            if window.isVisible():
                seen.append(window.windowTitle())
                window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    path = tmp_path / "demo.sqlite3"
    assert app_module.run_app(path, demo=True) == 0
    assert any("demo data" in title.lower() for title in seen)  # the title says so
    db = open_store(path)
    try:
        assert queries.list_applications(db)
    finally:
        db.close()


def test_pyside6_scans_only_the_modules_imported_after_it():
    """PySide6 reads the source of each module imported after it; app/pyside_first_import.py
    tells it up front that the modules loaded before it do not use it (~5% of the start-up)."""
    code = (
        "import sys\n"
        "import followup_desktop.app.run\n"
        "from followup_desktop.ui.common.view import View\n"
        "known = sys.modules['shibokensupport.feature'].pyside_feature_dict\n"
        "print(known.get('followup_desktop.store.queries'))\n"
        "print(known.get('followup_desktop.ui.common.view'))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr[-800:]
    assert out.stdout.split() == ["-1", "0"]  # not using PySide6 / scanned: uses it


def test_none_keeps_its_references_through_many_qt_calls():
    """PySide6 6.12.0 on Python 3.11 drops a reference to None on every void call and aborts the
    interpreter after enough of them; pyproject pins below it. Run in a child so a regression
    fails this test instead of killing the whole run."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\n"
        "label = QLabel()\n"
        "before = sys.getrefcount(None)\n"
        "for _ in range(30_000): label.setText('x')\n"
        "print(before - sys.getrefcount(None))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr[-500:]
    assert abs(int(out.stdout.strip().splitlines()[-1])) < 100


def test_first_frame_loads_nothing_it_does_not_show_and_services_follow(tmp_path):
    """Start-up budget (issue 2): the window's first frame needs neither sqlite-utils, the
    template engine, holidays, D-Bus nor the single-instance server, and the garbage collector
    waits; reminders, backups and the collector start right after it is painted."""
    from followup_desktop.store.demo import fill_demo
    from followup_desktop.store.open import open_store

    path = tmp_path / "jobs.sqlite3"
    db = open_store(path)
    fill_demo(db, app_module.now_utc())
    db.close()
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_RUNTIME_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {
        "loaded": [],
        "early": False,
        "started": True,
        "backups": True,
        "collecting": [False, True],
    }


def _run_and_collect_setups(monkeypatch, path, **kwargs) -> tuple[int, list[str]]:
    """Run the app until its services are up (or 5 s pass); the titles of the first-run
    setups shown by then."""
    from PySide6.QtCore import QElapsedTimer

    from followup_desktop.ui.first_run.setup_dialog import SetupDialog
    from followup_desktop.ui.shell.main_window import MainWindow

    seen: list[str] = []

    def started() -> bool:
        windows = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and (w.isVisible() or w.isMinimized())
        ]
        return any(type(part).__name__ == "ReminderParts" for w in windows for part in w.running)

    def fake_exec(self):
        clock = QElapsedTimer()
        clock.start()
        while not started() and clock.elapsed() < 5000:
            QApplication.processEvents()
        QApplication.processEvents()
        seen.extend(
            w.windowTitle()
            for w in QApplication.topLevelWidgets()
            if isinstance(w, SetupDialog) and w.isVisible()
        )
        for w in QApplication.topLevelWidgets():
            if w.isVisible() or w.isMinimized():  # this run's (other tests' windows are gone)
                w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    return app_module.run_app(path, **kwargs), seen


def test_a_new_file_gets_the_setup_after_the_first_paint(tmp_path, monkeypatch, qapp):
    code, seen = _run_and_collect_setups(monkeypatch, tmp_path / "new.sqlite3", demo=False)
    assert code == 0
    assert seen == ["Set up Follow-up Desktop"]


def test_no_setup_for_a_used_file_the_demo_or_a_minimized_start(tmp_path, monkeypatch, qapp):
    from followup_desktop.store.open import open_store
    from tests.builders import NOW, add_acme

    used = tmp_path / "used.sqlite3"
    db = open_store(used)
    add_acme(db, NOW)
    db.close()
    assert _run_and_collect_setups(monkeypatch, used, demo=False) == (0, [])
    assert _run_and_collect_setups(monkeypatch, tmp_path / "demo.sqlite3", demo=True) == (0, [])
    minimized = tmp_path / "autostart.sqlite3"
    assert _run_and_collect_setups(monkeypatch, minimized, demo=False, minimized=True) == (0, [])


def test_the_demo_starts_as_a_process_of_its_own(monkeypatch, make_window, db):
    from PySide6.QtCore import QProcess

    from followup_desktop.app import desktop_entry

    started: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(desktop_entry, "launcher", lambda: ["/opt/fd/followup-desktop"])
    monkeypatch.setattr(
        QProcess,
        "startDetached",
        lambda program, args: started.append((program, args)) or (True, 1),
    )
    window = make_window(db)
    assert app_module.start_demo(window) is True
    assert started == [("/opt/fd/followup-desktop", ["--demo"])]
    assert "temporary file" in window.statusBar().currentMessage()
