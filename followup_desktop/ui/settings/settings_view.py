"""Settings: the profile form, and the reminder, mail account and backup panels beside it.

The profile is kept only by **Save profile** (which validates every field, then re-plans every
follow-up); the Reminders, Mail accounts and Backups panels apply each change at once. On a
wide window the profile and the panels stand side by side, each column at most a readable
width; on a narrow one they stack.
"""

from __future__ import annotations

from datetime import time
from zoneinfo import available_timezones

from PySide6.QtCore import QSignalBlocker, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
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
from followup_desktop.ui.settings.mail_panel import MailPanel
from followup_desktop.ui.settings.reminders_panel import RemindersPanel

FIELDS = ("name", "email", "phone", "links", "timezone", "country", "subdivision", "cadence")
#: Side by side from this width of the view (1366x768 has ~1200); stacked below it.
TWO_COLUMNS_FROM = 1100
#: The widest a column grows: fields stay a readable length on a 1920-pixel screen.
COLUMN_MAX = 660
PROFILE_SAVED_BY = (
    "Used to sign and to plan your messages. Kept when you press Save profile (Ctrl+S); "
    "Revert brings back what is stored."
)
PANELS_APPLY = (
    "Reminders, mail accounts and backups apply as soon as you change them: there is nothing "
    "to save."
)


def completing_combo(items: list[str], name: str) -> QComboBox:
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


def country_combo() -> QComboBox:
    """The countries the holiday calendar knows ("Germany (DE)", data: the code), typed or
    picked; the first item, "(none)", has the code ""."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    _no_measuring(combo)
    combo.addItem("(none)", "")
    for code, country_name in data.countries():
        combo.addItem(f"{country_name} ({code})", code)
    completer = QCompleter(combo.model(), combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    combo.setCompleter(completer)
    return combo


def fill_regions(combo: QComboBox, country: str) -> None:
    """The regions of ``country`` in ``combo`` ("(whole country)" first, data: the code)."""
    with QSignalBlocker(combo):
        combo.clear()
        combo.addItem("(whole country)", "")
        for code, region_name in data.subdivisions(country) if country else []:
            combo.addItem(f"{code} — {region_name}" if region_name else code, code)


def combo_value(combo: QComboBox) -> str:
    """The chosen item's code, or the text as typed when it is not one of the items."""
    text = combo.currentText().strip()
    index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
    if index >= 0:
        return combo.itemData(index) or ""
    return text


def _no_measuring(combo: QComboBox) -> None:
    """Size a long combo from a fixed length instead of measuring hundreds of items."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(24)


class SettingsView(View):
    """Name, contact details, zone, employer-holiday country, cadence and send time (saved by
    Save profile), beside the Reminders, Mail accounts and Backups panels (which apply at once)."""

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.dirty = False
        self.errors: dict[str, QLabel] = {}
        self._build_fields()
        self.profile = self._profile_panel()
        self.reminders = RemindersPanel(db, now)  # applies its changes at once
        self.mail = MailPanel(db, now)
        self.backups = BackupsPanel(db, now)
        self._lay_out()
        self._connect()

    def _build_fields(self) -> None:
        self.name = QLineEdit()
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@example.org")
        self.phone = QLineEdit()
        self.links = QPlainTextEdit()
        self.links.setPlaceholderText("https://www.linkedin.com/in/you\nhttps://your.portfolio")
        self.links.setTabChangesFocus(True)
        self.links.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.timezone = completing_combo(sorted(available_timezones()), "Time zone")
        self.country = country_combo()
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
        self.save_button = QPushButton("&Save profile")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Keep the profile above and re-plan every follow-up (Ctrl+S)")
        self.revert_button = QPushButton("&Revert")
        self.revert_button.setToolTip("Show the stored profile again, dropping what you typed")
        self.result = QLabel()
        self.result.setObjectName("saveResult")
        self.result.setWordWrap(True)

    def _profile_panel(self) -> QGroupBox:
        """The profile's three parts and, under them, the buttons that keep it."""
        panel = QGroupBox("Profile")
        panel.setObjectName("profilePanel")
        column = QVBoxLayout(panel)
        column.addWidget(_hint(PROFILE_SAVED_BY))
        you = self._section(column, "You (used to sign your messages)")
        self._row(you, "&Name:", self.name, "name")
        self._row(you, "&Email:", self.email, "email")
        self._row(you, "&Phone:", self.phone, "phone")
        self._row(you, "&Links (one per line):", self.links, "links")
        where = self._section(column, "Where you are")
        self._row(where, "&Time zone:", self.timezone, "timezone")
        self._row(where, "&Country:", self.country, "country", "Holidays when a company sets none.")
        self._row(where, "Re&gion:", self.subdivision, "subdivision")
        plan = self._section(column, "Planning")
        cadence_help = self._row(plan, "C&adence:", self.cadence, "cadence", " ")
        assert cadence_help is not None
        self.cadence_help = cadence_help
        self._row(
            plan,
            "&Morning send time:",
            self.send_time,
            "send_time",
            "Employer-local time messages are planned for.",
        )
        self._row(
            plan,
            "M&inimum spacing:",
            self.min_spacing,
            "min_spacing_days",
            "Days between two messages to the same person.",
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.result, 1)
        column.addSpacing(6)
        column.addLayout(buttons)
        self._align_labels(panel)
        return panel

    def _lay_out(self) -> None:
        self.profile.setMaximumWidth(COLUMN_MAX)
        self.panels = QWidget()
        self.panels.setMaximumWidth(COLUMN_MAX)
        side = QVBoxLayout(self.panels)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(_hint(PANELS_APPLY))
        side.addWidget(self.reminders)
        side.addSpacing(12)
        side.addWidget(self.mail)
        side.addSpacing(12)
        side.addWidget(self.backups)
        side.addStretch(1)
        content = QWidget()
        outer = QVBoxLayout(content)
        self.columns = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.columns.setSpacing(24)
        self.columns.addWidget(self.profile, 1, Qt.AlignmentFlag.AlignTop)
        self.columns.addWidget(self.panels, 1, Qt.AlignmentFlag.AlignTop)
        self.columns.addStretch(0)
        outer.addLayout(self.columns)
        outer.addStretch(1)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroller.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Settings"))
        layout.addWidget(self.scroller, 1)

    def _connect(self) -> None:
        self.backups.message.connect(self.message)
        self.mail.message.connect(self.message)
        self.backups.restored.connect(self._restored)
        self.country.currentIndexChanged.connect(self._country_changed)
        self.cadence.currentIndexChanged.connect(self._cadence_changed)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for key, line in (("name", self.name), ("email", self.email), ("phone", self.phone)):
            line.textEdited.connect(lambda _t, key=key: self._edited(key))
        self.links.textChanged.connect(lambda: self._edited("links"))
        for key, combo in (
            ("timezone", self.timezone),
            ("country", self.country),
            ("subdivision", self.subdivision),
        ):
            combo.editTextChanged.connect(lambda _t, key=key: self._edited(key))
        self.cadence.currentIndexChanged.connect(lambda _i: self._edited("cadence"))
        self.send_time.timeChanged.connect(lambda _t: self._edited("send_time"))
        self.min_spacing.valueChanged.connect(lambda _v: self._edited("min_spacing_days"))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        wide = self.width() >= TWO_COLUMNS_FROM
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)

    def side_by_side(self) -> bool:
        """Whether the profile and the panels stand in two columns (a wide enough view)."""
        return self.columns.direction() == QBoxLayout.Direction.LeftToRight

    # --- layout helpers ---------------------------------------------------------------------

    @staticmethod
    def _section(column: QVBoxLayout, title: str) -> QFormLayout:
        """A titled part of the profile: a bold line, then its form."""
        label = QLabel(title)
        label.setObjectName("sectionTitle")
        label.setStyleSheet("font-weight: 600;")  # over the stylesheet's plain group-box labels
        column.addSpacing(4)
        column.addWidget(label)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        column.addLayout(form)
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
    def _align_labels(panel: QWidget) -> None:
        """One label column width for all parts, so the fields line up."""
        labels = [label for label in panel.findChildren(QLabel) if label.buddy() is not None]
        width = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)

    # --- state ------------------------------------------------------------------------------

    def first_focus(self) -> QWidget:
        return self.name

    def field_widget(self, key: str) -> QWidget | None:
        """The input of a profile field by its key ("name", "links", "timezone", ...)."""
        widgets: dict[str, QWidget] = {
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "links": self.links,
            "timezone": self.timezone,
            "country": self.country,
            "subdivision": self.subdivision,
            "cadence": self.cadence,
            "send_time": self.send_time,
            "min_spacing_days": self.min_spacing,
        }
        return widgets.get(key)

    def focus_field(self, key: str) -> bool:
        """Scroll to the profile field ``key`` and put the cursor in it (a finding's "Open
        Settings"); False for a key that is not a field here."""
        widget = self.field_widget(key)
        if widget is None:
            return False
        self.scroller.ensureWidgetVisible(widget, 24, 48)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        return True

    def _edited(self, key: str = "") -> None:
        """Typing: the form holds unsaved changes, and the field's old error no longer holds."""
        self.dirty = True
        error = self.errors.get(key)
        if error is not None and not error.isHidden():
            error.hide()

    def refresh(self) -> None:
        """Reload the stored profile, unless the form holds unsaved typing; re-list the mail
        accounts (their last check)."""
        if not self.dirty:
            self.load()
        self.mail.refresh()

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
        fill_regions(self.subdivision, country)

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
            country=combo_value(self.country),
            subdivision=combo_value(self.subdivision),
            cadence=self.cadence.currentData() or "",
            send_time=time(qtime.hour(), qtime.minute()),
            min_spacing_days=self.min_spacing.value(),
        )

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


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label
