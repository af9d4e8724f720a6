"""The network half of a mail check: what is new in INBOX and the Sent folder of one IMAP
account (imapclient; no database, no Qt, safe on a worker thread).

Per folder, ``STATUS`` first: a folder whose UIDVALIDITY is the one known and whose UIDNEXT
shows nothing after the last UID read is not even opened, so a check of an unchanged mailbox is
a login, a LIST and one STATUS per folder. Otherwise the folder is opened read-only (EXAMINE)
and only ``BODY.PEEK`` is fetched, so a check never marks a message \\Seen. Headers come first;
a body is fetched only for a message ``wanted`` accepts (core/mail_match decides on headers).
A folder never read, or whose UIDVALIDITY changed (it was recreated), is searched from
``since`` on; the Message-ID dedupe of store/mail_apply makes reading a message again harmless.

Every failure is ``MailCheckError`` with one sentence for Settings and the status bar (offline,
refused login, certificate, dropped connection); a failed fetch returns nothing at all, so
nothing of it is ever half-written. The password is never part of a sentence or a log line.
"""

from __future__ import annotations

import contextlib
import imaplib
import socket
import ssl
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from followup_desktop.core.mail_account import MailAccount
from followup_desktop.core.mail_files import MAX_MESSAGE_BYTES, MailFileError, MailMessage, read_eml

if TYPE_CHECKING:
    from imapclient import IMAPClient  # type: ignore[import-untyped]

#: Headers fetched per FETCH command, and full messages per FETCH command.
HEADER_CHUNK = 250
BODY_CHUNK = 25
#: Names of a Sent folder on servers without SPECIAL-USE (compared lower-case, last level).
SENT_NAMES = frozenset(
    {
        "sent",
        "sent items",
        "sent messages",
        "sent mail",
        "gesendet",
        "gesendete elemente",
        "gesendete objekte",
        "envoyés",
        "éléments envoyés",
        "messages envoyés",
    }
)


class MailCheckError(Exception):
    """A check that failed; ``str()`` is one sentence for the user."""


@dataclass(frozen=True)
class FolderBatch:
    """What is new in one folder, and the watermark to store with it once it is applied."""

    folder: str
    uidvalidity: int
    last_uid: int
    messages: tuple[MailMessage, ...]


Wanted = Callable[[MailMessage], bool]


def fetch_new(
    account: MailAccount,
    password: str,
    known: Mapping[str, tuple[int, int]],
    wanted: Wanted,
    since: date,
    timeout: float = 20.0,
) -> list[FolderBatch]:
    """The new mail of ``account``'s Sent folder(s) and INBOX, in that order (a reply to a mail
    sent in the same check is then applied after it). ``known``: folder -> (UIDVALIDITY, last
    UID read). An unchanged folder gives no batch. MailCheckError on any failure."""
    server = _server(account)
    client = _connect(account, timeout)
    done = False
    try:
        _login(client, account, password)
        batches = []
        for folder in _folders(client):
            batch = _folder(client, folder, known.get(folder), wanted, since)
            if batch is not None:
                batches.append(batch)
        done = True
        return batches
    except MailCheckError:
        raise
    except TimeoutError as error:
        raise MailCheckError(
            f"The server {server} stopped answering during the check; nothing was saved from it."
        ) from error
    except (imaplib.IMAP4.abort, OSError, EOFError) as error:
        raise MailCheckError(
            f"The server {server} closed the connection during the check; nothing was saved "
            "from it."
        ) from error
    except imaplib.IMAP4.error as error:
        raise MailCheckError(
            f"The server {server} refused a step of the check ({_said(error)}); nothing was "
            "saved from it."
        ) from error
    finally:
        _close(client, politely=done)


def _server(account: MailAccount) -> str:
    return f"{account.imap_host}:{account.port('imap')}"


def _said(error: BaseException) -> str:
    """The server's words in an imaplib error, on one line and short."""
    text = error.args[0] if error.args else error
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return " ".join(str(text).split())[:160] or type(error).__name__


# --- connecting ------------------------------------------------------------------------------


def _connect(account: MailAccount, timeout: float) -> IMAPClient:
    # lazy: imapclient costs ~60 ms, and the app imports this module at start
    from imapclient import IMAPClient

    server, security = _server(account), account.imap_security
    context = ssl.create_default_context() if security != "none" else None
    client = None
    try:
        client = IMAPClient(
            account.imap_host or "",
            account.port("imap"),
            ssl=security == "ssl",
            ssl_context=context,
            timeout=timeout,
        )
        if security == "starttls":
            if not client.has_capability("STARTTLS"):
                raise MailCheckError(
                    f"The server {server} does not offer STARTTLS; choose ssl as the security."
                )
            client.starttls(context)
        return client
    except MailCheckError:
        _close(client, politely=False)
        raise
    except Exception as error:
        _close(client, politely=False)
        raise MailCheckError(_unreachable(account, error, timeout)) from error


def _unreachable(account: MailAccount, error: Exception, timeout: float) -> str:
    """One sentence for a connection that could not be made."""
    server, host = _server(account), account.imap_host
    if isinstance(error, ssl.SSLCertVerificationError):
        why = error.verify_message or error.reason or "it is not trusted"
        return f"The certificate of {server} does not verify: {why}."
    if isinstance(error, ssl.SSLError):
        why = error.reason or _said(error)
        return f"No secure connection to {server} could be made ({why}); check the security."
    if isinstance(error, socket.gaierror):
        return f"The mail server {host} could not be reached: the name is unknown (offline?)."
    if isinstance(error, ConnectionRefusedError):
        return f"The mail server {server} could not be reached: nothing answers on that port."
    if isinstance(error, TimeoutError):
        return f"The mail server {server} could not be reached: no answer in {timeout:g} seconds."
    if isinstance(error, OSError):
        return f"The mail server {server} could not be reached: {error.strerror or _said(error)}."
    if isinstance(error, imaplib.IMAP4.abort | EOFError):
        return f"The server {server} closed the connection before the check could start."
    if isinstance(error, imaplib.IMAP4.error):
        return f"The server {server} does not speak IMAP as expected ({_said(error)})."
    return f"The mail server {server} could not be reached ({type(error).__name__})."


def _login(client: IMAPClient, account: MailAccount, password: str) -> None:
    from imapclient.exceptions import LoginError  # type: ignore[import-untyped]

    try:
        try:
            client.login(account.user, password)
        except UnicodeEncodeError:  # LOGIN is ASCII; AUTHENTICATE PLAIN sends UTF-8
            if not client.has_capability("AUTH=PLAIN"):
                raise MailCheckError(
                    f"The user name or password for {account.user} has characters that this "
                    "server's login cannot take (only ASCII)."
                ) from None
            client.plain_login(account.user, password)
    except LoginError as error:
        words = _said(error).lower()
        if "privacyrequired" in words or "plaintext" in words:
            raise MailCheckError(
                f"The server {_server(account)} takes a password only over an encrypted "
                "connection; choose ssl or starttls as the security."
            ) from None
        raise MailCheckError(
            f"The server {_server(account)} refused the user name or password for {account.user}."
        ) from None


def _close(client: IMAPClient | None, politely: bool) -> None:
    """Log out after a good check; after a failure, just drop the connection (a logout to a
    server that stopped answering would wait out the timeout once more)."""
    if client is None:
        return
    try:
        if politely:
            client.logout()
        else:
            client.shutdown()
    except Exception:
        with contextlib.suppress(Exception):
            client.shutdown()


# --- folders ---------------------------------------------------------------------------------


def _flags(raw: Sequence[Any]) -> set[str]:
    return {(f.decode() if isinstance(f, bytes) else str(f)).lower() for f in raw}


def _folders(client: IMAPClient) -> list[str]:
    """The Sent folder(s) (SPECIAL-USE \\Sent, else by name), then INBOX."""
    entries = [
        (_flags(flags), delimiter, name)
        for flags, delimiter, name in client.list_folders()
        if isinstance(name, str)
    ]
    unusable = {"\\noselect", "\\nonexistent"}
    selectable = [(f, d, n) for f, d, n in entries if not f & unusable and n.upper() != "INBOX"]
    sent = [name for flags, _, name in selectable if "\\sent" in flags]
    if not sent:
        for _, delimiter, name in selectable:
            leaf = name.rsplit(delimiter.decode(), 1)[-1] if delimiter else name
            if leaf.lower() in SENT_NAMES:
                sent.append(name)
                break
    return [*sent, "INBOX"]


def _folder(
    client: IMAPClient,
    folder: str,
    state: tuple[int, int] | None,
    wanted: Wanted,
    since: date,
) -> FolderBatch | None:
    status = client.folder_status(folder, [b"UIDVALIDITY", b"UIDNEXT"])
    validity = int(status[b"UIDVALIDITY"])
    uidnext = int(status.get(b"UIDNEXT") or 0)
    if state is not None and state[0] == validity and uidnext > 0 and uidnext - 1 <= state[1]:
        return None  # unchanged: not even opened
    opened = client.select_folder(folder, readonly=True)  # EXAMINE: \Seen is never set
    validity = int(opened.get(b"UIDVALIDITY", validity))
    uidnext = int(opened.get(b"UIDNEXT") or uidnext)
    if state is not None and state[0] == validity:
        last = state[1]
        # "n:*" always matches the newest message, even when its UID is below n
        uids = sorted(u for u in client.search(["UID", f"{last + 1}:*"]) if u > last)
    else:
        last = 0
        uids = sorted(client.search(["SINCE", since]))
    messages = tuple(_wanted_messages(client, uids, wanted))
    return FolderBatch(folder, validity, max([last, uidnext - 1, *uids]), messages)


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _wanted_messages(
    client: IMAPClient, uids: Sequence[int], wanted: Wanted
) -> Iterator[MailMessage]:
    """Headers of every UID, then the whole message of the wanted ones (both BODY.PEEK)."""
    for chunk in _chunks(uids, HEADER_CHUNK):
        heads = client.fetch(chunk, ["RFC822.SIZE", "BODY.PEEK[HEADER]"])
        keep = [uid for uid in chunk if _is_wanted(heads.get(uid), wanted)]
        for small in _chunks(keep, BODY_CHUNK):
            bodies = client.fetch(small, ["BODY.PEEK[]"])
            for uid in small:
                raw = (bodies.get(uid) or {}).get(b"BODY[]")
                if not raw:
                    continue  # expunged meanwhile
                try:
                    yield read_eml(raw)
                except MailFileError:
                    continue  # not a readable message: the next check will not see it either


def _is_wanted(data: Mapping[bytes, Any] | None, wanted: Wanted) -> bool:
    if not data:
        return False
    header = data.get(b"BODY[HEADER]")
    size = data.get(b"RFC822.SIZE") or 0
    if not header or size > MAX_MESSAGE_BYTES:
        return False
    try:
        return wanted(read_eml(header))
    except MailFileError:
        return False
