"""What a write did to the plan, in the words the views show (no Qt).

``plan_diff`` compares an application's follow-ups before and after a user action that re-planned
more than once (the notes form saves company, people, application and interview in one
transaction); single re-plans already carry ``PlanResult.changes``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from followup_desktop.core.model import PENDING_STATUSES, FollowUp, FollowUpStatus, Stage
from followup_desktop.core.reasons import PLANNER_CANCEL_PREFIX, summary
from followup_desktop.store import queries, undo, writes
from followup_desktop.store.db import Database
from followup_desktop.ui.common import fmt

Snapshot = dict[str, FollowUp]
#: Takes a write just made (its rows before and after, and its label) to the undo stack
#: (ui/shell/undo_command.recorder makes one from a view).
Record = Callable[[undo.Change, str], None]


def snapshot(db: Database, application_ids: Iterable[str]) -> Snapshot:
    ids = list(application_ids)
    if not ids:
        return {}
    return {f.id: f for f in queries.list_followups(db, applications=ids)}


def plan_diff(before: Snapshot, after: Iterable[FollowUp]) -> list[str]:
    """'2 check-ins cancelled: offer received', '3 follow-ups planned', ... (core/reasons.py)."""
    cancelled: dict[str, list[FollowUp]] = {}
    planned = reopened = moved = updated = 0
    for item in after:
        old = before.get(item.id)
        pending = item.status in PENDING_STATUSES
        if old is None:
            planned += pending
            continue
        was_pending = old.status in PENDING_STATUSES
        if was_pending and item.status == FollowUpStatus.CANCELLED:
            reason = (item.status_reason or "cancelled").removeprefix(PLANNER_CANCEL_PREFIX)
            cancelled.setdefault(reason, []).append(old)
        elif pending and not was_pending and old.status == FollowUpStatus.CANCELLED:
            reopened += 1
        elif pending and was_pending and item.due != old.due:
            moved += 1
        elif pending and item.reason != old.reason:
            updated += 1
    return summary(cancelled, planned=planned, reopened=reopened, moved=moved, updated=updated)


def changes_text(lines: list[str], empty: str = "the plan did not change") -> str:
    return "; ".join(lines) if lines else empty


def change_stage(
    db: Database,
    application_id: str,
    stage: Stage,
    now: datetime,
    *,
    record: Record | None = None,
) -> str:
    """Set the stage (one transaction, re-planned) and say what changed, in one sentence.
    With ``record``, the write is handed to it for Edit > Undo ("move to Offer: Acme — …")."""
    app = queries.get_application(db, application_id)
    if app is None:
        raise LookupError("That application no longer exists; the list was refreshed.")
    if app.stage == stage:
        return f"Already {fmt.words(fmt.STAGE_WORDS, stage).lower()}."
    scope = undo.applications_scope([application_id])
    result, change = undo.recorded(
        db, scope, lambda: writes.set_stage(db, application_id, stage, now)
    )
    company = queries.get_company(db, app.company)
    title = f"{company.name if company else app.company} — {app.role}".rstrip(" —")
    word = fmt.words(fmt.STAGE_WORDS, stage)
    if record is not None:
        record(change, f"move to {word}: {title}")
    return f"{title}: {word}. {sentence_case(changes_text(result.changes))}."


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def pending_lines(items: Iterable[FollowUp], names: dict[str, str], zone_name: str) -> list[str]:
    """'Thank-you to Dana Lee · Mon 23 Nov 08:30 — <reason>' for the pending items."""
    zone = fmt.safe_zone(zone_name)
    out = []
    for f in sorted(items, key=lambda f: (f.due, f.id)):
        if f.status not in PENDING_STATUSES:
            continue
        who = f" to {names[f.contact]}" if f.contact and f.contact in names else ""
        when = fmt.instant_text(f.due, zone, year=True, abbreviation=True)
        out.append(f"{fmt.kind_words(f.kind)}{who} · {when} — {f.reason}")
    return out
