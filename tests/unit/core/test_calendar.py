"""Business calendar: weekends, public holidays per country/region, blackout dates, send slots."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core import calendar as cal_mod
from followup_desktop.core.calendar import (
    BusinessCalendar,
    Skip,
    holiday_name,
    validate_country,
    validate_zone,
    zone_city,
)

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Mars/Olympus", "America/Springfield", "../etc/passwd", "America"]
)
def test_unknown_zone_is_a_clear_value_error(name):
    with pytest.raises(ValueError, match=rf"^Unknown time zone '{name}'"):
        validate_zone(name)
    with pytest.raises(ValueError, match="Unknown time zone"):
        BusinessCalendar(name)


def test_empty_zone_is_a_clear_value_error():
    with pytest.raises(ValueError, match="Time zone is empty"):
        validate_zone("  ")


def test_validate_zone_returns_the_zone():
    assert validate_zone("Asia/Tokyo") == ZoneInfo("Asia/Tokyo")


def test_unknown_country_is_a_clear_value_error():
    with pytest.raises(ValueError, match=r"Unknown country code 'XX'"):
        validate_country("XX", None)
    with pytest.raises(ValueError, match=r"Unknown country code 'XX'"):
        BusinessCalendar("UTC", "XX")


def test_unknown_subdivision_names_the_country_and_lists_codes():
    with pytest.raises(ValueError, match=r"Unknown subdivision 'ZZ' for country 'US': expected"):
        validate_country("US", "ZZ")
    with pytest.raises(ValueError, match="Unknown subdivision 'QQ' for country 'DE'"):
        BusinessCalendar("Europe/Berlin", "DE", "QQ")


def test_subdivision_without_country_is_refused():
    with pytest.raises(ValueError, match="needs a country"):
        BusinessCalendar("UTC", None, "NY")


def test_country_and_subdivision_codes_are_case_insensitive():
    cal = BusinessCalendar("America/New_York", "us", "ny")
    assert (cal.country, cal.subdivision) == ("US", "NY")
    validate_country("de", "by")  # no error


@pytest.mark.parametrize("weekend", [(7,), (-1,), tuple(range(7))])
def test_bad_weekend_days_are_refused(weekend):
    with pytest.raises(ValueError, match="Weekend days"):
        BusinessCalendar("UTC", weekend_days=weekend)


# --- business days ----------------------------------------------------------------------------


def test_weekends_are_skipped_with_their_names():
    cal = BusinessCalendar("America/New_York")
    assert cal.skip_reason(date(2026, 11, 21)) == "Saturday"
    assert cal.skip_reason(date(2026, 11, 22)) == "Sunday"
    assert cal.skip_reason(date(2026, 11, 23)) is None
    assert cal.next_business_day(date(2026, 11, 21)) == (
        date(2026, 11, 23),
        [Skip(date(2026, 11, 21), "Saturday"), Skip(date(2026, 11, 22), "Sunday")],
    )


def test_a_business_day_is_returned_as_is_with_no_skips():
    cal = BusinessCalendar("UTC", "US")
    assert cal.next_business_day(date(2026, 11, 24)) == (date(2026, 11, 24), [])


def test_custom_weekend_friday_saturday():
    cal = BusinessCalendar("Asia/Dubai", weekend_days=(4, 5))
    assert cal.skip_reason(date(2026, 11, 27)) == "Friday"
    assert cal.is_business_day(date(2026, 11, 29))  # Sunday is a working day here
    day, skips = cal.next_business_day(date(2026, 11, 27))
    assert day == date(2026, 11, 29)
    assert [s.why for s in skips] == ["Friday", "Saturday"]


def test_us_thanksgiving_and_a_new_york_only_holiday():
    ny = BusinessCalendar("America/New_York", "US", "NY")
    ca = BusinessCalendar("America/Los_Angeles", "US", "CA")
    assert ny.skip_reason(date(2026, 11, 26)) == "Thanksgiving Day"
    # Lincoln's Birthday (Thu 12 Feb 2026) is a New York state holiday, not a Californian one.
    assert ny.skip_reason(date(2026, 2, 12)) == "Lincoln's Birthday"
    assert ca.is_business_day(date(2026, 2, 12))
    # California's Day After Thanksgiving is not a New York holiday.
    assert ca.skip_reason(date(2026, 11, 27)) == "Day After Thanksgiving"
    assert ny.is_business_day(date(2026, 11, 27))
    assert ca.next_business_day(date(2026, 11, 26)) == (
        date(2026, 11, 30),
        [
            Skip(date(2026, 11, 26), "Thanksgiving Day"),
            Skip(date(2026, 11, 27), "Day After Thanksgiving"),
            Skip(date(2026, 11, 28), "Saturday"),
            Skip(date(2026, 11, 29), "Sunday"),
        ],
    )


def test_us_observed_holiday_when_the_day_falls_on_a_weekend():
    cal = BusinessCalendar("America/New_York", "US")
    # 4 July 2026 is a Saturday: observed on Friday 3 July.
    assert cal.skip_reason(date(2026, 7, 3)) == "Independence Day (observed)"
    # A holiday on a weekend day is named by the holiday, not the weekday.
    assert cal.skip_reason(date(2026, 7, 4)) == "Independence Day"


def test_uk_boxing_day_substitute():
    cal = BusinessCalendar("Europe/London", "GB", "ENG")
    # Christmas 2026 is a Friday, Boxing Day a Saturday: substitute bank holiday Monday 28 Dec.
    day, skips = cal.next_business_day(date(2026, 12, 25))
    assert day == date(2026, 12, 29)
    assert [s.why for s in skips] == [
        "Christmas Day",
        "Boxing Day",
        "Sunday",
        "Boxing Day (observed)",
    ]


def test_germany_regional_holidays():
    bavaria = BusinessCalendar("Europe/Berlin", "DE", "BY")
    lower_saxony = BusinessCalendar("Europe/Berlin", "DE", "NI")
    hamburg = BusinessCalendar("Europe/Berlin", "DE", "HH")
    assert bavaria.skip_reason(date(2026, 1, 6)) == "Epiphany"
    assert lower_saxony.is_business_day(date(2026, 1, 6))
    # Reformation Day (Friday 31 Oct 2025) is a holiday in the north, not in Bavaria.
    assert hamburg.skip_reason(date(2025, 10, 31)) == "Reformation Day"
    assert lower_saxony.skip_reason(date(2025, 10, 31)) == "Reformation Day"
    assert bavaria.is_business_day(date(2025, 10, 31))


def test_japan_substitute_holiday():
    cal = BusinessCalendar("Asia/Tokyo", "JP")
    # Labor Thanksgiving Day fell on Sunday 23 Nov 2025: Monday 24 Nov is a substitute holiday.
    assert cal.skip_reason(date(2025, 11, 23)) == "Labor Thanksgiving Day"
    assert cal.skip_reason(date(2025, 11, 24)) == "Substitute Holiday"
    assert cal.next_business_day(date(2025, 11, 22))[0] == date(2025, 11, 25)


def test_holiday_names_are_english_whatever_the_locale(monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    cal_mod._holiday_object.cache_clear()
    cal_mod._holidays_of_year.cache_clear()
    try:
        assert holiday_name(date(2027, 1, 6), "DE", "BY") == "Epiphany"
    finally:
        cal_mod._holiday_object.cache_clear()
        cal_mod._holidays_of_year.cache_clear()


def test_holiday_objects_are_built_once_per_country_and_region():
    cal_mod._holiday_object.cache_clear()
    cal_mod._holidays_of_year.cache_clear()
    cal = BusinessCalendar("America/New_York", "US", "NY")
    other = BusinessCalendar("America/New_York", "US", "NY")
    for year in (2025, 2026, 2027):
        cal.skip_reason(date(year, 3, 1))
        other.skip_reason(date(year, 3, 2))
    assert cal_mod._holiday_object.cache_info().misses == 1
    assert cal_mod._holidays_of_year.cache_info().misses == 3


def test_year_boundary_expands_lazily():
    cal = BusinessCalendar("America/New_York", "US")
    day, skips = cal.next_business_day(date(2026, 12, 31) + timedelta(days=1))
    assert day == date(2027, 1, 4)
    assert skips[0] == Skip(date(2027, 1, 1), "New Year's Day")


def test_no_country_means_weekends_only():
    cal = BusinessCalendar("UTC")
    assert cal.is_business_day(date(2026, 12, 25))
    assert holiday_name(date(2026, 12, 25), None) is None


def test_blackout_dates():
    cal = BusinessCalendar(
        "America/New_York", "US", blackout_dates=[date(2026, 12, 1), date(2026, 12, 2)]
    )
    assert cal.skip_reason(date(2026, 12, 1)) == "company event"
    day, skips = cal.next_business_day(date(2026, 12, 1))
    assert day == date(2026, 12, 3)
    assert [s.why for s in skips] == ["company event", "company event"]


def test_everything_blacked_out_fails_with_a_sentence():
    start = date(2026, 1, 1)
    days = [start + timedelta(days=i) for i in range(366 * 5 + 2)]
    cal = BusinessCalendar("UTC", blackout_dates=days)
    with pytest.raises(ValueError, match="No business day within"):
        cal.next_business_day(start)


# --- send slots and time zones ----------------------------------------------------------------


def test_slot_is_send_time_in_the_zone():
    cal = BusinessCalendar("America/New_York", "US", "NY")
    slot, skips = cal.slot_on_or_after(date(2026, 11, 26))
    assert slot == datetime(2026, 11, 27, 8, 30, tzinfo=NY)
    assert slot.tzinfo == NY
    assert skips == [Skip(date(2026, 11, 26), "Thanksgiving Day")]


@pytest.mark.parametrize(
    ("zone", "day", "expected_utc"),
    [
        # North America: second Sunday of March, 02:00 -> 03:00.
        ("America/New_York", date(2026, 3, 8), datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),
        # Europe: last Sunday of March, 02:00 -> 03:00.
        ("Europe/Berlin", date(2026, 3, 29), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
    ],
)
def test_send_time_in_a_dst_gap_moves_to_the_first_valid_minute(zone, day, expected_utc):
    # No weekend, so the Sunday of the change is a business day.
    cal = BusinessCalendar(zone, weekend_days=(), send_time=time(2, 30))
    slot, skips = cal.slot_on_or_after(day)
    assert skips == []
    assert slot == expected_utc
    assert (slot.hour, slot.minute) == (3, 0)
    assert slot.date() == day


@pytest.mark.parametrize(
    ("zone", "day", "send", "offset_hours"),
    [
        # First Sunday of November: 01:30 happens twice; the first (daylight) one is taken.
        ("America/New_York", date(2026, 11, 1), time(1, 30), -4),
        # Last Sunday of October in Europe: 02:30 happens twice.
        ("Europe/Berlin", date(2026, 10, 25), time(2, 30), 2),
    ],
)
def test_ambiguous_send_time_takes_the_first_occurrence(zone, day, send, offset_hours):
    cal = BusinessCalendar(zone, weekend_days=(), send_time=send)
    slot, _ = cal.slot_on_or_after(day)
    assert (slot.hour, slot.minute) == (send.hour, send.minute)
    assert slot.utcoffset() == timedelta(hours=offset_hours)
    assert slot.fold == 0


def test_slots_keep_local_time_across_a_dst_week():
    cal = BusinessCalendar("America/New_York", "US")
    before, _ = cal.slot_on_or_after(date(2026, 3, 6))
    after, _ = cal.slot_on_or_after(date(2026, 3, 9))
    assert (before.hour, before.minute) == (after.hour, after.minute) == (8, 30)
    assert before.astimezone(UTC).hour == 13
    assert after.astimezone(UTC).hour == 12


def test_local_date_uses_the_calendar_zone():
    tokyo = BusinessCalendar("Asia/Tokyo")
    la_evening = datetime(2026, 11, 19, 18, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert tokyo.local_date(la_evening) == date(2026, 11, 20)
    assert BusinessCalendar("America/Los_Angeles").local_date(la_evening) == date(2026, 11, 19)


def test_local_date_refuses_naive_datetimes():
    with pytest.raises(ValueError, match="aware"):
        BusinessCalendar("UTC").local_date(datetime(2026, 1, 1, 12, 0))


def test_zone_city():
    assert zone_city("America/New_York") == "New York"
    assert zone_city("America/Argentina/Buenos_Aires") == "Buenos Aires"
    assert zone_city("UTC") == "UTC"
    assert BusinessCalendar("Pacific/Auckland").city == "Auckland"
