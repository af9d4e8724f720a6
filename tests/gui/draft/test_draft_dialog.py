"""The draft dialog: the right message for the person, findings while editing, the hand-off,
and "Did you send it?" (only a yes marks the follow-up done and logs it)."""

from __future__ import annotations

import dataclasses
import email
from email import policy
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication

from followup_desktop.core.model import Direction, FollowUp, FollowUpKind, FollowUpStatus
from followup_desktop.store import queries, writes
from followup_desktop.ui.draft import draft_dialog
from followup_desktop.ui.draft.draft_dialog import DraftDialog, open_draft


@pytest.fixture(autouse=True)
def _no_modal_questions(monkeypatch):
    """Closing a dialog after a hand-off asks "Did you send it?": answer no, never block."""
    monkeypatch.setattr(draft_dialog, "ask_sent", lambda parent, question: False)


@pytest.fixture
def dialog(demo, now, qtbot, qapp):
    def build(followup_id: str) -> DraftDialog:
        made = DraftDialog(demo, followup_id, lambda: now)
        qtbot.addWidget(made)
        return made

    return build


def sent_log(db, application):
    return [
        c for c in queries.list_communications(db, [application]) if c.direction == Direction.SENT
    ]


def test_the_panel_thank_you_is_personal_and_clean(dialog):
    d = dialog("acme-be-1/thank_you/omar")
    assert d.windowTitle() == "Thank-you · Omar Haddad"
    assert d.template_combo.currentText() == "Thank-you after a panel interview"
    assert d.to_label.text() == "Omar Haddad <omar@acme.example>"
    assert d.subject.text() == "Thank You - Alex Morgan - Backend Engineer Interview"
    assert d.body.toPlainText().startswith("Dear Omar,")
    assert "the retry queue and exactly-once delivery" in d.body.toPlainText().lower()
    assert not any(t.startswith("✗") for t in d.findings.texts())
    assert not d.sent_bar.isVisible()


def test_editing_rechecks_and_highlights(dialog, qtbot):
    d = dialog("acme-be-1/thank_you/dana")
    d.show()
    d.body.moveCursor(d.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(d.body, " thx, we have another offer")
    codes = lambda: [f.code for f in d.findings.findings]  # noqa: E731
    qtbot.waitUntil(lambda: {"informal", "competing_offer"} <= set(codes()))
    assert len(d.body.extraSelections()) >= 2
    d.findings.chosen.emit(d.findings.findings[codes().index("competing_offer")])
    assert d.body.textCursor().selectedText() == "have another offer"


def test_the_offer_reply_offers_accept_negotiate_and_decline(dialog):
    d = dialog("kestrel-data/offer_reply")
    labels = [d.template_combo.itemText(i) for i in range(3)]
    assert labels == ["Accepting an offer", "Negotiating an offer", "Declining an offer"]
    assert "accept, negotiate or decline" in d.status.text().lower()
    d.template_combo.setCurrentIndex(2)
    assert "decided to decline the offer" in d.body.toPlainText()
    assert d.subject.text() == "Data Engineer offer - Alex Morgan"


def test_a_check_in_after_the_stated_date_is_a_status_inquiry(dialog):
    d = dialog("acme-be-1/check_in/dana")  # due 4 Dec, the decision was promised by 3 Dec
    assert d.template_combo.currentText() == "Status inquiry after the timeline"
    assert "Thursday 3 December" in d.body.toPlainText()


def test_the_due_time_is_one_time_when_the_user_lives_in_the_employers_zone(dialog, demo, now):
    profile = queries.get_profile(demo)
    writes.save_profile(demo, dataclasses.replace(profile, timezone="Europe/Paris"), now)
    d = dialog("orbital-maps-1/thank_you/nadia")
    assert "· due Tue 17 Nov 2026 08:30 Paris time · overdue" in d.subtitle.text()
    assert "your time" not in d.subtitle.text()


def test_copy_subject_and_body_separately_then_yes_marks_done_and_logs_once(dialog, demo):
    d = dialog("orbital-maps-1/thank_you/nadia")
    d.show()
    assert d.subtitle.text().endswith(
        "· due Tue 17 Nov 2026 08:30 Paris time (01:30 your time) · overdue"
    )
    assert d.language() == "fr"  # a company in France: the draft is in French
    subject = d.subject.text()
    assert subject and "Geo Data Engineer" in subject and "Alex Morgan" in subject
    d.copy_subject_button.click()
    assert QGuiApplication.clipboard().text() == subject
    assert d.status.text().startswith("Copied the subject")
    assert not d.sent_bar.isVisible()  # the body is still to come
    d.copy_body_button.click()
    clip = QGuiApplication.clipboard().text()
    assert clip == d.body.toPlainText().rstrip() + "\n"
    assert "Subject:" not in clip
    assert d.sent_bar.isVisible() and d.sent_question.text() == "Did you send it?"
    d.yes_button.click()
    item = queries.get_followup(demo, "orbital-maps-1/thank_you/nadia")
    assert item.status == FollowUpStatus.DONE
    (logged,) = sent_log(demo, "orbital-maps")
    assert logged.contact == "nadia" and logged.summary == f"Thank-you: {subject}"
    assert d.sent and d.result() == DraftDialog.DialogCode.Accepted


def test_not_yet_and_closing_without_a_yes_change_nothing(dialog, demo, monkeypatch):
    asked = []
    monkeypatch.setattr(draft_dialog, "ask_sent", lambda parent, q: asked.append(q) or False)
    d = dialog("orbital-maps-1/thank_you/nadia")
    d.show()
    d.copy_body_button.click()
    d.not_yet_button.click()
    d.reject()
    assert asked == []  # "Not yet" was the answer already
    d2 = dialog("orbital-maps-1/thank_you/nadia")
    d2.show()
    d2.copy_body_button.click()
    d2.reject()  # closing after a hand-off asks once
    assert asked == ["Did you send it?"]
    assert queries.get_followup(demo, "orbital-maps-1/thank_you/nadia").status == "planned"
    assert sent_log(demo, "orbital-maps") == []


def test_closing_after_a_hand_off_and_saying_yes_records_it(dialog, demo, monkeypatch):
    monkeypatch.setattr(draft_dialog, "ask_sent", lambda parent, q: True)
    d = dialog("orbital-maps-1/thank_you/nadia")
    d.show()
    d.copy_body_button.click()
    d.reject()
    assert d.sent and len(sent_log(demo, "orbital-maps")) == 1


def test_open_in_mail_program_passes_a_well_encoded_mailto(dialog, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(draft_dialog, "open_url", lambda url: opened.append(url) or True)
    d = dialog("northwind-sre-2/thank_you/lea")
    d.show()
    d.mail_button.click()
    (url,) = opened
    text = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
    assert text.isascii()
    parts = urlsplit(text)
    assert parts.scheme == "mailto" and unquote(parts.path) == "lea@northwind.example"
    query = parse_qs(parts.query)
    assert query["subject"] == [d.subject.text()]
    assert query["body"][0] == d.body.toPlainText().replace("\n", "\r\n")
    assert d.language() == "de"  # Northwind is in Germany: ü, ß and é all encoded
    assert not query["body"][0].isascii() and query["body"][0].startswith(d.body.toPlainText()[:20])
    assert d.sent_bar.isVisible() and "mail program" in d.status.text()


def test_a_mail_program_that_does_not_open_is_reported(dialog, monkeypatch, errors):
    monkeypatch.setattr(draft_dialog, "open_url", lambda url: False)
    d = dialog("northwind-sre-2/thank_you/lea")
    d.mail_button.click()
    assert errors and "copy it or save an .eml instead" in errors[0]
    assert not d.sent_bar.isVisible()


def test_save_eml_writes_a_parseable_message(dialog, monkeypatch, tmp_path):
    target = tmp_path / "draft"
    suggested = []
    monkeypatch.setattr(
        draft_dialog, "ask_eml_path", lambda parent, name: suggested.append(name) or target
    )
    d = dialog("northwind-sre-2/thank_you/lea")
    d.show()
    d.eml_button.click()
    assert suggested == ["Thank-you - Léa Schmitt - Northwind Labs.eml"]
    message = email.message_from_bytes(target.read_bytes(), policy=policy.default)
    assert message["To"].addresses[0].display_name == "Léa Schmitt"
    assert message["Subject"] == d.subject.text()
    content = message.get_content().replace("\r\n", "\n")
    assert content.rstrip("\n") == d.body.toPlainText() and not content.isascii()
    assert d.sent_bar.isVisible()


def test_a_phone_call_gets_a_script_and_the_call_question(demo, now, dialog):
    from followup_desktop.store import records

    call = FollowUp(
        "acme-be-1/phone_call/dana",
        "acme-be",
        FollowUpKind.PHONE_CALL,
        now,
        "America/New_York",
        contact="dana",
        interview="acme-be-1",
        channel="phone",
    )
    demo["followups"].upsert(records.followup_to_row(call), pk="id")
    d = dialog(call.id)
    d.show()
    assert d.template_combo.currentText() == "Phone-call script"
    assert not d.mail_button.isVisible() and not d.eml_button.isVisible()
    assert d.sent_bar.isVisible() and d.sent_question.text() == "Did you make the call?"
    assert "+1 212 555 0199" in d.to_label.text()
    d.yes_button.click()
    (logged,) = [c for c in sent_log(demo, "acme-be") if c.contact == "dana"]
    assert logged.channel == "phone" and logged.summary == "Phone call"


def test_a_done_follow_up_does_not_ask_again(dialog, demo):
    d = dialog("kestrel-data-1/thank_you/amelia")
    d.show()
    assert d.status.text() == (
        "Already marked done: Fri 6 Nov 2026 09:30 London time (03:30 your time)."
    )
    d.copy_body_button.click()
    assert not d.sent_bar.isVisible()


def test_open_draft_refuses_a_reminder_in_one_sentence(demo, now, errors, qapp):
    open_draft(None, demo, "acme-be-1/move_on_review", lambda: now)
    assert errors == ["The move-on review is a reminder for you, not a message to write."]
    open_draft(None, demo, "nope", lambda: now)
    assert errors[1] == "There is no follow-up 'nope'."


def test_open_draft_tells_the_calling_view_after_a_yes(demo, now, make_window, monkeypatch):
    view = make_window(demo).view("pipeline")

    def exec_and_send(self):
        self.copy_body()
        self.confirm_sent()
        return 1

    monkeypatch.setattr(DraftDialog, "exec", exec_and_send)
    refreshed = []
    monkeypatch.setattr(type(view), "refresh", lambda self: refreshed.append(True))
    changed, said = [], []
    view.changed.connect(lambda: changed.append(True))
    view.message.connect(said.append)
    open_draft(view, demo, "orbital-maps-1/thank_you/nadia", lambda: now)
    assert changed == [True] and refreshed == [True]
    assert said == ["Thank-you · Nadia Benali: marked done and logged."]
    callbacks = []
    monkeypatch.setattr(DraftDialog, "exec", exec_and_send)
    open_draft(
        view,
        demo,
        "lumen-analytics-1/second_follow_up/sam",
        lambda: now,
        on_sent=lambda: callbacks.append(1),
    )
    assert callbacks == [1] and changed == [True]


def test_an_empty_subject_or_body_is_not_reported_as_copied(dialog):
    d = dialog("orbital-maps-1/thank_you/nadia")
    d.show()
    QGuiApplication.clipboard().setText("what was there")
    d.subject.clear()
    assert d.copy_subject() is False
    assert d.status.text() == "Nothing copied: the subject is empty."
    d.body.setPlainText("  \n ")
    assert d.copy_body() is False
    assert d.status.text() == "Nothing copied: the message is empty."
    assert QGuiApplication.clipboard().text() == "what was there"
    assert not d.sent_bar.isVisible() and not d.handed_off


def test_the_eml_file_is_readable_by_the_user_only(dialog, monkeypatch, tmp_path):
    import stat

    target = tmp_path / "draft.eml"
    monkeypatch.setattr(draft_dialog, "ask_eml_path", lambda parent, name: target)
    d = dialog("northwind-sre-2/thank_you/lea")
    d.eml_button.click()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not list(tmp_path.glob("*.part"))  # written whole, then renamed


@pytest.fixture
def nameless(db, now):
    """Acme (Dana, a video interview) and a profile without a name."""
    from tests.builders import add_acme

    add_acme(db, now)
    return db


def test_a_missing_name_names_the_setting_and_opens_it(
    nameless, now, make_window, monkeypatch, qtbot
):
    window = make_window(nameless)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    made: list[DraftDialog] = []

    def exec_and_open_settings(self):
        made.append(self)
        lines = self.findings.texts()
        assert (
            "• Your name is not set (Settings > Profile > Name); the text shows «missing: "
            "candidate.name» until it is."
        ) in lines
        assert self.settings_button.isVisibleTo(self)
        self.settings_button.click()
        return self.result()

    monkeypatch.setattr(DraftDialog, "exec", exec_and_open_settings)
    open_draft(window, nameless, "acme-be-1/thank_you/dana", lambda: now)
    assert made and made[0].wanted_setting == "name"
    assert made[0].result() == DraftDialog.DialogCode.Rejected
    assert window.current_key() == "settings"
    settings = window.view("settings")
    assert settings.name.hasFocus()
    assert window.stack.currentWidget() is settings


def test_a_finding_about_the_phone_opens_that_field(nameless, now, qtbot):
    from followup_desktop.core.message_checks import Finding
    from followup_desktop.ui.common.findings_list import profile_gap

    gap = profile_gap(Finding("gap", "No value for candidate.phone: add it, or edit the text."))
    assert gap is not None and gap.field == "phone"
    assert gap.sentence.startswith("Your phone number is not set (Settings > Profile > Phone);")
    assert profile_gap(Finding("gap", "No value for contact.title: add it.")) is None
    d = DraftDialog(nameless, "acme-be-1/thank_you/dana", lambda: now)
    qtbot.addWidget(d)
    d.findings.open_setting.emit("phone")  # the list's "Open Settings" on that line
    assert d.wanted_setting == "phone" and d.result() == DraftDialog.DialogCode.Rejected


def test_a_draft_without_profile_gaps_offers_no_settings_button(dialog):
    d = dialog("acme-be-1/thank_you/omar")
    assert not d.settings_button.isVisibleTo(d)


def test_a_linkedin_note_has_no_subject_to_copy(nameless, now, qtbot):
    d = DraftDialog(nameless, "acme-be-1/thank_you/dana", lambda: now)  # Dana has no address
    qtbot.addWidget(d)
    assert d.template_combo.currentText() == "LinkedIn connection note"
    assert not d.copy_subject_button.isVisibleTo(d)
    assert d.copy_body_button.isVisibleTo(d)
