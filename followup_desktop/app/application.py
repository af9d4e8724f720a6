"""The Qt application: one QApplication with the app's names, icon and stylesheet, and how a
window is brought forward (a second launch, the tray, a notification)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from followup_desktop import APP_ID, APP_NAME, __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

_CONFIGURED = "followup-desktop-configured"


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused if one exists) with the app's names, icon and stylesheet."""
    _import_pyside()
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    if app.property(_CONFIGURED):
        return app  # a stylesheet set again would re-polish every widget alive
    app.setProperty(_CONFIGURED, True)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon(QIcon))
    style = _stylesheet()
    if style:
        app.setStyleSheet(style)
    return app


#: PySide6's value for "this module does not use PySide6" in its table of modules.
_PLAIN_MODULE = -1


def _import_pyside() -> None:
    """Import PySide6, telling it which modules cannot be using it.

    PySide6 hooks ``import``: for each module name imported after it, it reads that module's
    whole source looking for ``from __feature__ import`` (its opt-in snake_case API), ~0.2 ms a
    module and ~8 ms of start-up. A module loaded before PySide6 cannot use it, so those are
    entered in PySide6's table up front with the answer its own scan gives for them. Should a
    later PySide6 drop that table, nothing is entered and it scans as before.
    """
    if "PySide6" in sys.modules:
        return
    plain = list(sys.modules)
    import PySide6.QtWidgets  # noqa: F401

    feature = sys.modules.get("shibokensupport.feature")
    known = getattr(feature, "pyside_feature_dict", None)
    if isinstance(known, dict):
        for name in plain:
            known.setdefault(name, _PLAIN_MODULE)


def app_icon(icon_class):
    """The app icon: the SVG plus the rendered PNG sizes (whatever of them is present)."""
    from followup_desktop import paths

    icon = icon_class()
    try:
        folder = paths.resource("icons")
    except FileNotFoundError:
        return icon
    for png in sorted(folder.glob("app-*.png")):
        icon.addFile(str(png))
    svg = folder / "app.svg"
    if svg.exists():
        icon.addFile(str(svg))
    return icon


def _stylesheet() -> str:
    from followup_desktop import paths

    try:
        return paths.resource("styles/app.qss").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return ""


def bring_forward(window) -> None:
    """Show, raise and activate ``window`` (a second launch, the tray, a notification)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
