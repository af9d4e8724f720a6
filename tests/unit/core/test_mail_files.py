"""Reading .eml, .mbox and .msg files into MailMessage; every fixture is built here."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest

from followup_desktop.core.mail_files import (
    MailFileError,
    html_to_text,
    iter_mbox,
    read_eml,
    read_mail_file,
    read_msg,
)

ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1@acme\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)


def mail(body: str = "Thanks, see you Monday.", **headers: str) -> EmailMessage:
    message = EmailMessage()
    defaults = {
        "From": "Priya Shah <Priya@Acme.example>",
        "To": "Alex Morgan <alex@example.org>",
        "Subject": "Re: Interview",
        "Date": "Tue, 01 Dec 2026 10:15:00 +0100",
        "Message-ID": "<reply-1@acme.example>",
    }
    for name, value in {**defaults, **headers}.items():
        if value:
            message[name] = value
    message.set_content(body)
    return message


def test_a_plain_reply() -> None:
    message = mail(
        **{
            "Cc": "Dana@ACME.example, alex@example.org",
            "In-Reply-To": "<sent-1@example.org>",
            "References": "<first@example.org>  <sent-1@example.org>",
        }
    )
    got = read_eml(message.as_bytes())
    assert got.message_id == "reply-1@acme.example"
    assert got.date == datetime(2026, 12, 1, 10, 15, tzinfo=timezone(timedelta(hours=1)))
    assert (got.sender, got.sender_name) == ("priya@acme.example", "Priya Shah")
    assert got.recipients == ("alex@example.org", "dana@acme.example")
    assert got.subject == "Re: Interview"
    assert got.in_reply_to == "sent-1@example.org"
    assert got.references == ("first@example.org", "sent-1@example.org")
    assert got.text == "Thanks, see you Monday."
    assert (got.auto_submitted, got.x_autoreply, got.precedence, got.list_id) == ("", "", "", "")
    assert got.calendar_parts == ()


def test_html_alternative_prefers_the_plain_part_and_html_alone_becomes_plain_text() -> None:
    message = mail("Plain words.")
    message.add_alternative("<p>Rich <b>words</b></p>", subtype="html")
    assert read_eml(message.as_bytes()).text == "Plain words."

    html_only = mail()
    html_only.set_content(
        "<html><head><style>p {color: red}</style></head><body><p>Hello&nbsp;Alex,</p>"
        "<p>we would like to <b>meet</b> you &amp; your team.<br>Best</p>"
        "<script>alert(1)</script></body></html>",
        subtype="html",
    )
    text = read_eml(html_only.as_bytes()).text
    assert text == "Hello Alex,\n\nwe would like to meet you & your team.\nBest"
    assert "<" not in text and "color" not in text and "alert" not in text


def test_a_latin_1_body_and_an_encoded_subject_are_decoded() -> None:
    message = mail(Subject="placeholder")
    body = "Sehr geehrte Frau Müller, wir müssen leider absagen. Grüße"
    message.set_content(body, charset="iso-8859-1")
    raw = message.as_bytes().replace(
        b"Subject: placeholder",
        b"Subject: =?iso-8859-1?q?Absage=3A_Ihre_Bewerbung_f=FCr_?=\n =?utf-8?b?TcO8bmNoZW4=?=",
    )
    assert b'charset="iso-8859-1"' in raw and "Müller".encode("latin-1") in raw
    got = read_eml(raw)
    assert got.subject == "Absage: Ihre Bewerbung für München"
    assert got.text == body


def test_a_folded_encoded_subject_ends_up_on_one_line() -> None:
    message = mail("Line one.\nLine two.", Subject="Einladung zum Gespräch " * 6)
    raw = message.as_bytes(policy=SMTP)
    assert b"=?utf-8?" in raw and b"\r\n " in raw
    got = read_eml(raw)
    assert got.subject == ("Einladung zum Gespräch " * 6).strip()
    assert got.text == "Line one.\nLine two."  # CRLF line ends become \n


def test_an_invite_keeps_its_calendar_parts() -> None:
    message = mail("Please find the invitation attached.")
    message.add_alternative(ICS.decode(), subtype="calendar")
    message.add_attachment(ICS, maintype="application", subtype="octet-stream", filename="i.ics")
    got = read_eml(message.as_bytes())
    assert got.text == "Please find the invitation attached."
    assert len(got.calendar_parts) == 2
    assert all(b"BEGIN:VCALENDAR" in part for part in got.calendar_parts)


def test_auto_reply_headers_are_kept() -> None:
    message = mail(
        **{
            "Auto-Submitted": "auto-replied",
            "X-Autorespond": "yes",
            "Precedence": "bulk",
            "List-Id": "Jobs <jobs.acme.example>",
        }
    )
    got = read_eml(message.as_bytes())
    assert got.auto_submitted == "auto-replied"
    assert got.x_autoreply == "yes"
    assert got.precedence == "bulk"
    assert got.list_id == "Jobs <jobs.acme.example>"


def test_without_message_id_or_date_a_stable_id_from_the_bytes() -> None:
    raw = mail(**{"Message-ID": "", "Date": ""}).as_bytes()
    first, again = read_eml(raw), read_eml(raw)
    assert first.message_id.startswith("sha256:") and len(first.message_id) == 7 + 64
    assert first.message_id == again.message_id
    assert read_eml(raw + b"more\n").message_id != first.message_id
    assert first.date is None


def test_a_date_without_zone_is_utc() -> None:
    got = read_eml(mail(Date="Tue, 01 Dec 2026 10:15:00 -0000").as_bytes())
    assert got.date == datetime(2026, 12, 1, 10, 15, tzinfo=UTC)


def test_broken_headers_become_empty_values_not_errors() -> None:
    raw = (
        b"From: <<<@@@>>>\r\n"
        b"To: ;;;, \xff\xfe bad, ok@Example.org\r\n"
        b"Subject: =?x-unknown?q?what?= \xc3\xa9t\xc3\xa9\r\n"
        b"Date: the day after tomorrow\r\n"
        b"Message-ID: no-brackets@example.org\r\n"
        b"Content-Type: text/plain; charset=x-no-such-charset\r\n"
        b"Content-Transfer-Encoding: base64\r\n"
        b"\r\n"
        b"not base64 at all !!!\r\n"
    )
    got = read_eml(raw)
    assert got.date is None
    assert got.message_id == "no-brackets@example.org"
    assert "ok@example.org" in got.recipients
    assert "été" in got.subject
    assert isinstance(got.text, str)
    got.subject.encode("utf-8")  # no lone surrogates left from the 8-bit header


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"", "empty"), (b"\x00\x01\x02 binary junk", "no mail headers")],
)
def test_what_is_not_a_message_is_one_sentence(data: bytes, words: str) -> None:
    with pytest.raises(MailFileError, match=words) as caught:
        read_eml(data)
    assert str(caught.value).endswith(".")


def mbox_text() -> bytes:
    first = mail("Line one.\n>From the start, we liked you.\nBye", **{"Message-ID": "<m1@x>"})
    second = mail(**{"Message-ID": "<m2@x>", "Subject": "Second"})
    third = mail("Hi,\nFrom here on, a line never escaped.", **{"Message-ID": "<m3@x>"})
    parts = []
    for message in (first, second, third):
        parts.append(b"From priya@acme.example Tue Dec  1 10:15:00 2026\n")
        parts.append(message.as_bytes().replace(b"\r\n", b"\n") + b"\n")
    return b"".join(parts)


def test_an_mbox_is_read_message_by_message(tmp_path: Path) -> None:
    path = tmp_path / "Inbox.mbox"
    path.write_bytes(mbox_text())
    messages = list(iter_mbox(path))
    assert [m.message_id for m in messages] == ["m1@x", "m2@x", "m3@x"]
    assert messages[0].text == "Line one.\nFrom the start, we liked you.\nBye"
    assert messages[1].subject == "Second"
    # a "From " line not after a blank line stays in the body
    assert messages[2].text == "Hi,\nFrom here on, a line never escaped."


def test_an_mbox_is_read_lazily(tmp_path: Path) -> None:
    path = tmp_path / "Inbox.mbox"
    path.write_bytes(mbox_text() + b"From x Tue Dec  1 10:15:00 2026\n\x00\x01junk\n")
    messages = iter_mbox(path)
    assert next(messages).message_id == "m1@x"
    assert [m.message_id for m in [next(messages), next(messages)]] == ["m2@x", "m3@x"]
    with pytest.raises(MailFileError, match=r"Message 4 of Inbox\.mbox"):
        next(messages)


def test_a_file_that_is_not_an_mbox(tmp_path: Path) -> None:
    path = tmp_path / "notes.mbox"
    path.write_text("Just some notes\n")
    with pytest.raises(MailFileError, match='does not start with a "From " line'):
        list(iter_mbox(path))


def test_dispatch_by_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.EML").write_bytes(mail().as_bytes())
    (tmp_path / "b.mbox").write_bytes(mbox_text())
    (tmp_path / "Inbox").write_bytes(mbox_text())  # Thunderbird folders have no suffix
    (tmp_path / "c.txt").write_text("hello")
    assert [m.message_id for m in read_mail_file(tmp_path / "a.EML")] == ["reply-1@acme.example"]
    assert len(list(read_mail_file(tmp_path / "b.mbox"))) == 3
    assert len(list(read_mail_file(tmp_path / "Inbox"))) == 3
    with pytest.raises(MailFileError, match=r"c\.txt is not a mail file"):
        read_mail_file(tmp_path / "c.txt")
    with pytest.raises(MailFileError, match="could not be read"):
        read_mail_file(tmp_path / "missing.eml")


def test_html_to_text_keeps_no_markup() -> None:
    assert html_to_text("<div>a</div><div>b &lt;c&gt;</div>") == "a\nb <c>"
    assert html_to_text("<p>unclosed <b>bold") == "unclosed bold"
    assert html_to_text("<b>two</b> <i>words</i><br><br>then") == "two words\n\nthen"


def write_msg(path: Path) -> None:
    """A minimal Outlook .msg (MS-OXMSG) built with extract_msg's own OLE writer."""
    from extract_msg.ole_writer import OleWriter

    writer = OleWriter()
    submitted = datetime(2026, 12, 1, 9, 15, tzinfo=UTC)
    filetime = int((submitted.timestamp() + 11_644_473_600) * 10_000_000)
    header = b"\0" * 8 + struct.pack("<IIII", 0, 0, 0, 0) + b"\0" * 8
    client_submit_time = struct.pack("<IIQ", 0x00390040, 6, filetime)
    writer.addEntry("__properties_version1.0", header + client_submit_time)
    writer.addEntry("__nameid_version1.0", storage=True)
    for stream in ("00020102", "00030102", "00040102"):
        writer.addEntry(f"__nameid_version1.0/__substg1.0_{stream}", b"")
    strings = {
        "001A": "IPM.Note",  # message class
        "0037": "Re: Interview",  # subject
        "1000": "Thanks, see you Monday.\r\nPriya",  # body
        "0C1F": "Priya@Acme.example",  # sender address
        "0C1A": "Priya Shah",  # sender name
        "0E04": "alex@example.org",  # display To
        "0E03": "Dana@ACME.example",  # display Cc
        "1035": "<msg-1@acme.example>",  # Message-ID
        "1042": "<sent-1@example.org>",  # In-Reply-To
        "007D": (  # transport headers
            "From: Priya Shah <priya@acme.example>\r\nTo: alex@example.org\r\n"
            "Cc: Dana@ACME.example\r\n"
            "Auto-Submitted: auto-replied\r\nReferences: <first@x> <sent-1@example.org>\r\n"
            "Message-ID: <msg-1@acme.example>\r\n\r\n"
        ),
    }
    for property_id, value in strings.items():
        writer.addEntry(f"__substg1.0_{property_id}001F", value.encode("utf-16-le"))
    writer.write(str(path))


def test_an_outlook_msg(tmp_path: Path) -> None:
    path = tmp_path / "reply.msg"
    write_msg(path)
    [got] = read_mail_file(path)
    assert got == read_msg(path)
    assert got.message_id == "msg-1@acme.example"
    assert got.date == datetime(2026, 12, 1, 9, 15, tzinfo=UTC)
    assert (got.sender, got.sender_name) == ("priya@acme.example", "Priya Shah")
    assert got.recipients == ("alex@example.org", "dana@acme.example")
    assert got.subject == "Re: Interview"
    assert got.in_reply_to == "sent-1@example.org"
    assert got.references == ("first@x", "sent-1@example.org")
    assert got.text == "Thanks, see you Monday.\nPriya"
    assert got.auto_submitted == "auto-replied"


def test_a_file_that_is_not_an_outlook_message(tmp_path: Path) -> None:
    path = tmp_path / "fake.msg"
    path.write_bytes(b"hello, not an OLE file")
    with pytest.raises(MailFileError, match=r"fake\.msg is not an Outlook message file\."):
        read_msg(path)
