"""The Outbox view (issue 18): both zones per message, edit until it goes (a weekend of the
employer refused unless insisted), Send now with Undo send, Send at next slot for a held one,
cancel, and the line saying the app must run when it does not start with the session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QDateTime, Qt

from followup_desktop.core.mail_account import MailAccount
from followup_desktop.store import mail_accounts, outbox
from followup_desktop.ui.outbox.outbox_view import OutboxView

LEA = "northwind-sre-2/thank_you/lea"  # Tue 24 Nov 08:30 Berlin; Alex is in Chicago
JONAS = "northwind-sre-2/thank_you/jonas"
SLOT = datetime(2026, 11, 24, 7, 30, tzinfo=UTC)


@pytest.fixture
def queued(demo, now):
    mail_accounts.save_account(
        demo, MailAccount("Work", "alex@example.org", smtp_host="smtp.example.org")
    )
    for followup, name in ((LEA, "Léa Schmitt"), (JONAS, "Jonas Weber")):
        outbox.queue(
            demo, followup_id=followup, account="Work", to_addr=f"{name[:3].lower()}@nw.example",
            to_name=name, subject=f"Thank you, <b>{name}</b>", body="Hallo,\ndanke!",
            send_at=SLOT, zone="Europe/Berlin", now=now,
        )  # fmt: skip
    return demo


@pytest.fixture
def view(queued, now, qtbot):
    made = OutboxView(queued, lambda: now)
    made.starts_with_session = lambda: True
    qtbot.addWidget(made)
    made.refresh()
    made.show()
    return made


def cell(view: OutboxView, row: int, column: int) -> str:
    return view.model.index(row, column).data(Qt.ItemDataRole.DisplayRole)


def test_each_message_shows_when_it_goes_in_both_zones(view):
    assert view.model.rowCount() == 2
    assert [cell(view, 0, c) for c in range(5)] == [
        "Queued",
        "Tue 24 Nov 08:30 Berlin",
        "Tue 24 Nov 01:30",
        "Léa Schmitt",
        "Thank you, <b>Léa Schmitt</b>",  # plain text, never rich
    ]
    assert view.counts.text() == "2 queued."
    # 01:30 in Chicago: the app must be left running overnight
    assert view.advice.text().startswith("It goes at Tue 24 Nov 01:30 your time, at night for")


def test_the_app_must_run_line_when_it_does_not_start_with_the_session(view):
    view.starts_with_session = lambda: False
    view.refresh()
    assert view.advice.isVisibleTo(view)
    assert view.advice.text().startswith("The app must be running at Tue 24 Nov 01:30 your time")


def test_edit_and_save_changes_the_queued_message(view, queued):
    view.table.selectRow(0)
    view.subject.setText("Danke, Léa")
    view.body.setPlainText("Liebe Léa,\nvielen Dank.")
    later = SLOT + timedelta(hours=1)
    view.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(later.timestamp())))
    assert view.when_note.text() == "Tue 24 Nov 2026 09:30 Berlin time (02:30 your time)"
    view.save_button.click()
    changed = [i for i in outbox.list_items(queued) if i.subject == "Danke, Léa"]
    assert len(changed) == 1 and changed[0].send_at == later
    assert changed[0].body == "Liebe Léa,\nvielen Dank."
    assert view.result.text().startswith("Saved; it sends")


def test_a_weekend_time_is_refused_unless_insisted(view, queued):
    view.table.selectRow(0)
    item_id = view.current().id
    saturday = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
    view.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(saturday.timestamp())))
    assert view.when_note.text().startswith("Sat 28 Nov is a weekend day in Berlin")
    view.save_button.click()
    assert view.result.text().startswith("Not saved: Sat 28 Nov is a weekend day")
    assert outbox.get_item(queued, item_id).send_at == SLOT
    view.insist.setChecked(True)
    view.save_button.click()
    assert outbox.get_item(queued, item_id).send_at == saturday


def test_send_now_then_undo_send_puts_it_back(view, queued, now):
    view.table.selectRow(1)
    item_id = view.current().id
    view.send_now_button.click()
    assert outbox.get_item(queued, item_id).send_at == now + timedelta(seconds=10)
    assert view.undo_button.isVisibleTo(view) and view.undo_button.text() == "&Undo send (10 s)"
    assert not view.send_now_button.isEnabled()
    view.undo_button.click()
    item = outbox.get_item(queued, item_id)
    assert (item.state, item.send_at) == ("queued", SLOT)
    assert view.result.text().startswith("Not sent: it waits for its slot again")
    assert not view.undo_button.isVisibleTo(view)


def test_a_held_message_goes_at_the_next_slot_or_is_cancelled(view, queued, now):
    woke = SLOT + timedelta(hours=8)
    outbox.claim_due(queued, woke, "test")  # slept through: both held
    view.now = lambda: woke
    view.refresh()
    assert cell(view, 0, 0) == "Held: needs you"
    assert cell(view, 0, 5).startswith("This message missed its slot by 8 h")
    assert view.next_slot_button.isEnabled() and view.save_button.isEnabled()
    first = view.current().id
    view.next_slot_button.click()
    again = outbox.get_item(queued, first)
    assert (again.state, again.send_at) == ("queued", datetime(2026, 11, 25, 7, 30, tzinfo=UTC))
    view.select(first)
    view.table.selectRow(1)
    second = view.current().id
    view.cancel_button.click()
    assert outbox.get_item(queued, second).state == "cancelled"
    assert view.model.rowCount() == 1  # cancelled ones only with "Show sent and cancelled"
    view.show_all.setChecked(True)
    assert view.model.rowCount() == 2


def test_keyboard_reaches_every_action(view, qtbot):
    view.table.setFocus()
    seen = []
    for _ in range(12):
        qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Tab)
        seen.append(view.focusWidget())
    for widget in (view.subject, view.when, view.body, view.save_button, view.send_now_button,
                   view.cancel_button):  # fmt: skip
        assert widget in seen, widget.accessibleName() or widget.text()
