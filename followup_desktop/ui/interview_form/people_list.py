"""The interviewers of the notes form: one block per person, picked from the company's contacts
or typed as someone new, each with the notes of what was discussed with *that* person."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.model import Contact
from followup_desktop.ui.interview_form.values import ADDRESS_AS, PersonValues


def error_label(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class ErrorLabels:
    """The error sentences under a form's fields, each made the first time it is needed: most
    openings of a form show none, and a dozen hidden labels made at every build cost time."""

    def __init__(self) -> None:
        self.columns: dict[str, QVBoxLayout] = {}  # where each goes: under its field
        self.made: dict[str, QLabel] = {}

    def add(self, key: str, column: QVBoxLayout) -> None:
        self.columns[key] = column

    def __getitem__(self, key: str) -> QLabel:
        label = self.made.get(key)
        if label is None:
            column = self.columns[key]
            label = self.made[key] = error_label(column.parentWidget())
            column.addWidget(label)
        return label

    def items(self) -> list[tuple[str, QLabel]]:
        """The labels made so far (those never needed are not there)."""
        return list(self.made.items())

    def values(self) -> list[QLabel]:
        return list(self.made.values())

    def show(self, errors: dict[str, str]) -> None:
        """The sentence of each key in ``errors``; the others hidden."""
        for key in self.columns:
            if key in errors or key in self.made:
                label = self[key]
                label.setText(errors.get(key, ""))
                label.setVisible(key in errors)


def notes_edit(lines: int, parent: QWidget, sized_by: QWidget | None = None) -> QPlainTextEdit:
    """A notes box ``lines`` high in the font of ``sized_by`` (default: ``parent``; it scrolls
    beyond); Tab moves on instead of typing a tab."""
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight((sized_by or parent).fontMetrics().lineSpacing() * lines + 14)
    return edit


def address_as_box(parent: QWidget | None = None) -> QComboBox:
    """How a German or French message greets the person: by name, or Frau/Madame, Herr/Monsieur
    (the item data is the stored "", "ms" or "mr")."""
    box = QComboBox(parent)
    for value, words in ADDRESS_AS:
        box.addItem(words, value)
    box.setToolTip(
        "How a German or French message greets them: “Sehr geehrte Frau Lee”, "
        "“Madame”; by name, it uses their full name."
    )
    return box


def set_address_as(box: QComboBox, value: str) -> None:
    box.setCurrentIndex(max(box.findData(value), 0))


class PersonRow(QFrame):
    """One interviewer: name (a company contact or someone new), details, and the notes."""

    edited = Signal()
    remove_requested = Signal(object)

    def __init__(self, contacts: list[Contact], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interviewerRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.contacts: dict[str, Contact] = {}
        self.contact_id = ""
        #: False while the row shows a draft's person without a form of address (drafts from
        #: before it existed): saving then keeps the contact's own, shown once they are known.
        self.address_said = True
        # Built parent first, like the form (each re-parented subtree is styled again).
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(form)
        self.errors = ErrorLabels()
        name_box, name_column = self._with_error("name")
        form.addRow("Name:", name_box)
        self.name = QComboBox(name_box)
        self.name.setEditable(True)
        self.name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        name_edit = self.name.lineEdit()
        assert name_edit is not None  # the box is editable
        name_edit.setPlaceholderText("Pick a contact or type a new name")
        self.name.setToolTip("Choose one of the company's contacts, or type someone new.")
        self.status = QLabel(name_box)
        self.status.setObjectName("hint")
        self.address_as = address_as_box(name_box)
        address_label = QLabel("Address as:", name_box)
        address_label.setBuddy(self.address_as)
        self.remove = QPushButton("Remove", name_box)
        self.remove.setToolTip("Take this person off the interview (the contact is kept).")
        head = QHBoxLayout()
        name_column.insertLayout(0, head)
        head.addWidget(self.name, 1)
        head.addWidget(self.status)
        head.addWidget(address_label)
        head.addWidget(self.address_as)
        head.addWidget(self.remove)
        details = QHBoxLayout()
        form.addRow("Title:", details)
        self.title = QLineEdit(self)
        self.phone = QLineEdit(self)
        details.addWidget(self.title, 1)
        details.addWidget(QLabel("Phone:", self))
        details.addWidget(self.phone, 1)
        email_box, email_column = self._with_error("email")
        form.addRow("Email:", email_box)
        self.email = QLineEdit(email_box)
        self.email.setPlaceholderText("name@company.com")
        email_column.insertWidget(0, self.email)
        self.linkedin = QLineEdit(self)
        self.linkedin.setPlaceholderText("https://www.linkedin.com/in/…")
        form.addRow("LinkedIn:", self.linkedin)
        self.notes = notes_edit(3, self)
        self.notes.setPlaceholderText("e.g. team growth plans and how on-call is shared")
        self.notes.setToolTip(
            "Finish the sentence \u201cWith this person you talked about \u2026\u201d: "
            "it goes into their own thank-you."
        )
        form.addRow("You talked about …", self.notes)
        for label, widget in (
            ("Interviewer name", self.name),
            ("How a formal message addresses this interviewer", self.address_as),
            ("Interviewer title", self.title),
            ("Interviewer email", self.email),
            ("Interviewer phone", self.phone),
            ("Interviewer LinkedIn", self.linkedin),
            ("What you discussed with this interviewer", self.notes),
        ):
            widget.setAccessibleName(label)

        self.set_contacts(contacts)
        self.name.editTextChanged.connect(self._name_changed)
        for line in (self.title, self.email, self.phone, self.linkedin):
            line.textEdited.connect(self.edited)
        self.notes.textChanged.connect(self.edited)
        self.address_as.currentIndexChanged.connect(self._address_chosen)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def _with_error(self, key: str) -> tuple[QWidget, QVBoxLayout]:
        """A box for a field (put in above) with its error sentence under it; and its column."""
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.errors.add(key, column)
        return box, column

    def inputs(self) -> list[QWidget]:
        return [
            self.name,
            self.address_as,
            self.title,
            self.phone,
            self.email,
            self.linkedin,
            self.notes,
            self.remove,
        ]

    def set_contacts(self, contacts: list[Contact]) -> None:
        text = self.name.currentText()
        self.contacts = {c.id: c for c in contacts}
        self.name.blockSignals(True)
        self.name.clear()
        for contact in contacts:
            label = f"{contact.name} — {contact.title}" if contact.title else contact.name
            self.name.addItem(label, contact.id)
        completer = QCompleter([c.name for c in contacts], self.name)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.name.setCompleter(completer)
        self.name.setCurrentIndex(-1)
        self.name.setEditText(text)
        self.name.blockSignals(False)
        self._match(text, fill=False)

    def _address_chosen(self, _index: int) -> None:
        self.address_said = True
        self.edited.emit()

    def _name_changed(self, text: str) -> None:
        index = self.name.findText(text)
        if index >= 0 and self.name.itemData(index):  # a list item chosen: show the plain name
            contact = self.contacts.get(self.name.itemData(index))
            if contact is not None and text != contact.name:
                self.name.blockSignals(True)
                self.name.setEditText(contact.name)
                self.name.blockSignals(False)
                text = contact.name
        self._match(text, fill=True)
        self.edited.emit()

    def _match(self, text: str, *, fill: bool) -> None:
        """The contact whose name is typed becomes this row's person (details filled in)."""
        wanted = text.strip().casefold()
        found = next((c for c in self.contacts.values() if c.name.casefold() == wanted), None)
        new_id = found.id if found else ""
        if fill and found is not None and new_id != self.contact_id:
            self.title.setText(found.title or "")
            self.email.setText(found.email or "")
            self.phone.setText(found.phone or "")
            self.linkedin.setText(found.linkedin or "")
            set_address_as(self.address_as, found.address_as)
        elif not self.address_said:
            with QSignalBlocker(self.address_as):
                set_address_as(self.address_as, found.address_as if found else "")
        self.contact_id = new_id
        self.status.setText("" if found or not wanted else "new contact")

    def values(self) -> PersonValues:
        return PersonValues(
            contact_id=self.contact_id,
            name=self.name.currentText(),
            title=self.title.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            linkedin=self.linkedin.text(),
            notes=self.notes.toPlainText(),
            address_as=(self.address_as.currentData() or "") if self.address_said else None,
        )

    def set_values(self, person: PersonValues) -> None:
        for widget in self.inputs():
            widget.blockSignals(True)
        self.name.setEditText(person.name)
        self.title.setText(person.title)
        self.email.setText(person.email)
        self.phone.setText(person.phone)
        self.linkedin.setText(person.linkedin)
        self.notes.setPlainText(person.notes)
        self.contact_id = person.contact_id if person.contact_id in self.contacts else ""
        self.address_said = person.address_as is not None
        known = self.contacts.get(self.contact_id)
        unsaid = known.address_as if known is not None else ""
        set_address_as(self.address_as, unsaid if person.address_as is None else person.address_as)
        for widget in self.inputs():
            widget.blockSignals(False)
        if not self.contact_id:
            self._match(person.name, fill=False)
        self.status.setText("" if self.contact_id or not person.name.strip() else "new contact")

    def show_errors(self, errors: dict[str, str]) -> None:
        self.errors.show(errors)


class PeopleList(QWidget):
    """The interviewers, in order, and the button that adds one."""

    edited = Signal()
    rows_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PersonRow] = []
        self.contacts: list[Contact] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.column = QVBoxLayout()
        self.column.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.column)
        self.empty = QLabel("No interviewers yet: add each person you spoke with.", self)
        self.empty.setObjectName("hint")
        self.add_button = QPushButton("&Add interviewer", self)
        self.add_button.setToolTip("Another person who interviewed you (Alt+A).")
        layout.addWidget(self.empty)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_button.clicked.connect(self._add_clicked)

    def _add_clicked(self) -> None:
        row = self.add_row()
        self.edited.emit()
        row.name.setFocus()

    def add_row(self, person: PersonValues | None = None) -> PersonRow:
        row = PersonRow(self.contacts, self)
        if person is not None:
            row.set_values(person)
        row.edited.connect(self.edited)
        row.remove_requested.connect(self.remove_row)
        self.rows.append(row)
        self.column.addWidget(row)
        self.empty.setVisible(False)
        self.rows_changed.emit()
        return row

    def remove_row(self, row: PersonRow) -> None:
        if row not in self.rows:
            return
        index = self.rows.index(row)
        self.rows.remove(row)
        row.hide()
        row.deleteLater()
        self.empty.setVisible(not self.rows)
        self.rows_changed.emit()
        self.edited.emit()
        target = self.rows[min(index, len(self.rows) - 1)].name if self.rows else self.add_button
        target.setFocus()

    def set_contacts(self, contacts: list[Contact]) -> None:
        self.contacts = contacts
        for row in self.rows:
            row.set_contacts(contacts)

    def values(self) -> list[PersonValues]:
        return [row.values() for row in self.rows]

    def set_values(self, people: list[PersonValues]) -> None:
        """Show ``people``, reusing the rows already built (building one is the slow part)."""
        while len(self.rows) > len(people):
            row = self.rows.pop()
            row.hide()
            row.deleteLater()
        for index, person in enumerate(people):
            if index < len(self.rows):
                self.rows[index].set_values(person)
                self.rows[index].show_errors({})
            else:
                self.add_row(person)
        self.empty.setVisible(not self.rows)
        self.rows_changed.emit()

    def inputs(self) -> list[QWidget]:
        return [w for row in self.rows for w in row.inputs()] + [self.add_button]

    def show_errors(self, errors: dict[str, str]) -> None:
        for index, row in enumerate(self.rows):
            prefix = f"people.{index}."
            row.show_errors(
                {k[len(prefix) :]: v for k, v in errors.items() if k.startswith(prefix)}
            )
