"""Start with the session (opt-in): the app starts minimised to the tray (``--minimized``).

- Linux and other XDG desktops: ``$XDG_CONFIG_HOME/autostart/followup-desktop.desktop``
  (XDG Autostart spec; GNOME, KDE, Xfce, LXQt, Cinnamon, MATE all read it).
- Windows: the value "Follow-up Desktop" under
  ``HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``.
- macOS: a LaunchAgent ``~/Library/LaunchAgents/io.github.followup-desktop.plist`` with
  ``RunAtLoad`` (loaded by launchd at the next login).

No Qt: plain files and the registry. ``platform``, ``env``, ``home`` and ``winreg`` are
parameters so that every branch is tested on any machine.
"""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from followup_desktop import APP_ID, APP_NAME

MINIMIZED = "--minimized"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
LAUNCH_AGENT_LABEL = f"io.github.{APP_ID}"


def launch_command(db_path: Path | None = None) -> list[str]:
    """How to start this very installation: the bundle, the installed script, or the module."""
    if getattr(sys, "frozen", False):
        command = [sys.executable]
    else:
        script = shutil.which(APP_ID)
        command = [script] if script else [sys.executable, "-m", "followup_desktop"]
    if db_path is not None:
        command += ["--db", str(db_path)]
    return [*command, MINIMIZED]


def _desktop_quote(arg: str) -> str:
    """An Exec argument quoted as the Desktop Entry spec asks (and '%' doubled)."""
    arg = arg.replace("%", "%%")
    if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'


def desktop_entry(command: Sequence[str]) -> str:
    # Quoting first, then the string escape of every desktop-entry value (a backslash doubled).
    exec_line = " ".join(_desktop_quote(a) for a in command).replace("\\", "\\\\")
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "Comment=Reminders for your interview follow-ups, from the tray\n"
        f"Exec={exec_line}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
        "X-GNOME-Autostart-Delay=5\n"
        "X-KDE-autostart-after=panel\n"
    )


def launch_agent(command: Sequence[str]) -> bytes:
    return plistlib.dumps(
        {
            "Label": LAUNCH_AGENT_LABEL,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
    )


class Autostart:
    """Install, remove and read the entry for one platform."""

    def __init__(
        self,
        platform: str = sys.platform,
        env: Mapping[str, str] | None = None,
        home: Path | None = None,
        winreg: Any = None,
    ) -> None:
        self.platform = platform
        self.env = os.environ if env is None else env
        self.home = home or Path.home()
        self._winreg = winreg

    @property
    def kind(self) -> str:
        if self.platform.startswith("win"):
            return "windows"
        if self.platform == "darwin":
            return "macos"
        return "xdg"

    def location(self) -> str:
        """Where the entry lives, for Settings."""
        if self.kind == "windows":
            return f"HKEY_CURRENT_USER\\{RUN_KEY}\\{APP_NAME}"
        return str(self.path())

    def path(self) -> Path:
        if self.kind == "macos":
            return self.home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
        config = self.env.get("XDG_CONFIG_HOME") or str(self.home / ".config")
        return Path(config) / "autostart" / f"{APP_ID}.desktop"

    def winreg(self):
        if self._winreg is None:
            import winreg  # Windows only

            self._winreg = winreg
        return self._winreg

    def is_enabled(self) -> bool:
        if self.kind == "windows":
            reg = self.winreg()
            try:
                with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY) as key:
                    reg.QueryValueEx(key, APP_NAME)
                    return True
            except OSError:
                return False
        path = self.path()
        if not path.is_file():
            return False
        if self.kind == "xdg":
            text = path.read_text(encoding="utf-8", errors="replace")
            return "\nHidden=true" not in text and "X-GNOME-Autostart-enabled=false" not in text
        return True

    def enable(self, command: Sequence[str] | None = None) -> None:
        command = list(command or launch_command())
        if self.kind == "windows":
            reg = self.winreg()
            with reg.CreateKey(reg.HKEY_CURRENT_USER, RUN_KEY) as key:
                reg.SetValueEx(key, APP_NAME, 0, reg.REG_SZ, subprocess.list2cmdline(command))
            return
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        data = launch_agent(command) if self.kind == "macos" else desktop_entry(command).encode()
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def disable(self) -> None:
        if self.kind == "windows":
            reg = self.winreg()
            try:
                with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
                    reg.DeleteValue(key, APP_NAME)
            except FileNotFoundError:
                pass
            return
        self.path().unlink(missing_ok=True)

    def set_enabled(self, on: bool, command: Sequence[str] | None = None) -> None:
        if on:
            self.enable(command)
        else:
            self.disable()


def starts_with_session() -> bool:
    """Whether the app is set to start with the user's session (False when that cannot be
    read): the outbox warns when a message needs the app running and it may not be."""
    try:
        return Autostart().is_enabled()
    except OSError:
        return False
