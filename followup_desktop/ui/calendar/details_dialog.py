"""An item's details, for the day panel and for the read-only dialogs the calendar opens."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from followup_desktop.core.model import Contact
from followup_desktop.store import queries
from followup_desktop.store.db import Database
from followup_desktop.ui.calendar.rows import INTERVIEW, CalItem, state_line, time_line, title
from followup_desktop.ui.common import fmt


def _e(text: object) -> str:
    return html.escape(str(text))


def _person(contact: Contact) -> str:
    text = f"<b>{_e(contact.name)}</b>"
    if contact.title:
        text += f", {_e(contact.title)}"
    for value in (contact.email, contact.phone):
        if value:
            text += f" · {_e(value)}"
    return text


def item_html(db: Database, item: CalItem) -> str:
    """Title, when (both zones when they differ), state, who, and why."""
    parts = [f"<h3>{_e(title(item))}</h3>", f"<p>{_e(time_line(item))}<br>"]
    parts.append(f"<b>{_e(state_line(item))}</b></p>")
    if item.kind == INTERVIEW:
        parts.append(_interview_part(db, item))
    else:
        parts.append(_followup_part(db, item))
    return "".join(parts)


def _followup_part(db: Database, item: CalItem) -> str:
    followup = queries.get_followup(db, item.record_id)
    if followup is None:
        return "<p><i>This follow-up is no longer in the database.</i></p>"
    parts = [f"<p>{_e(item.company)}" + (f" — {_e(item.role)}" if item.role else "") + "</p>"]
    contact = None
    if followup.contact:  # a follow-up without a contact has no one to show
        contact = queries.contacts_by_id(db, [followup.contact]).get(followup.contact)
    if contact is not None:
        channel = fmt.words(fmt.CHANNEL_WORDS, followup.channel)
        channel = channel if channel == "LinkedIn" else channel.lower()
        parts.append(f"<p>{_person(contact)}<br>by {_e(channel)}</p>")
    if followup.manual and item.pending:
        parts.append(
            "<p><b>Moved by you.</b> This time is kept when the plan is recomputed.<br>"
            f"<span style='color:#4b5563'>Originally planned: {_e(followup.reason)}</span></p>"
        )
    elif followup.reason:
        parts.append(f"<p><b>Why then:</b> {_e(followup.reason)}</p>")
    if followup.status_reason:
        parts.append(f"<p><b>Note:</b> {_e(followup.status_reason)}</p>")
    return "".join(parts)


def _interview_part(db: Database, item: CalItem) -> str:
    interview = queries.get_interview(db, item.record_id)
    if interview is None:
        return "<p><i>This interview is no longer in the database.</i></p>"
    facts = [fmt.words(fmt.FORMAT_WORDS, interview.format) or "Interview"]
    facts.append(f"{item.minutes} min")
    if interview.round:
        facts.append(f"round {interview.round}")
    parts = [f"<p>{_e(' · '.join(facts))}</p>"]
    people = queries.contacts_by_id(db, interview.interviewers)
    if interview.interviewers:
        rows = [_person(people[c]) if c in people else _e(c) for c in interview.interviewers]
        parts.append("<p><b>Interviewers</b><br>" + "<br>".join(rows) + "</p>")
    followups = [
        f
        for f in queries.list_followups(db, applications=[interview.application])
        if f.interview == interview.id
    ]
    if followups:
        user_zone = queries.get_profile(db).timezone
        lines = [
            f"{_e(fmt.kind_words(f.kind))}"
            + (f" to {_e(people[f.contact].name)}" if f.contact in people else "")
            + f": {_e(fmt.both_zones(f.due, f.timezone, user_zone))}"
            + f" ({_e(fmt.words(fmt.STATUS_WORDS, f.status))})"
            for f in followups
        ]
        parts.append("<p><b>Follow-ups planned from it</b><br>" + "<br>".join(lines) + "</p>")
    if interview.notes.next_steps.strip():
        parts.append(f"<p><b>Next steps:</b> {_e(interview.notes.next_steps)}</p>")
    return "".join(parts)


class DetailsDialog(QDialog):
    """A read-only view of one item (the follow-up's draft dialog, when present, replaces it)."""

    def __init__(self, heading: str, body_html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(heading)
        self.setObjectName("calendarDetails")
        self.browser = QTextBrowser()
        self.browser.setHtml(body_html)
        self.browser.setAccessibleName("Details")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(520, 420)
