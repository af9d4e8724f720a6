"""Mail passwords: in the OS keyring (``keyring``), else in this process's memory only.

A password is never written to the SQLite file, a log or an error message. Where no keyring
exists (a bare Linux session, CI) or it fails (locked, D-Bus gone), nothing crashes: the
password is kept for this process only, and the app asks for it again next session. Every
password also stays in memory once known, so a check every five minutes does not ask a locked
keyring again and again.
"""

from __future__ import annotations

import contextlib
import logging
import threading

log = logging.getLogger(__name__)

#: The keyring's service name; the account name is the keyring's user name.
SERVICE = "followup-desktop-mail"

_memory: dict[str, str] = {}
_lock = threading.Lock()


def _backend() -> object | None:
    """The OS keyring's backend, or None when there is no usable one."""
    try:
        # lazy: keyring costs ~90 ms (its backends are found through entry points)
        import keyring
        from keyring.backends import chainer, fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring):
            return None
        if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
            return None
        if type(backend).__module__.startswith("keyring.backends.null"):
            return None
        return backend
    except Exception as error:  # a broken keyring installation is the same as none
        log.info("no usable keyring (%s)", type(error).__name__)
        return None


def keyring_available() -> bool:
    """Whether an OS keyring is there to keep passwords across sessions."""
    return _backend() is not None


def set_password(account: str, password: str) -> bool:
    """Keep ``password`` for ``account``: True when it is in the OS keyring, False when it is
    kept in this process's memory only (no keyring, or the keyring refused)."""
    with _lock:
        _memory[account] = password
    if _backend() is None:
        return False
    try:
        import keyring

        keyring.set_password(SERVICE, account, password)
        return True
    except Exception as error:  # keyring.errors.KeyringError, a locked or vanished backend
        log.warning("the keyring did not store the password of %s (%s)", account, _kind(error))
        return False


def get_password(account: str) -> str | None:
    """The password of ``account``: from the OS keyring, else from this process's memory."""
    if _backend() is not None:
        try:
            import keyring

            found = keyring.get_password(SERVICE, account)
            if found is not None:
                with _lock:
                    _memory[account] = found
                return found
        except Exception as error:
            log.warning("the keyring did not give the password of %s (%s)", account, _kind(error))
    with _lock:
        return _memory.get(account)


def forget_password(account: str) -> None:
    """Remove the password of ``account`` from memory and from the OS keyring (if there)."""
    with _lock:
        _memory.pop(account, None)
    if _backend() is None:
        return
    try:
        import keyring
        from keyring.errors import PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError):  # it was not there
            keyring.delete_password(SERVICE, account)
    except Exception as error:
        log.warning("the keyring did not forget the password of %s (%s)", account, _kind(error))


def _kind(error: Exception) -> str:
    """What went wrong, without the message (a backend may quote what it was given)."""
    return type(error).__name__
