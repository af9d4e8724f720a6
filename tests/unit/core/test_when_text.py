"""Times in words (core/when_text.py): whose time it is, the day when it differs, enum words."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core import when_text as w

NY, CHICAGO, TOKYO = "America/New_York", "America/Chicago", "Asia/Tokyo"
#: Tue 24 Nov 2026 08:30 in New York = 13:30 UTC.
SLOT = datetime(2026, 11, 24, 8, 30, tzinfo=ZoneInfo(NY))


def test_the_employers_time_first_then_the_users_when_it_differs():
    assert w.both_zones(SLOT, NY, "Europe/Berlin") == (
        "Tue 24 Nov 08:30 New York time (14:30 your time)"
    )
    assert w.both_zones(SLOT, NY, CHICAGO) == "Tue 24 Nov 08:30 New York time (07:30 your time)"


def test_the_users_part_names_its_day_when_that_is_another_day():
    late = datetime(2026, 11, 24, 8, 30, tzinfo=ZoneInfo(TOKYO))  # Mon 23 Nov 23:30 UTC
    assert (
        w.both_zones(late, TOKYO, "UTC")
        == "Tue 24 Nov 08:30 Tokyo time (Mon 23 Nov 23:30 your time)"
    )
    assert w.both_zones(late, TOKYO, "Europe/London", year=True) == (
        "Tue 24 Nov 2026 08:30 Tokyo time (Mon 23 Nov 23:30 your time)"
    )
    new_year = datetime(2027, 1, 1, 8, 30, tzinfo=ZoneInfo(TOKYO))
    assert w.both_zones(new_year, TOKYO, "UTC", year=True) == (
        "Fri 1 Jan 2027 08:30 Tokyo time (Thu 31 Dec 2026 23:30 your time)"
    )


def test_the_same_wall_time_is_said_once():
    assert w.both_zones(SLOT, NY, NY) == "Tue 24 Nov 08:30 New York time"
    # another zone with the same wall clock: nothing to add
    assert w.both_zones(SLOT, NY, "America/Toronto") == "Tue 24 Nov 08:30 New York time"
    assert w.both_zones(SLOT, None, NY) == "Tue 24 Nov 08:30 New York time"
    assert not w.differs(SLOT, NY, "America/Toronto") and w.differs(SLOT, NY, CHICAGO)


def test_relative_days_follow_each_zones_own_today():
    evening = datetime(2026, 11, 23, 21, 45, tzinfo=ZoneInfo("Europe/Berlin"))
    tokyo = datetime(2026, 11, 24, 8, 30, tzinfo=ZoneInfo(TOKYO))  # 00:30 Berlin
    berlin = ZoneInfo("Europe/Berlin")
    assert w.both_zones(tokyo, TOKYO, berlin, now=evening) == (
        "08:30 Tokyo time (tomorrow 00:30 your time)"
    )
    morning = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    assert w.both_zones(SLOT, NY, berlin, now=morning) == "08:30 New York time (14:30 your time)"
    week_later = datetime(2026, 11, 17, 12, 0, tzinfo=UTC)
    assert w.both_zones(SLOT, NY, berlin, now=week_later) == (
        "Tue 24 Nov 08:30 New York time (14:30 your time)"
    )


def test_a_span_and_the_users_time_alone():
    end = datetime(2026, 11, 23, 11, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    start = end.replace(hour=10)
    assert w.both_zones(start, "Europe/Berlin", CHICAGO, until=end) == (
        "Mon 23 Nov 10:00–11:00 Berlin time (03:00–04:00 your time)"
    )
    assert w.your_time(SLOT, NY, CHICAGO) == "07:30 your time"
    assert w.your_time(SLOT, NY, NY) == "08:30"


def test_an_unknown_zone_never_breaks_a_time():
    assert w.both_zones(SLOT, "Mars/Olympus", "UTC") == "Tue 24 Nov 13:30 Olympus time"
    assert w.zone_label(None) == "UTC" and w.zone_label("UTC") == "UTC"
    assert w.zone_label("America/Argentina/Buenos_Aires") == "Buenos Aires time"


def test_enum_names_become_words():
    assert w.kind_words("second_follow_up") == "Second follow-up"
    assert w.kind_words("thank_you") == "Thank-you"
    assert w.stage_words("interviewing") == "Interviewing"
    assert w.status_words("overdue") == "Overdue" and w.status_words("snoozed") == "Snoozed"
    assert w.words(w.CHANNEL_WORDS, "linkedin") == "LinkedIn"
    assert w.kind_words("a_new_kind") == "A new kind"  # humanised, never dropped
    assert w.kind_words(None) == ""


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("14:30", time(14, 30)), ("9:05", time(9, 5)), ("09.05", time(9, 5)), ("0905", time(9, 5)),
     ("905", time(9, 5)), ("9", time(9, 0)), (" 23:59 ", time(23, 59)), ("2:30 pm", time(14, 30)),
     ("2pm", time(14, 0)), ("12 am", time(0, 0)), ("12:15 PM", time(12, 15)), ("9h30", time(9, 30)),
     ("0:00", time(0, 0))],
)  # fmt: skip
def test_typed_times(typed, expected):
    assert w.parse_clock(typed) == expected


@pytest.mark.parametrize(
    "typed", ["", "24:00", "12:60", "13 pm", "noon", "1:5", "11:", "2460", "9999"]
)
def test_what_is_not_a_time(typed):
    with pytest.raises(ValueError):
        w.parse_clock(typed)


def test_a_list_of_one_day_leaves_that_day_unsaid():
    day = SLOT.astimezone(ZoneInfo(CHICAGO)).date()
    assert w.both_zones(SLOT, NY, CHICAGO, on=day) == "08:30 New York time (07:30 your time)"
    sydney = datetime(2026, 11, 25, 8, 30, tzinfo=ZoneInfo("Australia/Sydney"))  # Tue 15:30 CST
    mine = sydney.astimezone(ZoneInfo(CHICAGO)).date()
    assert w.both_zones(sydney, "Australia/Sydney", CHICAGO, on=mine) == (
        "Wed 25 Nov 08:30 Sydney time (15:30 your time)"
    )
