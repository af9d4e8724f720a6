"""The panel of variables a template may use: type to filter, click or Enter to insert."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from followup_desktop.core.message_context import VARIABLES

SNIPPET_ROLE = Qt.ItemDataRole.UserRole


def snippet(name: str) -> str:
    """What inserting ``name`` types: ``{{ interview.topic }}`` or a ``fill("...")`` call."""
    if name.startswith("fill("):
        return '{{ fill("what only you can write") }}'
    if name in ("interview.interviewers", "candidate.links"):
        return f"{{% for item in {name} %}}{{{{ item }}}}\n{{% endfor %}}"
    return f"{{{{ {name} }}}}"


class VariablesPanel(QWidget):
    """Every variable with what it holds; ``insert_requested`` carries the text to insert."""

    insert_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter variables")
        self.filter.setAccessibleName("Filter variables")
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Variables")
        self.list.setToolTip("Click or Enter inserts the variable at the cursor")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for name, what in VARIABLES:
            item = QListWidgetItem(f"{name}\n    {what}", self.list)
            item.setData(SNIPPET_ROLE, snippet(name))
            item.setToolTip(f"{name}: {what}")
        title = QLabel("&Variables (click or Enter inserts)")
        title.setBuddy(self.list)
        title.setObjectName("countLabel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self._insert_first)
        self.list.itemActivated.connect(self._insert)  # Enter (and double-click on some styles)
        self.list.itemClicked.connect(self._insert)

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(needle) and needle not in item.text().lower())

    def _insert(self, item: QListWidgetItem) -> None:
        self.insert_requested.emit(item.data(SNIPPET_ROLE))

    def _insert_first(self) -> None:
        for row in range(self.list.count()):
            if not self.list.item(row).isHidden():
                self._insert(self.list.item(row))
                return

    def visible_names(self) -> list[str]:
        return [
            self.list.item(r).text().split("\n", 1)[0]
            for r in range(self.list.count())
            if not self.list.item(r).isHidden()
        ]
