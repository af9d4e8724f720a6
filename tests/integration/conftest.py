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


@pytest.fixture(scope="session")
def dovecot_server() -> Iterator[Dovecot]:
    skip_unless_available(tls=True)
    with Dovecot.running(tls=True) as server:
        yield server


@pytest.fixture
def mailbox(dovecot_server: Dovecot) -> Mailbox:
    """An empty mailbox of its own (INBOX, and Sent with SPECIAL-USE \\Sent)."""
    return dovecot_server.fresh_mailbox()
