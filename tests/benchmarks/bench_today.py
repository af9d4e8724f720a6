"""The Today screen with 10,000 applications: opening it (budget < 50 ms) and its refresh after
a write (budget < 30 ms), against a bare-Qt floor.

    python tests/benchmarks/bench_today.py [--apps 10000] [--runs 7]

Builds a database through the real import path (the generated job search of _data.py, planned
by the planner: ~37,000 follow-ups, a third of them overdue at "now"), then, in this process with
the real window offscreen at 1280x800, measures:
- Today opened the first time (module import, view built, groups read, first paint), and until
  it is complete: the applications waiting for a reply are read right after that first paint;
- Today opened again after a write made elsewhere (switching to it re-reads it), likewise;
- the refresh after a write: Mark sent (D) on the selected row, split into the write itself (one
  transaction that re-plans the application) and what follows it (the groups read again, the
  list, the status bar and the tray's counts, a synchronous repaint);
- the reading alone (store/today_query.py): counts, the first page, the applications waiting;
- the floor: a bare QTableView over a trivial model of as many rows, shown and painted the same.
Medians of --runs; prints figures and ratios, asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import fmt_s, job_search, now_utc

OPEN_BUDGET_S = 0.050
REFRESH_BUDGET_S = 0.030
SIZE = (1280, 800)


def build(path: Path, apps: int, now):
    from followup_desktop.core.interchange import parse_document
    from followup_desktop.store.open import open_store
    from followup_desktop.store.transfer import import_document, known_ids
    from followup_desktop.store.writes import set_setting

    db = open_store(path)
    started = time.perf_counter()
    import_document(db, parse_document(job_search(apps, now), "generated", known_ids(db)), now)
    set_setting(db, "window/view", "settings")  # the window opens elsewhere: Today is measured
    return db, time.perf_counter() - started


def painted(widget) -> None:
    from PySide6.QtWidgets import QApplication

    widget.repaint()
    QApplication.processEvents()


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def opened(window, key: str) -> tuple[float, float]:
    """Show the view ``key``: (until it is painted, until the events it queued have run)."""
    from PySide6.QtWidgets import QApplication

    started = time.perf_counter()
    view = window.show_view(key)
    view.repaint()  # what the first frame shows, synchronously
    shown = time.perf_counter() - started
    QApplication.processEvents()  # what it does after that frame (reading "waiting")
    view.repaint()
    return shown, time.perf_counter() - started


def floor(rows: int, runs: int) -> tuple[float, float]:
    """A bare QTableView over a model of ``rows`` constant rows: (first show, a reset)."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QTableView

    class Bare(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):  # noqa: B008
            return 0 if parent.isValid() else rows

        def columnCount(self, parent=QModelIndex()):  # noqa: B008
            return 0 if parent.isValid() else 4

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            return "Thank-you · Dana Lee" if role == Qt.ItemDataRole.DisplayRole else None

        def reset(self):
            self.beginResetModel()
            self.endResetModel()

    def show() -> QTableView:
        table = QTableView()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.setModel(Bare(table))
        table.resize(*SIZE)
        table.show()
        painted(table)
        return table

    firsts, resets = [], []
    for _ in range(runs):
        started = time.perf_counter()
        table = show()
        firsts.append(time.perf_counter() - started)
        model = table.model()
        resets.append(timed(lambda m=model, t=table: (m.reset(), painted(t))))
        table.close()
        table.deleteLater()
    return statistics.median(firsts), statistics.median(resets)


def measure(db, now, runs: int) -> None:
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from followup_desktop.app.run import build_main_window
    from followup_desktop.store import queries, writes
    from followup_desktop.store.today_query import OVERDUE, today_groups

    zone = ZoneInfo(queries.get_profile(db).timezone)
    clock = {"now": now}
    window = build_main_window(db, lambda: clock["now"])
    window.resize(*SIZE)
    window.show()
    window.activateWindow()  # shortcuts (D) reach the active window only
    painted(window)
    window.timer.stop()

    first, first_whole = opened(window, "today")
    view = window.view("today")
    view.table.setFocus()
    rows = view.model.rowCount()
    counts = {g: view.model.rows.count(g) for g in ("overdue", "today", "next", "waiting")}

    again, again_whole, refresh, write, whole = [], [], [], [], []
    reading: dict[str, list[float]] = {"counts": [], "page": [], "wait": []}
    for run in range(runs):
        # Opened again after a write elsewhere: the window marks Today stale, the switch re-reads.
        window.show_view("settings")
        item = today_groups(db, clock["now"], zone).item(OVERDUE, 0)
        assert item is not None
        writes.mark_done(db, item.id, clock["now"])
        window.data_changed("settings")
        shown, complete = opened(window, "today")
        again.append(shown)
        again_whole.append(complete)
        # Mark sent (D) on the selected row: the write, then everything that follows it.
        view.select_row(view.model.rows.first_item_row() + run)
        target = view.current_item()
        assert target is not None
        real = writes.mark_done
        spent: list[float] = []

        def timed_write(*args, real=real, spent=spent):
            started = time.perf_counter()
            result = real(*args)
            spent.append(time.perf_counter() - started)
            return result

        writes.mark_done = timed_write
        try:
            total = timed(lambda: (QTest.keyClick(view.table, Qt.Key.Key_D), painted(view.table)))
        finally:
            writes.mark_done = real
        write.append(spent[0])
        whole.append(total)
        refresh.append(total - spent[0])
        started = time.perf_counter()
        groups = today_groups(db, clock["now"], zone)
        reading["counts"].append(time.perf_counter() - started)
        reading["page"].append(timed(lambda g=groups: g.items(OVERDUE, 0, 40)))
        reading["wait"].append(timed(lambda g=groups: g.waiting(0, 40)))
        clock["now"] += timedelta(seconds=1)

    bare_first, bare_reset = floor(rows, runs)
    window.hide()

    def med(values: list[float]) -> float:
        return statistics.median(values)

    print(
        f"Today: {rows:,} rows: "
        + ", ".join(f"{n:,} {g}" for g, n in counts.items())
        + f"; waiting read for {counts['waiting']:,} applications"
    )
    print()
    print(f"{'what':<46}{'median':>12}{'budget':>12}{'ratio':>8}{'x floor':>9}")
    lines = [
        ("Today opens (first time: import, build)", first, OPEN_BUDGET_S, bare_first),
        ("  the same, complete (waiting read after)", first_whole, None, None),
        ("Today opens again after a write elsewhere", med(again), OPEN_BUDGET_S, bare_reset),
        ("  the same, complete (waiting read after)", med(again_whole), None, None),
        (
            "refresh after a write (D), without the write",
            med(refresh),
            REFRESH_BUDGET_S,
            bare_reset,
        ),
        ("  the write itself (one transaction, re-plan)", med(write), None, None),
        ("  D in all: write + refresh + status + paint", med(whole), None, None),
        ("  reading: today_groups (the counts)", med(reading["counts"]), None, None),
        ("  reading: the first 40 overdue", med(reading["page"]), None, None),
        ("  reading: the first 40 waiting (of all)", med(reading["wait"]), None, None),
        ("floor: bare QTableView shown (same rows)", bare_first, None, None),
        ("floor: bare QTableView reset + repaint", bare_reset, None, None),
    ]
    for label, value, budget, base in lines:
        ratio = f"{value / budget:>8.2f}" if budget else f"{'':>8}"
        times = f"{value / base:>8.1f}x" if base else ""
        budget_text = fmt_s(budget) if budget else ""
        print(f"{label:<46}{fmt_s(value):>12}{budget_text:>12}{ratio}{times}")
    print(
        "\nratio: median / budget (< 1 is within it); x floor: against the bare QTableView of as "
        "many rows (shown, or reset and repainted) measured above, in this process."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    now = now_utc()
    with tempfile.TemporaryDirectory(prefix="fd-bench-today-") as tmp:
        db, imported = build(Path(tmp) / "today.sqlite3", args.apps, now)
        total = db.execute("SELECT count(*) FROM followups").fetchone()[0]
        print(f"{args.apps:,} applications, {total:,} follow-ups (imported in {imported:.1f} s)")
        measure(db, now, args.runs)
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
