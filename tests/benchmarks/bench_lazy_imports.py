"""What each import inside a function of ui/ and app/ would cost the first window at module top.

    python tests/benchmarks/bench_lazy_imports.py [--runs 5] [--memory] [TARGET ...]

Finds the function-level imports of followup_desktop/ui and followup_desktop/app (an AST walk:
import statements inside a def, ``if TYPE_CHECKING:`` blocks aside), then, for each module they
import, in fresh processes (offscreen): goes the real start path up to the window shown (the
QApplication, what app/run.py imports before the window, the demo database opened through
store.health.open_or_recover, the main window built, shown and one processEvents(), the
collector off as in run_app), then times ``importlib.import_module(target)``: what importing it
costs on top of what the first window already has loaded. Medians of --runs processes; a target
the first window already loaded costs nothing ("loaded"). ``--memory`` builds the window over
an empty in-memory database instead (store.open.open_store(":memory:")); ``--view KEY`` makes
the demo window open on another view than the pipeline, as it does for a user whose last
session ended there (the window restores the last view shown). ``--after services`` also starts
what app/run.py starts after the first paint (backups, reminders) before timing; ``--after
second`` stops where a second launch does (it brings the running window forward and exits).

Also says, per import, whether the module that holds it is loaded by the first window: an
import inside a module that is only loaded later (a dialog, a view opened on first use) costs
the first window nothing wherever it stands. Prints figures only, asserts nothing.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import REPO, app_env, median, run

PACKAGE = REPO / "followup_desktop"
LAYERS = ("ui", "app")

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
    importlib.import_module(target)
    ms = (time.perf_counter() - start) * 1000
print(json.dumps({"ms": ms, "loaded": loaded if target is None else []}))
"""

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


def function_level_imports() -> list[Site]:
    sites = []
    for layer in LAYERS:
        for path in sorted((PACKAGE / layer).rglob("*.py")):
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
    parser.add_argument("--view", help="the view the window restores (default: pipeline)")
    parser.add_argument("--after", choices=MODES, default="window", help="what is loaded first")
    parser.add_argument("targets", nargs="*", help="only these modules (default: all found)")
    args = parser.parse_args()
    sites = function_level_imports()
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
        extra: dict[str, float | None] = {}
        for target in targets:
            if target in loaded:
                extra[target] = None
                continue
            child(script, db, args.after, env, target)  # warm-up: the target's bytecode
            figures = [child(script, db, args.after, env, target)["ms"] for _ in range(args.runs)]
            extra[target] = median(figures)

    where = "empty, in memory" if args.memory else "demo"
    print(f"database: {where}; first view: {args.view or 'pipeline'}; medians of {args.runs}")
    print(f"timed after: {MODES[args.after]}")
    print(f"{'module imported inside a function':<58}{'extra ms':>10}")
    print("-" * 68)
    for target in targets:
        ms = extra[target]
        print(f"{target:<58}{'loaded' if ms is None else f'{ms:8.1f}':>10}")
    print()
    print("per import (holder: is the module holding it already loaded? the import's extra ms)")
    print(f"{'file:line':<52}{'holder':>8}{'extra ms':>10}  target")
    print("-" * 100)
    for site in sites:
        if site.target not in extra:
            continue
        where = f"{site.path.relative_to(PACKAGE)}:{site.line}"
        holder = "loaded" if site.module in loaded else "later"
        ms = extra[site.target]
        figure = "loaded" if ms is None else f"{ms:8.1f}"
        print(f"{where:<52}{holder:>8}{figure:>10}  {site.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
