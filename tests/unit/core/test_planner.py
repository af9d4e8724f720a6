"""The planner against shared/scheduling.md: presets, holidays, zones, replies, stages, merging."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core.model import (
    Application,
    Cadence,
    Channel,
    Communication,
    Company,
    Contact,
    Direction,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Interview,
    Profile,
    Stage,
)
from followup_desktop.core.planner import (
    PlanContext,
    PlanResult,
    employer_calendar,
    employer_country,
    main_contact,
    plan_application,
)
from followup_desktop.core.reasons import PLANNER_CANCEL_PREFIX, cancelled_by_planner

K = FollowUpKind
S = FollowUpStatus
NY = ZoneInfo("America/New_York")
LA = ZoneInfo("America/Los_Angeles")

DANA = Contact("dana", "acme", "Dana Lee", email="dana@acme.test", phone="+1 555 0100")
SAM = Contact("sam", "acme", "Sam Roy", linkedin="https://linkedin.example/sam")
KIM = Contact("kim", "acme", "Kim Park", email="kim@acme.test")
CONTACTS = {c.id: c for c in (DANA, SAM, KIM)}


def ny(y, m, d, hh=8, mm=30):
    return datetime(y, m, d, hh, mm, tzinfo=NY)


def make_ctx(
    *interviews: Interview,
    profile: Profile | None = None,
    company: Company | None = None,
    stage: Stage = Stage.INTERVIEWING,
    communications: list[Communication] | None = None,
    existing: list[FollowUp] | None = None,
    now: datetime | None = None,
    **app_fields,
) -> PlanContext:
    return PlanContext(
        profile=profile or Profile(timezone="America/Los_Angeles", country="US", subdivision="CA"),
        company=company
        or Company("acme", "Acme", timezone="America/New_York", country="US", subdivision="NY"),
        application=Application("app1", "acme", "Engineer", stage=stage, **app_fields),
        contacts=dict(CONTACTS),
        interviews=list(interviews),
        communications=communications or [],
        existing=existing or [],
        now=now,
    )


def interview(iid="iv1", starts=None, interviewers=("dana",), **fields) -> Interview:
    return Interview(
        iid,
        "app1",
        starts or datetime(2026, 11, 20, 14, 0, tzinfo=NY),
        interviewers=list(interviewers),
        **fields,
    )


def by_id(result: PlanResult) -> dict[str, FollowUp]:
    return {f.id: f for f in result.followups}


def pending(result: PlanResult) -> dict[str, FollowUp]:
    return {f.id: f for f in result.followups if f.status in (S.PLANNED, S.SNOOZED)}


def replan(ctx: PlanContext, result: PlanResult, **changes) -> PlanResult:
    return plan_application(replace(ctx, existing=result.followups, **changes))


def assert_stable(ctx: PlanContext, result: PlanResult) -> None:
    again = replan(ctx, result)
    assert again.changes == []
    assert again.followups == result.followups


# --- helpers of the public API ----------------------------------------------------------------


def test_employer_calendar_prefers_the_company_and_falls_back_to_the_profile():
    profile = Profile(
        timezone="Europe/Berlin",
        country="DE",
        subdivision="BY",
        weekend_days=(4, 5),
        send_time=time(9),
    )
    cal = employer_calendar(profile, Company("c", "C", timezone="Asia/Tokyo", country="JP"))
    assert (cal.zone_name, cal.country, cal.subdivision) == ("Asia/Tokyo", "JP", None)
    assert cal.weekend_days == {4, 5} and cal.send_time == time(9)
    cal = employer_calendar(profile, Company("c", "C", blackout_dates=[date(2026, 5, 5)]))
    assert (cal.zone_name, cal.country, cal.subdivision) == ("Europe/Berlin", "DE", "BY")
    assert cal.blackout_dates == {date(2026, 5, 5)}
    # The subdivision follows the country that was used: the company's country has none here.
    cal = employer_calendar(profile, Company("c", "C", country="GB"))
    assert (cal.country, cal.subdivision) == ("GB", None)


def test_main_contact_is_designated_else_first_interviewer_of_latest_round():
    early = interview("a", datetime(2026, 11, 2, 10, tzinfo=NY), ["kim"])
    late = interview("b", datetime(2026, 11, 9, 10, tzinfo=NY), ["sam", "dana"])
    app = Application("app1", "acme")
    assert main_contact(app, [late, early]) == "sam"
    assert main_contact(replace(app, contact="kim"), [late, early]) == "kim"
    assert main_contact(app, [interview("c", interviewers=())]) is None
    assert main_contact(app, []) is None


# --- the standard plan ------------------------------------------------------------------------


def test_standard_plan_friday_interview_new_york():
    ctx = make_ctx(interview(interviewers=["dana", "sam"]))
    result = plan_application(ctx)
    items = by_id(result)
    assert list(items) == [
        "iv1/thank_you/dana",
        "iv1/thank_you/sam",
        "iv1/check_in/dana",
        "iv1/second_follow_up/dana",
        "iv1/move_on_review",
    ]
    ty = items["iv1/thank_you/dana"]
    assert ty.due == ny(2026, 11, 23)
    assert ty.timezone == "America/New_York"
    assert ty.reason == (
        "Thank-you within a day; Friday interview, so Monday 23 Nov 08:30 New York time "
        "(Saturday, Sunday skipped)"
    )
    assert (ty.kind, ty.contact, ty.interview, ty.channel) == (
        K.THANK_YOU,
        "dana",
        "iv1",
        Channel.EMAIL,
    )
    # Sam has no email but a LinkedIn profile.
    assert items["iv1/thank_you/sam"].channel == Channel.LINKEDIN
    # Check-in: a week after Friday is Friday 27 Nov, only 4 days after Monday's thank-you.
    check_in = items["iv1/check_in/dana"]
    assert check_in.due == ny(2026, 11, 30)
    assert check_in.reason == (
        "Check-in a week after the interview, moved to keep 5 days after the thank-you to "
        "Dana Lee, so Monday 30 Nov 08:30 New York time (Saturday, Sunday skipped)"
    )
    second = items["iv1/second_follow_up/dana"]
    assert second.due == ny(2026, 12, 7)
    assert second.reason == (
        "Second follow-up a week after the check-in, so Monday 7 Dec 08:30 New York time"
    )
    review = items["iv1/move_on_review"]
    # A note to the user: the employer's business day, at 08:30 in the user's own zone.
    assert review.due == datetime(2026, 12, 14, 8, 30, tzinfo=LA)
    assert review.timezone == "America/Los_Angeles"
    assert (review.channel, review.contact) == (Channel.OTHER, "dana")
    assert review.reason.startswith(
        "A note to you: time to decide whether to move on, a week after the second"
    )
    assert result.changes == ["5 follow-ups planned"]
    assert all(f.status == S.PLANNED and not f.manual for f in result.followups)


def test_thanksgiving_is_skipped_and_named():
    ctx = make_ctx(interview(starts=datetime(2026, 11, 25, 10, tzinfo=NY)))
    ty = by_id(plan_application(ctx))["iv1/thank_you/dana"]
    assert ty.due == ny(2026, 11, 27)
    assert ty.reason.endswith("(Thanksgiving Day skipped)")
    assert "Wednesday interview, so Friday 27 Nov 08:30 New York time" in ty.reason


def test_state_holiday_depends_on_the_company_subdivision():
    starts = datetime(2026, 2, 11, 10, tzinfo=NY)  # Wednesday; Thursday is Lincoln's Birthday in NY
    in_ny = by_id(plan_application(make_ctx(interview(starts=starts))))["iv1/thank_you/dana"]
    assert in_ny.due == ny(2026, 2, 13)
    assert in_ny.reason.endswith("(Lincoln's Birthday skipped)")
    vermont = Company("acme", "Acme", timezone="America/New_York", country="US", subdivision="VT")
    in_vt = by_id(plan_application(make_ctx(interview(starts=starts), company=vermont)))
    assert in_vt["iv1/thank_you/dana"].due == ny(2026, 2, 12)


def test_uk_christmas_and_boxing_day_substitute():
    london = ZoneInfo("Europe/London")
    company = Company("acme", "Acme", timezone="Europe/London", country="GB", subdivision="ENG")
    ctx = make_ctx(interview(starts=datetime(2026, 12, 24, 11, tzinfo=london)), company=company)
    ty = by_id(plan_application(ctx))["iv1/thank_you/dana"]
    assert ty.due == datetime(2026, 12, 29, 8, 30, tzinfo=london)
    assert ty.reason == (
        "Thank-you within a day; Thursday interview, so Tuesday 29 Dec 08:30 London time "
        "(Christmas Day, Boxing Day, Sunday, Boxing Day (observed) skipped, "
        "public holidays in the United Kingdom)"
    )


@pytest.mark.parametrize(("land", "due_day"), [("HH", 3), ("BY", 31)])
def test_germany_reformation_day_only_in_the_north(land, due_day):
    berlin = ZoneInfo("Europe/Berlin")
    company = Company("acme", "Acme", timezone="Europe/Berlin", country="DE", subdivision=land)
    ctx = make_ctx(interview(starts=datetime(2025, 10, 30, 10, tzinfo=berlin)), company=company)
    ty = by_id(plan_application(ctx))["iv1/thank_you/dana"]
    month = 11 if due_day == 3 else 10
    assert ty.due == datetime(2025, month, due_day, 8, 30, tzinfo=berlin)
    assert ("Reformation Day" in ty.reason) == (land == "HH")


def test_germany_epiphany_in_bavaria():
    berlin = ZoneInfo("Europe/Berlin")
    company = Company("acme", "Acme", timezone="Europe/Berlin", country="DE", subdivision="BY")
    ctx = make_ctx(interview(starts=datetime(2026, 1, 5, 10, tzinfo=berlin)), company=company)
    ty = by_id(plan_application(ctx))["iv1/thank_you/dana"]
    assert ty.due == datetime(2026, 1, 7, 8, 30, tzinfo=berlin)
    assert ty.reason.endswith("Berlin time (Epiphany skipped, a public holiday in Germany)")


def test_employer_far_ahead_of_the_user_uses_the_employers_date_and_holidays():
    """User in Los Angeles, employer in Tokyo: Thursday evening in LA is Friday in Tokyo."""
    tokyo = ZoneInfo("Asia/Tokyo")
    company = Company("acme", "Acme", timezone="Asia/Tokyo", country="JP")
    starts = datetime(2026, 11, 19, 18, 0, tzinfo=LA)
    ctx = make_ctx(interview(starts=starts), company=company)
    items = by_id(plan_application(ctx))
    ty = items["iv1/thank_you/dana"]
    # Friday in Tokyo -> Monday 23 Nov is Labor Thanksgiving Day -> Tuesday.
    assert ty.due == datetime(2026, 11, 24, 8, 30, tzinfo=tokyo)
    assert ty.timezone == "Asia/Tokyo"
    assert ty.reason == (
        "Thank-you within a day; Friday interview, so Tuesday 24 Nov 08:30 Tokyo time "
        "(Saturday, Sunday, Labor Thanksgiving Day skipped, a public holiday in Japan)"
    )
    # The check-in counts from the employer's Friday 20 Nov, not the user's Thursday.
    assert items["iv1/check_in/dana"].due == datetime(2026, 11, 30, 8, 30, tzinfo=tokyo)


def test_japan_substitute_holiday_is_skipped():
    tokyo = ZoneInfo("Asia/Tokyo")
    company = Company("acme", "Acme", timezone="Asia/Tokyo", country="JP")
    ctx = make_ctx(interview(starts=datetime(2025, 11, 21, 10, tzinfo=tokyo)), company=company)
    ty = by_id(plan_application(ctx))["iv1/thank_you/dana"]
    assert ty.due == datetime(2025, 11, 25, 8, 30, tzinfo=tokyo)
    assert "Labor Thanksgiving Day, Substitute Holiday skipped" in ty.reason


def test_auckland_employer_day_is_a_day_ahead_of_los_angeles():
    akl = ZoneInfo("Pacific/Auckland")
    company = Company("acme", "Acme", timezone="Pacific/Auckland", country="NZ")
    starts = datetime(2026, 12, 3, 15, 0, tzinfo=LA)  # Thursday in LA, Friday noon in Auckland
    ty = by_id(plan_application(make_ctx(interview(starts=starts), company=company)))
    assert ty["iv1/thank_you/dana"].due == datetime(2026, 12, 7, 8, 30, tzinfo=akl)
    assert "Friday interview" in ty["iv1/thank_you/dana"].reason


def test_north_american_dst_week_keeps_local_send_time():
    ctx = make_ctx(interview(starts=datetime(2026, 3, 5, 10, tzinfo=NY)))
    items = by_id(plan_application(ctx))
    ty, check_in = items["iv1/thank_you/dana"], items["iv1/check_in/dana"]
    assert ty.due == ny(2026, 3, 6) and ty.due.astimezone(UTC).hour == 13  # EST
    assert check_in.due == ny(2026, 3, 12) and check_in.due.astimezone(UTC).hour == 12  # EDT


def test_european_dst_week_keeps_local_send_time():
    berlin = ZoneInfo("Europe/Berlin")
    company = Company("acme", "Acme", timezone="Europe/Berlin", country="DE", subdivision="BE")
    ctx = make_ctx(interview(starts=datetime(2026, 10, 22, 10, tzinfo=berlin)), company=company)
    items = by_id(plan_application(ctx))
    ty, check_in = items["iv1/thank_you/dana"], items["iv1/check_in/dana"]
    assert ty.due == datetime(2026, 10, 23, 8, 30, tzinfo=berlin)
    assert ty.due.astimezone(UTC).hour == 6  # CEST
    assert check_in.due == datetime(2026, 10, 29, 8, 30, tzinfo=berlin)
    assert check_in.due.astimezone(UTC).hour == 7  # CET


def test_send_time_in_the_spring_forward_gap_moves_to_three():
    profile = Profile(
        timezone="America/New_York", country=None, weekend_days=(4, 5), send_time=time(2, 30)
    )
    company = Company("acme", "Acme")
    ctx = make_ctx(
        interview(starts=datetime(2026, 3, 7, 10, tzinfo=NY)), profile=profile, company=company
    )
    ty = by_id(plan_application(ctx))["iv1/thank_you/dana"]
    assert ty.due == datetime(2026, 3, 8, 3, 0, tzinfo=NY)
    assert ty.due.utcoffset().total_seconds() == -4 * 3600
    assert "Sunday 8 Mar 03:00 New York time" in ty.reason


def test_blackout_dates_are_skipped_and_named():
    company = Company(
        "acme",
        "Acme",
        timezone="America/New_York",
        country="US",
        subdivision="NY",
        blackout_dates=[date(2026, 12, 1)],
    )
    ctx = make_ctx(interview(starts=datetime(2026, 11, 30, 10, tzinfo=NY)), company=company)
    ty = by_id(plan_application(ctx))["iv1/thank_you/dana"]
    assert ty.due == ny(2026, 12, 2)
    assert ty.reason.endswith("(company event on 1 Dec skipped)")


def test_decision_date_pushes_the_check_in():
    ctx = make_ctx(
        interview(starts=datetime(2026, 11, 30, 10, tzinfo=NY)),
        decision_expected_by=date(2026, 12, 10),
    )
    items = by_id(plan_application(ctx))
    check_in = items["iv1/check_in/dana"]
    assert check_in.due == ny(2026, 12, 11)
    assert check_in.reason == (
        "Check-in a week after the interview, after the stated decision date 10 Dec, "
        "so Friday 11 Dec 08:30 New York time"
    )
    assert items["iv1/second_follow_up/dana"].due == ny(2026, 12, 18)


def test_decision_date_already_past_changes_nothing():
    ctx = make_ctx(
        interview(starts=datetime(2026, 11, 30, 10, tzinfo=NY)),
        decision_expected_by=date(2026, 12, 1),
    )
    check_in = by_id(plan_application(ctx))["iv1/check_in/dana"]
    assert check_in.due == ny(2026, 12, 7)
    assert "decision" not in check_in.reason


# --- presets and settings ---------------------------------------------------------------------


def test_seventy_two_hour_timeline():
    profile = Profile(timezone="America/New_York", country="US", cadence=Cadence.SEVENTY_TWO_HOUR)
    ctx = make_ctx(
        interview(starts=datetime(2026, 12, 1, 10, tzinfo=NY)), profile=profile
    )  # Tuesday
    items = by_id(plan_application(ctx))
    assert [f.kind for f in items.values()] == [
        K.THANK_YOU,
        K.CHECK_IN,
        K.SECOND_FOLLOW_UP,
        K.PHONE_CALL,
    ]
    assert items["iv1/thank_you/dana"].due == ny(2026, 12, 2)
    assert items["iv1/check_in/dana"].due == ny(2026, 12, 3)  # day 2: no 5-day spacing
    assert items["iv1/second_follow_up/dana"].due == ny(2026, 12, 7)  # day 5 is Sunday -> Monday
    call = items["iv1/phone_call/dana"]
    assert call.due == ny(2026, 12, 11) and call.channel == Channel.PHONE
    assert call.reason.startswith("Phone call 10 days after the interview")
    assert "iv1/move_on_review" not in items


def test_seventy_two_hour_never_two_messages_to_one_person_on_one_day():
    profile = Profile(timezone="America/New_York", country="US", cadence=Cadence.SEVENTY_TWO_HOUR)
    ctx = make_ctx(interview(), profile=profile)  # Friday: thank-you and check-in both on Monday
    items = by_id(plan_application(ctx))
    assert items["iv1/thank_you/dana"].due == ny(2026, 11, 23)
    check_in = items["iv1/check_in/dana"]
    assert check_in.due == ny(2026, 11, 24)
    assert "moved to a later day than the thank-you to Dana Lee" in check_in.reason


@pytest.mark.parametrize(
    ("no_calls", "contact", "expected"),
    [(True, "dana", False), (False, "kim", False), (False, "dana", True)],
)
def test_phone_call_needs_permission_and_a_number(no_calls, contact, expected):
    profile = Profile(timezone="America/New_York", country="US", cadence=Cadence.SEVENTY_TWO_HOUR)
    ctx = make_ctx(interview(interviewers=[contact]), profile=profile, no_phone_calls=no_calls)
    kinds = {f.kind for f in plan_application(ctx).followups}
    assert (K.PHONE_CALL in kinds) is expected
    assert K.SECOND_FOLLOW_UP in kinds


def test_patient_preset():
    profile = Profile(timezone="America/New_York", country="US", cadence=Cadence.PATIENT)
    ctx = make_ctx(interview(starts=datetime(2026, 11, 30, 10, tzinfo=NY)), profile=profile)
    items = by_id(plan_application(ctx))
    assert items["iv1/check_in/dana"].due == ny(2026, 12, 10)
    assert items["iv1/second_follow_up/dana"].due == ny(2026, 12, 17)
    review = items["iv1/move_on_review"]
    assert review.due == ny(2026, 12, 31)
    assert "2 weeks after the second follow-up" in review.reason


def test_profile_offsets_override_preset_days():
    profile = Profile(
        timezone="America/New_York",
        country="US",
        offsets={"check_in": 10, "move_on_review": 3, "bogus": 4},
    )
    ctx = make_ctx(interview(starts=datetime(2026, 11, 30, 10, tzinfo=NY)), profile=profile)
    items = by_id(plan_application(ctx))
    assert items["iv1/check_in/dana"].due == ny(2026, 12, 10)
    assert items["iv1/check_in/dana"].reason.startswith("Check-in 10 days after the interview")
    assert items["iv1/second_follow_up/dana"].due == ny(2026, 12, 17)
    assert items["iv1/move_on_review"].due == ny(2026, 12, 21)  # 20 Dec is a Sunday


def test_custom_spacing_setting():
    profile = Profile(timezone="America/New_York", country="US", min_spacing_days=8)
    ctx = make_ctx(interview(starts=datetime(2026, 11, 30, 10, tzinfo=NY)), profile=profile)
    items = by_id(plan_application(ctx))
    # Thank-you Tuesday 1 Dec; check-in would be Monday 7 Dec but must wait until 9 Dec.
    assert items["iv1/check_in/dana"].due == ny(2026, 12, 9)
    assert "keep 8 days after the thank-you" in items["iv1/check_in/dana"].reason
    assert items["iv1/second_follow_up/dana"].due == ny(2026, 12, 17)


def test_spacing_counts_messages_sent_after_the_interview():
    sent = Communication(
        "m1",
        "app1",
        datetime(2026, 12, 4, 9, tzinfo=NY),
        Direction.SENT,
        contact="dana",
        summary="sample",
    )
    before = Communication(
        "m0", "app1", datetime(2026, 11, 29, 9, tzinfo=NY), Direction.SENT, contact="dana"
    )
    ctx = make_ctx(
        interview(starts=datetime(2026, 11, 30, 10, tzinfo=NY)), communications=[sent, before]
    )
    items = by_id(plan_application(ctx))
    assert items["iv1/thank_you/dana"].due == ny(2026, 12, 1)  # the thank-you is exempt
    check_in = items["iv1/check_in/dana"]
    assert check_in.due == ny(2026, 12, 9)
    assert "keep 5 days after the message sent to Dana Lee on 4 Dec" in check_in.reason


def test_spacing_does_not_apply_to_other_contacts_or_the_review():
    # Designated contact Kim got no thank-you: her check-in stays a week after the interview.
    ctx = make_ctx(interview(), contact="kim")
    items = by_id(plan_application(ctx))
    assert items["iv1/check_in/kim"].due == ny(2026, 11, 27)
    assert "moved" not in items["iv1/check_in/kim"].reason


def test_interview_without_interviewers_uses_designated_contact():
    ctx = make_ctx(interview(interviewers=()), contact="kim")
    kinds = [(f.kind, f.contact) for f in plan_application(ctx).followups]
    assert kinds == [(K.CHECK_IN, "kim"), (K.SECOND_FOLLOW_UP, "kim"), (K.MOVE_ON_REVIEW, "kim")]


def test_no_contact_at_all_plans_only_the_move_on_review():
    ctx = make_ctx(interview(interviewers=()))
    result = plan_application(ctx)
    assert [(f.id, f.contact, f.channel) for f in result.followups] == [
        ("iv1/move_on_review", None, Channel.OTHER)
    ]
    review = result.followups[0]
    assert review.due == datetime(2026, 12, 11, 8, 30, tzinfo=LA)  # 27 Nov + 7 + 7, your time
    assert "no contact to follow up with" in review.reason
    assert_stable(ctx, result)


def test_no_interviews_no_items():
    result = plan_application(make_ctx(stage=Stage.APPLIED))
    assert result == PlanResult([], [])


def test_naive_interview_time_is_read_in_its_own_zone():
    naive = interview(starts=datetime(2026, 11, 19, 18, 0), timezone="America/Los_Angeles")
    company = Company("acme", "Acme", timezone="Asia/Tokyo", country="JP")
    ty = by_id(plan_application(make_ctx(naive, company=company)))["iv1/thank_you/dana"]
    assert "Friday interview" in ty.reason


# --- what changes a plan ----------------------------------------------------------------------


def test_reply_cancels_chasing_items_but_keeps_thank_yous():
    ctx = make_ctx(interview(interviewers=["dana", "sam"]))
    first = plan_application(ctx)
    reply = Communication(
        "r1", "app1", datetime(2026, 11, 30, 16, tzinfo=NY), Direction.RECEIVED, contact="dana"
    )
    result = replan(ctx, first, communications=[reply])
    items = by_id(result)
    for iid in ("iv1/check_in/dana", "iv1/second_follow_up/dana", "iv1/move_on_review"):
        assert items[iid].status == S.CANCELLED
        assert (
            items[iid].status_reason
            == PLANNER_CANCEL_PREFIX + "Reply received from Dana Lee on 30 Nov 2026"
        )
        assert items[iid].due == by_id(first)[iid].due  # history keeps the old time
    assert items["iv1/thank_you/dana"].status == S.PLANNED
    assert items["iv1/thank_you/sam"].status == S.PLANNED
    assert result.changes == ["3 follow-ups cancelled: reply received from Dana Lee on 30 Nov 2026"]
    assert len(result.followups) == 5  # nothing deleted
    assert_stable(replace(ctx, communications=[reply]), result)


def test_reply_before_the_interview_does_not_count():
    invitation = Communication(
        "r0", "app1", datetime(2026, 11, 10, 9, tzinfo=NY), Direction.RECEIVED, contact="dana"
    )
    result = plan_application(make_ctx(interview(), communications=[invitation]))
    assert {f.kind for f in result.followups} >= {K.CHECK_IN, K.SECOND_FOLLOW_UP}


def test_new_round_supersedes_the_earlier_chain():
    round1 = interview("iv1", datetime(2026, 11, 20, 14, tzinfo=NY), ["dana", "sam"])
    ctx = make_ctx(round1)
    first = plan_application(ctx)
    round2 = interview("iv2", datetime(2026, 12, 4, 10, tzinfo=NY), ["kim"])
    ctx2 = replace(ctx, interviews=[round2, round1], existing=first.followups)
    result = plan_application(ctx2)
    items = by_id(result)
    for iid in ("iv1/check_in/dana", "iv1/second_follow_up/dana", "iv1/move_on_review"):
        assert items[iid].status == S.CANCELLED
        assert (
            items[iid].status_reason
            == PLANNER_CANCEL_PREFIX + "Superseded by the interview on 4 Dec 2026"
        )
    assert items["iv1/thank_you/dana"].status == S.PLANNED
    # Round 2 is planned from its own day, to its own first interviewer.
    assert items["iv2/thank_you/kim"].due == ny(2026, 12, 7)
    assert items["iv2/check_in/kim"].due == ny(2026, 12, 14)
    assert result.changes == [
        "3 follow-ups cancelled: superseded by the interview on 4 Dec 2026",
        "4 follow-ups planned",
    ]
    assert_stable(replace(ctx2, existing=[]), result)


def test_a_reply_to_an_earlier_round_does_not_stop_the_new_one():
    round1 = interview("iv1", datetime(2026, 11, 2, 10, tzinfo=NY))
    round2 = interview("iv2", datetime(2026, 11, 20, 14, tzinfo=NY))
    reply = Communication("r", "app1", datetime(2026, 11, 5, 9, tzinfo=NY), Direction.RECEIVED)
    kinds = {
        f.id for f in plan_application(make_ctx(round1, round2, communications=[reply])).followups
    }
    assert "iv2/check_in/dana" in kinds


def test_rejection_cancels_everything_pending_and_plans_a_gracious_reply():
    ctx = make_ctx(interview(interviewers=["dana", "sam"]))
    first = plan_application(ctx)
    done = replace(by_id(first)["iv1/thank_you/dana"], status=S.DONE, done_at=ny(2026, 11, 23, 9))
    user_note = FollowUp("mine", "app1", K.STAY_IN_TOUCH, ny(2027, 1, 10), "America/New_York")
    existing = [done if f.id == done.id else f for f in first.followups] + [user_note]
    rejected = replace(
        ctx.application,
        stage=Stage.REJECTED,
        stage_changed_at=datetime(2026, 11, 25, 22, tzinfo=LA),
    )
    ctx2 = replace(ctx, application=rejected, existing=existing)
    result = plan_application(ctx2)
    items = by_id(result)
    assert items["iv1/thank_you/dana"].status == S.DONE  # history is untouched
    for iid in ("iv1/thank_you/sam", "iv1/check_in/dana", "iv1/move_on_review", "mine"):
        assert items[iid].status == S.CANCELLED
        assert items[iid].status_reason == PLANNER_CANCEL_PREFIX + "Application rejected"
    reply = items["app1/rejection_reply"]
    # 22:00 in Los Angeles is already Thursday 26 Nov in New York (Thanksgiving) -> Friday.
    assert reply.due == ny(2026, 11, 27)
    assert (reply.kind, reply.contact, reply.status) == (K.REJECTION_REPLY, "dana", S.PLANNED)
    assert reply.reason == (
        "Gracious reply within a day to the rejection of 26 Nov, asking for feedback, "
        "so Friday 27 Nov 08:30 New York time"
    )
    assert result.changes == ["5 follow-ups cancelled: application rejected", "1 follow-up planned"]
    assert_stable(ctx2, result)


@pytest.mark.parametrize(
    ("stage", "why"),
    [(Stage.WITHDRAWN, "Application withdrawn"), (Stage.CLOSED, "Application closed")],
)
def test_withdrawn_or_closed_cancels_everything_without_a_reply(stage, why):
    ctx = make_ctx(interview())
    first = plan_application(ctx)
    result = replan(ctx, first, application=replace(ctx.application, stage=stage))
    assert {f.status for f in result.followups} == {S.CANCELLED}
    assert {f.status_reason for f in result.followups} == {PLANNER_CANCEL_PREFIX + why}
    assert len(result.followups) == len(first.followups)


def test_back_to_interviewing_reopens_what_the_planner_cancelled_only():
    ctx = make_ctx(interview(interviewers=["dana", "sam"]))
    first = plan_application(ctx)
    skipped = replace(
        by_id(first)["iv1/thank_you/sam"], status=S.SKIPPED, status_reason="Not needed"
    )
    existing = [skipped if f.id == skipped.id else f for f in first.followups]
    rejected = replace(ctx.application, stage=Stage.REJECTED, stage_changed_at=ny(2026, 11, 24, 12))
    after_rejection = plan_application(replace(ctx, application=rejected, existing=existing))
    revived = replace(rejected, stage=Stage.INTERVIEWING)
    result = plan_application(replace(ctx, application=revived, existing=after_rejection.followups))
    items = by_id(result)
    assert items["iv1/thank_you/sam"].status == S.SKIPPED  # the user's skip stays
    for iid in ("iv1/thank_you/dana", "iv1/check_in/dana", "iv1/move_on_review"):
        assert items[iid].status == S.PLANNED
        assert items[iid].status_reason is None
        assert items[iid].due == by_id(first)[iid].due
    assert items["app1/rejection_reply"].status == S.CANCELLED
    assert (
        items["app1/rejection_reply"].status_reason
        == PLANNER_CANCEL_PREFIX + "Application no longer rejected"
    )
    assert result.changes == [
        "1 rejection reply cancelled: application no longer rejected",
        "4 follow-ups re-opened",
    ]


def test_user_cancelled_item_is_not_reopened():
    ctx = make_ctx(interview())
    first = plan_application(ctx)
    mine = replace(
        by_id(first)["iv1/check_in/dana"], status=S.CANCELLED, status_reason="I called instead"
    )
    existing = [mine if f.id == mine.id else f for f in first.followups]
    result = plan_application(replace(ctx, existing=existing))
    assert by_id(result)["iv1/check_in/dana"] == mine
    assert not cancelled_by_planner(mine)
    assert result.changes == []


def test_offer_cancels_chasing_keeps_thank_yous_and_plans_an_offer_reply():
    ctx = make_ctx(interview(interviewers=["dana", "sam"]))
    first = plan_application(ctx)
    user_note = FollowUp("mine", "app1", K.STAY_IN_TOUCH, ny(2027, 1, 10), "America/New_York")
    offer = replace(ctx.application, stage=Stage.OFFER, stage_changed_at=ny(2026, 11, 27, 15))
    ctx2 = replace(ctx, application=offer, existing=[*first.followups, user_note])
    result = plan_application(ctx2)
    items = by_id(result)
    assert items["iv1/thank_you/dana"].status == S.PLANNED
    assert items["iv1/thank_you/sam"].status == S.PLANNED
    assert items["mine"].status == S.PLANNED  # user-made items survive an offer
    for iid in ("iv1/check_in/dana", "iv1/second_follow_up/dana", "iv1/move_on_review"):
        assert items[iid].status_reason == PLANNER_CANCEL_PREFIX + "Offer received"
    reply = items["app1/offer_reply"]
    assert reply.due == ny(2026, 11, 30)
    assert reply.reason.startswith("Answer the offer of 27 Nov within a day")
    assert result.changes == ["3 follow-ups cancelled: offer received", "1 follow-up planned"]
    assert_stable(ctx2, result)


def test_stage_reply_falls_back_to_now_and_then_stays_put():
    rejected_stage = dict(stage=Stage.REJECTED)
    ctx = make_ctx(interview(), now=datetime(2026, 11, 30, 15, tzinfo=UTC), **rejected_stage)
    result = plan_application(ctx)
    assert by_id(result)["app1/rejection_reply"].due == ny(2026, 12, 1)
    later = plan_application(
        replace(ctx, existing=result.followups, now=datetime(2026, 12, 9, tzinfo=UTC))
    )
    assert later.followups == result.followups and later.changes == []
    # Without stage date and now, no reply can be dated: none is planned.
    assert "app1/rejection_reply" not in by_id(plan_application(replace(ctx, now=None)))


def test_now_is_ignored_when_the_stage_date_is_known():
    app_fields = dict(stage=Stage.OFFER, stage_changed_at=ny(2026, 11, 27, 15))
    a = plan_application(
        make_ctx(interview(), now=datetime(2026, 11, 28, tzinfo=UTC), **app_fields)
    )
    b = plan_application(make_ctx(interview(), now=datetime(2027, 3, 1, tzinfo=UTC), **app_fields))
    assert a == b


# --- merging with what is stored --------------------------------------------------------------


def test_manual_reschedule_and_snooze_survive_and_anchor_the_chain():
    ctx = make_ctx(interview(starts=datetime(2026, 11, 30, 10, tzinfo=NY)))
    first = by_id(plan_application(ctx))
    manual = replace(first["iv1/check_in/dana"], due=ny(2026, 12, 9, 10), manual=True)
    snoozed = replace(
        first["iv1/thank_you/dana"], status=S.SNOOZED, snoozed_until=ny(2026, 12, 2, 9)
    )
    existing = [manual, snoozed, *(f for k, f in first.items() if k not in (manual.id, snoozed.id))]
    result = plan_application(replace(ctx, existing=existing))
    items = by_id(result)
    assert items[manual.id] == manual
    assert items[snoozed.id] == snoozed
    # The second follow-up now counts a week from the moved check-in (9 Dec -> 16 Dec).
    assert items["iv1/second_follow_up/dana"].due == ny(2026, 12, 16)
    assert items["iv1/move_on_review"].due == datetime(2026, 12, 23, 8, 30, tzinfo=LA)
    assert result.changes == ["2 follow-ups moved"]
    assert_stable(replace(ctx, existing=existing), result)


def test_done_items_stay_and_count_for_spacing():
    ctx = make_ctx(interview(starts=datetime(2026, 11, 30, 10, tzinfo=NY)))
    first = by_id(plan_application(ctx))
    # The thank-you went out late, on Friday 4 Dec: the check-in must wait until 9 Dec.
    done = replace(first["iv1/thank_you/dana"], status=S.DONE, done_at=ny(2026, 12, 4, 17))
    existing = [done, *(f for k, f in first.items() if k != done.id)]
    items = by_id(plan_application(replace(ctx, existing=existing)))
    assert items[done.id] == done
    assert items["iv1/check_in/dana"].due == ny(2026, 12, 9)


def test_decision_date_change_moves_planned_items():
    ctx = make_ctx(interview(starts=datetime(2026, 11, 30, 10, tzinfo=NY)))
    first = plan_application(ctx)
    later = replace(ctx.application, decision_expected_by=date(2026, 12, 14))
    result = replan(ctx, first, application=later)
    assert by_id(result)["iv1/check_in/dana"].due == ny(2026, 12, 15)
    assert result.changes == ["3 follow-ups moved"]


def test_removed_interviewer_loses_the_pending_thank_you():
    ctx = make_ctx(interview(interviewers=["dana", "sam"]))
    first = plan_application(ctx)
    result = replan(ctx, first, interviews=[interview(interviewers=["dana"])])
    sam = by_id(result)["iv1/thank_you/sam"]
    assert sam.status == S.CANCELLED
    assert (
        sam.status_reason
        == PLANNER_CANCEL_PREFIX + "No longer an interviewer: Sam Roy (interview on 20 Nov 2026)"
    )
    assert result.changes == [
        "1 thank-you cancelled: no longer an interviewer: Sam Roy (interview on 20 Nov 2026)"
    ]


def test_deleted_interview_cancels_its_items():
    ctx = make_ctx(interview())
    first = plan_application(ctx)
    result = replan(ctx, first, interviews=[])
    assert {f.status_reason for f in result.followups} == {
        PLANNER_CANCEL_PREFIX + "Interview no longer on record"
    }


def test_switching_preset_and_no_phone_calls_cancel_the_phone_call():
    fast = Profile(timezone="America/New_York", country="US", cadence=Cadence.SEVENTY_TWO_HOUR)
    ctx = make_ctx(interview(), profile=fast)
    first = plan_application(ctx)
    no_calls = replan(ctx, first, application=replace(ctx.application, no_phone_calls=True))
    assert by_id(no_calls)["iv1/phone_call/dana"].status_reason == (
        PLANNER_CANCEL_PREFIX + "No phone calls for this application"
    )
    standard = replan(ctx, first, profile=replace(fast, cadence=Cadence.STANDARD))
    assert by_id(standard)["iv1/phone_call/dana"].status_reason == (
        PLANNER_CANCEL_PREFIX + "Not part of the Standard plan"
    )
    assert by_id(standard)["iv1/move_on_review"].status == S.PLANNED


def test_designated_contact_change_moves_the_chain_to_the_new_person():
    ctx = make_ctx(interview())
    first = plan_application(ctx)
    result = replan(ctx, first, application=replace(ctx.application, contact="kim"))
    items = by_id(result)
    assert (
        items["iv1/check_in/dana"].status_reason
        == PLANNER_CANCEL_PREFIX + "Main contact is now Kim Park"
    )
    assert items["iv1/check_in/kim"].status == S.PLANNED
    assert items["iv1/move_on_review"].contact == "kim"


def test_user_items_are_left_alone_while_interviewing():
    mine = FollowUp("mine", "app1", K.STAY_IN_TOUCH, ny(2027, 1, 10), "America/New_York")
    result = plan_application(make_ctx(interview(), existing=[mine]))
    assert by_id(result)["mine"] is mine


def test_store_round_trip_in_utc_is_not_a_change():
    ctx = make_ctx(interview(interviewers=["dana", "sam"]))
    first = plan_application(ctx)
    stored = [replace(f, due=f.due.astimezone(UTC)) for f in first.followups]
    again = plan_application(replace(ctx, existing=stored))
    assert again.changes == []
    assert again.followups == sorted(stored, key=lambda f: (f.due, f.id))


def test_planning_does_not_mutate_its_input():
    ctx = make_ctx(interview())
    first = plan_application(ctx)
    snapshot = [replace(f) for f in first.followups]
    replan(ctx, first, application=replace(ctx.application, stage=Stage.CLOSED))
    assert first.followups == snapshot


def test_idempotent_on_a_busy_application():
    round1 = interview("iv1", datetime(2026, 11, 2, 10, tzinfo=NY), ["kim"])
    round2 = interview("iv2", datetime(2026, 11, 20, 14, tzinfo=NY), ["dana", "sam"])
    comms = [Communication("m", "app1", ny(2026, 11, 24, 9), Direction.SENT, contact="dana")]
    ctx = make_ctx(round1, round2, communications=comms, decision_expected_by=date(2026, 12, 2))
    result = plan_application(ctx)
    assert_stable(ctx, result)
    assert plan_application(ctx) == result


# --- the employer's calendar by default (shared/scheduling.md, "Employer calendar") ------------

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_berlin_company_without_a_country_keeps_german_not_us_holidays():
    berlin = Company("acme", "Acme", timezone="Europe/Berlin")  # typed in the form: no country
    assert employer_country(Profile(timezone="America/Los_Angeles", country="US"), berlin) == (
        "DE",
        None,
    )
    # Wednesday 25 Nov: the next morning is US Thanksgiving, a working day in Berlin.
    ctx = make_ctx(interview(starts=datetime(2026, 11, 25, 10, tzinfo=BERLIN)), company=berlin)
    ty = by_id(plan_application(ctx))["iv1/thank_you/dana"]
    assert ty.due == datetime(2026, 11, 26, 8, 30, tzinfo=BERLIN)
    assert "Thanksgiving" not in ty.reason
    # Thursday 31 Dec: New Year's Day is German too; the reason says whose holiday it was.
    ctx = make_ctx(interview(starts=datetime(2026, 12, 31, 10, tzinfo=BERLIN)), company=berlin)
    ty = by_id(plan_application(ctx))["iv1/thank_you/dana"]
    assert ty.due == datetime(2027, 1, 4, 8, 30, tzinfo=BERLIN)
    assert ty.reason.endswith(
        "(New Year's Day, Saturday, Sunday skipped, a public holiday in Germany)"
    ), ty.reason


def test_a_zone_of_no_country_falls_back_to_the_profile_and_aliases_find_theirs():
    profile = Profile(timezone="America/Los_Angeles", country="US", subdivision="CA")
    assert employer_country(profile, Company("c", "C", timezone="UTC")) == ("US", "CA")
    assert employer_country(profile, Company("c", "C", timezone="Etc/GMT-2")) == ("US", "CA")
    assert employer_country(profile, Company("c", "C", timezone="Asia/Calcutta")) == ("IN", None)
    # the user's own zone and country: the user's region is kept
    assert employer_country(profile, Company("c", "C", timezone="America/Los_Angeles")) == (
        "US",
        "CA",
    )
    assert employer_country(profile, Company("c", "C", timezone="America/New_York")) == (
        "US",
        None,
    )
    # a country set on the company wins over its zone
    assert employer_country(profile, Company("c", "C", timezone="Europe/Berlin", country="AT")) == (
        "AT",
        None,
    )


def test_same_country_as_the_user_names_no_country_in_the_reason():
    ctx = make_ctx(interview(starts=datetime(2026, 11, 25, 14, tzinfo=NY)))
    ty = by_id(plan_application(ctx))["iv1/thank_you/dana"]
    assert ty.reason.endswith("(Thanksgiving Day skipped)"), ty.reason


# --- late is not pushy ------------------------------------------------------------------------


def test_an_overdue_thank_you_pushes_the_check_in_five_days_from_today():
    # Monday 23 Nov interview; the thank-you (Tue 24 Nov) is still unsent on Mon 30 Nov.
    ctx = make_ctx(
        interview(starts=datetime(2026, 11, 23, 10, tzinfo=NY)),
        now=datetime(2026, 11, 30, 20, tzinfo=UTC),
    )
    items = by_id(plan_application(ctx))
    assert items["iv1/thank_you/dana"].due == ny(2026, 11, 24)
    check_in = items["iv1/check_in/dana"]
    assert check_in.due == ny(2026, 12, 7)  # 30 Nov + 5 = Sat 5 Dec -> Monday 7 Dec
    assert "thank-you to Dana Lee, overdue and counted from today" in check_in.reason
    # sent late on 30 Nov: the spacing counts from the real send, whatever day it is now
    done = replace(
        items["iv1/thank_you/dana"], status=S.DONE, done_at=datetime(2026, 11, 30, 20, tzinfo=UTC)
    )
    later = replace(ctx, existing=[done], now=datetime(2026, 12, 2, 20, tzinfo=UTC))
    check_in = by_id(plan_application(later))["iv1/check_in/dana"]
    assert check_in.due == ny(2026, 12, 7)
    assert "keep 5 days after the thank-you sent to Dana Lee on 30 Nov" in check_in.reason


def test_the_move_on_review_is_a_note_in_the_users_morning():
    ctx = make_ctx(interview())
    review = by_id(plan_application(ctx))["iv1/move_on_review"]
    assert review.timezone == "America/Los_Angeles"
    assert review.due.astimezone(LA).strftime("%H:%M") == "08:30"
    assert review.reason.startswith("A note to you: ")
    assert review.reason.endswith("08:30 your time")


def test_an_offer_reply_never_shares_a_day_with_another_message_to_the_same_person():
    # Interview Mon 23 Nov, offer the same evening: the thank-you is Tue 24 Nov 08:30 and the
    # offer reply would be too; it moves to the next business day and says so.
    ctx = make_ctx(
        interview(starts=datetime(2026, 11, 23, 10, tzinfo=NY)),
        stage=Stage.OFFER,
        stage_changed_at=ny(2026, 11, 23, 17),
    )
    items = by_id(plan_application(ctx))
    assert items["iv1/thank_you/dana"].due == ny(2026, 11, 24)
    reply = items["app1/offer_reply"]
    assert reply.due == ny(2026, 11, 25)
    assert "later day than the thank-you to Dana Lee" in reply.reason
