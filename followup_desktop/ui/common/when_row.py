"""A day, a time and the zone they are typed in, on one row: how the reschedule and the
invitation dialogs ask for a moment. The zone list is the dialog's own (its choices differ).

The day is typed as the user's locale writes it (12/01/2026 in en_US, 01.12.2026 in de_DE), or
as ISO 2026-12-01 in any locale, or picked from a calendar (the button, Alt+Down or F4); the
time as people type it ('14:30', '9:05', '2:30 pm', typed over a selection or not). Text that is
neither keeps the last good value and is named in one sentence (``problem()``), which the dialog
shows and which keeps it from accepting.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.when_text import parse_clock, time_text

#: ISO 8601 calendar dates are understood whatever the locale.
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
#: Two-digit years are read as 1970-2069.
BASE_YEAR = 1970
SHORT = QLocale.FormatType.ShortFormat
PlainDate = date  # the fields' ``date()`` methods return a QDate, as Qt's editors do


def display_format(locale: QLocale) -> str:
    """The locale's short date format with a four-digit year ('M/d/yyyy', 'dd.MM.yyyy'); ISO
    for the C locale, whose own short format ('d MM yyyy') nobody writes."""
    if locale.language() == QLocale.Language.C:
        return "yyyy-MM-dd"
    pattern = locale.dateFormat(SHORT)
    return pattern if "yyyy" in pattern else pattern.replace("yy", "yyyy")


def _lenient(pattern: str) -> str:
    """'dd.MM.yyyy' -> 'd.M.yyyy': one digit or two for days and months (Qt reads both)."""
    return re.sub(r"(?<!d)dd(?!d)", "d", re.sub(r"(?<!M)MM(?!M)", "M", pattern))


def typed_day(text: str, locale: QLocale) -> date | None:
    """The day ``text`` names, as ``locale`` writes days or as ISO; None when it names none."""
    typed = " ".join(text.split())
    if not typed:
        return None
    iso = _ISO.fullmatch(typed)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    own = locale.dateFormat(SHORT)
    patterns = dict.fromkeys(  # four-digit years first, then the locale's own two
        [display_format(locale), own, _lenient(display_format(locale)), _lenient(own)]
    )
    for pattern in patterns:
        found = locale.toDate(typed, pattern, BASE_YEAR)
        if found.isValid():
            return date(found.year(), found.month(), found.day())
    return None


def _plain(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class CalendarPopup(QFrame):
    """The calendar a day field opens; a click, Enter or Space picks, Escape closes."""

    picked = Signal(QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("calendarPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(False)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setAccessibleName("Pick a day")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)

    def _pick(self, day: QDate) -> None:
        self.picked.emit(day)
        self.close()

    def open_at(self, day: QDate, where: QPoint) -> None:
        self.calendar.setSelectedDate(day)
        self.adjustSize()
        screen = self.screen().availableGeometry() if self.screen() else None
        x, y = where.x(), where.y()
        if screen is not None:
            x = min(max(x, screen.left()), screen.right() - self.width())
            if y + self.height() > screen.bottom():
                y = max(screen.top(), y - self.height())
        self.move(x, y)
        self.show()
        self.calendar.setFocus()


class DateField(QWidget):
    """A day: typed in the locale's way or as ISO, or picked from a calendar. ``date()`` /
    ``setDate()`` / ``dateChanged`` as a QDateEdit has them."""

    dateChanged = Signal(QDate)
    problem_changed = Signal(str)  # one sentence, or '' when the text is a day again

    def __init__(
        self, name: str = "Day", locale: QLocale | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.locale_ = QLocale(locale) if locale is not None else QLocale()
        self.pattern = display_format(self.locale_)
        self._date = QDate(2000, 1, 1)  # a placeholder: the dialog sets the day before it shows
        self._problem = ""
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(name)
        example = self.text_for(QDate(2026, 12, 1))
        self.edit.setPlaceholderText(example)
        self.edit.setToolTip(
            f"Type the day as {example} or 2026-12-01, or pick it from the calendar (Alt+Down)."
        )
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setAccessibleName(f"Pick the {name.lower()} from a calendar")
        self.button.setToolTip("Pick the day from a calendar (Alt+Down)")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup: CalendarPopup | None = None
        self._build()
        self._connect()
        self.edit.setText(self.text_for(self._date))

    def _build(self) -> None:
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        self.setFocusProxy(self.edit)

    def _connect(self) -> None:
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._finished)
        self.button.clicked.connect(self.open_calendar)
        self.edit.installEventFilter(self)

    def text_for(self, day: QDate) -> str:
        return self.locale_.toString(day, self.pattern)

    # --- the value --------------------------------------------------------------------------

    def date(self) -> QDate:
        return QDate(self._date)

    def setDate(self, day: QDate) -> None:
        self._set(day)
        self.edit.setText(self.text_for(day))
        self._set_problem("")

    def value(self) -> PlainDate:
        return _plain(self._date)

    def problem(self) -> str:
        """'' or the sentence saying why the text typed is not a day."""
        return self._problem

    def _set(self, day: QDate) -> None:
        if day.isValid() and day != self._date:
            self._date = QDate(day)
            self.dateChanged.emit(QDate(day))

    def _set_problem(self, text: str) -> None:
        if text != self._problem:
            self._problem = text
            self.problem_changed.emit(text)

    def _typed(self, text: str) -> None:
        """While typing: take the day as soon as the text is one (the preview follows)."""
        found = typed_day(text, self.locale_)
        if found is not None:
            self._set(QDate(found.year, found.month, found.day))
            self._set_problem("")

    def _finished(self) -> None:
        """Leaving the field: a day is shown the locale's way; anything else is named."""
        text = self.edit.text().strip()
        found = typed_day(text, self.locale_)
        if found is None:
            self._set_problem(
                f"{self.name}: “{text}” is not a day; type it like "
                f"{self.text_for(QDate(2026, 12, 1))} or 2026-12-01, or pick it from the "
                "calendar."
                if text
                else f"{self.name} is empty; type a day like {self.text_for(self._date)}."
            )
            return
        self._set(QDate(found.year, found.month, found.day))
        self.edit.setText(self.text_for(self._date))
        self._set_problem("")

    def commit(self) -> str:
        """Read what is typed now (before OK); '' or the sentence."""
        self._finished()
        return self._problem

    # --- the calendar and the keys ----------------------------------------------------------

    def open_calendar(self) -> CalendarPopup:
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self.setDate)
        self.popup.open_at(self._date, self.mapToGlobal(QPoint(0, self.height())))
        return self.popup

    def eventFilter(self, watched, event) -> bool:
        pressed = isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress
        if watched is self.edit and pressed and self._key(event):
            return True
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        key, alt = Qt.Key(event.key()), event.modifiers() & Qt.KeyboardModifier.AltModifier
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and alt):
            self.open_calendar()
            return True
        steps = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1, Qt.Key.Key_PageUp: 7}
        steps[Qt.Key.Key_PageDown] = -7
        if key in steps and not alt:
            self.setDate(self._date.addDays(steps[key]))
            return True
        return False


class DayLine(QLineEdit):
    """A day typed into a form that keeps text (the notes form and its drafts): the locale's
    way or ISO, or picked from a calendar (the arrow, Alt+Down or F4). ``iso_text()`` is the
    day as ISO when the text names one, else the text as typed (the form's check names it)."""

    def __init__(
        self, name: str, locale: QLocale | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.locale_ = QLocale(locale) if locale is not None else QLocale()
        self.pattern = display_format(self.locale_)
        self.popup: CalendarPopup | None = None
        example = self.locale_.toString(QDate(2026, 12, 1), self.pattern)
        self.setPlaceholderText(example if example == "2026-12-01" else f"{example} or ISO")
        self.setAccessibleName(name)
        self.setToolTip(
            f"Type the day as {example} or 2026-12-01, or pick it from the calendar (Alt+Down)."
        )
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown)
        self.pick = self.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
        self.pick.setToolTip("Pick the day from a calendar (Alt+Down)")
        self.pick.triggered.connect(self.open_calendar)

    def iso_text(self) -> str:
        found = typed_day(self.text(), self.locale_)
        return found.isoformat() if found is not None else self.text()

    def open_calendar(self) -> CalendarPopup:
        found = typed_day(self.text(), self.locale_)
        day = QDate(found.year, found.month, found.day) if found else QDate.currentDate()
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._picked)
        self.popup.open_at(day, self.mapToGlobal(QPoint(0, self.height())))
        return self.popup

    def _picked(self, day: QDate) -> None:
        self.setText(self.locale_.toString(day, self.pattern))
        self.textEdited.emit(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if event.key() == Qt.Key.Key_F4 or (event.key() == Qt.Key.Key_Down and alt):
            self.open_calendar()
            return
        super().keyPressEvent(event)


class TimeField(QLineEdit):
    """A time of day, 24-hour: typed whole ('14:30', '9:05', '0905', '2:30 pm'), over a
    selection or not; Up/Down move it by 15 minutes. ``time()`` / ``setTime()`` /
    ``timeChanged`` as a QTimeEdit has them."""

    timeChanged = Signal(QTime)
    problem_changed = Signal(str)
    STEP_MINUTES = 15

    def __init__(self, name: str = "Time", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._time = QTime(8, 30)
        self._problem = ""
        self.setAccessibleName(name)
        self.setPlaceholderText("14:30")
        self.setToolTip("24-hour clock, e.g. 14:30 (2:30 pm works too); Up/Down: 15 minutes")
        self.setText(time_text(time(8, 30)))
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self._finished)

    def time(self) -> QTime:
        return QTime(self._time)

    def setTime(self, value: QTime) -> None:
        self._set(value)
        self.setText(time_text(time(value.hour(), value.minute())))
        self._set_problem("")

    def problem(self) -> str:
        return self._problem

    def _set(self, value: QTime) -> None:
        value = QTime(value.hour(), value.minute())
        if value.isValid() and value != self._time:
            self._time = value
            self.timeChanged.emit(QTime(value))

    def _set_problem(self, text: str) -> None:
        if text != self._problem:
            self._problem = text
            self.problem_changed.emit(text)

    def _typed(self, text: str) -> None:
        try:
            found = parse_clock(text)
        except ValueError:
            return  # half typed ('11:'): said when the field is left
        self._set(QTime(found.hour, found.minute))
        self._set_problem("")

    def _finished(self) -> None:
        text = self.text().strip()
        try:
            found = parse_clock(text)
        except ValueError:
            self._set_problem(
                f"{self.name}: “{text}” is not a time; type it like 14:30."
                if text
                else f"{self.name} is empty; type a time like 14:30."
            )
            return
        self.setTime(QTime(found.hour, found.minute))

    def commit(self) -> str:
        self._finished()
        return self._problem

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1, Qt.Key.Key_PageUp: 4}
        steps[Qt.Key.Key_PageDown] = -4
        key = Qt.Key(event.key())
        if key in steps:
            self.setTime(self._time.addSecs(steps[key] * self.STEP_MINUTES * 60))
            self.selectAll()
            return
        super().keyPressEvent(event)


class WhenRow(QHBoxLayout):
    """``date`` (typed or picked), ``time`` (24-hour) and ``zone`` (item data: the IANA
    name), in the proportions 2:1:2. The day and the time each have ``problem_changed``."""

    def __init__(self, *, time_name: str, zone_name: str, locale: QLocale | None = None) -> None:
        super().__init__()
        self.date = DateField("Day", locale)
        self.time = TimeField(time_name)
        self.zone = QComboBox()
        self.zone.setAccessibleName(zone_name)
        self.addWidget(self.date, 2)
        self.addWidget(self.time, 1)
        self.addWidget(self.zone, 2)

    def set_wall(self, wall: datetime) -> None:
        """Show the wall-clock day and minute of ``wall`` (its zone is not looked at)."""
        self.date.setDate(QDate(wall.year, wall.month, wall.day))
        self.time.setTime(QTime(wall.hour, wall.minute))

    def wall(self) -> datetime:
        """The naive wall-clock moment typed (read it in ``zone.currentData()``)."""
        typed = self.time.time()
        return datetime.combine(self.date.value(), time(typed.hour(), typed.minute()))

    def problem(self) -> str:
        """'' or one sentence naming the field whose text is not a day or a time."""
        return self.date.problem() or self.time.problem()

    def commit(self) -> str:
        """Read both fields as typed now (before OK): '' or the first sentence."""
        return self.date.commit() or self.time.commit()
