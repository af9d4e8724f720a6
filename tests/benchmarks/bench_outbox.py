"""The outbox's budgets (issue 18): queueing a message, opening the Outbox with 1,000 queued
messages, and the window while the outbox sends.

    python tests/benchmarks/bench_outbox.py [--queued 1000] [--send 20] [--runs 5]

Imports a generated job search of 1,000 applications (two interviewers each: 2,000 thank-yous)
and adds a mail account, then:
- queue: ``outbox.queue`` of --queued messages one by one (each its own transaction, as the
  draft's Send at makes it), against the floor of a bare SQLite INSERT + COMMIT of the same
  row in the same file;
- open: building the Outbox view over those messages, its refresh and its first paint
  (shown offscreen at 1280x800), against the floor of a bare QTableView over a 1,000-row
  QStandardItemModel shown the same way;
- send: with the real main window shown, --send due messages sent by the app's OutboxSender
  (services/mail/outbox_sender.py: the round on a worker thread) through a throwaway aiosmtpd
  server on 127.0.0.1 (tests/servers/smtp.py), while a 5 ms QTimer notes every turn of the
  event loop: the longest gap, against a bare QMainWindow idle for as long (the bare-Qt floor).
Budgets: queueing under 50 ms; the Outbox opens under 50 ms at 1,000; a send never blocks the
window for more than 50 ms. Asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import REPO, fmt_s, job_search
from bench_mail_window import Ticks, bare_floor

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

BUDGET_S = 0.050
NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
SLOT = NOW + timedelta(days=3)


def build(path: Path, smtp_port: int) -> list[tuple[str, str, str]]:
    """The search in ``path`` with an SMTP account; (follow-up, address, name) to queue."""
    from followup_desktop.core.interchange import parse_document
    from followup_desktop.core.mail_account import MailAccount
    from followup_desktop.core.model import Profile
    from followup_desktop.store import mail_accounts, queries, writes
    from followup_desktop.store.open import open_store
    from followup_desktop.store.transfer import import_document, known_ids

    db = open_store(path)
    import_document(db, parse_document(job_search(1000, NOW), "generated", known_ids(db)), NOW)
    writes.save_profile(db, Profile(name="Alex", email="alex@example.org", timezone="UTC"), NOW)
    writes.set_setting(db, "window/view", "today")
    mail_accounts.save_account(
        db,
        MailAccount("Bench", "alex@example.org", smtp_host="127.0.0.1", smtp_port=smtp_port,
                    smtp_security="none"),
    )  # fmt: skip
    contacts = {c.id: c for c in queries.list_contacts(db)}
    targets = []
    for item in queries.list_followups(db):
        contact = contacts.get(item.contact or "")
        if contact is not None and contact.email and item.kind.value != "move_on_review":
            targets.append((item.id, contact.email, contact.name))
    db.close()
    return targets


def queue_all(path: Path, targets, at: datetime) -> list[float]:
    from followup_desktop.store import outbox
    from followup_desktop.store.open import open_store

    db = open_store(path)
    times = []
    for followup, address, name in targets:
        began = time.perf_counter()
        outbox.queue(
            db, followup_id=followup, account="Bench", to_addr=address, to_name=name,
            subject=f"Thank you, {name}", body="Dear …\n\nThank you.\n\nAlex", send_at=at,
            zone="Europe/Berlin", now=NOW,
        )  # fmt: skip
        times.append(time.perf_counter() - began)
    db.close()
    return times


def bare_inserts(path: Path, count: int) -> list[float]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS floor (id INTEGER PRIMARY KEY, a, b, c, d)")
    times = []
    for n in range(count):
        began = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO floor (a, b, c, d) VALUES (?, ?, ?, ?)", [n, "x", "y", "z"])
        conn.execute("COMMIT")
        times.append(time.perf_counter() - began)
    conn.close()
    return times


def open_outbox(path: Path) -> float:
    from PySide6.QtWidgets import QApplication

    from followup_desktop.store.open import open_store
    from followup_desktop.ui.outbox.outbox_view import OutboxView

    db = open_store(path)
    gc.collect()  # as the app does after start-up (app/run.py freezes what start-up made):
    gc.freeze()  # a full pass over the benchmark's own garbage is not the view's cost
    began = time.perf_counter()
    view = OutboxView(db, lambda: NOW)
    view.starts_with_session = lambda: True
    view.resize(1280, 800)
    view.show()
    QApplication.processEvents()  # the first paint (the rows on screen formatted)
    took = time.perf_counter() - began
    view.close()
    view.deleteLater()
    QApplication.processEvents()
    db.close()
    return took


def open_bare_table(rows: int) -> float:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    gc.collect()
    gc.freeze()
    began = time.perf_counter()
    model = QStandardItemModel(rows, 6)
    for row in range(rows):
        for column in range(6):
            model.setItem(row, column, QStandardItem(f"cell {row} {column}"))
    table = QTableView()
    table.setModel(model)
    table.resize(1280, 800)
    table.show()
    QApplication.processEvents()
    took = time.perf_counter() - began
    table.close()
    table.deleteLater()
    QApplication.processEvents()
    return took


def send_gaps(path: Path, count: int) -> tuple[float, list[float], int]:
    """The window shown; ``count`` due messages sent by the app's sender; (seconds, gaps,
    sent)."""
    from PySide6.QtWidgets import QApplication

    from followup_desktop.app.run import build_main_window
    from followup_desktop.services.mail.outbox_sender import OutboxSender
    from followup_desktop.store import outbox
    from followup_desktop.store.open import open_store

    db = open_store(path)
    window = build_main_window(db, lambda: SLOT)
    window.resize(1280, 800)
    window.show()
    QApplication.processEvents()
    sent: list = []
    sender = OutboxSender(db, lambda: SLOT, lambda name: "", parent=window)
    sender.reported.connect(lambda report: sent.extend(report.sent))
    ticks = Ticks()
    seconds = ticks.run_while(lambda: sender.busy or not sent, sender.tick)
    done = len([i for i in outbox.list_items(db, ("sent",))])
    window.close()
    QApplication.processEvents()
    db.close()
    del count
    return seconds, ticks.gaps(), done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queued", type=int, default=1000)
    parser.add_argument("--send", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from followup_desktop.app.application import make_application
    from tests.servers.smtp import SmtpServer, skip_reason

    reason = skip_reason()
    if reason is not None:
        print(f"skipped: {reason}")
        return 0
    make_application()
    queue_t, floor_t, open_t, bare_t, runs = [], [], [], [], []
    with SmtpServer.running(security="none") as server, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = folder / "search.sqlite3"
        targets = build(template, server.port)
        for run in range(args.runs + 1):  # the first is a warm-up
            path = folder / f"run{run}.sqlite3"
            path.write_bytes(template.read_bytes())
            q = queue_all(path, targets[: args.queued], SLOT + timedelta(days=1))
            f = bare_inserts(folder / f"floor{run}.sqlite3", args.queued)
            o, b = open_outbox(path), open_bare_table(args.queued)
            sending = folder / f"send{run}.sqlite3"
            sending.write_bytes(template.read_bytes())
            queue_all(sending, targets[: args.send], SLOT - timedelta(minutes=1))
            server.clear()
            seconds, gaps, sent = send_gaps(sending, args.send)
            if run:
                queue_t.append(q)
                floor_t.append(f)
                open_t.append(o)
                bare_t.append(b)
                runs.append((seconds, gaps, sent, len(server.received())))
        idle = bare_floor(statistics.median(r[0] for r in runs))

    med = statistics.median
    all_queue = [t for run in queue_t for t in run]
    all_floor = [t for run in floor_t for t in run]
    worst = [max(r[1]) for r in runs]
    print(f"a search of 1,000 applications; {args.queued} queued; {args.send} sent per run; "
          f"{args.runs} runs after a warm-up")  # fmt: skip
    print(f"sent per run (the app's count / the SMTP server's): {[(r[2], r[3]) for r in runs]}")
    print()
    print(f"{'':<52}{'median':>12}{'max':>12}")
    rows = [
        ("queue one message (outbox.queue)", all_queue),
        ("floor: bare SQLite INSERT + COMMIT", all_floor),
        (f"open the Outbox at {args.queued} (build, refresh, paint)", open_t),
        (f"floor: bare QTableView over {args.queued} rows", bare_t),
        (f"send {args.send}: the round, Send to reported", [r[0] for r in runs]),
        ("longest event-loop gap during the send", worst),
        ("floor: a bare QMainWindow idle, longest gap", [max(idle)]),
    ]
    for label, values in rows:
        print(f"{label:<52}{fmt_s(med(values)):>12}{fmt_s(max(values)):>12}")
    print(f"open per run: {', '.join(fmt_s(t) for t in open_t)}")
    print()
    print(
        f"queue / budget: median {med(all_queue) / BUDGET_S:.3f}, worst "
        f"{max(all_queue) / BUDGET_S:.2f}; / bare insert: {med(all_queue) / med(all_floor):.1f}x"
    )
    print(
        f"open / budget: median {med(open_t) / BUDGET_S:.2f}, worst {max(open_t) / BUDGET_S:.2f}; "
        f"/ bare QTableView: {med(open_t) / med(bare_t):.1f}x"
    )
    print(
        f"longest gap / budget: median {med(worst) / BUDGET_S:.2f}, worst "
        f"{max(worst) / BUDGET_S:.2f}; / bare-Qt floor: {med(worst) / max(idle):.1f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
