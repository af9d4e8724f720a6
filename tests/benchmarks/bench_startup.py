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
- with --bundle (or a bundle in dist/): the frozen `--version` and `--demo self-test`;
- in a real X server (a private Xvfb; skipped with --no-x or without Xvfb/libxcb): the time from
  spawn to the main window MAPPED on screen, for a bare QMainWindow (the floor), the app from
  source (`followup-desktop --db DB`) and the frozen bundle's executable, unmodified. A small
  libxcb client (ctypes) listens for MapNotify on the root window; each run gets a fresh copy
  of the demo database and is terminated once its window is up. This is the frozen/source
  comparison of issue 8 (target: frozen <= 1.5x source).
Prints figures and ratios to the floors; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import json
import os
import select
import shutil
import subprocess
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
import sys
import followup_desktop.app.run as app_module

# QApplication.exec is replaced once the app has made its QApplication: importing PySide6 here,
# before the app does, would change what the app pays for (PySide6 inspects every module
# imported after it).
make_application = app_module.make_application


def make_and_patch(*args, **kwargs):
    app = make_application(*args, **kwargs)
    from PySide6.QtWidgets import QApplication

    def exec_once(self=None):
        QApplication.processEvents()
        shown = time.time()
        import json

        windows = QApplication.topLevelWidgets()
        visible = [w.metaObject().className() for w in windows if w.isVisible()]
        print(json.dumps({"first_line": first, "shown": shown, "visible": visible}), flush=True)
        return 0

    QApplication.exec = exec_once
    return app


app_module.make_application = make_and_patch
from followup_desktop.cli.main import main
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
    return measure_together({label: argv}, runs, env, cwd)[label]


def measure_together(
    commands: dict[str, list[str]], runs: int, env: dict, cwd: Path
) -> dict[str, Row]:
    """Like :func:`measure` for several commands, their runs interleaved (a, b, c, a, b, c...):
    on a shared machine a slow spell then slows the floor and the app alike, and their ratio
    stays honest."""
    found: dict[str, tuple[list, list, list]] = {label: ([], [], []) for label in commands}
    for argv in commands.values():
        run(argv, env=env, cwd=cwd)  # warm-up (bytecode, page cache), not counted
    for _ in range(runs):
        for label, argv in commands.items():
            seconds, rss, shown = found[label]
            spawned = time.time()
            ran = run(argv, env=env, cwd=cwd)
            if ran.code != 0:
                raise SystemExit(
                    f"{label} failed ({ran.code}):\n{ran.out[-1500:]}\n{ran.err[-3000:]}"
                )
            seconds.append(ran.seconds)
            rss.append(ran.rss_mb)
            report = _last_json_line(ran.out)
            if report and "shown" in report:
                shown.append(report["shown"] - spawned)
                if "visible" in report and "MainWindow" not in report["visible"]:
                    raise SystemExit(f"{label}: no main window was shown ({report['visible']})")
    return {label: Row(label, *found[label]) for label in commands}


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
    from followup_desktop.app.run import now_utc
    from followup_desktop.store.demo import fill_demo
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


# --- a real X server: time to the window mapped ----------------------------------------------


class _ScreenIterator(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("rem", ctypes.c_int), ("index", ctypes.c_int)]


class _Cookie(ctypes.Structure):
    _fields_ = [("sequence", ctypes.c_uint)]


_XCB_CW_EVENT_MASK = 1 << 11
_XCB_EVENT_MASK_SUBSTRUCTURE_NOTIFY = 1 << 19
_XCB_MAP_NOTIFY = 19


class MapWatcher:
    """A libxcb client (through ctypes) told of every top-level window mapped on ``display``."""

    def __init__(self, display: str) -> None:
        found = ctypes.util.find_library("xcb")
        if found is None:
            raise RuntimeError("libxcb is not installed")
        xcb = self.xcb = ctypes.CDLL(found)
        p, u32 = ctypes.c_void_p, ctypes.c_uint32
        xcb.xcb_connect.restype, xcb.xcb_connect.argtypes = p, [ctypes.c_char_p, p]
        xcb.xcb_connection_has_error.argtypes = [p]
        xcb.xcb_get_setup.restype, xcb.xcb_get_setup.argtypes = p, [p]
        xcb.xcb_setup_roots_iterator.restype = _ScreenIterator
        xcb.xcb_setup_roots_iterator.argtypes = [p]
        xcb.xcb_change_window_attributes_checked.restype = _Cookie
        xcb.xcb_change_window_attributes_checked.argtypes = [p, u32, u32, p]
        xcb.xcb_request_check.restype, xcb.xcb_request_check.argtypes = p, [p, _Cookie]
        xcb.xcb_get_file_descriptor.argtypes = [p]
        xcb.xcb_poll_for_event.restype, xcb.xcb_poll_for_event.argtypes = p, [p]
        xcb.xcb_disconnect.argtypes = [p]
        self.free = ctypes.CDLL(None).free
        self.free.argtypes = [p]
        self.conn = xcb.xcb_connect(display.encode(), None)
        if xcb.xcb_connection_has_error(self.conn):
            raise RuntimeError(f"cannot connect to X display {display}")
        root = ctypes.c_uint32.from_address(
            xcb.xcb_setup_roots_iterator(xcb.xcb_get_setup(self.conn)).data
        ).value
        mask = (ctypes.c_uint32 * 1)(_XCB_EVENT_MASK_SUBSTRUCTURE_NOTIFY)
        cookie = xcb.xcb_change_window_attributes_checked(self.conn, root, _XCB_CW_EVENT_MASK, mask)
        error = xcb.xcb_request_check(self.conn, cookie)
        if error:
            self.free(error)
            raise RuntimeError("cannot watch the X root window")
        self.fd = xcb.xcb_get_file_descriptor(self.conn)

    def _next_map(self) -> bool | None:
        """True: a top-level window was mapped; False: another event; None: none queued."""
        event = self.xcb.xcb_poll_for_event(self.conn)
        if not event:
            return None
        try:
            kind = ctypes.c_uint8.from_address(event).value & 0x7F
            override_redirect = ctypes.c_uint8.from_address(event + 12).value
            return kind == _XCB_MAP_NOTIFY and not override_redirect  # menus, tooltips: no
        finally:
            self.free(event)

    def drain(self) -> None:
        while self._next_map() is not None:
            pass

    def wait(self, timeout: float, process: subprocess.Popen) -> float | None:
        """perf_counter() when a window is mapped; None on timeout or if ``process`` ends."""
        deadline = time.perf_counter() + timeout
        while True:
            mapped = self._next_map()
            if mapped:
                return time.perf_counter()
            if mapped is None:
                left = deadline - time.perf_counter()
                if left <= 0 or process.poll() is not None:
                    return None
                select.select([self.fd], [], [], min(left, 0.05))

    def close(self) -> None:
        self.xcb.xcb_disconnect(self.conn)


class Xvfb:
    """A private X server for the duration of a ``with`` block; ``display`` like ':3'."""

    def __enter__(self) -> Xvfb:
        read, write = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        number = b""
        deadline = time.perf_counter() + 15
        while not number.endswith(b"\n") and time.perf_counter() < deadline:
            if select.select([read], [], [], 0.5)[0]:
                chunk = os.read(read, 16)
                if not chunk:
                    break
                number += chunk
        os.close(read)
        if not number.strip().isdigit():
            self.process.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number.strip().decode()}"
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def measure_mapped(
    label: str, argv: list[str], runs: int, env: dict, folder: Path, watcher: MapWatcher,
    db: Path | None = None,
) -> Row:  # fmt: skip
    """Median time from spawn to the first top-level window mapped (each run: a fresh copy of
    ``db`` appended to argv as ``--db COPY``, a fresh runtime folder; terminated once shown)."""
    seconds: list[float] = []
    for attempt in range(runs + 1):  # the first is a warm-up
        run_dir = Path(tempfile.mkdtemp(prefix="run-", dir=folder))
        (run_dir / "runtime").mkdir(mode=0o700)
        command = list(argv)
        if db is not None:
            shutil.copyfile(db, run_dir / db.name)
            command += ["--db", str(run_dir / db.name)]
        child_env = {**env, "XDG_RUNTIME_DIR": str(run_dir / "runtime")}
        watcher.drain()
        with open(run_dir / "stderr", "wb") as errors:
            spawned = time.perf_counter()
            process = subprocess.Popen(
                command, env=child_env, cwd=run_dir, stdout=subprocess.DEVNULL, stderr=errors
            )
            shown = watcher.wait(60, process)
            if process.poll() is None:
                process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if shown is None:
            err = (run_dir / "stderr").read_text(errors="replace")[-3000:]
            raise SystemExit(f"{label}: no window was mapped (exit {process.returncode}):\n{err}")
        if attempt:
            seconds.append(shown - spawned)
    return Row(label, seconds, [], seconds)


def measure_x(
    runs: int, env: dict, folder: Path, app: list[str], bundle: Path | None, db: Path
) -> dict[str, Row]:
    """The window-mapped rows under a private Xvfb (empty if X is not available here)."""
    if shutil.which("Xvfb") is None or ctypes.util.find_library("xcb") is None:
        print("(no Xvfb or libxcb here: window-mapped figures skipped)", file=sys.stderr)
        return {}
    rows = {}
    with Xvfb() as server:
        watcher = MapWatcher(server.display)
        try:
            x_env = {**env, "DISPLAY": server.display, "QT_QPA_PLATFORM": "xcb"}
            py = sys.executable
            rows["x_qt_window"] = measure_mapped(
                "X: QApplication + QMainWindow mapped",
                [py, str(folder / "qt_window.py")], runs, x_env, folder, watcher,
            )  # fmt: skip
            rows["x_window"] = measure_mapped(
                "X: window mapped, source", app, runs, x_env, folder, watcher, db
            )
            if bundle is not None:
                rows["x_frozen_window"] = measure_mapped(
                    "X: window mapped, frozen", [str(bundle)], runs, x_env, folder, watcher, db
                )
        finally:
            watcher.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", help="dist/followup-desktop (folder or executable)")
    parser.add_argument("--no-x", action="store_true", help="skip the Xvfb window-mapped rows")
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

        commands = {
            "python": ("python -c pass", [py, "-c", "pass"]),
            "qt_window": ("QApplication + QMainWindow", [py, str(folder / "qt_window.py")]),
            "qt_window_libs": (
                "  + sqlite_utils, jinja2, dateutil",
                [py, str(folder / "qt_window_libs.py")],
            ),
            "version": ("followup-desktop --version", [*app, "--version"]),
            "window": (
                "main window shown (demo db)",
                [py, str(folder / "app_window.py"), str(db)],
            ),
            "self_test": ("--demo self-test (total)", [*app, "--demo", "self-test"]),
        }
        measured = measure_together(dict(commands.values()), runs, env, folder)
        rows = {key: measured[label] for key, (label, _argv) in commands.items()}
        bundle = find_bundle(args.bundle)
        if bundle is not None:
            rows["frozen_version"] = measure(
                "frozen --version", [str(bundle), "--version"], runs, env, folder
            )
            rows["frozen_self_test"] = measure(
                "frozen --demo self-test", [str(bundle), "--demo", "self-test"], runs, env, folder
            )
        if not args.no_x:
            rows.update(measure_x(runs, env, folder, app, bundle, db))

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
        "x_qt_window": "x_qt_window",
        "x_window": "x_qt_window",
        "x_frozen_window": "x_qt_window",
    }
    print(f"command: {' '.join(app)}" + (f"; bundle: {bundle}" if bundle else ""))
    print(f"medians of {runs} runs, offscreen, wall time from spawn to exit; RSS = peak")
    header = f"{'what':<36}{'total':>10}{'shown':>10}{'RSS':>8}{'x floor':>9}{'x doc':>8}"
    print(header)
    print("-" * len(header))
    for key, row in rows.items():
        floor = rows[floor_for[key]]
        doc_key = floor_for[key] if key not in TOOLCHAIN_FLOORS else key
        doc = sum(TOOLCHAIN_FLOORS.get(doc_key, TOOLCHAIN_FLOORS["qt_window"])) / 2
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
        "in shared/toolchain.md (python 14 ms, window 132 ms, window + libs 212 ms).\n"
        "X rows: spawn to the main window mapped on a private Xvfb; the process is then ended."
    )
    window, floor = rows["window"], rows["qt_window"]
    if window.shown and len(window.shown) == len(floor.shown):
        pairs = sorted(a / b for a, b in zip(window.shown, floor.shown, strict=True))
        print(
            f"main window shown / bare window shown, run by run (interleaved): median "
            f"{median(pairs):.2f}x, range {pairs[0]:.2f}-{pairs[-1]:.2f}x (issue 2 budget: 2x)"
        )
    if "x_window" in rows and "x_frozen_window" in rows:
        ratio = rows["x_frozen_window"].ms / rows["x_window"].ms
        print(
            f"frozen vs source, window mapped: {rows['x_frozen_window'].ms:.0f} ms vs "
            f"{rows['x_window'].ms:.0f} ms = {ratio:.2f}x (issue 8 target: <= 1.5x)"
        )


if __name__ == "__main__":
    sys.exit(main())
