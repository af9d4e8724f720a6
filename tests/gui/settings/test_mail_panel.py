"""Settings > Mail accounts: add, edit and remove an account (its password in the keyring, or
for this session only where there is none, and never in the data file), each setting that
cannot work refused in one sentence, how the last check went, and Check now as a request."""

from __future__ import annotations

from datetime import timedelta

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtWidgets import QLineEdit

from followup_desktop.core.mail_account import MailAccount
from followup_desktop.services.mail import credentials
from followup_desktop.store import mail_accounts
from followup_desktop.ui.settings import mail_account_dialog, mail_panel
from followup_desktop.ui.settings.mail_panel import MailPanel
from tests.builders import NOW

PASSWORD = "correct horse battery"


class _Vault(KeyringBackend):
    """A keyring backend for the tests: a dict."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


@pytest.fixture(autouse=True)
def _keyring():
    """No keyring unless a test installs one; no password left behind in this process."""
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    yield
    for name in ("Home", "Work"):
        credentials.forget_password(name)
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _no_error_boxes(errors):
    yield
    assert errors == []


@pytest.fixture
def typed(monkeypatch):
    """The dialog is "shown": ``fill`` types into it and presses Save; the dialogs opened."""
    opened: list = []
    fill: list = [lambda dialog: None]

    def run(dialog):
        opened.append(dialog)
        fill[0](dialog)
        return dialog.save()

    monkeypatch.setattr(mail_panel, "run_dialog", run)
    return fill, opened


@pytest.fixture
def panel(db, now, qtbot):
    widget = MailPanel(db, lambda: now)
    qtbot.addWidget(widget)
    return widget


def _home(dialog, host="imap.example.org", security="ssl", password=PASSWORD):
    dialog.name.setText("Home")
    dialog.user.setText("alex@example.org")
    dialog.password.setText(password)
    dialog.imap_host.setText(host)
    dialog.imap_security.setCurrentIndex(dialog.imap_security.findData(security))


def _texts(panel) -> list[list[str]]:
    tree = panel.list
    return [
        [tree.topLevelItem(r).text(c) for c in range(3)] for r in range(tree.topLevelItemCount())
    ]


def test_an_empty_panel_offers_only_add(panel):
    assert _texts(panel) == [["No mail account yet.", "", ""]]
    assert panel.add_button.isEnabled()
    for button in (panel.edit_button, panel.remove_button, panel.check_button):
        assert not button.isEnabled()


def test_adding_an_account_keeps_the_password_out_of_the_file(panel, db, db_path, typed, qtbot):
    fill, opened = typed
    fill[0] = _home
    with qtbot.waitSignal(panel.accounts_changed):
        assert panel.add()
    dialog = opened[0]
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.password_hint.text() == mail_account_dialog.NO_KEYRING
    account = mail_accounts.get_account(db, "Home")
    assert (account.user, account.imap_host, account.imap_port) == (
        "alex@example.org",
        "imap.example.org",
        None,
    )
    assert panel.result.text() == (
        "Mail account Home saved. No keyring was found: its password is kept for this session only."
    )
    assert credentials.get_password("Home") == PASSWORD  # this session's memory
    assert PASSWORD.encode() not in db_path.read_bytes()
    assert _texts(panel) == [["Home", "imap.example.org:993", "Not checked yet."]]
    assert panel.check_button.isEnabled()


def test_with_a_keyring_the_password_goes_there(panel, typed):
    vault = _Vault()
    keyring.set_keyring(vault)
    fill, opened = typed
    fill[0] = _home
    assert panel.add()
    assert opened[0].password_hint.text() == mail_account_dialog.IN_KEYRING
    assert vault.items == {(credentials.SERVICE, "Home"): PASSWORD}
    assert panel.result.text().endswith("Its password is in your system's keyring.")


def test_a_setting_that_cannot_work_is_refused_in_one_sentence(panel, db, typed):
    fill, opened = typed
    fill[0] = lambda d: _home(d, host="mail.example.org", security="none")
    assert not panel.add()
    assert opened[0].error.text() == (
        "The IMAP security 'none' is allowed only for 127.0.0.1 and ::1, not for mail.example.org."
    )
    assert opened[0].error.isVisibleTo(opened[0])
    assert mail_accounts.list_accounts(db) == []
    assert credentials.get_password("Home") is None  # nothing kept for a refused account
    fill[0] = lambda d: (_home(d), d.user.clear())
    assert not panel.add()
    assert opened[1].error.text() == "The user name is empty."


def test_a_local_bridge_without_tls_is_allowed_and_ports_show_their_default(panel, db, typed):
    fill, _opened = typed

    def bridge(dialog):
        _home(dialog, host="127.0.0.1", security="none")
        assert dialog.imap_port.specialValueText() == "143 (default)"
        dialog.imap_port.setValue(1143)

    fill[0] = bridge
    assert panel.add()
    account = mail_accounts.get_account(db, "Home")
    assert (account.imap_security, account.port("imap")) == ("none", 1143)


def test_editing_keeps_the_name_the_password_and_the_last_check(panel, db, typed):
    fill, opened = typed
    fill[0] = _home
    panel.add()
    mail_accounts.record_check_failed(db, "Home", "The server imap.example.org is offline.", NOW)
    fill[0] = lambda d: d.from_addr.setText("alex.morgan@example.org")
    assert panel.edit_selected()
    dialog = opened[1]
    assert dialog.name.isReadOnly()
    assert dialog.password.placeholderText() == "(unchanged)"
    account = mail_accounts.get_account(db, "Home")
    assert account.from_addr == "alex.morgan@example.org"
    assert account.failures == 1  # the backoff is kept
    assert credentials.get_password("Home") == PASSWORD


def test_the_last_check_shows_its_sentence_and_the_next_try(panel, db):
    mail_accounts.save_account(db, MailAccount("Home", "alex@example.org", "imap.example.org"))
    mail_accounts.record_check_failed(
        db, "Home", "The server imap.example.org did not answer.", NOW
    )
    panel.refresh()
    [[_name, _server, status]] = _texts(panel)
    assert status == "The server imap.example.org did not answer. Next try Sat 21 Nov 15:05."
    assert panel.status.text() == f"Home: {status}"
    mail_accounts.record_check_ok(db, "Home", NOW + timedelta(minutes=10))
    panel.refresh()
    assert _texts(panel)[0][2] == "Checked Sat 21 Nov 15:10."


def test_check_now_is_a_request_and_waits_while_a_check_runs(panel, db, qtbot):
    mail_accounts.save_account(db, MailAccount("Home", "alex@example.org", "imap.example.org"))
    panel.refresh()
    with qtbot.waitSignal(panel.check_requested) as asked:
        panel.check_button.click()
    assert asked.args == ["Home"]
    panel.set_busy(True)
    assert not panel.check_button.isEnabled() and panel.check_button.text() == "Checking…"
    panel.set_busy(False)
    assert panel.check_button.isEnabled()


def test_removing_asks_and_forgets_the_password(panel, db, typed, monkeypatch):
    fill, _opened = typed
    fill[0] = _home
    panel.add()
    asked: list[str] = []
    monkeypatch.setattr(
        mail_panel, "confirm_remove", lambda parent, name: asked.append(name) or True
    )
    assert panel.remove_selected()
    assert asked == ["Home"]
    assert mail_accounts.list_accounts(db) == []
    assert credentials.get_password("Home") is None
    assert panel.result.text() == "Mail account Home removed."


def test_settings_shows_the_panel_and_routes_check_now_to_the_window(db, make_window, qtbot):
    mail_accounts.save_account(db, MailAccount("Home", "alex@example.org", "imap.example.org"))
    window = make_window(db)
    settings = window.show_view("settings")
    assert settings.mail.title() == "Mail accounts"
    with qtbot.waitSignal(window.mail.check_requested) as asked:
        settings.mail.check_button.click()
    assert asked.args == ["Home"]
    window.mail.busy_changed.emit(True)
    assert not settings.mail.check_button.isEnabled()
    with qtbot.waitSignal(window.mail.accounts_changed):
        settings.mail.accounts_changed.emit()


def test_the_late_limit_of_the_outbox_is_a_setting(panel, db):
    from datetime import timedelta

    from followup_desktop.store import outbox

    assert panel.late.value() == 2
    panel.late.setValue(6)
    assert outbox.late_limit(db) == timedelta(hours=6)
    assert panel.result.text() == "Saved: a slot missed by less than 6 h is still sent on wake."
    panel.refresh()
    assert panel.late.value() == 6


def test_a_reply_to_address_is_kept_and_a_bad_one_refused(panel, db, typed):
    fill, opened = typed
    fill[0] = lambda d: (_home(d), d.reply_to.setText("jobs"))
    assert not panel.add()
    assert opened[0].error.text() == "The Reply-To address 'jobs' is not an address."
    fill[0] = lambda d: (_home(d), d.reply_to.setText("jobs@example.org"))
    assert panel.add()
    assert mail_accounts.list_accounts(db)[0].reply_to == "jobs@example.org"
