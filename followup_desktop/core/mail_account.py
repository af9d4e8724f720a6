"""A mail account the user added: where its IMAP and SMTP servers are, and how it last went.

The password is never part of it (it lives in the OS keyring, see services/mail/credentials.py).
``validate`` turns bad settings into one sentence naming the field, for the dialog and the
command line alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Security = Literal["ssl", "starttls", "none"]
SECURITIES: tuple[Security, ...] = ("ssl", "starttls", "none")
#: Plain, unencrypted connections only to this machine (a local bridge or a test server).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
DEFAULT_PORTS = {("imap", "ssl"): 993, ("imap", "starttls"): 143, ("imap", "none"): 143}
DEFAULT_PORTS |= {("smtp", "ssl"): 465, ("smtp", "starttls"): 587, ("smtp", "none"): 25}


class MailAccountError(ValueError):
    """A setting that cannot work; the message is one sentence naming the field."""


@dataclass(frozen=True)
class MailAccount:
    name: str
    user: str
    imap_host: str | None = None
    imap_port: int | None = None
    imap_security: Security = "ssl"
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_security: Security = "ssl"
    from_addr: str | None = None
    #: Where replies should go, when not to the From address (a Reply-To header).
    reply_to: str | None = None
    # How the last check went (written by the mail checker, shown in Settings and the status bar).
    last_checked: datetime | None = None
    last_error: str | None = None
    failures: int = 0
    next_try: datetime | None = None

    @property
    def has_imap(self) -> bool:
        return bool(self.imap_host)

    @property
    def has_smtp(self) -> bool:
        return bool(self.smtp_host)

    def port(self, kind: Literal["imap", "smtp"]) -> int:
        if kind == "imap":
            return self.imap_port or DEFAULT_PORTS[("imap", self.imap_security)]
        return self.smtp_port or DEFAULT_PORTS[("smtp", self.smtp_security)]

    @property
    def sender(self) -> str:
        """The From address of mail sent with this account."""
        return self.from_addr or self.user


def validate(account: MailAccount) -> MailAccount:
    """The account as given, or MailAccountError with one sentence naming the field."""
    if not account.name.strip():
        raise MailAccountError("The account needs a name.")
    if not account.user.strip():
        raise MailAccountError("The user name is empty.")
    if not account.has_imap and not account.has_smtp:
        raise MailAccountError("Give an IMAP server, an SMTP server, or both.")
    for kind, host, port, security in (
        ("IMAP", account.imap_host, account.imap_port, account.imap_security),
        ("SMTP", account.smtp_host, account.smtp_port, account.smtp_security),
    ):
        if not host:
            continue
        if any(c.isspace() for c in host) or "/" in host:
            raise MailAccountError(f"The {kind} server {host!r} is not a host name.")
        if security not in SECURITIES:
            raise MailAccountError(f"The {kind} security must be ssl, starttls or none.")
        if port is not None and not 0 < port < 65536:
            raise MailAccountError(f"The {kind} port must be between 1 and 65535.")
        if security == "none" and host.strip("[]") not in LOOPBACK_HOSTS:
            raise MailAccountError(
                f"The {kind} security 'none' is allowed only for 127.0.0.1 and ::1, not for {host}."
            )
    if account.from_addr is not None and "@" not in account.from_addr:
        raise MailAccountError(f"The From address {account.from_addr!r} is not an address.")
    if account.reply_to is not None and "@" not in account.reply_to:
        raise MailAccountError(f"The Reply-To address {account.reply_to!r} is not an address.")
    return account
