"""Where things are: shipped data (templates, resources) and the user's database.

Shipped data is found the same way in every mode through :func:`data_dir`:
- a PyInstaller bundle: ``sys._MEIPASS/templates`` (build.spec puts them there);
- an installed wheel: ``followup_desktop/_templates`` (pyproject maps the top-level folders there);
- a source checkout: ``<repo>/templates``.
User data never lives beside the code: it goes to the platform's user data directory.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "followup-desktop"
DB_ENV = "FOLLOWUP_DESKTOP_DB"
DB_FILENAME = "followup.sqlite3"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _candidates(name: str) -> list[Path]:
    found: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        found.append(Path(bundle) / name)
    found.append(_PACKAGE_DIR / f"_{name}")  # installed wheel
    found.append(_PACKAGE_DIR.parent / name)  # source checkout
    return found


def data_dir(name: str) -> Path:
    """The shipped folder ``name`` ("templates" or "resources"), wherever this copy runs from."""
    for path in _candidates(name):
        if path.is_dir():
            return path
    tried = ", ".join(str(p) for p in _candidates(name))
    raise FileNotFoundError(f"The app's {name} folder is missing (looked in {tried}).")


def templates_dir() -> Path:
    return data_dir("templates")


def resources_dir() -> Path:
    return data_dir("resources")


def resource(relative: str) -> Path:
    """A file under resources/, e.g. ``resource("icons/app.svg")``."""
    return resources_dir() / relative


def user_data_dir() -> Path:
    """The per-user data folder (created, owner-only)."""
    # lazy: only the default database needs it (not --db): ~3 ms of the first window, ~2 ms of
    # every command (bench_lazy_imports, --cli)
    from platformdirs import user_data_path

    path = user_data_path(APP_DIR_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def default_db_path() -> Path:
    """``$FOLLOWUP_DESKTOP_DB`` if set, else the database in the user data folder."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return user_data_dir() / DB_FILENAME


def backups_dir(db_path: Path) -> Path:
    """Backups sit in a folder beside the database they protect."""
    return db_path.parent / "backups"
