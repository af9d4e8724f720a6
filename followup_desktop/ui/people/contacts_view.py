"""Contacts: every person, their details (editable), every interview, message and follow-up with
them, and merging the duplicates an import or a hurried form left behind."""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QWidget

from followup_desktop.core.clock import Now
from followup_desktop.core.model import Contact
from followup_desktop.core.planner import PlanResult
from followup_desktop.store import people, queries, undo
from followup_desktop.store.db import Database
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common.view import guarded
from followup_desktop.ui.interview_form.people_list import address_as_box, set_address_as
from followup_desktop.ui.interview_form.values import EMAIL
from followup_desktop.ui.log.rows import CHANNEL_WORDS, DIRECTION_WORDS
from followup_desktop.ui.people.fields import current_id
from followup_desktop.ui.people.records_view import RecordsView, Row


class ContactsView(RecordsView):
    TITLE = "Contacts"
    KIND = "contact"
    DELETE_TEXT = "Delete pe&rson…"
    COLUMNS = ("Name", "Company", "Title", "Email")
    EMPTY_TEXT = (
        "No contacts yet.\n\nPeople are added as interviewers in the notes form (Ctrl+N), "
        "or arrive with File › Import…."
    )
    FILTER_HINT = "Filter by name, company, title or email"
    SAVE_TIP = "Save this person's details (Ctrl+S)."
    MERGE_TIP = "Fold the selected people into one: all or nothing."

    #: Show the communication log of one person (the contact id).
    show_log = Signal(str)

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(db, now, parent)
        self.contacts: dict[str, Contact] = self.records
        self.history = self.details
        self.history.setAccessibleName("Interviews, messages and follow-ups with this person")
        self.log_button.clicked.connect(lambda: self.show_log.emit(current_id(self.list) or ""))

    def build_form(self) -> None:
        self.companies: dict[str, str] = {}  # id -> name
        self.name = QLineEdit()
        self.company = QComboBox()
        self.title_edit = QLineEdit()
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@company.com")
        self.phone = QLineEdit()
        self.linkedin = QLineEdit()
        self.address_as = address_as_box()
        self.log_button = QPushButton("&Log…")
        self.log_button.setToolTip("Every message with this person.")
        self.fields.add("name", "&Name:", self.name)
        self.fields.add("company", "C&ompany:", self.company)
        self.fields.add("title", "&Title:", self.title_edit)
        self.fields.add("email", "&Email:", self.email)
        self.fields.add("phone", "&Phone:", self.phone, "A phone number lets a call be planned.")
        self.fields.add("linkedin", "Lin&kedIn:", self.linkedin)
        hint = "How a German or French message greets them; by name: their full name."
        self.fields.add("address_as", "&Address as:", self.address_as, hint)

    def extra_buttons(self) -> tuple[QPushButton, ...]:
        return (self.log_button,)

    def load(self) -> list[Row]:
        self.companies = {c.id: c.name for c in queries.list_companies(self.db)}
        self.records.clear()
        self.records.update((c.id, c) for c in queries.list_contacts(self.db))
        self.company.clear()
        for company_id, name in sorted(self.companies.items(), key=lambda kv: kv[1].casefold()):
            self.company.addItem(name, company_id)
        return [
            (c.id, [c.name, self.companies.get(c.company, c.company), c.title or "", c.email or ""])
            for c in self.records.values()
        ]

    def find_duplicates(self) -> list[list[Contact]]:
        return people.duplicate_contacts(self.db)

    def duplicates_text(self) -> str:
        count = len(self.groups)
        return (
            f"{count} group{'s' if count != 1 else ''} of possible duplicates "
            f"({', '.join(g[0].name for g in self.groups[:3])}{'…' if count > 3 else ''})."
        )

    def show_record(self, contact: Contact) -> None:
        self.name.setText(contact.name)
        self.company.setCurrentIndex(max(self.company.findData(contact.company), 0))
        self.title_edit.setText(contact.title or "")
        self.email.setText(contact.email or "")
        self.phone.setText(contact.phone or "")
        self.linkedin.setText(contact.linkedin or "")
        set_address_as(self.address_as, contact.address_as)

    def details_html(self, contact: Contact) -> str:
        return self.history_html(contact.id)

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

    def merge_option(self, contact_id: str) -> str:
        contact = self.records[contact_id]
        company = self.companies.get(contact.company, "")
        return f"{contact.name} — {company} ({contact.email or 'no email'}) [{contact_id}]"

    def merge_records(self, keep: str, ids: list[str]) -> people.MergeResult:
        return people.merge_contacts(self.db, keep, ids, self.now())

    def scope(self, ids: list[str]) -> undo.UndoScope:
        return undo.contacts_scope(self.db, ids)

    def delete_question(self, contact: Contact) -> str:
        count = len(self.scope([contact.id]).applications)
        part = (
            f" They leave the {count} application{'s' if count != 1 else ''} they are part of; "
            "the interviews, messages and follow-ups stay."
            if count
            else ""
        )
        return f"Delete {contact.name}?{part} Edit › Undo brings them back."

    def delete_record(self, contact_id: str) -> dict[str, PlanResult]:
        return people.delete_contact(self.db, contact_id, self.now())

    @guarded("Save contact")
    def save(self) -> bool:
        contact = self.current()
        if contact is None:
            return False
        errors = {}
        if not self.name.text().strip():
            errors["name"] = "A contact needs a name."
        email = self.email.text().strip()
        if email and not EMAIL.match(email):
            errors["email"] = f"{email!r} is not an email address: it needs an @."
        if self.refused(errors):
            return False
        edited = replace(
            contact,
            name=self.name.text().strip(),
            company=self.company.currentData() or contact.company,
            title=self.title_edit.text().strip() or None,
            email=email or None,
            phone=self.phone.text().strip() or None,
            linkedin=self.linkedin.text().strip() or None,
            address_as=self.address_as.currentData() or "",
        )
        results = people.update_contact(self.db, edited, self.now())
        self.saved(edited.name, [line for r in results.values() for line in r.changes], edited.id)
        return True
