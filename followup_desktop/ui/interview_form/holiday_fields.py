"""Whose public holidays the employer keeps: the notes form's Country and Region boxes.

Empty means "from the time zone" (shared/scheduling.md: Europe/Berlin -> Germany), and the
first entry says which country that is. The lists of countries and regions come from the
``holidays`` package, read the first time a box is opened or used (see choice_lists.LazyCombo).
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from followup_desktop.core.zones import ZoneNotFound, country_for_zone, match_zone
from followup_desktop.ui.interview_form.choice_lists import LazyCombo


def _countries() -> list[tuple[str, str]]:
    # lazy: the holidays package, ~38 ms (bench_lazy_imports), paid when the list first opens
    from followup_desktop.ui.settings.values import countries

    return countries()


def _regions(country: str) -> list[tuple[str, str]]:
    # lazy: the holidays package, ~38 ms, see _countries
    from followup_desktop.ui.settings.values import subdivisions

    return subdivisions(country) if country else []


def _zone_country(typed: str | None) -> str | None:
    """The country of a zone as typed ('berlin' is Europe/Berlin), or None."""
    try:
        return country_for_zone(match_zone(typed or ""))
    except (ZoneNotFound, ValueError):
        return None


class HolidayFields(QWidget):
    """Country (empty: from the zone) and region (empty: the whole country)."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone_country: str | None = None
        self.country = LazyCombo(self._fill_countries, self)
        self.country.setAccessibleName("Country")
        self.country.setToolTip(
            "Whose public holidays are skipped when planning. Unless you pick one, the country "
            "of the time zone above."
        )
        self.region = LazyCombo(self._fill_regions, self)
        self.region.setAccessibleName("Region")
        self.region.setToolTip("A state or region with holidays of its own (optional).")
        self.region_label = QLabel("Re&gion:", self)
        self.region_label.setBuddy(self.region)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.country, 2)
        row.addWidget(self.region_label)
        row.addWidget(self.region, 1)
        self.set_value("", "", None)
        self.country.currentIndexChanged.connect(self._country_picked)
        self.region.currentIndexChanged.connect(self.edited)

    # --- values -------------------------------------------------------------------------

    def value(self) -> tuple[str, str]:
        """(country code or "", region code or "") as chosen."""
        return self.country.currentData() or "", self.region.currentData() or ""

    def set_value(self, country: str, region: str, zone: str | None) -> None:
        """Show a stored choice; ``zone`` names the country "from the time zone" stands for."""
        self.zone_country = _zone_country(zone)
        blockers = [QSignalBlocker(self.country), QSignalBlocker(self.region)]
        self.country.clear()
        self.country.addItem(self._from_zone_text(), "")
        if country:
            self.country.addItem(country, country)
            self.country.setCurrentIndex(1)
        self.country.forget()
        self._set_regions(country, region, fill=False)
        del blockers

    def set_zone(self, zone: str) -> None:
        """The time zone changed: "from the time zone" now stands for its country."""
        self.zone_country = _zone_country(zone)
        self.country.setItemText(0, self._from_zone_text())
        if not self.country.currentData():
            self._set_regions("", "", fill=False)

    def _from_zone_text(self) -> str:
        if self.zone_country:
            return f"From the time zone ({self._name(self.zone_country)})"
        return "From the time zone (your own country's holidays)"

    def _name(self, code: str) -> str:
        """'Germany' once the list is read; the code alone until then (no import)."""
        if self.country.filled:
            return dict(_countries()).get(code) or code
        return code

    # --- filling ------------------------------------------------------------------------

    def _fill_countries(self) -> None:
        chosen = self.country.currentData() or ""
        with QSignalBlocker(self.country):
            self.country.clear()
            self.country.addItem(self._from_zone_text(), "")
            for code, name in _countries():
                self.country.addItem(f"{name} ({code})", code)
            index = self.country.findData(chosen) if chosen else 0
            if index < 0:  # a stored code the package does not know: keep it as it is
                self.country.addItem(chosen, chosen)
                index = self.country.count() - 1
            self.country.setCurrentIndex(index)
            self.country.setItemText(0, self._from_zone_text())

    def _fill_regions(self) -> None:
        country = self.country.currentData() or ""
        chosen = self.region.currentData() or ""
        self._set_regions(country, chosen, fill=True)

    def _set_regions(self, country: str, region: str, *, fill: bool) -> None:
        with QSignalBlocker(self.region):
            self.region.clear()
            self.region.addItem("Whole country", "")
            if fill:
                for code, name in _regions(country):
                    self.region.addItem(f"{name} ({code})" if name else code, code)
            index = self.region.findData(region) if region else 0
            if index < 0:
                self.region.addItem(region, region)
                index = self.region.count() - 1
            self.region.setCurrentIndex(index)
        if fill:
            self.region.filled = True
        else:
            self.region.forget()
        self.region.setEnabled(bool(country))
        self.region_label.setEnabled(bool(country))

    def _country_picked(self, _index: int) -> None:
        self._set_regions(self.country.currentData() or "", "", fill=False)
        self.edited.emit()
