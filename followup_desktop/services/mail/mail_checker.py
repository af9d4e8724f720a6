"""Checking the user's mailboxes while the app runs: a first check a few seconds after start,
then every 5 minutes, and on demand (Settings' Check now).

A QObject without widgets. Reading and writing the database stay on the GUI thread
(``check.prepare`` before, the apply after); only the network part, ``check.fetch``, runs on a
worker thread, whose result comes back through a queued signal, so the window never waits on a
server. The fetched mail is applied as ``check.apply`` does (each folder's watermark moves in
the transaction of its last messages, then the check is recorded), but in slices of ~20 ms with
the event loop turning in between: a reply costs a re-plan (~4 ms), and 30 of them in one go
froze the window for 130 ms (tests/benchmarks/bench_mail_window.py). A slice is one
transaction; a crash between two leaves the watermark where it was, and the next check reads
those messages again, which the Message-ID dedupe of store/mail_apply.py makes harmless.

An account that failed waits out its backoff (``store/mail_accounts.due_accounts``) before the
timer tries it again; a check already running is never started a second time.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from followup_desktop.core.clock import Now
from followup_desktop.core.when_text import safe_zone, time_text
from followup_desktop.services.mail import check
from followup_desktop.services.mail.imap_fetch import FolderBatch, MailCheckError
from followup_desktop.store import mail_accounts, queries
from followup_desktop.store.db import Database
from followup_desktop.store.mail_apply import FolderAdvance, MailTally, apply_messages

log = logging.getLogger(__name__)

#: The first check waits this long after start (the window and its services settle first).
FIRST_CHECK_MS = 5_000
INTERVAL_MS = 5 * 60 * 1000
#: The GUI thread applies fetched mail for about this long, then lets the window paint and
#: take input (issue 17's budget: the window never freezes for more than 50 ms).
SLICE_S = 0.020

PasswordFor = Callable[[str], "str | None"]


@dataclass
class _Applying:
    """Where the apply of one account's fetched mail has got to."""

    name: str
    batches: list[FolderBatch]
    now: datetime
    batch: int = 0  # the folder batch being applied
    offset: int = 0  # its messages applied so far
    tally: MailTally = field(default_factory=MailTally)


class MailChecker(QObject):
    """Checks the accounts of ``db``; ``password_for(account)`` gives the password (or None:
    that account is skipped this time, and ``failed`` says why)."""

    #: An account was checked: (account name, MailTally).
    checked = Signal(str, object)
    #: A check failed: (account name, one sentence). The backoff is already recorded.
    failed = Signal(str, str)
    #: A round of checks started (True) or ended (False).
    busy_changed = Signal(bool)
    #: The status bar's mail line: "Mail: checking…", "Mail: checked 09:40", an error sentence.
    status = Signal(str)
    #: From the worker thread: (account name, list of FolderBatch or a MailCheckError).
    _fetched = Signal(str, object)

    def __init__(
        self,
        db: Database,
        now: Now,
        password_for: PasswordFor,
        parent: QObject | None = None,
        *,
        first_check_ms: int = FIRST_CHECK_MS,
        interval_ms: int = INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.db, self.now, self.password_for = db, now, password_for
        self.first_check_ms = first_check_ms
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        self._queue: list[str] = []
        self._active = False  # a round of checks is under way (from _begin to _finish)
        self._fetching: threading.Thread | None = None
        self._problems: list[tuple[str, str]] = []
        self._stopped = False
        self._applying: _Applying | None = None
        self._slice_size = 4  # messages per transaction, adapted to SLICE_S as it goes
        self._each = 0.005  # seconds a message took to apply, lately
        # Queued: the worker emits, the GUI thread applies (also when emitted from the GUI
        # thread, so a result is never applied inside the call that started the check).
        self._fetched.connect(self._on_fetched, Qt.ConnectionType.QueuedConnection)

    # --- when ---------------------------------------------------------------------------------

    def start(self) -> None:
        """The first check in ``first_check_ms``, then one every interval."""
        self._stopped = False
        self.timer.start()
        QTimer.singleShot(self.first_check_ms, self, self.tick)

    def stop(self) -> None:
        """No further checks; a fetch under way is left to end, and its result dropped."""
        self._stopped = True
        self.timer.stop()
        self._queue.clear()

    @property
    def busy(self) -> bool:
        return self._active

    def tick(self) -> bool:
        """The timer's check: the accounts whose backoff is over. Whether a round started."""
        if self._stopped:
            return False
        due = [account.name for account in mail_accounts.due_accounts(self.db, self.now())]
        return self._begin(due)

    def check_now(self, name: str | None = None) -> bool:
        """The user asked: check ``name`` (every account with an IMAP server when None) now,
        its backoff aside. False when a check is already running or there is nothing to check."""
        names = [
            account.name
            for account in mail_accounts.list_accounts(self.db)
            if account.has_imap and (name is None or account.name == name)
        ]
        if self._active:
            self.status.emit("Mail: a check is already running.")
            return False
        return self._begin(names)

    # --- one round ----------------------------------------------------------------------------

    def _begin(self, names: list[str]) -> bool:
        if self._active or not names:
            return False
        self._active = True
        self._queue = list(names)
        self._problems = []
        self.busy_changed.emit(True)
        self.status.emit("Mail: checking…")
        self._next()
        return True

    def _next(self) -> None:
        """Start the fetch of the next queued account, or end the round."""
        while self._queue and not self._stopped:
            name = self._queue.pop(0)
            try:
                password = self.password_for(name)
                if password is None:
                    self._problem(name, f"No password is known for the mail account {name}.")
                    continue
                plan = check.prepare(self.db, name, self.now())
            except Exception as exc:  # the account was removed meanwhile, the file went away
                log.warning("mail check of %s could not start: %s", name, exc)
                self._problem(name, str(exc))
                continue
            self._fetching = threading.Thread(
                target=self._fetch, args=(name, plan, password), name="mail-check", daemon=True
            )
            self._fetching.start()
            return
        self._finish()

    def _fetch(self, name: str, plan: check.CheckPlan, password: str) -> None:
        """On the worker thread: the network only, no database."""
        result: object
        try:
            result = check.fetch(plan, password)
        except MailCheckError as exc:
            result = exc
        except Exception as exc:  # a bug or a surprise of the server: still one sentence
            log.exception("mail fetch of %s failed", name)
            result = MailCheckError(f"The mail of {name} could not be read ({exc}).")
        with contextlib.suppress(RuntimeError):  # the checker went away with the window
            self._fetched.emit(name, result)

    def _on_fetched(self, name: str, result: object) -> None:
        """Back on the GUI thread: apply (one transaction per folder batch) or record the
        failure and its backoff."""
        self._fetching = None
        if self._stopped:
            self._active = False
            return
        now = self.now()
        if isinstance(result, MailCheckError):
            try:
                check.fail(self.db, name, result, now)
            except Exception:  # the store refused: the sentence is still shown
                log.exception("recording the failed check of %s failed", name)
            self._problem(name, str(result))
            self._next()
            return
        assert isinstance(result, list)
        self._applying = _Applying(name, result, now)
        self._apply_slice()

    def _apply_slice(self) -> None:
        """Apply for about SLICE_S, then come back through the event loop; at the end, record
        the check and go on with the next account."""
        work = self._applying
        if work is None:
            return
        if self._stopped:
            self._applying, self._active = None, False
            return
        started = time.perf_counter()
        try:
            applied = False  # every slice applies at least one transaction, so it always ends
            while work.batch < len(work.batches):
                spent = time.perf_counter() - started
                if applied and spent + self._each * self._slice_size > SLICE_S:
                    # 1 ms, not 0: a zero timer is a posted call that runs before the
                    # window's own timers and input, slice after slice
                    QTimer.singleShot(1, self, self._apply_slice)
                    return
                self._apply_some(work)
                applied = True
            mail_accounts.record_check_ok(self.db, work.name, work.now)
            self.checked.emit(work.name, work.tally)
        except Exception as exc:  # the store refused (disk full, damaged): nothing half-written
            log.exception("applying the mail of %s failed", work.name)
            self._problem(work.name, str(exc))
        self._applying = None
        self._next()

    def _apply_some(self, work: _Applying) -> None:
        """One transaction: the next messages of the current folder batch, with the folder's
        watermark when they are its last."""
        batch = work.batches[work.batch]
        chunk = batch.messages[work.offset : work.offset + self._slice_size]
        last = work.offset + len(chunk) >= len(batch.messages)
        advance = (
            FolderAdvance(work.name, batch.folder, batch.uidvalidity, batch.last_uid)
            if last
            else None
        )
        started = time.perf_counter()
        source = f"imap:{work.name}/{batch.folder}"
        work.tally += apply_messages(self.db, chunk, work.now, source, advance)
        if chunk:  # as many messages as fit half a slice, judging by these
            self._each = max(time.perf_counter() - started, 1e-6) / len(chunk)
            self._slice_size = max(1, min(250, int(SLICE_S / 2 / self._each)))
        work.offset += len(chunk)
        if last:
            work.batch, work.offset = work.batch + 1, 0

    def _problem(self, name: str, text: str) -> None:
        self._problems.append((name, text))
        self.failed.emit(name, text)

    def _finish(self) -> None:
        self._active = False
        self.busy_changed.emit(False)
        self.status.emit(self.summary(self.now()))

    def summary(self, now: datetime) -> str:
        """The status line after a round: the last problem, else when it was checked."""
        if self._problems:
            name, text = self._problems[-1]
            several = len(mail_accounts.list_accounts(self.db)) > 1
            return f"Mail ({name}): {text}" if several else f"Mail: {text}"
        zone = safe_zone(queries.get_profile(self.db).timezone)
        return f"Mail: checked {time_text(now.astimezone(zone))}"

    def wait(self, timeout: float | None = None) -> None:
        """Block until a fetch under way has ended (tests, and the app on its way out)."""
        thread = self._fetching
        if thread is not None:
            thread.join(timeout)
