"""Settings: the profile form. Saving validates every field, then re-plans every follow-up."""

from __future__ import annotations

from datetime import time
from zoneinfo import available_timezones

from PySide6.QtCore import QSignalBlocker, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.clock import Now
from followup_desktop.store import queries
from followup_desktop.store.db import Database
from followup_desktop.ui.common.view import View, guarded, heading
from followup_desktop.ui.settings import values as data
from followup_desktop.ui.settings.backups_panel import BackupsPanel
from followup_desktop.ui.settings.reminders_panel import RemindersPanel

FIELDS = ("name", "email", "phone", "links", "timezone", "country", "subdivision", "cadence")


def _completing_combo(items: list[str], name: str) -> QComboBox:
    """An editable combo whose completer matches anywhere in the text, ignoring case."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(items)
    combo.setAccessibleName(name)
    _no_measuring(combo)
    completer = QCompleter(items, combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    combo.setCompleter(completer)
    return combo


def _no_measuring(combo: QComboBox) -> None:
    """Size a long combo from a fixed length instead of measuring hundreds of items."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(24)


class SettingsView(View):
    """Name, contact details, zone, employer-holiday country, cadence and send time."""

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.dirty = False
        self.errors: dict[str, QLabel] = {}

        self.name = QLineEdit()
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@example.org")
        self.phone = QLineEdit()
        self.links = QPlainTextEdit()
        self.links.setPlaceholderText("https://www.linkedin.com/in/you\nhttps://your.portfolio")
        self.links.setTabChangesFocus(True)
        self.links.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.timezone = _completing_combo(sorted(available_timezones()), "Time zone")
        self.country = QComboBox()
        self.country.setEditable(True)
        self.country.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        _no_measuring(self.country)
        self.country.addItem("(none)", "")
        for code, country_name in data.countries():
            self.country.addItem(f"{country_name} ({code})", code)
        completer = QCompleter(self.country.model(), self.country)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.country.setCompleter(completer)
        self.subdivision = QComboBox()
        self.subdivision.setEditable(True)
        self.subdivision.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        _no_measuring(self.subdivision)
        self.cadence = QComboBox()
        for value, (label, _) in data.CADENCE_WORDS.items():
            self.cadence.addItem(label, str(value))
        self.send_time = QTimeEdit()
        self.send_time.setDisplayFormat("HH:mm")
        self.send_time.setMaximumWidth(120)
        self.min_spacing = QSpinBox()
        self.min_spacing.setRange(1, 60)
        self.min_spacing.setSuffix(" days")
        self.min_spacing.setMaximumWidth(120)
        self.save_button = QPushButton("&Save")
        self.save_button.setDefault(True)
        self.revert_button = QPushButton("&Revert")
        self.result = QLabel()
        self.result.setObjectName("saveResult")
        self.result.setWordWrap(True)

        you = QGroupBox("You (used to sign your messages)")
        form = self._form(you)
        self._row(form, "&Name:", self.name, "name")
        self._row(form, "&Email:", self.email, "email")
        self._row(form, "&Phone:", self.phone, "phone")
        self._row(form, "&Links (one per line):", self.links, "links")
        where = QGroupBox("Where you are")
        form = self._form(where)
        self._row(form, "&Time zone:", self.timezone, "timezone")
        self._row(form, "&Country:", self.country, "country", "Holidays when a company sets none.")
        self._row(form, "Re&gion:", self.subdivision, "subdivision")
        plan = QGroupBox("Planning")
        form = self._form(plan)
        cadence_help = self._row(form, "C&adence:", self.cadence, "cadence", " ")
        assert cadence_help is not None
        self.cadence_help = cadence_help
        self._row(
            form,
            "&Morning send time:",
            self.send_time,
            "send_time",
            "Employer-local time messages are planned for.",
        )
        self._row(
            form,
            "M&inimum spacing:",
            self.min_spacing,
            "min_spacing_days",
            "Days between two messages to the same person.",
        )

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.result, 1)
        content = QWidget()
        content.setMaximumWidth(760)
        column = QVBoxLayout(content)
        for group in (you, where, plan):
            column.addWidget(group)
        column.addLayout(buttons)
        self.reminders = RemindersPanel(db, now)  # applies its changes at once
        column.addSpacing(12)
        column.addWidget(self.reminders)
        self.backups = BackupsPanel(db, now)
        self.backups.message.connect(self.message)
        self.backups.restored.connect(self._restored)
        column.addSpacing(12)
        column.addWidget(self.backups)
        column.addStretch(1)
        self._align_labels(you, where, plan)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Settings"))
        layout.addWidget(scroll, 1)

        self.country.currentIndexChanged.connect(self._country_changed)
        self.cadence.currentIndexChanged.connect(self._cadence_changed)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for line in (self.name, self.email, self.phone):
            line.textEdited.connect(self._edited)
        self.links.textChanged.connect(self._edited)
        for combo in (self.timezone, self.country, self.subdivision):
            combo.editTextChanged.connect(self._edited)
        self.cadence.currentIndexChanged.connect(self._edited)
        self.send_time.timeChanged.connect(self._edited)
        self.min_spacing.valueChanged.connect(self._edited)

    # --- layout helpers ---------------------------------------------------------------------

    @staticmethod
    def _form(group: QGroupBox) -> QFormLayout:
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        return form

    def _row(
        self, form: QFormLayout, label: str, widget: QWidget, key: str, hint: str = ""
    ) -> QLabel | None:
        """A field with its hint and (hidden until needed) error sentence under it."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if widget.maximumWidth() < 10_000:  # a short field stays short, at the left
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            column.addWidget(widget)
        note = None
        if hint:
            note = QLabel(hint)
            note.setObjectName("hint")
            note.setWordWrap(True)
            column.addWidget(note)
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        error.hide()
        column.addWidget(error)
        self.errors[key] = error
        form.addRow(label, box)
        buddy = form.labelForField(box)
        if isinstance(buddy, QLabel):
            buddy.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", "").rstrip(":"))
        return note

    @staticmethod
    def _align_labels(*groups: QGroupBox) -> None:
        """One label column width for all groups, so the fields line up."""
        labels = [
            label
            for group in groups
            for label in group.findChildren(QLabel)
            if label.buddy() is not None
        ]
        width = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)

    # --- state ------------------------------------------------------------------------------

    def first_focus(self) -> QWidget:
        return self.name

    def _edited(self, *_args) -> None:
        self.dirty = True

    def refresh(self) -> None:
        """Reload the stored profile, unless the form holds unsaved typing."""
        if not self.dirty:
            self.load()

    def _restored(self, text: str) -> None:
        """A backup replaced the data: show its profile, tell every other view."""
        self.load()
        self.message.emit(text)
        self.changed.emit()

    def revert(self) -> None:
        self.load()
        self.result.setText("Changes discarded.")

    def load(self) -> None:
        values = data.values_of(queries.get_profile(self.db))
        blockers = [QSignalBlocker(w) for w in self._inputs()]
        self.name.setText(values.name)
        self.email.setText(values.email)
        self.phone.setText(values.phone)
        self.links.setPlainText(values.links)
        self.timezone.setCurrentText(values.timezone)
        index = self.country.findData(values.country)
        self.country.setCurrentIndex(max(index, 0))
        self._fill_regions(values.country)
        region = self.subdivision.findData(values.subdivision) if values.subdivision else 0
        if region >= 0:
            self.subdivision.setCurrentIndex(region)
        else:
            self.subdivision.setCurrentText(values.subdivision)
        self.cadence.setCurrentIndex(max(self.cadence.findData(values.cadence), 0))
        self.send_time.setTime(QTime(values.send_time.hour, values.send_time.minute))
        self.min_spacing.setValue(values.min_spacing_days)
        del blockers
        self._cadence_changed()
        self.show_errors({})
        self.dirty = False

    def _inputs(self) -> list[QWidget]:
        return [
            self.name,
            self.email,
            self.phone,
            self.links,
            self.timezone,
            self.country,
            self.subdivision,
            self.cadence,
            self.send_time,
            self.min_spacing,
        ]

    def _fill_regions(self, country: str) -> None:
        with QSignalBlocker(self.subdivision):
            self.subdivision.clear()
            self.subdivision.addItem("(whole country)", "")
            for code, region_name in data.subdivisions(country) if country else []:
                self.subdivision.addItem(f"{code} — {region_name}" if region_name else code, code)

    def _country_changed(self) -> None:
        self._fill_regions(self.country.currentData() or "")

    def _cadence_changed(self) -> None:
        value = self.cadence.currentData()
        self.cadence_help.setText(data.CADENCE_WORDS.get(value, ("", ""))[1])

    # --- save -------------------------------------------------------------------------------

    def form_values(self) -> data.SettingsValues:
        qtime = self.send_time.time()
        return data.SettingsValues(
            name=self.name.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            links=self.links.toPlainText(),
            timezone=self.timezone.currentText(),
            country=self._combo_value(self.country),
            subdivision=self._combo_value(self.subdivision),
            cadence=self.cadence.currentData() or "",
            send_time=time(qtime.hour(), qtime.minute()),
            min_spacing_days=self.min_spacing.value(),
        )

    @staticmethod
    def _combo_value(combo: QComboBox) -> str:
        """The chosen item's code, or the text as typed when it is not one of the items."""
        text = combo.currentText().strip()
        index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return combo.itemData(index) or ""
        return text

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)

    @guarded("Save settings")
    def save(self) -> bool:
        """Validate; on success store the profile and re-plan. True when saved."""
        checked = data.check(self.form_values(), queries.get_profile(self.db))
        self.show_errors(checked.errors)
        if checked.profile is None:
            count = len(checked.errors)
            self.result.setText(
                f"Not saved: {count} field{'s' if count != 1 else ''} to correct above."
            )
            return False
        # lazy: the store's writes and the planner, ~5 ms of the first window when it opens on
        # Settings (bench_lazy_imports --view settings)
        from followup_desktop.store.writes import save_profile

        before = {f.id: (f.due, f.status) for f in queries.list_followups(self.db)}
        results = save_profile(self.db, checked.profile, self.now())
        moved = sum(
            1
            for result in results.values()
            for f in result.followups
            if before.get(f.id) != (f.due, f.status)
        )
        self.dirty = False
        self.load()
        text = f"Saved; {moved} follow-up{'s' if moved != 1 else ''} re-planned."
        self.result.setText(text)
        self.message.emit(text)
        self.changed.emit()
        return True
