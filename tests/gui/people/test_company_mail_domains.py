"""Companies: the "Mail domains" field (comma separated) is saved to Company.mail_domains, a bad
part is refused in one sentence, and mail from a new sender at such a domain waits for review."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from followup_desktop.core.mail_files import MailMessage
from followup_desktop.store import mail_review, queries
from followup_desktop.store.mail_apply import apply_messages
from followup_desktop.ui.people.companies_view import parse_domains
from tests.builders import NOW


@pytest.fixture(autouse=True)
def _errors_collected(errors):
    yield
    assert errors == []


def test_domains_are_typed_saved_and_shown_again(filled, make_window):
    view = make_window(filled).show_view("companies")
    view.select("acme")
    assert view.domains.text() == ""
    assert view.domains.accessibleName() == "Mail domains"
    view.domains.setText(" Acme.example, @acme-jobs.example ,, acme.example")
    assert view.save()
    assert queries.companies_by_id(filled, ["acme"])["acme"].mail_domains == (
        "acme.example",
        "acme-jobs.example",
    )
    view.select("globex")
    view.select("acme")
    assert view.domains.text() == "acme.example, acme-jobs.example"
    view.domains.clear()
    assert view.save()
    assert queries.companies_by_id(filled, ["acme"])["acme"].mail_domains == ()


def test_a_part_that_is_no_domain_is_refused_in_one_sentence(filled, make_window):
    view = make_window(filled).show_view("companies")
    view.select("acme")
    view.domains.setText("acme.example, hr@acme")
    assert not view.save()
    assert view.fields.errors["mail_domains"].text() == (
        "'hr@acme' is not a mail domain: write it like acme.example, several separated by commas."
    )
    assert queries.companies_by_id(filled, ["acme"])["acme"].mail_domains == ()
    with pytest.raises(ValueError, match="'acme' is not a mail domain"):
        parse_domains("acme")
    with pytest.raises(ValueError, match="is not a mail domain"):
        parse_domains("acme .example")


def test_mail_from_a_new_sender_at_a_saved_domain_waits_for_review(filled, make_window):
    view = make_window(filled).show_view("companies")
    view.select("acme")
    view.domains.setText("acme.example")
    assert view.save()
    message = MailMessage(
        message_id="new-sender@acme.example",
        date=NOW - timedelta(hours=1),
        sender="priya@acme.example",
        sender_name="Priya Shah",
        recipients=("alex@example.org",),
        subject="Next steps",
        in_reply_to="",
        references=(),
        text="Could we talk on Monday?",
    )
    tally = apply_messages(filled, [message], NOW, "test")
    assert tally.review == 1
    [item] = mail_review.pending(filled)
    assert item.candidates[0][0] == "acme-be"
    unrelated = replace(message, message_id="x@other.example", sender="x@other.example")
    assert apply_messages(filled, [unrelated], NOW, "test").ignored == 1
