"""Properties of the planner for any interview: business-day slots, limits, spacing, idempotence."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.core.model import (
    Application,
    Cadence,
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
    plan_application,
)

K = FollowUpKind
S = FollowUpStatus

ZONES = [
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Australia/Lord_Howe",  # 30-minute DST shift
    "Pacific/Auckland",
    "Pacific/Chatham",  # +12:45 / +13:45
    "UTC",
]
REGIONS = [
    (None, None),
    ("US", "NY"),
    ("US", "CA"),
    ("GB", "ENG"),
    ("DE", "BY"),
    ("DE", "NI"),
    ("JP", None),
    ("NZ", None),
    ("AU", "NSW"),
    ("FR", None),
]
SEND_TIMES = [time(8, 30), time(9, 0), time(2, 30), time(0, 15)]
WEEKENDS = [(5, 6), (4, 5), (6,)]
EXEMPT = {K.THANK_YOU, K.REJECTION_REPLY, K.OFFER_REPLY}
MESSAGE_KINDS = set(K) - {K.MOVE_ON_REVIEW}
SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)

instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


@st.composite
def contacts(draw, cid: str) -> Contact:
    return Contact(
        cid,
        "co",
        f"Person {cid}",
        email=draw(st.sampled_from([None, f"{cid}@co.test"])),
        phone=draw(st.sampled_from([None, "+1 555 0100"])),
        linkedin=draw(st.sampled_from([None, f"https://in.example/{cid}"])),
    )


@st.composite
def contexts(draw, rounds: int = 1) -> PlanContext:
    employer_zone, user_zone = draw(st.sampled_from(ZONES)), draw(st.sampled_from(ZONES))
    country, subdivision = draw(st.sampled_from(REGIONS))
    people = {cid: draw(contacts(cid)) for cid in ("p1", "p2", "p3", "p4", "p5")}
    interviews = []
    for n in range(rounds):
        interviewers = draw(st.lists(st.sampled_from(sorted(people)), min_size=1, max_size=4))
        starts = draw(instants)
        interviews.append(Interview(f"iv{n}", "app", starts, interviewers=interviewers))
    first = min(iv.starts_at for iv in interviews)
    blackout = [
        first.date() + timedelta(days=d)
        for d in draw(st.lists(st.integers(-1, 45), max_size=10, unique=True))
    ]
    profile = Profile(
        timezone=user_zone,
        country="US",
        subdivision="CA",
        cadence=draw(st.sampled_from(list(Cadence))),
        send_time=draw(st.sampled_from(SEND_TIMES)),
        weekend_days=draw(st.sampled_from(WEEKENDS)),
        min_spacing_days=draw(st.sampled_from([5, 5, 3, 8])),
    )
    company = Company(
        "co",
        "Co",
        timezone=draw(st.sampled_from([employer_zone, None])),
        country=country,
        subdivision=subdivision,
        blackout_dates=blackout,
    )
    if company.country is None:  # the profile's calendar is used: make it the one we chose
        profile = replace(profile, country=None, subdivision=None)
    decision = draw(st.one_of(st.none(), st.integers(0, 30)))
    application = Application(
        "app",
        "co",
        stage=draw(st.sampled_from([Stage.INTERVIEWING, Stage.INTERVIEWING, Stage.APPLIED])),
        contact=draw(st.sampled_from([None, None, "p5"])),
        no_phone_calls=draw(st.booleans()),
        decision_expected_by=None if decision is None else first.date() + timedelta(days=decision),
    )
    return PlanContext(profile, company, application, people, interviews, [], [])


def messages(result: PlanResult) -> list[FollowUp]:
    return [f for f in result.followups if f.kind in MESSAGE_KINDS and f.status == S.PLANNED]


@SETTINGS
@given(contexts())
def test_every_item_is_a_send_slot_on_a_business_day(ctx: PlanContext):
    result = plan_application(ctx)
    cal = employer_calendar(ctx.profile, ctx.company)
    interview_day = cal.local_date(ctx.interviews[0].starts_at)
    assert result.followups, "an interview with interviewers always gets a plan"
    for f in result.followups:
        if f.kind == K.MOVE_ON_REVIEW:  # a note to the user: the user's morning of a business day
            home = employer_calendar(ctx.profile, Company("home", "Home"))
            day = f.due.astimezone(home.zone).date()
            assert f.timezone == home.zone_name
            assert cal.is_business_day(day)
            assert f.due == home.slot(day)
            assert f.reason and "\n" not in f.reason
            continue
        local = f.due.astimezone(cal.zone)
        day = local.date()
        assert f.timezone == cal.zone_name
        assert day.weekday() not in ctx.profile.weekend_days
        assert cal.holiday(day) is None
        assert day not in ctx.company.blackout_dates
        assert cal.is_business_day(day)
        assert f.due == cal.slot(day)  # the send time, or the first minute after a DST gap
        assert day > interview_day
        assert f.reason and "\n" not in f.reason


@SETTINGS
@given(contexts())
def test_at_most_two_follow_ups_per_round_and_one_of_each(ctx: PlanContext):
    result = plan_application(ctx)
    chasing = [f for f in result.followups if f.kind in (K.CHECK_IN, K.SECOND_FOLLOW_UP)]
    assert len(chasing) <= 2
    keys = [(f.interview, f.kind, f.contact) for f in result.followups]
    assert len(keys) == len(set(keys))
    if ctx.application.no_phone_calls:
        assert all(f.kind != K.PHONE_CALL for f in result.followups)
    thank_yous = {f.contact for f in result.followups if f.kind == K.THANK_YOU}
    assert thank_yous == set(ctx.interviews[0].interviewers)


@SETTINGS
@given(contexts())
def test_spacing_between_messages_to_one_person(ctx: PlanContext):
    result = plan_application(ctx)
    cal = employer_calendar(ctx.profile, ctx.company)
    spacing = 1 if ctx.profile.cadence == Cadence.SEVENTY_TWO_HOUR else ctx.profile.min_spacing_days
    for a, b in combinations(messages(result), 2):
        if a.contact != b.contact or (a.kind in EXEMPT and b.kind in EXEMPT):
            continue
        gap = abs((cal.local_date(a.due) - cal.local_date(b.due)).days)
        assert gap >= spacing, (a.id, a.due, b.id, b.due)


@SETTINGS
@given(contexts(), instants, instants)
def test_deterministic_and_independent_of_now_until_something_is_overdue(
    ctx: PlanContext, now1: datetime, now2: datetime
):
    first = min(iv.starts_at for iv in ctx.interviews)
    a = plan_application(replace(ctx, now=min(now1, first)))
    b = plan_application(replace(ctx, now=min(now2, first)))
    assert a == b
    assert plan_application(replace(ctx, now=now1)) == plan_application(replace(ctx, now=now1))


@SETTINGS
@given(contexts(), st.integers(0, 60))
def test_an_overdue_unsent_message_counts_from_today(ctx: PlanContext, days_later: int):
    first = min(iv.starts_at for iv in ctx.interviews)
    now = first + timedelta(days=days_later, hours=12)
    result = plan_application(replace(ctx, now=now))
    cal = employer_calendar(ctx.profile, ctx.company)
    today = cal.local_date(now)
    spacing = 1 if ctx.profile.cadence == Cadence.SEVENTY_TWO_HOUR else ctx.profile.min_spacing_days
    for a, b in combinations(sorted(messages(result), key=lambda f: f.due), 2):
        if a.contact != b.contact or b.kind in EXEMPT:
            continue
        if cal.local_date(a.due) < today <= cal.local_date(b.due):
            # a is overdue and unsent: b keeps the spacing from today, never the same day
            assert (cal.local_date(b.due) - today).days >= spacing, (a.id, b.id, b.reason)
            assert (
                "overdue and counted from today" in b.reason
                or (cal.local_date(b.due) - cal.local_date(a.due)).days
                >= spacing + (today - cal.local_date(a.due)).days
            )


@SETTINGS
@given(contexts())
def test_replanning_its_own_output_changes_nothing(ctx: PlanContext):
    result = plan_application(ctx)
    again = plan_application(replace(ctx, existing=result.followups))
    assert again.changes == []
    assert again.followups == result.followups


@st.composite
def state_changes(draw, ctx: PlanContext) -> PlanContext:
    """A later state of the same application: a reply, a new stage, a new decision date."""
    latest = max(iv.starts_at for iv in ctx.interviews)
    comms = []
    if draw(st.booleans()):
        at = latest + timedelta(hours=draw(st.integers(-48, 24 * 20)))
        comms.append(Communication("r", "app", at, Direction.RECEIVED, contact="p1"))
    if draw(st.booleans()):
        at = latest + timedelta(hours=draw(st.integers(1, 24 * 10)))
        comms.append(Communication("s", "app", at, Direction.SENT, contact="p1"))
    stage = draw(st.sampled_from(list(Stage)))
    changed = latest + timedelta(hours=draw(st.integers(1, 24 * 30)))
    app = replace(ctx.application, stage=stage, stage_changed_at=changed)
    if draw(st.booleans()):
        app = replace(
            app, decision_expected_by=latest.date() + timedelta(days=draw(st.integers(0, 20)))
        )
    return replace(ctx, application=app, communications=comms)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(st.data(), contexts(rounds=2))
def test_state_changes_never_delete_and_settle_in_one_run(data, ctx: PlanContext):
    first = plan_application(ctx)
    # The user acts on the first plan: one item done, one snoozed, one moved by hand.
    items = list(first.followups)
    for index, change in enumerate(data.draw(st.lists(st.sampled_from("dsm"), max_size=3))):
        if index >= len(items):
            break
        f = items[index]
        if change == "d":
            items[index] = replace(f, status=S.DONE, done_at=f.due)
        elif change == "s":
            items[index] = replace(f, status=S.SNOOZED, snoozed_until=f.due + timedelta(days=2))
        else:
            items[index] = replace(f, due=f.due + timedelta(days=3), manual=True)
    later = data.draw(state_changes(ctx))
    second = plan_application(replace(later, existing=items))
    before = {f.id: f for f in items}
    after = {f.id: f for f in second.followups}
    assert set(before) <= set(after)  # nothing is ever deleted
    for fid, f in before.items():
        now_f = after[fid]
        if f.status == S.DONE:
            assert now_f == f  # history is never rewritten
        user_kept = f.status in (S.SKIPPED, S.SNOOZED) or f.manual
        if user_kept and now_f.status != S.CANCELLED:
            assert now_f == f  # the user's reschedule or snooze wins
        if now_f.status == S.CANCELLED and f.status != S.CANCELLED:
            # A cancellation changes the status and its reason, nothing else.
            assert replace(now_f, status=f.status, status_reason=f.status_reason) == f
    if later.application.stage in (Stage.REJECTED, Stage.WITHDRAWN, Stage.CLOSED):
        assert all(f.status != S.PLANNED or f.kind == K.REJECTION_REPLY for f in second.followups)
    third = plan_application(replace(later, existing=second.followups))
    assert third.changes == []
    assert third.followups == second.followups


def test_blackout_list_above_is_relative_to_the_interview():
    # Guard for the strategy itself: a blackout on the thank-you day really moves it.
    start = datetime(2026, 11, 17, 15, tzinfo=UTC)  # Tuesday
    ctx = PlanContext(
        Profile(timezone="UTC"),
        Company("co", "Co", blackout_dates=[date(2026, 11, 18)]),
        Application("app", "co", stage=Stage.INTERVIEWING),
        {"p1": Contact("p1", "co", "P")},
        [Interview("iv0", "app", start, interviewers=["p1"])],
        [],
        [],
    )
    thank_you = plan_application(ctx).followups[0]
    assert thank_you.due == datetime(2026, 11, 19, 8, 30, tzinfo=UTC)
