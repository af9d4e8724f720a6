"""Start with the session: the XDG autostart entry, the macOS LaunchAgent and the Windows Run
key (a stand-in registry), each installed, read back and removed."""

from __future__ import annotations

import configparser
import plistlib
import sys
from pathlib import Path

import pytest

from followup_desktop.services import autostart
from followup_desktop.services.autostart import Autostart, desktop_entry, launch_command

COMMAND = ["/opt/Follow-up Desktop/followup-desktop", "--db", "/home/a b/$x.sqlite3", "--minimized"]


def test_xdg_entry_lives_in_the_config_autostart_folder(tmp_path):
    entry = Autostart("linux", env={"XDG_CONFIG_HOME": str(tmp_path / "cfg")}, home=tmp_path)
    assert entry.path() == tmp_path / "cfg" / "autostart" / "followup-desktop.desktop"
    assert not entry.is_enabled()
    entry.enable(COMMAND)
    assert entry.is_enabled()
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.optionxform = str  # keys are case-sensitive
    parsed.read(entry.path(), encoding="utf-8")
    section = parsed["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Name"] == "Follow-up Desktop"
    assert section["X-GNOME-Autostart-enabled"] == "true"
    assert section["Exec"].endswith("--minimized")
    entry.disable()
    assert not entry.is_enabled() and not entry.path().exists()
    entry.disable()  # twice is fine


def test_xdg_entry_defaults_to_dot_config_and_honours_hidden(tmp_path):
    entry = Autostart("linux", env={}, home=tmp_path)
    assert entry.path() == tmp_path / ".config" / "autostart" / "followup-desktop.desktop"
    entry.enable(["followup-desktop", "--minimized"])
    text = entry.path().read_text(encoding="utf-8")
    assert "Exec=followup-desktop --minimized\n" in text
    entry.path().write_text(text + "Hidden=true\n", encoding="utf-8")  # the desktop turned it off
    assert not entry.is_enabled()


def _unquote_exec(value: str) -> list[str]:
    """The Desktop Entry spec's reading of Exec: the string unescape (a doubled backslash is
    one), then the quoting rule (inside double quotes, a backslash escapes " ` $ and itself)."""
    value = value.replace("\\\\", "\\")
    args, current, quoted, i, started = [], "", False, 0, False
    while i < len(value):
        c = value[i]
        if quoted and c == "\\" and i + 1 < len(value) and value[i + 1] in '"`$\\':
            current, i = current + value[i + 1], i + 2
            continue
        if c == '"':
            quoted, started = not quoted, True
        elif c == " " and not quoted:
            if started or current:
                args.append(current)
            current, started = "", False
        else:
            current += c
        i += 1
    if started or current:
        args.append(current)
    return [arg.replace("%%", "%") for arg in args]


def test_exec_quoting_survives_spaces_dollars_quotes_and_percent():
    awkward = ["/opt/x y/app", 'say "hi"', "100%", "back\\slash", "$HOME", "plain"]
    line = next(line for line in desktop_entry(awkward).splitlines() if line.startswith("Exec="))
    assert _unquote_exec(line.removeprefix("Exec=")) == awkward


def test_macos_launch_agent(tmp_path):
    entry = Autostart("darwin", env={}, home=tmp_path)
    path = tmp_path / "Library" / "LaunchAgents" / "io.github.followup-desktop.plist"
    assert entry.path() == path
    entry.enable(COMMAND)
    data = plistlib.loads(path.read_bytes())
    assert data["ProgramArguments"] == COMMAND
    assert data["RunAtLoad"] is True and data["Label"] == "io.github.followup-desktop"
    assert entry.is_enabled()
    entry.disable()
    assert not entry.is_enabled()


class FakeWinreg:
    """The part of ``winreg`` the Run key needs, over a dict."""

    HKEY_CURRENT_USER = "HKCU"
    KEY_SET_VALUE = 2
    REG_SZ = 1

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], dict[str, str]] = {}

    class _Key:
        def __init__(self, store: dict) -> None:
            self.store = store

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            return None

    def CreateKey(self, root, path):
        return self._Key(self.values.setdefault((root, path), {}))

    def OpenKey(self, root, path, reserved=0, access=0):
        if (root, path) not in self.values:
            raise FileNotFoundError(path)
        return self._Key(self.values[(root, path)])

    def QueryValueEx(self, key, name):
        if name not in key.store:
            raise FileNotFoundError(name)
        return key.store[name], self.REG_SZ

    def SetValueEx(self, key, name, reserved, kind, value):
        key.store[name] = value

    def DeleteValue(self, key, name):
        if name not in key.store:
            raise FileNotFoundError(name)
        del key.store[name]


def test_windows_run_key():
    reg = FakeWinreg()
    entry = Autostart("win32", env={}, home=Path("C:/Users/a"), winreg=reg)
    assert not entry.is_enabled()
    entry.enable([r"C:\Program Files\Follow-up Desktop\followup-desktop.exe", "--minimized"])
    run = reg.values[("HKCU", autostart.RUN_KEY)]
    assert run["Follow-up Desktop"] == (
        '"C:\\Program Files\\Follow-up Desktop\\followup-desktop.exe" --minimized'
    )
    assert entry.is_enabled()
    assert entry.location().endswith(r"CurrentVersion\Run\Follow-up Desktop")
    entry.disable()
    assert not entry.is_enabled()
    entry.disable()  # nothing to remove: fine


def test_launch_command_starts_minimised_from_this_installation(monkeypatch):
    monkeypatch.setattr(autostart.shutil, "which", lambda name: None)
    assert launch_command() == [sys.executable, "-m", "followup_desktop", "--minimized"]
    monkeypatch.setattr(autostart.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert launch_command(Path("/data/my.sqlite3")) == [
        "/usr/bin/followup-desktop",
        "--db",
        "/data/my.sqlite3",
        "--minimized",
    ]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert launch_command()[0] == sys.executable


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the real XDG path")
def test_the_default_entry_uses_the_isolated_config_folder():
    # tests/conftest.py points XDG_CONFIG_HOME at a temporary folder for every test.
    entry = Autostart()
    assert "autostart" in str(entry.path()) and not entry.is_enabled()
