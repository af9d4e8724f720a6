"""shared/scheduling.md as pure functions: an application's state -> its follow-up plan.

``plan_application`` is a pure, idempotent function of a :class:`PlanContext`: it never reads
the clock (``ctx.now`` is "today" for a message still unsent after its day, which spacing counts
from, and the fallback for a missing ``stage_changed_at``), never deletes anything, and
re-planning its own output returns the same items and no changes.

The employer's calendar is the company's country, else the country its zone belongs to
(core/zones.py), else the user's; a skipped holiday of a country not the user's names it.
The move-on review is a note to the user: the employer's business day, at the user's send time
in the user's own zone.

How a plan is made, in order ("plan order", which spacing follows):

1. Unless the application has ended, every interview gets a ``thank_you`` per interviewer
   (earlier rounds' thank-yous stay). Thank-yous are exempt from spacing: they go within a day.
2. Only the latest interview (by ``starts_at``, then id) gets the chasing chain of the preset
   (check-in, second follow-up, move-on review or phone call), unless a reply was received at or
   after its start, or the stage is offer/accepted/declined. The chain goes to the main contact.
   An interview without interviewers still gets a chain when the application has a designated
   contact; with no main contact at all, only the ``move_on_review`` (a reminder to the user) is
   planned, a preset step after the day the unsendable second follow-up would have had.
3. Rejected: one ``rejection_reply``; offer/accepted/declined: one ``offer_reply``; both at
   ``slot_on_or_after(stage day + 1)`` to the main contact, exempt from spacing (time-sensitive).

Existing items are merged by id (core/plan_merge.py). Manual, snoozed, done, skipped and
user-cancelled items keep their times; for the chain, a kept item's actual time (snoozed until,
done at, moved to) anchors the next step and counts for spacing.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from followup_desktop.core.calendar import (
    BusinessCalendar,
    Skip,
    country_name,
    format_day,
    supports_country,
    validate_zone,
)
from followup_desktop.core.model import (
    CHASING_KINDS,
    ENDED_STAGES,
    NON_MESSAGE_KINDS,
    Application,
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
from followup_desktop.core.plan_merge import PlannedItem, merge
from followup_desktop.core.plan_merge import PlanResult as PlanResult  # the planner's answer
from followup_desktop.core.plan_merge import utc_key as _utc
from followup_desktop.core.presets import ROUND_KINDS, STATUS_KINDS, Preset, resolve_preset
from followup_desktop.core.reasons import (
    NOTE_TO_YOU,
    STAGE_CANCEL_REASONS,
    cancelled_by_planner,
    compose,
    days_phrase,
    decision_qualifier,
    noun,
    overdue_counted,
    reply_reason,
    spacing_qualifier,
    step_rule,
    thank_you_reason,
)
from followup_desktop.core.zones import country_for_zone

K = FollowUpKind
S = FollowUpStatus
OFFER_STAGES = frozenset({Stage.OFFER, Stage.ACCEPTED, Stage.DECLINED})


@dataclass
class PlanContext:
    profile: Profile
    company: Company
    application: Application
    contacts: dict[str, Contact]
    interviews: list[Interview]
    communications: list[Communication]
    existing: list[FollowUp]
    now: datetime | None = None  # today for overdue spacing; fallback for stage_changed_at


def employer_country(profile: Profile, company: Company) -> tuple[str | None, str | None]:
    """Whose public holidays the employer keeps: (country, region).

    The company's own country if set; else the country its zone belongs to (tzdata: Europe/Berlin
    -> DE), with the user's region only when that is the user's own zone and country; only a zone
    of no country (UTC, Etc/*) falls back to the profile's country (shared/scheduling.md).
    """
    if company.country:
        return company.country, company.subdivision
    zone = company.timezone or profile.timezone
    country = country_for_zone(zone)
    if country is None:
        return profile.country, profile.subdivision
    if not supports_country(country):
        return None, None  # a country the holidays package does not know: weekends only
    own = zone == profile.timezone and country == (profile.country or "").strip().upper()
    return country, profile.subdivision if own else None


def employer_calendar(profile: Profile, company: Company) -> BusinessCalendar:
    """The employer's calendar: company zone (else the profile's) and employer_country."""
    country, subdivision = employer_country(profile, company)
    return _calendar(
        company.timezone or profile.timezone,
        country,
        subdivision,
        tuple(company.blackout_dates),
        tuple(profile.weekend_days),
        profile.send_time,
    )


def holiday_place(profile: Profile, calendar: BusinessCalendar) -> str | None:
    """The country to name beside a skipped holiday ('Germany'), when it is not the user's."""
    if calendar.country is None or calendar.country == (profile.country or "").strip().upper():
        return None
    return country_name(calendar.country)


@lru_cache(maxsize=1024)
def _calendar(
    zone: str,
    country: str | None,
    subdivision: str | None,
    blackout_dates: tuple[date, ...],
    weekend_days: tuple[int, ...],
    send_time: time,
) -> BusinessCalendar:
    """One calendar per distinct employer setting (it is never changed once made)."""
    return BusinessCalendar(
        zone,
        country,
        subdivision,
        blackout_dates=blackout_dates,
        weekend_days=weekend_days,
        send_time=send_time,
    )


def _latest(interviews: Iterable[Interview]) -> Interview | None:
    return max(interviews, key=lambda iv: (_utc(iv.starts_at), iv.id), default=None)


def main_contact(application: Application, interviews: Iterable[Interview]) -> str | None:
    """The designated contact, else the first interviewer of the latest interview, else None."""
    if application.contact:
        return application.contact
    latest = _latest(interviews)
    if latest is None:
        return None
    return next((c for c in latest.interviewers if c), None)


@dataclass
class _Spec:
    """A desired item before its date is known (ids and kinds are fixed by the state alone)."""

    id: str
    kind: FollowUpKind
    contact: str | None
    interview: Interview | None
    emit: bool = True  # False: computed only to anchor later steps (no contact to write to)
    days: int = 1
    anchor: FollowUpKind | None = None


@dataclass(frozen=True)
class _Sent:
    day: date
    what: str  # "thank-you to Dana Lee", "message sent to Dana Lee on 2 Dec"
    overdue: bool = False  # an unsent message counted from today, not from a day of its own


class _Run:
    """One planning run over one context (internal; the public API is plan_application)."""

    def __init__(self, ctx: PlanContext) -> None:
        self.ctx = ctx
        self.app = ctx.application
        self.cal = employer_calendar(ctx.profile, ctx.company)
        self.zone_name = self.cal.zone_name
        self.place = holiday_place(ctx.profile, self.cal)  # named beside skipped holidays
        #: The user's own calendar: a note to the user (move-on review) falls in their morning.
        self.home = _calendar(
            ctx.profile.timezone or self.zone_name, None, None, (), (0,), ctx.profile.send_time
        )
        #: Today in the employer zone: an overdue unsent message counts for spacing from today.
        self.today = self.cal.local_date(_utc(ctx.now)) if ctx.now is not None else None
        self.preset: Preset = resolve_preset(ctx.profile.cadence, ctx.profile.offsets)
        self.spacing = max(1, ctx.profile.min_spacing_days) if self.preset.spaced else 1
        self.interviews = sorted(ctx.interviews, key=lambda iv: (self.start(iv), iv.id))
        self.latest = self.interviews[-1] if self.interviews else None
        self.main = main_contact(self.app, self.interviews[-1:])
        self.existing: dict[str, FollowUp] = {}
        for f in ctx.existing:
            self.existing.setdefault(f.id, f)
        self.reply = self._first_reply()
        self.sent: dict[str, list[_Sent]] | None = None  # set by desired()

    # --- small helpers ----------------------------------------------------------------------

    def aware(self, instant: datetime, zone: str | None = None) -> datetime:
        """A naive datetime is taken as wall time in ``zone`` (or the employer zone)."""
        if instant.tzinfo is not None and instant.utcoffset() is not None:
            return instant
        tz: ZoneInfo = self.cal.zone
        if zone:
            with contextlib.suppress(ValueError):
                tz = validate_zone(zone)
        return instant.replace(tzinfo=tz)

    def day_of(self, instant: datetime, zone: str | None = None) -> date:
        return self.cal.local_date(self.aware(instant, zone))

    def start(self, iv: Interview) -> datetime:
        """The interview's start as an aware UTC instant."""
        return _utc(self.aware(iv.starts_at, iv.timezone))

    def interview_day(self, iv: Interview) -> date:
        return self.day_of(iv.starts_at, iv.timezone)

    def name(self, contact_id: str | None) -> str:
        contact = self.ctx.contacts.get(contact_id or "")
        return (contact.name if contact and contact.name else contact_id) or "the employer"

    def channel(self, kind: FollowUpKind, contact_id: str | None) -> Channel:
        if kind == K.PHONE_CALL:
            return Channel.PHONE
        if kind in NON_MESSAGE_KINDS:
            return Channel.OTHER
        contact = self.ctx.contacts.get(contact_id or "")
        if contact and not contact.email and contact.linkedin:
            return Channel.LINKEDIN
        return Channel.EMAIL

    def has_phone(self, contact_id: str | None) -> bool:
        contact = self.ctx.contacts.get(contact_id or "")
        return bool(contact and contact.phone and contact.phone.strip())

    def _first_reply(self) -> Communication | None:
        if self.latest is None:
            return None
        start = self.start(self.latest)
        replies = [
            c
            for c in self.ctx.communications
            if c.direction == Direction.RECEIVED and _utc(self.aware(c.at)) >= start
        ]
        return min(replies, key=lambda c: (_utc(self.aware(c.at)), c.id), default=None)

    def stage_day(self) -> date | None:
        """The employer-local day the stage changed (``ctx.now`` as fallback), or None."""
        changed = self.app.stage_changed_at or self.ctx.now
        return None if changed is None else self.day_of(changed)

    # --- what is desired --------------------------------------------------------------------

    def specs(self) -> list[_Spec]:
        """Every item the state calls for, in plan order, without dates yet."""
        stage = self.app.stage
        specs: list[_Spec] = []
        if stage not in ENDED_STAGES:
            for iv in self.interviews:
                for cid in dict.fromkeys(c for c in iv.interviewers if c):
                    specs.append(_Spec(f"{iv.id}/{K.THANK_YOU}/{cid}", K.THANK_YOU, cid, iv))
        chase = stage not in ENDED_STAGES and stage not in OFFER_STAGES and self.reply is None
        if chase and self.latest is not None:
            iv, contact = self.latest, self.main
            for step in self.preset.steps:
                if step.kind in NON_MESSAGE_KINDS:
                    sid, emit = f"{iv.id}/{step.kind}", True
                else:
                    sid, emit = f"{iv.id}/{step.kind}/{contact}", contact is not None
                    if step.kind == K.PHONE_CALL:
                        emit = emit and not self.app.no_phone_calls and self.has_phone(contact)
                specs.append(_Spec(sid, step.kind, contact, iv, emit, step.days, step.anchor))
        if stage == Stage.REJECTED:
            specs.append(
                _Spec(f"{self.app.id}/{K.REJECTION_REPLY}", K.REJECTION_REPLY, self.main, None)
            )
        elif stage in OFFER_STAGES:
            specs.append(_Spec(f"{self.app.id}/{K.OFFER_REPLY}", K.OFFER_REPLY, self.main, None))
        return specs

    def history(self, desired_ids: set[str]) -> dict[str, list[_Sent]]:
        """Messages already sent to each contact since the latest interview began."""
        sent: dict[str, list[_Sent]] = defaultdict(list)
        if self.latest is None:
            return sent
        start = self.start(self.latest)
        for c in self.ctx.communications:
            if c.direction == Direction.SENT and c.contact and _utc(self.aware(c.at)) >= start:
                day = self.day_of(c.at)
                sent[c.contact].append(
                    _Sent(day, f"message sent to {self.name(c.contact)} on {format_day(day)}")
                )
        for f in self.existing.values():
            if f.status != S.DONE or not f.contact or f.id in desired_ids:
                continue
            if f.kind in NON_MESSAGE_KINDS:
                continue
            at = f.done_at or f.due
            if _utc(self.aware(at)) >= start:
                day = self.day_of(at)
                what = f"{noun(f.kind)} sent to {self.name(f.contact)} on {format_day(day)}"
                sent[f.contact].append(_Sent(day, what))
        return sent

    def effective_day(self, item_id: str, computed: date) -> date | None:
        """The day an item really goes out, given what the user did to it; None if it won't."""
        ex = self.existing.get(item_id)
        if ex is None:
            return computed
        if ex.status == S.DONE:
            return self.day_of(ex.done_at or ex.due)
        if ex.status == S.SKIPPED or (ex.status == S.CANCELLED and not cancelled_by_planner(ex)):
            return None
        if ex.snoozed_until is not None and (ex.status == S.SNOOZED or cancelled_by_planner(ex)):
            return self.day_of(ex.snoozed_until)
        if ex.status == S.SNOOZED or ex.manual:
            return self.day_of(ex.due)
        return computed

    def desired(self) -> list[PlannedItem]:
        """The dated items of the plan, in plan order."""
        specs = self.specs()
        desired_ids = {s.id for s in specs if s.emit}
        sent = self.history(desired_ids)
        self.sent = sent  # the stage replies (planned last) keep off days already used
        decision = self.app.decision_expected_by
        anchors: dict[FollowUpKind, date] = {}
        items: list[PlannedItem] = []
        for spec in specs:
            qualifiers: list[str] = []
            if spec.kind == K.THANK_YOU:
                assert spec.interview is not None
                iv_day = self.interview_day(spec.interview)
                slot, skips = self.cal.slot_on_or_after(
                    iv_day + timedelta(self.preset.thank_you_days)
                )
                reason = thank_you_reason(
                    self.preset.thank_you_days, iv_day, slot, self.zone_name, skips, self.place
                )
            elif spec.kind in (K.REJECTION_REPLY, K.OFFER_REPLY):
                item = self.stage_reply(spec)
                if item is not None:
                    items.append(item)
                continue
            else:
                assert spec.interview is not None
                start = self.interview_day(spec.interview)
                base = anchors.get(spec.anchor, start) if spec.anchor else start
                rule_day = base + timedelta(spec.days)
                if spec.kind in STATUS_KINDS and decision and decision + timedelta(1) > rule_day:
                    rule_day = decision + timedelta(1)
                    qualifiers.append(decision_qualifier(decision))
                slot, skips = self.cal.slot_on_or_after(rule_day)
                if spec.emit and spec.contact and spec.kind not in NON_MESSAGE_KINDS:
                    slot, skips = self.spaced(spec.contact, slot, skips, sent, qualifiers)
                rule = step_rule(spec.kind, spec.days, spec.anchor)
                if spec.kind == K.MOVE_ON_REVIEW and spec.contact is None:
                    rule = (
                        f"{NOTE_TO_YOU}: time to decide whether to move on, "
                        f"{days_phrase(spec.days)} after the "
                        f"{noun(spec.anchor or K.SECOND_FOLLOW_UP)} would have been due "
                        "(no contact to follow up with)"
                    )
                if spec.kind == K.MOVE_ON_REVIEW:
                    slot = self.home.slot(slot.date())  # the business day, at the user's morning
                    reason = compose(
                        rule,
                        qualifiers,
                        slot,
                        self.home.zone_name,
                        skips,
                        place=self.place,
                        yours=True,
                    )
                else:
                    reason = compose(
                        rule, qualifiers, slot, self.zone_name, skips, place=self.place
                    )
            computed = slot.date()
            actual = self.effective_day(spec.id, computed) if spec.emit else None
            anchors[spec.kind] = actual or computed
            if not spec.emit:
                continue
            if actual is not None and spec.contact and spec.kind not in NON_MESSAGE_KINDS:
                sent[spec.contact].append(self.counted(spec, actual))
            items.append(
                PlannedItem(
                    spec.id,
                    spec.kind,
                    spec.contact,
                    spec.interview.id if spec.interview else None,
                    self.channel(spec.kind, spec.contact),
                    slot,
                    reason,
                    zone=self.home.zone_name if spec.kind == K.MOVE_ON_REVIEW else None,
                )
            )
        return items

    def counted(self, spec: _Spec, day: date) -> _Sent:
        """The day a message counts from for spacing: the real send, or today while overdue."""
        ex = self.existing.get(spec.id)
        done = ex is not None and ex.status == S.DONE
        who = self.name(spec.contact)
        if not done and self.today is not None and day < self.today:
            return _Sent(self.today, overdue_counted(spec.kind, who), overdue=True)
        if done:
            return _Sent(day, f"{noun(spec.kind)} sent to {who} on {format_day(day)}")
        return _Sent(day, f"{noun(spec.kind)} to {who}")

    def spaced(
        self,
        contact: str,
        slot: datetime,
        skips: list[Skip],
        sent: dict[str, list[_Sent]],
        qualifiers: list[str],
        *,
        spacing: int | None = None,
    ) -> tuple[datetime, list[Skip]]:
        """Move a message to keep ``spacing`` (the preset's) days after the previous one."""
        gap = self.spacing if spacing is None else spacing
        previous = max(sent.get(contact, ()), key=lambda s: s.day, default=None)
        if previous is None or slot.date() >= previous.day + timedelta(gap):
            return slot, skips
        qualifiers.append(spacing_qualifier(gap, previous.what))
        return self.cal.slot_on_or_after(previous.day + timedelta(gap))

    def stage_reply(self, spec: _Spec) -> PlannedItem | None:
        """The rejection/offer reply, a day after the stage changed (employer-local)."""
        channel = self.channel(spec.kind, spec.contact)
        ex = self.existing.get(spec.id)
        if self.app.stage_changed_at is None and ex is not None:
            # No recorded stage date: keep the item where an earlier run (or the user) put it,
            # so that re-planning later does not drift it with the clock.
            return PlannedItem(
                spec.id, spec.kind, spec.contact, None, channel, ex.due, ex.reason, True
            )
        changed = self.stage_day()
        if changed is None:
            return None
        slot, skips = self.cal.slot_on_or_after(changed + timedelta(1))
        reason = reply_reason(self.app.stage, changed, slot, self.zone_name, skips, self.place)
        if spec.contact and self.sent is not None:  # never two messages to one person a day
            # (against the days messages have, not "today" for an overdue one: no daily drift)
            days = {spec.contact: [s for s in self.sent.get(spec.contact, ()) if not s.overdue]}
            qualifiers: list[str] = []
            slot, more = self.spaced(spec.contact, slot, [], days, qualifiers, spacing=1)
            if qualifiers:
                rule = reason.split(", so ", 1)[0]
                reason = compose(
                    rule, qualifiers, slot, self.zone_name, [*skips, *more], place=self.place
                )
        return PlannedItem(spec.id, spec.kind, spec.contact, None, channel, slot, reason)

    # --- why an existing item is no longer wanted -------------------------------------------

    def owned(self, f: FollowUp) -> bool:
        """True for ids this planner makes (so it may cancel them when they are not desired)."""
        if f.id in (f"{self.app.id}/{K.REJECTION_REPLY}", f"{self.app.id}/{K.OFFER_REPLY}"):
            return True
        return bool(f.interview) and f.id.startswith(f"{f.interview}/") and f.kind in ROUND_KINDS

    def cancel_reason(self, f: FollowUp) -> str | None:
        """Why a pending item not in the plan is cancelled; None leaves it alone."""
        stage = self.app.stage
        if stage in ENDED_STAGES:
            return STAGE_CANCEL_REASONS[stage]
        if not self.owned(f):
            return None
        if f.kind == K.REJECTION_REPLY:
            return "Application no longer rejected"
        if f.kind == K.OFFER_REPLY:
            return "Application no longer at the offer stage"
        if stage in OFFER_STAGES and f.kind in CHASING_KINDS:
            return STAGE_CANCEL_REASONS[stage]
        iv = next((i for i in self.interviews if i.id == f.interview), None)
        if iv is None or self.latest is None:
            return "Interview no longer on record"
        if f.kind == K.THANK_YOU:
            when = format_day(self.interview_day(iv), year=True)
            return f"No longer an interviewer: {self.name(f.contact)} (interview on {when})"
        if iv.id != self.latest.id:
            when = format_day(self.interview_day(self.latest), year=True)
            return f"Superseded by the interview on {when}"
        if self.reply is not None:
            when = format_day(self.day_of(self.reply.at), year=True)
            who = f" from {self.name(self.reply.contact)}" if self.reply.contact else ""
            return f"Reply received{who} on {when}"
        if f.kind not in self.preset.kinds:
            return f"Not part of the {self.preset.label} plan"
        if f.kind == K.PHONE_CALL and self.app.no_phone_calls:
            return "No phone calls for this application"
        if self.main is None:
            return "No contact to follow up with"
        if f.kind == K.PHONE_CALL and f.contact == self.main:
            return f"No phone number for {self.name(self.main)}"
        if f.contact != self.main and f.kind not in NON_MESSAGE_KINDS:
            return f"Main contact is now {self.name(self.main)}"
        return "No longer part of the plan"


def plan_application(ctx: PlanContext) -> PlanResult:
    """The complete new state of the application's follow-ups, and what changed (pure)."""
    run = _Run(ctx)
    return merge(run, run.desired())
