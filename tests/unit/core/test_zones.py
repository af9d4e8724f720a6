"""A zone as the user types it (core/zones.match_zone): a city alone when it is unambiguous,
one sentence with suggestions otherwise; and the country a zone belongs to."""

from __future__ import annotations

import pytest

from followup_desktop.core.zones import ZoneNotFound, country_for_zone, match_zone


@pytest.mark.parametrize(
    ("typed", "zone"),
    [("berlin", "Europe/Berlin"), ("BERLIN", "Europe/Berlin"), ("new york", "America/New_York"),
     ("  New   York ", "America/New_York"), ("new_york", "America/New_York"),
     ("Europe/Berlin", "Europe/Berlin"), ("europe/berlin", "Europe/Berlin"),
     ("america/new york", "America/New_York"), ("São Paulo", "America/Sao_Paulo"),
     ("utc", "UTC"), ("Etc/GMT+5", "Etc/GMT+5"), ("US/Eastern", "US/Eastern")],
)  # fmt: skip
def test_a_full_name_in_any_case_or_a_city_alone(typed, zone):
    assert match_zone(typed) == zone


def test_a_city_shared_with_an_old_alias_is_the_canonical_zone():
    assert match_zone("louisville") == "America/Kentucky/Louisville"  # not America/Louisville
    assert match_zone("Singapore") == "Asia/Singapore"  # not the alias "Singapore"
    assert match_zone("buenos aires") == "America/Argentina/Buenos_Aires"


def test_an_ambiguous_city_is_one_sentence_naming_the_field_and_the_choices():
    with pytest.raises(ZoneNotFound) as caught:
        match_zone("eastern", field="Company time zone")
    assert str(caught.value) == (
        "Company time zone “eastern” could be Canada/Eastern or US/Eastern: type the full name."
    )
    assert caught.value.suggestions == ("Canada/Eastern", "US/Eastern")


def test_an_unknown_zone_suggests_up_to_three():
    with pytest.raises(ZoneNotFound) as caught:
        match_zone("berln")
    assert caught.value.suggestions == ("Europe/Berlin",)
    assert str(caught.value) == (
        "Time zone “berln” is not a time zone I know; did you mean Europe/Berlin?"
    )
    with pytest.raises(ZoneNotFound) as caught:
        match_zone("new")
    assert len(caught.value.suggestions) == 3
    assert "America/New_York" in caught.value.suggestions
    with pytest.raises(ZoneNotFound) as caught:
        match_zone("Springfield")
    assert caught.value.suggestions == () and "type a city such as Berlin" in str(caught.value)
    assert str(caught.value).count(".") == 1  # one sentence (the example's dot aside)


def test_an_offset_or_nothing_is_refused_with_a_reason():
    with pytest.raises(ZoneNotFound, match="is an offset, not a zone"):
        match_zone("GMT+5")  # Etc/GMT+5 would be UTC-5
    with pytest.raises(ZoneNotFound, match="is an offset, not a zone"):
        match_zone("utc -3")
    with pytest.raises(ZoneNotFound) as caught:
        match_zone("   ")
    assert str(caught.value) == "Time zone is empty; type a city such as Berlin."


def test_a_matched_zone_finds_its_country():
    assert country_for_zone(match_zone("berlin")) == "DE"
    assert country_for_zone(match_zone("tokyo")) == "JP"
    assert country_for_zone(match_zone("utc")) is None
