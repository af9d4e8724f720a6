"""Desktop notifications over D-Bus (org.freedesktop.Notifications), through pure-Python jeepney.

PySide6's QtDBus cannot marshal the uint32 ``replaces_id`` of ``Notify``; jeepney can. The
connection is jeepney's blocking one, but nothing waits on it: method calls get a reply within
a two-second limit, and incoming signals (``ActionInvoked``, ``NotificationClosed``) are read
when Qt's event loop sees the socket readable (``QSocketNotifier``), so the GUI never blocks.

Servers that list the "actions" capability get buttons: Open draft, Snooze 1 h, Done (and a
default action, a click on the notification, that opens the draft).
"""

from __future__ import annotations

import contextlib
import html
import logging
from typing import Any

from PySide6.QtCore import QSocketNotifier, QTimer

from followup_desktop.core.reminders import Notice
from followup_desktop.services.notify.base import DONE, OPEN, SHOW, SNOOZE, Notifier

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
CALL_TIMEOUT_S = 2.0
ACTION_WORDS = {OPEN: "Open draft", SNOOZE: "Snooze 1 h", DONE: "Done"}
URGENCY_NORMAL = 1


class FreedesktopNotifier(Notifier):
    name = "freedesktop"
    label = "Desktop notifications"

    def __init__(self, conn: Any, app_name: str, icon_path: str, parent=None) -> None:
        super().__init__(parent)
        from jeepney import DBusAddress  # Linux only: jeepney (see connect)

        self.conn = conn
        self.app_name, self.icon_path = app_name, icon_path
        self.address = DBusAddress(PATH, bus_name=BUS_NAME, interface=BUS_NAME)
        self.capabilities: set[str] = set()
        self.server = ""
        self.broken = self.closed = False
        self.notices: dict[int, Notice] = {}
        self.reader = QSocketNotifier(conn.sock.fileno(), QSocketNotifier.Type.Read, self)
        self.reader.activated.connect(self.drain)

    @classmethod
    def connect(  # type: ignore[override]  # a factory that shadows QObject.connect by name
        cls, app_name: str, icon_path: str = "", parent=None
    ) -> FreedesktopNotifier | None:
        """A notifier on the session bus, or None (no jeepney, no bus, no notification server)."""
        try:  # Linux only: jeepney is installed on Linux alone (pyproject.toml)
            from jeepney import MatchRule, message_bus
            from jeepney.io.blocking import open_dbus_connection
        except ImportError:
            log.info("jeepney is not installed: no desktop notifications")
            return None
        try:
            conn = open_dbus_connection(bus="SESSION", auth_timeout=CALL_TIMEOUT_S)
        except (OSError, KeyError, ValueError, RuntimeError, TimeoutError) as exc:
            log.info("no D-Bus session bus (%s): no desktop notifications", exc)
            return None
        notifier = cls(conn, app_name, icon_path, parent)
        try:
            if not notifier._server_present(message_bus):
                log.info("no notification server on the session bus")
                notifier.close()
                return None
            notifier.capabilities = set(notifier._call("GetCapabilities")[0])
            name, _vendor, version, _spec = notifier._call("GetServerInformation")
            notifier.server = f"{name} {version}".strip()
            for member in ("ActionInvoked", "NotificationClosed"):
                rule = MatchRule(
                    type="signal", sender=BUS_NAME, interface=BUS_NAME, member=member, path=PATH
                )
                notifier._reply(message_bus.AddMatch(rule))
        except Exception as exc:  # a server that answers nonsense is no server
            log.info("the notification server did not answer (%s)", exc)
            notifier.close()
            return None
        log.info("desktop notifications by %s (%s)", notifier.server, sorted(notifier.capabilities))
        return notifier

    # --- D-Bus plumbing -----------------------------------------------------------------------

    def _reply(self, message) -> tuple:
        from jeepney.wrappers import unwrap_msg  # Linux only: jeepney (see connect)

        reply = self.conn.send_and_get_reply(message, timeout=CALL_TIMEOUT_S)
        QTimer.singleShot(0, self.drain)  # signals read while waiting sit in the parser
        return unwrap_msg(reply)

    def _call(self, method: str, signature: str | None = None, body: tuple = ()) -> tuple:
        from jeepney import new_method_call  # Linux only: jeepney (see connect)

        return self._reply(new_method_call(self.address, method, signature, body))

    def _server_present(self, message_bus) -> bool:
        (owned,) = self._reply(message_bus.NameHasOwner(BUS_NAME))
        if owned:
            return True
        (names,) = self._reply(message_bus.ListActivatableNames())
        return BUS_NAME in names

    def drain(self, *_args) -> None:
        """Handle every message that has arrived (never waits)."""
        from jeepney import MessageType  # Linux only: jeepney (see connect)

        while not self.broken:
            try:
                message = self.conn.receive(timeout=0)
            except TimeoutError:
                return
            except (OSError, ValueError, RuntimeError) as exc:  # the bus went away
                log.warning("the D-Bus session bus closed: %s", exc)
                self._break()
                return
            if message.header.message_type == MessageType.signal:
                self._signal(message)

    def _signal(self, message) -> None:
        from jeepney import HeaderFields  # Linux only: jeepney (see connect)

        fields = message.header.fields
        if fields.get(HeaderFields.interface) != BUS_NAME:
            return
        member = fields.get(HeaderFields.member)
        if member == "ActionInvoked":
            notification, key = message.body
            self.invoked(int(notification), str(key))
        elif member == "NotificationClosed":
            self.notices.pop(int(message.body[0]), None)

    def invoked(self, notification: int, key: str) -> None:
        """The user chose ``key`` on our notification ``notification``."""
        notice = self.notices.get(notification)
        if notice is None:
            return  # another application's notification
        if notice.item is None:
            self.action.emit("", SHOW)
        elif key in (OPEN, SNOOZE, DONE):
            self.action.emit(notice.item.id, key)
        elif key == "default":
            self.action.emit(notice.item.id, OPEN)

    def _break(self) -> None:
        self.broken = True
        self.reader.setEnabled(False)

    # --- Notifier -----------------------------------------------------------------------------

    def available(self) -> bool:
        return not self.broken

    def actions_for(self, notice: Notice) -> list[str]:
        if "actions" not in self.capabilities:
            return []
        if notice.item is None:
            return ["default", "Open Follow-up Desktop"]
        first = ACTION_WORDS[OPEN] if notice.item.message else "Open"
        return [
            "default",
            first,
            OPEN,
            first,
            SNOOZE,
            ACTION_WORDS[SNOOZE],
            DONE,
            ACTION_WORDS[DONE],
        ]

    def show(self, notice: Notice) -> bool:
        body = notice.body
        if "body-markup" in self.capabilities:
            body = html.escape(body, quote=False)
        hints = {
            "urgency": ("y", URGENCY_NORMAL),
            "category": ("s", "x-followup-desktop.reminder"),
            "desktop-entry": ("s", "followup-desktop"),
        }
        args = (
            self.app_name,
            0,
            self.icon_path,
            notice.title,
            body,
            self.actions_for(notice),
            hints,
            -1,
        )
        try:
            (notification,) = self._call("Notify", "susssasa{sv}i", args)
        except TimeoutError:
            log.warning("the notification server did not answer in time")
            return False
        except (OSError, ValueError) as exc:
            log.warning("the D-Bus connection failed: %s", exc)
            self._break()
            return False
        except Exception as exc:  # DBusErrorResponse, TimeoutError: this time, the next one
            log.warning("the notification server refused the notification: %s", exc)
            return False
        self.notices[int(notification)] = notice
        if len(self.notices) > 200:  # servers that never say "closed"
            for old in sorted(self.notices)[:-100]:
                del self.notices[old]
        return True

    def detail(self) -> str:
        server = f" ({self.server})" if self.server else ""
        if "actions" in self.capabilities:
            return f"Shown by the desktop{server}, with Open draft, Snooze 1 h and Done buttons."
        return f"Shown by the desktop{server}; it offers no buttons."

    def close(self) -> None:
        self._break()
        if not self.closed:
            self.closed = True
            with contextlib.suppress(OSError):
                self.conn.close()
