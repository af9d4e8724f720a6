"""Companies: name, time zone, country and region (whose public holidays count), blackout dates
(launches, events: nothing is planned on them), mail domains (mail from a new sender there is
offered for review), notes; their applications and people; merging
duplicates. Saving re-plans the company's applications and says what moved."""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QPlainTextEdit, QWidget

from followup_desktop.core.clock import Now
from followup_desktop.core.instants import zone
from followup_desktop.core.model import Company, Profile
from followup_desktop.core.planner import PlanResult, employer_country
from followup_desktop.core.zones import country_for_zone, match_zone
from followup_desktop.store import people, queries, undo
from followup_desktop.store.db import Database
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common.view import guarded
from followup_desktop.ui.interview_form.values import events_text, parse_events, zone_names
from followup_desktop.ui.people.records_view import RecordsView, Row
from followup_desktop.ui.settings.values import countries, subdivisions


def _countries() -> list[tuple[str, str]]:
    return countries()


def _regions(country: str) -> list[tuple[str, str]]:
    return subdivisions(country) if country else []


def parse_domains(text: str) -> tuple[str, ...]:
    """'acme.example, @acme.de' -> ('acme.example', 'acme.de'); ValueError (one sentence) for
    a part that is not a domain."""
    found: list[str] = []
    for part in text.split(","):
        domain = part.strip().lstrip("@").lower()
        if not domain:
            continue
        if "@" in domain or "." not in domain.strip(".") or any(c.isspace() for c in domain):
            raise ValueError(
                f"{part.strip()!r} is not a mail domain: write it like acme.example, "
                "several separated by commas."
            )
        if domain not in found:
            found.append(domain)
    return tuple(found)


def _typed_zone(text: str) -> str | None:
    """The zone ``text`` names ('berlin' -> 'Europe/Berlin'), or None while it names none."""
    try:
        return match_zone(text) if text.strip() else None
    except ValueError:
        return None


def derived_country(profile: Profile, company: Company) -> tuple[str | None, bool]:
    """Whose holidays a company without a country keeps (shared/scheduling.md, "Employer
    calendar"): (code or None, True when it comes from the zone rather than the profile)."""
    country, _region = employer_country(profile, replace(company, country=None))
    return country, country_for_zone(company.timezone or profile.timezone) is not None


def country_cell(profile: Profile, company: Company) -> str:
    """The list's Country: the company's own code, or the derived one saying where it is from."""
    if company.country:
        return company.country
    country, from_zone = derived_country(profile, company)
    if country is None:
        return "—"
    return f"{country} (from zone)" if from_zone else f"{country} (your country)"


class CompaniesView(RecordsView):
    TITLE = "Companies"
    KIND = "company"
    DELETE_TEXT = "Delete &company…"
    COLUMNS = ("Name", "Time zone", "Country", "Applications")
    EMPTY_TEXT = (
        "No companies yet.\n\nA company is added with its first interview (Ctrl+N), "
        "or arrives with File › Import…."
    )
    FILTER_HINT = "Filter by name, zone or country"
    SAVE_TIP = "Save and re-plan this company's follow-ups (Ctrl+S)."
    MERGE_TIP = "Fold the selected companies into one: all or nothing."
    SPLIT = (3, 2)  # the list gets the room its four columns need

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(db, now, parent)
        self.companies: dict[str, Company] = self.records
        self.details.setAccessibleName("Applications and people at this company")
        self.country.currentIndexChanged.connect(lambda: self._fill_regions(""))
        self.zone.editTextChanged.connect(self._zone_typed)

    def build_form(self) -> None:
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
        self.country.addItem("From the time zone", "")  # named by _zone_typed
        self.country.setToolTip(
            "Whose public holidays are skipped when planning. Unless you pick one, the country "
            "of the time zone above (your own country's for a zone of none, such as UTC)."
        )
        for code, name in _countries():
            self.country.addItem(f"{name} ({code})", code)
        self.region = QComboBox()
        self.blackout = QLineEdit()
        self.blackout.setPlaceholderText("e.g. 2026-12-01, 2026-12-03 to 2026-12-05")
        self.domains = QLineEdit()
        self.domains.setPlaceholderText("e.g. acme.example, acme-jobs.example")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.fields.add("name", "&Name:", self.name)
        self.fields.add("timezone", "Time &zone:", self.zone, "Messages are planned in this zone.")
        self.fields.add("country", "C&ountry:", self.country, "Its public holidays are skipped.")
        self.fields.add("subdivision", "Re&gion:", self.region)
        self.fields.add(
            "blackout", "&Blackout dates:", self.blackout, "Launches or events: nothing planned."
        )
        self.fields.add(
            "mail_domains",
            "&Mail domains:",
            self.domains,
            "Mail from these domains is about this company. Empty: its people's addresses.",
        )
        self.fields.add("notes", "No&tes:", self.notes)

    def load(self) -> list[Row]:
        self.records.clear()
        self.records.update((c.id, c) for c in queries.list_companies(self.db))
        own = queries.get_profile(self.db)
        counts = queries.applications_per_company(self.db)
        return [
            (
                c.id,
                [c.name, c.timezone or "—", country_cell(own, c), str(counts.get(c.id, 0))],
            )
            for c in self.records.values()
        ]

    def find_duplicates(self) -> list[list[Company]]:
        return people.duplicate_companies(self.db)

    def duplicates_text(self) -> str:
        return "Possible duplicates: " + "; ".join(
            " / ".join(c.name for c in g) for g in self.groups[:3]
        )

    def _fill_regions(self, wanted: str) -> None:
        self.region.clear()
        self.region.addItem("(whole country)", "")
        for code, name in _regions(self.country.currentData() or ""):
            self.region.addItem(f"{code} — {name}" if name else code, code)
        self.region.setCurrentIndex(max(self.region.findData(wanted), 0))

    def _derived_text(self, zone_name: str | None) -> str:
        """The country box's first entry: what "no country" stands for with this zone."""
        names = dict(_countries())
        probe = Company("", "", timezone=zone_name)
        country, from_zone = derived_country(queries.get_profile(self.db), probe)
        name = names.get(country, country) if country else None
        if from_zone:
            source = "From the time zone" if zone_name else "From your time zone"
            return f"{source} ({name or 'weekends only'})"
        return f"Your own country ({name or 'none set in Settings: weekends only'})"

    def _zone_typed(self, text: str) -> None:
        """The zone changed: the first country entry names the country it now stands for."""
        matched = _typed_zone(text)
        if matched is None and text.strip():
            self.country.setItemText(0, "From the time zone (once it names a zone)")
            return
        self.country.setItemText(0, self._derived_text(matched))

    def show_record(self, company: Company) -> None:
        self.name.setText(company.name)
        self.zone.setEditText(company.timezone or "")
        self._zone_typed(company.timezone or "")  # also when the text was already this zone
        self.country.setCurrentIndex(max(self.country.findData(company.country or ""), 0))
        self._fill_regions(company.subdivision or "")
        self.blackout.setText(events_text(company.blackout_dates))
        self.domains.setText(", ".join(company.mail_domains))
        self.notes.setPlainText(company.notes)

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

    def merge_option(self, company_id: str) -> str:
        return f"{self.records[company_id].name} [{company_id}]"

    def merge_records(self, keep: str, ids: list[str]) -> people.MergeResult:
        return people.merge_companies(self.db, keep, ids, self.now())

    def scope(self, ids: list[str]) -> undo.UndoScope:
        return undo.companies_scope(self.db, ids)

    def delete_question(self, company: Company) -> str:
        apps = queries.applications_per_company(self.db).get(company.id, 0)
        staff = len(queries.list_contacts(self.db, company.id))
        return (
            f"Delete {company.name} with its {apps} application{'s' if apps != 1 else ''} and "
            f"{staff} {'person' if staff == 1 else 'people'}, and their interviews, messages "
            "and follow-ups? Edit › Undo brings them back."
        )

    def delete_record(self, company_id: str) -> dict[str, PlanResult]:
        return people.delete_company(self.db, company_id, self.now())

    @guarded("Save company")
    def save(self) -> bool:
        company = self.current()
        if company is None:
            return False
        errors: dict[str, str] = {}
        name = self.name.text().strip()
        if not name:
            errors["name"] = "A company needs a name."
        zone_name = self.zone.currentText().strip()
        if zone_name:
            try:
                zone_name = match_zone(zone_name, "Time zone")  # 'berlin' -> 'Europe/Berlin'
                zone(zone_name)
            except ValueError as exc:  # ZoneNotFound: one sentence with suggestions
                errors["timezone"] = str(exc)
        try:
            blackout = parse_events(self.blackout.text())
        except ValueError as exc:
            errors["blackout"] = str(exc)
            blackout = []
        try:
            domains = parse_domains(self.domains.text())
        except ValueError as exc:
            errors["mail_domains"] = str(exc)
            domains = ()
        if self.refused(errors):
            return False
        edited = replace(
            company,
            name=name,
            timezone=zone_name or None,
            country=self.country.currentData() or None,
            subdivision=self.region.currentData() or None,
            blackout_dates=blackout,
            mail_domains=domains,
            notes=self.notes.toPlainText().strip(),
        )
        results = people.update_company(self.db, edited, self.now())
        self.saved(name, [line for r in results.values() for line in r.changes], company.id)
        return True
