"""FOLLOWUP_DESKTOP_NOW: the app and the command line start their clock at a pinned instant
(app/clock.py), so a whole run of the real program can happen "at" a chosen time."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from tests.builders import PIN_VARIABLE

REPO = Path(__file__).resolve().parents[2]


def _run(code_or_args: list[str], pin: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != PIN_VARIABLE}
    if pin is not None:
        env[PIN_VARIABLE] = pin
    return subprocess.run(
        [sys.executable, *code_or_args], capture_output=True, text=True, env=env, cwd=REPO
    )


def test_the_clock_starts_at_the_pinned_instant_and_runs_on():
    code = (
        "import time\n"
        "from followup_desktop.app.clock import now_utc\n"
        "first = now_utc(); time.sleep(0.2); print(first.isoformat(), now_utc().isoformat())\n"
    )
    out = _run(["-c", code], "2027-03-28T01:30:00+01:00")
    assert out.returncode == 0, out.stderr
    first, later = (datetime.fromisoformat(t) for t in out.stdout.split())
    pinned = datetime.fromisoformat("2027-03-28T00:30:00+00:00")
    assert timedelta(0) <= first - pinned < timedelta(seconds=5)
    assert timedelta(seconds=0.2) <= later - first < timedelta(seconds=5)


def test_a_pinned_demo_prints_the_same_agenda_whatever_the_machine_clock_says():
    args = ["-m", "followup_desktop", "--demo", "agenda", "--all", "--json"]
    first = _run(args, "2026-12-24T23:59:00-08:00")
    second = _run(args, "2026-12-24T23:59:00-08:00")
    other = _run(args, "2027-06-30T08:45:00+02:00")
    assert first.returncode == second.returncode == other.returncode == 0, first.stderr
    assert first.stdout == second.stdout and '"2026-12-2' in first.stdout
    assert other.stdout != first.stdout and '"2027-0' in other.stdout


def test_a_pin_that_is_not_an_instant_is_one_sentence():
    out = _run(["-m", "followup_desktop", "--version"], "next tuesday")
    assert out.returncode == 1
    assert out.stderr.strip() == (
        "FOLLOWUP_DESKTOP_NOW='next tuesday' is not an instant with a UTC offset "
        "(e.g. 2027-03-29T08:45:00+02:00)."
    )
