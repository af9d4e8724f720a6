"""Packaging: the wheel and the PyInstaller bundle carry templates/ and resources/, and an
installed copy finds its own data (not the checkout's) through paths.py.

Fast tests read build.spec; the slow ones build a real wheel, install it into a fresh virtual
environment and run the installed command from a folder outside the repository. Set
FOLLOWUP_BUNDLE_TEST=1 to also build the PyInstaller bundle and run its self-test (~1 minute).
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

from followup_desktop import paths

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "build.spec"
SHIPPED = ("templates", "resources")
#: What the build needs from the checkout (never build in place: setuptools leaves build/ and
#: *.egg-info behind, and a stale build/lib can smuggle deleted files into the next wheel).
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "followup_desktop", *SHIPPED)
AGENDA_KEYS = {"id", "kind", "due", "status", "application", "contact", "channel", "reason"}


def version() -> str:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


def shipped_files(folder: str) -> list[str]:
    """Files under the repository folder, relative, as the packaging should carry them."""
    base = REPO / folder
    return sorted(
        p.relative_to(base).as_posix()
        for p in base.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


# --- build.spec ------------------------------------------------------------------------------


def spec_namespace(*names: str) -> dict:
    """Execute the plain part of build.spec (everything above its PyInstaller import) plus the
    named top-level functions/assignments from further down, without PyInstaller."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), str(SPEC))
    body, plain = [], True
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PyInstaller"):
            plain = False
            continue
        defined = {t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)} | {
            getattr(node, "name", None)
        }
        if plain or defined & set(names):
            body.append(node)
    namespace = {"SPECPATH": str(REPO), "__file__": str(SPEC)}
    exec(compile(ast.Module(body=body, type_ignores=[]), str(SPEC), "exec"), namespace)
    return namespace


def test_spec_bundles_every_shipped_file_where_paths_looks(tmp_path, monkeypatch):
    spec = spec_namespace()
    assert spec["BUNDLED_FOLDERS"] == {name: name for name in SHIPPED}
    bundle = tmp_path / "_internal"  # what sys._MEIPASS is in the one-folder bundle
    for src, dest in spec["shipped_datas"](REPO):
        target = bundle / dest / Path(src).name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    for folder in SHIPPED:
        expected = shipped_files(folder)
        assert expected, f"{folder}/ is empty"
        missing = [f for f in expected if not (bundle / folder / f).is_file()]
        assert missing == [], f"build.spec leaves out of {folder}/: {missing}"

    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert paths.templates_dir() == bundle / "templates"
    assert paths.resources_dir() == bundle / "resources"
    assert paths.resource("icons/app.svg").is_file()


def test_spec_is_one_folder_and_collects_lazy_imports_and_zone_data():
    text = SPEC.read_text(encoding="utf-8")
    for needed in (
        'collect_submodules("holidays")',  # countries are imported by name
        'collect_data_files("holidays")',  # translations (.mo)
        'collect_data_files("tzdata")',
        "exclude_binaries=True",  # one-folder: binaries go to COLLECT, not into the exe
        "COLLECT(",
        '"__main__.py"',
    ):
        assert needed in text, f"build.spec lacks {needed}"
    spec = spec_namespace("package_modules")
    modules = spec["package_modules"](REPO, "followup_desktop")
    assert {"followup_desktop", "followup_desktop.cli", "followup_desktop.app"} <= set(modules)
    assert "followup_desktop.ui.main_window" in modules  # imported lazily, inside a function


def test_spec_sees_the_qt_modules_the_app_imports():
    """build.spec excludes every PySide6 module the app's source does not import."""
    spec = spec_namespace("qt_modules_used")
    used = spec["qt_modules_used"](REPO, "followup_desktop")
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    assert not used & {"QtQml", "QtQuick"}, "the UI is widgets, not QML: check build.spec"


# --- the wheel, installed in a fresh virtual environment ---------------------------------------


def clean_env(tmp: Path) -> dict[str, str]:
    """Environment for an installed command: nothing pointing at the checkout; `--demo`
    databases land in ``tmp``."""
    drop = {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", paths.DB_ENV}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONNOUSERSITE="1", TMPDIR=str(tmp))
    return env


def _build_requirements_met() -> bool:
    """True when this interpreter has what [build-system] requires (then build offline)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    from packaging.requirements import Requirement

    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    for text in pyproject["build-system"]["requires"]:
        req = Requirement(text)
        try:
            if installed(req.name) not in req.specifier:
                return False
        except PackageNotFoundError:
            return False
    return True


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the checkout (isolated build unless offline is possible)."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=ignore)
        elif path.is_file():
            shutil.copy2(path, src / name)
    command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "out")]
    if _build_requirements_met():
        command.append("--no-isolation")
    done = subprocess.run(
        [*command, str(src)], cwd=work, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"wheel build failed:\n{done.stdout[-3000:]}\n{done.stderr}"
    (built,) = (work / "out").glob("*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv with only the wheel installed; dependencies come from this interpreter's
    site-packages through a .pth file (appended to sys.path, after the venv's own)."""
    root = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)
    python = root / "bin" / "python"
    env = clean_env(root.parent)
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "--disable-pip-version-check", "--quiet", str(wheel)],
        check=True, cwd=root.parent, env=env, timeout=300,
    )  # fmt: skip
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True, cwd=root.parent, env=env,
    ).stdout.strip()  # fmt: skip
    outer = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    Path(site, "zz_outer_dependencies.pth").write_text("\n".join(outer) + "\n", encoding="utf-8")
    return root


def run_installed(venv: Path, cwd: Path, *argv: str, timeout: float = 120):
    done = subprocess.run(
        [str(venv / "bin" / argv[0]), *argv[1:]],
        cwd=cwd,
        env=clean_env(cwd),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"{argv} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.slow
def test_wheel_carries_every_shipped_file_inside_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in SHIPPED:
        missing = [
            f for f in shipped_files(folder) if f"followup_desktop/_{folder}/{f}" not in names
        ]
        assert missing == [], f"the wheel leaves out of {folder}/: {missing}"
    assert "followup_desktop/__main__.py" in names
    assert not [n for n in names if n.startswith(("tests/", "templates/", "resources/"))]
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "followup-desktop = followup_desktop.cli:main" in (
        zipfile.ZipFile(wheel).read(entry_points).decode()
    )


@pytest.mark.slow
def test_installed_wheel_finds_its_own_data_not_the_checkout(venv, tmp_path):
    code = (
        "import followup_desktop, json\n"
        "from followup_desktop import paths\n"
        "print(json.dumps([followup_desktop.__file__, str(paths.templates_dir()),"
        " str(paths.resource('icons/app.svg')), followup_desktop.__version__]))"
    )
    out = run_installed(venv, tmp_path, "python", "-c", code)
    package, templates, icon, reported = json.loads(out)
    for found in (package, templates, icon):
        assert Path(found).resolve().is_relative_to(venv.resolve()), found
        assert not Path(found).resolve().is_relative_to(REPO), found
    assert Path(templates).name == "_templates" and Path(icon).is_file()
    assert sorted(p.name for p in Path(templates).iterdir()) == sorted(
        p for p in shipped_files("templates") if "/" not in p
    )
    assert reported == version()


@pytest.mark.slow
def test_installed_command_version_and_demo_agenda(venv, tmp_path):
    out = run_installed(venv, tmp_path, "followup-desktop", "--version")
    assert out.strip() == f"followup-desktop {version()}"
    items = json.loads(
        run_installed(venv, tmp_path, "followup-desktop", "--demo", "agenda", "--json")
    )
    assert items, "the demo plans follow-ups"
    assert all(set(item) >= AGENDA_KEYS for item in items)


@pytest.mark.slow
@pytest.mark.skipif(
    not (REPO / "followup_desktop" / "ui" / "self_test.py").exists(), reason="no self-test yet"
)
def test_installed_command_self_test_offscreen(venv, tmp_path):
    shots = tmp_path / "shots"
    out = run_installed(
        venv, tmp_path, "followup-desktop", "--demo", "self-test", "--screenshots", str(shots)
    )
    assert "self-test passed" in out
    assert list(shots.glob("*.png")), "the self-test saved screenshots"


# --- the PyInstaller bundle (opt-in: about a minute) -------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("FOLLOWUP_BUNDLE_TEST") != "1", reason="set FOLLOWUP_BUNDLE_TEST=1 to build"
)
def test_frozen_bundle_runs_its_commands(tmp_path):
    pyinstaller = shutil.which("pyinstaller", path=str(Path(sys.executable).parent))
    if pyinstaller is None:
        pytest.skip("PyInstaller is not installed (pip install '.[bundle]')")
    dist, work = tmp_path / "dist", tmp_path / "build"
    done = subprocess.run(
        [pyinstaller, str(SPEC), "--noconfirm", "--distpath", str(dist), "--workpath", str(work)],
        cwd=tmp_path, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-5000:]
    exe = dist / "followup-desktop" / "followup-desktop"
    env = clean_env(tmp_path)

    def frozen(*argv: str) -> str:
        ran = subprocess.run(
            [str(exe), *argv], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )
        assert ran.returncode == 0, f"{argv}: {ran.stdout}\n{ran.stderr}"
        return ran.stdout

    assert frozen("--version").strip() == f"followup-desktop {version()}"
    assert json.loads(frozen("--demo", "agenda", "--json"))
    sources = " ".join(
        p.read_text(encoding="utf-8") for p in (REPO / "followup_desktop").rglob("*.py")
    )
    for suffix in (".json", ".csv") + ((".ics",) if "icalendar" in sources else ()):
        frozen("--demo", "export", str(tmp_path / f"export{suffix}"))  # lazily imported code paths
        assert (tmp_path / f"export{suffix}").stat().st_size > 0
    if (REPO / "followup_desktop" / "ui" / "self_test.py").exists():
        assert "self-test passed" in frozen("--demo", "self-test")
