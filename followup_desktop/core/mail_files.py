"""Reading mail files (.eml, .mbox, Outlook .msg) into one plain record (pure, no Qt, no SQL).

Mail is hostile input: a header that does not parse becomes "" (or None for the date) instead
of an error, and the only exception that leaves this module is ``MailFileError``, one sentence
naming the problem. Bodies are reduced to plain text (HTML through ``html.parser``), never kept
as rich text. An mbox is read one message at a time, so its size does not bound memory.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extract_msg.msg_classes import MessageBase

#: Larger single messages are refused (mail servers refuse far smaller).
MAX_MESSAGE_BYTES = 100_000_000
_MSG_ID = re.compile(r"<([^<>]*)>")
_BLANK_RUNS = re.compile(r"\n{3,}")
_ESCAPED_FROM = re.compile(rb"^>+From ")
_CALENDAR_TYPES = ("text/calendar", "application/ics")


_HEADER_TYPES = HeaderRegistry()


@lru_cache(maxsize=128)
def _header(name: str, value: str) -> BaseHeader:
    """The standard header objects, each parsed once: the parser and ``get_body`` ask for a
    part's Content-Type again and again, and parsing it was 60 % of an mbox scan."""
    return _HEADER_TYPES(name, value)


#: policy.default with the header cache (header objects are immutable, so sharing is safe).
_POLICY = policy.default.clone(header_factory=_header)


class MailFileError(ValueError):
    """A mail file that cannot be read; the message is one sentence for the user."""


@dataclass(frozen=True)
class MailMessage:
    """What the app needs from one message; every string is plain text, "" when absent."""

    message_id: str  # without angle brackets; "sha256:<hex>" of the raw bytes when missing
    date: datetime | None  # aware (UTC when the header has no zone); None when unparseable
    sender: str  # the address, lower-cased
    sender_name: str  # the display name, decoded
    recipients: tuple[str, ...]  # To and Cc addresses, lower-cased, in order, no repeats
    subject: str  # decoded (RFC 2047), on one line
    in_reply_to: str
    references: tuple[str, ...]
    text: str  # the text/plain body, or the text/html body reduced to plain text
    auto_submitted: str = ""
    x_autoreply: str = ""  # X-Autoreply, else X-Autorespond
    precedence: str = ""
    list_id: str = ""
    calendar_parts: tuple[bytes, ...] = ()  # every text/calendar part and .ics attachment


def read_eml(data: bytes) -> MailMessage:
    """One RFC 5322 message (an .eml file's bytes)."""
    if not data.strip():
        raise MailFileError("The mail file is empty.")
    if len(data) > MAX_MESSAGE_BYTES:
        raise MailFileError(f"The message is larger than {MAX_MESSAGE_BYTES // 1_000_000} MB.")
    try:
        message = BytesParser(policy=_POLICY).parsebytes(data)
        if not message.keys():
            raise MailFileError("The file has no mail headers, so it is not a mail message.")
        return _from_message(message, data)
    except MailFileError:
        raise
    except Exception as error:  # the parser's rare crashes on hostile input
        raise MailFileError(f"The message could not be read ({type(error).__name__}).") from error


def iter_mbox(path: Path | str) -> Iterator[MailMessage]:
    """The messages of an mbox file, one at a time (one pass over the file, lines streamed).

    A line starting with "From " begins a message (mboxo/mboxrd, as Thunderbird and Gmail
    Takeout write them); one level of ">From " escaping is undone in the body.
    """
    source = Path(path)
    try:
        with source.open("rb") as file:
            for number, chunk in enumerate(_nonblank(_mbox_chunks(file, source.name)), start=1):
                try:
                    yield read_eml(chunk)
                except MailFileError as error:
                    raise MailFileError(f"Message {number} of {source.name}: {error}") from None
    except OSError as error:
        raise MailFileError(f"{source.name} could not be read ({error.strerror}).") from None


def read_msg(path: Path | str) -> MailMessage:
    """An Outlook .msg file (through extract_msg)."""
    # lazy: extract_msg costs ~180 ms; only for .msg files
    import extract_msg
    from extract_msg.msg_classes import MessageBase

    source = Path(path)
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise MailFileError(f"{source.name} could not be read ({error.strerror}).") from None
    try:
        msg = extract_msg.openMsg(raw)
    except Exception as error:
        raise MailFileError(f"{source.name} is not an Outlook message file.") from error
    try:
        if not isinstance(msg, MessageBase):
            raise MailFileError(f"{source.name} holds no e-mail message.")
        return _from_outlook(msg, raw)
    except MailFileError:
        raise
    except Exception as error:
        raise MailFileError(f"{source.name} could not be read ({type(error).__name__}).") from error
    finally:
        msg.close()


def read_mail_file(path: Path | str) -> list[MailMessage] | Iterator[MailMessage]:
    """Any mail file by its suffix: a list for .eml and .msg, a lazy iterator for .mbox.

    A file without a suffix that starts with "From " is read as an mbox (Thunderbird's folders).
    """
    source = Path(path)
    suffix = source.suffix.lower()
    if suffix == ".eml":
        try:
            size = source.stat().st_size
            if size > MAX_MESSAGE_BYTES:
                raise MailFileError(f"{source.name} is larger than the limit for one message.")
            return [read_eml(source.read_bytes())]
        except OSError as error:
            raise MailFileError(f"{source.name} could not be read ({error.strerror}).") from None
    if suffix == ".mbox" or (not suffix and _starts_like_mbox(source)):
        return iter_mbox(source)
    if suffix == ".msg":
        return [read_msg(source)]
    raise MailFileError(f"{source.name} is not a mail file (.eml, .mbox or .msg).")


# --- mbox ---------------------------------------------------------------------------------


def _starts_like_mbox(source: Path) -> bool:
    try:
        with source.open("rb") as file:
            return file.read(5) == b"From "
    except OSError:
        return False


def _mbox_chunks(file: Iterable[bytes], name: str) -> Iterator[bytes]:
    lines: list[bytes] = []
    size = 0
    started = False
    after_blank = True  # a "From " line begins a message only at the start or after a blank line
    for line in file:
        if after_blank and line.startswith(b"From "):
            if lines:
                yield _join_mbox_lines(lines)
            lines, size, started = [], 0, True
            continue
        after_blank = not line.strip()
        if not started:
            if line.strip():
                raise MailFileError(f'{name} does not start with a "From " line.')
            continue
        size += len(line)
        if size > MAX_MESSAGE_BYTES:
            raise MailFileError(f"{name} holds a message larger than the limit for one message.")
        lines.append(line[1:] if _ESCAPED_FROM.match(line) else line)
    if lines:
        yield _join_mbox_lines(lines)


def _join_mbox_lines(lines: list[bytes]) -> bytes:
    # The blank line before the next "From " line separates messages; it is not the body's.
    if lines and not lines[-1].strip():
        lines.pop()
    return b"".join(lines)


def _nonblank(chunks: Iterator[bytes]) -> Iterator[bytes]:
    return (chunk for chunk in chunks if chunk.strip())


# --- headers ------------------------------------------------------------------------------


def _from_message(message: EmailMessage, raw: bytes) -> MailMessage:
    raw_headers = _raw_headers(message)
    sender_name, sender = _sender(message, raw_headers)
    text, calendars = _body(message)
    return MailMessage(
        message_id=_first_id(raw_headers.get("message-id", "")) or _synthetic_id(raw),
        date=_date(raw_headers.get("date", "")),
        sender=sender,
        sender_name=sender_name,
        recipients=_addresses(raw_headers.get("to", "") + "," + raw_headers.get("cc", "")),
        subject=_decoded(raw_headers.get("subject", "")),
        in_reply_to=_first_id(raw_headers.get("in-reply-to", "")),
        references=_all_ids(raw_headers.get("references", "")),
        text=text,
        auto_submitted=_decoded(raw_headers.get("auto-submitted", "")),
        x_autoreply=_decoded(
            raw_headers.get("x-autoreply", "") or raw_headers.get("x-autorespond", "")
        ),
        precedence=_decoded(raw_headers.get("precedence", "")),
        list_id=_decoded(raw_headers.get("list-id", "")),
        calendar_parts=calendars,
    )


def _raw_headers(message: Message) -> dict[str, str]:
    """The first value of each header, unparsed (the policy's header classes can choke)."""
    found: dict[str, str] = {}
    for name, value in message.raw_items():
        found.setdefault(name.lower(), _unescaped(str(value)))
    return found


def _unescaped(value: str) -> str:
    """Raw 8-bit header bytes (kept by the parser as surrogates) as text: UTF-8, else Latin-1."""
    if value.isascii():
        return value
    data = value.encode("utf-8", errors="surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _decoded(value: str) -> str:
    """An RFC 2047 header value as text; undecodable words are kept as they came."""
    try:
        return _one_line(str(make_header(decode_header(value))))
    except (LookupError, ValueError, UnicodeError, HeaderParseError):
        return _one_line(value)


def _sender(message: EmailMessage, raw_headers: dict[str, str]) -> tuple[str, str]:
    value = raw_headers.get("from", "") or raw_headers.get("sender", "")
    name, address = parseaddr(_one_line(value))
    return _decoded(name), address.lower()


def _addresses(value: str) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for _name, address in getaddresses([_one_line(value)]):
        if "@" in address:
            found.setdefault(address.lower(), None)
    return tuple(found)


def _date(value: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        parsed = parsedate_to_datetime(_one_line(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _all_ids(value: str) -> tuple[str, ...]:
    ids = [found.strip() for found in _MSG_ID.findall(value)]
    if not ids:  # some mailers drop the brackets
        ids = value.split()
    return tuple(dict.fromkeys(i for i in ids if i))


def _first_id(value: str) -> str:
    ids = _all_ids(value)
    return ids[0] if ids else ""


def _synthetic_id(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


# --- bodies -------------------------------------------------------------------------------


def _body(message: EmailMessage) -> tuple[str, tuple[bytes, ...]]:
    calendars = tuple(
        payload
        for part in message.walk()
        if _is_calendar(part) and isinstance(payload := part.get_payload(decode=True), bytes)
    )
    plain = _body_part(message, "plain")
    if plain is not None:
        return _part_text(plain).strip(), calendars
    html = _body_part(message, "html")
    if html is not None:
        return html_to_text(_part_text(html)), calendars
    return "", calendars


def _body_part(message: EmailMessage, subtype: str) -> Message | None:
    try:
        part = message.get_body(preferencelist=(subtype,))
    except (KeyError, ValueError, TypeError, AttributeError):
        return None
    if part is None or part.get_content_type() != f"text/{subtype}":
        return None
    return part


def _is_calendar(part: Message) -> bool:
    if part.is_multipart():
        return False
    filename = part.get_filename() or ""
    return part.get_content_type() in _CALENDAR_TYPES or filename.lower().endswith(".ics")


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        text = payload.decode(charset, errors="replace")
    except LookupError:  # an unknown charset name
        text = payload.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n")


class _TextExtractor(HTMLParser):
    """Collects an HTML body's visible text; blocks end lines, paragraphs leave a blank line."""

    _PARAGRAPHS = frozenset(("p", "blockquote", "pre", "table", "ul", "ol", "h1", "h2", "h3"))
    _LINES = frozenset(("div", "li", "tr", "h4", "h5", "h6", "hr", "section", "article"))
    _HIDDEN = frozenset(("script", "style", "head", "title"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden_depth = 0
        self._pending_breaks = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden_depth += 1
        elif tag == "br":
            self._pending_breaks += 1
        else:
            self._block_edge(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden_depth = max(0, self._hidden_depth - 1)
        else:
            self._block_edge(tag)

    def _block_edge(self, tag: str) -> None:
        if tag in self._PARAGRAPHS:
            self._pending_breaks = max(self._pending_breaks, 2)
        elif tag in self._LINES:
            self._pending_breaks = max(self._pending_breaks, 1)

    def handle_data(self, data: str) -> None:
        if self._hidden_depth:
            return
        if not data.strip():  # the space between two inline tags still separates words
            if not self._pending_breaks:
                self.parts.append(" ")
            return
        if self.parts and self._pending_breaks:
            self.parts.append("\n" * self._pending_breaks)
        self._pending_breaks = 0
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML body: tags dropped, entities decoded, paragraphs kept apart."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).splitlines())
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


# --- Outlook ------------------------------------------------------------------------------


def _from_outlook(msg: MessageBase, raw: bytes) -> MailMessage:
    headers: dict[str, str] = {}
    if msg.headerInit:
        headers = _raw_headers(msg.header)
    sender_name, sender = parseaddr(_one_line(msg.sender or headers.get("from", "")))
    recipients = (msg.to or "") + "," + (msg.cc or "")
    text = (msg.body or "").strip()
    if not text and msg.htmlBody:
        text = html_to_text(msg.htmlBody.decode("utf-8", errors="replace"))
    date = msg.date
    if date is not None and date.tzinfo is None:
        date = date.replace(tzinfo=UTC)
    calendars = tuple(
        data
        for attachment in msg.attachments
        if isinstance(data := getattr(attachment, "data", None), bytes)
        and (attachment.name or "").lower().endswith(".ics")
    )
    return MailMessage(
        message_id=_first_id(msg.messageId or "") or _synthetic_id(raw),
        date=date,
        sender=sender.lower(),
        sender_name=_decoded(sender_name),
        recipients=_addresses(recipients.replace(";", ",")),
        subject=_one_line(msg.subject or ""),
        in_reply_to=_first_id(msg.inReplyTo or ""),
        references=_all_ids(headers.get("references", "")),
        text=text.replace("\r\n", "\n"),
        auto_submitted=_decoded(headers.get("auto-submitted", "")),
        x_autoreply=_decoded(headers.get("x-autoreply", "") or headers.get("x-autorespond", "")),
        precedence=_decoded(headers.get("precedence", "")),
        list_id=_decoded(headers.get("list-id", "")),
        calendar_parts=calendars,
    )
