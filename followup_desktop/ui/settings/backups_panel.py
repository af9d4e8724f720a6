"""Settings > Backups: the automatic backups with time and size, restore in two clicks
(Restore…, then confirm), back up now, and how many to keep. Also the dialog shown at start-up
when the data file is damaged."""

from __future__ import annotations

import logging
from datetime import datetime, tzinfo
from pathlib import Path

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

from followup_desktop import APP_NAME
from followup_desktop.core.clock import Now
from followup_desktop.store import backups, queries
from followup_desktop.store.db import Database, db_path, is_read_only
from followup_desktop.store.health import HealthReport, Recovery
from followup_desktop.store.open import location_warning
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common.view import guarded

log = logging.getLogger(__name__)

ROLE = Qt.ItemDataRole.UserRole


def size_text(size: int) -> str:
    """'812 KB', '3.4 MB' (powers of 1024, as file managers show them)."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def when_text(moment: datetime, zone: tzinfo | None = None) -> str:
    """'Sat 21 Nov 2026 15:00' in ``zone`` (the computer's zone by default)."""
    shown_in = zone or moment.astimezone().tzinfo
    assert shown_in is not None  # astimezone() gives an aware moment
    return fmt.instant_text(moment, shown_in, year=True)


class BackupsPanel(QGroupBox):
    """The list of backups of ``db``, restore, back up now and the rotation numbers."""

    #: Restored: every view must re-read the store. The argument is one sentence.
    restored = Signal(str)
    #: One sentence for the status bar.
    message = Signal(str)

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__("Backups", parent)
        self.db, self.now = db, now
        path = db_path(db)
        self.folder = backups.folder_of(path) if path else None

        self.intro = QLabel()
        self.intro.setObjectName("hint")
        self.intro.setWordWrap(True)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning = QLabel()
        self.warning.setObjectName("fieldError")
        self.warning.setWordWrap(True)
        self.warning.hide()
        self.list = QTreeWidget()
        self.list.setAccessibleName("Backups")
        self.list.setHeaderLabels(["Made", "Why", "Size"])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * 9)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.restore_button = QPushButton("Res&tore…")
        self.restore_button.setToolTip("Replace your data with the selected backup")
        self.backup_button = QPushButton("Back &up now")
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setObjectName("saveResult")

        self.keep_last = self._spin(1, 100, "Backups always kept")
        self.daily_days = self._spin(0, 90, "Days with one backup kept per day")
        self.weekly_weeks = self._spin(0, 52, "Weeks with one backup kept per week")
        policy = QHBoxLayout()
        policy.setSpacing(6)
        for part in (
            QLabel("Keep the last"),
            self.keep_last,
            QLabel("backups, one a day for"),
            self.daily_days,
            QLabel("days and one a week for"),
            self.weekly_weeks,
            QLabel("weeks."),
        ):
            policy.addWidget(part)
        policy.addStretch(1)

        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.result, 1)
        column = QVBoxLayout(self)
        column.addWidget(self.intro)
        column.addWidget(self.warning)
        column.addWidget(self.list)
        column.addLayout(buttons)
        column.addLayout(policy)

        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.list.itemDoubleClicked.connect(lambda *_: self.restore_selected())
        self.restore_button.clicked.connect(self.restore_selected)
        self.backup_button.clicked.connect(self.backup_now)
        for spin in (self.keep_last, self.daily_days, self.weekly_weeks):
            spin.valueChanged.connect(self._policy_changed)
        self.refresh()

    def _spin(self, low: int, high: int, name: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setAccessibleName(name)
        spin.setMaximumWidth(70)
        return spin

    # --- state ------------------------------------------------------------------------------

    def _zone(self):
        return fmt.safe_zone(queries.get_profile(self.db).timezone)

    def refresh(self) -> None:
        """Re-list the backups (newest first, selected) and show the policy."""
        if self.folder is None:
            self.intro.setText("This database lives in memory only; it has no backups.")
            for widget in (self.list, self.restore_button, self.backup_button):
                widget.setEnabled(False)
            return
        policy = backups.load_policy(self.db)
        for spin, value in (
            (self.keep_last, policy.keep_last),
            (self.daily_days, policy.daily_days),
            (self.weekly_weeks, policy.weekly_weeks),
        ):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        self.intro.setText(
            "A copy of your data is made when the app starts and every 30 minutes while it "
            f"changes, in {self.folder}."
        )
        warning = location_warning(db_path(self.db) or "")
        self.warning.setText(warning or "")
        self.warning.setVisible(bool(warning))
        read_only = is_read_only(self.db)
        self.backup_button.setEnabled(not read_only)
        zone = self._zone()
        self.list.clear()
        for info in backups.list_backups(self.folder):
            texts = [when_text(info.created, zone), info.label, size_text(info.size)]
            item = QTreeWidgetItem(texts)
            item.setData(0, ROLE, str(info.path))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
        first = self.list.topLevelItem(0)
        if first is not None:
            self.list.setCurrentItem(first)
        else:
            placeholder = QTreeWidgetItem(["No backups yet.", "", ""])
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addTopLevelItem(placeholder)
        self._selection_changed()
        self.restore_button.setEnabled(self.restore_button.isEnabled() and not read_only)

    def selected(self) -> backups.BackupInfo | None:
        item = self.list.currentItem()
        path = item.data(0, ROLE) if item is not None else None
        if not path:
            return None
        found = backups.list_backups(Path(path).parent)
        return next((b for b in found if str(b.path) == path), None)

    def showEvent(self, event) -> None:
        self.refresh()  # backups made since it was last shown
        super().showEvent(event)

    def _selection_changed(self) -> None:
        item = self.list.currentItem()
        self.restore_button.setEnabled(item is not None and bool(item.data(0, ROLE)))

    @guarded("Backup settings")
    def _policy_changed(self, *_args) -> None:
        backups.save_policy(
            self.db,
            backups.BackupPolicy(
                self.keep_last.value(), self.daily_days.value(), self.weekly_weeks.value()
            ),
        )

    # --- actions ----------------------------------------------------------------------------

    @guarded("Back up")
    def backup_now(self) -> backups.BackupInfo:
        info = backups.make_backup(self.db, "backup", self.now())
        self.refresh()
        text = f"Backed up to {info.path.name}."
        self.result.setText(text)
        self.message.emit(text)
        return info

    def confirm(self, info: backups.BackupInfo) -> bool:
        """Ask before replacing the data (tests replace this method)."""
        box = QMessageBox(self.window())
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Restore a backup")
        box.setText(f"Restore the backup from {when_text(info.created, self._zone())}?")
        box.setInformativeText(
            "Everything changed since then is replaced. Your data as it is now is saved as a "
            "backup first, so you can come back to it."
        )
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is restore

    @guarded("Restore")
    def restore_selected(self) -> bool:
        """Restore the selected backup after confirmation; True when restored."""
        info = self.selected()
        if info is None or not self.confirm(info):
            return False
        safety = backups.restore(self.db, info.path, self.now())
        self.refresh()
        text = (
            f"Restored the backup from {when_text(info.created, self._zone())}; your data "
            f"before the restore is kept as {safety.path.name}."
        )
        self.result.setText(text)
        self.restored.emit(text)
        return True


# --- start-up: the data file is damaged ---------------------------------------------------------


def damaged_file_box(
    report: HealthReport,
    backup: backups.BackupInfo | None,
    now: datetime,
    parent: QWidget | None = None,
) -> tuple[QMessageBox, dict[QPushButton, Recovery | None]]:
    """The question asked when the data file is damaged, and what each button means."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(f"{APP_NAME}: your data file is damaged")
    box.setText("<b>Your data file is damaged, so it was not opened.</b>")
    name = report.path.name
    kept = (
        f"Nothing is deleted: the damaged file is kept beside it as {name}.corrupt-&lt;date&gt;, "
        "and every record that can still be read is saved next to it in a .salvage.json file "
        "(File &gt; Import reads it)."
    )
    if backup is not None:
        age = now - backup.created
        ago = _ago(age.total_seconds())
        choice = (
            f"The newest good backup is from <b>{when_text(backup.created)}</b> ({ago}). "
            "Restore it to continue where it left off, or start with an empty database."
        )
    else:
        choice = "No good backup was found. You can start with an empty database."
    box.setInformativeText(f"<p>{choice}</p><p>{kept}</p>")
    box.setDetailedText(
        f"File: {report.path}\nWhat SQLite found:\n" + "\n".join(report.problems or ["?"])
    )
    buttons: dict[QPushButton, Recovery | None] = {}
    if backup is not None:
        restore = box.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole)
        buttons[restore] = Recovery.BACKUP
        box.setDefaultButton(restore)
    empty = box.addButton("Start empty", QMessageBox.ButtonRole.DestructiveRole)
    buttons[empty] = Recovery.EMPTY
    if backup is None:
        box.setDefaultButton(empty)
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    buttons[quit_button] = None
    box.setEscapeButton(quit_button)
    return box, buttons


def _ago(seconds: float) -> str:
    minutes = max(int(seconds // 60), 0)
    if minutes < 60:
        return "just now" if minutes < 1 else f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    return f"{hours // 24} days ago"


def ask_recovery(
    report: HealthReport, backup: backups.BackupInfo | None, now: datetime
) -> Recovery | None:
    """Show the damaged-file question; the choice, or None to quit."""
    box, buttons = damaged_file_box(report, backup, now)
    box.exec()
    clicked = box.clickedButton()
    return buttons.get(clicked) if isinstance(clicked, QPushButton) else None
