"""ui/today/rows.py without widgets: which row is what, and the words of a row (who, what, when
in both zones, why)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from followup_desktop.store.today_query import NEXT_DAYS, OVERDUE, WAITING, TodayItem, WaitingItem
from followup_desktop.ui.today import rows
from tests.builders import NOW

CHICAGO, TOKYO = ZoneInfo("America/Chicago"), ZoneInfo("Asia/Tokyo")


def item(**changes) -> TodayItem:
    values = {
        "id": "a/thank_you/dana",
        "application": "a",
        "kind": "thank_you",
        "due": datetime(2026, 11, 24, 13, 30, tzinfo=UTC),  # 08:30 New York
        "zone": "America/New_York",
        "status": "planned",
        "manual": False,
        "reason": "Thank-you within a day; Monday interview, so Tuesday 08:30 New York time",
        "company": "Acme Corp",
        "role": "Backend Engineer",
        "contact": "Dana Lee",
    }
    values.update(changes)
    return TodayItem(**values)


class Groups:
    """Counts per group, as store/today_query.TodayGroups gives them."""

    def __init__(self, **counts: int) -> None:
        self.counts = counts

    def count(self, group: str) -> int:
        return self.counts.get(group, 0)


def test_rows_are_a_heading_then_the_items_of_each_non_empty_group():
    table = rows.TodayRows(Groups(overdue=2, next=3))  # type: ignore[arg-type]
    assert len(table) == 2 + 1 + 3 + 1
    assert [table.at(r) for r in range(len(table))] == [
        (OVERDUE, -1), (OVERDUE, 0), (OVERDUE, 1),
        (NEXT_DAYS, -1), (NEXT_DAYS, 0), (NEXT_DAYS, 1), (NEXT_DAYS, 2),
    ]  # fmt: skip
    assert table.heading(0) == "Overdue (2)" and table.heading(3) == "Next 7 days (3)"
    assert table.heading(1) is None
    assert table.first_item_row() == 1
    assert table.item_row(3) == 4 and table.item_row(3, -1) == 2  # the arrows pass headings
    assert table.heading_rows() == [0, 3]
    assert rows.summary_text(table) == "2 overdue · 3 in the next 7 days"
    assert len(rows.TodayRows(Groups())) == 0  # type: ignore[arg-type]


def test_when_says_both_zones_and_the_users_day_only_when_it_differs():
    def when(due, zone, user_zone) -> str:
        return rows.item_cells(item(due=due, zone=zone), user_zone)[2]

    due = datetime(2026, 11, 24, 13, 30, tzinfo=UTC)
    assert (
        when(due, "America/New_York", ZoneInfo("Europe/Berlin"))
        == "Tue 24 Nov 08:30 New York time (14:30 your time)"
    )
    tokyo_morning = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # Tue 08:30 Tokyo
    assert (
        when(tokyo_morning, "Asia/Tokyo", CHICAGO)
        == "Tue 24 Nov 08:30 Tokyo time (Mon 23 Nov 17:30 your time)"
    )
    # The zones agree (another name, the same wall time): one time, still saying whose.
    assert when(due, "America/New_York", ZoneInfo("America/Toronto")) == (
        "Tue 24 Nov 08:30 New York time"
    )
    assert when(due, None, TOKYO) == "Tue 24 Nov 22:30 Tokyo time"


def test_a_row_says_who_what_when_and_why_in_words():
    what, who, when, why = rows.item_cells(item(kind="second_follow_up"), CHICAGO)
    assert what == "Second follow-up"  # never the enum name
    assert who == "Dana Lee · Acme Corp · Backend Engineer"
    assert when == "Tue 24 Nov 08:30 New York time (07:30 your time)"
    assert why.startswith("Thank-you within a day")
    assert rows.what_text(item(status="snoozed")) == "Thank-you · snoozed"
    assert rows.what_text(item(manual=True)) == "Thank-you · moved by you"
    review = item(kind="move_on_review", contact=None, zone="America/Chicago")
    assert rows.item_cells(review, CHICAGO)[:2] == (
        "Move-on review (note to you)",
        "You · Acme Corp · Backend Engineer",
    )


def test_a_long_reason_is_cut_on_the_row_and_whole_in_a_plain_tooltip():
    reason = "Check-in a week after the interview <b>not bold</b>; " + "and more words " * 10
    short = rows.short(reason)
    assert len(short) <= rows.WHY_CHARS and short.endswith("…")
    assert " ".join(short[:-1].split()) in " ".join(reason.split())
    tip = rows.tooltip(item(reason=reason), CHICAGO)
    assert "&lt;b&gt;not bold&lt;/b&gt;" in tip and "<b>" not in tip  # shown as typed
    assert "and more words " * 9 in tip


def test_waiting_rows_say_what_was_sent_and_what_comes_next():
    waiting = WaitingItem(
        "a", "Acme Corp", "Backend Engineer", datetime(2026, 11, 24, 15, 0, tzinfo=UTC),
        "thank_you", None, "Dana Lee", "check_in", datetime(2026, 12, 1, 14, 30, tzinfo=UTC),
        "America/New_York",
    )  # fmt: skip
    assert rows.waiting_sentence(waiting, CHICAGO) == (
        "Thank-you sent to Dana Lee on Tue 24 Nov · next: check-in Tue 1 Dec"
    )
    assert rows.waiting_cells(waiting, CHICAGO) == (
        "Thank-you sent",
        "Dana Lee · Acme Corp · Backend Engineer",
        "on Tue 24 Nov",
        "Next: check-in Tue 1 Dec",
    )
    logged = WaitingItem("a", "Acme Corp", "", NOW, None, "linkedin", None)
    assert rows.waiting_sentence(logged, CHICAGO) == (
        "LinkedIn message sent on Sat 21 Nov · no follow-up planned"
    )
    assert WAITING in rows.GROUP_TITLES


def test_an_empty_today_says_what_to_do_and_never_names_a_flag():
    for has_applications in (False, True):
        text = rows.empty_text(has_applications)
        assert "Ctrl+N" in text and "--" not in text
    assert "up to date" in rows.empty_text(True)


def test_the_calendar_actions_get_the_item_as_the_calendar_shows_it():
    late = item(due=datetime(2026, 11, 20, 13, 30, tzinfo=UTC))
    cal = rows.cal_item(late, CHICAGO, NOW.astimezone(CHICAGO).date())
    assert cal.key == "f:a/thank_you/dana" and cal.record_id == late.id
    assert cal.state == "overdue" and cal.pending
    assert cal.start.tzinfo == CHICAGO and cal.employer_time.hour == 8
