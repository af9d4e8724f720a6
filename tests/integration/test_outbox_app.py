"""The running app sends the outbox (issue 18): the sender of app/outbox_wiring.py sends a due
message on its worker thread through the real SMTP server, says so in a notification and
re-reads the window; two app instances at once still send it once; a late limit set in
Settings holds a slot slept through by more."""

from __future__ import annotations

from datetime import timedelta

from followup_desktop.app.outbox_wiring import attach_outbox
from followup_desktop.app.run import build_main_window
from followup_desktop.services.mail.outbox_sender import OutboxSender
from followup_desktop.store import outbox
from followup_desktop.store.open import open_store
from tests.integration.test_outbox_send import SLOT, SUBJECT, add_account, queue, search  # noqa: F401


def test_the_running_app_sends_at_the_slot_and_says_so(search, smtp, qtbot):  # noqa: F811
    add_account(search, smtp)
    item = queue(search)
    clock = [SLOT - timedelta(hours=1)]
    window = build_main_window(search, lambda: clock[0])
    qtbot.addWidget(window)
    notices: list = []
    parts = attach_outbox(window, search, lambda: clock[0], lambda name: "s3cret", notices.append)
    assert parts.sender is not None  # something is queued: the sender runs
    assert not parts.sender.tick()  # not due yet: no round
    clock[0] = SLOT + timedelta(seconds=30)
    assert parts.sender.tick()
    qtbot.waitUntil(lambda: bool(notices), timeout=20000)
    assert [n.title for n in notices] == [f"Sent to Gil Größe: {SUBJECT}"]
    assert notices[0].body == "It went Thu 26 Nov 08:30 Berlin time (Wed 25 Nov 23:30 your time)."
    assert outbox.get_item(search, item.id).state == "sent"
    assert len(smtp.received()) == 1
    parts.close()


def test_two_app_instances_send_a_message_once(search, smtp, qtbot, db_path):  # noqa: F811
    add_account(search, smtp)
    queue(search)
    other = open_store(db_path)
    reports: list = []
    senders = [OutboxSender(db, lambda: SLOT, lambda name: "s3cret") for db in (search, other)]
    for sender in senders:
        sender.reported.connect(reports.append)
    assert all(sender.tick() for sender in senders)  # both see it due and start a round
    qtbot.waitUntil(lambda: all(not s.busy for s in senders), timeout=20000)
    assert sum(len(r.sent) for r in reports) == 1
    assert len(smtp.received()) == 1
    other.close()


def test_the_late_limit_of_settings_holds_a_longer_sleep(search, smtp, qtbot):  # noqa: F811
    add_account(search, smtp)
    item = queue(search)
    outbox.set_late_limit(search, 1)
    sender = OutboxSender(search, lambda: SLOT + timedelta(minutes=75), lambda name: "s3cret")
    reports: list = []
    sender.reported.connect(reports.append)
    assert sender.tick()
    qtbot.waitUntil(lambda: bool(reports), timeout=20000)
    assert [i.id for i in reports[0].held] == [item.id]
    assert reports[0].held[0].reason.startswith("This message missed its slot by 1 h 15 min")
    assert not smtp.received()
