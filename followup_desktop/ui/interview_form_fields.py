"""The inputs of the notes form, in reading (and tab) order, each with its error sentence beside
it. Holds values exactly as typed; ``interview_form_data.check`` judges them."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QSignalBlocker, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.model import NOTE_FIELDS, Contact, InterviewFormat
from followup_desktop.store.db import Database
from followup_desktop.store.people import application_choices, application_titles
from followup_desktop.ui import fmt
from followup_desktop.ui.interview_form_data import (
    NOTE_HINTS,
    NOTE_LABELS,
    FormValues,
    parse_time,
    zone_names,
)
from followup_desktop.ui.interview_form_people import PeopleList, error_label, notes_edit

NEW_APPLICATION = "New application (type the company and role below)"


def _completer(items: list[str], parent: QWidget) -> QCompleter:
    completer = QCompleter(items, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return completer


class FormFields(QScrollArea):
    edited = Signal()
    application_changed = Signal(str)

    def __init__(self, db: Database, *, editing: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.zone_touched = False
        self.errors: dict[str, QLabel] = {}
        self.inputs_by_key: dict[str, QWidget] = {}
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)

        self.app_ids: list[str] = [""]
        self._choices_read = -1  # the connection's change count when the choices were read
        self.application = QComboBox()
        self.application.setModel(QStringListModel([NEW_APPLICATION]))
        self.application.setToolTip("The application this interview belongs to.")
        self.company = QComboBox()
        self.company.setEditable(True)
        self.company.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.company.setModel(QStringListModel())
        self.company.setCompleter(_completer([], self.company))
        self.company.lineEdit().setPlaceholderText("Company name")
        self.role = QLineEdit()
        self.role.setPlaceholderText("Role, e.g. Backend Engineer")
        self.date = QLineEdit()
        self.date.setPlaceholderText("YYYY-MM-DD")
        self.date.setToolTip("The day of the interview, e.g. 2026-11-23.")
        self.start = QLineEdit()
        self.start.setPlaceholderText("HH:MM")
        self.start.setToolTip("When it started, 24-hour clock, in the time zone below.")
        self.end = QLineEdit()
        self.end.setPlaceholderText("HH:MM")
        self.end.setToolTip("When it ended (optional): gives the duration.")
        self.duration = QLabel()
        self.duration.setObjectName("hint")
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.setModel(QStringListModel(list(zone_names())))
        self.zone.setCompleter(_completer(list(zone_names()), self.zone))
        self.zone.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.zone.setMinimumContentsLength(22)
        self.zone.setToolTip("The time zone the time above is in; defaults to the company's.")
        self.format = QComboBox()
        self.format.addItem("(not said)", "")
        for value in InterviewFormat:
            self.format.addItem(fmt.words(fmt.FORMAT_WORDS, value), str(value))
        self.round = QSpinBox()
        self.round.setRange(0, 20)
        self.round.setSpecialValueText("—")
        self.round.setToolTip("Which round this was (— when not known).")
        self.people = PeopleList()
        self.notes: dict[str, QPlainTextEdit] = {}
        self.decision = QLineEdit()
        self.decision.setPlaceholderText("YYYY-MM-DD")
        self.decision.setToolTip("No status check-in is planned before the day after this date.")
        self.events = QLineEdit()
        self.events.setPlaceholderText("e.g. 2026-12-01, 2026-12-03 to 2026-12-05")
        self.events.setToolTip(
            "Launches or events at the company: nothing is planned on these days "
            "(saved as the company's blackout dates)."
        )
        self._layout()
        self._connect()
        self.reload_choices(editing=editing)

    def reload_choices(self, *, editing: bool) -> None:
        """The applications and companies to pick from, as stored now (a reused form re-reads
        them only when something was written since)."""
        self.application.setEnabled(not editing)
        self.zone_touched = False
        changes = self.db.conn.total_changes
        if changes == self._choices_read:
            return
        self._choices_read = changes
        apps, names = application_choices(self.db)
        self.app_ids = ["", *(app_id for app_id, _ in apps)]
        with QSignalBlocker(self.application), QSignalBlocker(self.company):
            self.application.model().setStringList([NEW_APPLICATION, *(t for _, t in apps)])
            self.company.model().setStringList(names)
            self.company.completer().model().setStringList(names)
            self.company.setCurrentIndex(-1)

    # --- layout -----------------------------------------------------------------------------

    def _field(self, key: str, widget: QWidget, name: str, hint: str = "") -> QWidget:
        """``widget`` with its (hidden) error sentence under it."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            label = QLabel(hint)
            label.setObjectName("hint")
            label.setWordWrap(True)
            column.addWidget(label)
        self.errors[key] = error_label()
        column.addWidget(self.errors[key])
        self.inputs_by_key[key] = widget
        widget.setAccessibleName(name)
        return box

    def _layout(self) -> None:
        content = QWidget()
        column = QVBoxLayout(content)

        basics = QGroupBox("Interview")
        form = QFormLayout(basics)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._label("A&pplication:", self.application), self.application)
        self.new_app = QWidget()
        new_row = QHBoxLayout(self.new_app)
        new_row.setContentsMargins(0, 0, 0, 0)
        new_row.addWidget(self._field("company", self.company, "Company"), 1)
        new_row.addWidget(self._field("role", self.role, "Role"), 1)
        form.addRow("", self.new_app)
        when = QHBoxLayout()
        top = Qt.AlignmentFlag.AlignTop  # an error sentence under one field moves no other
        when.addWidget(self._field("date", self.date, "Date"), 2, top)
        when.addWidget(self._beside("from"), 0, top)
        when.addWidget(self._field("start", self.start, "Start time"), 1, top)
        when.addWidget(self._beside("to"), 0, top)
        when.addWidget(self._field("end", self.end, "End time"), 1, top)
        self.duration.setMinimumHeight(self.date.sizeHint().height())
        when.addWidget(self.duration, 1, Qt.AlignmentFlag.AlignTop)
        form.addRow(self._label("&Date:", self.date), when)
        form.addRow(
            self._label("Time &zone:", self.zone), self._field("timezone", self.zone, "Time zone")
        )
        kind = QHBoxLayout()
        kind.addWidget(self.format, 1)
        kind.addWidget(self._label("&Round:", self.round))
        kind.addWidget(self.round)
        kind.addStretch(1)
        form.addRow(self._label("&Format:", self.format), kind)
        self.format.setAccessibleName("Format")
        self.round.setAccessibleName("Round")
        self.application.setAccessibleName("Application")
        column.addWidget(basics)

        people = QGroupBox("Interviewers")
        QVBoxLayout(people).addWidget(self.people)
        column.addWidget(people)

        notes = QGroupBox("Notes")
        grid = QGridLayout(notes)
        for index, key in enumerate(NOTE_FIELDS):
            edit = notes_edit(4, self)
            edit.setPlaceholderText(NOTE_HINTS[key])
            edit.setToolTip(NOTE_HINTS[key])
            self.notes[key] = edit
            label = self._label(f"{NOTE_LABELS[key]}:", edit)
            cell = QVBoxLayout()
            cell.addWidget(label)
            cell.addWidget(edit)
            edit.setAccessibleName(NOTE_LABELS[key])
            grid.addLayout(cell, index // 2, index % 2)
        column.addWidget(notes)

        timeline = QGroupBox("Timeline")
        form = QFormLayout(timeline)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(
            self._label("Decision &by:", self.decision),
            self._field(
                "decision_date",
                self.decision,
                "Decision date",
                "The date they said they would decide by: no check-in before it has passed.",
            ),
        )
        form.addRow(
            self._label("Company &events to avoid:", self.events),
            self._field(
                "events",
                self.events,
                "Company events to avoid",
                "Launches or busy days: nothing is planned on them.",
            ),
        )
        column.addWidget(timeline)
        column.addStretch(1)
        self.setWidget(content)

    def _beside(self, text: str) -> QLabel:
        """A word between two fields, centred on their line (not on their error sentences)."""
        label = QLabel(text)
        label.setMinimumHeight(self.date.sizeHint().height())
        label.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        return label

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _connect(self) -> None:
        self.application.currentIndexChanged.connect(self._application_picked)
        self.company.editTextChanged.connect(self._company_typed)
        for line in (self.role, self.date, self.start, self.end, self.decision, self.events):
            line.textChanged.connect(self._changed)
        self.start.textChanged.connect(self._show_duration)
        self.end.textChanged.connect(self._show_duration)
        self.zone.editTextChanged.connect(self._zone_typed)
        self.format.currentIndexChanged.connect(self._changed)
        self.round.valueChanged.connect(self._changed)
        for edit in self.notes.values():
            edit.textChanged.connect(self._changed)
        self.people.edited.connect(self._changed)
        self.people.rows_changed.connect(self.fix_tab_order)

    def _changed(self, *_args) -> None:
        self.edited.emit()

    def _application_picked(self, index: int) -> None:
        self.new_app.setVisible(index <= 0)
        self.application_changed.emit(self.app_ids[max(index, 0)])
        self.edited.emit()

    def _company_typed(self, _text: str) -> None:
        if self.application.currentIndex() <= 0:
            self.application_changed.emit("")
        self.edited.emit()

    def _zone_typed(self, _text: str) -> None:
        self.zone_touched = True
        self.edited.emit()

    def _show_duration(self) -> None:
        try:
            start = parse_time(self.start.text(), "start")
            end = parse_time(self.end.text(), "end")
        except ValueError:
            self.duration.setText("")
            return
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        self.duration.setText(f"{minutes} min" if minutes > 0 else "")

    def fix_tab_order(self) -> None:
        """Tab follows the page top to bottom, interviewer rows included (added later)."""
        chain = [self.application, self.company, self.role, self.date, self.start, self.end]
        chain += [self.zone, self.format, self.round, *self.people.inputs()]
        chain += [self.notes[k] for k in NOTE_FIELDS] + [self.decision, self.events]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- values -----------------------------------------------------------------------------

    def first_input(self) -> QWidget:
        if self.application.isEnabled() and self.application.currentIndex() <= 0:
            return self.company if self.application.count() == 1 else self.application
        return self.date

    def application_title(self) -> str:
        index = self.application.currentIndex()
        if index > 0:
            return self.application.currentText()
        company, role = self.company.currentText().strip(), self.role.text().strip()
        return f"{company} — {role}" if company and role else company

    def set_contacts(self, contacts: list[Contact]) -> None:
        self.people.set_contacts(contacts)

    def set_zone(self, name: str) -> None:
        with QSignalBlocker(self.zone):
            self.zone.setEditText(name)

    def lock_application(self, application_id: str) -> None:
        """After the first save the interview belongs to that application."""
        titles = application_titles(self.db)
        if application_id not in self.app_ids and application_id in titles:
            self.app_ids.append(application_id)
            self.application.model().insertRow(self.application.count())
            index = self.application.model().index(self.application.count() - 1, 0)
            self.application.model().setData(index, titles[application_id])
        with QSignalBlocker(self.application):
            self.application.setCurrentIndex(self.app_ids.index(application_id))
        self.application.setEnabled(False)
        self.new_app.setVisible(False)

    def values(self) -> FormValues:
        index = max(self.application.currentIndex(), 0)
        return FormValues(
            interview_id=getattr(self, "_interview_id", ""),
            application_id=self.app_ids[index],
            company_name=self.company.currentText() if index == 0 else "",
            role=self.role.text() if index == 0 else "",
            date=self.date.text(),
            start=self.start.text(),
            end=self.end.text(),
            timezone=self.zone.currentText(),
            format=self.format.currentData() or "",
            round=self.round.value(),
            notes={k: e.toPlainText() for k, e in self.notes.items() if e.toPlainText()},
            people=self.people.values(),
            decision_date=self.decision.text(),
            events=self.events.text(),
        )

    def set_values(self, values: FormValues) -> None:
        self._interview_id = values.interview_id
        widgets = [self, self.application, self.company, self.role, self.date, self.start]
        widgets += [self.end, self.zone, self.format, self.round, self.decision, self.events]
        widgets += [*self.notes.values(), self.people]
        blockers = [QSignalBlocker(w) for w in widgets]
        known = values.application_id in self.app_ids
        index = self.app_ids.index(values.application_id) if known else 0
        self.application.setCurrentIndex(index)
        self.new_app.setVisible(index == 0)
        self.company.setEditText(values.company_name)
        self.role.setText(values.role)
        self.date.setText(values.date)
        self.start.setText(values.start)
        self.end.setText(values.end)
        self.zone.setEditText(values.timezone)
        self.format.setCurrentIndex(max(self.format.findData(values.format), 0))
        self.round.setValue(values.round)
        for key, edit in self.notes.items():
            edit.setPlainText(values.notes.get(key, ""))
        self.people.set_values(values.people)
        self.decision.setText(values.decision_date)
        self.events.setText(values.events)
        del blockers
        self._show_duration()
        self.show_errors({})
        self.fix_tab_order()

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)
        self.people.show_errors(errors)

    def _widget_for(self, key: str) -> QWidget:
        if key.startswith("people."):
            _, index, field = key.split(".")
            row = self.people.rows[int(index)]
            return row.name if field == "name" else row.email
        return self.inputs_by_key[key]

    def focus_error(self, errors: dict[str, str]) -> None:
        """Put the cursor in the first field (top to bottom) that needs correcting."""
        people = sorted(k for k in errors if k.startswith("people."))
        order = ["company", "role", "date", "start", "end", "timezone", *people]
        key = next((k for k in [*order, "decision_date", "events"] if k in errors), None)
        if key is None:
            return
        widget = self._widget_for(key)
        widget.setFocus()
        self.ensureWidgetVisible(widget)
