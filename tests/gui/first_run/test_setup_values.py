"""The first-run setup without widgets: when it is offered, what it pre-fills, one sentence per
bad field, and a save that is one transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest

from followup_desktop.core.model import Cadence, Company, Profile
from followup_desktop.store import queries, writes
from followup_desktop.store.db import StoreError
from followup_desktop.ui.first_run import values
from followup_desktop.ui.first_run.offer import SETUP_DONE_KEY, needs_setup
from tests.builders import add_acme


def test_a_new_file_is_offered_the_setup(db):
    assert needs_setup(db) is True


def test_a_finished_setup_is_not_offered_again_even_on_an_empty_file(db, now):
    writes.set_setting(db, SETUP_DONE_KEY, now.isoformat())
    assert needs_setup(db) is False


@pytest.mark.parametrize(
    "change",
    [
        lambda db, now: add_acme(db, now),
        lambda db, now: writes.save_company(db, Company("acme", "Acme"), now),
        lambda db, now: writes.save_profile(db, Profile(timezone="Europe/Berlin"), now),
        lambda db, now: writes.save_profile(db, Profile(name="Alex"), now),
    ],
    ids=["applications", "a company", "a zone", "a name"],
)
def test_an_existing_user_never_sees_it(db, now, change):
    change(db, now)
    assert needs_setup(db) is False


def test_the_zone_comes_from_the_computer_and_the_country_from_the_zone():
    found = values.values_for(Profile(), "Europe/Berlin")
    assert (found.timezone, found.country, found.send_time) == ("Europe/Berlin", "DE", time(8, 30))
    assert found.cadence == "standard"
    assert values.values_for(Profile(), "Etc/UTC").country == ""  # a zone of no country
    assert values.values_for(Profile(), "Not/AZone").timezone == "UTC"
    stored = Profile(
        timezone="Asia/Tokyo",
        country="JP",
        links=["https://x.example", "https://www.linkedin.com/in/a"],
    )
    found = values.values_for(stored, "Europe/Berlin")  # what is stored wins
    assert (found.timezone, found.country) == ("Asia/Tokyo", "JP")
    assert (found.linkedin, found.portfolio) == (
        "https://www.linkedin.com/in/a",
        "https://x.example",
    )


def test_the_computers_zone_is_read_from_etc_localtime(tmp_path):
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/America/Chicago")
    assert values.zone_from_localtime(link) == "America/Chicago"
    assert values.zone_from_localtime(tmp_path / "missing") is None


def test_the_presets_have_human_names():
    names = [(value, words) for value, words, _ in values.preset_choices()]
    assert names == [
        ("standard", "Standard"),
        ("72-hour", "72-hour timeline"),
        ("patient", "Patient"),
    ]
    assert all(what for _, _, what in values.preset_choices())


GOOD = values.SetupValues(name="Alex Morgan", timezone="Europe/Berlin", country="DE")


@pytest.mark.parametrize(
    ("field", "typed", "words"),
    [
        ("name", "  ", "Name is empty"),
        ("email", "alex.example.org", "Email 'alex.example.org' is not an address"),
        ("phone", "call me", "Phone 'call me' has letters"),
        ("linkedin", "https://github.com/alex", "LinkedIn link 'https://github.com/alex' is not a"),
        ("portfolio", "my site", "Portfolio link 'https://my site' is not a web address"),
        ("timezone", "Mars/Base", "Home time zone “Mars/Base” is not a time zone I know"),
        ("timezone", "springfield", "Home time zone “springfield” is not a time zone I know"),
        ("timezone", "eastern", "Home time zone “eastern” could be Canada/Eastern or US/Eastern"),
        ("country", "Narnia", "Unknown country 'Narnia'"),
        ("cadence", "weekly", "Preset 'weekly' is unknown"),
    ],
)
def test_each_bad_field_is_one_sentence_naming_it(field, typed, words):
    checked = values.check_setup(replace(GOOD, **{field: typed}), Profile())
    assert checked.profile is None
    assert list(checked.errors) == [field]
    assert checked.errors[field].startswith(words)
    assert checked.errors[field].endswith(".")


@pytest.mark.parametrize(
    ("typed", "name"), [("berlin", "Europe/Berlin"), (" new york ", "America/New_York")]
)
def test_a_city_typed_as_the_home_zone_is_saved_under_its_iana_name(typed, name):
    profile = values.check_setup(replace(GOOD, timezone=typed), Profile()).profile
    assert profile is not None and profile.timezone == name
    assert values.matched_zone(typed) == name
    assert values.matched_zone("springfield") is None


def test_a_page_checks_only_its_own_fields():
    bad = replace(GOOD, name="", timezone="Mars/Base")
    assert list(values.check_setup(bad, Profile(), values.PAGES[0]).errors) == ["name"]
    assert list(values.check_setup(bad, Profile(), values.PAGES[1]).errors) == ["timezone"]


def test_the_checked_profile_keeps_links_in_order_and_adds_https():
    typed = replace(
        GOOD,
        email=" alex@example.org ",
        linkedin="www.linkedin.com/in/alex",
        portfolio="https://alex.example",
        cadence="patient",
        send_time=time(9, 15),
        country="germany",
        subdivision="by",
    )
    profile = values.check_setup(typed, Profile(min_spacing_days=6)).profile
    assert profile is not None
    assert profile.links == ["https://www.linkedin.com/in/alex", "https://alex.example"]
    assert (profile.email, profile.country, profile.subdivision) == ("alex@example.org", "DE", "BY")
    assert profile.cadence == Cadence.PATIENT and profile.send_time == time(9, 15)
    assert profile.min_spacing_days == 6  # what the setup does not ask stays


def test_saving_writes_the_profile_and_the_flag_in_one_transaction(db, now, monkeypatch):
    profile = values.check_setup(GOOD, Profile()).profile
    assert profile is not None

    def full(*_args):
        raise StoreError("The disk is full.")

    monkeypatch.setattr(writes, "set_setting", full)
    with pytest.raises(StoreError):
        values.save_setup(db, profile, now)
    assert queries.get_profile(db) == Profile()  # nothing half-saved
    monkeypatch.undo()
    values.save_setup(db, profile, now)
    assert queries.get_profile(db).name == "Alex Morgan"
    assert queries.get_setting(db, SETUP_DONE_KEY) == now.isoformat()
    assert needs_setup(db) is False
