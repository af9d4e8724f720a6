"""A real desktop for end-to-end tests: Xvfb (the X server), trayer (a system tray, XEmbed) and
dunst (a notification server) on a private D-Bus session bus started with dbus-run-session.

Everything is skipped, with the missing program named, where these are not installed
(`.ci/run` installs them: xvfb trayer dunst dbus-x11 libnotify-bin). The app runs as a real
process (``python -m followup_desktop``-equivalent with INFO logging to a file); tests wait on
its log and on ``dunstctl history`` with timeouts, never fixed long sleeps.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import E2E_START, SCREEN, TRAY_HEIGHT, TRAY_WIDTH, RunningClock, wait_until

REPO = Path(__file__).resolve().parents[2]
NEEDED = ("Xvfb", "trayer", "dunst", "dunstctl", "dbus-run-session")
LAUNCH = (
    "import logging, sys\n"
    "logging.basicConfig(level=logging.INFO, format='%(created).3f %(name)s: %(message)s')\n"
    "from followup_desktop.cli.main import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)
DUNSTRC = """
[global]
    timeout = 0
    idle_threshold = 0
    history_length = 200
    font = DejaVu Sans 10
    dmenu = {dmenu}
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
"""
# Stands in for dmenu (dunst's context menu): picks the first offered line matching the pattern
# the test wrote, e.g. "#Done (Check-in to Nadia Benali" -> that notification's "done" action.
FAKE_DMENU = """#!/bin/sh
pattern=$(cat "{pick}")
grep -m1 -F -- "$pattern"
"""


def _stop(process: subprocess.Popen, group: bool = False) -> None:
    if process.poll() is None:
        if group:
            os.killpg(process.pid, signal.SIGTERM)
        else:
            process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            if group:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
            process.wait(timeout=5)


class Desktop:
    """The running X server, tray and notification server; ``env()`` for programs to start."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.processes: list[tuple[subprocess.Popen, bool]] = []
        self.display = self._start_x()
        self.bus = ""

    def _start_x(self) -> str:
        read, write = os.pipe()
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "x".join(map(str, SCREEN)) + "x24",
             "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(write)
        self.processes.append((xvfb, False))
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        return f":{number}"

    def start(self) -> None:
        env = self.env()
        trayer = subprocess.Popen(
            ["trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel",
             "--width", str(TRAY_WIDTH), "--height", str(TRAY_HEIGHT)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.processes.append((trayer, False))
        self.pick_file = self.folder / "dmenu-pick.txt"
        dmenu = self.folder / "fake-dmenu.sh"
        dmenu.write_text(FAKE_DMENU.format(pick=self.pick_file), encoding="utf-8")
        dmenu.chmod(0o755)
        rc = self.folder / "dunstrc"
        rc.write_text(DUNSTRC.format(dmenu=dmenu), encoding="utf-8")
        address = self.folder / "bus-address"
        script = f'echo "$DBUS_SESSION_BUS_ADDRESS" > "{address}"; exec dunst -config "{rc}"'
        with (self.folder / "dunst.log").open("w") as log:
            session = subprocess.Popen(
                ["dbus-run-session", "--", "sh", "-c", script],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,  # its own process group: the bus and dunst stop together
            )
        self.processes.append((session, True))
        self.bus = wait_until(
            lambda: address.exists() and address.read_text().strip(), 10, "the session bus"
        )
        wait_until(lambda: self.dunstctl("is-paused").strip() == "false", 10, "dunst")

    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "DISPLAY": self.display,
            "QT_QPA_PLATFORM": "xcb",
            "PYTHONPATH": str(REPO),
        }
        if self.bus:
            env["DBUS_SESSION_BUS_ADDRESS"] = self.bus
        return env

    def dunstctl(self, *args: str) -> str:
        done = subprocess.run(
            ["dunstctl", *args], env=self.env(), capture_output=True, text=True, timeout=10
        )
        return done.stdout

    def notifications(self) -> list[dict]:
        """Everything dunst has shown (displayed ones are closed first: history lists closed
        notifications): dicts of summary, body, appname, id and timestamp (monotonic, seconds)."""
        self.dunstctl("close-all")
        data = json.loads(self.dunstctl("history") or '{"data": [[]]}')["data"][0]
        return [
            {
                key: entry[key]["data"] / 1e6 if key == "timestamp" else entry[key]["data"]
                for key in ("summary", "body", "appname", "id", "timestamp")
            }
            for entry in data
        ]

    def stop(self) -> None:
        for process, group in reversed(self.processes):
            _stop(process, group)


class AppProcess:
    """The app started on a database, logging to a file."""

    def __init__(
        self, desktop: Desktop, db_path: Path, log_path: Path, env: dict[str, str]
    ) -> None:
        self.log_path = log_path
        with log_path.open("w") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                [sys.executable, "-c", LAUNCH, "--db", str(db_path)],
                env={**desktop.env(), **env},
                stdout=subprocess.DEVNULL,
                stderr=log,
                cwd=desktop.folder,
            )

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_log(self, text: str, timeout: float = 15) -> str:
        def found() -> str | None:
            if self.process.poll() is not None:
                pytest.fail(f"the app exited ({self.process.returncode}):\n{self.log()[-3000:]}")
            return next((line for line in self.log().splitlines() if text in line), None)

        return wait_until(found, timeout, f"{text!r} in the app's log")

    def stop(self) -> None:
        _stop(self.process)


@pytest.fixture(scope="module")
def desktop(tmp_path_factory):
    if not sys.platform.startswith("linux"):
        pytest.skip("the end-to-end desktop needs Linux (Xvfb, trayer, dunst)")
    missing = [name for name in NEEDED if shutil.which(name) is None]
    if missing:
        pytest.skip(
            f"end-to-end desktop tests need {', '.join(missing)} "
            "(apt-get install xvfb trayer dunst dbus-x11 libnotify-bin)"
        )
    folder = tmp_path_factory.mktemp("desktop")
    session = Desktop(folder)
    try:
        session.start()
        yield session
    finally:
        session.stop()


@pytest.fixture
def clock() -> RunningClock:
    """The test's clock: it starts at E2E_START and runs on; the app started by ``start_app``
    runs on the same time line (its clock is pinned to this one's present at its start)."""
    return RunningClock(E2E_START)


@pytest.fixture
def start_app(desktop, tmp_path, clock):
    started: list[AppProcess] = []

    def start(db_path: Path, name: str = "app") -> AppProcess:
        app = AppProcess(desktop, db_path, tmp_path / f"{name}.log", clock.pin())
        started.append(app)
        return app

    yield start
    for app in started:
        app.stop()
