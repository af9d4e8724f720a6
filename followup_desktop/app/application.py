"""The Qt application: one QApplication with the app's names, icon and stylesheet, and how a
window is brought forward (a second launch, the tray, a notification)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from followup_desktop import APP_ID, APP_NAME, __version__, paths

_CONFIGURED = "followup-desktop-configured"


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused if one exists) with the app's names, icon and stylesheet."""

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
    _apply_stylesheet(app)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: _apply_stylesheet(app))
    return app


#: Colours the stylesheet names as @tokens, for a light and a dark palette (each keeps a
#: contrast of at least 4.5:1 against the window colour of its kind).
THEMED_COLOURS = {
    "@error": ("#b91c1c", "#ff8a80"),
    "@warning": ("#b45309", "#fbbf24"),
}


def themed(style: str, *, dark: bool) -> str:
    """The stylesheet with its @tokens replaced by the light or the dark colour."""
    for token, (light, night) in THEMED_COLOURS.items():
        style = style.replace(token, night if dark else light)
    return style


def _apply_stylesheet(app: QApplication) -> None:
    style = _stylesheet()
    if style:
        dark = app.palette().window().color().lightness() < 128
        app.setStyleSheet(themed(style, dark=dark))


def app_icon(icon_class):
    """The app icon: the SVG plus the rendered PNG sizes (whatever of them is present)."""
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
