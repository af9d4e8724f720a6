"""Follow-up Desktop: plan and write strategic follow-ups after job interviews."""

from __future__ import annotations

from functools import cache

APP_NAME = "Follow-up Desktop"
APP_ID = "followup-desktop"
#: Kept equal to pyproject.toml's version (tests/unit/test_version.py). A constant, because
#: looking the installed version up (importlib.metadata) costs ~30 ms of every start.
__version__ = "0.1.0"


@cache
def version() -> str:
    """The installed version; in an uninstalled checkout, the one pyproject.toml declares.

    Looked up on first use, not at import: importlib.metadata costs ~40 ms at every start.
    """
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version(APP_ID)
    except PackageNotFoundError:
        import tomllib
        from pathlib import Path

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"
