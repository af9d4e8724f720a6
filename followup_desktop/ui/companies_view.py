"""Companies: name, time zone, country and region (whose public holidays count), blackout dates
(launches, events: nothing is planned on them), notes; their applications and people; merging
duplicates. Saving re-plans the company's applications and says what moved."""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.instants import zone
from followup_desktop.core.model import Company
from followup_desktop.store import people, queries
from followup_desktop.store.db import Database
from followup_desktop.ui import fmt
from followup_desktop.ui.interview_form_data import (
    events_text,
    parse_events,
    zone_error,
    zone_names,
)
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

COLUMNS = ("Name", "Time zone", "Country", "Applications")
EMPTY_TEXT = (
    "No companies yet.\n\nA company is added with its first interview (Ctrl+N), "
    "or arrives with File › Import…."
)


def _countries() -> list[tuple[str, str]]:
    from followup_desktop.ui.settings_data import countries

    return countries()


def _regions(country: str) -> list[tuple[str, str]]:
    from followup_desktop.ui.settings_data import subdivisions

    return subdivisions(country) if country else []


class CompaniesView(View):
    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.companies: dict[str, Company] = {}
        self.groups: list[list[Company]] = []
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name, zone or country")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter companies")
        self.list = record_list(COLUMNS, "Companies")
        self.duplicates = QLabel()
        self.duplicates.setObjectName("hint")
        self.duplicates.setWordWrap(True)
        self.merge_button = QPushButton("&Merge selected…")
        self.merge_button.setToolTip("Fold the selected companies into one: all or nothing.")

        self.name = QLineEdit()
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.setModel(QStringListModel(list(zone_names())))
        completer = QCompleter(list(zone_names()), self.zone)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone.setCompleter(completer)
        self.country = QComboBox()
        self.country.addItem("(the profile's country)", "")
        for code, name in _countries():
            self.country.addItem(f"{name} ({code})", code)
        self.region = QComboBox()
        self.blackout = QLineEdit()
        self.blackout.setPlaceholderText("e.g. 2026-12-01, 2026-12-03 to 2026-12-05")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.save_button = QPushButton("&Save")
        self.save_button.setToolTip("Save and re-plan this company's follow-ups (Ctrl+S).")
        self.result = QLabel()
        self.result.setObjectName("saveResult")
        self.result.setWordWrap(True)
        self.details = QTextBrowser()
        self.details.setAccessibleName("Applications and people at this company")

        form = QFormLayout()
        self.fields = Fields(form)
        self.fields.add("name", "&Name:", self.name)
        self.fields.add("timezone", "Time &zone:", self.zone, "Messages are planned in this zone.")
        self.fields.add("country", "C&ountry:", self.country, "Its public holidays are skipped.")
        self.fields.add("subdivision", "Re&gion:", self.region)
        self.fields.add(
            "blackout", "&Blackout dates:", self.blackout, "Launches or events: nothing planned."
        )
        self.fields.add("notes", "No&tes:", self.notes)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.result, 1)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addLayout(buttons)
        column.addWidget(self.details, 1)
        left = QWidget()
        side = QVBoxLayout(left)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.filter)
        side.addWidget(self.list, 1)
        side.addWidget(self.duplicates)
        side.addWidget(self.merge_button, 0, Qt.AlignmentFlag.AlignLeft)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        self.pages = QStackedWidget()
        self.pages.addWidget(splitter)
        self.empty = empty_state(EMPTY_TEXT)
        self.pages.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Companies"))
        layout.addWidget(self.pages, 1)

        self.filter.textChanged.connect(self._filter)
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.list.itemSelectionChanged.connect(
            lambda: self.merge_button.setEnabled(len(selected_ids(self.list)) >= 2)
        )
        self.country.currentIndexChanged.connect(lambda: self._fill_regions(""))
        self.save_button.clicked.connect(self.save)
        self.merge_button.clicked.connect(self.merge)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def first_focus(self) -> QWidget:
        return self.list if self.companies else self

    def refresh(self) -> None:
        keep = set(selected_ids(self.list)) or {current_id(self.list) or ""}
        self.companies = {c.id: c for c in queries.list_companies(self.db)}
        sql = "SELECT company, count(*) FROM applications GROUP BY company"
        counts = dict(self.db.execute(sql).fetchall())
        rows = [
            (c.id, [c.name, c.timezone or "—", c.country or "—", str(counts.get(c.id, 0))])
            for c in self.companies.values()
        ]
        fill_list(self.list, rows, keep)
        self.pages.setCurrentIndex(0 if self.companies else 1)
        self.groups = people.duplicate_companies(self.db)
        self.duplicates.setText(
            "Possible duplicates: "
            + "; ".join(" / ".join(c.name for c in g) for g in self.groups[:3])
            if self.groups
            else "No duplicates found."
        )
        if self.list.currentItem() is None and self.list.topLevelItemCount():
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.merge_button.setEnabled(len(selected_ids(self.list)) >= 2)
        self._filter()
        self._show_current()

    def _filter(self) -> None:
        needle = self.filter.text().strip().casefold()
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            text = " ".join(item.text(c) for c in range(len(COLUMNS))).casefold()
            item.setHidden(bool(needle) and needle not in text)

    def select(self, company_id: str) -> None:
        select_ids(self.list, [company_id])
        self._show_current()

    def _fill_regions(self, wanted: str) -> None:
        self.region.clear()
        self.region.addItem("(whole country)", "")
        for code, name in _regions(self.country.currentData() or ""):
            self.region.addItem(f"{code} — {name}" if name else code, code)
        self.region.setCurrentIndex(max(self.region.findData(wanted), 0))

    def _show_current(self) -> None:
        company = self.companies.get(current_id(self.list) or "")
        for widget in self.fields.widgets.values():
            widget.setEnabled(company is not None)
        self.save_button.setEnabled(company is not None)
        self.fields.show({})
        if company is None:
            self.details.clear()
            return
        self.name.setText(company.name)
        self.zone.setEditText(company.timezone or "")
        self.country.setCurrentIndex(max(self.country.findData(company.country or ""), 0))
        self._fill_regions(company.subdivision or "")
        self.blackout.setText(events_text(company.blackout_dates))
        self.notes.setPlainText(company.notes)
        self.details.setHtml(self.details_html(company))

    def details_html(self, company: Company) -> str:
        apps = [a for a in queries.list_applications(self.db) if a.company == company.id]
        out = ["<h3>Applications</h3>"]
        for app in apps:
            stage = fmt.words(fmt.STAGE_WORDS, app.stage)
            out.append(f"<p>{html.escape(app.role or app.id)} · {html.escape(stage)}</p>")
        if not apps:
            out.append("<p><i>No applications.</i></p>")
        out.append("<h3>People</h3>")
        staff = queries.list_contacts(self.db, company.id)
        for person in staff:
            title = f", {html.escape(person.title)}" if person.title else ""
            out.append(f"<p>{html.escape(person.name)}{title}</p>")
        if not staff:
            out.append("<p><i>No contacts.</i></p>")
        return "\n".join(out)

    @guarded("Save company")
    def save(self) -> bool:
        company = self.companies.get(current_id(self.list) or "")
        if company is None:
            return False
        errors: dict[str, str] = {}
        name = self.name.text().strip()
        if not name:
            errors["name"] = "A company needs a name."
        zone_name = self.zone.currentText().strip()
        if zone_name:
            try:
                zone(zone_name)
            except ValueError:
                errors["timezone"] = zone_error(zone_name)
        try:
            blackout = parse_events(self.blackout.text())
        except ValueError as exc:
            errors["blackout"] = str(exc)
            blackout = []
        self.fields.show(errors)
        if errors:
            self.result.setText("Not saved: correct the field marked above.")
            return False
        edited = replace(
            company,
            name=name,
            timezone=zone_name or None,
            country=self.country.currentData() or None,
            subdivision=self.region.currentData() or None,
            blackout_dates=blackout,
            notes=self.notes.toPlainText().strip(),
        )
        results = people.update_company(self.db, edited, self.now())
        lines = [line for r in results.values() for line in r.changes]
        self._done(f"Saved {name}. {sentence_case(changes_text(lines))}.", [company.id])
        return True

    def _done(self, text: str, keep: list[str]) -> None:
        self.refresh()
        select_ids(self.list, keep)
        self._show_current()
        self.result.setText(text)
        self.message.emit(text)
        self.changed.emit()

    @guarded("Merge companies")
    def merge(self) -> bool:
        ids = selected_ids(self.list)
        if len(ids) < 2:
            self.result.setText("Select two or more companies to merge (Ctrl+click).")
            return False
        options = [f"{self.companies[i].name} [{i}]" for i in ids]
        keep = ask_keep(self, "Merge companies", options)
        if keep is None:
            return False
        result = people.merge_companies(self.db, ids[keep], ids, self.now())
        name = self.companies[ids[keep]].name
        self._done(
            f"Merged {len(result.merged)} into {name}. "
            f"{sentence_case(changes_text(result.changes))}.",
            [ids[keep]],
        )
        return True
