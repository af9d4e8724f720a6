"""Hand-off: mailto: URLs that survive a URL parser, .eml files the email package reads back."""

from __future__ import annotations

import email
from email import policy
from urllib.parse import parse_qs, unquote, urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.core.message_handoff import (
    build_eml,
    eml_filename,
    mailto_url,
    plain_address,
)
from tests.builders import NOW


def parse_mailto(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    return unquote(parts.path), query["subject"][0], query["body"][0]


def test_mailto_with_non_ascii_names_round_trips():
    body = "Dear Léa,\n\nMerci — 佐藤さん & co: 100% + a=b?#\n\nChloé Tremblay"
    url = mailto_url("lea@northwind.example", "Thank You - Chloé Tremblay - Ingénieur", body)
    assert url.isascii() and " " not in url and "\n" not in url
    address, subject, text = parse_mailto(url)
    assert address == "lea@northwind.example"
    assert subject == "Thank You - Chloé Tremblay - Ingénieur"
    assert text == body.replace("\n", "\r\n")  # RFC 6068: line breaks are CRLF
    assert "%0D%0A" in url


@settings(max_examples=200, deadline=None)
@given(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=60),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=300),
)
def test_any_subject_and_body_survive_the_mailto_round_trip(subject, body):
    url = mailto_url("dana@acme.example", subject, body)
    assert url.isascii()
    address, got_subject, got_body = parse_mailto(url)
    assert address == "dana@acme.example"
    assert got_subject == subject
    assert got_body == body.replace("\r\n", "\n").replace("\n", "\r\n")


def test_a_missing_or_odd_address_leaves_the_recipient_empty():
    for address in (None, "", "Dana <dana@acme.example>", "not an address", "a@b@c"):
        assert urlsplit(mailto_url(address, "S", "B")).path == ""
    assert plain_address(" dana@acme.example ") == "dana@acme.example"


def test_eml_parses_with_the_email_package():
    data = build_eml(
        subject="Thank You - Alex Morgan - Ingénieur",
        body="Dear Léa,\n\nThank you — really.\n\nAlex Morgan\nhttps://example.org/ü",
        to_name="Léa Schmitt",
        to_address="lea@northwind.example",
        from_name="Alex Morgan",
        from_address="alex.morgan@example.org",
        when=NOW,
    )
    assert data.isascii() and b"\r\n" in data
    message = email.message_from_bytes(data, policy=policy.default)
    assert message["Subject"] == "Thank You - Alex Morgan - Ingénieur"
    assert message["To"].addresses[0].display_name == "Léa Schmitt"
    assert message["To"].addresses[0].addr_spec == "lea@northwind.example"
    assert message["From"].addresses[0].addr_spec == "alex.morgan@example.org"
    assert message["X-Unsent"] == "1"
    assert message["Date"].datetime == NOW
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert message.get_content().replace("\r\n", "\n") == (
        "Dear Léa,\n\nThank you — really.\n\nAlex Morgan\nhttps://example.org/ü\n"
    )


def test_eml_without_addresses_still_parses():
    data = build_eml(
        subject="Hi\nBcc: evil@example.org",
        body="Body",
        to_name="X",
        to_address="bad address",
        from_name=None,
        from_address=None,
        when=NOW,
    )
    message = email.message_from_bytes(data, policy=policy.default)
    assert message["To"] is None and message["From"] is None and message["Bcc"] is None
    assert message["Subject"] == "Hi Bcc: evil@example.org"


def test_file_names_are_safe():
    assert eml_filename("Thank-you", "Léa Schmitt", "Acme/Corp: <x>") == (
        "Thank-you - Léa Schmitt - Acme Corp x.eml"
    )
    assert eml_filename("", None, None) == "draft.eml"


def test_eml_keeps_a_non_ascii_address():
    data = build_eml(
        subject="Merci",
        body="Bonjour",
        to_name="Léa Schmitt",
        to_address="léa@northwind.example",
        from_name="Alex Morgan",
        from_address="alex@example.org",
        when=NOW,
    )
    message = email.message_from_bytes(data, policy=policy.default)
    assert "léa@northwind.example" in data.decode("utf-8")
    assert message["To"] is not None and message["Subject"] == "Merci"
