"""The real app in a real X session (Xvfb) with a real tray (trayer) and a real notification
server (dunst, on a private D-Bus): the tray icon is embedded, what is overdue is notified within
seconds of start, a newly due item fires on time, the notification's Done button marks it done,
and a second launch hands over to the first."""

from __future__ import annotations

import re
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.builders import SCREEN, TRAY_HEIGHT, TRAY_WIDTH, RunningClock, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SOON_ID = "orbital-maps-1/check_in/nadia"
SOON_TITLE = "Check-in to Nadia Benali"


def seed(path: Path, clock: RunningClock, *, only_soon: bool = False) -> int:
    """The demo job search (two overdue follow-ups), no quiet hours (the test may run at any
    hour). ``only_soon``: the overdue ones are done and the check-in to Nadia is overdue, so
    the start-up notice is about that one follow-up alone. Returns how many follow-ups are due
    at the moment of seeding (the demo is dated relative to ``clock``, which starts at the same
    instant in every run, so the number is the same whatever the hour)."""
    from followup_desktop.core.reminders import Prefs
    from followup_desktop.store import queries, reminder_state, writes
    from followup_desktop.store.demo import fill_demo
    from followup_desktop.store.open import open_store

    now = clock()
    db = open_store(path)
    try:
        fill_demo(db, now)
        reminder_state.save_prefs(db, Prefs(quiet=None))
        if only_soon:
            for item in queries.list_followups(db, end=now):
                if item.status in ("planned", "snoozed"):
                    writes.mark_done(db, item.id, now)
            writes.reschedule(db, SOON_ID, now - timedelta(minutes=1), now)
        return sum(
            1
            for item in queries.list_followups(db, end=now)
            if item.status in ("planned", "snoozed") and item.due <= now
        )
    finally:
        db.close()


def move_soon(path: Path, clock: RunningClock, seconds: float) -> tuple[datetime, float]:
    """Another process (this test) moves Nadia's check-in to ``seconds`` from now while the
    app runs: (its due, the monotonic time it is due)."""
    from followup_desktop.store import writes
    from followup_desktop.store.open import open_store

    now = clock()
    due = (now + timedelta(seconds=seconds)).replace(microsecond=0)
    db = open_store(path)
    try:
        writes.reschedule(db, SOON_ID, due, now)
    finally:
        db.close()
    return due, time.monotonic() + (due - clock()).total_seconds()


def test_tray_icon_is_embedded_and_the_overdue_are_notified_at_once(
    desktop, start_app, clock, tmp_path
):
    db = tmp_path / "jobs.sqlite3"
    due_at_start = seed(db, clock)
    assert due_at_start >= 2  # the demo's two overdue follow-ups, whatever the hour
    started = time.monotonic()
    app = start_app(db)
    line = app.wait_log("tray icon embedded at")
    x, y, w, h = map(int, re.search(r"x=(-?\d+) y=(-?\d+) w=(\d+) h=(\d+)", line).groups())
    assert SCREEN[0] - TRAY_WIDTH <= x < SCREEN[0] and 0 <= y < TRAY_HEIGHT and w > 0 and h > 0
    assert "reminders shown by: freedesktop" in app.log()

    def overdue_notice():
        return next(
            (n for n in desktop.notifications() if "While you were away" in n["summary"]), None
        )

    notice = wait_until(overdue_notice, 10, "the start-up summary in dunst's history")
    assert notice["summary"] == f"While you were away, {due_at_start} follow-ups came due"
    assert notice["appname"] == "Follow-up Desktop"
    assert "overdue since" in notice["body"]
    assert notice["timestamp"] - started < 10  # within seconds of the start


def test_a_newly_due_item_fires_on_time(desktop, start_app, clock, tmp_path):
    db = tmp_path / "jobs.sqlite3"
    seed(db, clock)
    app = start_app(db)
    app.wait_log("reminder: While you were away")
    # Written by another process: the app notices within its 5 s heartbeat and aims its timer.
    _, due_monotonic = move_soon(db, clock, 8)

    def soon_notice():
        return next(
            (n for n in desktop.notifications() if n["summary"].startswith(SOON_TITLE)), None
        )

    notice = wait_until(soon_notice, 20, f"{SOON_TITLE!r} in dunst's history", step=0.25)
    # dunst stamps notifications with the monotonic clock this process also reads.
    late = notice["timestamp"] - due_monotonic
    assert -0.2 <= late < 2.0, f"fired {late:+.2f} s from its due time"
    assert "(due now)" in notice["summary"]


def test_done_on_the_notification_marks_the_follow_up_done(desktop, start_app, clock, tmp_path):
    db = tmp_path / "jobs.sqlite3"
    seed(db, clock, only_soon=True)
    app = start_app(db)
    app.wait_log(f"reminder: {SOON_TITLE}")
    desktop.pick_file.write_text(f"#Done ({SOON_TITLE}", encoding="utf-8")
    desktop.dunstctl("context")  # dunst's context menu; the stand-in dmenu picks "Done"

    def status() -> str:
        conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT status FROM followups WHERE id = ?", [SOON_ID]).fetchone()
        finally:
            conn.close()
        return row[0]

    wait_until(lambda: status() == "done", 10, "the follow-up marked done")


def test_a_second_launch_brings_the_first_forward_and_exits_0(desktop, start_app, clock, tmp_path):
    db = tmp_path / "jobs.sqlite3"
    seed(db, clock)
    first = start_app(db, "first")
    first.wait_log("reminders shown by")
    second = start_app(db, "second")
    assert second.process.wait(timeout=20) == 0
    assert "already runs" in second.log()
    first.wait_log("another launch asked this window to come forward", timeout=5)
    assert first.process.poll() is None  # the first one keeps running
