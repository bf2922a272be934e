"""The sandbox population's disagreeing records: a landline at reservations for some people,
Booxi's own spellings for others — deterministic, and only where the records still link."""

from __future__ import annotations

from app.domain.contacts import normalise_phone
from app.domain.text import fold
from app.sandbox.people import BOOXI_SPELLINGS, FIRST_NAMES, Population


def test_some_people_gave_reservations_another_valid_phone() -> None:
    population = Population(2000, seed=3)
    others = [p for p in population.people() if p.other_reservations_phone]
    assert 20 < len(others) < 200
    for person in others:
        landline = person.phone_variant("reservations")
        assert person.email and person.in_loke and not person.reservations_dummy  # still linked
        assert normalise_phone(landline, "AU") == landline != person.mobile_e164
        assert person.phone_variant("loke") == person.mobile_e164
    again = Population(2000, seed=3)
    assert [p.phone_variant("reservations") for p in others] == \
        [again.person(p.index).phone_variant("reservations") for p in others]


def test_booxi_spells_some_names_its_own_way() -> None:
    assert set(BOOXI_SPELLINGS) == set(FIRST_NAMES)
    assert all(fold(a) != fold(b) for a, b in BOOXI_SPELLINGS.items())  # real misspellings
    people = Population(500, seed=3).people()
    spelt = [p for p in people if p.name_variant("booxi")[0] != p.first_name]
    assert any(fold(p.name_variant("booxi")[0]) != fold(p.first_name) for p in spelt)
    assert any(fold(p.name_variant("booxi")[0]) == fold(p.first_name) for p in spelt)
    for person in people:
        first, last = person.name_variant("booxi")
        if person.index % 11 not in (2, 5):
            assert (first, last) == (person.first_name, person.last_name)
        assert person.name_variant("loke") == (person.first_name, person.last_name)
