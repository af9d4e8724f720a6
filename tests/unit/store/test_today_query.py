"""store/today_query: the one reading behind Today, the tray and the status bar. Groups by the
user's day, items read a page at a time, and the applications waiting for a reply."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core.model import (
    ENDED_STAGES,
    NON_MESSAGE_KINDS,
    PENDING_STATUSES,
    Communication,
    Direction,
    Stage,
)
from followup_desktop.store import queries, templates_store, today_query, writes
from followup_desktop.store.demo import fill_demo
from followup_desktop.store.today_query import NEXT_DAYS, OVERDUE, TODAY, today_groups
from tests.builders import NOW, build_jobs

CHICAGO = ZoneInfo("America/Chicago")
JONAS = "nw-sre-1/thank_you/jonas"  # Tue 24 Nov 08:30 Berlin: in the next 7 days


@pytest.fixture
def jobs(db):
    build_jobs(db)  # the user in Chicago; it is Saturday 21 Nov, 09:00 there
    return db


def ids(groups, group: str) -> list[str]:
    return [item.id for item in groups.items(group)]


def test_pending_follow_ups_fall_in_the_users_days(jobs):
    groups = today_groups(jobs, NOW, CHICAGO)
    assert groups.count(OVERDUE) == 6  # Acme's thank-yous of Fri 20 Nov (one done, one skipped)
    assert ids(groups, OVERDUE)[0] == "acme-be-1/thank_you/dana"
    assert groups.count(TODAY) == 0
    # Sunday 22 to Saturday 28 Nov; Northwind's check-in (Mon 30 Nov) is later.
    assert ids(groups, NEXT_DAYS) == [JONAS, "acme-be-1/check_in/dana"]
    assert groups.due_counts() == (0, 6)
    dana = groups.item(OVERDUE, 0)
    assert (dana.contact, dana.company, dana.role) == ("Dana", "Acme Corp", "Engineer")
    assert dana.label == "Thank-you to Dana" and dana.message
    assert "Thank-you within a day" in dana.reason


def test_today_ends_at_the_users_midnight_not_utcs(jobs):
    late = datetime(2026, 11, 21, 23, 30, tzinfo=CHICAGO)  # Sun 22 Nov 05:30 UTC
    writes.reschedule(jobs, JONAS, late, NOW)
    writes.reschedule(jobs, "acme-be-1/check_in/dana", late + timedelta(hours=1), NOW)
    groups = today_groups(jobs, NOW, CHICAGO)
    assert ids(groups, TODAY) == [JONAS]
    assert ids(groups, NEXT_DAYS) == ["acme-be-1/check_in/dana"]  # 00:30 on Sunday
    assert groups.due_counts() == (1, 6)
    in_utc = today_groups(jobs, NOW, UTC)  # the same instants, another user's day
    assert ids(in_utc, TODAY) == []


def test_the_counts_agree_with_a_plain_reading_of_the_demo(db):
    fill_demo(db, NOW)
    zone = ZoneInfo(queries.get_profile(db).timezone)
    for hours in range(0, 24 * 9, 7):  # through several days and both ends of each
        now = NOW + timedelta(hours=hours)
        today = now.astimezone(zone).date()
        pending = queries.list_followups(db, statuses=PENDING_STATUSES)
        days = [(f.due.astimezone(zone).date() - today).days for f in pending]
        groups = today_groups(db, now, zone)
        assert groups.count(OVERDUE) == sum(d < 0 for d in days), now
        assert groups.count(TODAY) == sum(d == 0 for d in days), now
        assert groups.count(NEXT_DAYS) == sum(1 <= d <= 7 for d in days), now


def test_items_are_read_a_page_at_a_time(jobs, monkeypatch):
    monkeypatch.setattr(today_query, "PAGE", 2)
    seen: list[str] = []
    jobs.conn.set_trace_callback(seen.append)
    try:
        groups = today_groups(jobs, NOW, CHICAGO)
        assert len(seen) == 1 and "count(*)" in seen[0]  # the counts alone: no item is read
        assert [i.id for i in groups.items(OVERDUE, 1, 4)] == ids(groups, OVERDUE)[1:4]
        reads = [s for s in seen if "LIMIT" in s]
        assert len(reads) == 3  # pages 0 and 1 for the slice, then 2 for the whole list
        seen.clear()
        groups.items(OVERDUE, 0, 2)  # already read
        assert seen == []
    finally:
        jobs.conn.set_trace_callback(None)


def test_a_message_sent_after_the_last_reply_waits_for_one(jobs):
    sent_at = NOW - timedelta(hours=3)
    templates_store.record_sent(jobs, JONAS, "Thank you", sent_at)  # done, and logged as sent
    groups = today_groups(jobs, NOW, CHICAGO)
    assert groups.count(NEXT_DAYS) == 1  # Acme's check-in
    [waiting] = groups.waiting()
    assert waiting.application == "nw-sre"
    assert (waiting.sent_kind, waiting.sent_to) == ("thank_you", "Jonas Becker")
    assert waiting.sent_at == sent_at
    assert waiting.next_kind == "check_in"
    assert waiting.next_due == datetime(2026, 11, 30, 7, 30, tzinfo=UTC)
    # Acme has overdue thank-yous (one of them sent): it is not waiting, it has work to do.
    assert "acme-be" not in {w.application for w in groups.waiting()}

    reply = Communication("r1", "nw-sre", NOW - timedelta(hours=2), Direction.RECEIVED)
    writes.log_communication(jobs, reply, NOW)
    assert today_groups(jobs, NOW, CHICAGO).waiting() == []  # answered

    again = Communication(
        "m2", "nw-sre", NOW - timedelta(hours=1), Direction.SENT, contact="jonas", channel="email"
    )
    writes.log_communication(jobs, again, NOW)
    [waiting] = today_groups(jobs, NOW, CHICAGO).waiting()
    assert (waiting.sent_kind, waiting.channel, waiting.sent_to) == (None, "email", "Jonas Becker")
    assert waiting.sent_at == NOW - timedelta(hours=1)


def test_a_follow_up_marked_done_counts_as_sent(jobs):
    writes.mark_done(jobs, JONAS, NOW)  # no message logged: the follow-up says what went
    [waiting] = today_groups(jobs, NOW, CHICAGO).waiting()
    assert (waiting.sent_kind, waiting.sent_to) == ("thank_you", "Jonas Becker")


def test_ended_applications_and_reminders_to_oneself_never_wait(jobs):
    assert {Stage.WITHDRAWN} <= ENDED_STAGES and NON_MESSAGE_KINDS
    sent = Communication("m1", "globex-pm", NOW, Direction.SENT, contact="gil")
    writes.log_communication(jobs, sent, NOW)  # Globex was withdrawn
    assert today_groups(jobs, NOW, CHICAGO).waiting() == []
    writes.mark_done(jobs, "nw-sre-1/move_on_review", NOW)  # a note to oneself is not a message
    assert today_groups(jobs, NOW, CHICAGO).waiting() == []
    assert today_groups(jobs, NOW, CHICAGO).anything()


def test_after_a_write_only_its_application_is_read_again(jobs):
    before = today_groups(jobs, NOW, CHICAGO)
    assert before.waiting() == []
    writes.mark_done(jobs, JONAS, NOW)
    seen: list[str] = []
    jobs.conn.set_trace_callback(seen.append)
    try:
        after = before.after_write(NOW, ["nw-sre"])
        assert after.waiting() == today_groups(jobs, NOW, CHICAGO).waiting()
    finally:
        jobs.conn.set_trace_callback(None)
    assert after.count(NEXT_DAYS) == 1 and [w.application for w in after.waiting()] == ["nw-sre"]
    assert any("a.id IN ('nw-sre')" in s for s in seen)  # that application alone
    tomorrow = before.after_write(NOW + timedelta(days=1), ["nw-sre"])  # another day: all
    assert tomorrow.starts != before.starts
    assert tomorrow.waiting() == today_groups(jobs, NOW + timedelta(days=1), CHICAGO).waiting()
