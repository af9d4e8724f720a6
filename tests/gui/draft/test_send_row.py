"""The draft's Send at / Send now (issue 18): the employer's slot in both zones, another time
refused on the employer's weekend unless insisted, the message queued as edited, Send now with
Undo send in the Outbox, and a follow-up already in the outbox saying when it goes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from followup_desktop.core.mail_account import MailAccount
from followup_desktop.store import mail_accounts, outbox, queries
from followup_desktop.ui.draft import draft_dialog, send_row
from followup_desktop.ui.draft.draft_dialog import DraftDialog, open_draft

LEA = "northwind-sre-2/thank_you/lea"  # Tue 24 Nov 08:30 Berlin; Alex is in Chicago
NADIA = "orbital-maps-1/thank_you/nadia"  # overdue since Tue 17 Nov


@pytest.fixture(autouse=True)
def _quiet(monkeypatch):
    monkeypatch.setattr(draft_dialog, "ask_sent", lambda parent, question: False)
    monkeypatch.setattr(send_row, "starts_with_session", lambda: True)


@pytest.fixture
def sender(demo):
    mail_accounts.save_account(
        demo,
        MailAccount("Work", "alex@example.org", smtp_host="smtp.example.org",
                    from_addr="alex@example.org"),
    )  # fmt: skip
    return demo


@pytest.fixture
def dialog(now, qtbot, qapp):
    def build(db, followup_id: str) -> DraftDialog:
        made = DraftDialog(db, followup_id, lambda: now)
        qtbot.addWidget(made)
        return made

    return build


def test_without_an_smtp_account_the_row_says_where_to_add_one(demo, dialog):
    row = dialog(demo, LEA).send_row
    assert not row.send_at_button.isVisibleTo(row.dialog)
    assert row.note.text() == send_row.NO_ACCOUNT


def test_send_at_queues_the_message_as_edited_for_the_employer_slot(sender, dialog, now):
    d = dialog(sender, LEA)
    row = d.send_row
    assert row.send_at_button.text() == ("Send at Tue 24 Nov 08:30 Berlin time (01:30 your time)")
    assert row.send_at_button.isEnabled()
    d.subject.setText("Thank you, Lea")
    row.send_at_button.click()
    [item] = outbox.list_items(sender)
    assert (item.followup, item.subject, item.state) == (LEA, "Thank you, Lea", "queued")
    assert item.send_at == datetime(2026, 11, 24, 7, 30, tzinfo=UTC)
    assert item.to_addr == queries.contacts_by_id(sender, ["lea"])["lea"].email
    assert item.body == d.texts()[1]
    assert d.queued == item and d.result() == d.DialogCode.Accepted
    assert d.sent_note == (
        "Queued for Léa Schmitt: it sends Tue 24 Nov 08:30 Berlin time (01:30 your time)."
    )
    assert queries.get_followup(sender, LEA).status.value == "planned"  # done once it is sent


def test_an_overdue_follow_up_is_offered_the_employer_next_slot(sender, dialog, now):
    row = dialog(sender, NADIA).send_row
    # Sat 21 Nov 15:00 UTC: the next business morning in Berlin is Mon 23 Nov 08:30
    assert row.chosen() == datetime(2026, 11, 23, 7, 30, tzinfo=UTC)


def test_another_time_on_the_employer_weekend_is_refused_unless_insisted(sender, dialog):
    d = dialog(sender, LEA)
    row = d.send_row
    row.other_button.click()
    assert row.other_row.isVisibleTo(d)
    saturday = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    from PySide6.QtCore import QDateTime

    row.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(saturday.timestamp())))
    assert row.note.text().startswith("Sat 28 Nov is a weekend day in Berlin; the next working")
    assert not row.send_at_button.isEnabled()
    assert row.insist.isVisibleTo(d)
    row.insist.setChecked(True)
    assert row.send_at_button.isEnabled()
    row.send_at_button.click()
    assert outbox.list_items(sender)[0].send_at == saturday


def test_a_follow_up_already_queued_says_when_it_goes(sender, dialog):
    dialog(sender, LEA).send_row.send_at_button.click()
    row = dialog(sender, LEA).send_row
    assert not row.send_at_button.isVisibleTo(row.dialog)
    assert row.note.text() == (
        "In the outbox (queued): it sends Tue 24 Nov 2026 08:30 Berlin time (01:30 your time)."
    )


def test_the_hint_says_the_app_must_run_when_it_does_not_start_with_the_session(
    sender, dialog, monkeypatch
):
    monkeypatch.setattr(send_row, "starts_with_session", lambda: False)
    row = dialog(sender, LEA).send_row
    assert row.hint.text().startswith("The app must be running at Tue 24 Nov 01:30 your time")


def test_send_now_shows_the_outbox_with_undo_send(sender, make_window, now, qtbot, monkeypatch):
    window = make_window(sender)
    window.show()
    seen: list[DraftDialog] = []

    def press_send_now(self):
        seen.append(self)
        self.send_row.send_now_button.click()
        return self.result()

    monkeypatch.setattr(DraftDialog, "exec", press_send_now)
    open_draft(window.view("today"), sender, LEA, lambda: now)
    [item] = outbox.list_items(sender)
    assert item.send_at == now + timedelta(seconds=10)
    assert window.current_key() == "outbox"
    view = window.view("outbox")
    assert view.current().id == item.id
    assert view.undo_button.isVisibleTo(view) and "10 s" in view.undo_button.text()
    view.undo_button.click()
    assert outbox.get_item(sender, item.id).state == "cancelled"
    assert view.result.text().startswith("Not sent")


def test_the_keyboard_queues_with_alt_w(sender, dialog, qtbot, now):
    from PySide6.QtCore import Qt

    d = dialog(sender, LEA)
    d.show()
    qtbot.waitExposed(d)
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow)
    d.body.setFocus()
    qtbot.keyClick(d.body, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # Send no&w
    qtbot.waitUntil(lambda: d.queued is not None)
    [item] = outbox.list_items(sender)
    assert item.send_at == now + timedelta(seconds=10) and d.queued_now
