"""The workspace at scale: pipeline, search-as-you-type, the notes form, memory.

    python tests/benchmarks/bench_workspace.py [--apps 10000] [--interviews 3] [--runs 5]

Generates N applications with ``--interviews`` rounds each (default 10,000 x 3 = 30,000
interviews), imports them through the command line in a separate process (so the figures below
are the workspace's, not the import's), then, in this process with the real widgets offscreen:
- the pipeline opening: the view built, its one query run, rows sorted and shown (budget 300 ms);
- refreshing it again (after a write elsewhere);
- search as you type: each keystroke of a few queries typed one character at a time (budget
  50 ms per keystroke). A keystroke filters at once and asks the full-text index too, unless
  the previous full-text search was slow: then that part runs once the typing pauses (150 ms),
  timed separately;
- the notes form opening, on an existing interview and new for an application (budget 100 ms):
  the first time (the window builds it) and then as the window reuses it (it also builds it
  ahead, while idle, so in use every opening is the reused kind);
- the process's peak resident memory at the end (budget 300 MB).
Medians (and the worst keystroke); prints figures and ratios, asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import app_command, app_env, fmt_s, job_search, median, now_utc, run

PIPELINE_BUDGET_S = 0.300
KEYSTROKE_BUDGET_S = 0.050
FORM_BUDGET_S = 0.100
MEMORY_BUDGET_MB = 300
QUERIES = ("system design", "Company 123", "dana", "scheduling", "Engineer 99")


def document(apps: int, rounds: int, now) -> dict:
    """The generated job search with ``rounds`` interviews per application (later rounds a
    week apart, so each re-plan supersedes the previous round)."""
    doc = job_search(apps, now)
    extra = []
    for interview in doc["interviews"]:
        for number in range(2, rounds + 1):
            later = dict(interview)
            later["id"] = interview["id"][:-2] + f"-{number}"
            later["round"] = number
            from datetime import datetime

            starts = datetime.fromisoformat(interview["starts_at"])
            later["starts_at"] = (starts + timedelta(days=7 * (number - 1))).isoformat()
            later["notes"] = {"topics": f"Round {number}: scheduling and system design."}
            extra.append(later)
    doc["interviews"] += extra
    return doc


def timed(action) -> float:
    from PySide6.QtWidgets import QApplication

    start = time.perf_counter()
    action()
    QApplication.processEvents()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--interviews", type=int, default=3, help="rounds per application")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    with tempfile.TemporaryDirectory(prefix="fd-bench-ws-") as tmp:
        folder = Path(tmp)
        now = now_utc()
        t = time.perf_counter()
        doc = document(args.apps, args.interviews, now)
        source = folder / "jobs.json"
        source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        path = folder / "workspace.sqlite3"
        ran = run([*app_command(), "--db", str(path), "import", str(source)], env=app_env(folder))
        if ran.code != 0:
            raise SystemExit(f"import failed: {ran.err[-2000:]}")
        print(
            f"{args.apps} applications, {len(doc['interviews'])} interviews, "
            f"{len(doc['contacts'])} contacts imported in {ran.seconds:.1f} s "
            f"(generated and imported in {time.perf_counter() - t:.1f} s); "
            f"database {path.stat().st_size / 1e6:.1f} MB"
        )
        del doc
        return measure(path, now, args.runs)


def measure(path: Path, now, runs: int) -> int:
    from followup_desktop.app.run import build_main_window
    from followup_desktop.store import pipeline_query, writes
    from followup_desktop.store.open import open_store

    db = open_store(path)
    writes.set_setting(db, "window/view", "calendar")  # so the pipeline is built when shown
    window = build_main_window(db, lambda: now)
    window.resize(1280, 800)
    window._drafts_checked = True  # no draft recovery, no form built ahead: measure it all
    window.show()

    first = timed(lambda: window.show_view("pipeline"))
    view = window.view("pipeline")
    rows = view.model.rowCount()
    query = [timed(lambda: pipeline_query.pipeline_records(db, now)) for _ in range(runs)]
    refresh = [timed(view.refresh) for _ in range(runs)]

    strokes: list[float] = []
    typed: list[str] = []
    paused: list[float] = []
    for text in QUERIES:
        for end in range(1, len(text) + 1):
            strokes.append(timed(lambda prefix=text[:end]: view.search.setText(prefix)))
            typed.append(text[:end])
        deferred = view.search_timer.isActive()
        view.search_timer.stop()
        paused.append(timed(view._full_text))  # what the pause timer runs
        found = len(view.visible_applications())
        note = " (full-text part waited for the pause)" if deferred else ""
        print(f"  search {text!r}: {found} applications shown{note}")
        view.search.clear()

    count = db.execute("SELECT count(*) FROM interviews").fetchone()[0]
    interview, application = db.execute(
        "SELECT id, application FROM interviews ORDER BY id LIMIT 1 OFFSET ?", [count // 2]
    ).fetchone()
    forms: dict[str, list[float]] = {"existing interview": [], "new interview": []}
    cold = timed(lambda: window.open_form(interview_id=interview))  # builds the form
    window.form.reject()
    for _ in range(runs):  # the window reuses its form (and builds it ahead, when idle)
        for label, kwargs in (
            ("existing interview", {"interview_id": interview}),
            ("new interview", {"application_id": application}),
        ):
            forms[label].append(timed(lambda kw=kwargs: window.open_form(**kw)))
            window.form.reject()

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window.timer.stop()
    window.hide()
    db.close()

    print()
    print(f"{'what':<40}{'median':>12}{'budget':>12}{'ratio':>8}")
    lines = [
        ("pipeline opens (first show)", first, PIPELINE_BUDGET_S),
        ("pipeline refresh", median(refresh), PIPELINE_BUDGET_S),
        ("  of which the one SQL query", median(query), None),
        ("search, per keystroke (median)", median(strokes), KEYSTROKE_BUDGET_S),
        ("search, worst keystroke", max(strokes), KEYSTROKE_BUDGET_S),
        ("full-text part once typing pauses (med.)", median(paused), None),
        ("full-text part once typing pauses (max)", max(paused), None),
        ("form built and opened (first time)", cold, FORM_BUDGET_S),
        ("form opens: existing interview", median(forms["existing interview"]), FORM_BUDGET_S),
        ("form opens: new interview", median(forms["new interview"]), FORM_BUDGET_S),
    ]
    for label, value, budget in lines:
        extra = f"{fmt_s(budget):>12}{value / budget:>8.2f}" if budget else ""
        print(f"{label:<40}{fmt_s(value):>12}{extra}")
    print(f"{'peak memory (this process)':<40}{peak_mb:>9.0f} MB{MEMORY_BUDGET_MB:>9} MB"
          f"{peak_mb / MEMORY_BUDGET_MB:>8.2f}")  # fmt: skip
    worst = sorted(zip(strokes, typed, strict=True), reverse=True)[:3]
    print(
        f"{rows} rows in the pipeline; {len(strokes)} keystrokes measured; slowest: "
        + ", ".join(f"{text!r} {seconds * 1000:.0f} ms" for seconds, text in worst)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
