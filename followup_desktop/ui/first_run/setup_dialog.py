"""The first-run setup (``values.needs_setup`` says when): a welcome page with three ways to
start, then two short pages of fields. "Save and start" writes the profile in one transaction.

The dialog writes nothing else and starts nothing itself: "Try the demo first" emits
``demo_wanted`` (app/run.py starts the app on a temporary demo database, in a process of its
own, so no sample record reaches the user's file); what was saved or imported is said by
``saved`` and ``imported`` (one sentence for the status bar).
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from zoneinfo import available_timezones

from PySide6.QtCore import QSignalBlocker, Qt, QTime, QTimeZone, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCommandLinkButton,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop import APP_NAME
from followup_desktop.core.clock import Now
from followup_desktop.core.interchange_fields import InterchangeError
from followup_desktop.core.zones import country_for_zone
from followup_desktop.store import queries
from followup_desktop.store.db import Database, StoreError
from followup_desktop.ui.common.filing import FilingError
from followup_desktop.ui.common.view import guarded
from followup_desktop.ui.first_run import values as data
from followup_desktop.ui.settings.settings_view import (
    combo_value,
    completing_combo,
    country_combo,
    fill_regions,
)

WELCOME, ABOUT, WHERE = range(3)
#: The three ways to start look like choices and show which one Enter takes (the platform's
#: command links draw no frame and, in some styles, no focus).
CHOICES_STYLE = """
QCommandLinkButton { border: 1px solid palette(mid); border-radius: 6px; padding: 8px; }
QCommandLinkButton:hover { background: palette(alternate-base); }
QCommandLinkButton:focus { border: 2px solid palette(highlight); }
"""
INTRO = (
    "The app plans your follow-ups after each interview: a thank-you the next business morning, "
    "check-ins that never pester, all at the right hour in the employer's time zone. "
    "How would you like to start?"
)


def ask_import_path(parent: QWidget) -> Path | None:
    """The tracker to import, chosen by the user (tests replace this function)."""
    path, _ = QFileDialog.getOpenFileName(
        parent,
        "Import my tracker",
        str(Path.home()),
        "Trackers (*.csv *.json);;Spreadsheet saved as CSV (*.csv);;Follow-up Desktop (*.json)",
    )
    return Path(path) if path else None


def system_zone() -> str | None:
    """The computer's IANA time zone: Qt's answer, else where /etc/localtime points."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "ignore")
    return name if data.usable_zone(name) else data.zone_from_localtime()


def _label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # file names and sentences about files
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class SetupDialog(QDialog):
    """Welcome (set up, demo, import), About you, Where and when."""

    #: The profile was saved: one sentence for the status bar.
    saved = Signal(str)
    #: A tracker was imported: one sentence for the status bar.
    imported = Signal(str)
    #: The user chose "Try the demo first" (the dialog then closes without writing).
    demo_wanted = Signal()

    def __init__(
        self, db: Database, now: Now, zone: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.now, self.zone = db, now, zone
        self.errors: dict[str, QLabel] = {}
        self._country_chosen = False  # by the user: the zone no longer picks it
        self.setWindowTitle(f"Set up {APP_NAME}")
        self.setModal(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._welcome_page())
        self.pages.addWidget(self._about_page())
        self.pages.addWidget(self._where_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(640, 500)
        self.fill(data.values_for(queries.get_profile(db), zone))
        self._connect()
        self.go(WELCOME)

    # --- pages --------------------------------------------------------------------------------

    def _welcome_page(self) -> QWidget:
        page = QWidget()
        page.setStyleSheet(CHOICES_STYLE)
        column = QVBoxLayout(page)
        title = _label(f"Welcome to {APP_NAME}", "viewHeading")
        column.addWidget(title)
        column.addWidget(_label(INTRO))
        column.addSpacing(8)
        self.setup_button = QCommandLinkButton(
            "&Set up my profile",
            "Your name and contact details for the signature, your home time zone, "
            "and how often to follow up. About a minute.",
        )
        self.demo_button = QCommandLinkButton(
            "Try the &demo first",
            "Opens a separate window with a sample job search on a temporary file. "
            "Nothing is added to your own data; this setup comes back next time.",
        )
        self.import_button = QCommandLinkButton(
            "&Import my tracker",
            "A spreadsheet saved as CSV (columns such as Company, Role, Status, Contact, "
            "Interview) or a Follow-up Desktop .json file. Then check your details.",
        )
        for button in (self.setup_button, self.demo_button, self.import_button):
            column.addWidget(button)
        self.welcome_error = _label(name="fieldError")
        self.welcome_error.hide()
        column.addWidget(self.welcome_error)
        column.addStretch(1)
        self.later_button = QPushButton("&Not now")
        self.later_button.setToolTip("Close; the setup is offered again while your file is empty")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.later_button)
        column.addLayout(row)
        return page

    def _page(self, title: str, step: str, lead: str) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(_label(title, "viewHeading"))
        column.addWidget(_label(step, "hint"))
        column.addWidget(_label(lead))
        return page, column

    def _about_page(self) -> QWidget:
        page, column = self._page(
            "About you",
            "Step 1 of 2",
            "Your messages are signed with these. Only the name is needed.",
        )
        self.imported_note = _label(name="saveResult")
        self.imported_note.hide()
        column.insertWidget(1, self.imported_note)
        self.name = QLineEdit()
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@example.org")
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("+1 555 0100")
        self.linkedin = QLineEdit()
        self.linkedin.setPlaceholderText("https://www.linkedin.com/in/you")
        self.portfolio = QLineEdit()
        self.portfolio.setPlaceholderText("https://your.portfolio")
        form = self._form(column)
        self._row(form, "&Name:", self.name, "name")
        self._row(form, "&Email:", self.email, "email")
        self._row(form, "&Phone:", self.phone, "phone")
        self._row(form, "&LinkedIn:", self.linkedin, "linkedin")
        self._row(form, "P&ortfolio:", self.portfolio, "portfolio", "A website or work samples.")
        column.addStretch(1)
        self.back_button = QPushButton("&Back")
        self.next_button = QPushButton("Ne&xt")
        column.addLayout(self._buttons(self.back_button, self.next_button))
        return page

    def _where_page(self) -> QWidget:
        page, column = self._page(
            "Where and when",
            "Step 2 of 2",
            "Planning uses business days and your morning; change any of it later in Settings.",
        )
        self.timezone = completing_combo(sorted(available_timezones()), "Home time zone")
        self.country = country_combo()
        self.country.setAccessibleName("Country or region for holidays")
        self.subdivision = QComboBox()
        self.subdivision.setEditable(True)
        self.subdivision.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.cadence = QComboBox()
        for value, words, _what in data.preset_choices():
            self.cadence.addItem(words, value)
        self.send_time = QTimeEdit()
        self.send_time.setDisplayFormat("HH:mm")
        self.send_time.setMaximumWidth(120)
        form = self._form(column)
        self.zone_hint = self._row(form, "Home &time zone:", self.timezone, "timezone", " ")
        self._row(
            form,
            "&Country:",
            self.country,
            "country",
            "Where you live. Employers keep their own country's holidays (from their time "
            "zone); yours count where a zone names no country.",
        )
        self._row(form, "Re&gion:", self.subdivision, "subdivision")
        self.cadence_help = self._row(form, "&Follow-up preset:", self.cadence, "cadence", " ")
        self._row(
            form,
            "&Send time:",
            self.send_time,
            "send_time",
            "The morning hour messages are planned for, in the employer's time zone.",
        )
        column.addStretch(1)
        self.back2_button = QPushButton("&Back")
        self.finish_button = QPushButton("Save and &start")
        column.addLayout(self._buttons(self.back2_button, self.finish_button))
        return page

    @staticmethod
    def _form(column: QVBoxLayout) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        column.addSpacing(6)
        column.addLayout(form)
        return form

    def _row(
        self, form: QFormLayout, label: str, widget: QWidget, key: str, hint: str = ""
    ) -> QLabel:
        """A field with its hint and (hidden until needed) error sentence under it."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        short = widget.maximumWidth() < 10_000
        column.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft if short else Qt.AlignmentFlag(0))
        note = _label(hint, "hint")
        note.setVisible(bool(hint))
        column.addWidget(note)
        error = _label(name="fieldError")
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
    def _buttons(back: QPushButton, forward: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(back)
        row.addStretch(1)
        row.addWidget(forward)
        return row

    def _connect(self) -> None:
        self.setup_button.clicked.connect(lambda: self.go(ABOUT))
        self.demo_button.clicked.connect(self.try_demo)
        self.import_button.clicked.connect(self.import_tracker)
        self.later_button.clicked.connect(self.reject)
        self.back_button.clicked.connect(lambda: self.go(WELCOME))
        self.next_button.clicked.connect(self.next_page)
        self.back2_button.clicked.connect(lambda: self.go(ABOUT))
        self.finish_button.clicked.connect(self.finish)
        for key in data.PAGES[0]:
            edit = getattr(self, key)
            edit.textEdited.connect(lambda _t, key=key: self._clear_error(key))
        self.timezone.editTextChanged.connect(self._zone_changed)
        self.country.activated.connect(self._country_picked)
        self.country.editTextChanged.connect(lambda _t: self._clear_error("country"))
        self.country.currentIndexChanged.connect(self._country_changed)
        self.subdivision.editTextChanged.connect(lambda _t: self._clear_error("subdivision"))
        self.cadence.currentIndexChanged.connect(self._cadence_changed)

    # --- moving between pages -----------------------------------------------------------------

    def go(self, index: int) -> None:
        """Show page ``index``: its main button answers Enter, its first field has the cursor."""
        self.pages.setCurrentIndex(index)
        primary = {WELCOME: self.setup_button, ABOUT: self.next_button, WHERE: self.finish_button}
        for button in self.findChildren(QPushButton):
            button.setDefault(button is primary[index])
        first: QWidget = {WELCOME: self.setup_button, ABOUT: self.name, WHERE: self.timezone}[index]
        first.setFocus(Qt.FocusReason.TabFocusReason)

    def next_page(self) -> None:
        """About you -> Where and when, once the page's own fields read well."""
        if self._show_errors(data.PAGES[0]):
            self.go(WHERE)

    def _show_errors(self, fields: tuple[str, ...] = ()) -> bool:
        """Check ``fields`` (all when empty); show each sentence under its field. True if fine."""
        checked = data.check_setup(self.form_values(), queries.get_profile(self.db), fields)
        for key, label in self.errors.items():
            if not fields or key in fields:
                label.setText(checked.errors.get(key, ""))
                label.setVisible(key in checked.errors)
        if checked.errors:
            first = next(k for page in data.PAGES for k in page if k in checked.errors)
            widget = getattr(self, first)
            if not widget.isVisible():
                self.go(ABOUT if first in data.PAGES[0] else WHERE)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return not checked.errors

    def _clear_error(self, key: str) -> None:
        self.errors[key].hide()

    # --- the fields ---------------------------------------------------------------------------

    def fill(self, values: data.SetupValues) -> None:
        self.name.setText(values.name)
        self.email.setText(values.email)
        self.phone.setText(values.phone)
        self.linkedin.setText(values.linkedin)
        self.portfolio.setText(values.portfolio)
        with QSignalBlocker(self.timezone):
            self.timezone.setCurrentText(values.timezone)
        self._show_zone_source(values.timezone)
        self._set_country(values.country)
        region = self.subdivision.findData(values.subdivision) if values.subdivision else 0
        if region >= 0:
            self.subdivision.setCurrentIndex(region)
        else:
            self.subdivision.setCurrentText(values.subdivision)
        self.cadence.setCurrentIndex(max(self.cadence.findData(values.cadence), 0))
        self._cadence_changed()
        self.send_time.setTime(QTime(values.send_time.hour, values.send_time.minute))

    def form_values(self) -> data.SetupValues:
        qtime = self.send_time.time()
        return data.SetupValues(
            name=self.name.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            linkedin=self.linkedin.text(),
            portfolio=self.portfolio.text(),
            timezone=self.timezone.currentText(),
            country=combo_value(self.country),
            subdivision=combo_value(self.subdivision),
            cadence=self.cadence.currentData() or "",
            send_time=time(qtime.hour(), qtime.minute()),
        )

    def _show_zone_source(self, zone: str) -> None:
        same = self.zone is not None and zone == self.zone
        self.zone_hint.setText("Taken from this computer." if same else "")
        self.zone_hint.setVisible(same)

    def _set_country(self, code: str) -> None:
        self.country.setCurrentIndex(max(self.country.findData(code), 0))
        fill_regions(self.subdivision, code)

    def _zone_changed(self, text: str) -> None:
        """A new home zone picks its country, until the user picks one."""
        self._clear_error("timezone")
        self._show_zone_source(text.strip())
        zone = data.matched_zone(text)  # 'berlin' picks Germany as 'Europe/Berlin' does
        if not self._country_chosen and zone is not None:
            self._set_country(country_for_zone(zone) or "")

    def _country_picked(self, _index: int) -> None:
        self._country_chosen = True

    def _country_changed(self) -> None:
        fill_regions(self.subdivision, self.country.currentData() or "")

    def _cadence_changed(self) -> None:
        value = self.cadence.currentData()
        what = {v: w for v, _n, w in data.preset_choices()}.get(value, "")
        self.cadence_help.setText(what)
        self.cadence_help.setVisible(bool(what))

    # --- the choices --------------------------------------------------------------------------

    def try_demo(self) -> None:
        """Close without writing; app/run.py opens the demo in a window of its own."""
        self.demo_wanted.emit()
        self.reject()

    @guarded("Import my tracker")
    def import_tracker(self) -> None:
        path = ask_import_path(self)
        if path is None:
            return
        zone = self.timezone.currentText().strip()
        try:
            sentence = data.import_tracker(self.db, path, self.now(), zone)
        except (InterchangeError, FilingError, StoreError) as exc:
            self.welcome_error.setText(str(exc))
            self.welcome_error.show()
            return
        self.welcome_error.hide()
        self.imported.emit(sentence)
        self._country_chosen = False
        self.fill(data.values_for(queries.get_profile(self.db), self.zone))
        self.imported_note.setText(f"{sentence} Now check your details.")
        self.imported_note.show()
        self.go(ABOUT)

    @guarded("Save the setup")
    def finish(self) -> None:
        """Check every field; store the profile (one transaction) and close."""
        if not self._show_errors():
            return
        checked = data.check_setup(self.form_values(), queries.get_profile(self.db))
        assert checked.profile is not None  # _show_errors found nothing
        data.save_setup(self.db, checked.profile, self.now())
        profile = checked.profile
        words = self.cadence.currentText()
        self.saved.emit(
            f"Welcome, {profile.name}: planning in {profile.timezone} time, {words} preset. "
            "Record your first interview with Ctrl+N."
        )
        self.accept()
