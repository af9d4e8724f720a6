"""One running app per database: a second process hands over and exits; a crash leaves nothing
that blocks the next start. Real processes (the other side runs offscreen in a child)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from followup_desktop.services.single_instance import SingleInstance, instance_key, runtime_dir

REPO = Path(__file__).resolve().parents[3]
CHILD = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from followup_desktop.services.single_instance import SingleInstance

    app = QApplication([])
    key, folder, mode = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    instance = SingleInstance(key, folder)
    primary = instance.claim(timeout_ms=3000)
    print("primary" if primary else "secondary", flush=True)
    if mode == "crash":
        os._exit(9)  # no clean-up: the lock file and the socket stay behind
    if primary and mode == "serve":
        instance.activated.connect(lambda: (print("activated", flush=True), app.quit()))
        QTimer.singleShot(20000, lambda: app.exit(3))
        code = app.exec()
        instance.close()
        sys.exit(code)
    """
)


def spawn(key: str, folder: Path, mode: str) -> subprocess.Popen:
    env = {"PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, key, str(folder), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "run"
    path.mkdir(mode=0o700)
    return path


def test_the_key_is_per_database_and_the_folder_is_the_runtime_dir(tmp_path, monkeypatch):
    one, other = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    assert instance_key(one) == instance_key(tmp_path / "." / "a.sqlite3")
    assert instance_key(one) != instance_key(other)
    assert instance_key(one).startswith("followup-desktop-")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert runtime_dir() == tmp_path
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "missing"))
    assert runtime_dir() != tmp_path / "missing"


@pytest.mark.slow
def test_a_second_process_hands_over_and_exits(qtbot, folder):
    first = SingleInstance("fud-test", folder)
    assert first.claim()
    try:
        child = spawn("fud-test", folder, "secondary")
        with qtbot.waitSignal(first.activated, timeout=10000):
            pass
        out, err = child.communicate(timeout=10)
        assert child.returncode == 0, err
        assert out.split() == ["secondary"]
    finally:
        first.close()


@pytest.mark.slow
def test_this_process_hands_over_to_a_running_one(folder):
    child = spawn("fud-test", folder, "serve")
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "primary"
        second = SingleInstance("fud-test", folder)
        assert second.claim() is False
        out, err = child.communicate(timeout=10)
        assert out.split() == ["activated"] and child.returncode == 0, err
    finally:
        child.kill()
        child.wait()


@pytest.mark.slow
def test_a_crash_leaves_a_stale_lock_and_socket_that_never_block(folder):
    child = spawn("fud-test", folder, "crash")
    out, _ = child.communicate(timeout=20)
    assert out.split() == ["primary"] and child.returncode == 9
    assert (folder / "fud-test.lock").exists() and (folder / "fud-test.sock").exists()
    started = time.monotonic()
    again = SingleInstance("fud-test", folder)
    try:
        assert again.claim()
        assert time.monotonic() - started < 2
        assert again.server is not None and again.server.isListening()
    finally:
        again.close()
    assert not (folder / "fud-test.lock").exists()
