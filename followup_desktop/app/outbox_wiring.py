"""The outbox around the main window: the sender (services/mail/outbox_sender.py) and what it
tells the user, a notification for each message sent, held or failed.

Started by app/run.py once the window has been painted, after the mail wiring (whose password
prompt it shares). Nothing is built while the outbox is empty and no account can send: the
sender starts with the first message queued (the window's counts change after every write).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from followup_desktop.core.clock import Now
from followup_desktop.core.reminders import Notice
from followup_desktop.core.when_text import both_zones, safe_zone
from followup_desktop.store import outbox, queries

if TYPE_CHECKING:
    from followup_desktop.services.mail.outbox_send import SendReport
    from followup_desktop.services.mail.outbox_sender import OutboxSender
    from followup_desktop.store.db import Database

log = logging.getLogger(__name__)


def report_notices(report: SendReport, user_zone: Any) -> list[Notice]:
    """What one send round tells the user: a notice per message sent, held or failed."""
    notices = []
    for item in report.sent:
        when = both_zones(item.sent_at or item.send_at, item.zone, user_zone)
        who = item.to_name or item.to_addr
        notices.append(Notice(f"Sent to {who}: {item.subject}", f"It went {when}."))
    for item in report.held:
        notices.append(Notice(f"Not sent, held: {item.subject}", item.reason))
    for item, why in report.failed:
        if item.state == "failed":
            notices.append(Notice(f"Could not send: {item.subject}", why))
    return notices


@dataclass(eq=False)
class OutboxParts:
    window: Any
    db: Any
    now: Now
    password_for: Any
    show: Any  # the notifier chain's show(Notice)
    sender: OutboxSender | None = None

    def ensure_sender(self) -> OutboxSender | None:
        if self.sender is None and outbox.next_send_at(self.db) is not None:
            from followup_desktop.services.mail.outbox_sender import OutboxSender

            sender = OutboxSender(self.db, self.now, self.password_for, parent=self.window)
            sender.reported.connect(self.reported)
            self.sender = sender
            sender.start()
        elif self.sender is not None:
            self.sender.tick()  # a message just queued or changed: aim at its slot
        return self.sender

    def reported(self, report: SendReport) -> None:
        zone = safe_zone(queries.get_profile(self.db).timezone)
        for notice in report_notices(report, zone):
            self.show(notice)
        self.window.data_changed()
        self.window.statusBar().showMessage(f"Outbox: {report.sentence()}", 15000)

    def close(self) -> None:
        if self.sender is not None:
            self.sender.stop()


def attach_outbox(window, db: Database, now_fn: Now, password_for, show) -> OutboxParts:
    """The outbox sender around ``window``: started now when something is queued, else once
    the first message is (``show`` is the notifier chain's)."""
    parts = OutboxParts(window, db, now_fn, password_for, show)
    window.run_beside(parts)
    window.counts_changed.connect(lambda *_: parts.ensure_sender())
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(parts.close)
    parts.ensure_sender()
    return parts
