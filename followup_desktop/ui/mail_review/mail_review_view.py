"""Mail: what the mail checker and File > Import mail could not place on their own, and what
they logged by themselves.

"Needs your decision" lists the uncertain messages (a new sender at a known employer, two
possible applications, an invitation whose application is unsure, a reply that reads like a
rejection or an offer) with Accept, Assign to… (any open application) and Ignore; "Logged
automatically" lists the mail logged without asking, each with Undo. Every write is one call
into store/mail_review.py (one transaction). Mail text is shown as plain text only.
"""

from __future__ import annotations

import itertools
from datetime import datetime, tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.clock import Now
from followup_desktop.core.when_text import stage_words
from followup_desktop.store import mail_review, queries
from followup_desktop.store.db import Database, StoreError
from followup_desktop.store.mail_log import application_labels, open_applications
from followup_desktop.store.mail_review import LoggedMail, ReviewItem
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common.view import View, empty_state, guarded, heading, plain_label

ROLE = Qt.ItemDataRole.UserRole
#: The most of a message's text shown beside the list (the rest is in the mail program).
EXCERPT_CHARS = 2000
INTRO = (
    "Mail about your search that the app could not place by itself waits here; nothing is "
    "logged until you decide. Mail it logged without asking is listed below it, each with Undo."
)
NOTHING_PENDING = "No mail waits for your decision."
NOTHING_LOGGED = (
    "Nothing was logged from mail yet. Add a mail account in Settings, or use "
    "File › Import mail… for .eml, .mbox and .msg files."
)
KIND_WORDS = {"match": "Whose is it?", "stage": "Stage", "invite": "Invitation"}


def ask_application(parent: QWidget, options: list[str]) -> int | None:
    """Which application a message belongs to (an index into ``options``), or None to cancel
    (tests replace this)."""
    text, ok = QInputDialog.getItem(
        parent, "Assign mail to an application", "Log this mail under:", options, 0, False
    )
    return options.index(text) if ok and text in options else None


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit].rstrip() + " …"


def sender_text(name: str, address: str) -> str:
    return f"{name} <{address}>" if name and address else name or address


def _tree(columns: tuple[str, ...], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(columns)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setAccessibleName(name)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    tree.header().setStretchLastSection(True)
    return tree


class MailReviewView(View):
    """The review list and the automatically logged mail of ``db``."""

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.items: dict[int, ReviewItem] = {}
        self.logged: dict[str, LoggedMail] = {}
        self._build_pending()
        self._build_logged()
        self._lay_out()
        self._connect()

    # --- build --------------------------------------------------------------------------------

    def _build_pending(self) -> None:
        self.pending = _tree(("When", "From", "Subject", "Why it waits"), "Needs your decision")
        self.pending_empty = empty_state(NOTHING_PENDING)
        self.pending_pages = QStackedWidget()
        self.pending_pages.addWidget(self.pending)
        self.pending_pages.addWidget(self.pending_empty)
        self.from_line = plain_label("mailSender")
        self.subject = plain_label("mailSubject")
        self.subject.setStyleSheet("font-weight: 600;")
        self.reason = plain_label("hint")
        self.text = QPlainTextEdit()  # plain text by construction
        self.text.setReadOnly(True)
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName("The message's text")
        self.accept_button = QPushButton("&Accept")
        self.assign_button = QPushButton("A&ssign to…")
        self.assign_button.setToolTip("Log it under an application you choose")
        self.ignore_button = QPushButton("I&gnore")
        self.ignore_button.setToolTip("Log nothing; this message is never considered again")
        self.result = plain_label("saveResult")

    def _build_logged(self) -> None:
        self.auto = _tree(("When", "From", "Subject", "Logged under"), "Logged automatically")
        self.auto_empty = empty_state(NOTHING_LOGGED)
        self.auto_pages = QStackedWidget()
        self.auto_pages.addWidget(self.auto)
        self.auto_pages.addWidget(self.auto_empty)
        self.undo_button = QPushButton("&Undo")
        self.undo_button.setToolTip(
            "Take the selected mail out of the log and re-plan; it is never logged again"
        )

    def _lay_out(self) -> None:
        detail = QWidget()
        side = QVBoxLayout(detail)
        side.setContentsMargins(8, 0, 0, 0)
        for widget in (self.from_line, self.subject, self.reason):
            side.addWidget(widget)
        side.addWidget(self.text, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self.pending_pages)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        actions = QHBoxLayout()
        for button in (self.accept_button, self.assign_button, self.ignore_button):
            actions.addWidget(button)
        actions.addWidget(self.result, 1)
        self.pending_box = QGroupBox("Needs your decision")
        top = QVBoxLayout(self.pending_box)
        top.addWidget(split, 1)
        top.addLayout(actions)
        self.auto_box = QGroupBox("Logged automatically")
        bottom = QVBoxLayout(self.auto_box)
        bottom.addWidget(self.auto_pages, 1)
        undo_row = QHBoxLayout()
        undo_row.addWidget(self.undo_button)
        undo_row.addStretch(1)
        bottom.addLayout(undo_row)
        parts = QSplitter(Qt.Orientation.Vertical)
        parts.setChildrenCollapsible(False)
        parts.addWidget(self.pending_box)
        parts.addWidget(self.auto_box)
        parts.setStretchFactor(0, 3)
        parts.setStretchFactor(1, 2)
        intro = QLabel(INTRO)
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Mail"))
        layout.addWidget(intro)
        layout.addWidget(parts, 1)
        order = [
            self.pending,
            self.text,
            self.accept_button,
            self.assign_button,
            self.ignore_button,
            self.auto,
            self.undo_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.pending.itemSelectionChanged.connect(self._pending_selected)
        self.auto.itemSelectionChanged.connect(self._auto_selected)
        self.accept_button.clicked.connect(self.accept_selected)
        self.assign_button.clicked.connect(self.assign_selected)
        self.ignore_button.clicked.connect(self.ignore_selected)
        self.undo_button.clicked.connect(self.undo_selected)

    # --- reading ------------------------------------------------------------------------------

    def first_focus(self) -> QWidget:
        return self.pending if self.items else self.auto

    def _zone(self) -> tzinfo:
        return fmt.safe_zone(queries.get_profile(self.db).timezone)

    def _when(self, moment: datetime | None, zone: tzinfo) -> str:
        return fmt.instant_text(moment, zone) if moment is not None else "—"

    def refresh(self) -> None:
        zone = self._zone()
        keep_item, keep_comm = self.selected_item(), self.selected_logged()
        self.items = {item.id: item for item in mail_review.pending(self.db)}
        self.pending.clear()
        for item in self.items.values():
            row = QTreeWidgetItem(
                [
                    self._when(item.at, zone),
                    sender_text(item.sender_name, item.sender),
                    item.subject or "(no subject)",
                    item.reason,
                ]
            )
            row.setData(0, ROLE, item.id)
            row.setToolTip(3, item.reason)
            self.pending.addTopLevelItem(row)
        self._reselect(self.pending, keep_item.id if keep_item else None)
        self.pending_pages.setCurrentIndex(0 if self.items else 1)
        count = len(self.items)
        self.pending_box.setTitle(
            f"Needs your decision ({count})" if count else "Needs your decision"
        )
        self.logged = {m.communication: m for m in mail_review.auto_logged(self.db)}
        self.auto.clear()
        for mail in self.logged.values():
            arrow = "→ " if mail.direction == "sent" else ""  # mail the user sent
            row = QTreeWidgetItem(
                [self._when(mail.at, zone), arrow + mail.sender, mail.subject, mail.label]
            )
            row.setData(0, ROLE, mail.communication)
            self.auto.addTopLevelItem(row)
        self._reselect(self.auto, keep_comm.communication if keep_comm else None)
        self.auto_pages.setCurrentIndex(0 if self.logged else 1)
        for tree in (self.pending, self.auto):
            for column in range(tree.columnCount() - 1):
                tree.resizeColumnToContents(column)
                tree.setColumnWidth(column, min(tree.columnWidth(column), 260))
        self._pending_selected()
        self._auto_selected()

    @staticmethod
    def _reselect(tree: QTreeWidget, key: object) -> None:
        for row in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(row)
            if item is not None and (key is None or item.data(0, ROLE) == key):
                tree.setCurrentItem(item)
                return
        first = tree.topLevelItem(0)
        if first is not None:
            tree.setCurrentItem(first)

    def selected_item(self) -> ReviewItem | None:
        row = self.pending.currentItem()
        return self.items.get(row.data(0, ROLE)) if row is not None else None

    def selected_logged(self) -> LoggedMail | None:
        row = self.auto.currentItem()
        return self.logged.get(row.data(0, ROLE)) if row is not None else None

    def _pending_selected(self) -> None:
        item = self.selected_item()
        self.from_line.setText(f"From {sender_text(item.sender_name, item.sender)}" if item else "")
        self.subject.setText(item.subject if item else "")
        self.reason.setText(item.reason if item else "")
        self.text.setPlainText(excerpt(item.text) if item else "")
        self.accept_button.setText(self._accept_words(item))
        self.accept_button.setEnabled(item is not None and self._acceptable(item))
        if item is not None and not self._acceptable(item):
            self.accept_button.setToolTip("Choose the application first: Assign to…")
        elif item is not None and item.candidates:
            self.accept_button.setToolTip(f"Log it under {item.candidates[0][1]}")
        self.assign_button.setEnabled(item is not None and item.kind != "stage")
        self.ignore_button.setEnabled(item is not None)

    def _auto_selected(self) -> None:
        self.undo_button.setEnabled(self.selected_logged() is not None)

    @staticmethod
    def _acceptable(item: ReviewItem) -> bool:
        return item.kind == "stage" or len(item.candidates) == 1

    @staticmethod
    def _accept_words(item: ReviewItem | None) -> str:
        if item is not None and item.kind == "stage" and item.suggestion:
            return f"&Accept: mark {stage_words(item.suggestion).lower()}"
        if item is not None and item.kind == "invite":
            return "&Accept the invitation"
        return "&Accept"

    # --- decisions ----------------------------------------------------------------------------

    def _done(self, text: str) -> None:
        self.refresh()
        self.result.setText(text)
        self.message.emit(text)
        self.changed.emit()

    def _stale(self, exc: StoreError) -> None:
        """The item changed under the view (another window, the checker): say so, re-read."""
        self.refresh()
        self.result.setText(str(exc))

    @guarded("Accept mail")
    def accept_selected(self, application_id: str | None = None) -> bool:
        item = self.selected_item()
        if item is None:
            return False
        try:
            text = mail_review.accept(self.db, item.id, self.now(), application_id)
        except StoreError as exc:
            self._stale(exc)
            return False
        self._done(text)
        return True

    def assign_options(self, item: ReviewItem) -> list[tuple[str, str]]:
        """(application id, label): the item's candidates first, then every open application."""
        options = list(item.candidates)
        seen = {app for app, _ in options}
        others = [a for ids in open_applications(self.db).values() for a in ids if a not in seen]
        labels = application_labels(self.db, others)
        options += sorted(((a, labels.get(a, a)) for a in others), key=lambda o: o[1].lower())
        return options

    @guarded("Assign mail")
    def assign_selected(self) -> bool:
        item = self.selected_item()
        if item is None:
            return False
        options = self.assign_options(item)
        if not options:
            self.result.setText("There is no open application to log this mail under.")
            return False
        chosen = ask_application(self.window(), [label for _, label in options])
        if chosen is None:
            return False
        return bool(self.accept_selected(options[chosen][0]))

    @guarded("Ignore mail")
    def ignore_selected(self) -> bool:
        item = self.selected_item()
        if item is None:
            return False
        try:
            mail_review.ignore(self.db, item.id, self.now())
        except StoreError as exc:
            self._stale(exc)
            return False
        self._done(f"Ignored the mail “{item.subject or '(no subject)'}”; it is not logged.")
        return True

    @guarded("Undo logged mail")
    def undo_selected(self) -> bool:
        mail = self.selected_logged()
        if mail is None:
            return False
        try:
            mail_review.undo_logged(self.db, mail.communication, self.now())
        except StoreError as exc:
            self._stale(exc)
            return False
        self._done(f"Took “{mail.subject or '(no subject)'}” out of the log of {mail.label}.")
        return True
