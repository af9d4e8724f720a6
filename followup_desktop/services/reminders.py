"""The reminder service: wakes when the next reminder is due, tells it once, keeps counts fresh.

A QObject without widgets (the Vorta shape): one single-shot timer aimed at the next alert
(delays clamped to what QTimer takes, 2**31-1 ms), and a heartbeat every few seconds that
re-syncs when

- the data changed (``store.backups.change_marker``: this connection's writes and others'),
- the wall clock jumped against the monotonic clock (suspend and resume, a clock change):
  QTimer runs on monotonic time, so the single-shot would be late or early,
- the day rolled over, or five minutes passed (the periodic re-sync).

At start the first sync shows what came due while the app was closed, as one summary. The rules
(what is ready, quiet hours, wording) are core/reminders.py; the memory is
store/reminder_state.py. ``now`` and ``monotonic`` are injected (tests drive both).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from followup_desktop.core import reminders as rules
from followup_desktop.core.clock import Now
from followup_desktop.core.instants import zone as zone_named
from followup_desktop.core.reminders import Notice, Prefs, Told
from followup_desktop.store import queries, reminder_state, writes
from followup_desktop.store.backups import change_marker
from followup_desktop.store.db import Database, StoreError
from followup_desktop.store.today_query import TodayGroups, today_groups

log = logging.getLogger(__name__)

MAX_TIMER_MS = 2**31 - 1
HEARTBEAT_MS = 5_000
RESYNC_S = 300.0
#: A difference this large between wall and monotonic time is a clock jump (suspend/resume).
JUMP_S = 30.0
#: Items this far ahead are read; the service looks again before the horizon passes.
HORIZON = timedelta(hours=36)
SNOOZE = timedelta(hours=1)


def clamp_ms(delay: timedelta) -> int:
    """A QTimer interval for ``delay``: never negative, never past 2**31-1 ms (~24.8 days)."""
    return int(min(max(delay.total_seconds() * 1000, 0), MAX_TIMER_MS))


class ReminderService(QObject):
    """Owns the timers; ``sync`` is the one place reminders are decided and shown."""

    #: A notice to show (connected to the notifier chain).
    notify = Signal(object)
    #: (due today, overdue) pending follow-ups, "today" in the user's zone.
    counts = Signal(int, int)
    #: The pause changed: the instant reminders resume, or None.
    paused = Signal(object)
    #: The service wrote (snooze, done): the window re-reads its views.
    changed = Signal()
    #: A one-sentence message for the status bar.
    message = Signal(str)

    def __init__(
        self,
        db: Database,
        now: Now,
        parent: QObject | None = None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        heartbeat_ms: int = HEARTBEAT_MS,
    ) -> None:
        super().__init__(parent)
        self.db, self.now, self.monotonic = db, now, monotonic
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # coarse timers may fire 5% early
        self.timer.timeout.connect(lambda: self._guarded(self.sync))
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(heartbeat_ms)
        self.heartbeat.timeout.connect(lambda: self._guarded(self.check))
        self.next_at: datetime | None = None
        self.last_counts: tuple[int, int] | None = None
        self._memory: dict[str, Told] = {}  # told, when the store could not keep it
        self._marker: tuple[int, int] | None = None
        self._wall: datetime | None = None
        self._mono = 0.0
        self._synced_mono = 0.0
        self._day: date | None = None
        self.running = False
        self._last_error = ""

    # --- life cycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Begin: the start-up catch-up runs as soon as the event loop does."""
        self.running = True
        self.heartbeat.start()
        QTimer.singleShot(0, self, lambda: self._guarded(lambda: self.sync(catch_up=True)))

    def _guarded(self, call: Callable[[], object]) -> None:
        """Timers end here: a failure is logged (once per kind), never a dialog every 5 s."""
        try:
            call()
        except Exception as exc:
            key = f"{type(exc).__name__}: {exc}"
            if key != self._last_error:
                self._last_error = key
                log.exception("the reminder service failed")

    def stop(self) -> None:
        self.running = False
        self.timer.stop()
        self.heartbeat.stop()

    # --- what the user sees -------------------------------------------------------------------

    def zone(self) -> tzinfo:
        try:
            return zone_named(queries.get_profile(self.db).timezone)
        except ValueError:
            return zone_named("UTC")

    def prefs(self) -> Prefs:
        return reminder_state.load_prefs(self.db)

    def today(self) -> TodayGroups:
        """What is overdue and due today, read now: the tray's menu, badge and tooltip (the
        Today screen and the status bar read the same, store/today_query.py)."""
        return today_groups(self.db, self.now(), self.zone())

    def paused_until(self) -> datetime | None:
        until = self.prefs().paused_until
        return until if until is not None and until > self.now() else None

    # --- the decision ---------------------------------------------------------------------------

    def sync(self, catch_up: bool = False) -> Notice | None:
        """Tell what is ready (once), refresh the counts, aim the timer at the next alert."""
        if not self.running:
            return None
        now, zone = self.now(), self.zone()
        self._stamp(now)
        try:
            prefs = self.prefs()
            items = reminder_state.pending_items(self.db, before=now + HORIZON)
            told = {**reminder_state.load_told(self.db), **self._memory}
        except (StoreError, sqlite3.Error) as exc:
            log.warning("reminders could not read the store: %s", exc)
            self._arm(now, None)
            return None
        plan = rules.plan(items, told, prefs, zone, now)
        notice = None
        if plan.fire:
            changed = rules.after_telling(told, plan.fire, now)
            try:
                reminder_state.record_told(self.db, changed)
            except StoreError as exc:  # read-only or damaged: still never twice this session
                log.warning("reminder state not saved: %s", exc)
                self._memory.update(changed)
            notice = rules.compose(plan.fire, now, zone, prefs, catch_up=catch_up)
            if notice is not None:
                log.info("reminder: %s", notice.title)
                self.notify.emit(notice)
        try:
            counts = today_groups(self.db, now, zone).due_counts()
        except (StoreError, sqlite3.Error) as exc:
            log.warning("reminders could not count what is due: %s", exc)
            counts = self.last_counts or (0, 0)
        if counts != self.last_counts:
            self.last_counts = counts
            self.counts.emit(*counts)
        self._arm(now, plan.next_at)
        self._marker = self._read_marker()
        return notice

    def _arm(self, now: datetime, next_at: datetime | None) -> None:
        horizon = now + HORIZON - timedelta(hours=1)
        target = min(next_at, horizon) if next_at is not None else horizon
        self.next_at = target
        self.timer.start(clamp_ms(target - now))

    def _stamp(self, now: datetime) -> None:
        self._wall, self._mono = now, self.monotonic()
        self._synced_mono = self._mono
        self._day = now.astimezone(self.zone()).date()

    def _read_marker(self) -> tuple[int, int] | None:
        try:
            return change_marker(self.db)
        except Exception:  # a closed or damaged database: the heartbeat must not raise
            return None

    def check(self) -> None:
        """The heartbeat: re-sync on a clock jump, a data change, a new day or every 5 min."""
        if not self.running or self._wall is None:
            return
        now, mono = self.now(), self.monotonic()
        drift = (now - self._wall).total_seconds() - (mono - self._mono)
        self._wall, self._mono = now, mono
        if abs(drift) > JUMP_S:
            log.info("the clock jumped by %.0f s (suspend or clock change): catching up", drift)
            self.sync(catch_up=True)
            return
        marker = self._read_marker()
        if marker is None:
            return
        stale = mono - self._synced_mono >= RESYNC_S
        if marker != self._marker or stale or now.astimezone(self.zone()).date() != self._day:
            self.sync()

    # --- what the user answers ------------------------------------------------------------------

    def snooze(self, followup_id: str) -> bool:
        """Remind again in an hour (the follow-up is due then)."""
        now = self.now()
        again = f"{(now + SNOOZE).astimezone(self.zone()):%H:%M}"
        return self._write(
            lambda: writes.snooze(self.db, followup_id, now + SNOOZE, now),
            f"Snoozed: you will be reminded again at {again}.",
        )

    def mark_done(self, followup_id: str) -> bool:
        now = self.now()
        return self._write(lambda: writes.mark_done(self.db, followup_id, now), "Marked done.")

    def _write(self, action: Callable[[], object], text: str) -> bool:
        try:
            action()
        except StoreError as exc:
            self.message.emit(str(exc))
            return False
        self.changed.emit()
        self.message.emit(text)
        self.sync()
        return True

    def pause(self, *, tomorrow: bool) -> datetime:
        now = self.now()
        until = rules.pause_until(now, self.zone(), self.prefs(), tomorrow=tomorrow)
        self._set_pause(until)
        return until

    def resume(self) -> None:
        self._set_pause(None)

    def _set_pause(self, until: datetime | None) -> None:
        try:
            reminder_state.set_paused_until(self.db, until)
        except StoreError as exc:
            self.message.emit(str(exc))
            return
        self.paused.emit(until)
        self.sync()

    def save_prefs(self, prefs: Prefs) -> None:
        """New settings apply at once (a reminder moved into or out of quiet hours)."""
        reminder_state.save_prefs(self.db, prefs)
        self.sync()
