"""Fixtures of the integration tests: a real IMAP server on loopback (tests/servers/dovecot.py).

``dovecot_server`` is one throwaway Dovecot for the whole run (with TLS on a second port, its
self-signed certificate at ``cert_file``); ``mailbox`` is a fresh user on it for each test, so
tests never see each other's mail. Without a ``dovecot`` binary (or without root) they skip,
saying why; CI installs dovecot-imapd, so there they run.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers.dovecot import Dovecot, Mailbox, skip_unless_available
from tests.servers.smtp import SmtpServer
from tests.servers.smtp import skip_unless_available as skip_smtp_unless_available


@pytest.fixture(scope="session")
def dovecot_server() -> Iterator[Dovecot]:
    skip_unless_available(tls=True)
    with Dovecot.running(tls=True) as server:
        yield server


@pytest.fixture
def mailbox(dovecot_server: Dovecot) -> Mailbox:
    """An empty mailbox of its own (INBOX, and Sent with SPECIAL-USE \\Sent)."""
    return dovecot_server.fresh_mailbox()


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SmtpServer]:
    """One throwaway SMTP server (aiosmtpd, STARTTLS required, AUTH as alex / s3cret)."""
    skip_smtp_unless_available("starttls")
    with SmtpServer.running(security="starttls", users={"alex": "s3cret"}) as server:
        yield server


@pytest.fixture
def smtp(smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> SmtpServer:
    """The SMTP server with nothing received yet, its certificate trusted, answering normally."""
    monkeypatch.setenv("SSL_CERT_FILE", str(smtp_server.cert_file))
    smtp_server.clear()
    smtp_server.drop_after_data(False)
    return smtp_server
