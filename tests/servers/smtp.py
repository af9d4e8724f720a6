"""A throwaway SMTP server on 127.0.0.1 for tests (aiosmtpd), in a child process of its own.

    with SmtpServer.running(security="starttls", users={"alex": "s3cret"}) as server:
        ...send to 127.0.0.1:server.port...
        server.received()        # [(envelope, EmailMessage)] of every message it accepted

It runs as ``python -m tests.servers.smtp ROOT`` with the real clock (libfaketime dropped, as
for Dovecot) and keeps everything in its temporary folder ROOT: its settings (``config.json``),
its certificate (``openssl req -x509`` for 127.0.0.1, when ``security`` is ``starttls`` or
``ssl``) and every message it accepted, one file each, written whole before the server answers
250. Counting those files is counting deliveries, whatever happened to the client (a killed
client, a dropped connection).

- ``security``: ``none`` (plain), ``starttls`` (STARTTLS required before AUTH and MAIL) or
  ``ssl`` (TLS from the first byte).
- ``users``: when given, AUTH (PLAIN and LOGIN) is required with one of them.
- A recipient whose address contains ``reject`` gets ``550 5.1.1 No such user here``.
- ``drop_after_data(True)``: the next messages are stored (the server has them) and the
  connection is then closed without an answer, as a network that drops at the worst moment.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from tests.servers.dovecot import _real_clock_env, free_port

REPO = Path(__file__).resolve().parents[2]


def skip_reason(security: str = "none") -> str | None:
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        return "aiosmtpd is not installed (pip install -e '.[test]')"
    if security != "none" and shutil.which("openssl") is None:
        return "openssl is not installed (it makes the test certificate)"
    return None


def skip_unless_available(security: str = "none") -> None:
    import pytest

    reason = skip_reason(security)
    if reason is None:
        return
    if os.environ.get("FOLLOWUP_REQUIRE_SERVERS") == "1":
        pytest.fail(f"FOLLOWUP_REQUIRE_SERVERS=1, but {reason}")
    pytest.skip(reason)


class SmtpServer:
    def __init__(self, *, security: str = "none", users: Mapping[str, str] | None = None):
        self.security, self.users = security, dict(users or {})
        self.host, self.port = "127.0.0.1", 0
        self.root: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None

    @classmethod
    @contextlib.contextmanager
    def running(cls, **options: Any) -> Iterator[SmtpServer]:
        server = cls(**options)
        server.start()
        try:
            yield server
        finally:
            server.stop()

    @property
    def cert_file(self) -> Path:
        assert self.root is not None
        return self.root / "cert.pem"

    @property
    def inbox(self) -> Path:
        assert self.root is not None
        return self.root / "inbox"

    def start(self) -> None:
        root = self.root = Path(tempfile.mkdtemp(prefix="followup-smtp-"))
        (root / "inbox").mkdir()
        if self.security != "none":
            # fmt: off
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                 "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                 "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem")],
                check=True, capture_output=True,
            )
            # fmt: on
        for _attempt in range(3):
            self.port = free_port()
            config = {"port": self.port, "security": self.security, "users": self.users}
            (root / "config.json").write_text(json.dumps(config), encoding="utf-8")
            with (root / "stderr").open("ab") as errors:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "tests.servers.smtp", str(root)],
                    cwd=REPO,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=errors,
                    env=_real_clock_env(),
                )
            if self._wait_ready(15.0):
                return
            self._end()
        raise RuntimeError(f"the SMTP server did not start:\n{self.log()}")

    def _wait_ready(self, timeout: float) -> bool:
        assert self.root is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                return False
            if (self.root / "ready").exists():
                try:
                    with socket.create_connection((self.host, self.port), timeout=1):
                        return True
                except OSError:
                    pass
            time.sleep(0.02)
        return False

    def _end(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)

    def stop(self) -> None:
        self._end()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def log(self) -> str:
        if self.root is None or not (self.root / "stderr").exists():
            return ""
        return (self.root / "stderr").read_text("utf-8", "replace")

    def drop_after_data(self, on: bool = True) -> None:
        flag = self.inbox.parent / "drop"
        if on:
            flag.touch()
        else:
            flag.unlink(missing_ok=True)

    def received(self) -> list[tuple[dict[str, Any], EmailMessage]]:
        """Every accepted message, oldest first: (envelope {"from", "to"}, message)."""
        found = []
        for path in sorted(self.inbox.glob("*.json")):
            envelope = json.loads(path.read_text(encoding="utf-8"))
            raw = path.with_suffix(".eml").read_bytes()
            message = BytesParser(policy=policy.default).parsebytes(raw)
            found.append((envelope, message))
        return found

    def clear(self) -> None:
        for path in self.inbox.iterdir():
            path.unlink()


# --- the server process ------------------------------------------------------------------------


def _serve(root: Path) -> None:
    import ssl

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    config = json.loads((root / "config.json").read_text(encoding="utf-8"))
    users: dict[str, str] = config["users"]
    security = config["security"]
    counter = iter(range(1, 10**9))

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if "reject" in address.lower():
                return "550 5.1.1 No such user here"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            name = f"{next(counter):06d}-{uuid.uuid4().hex[:8]}"
            raw = envelope.original_content or envelope.content
            (root / "inbox" / f"{name}.eml.tmp").write_bytes(raw)
            os.replace(root / "inbox" / f"{name}.eml.tmp", root / "inbox" / f"{name}.eml")
            meta = {"from": envelope.mail_from, "to": list(envelope.rcpt_tos)}
            (root / "inbox" / f"{name}.json.tmp").write_text(json.dumps(meta), encoding="utf-8")
            os.replace(root / "inbox" / f"{name}.json.tmp", root / "inbox" / f"{name}.json")
            if (root / "drop").exists():
                server.transport.abort()
                return "250 never seen"
            return "250 Message accepted for delivery"

    def authenticator(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            user = auth_data.login.decode("utf-8", "replace")
            password = auth_data.password.decode("utf-8", "replace")
            return AuthResult(success=user in users and users[user] == password, handled=False)
        return AuthResult(success=False, handled=False)

    context = None
    if security != "none":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(root / "cert.pem", root / "key.pem")
    options: dict[str, Any] = {
        "hostname": "127.0.0.1",
        "port": config["port"],
        "enable_SMTPUTF8": True,
        "decode_data": False,
        "ready_timeout": 10.0,
    }
    if users:
        options |= {
            "authenticator": authenticator,
            "auth_required": True,
            # implicit TLS: aiosmtpd 1.4 would not offer AUTH at all (it looks for STARTTLS)
            "auth_require_tls": security == "starttls",
        }
    if security == "starttls":
        options |= {"tls_context": context, "require_starttls": True}
    elif security == "ssl":
        options |= {"ssl_context": context}
    controller = Controller(Handler(), **options)
    controller.start()
    (root / "ready").touch()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    _serve(Path(sys.argv[1]))
