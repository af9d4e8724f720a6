"""Outbox: the messages waiting for their slot, and what became of the others.

Each row says when it goes in both zones (the employer's slot and the user's own clock), to
whom, and why it waits when it is held or failed. The selected message can be changed until
the moment it is sent (subject, body, the employer's time; a weekend or holiday of the
employer is refused in one sentence unless "Send on that day anyway" is ticked), sent now,
sent at the employer's next slot (a held or failed one), or cancelled. "Send now" waits 10 s
before the sender may take it: "Undo send" puts it back as it was.

Every write is one call into store/outbox.py (one transaction); mail text is plain text only.
The list is a model over the rows (QTableView), so 1,000 messages open as fast as ten: only
the rows on screen are formatted.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core import outbox_rules
from followup_desktop.core.clock import Now
from followup_desktop.core.instants import zone as zone_of
from followup_desktop.core.when_text import both_zones, safe_zone, zone_city
from followup_desktop.services.autostart import starts_with_session
from followup_desktop.services.mail.outbox_send import employer_calendar, next_slot
from followup_desktop.store import outbox, queries
from followup_desktop.store.db import Database
from followup_desktop.store.outbox import OutboxItem
from followup_desktop.ui.common.view import View, empty_state, guarded, heading, plain_label

#: How long a message sent with "Send now" can still be taken back.
UNDO_SECONDS = 10
INTRO = (
    "Messages wait here for their slot, the employer's morning, and this app sends them "
    "through your mail account while it runs (in the tray too). Change or cancel one until it "
    "goes."
)
NOTHING = (
    "The outbox is empty. In a follow-up's draft, “Send at …” puts the message here to go at "
    "the employer's morning (it needs a mail account with an SMTP server, in Settings)."
)
STATE_WORDS = {
    "queued": "Queued",
    "sending": "Sending…",
    "sent": "Sent",
    "failed": "Failed",
    "held": "Held: needs you",
    "cancelled": "Cancelled",
}
WAITING = ("queued", "sending", "held", "failed")
COLUMNS = ("State", "Sends", "Your time", "To", "Subject", "Why")


@dataclass
class _Undo:
    """A Send now that can still be taken back: until when, and what it was before."""

    deadline: datetime
    send_at: datetime
    state: str
    reason: str


class OutboxModel(QAbstractTableModel):
    """The outbox rows; a cell's text is made when it is first shown."""

    def __init__(self, user_zone: Any, parent=None) -> None:
        super().__init__(parent)
        self.items: list[OutboxItem] = []
        self.user_zone = user_zone
        self._texts: dict[tuple[int, int], str] = {}

    def set_items(self, items: list[OutboxItem], user_zone: Any) -> None:
        self.beginResetModel()
        self.items, self.user_zone, self._texts = items, user_zone, {}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            key = (index.row(), index.column())
            text = self._texts.get(key)
            if text is None:
                text = self._texts[key] = self._text(self.items[index.row()], index.column())
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            item = self.items[index.row()]
            if index.column() == 3:
                return item.to_addr
            if index.column() == 5:
                return item.reason or None
        return None

    def _text(self, item: OutboxItem, column: int) -> str:
        if column == 0:
            return STATE_WORDS.get(item.state, item.state)
        if column == 1:
            local = item.send_at.astimezone(safe_zone(item.zone))
            return f"{local:%a} {local.day} {local:%b %H:%M} {zone_city(item.zone)}"
        if column == 2:
            mine = item.send_at.astimezone(self.user_zone)
            return f"{mine:%a} {mine.day} {mine:%b %H:%M}"
        if column == 3:
            return item.to_name or item.to_addr
        if column == 4:
            return " ".join(item.subject.split())
        return item.reason


class OutboxView(View):
    """The outbox of ``db``: the list, the selected message's editor and its actions."""

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.undo: dict[int, _Undo] = {}
        #: Whether the app starts with the session (Settings); replaced by tests.
        self.starts_with_session = starts_with_session
        self._build()
        self._lay_out()
        self._connect()
        self.refresh()

    # --- build --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.model = OutboxModel(safe_zone(None), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Outbox")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((120, 190, 130, 140, 240)):
            header.resizeSection(column, width)
        self.empty = empty_state(NOTHING)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)
        self.show_all = QCheckBox("Show sent and cancelled")
        self.counts = QLabel()
        self.counts.setObjectName("countLabel")
        self.advice = QLabel()
        self.advice.setObjectName("draftNote")
        self.advice.setWordWrap(True)
        self.advice.hide()

        self.to_line = plain_label()
        self.subject = QLineEdit()
        self.subject.setAccessibleName("Subject")
        self.body = QPlainTextEdit()  # plain text by construction
        self.body.setAccessibleName("Body")
        self.body.setTabChangesFocus(True)
        self.when = QDateTimeEdit()
        self.when.setAccessibleName("Send at (the employer's time)")
        self.when.setDisplayFormat("ddd d MMM yyyy HH:mm")
        self.when.setCalendarPopup(True)
        self.when_note = plain_label("countLabel")
        self.insist = QCheckBox("Send on that &day anyway")
        self.insist.hide()
        self.save_button = QPushButton("Save chan&ges")
        self.send_now_button = QPushButton("Send &now")
        self.send_now_button.setToolTip(f"Send it now (you have {UNDO_SECONDS} s to undo)")
        self.undo_button = QPushButton("&Undo send")
        self.undo_button.hide()
        self.next_slot_button = QPushButton("Send at next &slot")
        self.next_slot_button.setToolTip("Queue it again for the employer's next morning")
        self.cancel_button = QPushButton("&Cancel message")
        self.cancel_button.setToolTip("Do not send it (the follow-up stays planned)")
        self.result = plain_label("saveResult")
        self.countdown = QTimer(self)
        self.countdown.setInterval(500)

    def _lay_out(self) -> None:
        self.editor = QWidget()
        self.editor.setMaximumWidth(560)  # the list keeps most of the width
        form = QFormLayout()
        form.addRow("To:", self.to_line)
        for text, widget in (("S&ubject:", self.subject), ("Send &at:", self.when)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow("", self.when_note)
        form.addRow("", self.insist)
        side = QVBoxLayout(self.editor)
        side.setContentsMargins(8, 0, 0, 0)
        side.addLayout(form)
        body_label = QLabel("&Body:")
        body_label.setBuddy(self.body)
        side.addWidget(body_label)
        side.addWidget(self.body, 1)
        row = QHBoxLayout()
        for button in (
            self.save_button,
            self.send_now_button,
            self.undo_button,
            self.next_slot_button,
            self.cancel_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        side.addLayout(row)
        side.addWidget(self.result)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self.pages)
        split.addWidget(self.editor)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        intro = QLabel(INTRO)
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(self.show_all)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Outbox"))
        layout.addWidget(intro)
        layout.addWidget(self.advice)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        order = [
            self.table,
            self.show_all,
            self.subject,
            self.when,
            self.insist,
            self.body,
            self.save_button,
            self.send_now_button,
            self.undo_button,
            self.next_slot_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.show_all.toggled.connect(lambda _on: self.refresh())
        self.when.dateTimeChanged.connect(lambda _dt: self._check_when())
        self.save_button.clicked.connect(self.save)
        self.send_now_button.clicked.connect(self.send_now)
        self.undo_button.clicked.connect(self.undo_send)
        self.next_slot_button.clicked.connect(self.send_at_next_slot)
        self.cancel_button.clicked.connect(self.cancel)
        self.countdown.timeout.connect(self._tick_undo)

    def first_focus(self) -> QWidget:
        return self.table

    def hideEvent(self, event) -> None:
        """The countdown of Undo send runs while the Outbox is seen (Send now shows it)."""
        super().hideEvent(event)
        self.countdown.stop()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.undo:
            self.countdown.start()
            self._tick_undo()

    # --- reading ------------------------------------------------------------------------------

    def user_zone(self):
        return safe_zone(queries.get_profile(self.db).timezone)

    def refresh(self) -> None:
        selected = self.current()
        states = None if self.show_all.isChecked() else WAITING
        items = outbox.list_items(self.db, states, bodies=False)
        self.model.set_items(items, self.user_zone())
        self.pages.setCurrentWidget(self.table if items else self.empty)
        counts = outbox.counts(self.db)
        parts = [
            f"{counts[s]} {STATE_WORDS[s].split(':')[0].lower()}" for s in WAITING if counts.get(s)
        ]
        self.counts.setText(", ".join(parts) + "." if parts else "Nothing waits to be sent.")
        self._advise(items)
        row = next((n for n, i in enumerate(items) if selected and i.id == selected.id), 0)
        if items:
            self.table.selectRow(row)
        self._selected()

    def _advise(self, items: list[OutboxItem]) -> None:
        """The line over the list: the app must be running when the next message goes."""
        queued = [i for i in items if i.state == "queued"]
        text = ""
        if queued:
            first = min(queued, key=lambda i: i.send_at)
            text = outbox_rules.running_advice(
                first.send_at, self.user_zone(), self.starts_with_session()
            )
        self.advice.setText(text)
        self.advice.setVisible(bool(text))

    def current(self) -> OutboxItem | None:
        row = self.table.currentIndex().row()
        return self.model.items[row] if 0 <= row < len(self.model.items) else None

    def select(self, item_id: int) -> bool:
        for row, item in enumerate(self.model.items):
            if item.id == item_id:
                self.table.selectRow(row)
                return True
        return False

    def _selected(self) -> None:
        listed = self.current()
        item = outbox.get_item(self.db, listed.id) if listed is not None else None
        self.editor.setEnabled(item is not None)
        if item is None:
            for widget in (self.subject, self.body):
                widget.clear()
            self.to_line.clear()
            self.when_note.clear()
            return
        editable = item.state in ("queued", "held")
        self.to_line.setText(f"{item.to_name} <{item.to_addr}>" if item.to_name else item.to_addr)
        self.subject.setText(item.subject)
        self.subject.setCursorPosition(0)
        self.body.setPlainText(item.body)
        self.subject.setReadOnly(not editable)
        self.body.setReadOnly(not editable)
        self.when.setReadOnly(not editable)
        self.when.setTimeZone(_qt_zone(item.zone))
        self.when.blockSignals(True)
        self.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(item.send_at.timestamp())))
        self.when.blockSignals(False)
        self.save_button.setEnabled(editable)
        self.send_now_button.setEnabled(item.state in ("queued", "held", "failed"))
        self.next_slot_button.setEnabled(item.state in ("held", "failed"))
        self.cancel_button.setEnabled(item.state in ("queued", "held", "failed"))
        self._check_when()
        self._show_undo()
        if item.state in ("held", "failed") and item.reason:
            self.result.setText(item.reason)
        elif item.state == "sent" and item.sent_at:
            self.result.setText(
                f"Sent {both_zones(item.sent_at, item.zone, self.user_zone(), year=True)}."
            )
        else:
            self.result.clear()

    def _chosen_time(self) -> datetime:
        seconds = self.when.dateTime().toSecsSinceEpoch()
        return datetime.fromtimestamp(seconds, tz=zone_of("UTC"))

    def _check_when(self) -> outbox_rules.SlotProblem | None:
        """The note under the time: both zones, or why the employer would not be at work."""
        item = self.current()
        if item is None:
            return None
        when = self._chosen_time()
        problem = None
        calendar = employer_calendar(self.db, item.application)
        moved = abs((when - item.send_at).total_seconds()) >= 60  # the user chose another time
        if calendar is not None and item.state in ("queued", "held") and moved:
            problem = outbox_rules.check_slot(when, item.zone, calendar)
        if problem is not None:
            self.when_note.setText(problem.sentence)
        else:
            self.when_note.setText(both_zones(when, item.zone, self.user_zone(), year=True))
        self.insist.setVisible(problem is not None)
        if problem is None:
            self.insist.setChecked(False)
        return problem

    # --- writing ------------------------------------------------------------------------------

    def _wrote(self, text: str) -> None:
        self.refresh()
        self.result.setText(text)
        self.changed.emit()
        self.message.emit(text)

    @guarded("Save the message")
    def save(self) -> None:
        item = self.current()
        if item is None:
            return
        when = self._chosen_time()
        problem = self._check_when()
        if problem is not None and not self.insist.isChecked():
            self.result.setText(f"Not saved: {problem.sentence}")
            self.insist.setFocus()
            return
        if when <= self.now() and item.send_at != when:
            self.result.setText("Not saved: that time has passed; choose a later one.")
            self.when.setFocus()
            return
        changed = outbox.edit(
            self.db,
            item.id,
            subject=self.subject.text(),
            body=self.body.toPlainText(),
            send_at=when,
            now=self.now(),
        )
        self._wrote(
            f"Saved; it sends {both_zones(changed.send_at, changed.zone, self.user_zone())}."
        )

    @guarded("Send now")
    def send_now(self) -> None:
        item = self.current()
        if item is None:
            return
        now = self.now()
        at = now + timedelta(seconds=UNDO_SECONDS)
        before = _Undo(now + timedelta(seconds=UNDO_SECONDS), item.send_at, item.state, item.reason)
        if item.state == "queued":
            outbox.edit(self.db, item.id, send_at=at, now=now)
        else:
            outbox.release(self.db, item.id, at, now)
        self.offer_undo(item.id, before)
        self._wrote(f"Sending “{item.subject}” in {UNDO_SECONDS} s; Undo send takes it back.")

    def offer_undo(self, item_id: int, before: _Undo | None = None) -> None:
        """Show Undo send for ``item_id`` until its deadline (a Send now just made; the
        draft's Send now gives no ``before``: undoing cancels the message)."""
        if before is None:
            item = outbox.get_item(self.db, item_id)
            if item is None:
                return
            before = _Undo(item.send_at, item.send_at, "new", "")
        self.undo[item_id] = before
        self.countdown.start()
        self.select(item_id)
        self._show_undo()

    def _show_undo(self) -> None:
        item = self.current()
        entry = self.undo.get(item.id) if item is not None else None
        left = (entry.deadline - self.now()).total_seconds() if entry else 0
        if entry is None or left <= 0 or item is None or item.state != "queued":
            self.undo_button.hide()
            return
        self.undo_button.setText(f"&Undo send ({int(left + 0.999)} s)")
        self.undo_button.show()
        self.send_now_button.setEnabled(False)

    def _tick_undo(self) -> None:
        if not self.isVisible():  # the window is closing: nothing to count down for
            self.countdown.stop()
            return
        now = self.now()
        for item_id in [k for k, v in self.undo.items() if v.deadline <= now]:
            del self.undo[item_id]
        if not self.undo:
            self.countdown.stop()
            self.refresh()  # the sender may have taken it: show what it is now
            return
        self._show_undo()

    @guarded("Undo send")
    def undo_send(self) -> None:
        item = self.current()
        entry = self.undo.pop(item.id, None) if item is not None else None
        if item is None or entry is None:
            return
        now = self.now()
        if entry.deadline <= now:
            self.result.setText("Too late to undo: it has gone to the sender.")
            return
        if entry.state == "new":
            outbox.cancel(self.db, item.id, now)
            text = "Not sent: the message is cancelled and the follow-up stays planned."
        elif entry.state == "queued":
            outbox.edit(self.db, item.id, send_at=entry.send_at, now=now)
            when = both_zones(entry.send_at, item.zone, self.user_zone())
            text = f"Not sent: it waits for its slot again, {when}."
        else:
            outbox.hold(self.db, item.id, entry.reason or "Held by you.")
            text = "Not sent: it is held again."
        self._wrote(text)

    @guarded("Send at next slot")
    def send_at_next_slot(self) -> None:
        item = self.current()
        if item is None:
            return
        now = self.now()
        slot = next_slot(self.db, item, now)
        outbox.release(self.db, item.id, slot, now)
        self._wrote(f"Queued again: it sends {both_zones(slot, item.zone, self.user_zone())}.")

    @guarded("Cancel message")
    def cancel(self) -> None:
        item = self.current()
        if item is None:
            return
        outbox.cancel(self.db, item.id, self.now())
        self.undo.pop(item.id, None)
        self._wrote(f"Cancelled “{item.subject}”: it will not be sent.")


def _qt_zone(name: str):
    from PySide6.QtCore import QTimeZone

    zone = QTimeZone(name.encode())
    return zone if zone.isValid() else QTimeZone.utc()
