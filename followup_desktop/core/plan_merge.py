"""Folding a freshly computed plan into the follow-ups an application already has.

The planner (core/planner.py) decides what is desired; this decides what becomes of each
existing item, so that re-planning never deletes anything and never moves what the user set.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Protocol

from followup_desktop.core.model import Application, Channel, FollowUp, FollowUpKind
from followup_desktop.core.model import FollowUpStatus as S
from followup_desktop.core.reasons import cancelled_by_planner, planner_cancel_reason, summary


@dataclass
class PlanResult:
    followups: list[FollowUp]
    changes: list[str] = field(default_factory=list)


@dataclass
class PlannedItem:
    """A desired follow-up with its date and reason, before it meets the existing ones."""

    id: str
    kind: FollowUpKind
    contact: str | None
    interview: str | None
    channel: Channel
    due: datetime
    reason: str
    frozen: bool = False  # True: keep an existing item's time as it is (no stage date known)
    zone: str | None = None  # the zone the time belongs to when not the employer's (a note to you)


class _Context(Protocol):
    existing: list[FollowUp]


class PlanRun(Protocol):
    """What the merge needs of a planning run (core/planner.py's ``_Run``)."""

    @property
    def ctx(self) -> _Context: ...  # read-only, so the run's own context type satisfies it

    app: Application
    zone_name: str
    existing: dict[str, FollowUp]

    def cancel_reason(self, f: FollowUp) -> str | None: ...


def utc_key(instant: datetime) -> datetime:
    """Sort key for possibly naive datetimes (naive ones are taken as UTC, for ordering only)."""
    return instant.astimezone(UTC) if instant.tzinfo else instant.replace(tzinfo=UTC)


def _changed(a: FollowUp, b: FollowUp) -> bool:
    fields_ = ("reason", "timezone", "contact", "channel")
    return any(getattr(a, name) != getattr(b, name) for name in fields_)


def merge(run: PlanRun, desired: list[PlannedItem]) -> PlanResult:
    """Fold the desired items into the existing ones (see the module docstring and the brief).

    PLANNED and not manual: updated. Manual, snoozed, done, skipped, user-cancelled: untouched.
    Cancelled by the planner and wanted again: re-opened. Pending and not wanted: cancelled.
    """
    by_id = {item.id: item for item in desired}
    out: list[FollowUp] = []
    cancelled: dict[str, list[FollowUp]] = {}
    moved = updated = reopened = planned = 0
    for f in run.ctx.existing:
        if run.existing.get(f.id) is not f or f.application != run.app.id:
            out.append(f)  # a duplicate id or another application's item: not ours to touch
            continue
        item = by_id.get(f.id)
        if item is None:
            reason = run.cancel_reason(f) if f.status in (S.PLANNED, S.SNOOZED) else None
            if reason is None:
                out.append(f)
            else:
                out.append(
                    replace(f, status=S.CANCELLED, status_reason=planner_cancel_reason(reason))
                )
                cancelled.setdefault(reason, []).append(f)
            continue
        fresh = replace(
            f,
            due=f.due if f.due == item.due else item.due,
            reason=item.reason,
            timezone=item.zone or run.zone_name,
            contact=item.contact,
            channel=item.channel,
        )
        if cancelled_by_planner(f):
            status = S.SNOOZED if f.snoozed_until is not None else S.PLANNED
            base = f if (f.manual or item.frozen) else fresh
            out.append(replace(base, status=status, status_reason=None))
            reopened += 1
        elif f.status == S.PLANNED and not f.manual and not item.frozen:
            out.append(fresh)
            if fresh.due != f.due:
                moved += 1
            elif _changed(fresh, f):
                updated += 1
        else:
            out.append(f)
    known = {f.id for f in run.ctx.existing}
    for item in desired:
        if item.id in known:
            continue
        planned += 1
        out.append(
            FollowUp(
                id=item.id,
                application=run.app.id,
                kind=item.kind,
                due=item.due,
                timezone=item.zone or run.zone_name,
                contact=item.contact,
                interview=item.interview,
                channel=item.channel,
                reason=item.reason,
            )
        )
    changes = summary(cancelled, planned=planned, reopened=reopened, moved=moved, updated=updated)
    out.sort(key=lambda f: (utc_key(f.due), f.id))
    return PlanResult(out, changes)
