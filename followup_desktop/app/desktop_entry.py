"""``--install-desktop-entry`` / ``--uninstall-desktop-entry``: the app in the desktop's menu.

User-level, no root, following the freedesktop specifications (XDG base directories, desktop
entry, icon theme, AppStream). Under ``$XDG_DATA_HOME`` (default ``~/.local/share``):

- ``icons/hicolor/<N>x<N>/apps/followup-desktop.png`` for each rendered size, and
  ``icons/hicolor/scalable/apps/followup-desktop.svg``;
- ``applications/followup-desktop.desktop``: resources/followup-desktop.desktop with ``Exec``
  and ``TryExec`` pointing at this copy of the app (the bundle's executable, else the installed
  console script, else this Python with ``-m followup_desktop``);
- ``metainfo/followup-desktop.metainfo.xml``.

Installing again rewrites the same files (run it again after moving the bundle); uninstalling
removes exactly those files. ``update-desktop-database`` runs if present. Nothing is written
beside the app's own files, and no database is opened.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Callable, Mapping
from pathlib import Path

from followup_desktop import APP_ID, APP_NAME, paths

DESKTOP_FILE = f"{APP_ID}.desktop"
METAINFO_FILE = f"{APP_ID}.metainfo.xml"
ICON_NAME = APP_ID  # the desktop file's Icon= (a theme name, found in hicolor)
#: Characters that make a desktop-entry Exec argument need quoting (spec, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = '"`$\\'


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME`` if set to an absolute path (the spec ignores relative ones), else
    ``~/.local/share``."""
    env: Mapping[str, str] = os.environ if environ is None else environ
    value = env.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".local" / "share"


def launcher() -> list[str]:
    """The command that starts this copy of the app, as absolute paths."""
    if getattr(sys, "frozen", False):  # the PyInstaller bundle's executable
        return [str(Path(sys.executable).resolve())]
    script = Path(sys.executable).parent / APP_ID
    if script.is_file() and os.access(script, os.X_OK):  # console script of this environment
        return [str(script.absolute())]
    found = shutil.which(APP_ID)
    if found:
        return [str(Path(found).absolute())]
    command = [str(Path(sys.executable).absolute()), "-m", "followup_desktop"]
    root = Path(__file__).resolve().parents[2]
    installed = {Path(sysconfig.get_paths()[k]).resolve() for k in ("purelib", "platlib")}
    if root not in installed:  # a source checkout: the menu starts it without PYTHONPATH
        command = [shutil.which("env") or "/usr/bin/env", f"PYTHONPATH={root}", *command]
    return command


def _program(command: list[str]) -> str:
    """The program a command runs (after ``env`` and its VAR=value arguments), for TryExec."""
    rest = command[1:] if Path(command[0]).name == "env" else command
    return next((arg for arg in rest if "=" not in arg), command[0])


def exec_quote(argument: str) -> str:
    """One Exec argument, quoted as the desktop entry spec asks, then escaped as a string value
    (so a backslash is written four times inside quotes); ``%`` doubled (field codes)."""
    argument = argument.replace("%", "%%")
    if argument and not set(argument) & _RESERVED:
        return argument
    inner = "".join(f"\\{c}" if c in _ESCAPED_IN_QUOTES else c for c in argument)
    return '"' + _string_escape(inner) + '"'


def _string_escape(value: str) -> str:
    """A desktop-entry string value: backslash and control characters escaped."""
    for char, escape in (("\\", "\\\\"), ("\n", "\\n"), ("\t", "\\t"), ("\r", "\\r")):
        value = value.replace(char, escape)
    return value


def desktop_entry_text(template: str, command: list[str]) -> str:
    """The shipped .desktop file with Exec/TryExec set to ``command`` (other lines kept)."""
    exec_line = "Exec=" + " ".join(exec_quote(arg) for arg in command)
    try_exec = "TryExec=" + _string_escape(_program(command))
    lines, in_main, done = [], False, False
    for line in template.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            if in_main and not done:
                lines += [exec_line, try_exec]
                done = True
            in_main = stripped == "[Desktop Entry]"
        elif in_main and stripped.split("=", 1)[0].strip() in ("Exec", "TryExec"):
            if not done:
                lines += [exec_line, try_exec]
                done = True
            continue
        lines.append(line)
    if not done:
        lines += [exec_line, try_exec]
    return "\n".join(lines) + "\n"


def _icons() -> list[tuple[Path, str]]:
    """(shipped icon, path under icons/hicolor) for each size present, and the SVG."""
    folder = paths.resource("icons")
    found = []
    for png in sorted(folder.glob("app-*.png"), key=lambda p: int(p.stem.split("-")[1])):
        size = png.stem.split("-")[1]
        found.append((png, f"{size}x{size}/apps/{ICON_NAME}.png"))
    svg = folder / "app.svg"
    if svg.is_file():
        found.append((svg, f"scalable/apps/{ICON_NAME}.svg"))
    return found


def _write(target: Path, data: bytes) -> bool:
    """Write ``target`` atomically unless it already holds ``data``; True if it changed."""
    try:
        if target.read_bytes() == data:
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.part")
    tmp.write_bytes(data)
    tmp.chmod(0o644)
    os.replace(tmp, target)
    return True


def installed_files(home: Path) -> list[Path]:
    """Every file install() writes (or would write) under ``home``."""
    files = [home / "icons" / "hicolor" / rel for _, rel in _icons()]
    return [*files, home / "applications" / DESKTOP_FILE, home / "metainfo" / METAINFO_FILE]


def install(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Install icons, the .desktop entry and the metainfo under ``home`` (XDG data home);
    returns the files written or changed (empty when everything was already in place)."""
    home = data_home() if home is None else home
    command = launcher() if command is None else command
    changed = [
        target
        for source, rel in _icons()
        if _write(target := home / "icons" / "hicolor" / rel, source.read_bytes())
    ]
    template = paths.resource(DESKTOP_FILE).read_text(encoding="utf-8")
    entry = desktop_entry_text(template, command).encode("utf-8")
    target = home / "applications" / DESKTOP_FILE
    if _write(target, entry):
        changed.append(target)
    target = home / "metainfo" / METAINFO_FILE
    if _write(target, paths.resource(METAINFO_FILE).read_bytes()):
        changed.append(target)
    _refresh_caches(home)
    return changed


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what install() writes; returns the files removed (empty if none were there)."""
    home = data_home() if home is None else home
    removed = []
    hicolor = home / "icons" / "hicolor"
    candidates = set(installed_files(home))
    if hicolor.is_dir():  # also sizes a former version installed
        candidates |= set(hicolor.glob(f"*/apps/{ICON_NAME}.png"))
        candidates |= set(hicolor.glob(f"*/apps/{ICON_NAME}.svg"))
    for path in sorted(candidates):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    _refresh_caches(home)
    return removed


def _run_quietly(argv: list[str]) -> None:
    """Run a desktop cache tool if it is installed; its failure is not ours to report."""
    if shutil.which(argv[0]) is None:
        return
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(argv, capture_output=True, timeout=60, check=False)


def _refresh_caches(home: Path) -> None:
    """update-desktop-database for the menu's MIME cache; the GTK icon cache only if one is
    already there (a cache we created would hide icons other apps install later)."""
    applications = home / "applications"
    if applications.is_dir():
        _run_quietly(["update-desktop-database", "-q", str(applications)])
    hicolor = home / "icons" / "hicolor"
    if (hicolor / "icon-theme.cache").is_file():
        _run_quietly(["gtk-update-icon-cache", "-q", "-t", "-f", str(hicolor)])


def run(install_entry: bool, out: Callable[[str], None] = print) -> int:
    """The command-line flags: 0 on success, 1 with a sentence on stderr otherwise."""
    if sys.platform in ("win32", "darwin"):
        print(
            f"{APP_ID}: desktop entries are a Linux (freedesktop) feature; on this system "
            "pin the app from its folder instead.",
            file=sys.stderr,
        )
        return 1
    home = data_home()
    try:
        if install_entry:
            changed = install(home)
            entry = home / "applications" / DESKTOP_FILE
            state = "installed" if changed else "already installed"
            out(f"{APP_NAME} {state} in the application menu: {entry}")
            out(f"It starts: {' '.join(launcher())}")
        else:
            removed = uninstall(home)
            out(
                f"{APP_NAME} removed from the application menu ({len(removed)} files)."
                if removed
                else f"{APP_NAME} was not in the application menu of {home}."
            )
    except OSError as exc:
        where = getattr(exc, "filename", None) or home
        print(f"{APP_ID}: cannot write to {where}: {exc.strerror or exc}.", file=sys.stderr)
        return 1
    return 0
