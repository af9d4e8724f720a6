"""The sentences the planner writes: why an item is due then, why it was cancelled, what changed.

Everything here is deterministic and locale-independent (month and weekday names are spelled
out in code), so the same state always yields the same words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from followup_desktop.core.calendar import (
    BLACKOUT_WHY,
    WEEKDAY_NAMES,
    Skip,
    format_day,
    zone_city,
)
from followup_desktop.core.model import FollowUp, FollowUpKind, FollowUpStatus, Stage

K = FollowUpKind

#: Prefix of ``FollowUp.status_reason`` when the planner (not the user) cancelled an item.
#: Only such items are re-opened when the cause goes away; a user's cancel or skip stays.
PLANNER_CANCEL_PREFIX = "Auto-cancelled: "

#: How a reminder to the user (not a message to the employer) introduces itself.
NOTE_TO_YOU = "A note to you"

#: Keyed by kind; a plain str kind (FollowUpKind is a StrEnum) finds the same entry.
KIND_NOUNS: dict[str, tuple[str, str]] = {
    K.THANK_YOU: ("thank-you", "thank-yous"),
    K.CHECK_IN: ("check-in", "check-ins"),
    K.SECOND_FOLLOW_UP: ("second follow-up", "second follow-ups"),
    K.PHONE_CALL: ("phone call", "phone calls"),
    K.MOVE_ON_REVIEW: ("move-on review", "move-on reviews"),
    K.STAY_IN_TOUCH: ("stay-in-touch note", "stay-in-touch notes"),
    K.REJECTION_REPLY: ("rejection reply", "rejection replies"),
    K.OFFER_REPLY: ("offer reply", "offer replies"),
}

STAGE_CANCEL_REASONS: dict[Stage, str] = {
    Stage.REJECTED: "Application rejected",
    Stage.WITHDRAWN: "Application withdrawn",
    Stage.CLOSED: "Application closed",
    Stage.OFFER: "Offer received",
    Stage.ACCEPTED: "Offer accepted",
    Stage.DECLINED: "Offer declined",
}


def cancelled_by_planner(item: FollowUp) -> bool:
    """True for an item the planner cancelled (and may therefore re-open)."""
    return item.status == FollowUpStatus.CANCELLED and (item.status_reason or "").startswith(
        PLANNER_CANCEL_PREFIX
    )


def planner_cancel_reason(reason: str) -> str:
    return PLANNER_CANCEL_PREFIX + reason


def noun(kind: str, count: int = 1) -> str:
    singular, plural = KIND_NOUNS.get(kind, ("follow-up", "follow-ups"))
    return singular if count == 1 else plural


def item_label(kind: str, contact: str | None, company: str) -> str:
    """'Thank-you to Dana Lee' / 'Move-on review: Acme Corp' (how a reminder names an item)."""
    what = noun(kind)
    what = what[:1].upper() + what[1:]
    return f"{what} to {contact}" if contact else f"{what}: {company}"


def days_phrase(days: int) -> str:
    """7 -> 'a week', 14 -> '2 weeks', 1 -> 'a day', 10 -> '10 days'."""
    if days == 1:
        return "a day"
    if days == 7:
        return "a week"
    if days % 7 == 0:
        return f"{days // 7} weeks"
    return f"{days} days"


def slot_phrase(slot: datetime, zone_name: str, *, yours: bool = False) -> str:
    """'Monday 30 Nov 08:30 New York time' ('... 08:30 your time' for a note to the user)."""
    day = slot.date()
    whose = "your" if yours else zone_city(zone_name)
    return f"{WEEKDAY_NAMES[day.weekday()]} {format_day(day)} {slot:%H:%M} {whose} time"


_THE = frozenset({"Bahamas", "Gambia", "Maldives", "Netherlands", "Philippines", "Seychelles"})


def place_phrase(country: str) -> str:
    """'Germany', 'the United Kingdom', 'the Faroe Islands': a country as a sentence names it."""
    needs_the = (
        country in _THE
        or country.startswith("United ")
        or country.endswith(("Islands", "Republic", "Emirates"))
    )
    return f"the {country}" if needs_the else country


def _is_holiday(skip: Skip) -> bool:
    return skip.why != BLACKOUT_WHY and skip.why not in WEEKDAY_NAMES


def skips_phrase(skips: Sequence[Skip], place: str | None = None) -> str:
    """' (Saturday, Sunday skipped)', ' (company event on 3 Dec skipped)' or ''.

    With ``place`` (the employer's country, when it is not the user's), a skipped public
    holiday says whose it is: ' (Day of German Unity skipped, a public holiday in Germany)'.
    """
    if not skips:
        return ""
    parts = [
        f"{BLACKOUT_WHY} on {format_day(s.day)}" if s.why == BLACKOUT_WHY else s.why for s in skips
    ]
    holidays = sum(1 for s in skips if _is_holiday(s))
    whose = ""
    if place and holidays:
        what = "a public holiday" if holidays == 1 else "public holidays"
        whose = f", {what} in {place_phrase(place)}"
    return f" ({', '.join(parts)} skipped{whose})"


def step_rule(kind: FollowUpKind, days: int, anchor: FollowUpKind | None) -> str:
    """The rule half of a reason: 'Check-in a week after the interview'."""
    after = "the interview" if anchor is None else f"the {noun(anchor)}"
    span = days_phrase(days)
    if kind == K.THANK_YOU:
        return "Thank-you within a day" if days == 1 else f"Thank-you {span} after the interview"
    if kind == K.MOVE_ON_REVIEW:
        return f"{NOTE_TO_YOU}: time to decide whether to move on, {span} after {after}"
    name = noun(kind)
    return f"{name[0].upper()}{name[1:]} {span} after {after}"


def compose(
    rule: str,
    qualifiers: Iterable[str],
    slot: datetime,
    zone: str,
    skips: Sequence[Skip],
    *,
    place: str | None = None,
    yours: bool = False,
) -> str:
    """'<rule>, <qualifier>, ..., so <slot> (<skips> skipped)'."""
    head = ", ".join([rule, *qualifiers])
    return f"{head}, so {slot_phrase(slot, zone, yours=yours)}{skips_phrase(skips, place)}"


def thank_you_reason(
    days: int,
    interview_day: date,
    slot: datetime,
    zone: str,
    skips: Sequence[Skip],
    place: str | None = None,
) -> str:
    """'Thank-you within a day; Friday interview, so Monday 30 Nov 08:30 New York time (...)'."""
    rule = (
        f"{step_rule(K.THANK_YOU, days, None)}; {WEEKDAY_NAMES[interview_day.weekday()]} interview"
    )
    return compose(rule, (), slot, zone, skips, place=place)


def decision_qualifier(decision: date) -> str:
    return f"after the stated decision date {format_day(decision)}"


def overdue_counted(kind: str, contact: str) -> str:
    """What spacing counts from for a message still unsent after its day: today."""
    return f"{noun(kind)} to {contact}, overdue and counted from today"


def spacing_qualifier(spacing: int, previous: str) -> str:
    if spacing <= 1:
        return f"moved to a later day than the {previous}"
    return f"moved to keep {spacing} days after the {previous}"


def reply_reason(
    stage: Stage,
    changed: date,
    slot: datetime,
    zone: str,
    skips: Sequence[Skip],
    place: str | None = None,
) -> str:
    when = format_day(changed)
    rules = {
        Stage.REJECTED: (
            f"Gracious reply within a day to the rejection of {when}, asking for feedback"
        ),
        Stage.ACCEPTED: f"Confirm in writing the acceptance of {when}",
        Stage.DECLINED: f"Decline the offer in writing ({when}), keeping the relationship",
    }
    default = f"Answer the offer of {when} within a day: accept, negotiate or decline in writing"
    rule = rules.get(stage, default)
    return compose(rule, (), slot, zone, skips, place=place)


def cancel_line(reason: str, items: Sequence[FollowUp]) -> str:
    """'2 check-ins cancelled: offer received'."""
    kinds = {f.kind for f in items}
    count = len(items)
    if len(kinds) == 1:
        what = noun(next(iter(kinds)), count)
    else:
        what = "follow-up" if count == 1 else "follow-ups"
    text = reason[:1].lower() + reason[1:] if reason[1:2].islower() else reason
    return f"{count} {what} cancelled: {text}"


def count_line(count: int, verb: str) -> str:
    """'3 follow-ups planned', '1 follow-up moved'."""
    return f"{count} follow-up{'' if count == 1 else 's'} {verb}"


def summary(
    cancelled: Mapping[str, Sequence[FollowUp]],
    *,
    planned: int,
    reopened: int,
    moved: int,
    updated: int,
) -> list[str]:
    """The short lines of ``PlanResult.changes``: cancellations by reason, then the counts."""
    lines = [cancel_line(reason, items) for reason, items in cancelled.items()]
    counts = (("planned", planned), ("re-opened", reopened), ("moved", moved), ("updated", updated))
    lines.extend(count_line(count, verb) for verb, count in counts if count)
    return lines
