"""Contacts: every person, their details (editable), every interview, message and follow-up with
them, and merging the duplicates an import or a hurried form left behind."""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.model import Contact
from followup_desktop.store import people, queries
from followup_desktop.store.db import Database
from followup_desktop.ui import fmt
from followup_desktop.ui.comm_log_data import CHANNEL_WORDS, DIRECTION_WORDS
from followup_desktop.ui.interview_form_data import EMAIL
from followup_desktop.ui.people_widgets import (
    Fields,
    ask_keep,
    current_id,
    fill_list,
    record_list,
    select_ids,
    selected_ids,
)
from followup_desktop.ui.stage_change import changes_text, sentence_case
from followup_desktop.ui.widgets import Now, View, empty_state, guarded, heading

COLUMNS = ("Name", "Company", "Title", "Email")
EMPTY_TEXT = (
    "No contacts yet.\n\nPeople are added as interviewers in the notes form (Ctrl+N), "
    "or arrive with File › Import…."
)


class ContactsView(View):
    #: Show the communication log of one person (the contact id).
    show_log = Signal(str)

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.contacts: dict[str, Contact] = {}
        self.companies: dict[str, str] = {}
        self.groups: list[list[Contact]] = []
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name, company, title or email")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter contacts")
        self.list = record_list(COLUMNS, "Contacts")
        self.duplicates = QLabel()
        self.duplicates.setObjectName("hint")
        self.duplicates.setWordWrap(True)
        self.next_duplicates = QPushButton("Select &duplicates")
        self.next_duplicates.setToolTip("Select the next group of people who look the same.")
        self.merge_button = QPushButton("&Merge selected…")
        self.merge_button.setToolTip("Fold the selected people into one: all or nothing.")

        self.name = QLineEdit()
        self.company = QComboBox()
        self.title_edit = QLineEdit()
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@company.com")
        self.phone = QLineEdit()
        self.linkedin = QLineEdit()
        self.save_button = QPushButton("&Save")
        self.save_button.setToolTip("Save this person's details (Ctrl+S).")
        self.log_button = QPushButton("&Log…")
        self.log_button.setToolTip("Every message with this person.")
        self.result = QLabel()
        self.result.setObjectName("saveResult")
        self.result.setWordWrap(True)
        self.history = QTextBrowser()
        self.history.setAccessibleName("Interviews, messages and follow-ups with this person")

        form = QFormLayout()
        self.fields = Fields(form)
        self.fields.add("name", "&Name:", self.name)
        self.fields.add("company", "C&ompany:", self.company)
        self.fields.add("title", "&Title:", self.title_edit)
        self.fields.add("email", "&Email:", self.email)
        self.fields.add("phone", "&Phone:", self.phone, "A phone number lets a call be planned.")
        self.fields.add("linkedin", "Lin&kedIn:", self.linkedin)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.result, 1)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addLayout(buttons)
        column.addWidget(self.history, 1)
        left = QWidget()
        side = QVBoxLayout(left)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.filter)
        side.addWidget(self.list, 1)
        side.addWidget(self.duplicates)
        merge_row = QHBoxLayout()
        merge_row.addWidget(self.next_duplicates)
        merge_row.addWidget(self.merge_button)
        merge_row.addStretch(1)
        side.addLayout(merge_row)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.pages = QStackedWidget()
        self.pages.addWidget(splitter)
        self.empty = empty_state(EMPTY_TEXT)
        self.pages.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Contacts"))
        layout.addWidget(self.pages, 1)

        self.filter.textChanged.connect(self._filter)
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.save_button.clicked.connect(self.save)
        self.merge_button.clicked.connect(self.merge)
        self.next_duplicates.clicked.connect(self.select_next_duplicates)
        self.log_button.clicked.connect(lambda: self.show_log.emit(current_id(self.list) or ""))
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def first_focus(self) -> QWidget:
        return self.list if self.contacts else self

    def refresh(self) -> None:
        keep = set(selected_ids(self.list)) or {current_id(self.list) or ""}
        self.companies = {c.id: c.name for c in queries.list_companies(self.db)}
        self.contacts = {c.id: c for c in queries.list_contacts(self.db)}
        self.company.clear()
        for company_id, name in sorted(self.companies.items(), key=lambda kv: kv[1].casefold()):
            self.company.addItem(name, company_id)
        rows = [
            (c.id, [c.name, self.companies.get(c.company, c.company), c.title or "", c.email or ""])
            for c in self.contacts.values()
        ]
        fill_list(self.list, rows, keep)
        self.pages.setCurrentIndex(0 if self.contacts else 1)
        self.groups = people.duplicate_contacts(self.db)
        count = len(self.groups)
        self.duplicates.setText(
            f"{count} group{'s' if count != 1 else ''} of possible duplicates "
            f"({', '.join(g[0].name for g in self.groups[:3])}{'…' if count > 3 else ''})."
            if count
            else "No duplicates found."
        )
        self.next_duplicates.setEnabled(bool(count))
        if self.list.currentItem() is None and self.list.topLevelItemCount():
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self._filter()
        self._selection_changed()
        self._show_current()

    def _filter(self) -> None:
        needle = self.filter.text().strip().casefold()
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            text = " ".join(item.text(c) for c in range(len(COLUMNS))).casefold()
            item.setHidden(bool(needle) and needle not in text)

    def _selection_changed(self) -> None:
        self.merge_button.setEnabled(len(selected_ids(self.list)) >= 2)

    def select(self, contact_id: str) -> None:
        select_ids(self.list, [contact_id])
        self._show_current()

    def _show_current(self) -> None:
        contact = self.contacts.get(current_id(self.list) or "")
        for widget in (self.name, self.company, self.title_edit, self.email, self.phone):
            widget.setEnabled(contact is not None)
        self.linkedin.setEnabled(contact is not None)
        self.save_button.setEnabled(contact is not None)
        self.log_button.setEnabled(contact is not None)
        self.fields.show({})
        if contact is None:
            self.history.clear()
            return
        self.name.setText(contact.name)
        self.company.setCurrentIndex(max(self.company.findData(contact.company), 0))
        self.title_edit.setText(contact.title or "")
        self.email.setText(contact.email or "")
        self.phone.setText(contact.phone or "")
        self.linkedin.setText(contact.linkedin or "")
        self.history.setHtml(self.history_html(contact.id))

    def history_html(self, contact_id: str) -> str:
        found = people.person_history(self.db, contact_id)
        if found is None:
            return ""
        zone = fmt.safe_zone(queries.get_profile(self.db).timezone)
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        out = [f"<h3>Interviews with {html.escape(found.contact.name)}</h3>"]
        for iv in reversed(found.interviews):
            said = html.escape(iv.interviewer_notes.get(contact_id, ""))
            out.append(
                f"<p><b>{html.escape(fmt.instant_text(iv.starts_at, zone, year=True))}</b> · "
                f"{html.escape(found.titles.get(iv.application, iv.application))}"
                + (f"<br><span style='color:{muted}'>{said}</span>" if said else "")
                + "</p>"
            )
        if not found.interviews:
            out.append("<p><i>No interviews with this person.</i></p>")
        out.append("<h3>Messages</h3>")
        for comm in reversed(found.communications):
            out.append(
                f"<p>{html.escape(fmt.instant_text(comm.at, zone, year=True))} · "
                f"{html.escape(fmt.words(DIRECTION_WORDS, comm.direction))} "
                f"({html.escape(fmt.words(CHANNEL_WORDS, comm.channel))}): "
                f"{html.escape(comm.summary or '—')}</p>"
            )
        if not found.communications:
            out.append("<p><i>Nothing logged with this person yet.</i></p>")
        out.append("<h3>Follow-ups</h3>")
        for item in found.followups:  # in the order they come
            out.append(
                f"<p>{html.escape(fmt.kind_words(item.kind))} · "
                f"{html.escape(fmt.instant_text(item.due, zone, year=True))} · "
                f"{html.escape(fmt.words(fmt.STATUS_WORDS, item.status))}</p>"
            )
        if not found.followups:
            out.append("<p><i>No follow-ups to this person.</i></p>")
        return "\n".join(out)

    @guarded("Save contact")
    def save(self) -> bool:
        contact = self.contacts.get(current_id(self.list) or "")
        if contact is None:
            return False
        errors = {}
        if not self.name.text().strip():
            errors["name"] = "A contact needs a name."
        email = self.email.text().strip()
        if email and not EMAIL.match(email):
            errors["email"] = f"{email!r} is not an email address: it needs an @."
        self.fields.show(errors)
        if errors:
            self.result.setText("Not saved: correct the field marked above.")
            return False
        edited = replace(
            contact,
            name=self.name.text().strip(),
            company=self.company.currentData() or contact.company,
            title=self.title_edit.text().strip() or None,
            email=email or None,
            phone=self.phone.text().strip() or None,
            linkedin=self.linkedin.text().strip() or None,
        )
        results = people.update_contact(self.db, edited, self.now())
        lines = [line for r in results.values() for line in r.changes]
        self._done(f"Saved {edited.name}. {sentence_case(changes_text(lines))}.", [edited.id])
        return True

    def _done(self, text: str, keep: list[str]) -> None:
        self.refresh()
        select_ids(self.list, keep)
        self._show_current()
        self.result.setText(text)
        self.message.emit(text)
        self.changed.emit()

    def select_next_duplicates(self) -> None:
        if not self.groups:
            return
        chosen = set(selected_ids(self.list))
        index = next((i + 1 for i, g in enumerate(self.groups) if {c.id for c in g} == chosen), 0)
        group = self.groups[index % len(self.groups)]
        self.filter.clear()
        select_ids(self.list, [c.id for c in group])
        self.list.setFocus()

    @guarded("Merge contacts")
    def merge(self) -> bool:
        ids = selected_ids(self.list)
        if len(ids) < 2:
            self.result.setText("Select two or more people to merge (Ctrl+click).")
            return False
        options = [
            f"{self.contacts[i].name} — {self.companies.get(self.contacts[i].company, '')}"
            f" ({self.contacts[i].email or 'no email'}) [{i}]"
            for i in ids
        ]
        keep = ask_keep(self, "Merge contacts", options)
        if keep is None:
            return False
        result = people.merge_contacts(self.db, ids[keep], ids, self.now())
        name = self.contacts[ids[keep]].name
        merged = len(result.merged)
        self._done(
            f"Merged {merged} duplicate{'s' if merged != 1 else ''} into {name}. "
            f"{sentence_case(changes_text(result.changes))}.",
            [ids[keep]],
        )
        return True
