"""The reminder service (pytest-qt) with an injected wall clock and monotonic clock: start-up
catch-up, the single-shot timer, clock jumps, data changes, snooze, done and pause."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from followup_desktop.core.reminders import Prefs
from followup_desktop.services import reminders as service_module
from followup_desktop.services.reminders import MAX_TIMER_MS, ReminderService, clamp_ms
from followup_desktop.store import queries, reminder_state, writes
from followup_desktop.store.db import StoreError

THANK_YOU = "acme-be-1/thank_you/dana"  # due Fri 20 Nov 13:30 UTC: overdue at the fixture's now
CHECK_IN = "acme-be-1/check_in/dana"  # due Fri 27 Nov 13:30 UTC


class Clock:
    """Wall time and monotonic time that the test moves (separately, for a clock jump)."""

    def __init__(self, now: datetime) -> None:
        self.wall, self.mono = now, 1000.0

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float, *, asleep: bool = False) -> None:
        """Time passes; ``asleep``: the monotonic clock stood still (a suspended laptop)."""
        self.wall += timedelta(seconds=seconds)
        if not asleep:
            self.mono += seconds


@pytest.fixture
def clock(now):
    return Clock(now)


@pytest.fixture
def make_service(qtbot, filled, clock):
    made = []

    def build(**kw) -> tuple[ReminderService, list]:
        service = ReminderService(filled, clock.now, monotonic=clock.monotonic, **kw)
        shown: list = []
        service.notify.connect(shown.append)
        made.append(service)
        return service, shown

    yield build
    for service in made:
        service.stop()
        service.deleteLater()


def test_clamp_ms_keeps_qtimer_in_range():
    assert clamp_ms(timedelta(seconds=-5)) == 0
    assert clamp_ms(timedelta(milliseconds=1500)) == 1500
    assert clamp_ms(timedelta(days=30)) == MAX_TIMER_MS == 2**31 - 1
    assert clamp_ms(timedelta(days=365 * 100)) == MAX_TIMER_MS


def test_start_up_shows_what_came_due_while_closed_then_aims_at_the_next(qtbot, make_service):
    service, shown = make_service()
    with qtbot.waitSignal(service.notify, timeout=2000):
        service.start()
    assert [n.ids for n in shown] == [(THANK_YOU,)]
    assert shown[0].title == "Thank-you to Dana Lee (overdue since Fri 20 Nov)"
    assert service.next_at == datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 35 h: the horizon
    assert service.timer.isActive() and service.timer.isSingleShot()
    assert service.last_counts == (0, 1)  # nothing else due today, one overdue


def test_the_timer_is_aimed_at_the_next_due_and_fires_it_once(make_service, clock, filled):
    service, shown = make_service()
    service.running = True
    service.sync()
    due = clock.wall + timedelta(minutes=10)
    writes.reschedule(filled, CHECK_IN, due, clock.wall)
    service.check()  # the heartbeat notices the write
    assert service.next_at == due
    assert service.timer.remainingTime() == pytest.approx(600_000, abs=2000)
    clock.advance(600)
    service.timer.timeout.emit()  # what the single-shot does at that moment
    assert [n.ids for n in shown][-1] == (CHECK_IN,)
    count = len(shown)
    for _ in range(3):
        clock.advance(5)
        service.check()
        service.sync()
    assert len(shown) == count  # once


def test_a_real_single_shot_fires_on_time(qtbot, filled, now):
    """Real time: an item due 0.4 s ahead comes within the timer's precision."""
    start_wall, start_mono = now, time.monotonic()

    def real_now() -> datetime:
        return start_wall + timedelta(seconds=time.monotonic() - start_mono)

    reminder_state.save_prefs(filled, Prefs(quiet=None))
    writes.mark_done(filled, THANK_YOU, now)
    writes.reschedule(filled, CHECK_IN, now + timedelta(seconds=1), now)
    service = ReminderService(filled, real_now)
    try:
        shown: list = []
        service.notify.connect(shown.append)
        service.start()
        qtbot.waitUntil(lambda: bool(shown), timeout=4000)
        late = (real_now() - (now + timedelta(seconds=1))).total_seconds()
        assert 0 <= late < 0.5
        assert shown[0].ids == (CHECK_IN,)
    finally:
        service.stop()


def test_an_eight_hour_sleep_is_caught_up_in_one_summary(make_service, clock, filled):
    service, shown = make_service()
    service.running = True
    service.sync()
    shown.clear()
    for hours, fid in ((2, CHECK_IN), (5, "acme-be-1/second_follow_up/dana")):
        writes.reschedule(filled, fid, clock.wall + timedelta(hours=hours), clock.wall)
    service.sync()
    assert shown == []
    clock.advance(8 * 3600, asleep=True)  # suspend: the monotonic clock stood still
    service.check()
    assert len(shown) == 1
    assert shown[0].title == "While you were away, 2 follow-ups came due"
    clock.advance(5)
    service.check()
    assert len(shown) == 1


def test_a_clock_set_back_is_a_jump_too_and_fires_nothing_twice(make_service, clock):
    service, shown = make_service()
    service.running = True
    service.sync()
    clock.advance(-3600)
    service.check()
    assert len(shown) == 1  # the start-up one only


def test_the_heartbeat_resyncs_on_data_change_and_every_five_minutes(make_service, clock):
    service, _ = make_service()
    service.running = True
    service.sync()
    calls = []
    original = service.sync
    service.sync = lambda catch_up=False: calls.append(catch_up) or original(catch_up)
    clock.advance(5)
    service.check()
    assert calls == []  # nothing changed
    clock.advance(service_module.RESYNC_S)
    service.check()
    assert calls == [False]


def test_snooze_done_and_messages(make_service, clock, filled):
    service, shown = make_service()
    service.running = True
    messages, changed = [], []
    service.message.connect(messages.append)
    service.changed.connect(lambda: changed.append(1))
    service.sync()
    assert service.snooze(THANK_YOU)
    assert messages[-1] == "Snoozed: you will be reminded again at 16:00."
    item = queries.get_followup(filled, THANK_YOU)
    assert item is not None and item.due == clock.wall + timedelta(hours=1)
    clock.advance(3600)
    service.sync()
    assert [n.ids for n in shown] == [(THANK_YOU,), (THANK_YOU,)]
    assert service.mark_done(THANK_YOU)
    assert queries.get_followup(filled, THANK_YOU).status == "done"
    assert len(changed) == 2 and service.last_counts == (0, 0)
    assert not service.mark_done("no-such-id")
    assert "no-such-id" in messages[-1]


def test_pause_holds_reminders_and_resume_lets_them_out(make_service, clock, filled):
    service, shown = make_service()
    service.running = True
    paused = []
    service.paused.connect(paused.append)
    until = service.pause(tomorrow=False)
    assert until == clock.wall + timedelta(hours=1) and paused == [until]
    assert service.paused_until() == until
    service.sync()
    assert shown == [] and service.next_at == until
    service.resume()
    assert paused[-1] is None and service.paused_until() is None
    assert [n.ids for n in shown] == [(THANK_YOU,)]


def test_a_store_that_cannot_write_still_never_repeats_a_reminder(make_service, monkeypatch):
    service, shown = make_service()
    service.running = True

    def refuse(db, changed):
        raise StoreError("The database is read-only.")

    monkeypatch.setattr(reminder_state, "record_told", refuse)
    service.sync()
    service.sync()
    assert len(shown) == 1


def test_nothing_runs_after_stop(make_service, clock):
    service, shown = make_service()
    service.start()
    service.stop()
    assert service.sync() is None and not service.timer.isActive() and shown == []
    assert not service.heartbeat.isActive()


def test_a_failure_in_a_timer_is_logged_once_never_raised(make_service, monkeypatch, caplog):
    service, _ = make_service()
    service.running = True

    def broken(db, before=None):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(reminder_state, "pending_items", broken)
    for _ in range(3):
        service.timer.timeout.emit()
        service.heartbeat.timeout.emit()
    failures = [r for r in caplog.records if r.getMessage() == "the reminder service failed"]
    assert len(failures) == 1


def test_the_tray_reads_the_groups_today_and_the_status_bar_read(qtbot, make_service):
    """One reading (store/today_query.py) for the tray's menu and badge, Today and the status
    bar: the service's counts are its due counts."""
    service, _ = make_service()
    service.running = True
    service.sync()
    groups = service.today()
    assert groups.due_counts() == service.last_counts == (0, 1)
    assert [item.id for item in groups.items("overdue")] == [THANK_YOU]
    assert groups.items("overdue")[0].label == "Thank-you to Dana Lee"
