"""The planner alone (core/planner.py, no database): time to plan N interviews.

    python tests/benchmarks/bench_planner.py [--apps 10000] [--runs 3]

Builds one PlanContext per application from a generated job search (24 zones/countries, two
interviewers per interview, one message each), then times plan_application over all of them:
- cold: the first pass in this process (holiday tables and zones are loaded and cached);
- warm: later passes, from scratch (no existing follow-ups);
- re-plan: planning again over the previous pass's output (what every edit and import does).
Prints µs per interview; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import job_search, median, now_utc


def contexts(apps: int, now):
    from followup_desktop.core.interchange import parse_document
    from followup_desktop.core.model import Profile
    from followup_desktop.core.planner import PlanContext

    doc = parse_document(job_search(apps, now), "generated")
    profile = doc.profile or Profile()
    companies = {c.id: c for c in doc.companies}
    contacts = {c.id: c for c in doc.contacts}
    interviews, comms = defaultdict(list), defaultdict(list)
    for interview in doc.interviews:
        interviews[interview.application].append(interview)
    for comm in doc.communications:
        comms[comm.application].append(comm)
    return [
        PlanContext(
            profile=profile,
            company=companies[app.company],
            application=app,
            contacts=contacts,
            interviews=interviews[app.id],
            communications=comms[app.id],
            existing=[],
            now=now,
        )
        for app in doc.applications
    ]


def plan_all(ctxs, existing=None) -> tuple[float, list]:
    from dataclasses import replace

    from followup_desktop.core.planner import plan_application

    results = []
    start = time.perf_counter()
    for i, ctx in enumerate(ctxs):
        if existing is not None:
            ctx = replace(ctx, existing=existing[i])
        results.append(plan_application(ctx).followups)
    return time.perf_counter() - start, results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    t = time.perf_counter()
    ctxs = contexts(args.apps, now_utc())
    n = sum(len(c.interviews) for c in ctxs)
    built = time.perf_counter() - t
    print(f"{len(ctxs)} applications, {n} interviews; contexts built in {built:.2f} s")

    cold, planned = plan_all(ctxs)
    warm = [plan_all(ctxs)[0] for _ in range(args.runs)]
    again = [plan_all(ctxs, planned)[0] for _ in range(args.runs)]
    items = sum(len(p) for p in planned)

    print(f"{'pass':<30}{'total':>10}{'per interview':>16}{'per item':>12}")
    for label, seconds in (
        ("cold (first in process)", cold),
        (f"warm (median of {args.runs})", median(warm)),
        (f"re-plan (median of {args.runs})", median(again)),
    ):
        print(
            f"{label:<30}{seconds:>9.2f}s{seconds / n * 1e6:>13.0f} µs"
            f"{seconds / max(items, 1) * 1e6:>9.0f} µs"
        )
    print(f"{items} follow-ups planned ({items / n:.1f} per interview)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
