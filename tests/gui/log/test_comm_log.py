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
