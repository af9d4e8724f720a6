"""Calendar: month, week and agenda views of follow-ups and interviews, in the user's time zone.

The view keeps the state (mode, selected day and item) and loads only the range it shows
(calendar_range.load_range); the grids paint, the day panel lists and explains, and ItemActions
writes. What is overdue is read apart from the range (range_items.load_overdue) and listed
first by the day panel and the agenda, whatever month is shown. Keyboard: arrows move the
selected day, PgUp/PgDn change month, T jumps to today, Enter goes to the day's items, the menu
key (or Shift+F10) opens the actions of the selected item.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.clock import Now
from followup_desktop.store import queries
from followup_desktop.store.db import Database
from followup_desktop.ui.calendar.agenda_list import AgendaList
from followup_desktop.ui.calendar.chip_style import Legend
from followup_desktop.ui.calendar.day_panel import DayPanel
from followup_desktop.ui.calendar.day_popup import DayPopup
from followup_desktop.ui.calendar.item_actions import ItemActions
from followup_desktop.ui.calendar.month_grid import MonthGrid
from followup_desktop.ui.calendar.range_items import Overdue, RangeItems, load_overdue, load_range
from followup_desktop.ui.calendar.rows import CalItem, add_months, month_grid_start, month_weeks
from followup_desktop.ui.calendar.week_grid import WeekGrid, week_start
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common.view import View, heading

MODES = ("month", "week", "agenda")
MODE_TITLES = {"month": "&Month", "week": "&Week", "agenda": "&Agenda"}
EMPTY_TEXT = (
    "Nothing is planned yet. Follow-ups appear here once interviews are recorded: write one "
    "down with Interview › New interview… (Ctrl+N), or bring them in with File › Import… or "
    "File › Import invite (.ics)…."
)
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class CalendarView(View):
    # The item actions under the name tests and callers use; it hides QWidget.actions(), which
    # nothing calls on this view (its context menus are ItemActions menus).
    actions: ItemActions  # type: ignore[assignment]

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.mode = "month"
        self.zone_name = "UTC"
        self._today = date.min
        self.selected = date.min
        self.selected_key: str | None = None
        self.items: RangeItems | None = None  # the shown range, read on demand
        self.days: list[date] = []
        self._range: tuple | None = None
        self.popup: DayPopup | None = None
        self.overdue = Overdue()  # read at each refresh, not per range

        self.actions = ItemActions(self, db, now, self.item)
        self.actions.changed.connect(self._written)
        self.actions.message.connect(self.message)
        self.actions.recorded.connect(self.undoable)
        self._build()

    # --- construction -----------------------------------------------------------------------

    def _build(self) -> None:
        self.prev_button = self._tool("◀", "Previous month or week")
        self.today_button = self._tool("&Today", "Go to today (T)")
        self.next_button = self._tool("▶", "Next month or week")
        self.title = QLabel()
        self.title.setObjectName("calendarTitle")
        self.mode_buttons = QButtonGroup(self)
        self.mode_buttons.setExclusive(True)
        top = QHBoxLayout()
        for button in (self.prev_button, self.today_button, self.next_button):
            top.addWidget(button)
        top.addSpacing(8)
        top.addWidget(self.title)
        top.addStretch(1)
        for index, mode in enumerate(MODES):
            button = self._tool(MODE_TITLES[mode], f"Show the {mode} view")
            button.setCheckable(True)
            button.setChecked(mode == self.mode)
            self.mode_buttons.addButton(button, index)
            top.addWidget(button)
        self.show_cancelled = QCheckBox("Show &cancelled")
        self.show_cancelled.setToolTip("Cancelled follow-ups are hidden unless this is ticked.")
        top.addSpacing(8)
        top.addWidget(self.show_cancelled)

        self.month = MonthGrid()
        self.week = WeekGrid()
        self.agenda = AgendaList()
        self.stack = QStackedWidget()
        for widget in (self.month, self.week, self.agenda):
            self.stack.addWidget(widget)
        self.panel = DayPanel(self.db, self.actions)
        split = QSplitter()
        split.addWidget(self.stack)
        split.addWidget(self.panel)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([900, 320])
        self.legend = Legend()
        self.summary = QLabel()
        self.summary.setObjectName("countLabel")
        self.summary.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Calendar"))
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.summary)

        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(self.go_today)
        self.mode_buttons.idClicked.connect(lambda index: self.set_mode(MODES[index]))
        self.show_cancelled.toggled.connect(lambda _on: self.refresh())
        for grid in (self.month, self.week):
            grid.day_clicked.connect(self.select_day)
            grid.item_clicked.connect(self.select_item)
            grid.item_activated.connect(self.actions.open)
            grid.context_requested.connect(self._context)
            grid.more_requested.connect(self.show_day_popup)
            grid.item_dropped.connect(self._dropped)
            grid.navigate.connect(self.navigate)
            grid.day_activated.connect(self._focus_panel)
        self.agenda.navigate.connect(self.navigate)
        self.agenda.selection_moved.connect(self._agenda_moved)
        self.agenda.item_activated.connect(self.actions.open)
        self.agenda.context_requested.connect(self._context)
        self.panel.key_changed.connect(self._panel_key)

    def _tool(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    # --- state ------------------------------------------------------------------------------

    def first_focus(self) -> QWidget:
        widget = self.stack.currentWidget()
        assert widget is not None  # the stack always holds the three views
        return widget

    def refresh(self) -> None:
        """Re-read the profile zone, today and the shown range."""
        self.zone_name = queries.get_profile(self.db).timezone
        today = self.now().astimezone(fmt.safe_zone(self.zone_name)).date()
        if today != self._today:  # first show, or a new day: go to today
            self._today = today
            self.selected = today
            self.selected_key = None
        self._range = None
        self.overdue = load_overdue(self.db, self.zone_name, today)  # in all, not per month
        self._show()

    def _written(self) -> None:
        self.refresh()
        self.changed.emit()

    def visible_range(self) -> tuple[date, date]:
        """[first, last) of the days the current mode shows."""
        if self.mode == "week":
            first = week_start(self.selected)
            return first, first + timedelta(days=7)
        if self.mode == "agenda":  # this month from today (overdue is listed above it)
            first = self.selected.replace(day=1)
            last = add_months(first, 1)
            return (self._today if first <= self._today < last else first), last
        first = month_grid_start(self.selected)  # only the weeks the grid draws (4 to 6)
        return first, first + timedelta(days=7 * month_weeks(self.selected))

    def _load(self) -> None:
        first, last = self.visible_range()
        key = (first, last, self.show_cancelled.isChecked())
        if key == self._range:
            return
        self._range = key
        self.items = load_range(
            self.db,
            first,
            last,
            self.zone_name,
            self._today,
            show_cancelled=self.show_cancelled.isChecked(),
        )
        self.days = [first + timedelta(days=n) for n in range((last - first).days)]

    def _show(self) -> None:
        self._load()
        assert self.items is not None  # _load() read the range
        day_items = list(self.items.get(self.selected, []))
        keys = {i.key for i in day_items} | {i.key for i in self.overdue.items}
        if self.selected_key not in keys:
            self.selected_key = day_items[0].key if day_items else None
        widget = {"month": self.month, "week": self.week, "agenda": self.agenda}[self.mode]
        if self.stack.currentWidget() is not widget:
            self.stack.setCurrentWidget(widget)
        if self.mode == "month":
            self.month.set_month(self.selected)
            self.month.set_data(self.days, self.items, self._today, self.selected)
            self.month.set_selection(self.selected, self.selected_key)
        elif self.mode == "week":
            self.week.now_local = self.now().astimezone(fmt.safe_zone(self.zone_name))
            self.week.set_data(self.days, self.items, self._today, self.selected)
            self.week.set_selection(self.selected, self.selected_key)
        else:
            self.agenda.set_days(self.items, self.days, self._today, self.overdue)
            self.agenda.select(self.selected, self.selected_key)
        self._panel_day(day_items)
        self._update_texts()

    def _update_texts(self) -> None:
        if self.mode == "week":
            first = fmt.day_text(self.days[0], weekday=False)
            last = fmt.day_text(self.days[-1], weekday=False, year=True)
            self.title.setText(f"<b>{first} – {last}</b>")
        else:
            month = MONTH_NAMES[self.selected.month - 1]
            self.title.setText(f"<b>{month} {self.selected.year}</b>")
        for index, mode in enumerate(MODES):
            self.mode_buttons.button(index).setChecked(mode == self.mode)
        assert self.items is not None  # called after _load()
        pending = self.items.pending_total(self.days)
        overdue = self.overdue.total
        period = "this week" if self.mode == "week" else "in this view"
        text = f"{pending} pending {period}"
        if overdue:
            text += f" · {overdue} overdue in all"
        text = f"{text}. Times are {fmt.zone_label(self.zone_name)}."
        if not pending and not overdue and not self._anything():
            text = EMPTY_TEXT
        self.summary.setText(text)

    def _anything(self) -> bool:
        """True when the database holds any follow-up or interview at all."""
        return queries.has_plans_or_interviews(self.db)

    # --- navigation -------------------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self._show()
        self.first_focus().setFocus()

    def navigate(self, what: str, amount: int) -> None:
        if what == "today":
            self.go_today()
            return
        if what == "month":
            self.select_day(add_months(self.selected, amount))
        else:
            self.select_day(self.selected + timedelta(days=amount))

    def step(self, direction: int) -> None:
        """The toolbar arrows: a week in the week view, else a month."""
        if self.mode == "week":
            self.navigate("day", 7 * direction)
        else:
            self.navigate("month", direction)

    def go_today(self) -> None:
        self.select_day(self._today)

    def select_day(self, day: date) -> None:
        if day != self.selected:
            self.selected, self.selected_key = day, None
        self._show()

    def select_item(self, key: str) -> None:
        item = self.item(key)
        if item is None:
            return
        self.selected, self.selected_key = item.day, key
        self._show()

    def _agenda_moved(self, day: date | None, key: str | None) -> None:
        """The agenda's current row moved; ``day`` None: to an overdue item (listed above the
        days, so the selected day stays)."""
        if day is not None:
            self.selected = day
        self.selected_key = key
        assert self.items is not None  # the agenda lists a loaded range
        self._panel_day(list(self.items.get(self.selected, [])))

    def _panel_day(self, day_items: list[CalItem]) -> None:
        """The panel: overdue first, then the selected day."""
        overdue, total = self.overdue.items, self.overdue.total
        self.panel.set_day(self.selected, day_items, self.selected_key, self._today, overdue, total)

    def _panel_key(self, key: str | None) -> None:
        self.selected_key = key
        grid = self.stack.currentWidget()
        if grid in (self.month, self.week):
            grid.set_selection(self.selected, key)

    def _focus_panel(self, _day: date) -> None:
        self.panel.list.setFocus()
        if self.panel.list.currentRow() < 0 and self.panel.list.count():
            self.panel.list.setCurrentRow(0)

    def _dropped(self, key: str, target: object) -> None:
        self.actions.drop(key, target, self.zone_name)

    def _context(self, key: str, pos: QPoint) -> None:
        self.actions.popup(key, pos, self)

    def show_day_popup(self, day: date, pos: QPoint) -> DayPopup:
        assert self.items is not None  # a grid asks only once it shows a loaded range
        popup = DayPopup(day, list(self.items.get(day, [])), self)
        popup.list.activated_key.connect(self.actions.open)
        popup.list.context_requested.connect(self._context)
        popup.list.current_key_changed.connect(lambda key: self.select_item(key) if key else None)
        popup.show_at(pos)
        self.popup = popup
        return popup

    # --- for tests and the main window -------------------------------------------------------

    def marked_days(self) -> list[date]:
        """Days of the shown range that have pending items."""
        return self.items.pending_days() if self.items is not None else []

    def item(self, key: str) -> CalItem | None:
        """A shown (drawn or listed) item by key."""
        found = self.overdue.find(key)
        if found is None and self.items is not None:
            found = self.items.find(key)
        return found
