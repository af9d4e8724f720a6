"""A throwaway Dovecot IMAP server on 127.0.0.1 for tests (shared/toolchain.md, "Real servers on
loopback"), and ``Proxy``, a loopback TCP proxy that slows a connection down or cuts it once the
client asked for something.

    with Dovecot.running() as server:         # or the fixtures of tests/integration/conftest.py
        box = server.fresh_mailbox()          # a user of its own, with an empty mailbox
        box.append("INBOX", message)          # an EmailMessage or bytes; returns the UID
        box.rename("Sent", "Sent Items")

The server lives in its own temporary folder (configuration, passwd-file users, maildirs, log)
with a free port, runs in the foreground as a child of the test process (``dovecot -F``) and is
stopped and removed afterwards. Users can be added while it runs (Dovecot re-reads the
passwd-file when it changes), so one server serves many tests, each with its own mailbox.
The folders named in ``sent`` have SPECIAL-USE \\Sent, and the first one is created for every
user (``auto = subscribe``). With ``tls=True`` a self-signed certificate for 127.0.0.1
(``openssl req -x509``) is made and a second listener speaks IMAP over TLS on ``tls_port``
(STARTTLS is offered on ``port`` too).

It runs as root (imap-login switches to the ``dovenull`` user, the mail processes to
``dovecot``): ``skip_reason()`` says why it cannot run here, for a clean pytest skip.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

USER, PASSWORD = "alex", "s3cret"
DOVECOT = shutil.which("dovecot") or (
    "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
)


def _real_clock_env() -> dict[str, str]:
    """The environment without libfaketime (.ci/times-of-day shifts the tests' clock): Dovecot
    under it never hands a connection to its login process. The server keeps the real time;
    what the tests check is the app's clock, which stays shifted."""
    return {
        key: value
        for key, value in os.environ.items()
        if key not in ("LD_PRELOAD", "FAKETIME", "FAKETIME_DONT_FAKE_MONOTONIC")
    }


def skip_unless_available(tls: bool = False) -> None:
    """Skip the test when no throwaway Dovecot can run here, saying why; fail instead where
    FOLLOWUP_REQUIRE_SERVERS=1 (.ci/run sets it: there a skipped IMAP test would hide a gap)."""
    import pytest

    reason = skip_reason(tls)
    if reason is None:
        return
    if os.environ.get("FOLLOWUP_REQUIRE_SERVERS") == "1":
        pytest.fail(f"FOLLOWUP_REQUIRE_SERVERS=1, but {reason}")
    pytest.skip(reason)


def skip_reason(tls: bool = False) -> str | None:
    """Why a throwaway Dovecot cannot run here, or None when it can."""
    if DOVECOT is None:
        return "dovecot is not installed (Debian package dovecot-imapd; .ci/run installs it)"
    if os.geteuid() != 0:
        return "the throwaway Dovecot needs root (imap-login switches to the dovenull user)"
    for user in ("dovecot", "dovenull"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            return f"the system user {user!r} of the dovecot package is missing"
    if tls and shutil.which("openssl") is None:
        return "openssl is not installed (it makes the test certificate)"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _config(root: Path, port: int, tls_port: int, sent: Sequence[str], autocreate: bool) -> str:
    tls = tls_port != 0
    mailboxes = "".join(
        f'  mailbox "{name}" {{\n    special_use = \\Sent\n'
        + ("    auto = subscribe\n" if autocreate and i == 0 else "")
        + "  }\n"
        for i, name in enumerate(sent)
    )
    ssl = (
        f"ssl = yes\nssl_cert = <{root}/cert.pem\nssl_key = <{root}/key.pem\n"
        if tls
        else "ssl = no\n"
    )
    imaps = "    ssl = yes\n" if tls else ""
    return f"""protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/log
{ssl}disable_plaintext_auth = no
auth_failure_delay = 0
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 1
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
{imaps}  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={root}/mail/%u mail=maildir:{root}/mail/%u/Maildir
}}
namespace inbox {{
  inbox = yes
  separator = /
{mailboxes}}}
"""


class Dovecot:
    """One throwaway server; ``start()`` / ``stop()``, or ``Dovecot.running(...)``."""

    def __init__(
        self,
        *,
        sent: Sequence[str] = ("Sent", "Sent Items"),
        autocreate: bool = True,
        tls: bool = False,
        spare: int = 64,
    ) -> None:
        self.sent, self.autocreate, self.tls = tuple(sent), autocreate, tls
        self.users: dict[str, str] = {USER: PASSWORD}
        #: Users made before the start, handed out by fresh_mailbox() (Dovecot re-reads the
        #: passwd-file at most once a second, so a user added later may wait that long).
        self._spare = [f"box{n}" for n in range(1, spare + 1)]
        self.users |= {user: f"pw-{user}-s3cret" for user in self._spare}
        self._lock = threading.Lock()
        self.host = "127.0.0.1"
        self.port = self.tls_port = 0
        self.root: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None

    @classmethod
    @contextlib.contextmanager
    def running(cls, **options: Any) -> Iterator[Dovecot]:
        server = cls(**options)
        server.start()
        try:
            yield server
        finally:
            server.stop()

    # --- life ---------------------------------------------------------------------------------

    @property
    def cert_file(self) -> Path:
        assert self.root is not None and self.tls
        return self.root / "cert.pem"

    @property
    def config_file(self) -> Path:
        assert self.root is not None
        return self.root / "dovecot.conf"

    def start(self) -> None:
        reason = skip_reason(self.tls)
        assert reason is None, reason
        # Not under pytest's tmp_path: its parent is root-only, and the mail processes run as
        # the dovecot user, which must reach the maildirs.
        root = self.root = Path(tempfile.mkdtemp(prefix="followup-dovecot-"))
        root.chmod(0o755)
        for sub in ("run", "state", "mail"):
            (root / sub).mkdir()
        shutil.chown(root / "mail", "dovecot", "dovecot")
        self._write_users()
        if self.tls:
            self._make_certificate(root)
        for _attempt in range(3):  # a port taken between free_port() and the bind: new ports
            self.port = free_port()
            self.tls_port = free_port() if self.tls else 0
            config = _config(root, self.port, self.tls_port, self.sent, self.autocreate)
            self.config_file.write_text(config, encoding="utf-8")
            with (root / "stderr").open("ab") as errors:  # the child keeps its own copy
                self.process = subprocess.Popen(
                    [DOVECOT or "dovecot", "-F", "-c", str(self.config_file)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=errors,
                    env=_real_clock_env(),
                )
            if self._wait_ready(10.0):
                return
            self._end_process()
        raise RuntimeError(f"dovecot did not start:\n{self.log()}")

    def _make_certificate(self, root: Path) -> None:
        # fmt: off
        command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                   "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        # fmt: on
        files = ["-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem")]
        subprocess.run([*command, *files], check=True, capture_output=True)

    def _wait_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as probe:
                    if probe.recv(64).startswith(b"* OK"):
                        return True
            except OSError:
                time.sleep(0.02)
        return False

    def _end_process(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()  # the master stops its imap and auth processes
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)

    def stop(self) -> None:
        self._end_process()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def log(self) -> str:
        if self.root is None:
            return ""
        parts = [
            p.read_text("utf-8", "replace")
            for p in (self.root / "log", self.root / "stderr")
            if p.exists()
        ]
        return "\n".join(parts)

    # --- users --------------------------------------------------------------------------------

    def _write_users(self) -> None:
        assert self.root is not None
        lines = "".join(f"{user}:{{PLAIN}}{password}\n" for user, password in self.users.items())
        temporary = self.root / "users.new"
        temporary.write_text(lines, encoding="utf-8")
        temporary.replace(self.root / "users")  # whole, never half-written

    def add_user(self, user: str, password: str) -> Mailbox:
        """A new user with an empty mailbox; returns once the server lets it log in."""
        with self._lock:
            assert user not in self.users, user
            self.users[user] = password
            if self.root is not None:
                self._write_users()
        box = Mailbox(self, user, password)
        if self.root is not None:
            deadline = time.monotonic() + 5
            while True:
                try:
                    with box.client():
                        break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
        return box

    def fresh_mailbox(self) -> Mailbox:
        """A user nobody used yet, with an empty mailbox (INBOX, and the first Sent folder)."""
        with self._lock:
            user = self._spare.pop(0) if self._spare else None
        if user is None:
            return self.add_user(f"user{len(self.users)}", f"pw-{len(self.users)}-s3cret")
        return self.mailbox(user)

    def mailbox(self, user: str = USER) -> Mailbox:
        return Mailbox(self, user, self.users[user])


class Mailbox:
    """One user's mailbox on a running Dovecot, changed over IMAP as a mail program would."""

    def __init__(self, server: Dovecot, user: str, password: str) -> None:
        self.server, self.user, self.password = server, user, password

    @contextlib.contextmanager
    def client(self) -> Iterator[Any]:
        """An IMAPClient logged in as this user (plain IMAP on the server's ``port``)."""
        from imapclient import IMAPClient

        client = IMAPClient(self.server.host, self.server.port, ssl=False, timeout=10)
        try:
            if (self.user + self.password).isascii():
                client.login(self.user, self.password)
            else:
                client.plain_login(self.user, self.password)  # LOGIN is ASCII only
            yield client
        finally:
            with contextlib.suppress(Exception):
                client.logout()

    def append(
        self,
        folder: str,
        message: EmailMessage | bytes,
        when: datetime | None = None,
        flags: Sequence[bytes] = (),
    ) -> int:
        """APPEND one message; its internal date is ``when`` (else its Date header, so SEARCH
        SINCE does not depend on today's date). Returns the new UID (APPENDUID)."""
        raw = message if isinstance(message, bytes) else message.as_bytes()
        if when is None and isinstance(message, EmailMessage) and message["Date"] is not None:
            when = message["Date"].datetime
        with self.client() as client:
            answer = client.append(folder, raw, flags=flags, msg_time=when)
        # b"[APPENDUID 1796560709 1] Append completed."
        return int(answer.split(b"]", 1)[0].split()[-1])

    def append_many(self, folder: str, messages: Iterable[tuple[bytes, datetime]]) -> int:
        """APPEND (raw message, internal date) pairs over one connection; how many."""
        appended = 0
        with self.client() as client:
            for raw, when in messages:
                client.append(folder, raw, msg_time=when)
                appended += 1
        return appended

    def folders(self) -> list[str]:
        with self.client() as client:
            return [name for _, _, name in client.list_folders()]

    def create(self, folder: str) -> None:
        with self.client() as client:
            client.create_folder(folder)

    def delete(self, folder: str) -> None:
        with self.client() as client:
            client.delete_folder(folder)

    def rename(self, old: str, new: str) -> None:
        """RENAME keeps the folder's UIDVALIDITY and UIDs under its new name."""
        with self.client() as client:
            client.rename_folder(old, new)

    def recreate(self, folder: str) -> None:
        """Delete ``folder`` and create it again: a new UIDVALIDITY, no messages."""
        with self.client() as client:
            client.delete_folder(folder)
            if folder not in [name for _, _, name in client.list_folders()]:  # auto-created
                client.create_folder(folder)

    def status(self, folder: str) -> tuple[int, int]:
        """(UIDVALIDITY, UIDNEXT) of ``folder``."""
        with self.client() as client:
            found = client.folder_status(folder, [b"UIDVALIDITY", b"UIDNEXT"])
        return int(found[b"UIDVALIDITY"]), int(found[b"UIDNEXT"])

    def flags(self, folder: str) -> dict[int, tuple[bytes, ...]]:
        """UID -> flags of every message in ``folder`` (read-only, so nothing changes)."""
        with self.client() as client:
            client.select_folder(folder, readonly=True)
            found = client.get_flags(client.search(["ALL"]))
        return {int(uid): tuple(flags) for uid, flags in found.items()}


class Proxy:
    """A TCP proxy on 127.0.0.1 to ``target`` that, once the client sent ``trigger`` (by default
    the FETCH of whole messages), passes the server's bytes on slowly (``delay`` seconds per
    ``step`` bytes) and/or cuts both connections after ``cut_after`` more bytes.

    ``triggered`` is set when the trigger went through; ``passed`` counts the bytes after it."""

    def __init__(
        self,
        target: int,
        *,
        trigger: bytes = b"BODY.PEEK[]",
        cut_after: int | None = None,
        delay: float = 0.0,
        step: int = 64,
    ) -> None:
        self.target, self.trigger, self.cut_after = target, trigger, cut_after
        self.delay, self.step = delay, step
        self.triggered = threading.Event()
        self.passed = 0
        self._sockets: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._closed = False
        threading.Thread(target=self._accept, name="imap-proxy", daemon=True).start()

    def __enter__(self) -> Proxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed = True
        for sock in [self._listener, *self._sockets]:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
                upstream = socket.create_connection(("127.0.0.1", self.target))
            except OSError:
                return
            self._sockets += [client, upstream]
            threading.Thread(target=self._up, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._down, args=(upstream, client), daemon=True).start()

    def _up(self, client: socket.socket, upstream: socket.socket) -> None:
        """Client -> server, watching for the trigger."""
        tail = b""
        with contextlib.suppress(OSError):
            while data := client.recv(65536):
                if self.trigger in tail + data:
                    self.triggered.set()
                tail = (tail + data)[-len(self.trigger) :]
                upstream.sendall(data)
        self._cut(client, upstream)

    def _down(self, upstream: socket.socket, client: socket.socket) -> None:
        """Server -> client: slowed down or cut once triggered."""
        with contextlib.suppress(OSError):
            while data := upstream.recv(65536):
                if not self.triggered.is_set():
                    client.sendall(data)
                    continue
                for start in range(0, len(data), self.step if self.delay else len(data)):
                    piece = data[start : start + (self.step if self.delay else len(data))]
                    if self.cut_after is not None and self.passed + len(piece) > self.cut_after:
                        piece = piece[: max(0, self.cut_after - self.passed)]
                        client.sendall(piece)
                        self.passed += len(piece)
                        self._cut(client, upstream)
                        return
                    client.sendall(piece)
                    self.passed += len(piece)
                    if self.delay:
                        time.sleep(self.delay)
        self._cut(client, upstream)

    @staticmethod
    def _cut(*sockets: socket.socket) -> None:
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
