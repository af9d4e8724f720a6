"""Import and agenda at scale, through the real command line (a fresh process each time).

    python tests/benchmarks/bench_import.py [--apps 10000] [--runs 3]

Generates an interchange file (N applications over N/2 companies in 24 zones/countries, each
with two contacts who both interview, one interview and one message), then times:
- `followup-desktop --db NEW import FILE` into an empty database (budget < 10 s at 10k);
- `followup-desktop --db DB agenda --json` on the imported database (budget < 1 s at 10k).
Medians of --runs; prints figures and ratios to the budgets, asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import app_command, app_env, fmt_s, job_search, median, now_utc, run

IMPORT_BUDGET_S = 10.0
AGENDA_BUDGET_S = 1.0


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall time and stdout of one run of the app's command line (a failure stops the bench)."""
    ran = run([*app_command(), *argv], env=env)
    if ran.code != 0:
        raise SystemExit(f"{argv} failed ({ran.code}): {ran.err[-2000:]}")
    return ran.seconds, ran.out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fd-bench-") as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        doc = job_search(args.apps, now_utc())
        source = folder / "jobs.json"
        source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        size_mb = source.stat().st_size / 1e6
        print(
            f"generated {args.apps} applications, {len(doc['companies'])} companies, "
            f"{len(doc['contacts'])} contacts, {len(doc['interviews'])} interviews, "
            f"{len(doc['communications'])} messages: {size_mb:.1f} MB "
            f"in {time.perf_counter() - t:.1f} s"
        )
        print(f"command: {' '.join(app_command())}")
        env = app_env(folder / "pycache")
        warm = folder / "warm.json"  # compile the bytecode once, outside the measurements
        warm.write_text(json.dumps(job_search(10, now_utc())), encoding="utf-8")
        timed(["--db", str(folder / "warm.sqlite3"), "import", str(warm)], env)
        timed(["--db", str(folder / "warm.sqlite3"), "agenda", "--json"], env)

        imports, db = [], folder / "run0.sqlite3"
        for run in range(args.runs):
            db = folder / f"run{run}.sqlite3"
            elapsed, out = timed(["--db", str(db), "import", str(source)], env)
            imports.append(elapsed)
            print(f"  import run {run + 1}: {fmt_s(elapsed)}   {out.strip()}")
        db_mb = db.stat().st_size / 1e6

        agendas, items = [], 0
        for run in range(args.runs):
            elapsed, out = timed(["--db", str(db), "agenda", "--json"], env)
            agendas.append(elapsed)
            items = len(json.loads(out))
            print(f"  agenda --json run {run + 1}: {fmt_s(elapsed)}   {items} items")
        floor = median([timed(["--version"], env)[0] for _ in range(args.runs)])

    mi, ma = median(imports), median(agendas)
    print()
    print(f"{'what':<34}{'median':>12}{'budget':>12}{'ratio':>8}   (budgets are for 10,000)")
    for label, value, budget in (
        ("import into an empty db", mi, IMPORT_BUDGET_S),
        ("agenda --json", ma, AGENDA_BUDGET_S),
    ):
        print(f"{label:<34}{fmt_s(value):>12}{fmt_s(budget):>12}{value / budget:>8.2f}")
    print(f"{'process start (--version)':<34}{fmt_s(floor):>12}")
    print(
        f"import: {args.apps / mi:,.0f} applications/s; database {db_mb:.1f} MB; "
        f"agenda: {items} pending items, {(ma - floor) / max(items, 1) * 1e6:,.0f} µs per item "
        "after process start"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
