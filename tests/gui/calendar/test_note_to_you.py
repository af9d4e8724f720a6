"""The move-on review is a note to the user: the calendar shows it as "you", not as the contact
the application's messages go to."""

from __future__ import annotations

from followup_desktop.store import queries
from followup_desktop.ui.common import fmt


def test_the_move_on_review_chip_is_for_you(filled, make_window):
    window = make_window(filled)
    calendar = window.show_view("calendar")
    review = next(f for f in queries.list_followups(filled) if f.kind == "move_on_review")
    calendar.select_day(review.due.astimezone(fmt.safe_zone(calendar.zone_name)).date())
    assert calendar.item(f"f:{review.id}").person == "you"
    check_in = next(f for f in queries.list_followups(filled) if f.kind == "check_in")
    calendar.select_day(check_in.due.astimezone(fmt.safe_zone(calendar.zone_name)).date())
    assert calendar.item(f"f:{check_in.id}").person == "Dana Lee"
