"""What each import inside a function would cost the first window (or a command) at module top.

    python tests/benchmarks/bench_lazy_imports.py [--runs 5] [--memory] [TARGET ...]
    python tests/benchmarks/bench_lazy_imports.py --cli [COMMAND,...] [--runs 5] [TARGET ...]
    python tests/benchmarks/bench_lazy_imports.py --layers core store services cli top

Finds the function-level imports of followup_desktop/ui and followup_desktop/app (an AST walk:
import statements inside a def, ``if TYPE_CHECKING:`` blocks aside), then, for each module they
import, in fresh processes (offscreen): goes the real start path up to the window shown (the
QApplication, what app/run.py imports before the window, the demo database opened through
store.health.open_or_recover, the main window built, shown and one processEvents(), the
collector off as in run_app), then times ``importlib.import_module(target)``: what importing it
costs on top of what the first window already has loaded. Medians of --runs processes; a target
the first window already loaded costs nothing ("loaded"). ``--memory`` builds the window over
an empty in-memory database instead (store.open.open_store(":memory:")); ``--view KEY`` makes
the demo window open on another view than Today (the first view), as it does for a user whose last
session ended there (the window restores the last view shown). ``--after services`` also starts
what app/run.py starts after the first paint (backups, reminders) before timing; ``--after
second`` stops where a second launch does (it brings the running window forward and exits).

Also says, per import, whether the module that holds it is loaded by the first window: an
import inside a module that is only loaded later (a dialog, a view opened on first use) costs
the first window nothing wherever it stands.

``--layers`` picks whose function-level imports are listed: ui and app by default; core, store,
services, cli and ``top`` (the package's own modules: paths.py, __init__.py) with ``--cli``.
``--cli`` times them after command lines instead of the window, each run in-process as the
console script runs it (``cli.main.main(argv)``, stdout discarded) on a copy of the demo
database: ``version`` (``--version``, which builds the whole parser), ``agenda``,
``agenda-json``, ``import`` (a generated job search), ``export-json``, ``export-csv``,
``export-ics``, ``draft`` (a pending follow-up's message), ``backup`` and ``check`` (comma
separated; all of them without a name). Then one column per command: the target's extra ms
after it, "loaded" when the command loads it anyway, "." when no module holding an import of it
is loaded by that command (not measured: it costs that command nothing). A target that cannot
be imported here (winreg off Windows) is "absent". Prints figures only, asserts nothing.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import REPO, app_env, job_search, median, run

PACKAGE = REPO / "followup_desktop"
#: "top": the package's own modules (followup_desktop/*.py).
ALL_LAYERS = ("ui", "app", "core", "store", "services", "cli", "top")
LAYERS = ("ui", "app")
CLI_LAYERS = ("core", "store", "services", "cli", "top")

#: The start path of app/run.py (_run_window) up to the window's first processEvents();
#: argv: database, mode (window / services / second), target (none: list what is loaded).
CHILD = """\
import gc, importlib, json, sys, time
gc.disable()  # as run_app: no collector passes while the window is built
import followup_desktop.app.run as run

path, mode = sys.argv[1], sys.argv[2]
target = sys.argv[3] if len(sys.argv) > 3 else None
app = run.make_application()
# what _run_window imports before it claims the database (a second launch stops there)
from followup_desktop.services.single_instance import SingleInstance, instance_key  # noqa
from followup_desktop.store.db import StoreError  # noqa
from followup_desktop.store.health import open_or_recover

if mode != "second":
    if path == ":memory:":
        from followup_desktop.store.open import open_store

        db = open_store(":memory:")
    else:
        db = open_or_recover(run.Path(path), lambda report, backup: None, run.now_utc()).db
    window = run.build_main_window(db, run.now_utc)
    window.show()
    app.processEvents()
    if mode == "services":  # what starts after the first paint: backups, reminders, tray
        parts = run.start_window_services(window, db)
        app.processEvents()
        gc.disable()
loaded = sorted(sys.modules)
ms = None
if target and target not in sys.modules:
    start = time.perf_counter()
    try:
        importlib.import_module(target)
    except ImportError:  # a platform's own module (winreg off Windows)
        ms = "absent"
    else:
        ms = (time.perf_counter() - start) * 1000
print(json.dumps({"ms": ms, "loaded": loaded if target is None else []}))
"""

#: --cli: a command line run as the console script runs it, then the target timed; argv: the
#: target ("-": list what is loaded), then the command's arguments. Imports nothing before the
#: command that the interpreter has not loaded already (json only after the timing).
CLI_CHILD = """\
import os, sys, time

target = sys.argv[1] if sys.argv[1] != "-" else None
argv = sys.argv[2:]
from followup_desktop.cli.main import main

out = sys.stdout
sys.stdout = open(os.devnull, "w", encoding="utf-8")  # stderr stays: it explains a failure
try:
    code = main(argv)
except SystemExit as exc:
    code = exc.code
sys.stdout = out
if code not in (0, None):
    raise SystemExit(f"exit code {code}")
loaded = sorted(sys.modules)
ms = None
if target and target not in sys.modules:
    start = time.perf_counter()
    try:
        __import__(target)
    except ImportError:  # a platform's own module (winreg off Windows)
        ms = "absent"
    else:
        ms = (time.perf_counter() - start) * 1000
import json

print(json.dumps({"ms": ms, "loaded": loaded if target is None else []}))
"""

#: --cli: the command lines (DB, IMPORT, OUT, FOLLOWUP filled in per run).
COMMANDS = {
    "version": ["--version"],
    "agenda": ["--db", "DB", "agenda"],
    "agenda-json": ["--db", "DB", "agenda", "--json"],
    "import": ["--db", "DB", "import", "IMPORT"],
    "export-json": ["--db", "DB", "export", "OUT.json"],
    "export-csv": ["--db", "DB", "export", "OUT.csv"],
    "export-ics": ["--db", "DB", "export", "OUT.ics"],
    "draft": ["--db", "DB", "draft", "FOLLOWUP"],
    "backup": ["--db", "DB", "backup", "BACKUPS"],
    "check": ["--db", "DB", "check"],
}

#: --after: what is loaded before the target is timed.
MODES = {
    "window": "the first window (the start path up to the window shown)",
    "services": "the first window and what starts after its first paint (backups, reminders)",
    "second": "a second launch: app/run.py, the QApplication and what _run_window imports "
    "before it finds the running app (and exits)",
}


@dataclass(frozen=True)
class Site:
    path: Path
    line: int
    module: str  # the module holding the import
    target: str  # the module it imports
    text: str


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _target(node: ast.Import | ast.ImportFrom, alias: ast.alias, holder: str, path: Path) -> str:
    if isinstance(node, ast.Import):
        return alias.name
    base = node.module or ""
    if node.level:
        package = holder if path.name == "__init__.py" else holder.rpartition(".")[0]
        anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
        base = f"{anchor}.{base}" if base else anchor
    candidate = f"{base}.{alias.name}"
    try:
        if importlib.util.find_spec(candidate) is not None:  # `from pkg import module`
            return candidate
    except (ImportError, ValueError):
        pass
    return base


def _imports_in_functions(node: ast.AST, inside: bool = False):
    """The import statements inside a def under ``node``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _imports_in_functions(child, True)
        elif inside and isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        else:
            yield from _imports_in_functions(child, inside)


def _layer_files(layer: str) -> list[Path]:
    if layer == "top":
        return sorted(PACKAGE.glob("*.py"))
    return sorted((PACKAGE / layer).rglob("*.py"))


def function_level_imports(layers: tuple[str, ...] = LAYERS) -> list[Site]:
    sites = []
    for layer in layers:
        for path in _layer_files(layer):
            holder = _module_name(path)
            for node in _imports_in_functions(ast.parse(path.read_text(encoding="utf-8"))):
                for target in sorted({_target(node, a, holder, path) for a in node.names}):
                    sites.append(Site(path, node.lineno, holder, target, ast.unparse(node)))
    return sites


def child(script: Path, db: str, mode: str, env: dict, target: str | None = None) -> dict:
    argv = [sys.executable, str(script), db, mode] + ([target] if target else [])
    ran = run(argv, env=env, cwd=REPO)
    if ran.code != 0:
        raise SystemExit(f"{target or 'the first window'} failed ({ran.code}):\n{ran.err[-3000:]}")
    return json.loads(ran.out.strip().splitlines()[-1])


def _figure(ms: float | str | None) -> str:
    if ms is None:
        return "loaded"
    return ms if isinstance(ms, str) else f"{ms:8.1f}"


def _median(figures: list) -> float | str:
    return "absent" if "absent" in figures else median(figures)


class CommandLines:
    """--cli: each command line run in a fresh process on its own copy of the demo database."""

    def __init__(self, folder: Path, env: dict) -> None:
        from bench_startup import demo_database

        from followup_desktop.app.clock import now_utc

        self.folder, self.env = folder, env
        self.script = folder / "command_line.py"
        self.script.write_text(CLI_CHILD, encoding="utf-8")
        self.demo = demo_database(folder)
        self.doc = folder / "jobs.json"
        self.doc.write_text(json.dumps(job_search(40, now_utc())), encoding="utf-8")
        self.followup = self._a_draftable_followup()

    def _argv(self, command: str, copy: Path) -> list[str]:
        names = {
            "DB": str(copy),
            "IMPORT": str(self.doc),
            "FOLLOWUP": self.followup,
            "BACKUPS": str(copy.parent / "backups"),
        }
        argv = [names.get(a, a) for a in COMMANDS[command]]
        return [str(copy.parent / a) if a.startswith("OUT.") else a for a in argv]

    def run(self, command: str, target: str | None = None) -> dict:
        with tempfile.TemporaryDirectory(dir=self.folder) as tmp:
            copy = Path(tmp) / "demo.sqlite3"
            shutil.copy(self.demo, copy)
            argv = [sys.executable, str(self.script), target or "-", *self._argv(command, copy)]
            ran = run(argv, env=self.env, cwd=REPO)
        if ran.code != 0:
            raise SystemExit(f"{command} {target or ''} failed ({ran.code}):\n{ran.err[-3000:]}")
        return json.loads(ran.out.strip().splitlines()[-1])

    def _a_draftable_followup(self) -> str:
        """A pending follow-up that is a message (not a reminder for the user)."""
        from followup_desktop.core import messages
        from followup_desktop.store import queries, templates_store
        from followup_desktop.store.open import open_store

        db = open_store(self.demo)
        try:
            from followup_desktop.app.clock import now_utc

            for row in queries.agenda(db):
                item, facts = templates_store.facts_for_followup(db, row.followup.id, now_utc())
                if messages.suggested_kind(item, facts) is not None:
                    return item.id
        finally:
            db.close()
        raise SystemExit("the demo database has no follow-up to draft")


def main_cli(args: argparse.Namespace) -> int:
    commands = list(COMMANDS) if args.cli == "all" else args.cli.split(",")
    unknown = [c for c in commands if c not in COMMANDS]
    if unknown:
        raise SystemExit(f"--cli: unknown {', '.join(unknown)}; one of {', '.join(COMMANDS)}")
    sites = function_level_imports(tuple(args.layers or CLI_LAYERS))
    targets = args.targets or sorted({s.target for s in sites})
    holders = {t: {s.module for s in sites if s.target == t} for t in targets}
    loaded: dict[str, set[str]] = {}
    extra: dict[tuple[str, str], float | str | None] = {}
    with tempfile.TemporaryDirectory(prefix="fd-lazy-") as tmp:
        folder = Path(tmp)
        env = app_env(folder / "pycache", QT_QPA_PLATFORM="offscreen", TMPDIR=str(folder))
        lines = CommandLines(folder, env)
        for command in commands:
            lines.run(command)  # warm-up: bytecode, page cache
            loaded[command] = set(lines.run(command)["loaded"])
            for target in targets:
                if target in loaded[command]:
                    extra[command, target] = None
                elif holders.get(target, {None}) & loaded[command] or args.targets:
                    lines.run(command, target)  # warm-up: the target's bytecode
                    figures = [lines.run(command, target)["ms"] for _ in range(args.runs)]
                    extra[command, target] = _median(figures)

    def cell(command: str, target: str) -> str:
        return _figure(extra[command, target]) if (command, target) in extra else "."

    width = max(9, *(len(c) + 1 for c in commands))
    print(f"command lines, each on a copy of the demo database; medians of {args.runs}")
    print("modules loaded: " + ", ".join(f"{c} {len(loaded[c])}" for c in commands))
    print("extra ms of importing the target after the command; loaded: the command loads it;")
    print(".: no module holding an import of it is loaded by the command (costs it nothing)")
    print(f"{'module imported inside a function':<52}" + "".join(f"{c:>{width}}" for c in commands))
    print("-" * (52 + width * len(commands)))
    for target in targets:
        print(f"{target:<52}" + "".join(f"{cell(c, target):>{width}}" for c in commands))
    print()
    print("per import: the extra ms where the module holding it is loaded (.: it is not)")
    print(f"{'file:line':<52}" + "".join(f"{c:>{width}}" for c in commands) + "  target")
    print("-" * (60 + width * len(commands)))
    for site in sites:
        if site.target not in targets:
            continue
        where = f"{site.path.relative_to(PACKAGE)}:{site.line}"
        cells = [cell(c, site.target) if site.module in loaded[c] else "." for c in commands]
        print(f"{where:<52}" + "".join(f"{x:>{width}}" for x in cells) + f"  {site.target}")
    return 0


def _restore_view(path: str, key: str) -> None:
    """The window opens on ``key`` (as after a session that ended on that view)."""
    from followup_desktop.store.open import open_store
    from followup_desktop.store.writes import set_setting
    from followup_desktop.ui.shell.main_window import VIEW_KEY, VIEW_KEYS

    if key not in VIEW_KEYS:
        raise SystemExit(f"--view: one of {', '.join(VIEW_KEYS)}")
    db = open_store(path)
    try:
        set_setting(db, VIEW_KEY, key)
    finally:
        db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--memory", action="store_true", help="an empty :memory: database")
    parser.add_argument(
        "--view", help="the view the window restores (default: today, the first view)"
    )
    parser.add_argument("--after", choices=MODES, default="window", help="what is loaded first")
    parser.add_argument(
        "--layers",
        nargs="+",
        choices=ALL_LAYERS,
        help="whose function-level imports (default: ui app; with --cli: core store services "
        "cli top)",
    )
    parser.add_argument(
        "--cli",
        nargs="?",
        const="all",
        metavar="COMMAND,...",
        help=f"time after command lines instead of the window ({', '.join(COMMANDS)}; "
        "default: all)",
    )
    parser.add_argument("targets", nargs="*", help="only these modules (default: all found)")
    args = parser.parse_args()
    if args.cli is not None:
        return main_cli(args)
    sites = function_level_imports(tuple(args.layers or LAYERS))
    targets = args.targets or sorted({s.target for s in sites})

    with tempfile.TemporaryDirectory(prefix="fd-lazy-") as tmp:
        folder = Path(tmp)
        env = app_env(folder / "pycache", QT_QPA_PLATFORM="offscreen", TMPDIR=str(folder))
        script = folder / "first_window.py"
        script.write_text(CHILD, encoding="utf-8")
        if args.memory:
            db = ":memory:"
        else:
            from bench_startup import demo_database

            db = str(demo_database(folder))
            if args.view:
                _restore_view(db, args.view)
        child(script, db, args.after, env)  # warm-up: bytecode, page cache
        loaded = set(child(script, db, args.after, env)["loaded"])
        extra: dict[str, float | str | None] = {}
        for target in targets:
            if target in loaded:
                extra[target] = None
                continue
            child(script, db, args.after, env, target)  # warm-up: the target's bytecode
            figures = [child(script, db, args.after, env, target)["ms"] for _ in range(args.runs)]
            extra[target] = _median(figures)

    where = "empty, in memory" if args.memory else "demo"
    print(f"database: {where}; first view: {args.view or 'today'}; medians of {args.runs}")
    print(f"timed after: {MODES[args.after]}")
    print(f"{'module imported inside a function':<58}{'extra ms':>10}")
    print("-" * 68)
    for target in targets:
        print(f"{target:<58}{_figure(extra[target]):>10}")
    print()
    print("per import (holder: is the module holding it already loaded? the import's extra ms)")
    print(f"{'file:line':<52}{'holder':>8}{'extra ms':>10}  target")
    print("-" * 100)
    for site in sites:
        if site.target not in extra:
            continue
        where = f"{site.path.relative_to(PACKAGE)}:{site.line}"
        holder = "loaded" if site.module in loaded else "later"
        print(f"{where:<52}{holder:>8}{_figure(extra[site.target]):>10}  {site.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
