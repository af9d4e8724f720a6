"""The network half of sending: one message over the user's own SMTP server, and its copy in the
IMAP Sent folder (smtplib, email and imapclient; no database, no Qt, safe on a worker thread).

``send`` speaks TLS from the first byte (``ssl``), upgrades with STARTTLS (``starttls``) or, to
this machine only, plain (``none``); it logs in when the server offers AUTH. Every failure is a
``SendError`` of one sentence that also says what the outbox must do with the message:

- ``permanent``: the server refused it for good (a 5xx reply, a refused login): it fails and
  the user is told; sending it again as it is would fail again.
- ``uncertain``: the connection broke after the whole message (its final ``.``) was handed to
  the server and before the server answered: the server may have taken it. Such a message is
  never sent again by itself (the user decides), so a dropped connection never sends twice.
- neither: nothing reached the server's queue (offline, refused connection, a 4xx reply before
  DATA): it is safe to try again later.

The password is never part of a sentence or a log line.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
from collections.abc import Iterator
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from followup_desktop.core.mail_account import MailAccount


class SendError(Exception):
    """A send that failed; ``str()`` is one sentence for the user."""

    def __init__(self, sentence: str, *, permanent: bool = False, uncertain: bool = False):
        super().__init__(sentence)
        self.permanent = permanent
        self.uncertain = uncertain


def _address(addr: str, name: str = "") -> Address | str:
    """An Address header value; a display name with any characters is encoded (RFC 2047)."""
    address = parseaddr(addr)[1] or addr.strip()
    if "@" not in address:
        return address
    user, domain = address.rsplit("@", 1)
    return Address(display_name=" ".join(name.split()), username=user, domain=domain)


def build_message(
    *,
    from_addr: str,
    from_name: str,
    reply_to: str | None,
    to_addr: str,
    to_name: str,
    subject: str,
    body: str,
    message_id: str,
    date: datetime,
) -> EmailMessage:
    """The message as it is sent: UTF-8 headers and body, ``Date`` as given (the user's zone),
    the Message-ID stored when it was queued."""
    message = EmailMessage()
    message["From"] = _address(from_addr, from_name)
    message["To"] = _address(to_addr, to_name)
    if reply_to and reply_to.strip().lower() != from_addr.strip().lower():
        message["Reply-To"] = _address(reply_to)
    message["Subject"] = " ".join(subject.split())
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    message["X-Mailer"] = "Follow-up Desktop"
    text = body.replace("\r\n", "\n")
    message.set_content(text if text.endswith("\n") else text + "\n", charset="utf-8")
    return message


# --- SMTP -------------------------------------------------------------------------------------


class _Tracking:
    """Notes when the whole message (with its final CRLF.CRLF) went to the server: a failure
    after that may have delivered it."""

    handed_over = False
    _in_data = False

    def data(self, msg: Any) -> tuple[int, bytes]:
        self._in_data = True
        try:
            return super().data(msg)  # type: ignore[misc]
        finally:
            self._in_data = False

    def send(self, s: Any) -> None:
        super().send(s)  # type: ignore[misc]
        if self._in_data and bytes(s if isinstance(s, bytes) else s.encode()).endswith(
            b"\r\n.\r\n"
        ):
            self.handed_over = True


class _SMTP(_Tracking, smtplib.SMTP):
    pass


class _SMTPSSL(_Tracking, smtplib.SMTP_SSL):
    pass


def _server(account: MailAccount) -> str:
    return f"{account.smtp_host}:{account.port('smtp')}"


def _said(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return " ".join(str(text).split())[:160]


def _unreachable(account: MailAccount, error: BaseException, timeout: float) -> SendError:
    server, host = _server(account), account.smtp_host
    if isinstance(error, ssl.SSLCertVerificationError):
        why = error.verify_message or error.reason or "it is not trusted"
        return SendError(f"The certificate of {server} does not verify: {why}.", permanent=True)
    if isinstance(error, ssl.SSLError):
        why = error.reason or type(error).__name__
        return SendError(
            f"No secure connection to {server} could be made ({why}); check the security.",
            permanent=True,
        )
    if isinstance(error, socket.gaierror):
        return SendError(f"The mail server {host} could not be reached: the name is unknown.")
    if isinstance(error, ConnectionRefusedError):
        return SendError(f"The mail server {server} could not be reached: nothing answers.")
    if isinstance(error, TimeoutError | socket.timeout):
        return SendError(f"The mail server {server} did not answer in {timeout:g} seconds.")
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return SendError(f"The server {server} closed the connection before the message went.")
    if isinstance(error, OSError):
        return SendError(f"The mail server {server} could not be reached: {error.strerror}.")
    return SendError(f"The mail server {server} could not be reached ({type(error).__name__}).")


def _connect(account: MailAccount, timeout: float) -> _SMTP:
    host, port, security = account.smtp_host or "", account.port("smtp"), account.smtp_security
    context = ssl.create_default_context()
    try:
        if security == "ssl":
            client: _SMTP = _SMTPSSL(host, port, timeout=timeout, context=context)  # type: ignore[assignment]
        else:
            client = _SMTP(host, port, timeout=timeout)
        client.ehlo()
        if security == "starttls":
            if not client.has_extn("starttls"):
                client.close()
                raise SendError(
                    f"The server {_server(account)} does not offer STARTTLS; choose ssl as the "
                    "security.",
                    permanent=True,
                )
            client.starttls(context=context)
            client.ehlo()
        return client
    except SendError:
        raise
    except smtplib.SMTPResponseException as error:
        raise SendError(
            f"The server {_server(account)} refused the connection ({error.smtp_code} "
            f"{_said(error)}).",
            permanent=error.smtp_code >= 500,
        ) from None
    except Exception as error:
        raise _unreachable(account, error, timeout) from None


def _login(client: _SMTP, account: MailAccount, password: str) -> None:
    if not client.has_extn("auth"):
        if account.smtp_security == "none":
            return  # a local relay without accounts
        raise SendError(
            f"The server {_server(account)} offers no login; check the port and security.",
            permanent=True,
        )
    offered = set(client.esmtp_features.get("auth", "").upper().split())
    # one attempt with one method: smtplib's login() would try the next method after a
    # refusal, and some servers drop the connection at the second try
    method = next((m for m in ("PLAIN", "LOGIN", "CRAM-MD5") if m in offered), None)
    if method is None:
        raise SendError(
            f"The server {_server(account)} offers no login method this app knows.",
            permanent=True,
        )
    client.user, client.password = account.user, password
    answer: Any = {
        "PLAIN": client.auth_plain,
        "LOGIN": client.auth_login,
        "CRAM-MD5": client.auth_cram_md5,
    }[method]
    try:
        client.auth(method, answer, initial_response_ok=method != "CRAM-MD5")
    except smtplib.SMTPAuthenticationError:
        raise SendError(
            f"The server {_server(account)} refused the user name or password for {account.user}.",
            permanent=True,
        ) from None
    except UnicodeEncodeError:
        raise SendError(
            f"The user name or password for {account.user} has characters that this app's "
            "SMTP login cannot send (only ASCII).",
            permanent=True,
        ) from None


def send(account: MailAccount, password: str, message: EmailMessage, timeout: float = 30.0) -> None:
    """Hand ``message`` to ``account``'s SMTP server; returns once the server accepted it for
    every recipient. SendError (one sentence, permanent / uncertain) otherwise."""
    client = _connect(account, timeout)
    server = _server(account)
    try:
        _login(client, account, password)
        refused = client.send_message(message)
    except SendError:
        raise
    except smtplib.SMTPRecipientsRefused as error:
        code, words = next(iter(error.recipients.values()), (550, b""))
        text = words.decode("utf-8", "replace") if isinstance(words, bytes) else str(words)
        who = ", ".join(error.recipients)
        raise SendError(
            f"The server {server} refused the recipient {who} ({code} {' '.join(text.split())}).",
            permanent=code >= 500,
        ) from None
    except smtplib.SMTPSenderRefused as error:
        raise SendError(
            f"The server {server} refused the sender {account.sender} ({error.smtp_code} "
            f"{_said(error)}).",
            permanent=error.smtp_code >= 500,
        ) from None
    except smtplib.SMTPResponseException as error:
        raise SendError(
            f"The server {server} refused the message ({error.smtp_code} {_said(error)}).",
            permanent=error.smtp_code >= 500,
        ) from None
    except (OSError, smtplib.SMTPException) as error:
        if client.handed_over:
            raise SendError(
                f"The connection to {server} broke just after the message was handed over, "
                "so it may have been sent; check your Sent folder or the recipient before "
                "sending it again.",
                uncertain=True,
            ) from None
        raise _unreachable(account, error, timeout) from None
    finally:
        with contextlib.suppress(Exception):
            client.quit()
        with contextlib.suppress(Exception):
            client.close()
    if refused:
        who = ", ".join(refused)
        raise SendError(f"The server {server} refused the recipient {who}.", permanent=True)


# --- the Sent copy over IMAP ------------------------------------------------------------------


@contextlib.contextmanager
def _sent_folder(
    account: MailAccount, password: str, timeout: float
) -> Iterator[tuple[Any, str | None]]:
    """Logged in to ``account``'s IMAP server: (client, its Sent folder or None). Logged out
    politely after a clean exit, the connection dropped after a failure."""
    from followup_desktop.services.mail.imap_fetch import _close, _connect, _folders, _login

    client = _connect(account, timeout)
    done = False
    try:
        _login(client, account, password)
        folders = _folders(client)
        yield client, folders[0] if len(folders) > 1 else None
        done = True
    finally:
        _close(client, politely=done)


def append_sent_copy(
    account: MailAccount, password: str, message: EmailMessage, timeout: float = 20.0
) -> bool:
    """APPEND ``message`` (\\Seen) to the account's Sent folder; False when the account has no
    IMAP server or no Sent folder. MailCheckError when the server cannot be used."""
    if not account.has_imap:
        return False
    with _sent_folder(account, password, timeout) as (client, folder):
        if folder is None:
            return False
        when = message["Date"].datetime if message["Date"] is not None else None
        client.append(folder, message.as_bytes(), flags=[b"\\Seen"], msg_time=when)
        return True


def sent_copy_exists(
    account: MailAccount, password: str, message_id: str, timeout: float = 20.0
) -> bool | None:
    """Whether the Sent folder holds a message with ``message_id``: None when it cannot tell
    (no IMAP server, no Sent folder). MailCheckError when the server cannot be used."""
    if not account.has_imap:
        return None
    with _sent_folder(account, password, timeout) as (client, folder):
        if folder is None:
            return None
        client.select_folder(folder, readonly=True)
        return bool(client.search(["HEADER", "Message-ID", message_id.strip()]))
