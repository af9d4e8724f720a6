"""One draft rendered and checked (budget: rendering plus all checks under 20 ms per draft).

    python tests/benchmarks/bench_messages.py [--runs 20]

On the demo data (store/demo.py in an in-memory database), for every built-in template and every
demo interviewer (and the applications without an interview), measures per draft what the draft
dialog pays on opening it: the template rendered for the person, the same template rendered for
the interview's other interviewers (the panel checks compare them), and every check with the
facts the newer checks need (``message_checks.for_message``). Then the same with every notes
field and interviewer note filled to the 2,000 characters a template is offered
(core/message_context.MAX_FIELD), the worst case. Prints the median, the 95th percentile and the
maximum over drafts (each the median of --runs), and the checks' share; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

BUDGET_MS = 20.0
CASES = [
    ("acme-be", "acme-be-1", "dana"),
    ("acme-be", "acme-be-1", "omar"),
    ("acme-be", "acme-be-1", "priya"),
    ("sakura-robotics", "sakura-robotics-1", "haruto"),
    ("sakura-robotics", "sakura-robotics-1", "yui"),
    ("kestrel-data", None, None),
    ("fernhill-platform", None, None),
    ("lumen-analytics", "lumen-analytics-1", "sam"),
    ("orbital-maps", "orbital-maps-1", "nadia"),
]


def demo_facts():
    from followup_desktop.store.demo import fill_demo
    from followup_desktop.store.open import open_store
    from followup_desktop.store.templates_store import facts_for
    from tests.builders import NOW

    db = open_store(":memory:")
    fill_demo(db, NOW)
    facts = [facts_for(db, *case, NOW) for case in CASES]
    db.close()
    return facts


def stuffed(facts):
    """``facts`` with every note as long as a template is offered (the worst case)."""
    from followup_desktop.core.message_context import MAX_FIELD
    from followup_desktop.core.model import NOTE_FIELDS

    iv = facts.interview
    if iv is None:
        return facts
    words = "she said her plan for the retry queue was to ship it in small steps; "
    long = (words * (MAX_FIELD // len(words) + 1))[:MAX_FIELD]
    notes = replace(iv.notes, **{name: long for name in NOTE_FIELDS})
    people = {cid: f"{long[: MAX_FIELD - 10]} {cid}" for cid in iv.interviewers}
    return replace(facts, interview=replace(iv, notes=notes, interviewer_notes=people))


def one_draft(template, facts) -> tuple[float, float]:
    """Seconds for (render + siblings + checks, checks alone)."""
    from followup_desktop.core import messages
    from followup_desktop.core.message_checks import check_message, for_message
    from followup_desktop.core.message_errors import TemplateProblem

    started = time.perf_counter()
    try:
        subject, body = messages.render_parts(template, facts)
    except TemplateProblem:
        return time.perf_counter() - started, 0.0
    siblings = messages.panel_siblings(template, facts)
    checks_from = time.perf_counter()
    inputs = replace(messages.check_input(template.kind, facts), siblings=siblings)
    check_message(subject, body, for_message(inputs, facts))
    ended = time.perf_counter()
    return ended - started, ended - checks_from


def measure(label: str, templates, all_facts, runs: int) -> None:
    totals, checks = [], []
    for facts in all_facts:
        for template in templates:
            one_draft(template, facts)  # warm-up: the template's compiled code is cached
            times = [one_draft(template, facts) for _ in range(runs)]
            totals.append(statistics.median(t for t, _ in times) * 1000)
            checks.append(statistics.median(c for _, c in times) * 1000)
    totals.sort()
    p95 = totals[min(len(totals) - 1, int(len(totals) * 0.95))]
    share = sum(checks) / sum(totals) * 100
    print(
        f"{label:<34}{len(totals):>7}{statistics.median(totals):>10.2f}{p95:>10.2f}"
        f"{totals[-1]:>10.2f}{share:>9.0f} %"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    from followup_desktop import paths
    from followup_desktop.core import messages

    templates = messages.load_builtins(paths.templates_dir())
    facts = demo_facts()
    print(f"budget: rendering plus all checks under {BUDGET_MS:.0f} ms per draft")
    print(f"{'ms per draft':<34}{'drafts':>7}{'median':>10}{'p95':>10}{'max':>10}{'checks':>11}")
    measure("demo data", templates, facts, args.runs)
    measure("every note 2,000 characters", templates, [stuffed(f) for f in facts], args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
