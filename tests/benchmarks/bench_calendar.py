"""The calendar view with 10,000 follow-ups: time to move between months (budget: < 50 ms).

    python tests/benchmarks/bench_calendar.py [--followups 10000] [--switches 24]

Builds a database through the real import path (a generated job search, planned by the planner),
tops it up to exactly N follow-ups with copies spread over the same months, then opens the real
CalendarView offscreen at 1280x800 and measures, per month switch (PgDn/PgUp as the keyboard
does it): the range query alone, and the whole switch (query + grid data + day panel + summary +
a synchronous repaint of the month grid). Also the week and agenda views. Prints medians, p95 and
maxima with the number of items in each month shown; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import job_search, now_utc

BUDGET_MS = 50.0


def build(path: Path, followups: int, now):
    from followup_desktop.core.interchange import parse_document
    from followup_desktop.store.open import open_store
    from followup_desktop.store.transfer import import_document, known_ids

    db = open_store(path)
    apps = max(1, followups // 5)  # about five follow-ups per interviewing application
    started = time.perf_counter()
    import_document(db, parse_document(job_search(apps, now), "generated", known_ids(db)), now)
    imported = time.perf_counter() - started
    have = db.execute("SELECT count(*) FROM followups").fetchone()[0]
    if have < followups:  # top up with copies a few weeks later, same shape
        cols = [r[1] for r in db.execute("PRAGMA table_info(followups)").fetchall()]
        rows = db.execute(f"SELECT {', '.join(cols)} FROM followups").fetchall()
        extra = []
        for n in range(followups - have):
            row = dict(zip(cols, rows[n % len(rows)], strict=True))
            row["id"] = f"{row['id']}#copy{n}"
            shifted = datetime.fromisoformat(row["due"]) + timedelta(days=21 + n % 40)
            row["due"] = shifted.isoformat()
            extra.append(row)
        with db.conn:
            db["followups"].insert_all(extra)
    elif have > followups:
        with db.conn:
            db.execute(
                "DELETE FROM followups WHERE id IN (SELECT id FROM followups ORDER BY id LIMIT ?)",
                [have - followups],
            )
    return db, imported


def ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return (
        f"median {statistics.median(values) * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms   "
        f"max {values[-1] * 1000:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followups", type=int, default=10_000)
    parser.add_argument("--switches", type=int, default=24)
    args = parser.parse_args()
    now = now_utc()
    with tempfile.TemporaryDirectory() as tmp:
        db, imported = build(Path(tmp) / "bench.sqlite3", args.followups, now)
        total = db.execute("SELECT count(*) FROM followups").fetchone()[0]
        interviews = db.execute("SELECT count(*) FROM interviews").fetchone()[0]
        print(f"database: {total} follow-ups, {interviews} interviews (import {imported:.1f} s)")
        run(db, now, args.switches)
        db.close()


def run(db, now, switches: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from followup_desktop.app.run import build_main_window
    from followup_desktop.ui.calendar import range_items as calendar_range

    window = build_main_window(db, lambda: now)
    window.resize(1280, 800)
    window.show()
    app = QApplication.instance()
    started = time.perf_counter()
    view = window.show_view("calendar")
    view.month.repaint()
    app.processEvents()
    first_show = (time.perf_counter() - started) * 1000
    print(f"first show of the calendar (build + first month): {first_show:.1f} ms")

    query, whole, cpu, counts = [], [], [], []
    original = calendar_range.load_range

    def timed_load(*a, **k):
        t0 = time.perf_counter()
        result = original(*a, **k)
        query.append(time.perf_counter() - t0)
        return result

    import followup_desktop.ui.calendar.calendar_view as calendar_view

    calendar_view.load_range = timed_load
    view.month.setFocus()
    # Start three months back, then page forward and back over the busy months.
    for _ in range(3):
        QTest.keyClick(view.month, Qt.Key.Key_PageUp)
    query.clear()
    keys = [Qt.Key.Key_PageDown] * (switches // 2) + [Qt.Key.Key_PageUp] * (switches // 2)
    for key in keys:
        t0, c0 = time.perf_counter(), time.process_time()
        QTest.keyClick(view.month, key)
        view.month.repaint()  # paint now, synchronously, as the user would see it
        whole.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        counts.append(view.items.total)
    print(f"month switch, range query only:  {ms(query)}")
    print(f"month switch, whole (paint too): {ms(whole)}   budget < {BUDGET_MS:.0f} ms")
    print(f"  the same in CPU time (this process): {ms(cpu)}")
    busy = [n for n, count in enumerate(counts) if count == max(counts)]
    print(
        f"items per shown month (6-week grid): max {max(counts)}, median "
        f"{statistics.median(counts):.0f}; the busiest month took "
        + ", ".join(f"{whole[n] * 1000:.1f}" for n in busy)
        + " ms"
    )
    over = sum(1 for w in whole if w * 1000 > BUDGET_MS)
    print(f"switches over budget: {over} of {len(whole)}")

    for mode, widget in (("week", view.week), ("agenda", view.agenda)):
        view.set_mode(mode)
        view.go_today()
        times, cpu_times = [], []
        for key in [Qt.Key.Key_PageDown, Qt.Key.Key_PageUp] * 6:
            t0, c0 = time.perf_counter(), time.process_time()
            QTest.keyClick(widget, key)
            widget.repaint()
            app.processEvents()
            times.append(time.perf_counter() - t0)
            cpu_times.append(time.process_time() - c0)
        print(f"{mode:6s} view, month switch:          {ms(times)}")
        print(f"  the same in CPU time:                {ms(cpu_times)}")
    calendar_view.load_range = original
    window.close()


if __name__ == "__main__":
    main()
