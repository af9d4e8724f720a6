"""Calendar chips at 1366x768: the kind's letter and the person readable, both zones in the
tooltip, colours from the palette (light and dark), and no week row of only next month."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QColor, QPalette

from followup_desktop.core.model import FollowUpKind
from followup_desktop.ui.calendar.chip_style import Legend, chip_style
from followup_desktop.ui.calendar.rows import (
    INTERVIEW,
    KIND_MARKS,
    STATES,
    chip_texts,
    month_weeks,
    time_line,
    tooltip,
)
from tests.builders import NOW, build_jobs


@pytest.fixture
def view(db, qtbot):
    from followup_desktop.app.run import build_main_window

    build_jobs(db)
    window = build_main_window(db, lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window.show_view("calendar")


def _luminance(color: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.red())
        + 0.7152 * channel(color.green())
        + 0.0722 * channel(color.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def palette(base: str, text: str) -> QPalette:
    own = QPalette()
    own.setColor(QPalette.ColorRole.Base, QColor(base))
    own.setColor(QPalette.ColorRole.Text, QColor(text))
    return own


LIGHT, DARK = palette("#ffffff", "#111111"), palette("#1e1f22", "#e6e6e6")


@pytest.mark.parametrize(
    ("month", "weeks"),
    [(date(2026, 11, 1), 6), (date(2026, 12, 15), 5), (date(2027, 2, 1), 4), (date(2027, 1, 31), 5),
     (date(2026, 8, 1), 6)],
)  # fmt: skip
def test_a_month_has_as_many_rows_as_weeks(month, weeks):
    assert month_weeks(month) == weeks


def test_december_draws_five_rows_and_no_week_of_january_only(view):
    view.select_day(date(2026, 12, 10))
    cells = view.month.grid().cells
    assert len(cells) == 35
    assert cells[0][1] == date(2026, 11, 30) and cells[-1][1] == date(2027, 1, 3)
    height = view.month.height() - view.month.header_height()
    assert cells[0][0].height() >= height // 5 - 1  # the rows share the whole height
    view.select_day(date(2026, 11, 21))
    assert len(view.month.grid().cells) == 42  # November starts on a Sunday: six weeks


def test_chips_at_1366_by_768_name_the_person_beside_the_kinds_letter(view):
    grid = view.month
    chips = grid.grid().chips
    assert chips
    for rect, item in chips:
        label = grid.chip_label(rect, item)
        who = item.company if item.kind == INTERVIEW else item.person
        assert who.split()[0] in label, (label, who)
        assert item.kind in KIND_MARKS
    dana = next((r, i) for r, i in chips if i.key == "f:acme-be-1/thank_you/dana")
    assert grid.chip_label(*dana).endswith("Dana")  # the state's mark, the time if it fits
    assert "Thank-you" in tooltip(dana[1])


def test_a_narrow_chip_falls_back_from_the_full_line_to_the_first_name():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from followup_desktop.ui.calendar.rows import CalItem

    start = datetime(2026, 11, 24, 7, 30, tzinfo=ZoneInfo("America/Chicago"))
    item = CalItem("f:x", "thank_you", start, "America/New_York", "planned", "overdue",
                   "Dana Lee", "Acme Corp", "Backend Engineer", "acme-be")  # fmt: skip
    assert chip_texts(item, "! ✎ ", "! ") == [
        "! ✎ 07:30 Thank-you · Dana Lee (Acme Corp)",
        "! ✎ 07:30 Dana Lee (Acme Corp)",
        "! 07:30 Dana Lee",
        "! Dana Lee",
        "! Dana",
    ]
    assert time_line(item) == "Tue 24 Nov 2026 08:30 New York time (07:30 your time)"


def test_the_tooltip_says_whose_time_it_is(view):
    view.select_day(date(2026, 11, 24))
    jonas = view.item("f:nw-sre-1/thank_you/jonas")  # 08:30 Berlin = 01:30 Chicago
    text = tooltip(jonas)
    assert "Tue 24 Nov 2026 08:30 Berlin time (01:30 your time) — outside your waking hours" in text
    assert "thank_you" not in text and "Thank-you" in text


@pytest.mark.parametrize("scheme", [LIGHT, DARK], ids=["light", "dark"])
def test_chip_text_is_readable_on_its_fill_in_light_and_dark(scheme):
    kinds = [*map(str, FollowUpKind), INTERVIEW]
    for kind in kinds:
        for state in (*STATES, INTERVIEW):
            style = chip_style(kind, state, scheme)
            assert contrast(style.text, style.fill) >= 4.5, (kind, state)


def test_dark_chips_are_dark_not_light_pastels():
    for kind in map(str, FollowUpKind):
        dark, light = chip_style(kind, "planned", DARK), chip_style(kind, "planned", LIGHT)
        assert dark.fill.lightness() < 90 < 200 < light.fill.lightness(), kind
        assert dark.text.lightness() > 180 and light.text.lightness() < 60


def test_the_legend_names_each_kinds_letter(qtbot):
    legend = Legend()
    qtbot.addWidget(legend)
    names = {s.accessibleName() for s in legend.swatches}
    assert {"T: Thank-you", "C: Check-in", "2: 2nd follow-up", "I: Interview"} <= names
    assert "Due today" in names  # states carry no letter
