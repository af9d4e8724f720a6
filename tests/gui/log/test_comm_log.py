"""The communication log: per application and per person, the quick actions (each re-plans and
says what changed) and the spreadsheet-safe CSV export."""

from __future__ import annotations

from datetime import timedelta

import pytest

from followup_desktop.core.model import Communication, Direction, FollowUpStatus
from followup_desktop.store import queries, writes
from followup_desktop.ui.log import comm_log_view as comm_log
from followup_desktop.ui.log.log_entry_dialog import LogEntryDialog, MarkSentDialog


@pytest.fixture(autouse=True)
def _errors_collected(errors):
    """A failing action shows a message box; here it is collected (and must stay empty)."""
    yield
    assert errors == []


@pytest.fixture
def dialogs(monkeypatch):
    """Quick-action dialogs are filled by the test instead of a person (no modal loop)."""
    fill: list = []
    seen: list = []

    def run(dialog):
        seen.append(dialog)
        if fill:
            fill.pop(0)(dialog)
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(comm_log, "run_dialog", run)
    return fill, seen


def _log(db, now):
    writes.log_communication(
        db,
        Communication(
            "m1", "acme-be", now - timedelta(days=1), Direction.SENT, "dana",
            summary="=HYPERLINK(\"x\")", response="-1",
        ),
        now,
    )  # fmt: skip


def test_log_a_reply_cancels_the_check_ins_and_says_so(filled, make_window, dialogs, now):
    fill, _seen = dialogs
    window = make_window(filled)
    view = window.show_view("log")
    assert view.pages.currentWidget() is view.empty
    assert view.set_scope(application="acme-be")

    def reply(dialog: LogEntryDialog):
        assert dialog.application.currentData() == "acme-be"
        assert dialog.contact.currentText() == "Dana Lee"  # the application's contact
        assert dialog.direction.currentData() == "received"
        dialog.summary.setText("They will decide next week")
        assert dialog.save()

    fill.append(reply)
    view.log_reply()
    assert view.result.text() == (
        "Reply logged. 3 follow-ups cancelled: reply received from Dana Lee on 21 Nov 2026."
    )
    assert window.statusBar().currentMessage() == view.result.text()
    assert view.list.topLevelItemCount() == 1
    assert view.list.topLevelItem(0).text(5) == "They will decide next week"
    pending = queries.list_followups(filled, applications=["acme-be"])
    assert {f.kind for f in pending if f.status == FollowUpStatus.PLANNED} == {"thank_you"}


def test_log_a_call_with_a_bad_time_says_so_beside_the_field(filled, make_window, dialogs):
    fill, _ = dialogs
    view = make_window(filled).show_view("log")
    view.set_scope(application="acme-be")

    def call(dialog: LogEntryDialog):
        assert dialog.channel.currentData() == "phone"
        assert dialog.direction.currentData() == "sent"
        dialog.time.setText("7pm")
        dialog.summary.setText("Called Dana about the timeline")
        assert not dialog.save()
        assert dialog.errors["time"].text() == (
            "Write the time as HH:MM on a 24-hour clock, e.g. 14:30."
        )
        assert dialog.summary.text() == "Called Dana about the timeline"  # kept
        dialog.time.setText("19:00")
        assert dialog.save()

    fill.append(call)
    view.log_call()
    logged = queries.list_communications(filled)
    assert [(c.channel, c.summary) for c in logged] == [("phone", "Called Dana about the timeline")]
    assert view.result.text().startswith("Call logged.")


def test_mark_follow_up_as_sent_marks_it_done_and_logs_it(filled, make_window, dialogs, now):
    fill, _ = dialogs
    view = make_window(filled).show_view("log")

    def sent(dialog: MarkSentDialog):
        assert dialog.item.count() == 3  # thank-you, check-in, second follow-up; earliest first
        assert dialog.item.currentText().startswith("Acme Corp — Backend Engineer: Thank-you")
        dialog.summary.setText("Thank-you mentioning the ledger")
        assert dialog.save()

    fill.append(sent)
    view.mark_sent()
    item = queries.get_followup(filled, "acme-be-1/thank_you/dana")
    assert item.status == FollowUpStatus.DONE and item.done_at == now
    logged = queries.list_communications(filled)
    assert [(c.direction, c.summary, c.contact) for c in logged] == [
        ("sent", "Thank-you mentioning the ledger", "dana")
    ]
    assert view.result.text() == (
        "Acme Corp — Backend Engineer: Thank-you to Dana Lee: marked sent and logged. "
        "The plan did not change."
    )


def test_mark_sent_with_nothing_pending_offers_nothing(filled, make_window, dialogs):
    _fill, seen = dialogs
    view = make_window(filled).show_view("log")
    view.set_scope(application="globex-pm")
    view.mark_sent()
    assert seen[0].item.count() == 0 and seen[0].empty.isVisibleTo(seen[0])
    assert queries.list_communications(filled) == []


def test_the_log_of_one_person(filled, make_window, now):
    _log(filled, now)
    window = make_window(filled)
    window.show_view("contacts").select("dana")
    window.view("contacts").log_button.click()
    view = window.view("log")
    assert window.current_key() == "log"
    assert view.scope().contact == "dana"
    assert view.list.topLevelItemCount() == 1
    assert view.list.topLevelItem(0).text(2) == "Dana Lee"


def test_export_of_the_log_opens_in_a_spreadsheet(filled, make_window, monkeypatch, tmp_path, now):
    _log(filled, now)
    monkeypatch.setattr(comm_log, "ask_csv_path", lambda parent, name: tmp_path / "log")
    view = make_window(filled).show_view("log")
    view.set_scope(application="acme-be")
    written = view.export()
    assert written == tmp_path / "log.csv"
    data = written.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Date,Time,Company,Role,Contact")
    assert "'=HYPERLINK" in text and ",'-1" in text  # formulas neutralised
    assert view.result.text() == f"Exported 1 entries to {written}."


def test_the_pipeline_opens_the_log_of_its_selection(filled, make_window, now):
    _log(filled, now)
    window = make_window(filled)
    pipeline = window.view("pipeline")
    pipeline.select("acme-be")
    pipeline.log_button.click()
    assert window.current_key() == "log"
    assert window.view("log").scope().application == "acme-be"


# --- what a reply said, and the step it opens ---------------------------------------------------


def _said_in_store(db, comm_id):
    row = db.execute(
        "SELECT json_extract(extra, '$.said') FROM communications WHERE id = ?", [comm_id]
    ).fetchone()
    return row[0] if row else None


def test_a_reply_is_asked_what_it_said_and_a_sent_message_is_not(filled, qtbot, now):
    from followup_desktop.ui.log.rows import REPLY_WORDS

    dialog = LogEntryDialog(filled, lambda: now, {"acme-be": "Acme"}, application="acme-be")
    qtbot.addWidget(dialog)
    dialog.show()
    assert (
        [b.text() for b in dialog.said.values()]
        == [
            "Invites me to another round",
            "Asks for my availability",
            "Only acknowledges",
            "Something else",
        ]
        == list(REPLY_WORDS.values())
    )
    assert dialog.said["invitation"].isVisible()
    dialog.said["acknowledgement"].setChecked(True)
    assert "no check-in is planned" in dialog.said_hint.text()
    assert dialog.said_key() == "acknowledgement"
    dialog.direction.setCurrentIndex(dialog.direction.findData("sent"))
    assert not dialog.said["invitation"].isVisible()
    assert dialog.said_key() is None  # a message the user sent says nothing about them


def test_every_mnemonic_label_has_a_buddy_so_no_ampersand_shows(filled, qtbot, now):
    """'&When:' and '&How:' label rows holding a layout: they showed their '&' as text."""
    from PySide6.QtWidgets import QLabel

    entry = LogEntryDialog(filled, lambda: now, {"acme-be": "Acme"}, application="acme-be")
    sent = MarkSentDialog(filled, lambda: now, "acme-be")
    for dialog in (entry, sent):
        qtbot.addWidget(dialog)
        labels = [lab for lab in dialog.findChildren(QLabel) if "&" in lab.text()]
        assert labels
        assert [lab.text() for lab in labels if lab.buddy() is None] == []
    buddies = {lab.text(): lab.buddy() for lab in entry.findChildren(QLabel)}
    assert buddies["&When:"] is entry.date and buddies["&How:"] is entry.channel


def test_a_reply_that_only_acknowledges_keeps_waiting_with_no_check_ins(
    filled, make_window, dialogs, now
):
    fill, _seen = dialogs
    view = make_window(filled).show_view("log")
    view.set_scope(application="acme-be")

    def reply(dialog: LogEntryDialog):
        dialog.said["acknowledgement"].setChecked(True)
        assert dialog.save()

    fill.append(reply)
    view.log_reply()
    logged = queries.list_communications(filled, ["acme-be"])
    assert [c.summary for c in logged] == ["Only acknowledges"]  # no summary typed: the answer
    assert _said_in_store(filled, logged[0].id) == "acknowledgement"
    items = queries.list_followups(filled, applications=["acme-be"])
    pending = {f.kind for f in items if f.status in ("planned", "snoozed")}
    assert pending == {"thank_you"}  # no check-in, no second follow-up, no move-on review
    assert queries.get_application(filled, "acme-be").stage == "interviewing"  # still waiting
    assert "3 follow-ups cancelled: reply received" in view.result.text()


def test_an_invitation_offers_to_record_the_next_round(filled, make_window, dialogs, qtbot):
    fill, _seen = dialogs
    view = make_window(filled).show_view("log")
    view.set_scope(application="acme-be")
    offered = []

    def reply(dialog: LogEntryDialog):
        dialog.said["invitation"].setChecked(True)
        dialog.summary.setText("Second round with the team")
        assert dialog.save()
        assert dialog.result() != dialog.DialogCode.Accepted  # still open: the offer shows
        assert dialog.next_page.isVisibleTo(dialog) and not dialog.entry_page.isVisibleTo(dialog)
        offered.append((dialog.logged.text(), dialog.offer.text(), dialog.next_button.text()))
        dialog.next_button.click()

    fill.append(reply)
    with qtbot.waitSignal(view.record_round) as asked:
        view.log_reply()
    assert asked.args == ["acme-be"]
    text, offer, button = offered[0]
    assert text.startswith("Reply logged. 3 follow-ups cancelled")
    assert "the notes form opens for this application" in offer
    assert button == "Record the next round"
    logged = queries.list_communications(filled, ["acme-be"])
    assert [c.summary for c in logged] == ["Second round with the team"]
    assert _said_in_store(filled, logged[0].id) == "invitation"


def test_closing_the_offer_keeps_the_reply_and_offers_nothing_more(filled, make_window, dialogs):
    fill, _seen = dialogs
    view = make_window(filled).show_view("log")
    view.set_scope(application="acme-be")
    asked = []
    view.record_round.connect(asked.append)

    def reply(dialog: LogEntryDialog):
        dialog.said["invitation"].setChecked(True)
        assert dialog.save()
        dialog.reject()  # Escape on the offer: the reply is logged all the same

    fill.append(reply)
    view.log_reply()
    assert asked == []
    assert len(queries.list_communications(filled, ["acme-be"])) == 1
    assert view.result.text().startswith("Reply logged.")


def test_a_request_for_availability_drafts_a_reply(filled, make_window, dialogs, monkeypatch):
    from followup_desktop.ui.log import availability_dialog

    fill, seen = dialogs
    opened = []
    monkeypatch.setattr(availability_dialog, "open_url", lambda url: opened.append(url) or True)
    view = make_window(filled).show_view("log")
    view.set_scope(application="acme-be")

    def reply(dialog: LogEntryDialog):
        dialog.said["availability"].setChecked(True)
        assert dialog.save()
        assert dialog.next_button.text() == "Draft an availability reply"
        dialog.next_button.click()

    def draft(dialog):
        assert dialog.windowTitle() == "Availability reply · Dana Lee"
        assert dialog.subject.text().startswith("Re: Backend Engineer - my availability")
        body = dialog.body.toPlainText()
        assert body.startswith("Dear Dana,") and "Acme Corp" in body
        assert "two or three times that suit you" in body  # the user's part, flagged
        assert "• Write this part yourself: two or three times" in dialog.findings.text()
        assert not dialog.mail_button.isEnabled()  # Dana has no email address here
        dialog.body.setPlainText(body.replace("two or three times", "Tue or Wed 10:00"))
        assert dialog.log_sent()

    fill.extend([reply, draft])
    view.log_reply()
    assert len(seen) == 2
    logged = queries.list_communications(filled, ["acme-be"])
    assert sorted((c.direction, c.summary) for c in logged) == [
        ("received", "Asks for my availability"),
        ("sent", "Availability reply"),
    ]
    assert view.result.text().startswith("Availability reply logged as sent.")
    assert opened == []


def test_the_reply_question_travels_in_an_export(filled, now):
    from followup_desktop.store import transfer
    from followup_desktop.ui.log.rows import log_entry

    reply = Communication("r1", "acme-be", now, Direction.RECEIVED, "dana", summary="Invite")
    log_entry(filled, reply, now, "invitation")
    exported = transfer.export_json(filled)
    assert [c.get("said") for c in exported["communications"]] == ["invitation"]
