"""Import invite: a meeting invitation (.ics) becomes an interview, after the user confirms.

The dialog shows what was read (title, sender, time in the sender's zone and the user's), asks
which application it belongs to (guessed from the organizer's address), lets the user correct the
time, length and format, and pick who interviewed (matched to contacts by e-mail; the others
become new contacts). Saving plans the interview's follow-ups like the interview form does.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.clock import Now
from followup_desktop.core.ics_import import Invite, parse_invite, same_rules
from followup_desktop.core.model import InterviewFormat
from followup_desktop.store import invites, queries
from followup_desktop.store.db import Database
from followup_desktop.ui.calendar.item_actions import localize
from followup_desktop.ui.calendar.rows import zone_city
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common.view import sentence
from followup_desktop.ui.common.when_row import WhenRow

MATCH_ROLE = Qt.ItemDataRole.UserRole


class InviteDialog(QDialog):
    def __init__(
        self, db: Database, now: Now, invite: Invite, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import interview invitation")
        self.setObjectName("inviteDialog")
        self.db, self.now, self.invite = db, now, invite
        self.result_text: str | None = None
        self.profile_zone = queries.get_profile(db).timezone
        self.apps = queries.list_applications(db)
        self.companies = {c.id: c for c in queries.list_companies(db)}
        self.guess = invites.guess_application(db, invite)
        self.matches = invites.match_people(db, invite)
        self._build()
        self._fill()

    # --- construction -----------------------------------------------------------------------

    def _build(self) -> None:
        invite = self.invite
        title = QLabel(f"<b>{_e(invite.summary)}</b>")
        title.setWordWrap(True)
        title.setObjectName("inviteTitle")
        sender = invite.organizer
        who = (
            f"{sender.name} <{sender.email}>"
            if sender and sender.name
            else (sender.email if sender else "an unknown sender")
        )
        origin = QLabel(_e(f"From {who} · {invite.source} invitation"))
        origin.setObjectName("hint")
        origin.setWordWrap(True)

        self.application = QComboBox()
        self.application.setAccessibleName("Application")
        self.guess_label = QLabel(self.guess.why)
        self.guess_label.setObjectName("hint")
        self.guess_label.setWordWrap(True)
        when = self.when = WhenRow(time_name="Start time", zone_name="Time zone of the start")
        self.date, self.time, self.zone = when.date, when.time, when.zone
        self.preview = QLabel()
        self.preview.setObjectName("invitePreview")
        self.preview.setWordWrap(True)
        self.length = QSpinBox()
        self.length.setRange(0, 24 * 60)
        self.length.setSingleStep(15)
        self.length.setSuffix(" min")
        self.length.setSpecialValueText("not given")
        self.length.setAccessibleName("Length in minutes")
        self.length.setMaximumWidth(self.fontMetrics().horizontalAdvance("not given") + 60)
        self.format = QComboBox()
        self.format.setAccessibleName("Format")
        self.format.addItem("—", None)
        for value in InterviewFormat:
            self.format.addItem(fmt.words(fmt.FORMAT_WORDS, value), value)
        self.people = QListWidget()
        self.people.setAccessibleName("Interviewers")
        self.people.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.people.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.people.setMaximumHeight(7 * self.fontMetrics().height() + 12)
        self.people.setToolTip("Untick anyone who is not an interviewer (e.g. a coordinator).")
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # it quotes what was typed
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        application = QLabel("&Application")
        application.setBuddy(self.application)
        form.addRow(application, _stacked(self.application, self.guess_label))
        starts = QLabel("&Starts")
        starts.setBuddy(self.date)
        form.addRow(starts, _stacked(when, self.preview))
        form.addRow("&Length", self.length)
        form.addRow("&Format", self.format)
        form.addRow("&Interviewers", self.people)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(origin)
        for note in invite.notes:
            label = QLabel(_e(note))
            label.setObjectName("hint")
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(640, self.sizeHint().height())

    def _fill(self) -> None:
        invite = self.invite
        for app in sorted(self.apps, key=lambda a: (self._company_name(a.company), a.role)):
            stage = fmt.words(fmt.STAGE_WORDS, app.stage)
            self.application.addItem(
                f"{self._company_name(app.company)} — {app.role or app.id} ({stage})", app.id
            )
        if self.guess.application:
            self.application.setCurrentIndex(self.application.findData(self.guess.application))
        else:
            self.application.insertItem(0, "Choose the application…", None)
            self.application.setCurrentIndex(0)
        self._shown_zone = None
        self._fill_zones()
        wall = invite.start
        if invite.start.tzinfo is not None:
            wall = invite.start.astimezone(fmt.safe_zone(self.zone.currentData()))
        self.when.set_wall(wall)
        self.length.setValue(invite.duration_minutes or 0)
        suggested = invite.suggested_format()
        self.format.setCurrentIndex(max(self.format.findData(suggested), 0))
        for match in self.matches:
            person = match.person
            label = f"{person.name or person.email} <{person.email}>"
            if person.organizer:
                label += " · organizer"
            if match.contact is None:
                label += " · new contact"
            elif match.contact.name != person.name:
                label += f" · your contact {match.contact.name}"
            else:
                label += " · your contact"
            row = QListWidgetItem(label)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked)
            row.setData(MATCH_ROLE, self.matches.index(match))
            self.people.addItem(row)
        self.application.currentIndexChanged.connect(self._application_changed)
        self.zone.currentIndexChanged.connect(self._zone_changed)
        for signal in (self.date.dateChanged, self.time.timeChanged):
            signal.connect(self._update)
        self._update()

    def _company_name(self, company_id: str) -> str:
        company = self.companies.get(company_id)
        return company.name if company else company_id

    def _company_zone(self) -> str | None:
        app = next((a for a in self.apps if a.id == self.application.currentData()), None)
        company = self.companies.get(app.company) if app else None
        return company.timezone if company else None

    def _fill_zones(self) -> None:
        """Invite zone, company zone, the user's zone and UTC; the likeliest one chosen."""
        company, invite_zone = self._company_zone(), self.invite.zone
        year = self.invite.start.year
        if invite_zone and company and same_rules(invite_zone, company, year):
            invite_zone = company  # e.g. Outlook's "Amsterdam, Berlin, ..." for a Berlin employer
        entries = [
            (invite_zone, "invitation"),
            (company, "employer"),
            (self.profile_zone, "you"),
            ("UTC", ""),
        ]
        self.zone.blockSignals(True)
        self.zone.clear()
        for name, role in entries:
            if name and self.zone.findData(name) < 0:
                text = f"{zone_city(name)} time" + (f" ({role})" if role else "")
                self.zone.addItem(text, name)
        self.zone.setCurrentIndex(0)
        self.zone.blockSignals(False)
        self._shown_zone = self.zone.currentData()

    # --- behaviour --------------------------------------------------------------------------

    def starts_at(self) -> datetime:
        return localize(self.when.wall(), self.zone.currentData())

    def _application_changed(self) -> None:
        moment = self.starts_at()
        self._fill_zones()
        if self.invite.start.tzinfo is not None:  # a fixed moment: show it in the new zone
            self.when.set_wall(moment.astimezone(fmt.safe_zone(self.zone.currentData())))
        self._update()

    def _zone_changed(self) -> None:
        if self.invite.start.tzinfo is not None and self._shown_zone:
            moment = localize(self.when.wall(), self._shown_zone)
            self.when.set_wall(moment.astimezone(fmt.safe_zone(self.zone.currentData())))
        self._shown_zone = self.zone.currentData()
        self._update()

    def _update(self) -> None:
        start = self.starts_at()
        mine = start.astimezone(fmt.safe_zone(self.profile_zone))
        text = f"= {fmt.long_day_text(mine.date())}, {fmt.time_text(mine)} your time"
        self.preview.setText(_e(text))
        self.ok_button.setEnabled(self.application.currentData() is not None)
        app_id = self.application.currentData()
        update = bool(app_id) and queries.get_interview(
            self.db, invites.interview_id(app_id, self.invite.uid)
        )
        self.ok_button.setText("Update interview" if update else "Add interview")

    def chosen_people(self) -> list[invites.PersonMatch]:
        rows = [self.people.item(i) for i in range(self.people.count())]
        return [
            self.matches[row.data(MATCH_ROLE)]
            for row in rows
            if row.checkState() == Qt.CheckState.Checked
        ]

    def save(self) -> None:
        problem = self.when.commit()  # what is typed now, before anything is written
        if problem:
            self._fail(problem)
            return
        app_id = self.application.currentData()
        if app_id is None:
            self._fail("Application: choose the application this interview belongs to.")
            return
        try:
            result = invites.import_invite(
                self.db,
                self.invite,
                application_id=app_id,
                people=self.chosen_people(),
                starts_at=self.starts_at(),
                zone=self.zone.currentData(),
                duration_minutes=self.length.value() or None,
                interview_format=self.format.currentData(),
                now=self.now(),
            )
        except Exception as exc:  # one sentence; the dialog keeps what was chosen
            self._fail(sentence(exc))
            return
        app = next(a for a in self.apps if a.id == app_id)
        self.result_text = result.sentence(self._company_name(app.company))
        self.accept()

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


def _stacked(top, hint: QLabel) -> QVBoxLayout:
    """A field with its hint right under it (no empty form row between)."""
    box = QVBoxLayout()
    box.setSpacing(2)
    if isinstance(top, QWidget):
        box.addWidget(top)
    else:
        box.addLayout(top)
    box.addWidget(hint)
    return box


def _e(text: str) -> str:
    return html.escape(text)


def open_invite(
    parent: QWidget, db: Database, now: Now, path: Path, done: Callable[[str], None]
) -> InviteDialog:
    """Read ``path`` (raising one sentence if it cannot be) and open the dialog (not blocking);
    ``done`` gets the status-bar sentence once the interview is saved."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OSError(f"{path}: cannot read the file ({exc.strerror}).") from None
    invite = parse_invite(data, path.name)
    if not queries.list_applications(db):
        raise ValueError(
            "Add the application this interview belongs to first; an invitation becomes an "
            "interview of an application."
        )
    dialog = InviteDialog(db, now, invite, parent)
    dialog.accepted.connect(lambda: done(dialog.result_text or "Interview added."))
    dialog.setModal(True)
    dialog.open()
    return dialog
