"""The Reminders section of Settings: how reminders reach you, quiet hours, heads-up, start with
the session. Changes apply at once (the reminder service notices the stored change within
seconds); the start-with-session box installs or removes the autostart entry right away.

Which notifier is in use is asked of the window (``describe_notifier_with``, set by the main
window when it builds Settings); until then, and in tests without reminders, it says they are not
running.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from followup_desktop.core.clock import Now
from followup_desktop.core.reminders import Prefs, QuietHours, Shift
from followup_desktop.paths import default_db_path
from followup_desktop.services.autostart import Autostart, launch_command
from followup_desktop.store import reminder_state
from followup_desktop.store.db import Database, StoreError, db_path

NOT_RUNNING = "Reminders are not running in this window."

DEFAULT_QUIET = QuietHours(time(22, 0), time(7, 0))


def _time_edit(name: str) -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    edit.setAccessibleName(name)
    edit.setMaximumWidth(90)
    return edit


class RemindersPanel(QGroupBox):
    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__("Reminders", parent)
        self.setObjectName("remindersPanel")
        self.db, self.now = db, now
        self.notifier = QLabel()
        self.notifier.setObjectName("notifierInUse")
        self.notifier.setWordWrap(True)
        self._describe_notifier: Callable[[], str] = lambda: NOT_RUNNING
        self.quiet = QCheckBox("&Quiet from")
        self.quiet_start = _time_edit("Quiet hours start")
        self.quiet_end = _time_edit("Quiet hours end")
        self.shift = QComboBox()
        self.shift.setAccessibleName("Reminders due in quiet hours")
        self.shift.addItem("remind me when quiet hours end", str(Shift.AFTER))
        self.shift.addItem("remind me the evening before", str(Shift.BEFORE))
        self.heads_up = QSpinBox()
        self.heads_up.setAccessibleName("Heads-up minutes before")
        self.heads_up.setRange(0, 240)
        self.heads_up.setSingleStep(5)
        self.heads_up.setSuffix(" min before")
        self.heads_up.setSpecialValueText("Off")
        self.heads_up.setMaximumWidth(150)
        self.autostart = QCheckBox("&Start Follow-up Desktop when I log in (in the tray)")
        self.result = QLabel()
        self.result.setObjectName("remindersResult")
        self.result.setWordWrap(True)

        quiet_row = QHBoxLayout()
        quiet_row.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.quiet,
            self.quiet_start,
            QLabel("to"),
            self.quiet_end,
            QLabel("your time"),
        ):
            quiet_row.addWidget(widget)
        quiet_row.addStretch(1)
        quiet_box = QWidget()
        quiet_box.setLayout(quiet_row)
        form = QFormLayout(self)
        form.addRow("Shown by:", self.notifier)
        form.addRow("Quiet hours:", quiet_box)
        form.addRow("Due in quiet hours:", self.shift)
        form.addRow("&Heads-up:", self.heads_up)
        form.addRow("", self.autostart)
        form.addRow("", self.result)
        form.setRowVisible(self.result, False)  # until there is something to say
        self.form = form
        hint = QLabel(
            "Quiet hours are in your time zone; a reminder that falls inside them names the "
            "employer's local time it was planned for."
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        form.addRow("", hint)

        self.load()
        self.quiet.toggled.connect(self.save)
        for edit in (self.quiet_start, self.quiet_end):
            edit.timeChanged.connect(self.save)
        self.shift.currentIndexChanged.connect(self.save)
        self.heads_up.valueChanged.connect(self.save)
        self.autostart.toggled.connect(self.set_autostart)

    # --- state --------------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.load()

    def _autostart(self):
        return Autostart()

    def load(self) -> None:
        try:
            prefs = reminder_state.load_prefs(self.db)
        except StoreError:
            prefs = Prefs()
        quiet = prefs.quiet or DEFAULT_QUIET
        widgets = (self.quiet, self.quiet_start, self.quiet_end, self.shift)
        blockers = [QSignalBlocker(w) for w in (*widgets, self.heads_up, self.autostart)]
        self.quiet.setChecked(prefs.quiet is not None)
        self.quiet_start.setTime(QTime(quiet.start.hour, quiet.start.minute))
        self.quiet_end.setTime(QTime(quiet.end.hour, quiet.end.minute))
        self.shift.setCurrentIndex(max(self.shift.findData(str(quiet.shift)), 0))
        self.heads_up.setValue(prefs.heads_up_minutes)
        self.autostart.setChecked(self._autostart().is_enabled())
        del blockers
        self._enable_quiet()
        self.notifier.setText(self.describe_notifier())

    def describe_notifier_with(self, describe: Callable[[], str]) -> None:
        """Where the sentence about the notifier in use comes from."""
        self._describe_notifier = describe
        self.notifier.setText(self.describe_notifier())

    def describe_notifier(self) -> str:
        return self._describe_notifier()

    def _enable_quiet(self) -> None:
        on = self.quiet.isChecked()
        for widget in (self.quiet_start, self.quiet_end, self.shift):
            widget.setEnabled(on)

    def prefs(self) -> Prefs:
        """The preferences the panel shows (the pause is kept as stored)."""
        stored = reminder_state.load_prefs(self.db)
        quiet = None
        start, end = self.quiet_start.time(), self.quiet_end.time()
        if self.quiet.isChecked() and start != end:
            quiet = QuietHours(
                time(start.hour(), start.minute()),
                time(end.hour(), end.minute()),
                Shift(self.shift.currentData()),
            )
        return Prefs(quiet, self.heads_up.value(), stored.paused_until)

    def save(self, *_args) -> None:
        self._enable_quiet()
        try:
            reminder_state.save_prefs(self.db, self.prefs())
        except StoreError as exc:
            self._say(f"Not saved: {exc}")
            return
        self._say("Saved; reminders follow the new settings.")

    def set_autostart(self, on: bool) -> None:
        path = db_path(self.db)
        custom = Path(path) if path and path != str(default_db_path()) else None
        entry = self._autostart()
        try:
            entry.set_enabled(on, launch_command(custom) if on else None)
        except OSError as exc:
            with QSignalBlocker(self.autostart):
                self.autostart.setChecked(not on)
            self._say(f"Could not change the start with the session: {exc}")
            return
        where = entry.location()
        self._say(
            f"Starts with your session ({where})." if on else "No longer starts with the session."
        )

    def _say(self, text: str) -> None:
        self.result.setText(text)
        self.form.setRowVisible(self.result, bool(text))
