"""One draft rendered and checked (budget: rendering plus all checks under 20 ms per draft),
and the Templates screen's side-by-side preview re-rendered after a keystroke (budget 100 ms).

    python tests/benchmarks/bench_messages.py [--runs 20] [--preview-runs 40]

On the demo data (store/demo.py in an in-memory database), for every built-in template and every
demo interviewer (and the applications without an interview), measures per draft what the draft
dialog pays on opening it: the template rendered for the person, the same template rendered for
the interview's other interviewers (the panel checks compare them), and every check with the
facts the newer checks need (``message_checks.for_message``). Then the same with every notes
field and interviewer note filled to the 2,000 characters a template is offered
(core/message_context.MAX_FIELD), the worst case. Prints the median, the 95th percentile and the
maximum over drafts (each the median of --runs), and the checks' share; asserts nothing.

The live preview: the real main window (offscreen, 1366x768) on the demo data, Templates, an
editable copy of the panel thank-you, previewed for the demo's panel interview (Acme, three
interviewers: three columns). Per run, a keystroke in the editor's body (a letter, then
Backspace the next run) and the re-render the debounce would start 250 ms later, timed without
that wait: the key's handling (editor, highlighter, the timer started) plus the render it
triggers (three drafts composed and checked, the cross-panel checks, three columns filled,
marked and repainted). The floor, in the same process: three bare ``QPlainTextEdit`` side by
side given the same texts and repainted. Prints the median and the maximum.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # only the preview part uses Qt

BUDGET_MS = 20.0
PREVIEW_BUDGET_MS = 100.0
PREVIEW_SIZE = (1366, 768)


def demo_facts():
    from followup_desktop.store.templates_store import facts_for
    from tests.builders import NOW
    from tests.message_cases import CASES, demo_in_memory

    with demo_in_memory() as db:
        return [facts_for(db, *case, NOW) for case in CASES]


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


def preview_window():
    """The main window on the demo data, Templates showing an editable panel thank-you."""
    from followup_desktop.app.run import build_main_window
    from followup_desktop.store.demo import fill_demo
    from followup_desktop.store.open import open_store
    from tests.builders import NOW

    db = open_store(":memory:")
    fill_demo(db, NOW)
    window = build_main_window(db, lambda: NOW)
    window.resize(*PREVIEW_SIZE)
    window.show()
    view = window.show_view("templates")
    listed = view.keys()
    view.select(next(k for k in listed if k.endswith("/thank_you_panel.txt")))
    view.duplicate()  # an editable copy: typing reaches the preview
    assert view.preview.interview.currentData() == "acme-be-1"
    return db, window, view


def typed_into(view):
    """The body editor the user types into: the chips in Simple mode, the raw text in Advanced."""
    editor = view.editor
    return editor.simple_body if editor.simple_shown() else view.body


def keystroke_and_render(view, key) -> tuple[float, float, float]:
    """Seconds for (the key's handling + the render it triggers + paint, the key's handling
    alone, the render alone)."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    preview = view.preview
    started = time.perf_counter()
    QTest.keyClick(typed_into(view), key)
    typed = time.perf_counter() - started
    assert preview.timer.isActive()  # debounced: the render waits for the pause
    started = time.perf_counter()
    preview.timer.stop()
    preview.render_now()  # what the timer's timeout runs
    rendered = time.perf_counter() - started
    preview.repaint()
    QApplication.processEvents()
    return typed + time.perf_counter() - started, typed, rendered


def bare_columns(texts: list[str], runs: int) -> list[float]:
    """The floor: as many bare QPlainTextEdit side by side, given the texts and repainted."""
    from PySide6.QtWidgets import QApplication, QHBoxLayout, QPlainTextEdit, QWidget

    row = QWidget()
    layout = QHBoxLayout(row)
    edits = [QPlainTextEdit() for _ in texts]
    for edit in edits:
        layout.addWidget(edit)
    row.resize(PREVIEW_SIZE[0] // 2, PREVIEW_SIZE[1])
    row.show()
    QApplication.processEvents()
    times = []
    for run in range(runs):
        started = time.perf_counter()
        for edit, text in zip(edits, texts, strict=True):
            edit.setPlainText(text + ("x" if run % 2 == 0 else ""))
        row.repaint()
        QApplication.processEvents()
        times.append(time.perf_counter() - started)
    row.close()
    return times


def measure_preview(runs: int) -> None:
    from PySide6.QtCore import Qt

    db, window, view = preview_window()
    keys = (Qt.Key.Key_X, Qt.Key.Key_Backspace)
    rows = []
    for mode, simple_mode in (("Simple mode", True), ("Advanced (Jinja)", False)):
        view.editor.set_mode(simple_mode=simple_mode)
        editor = typed_into(view)
        editor.setFocus()
        editor.moveCursor(editor.textCursor().MoveOperation.End)
        keystroke_and_render(view, keys[0])  # warm-up: the template compiled, fonts laid out
        keystroke_and_render(view, keys[1])
        times = [keystroke_and_render(view, keys[run % 2]) for run in range(runs)]
        rows += [
            (f"{mode}: keystroke + re-render + paint", [t * 1000 for t, _, _ in times], True),
            ("  the keystroke alone (not debounced)", [k * 1000 for _, k, _ in times], False),
            ("  the render alone (compose, checks)", [r * 1000 for _, _, r in times], False),
        ]
    columns = view.preview.columns
    floor = [t * 1000 for t in bare_columns([c.text.toPlainText() for c in columns], runs)]
    window.close()
    db.close()
    base = statistics.median(floor)
    print()
    print(
        f"live preview: a keystroke to {len(columns)} columns re-rendered, without the "
        f"{view.preview.timer.interval()} ms debounce; budget {PREVIEW_BUDGET_MS:.0f} ms"
    )
    print(f"{'ms':<46}{'runs':>6}{'median':>9}{'max':>9}{'ratio':>8}{'x floor':>9}")
    floor_label = f"floor: {len(columns)} bare QPlainTextEdit filled + painted"
    for label, values, budgeted in [*rows, (floor_label, floor, False)]:
        budget = PREVIEW_BUDGET_MS if budgeted else None
        median = statistics.median(values)
        ratio = f"{median / budget:>8.2f}" if budget else f"{'':>8}"
        times_floor = f"{median / base:>8.1f}x" if values is not floor else ""
        print(f"{label:<46}{len(values):>6}{median:>9.2f}{max(values):>9.2f}{ratio}{times_floor}")
    print(
        "ratio: median / budget (< 1 is within it); x floor: against the bare text boxes given "
        "the same texts, measured above in this process."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--preview-runs", type=int, default=40)
    args = parser.parse_args()
    from followup_desktop import paths
    from followup_desktop.core import messages

    templates = messages.load_builtins(paths.templates_dir())
    facts = demo_facts()
    print(f"budget: rendering plus all checks under {BUDGET_MS:.0f} ms per draft")
    print(f"{'ms per draft':<34}{'drafts':>7}{'median':>10}{'p95':>10}{'max':>10}{'checks':>11}")
    measure("demo data", templates, facts, args.runs)
    measure("every note 2,000 characters", templates, [stuffed(f) for f in facts], args.runs)
    if args.preview_runs:
        measure_preview(args.preview_runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
