"""Mail around the main window: the mail checker (services/mail/mail_checker.py), its password
prompt, and its reports to the window's status bar, Settings and views.

Started by app/run.py once the window has been painted. Nothing touches the network while the
database has no mail account: the checker is built when the first account exists (at start, or
when the user adds one in Settings) and checks only what the user added.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QWidget

from followup_desktop.core.clock import Now
from followup_desktop.services.mail import credentials
from followup_desktop.store import mail_accounts

if TYPE_CHECKING:
    from followup_desktop.services.mail.mail_checker import MailChecker
    from followup_desktop.store.db import Database
    from followup_desktop.store.mail_apply import MailTally

log = logging.getLogger(__name__)


def ask_password(parent: QWidget, name: str, user: str) -> str | None:
    """The password of an account the keyring does not know, or None when the user declines
    (tests replace this)."""
    text, ok = QInputDialog.getText(
        parent,
        "Mail password",
        f"The password (or app password) of the mail account {name} ({user}), to read the "
        "replies to your applications:",
        QLineEdit.EchoMode.Password,
    )
    return text if ok and text else None


@dataclass(eq=False)
class MailParts:
    """The checker around ``window`` (None until an account exists) and what it asks and
    tells. Its methods are the slots the window's mail actions and the checker end in."""

    window: Any
    db: Any
    now: Now
    checker: MailChecker | None = None
    #: Accounts whose password the user declined to give this session: not asked again.
    declined: set[str] = field(default_factory=set)

    def password_for(self, name: str) -> str | None:
        """The keyring's (or this session's) password; else asked once per session."""
        known = credentials.get_password(name)
        if known is not None or name in self.declined:
            return known
        account = mail_accounts.get_account(self.db, name)
        given = ask_password(self.window, name, account.user if account else name)
        if given is None:
            self.declined.add(name)
            return None
        credentials.set_password(name, given)  # the keyring, or memory for this session
        return given

    def ensure_checker(self) -> MailChecker | None:
        """The checker, built and started when the first account exists."""
        if self.checker is None and mail_accounts.list_accounts(self.db):
            # lazy: the checker with the mail store and parsers, ~20 ms beyond what the status
            # line's count loads (ui/shell/mail_actions.py), only once an account exists
            from followup_desktop.services.mail.mail_checker import MailChecker

            checker = MailChecker(self.db, self.now, self.password_for, parent=self.window)
            checker.checked.connect(self.checked)
            checker.failed.connect(self.failed)
            checker.status.connect(self.window.mail.checker_said)
            checker.busy_changed.connect(self.window.mail.busy_changed)
            self.checker = checker
            checker.start()
        return self.checker

    def check_requested(self, name: str) -> None:
        checker = self.ensure_checker()
        if checker is not None:
            self.declined.discard(name)  # asked for by the user: ask for the password again
            checker.check_now(name or None)

    def accounts_changed(self) -> None:
        self.ensure_checker()
        self.window.mail.refresh()

    def checked(self, name: str, tally: MailTally) -> None:
        """One account checked: views re-read when it logged or queued something."""
        if tally.logged or tally.review:
            self.window.data_changed()
            self.window.statusBar().showMessage(f"Mail: {tally.sentence()}", 15000)

    def failed(self, name: str, text: str) -> None:
        log.info("mail check of %s failed: %s", name, text)

    def close(self) -> None:
        if self.checker is not None:
            self.checker.stop()


def attach_mail(window, db: Database, now_fn: Now) -> MailParts:
    """The mail checker around ``window``, started now if ``db`` has an account, else when the
    user adds one (Settings)."""
    parts = MailParts(window, db, now_fn)
    window.run_beside(parts)
    window.mail.check_requested.connect(parts.check_requested)
    window.mail.accounts_changed.connect(parts.accounts_changed)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(parts.close)
    window.mail.start()  # the status bar counts the mail waiting for review
    parts.ensure_checker()
    return parts
