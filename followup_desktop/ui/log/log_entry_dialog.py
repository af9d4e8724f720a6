"""The log's quick-action dialogs: one message or call to log, and a follow-up to mark as sent.

Each checks its fields first (one sentence beside the field, nothing else lost), then writes in
one transaction; ``changes`` holds what the re-plan did, for the view to say, and ``change`` the
rows before and after, for Edit > Undo.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.clock import Now
from followup_desktop.core.model import Channel, Communication, Direction
from followup_desktop.core.planner import main_contact
from followup_desktop.store import queries, undo
from followup_desktop.store.db import Database
from followup_desktop.store.people import application_titles
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common.view import guarded
from followup_desktop.ui.common.when_row import DateField
from followup_desktop.ui.interview_form.people_list import error_label
from followup_desktop.ui.interview_form.values import parse_time
from followup_desktop.ui.log.rows import (
    CHANNEL_WORDS,
    DIRECTION_WORDS,
    INVITATION,
    NEXT_STEP_OFFERS,
    NEXT_STEP_WORDS,
    REPLY_HINTS,
    REPLY_WORDS,
    followup_title,
    log_entry,
    mark_sent,
    new_comm_id,
    pending_messages,
)
from followup_desktop.ui.pipeline.stage_change import changes_text, sentence_case


def _with_error(widget: QWidget, label: QLabel) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    column.addWidget(label)
    return box


class LogEntryDialog(QDialog):
    """Log a reply, a call or any message: when, how, which way, who, what was said. A
    received reply is asked what it said; an invitation or a request for availability then
    offers its next step (``next_step`` holds the one chosen). The day is typed as ``locale``
    writes days (the system's by default) or as ISO, or picked from a calendar."""

    def __init__(
        self,
        db: Database,
        now: Now,
        titles: dict[str, str],
        *,
        application: str | None,
        contact: str | None = None,
        channel: Channel = Channel.EMAIL,
        direction: Direction = Direction.RECEIVED,
        title: str = "Log a reply",
        locale: QLocale | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.locale_ = locale
        self.setWindowTitle(title)
        self.changes: list[str] = []
        self.change: undo.Change | None = None
        self.comm: Communication | None = None
        #: The next step offered after saving (INVITATION / AVAILABILITY), and the one chosen.
        self.offered: str | None = None
        self.next_step: str | None = None
        self.zone_name = queries.get_profile(db).timezone
        self.wanted_contact = contact
        self._fields(titles, application, channel, direction, now)
        self.entry_page, self.next_page = self._entry_page(), self._next_page()
        self.next_page.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.entry_page)
        layout.addWidget(self.next_page)
        self.application.currentIndexChanged.connect(self._fill_contacts)
        self.direction.currentIndexChanged.connect(self._direction_changed)
        self.said_group.idToggled.connect(lambda *_: self._said_changed())
        self._fill_contacts()
        self._direction_changed()
        self.resize(600, self.sizeHint().height())
        self.summary.setFocus()

    def _fields(
        self,
        titles: dict[str, str],
        application: str | None,
        channel: Channel,
        direction: Direction,
        now: Now,
    ) -> None:
        local = now().astimezone(fmt.safe_zone(self.zone_name))
        self.application = QComboBox()
        self.application.setAccessibleName("Application")
        for app_id, text in sorted(titles.items(), key=lambda kv: kv[1].casefold()):
            self.application.addItem(text, app_id)
        self.application.setCurrentIndex(max(self.application.findData(application), 0))
        self.contact = QComboBox()
        self.contact.setAccessibleName("Contact")
        self.date = DateField("Date", self.locale_)
        self.date.setDate(QDate(local.year, local.month, local.day))
        self.date.setAccessibleName("Date")
        self.time = QLineEdit(fmt.time_text(local))
        self.time.setAccessibleName("Time")
        self.time.setPlaceholderText("HH:MM")
        self.channel = QComboBox()
        self.channel.setAccessibleName("Channel")
        for value, word in CHANNEL_WORDS.items():
            self.channel.addItem(word, str(value))
        self.channel.setCurrentIndex(self.channel.findData(str(channel)))
        self.direction = QComboBox()
        self.direction.setAccessibleName("Direction")
        for value, word in DIRECTION_WORDS.items():
            self.direction.addItem(word, str(value))
        self.direction.setCurrentIndex(self.direction.findData(str(direction)))
        self.said_group = QButtonGroup(self)
        self.said: dict[str, QRadioButton] = {}
        for number, (key, words) in enumerate(REPLY_WORDS.items()):
            button = QRadioButton(words)
            button.setAccessibleName(f"The reply: {words}")
            self.said_group.addButton(button, number)
            self.said[key] = button
        self.said_hint = QLabel()
        self.said_hint.setObjectName("hint")
        self.said_hint.setWordWrap(True)
        self.summary = QLineEdit()
        self.summary.setAccessibleName("Summary")
        self.summary.setPlaceholderText("e.g. They will decide by Friday")
        self.response = QPlainTextEdit()
        self.response.setAccessibleName("Response")
        self.response.setTabChangesFocus(True)
        self.response.setPlaceholderText("Their answer, or what comes next (optional)")
        self.response.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.errors = {key: error_label() for key in ("application", "date", "time")}

    def _entry_page(self) -> QWidget:
        self.form = form = QFormLayout()
        when = QHBoxLayout()
        when.addWidget(_with_error(self.date, self.errors["date"]), 2)
        when.addWidget(_with_error(self.time, self.errors["time"]), 1)
        how = QHBoxLayout()
        how.addWidget(self.channel, 1)
        how.addWidget(self.direction, 1)
        said = QVBoxLayout()
        said.setSpacing(2)
        for button in self.said.values():
            said.addWidget(button)
        said.addWidget(self.said_hint)
        application = _with_error(self.application, self.errors["application"])
        rows: list[tuple[str, QWidget | QLayout, QWidget]] = [
            ("&Application:", application, self.application),
            ("C&ontact:", self.contact, self.contact),
            ("&When:", when, self.date),
            ("&How:", how, self.channel),
            ("What it sa&ys:", said, self.said[INVITATION]),
            ("&Summary:", self.summary, self.summary),
            ("&Response:", self.response, self.response),
        ]
        for text, field, buddy in rows:
            label = QLabel(text)
            label.setBuddy(buddy)  # without a buddy, "&When:" would show its "&"
            form.addRow(label, field)
        self.said_row = 4
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.date.problem_changed.connect(self._day_problem)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(self.note)
        column.addWidget(self.buttons)
        return page

    def _day_problem(self, problem: str) -> None:
        """The day typed is not one (or is again): say so beside it; Save waits for a day."""
        self.errors["date"].setText(problem)
        self.errors["date"].setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problem)

    def _next_page(self) -> QWidget:
        """Shown after a reply that opens a next step is saved."""
        self.logged = QLabel()
        bold = self.logged.font()
        bold.setBold(True)
        self.logged.setFont(bold)
        self.logged.setWordWrap(True)
        self.logged.setTextFormat(Qt.TextFormat.PlainText)
        self.offer = QLabel()
        self.offer.setWordWrap(True)
        self.next_button = QPushButton()
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self._take_next_step)
        self.later_button = QPushButton("Not &now")
        self.later_button.setToolTip("Close; the reply is logged.")
        self.later_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.next_button)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.logged)
        column.addWidget(self.offer)
        column.addSpacing(12)
        column.addLayout(buttons)
        return page

    def _fill_contacts(self) -> None:
        app = queries.get_application(self.db, self.application.currentData() or "")
        self.contact.clear()
        self.contact.addItem("(nobody in particular)", None)
        if app is None:
            return
        for person in queries.list_contacts(self.db, app.company):
            self.contact.addItem(person.name, person.id)
        wanted = self.wanted_contact or main_contact(
            app, queries.list_interviews(self.db, [app.id])
        )
        self.contact.setCurrentIndex(max(self.contact.findData(wanted), 0))

    def _received(self) -> bool:
        return self.direction.currentData() == str(Direction.RECEIVED)

    def _direction_changed(self) -> None:
        self.form.setRowVisible(self.said_row, self._received())
        self._said_changed()

    def said_key(self) -> str | None:
        """What the reply said (a REPLY_WORDS key); None for a sent message or no answer."""
        if not self._received():
            return None
        return next((key for key, button in self.said.items() if button.isChecked()), None)

    def _said_changed(self) -> None:
        key = self.said_key()
        self.said_hint.setText(REPLY_HINTS.get(key or "", ""))
        self.said_hint.setVisible(key is not None)
        self.note.setText(
            "A reply cancels the pending check-ins of this application (they answered)."
            if self._received() and key is None
            else ""
        )
        self.note.setVisible(bool(self.note.text()))

    def check(self) -> tuple[dict[str, str], datetime | None]:
        errors: dict[str, str] = {}
        if not self.application.currentData():
            errors["application"] = "Pick the application this belongs to."
        day = moment = None
        problem = self.date.commit()  # what is typed now, as the locale writes days or ISO
        if problem:
            errors["date"] = problem
        else:
            day = self.date.value()
        try:
            moment = parse_time(self.time.text(), "time")
        except ValueError as exc:
            errors["time"] = str(exc)
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)
        if errors or day is None or moment is None:
            return errors, None
        return errors, datetime.combine(day, moment, tzinfo=fmt.safe_zone(self.zone_name))

    @guarded("Log")
    def save(self) -> bool:
        if self.comm is not None:  # saved already (the next-step page is showing)
            return True
        _errors, at = self.check()
        if at is None:
            return False
        said = self.said_key()
        summary = self.summary.text().strip() or (REPLY_WORDS[said] if said else "")
        self.comm = Communication(
            id=new_comm_id(),
            application=self.application.currentData(),
            at=at,
            direction=Direction(self.direction.currentData()),
            contact=self.contact.currentData(),
            channel=Channel(self.channel.currentData()),
            summary=summary,
            response=self.response.toPlainText().strip(),
        )
        self.changes, self.change = log_entry(self.db, self.comm, self.now(), said)
        if said in NEXT_STEP_WORDS:
            self._offer(said)
        else:
            self.accept()
        return True

    def _offer(self, said: str) -> None:
        """The reply is logged: say what changed and offer the step it opens."""
        self.offered = said
        self.setWindowTitle("Reply logged")
        self.logged.setText(f"Reply logged. {sentence_case(changes_text(self.changes))}.")
        self.offer.setText(NEXT_STEP_OFFERS[said])
        self.next_button.setText(NEXT_STEP_WORDS[said])
        self.entry_page.hide()
        self.next_page.show()
        layout = self.layout()
        assert layout is not None  # built in __init__
        width = self.width()  # as wide as before, only as tall as the offer needs
        self.resize(width, layout.totalHeightForWidth(width))
        self.next_button.setFocus()

    def _take_next_step(self) -> None:
        self.next_step = self.offered
        self.accept()


class MarkSentDialog(QDialog):
    """Pick a pending follow-up, say what was sent: it is marked done and logged."""

    def __init__(
        self, db: Database, now: Now, application: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.setWindowTitle("Mark follow-up as sent")
        self.changes: list[str] = []
        self.change: undo.Change | None = None
        self.done_title = ""
        zone_name = queries.get_profile(db).timezone
        items = pending_messages(db, application)
        found = queries.contacts_by_id(db, {i.contact for i in items if i.contact})
        names = {c.id: c.name for c in found.values()}
        titles = {} if application else _app_titles(db)
        self.item = QComboBox()
        self.item.setAccessibleName("Follow-up")
        for f in items:
            text = followup_title(f, names, zone_name, now())
            if not application:
                text = f"{titles.get(f.application, f.application)}: {text}"
            self.item.addItem(text, f.id)
        self.summary = QLineEdit()
        self.summary.setAccessibleName("What was sent")
        self.summary.setPlaceholderText("e.g. Thank-you note mentioning the ledger migration")
        self.empty = QLabel("Nothing is waiting to be sent here.")
        self.empty.setObjectName("hint")
        self.empty.setVisible(not items)
        form = QFormLayout()
        form.addRow("&Follow-up:", self.item)
        form.addRow("&What was sent:", self.summary)
        for row in range(form.rowCount()):  # both rows have a label and a field
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            assert label_item is not None and field_item is not None
            label, field = label_item.widget(), field_item.widget()
            assert isinstance(label, QLabel) and field is not None
            label.setBuddy(field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Mark as &sent")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(items))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())

    @guarded("Mark as sent")
    def save(self) -> bool:
        followup_id = self.item.currentData()
        if not followup_id:
            return False
        title = self.item.currentText().split(" · ")[0]
        _item, self.changes, self.change = mark_sent(
            self.db, followup_id, self.summary.text(), self.now()
        )
        self.done_title = title
        self.accept()
        return True


def _app_titles(db: Database) -> dict[str, str]:
    return application_titles(db)
