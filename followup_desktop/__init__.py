"""Follow-up Desktop: plan and write strategic follow-ups after job interviews."""

from __future__ import annotations

from functools import cache
from pathlib import Path

APP_NAME = "Follow-up Desktop"
APP_ID = "followup-desktop"
#: Kept equal to pyproject.toml's version (tests/unit/test_version.py). A constant, because
#: looking the installed version up (importlib.metadata) costs ~15 ms of every start.
__version__ = "0.1.0"


@cache
def version() -> str:
    """The installed version; in an uninstalled checkout, the one pyproject.toml declares.

    Looked up on first use, not at import: importlib.metadata costs ~15 ms at every start.
    """
    # lazy: only --version asks; ~13 ms of every command, ~15 ms of the first window
    # (bench_lazy_imports, --cli)
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version(APP_ID)
    except PackageNotFoundError:
        import tomllib  # lazy: an uninstalled checkout only, ~2 ms of every start

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"
