"""The inputs of the notes form, in reading (and tab) order, each with its error sentence beside
it. Holds values exactly as typed; ``interview_form_data.check`` judges them.

Built parent first (the page is in its scroll area, each group box in the page, before anything
is put in them): with the app's stylesheet every re-parented subtree is styled again, which cost
more than creating the widgets. The long lists (applications, companies, time zones) are read
when first used (``interview_form_choices``)."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QSignalBlocker, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
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

from followup_desktop.core.languages import LANGUAGES, language_name
from followup_desktop.core.model import NOTE_FIELDS, Contact, InterviewFormat
from followup_desktop.store.db import Database
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common.when_row import DayLine
from followup_desktop.ui.interview_form.choice_lists import (
    NEW_APPLICATION,
    ChoiceLists,
    LazyCombo,
    typed_combo,
)
from followup_desktop.ui.interview_form.holiday_fields import HolidayFields
from followup_desktop.ui.interview_form.people_list import ErrorLabels, PeopleList, notes_edit
from followup_desktop.ui.interview_form.values import (
    NOTE_HINTS,
    NOTE_LABELS,
    FormValues,
    automatic_language_text,
    parse_time,
)


def _box(widget: QWidget) -> QWidget:
    """The box a field was created in (each field is built in one of its own)."""
    box = widget.parentWidget()
    assert box is not None
    return box


def _line(parent: QWidget, placeholder: str, tip: str = "") -> QLineEdit:
    line = QLineEdit(parent)
    line.setPlaceholderText(placeholder)
    if tip:
        line.setToolTip(tip)
    return line


class FormFields(ChoiceLists, QScrollArea):
    edited = Signal()
    application_changed = Signal(str)

    def __init__(self, db: Database, *, editing: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.zone_touched = False
        self.errors = ErrorLabels()
        self.inputs_by_key: dict[str, QWidget] = {}
        self.notes: dict[str, QPlainTextEdit] = {}
        self.app_ids: list[str] = [""]
        self._choices_read = -1  # the connection's change count when the lists were read
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        content = QWidget()
        column = QVBoxLayout(content)  # (a scroll area wants the layout before the widget)
        self.setWidget(content)
        for build in (self._basics, self._interviewers, self._notes, self._timeline):
            column.addWidget(build(content))
        column.addStretch(1)
        self._connect()
        self.reload_choices(editing=editing)

    # --- layout -----------------------------------------------------------------------------

    def _field(self, key: str, widget: QWidget, name: str, hint: str = "") -> None:
        """Puts ``widget`` in the box it was created in, its (hidden) error sentence under it."""
        box = _box(widget)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            label = QLabel(hint, box)
            label.setObjectName("hint")
            label.setWordWrap(True)
            column.addWidget(label)
        self.errors.add(key, column)
        self.inputs_by_key[key] = widget
        widget.setAccessibleName(name)

    def _basics(self, page: QWidget) -> QGroupBox:
        basics = QGroupBox("Interview", page)
        form = QFormLayout(basics)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.application = LazyCombo(self._fill_choices, basics)
        self.application.setModel(QStringListModel([NEW_APPLICATION], self.application))
        self.application.setToolTip("The application this interview belongs to.")
        self.application.setAccessibleName("Application")
        form.addRow(self._label("A&pplication:", self.application, basics), self.application)

        self.new_app = QWidget(basics)
        new_row = QHBoxLayout(self.new_app)
        new_row.setContentsMargins(0, 0, 0, 0)
        self.company = typed_combo(self._fill_choices, QWidget(self.new_app))
        company_edit = self.company.lineEdit()
        assert company_edit is not None  # the box is editable
        company_edit.setPlaceholderText("Company name")
        self._field("company", self.company, "Company")
        self.role = _line(QWidget(self.new_app), "Role, e.g. Backend Engineer")
        self._field("role", self.role, "Role")
        new_row.addWidget(_box(self.company), 1)
        new_row.addWidget(_box(self.role), 1)
        form.addRow("", self.new_app)
        self.language = self._language_box(basics)
        form.addRow(self._label("&Messages in:", self.language, basics), self.language)

        date_label = QLabel("&Date:", basics)
        when = QHBoxLayout()
        form.addRow(date_label, when)
        self.date = DayLine("Date", parent=QWidget(basics))
        self._field("date", self.date, "Date")
        tip = "When it started, 24-hour clock, in the time zone below."
        self.start = _line(QWidget(basics), "HH:MM", tip)
        self._field("start", self.start, "Start time")
        tip = "When it ended (optional): gives the duration."
        self.end = _line(QWidget(basics), "HH:MM", tip)
        self._field("end", self.end, "End time")
        self.duration = QLabel(basics)
        self.duration.setObjectName("hint")
        self.duration.setMinimumHeight(self.date.sizeHint().height())
        top = Qt.AlignmentFlag.AlignTop  # an error sentence under one field moves no other
        when.addWidget(_box(self.date), 2, top)
        when.addWidget(self._beside("from", basics), 0, top)
        when.addWidget(_box(self.start), 1, top)
        when.addWidget(self._beside("to", basics), 0, top)
        when.addWidget(_box(self.end), 1, top)
        when.addWidget(self.duration, 1, top)
        date_label.setBuddy(self.date)

        self.zone = typed_combo(self._fill_zones, QWidget(basics))
        self.zone.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.zone.setMinimumContentsLength(22)
        self.zone.setToolTip("The time zone the time above is in; defaults to the company's.")
        self._field("timezone", self.zone, "Time zone")
        form.addRow(self._label("Time &zone:", self.zone, basics), _box(self.zone))
        self.holidays = HolidayFields(QWidget(basics))
        hint = "Whose public holidays the plan skips; from the time zone unless you pick one."
        self._field("country", self.holidays, "Holidays of", hint)
        label = self._label("&Holidays of:", self.holidays.country, basics)
        form.addRow(label, _box(self.holidays))

        format_label = QLabel("&Format:", basics)
        kind = QHBoxLayout()
        form.addRow(format_label, kind)
        self.format = QComboBox(basics)
        self.format.addItem("(not said)", "")
        for value in InterviewFormat:
            self.format.addItem(fmt.words(fmt.FORMAT_WORDS, value), str(value))
        self.format.setAccessibleName("Format")
        format_label.setBuddy(self.format)
        self.round = QSpinBox(basics)
        self.round.setRange(0, 20)
        self.round.setSpecialValueText("—")
        self.round.setToolTip("Which round this was (— when not known).")
        self.round.setAccessibleName("Round")
        kind.addWidget(self.format, 1)
        kind.addWidget(self._label("&Round:", self.round, basics))
        kind.addWidget(self.round)
        kind.addStretch(1)
        return basics

    @staticmethod
    def _language_box(parent: QWidget) -> QComboBox:
        """Automatic (its words say what it stands for: ``show_automatic_language``), then
        each language; the item data is the stored code ("" for automatic)."""
        box = QComboBox(parent)
        box.addItem("Automatic", "")
        for code in LANGUAGES:
            box.addItem(language_name(code), code)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        box.setToolTip(
            "The language of the messages drafted for this application. Automatic: the "
            "employer's, from the company's country (or its time zone)."
        )
        box.setAccessibleName("Messages in")
        return box

    def _interviewers(self, page: QWidget) -> QGroupBox:
        people = QGroupBox("Interviewers", page)
        self.people = PeopleList(people)
        QVBoxLayout(people).addWidget(self.people)
        return people

    def _notes(self, page: QWidget) -> QGroupBox:
        notes = QGroupBox("Notes", page)
        grid = QGridLayout(notes)
        for index, key in enumerate(NOTE_FIELDS):
            cell = QVBoxLayout()
            grid.addLayout(cell, index // 2, index % 2)
            label = QLabel(NOTE_LABELS[key], notes)
            cell.addWidget(label)
            edit = notes_edit(4, notes, sized_by=self)  # (a group box's title is bold)
            edit.setToolTip(f"{NOTE_LABELS[key]} {NOTE_HINTS[key]}")
            edit.setAccessibleName(NOTE_LABELS[key].rstrip(" …"))
            label.setBuddy(edit)
            cell.addWidget(edit)
            example = QLabel(NOTE_HINTS[key], notes)  # the example stays once the box is filled
            example.setObjectName("hint")
            example.setTextFormat(Qt.TextFormat.PlainText)
            example.setWordWrap(True)
            cell.addWidget(example)
            self.notes[key] = edit
        return notes

    def _timeline(self, page: QWidget) -> QGroupBox:
        timeline = QGroupBox("Timeline", page)
        form = QFormLayout(timeline)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        tip = "No status check-in is planned before the day after this date."
        self.decision = DayLine("Decision date", parent=QWidget(timeline))
        self.decision.setToolTip(f"{tip} {self.decision.toolTip()}")
        hint = "The date they said they would decide by: no check-in before it has passed."
        self._field("decision_date", self.decision, "Decision date", hint)
        label = self._label("Decision &by:", self.decision, timeline)
        form.addRow(label, _box(self.decision))
        self.events = _line(QWidget(timeline), "e.g. 2026-12-01, 2026-12-03 to 2026-12-05")
        self.events.setToolTip(
            "Launches or events at the company: nothing is planned on these days "
            "(saved as the company's blackout dates)."
        )
        hint = "Launches or busy days: nothing is planned on them."
        self._field("events", self.events, "Company events to avoid", hint)
        label = self._label("Company &events to avoid:", self.events, timeline)
        form.addRow(label, _box(self.events))
        return timeline

    def _beside(self, text: str, parent: QWidget) -> QLabel:
        """A word between two fields, centred on their line (not on their error sentences)."""
        label = QLabel(text, parent)
        label.setMinimumHeight(self.date.sizeHint().height())
        label.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        return label

    @staticmethod
    def _label(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setBuddy(buddy)
        return label

    def _connect(self) -> None:
        """Plain edits re-emit ``edited`` signal to signal (no Python slot to call, and each
        Python slot connected costs PySide a signature check when the form is built)."""
        self.application.currentIndexChanged.connect(self._application_picked)
        self.company.editTextChanged.connect(self._company_typed)
        self.language.currentIndexChanged.connect(self.edited)
        self.holidays.edited.connect(self.show_automatic_language)
        for line in (self.role, self.date, self.start, self.end, self.decision, self.events):
            line.textChanged.connect(self.edited)
        self.start.textChanged.connect(self._show_duration)
        self.end.textChanged.connect(self._show_duration)
        self.zone.editTextChanged.connect(self._zone_typed)
        self.format.currentIndexChanged.connect(self.edited)
        self.holidays.edited.connect(self.edited)
        self.round.valueChanged.connect(self.edited)
        for edit in self.notes.values():
            edit.textChanged.connect(self.edited)
        self.people.edited.connect(self.edited)
        self.people.rows_changed.connect(self.fix_tab_order)

    def _application_picked(self, index: int) -> None:
        self.new_app.setVisible(index <= 0)
        self.application_changed.emit(self.app_ids[max(index, 0)])
        self.show_automatic_language()
        self.edited.emit()

    def _company_typed(self, _text: str) -> None:
        if self.application.currentIndex() <= 0:
            self.application_changed.emit("")
            self.show_automatic_language()
        self.edited.emit()

    def _zone_typed(self, text: str) -> None:
        self.zone_touched = True
        self.holidays.set_zone(text.strip())
        self.show_automatic_language()
        self.edited.emit()

    def show_automatic_language(self) -> None:
        """Name what "Automatic" stands for now (the company's country or zone, as typed)."""
        self.language.setItemText(0, automatic_language_text(self.db, self.values()))

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
        chain = [self.application, self.company, self.role, self.language]
        chain += [self.date, self.start, self.end]
        chain += [self.zone, self.holidays.country, self.holidays.region]
        chain += [self.format, self.round, *self.people.inputs()]
        chain += [self.notes[k] for k in NOTE_FIELDS] + [self.decision, self.events]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- values -----------------------------------------------------------------------------

    def first_input(self) -> QWidget:
        if self.application.isEnabled() and self.application.currentIndex() <= 0:
            return self.application if self._any_application() else self.company
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
        self.holidays.set_zone(name)

    def carry_over(self, values: FormValues) -> None:
        """Take what belongs to the application just chosen (a new one: nothing of the one
        chosen before): its round, decision date, company events, country, messages'
        language and, unless the user typed one, its zone."""
        widgets = [self.round, self.decision, self.events, self.holidays, self.zone]
        blockers = [QSignalBlocker(w) for w in [*widgets, self.language]]
        self.round.setValue(values.round)
        self.language.setCurrentIndex(max(self.language.findData(values.language), 0))
        self.decision.setText(values.decision_date)
        self.events.setText(values.events)
        if not self.zone_touched:
            self.zone.setEditText(values.timezone)
        zone_name = self.zone.currentText().strip()
        self.holidays.set_value(values.country, values.region, zone_name)
        del blockers
        self.show_automatic_language()

    def values(self) -> FormValues:
        index = max(self.application.currentIndex(), 0)
        return FormValues(
            interview_id=getattr(self, "_interview_id", ""),
            application_id=self.app_ids[index],
            company_name=self.company.currentText() if index == 0 else "",
            role=self.role.text() if index == 0 else "",
            date=self.date.iso_text(),
            start=self.start.text(),
            end=self.end.text(),
            timezone=self.zone.currentText(),
            country=self.holidays.value()[0],
            region=self.holidays.value()[1],
            format=self.format.currentData() or "",
            round=self.round.value(),
            notes={k: e.toPlainText() for k, e in self.notes.items() if e.toPlainText()},
            people=self.people.values(),
            decision_date=self.decision.iso_text(),
            events=self.events.text(),
            language=self.language.currentData() or "",
        )

    def set_values(self, values: FormValues) -> None:
        self._interview_id = values.interview_id
        widgets = [self, self.application, self.company, self.role, self.date, self.start]
        widgets += [self.end, self.zone, self.format, self.round, self.decision, self.events]
        widgets += [self.holidays, self.language]
        widgets += [*self.notes.values(), self.people]
        blockers = [QSignalBlocker(w) for w in widgets]
        index = self._choice_index(values.application_id)
        self.application.setCurrentIndex(index)
        self.new_app.setVisible(index == 0)
        self.company.setEditText(values.company_name)
        self.role.setText(values.role)
        self.date.setText(values.date)
        self.start.setText(values.start)
        self.end.setText(values.end)
        self.zone.setEditText(values.timezone)
        self.holidays.set_value(values.country, values.region, values.timezone.strip())
        self.format.setCurrentIndex(max(self.format.findData(values.format), 0))
        self.round.setValue(values.round)
        for key, edit in self.notes.items():
            edit.setPlainText(values.notes.get(key, ""))
        self.people.set_values(values.people)
        self.decision.setText(values.decision_date)
        self.events.setText(values.events)
        self.language.setCurrentIndex(max(self.language.findData(values.language), 0))
        del blockers
        self.show_automatic_language()
        self._show_duration()
        self.show_errors({})
        self.fix_tab_order()

    def show_errors(self, errors: dict[str, str]) -> None:
        self.errors.show(errors)
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
        order = ["company", "role", "date", "start", "end", "timezone", "country", *people]
        key = next((k for k in [*order, "decision_date", "events"] if k in errors), None)
        if key is None:
            return
        widget = self._widget_for(key)
        widget.setFocus()
        self.ensureWidgetVisible(widget)
