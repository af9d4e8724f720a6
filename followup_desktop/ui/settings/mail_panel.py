"""Settings > Mail accounts: the accounts the app reads replies from, each with how its last
check went (the error sentence, and when it tries again), and Add…, Edit…, Remove, Check now.

The panel checks nothing itself: Check now is a request (``check_requested``) that the window
hands to the mail checker (app/mail_wiring.py), and ``accounts_changed`` tells it an account was
added or removed (the checker starts with the first account). Changes apply at once.
"""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.clock import Now
from followup_desktop.core.mail_account import MailAccount
from followup_desktop.services.mail import credentials
from followup_desktop.store import mail_accounts, outbox, queries
from followup_desktop.store.db import Database, StoreError
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common.view import guarded
from followup_desktop.ui.settings.mail_account_dialog import MailAccountDialog

ROLE = Qt.ItemDataRole.UserRole
INTRO = (
    "Replies from the people and companies of your search are logged as they arrive: the app "
    "reads your mailbox (IMAP) while it runs, at start and every 5 minutes. Nothing is fetched "
    "until you add an account, and other mail is never stored. With an SMTP server, the "
    "account also sends what waits in the Outbox, at the employer's morning."
)
NO_ACCOUNTS = "No mail account yet."


def status_text(account: MailAccount, zone: tzinfo) -> str:
    """How the account's last check went, in one sentence (the error's own, when it failed)."""
    if not account.has_imap:
        return "Sending only: no IMAP server to check."
    if account.last_error:
        text = account.last_error
        if account.next_try is not None:
            text += f" Next try {fmt.instant_text(account.next_try, zone)}."
        return text
    if account.last_checked is not None:
        return f"Checked {fmt.instant_text(account.last_checked, zone)}."
    return "Not checked yet."


def server_text(account: MailAccount) -> str:
    if account.has_imap:
        return f"{account.imap_host}:{account.port('imap')}"
    return f"{account.smtp_host}:{account.port('smtp')} (sending)"


def run_dialog(dialog: MailAccountDialog) -> bool:
    """Show the account dialog modally; True when it saved (tests replace this)."""
    return dialog.exec() == MailAccountDialog.DialogCode.Accepted


def confirm_remove(parent: QWidget, name: str) -> bool:
    """Ask before removing an account (tests replace this)."""
    answer = QMessageBox.question(
        parent,
        "Remove mail account",
        f"Remove the mail account {name}? Mail already logged stays in the log; the app stops "
        "reading this mailbox and forgets its password.",
    )
    return answer == QMessageBox.StandardButton.Yes


class MailPanel(QGroupBox):
    """The mail accounts of ``db`` with their last check, and the buttons that change them."""

    #: One sentence for the status bar.
    message = Signal(str)
    #: Check this account now (its name).
    check_requested = Signal(str)
    #: An account was added, changed or removed.
    accounts_changed = Signal()

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__("Mail accounts", parent)
        self.setObjectName("mailPanel")
        self.db, self.now = db, now
        self.dialog: MailAccountDialog | None = None  # the last one opened (tests)
        self._busy = False
        self._build()
        self._lay_out()
        self._connect()
        self.refresh()

    def _build(self) -> None:
        self.intro = QLabel(INTRO)
        self.intro.setObjectName("hint")
        self.intro.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setAccessibleName("Mail accounts")
        self.list.setHeaderLabels(["Account", "Server", "Last check"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        header = self.list.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.status = QLabel()  # the selected account's full status sentence
        self.status.setObjectName("mailStatusText")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # server text can hold anything
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_button = QPushButton("A&dd…")
        self.add_button.setToolTip("Add an IMAP (and SMTP) account")
        self.edit_button = QPushButton("Edit…")
        self.remove_button = QPushButton("Rem&ove")
        self.check_button = QPushButton("Chec&k now")
        self.check_button.setToolTip("Read the selected account's new mail now")
        self.result = QLabel()
        self.result.setObjectName("saveResult")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.late = QSpinBox()
        self.late.setRange(1, 48)
        self.late.setSuffix(" h")
        self.late.setAccessibleName("Send a missed slot when less late than (hours)")
        self.late_label = QLabel("Missed &slots:")
        self.late_label.setBuddy(self.late)
        self.late_rest = QLabel(
            "An outbox message whose slot passed while the computer slept is sent on wake when "
            "less late than this; a later one waits for you."
        )
        self.late_rest.setWordWrap(True)
        self.late_rest.setObjectName("hint")

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button, self.check_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.addWidget(self.intro)
        column.addWidget(self.list)
        column.addWidget(self.status)
        column.addLayout(buttons)
        late = QHBoxLayout()
        late.addWidget(self.late_label)
        late.addWidget(self.late)
        late.addWidget(self.late_rest, 1)
        column.addLayout(late)
        column.addWidget(self.result)

    def _connect(self) -> None:
        self.late.valueChanged.connect(self._late_changed)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.list.itemActivated.connect(lambda *_: self.edit_selected())  # Enter, double-click
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.check_button.clicked.connect(self.check_selected)

    # --- state --------------------------------------------------------------------------------

    def _zone(self) -> tzinfo:
        return fmt.safe_zone(queries.get_profile(self.db).timezone)

    def refresh(self) -> None:
        """Re-list the accounts with their last check, keeping the selection."""
        keep = self.selected_name()
        zone = self._zone()
        self.late.blockSignals(True)
        self.late.setValue(round(outbox.late_limit(self.db).total_seconds() / 3600))
        self.late.blockSignals(False)
        self.list.clear()
        for account in mail_accounts.list_accounts(self.db):
            text = status_text(account, zone)
            item = QTreeWidgetItem([account.name, server_text(account), text])
            item.setData(0, ROLE, account.name)
            item.setToolTip(2, text)
            self.list.addTopLevelItem(item)
            if account.name == keep or keep is None:
                self.list.setCurrentItem(item)
                keep = account.name
        if self.list.topLevelItemCount() == 0:
            placeholder = QTreeWidgetItem([NO_ACCOUNTS, "", ""])
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addTopLevelItem(placeholder)
        self._selection_changed()

    def showEvent(self, event) -> None:
        self.refresh()  # checks made since it was last shown
        super().showEvent(event)

    def selected_name(self) -> str | None:
        item = self.list.currentItem()
        name = item.data(0, ROLE) if item is not None else None
        return str(name) if name else None

    def selected(self) -> MailAccount | None:
        name = self.selected_name()
        return mail_accounts.get_account(self.db, name) if name else None

    def _selection_changed(self) -> None:
        account = self.selected()
        for button in (self.edit_button, self.remove_button):
            button.setEnabled(account is not None)
        self.check_button.setEnabled(account is not None and account.has_imap and not self._busy)
        self.status.setText(
            f"{account.name}: {status_text(account, self._zone())}" if account else ""
        )
        self.status.setVisible(account is not None)

    def set_busy(self, busy: bool) -> None:
        """A check runs (Check now waits for it to end)."""
        self._busy = busy
        self.check_button.setText("Checking…" if busy else "Chec&k now")
        self._selection_changed()

    # --- actions ------------------------------------------------------------------------------

    def _late_changed(self, hours: int) -> None:
        try:
            outbox.set_late_limit(self.db, hours)
        except StoreError as exc:
            self._say(f"Not saved: {exc}")
            return
        self._say(f"Saved: a slot missed by less than {hours} h is still sent on wake.")

    def _say(self, text: str) -> None:
        self.result.setText(text)
        self.message.emit(text)

    def _open(self, account: MailAccount | None) -> bool:
        self.dialog = MailAccountDialog(self.db, account, self.window())
        saved = run_dialog(self.dialog)
        if saved:
            self.refresh()
            self._say(self.dialog.saved_text)
            self.accounts_changed.emit()
        return saved

    @guarded("Add mail account")
    def add(self) -> bool:
        self.list.clearSelection()
        saved = self._open(None)
        if saved and self.dialog is not None:
            self._select(self.dialog.values().name)
        return saved

    @guarded("Edit mail account")
    def edit_selected(self) -> bool:
        account = self.selected()
        return self._open(account) if account is not None else False

    @guarded("Remove mail account")
    def remove_selected(self) -> bool:
        account = self.selected()
        if account is None or not confirm_remove(self.window(), account.name):
            return False
        mail_accounts.remove_account(self.db, account.name)
        credentials.forget_password(account.name)
        self.refresh()
        self._say(f"Mail account {account.name} removed.")
        self.accounts_changed.emit()
        return True

    def check_selected(self) -> None:
        name = self.selected_name()
        if name:
            self.check_requested.emit(name)

    def _select(self, name: str) -> None:
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item is not None and item.data(0, ROLE) == name:
                self.list.setCurrentItem(item)
                return
