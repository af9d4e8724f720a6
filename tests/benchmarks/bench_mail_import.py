"""Importing a large mbox into a job search with store/mail_apply.import_mail_files, in a fresh
process each run.

    python tests/benchmarks/bench_mail_import.py [--messages 20000] [--runs 3]

The mbox is bench_mail_files.py's (seeded; 1 % replies from Acme's contacts, the rest
newsletters). Each child opens a fresh database holding Acme (50 contacts, one application with
an interview, so every logged reply re-plans it), then imports the whole mbox: headers decide
relevance, the 200 replies are logged in transactions of 500 messages, the rest leave no trace.
It prints:
- seconds for the import (inside the child; imports and the database set-up excluded), beside
  the floor of the same child reading the mbox with ``iter_mbox`` only (the parsing alone);
- the child's peak RSS (GNU time), beside the floor of a child that only imports the modules
  and opens the database;
- the peak of Python allocations during the import (tracemalloc, a separate run: it slows Python).
Budget (issue 17): 20,000 messages (200 relevant) in < 10 s and < 200 MB peak. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import app_env, median, run
from bench_mail_files import write_mbox

SECONDS_BUDGET = 10.0
MEMORY_BUDGET_MB = 200.0

SETUP = """
import json, sys, time, tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from followup_desktop.core.mail_files import iter_mbox
from followup_desktop.core.model import Application, Company, Contact, Interview, Profile, Stage
from followup_desktop.store import writes
from followup_desktop.store.mail_apply import import_mail_files
from followup_desktop.store.open import open_store

NOW = datetime(2026, 12, 31, 12, 0, tzinfo=UTC)
mbox, mode, folder = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
db = open_store(folder / f"{mode}-{time.monotonic_ns()}.sqlite3")
writes.save_profile(db, Profile(name="Alex Morgan", email="alex@example.org"), NOW)
writes.save_company(db, Company("acme", "Acme Corp", "Europe/Berlin", "DE"), NOW)
for n in range(50):
    person = Contact(f"priya{n}", "acme", f"Priya {n}", email=f"priya{n}@acme.example")
    writes.save_contact(db, person)
writes.save_application(db, Application("acme-be", "acme", "Engineer", Stage.INTERVIEWING), NOW)
when = datetime(2026, 11, 30, 10, tzinfo=UTC)
writes.save_interview(db, Interview("acme-be-1", "acme-be", when, interviewers=["priya0"]), NOW)
"""
IMPORT = (
    SETUP
    + """
if mode == "floor":
    print(json.dumps({}))
    raise SystemExit
traced = mode == "traced"
if traced:
    tracemalloc.start()
start = time.perf_counter()
if mode == "scan":
    count = sum(1 for _ in iter_mbox(mbox))
    tally = {"logged": 0, "review": 0, "ignored": count, "duplicates": 0}
else:
    tally = import_mail_files(db, [mbox], NOW).as_json()
seconds = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1] / 1e6 if traced else 0.0
stored = db.execute("SELECT count(*) FROM mail_seen").fetchone()[0]
print(json.dumps({"seconds": seconds, "tally": tally, "stored": stored, "peak_mb": peak}))
"""
)


def child(mode: str, mbox: Path, folder: Path, env: dict[str, str]) -> tuple[dict, float | None]:
    ran = run([sys.executable, "-c", IMPORT, str(mbox), mode, str(folder)], env=env)
    if ran.code != 0:
        raise SystemExit(f"the {mode} run failed ({ran.code}): {ran.err[-2000:]}")
    return (json.loads(ran.out) if ran.out.strip() else {}), ran.rss_mb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fd-bench-") as tmp:
        folder = Path(tmp)
        mbox = folder / "Inbox.mbox"
        t = time.perf_counter()
        replies = write_mbox(mbox, args.messages)
        print(
            f"generated {args.messages} messages ({replies} replies from Acme's contacts): "
            f"{mbox.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - t:.1f} s"
        )
        env = app_env(folder / "pycache", XDG_DATA_HOME=str(folder / "data"))
        child("floor", mbox, folder, env)  # compile the bytecode once, outside the measurements
        _, floor_rss = child("floor", mbox, folder, env)
        seconds, scans, rss = [], [], []
        for _ in range(args.runs):
            got, peak = child("import", mbox, folder, env)
            expected = {"logged": replies, "review": 0, "duplicates": 0}
            if {k: got["tally"][k] for k in expected} != expected or got["stored"] != replies:
                raise SystemExit(f"unexpected result: {got}")
            seconds.append(got["seconds"])
            if peak is not None:
                rss.append(peak)
            scans.append(child("scan", mbox, folder, env)[0]["seconds"])
        traced, _ = child("traced", mbox, folder, env)

    took, scan = median(seconds), median(scans)
    print(
        f"import: {took:.2f} s median of {args.runs} ({args.messages / took:,.0f} messages/s), "
        f"{took / SECONDS_BUDGET:.2f}x the {SECONDS_BUDGET:.0f} s budget; "
        f"floor (iter_mbox alone): {scan:.2f} s, import/floor {took / scan:.2f}x"
    )
    if rss:
        floor = f"{floor_rss:.0f} MB" if floor_rss is not None else "n/a"
        print(
            f"peak RSS: {max(rss):.0f} MB (floor, modules imported and the database open: "
            f"{floor}), {max(rss) / MEMORY_BUDGET_MB:.2f}x the {MEMORY_BUDGET_MB:.0f} MB budget"
        )
    else:
        print("peak RSS: n/a (no GNU time)")
    print(
        f"peak of Python allocations during the import (tracemalloc): {traced['peak_mb']:.1f} MB "
        f"(that run: {traced['seconds']:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
