"""Calendar: the agenda of pending follow-ups grouped by day, beside a month calendar."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from PySide6.QtCore import QDate, QSignalBlocker, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from followup_desktop.store import queries
from followup_desktop.store.queries import AgendaItem
from followup_desktop.ui import fmt
from followup_desktop.ui.widgets import Now, View, empty_state, heading

COLUMNS = ("Time", "Follow-up", "Person", "Company", "Why")
DAY_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
EMPTY_TEXT = (
    "Nothing is waiting for you.\n\n"
    "Follow-ups appear here once interviews are recorded: add them with File › Import…, "
    "or start the app with --demo to see a sample plan."
)
OVERDUE_COLOR = QColor("#b91c1c")
TODAY_COLOR = QColor("#1d4ed8")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class CalendarView(View):
    """Agenda grouped by the user's days (today marked) and a month calendar to jump with."""

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setAccessibleName("Month calendar")
        self.today_button = QPushButton("&Today")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("countLabel")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.calendar)
        row = QHBoxLayout()
        row.addWidget(self.today_button)
        row.addStretch(1)
        side_layout.addLayout(row)
        side_layout.addWidget(self.summary)
        side_layout.addStretch(1)

        self.agenda = QTreeWidget()
        self.agenda.setColumnCount(len(COLUMNS))
        self.agenda.setHeaderLabels(COLUMNS)
        self.agenda.setRootIsDecorated(False)
        self.agenda.setItemsExpandable(False)
        self.agenda.setUniformRowHeights(True)  # day headings and rows share one height
        self.agenda.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agenda.setAccessibleName("Agenda")
        self.agenda.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.agenda.header().setStretchLastSection(True)
        self.empty = empty_state(EMPTY_TEXT)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.agenda)
        self.pages.addWidget(self.empty)

        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Calendar"))
        layout.addWidget(splitter, 1)

        self.setTabOrder(self.calendar, self.today_button)  # left to right, as it reads
        self.setTabOrder(self.today_button, self.agenda)
        self._days: dict[date, QTreeWidgetItem] = {}
        self._marked: list[QDate] = []
        self._today = date.min
        self.calendar.clicked.connect(self._jump)
        self.calendar.activated.connect(self._jump)
        self.today_button.clicked.connect(self.go_today)
        self.agenda.currentItemChanged.connect(self._follow_selection)

    def first_focus(self) -> QWidget:
        return self.agenda if self._days else self.calendar

    def refresh(self) -> None:
        now = self.now()
        zone_name = queries.get_profile(self.db).timezone
        zone = fmt.safe_zone(zone_name)
        self._today = now.astimezone(zone).date()
        by_day: dict[date, list[AgendaItem]] = defaultdict(list)
        for item in queries.agenda(self.db):
            by_day[item.followup.due.astimezone(zone).date()].append(item)
        pending = sum(len(v) for v in by_day.values())
        if pending:
            by_day.setdefault(self._today, [])  # today is always shown, even when free

        self.agenda.clear()
        self._days = {}
        bold = QFont()
        bold.setBold(True)
        for day in sorted(by_day):
            header = QTreeWidgetItem([self._day_title(day, len(by_day[day]))])
            header.setData(0, DAY_ROLE, day.isoformat())
            header.setFont(0, bold)
            header.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if day < self._today:
                header.setForeground(0, QBrush(OVERDUE_COLOR))
            elif day == self._today:
                header.setForeground(0, QBrush(TODAY_COLOR))
            header.addChildren([self._row(item, zone, zone_name) for item in by_day[day]])
            self._days[day] = header
        self.agenda.addTopLevelItems(list(self._days.values()))  # one insertion, not thousands
        for header in self._days.values():
            header.setFirstColumnSpanned(True)
        self.agenda.expandAll()
        for column in range(len(COLUMNS) - 1):
            self.agenda.resizeColumnToContents(column)
        self.agenda.setColumnWidth(0, max(self.agenda.columnWidth(0), 64))
        self.pages.setCurrentWidget(self.agenda if by_day else self.empty)
        self._mark_calendar(by_day)
        overdue = sum(len(v) for d, v in by_day.items() if d < self._today)
        self.summary.setText(
            f"{pending} pending follow-up{'s' if pending != 1 else ''}"
            + (f", {overdue} overdue" if overdue else "")
            + f".\nTimes are {fmt.zone_label(zone_name)}."
        )
        self.go_today()

    def _day_title(self, day: date, count: int) -> str:
        text = fmt.long_day_text(day)
        if day == self._today:
            text = f"Today — {text}"
        elif day < self._today:
            text = f"Overdue — {text}"
        return f"{text}  ({count})" if count else f"{text}: nothing due"

    def _row(self, item: AgendaItem, zone, zone_name: str) -> QTreeWidgetItem:
        f = item.followup
        local = f.due.astimezone(zone)
        person = item.contact_name or "you"
        row = QTreeWidgetItem(
            [
                fmt.time_text(local),
                fmt.kind_words(f.kind),
                person,
                item.company_name,
                f.reason,
            ]
        )
        employer = f.due.astimezone(fmt.safe_zone(f.timezone))
        tip = f"{item.company_name} · {item.application_role}\n{f.reason}"
        if f.timezone != zone_name:
            tip += f"\n{fmt.time_text(employer)} {fmt.zone_label(f.timezone)}."
        for column in range(len(COLUMNS)):
            row.setToolTip(column, tip)
        row.setData(0, ID_ROLE, f.id)
        return row

    def _mark_calendar(self, by_day: dict[date, list[AgendaItem]]) -> None:
        plain = QTextCharFormat()
        for qdate in self._marked:
            self.calendar.setDateTextFormat(qdate, plain)
        self._marked = []
        for day in (d for d, items in by_day.items() if items):
            marked = QTextCharFormat()
            marked.setFontWeight(QFont.Weight.Bold)
            if day < self._today:
                marked.setForeground(QBrush(OVERDUE_COLOR))
            self.calendar.setDateTextFormat(_qdate(day), marked)
            self._marked.append(_qdate(day))
        today = QTextCharFormat(self.calendar.dateTextFormat(_qdate(self._today)))
        today.setFontUnderline(True)
        today.setForeground(QBrush(TODAY_COLOR))
        self.calendar.setDateTextFormat(_qdate(self._today), today)
        self._marked.append(_qdate(self._today))

    def marked_days(self) -> list[date]:
        """Days that have items (bold in the calendar)."""
        return sorted(d for d, header in self._days.items() if header.childCount())

    def go_today(self) -> None:
        """Select today; overdue days sit just above it, so the list starts at the top."""
        with QSignalBlocker(self.calendar):
            self.calendar.setSelectedDate(_qdate(self._today))
        self.jump_to(self._today)
        self.agenda.scrollToTop()

    def _jump(self, qdate: QDate) -> None:
        self.jump_to(date(qdate.year(), qdate.month(), qdate.day()))

    def jump_to(self, day: date) -> QTreeWidgetItem | None:
        """Scroll the agenda to ``day``, or the first day after it that has items."""
        later = [d for d in self._days if d >= day]
        target = min(later) if later else (max(self._days) if self._days else None)
        if target is None:
            return None
        header = self._days[target]
        with QSignalBlocker(self.agenda):
            self.agenda.setCurrentItem(header)
        self.agenda.scrollToItem(header, QAbstractItemView.ScrollHint.PositionAtTop)
        return header

    def _follow_selection(self, current: QTreeWidgetItem | None, _previous=None) -> None:
        if current is None:
            return
        header = current.parent() or current
        text = header.data(0, DAY_ROLE)
        if text:
            with QSignalBlocker(self.calendar):
                self.calendar.setSelectedDate(_qdate(date.fromisoformat(text)))
