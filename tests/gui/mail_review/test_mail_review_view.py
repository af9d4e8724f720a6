"""The Mail view: what waits for a decision (Accept, Assign to…, Ignore) and what was logged by
itself (Undo), every mail text shown as plain text, every decision one sentence and a refresh
of the other views; it works from the keyboard."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from followup_desktop.core.mail_files import MailMessage
from followup_desktop.core.model import Application, Company, Contact, Interview, Profile, Stage
from followup_desktop.store import mail_review, queries, writes
from followup_desktop.store.mail_apply import apply_messages
from tests.builders import NOW

REJECTION = "Unfortunately, we have decided not to move forward with your application."


@pytest.fixture(autouse=True)
def _no_error_boxes(errors):
    yield
    assert errors == []


@pytest.fixture
def search(db):
    """Acme (one application, Dana interviewed), Globex (two applications, Gil)."""
    writes.save_profile(db, Profile(name="Alex", email="alex@example.org"), NOW)
    writes.save_company(db, Company("acme", "Acme Corp", "America/New_York"), NOW)
    writes.save_company(db, Company("globex", "Globex", "Europe/Berlin"), NOW)
    writes.save_contact(db, Contact("dana", "acme", "Dana Lee", email="dana@acme.example"))
    writes.save_contact(db, Contact("gil", "globex", "Gil Grey", email="gil@globex.example"))
    writes.save_application(
        db, Application("acme-be", "acme", "Backend Engineer", Stage.INTERVIEWING), NOW
    )
    writes.save_application(db, Application("globex-pm", "globex", "Product Manager"), NOW)
    writes.save_application(db, Application("globex-sre", "globex", "SRE"), NOW)
    writes.save_interview(
        db,
        Interview(
            "acme-be-1", "acme-be", datetime(2026, 11, 19, 15, tzinfo=UTC), interviewers=["dana"]
        ),
        NOW,
    )
    return db


def mail(n: int, **changes: object) -> MailMessage:
    base = MailMessage(
        message_id=f"r{n}@example",
        date=NOW - timedelta(hours=n),
        sender="dana@acme.example",
        sender_name="Dana Lee",
        recipients=("alex@example.org",),
        subject=f"Re: Interview {n}",
        in_reply_to="",
        references=(),
        text="Thanks, we will be in touch.",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def waiting(search):
    """A new sender at Acme (one candidate), Gil at Globex (two), Dana's logged reply."""
    apply_messages(
        search,
        [
            mail(1, sender="priya@acme.example", sender_name="Priya <b>Shah</b>"),
            mail(2, sender="gil@globex.example", sender_name="Gil Grey"),
            mail(3, subject="Thanks for coming in"),
        ],
        NOW,
        "test",
    )
    return search


@pytest.fixture
def view(waiting, make_window):
    window = make_window(waiting)
    window.show()
    return window.show_view("mail")


def _rows(tree) -> list[list[str]]:
    return [
        [tree.topLevelItem(r).text(c) for c in range(tree.columnCount())]
        for r in range(tree.topLevelItemCount())
    ]


def _select(tree, text: str) -> None:
    for r in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(r)
        if any(text in item.text(c) for c in range(tree.columnCount())):
            tree.setCurrentItem(item)
            return
    raise AssertionError(f"no row with {text!r}")


def test_both_lists_show_what_waits_and_what_was_logged(view):
    pending = _rows(view.pending)
    assert [row[1] for row in pending] == [
        "Priya <b>Shah</b> <priya@acme.example>",  # plain text: the tags are shown, not used
        "Gil Grey <gil@globex.example>",
    ]
    assert view.pending_box.title() == "Needs your decision (2)"
    [logged] = _rows(view.auto)
    assert logged[1:] == [
        "dana@acme.example",
        "Thanks for coming in",
        "Acme Corp · Backend Engineer",
    ]
    assert view.subject.textFormat() == Qt.TextFormat.PlainText
    assert view.from_line.text() == "From Priya <b>Shah</b> <priya@acme.example>"
    assert view.text.toPlainText() == "Thanks, we will be in touch."
    assert view.accept_button.isEnabled()  # one candidate
    _select(view.pending, "gil@globex")
    assert not view.accept_button.isEnabled()  # two applications: Assign to…
    assert view.assign_button.isEnabled()


def test_accept_logs_under_the_only_candidate_and_says_so(view, waiting):
    window = view.window()
    window.mail.start()  # as the app does after the first paint (app/mail_wiring.py)
    _select(view.pending, "priya@acme")
    assert view.accept_selected()
    assert view.result.text() == (
        "Logged under Acme Corp · Backend Engineer. Priya <b>Shah</b> is now one of your contacts."
    )
    assert window.statusBar().currentMessage() == view.result.text()
    assert mail_review.pending_count(waiting) == 1
    assert [row[1] for row in _rows(view.pending)] == ["Gil Grey <gil@globex.example>"]
    assert window.mail.button.text() == "Mail: 1 to review"


def test_assign_offers_candidates_first_then_every_open_application(view, waiting, monkeypatch):
    writes.save_company(waiting, Company("initech", "Initech"), NOW)
    writes.save_application(waiting, Application("initech-qa", "initech", "QA Lead"), NOW)
    writes.save_application(
        waiting, Application("initech-old", "initech", "Tester", Stage.REJECTED), NOW
    )
    shown: list[list[str]] = []

    def ask(parent, options):
        shown.append(options)
        return options.index("Globex · SRE")

    monkeypatch.setattr("followup_desktop.ui.mail_review.mail_review_view.ask_application", ask)
    _select(view.pending, "gil@globex")
    assert view.assign_selected()
    assert shown[0][:2] == ["Globex · Product Manager", "Globex · SRE"]  # the candidates
    assert "Initech · QA Lead" in shown[0] and "Acme Corp · Backend Engineer" in shown[0]
    assert not any("Tester" in option for option in shown[0])  # ended: not offered
    assert view.result.text() == "Logged under Globex · SRE."
    assert [c.summary for c in queries.list_communications(waiting, ["globex-sre"])] == [
        "Re: Interview 2"
    ]


def test_ignore_logs_nothing_and_undo_takes_a_logged_mail_out(view, waiting):
    _select(view.pending, "gil@globex")
    assert view.ignore_selected()
    assert view.result.text() == "Ignored the mail “Re: Interview 2”; it is not logged."
    assert queries.list_communications(waiting, ["globex-pm", "globex-sre"]) == []
    assert view.undo_button.isEnabled()
    assert view.undo_selected()
    assert view.result.text() == (
        "Took “Thanks for coming in” out of the log of Acme Corp · Backend Engineer."
    )
    assert queries.list_communications(waiting, ["acme-be"]) == []
    assert view.auto_pages.currentWidget() is view.auto_empty
    # Mail already ignored again: logging it again is refused by the store, not the view.
    assert apply_messages(waiting, [mail(3)], NOW, "test").logged == 0


def test_a_reply_that_reads_like_a_rejection_asks_to_confirm_the_stage(search, make_window):
    apply_messages(search, [mail(4, text=REJECTION)], NOW, "test")
    window = make_window(search)
    view = window.show_view("mail")
    assert view.accept_button.text().replace("&", "") == "Accept: mark rejected"
    assert not view.assign_button.isEnabled()
    assert view.accept_selected()
    assert queries.get_application(search, "acme-be").stage == Stage.REJECTED
    assert view.pending_pages.currentWidget() is view.pending_empty


def test_an_item_decided_elsewhere_is_refreshed_with_one_sentence(view, waiting):
    _select(view.pending, "priya@acme")
    item = view.selected_item()
    mail_review.ignore(waiting, item.id, NOW)  # e.g. the command line, meanwhile
    assert not view.accept_selected()
    assert view.result.text() == (
        "That mail no longer waits for a decision; the list was refreshed."
    )
    assert view.pending.topLevelItemCount() == 1


def test_the_view_is_driven_by_the_keyboard(view, qtbot):
    window = view.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.first_focus().setFocus()
    assert QApplication.focusWidget() is view.pending
    qtbot.keyClick(view.pending, Qt.Key.Key_Down)  # the second item: Gil
    assert view.selected_item().sender == "gil@globex.example"
    qtbot.keyClick(view.pending, Qt.Key.Key_Up)
    visited = []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == [
        view.text,
        view.accept_button,
        view.assign_button,
        view.ignore_button,
        view.auto,
    ]
    qtbot.keyClick(view.accept_button, Qt.Key.Key_Space)  # a focused button is pressed
    assert view.result.text().startswith("Logged under Acme Corp · Backend Engineer.")
    qtbot.keyClick(view.auto, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # I&gnore
    qtbot.waitUntil(lambda: view.pending_pages.currentWidget() is view.pending_empty)


def test_the_mail_view_has_a_shortcut_and_starts_empty(db, make_window):
    window = make_window(db)
    action = next(a for a in window.actions() if a.text() == "Mail")
    assert action.shortcut().toString() == "Ctrl+0"
    view = window.show_view("mail")
    assert view.pending_pages.currentWidget() is view.pending_empty
    assert view.auto_pages.currentWidget() is view.auto_empty
    assert not window.mail.button.isVisible()  # no account, nothing to review


def test_ctrl_0_opens_the_mail_view(db, make_window, qtbot):
    window = make_window(db)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "mail"
