"""Undo and redo of one action with 10,000 applications (budget: undo under 50 ms).

    python tests/benchmarks/bench_undo.py [--apps 10000] [--runs 15]

Builds a database through the real import path (a generated job search, planned by the
planner), then, per action and per run on a different application: makes the write the way the
views do (``store/undo.recorded``: its rows read before and after, in its transaction), undoes it
(``store/undo.restore``: the check that nothing changed since, the rows put back, the re-plan, one
transaction) and redoes it. Actions: mark done, reschedule, a logged reply, a stage change, a
contact deleted, two contacts merged. Prints, per action, the medians and maxima of the write as
recorded, of the recording alone (the two snapshots), of the undo and of the redo, with the
re-plan's share of the undo; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import job_search, now_utc

BUDGET_MS = 50.0


def build(path: Path, apps: int, now):
    from followup_desktop.core.interchange import parse_document
    from followup_desktop.store.open import open_store
    from followup_desktop.store.transfer import import_document, known_ids

    db = open_store(path)
    started = time.perf_counter()
    import_document(db, parse_document(job_search(apps, now), "generated", known_ids(db)), now)
    return db, time.perf_counter() - started


def actions(db, now) -> dict[str, Callable[[str], tuple[object, Callable[[], object]]]]:
    """name -> for an application id: (the scope, the write)."""
    from followup_desktop.core.model import Communication, Direction, Stage
    from followup_desktop.store import people, queries, undo, writes

    def pending(app: str) -> str:
        items = queries.list_followups(db, statuses=["planned"], applications=[app])
        return items[0].id if items else ""

    def done(app):
        fid = pending(app)
        return undo.followup_scope(db, fid), lambda: writes.mark_done(db, fid, now)

    def moved(app):
        fid = pending(app)
        return undo.followup_scope(db, fid), lambda: writes.reschedule(
            db, fid, now + timedelta(days=9), now
        )

    def reply(app):
        comm = Communication(f"bench-{app}", app, now, Direction.RECEIVED, f"p{app[3:]}-0")
        return undo.applications_scope([app]), lambda: writes.log_communication(db, comm, now)

    def stage(app):
        return undo.applications_scope([app]), lambda: writes.set_stage(db, app, Stage.OFFER, now)

    def deleted(app):
        person = f"p{app[3:]}-1"
        return undo.contacts_scope(db, [person]), lambda: people.delete_contact(db, person, now)

    def merged(app):
        both = [f"p{app[3:]}-0", f"p{app[3:]}-1"]
        return undo.contacts_scope(db, both), lambda: people.merge_contacts(db, both[0], both, now)

    return {
        "mark done": done,
        "reschedule": moved,
        "log a reply": reply,
        "stage change": stage,
        "delete contact": deleted,
        "merge contacts": merged,
    }


def timed(run: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = run()
    return (time.perf_counter() - started) * 1000, result


def measure(db, now, runs: int) -> None:
    from followup_desktop.store import planning, undo

    apps = [r[0] for r in db.execute("SELECT id FROM applications ORDER BY id").fetchall()]
    interviewing = [
        r[0]
        for r in db.execute(
            "SELECT id FROM applications WHERE stage = 'interviewing' ORDER BY id"
        ).fetchall()
    ]
    replan_ms: list[float] = []
    real_replan = planning.replan

    def counting_replan(*args, **kwargs):
        ms, result = timed(lambda: real_replan(*args, **kwargs))
        replan_ms.append(ms)
        return result

    undo.replan = counting_replan  # the undo's share spent re-planning (measured, not changed)
    print(f"{len(apps):,} applications; {runs} runs per action, each on another application")
    print(
        f"{'action':<16} {'write+record':>13} {'record only':>12} {'undo':>9} {'undo max':>9}"
        f" {'re-plan':>8} {'redo':>9}   budget {BUDGET_MS:.0f} ms (undo)"
    )
    step = max(1, len(interviewing) // (runs * 6 + 1))
    chosen = iter(interviewing[::step])
    for name, make in actions(db, now).items():
        writes_ms, record_ms, undo_ms, redo_ms, share = [], [], [], [], []
        for _ in range(runs):
            app = next(chosen)
            scope, write = make(app)
            ms_write, (_result, change) = timed(lambda s=scope, w=write: undo.recorded(db, s, w))
            ms_plain, _ = timed(lambda s=scope: (undo.take(db, s), undo.take(db, s)))
            replan_ms.clear()
            ms_undo, _ = timed(lambda c=change: undo.restore(db, c.after, c.before, now))
            share.append(sum(replan_ms))
            ms_redo, _ = timed(lambda c=change: undo.restore(db, c.before, c.after, now))
            writes_ms.append(ms_write)
            record_ms.append(ms_plain)
            undo_ms.append(ms_undo)
            redo_ms.append(ms_redo)
        med = statistics.median
        verdict = "ok" if med(undo_ms) < BUDGET_MS else "OVER"
        print(
            f"{name:<16} {med(writes_ms):10.1f} ms {med(record_ms):9.1f} ms {med(undo_ms):6.1f} ms"
            f" {max(undo_ms):6.1f} ms {med(share):5.1f} ms {med(redo_ms):6.1f} ms   {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    now = now_utc()
    with tempfile.TemporaryDirectory() as tmp:
        db, seconds = build(Path(tmp) / "bench.sqlite3", args.apps, now)
        print(f"built by import in {seconds:.1f} s")
        measure(db, now, args.runs)
        db.close()


if __name__ == "__main__":
    main()
