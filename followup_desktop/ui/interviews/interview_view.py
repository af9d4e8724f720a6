"""Interviews: the list of interviews, and for one of them its notes and planned follow-ups.
Enter (or "Edit notes…") opens the notes form on the selected interview; "New interview…" a
fresh one for the same application."""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.clock import Now
from followup_desktop.core.model import (
    NON_MESSAGE_KINDS,
    NOTE_FIELDS,
    Application,
    Contact,
    FollowUp,
    Interview,
)
from followup_desktop.core.reasons import PLANNER_CANCEL_PREFIX
from followup_desktop.store import queries
from followup_desktop.store.db import Database
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common.view import View, empty_state, heading
from followup_desktop.ui.interview_form.values import NOTE_LABELS

COLUMNS = ("When", "Company", "Role", "Format", "Interviewers")
EMPTY_TEXT = (
    "No interviews yet.\n\n"
    "Just had one? Press Ctrl+N (or New interview… above) and write down how it went, "
    "while it is fresh: who you met, what you talked about, what they said comes next. "
    "The thank-you notes and check-ins are planned from it.\n\n"
    "Interviews also arrive with File › Import… (a Follow-up Desktop .json file) or with an "
    "invitation: File › Import invite (.ics)…."
)
ID_ROLE = Qt.ItemDataRole.UserRole


def _paragraphs(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.strip().splitlines())


class InterviewView(View):
    """A sortable list of interviews beside a read-only panel for the selected one."""

    #: Open the notes form on an interview (its id).
    edit_interview = Signal(str)
    #: A new interview, for an application ("" for none).
    new_interview = Signal(str)

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.edit_button = QPushButton("&Edit notes…")
        self.edit_button.setToolTip("Open the notes form on this interview (Enter).")
        self.new_button = QPushButton("&New interview…")
        self.new_button.setToolTip("Notes of another interview, e.g. the next round (Ctrl+N).")
        self.list = QTreeWidget()
        self.list.setColumnCount(len(COLUMNS))
        self.list.setHeaderLabels(COLUMNS)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName("Interviews")
        self.list.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.list.header().setStretchLastSection(True)
        self.details = QTextBrowser()
        self.details.setObjectName("interviewDetails")
        self.details.setOpenExternalLinks(False)
        self.details.setAccessibleName("Interview details")

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        self.pages = QStackedWidget()
        self.pages.addWidget(splitter)
        self.empty = empty_state(EMPTY_TEXT)
        self.pages.addWidget(self.empty)
        bar = QHBoxLayout()
        bar.addWidget(heading("Interviews"))
        bar.addStretch(1)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)

        self._interviews: dict[str, Interview] = {}
        self._apps: dict[str, Application] = {}
        self._companies: dict[str, str] = {}
        self._company_zone: dict[str, str | None] = {}
        self._contacts: dict[str, Contact] = {}
        self._zone_name = "UTC"
        self.list.currentItemChanged.connect(self._show_current)
        self.list.itemActivated.connect(lambda *_: self._edit())
        self.edit_button.clicked.connect(self._edit)
        self.new_button.clicked.connect(
            lambda: self.new_interview.emit(self.current_application() or "")
        )

    def first_focus(self) -> QWidget:
        return self.list if self._interviews else self.new_button

    def _edit(self) -> None:
        interview = self.current_interview()
        if interview:
            self.edit_interview.emit(interview)

    def current_application(self) -> str | None:
        interview = self._interviews.get(self.current_interview() or "")
        return interview.application if interview else None

    def refresh(self) -> None:
        selected = self.current_interview()
        profile = queries.get_profile(self.db)
        self._zone_name = profile.timezone
        self._apps = {a.id: a for a in queries.list_applications(self.db)}
        companies = queries.list_companies(self.db)
        self._companies = {c.id: c.name for c in companies}
        self._company_zone = {c.id: c.timezone for c in companies}
        self._contacts = queries.contacts_by_id(self.db)
        interviews = queries.list_interviews(self.db)
        self._interviews = {i.id: i for i in interviews}
        self.list.clear()
        for interview in reversed(interviews):  # latest first
            self.list.addTopLevelItem(self._item(interview))
        for column in range(len(COLUMNS) - 1):
            self.list.resizeColumnToContents(column)
        self.pages.setCurrentIndex(0 if interviews else self.pages.indexOf(self.empty))
        self.edit_button.setEnabled(bool(interviews))
        if interviews:
            self.select_interview(selected or interviews[-1].id)

    def _zone_of(self, interview: Interview) -> str:
        app = self._apps.get(interview.application)
        company_zone = self._company_zone.get(app.company) if app else None
        return interview.timezone or company_zone or self._zone_name

    def _item(self, interview: Interview) -> QTreeWidgetItem:
        app = self._apps.get(interview.application)
        local = interview.starts_at.astimezone(fmt.safe_zone(self._zone_of(interview)))
        names = [self._contacts[c].name for c in interview.interviewers if c in self._contacts]
        item = QTreeWidgetItem(
            [
                f"{fmt.day_text(local.date(), year=True)} {fmt.time_text(local)} "
                f"{local.tzname() or ''}".strip(),
                self._companies.get(app.company, app.company) if app else "",
                app.role if app else interview.application,
                fmt.words(fmt.FORMAT_WORDS, interview.format) or "—",
                ", ".join(names) or "—",
            ]
        )
        item.setData(0, ID_ROLE, interview.id)
        item.setToolTip(0, f"{self._zone_of(interview)}")
        return item

    def current_interview(self) -> str | None:
        item = self.list.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def select_interview(self, interview_id: str) -> bool:
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            assert item is not None  # row < topLevelItemCount()
            if item.data(0, ID_ROLE) == interview_id:
                self.list.setCurrentItem(item)
                return True
        return False

    def select_application(self, application_id: str) -> bool:
        """Show the latest interview of an application (the pipeline's double-click)."""
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            assert item is not None  # row < topLevelItemCount()
            interview = self._interviews.get(item.data(0, ID_ROLE))
            if interview and interview.application == application_id:
                self.list.setCurrentItem(item)
                return True
        return False

    def _show_current(self, current: QTreeWidgetItem | None, _previous=None) -> None:
        interview = self._interviews.get(current.data(0, ID_ROLE)) if current else None
        if interview is None:
            self.details.clear()
            return
        followups = [
            f
            for f in queries.list_followups(self.db, applications=[interview.application])
            if f.interview in (interview.id, None)
        ]
        self.details.setHtml(self.details_html(interview, followups))

    def details_html(self, interview: Interview, followups: list[FollowUp]) -> str:
        app = self._apps.get(interview.application)
        company = self._companies.get(app.company, "") if app else ""
        zone = fmt.safe_zone(self._zone_of(interview))
        local = interview.starts_at.astimezone(zone)
        facts = [fmt.words(fmt.FORMAT_WORDS, interview.format) or "Interview"]
        facts.append(
            f"{fmt.long_day_text(local.date())}, {fmt.time_text(local)} "
            f"({fmt.zone_label(self._zone_of(interview))})"
        )
        if interview.duration_minutes:
            facts.append(f"{interview.duration_minutes} min")
        if interview.round:
            facts.append(f"round {interview.round}")
        title = f"{company} — {app.role}" if app else interview.application
        parts = [f"<h2>{html.escape(title)}</h2>", f"<p>{html.escape(' · '.join(facts))}</p>"]
        parts.append("<h3>Interviewers</h3>")
        if interview.interviewers:
            parts.append("<ul>")
            for contact_id in interview.interviewers:
                parts.append(f"<li>{self._person_html(contact_id, interview)}</li>")
            parts.append("</ul>")
        else:
            parts.append("<p><i>No interviewers recorded.</i></p>")
        parts.append("<h3>Notes</h3>")
        notes = interview.notes.as_dict()
        written = [name for name in NOTE_FIELDS if notes[name].strip()]
        for name in written:
            parts.append(f"<p><b>{NOTE_LABELS[name]}</b><br>{_paragraphs(notes[name])}</p>")
        if not written:
            parts.append("<p><i>No notes recorded for this interview yet.</i></p>")
        parts.append("<h3>Follow-ups planned from this interview</h3>")
        parts.append(self._followups_html([f for f in followups if f.interview == interview.id]))
        stage_items = [f for f in followups if f.interview is None]
        if stage_items:  # the rejection or offer reply, and what it replaced
            parts.append("<h3>For the application</h3>")
            parts.append(self._followups_html(stage_items))
        return "\n".join(parts)

    def _person_html(self, contact_id: str, interview: Interview) -> str:
        person = self._contacts.get(contact_id)
        name = html.escape(person.name if person else contact_id)
        text = f"<b>{name}</b>"
        if person and person.title:
            text += f", {html.escape(person.title)}"
        if person and person.email:
            text += f" &lt;{html.escape(person.email)}&gt;"
        said = interview.interviewer_notes.get(contact_id, "").strip()
        if said:
            text += f"<br>{_paragraphs(said)}"
        return text

    def _followups_html(self, followups: list[FollowUp]) -> str:
        if not followups:
            return "<p><i>Nothing planned from this interview.</i></p>"
        zone = fmt.safe_zone(self._zone_name)
        now: datetime = self.now()
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        rows = []
        for item in followups:
            person = self._contacts.get(item.contact) if item.contact else None
            status = fmt.words(fmt.STATUS_WORDS, item.status)
            if item.status in ("planned", "snoozed"):
                badge = fmt.due_badge(item.due, now, zone)
                status = f"{status} ({badge})" if badge else status
            why = item.reason
            if item.status_reason:  # a cancel or skip says why, in place of the plan's reason
                why = item.status_reason.removeprefix(PLANNER_CANCEL_PREFIX)
                why = f"{fmt.words(fmt.STATUS_WORDS, item.status)}: {why}"
            due = fmt.both_zones(item.due, item.timezone, zone, year=True)
            whom = f" to {html.escape(person.name)}" if person else ""
            if item.kind in NON_MESSAGE_KINDS:
                whom = " (a note to you)"
            rows.append(
                "<tr>"
                f"<td><b>{html.escape(fmt.kind_words(item.kind))}</b>{whom}</td>"
                f"<td>{html.escape(due)}</td>"
                f"<td>{html.escape(status)}</td></tr>"
                f"<tr><td colspan='3' style='color:{muted}; padding-bottom:6px'>"
                f"{html.escape(why)}</td></tr>"
            )
        return "<table cellspacing='0' cellpadding='3' width='100%'>" + "".join(rows) + "</table>"
