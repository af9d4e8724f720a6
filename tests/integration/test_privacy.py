"""Privacy: the database, its -wal/-shm, backups, exports and salvage files are created readable
by the user only (0600, folders 0700) whatever the umask; and nothing in the app opens a network
socket (only local AF_UNIX sockets are allowed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop.store import backups, health
from followup_desktop.store.exports import export_to
from followup_desktop.store.open import open_store
from tests.builders import NOW, add_searchable_interview

REPO = Path(__file__).resolve().parents[2]


def mode(path: Path) -> str:
    return oct(path.stat().st_mode & 0o777)


@pytest.fixture
def open_umask():
    """The most permissive umask: any privacy must come from the code, not the environment."""
    previous = os.umask(0)
    yield
    os.umask(previous)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_everything_the_app_writes_is_owner_only(tmp_path, open_umask):
    from followup_desktop.paths import user_data_dir

    assert mode(user_data_dir()) == "0o700"
    path = tmp_path / "new" / "folder" / "followup.sqlite3"
    db = open_store(path)
    add_searchable_interview(db)
    assert mode(path.parent) == "0o700"
    for suffix in ("", "-wal", "-shm"):
        assert mode(Path(f"{path}{suffix}")) == "0o600", suffix
    info = backups.make_backup(db, "startup", NOW)
    assert mode(info.path.parent) == "0o700" and mode(info.path) == "0o600"
    for name in ("all.json", "log.csv", "calendar.ics"):
        export_to(db, tmp_path / "exports" / name, now=NOW)
        assert mode(tmp_path / "exports" / name) == "0o600", name
    db.close()
    moved = health.quarantine(path, NOW)
    assert mode(moved.moved_to) == "0o600"
    assert moved.salvage_file is not None and mode(moved.salvage_file) == "0o600"


# --- no network ---------------------------------------------------------------------------------

GUARD = r"""
import json, os, socket, sys
ATTEMPTS = []

class GuardedSocket(socket.socket):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None and family not in (socket.AF_UNIX, getattr(socket, "AF_NETLINK", -9)):
            ATTEMPTS.append(f"socket(family={family})")
            raise OSError("network access is not allowed in this test")
        super().__init__(family, type, proto, fileno)

def refuse(name):
    def call(*args, **kwargs):
        ATTEMPTS.append(f"{name}{args[:1]}")
        raise OSError("network access is not allowed in this test")
    return call

socket.socket = GuardedSocket
socket.SocketType = GuardedSocket
for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex",
             "create_server"):
    setattr(socket, name, refuse(name))

def inet_sockets():
    # Sockets opened below Python (Qt, C libraries) are found among this process's file
    # descriptors; the kernel says each one's family (even one never bound or connected).
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            if not os.readlink(f"/proc/self/fd/{fd}").startswith("socket:"):
                continue
            probe = socket.socket(fileno=os.dup(int(fd)))
        except OSError:
            continue
        if probe.family not in (socket.AF_UNIX, getattr(socket, "AF_NETLINK", -9)):
            found.append(f"{probe.family.name} socket")
        probe.close()
    return found

LEAKS = []
def step(name, call):
    try:
        result = call()
    except SystemExit as exc:
        result = exc.code
    except Exception as exc:
        result = f"{type(exc).__name__}: {exc}"
    LEAKS.extend(f"{name}: {s}" for s in inet_sockets())
    return result
"""

SCENARIO = r"""
import tempfile
from pathlib import Path
from followup_desktop.cli import main as cli
work = Path(sys.argv[1])
db = str(work / "mine.sqlite3")
codes = {}
codes["self-test"] = step("self-test", lambda: cli.main(["--demo", "self-test"]))
codes["import"] = step("import", lambda: cli.main(["--db", db, "import", sys.argv[2]]))
for name in ("out.json", "out.csv", "out.ics"):
    codes[name] = step(name, lambda: cli.main(["--db", db, "export", str(work / name)]))
codes["agenda"] = step("agenda", lambda: cli.main(["--db", db, "agenda", "--all"]))
codes["backup"] = step("backup", lambda: cli.main(["--db", db, "backup"]))
codes["check"] = step("check", lambda: cli.main(["--db", db, "check"]))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from followup_desktop.app.run import run_app

def briefly(*_):
    QTimer.singleShot(800, QApplication.quit)  # the window, its timers, the start-up backup
    return QApplication.exec_original()

QApplication.exec_original = QApplication.exec
QApplication.exec = briefly
codes["window"] = step("window", lambda: run_app(Path(db), demo=False))
print(json.dumps({"attempts": ATTEMPTS, "leaks": LEAKS, "codes": codes}))
"""


def _run_guarded(tmp_path: Path, scenario: str, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", GUARD + scenario, str(tmp_path), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc (Linux)")
def test_the_app_opens_no_network_socket(tmp_path):
    sample = REPO / "tests" / "fixtures" / "sample.json"
    report = _run_guarded(tmp_path, SCENARIO, str(sample))
    assert report["attempts"] == [] and report["leaks"] == []
    assert report["codes"] == {
        "self-test": 0,
        "import": 0,
        "out.json": 0,
        "out.csv": 0,
        "out.ics": 0,
        "agenda": 0,
        "backup": 0,
        "check": 0,
        "window": 0,
    }


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc (Linux)")
def test_the_guard_does_catch_a_connection(tmp_path):
    """The same guard, proven to see an attempt (otherwise the test above proves nothing)."""
    scenario = (
        "import socket\n"
        "step('py', lambda: socket.create_connection(('127.0.0.1', 9), timeout=0.1))\n"
        "import ctypes, ctypes.util\n"
        "libc = ctypes.CDLL(ctypes.util.find_library('c'))\n"
        "fd = libc.socket(2, 2, 0)  # AF_INET, SOCK_DGRAM, below Python\n"
        "step('c', lambda: None)\n"
        "print(json.dumps({'attempts': ATTEMPTS, 'leaks': LEAKS}))\n"
    )
    report = _run_guarded(tmp_path, scenario)
    assert report["attempts"] == ["create_connection(('127.0.0.1', 9),)"]
    assert report["leaks"] == ["c: AF_INET socket"]
