"""Desktop integration: the shipped icons, .desktop entry and AppStream metainfo, and
``--install-desktop-entry`` / ``--uninstall-desktop-entry`` (user-level XDG, no root).

No Qt: icon files are read by their headers. Every test runs with XDG_DATA_HOME in a temporary
folder (tests/conftest.py), so nothing touches the real ~/.local/share.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from followup_desktop import APP_ID
from followup_desktop.app import desktop_entry
from followup_desktop.cli import main as cli

REPO = Path(__file__).resolve().parents[2]
RESOURCES = REPO / "resources"
ICONS = RESOURCES / "icons"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)
BUNDLE_EXE = "/opt/Follow-up Desktop/followup-desktop"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.RawConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return dict(parser["Desktop Entry"])


def unquote_exec(value: str) -> list[str]:
    """The desktop entry spec's reading of an Exec value: string escapes first, then quoted
    arguments (backslash escapes ``"`$\\`` inside quotes), then ``%%`` -> ``%``."""
    escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    text = re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), "\\" + m.group(1)), value)
    args, current, quoted, escaped, started = [], "", False, False, False
    for char in text:
        if escaped:
            current, escaped = current + char, False
        elif quoted and char == "\\":
            escaped = True
        elif char == '"':
            quoted, started = not quoted, True
        elif char == " " and not quoted:
            if started:
                args.append(current)
            current, started = "", False
        else:
            current, started = current + char, True
    assert not quoted, f"unbalanced quotes in {value!r}"
    if started:
        args.append(current)
    return [a.replace("%%", "%") for a in args]


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


@pytest.fixture
def tools(tmp_path, monkeypatch) -> Path:
    """A PATH holding only fake update-desktop-database / gtk-update-icon-cache that log their
    arguments to calls.log (and `env`, which the launcher may name)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    for name in ("update-desktop-database", "gtk-update-icon-cache"):
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\n', encoding="utf-8")
        script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    return log


# --- the shipped files -------------------------------------------------------------------------


def test_png_icons_have_the_size_in_their_name():
    for size in PNG_SIZES:
        assert png_size((ICONS / f"app-{size}.png").read_bytes()) == (size, size)
    assert ET.parse(ICONS / "app.svg").getroot().tag.endswith("svg")


def test_windows_ico_holds_every_size_up_to_256():
    data = (ICONS / "app.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = []
    for i in range(count):
        w, h, _, _, planes, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        size = w or 256
        assert w == h and planes == 1 and bits == 32
        blob = data[offset : offset + length]
        assert len(blob) == length
        if blob[:8] == b"\x89PNG\r\n\x1a\n":
            assert png_size(blob) == (size, size)
        else:  # BITMAPINFOHEADER: height counts the XOR image and the AND mask
            header, width, height = struct.unpack("<Iii", blob[:12])
            assert (header, width, height) == (40, size, 2 * size)
        sizes.append(size)
    assert {16, 32, 48, 256} <= set(sizes)


def test_macos_icns_holds_retina_sizes():
    data = (ICONS / "app.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    found, at = {}, 8
    while at < len(data):
        kind, length = data[at : at + 4], struct.unpack(">I", data[at + 4 : at + 8])[0]
        found[kind] = png_size(data[at + 8 : at + length])[0]
        at += length
    assert found[b"ic07"] == 128 and found[b"ic09"] == 512 and found[b"ic10"] == 1024


def test_desktop_file_matches_the_app_id_qt_reports():
    entry = read_entry(RESOURCES / f"{APP_ID}.desktop")
    assert entry["Type"] == "Application" and entry["Name"] == "Follow-up Desktop"
    # app.py: QGuiApplication.setDesktopFileName(APP_ID); X11 WM_CLASS is the app name
    assert entry["Icon"] == APP_ID and entry["StartupWMClass"] == APP_ID
    assert entry["Exec"].split()[0] == APP_ID
    assert entry["Categories"].endswith(";") and entry["Terminal"] == "false"


def test_metainfo_names_the_desktop_file_and_the_current_version():
    root = ET.parse(RESOURCES / f"{APP_ID}.metainfo.xml").getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("provides/binary") == APP_ID
    assert root.findtext("project_license") and root.findtext("metadata_license")
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    newest = root.find("releases/release")
    assert newest is not None and newest.get("version") == version, (
        "add a <release> for the new version to resources/followup-desktop.metainfo.xml"
    )


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli not installed")
def test_metainfo_passes_appstreamcli_validate():
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(RESOURCES / f"{APP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed"
)
def test_shipped_and_installed_desktop_files_pass_desktop_file_validate(home):
    desktop_entry.install(home, [BUNDLE_EXE, "--db", "/tmp/100% sure/$HOME.sqlite3"])
    for path in (RESOURCES / f"{APP_ID}.desktop", home / "applications" / f"{APP_ID}.desktop"):
        done = subprocess.run(
            ["desktop-file-validate", str(path)], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


# --- install / uninstall -----------------------------------------------------------------------


def test_install_writes_icons_entry_and_metainfo_under_xdg_data_home(home, tools):
    written = desktop_entry.install(command=[BUNDLE_EXE])
    for size in PNG_SIZES:
        icon = home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png_size(icon.read_bytes()) == (size, size)
    svg = home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert svg.read_bytes() == (ICONS / "app.svg").read_bytes()
    metainfo = home / "metainfo" / f"{APP_ID}.metainfo.xml"
    assert metainfo.read_bytes() == (RESOURCES / f"{APP_ID}.metainfo.xml").read_bytes()
    entry_file = home / "applications" / f"{APP_ID}.desktop"
    entry = read_entry(entry_file)
    assert unquote_exec(entry["Exec"]) == [BUNDLE_EXE]
    assert entry["TryExec"] == BUNDLE_EXE
    shipped = read_entry(RESOURCES / f"{APP_ID}.desktop")
    assert {k: v for k, v in entry.items() if k not in ("Exec", "TryExec")} == {
        k: v for k, v in shipped.items() if k != "Exec"
    }
    assert sorted(written) == sorted(desktop_entry.installed_files(home))
    assert oct(entry_file.stat().st_mode & 0o777) == oct(0o644)
    assert tools.read_text().splitlines() == [f"update-desktop-database -q {home / 'applications'}"]
    assert not list(home.rglob("*.part")), "no temporary file left behind"


def test_install_is_idempotent_and_follows_a_moved_bundle(home, tools):
    first = desktop_entry.install(command=[BUNDLE_EXE])
    before = {p: p.read_bytes() for p in first}
    assert desktop_entry.install(command=[BUNDLE_EXE]) == []
    assert {p: p.read_bytes() for p in first} == before
    moved = "/home/me/Apps/followup-desktop/followup-desktop"
    assert desktop_entry.install(command=[moved]) == [home / "applications" / f"{APP_ID}.desktop"]
    assert unquote_exec(read_entry(home / "applications" / f"{APP_ID}.desktop")["Exec"]) == [moved]


def test_uninstall_removes_only_what_install_wrote(home, tools):
    other_icon = home / "icons" / "hicolor" / "48x48" / "apps" / "other-app.png"
    other_entry = home / "applications" / "other-app.desktop"
    for path in (other_icon, other_entry):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("not ours", encoding="utf-8")
    old_size = home / "icons" / "hicolor" / "24x24" / "apps" / f"{APP_ID}.png"  # older release
    old_size.parent.mkdir(parents=True)
    old_size.write_bytes(b"old")
    installed = desktop_entry.install(command=[BUNDLE_EXE])
    removed = desktop_entry.uninstall()
    assert sorted(removed) == sorted([*installed, old_size])
    assert not any(p.exists() for p in removed)
    assert other_icon.exists() and other_entry.exists()
    assert desktop_entry.uninstall() == []


def test_missing_desktop_tools_are_ignored(home, tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert desktop_entry.install(command=[BUNDLE_EXE])
    assert desktop_entry.uninstall()


def test_gtk_icon_cache_is_refreshed_only_if_one_exists(home, tools):
    desktop_entry.install(command=[BUNDLE_EXE])
    assert "gtk-update-icon-cache" not in tools.read_text()
    (home / "icons" / "hicolor" / "icon-theme.cache").write_bytes(b"cache")
    desktop_entry.install(command=["/elsewhere/followup-desktop"])
    assert f"gtk-update-icon-cache -q -t -f {home / 'icons' / 'hicolor'}" in tools.read_text()


def test_data_home_follows_the_xdg_rules(tmp_path):
    assert desktop_entry.data_home({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path
    fallback = tmp_path / ".local" / "share"
    home = {"HOME": str(tmp_path)}
    assert desktop_entry.data_home(home) == fallback
    assert desktop_entry.data_home({**home, "XDG_DATA_HOME": ""}) == fallback
    assert desktop_entry.data_home({**home, "XDG_DATA_HOME": "rel/ative"}) == fallback


# --- Exec= ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argument",
    [
        "/opt/followup-desktop/followup-desktop",
        "/home/me/My Apps/followup-desktop",
        '/tmp/a "quoted" dir/x',
        "/tmp/$HOME/`id`/back\\slash/x",
        "/tmp/100%/x",
        "/tmp/semi;colon&amp'apos",
    ],
)
def test_exec_arguments_survive_the_spec_unquoting(argument):
    value = desktop_entry.exec_quote(argument)
    assert unquote_exec(value) == [argument]
    if " " not in argument and not set(argument) & set("\"'\\$`;&%"):
        assert value == argument  # plain paths stay readable


def test_entry_text_replaces_exec_in_the_main_group_only():
    template = (
        "[Desktop Entry]\nName=X\nExec=old --flag\nTryExec=old\nIcon=x\n"
        "Actions=new;\n\n[Desktop Action new]\nName=New\nExec=old --new\n"
    )
    text = desktop_entry.desktop_entry_text(template, ["/opt/x y/app"])
    lines = text.splitlines()
    assert lines[:5] == [
        "[Desktop Entry]",
        "Name=X",
        'Exec="/opt/x y/app"',
        "TryExec=/opt/x y/app",
        "Icon=x",
    ]
    assert lines[-1] == "Exec=old --new"  # the action keeps its own command
    no_exec = desktop_entry.desktop_entry_text("[Desktop Entry]\nName=X\n", ["/a"])
    assert no_exec == "[Desktop Entry]\nName=X\nExec=/a\nTryExec=/a\n"


def test_launcher_is_the_bundle_when_frozen(monkeypatch, tmp_path):
    exe = tmp_path / "bundle" / "followup-desktop"
    exe.parent.mkdir()
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert desktop_entry.launcher() == [str(exe.resolve())]


def test_launcher_is_the_console_script_next_to_python(monkeypatch, tmp_path):
    monkeypatch.delattr(sys, "frozen", raising=False)
    python = tmp_path / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    script = python.parent / APP_ID
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(python))
    assert desktop_entry.launcher() == [str(script)]


def test_launcher_from_a_checkout_sets_pythonpath(monkeypatch, tmp_path):
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python3"))
    monkeypatch.setenv("PATH", str(tmp_path))  # no followup-desktop on PATH
    command = desktop_entry.launcher()
    assert command[-3:] == [str(tmp_path / "python3"), "-m", "followup_desktop"]
    if command[0].endswith("env"):  # the test runs from the checkout, not an install
        assert command[1] == f"PYTHONPATH={REPO}"
    entry = desktop_entry.desktop_entry_text("[Desktop Entry]\n", command)
    assert f"TryExec={tmp_path / 'python3'}" in entry.splitlines()


# --- the command line ----------------------------------------------------------------------------


def test_cli_installs_and_uninstalls_without_opening_a_database(
    home, tools, capsys, monkeypatch, tmp_path
):
    db = tmp_path / "never.sqlite3"
    monkeypatch.setenv("FOLLOWUP_DESKTOP_DB", str(db))
    assert cli.main(["--install-desktop-entry"]) == 0
    out = capsys.readouterr().out
    assert "installed in the application menu" in out and str(home) in out
    assert (home / "applications" / f"{APP_ID}.desktop").is_file()
    assert cli.main(["--install-desktop-entry"]) == 0
    assert "already installed" in capsys.readouterr().out
    assert cli.main(["--demo", "--uninstall-desktop-entry"]) == 0
    assert "removed from the application menu" in capsys.readouterr().out
    assert not (home / "applications" / f"{APP_ID}.desktop").exists()
    assert not db.exists()
    assert not list(Path(os.environ["XDG_DATA_HOME"]).glob("followup-desktop/*.sqlite3"))


def test_cli_desktop_flags_refuse_a_command_and_each_other(capsys):
    for argv in (
        ["--install-desktop-entry", "agenda"],
        ["--install-desktop-entry", "--uninstall-desktop-entry"],
    ):
        with pytest.raises(SystemExit) as exited:
            cli.main(argv)
        assert exited.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_cli_reports_an_unwritable_data_home(tmp_path, monkeypatch, capsys, tools):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    assert cli.main(["--install-desktop-entry"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{APP_ID}: cannot write to ") and err.count("\n") == 1


def test_cli_desktop_entry_is_linux_only(monkeypatch, capsys, home):
    monkeypatch.setattr(sys, "platform", "win32")
    assert cli.main(["--install-desktop-entry"]) == 1
    assert "Linux" in capsys.readouterr().err
    assert not home.exists()


def test_minimized_reaches_run_app(monkeypatch, tmp_path):
    import followup_desktop.app.run as app

    calls = []

    def run_app(path, *, demo, minimized=False):
        calls.append({"demo": demo, "minimized": minimized})
        return 0

    monkeypatch.setattr(app, "run_app", run_app)
    db = str(tmp_path / "x.sqlite3")
    assert cli.main(["--db", db, "--minimized"]) == 0
    assert cli.main(["--db", db]) == 0
    assert calls == [{"demo": False, "minimized": True}, {"demo": False, "minimized": False}]
