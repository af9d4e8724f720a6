"""The notifier chain: the first notifier that works shows a notice, a failing one hands it on;
the D-Bus notifier's actions and signals (over a stand-in connection: the real bus and dunst are
in tests/e2e)."""

from __future__ import annotations

import socket
from collections import deque
from datetime import UTC, datetime

import pytest

from followup_desktop.core.reminders import DueItem, Notice
from followup_desktop.services.notify import chain as notify
from followup_desktop.services.notify import dbus as notify_dbus
from followup_desktop.services.notify.base import DONE, Notifier
from followup_desktop.services.notify.chain import BannerNotifier, NotifierChain
from followup_desktop.services.notify.dbus import FreedesktopNotifier

jeepney = pytest.importorskip("jeepney")  # a Linux-only dependency

ITEM = DueItem(
    "f1", "acme-be", "thank_you", datetime(2026, 11, 20, 13, 30, tzinfo=UTC),
    "America/New_York", "Acme Corp", "Backend Engineer", "Dana Lee",
)  # fmt: skip
SINGLE = Notice("Thank-you to Dana Lee (overdue)", "Acme <Corp> & co", ("f1",), ITEM)
SUMMARY = Notice("2 follow-ups need you", "• a\n• b", ("f1", "f2"))


class Fake(Notifier):
    def __init__(self, name: str, result, available: bool = True) -> None:
        super().__init__()
        self.name, self.label, self.result, self._available = name, name.title(), result, available
        self.shown: list[Notice] = []

    def available(self) -> bool:
        return self._available

    def show(self, notice: Notice) -> bool:
        if isinstance(self.result, Exception):
            raise self.result
        self.shown.append(notice)
        return self.result


def test_the_first_working_notifier_shows_the_notice(qtbot):
    off, failing, broken, good = (
        Fake("off", True, available=False),
        Fake("failing", False),
        Fake("broken", RuntimeError("boom")),
        Fake("good", True),
    )
    chain = NotifierChain([off, failing, broken, good])
    assert chain.current() is failing
    with qtbot.waitSignal(chain.shown) as shown:
        assert chain.show(SINGLE) == "good"
    assert shown.args == [SINGLE, "good"]
    assert off.shown == [] and good.shown == [SINGLE]
    assert NotifierChain([off]).show(SINGLE) is None
    assert NotifierChain([]).describe().startswith("None")


def test_actions_of_every_notifier_reach_the_chain(qtbot):
    class FakeBanner(Notifier):  # only the signal matters here
        pass

    banner = FakeBanner()
    notifier = BannerNotifier(banner)
    chain = NotifierChain([notifier])
    with qtbot.waitSignal(chain.action) as got:
        banner.action.emit("f1", DONE)
    assert got.args == ["f1", "done"]


class FakeConnection:
    """Enough of jeepney's blocking connection: a real socket for QSocketNotifier, replies and
    incoming messages from lists."""

    def __init__(self) -> None:
        self.sock, self.peer = socket.socketpair()
        self.incoming: deque = deque()
        self.sent: list = []
        self.closed = False

    def send_and_get_reply(self, message, timeout=None):
        self.sent.append(message)
        raise AssertionError("replaced by _call in these tests")

    def receive(self, timeout=None):
        if not self.incoming:
            raise TimeoutError
        item = self.incoming.popleft()
        if isinstance(item, Exception):
            raise item
        return item

    def close(self) -> None:
        self.closed = True
        self.sock.close()
        self.peer.close()


@pytest.fixture
def dbus_notifier(qtbot):
    conn = FakeConnection()
    notifier = FreedesktopNotifier(conn, "Follow-up Desktop", "/icons/app.png")
    notifier.capabilities = {"actions", "body", "body-markup"}
    notifier.server = "dunst 1.9.0"
    calls = []

    def call(method, signature=None, body=()):
        calls.append((method, signature, body))
        return (len(calls),)

    notifier._call = call
    notifier.calls = calls
    yield notifier
    notifier.close()
    assert conn.closed


def test_notify_sends_actions_hints_and_escaped_markup(dbus_notifier):
    assert dbus_notifier.show(SINGLE)
    method, signature, body = dbus_notifier.calls[-1]
    assert (method, signature) == ("Notify", "susssasa{sv}i")
    app, replaces, icon, summary, text, actions, hints, timeout = body
    assert (app, replaces, icon, summary) == (
        "Follow-up Desktop",
        0,
        "/icons/app.png",
        SINGLE.title,
    )
    assert text == "Acme &lt;Corp&gt; &amp; co"
    assert actions[::2] == ["default", "open", "snooze", "done"]
    assert actions[1::2] == ["Open draft", "Open draft", "Snooze 1 h", "Done"]
    assert hints["urgency"] == ("y", 1) and timeout == -1
    assert dbus_notifier.show(SUMMARY)
    assert dbus_notifier.calls[-1][2][5] == ["default", "Open Follow-up Desktop"]
    dbus_notifier.capabilities = {"body"}
    assert dbus_notifier.show(SINGLE)
    assert dbus_notifier.calls[-1][2][5] == [] and dbus_notifier.calls[-1][2][4] == SINGLE.body
    assert "offers no buttons" in dbus_notifier.detail()


def _signal(member: str, signature: str, body: tuple):
    emitter = jeepney.DBusAddress(notify_dbus.PATH, interface=notify_dbus.BUS_NAME)
    message = jeepney.new_signal(emitter, member, signature, body)
    message.header.fields[jeepney.HeaderFields.sender] = ":1.7"
    return message


def test_action_invoked_signals_become_actions_for_our_notifications_only(qtbot, dbus_notifier):
    dbus_notifier.show(SINGLE)  # id 1
    dbus_notifier.show(SUMMARY)  # id 2
    got = []
    dbus_notifier.action.connect(lambda fid, action: got.append((fid, action)))
    incoming = dbus_notifier.conn.incoming
    incoming.extend(
        [
            _signal("ActionInvoked", "us", (1, "done")),
            _signal("ActionInvoked", "us", (1, "default")),
            _signal("ActionInvoked", "us", (2, "default")),
            _signal("ActionInvoked", "us", (99, "done")),  # another application's
            _signal("NotificationClosed", "uu", (1, 2)),
            _signal("ActionInvoked", "us", (1, "snooze")),  # closed: forgotten
        ]
    )
    dbus_notifier.drain()
    assert got == [("f1", "done"), ("f1", "open"), ("", "show")]
    assert set(dbus_notifier.notices) == {2}


def test_a_lost_bus_breaks_the_notifier_and_the_chain_moves_on(qtbot, dbus_notifier):
    backup = Fake("balloon", True)
    chain = NotifierChain([dbus_notifier, backup])
    dbus_notifier.conn.incoming.append(ConnectionResetError("gone"))
    dbus_notifier.drain()
    assert dbus_notifier.broken and not dbus_notifier.available()
    assert chain.current() is backup
    assert chain.show(SINGLE) == "balloon"


def test_a_refused_notification_is_shown_by_the_next_notifier(dbus_notifier):
    def refuse(method, signature=None, body=()):
        raise TimeoutError

    dbus_notifier._call = refuse
    backup = Fake("banner", True)
    assert NotifierChain([dbus_notifier, backup]).show(SINGLE) == "banner"
    assert dbus_notifier.available()  # a slow server is tried again next time


def test_no_session_bus_means_no_desktop_notifier(monkeypatch, qapp):
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/nonexistent-runtime-dir")
    assert FreedesktopNotifier.connect("Follow-up Desktop") is None
    chain = notify.build_chain(None, None, app_name="x", use_dbus=True)
    assert chain.notifiers == [] and chain.current() is None


def test_describe_names_the_server_and_its_buttons(dbus_notifier):
    chain = NotifierChain([dbus_notifier])
    assert chain.describe() == (
        "Desktop notifications. Shown by the desktop (dunst 1.9.0), "
        "with Open draft, Snooze 1 h and Done buttons."
    )
