"""The reschedule dialog: a new day and time for a follow-up, in the employer's time or the user's.

It says what the choice means in both zones, warns when the employer's day is not a business
day or the time has passed, and reminds that a time chosen by hand survives re-planning. The day
is typed as the locale writes it or picked from a calendar, the time typed whole (also over a
selection); text that is neither is named in one sentence and keeps the dialog from accepting.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.planner import employer_calendar
from followup_desktop.store import queries
from followup_desktop.store.db import Database
from followup_desktop.ui.calendar.rows import (
    WAKING_END,
    WAKING_START,
    CalItem,
    outside_waking_hours,
    title,
    zone_city,
)
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common.when_row import WhenRow


class RescheduleDialog(QDialog):
    def __init__(
        self,
        db: Database,
        item: CalItem,
        now: datetime,
        parent: QWidget | None = None,
        *,
        locale: QLocale | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reschedule follow-up")
        self.setObjectName("rescheduleDialog")
        self.db, self.item, self.now = db, item, now
        self.user_zone = queries.get_profile(db).timezone
        self._calendar = self._employer_calendar()

        heading = QLabel(title(item))  # names from the user's records: plain text
        heading.setTextFormat(Qt.TextFormat.PlainText)
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        heading.setWordWrap(True)
        when = self.when = WhenRow(
            time_name="Time", zone_name="Time zone of the time typed", locale=locale
        )
        self.date, self.time, self.zone = when.date, when.time, when.zone
        self.zone.addItem(f"your time ({zone_city(self.user_zone)})", self.user_zone)
        if item.zone and item.zone != self.user_zone:
            self.zone.addItem(f"their time ({zone_city(item.zone)})", item.zone)
            self.zone.setCurrentIndex(1)
        self.preview = QLabel()
        self.preview.setObjectName("reschedulePreview")
        self.preview.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setObjectName("rescheduleWarning")
        self.warning.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # it quotes what was typed
        self.error.setWordWrap(True)
        self.error.hide()
        note = QLabel(
            "A time you choose is yours: it stays when the plan is recomputed, and the "
            "calendar marks the item “moved by you”."
        )
        note.setObjectName("hint")
        note.setWordWrap(True)

        form = QFormLayout()
        field = QVBoxLayout()
        field.setSpacing(2)
        field.addLayout(when)
        field.addWidget(self.error)
        field.addWidget(self.preview)
        label = QLabel("&Move to")
        label.setBuddy(self.date)
        form.addRow(label, field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Reschedule")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        now_label = QLabel(f"Now: {self._describe(item.start)}")
        now_label.setTextFormat(Qt.TextFormat.PlainText)
        now_label.setWordWrap(True)
        layout.addWidget(now_label)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self._set_fields(item.start)
        for signal in (self.date.dateChanged, self.time.timeChanged):
            signal.connect(self._update)
        for field_ in (self.date, self.time):
            field_.problem_changed.connect(self._show_problem)
        self.zone.currentIndexChanged.connect(self._zone_changed)
        self._shown_zone = self.zone.currentData()
        self._update()
        self.resize(560, self.sizeHint().height())

    def _show_problem(self, _text: str = "") -> None:
        """One sentence under the fields while a day or a time cannot be read, instead of the
        preview and the warnings (they would be about the last good value); no Reschedule."""
        problem = self.when.problem()
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
        self.preview.setVisible(not problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
        self._update()

    def accept(self) -> None:
        """Take what is typed (Enter may come before the field is left), or say why not."""
        if self.when.commit():
            self._show_problem()
            return
        super().accept()

    def _employer_calendar(self):
        try:
            app = queries.get_application(self.db, self.item.application)
            company = queries.get_company(self.db, app.company) if app else None
            if company is None:
                return None
            return employer_calendar(queries.get_profile(self.db), company)
        except ValueError:  # a bad country code must not block a reschedule
            return None

    def _set_fields(self, instant: datetime) -> None:
        self.when.set_wall(instant.astimezone(fmt.safe_zone(self.zone.currentData())))

    def _zone_changed(self) -> None:
        """Keep the same moment when the zone of the typed time changes."""
        before = self._chosen_in(self._shown_zone)
        self._shown_zone = self.zone.currentData()
        self._set_fields(before)
        self._update()

    def _chosen_in(self, zone_name: str) -> datetime:
        wall = self.when.wall()
        zone = fmt.safe_zone(zone_name)
        local = wall.replace(tzinfo=zone)
        back = local.astimezone(fmt.safe_zone("UTC")).astimezone(zone)
        if back.replace(tzinfo=None) != wall:  # inside a DST gap: the first valid minute after
            local = back
        return local

    def chosen(self) -> datetime:
        """The new due time (aware)."""
        return self._chosen_in(self.zone.currentData())

    def _describe(self, instant: datetime) -> str:
        mine = instant.astimezone(fmt.safe_zone(self.user_zone))
        text = f"{fmt.day_text(mine.date())} {fmt.time_text(mine)} your time"
        if self.item.zone and self.item.zone != self.user_zone:
            theirs = instant.astimezone(fmt.safe_zone(self.item.zone))
            text = (
                f"{fmt.day_text(theirs.date())} {fmt.time_text(theirs)} in "
                f"{zone_city(self.item.zone)} = {text}"
            )
        return text

    def _update(self) -> None:
        chosen = self.chosen()
        self.preview.setText(f"= {self._describe(chosen)}")
        warnings = []
        mine = chosen.astimezone(fmt.safe_zone(self.user_zone))
        if chosen < self.now:
            warnings.append("This time has already passed: the item will show as overdue.")
        if outside_waking_hours(mine):
            warnings.append(
                f"That is {fmt.time_text(mine)} for you, outside your waking hours "
                f"({fmt.time_text(WAKING_START)}–{fmt.time_text(WAKING_END)})."
            )
        if self._calendar is not None:
            theirs = chosen.astimezone(self._calendar.zone).date()
            why = self._calendar.skip_reason(theirs)
            if why:
                warnings.append(
                    f"{fmt.day_text(theirs)} is not a business day in "
                    f"{zone_city(self._calendar.zone_name)} ({why})."
                )
        self.warning.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warning.setVisible(bool(warnings) and not self.when.problem())
