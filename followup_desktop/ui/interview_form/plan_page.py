"""The page the notes form shows after saving: what changed, and the plan with its reasons."""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from followup_desktop.ui.common import fmt
from followup_desktop.ui.interview_form.save import SaveOutcome
from followup_desktop.ui.pipeline.stage_change import sentence_case


def plan_html(outcome: SaveOutcome, zone_name: str, muted: str, now: datetime) -> str:
    """The saved interview's plan as HTML that follows the palette (``muted``: a colour name)."""
    zone = fmt.safe_zone(zone_name)
    parts = [f"<h2>Saved: {html.escape(outcome.title)}</h2>"]
    if outcome.created:
        parts.append(f"<p>{html.escape(' · '.join(outcome.created))}.</p>")
    changed = "; ".join(outcome.changes) if outcome.changes else "the plan did not change"
    parts.append(f"<p><b>What changed:</b> {html.escape(sentence_case(changed))}.</p>")
    parts.append("<h3>Your follow-ups from here</h3>")
    if not outcome.pending:
        parts.append(
            "<p><i>Nothing is planned: add an interviewer so a thank-you can be planned, "
            "or check the application's stage.</i></p>"
        )
        return "\n".join(parts)
    rows = []
    for item in outcome.pending:
        person = outcome.names.get(item.contact or "", "")
        who = f" to {html.escape(person)}" if person else ""
        when = fmt.instant_text(item.due, zone, year=True, abbreviation=True)
        badge = fmt.due_badge(item.due, now, zone)
        when = f"{when} — {badge}" if badge else when
        rows.append(
            f"<tr><td><b>{html.escape(fmt.kind_words(item.kind))}</b>{who}</td>"
            f"<td align='right'>{html.escape(when)}</td></tr>"
            f"<tr><td colspan='2' style='color:{muted}; padding-bottom:8px'>"
            f"{html.escape(item.reason)}</td></tr>"
        )
    parts.append(
        "<table cellspacing='0' cellpadding='3' width='100%'>" + "".join(rows) + "</table>"
    )
    parts.append(
        f"<p style='color:{muted}'>Times are in {html.escape(_zone_words(zone_name))}. "
        "The calendar shows them too; each thank-you opens as a draft from there.</p>"
    )
    return "\n".join(parts)


def _zone_words(zone_name: str) -> str:
    return "UTC" if zone_name in ("UTC", "Etc/UTC", "") else fmt.zone_label(zone_name)


class PlanPage(QWidget):
    """Read-only result of a save, with Done (leave) and Back (edit more)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QTextBrowser()
        self.text.setObjectName("savedPlan")
        self.text.setAccessibleName("The plan made from this interview")
        self.done_button = QPushButton("&Done")
        self.done_button.setToolTip("Close the form (Enter).")
        self.back_button = QPushButton("&Back to the notes")
        self.back_button.setToolTip("Keep editing this interview.")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.outcome: SaveOutcome | None = None

    def show_outcome(self, outcome: SaveOutcome, zone_name: str, now: datetime) -> None:
        self.outcome = outcome
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        self.text.setHtml(plan_html(outcome, zone_name, muted, now))
