"""File > Import mail (or mail files dropped on the window): an .eml reply from a known contact
is logged and re-plans, a large mbox is imported off the GUI thread (the window keeps turning),
a bad file says why in one sentence; the status bar's mail line counts what waits for review."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from followup_desktop.core.model import Contact
from followup_desktop.store import mail_review, queries, writes
from followup_desktop.ui.shell import mail_actions

REPLY = (
    "From: Dana Lee <dana@acme.example>\r\n"
    "To: Alex Morgan <alex@example.org>\r\n"
    "Subject: Re: Thank you for the interview\r\n"
    "Date: Sat, 21 Nov 2026 10:00:00 +0000\r\n"
    "Message-ID: <{mid}@acme.example>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Hi Alex, thanks! We will get back to you next week.\r\n"
    "\r\n"
    "On Fri, 20 Nov 2026, Alex wrote:\r\n"
    "> Thank you for your time yesterday.\r\n"
)
NEWSLETTER = (
    "From news{n}@shop.example Sat Nov 21 10:00:00 2026\n"
    "From: news{n}@shop.example\n"
    "To: alex@example.org\n"
    "Subject: Deals {n}\n"
    "Date: Sat, 21 Nov 2026 10:00:00 +0000\n"
    "Message-ID: <n{n}@shop.example>\n"
    "\n"
    "{body}\n\n"
)


@pytest.fixture
def search(filled):
    writes.save_contact(
        filled,
        Contact("dana", "acme", "Dana Lee", "Engineering Manager", email="dana@acme.example"),
    )
    return filled


def test_an_eml_reply_is_logged_and_said_in_the_status_bar(search, make_window, tmp_path, errors):
    path = tmp_path / "reply.eml"
    path.write_text(REPLY.format(mid="r1"), encoding="utf-8")
    window = make_window(search)
    action = next(a for a in window.actions() if a.text().startswith("Import &mail"))
    assert action.text() == "Import &mail (.eml, .mbox, .msg)…"
    tally = window.mail.import_paths([path])
    assert tally is not None and tally.logged == 1
    assert window.statusBar().currentMessage() == "Mail imported: 1 reply logged."
    [comm] = queries.list_communications(search, ["acme-be"])
    assert (comm.direction, comm.channel, comm.contact) == ("received", "email", "dana")
    assert comm.summary == "Re: Thank you for the interview"
    assert comm.response == "Hi Alex, thanks! We will get back to you next week."  # no quotes
    # Re-planned as a logged reply: the pending check-in is cancelled.
    assert {f.kind: str(f.status) for f in queries.list_followups(search)}["check_in"] == (
        "cancelled"
    )
    assert window.mail.import_paths([path]).duplicates == 1  # each message once
    assert errors == []


def test_the_menu_action_asks_for_files(search, make_window, tmp_path, monkeypatch):
    path = tmp_path / "reply.eml"
    path.write_text(REPLY.format(mid="r2"), encoding="utf-8")
    monkeypatch.setattr(mail_actions, "ask_mail_files", lambda parent: [path])
    window = make_window(search)
    next(a for a in window.actions() if a.text().startswith("Import &mail")).trigger()
    assert len(queries.list_communications(search, ["acme-be"])) == 1


def test_a_large_mbox_is_imported_off_the_gui_thread(search, make_window, tmp_path, qtbot):
    body = "lorem ipsum dolor sit amet " * 40
    parts = [NEWSLETTER.format(n=n, body=body) for n in range(1500)]
    parts.insert(700, "From dana@acme.example Sat Nov 21 10:00:00 2026\n" + REPLY.format(mid="r3"))
    path = tmp_path / "Inbox.mbox"
    path.write_text("".join(parts), encoding="utf-8")
    assert path.stat().st_size > mail_actions.SMALL_IMPORT_BYTES
    window = make_window(search)
    assert window.mail.import_paths([path]) is None  # started on a worker: returns at once
    assert window.mail.importing is not None
    assert window.statusBar().currentMessage() == "Importing mail from Inbox.mbox…"
    assert window.mail.import_paths([path]) is None  # a second one waits
    assert window.statusBar().currentMessage() == mail_actions.IMPORT_RUNS
    qtbot.waitUntil(lambda: window.mail.importing is None, timeout=60_000)
    assert window.statusBar().currentMessage() == "Mail imported: 1 reply logged."
    assert len(queries.list_communications(search, ["acme-be"])) == 1


def test_a_bad_file_says_why_in_one_sentence(search, make_window, tmp_path, errors):
    path = tmp_path / "notes.eml"
    path.write_text("just some words\n", encoding="utf-8")
    window = make_window(search)
    assert window.mail.import_paths([path]) is None
    assert errors == ["The file has no mail headers, so it is not a mail message."]
    assert queries.list_communications(search) == []


def test_the_status_bar_counts_mail_waiting_for_review(search, make_window, tmp_path, qtbot):
    path = tmp_path / "new.eml"
    text = REPLY.format(mid="r4").replace("dana@acme.example", "priya@acme.example")
    path.write_text(text, encoding="utf-8")
    window = make_window(search)
    window.show()
    assert not window.mail.button.isVisible()
    window.mail.import_paths([path])
    assert mail_review.pending_count(search) == 1
    assert window.mail.button.isVisible()
    assert window.mail.button.text() == "Mail: 1 to review"
    window.mail.checker_said("Mail: checked 15:00")
    assert window.mail.button.text() == "Mail: checked 15:00 · 1 to review"
    window.mail.button.click()
    assert window.current_key() == "mail"


def test_mail_files_dropped_on_the_window_are_imported(search, make_window, tmp_path, errors):
    path = tmp_path / "reply.eml"
    path.write_text(REPLY.format(mid="drop1"), encoding="utf-8")
    other = tmp_path / "notes.txt"
    other.write_text("not mail", encoding="utf-8")
    window = make_window(search)
    window.show()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other)), QUrl.fromLocalFile(str(path))])
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0))
    enter = QDragEnterEvent(QPoint(20, 20), *args)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, QDropEvent(QPointF(20, 20), *args))
    assert window.statusBar().currentMessage() == "Mail imported: 1 reply logged."
    [comm] = queries.list_communications(search, ["acme-be"])
    assert comm.summary == "Re: Thank you for the interview"
    only_text = QMimeData()
    only_text.setUrls([QUrl.fromLocalFile(str(other))])
    refused = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, only_text, *args[2:])
    QApplication.sendEvent(window, refused)
    assert not refused.isAccepted()  # a file that is neither mail nor an invitation
    assert errors == []
