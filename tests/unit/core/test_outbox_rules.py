"""The outbox's rules (core/outbox_rules): a send slot on the employer's weekend, public holiday
or blackout day is refused with one sentence, a late slot is sent up to the limit and held
after it, and every queued message gets a Message-ID in the From address's domain."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core.model import Company, Profile
from followup_desktop.core.outbox_rules import (
    FALLBACK_DOMAIN,
    LATE_LIMIT,
    check_slot,
    late_sentence,
    late_verdict,
    make_message_id,
)
from followup_desktop.core.planner import employer_calendar
from tests.builders import NOW

PROFILE = Profile(name="Alex", timezone="America/Los_Angeles", country="US")
GLOBEX = Company("globex", "Globex", "Europe/Berlin", "DE", blackout_dates=[date(2026, 12, 9)])
CALENDAR = employer_calendar(PROFILE, GLOBEX)


def test_a_working_day_slot_is_fine():
    monday = datetime(2026, 12, 7, 7, 30, tzinfo=UTC)  # 08:30 in Berlin, 23:30 Sunday in LA
    assert check_slot(monday, "Europe/Berlin", CALENDAR) is None


def test_a_weekend_day_is_refused_naming_the_day_and_the_next_slot():
    saturday = datetime(2026, 12, 12, 7, 30, tzinfo=UTC)
    problem = check_slot(saturday, "Europe/Berlin", CALENDAR)
    assert problem is not None
    assert problem.sentence == (
        "Sat 12 Dec is a weekend day in Berlin; the next working slot is Mon 14 Dec 08:30."
    )


def test_a_public_holiday_of_the_employer_is_refused():
    christmas = datetime(2026, 12, 25, 7, 30, tzinfo=UTC)
    problem = check_slot(christmas, "Europe/Berlin", CALENDAR)
    assert problem is not None
    assert problem.sentence.startswith("Fri 25 Dec is a public holiday in Berlin (")
    assert problem.sentence.endswith("the next working slot is Mon 28 Dec 08:30.")


def test_a_company_blackout_day_is_refused():
    problem = check_slot(datetime(2026, 12, 9, 8, tzinfo=UTC), "Europe/Berlin", CALENDAR)
    assert problem is not None
    assert problem.sentence == (
        "Wed 9 Dec is a company event day of the employer; "
        "the next working slot is Thu 10 Dec 08:30."
    )


def test_the_day_is_the_employers_not_the_users():
    # Sunday 23:30 in Los Angeles is already Monday 08:30 in Berlin: fine.
    late_sunday_la = datetime(2026, 12, 6, 23, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert check_slot(late_sunday_la, "Europe/Berlin", CALENDAR) is None
    late_sunday_berlin = datetime(2026, 12, 6, 23, 30, tzinfo=CALENDAR.zone)
    assert check_slot(late_sunday_berlin, "Europe/Berlin", CALENDAR) is not None


def test_a_naive_slot_is_an_error():
    with pytest.raises(ValueError, match="aware"):
        check_slot(datetime(2026, 12, 7, 8, 30), "Europe/Berlin", CALENDAR)


def test_late_verdict_waits_sends_and_holds():
    assert timedelta(hours=2) == LATE_LIMIT
    assert late_verdict(NOW, NOW - timedelta(seconds=1)) == "wait"
    assert late_verdict(NOW, NOW) == "send"
    assert late_verdict(NOW, NOW + timedelta(hours=1, minutes=59)) == "send"
    assert late_verdict(NOW, NOW + timedelta(hours=2)) == "hold"
    assert late_verdict(NOW, NOW + timedelta(hours=8)) == "hold"
    assert late_verdict(NOW, NOW + timedelta(minutes=30), timedelta(minutes=15)) == "hold"


def test_late_sentence_says_by_how_much():
    assert late_sentence(NOW, NOW + timedelta(hours=8, minutes=5)) == (
        "This message missed its slot by 8 h 5 min; choose a new time or send it now."
    )
    assert "by 2 h;" in late_sentence(NOW, NOW + timedelta(hours=2))
    assert "by 1 d 3 h;" in late_sentence(NOW, NOW + timedelta(days=1, hours=3))
    assert "by less than a minute;" in late_sentence(NOW, NOW)


@pytest.mark.parametrize(
    ("from_addr", "expected"),
    [
        ("alex@example.org", "<abc123@example.org>"),
        ("Alex Morgan <Alex@Mail.Example.ORG>", "<abc123@mail.example.org>"),
        ("alex", f"<abc123@{FALLBACK_DOMAIN}>"),
        ("", f"<abc123@{FALLBACK_DOMAIN}>"),
    ],
)
def test_message_id_in_the_domain_of_from(from_addr, expected):
    assert make_message_id(from_addr, "abc123") == expected


def test_message_id_token_is_cleaned():
    assert make_message_id("a@b.example", "x y<z>@") == "<xyz@b.example>"


def test_the_next_slot_is_the_employer_next_working_morning():
    from followup_desktop.core.outbox_rules import next_slot

    friday_noon = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)  # 12:00 in Berlin
    assert next_slot(friday_noon, CALENDAR) == datetime(2026, 11, 30, 7, 30, tzinfo=UTC)
    friday_early = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)  # 07:00 in Berlin: today's slot
    assert next_slot(friday_early, CALENDAR) == datetime(2026, 11, 27, 7, 30, tzinfo=UTC)


def test_running_advice_names_the_user_own_time():
    from followup_desktop.core.outbox_rules import running_advice

    slot = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)  # 23:30 the evening before in LA
    la, berlin = ZoneInfo("America/Los_Angeles"), ZoneInfo("Europe/Berlin")
    assert running_advice(slot, la, starts_with_session=False).startswith(
        "The app must be running at Wed 25 Nov 23:30 your time to send it"
    )
    assert running_advice(slot, la, starts_with_session=True).startswith(
        "It goes at Wed 25 Nov 23:30 your time, at night for you"
    )
    assert running_advice(slot, berlin, starts_with_session=True) == ""
