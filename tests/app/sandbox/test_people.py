"""The shared population: deterministic, lazily generated, and varied like real stores."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from app.sandbox.people import (
    Population,
    loke_id,
    loke_index,
    qudini_identifier,
    qudini_index,
    reservations_id,
    reservations_index,
)

ANCHOR = datetime(2026, 11, 20, 9, tzinfo=UTC)


def test_same_seed_same_people_other_seed_other_people() -> None:
    a, b, c = Population(500, 1, ANCHOR), Population(500, 1, ANCHOR), Population(500, 2, ANCHOR)
    assert a.people(0, 50) == b.people(0, 50)
    assert a.people(0, 50) != c.people(0, 50)


def test_a_million_people_cost_nothing_up_front() -> None:
    big = Population(1_000_000, 1, ANCHOR)
    last = big.person(999_999)
    assert last.index == 999_999 and last.full_name


def test_ids_decode_back_to_the_person() -> None:
    for index in (0, 1, 4242, 999_999):
        assert loke_index(loke_id(1, index)) == (index, False)
        assert loke_index(loke_id(1, index, duplicate=True)) == (index, True)
        assert reservations_index(reservations_id(1, index)) == index
        assert qudini_index(qudini_identifier(1, index, 2)) == (index, 2)
    assert len(loke_id(1, 5)) == 26 and len(qudini_identifier(1, 5, 0)) == 33


def test_realistic_variety() -> None:
    people = Population(2000, 1, ANCHOR).people()
    names = " ".join(p.full_name for p in people)
    assert "'" in names and any(ord(ch) > 127 for ch in names)
    assert any(p.email is None for p in people) and any(p.mobile_e164 is None for p in people)
    assert any(p.blacklist_reason for p in people) and any(p.reservations_dummy for p in people)
    assert any(p.loke_duplicate for p in people)
    emails = [p for p in people if p.email]
    assert any(p.email_variant("reservations") != p.email for p in emails)
    assert all((p.email_variant("booxi") or "").casefold() == (p.email or "").casefold()
               for p in emails)
    phones = [p for p in people if p.mobile_e164]
    assert any((p.phone_variant("reservations") or "").startswith("04") for p in phones)
    statuses = {b.status for p in people[:200] for b in p.bookings("booxi", ANCHOR)}
    assert {"upcoming", "completed", "cancelled", "no-show"} <= statuses


def test_lookup_by_email_and_phone_in_any_form() -> None:
    population = Population(300, 1, ANCHOR)
    person = next(p for p in population.people() if p.email and p.mobile_e164)
    assert population.find_by_email(f"  {person.email.upper()} ") == [person.index]  # type: ignore[union-attr]
    assert person.index in population.find_by_phone(person.mobile_e164)  # type: ignore[arg-type]
    assert person.index in population.find_by_phone(person.mobile_national)  # type: ignore[arg-type]


def test_email_and_phone_lookups_find_everyone_and_nobody_else() -> None:
    population = Population(200, 3, ANCHOR)
    for person in population.people():
        if person.email:
            assert population.find_by_email(person.email.upper()) == [person.index]
        else:
            assert population.find_by_email(f"x{person.index}@example.com") == []
        if person.mobile_e164:
            assert population.find_by_phone(person.mobile_e164) == [person.index]
            assert population.find_by_phone(person.mobile_national or "") == [person.index]
        else:  # the number this person would have had belongs to nobody
            subscriber = (person.index * 7919 + 3 * 104729) % 10**8
            assert population.find_by_phone(f"+614{subscriber:08d}") == []
    assert population.find_by_email("nobody@example.com") == []
    assert population.find_by_email("olivia.smith999999@example.com") == []  # past the end
    assert population.find_by_phone("+15551234567") == []
    assert population.find_by_phone("+61 4²² 222 333") == []  # not ASCII digits: no crash


def test_lookups_in_a_million_people_build_no_index() -> None:
    big = Population(1_000_000, 1, ANCHOR)
    last = big.person(999_999)
    assert last.email and last.mobile_e164
    started = time.perf_counter()
    assert big.find_by_email(last.email) == [999_999]
    assert big.find_by_phone(last.mobile_e164) == [999_999]
    assert big.find_by_email("nobody@example.com") == []
    assert time.perf_counter() - started < 1.0  # indexing everyone took ~24 s
