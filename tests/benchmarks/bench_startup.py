"""Start-up time of the app against floors measured on the same machine in the same run.

    python tests/benchmarks/bench_startup.py [--runs 5] [--bundle dist/followup-desktop]

Measures (median of --runs, each a fresh process, offscreen):
- floors: `python -c pass`; a bare QApplication + QMainWindow shown + quit; the same plus
  importing sqlite_utils, jinja2 and dateutil (the rows of shared/toolchain.md);
- `followup-desktop --version` (the console script next to this Python, else the checkout);
- time to the main window shown: the real start path (`followup-desktop --db DB`, a database
  filled with the demo beforehand) with QApplication.exec replaced by "process events, note the
  time, quit"; measured from spawn, so interpreter start-up is included;
- `followup-desktop --demo self-test` (fills a demo database, opens every view) in total;
- with --bundle (or a bundle in dist/): the frozen `--version` and `--demo self-test`.
Prints figures and ratios to the floors; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import REPO, app_command, app_env, median, run

#: shared/toolchain.md, medians of 5 measured on the project's machines (ms, low-high).
TOOLCHAIN_FLOORS = {
    "python": (13, 15),
    "qt_window": (116, 148),
    "qt_window_libs": (186, 238),
}

QT_WINDOW = """\
import time, json, sys
first = time.time()
from PySide6.QtWidgets import QApplication, QMainWindow
{libs}
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(800, 600)
window.show()
app.processEvents()
print(json.dumps({{"first_line": first, "shown": time.time()}}))
"""

APP_WINDOW = """\
import time
first = time.time()
import json, sys
from PySide6.QtWidgets import QApplication

def exec_once(self):
    QApplication.processEvents()
    shown = time.time()
    visible = [w.metaObject().className() for w in QApplication.topLevelWidgets() if w.isVisible()]
    print(json.dumps({"first_line": first, "shown": shown, "visible": visible}), flush=True)
    return 0

QApplication.exec = exec_once
from followup_desktop.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""


class Row:
    def __init__(self, label: str, seconds: list[float], rss: list[float], shown=None):
        self.label, self.seconds, self.rss, self.shown = label, seconds, rss, shown or []

    @property
    def ms(self) -> float:
        return median(self.seconds) * 1000

    @property
    def shown_ms(self) -> float | None:
        return median(self.shown) * 1000 if self.shown else None


def measure(label: str, argv: list[str], runs: int, env: dict, cwd: Path) -> Row:
    """Median wall time (and time to the window shown, when the child reports it)."""
    seconds, rss, shown = [], [], []
    run(argv, env=env, cwd=cwd)  # warm-up (bytecode, page cache), not counted
    for _ in range(runs):
        spawned = time.time()
        ran = run(argv, env=env, cwd=cwd)
        if ran.code != 0:
            raise SystemExit(f"{label} failed ({ran.code}):\n{ran.out[-1500:]}\n{ran.err[-3000:]}")
        seconds.append(ran.seconds)
        rss.append(ran.rss_mb)
        report = _last_json_line(ran.out)
        if report and "shown" in report:
            shown.append(report["shown"] - spawned)
            if "visible" in report and "MainWindow" not in report["visible"]:
                raise SystemExit(f"{label}: no main window was shown ({report['visible']})")
    return Row(label, seconds, rss, shown)


def _last_json_line(text: str) -> dict | None:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


def demo_database(folder: Path) -> Path:
    """A database with the demo job search, as a returning user would open it."""
    from followup_desktop.app import now_utc
    from followup_desktop.demo import fill_demo
    from followup_desktop.store.open import open_store

    path = folder / "demo.sqlite3"
    db = open_store(path)
    try:
        fill_demo(db, now_utc())
    finally:
        db.close()
    return path


def find_bundle(given: str | None) -> Path | None:
    candidates = [Path(given)] if given else [REPO / "dist" / "followup-desktop"]
    for path in candidates:
        exe = path / "followup-desktop" if path.is_dir() else path
        if exe.is_file():
            return exe
    if given:
        raise SystemExit(f"no bundle executable at {given}")
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", help="dist/followup-desktop (folder or executable)")
    args = parser.parse_args()
    runs = args.runs
    py = sys.executable
    app = app_command()

    with tempfile.TemporaryDirectory(prefix="fd-startup-") as tmp:
        folder = Path(tmp)
        env = app_env(folder / "pycache", QT_QPA_PLATFORM="offscreen", TMPDIR=str(folder))
        (folder / "qt_window.py").write_text(QT_WINDOW.format(libs=""), encoding="utf-8")
        (folder / "qt_window_libs.py").write_text(
            QT_WINDOW.format(libs="import sqlite_utils, jinja2, dateutil.rrule"), encoding="utf-8"
        )
        (folder / "app_window.py").write_text(APP_WINDOW, encoding="utf-8")
        db = demo_database(folder)

        rows = {
            "python": measure("python -c pass", [py, "-c", "pass"], runs, env, folder),
            "qt_window": measure(
                "QApplication + QMainWindow", [py, str(folder / "qt_window.py")], runs, env, folder
            ),
            "qt_window_libs": measure(
                "  + sqlite_utils, jinja2, dateutil",
                [py, str(folder / "qt_window_libs.py")],
                runs,
                env,
                folder,
            ),
            "version": measure(
                "followup-desktop --version", [*app, "--version"], runs, env, folder
            ),
            "window": measure(
                "main window shown (demo db)",
                [py, str(folder / "app_window.py"), str(db)],
                runs,
                env,
                folder,
            ),
            "self_test": measure(
                "--demo self-test (total)", [*app, "--demo", "self-test"], runs, env, folder
            ),
        }
        bundle = find_bundle(args.bundle)
        if bundle is not None:
            rows["frozen_version"] = measure(
                "frozen --version", [str(bundle), "--version"], runs, env, folder
            )
            rows["frozen_self_test"] = measure(
                "frozen --demo self-test", [str(bundle), "--demo", "self-test"], runs, env, folder
            )

    report(rows, app, bundle, runs)
    return 0


def report(rows: dict[str, Row], app: list[str], bundle: Path | None, runs: int) -> None:
    floor_for = {
        "python": "python",
        "version": "python",
        "frozen_version": "python",
        "qt_window": "qt_window",
        "qt_window_libs": "qt_window",
        "window": "qt_window",
        "self_test": "qt_window",
        "frozen_self_test": "qt_window",
    }
    print(f"command: {' '.join(app)}" + (f"; bundle: {bundle}" if bundle else ""))
    print(f"medians of {runs} runs, offscreen, wall time from spawn to exit; RSS = peak")
    header = f"{'what':<36}{'total':>10}{'shown':>10}{'RSS':>8}{'x floor':>9}{'x doc':>8}"
    print(header)
    print("-" * len(header))
    for key, row in rows.items():
        floor = rows[floor_for[key]]
        doc_key = floor_for[key] if key not in TOOLCHAIN_FLOORS else key
        doc = sum(TOOLCHAIN_FLOORS[doc_key]) / 2
        # Windows compare shown-to-shown with the bare window; everything else total-to-total.
        if row.shown_ms is not None and floor.shown_ms is not None:
            ratio = row.shown_ms / floor.shown_ms
        else:
            ratio = row.ms / floor.ms
        shown = f"{row.shown_ms:8.0f}ms" if row.shown_ms is not None else f"{'':>10}"
        rss = [r for r in row.rss if r is not None]
        rss_text = f"{median(rss):6.0f}MB" if rss else f"{'n/a':>8}"
        print(f"{row.label:<36}{row.ms:8.0f}ms{shown}{rss_text}{ratio:>9.2f}{row.ms / doc:>8.2f}")
    print(
        "x floor: against the floor measured above (python -c pass for commands; the bare "
        "window for windows, shown vs shown);\nx doc: total against the midpoint of that floor "
        "in shared/toolchain.md (python 14 ms, window 132 ms, window + libs 212 ms)."
    )


if __name__ == "__main__":
    sys.exit(main())
