"""The window while mail is checked: the longest the GUI event loop stalls during a check.

    python tests/benchmarks/bench_mail_window.py [--messages 300] [--relevant 30] [--runs 5]

Starts a throwaway Dovecot on 127.0.0.1 (tests/servers/dovecot.py: needs dovecot-imapd and
root; skipped otherwise), imports a generated job search of 200 applications, then per run
fills a fresh mailbox with --messages messages in INBOX (--relevant of them replies from the
search's contacts, the rest from strangers) and, with the real main window shown offscreen at
1280x800, runs the app's MailChecker (services/mail/mail_checker.py: prepare and apply on the
GUI thread, fetch on a worker) from Check now to the end of the round, while a 5 ms QTimer
notes every turn of the event loop. Prints:
- the check's wall time, and the GUI thread's share: prepare and apply (timed around them);
- the longest gap between two timer turns during the check (the window's worst freeze), and
  how many gaps passed 50 ms;
- the floors, measured in the same run for as long as a check takes: the same window idle, and
  a bare QMainWindow with the same timer (the event loop's own jitter), with the ratios.
Budget (issue 17): the window never freezes for more than 50 ms while mail is checked.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import REPO, fmt_s, job_search

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.servers.dovecot import Dovecot, Mailbox, skip_reason

BUDGET_S = 0.050
TICK_MS = 5
NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
ACCOUNT = "Bench"
USER = "alex@example.org"


def messages(count: int, contacts: list[str], relevant: int, seed: int) -> Iterator[tuple]:
    """``count`` messages of the last 30 days, ``relevant`` of them from ``contacts``."""
    rng = random.Random(seed)
    known = set(rng.sample(range(count), min(relevant, count)))
    for n in range(count):
        at = NOW - timedelta(minutes=rng.randint(60, 60 * 24 * 30))
        message = EmailMessage()
        sender = contacts[n % len(contacts)] if n in known else f"someone{n}@elsewhere.example"
        message["From"], message["To"] = sender, USER
        message["Subject"] = f"{'Re: ' if n in known else ''}message {n}"
        message["Date"] = at.strftime("%a, %d %b %Y %H:%M:%S +0000")
        message["Message-ID"] = f"<win-{seed}-{n}@bench.example>"
        message.set_content("Thanks, we will get back to you next week. " * rng.randint(2, 60))
        yield message.as_bytes(), at


def build(path: Path) -> list[str]:
    """The search (200 applications) in ``path``; the contacts' addresses."""
    from followup_desktop.core.interchange import parse_document
    from followup_desktop.core.model import Profile
    from followup_desktop.store import queries, writes
    from followup_desktop.store.open import open_store
    from followup_desktop.store.transfer import import_document, known_ids

    db = open_store(path)
    import_document(db, parse_document(job_search(200, NOW), "generated", known_ids(db)), NOW)
    writes.save_profile(db, Profile(name="Alex", email=USER, timezone="UTC"), NOW)
    writes.set_setting(db, "window/view", "today")
    addresses = sorted({c.email for c in queries.list_contacts(db) if c.email})
    db.close()
    return addresses


class Ticks:
    """A 5 ms timer noting when the event loop turned."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.times: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(lambda: self.times.append(time.perf_counter()))

    def run_while(self, busy: Callable[[], bool], start: Callable[[], object]) -> float:
        """Start the timer, call ``start``, turn the loop while ``busy()``; the seconds."""
        from PySide6.QtWidgets import QApplication

        self.times = []
        self.timer.start()
        began = time.perf_counter()
        self.times.append(began)
        start()
        while busy():
            QApplication.processEvents()
            time.sleep(0.0005)  # an idle loop sleeps in the event dispatcher; a little here too
        self.times.append(time.perf_counter())
        self.timer.stop()
        return self.times[-1] - began

    def gaps(self) -> list[float]:
        return [b - a for a, b in zip(self.times, self.times[1:], strict=False)]


def idle_for(seconds: float, ticks: Ticks) -> list[float]:
    deadline = time.perf_counter() + seconds
    ticks.run_while(lambda: time.perf_counter() < deadline, lambda: None)
    return ticks.gaps()


def one_run(template: Path, folder: Path, box: Mailbox, run: int, args) -> dict[str, object]:
    from followup_desktop.app.run import build_main_window
    from followup_desktop.core.mail_account import MailAccount
    from followup_desktop.services.mail import check, mail_checker
    from followup_desktop.services.mail.mail_checker import MailChecker
    from followup_desktop.store import mail_accounts
    from followup_desktop.store.open import open_store

    path = folder / f"run{run}.sqlite3"
    shutil.copy(template, path)
    db = open_store(path)
    contacts = args.contacts
    box.append_many("INBOX", messages(args.messages, contacts, args.relevant, seed=run))
    server = box.server
    mail_accounts.save_account(
        db, MailAccount(ACCOUNT, box.user, "127.0.0.1", server.port, "none", from_addr=USER)
    )
    window = build_main_window(db, lambda: NOW)
    window.resize(1280, 800)
    window.show()
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    spent = {"prepare": 0.0, "apply": 0.0}
    real_prepare, real_apply = check.prepare, mail_checker.apply_messages

    def timed(name: str, call: Callable):
        def wrapper(*a):
            started = time.perf_counter()
            try:
                return call(*a)
            finally:
                spent[name] += time.perf_counter() - started

        return wrapper

    check.prepare = timed("prepare", real_prepare)
    mail_checker.apply_messages = timed("apply", real_apply)  # one slice's transaction
    tallies: list[object] = []
    try:
        checker = MailChecker(db, lambda: NOW, lambda name: box.password, parent=window)
        checker.checked.connect(lambda name, tally: tallies.append(tally))
        ticks = Ticks()
        seconds = ticks.run_while(lambda: checker.busy, checker.check_now)
        gaps = ticks.gaps()
        window_floor = idle_for(seconds, ticks)
    finally:
        check.prepare, mail_checker.apply_messages = real_prepare, real_apply
        window.close()
        window.deleteLater()
        QApplication.processEvents()
        db.close()
    return {
        "seconds": seconds,
        "gaps": gaps,
        "window_floor": window_floor,
        "tally": tallies[0] if tallies else None,
        **spent,
    }


def bare_floor(seconds: float) -> list[float]:
    from PySide6.QtWidgets import QApplication, QMainWindow

    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    QApplication.processEvents()
    gaps = idle_for(seconds, Ticks())
    window.close()
    return gaps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--relevant", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    reason = skip_reason()
    if reason is not None:
        print(f"skipped: {reason}")
        return 0
    from followup_desktop.app.application import make_application

    make_application()
    with Dovecot.running() as server, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = folder / "search.sqlite3"
        args.contacts = build(template)
        results = []
        for run in range(args.runs + 1):  # the first is a warm-up (imports, server processes)
            result = one_run(template, folder, server.fresh_mailbox(), run, args)
            if run:
                results.append(result)
        floor = bare_floor(statistics.median(r["seconds"] for r in results))

    med = statistics.median
    worst = [max(r["gaps"]) for r in results]
    idle = [max(r["window_floor"]) for r in results]
    over = [sum(g > BUDGET_S for g in r["gaps"]) for r in results]
    print(
        f"{args.messages} messages in INBOX ({args.relevant} replies from the search's "
        f"contacts), a search of 200 applications; {args.runs} runs after a warm-up"
    )
    print(f"tally of a run: {results[0]['tally']}")
    print()
    print(f"{'':<48}{'median':>12}{'max':>12}")
    rows = [
        ("check, Check now to the end of the round", [r["seconds"] for r in results]),
        ("  on the GUI thread: prepare", [r["prepare"] for r in results]),
        ("  on the GUI thread: apply (in slices)", [r["apply"] for r in results]),
        ("longest event-loop gap during the check", worst),
        ("floor: the same window idle, longest gap", idle),
        ("floor: a bare QMainWindow idle, longest gap", [max(floor)]),
    ]
    for label, values in rows:
        print(f"{label:<48}{fmt_s(med(values)):>12}{fmt_s(max(values)):>12}")
    print()
    print(
        f"longest gap / budget ({BUDGET_S * 1000:.0f} ms): median {med(worst) / BUDGET_S:.2f}, "
        f"worst {max(worst) / BUDGET_S:.2f} (< 1 is within it); gaps over the budget per check: "
        f"{over}"
    )
    print(
        f"longest gap / bare-Qt floor: {med(worst) / max(floor):.1f}x; / the idle window: "
        f"{med(worst) / med(idle):.1f}x (timer every {TICK_MS} ms, PreciseTimer)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
