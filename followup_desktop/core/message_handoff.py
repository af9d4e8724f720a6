"""Handing a draft to the user's mail program: a ``mailto:`` URL or an ``.eml`` file.

(The window's Copy subject / Copy body put each part on the clipboard as it is; the ``.eml``
bytes are written like every export, readable by the user only: store/exports.write_private.)

The app never sends mail itself. ``mailto:`` follows RFC 6068: the address and every header
value are UTF-8, percent-encoded, line breaks in the body as ``%0D%0A``. The ``.eml`` file is an
RFC 5322 message written by :mod:`email` with ``X-Unsent: 1``, so mail programs that know the
header (Outlook, Thunderbird with an add-on) open it as a draft ready to send.
"""

from __future__ import annotations

import re
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import quote

#: Some mail programs (and Windows' URL handling) cut ``mailto:`` links beyond about this length.
SAFE_MAILTO_LENGTH = 2_000
_ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\]+$")


def plain_address(text: str | None) -> str | None:
    """``text`` when it looks like one bare address (``name@host``), else None."""
    text = (text or "").strip()
    return text if _ADDRESS.match(text) else None


def mailto_url(to: str | None, subject: str, body: str) -> str:
    """A ``mailto:`` URL (ASCII only) that opens a new message with these fields."""
    address = plain_address(to) or ""
    crlf_body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    query = f"subject={quote(subject, safe='')}&body={quote(crlf_body, safe='')}"
    return f"mailto:{quote(address, safe='@')}?{query}"


def build_eml(
    *,
    subject: str,
    body: str,
    to_name: str | None,
    to_address: str | None,
    from_name: str | None,
    from_address: str | None,
    when: datetime,
) -> bytes:
    """The draft as an ``.eml`` file (UTF-8 text, CRLF line ends)."""
    addresses = f"{to_address or ''}{from_address or ''}"
    # An address with non-ASCII letters (RFC 6532) needs UTF-8 headers; everything else stays
    # 7-bit with encoded words, which every mail program reads.
    message = EmailMessage(policy=policy.SMTP if addresses.isascii() else policy.SMTPUTF8)
    sender = _address(from_name, from_address)
    if sender is not None:
        message["From"] = sender
    recipient = _address(to_name, to_address)
    if recipient is not None:
        message["To"] = recipient
    message["Subject"] = " ".join(subject.split())
    message["Date"] = format_datetime(when)
    message["X-Unsent"] = "1"
    message.set_content(body.replace("\r\n", "\n") + "\n", charset="utf-8", cte="quoted-printable")
    return message.as_bytes()


def _address(name: str | None, address: str | None) -> Address | str | None:
    address = plain_address(address)
    if address is None:
        return None
    display = " ".join((name or "").split())
    try:
        return Address(display_name=display, addr_spec=address)
    except (ValueError, IndexError, TypeError):
        if address.isascii():
            return None  # malformed in a way the email package refuses
        # Python's Address refuses non-ASCII local parts (RFC 6532 allows them): write the
        # header as text; the UTF-8 policy chosen above keeps it as it is.
        shown = display.replace('"', "'")
        return f'"{shown}" <{address}>' if shown else address


def eml_filename(kind_words: str, person: str | None, company: str | None) -> str:
    """A safe file name such as ``Thank-you - Dana Lee - Acme Corp.eml``."""
    parts = [p for p in (kind_words, person, company) if p and p.strip()]
    name = " - ".join(parts) or "draft"
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", name)
    return " ".join(name.split())[:120] + ".eml"
