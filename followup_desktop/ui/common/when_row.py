"""A day, a time and the zone they are typed in, on one row: how the reschedule and the
invitation dialogs ask for a moment. The zone list is the dialog's own (its choices differ)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import cast

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QTimeEdit


class WhenRow(QHBoxLayout):
    """``date`` (with a calendar popup), ``time`` (24-hour) and ``zone`` (item data: the IANA
    name), in the proportions 2:1:2."""

    def __init__(self, *, time_name: str, zone_name: str) -> None:
        super().__init__()
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.date.setAccessibleName("Day")
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        self.time.setAccessibleName(time_name)
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
        day = cast(date, self.date.date().toPython())  # a datetime.date; the stub says object
        return datetime.combine(day, time(typed.hour(), typed.minute()))
