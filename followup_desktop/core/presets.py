"""The cadence presets of shared/scheduling.md as data, plus the user's per-kind day offsets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from followup_desktop.core.model import Cadence, FollowUpKind

K = FollowUpKind

#: Kinds that ask the employer for news: never due before the stated decision date has passed.
STATUS_KINDS = frozenset({K.CHECK_IN, K.SECOND_FOLLOW_UP, K.PHONE_CALL})
#: Kinds planned per interview round (ids "<interview id>/<kind>/<contact id>").
ROUND_KINDS = frozenset(
    {K.THANK_YOU, K.CHECK_IN, K.SECOND_FOLLOW_UP, K.PHONE_CALL, K.MOVE_ON_REVIEW}
)
#: Keys accepted in ``Profile.offsets``.
OFFSET_KEYS = frozenset(k.value for k in ROUND_KINDS)


@dataclass(frozen=True)
class Step:
    """One chasing step: ``days`` after the day of ``anchor`` (None: the interview day)."""

    kind: FollowUpKind
    days: int
    anchor: FollowUpKind | None = None


@dataclass(frozen=True)
class Preset:
    cadence: Cadence
    label: str
    thank_you_days: int
    steps: tuple[Step, ...]
    #: False for the 72-hour timeline: no minimum spacing, only "never the same day".
    spaced: bool = True

    @property
    def kinds(self) -> frozenset[FollowUpKind]:
        return frozenset({K.THANK_YOU, *(s.kind for s in self.steps)})

    def step(self, kind: FollowUpKind) -> Step | None:
        return next((s for s in self.steps if s.kind == kind), None)


PRESETS: dict[Cadence, Preset] = {
    Cadence.STANDARD: Preset(
        Cadence.STANDARD,
        "Standard",
        1,
        (
            Step(K.CHECK_IN, 7),
            Step(K.SECOND_FOLLOW_UP, 7, K.CHECK_IN),
            Step(K.MOVE_ON_REVIEW, 7, K.SECOND_FOLLOW_UP),
        ),
    ),
    Cadence.SEVENTY_TWO_HOUR: Preset(
        Cadence.SEVENTY_TWO_HOUR,
        "72-hour timeline",
        1,
        (Step(K.CHECK_IN, 2), Step(K.SECOND_FOLLOW_UP, 5), Step(K.PHONE_CALL, 10)),
        spaced=False,
    ),
    Cadence.PATIENT: Preset(
        Cadence.PATIENT,
        "Patient",
        1,
        (
            Step(K.CHECK_IN, 10),
            Step(K.SECOND_FOLLOW_UP, 7, K.CHECK_IN),
            Step(K.MOVE_ON_REVIEW, 14, K.SECOND_FOLLOW_UP),
        ),
    ),
}


def clean_offsets(offsets: Mapping[str, object] | None) -> dict[FollowUpKind, int]:
    """The usable per-kind overrides: known kind names with whole numbers, at least 1 day.

    Unknown keys and non-integers are ignored; 0 or less becomes 1, because a follow-up on the
    day of its anchor would go out before (or right after) the thing it follows.
    """
    result: dict[FollowUpKind, int] = {}
    for key, value in (offsets or {}).items():
        if key not in OFFSET_KEYS or isinstance(value, bool) or not isinstance(value, int):
            continue
        result[FollowUpKind(key)] = max(1, value)
    return result


def resolve_preset(cadence: Cadence | str, offsets: Mapping[str, object] | None = None) -> Preset:
    """The preset of ``cadence`` with the profile's per-kind day offsets applied.

    Offsets change only the number of days; each step keeps its preset anchor (the standard
    second follow-up still counts from the check-in). A kind the preset lacks is not added.
    """
    try:
        preset = PRESETS[Cadence(cadence)]
    except ValueError:
        preset = PRESETS[Cadence.STANDARD]
    overrides = clean_offsets(offsets)
    if not overrides:
        return preset
    steps = tuple(replace(s, days=overrides.get(s.kind, s.days)) for s in preset.steps)
    return replace(
        preset,
        thank_you_days=overrides.get(K.THANK_YOU, preset.thank_you_days),
        steps=steps,
    )
