"""Settings > Mail accounts > Add… / Edit…: one mail account's servers and password.

The settings are checked by ``core/mail_account.validate`` (one sentence naming the field) and
stored by ``store/mail_accounts.save_account``; the password never reaches the database: it goes
to the OS keyring through ``services/mail/credentials.set_password`` (kept in this process's
memory only, for this session, where no keyring exists, and the dialog says so).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.mail_account import (
    DEFAULT_PORTS,
    MailAccount,
    MailAccountError,
    Security,
)
from followup_desktop.services.mail import credentials
from followup_desktop.store import mail_accounts
from followup_desktop.store.db import Database, StoreError

SECURITY_CHOICES: tuple[tuple[str, Security], ...] = (
    ("SSL/TLS", "ssl"),
    ("STARTTLS", "starttls"),
    ("None (this computer only)", "none"),
)
NO_KEYRING = (
    "No keyring was found on this computer: the password is kept for this session only, and "
    "asked again the next time the app starts."
)
IN_KEYRING = "Kept in your system's keyring, never in the data file."
KEPT_PASSWORD = "Leave empty to keep the password you gave before."


def security_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for label, value in SECURITY_CHOICES:
        combo.addItem(label, value)
    return combo


def port_spin(name: str) -> QSpinBox:
    """A port; 0 shows as the security's default port ("993 (default)")."""
    spin = QSpinBox()
    spin.setAccessibleName(name)
    spin.setRange(0, 65535)
    spin.setMinimumWidth(130)
    return spin


class MailAccountDialog(QDialog):
    """Add (``account`` None) or edit one account; ``saved_text`` says what was kept."""

    def __init__(
        self, db: Database, account: MailAccount | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.account = account
        self.saved_text = ""
        self.setWindowTitle("Edit mail account" if account else "Add a mail account")
        self._build()
        self._lay_out()
        self._connect()
        self._load(account)

    # --- build --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Personal")
        self.user = QLineEdit()
        self.user.setPlaceholderText("you@example.org")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_hint = _hint("")
        self.imap_host = QLineEdit()
        self.imap_host.setPlaceholderText("imap.example.org, or 127.0.0.1 for a local bridge")
        self.imap_port = port_spin("IMAP port")
        self.imap_security = security_combo("IMAP security")
        self.smtp_host = QLineEdit()
        self.smtp_host.setPlaceholderText("smtp.example.org (optional)")
        self.smtp_port = port_spin("SMTP port")
        self.smtp_security = security_combo("SMTP security")
        self.from_addr = QLineEdit()
        self.from_addr.setPlaceholderText("the user name, when empty")
        self.reply_to = QLineEdit()
        self.reply_to.setPlaceholderText("where replies go, when not to the From address")
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )

    def _lay_out(self) -> None:
        account = QFormLayout()
        _row(account, "&Name:", self.name)
        _row(account, "&User name:", self.user)
        _row(account, "&Password:", self.password)
        account.addRow("", self.password_hint)
        _row(account, "&From address:", self.from_addr)
        _row(account, "Repl&y-To:", self.reply_to)
        incoming = QGroupBox("Incoming mail (IMAP): replies are read from here")
        imap = QFormLayout(incoming)
        _row(imap, "Ser&ver:", self.imap_host)
        imap.addRow(
            _label("P&ort and security:", self.imap_port), _pair(self.imap_port, self.imap_security)
        )
        outgoing = QGroupBox("Outgoing mail (SMTP)")
        smtp = QFormLayout(outgoing)
        _row(smtp, "Se&rver:", self.smtp_host)
        smtp.addRow(
            _label("Por&t and security:", self.smtp_port), _pair(self.smtp_port, self.smtp_security)
        )
        self.imap_host.setAccessibleName("IMAP server")
        self.smtp_host.setAccessibleName("SMTP server")
        column = QVBoxLayout(self)
        column.addLayout(account)
        column.addWidget(incoming)
        column.addWidget(outgoing)
        column.addWidget(self.error)
        column.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def _connect(self) -> None:
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.imap_security.currentIndexChanged.connect(self._defaults_shown)
        self.smtp_security.currentIndexChanged.connect(self._defaults_shown)
        lines = (self.name, self.user, self.imap_host, self.smtp_host, self.from_addr)
        for line in (*lines, self.reply_to):
            line.textEdited.connect(self.error.hide)

    def _load(self, account: MailAccount | None) -> None:
        if account is not None:
            self.name.setText(account.name)
            self.name.setReadOnly(True)  # the name is the account's key (and the keyring's)
            self.name.setToolTip("Remove the account and add it again to rename it.")
            self.user.setText(account.user)
            self.imap_host.setText(account.imap_host or "")
            self.imap_port.setValue(account.imap_port or 0)
            self._choose(self.imap_security, account.imap_security)
            self.smtp_host.setText(account.smtp_host or "")
            self.smtp_port.setValue(account.smtp_port or 0)
            self._choose(self.smtp_security, account.smtp_security)
            self.from_addr.setText(account.from_addr or "")
            self.reply_to.setText(account.reply_to or "")
        keyring = credentials.keyring_available()
        hint = IN_KEYRING if keyring else NO_KEYRING
        if account is not None and credentials.get_password(account.name) is not None:
            self.password.setPlaceholderText("(unchanged)")
            hint = f"{KEPT_PASSWORD} {hint}"
        self.password_hint.setText(hint)
        self._defaults_shown()

    @staticmethod
    def _choose(combo: QComboBox, value: str) -> None:
        combo.setCurrentIndex(max(combo.findData(value), 0))

    def _defaults_shown(self) -> None:
        for kind, spin, combo in (
            ("imap", self.imap_port, self.imap_security),
            ("smtp", self.smtp_port, self.smtp_security),
        ):
            default = DEFAULT_PORTS[(kind, combo.currentData() or "ssl")]
            spin.setSpecialValueText(f"{default} (default)")

    # --- save ---------------------------------------------------------------------------------

    def values(self) -> MailAccount:
        """The account as typed (not yet checked)."""
        return MailAccount(
            name=self.name.text().strip(),
            user=self.user.text().strip(),
            imap_host=self.imap_host.text().strip() or None,
            imap_port=self.imap_port.value() or None,
            imap_security=self.imap_security.currentData(),
            smtp_host=self.smtp_host.text().strip() or None,
            smtp_port=self.smtp_port.value() or None,
            smtp_security=self.smtp_security.currentData(),
            from_addr=self.from_addr.text().strip() or None,
            reply_to=self.reply_to.text().strip() or None,
        )

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def save(self) -> bool:
        """Check, store the settings and the password; close. False (and one sentence shown)
        when a setting cannot work."""
        account = self.values()
        if self.account is None and mail_accounts.get_account(self.db, account.name):
            self.show_error(f"There is already an account named {account.name!r}.")
            return False
        try:
            mail_accounts.save_account(self.db, account)
        except (MailAccountError, StoreError) as exc:
            self.show_error(str(exc))
            return False
        text = f"Mail account {account.name} saved."
        password = self.password.text()
        if password:
            if credentials.set_password(account.name, password):
                text += " Its password is in your system's keyring."
            else:
                text += " No keyring was found: its password is kept for this session only."
        self.saved_text = text
        self.accept()
        return True


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _row(form: QFormLayout, text: str, widget: QWidget) -> None:
    widget.setAccessibleName(text.replace("&", "").rstrip(":"))
    form.addRow(_label(text, widget), widget)


def _pair(spin: QSpinBox, combo: QComboBox) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(spin)
    row.addWidget(combo, 1)
    return box
