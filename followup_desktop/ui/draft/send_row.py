"""The draft's own sending: "Send at Mon 7 Dec 08:30 Berlin time (Sun 6 Dec 23:30 your time)"
puts the message as written in the outbox for the employer's slot, "Send now" for right away
(10 s to undo, in the Outbox). "Other time…" picks another moment in the employer's zone; a
weekend, public holiday or company event of the employer is refused in one sentence unless
"Send on that day anyway" is ticked.

Shown for a message with an email address when a mail account with an SMTP server exists (else
one line says where to add one); a follow-up already in the outbox says when it goes instead.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, Qt, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core import message_handoff as handoff
from followup_desktop.core import outbox_rules
from followup_desktop.core.calendar import BusinessCalendar
from followup_desktop.core.instants import zone as zone_of
from followup_desktop.core.model import Channel, FollowUpStatus
from followup_desktop.core.when_text import both_zones, safe_zone
from followup_desktop.services.autostart import starts_with_session
from followup_desktop.services.mail.outbox_send import employer_calendar
from followup_desktop.store import mail_accounts, outbox
from followup_desktop.store.outbox import OutboxItem
from followup_desktop.ui.common.view import guarded

if TYPE_CHECKING:
    from followup_desktop.ui.draft.draft_dialog import DraftDialog

#: How long a "Send now" waits in the outbox, so that it can be undone.
UNDO_SECONDS = 10
NO_ACCOUNT = (
    "To send it by itself at the employer's morning, add a mail account with an SMTP server "
    "in Settings › Mail accounts."
)


class SendRow(QWidget):
    """The send-later controls of one draft dialog."""

    def __init__(self, dialog: DraftDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.db, self.item = dialog.db, dialog.item
        self.setObjectName("sendRow")
        self.slot = self.item.due
        self.calendar: BusinessCalendar | None = None
        #: Whether the row offers sending at all (a message with an address, still planned).
        self.active = False
        self.account = QComboBox()
        self.account.setAccessibleName("Send with the mail account")
        self.send_at_button = QPushButton()
        self.send_at_button.setObjectName("primary")
        self.other_button = QPushButton("Other t&ime…")
        self.other_button.setCheckable(True)
        self.send_now_button = QPushButton("Send no&w")
        self.send_now_button.setToolTip(f"Send it now (you have {UNDO_SECONDS} s to undo)")
        self.when = QDateTimeEdit()
        self.when.setAccessibleName("Send at (the employer's time)")
        self.when.setDisplayFormat("ddd d MMM yyyy HH:mm")
        self.when.setCalendarPopup(True)
        self.note = QLabel()
        self.note.setObjectName("countLabel")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.insist = QCheckBox("Send on that day &anyway")
        self.hint = QLabel()
        self.hint.setObjectName("countLabel")
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        self.via = QLabel("Send with:")
        self.via.setBuddy(self.account)
        for widget in (self.send_at_button, self.other_button, self.send_now_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.via)
        top.addWidget(self.account)
        self.other_row = QWidget()
        other = QHBoxLayout(self.other_row)
        other.setContentsMargins(0, 0, 0, 0)
        label = QLabel("At (their time):")
        label.setBuddy(self.when)
        other.addWidget(label)
        other.addWidget(self.when)
        other.addWidget(self.insist)
        other.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.other_row)
        layout.addWidget(self.note)
        layout.addWidget(self.hint)
        self.other_row.hide()
        self.insist.hide()

        self.send_at_button.clicked.connect(self.send_at_slot)
        self.send_now_button.clicked.connect(self.send_now)
        self.other_button.toggled.connect(self._other_toggled)
        self.when.dateTimeChanged.connect(lambda _dt: self._update_texts())
        self.insist.toggled.connect(lambda _on: self.update_buttons())
        self.load()

    # --- state --------------------------------------------------------------------------------

    def user_zone(self):
        return safe_zone(self.dialog.facts.profile.timezone)

    def address(self) -> str | None:
        contact = self.dialog.facts.contact
        return handoff.plain_address(contact.email) if contact else None

    def load(self) -> None:
        """What the row offers for this follow-up, as the outbox and the accounts are now."""
        item = self.item
        wanted = item.channel != Channel.PHONE and item.status in (
            FollowUpStatus.PLANNED,
            FollowUpStatus.SNOOZED,
        )
        if not wanted or self.address() is None:
            self.active = False
            self.hide()
            return
        self.active = True
        waiting = [
            i
            for i in outbox.list_items(self.db, ("queued", "sending", "held"))
            if i.followup == item.id
        ]
        senders = [a for a in mail_accounts.list_accounts(self.db) if a.has_smtp]
        self.account.clear()
        for account in senders:
            self.account.addItem(f"{account.name} ({account.sender})", account.name)
        several = len(senders) > 1
        self.via.setVisible(several)
        self.account.setVisible(several)
        self.calendar = employer_calendar(self.db, item.application)
        self.slot = self._default_slot()
        self._set_when(self.slot)
        for widget in (self.send_at_button, self.other_button, self.send_now_button):
            widget.setVisible(bool(senders) and not waiting)
        if waiting:
            queued = waiting[0]
            when = both_zones(queued.send_at, queued.zone, self.user_zone(), year=True)
            self.note.setText(f"In the outbox ({queued.state}): it sends {when}.")
            self.hint.hide()
            return
        if not senders:
            self.note.setText(NO_ACCOUNT)
            self.hint.hide()
            return
        self._update_texts()

    def _default_slot(self) -> datetime:
        """The planned slot, or the employer's next one when that has passed."""
        now = self.dialog.now()
        if self.item.due > now:
            return self.item.due
        if self.calendar is not None:
            return outbox_rules.next_slot(now, self.calendar)
        return now

    def _set_when(self, moment: datetime) -> None:
        zone = QTimeZone(self.item.timezone.encode())
        self.when.setTimeZone(zone if zone.isValid() else QTimeZone.utc())
        self.when.blockSignals(True)
        self.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(moment.timestamp())))
        self.when.blockSignals(False)

    def chosen(self) -> datetime:
        """The moment the Send at button queues for."""
        if not self.other_button.isChecked():
            return self.slot
        seconds = self.when.dateTime().toSecsSinceEpoch()
        return datetime.fromtimestamp(seconds, tz=zone_of("UTC"))

    def problem(self) -> str:
        """Why the chosen moment cannot be used (one sentence), or ""."""
        when = self.chosen()
        if when <= self.dialog.now():
            return "That time has passed; choose a later one."
        if self.calendar is None or not self.other_button.isChecked():
            return ""
        found = outbox_rules.check_slot(when, self.item.timezone, self.calendar)
        return found.sentence if found is not None else ""

    def _other_toggled(self, on: bool) -> None:
        self.other_row.setVisible(on)
        if on:
            self.when.setFocus()
        else:
            self._set_when(self.slot)
        self._update_texts()

    def _update_texts(self) -> None:
        when = self.chosen()
        self.send_at_button.setText(
            "Send at " + both_zones(when, self.item.timezone, self.user_zone()).replace("&", "&&")
        )
        problem = self.problem()
        self.insist.setVisible(bool(problem) and when > self.dialog.now())
        self.note.setText(problem)
        self.note.setVisible(bool(problem))
        advice = outbox_rules.running_advice(when, self.user_zone(), starts_with_session())
        self.hint.setText(advice)
        self.hint.setVisible(bool(advice))
        self.update_buttons()

    def update_buttons(self) -> None:
        if not self.active:
            return
        blocked = self.dialog.handoff_blocked() if hasattr(self.dialog, "body") else "wait"
        problem = self.problem() if self.account.count() else "no account"
        past = self.chosen() <= self.dialog.now()
        allowed = not blocked and (not problem or (self.insist.isChecked() and not past))
        self.send_at_button.setEnabled(allowed)
        self.send_now_button.setEnabled(not blocked and self.account.count() > 0)

    # --- queueing -----------------------------------------------------------------------------

    def _queue(self, when: datetime, *, now_too: bool) -> None:
        subject, body = self.dialog.texts()
        contact = self.dialog.facts.contact
        address = self.address()
        assert contact is not None and address is not None  # the row is hidden otherwise
        queued = outbox.queue(
            self.db,
            followup_id=self.item.id,
            account=self.account.currentData(),
            to_addr=address,
            to_name=contact.name,
            subject=subject,
            body=body,
            send_at=when,
            zone=self.item.timezone,
            now=self.dialog.now(),
        )
        self.dialog.queued, self.dialog.queued_now = queued, now_too
        if now_too:
            note = f"Sending to {contact.name} in {UNDO_SECONDS} s; Undo send in the Outbox."
        else:
            when_text = both_zones(queued.send_at, queued.zone, self.user_zone())
            note = f"Queued for {contact.name}: it sends {when_text}."
        self.dialog.sent_note = note
        self.dialog.handed_off = False
        self.dialog.accept()

    @guarded("Send at")
    def send_at_slot(self) -> None:
        problem = self.problem()
        if problem and not self.insist.isChecked():
            self.note.setText(problem)
            return
        self._queue(self.chosen(), now_too=False)

    @guarded("Send now")
    def send_now(self) -> None:
        self._queue(self.dialog.now() + timedelta(seconds=UNDO_SECONDS), now_too=True)


def show_queued(parent: QWidget | None, item: OutboxItem, send_now: bool) -> None:
    """After a Send now, the window's Outbox with Undo send offered for ``item``."""
    host: Any = parent.window() if parent is not None else None
    if not send_now or not hasattr(host, "show_view"):
        return
    view = host.show_view("outbox")
    offer = getattr(view, "offer_undo", None)
    if offer is not None:
        view.refresh()
        offer(item.id)
