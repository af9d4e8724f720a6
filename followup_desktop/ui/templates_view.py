"""Templates: the user's templates from the database and the built-in files, read-only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from followup_desktop import paths
from followup_desktop.store import queries
from followup_desktop.ui.widgets import Now, View, heading

KEY_ROLE = Qt.ItemDataRole.UserRole
#: Names of the message kinds the product ships templates for (domain.md).
KIND_NAMES = {
    "thank_you_phone": "Thank-you after a phone interview",
    "thank_you_video": "Thank-you after a video interview",
    "thank_you_in_person": "Thank-you after an in-person interview",
    "thank_you_panel": "Thank-you after a panel interview",
    "check_in": "Brief check-in",
    "status_inquiry": "Status inquiry after the timeline",
    "second_follow_up": "Second follow-up",
    "stay_in_touch": "Stay in touch",
    "share_update": "Sharing new information",
    "rejection_reply": "Reply to a rejection",
    "offer_accept": "Accepting an offer",
    "offer_negotiate": "Negotiating an offer",
    "offer_decline": "Declining an offer",
    "linkedin_note": "LinkedIn connection note",
    "phone_script": "Phone-call script",
}


@dataclass(frozen=True, slots=True)
class ShownTemplate:
    """What the panel shows for one template, wherever it comes from."""

    name: str
    kind: str
    subject: str
    body: str
    source: str
    body_line: int = 1  # the file line the body starts on (for error messages)


def builtin_files() -> list[Path]:
    """The files shipped in templates/ (sorted by name); empty if the folder is missing."""
    try:
        folder = paths.templates_dir()
    except FileNotFoundError:
        return []
    return sorted(
        (
            p
            for p in folder.rglob("*")
            if p.is_file() and not p.name.startswith((".", "README", "readme"))
        ),
        key=lambda p: str(p.relative_to(folder)).casefold(),
    )


def read_builtin(path: Path) -> ShownTemplate:
    """A template file: an optional ``Subject:`` first line, then the body."""
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = text.splitlines()
    subject, start = "", 0
    if lines and lines[0].lower().startswith("subject:"):
        subject = lines[0].split(":", 1)[1].strip()
        start = 1
        while start < len(lines) and not lines[start].strip():
            start += 1
    name = KIND_NAMES.get(path.stem) or path.stem.replace("_", " ").capitalize()
    body = "\n".join(lines[start:])
    return ShownTemplate(name, path.stem, subject, body, f"Built-in file {path.name}", start + 1)


class TemplatesView(View):
    """A list of templates (yours first, then built-in) and the selected one's text."""

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.list = QListWidget()
        self.list.setAccessibleName("Templates")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.name = QLabel()
        self.name.setObjectName("templateName")
        self.source = QLabel()
        self.source.setObjectName("countLabel")
        self.source.setWordWrap(True)
        self.subject = QLineEdit()
        self.subject.setReadOnly(True)
        self.subject.setAccessibleName("Subject")
        self.body = QPlainTextEdit()
        self.body.setReadOnly(True)
        self.body.setAccessibleName("Body")
        self.body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

        panel = QWidget()
        form = QFormLayout(panel)
        form.setContentsMargins(8, 0, 0, 0)
        form.addRow(self.name)
        form.addRow(self.source)
        form.addRow("Subject:", self.subject)
        form.addRow(QLabel("Body:"))
        form.addRow(self.body)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(panel)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 600])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Templates"))
        layout.addWidget(splitter, 1)

        self._shown: dict[str, ShownTemplate] = {}
        self.list.currentItemChanged.connect(self._show)

    def first_focus(self) -> QWidget:
        return self.list

    def _section(self, title: str) -> None:
        item = QListWidgetItem(title, self.list)
        font = QFont()
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: readable, not selectable

    def refresh(self) -> None:
        selected = self.list.currentItem().data(KEY_ROLE) if self.list.currentItem() else None
        self.list.clear()
        self._shown = {}
        self._section("Your templates")
        mine = queries.list_templates(self.db)
        for template in mine:
            shown = ShownTemplate(
                template.name,
                template.kind,
                template.subject,
                template.body,
                "Built-in, saved in your database"
                if template.builtin
                else "Saved in your database",
            )
            self._add(f"db:{template.id}", shown)
        if not mine:
            self._note("None yet; File › Import… brings yours in.")
        self._section("Built-in templates")
        files = builtin_files()
        for path in files:
            try:
                self._add(f"file:{path}", read_builtin(path))
            except OSError as exc:
                self._note(f"{path.name}: cannot be read ({exc.strerror}).")
        if not files:
            self._note("No built-in template files were found in this installation.")
        if not (selected and self.select(selected)):
            self._select_first()

    def _add(self, key: str, shown: ShownTemplate) -> None:
        item = QListWidgetItem(shown.name, self.list)
        item.setData(KEY_ROLE, key)
        item.setToolTip(shown.source)
        self._shown[key] = shown

    def _note(self, text: str) -> None:
        item = QListWidgetItem(text, self.list)
        item.setFlags(Qt.ItemFlag.NoItemFlags)

    def keys(self) -> list[str]:
        return list(self._shown)

    def select(self, key: str) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).data(KEY_ROLE) == key:
                self.list.setCurrentRow(row)
                return True
        return False

    def _select_first(self) -> None:
        if self._shown:
            self.select(next(iter(self._shown)))
        else:
            self._show(None)

    def _show(self, current: QListWidgetItem | None, _previous=None) -> None:
        shown = self._shown.get(current.data(KEY_ROLE)) if current is not None else None
        if shown is None:
            self.name.setText("No template selected")
            self.source.setText("")
            self.subject.clear()
            self.body.clear()
            return
        self.name.setText(shown.name)
        self.source.setText(f"{shown.source} · kind {shown.kind}")
        self.subject.setText(shown.subject)
        self.subject.setCursorPosition(0)
        self.body.setPlainText(shown.body)
