"""The pure reminder rules (core/reminders.py) with an injected clock: what fires, when, once."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core import reminders as r
from followup_desktop.core.reminders import (
    AlertKind,
    DueItem,
    Prefs,
    QuietHours,
    Shift,
    Told,
)
from tests.builders import MONDAY_MORNING

BERLIN = ZoneInfo("Europe/Berlin")  # the user (UTC+1 in November)
NO_QUIET = Prefs(quiet=None)


def item(n: int, due: datetime, zone: str = "America/New_York", **kw) -> DueItem:
    return DueItem(
        id=f"f{n}",
        application="acme-be",
        kind=kw.pop("kind", "check_in"),
        due=due,
        zone=zone,
        company="Acme Corp",
        role="Backend Engineer",
        contact=kw.pop("contact", f"Person {n}"),
        **kw,
    )


def run(items, told, prefs, now, zone=BERLIN):
    """One sync: the plan, and the told state after recording what fired."""
    plan = r.plan(items, told, prefs, zone, now)
    return plan, {**told, **r.after_telling(told, plan.fire, now)}


def test_an_eight_hour_jump_fires_every_missed_reminder_exactly_once():
    # 10:00 ... 16:00 UTC
    items = [item(n, MONDAY_MORNING + timedelta(hours=n)) for n in range(1, 8)]
    plan, told = run(items, {}, NO_QUIET, MONDAY_MORNING)
    assert plan.fire == () and plan.next_at == MONDAY_MORNING + timedelta(hours=1)

    later = MONDAY_MORNING + timedelta(hours=8)  # the laptop slept; the clock jumped
    plan, told = run(items, told, NO_QUIET, later)
    assert [a.item.id for a in plan.fire] == [f"f{n}" for n in range(1, 8)]
    notice = r.compose(plan.fire, later, BERLIN, NO_QUIET, catch_up=True)
    assert notice is not None
    assert notice.title == "While you were away, 7 follow-ups came due"
    assert notice.ids == tuple(f"f{n}" for n in range(1, 8))
    assert notice.body.count("\n") == r.SUMMARY_LINES  # 5 names, then "… and 2 more"
    assert notice.body.endswith("… and 2 more")

    for minutes in (0, 1, 60, 600):  # every later sync: nothing again
        plan, told = run(items, told, NO_QUIET, later + timedelta(minutes=minutes))
        assert plan.fire == ()


def test_the_told_state_is_what_makes_a_restart_quiet():
    items = [item(1, MONDAY_MORNING - timedelta(hours=2))]
    plan, told = run(items, {}, NO_QUIET, MONDAY_MORNING)
    assert len(plan.fire) == 1
    # A restart reads the same state back (the store test proves it survives the file).
    plan, _ = run(items, dict(told), NO_QUIET, MONDAY_MORNING + timedelta(minutes=5))
    assert plan.fire == ()
    assert told["f1"] == Told(items[0].due, MONDAY_MORNING, None)


def test_snooze_moves_the_due_and_it_fires_once_more_at_the_new_time():
    first = item(1, MONDAY_MORNING - timedelta(minutes=1))
    _, told = run([first], {}, NO_QUIET, MONDAY_MORNING)
    snoozed = item(1, MONDAY_MORNING + timedelta(hours=1))  # writes.snooze: due = now + 1 h
    plan, told = run([snoozed], told, NO_QUIET, MONDAY_MORNING + timedelta(minutes=1))
    assert plan.fire == () and plan.next_at == MONDAY_MORNING + timedelta(hours=1)
    plan, told = run([snoozed], told, NO_QUIET, MONDAY_MORNING + timedelta(hours=1))
    assert [a.item.id for a in plan.fire] == ["f1"]
    plan, _ = run([snoozed], told, NO_QUIET, MONDAY_MORNING + timedelta(hours=2))
    assert plan.fire == ()


def test_a_replan_that_shifts_an_already_told_overdue_item_does_not_fire_it_again():
    overdue = item(1, MONDAY_MORNING - timedelta(days=2))
    _, told = run([overdue], {}, NO_QUIET, MONDAY_MORNING)
    shifted = item(1, MONDAY_MORNING - timedelta(days=2) + timedelta(minutes=30))  # new send time
    plan, _ = run([shifted], told, NO_QUIET, MONDAY_MORNING + timedelta(minutes=1))
    assert plan.fire == ()


def test_several_ready_together_become_one_summary_single_one_has_its_own_notice():
    one = [item(1, MONDAY_MORNING - timedelta(minutes=5), contact="Dana Lee")]
    plan, _ = run(one, {}, NO_QUIET, MONDAY_MORNING)
    notice = r.compose(plan.fire, MONDAY_MORNING, BERLIN, NO_QUIET)
    assert notice is not None and notice.item == one[0]
    assert notice.title == "Check-in to Dana Lee (due now)"
    # Employer-local time first (New York, UTC-5), the user's (Berlin, UTC+1) second.
    assert "Was due 03:55 New York time (09:55 your time)." in notice.body
    assert "Acme Corp · Backend Engineer" in notice.body

    two = [*one, item(2, MONDAY_MORNING - timedelta(days=3))]
    plan, _ = run(two, {}, NO_QUIET, MONDAY_MORNING)
    notice = r.compose(plan.fire, MONDAY_MORNING, BERLIN, NO_QUIET)
    assert notice is not None and notice.item is None
    assert notice.title == "2 follow-ups need you (1 overdue)"
    assert "• Check-in to Person 2, Acme Corp: overdue since Fri 20 Nov" in notice.body
    assert r.compose((), MONDAY_MORNING, BERLIN, NO_QUIET) is None


QUIET = QuietHours(time(22, 0), time(7, 0))


@pytest.mark.parametrize(
    ("local", "inside"),
    [("21:59", False), ("22:00", True), ("23:30", True), ("03:00", True), ("06:59", True),
     ("07:00", False), ("12:00", False)],
)  # fmt: skip
def test_quiet_hours_across_midnight(local, inside):
    hour, minute = map(int, local.split(":"))
    moment = datetime(2026, 11, 23, hour, minute, tzinfo=BERLIN)
    assert (QUIET.window_around(moment, BERLIN) is not None) is inside


def test_quiet_hours_within_one_day_and_empty_ones():
    lunch = QuietHours(time(12, 0), time(13, 0))
    assert lunch.window_around(datetime(2026, 11, 23, 12, 30, tzinfo=BERLIN), BERLIN)
    assert not lunch.window_around(datetime(2026, 11, 23, 13, 0, tzinfo=BERLIN), BERLIN)
    never = QuietHours(time(8, 0), time(8, 0))
    assert never.move(MONDAY_MORNING, BERLIN) == MONDAY_MORNING


def test_a_slot_in_quiet_hours_reminds_at_their_end_with_the_employer_time_stated():
    """08:30 in Tokyo is 00:30 in Berlin: the reminder waits for 07:00 Berlin time."""
    due = datetime(2026, 11, 24, 8, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
    tokyo = item(1, due, zone="Asia/Tokyo", contact="Haruto Sato")
    prefs = Prefs(quiet=QUIET)
    evening = datetime(2026, 11, 23, 21, 0, tzinfo=BERLIN)
    plan, told = run([tokyo], {}, prefs, evening)
    morning = datetime(2026, 11, 24, 7, 0, tzinfo=BERLIN)
    assert plan.fire == () and plan.next_at == morning
    plan, _ = run([tokyo], told, prefs, datetime(2026, 11, 24, 3, 0, tzinfo=BERLIN))
    assert plan.fire == ()  # still the middle of the night
    plan, _ = run([tokyo], told, prefs, morning)
    notice = r.compose(plan.fire, morning, BERLIN, prefs)
    assert notice is not None
    assert "Was due 08:30 Tokyo time (00:30 your time), in your quiet hours." in notice.body


def test_the_evening_before_option_reminds_ahead_of_the_quiet_hours():
    due = datetime(2026, 11, 24, 8, 30, tzinfo=ZoneInfo("Asia/Tokyo"))  # 00:30 Berlin
    tokyo = item(1, due, zone="Asia/Tokyo", contact="Haruto Sato")
    prefs = Prefs(quiet=QuietHours(time(22, 0), time(7, 0), Shift.BEFORE))
    evening = datetime(2026, 11, 23, 21, 45, tzinfo=BERLIN)  # 15 minutes before 22:00
    plan, told = run([tokyo], {}, prefs, evening - timedelta(minutes=1))
    assert plan.fire == () and plan.next_at == evening
    plan, told = run([tokyo], told, prefs, evening)
    notice = r.compose(plan.fire, evening, BERLIN, prefs)
    assert notice is not None
    # Already the 24th in Tokyo: "08:30" there, "tomorrow 00:30" for the user.
    assert notice.body.endswith(
        "Due 08:30 Tokyo time (tomorrow 00:30 your time), in your quiet hours: reminding you now."
    )
    assert notice.title == "Check-in to Haruto Sato (due tomorrow 00:30 your time)"
    plan, _ = run([tokyo], told, prefs, due + timedelta(minutes=1))
    assert plan.fire == ()  # told the evening before: not again when the slot comes


def test_heads_up_fires_minutes_before_then_the_due_alert():
    soon = item(1, MONDAY_MORNING + timedelta(minutes=30))
    prefs = Prefs(quiet=None, heads_up_minutes=15)
    plan, told = run([soon], {}, prefs, MONDAY_MORNING)
    assert plan.fire == () and plan.next_at == MONDAY_MORNING + timedelta(minutes=15)
    plan, told = run([soon], told, prefs, MONDAY_MORNING + timedelta(minutes=15))
    assert [(a.item.id, a.kind) for a in plan.fire] == [("f1", AlertKind.HEADS_UP)]
    notice = r.compose(plan.fire, MONDAY_MORNING + timedelta(minutes=15), BERLIN, prefs)
    assert notice is not None and notice.title == "In 15 min: Check-in to Person 1"
    plan, told = run([soon], told, prefs, MONDAY_MORNING + timedelta(minutes=16))
    assert plan.fire == () and plan.next_at == MONDAY_MORNING + timedelta(minutes=30)
    plan, told = run([soon], told, prefs, MONDAY_MORNING + timedelta(minutes=30))
    assert [a.kind for a in plan.fire] == [AlertKind.DUE]


def test_a_missed_heads_up_is_dropped_for_the_due_alert():
    soon = item(1, MONDAY_MORNING + timedelta(minutes=30))
    prefs = Prefs(quiet=None, heads_up_minutes=15)
    plan, _ = run([soon], {}, prefs, MONDAY_MORNING + timedelta(hours=1))  # asleep through both
    assert [a.kind for a in plan.fire] == [AlertKind.DUE]


def test_pause_holds_everything_until_it_ends_then_one_summary():
    items = [
        item(1, MONDAY_MORNING + timedelta(minutes=10)),
        item(2, MONDAY_MORNING + timedelta(minutes=20)),
    ]
    until = MONDAY_MORNING + timedelta(hours=1)
    paused = Prefs(quiet=None, paused_until=until)
    plan, told = run(items, {}, paused, MONDAY_MORNING + timedelta(minutes=30))
    assert plan.fire == () and plan.next_at == until
    plan, _ = run(items, told, paused, until)
    assert [a.item.id for a in plan.fire] == ["f1", "f2"]


def test_pause_until_tomorrow_means_the_end_of_quiet_hours_or_seven():
    late = datetime(2026, 11, 23, 23, 0, tzinfo=BERLIN)
    assert r.pause_until(late, BERLIN, Prefs(), tomorrow=True) == datetime(
        2026, 11, 24, 7, 0, tzinfo=BERLIN
    )
    custom = Prefs(quiet=QuietHours(time(23, 0), time(8, 30)))
    assert r.pause_until(late, BERLIN, custom, tomorrow=True) == datetime(
        2026, 11, 24, 8, 30, tzinfo=BERLIN
    )
    assert r.pause_until(late, BERLIN, custom, tomorrow=False) == late + timedelta(hours=1)


def test_split_today_in_the_users_zone():
    items = [
        item(1, datetime(2026, 11, 22, 22, 0, tzinfo=BERLIN)),  # yesterday
        item(2, datetime(2026, 11, 23, 0, 30, tzinfo=BERLIN)),  # today, already past
        item(3, datetime(2026, 11, 23, 23, 0, tzinfo=BERLIN)),  # today, later
        item(4, datetime(2026, 11, 24, 0, 0, tzinfo=BERLIN)),  # tomorrow
    ]
    overdue, today = r.split_today(items, MONDAY_MORNING, BERLIN)
    assert [i.id for i in overdue] == ["f1"]
    assert [i.id for i in today] == ["f2", "f3"]


def test_labels_name_the_person_or_the_company():
    assert (
        item(1, MONDAY_MORNING, kind="thank_you", contact="Dana Lee").label
        == "Thank-you to Dana Lee"
    )
    review = item(1, MONDAY_MORNING, kind="move_on_review", contact=None, message=False)
    assert review.label == "Move-on review: Acme Corp"


def test_a_summary_says_whose_time_and_names_kinds_in_words():
    soon = [
        item(1, MONDAY_MORNING + timedelta(hours=1), kind="second_follow_up", contact="Dana Lee"),
        item(2, MONDAY_MORNING + timedelta(hours=2), zone="Europe/Berlin", contact="Jonas"),
    ]
    alerts = [r.Alert(i, AlertKind.HEADS_UP, MONDAY_MORNING) for i in soon]
    notice = r.compose(alerts, MONDAY_MORNING, BERLIN, NO_QUIET)
    assert notice is not None
    assert notice.lines == (
        "• Second follow-up to Dana Lee, Acme Corp: due 11:00 your time",  # 05:00 in New York
        "• Check-in to Jonas, Acme Corp: due 12:00",  # Berlin is the user's own wall clock
    )
    assert "second_follow_up" not in notice.body
