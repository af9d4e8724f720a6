"""One running app per user and database: a second launch hands over to the first and exits.

- A ``QLockFile`` in the user's runtime folder says who runs. Qt treats a lock whose process is
  gone as stale, so a crash never blocks the next start.
- The running app listens on a ``QLocalServer`` (a Unix socket beside the lock, a named pipe on
  Windows). A second launch that cannot take the lock connects, sends ``activate`` and waits for
  ``ok``; the first brings its window forward. A socket file left by a crash is removed before
  listening, which is safe because only the lock holder listens.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, QThread, Signal

from followup_desktop import APP_ID

if TYPE_CHECKING:  # QtNetwork is imported when listening or handing over (~8 ms at start-up)
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

ACTIVATE, OK = b"activate\n", b"ok\n"
HANDOFF_TIMEOUT_MS = 5000
#: Unix socket paths longer than this do not fit ``sockaddr_un``; Qt then uses a plain name.
MAX_SOCKET_PATH = 100


def _user() -> str:
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid else os.environ.get("USERNAME", "user")


def instance_key(db_path: Path) -> str:
    """A short name that is the same for every launch on the same database by the same user."""
    try:
        where = str(Path(db_path).resolve())
    except OSError:
        where = str(db_path)
    data = f"{_user()}\0{where}".encode()
    # Two CRCs (64 bits) name it well enough for one user's files, without loading OpenSSL
    # (hashlib) at every start.
    digest = f"{zlib.crc32(data):08x}{zlib.crc32(data[::-1]):08x}"
    return f"{APP_ID}-{digest}"


def runtime_dir() -> Path:
    """$XDG_RUNTIME_DIR (private to the user) where there is one, else the temporary folder."""
    folder = os.environ.get("XDG_RUNTIME_DIR")
    if folder and Path(folder).is_dir():
        return Path(folder)
    return Path(tempfile.gettempdir())


class SingleInstance(QObject):
    """``claim()`` once at start: True when this process is the one that runs."""

    #: Another launch asked this one to come forward.
    activated = Signal()

    def __init__(self, key: str, folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        folder = folder or runtime_dir()
        self.key = key
        self.lock = QLockFile(str(folder / f"{key}.lock"))
        self.lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        path = str(folder / f"{key}.sock")
        use_path = not sys.platform.startswith("win") and len(path) <= MAX_SOCKET_PATH
        self.server_name = path if use_path else key
        self.server: QLocalServer | None = None

    def claim(self, timeout_ms: int = HANDOFF_TIMEOUT_MS, *, listen: bool = True) -> bool:
        """Become the running instance, or hand over to the one that is (then False).

        ``listen=False``: take the lock now and call :meth:`listen` later (the app does once
        its window is painted); a launch in between keeps knocking until it is answered.
        """
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            if self.lock.tryLock(0):
                if listen:
                    self.listen()
                return True
            if self._hand_over():
                return False
            if time.monotonic() > deadline:
                # The holder lives but does not answer (hung, or still starting): run anyway
                # rather than leave the user with nothing.
                log.warning("another instance holds the lock but does not answer; starting")
                return True
            QThread.msleep(100)

    def listen(self) -> None:
        """Answer later launches (they ask this one to come forward)."""
        # lazy: QtNetwork, ~5 ms of the first window, which listens after its first paint
        # (bench_lazy_imports)
        from PySide6.QtNetwork import QLocalServer

        if self.server is not None:
            return
        QLocalServer.removeServer(self.server_name)  # a socket file left by a crash
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.server_name):
            log.warning("single-instance server not listening: %s", server.errorString())
            return
        server.newConnection.connect(self._connection)
        self.server = server

    def _connection(self) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(self._ready)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _ready(self) -> None:
        from PySide6.QtNetwork import QLocalSocket  # lazy: ~5 ms of the first window, see listen

        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine().data())
        if line == ACTIVATE:
            socket.write(OK)
            socket.flush()
            log.info("another launch asked this window to come forward")
            self.activated.emit()
        socket.disconnectFromServer()

    def _hand_over(self) -> bool:
        from PySide6.QtNetwork import QLocalSocket  # lazy: ~5 ms of the first window, see listen

        socket = QLocalSocket()
        socket.connectToServer(self.server_name)
        try:
            if not socket.waitForConnected(500):
                return False
            socket.write(ACTIVATE)
            if not socket.waitForBytesWritten(1000):
                return False
            while not socket.canReadLine():
                if not socket.waitForReadyRead(2000):
                    return False
            return bytes(socket.readLine().data()) == OK
        finally:
            socket.abort()

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        if self.lock.isLocked():
            self.lock.unlock()
