"""The stylesheet's few fixed colours follow the palette: error and warning text stay readable
on a dark window as on a light one."""

from __future__ import annotations

from PySide6.QtGui import QColor

from followup_desktop import paths
from followup_desktop.app.application import THEMED_COLOURS, themed


def _contrast(a: str, b: str) -> float:
    def luminance(name: str) -> float:
        c = QColor(name)
        channels = []
        for v in (c.redF(), c.greenF(), c.blueF()):
            channels.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
        r, g, b_ = channels
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_token_of_the_stylesheet_is_replaced_in_light_and_dark():
    style = paths.resource("styles/app.qss").read_text(encoding="utf-8")
    assert "@error" in style and "@warning" in style
    for dark in (False, True):
        assert "@" not in themed(style, dark=dark)
    assert "#b91c1c" in themed(style, dark=False)
    assert "#ff8a80" in themed(style, dark=True)


def test_the_themed_colours_read_on_their_window():
    for light, night in THEMED_COLOURS.values():
        assert _contrast(light, "#ffffff") >= 4.5
        assert _contrast(night, "#2b2d30") >= 4.5  # a typical dark window colour
