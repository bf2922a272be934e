"""A pass that would remove all, or most, of a vendor's records removes nothing until confirmed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.cache.db import Cache
from app.cache.removals import FLOOR, suspicious
from app.cache.writer import CacheWriter
from tests.app.cache.conftest import record


@pytest.mark.parametrize(("stored", "gone", "held"), [
    (0, 0, False), (10, 0, False),
    (3, 3, True), (1, 1, True), (500, 500, True),          # all of them, however few
    (30, 2, False), (40, FLOOR, False),                     # a few gone: normal churn
    (40, FLOOR + 1, True), (100, 51, True), (100, 50, False),  # more than half, above the floor
])
def test_what_counts_as_suspicious(stored: int, gone: int, held: bool) -> None:
    assert (suspicious(stored, gone) is not None) is held


@pytest.fixture
def filled(writer: CacheWriter) -> Iterator[CacheWriter]:
    writer.upsert("loke", [record("loke", f"L{k}", f"Person {k}") for k in range(30)],
                  pass_id="first")
    writer.finish_pass("loke", "first")
    yield writer


def stored(writer: CacheWriter) -> int:
    return int(writer.conn.execute(
        "SELECT COUNT(*) FROM records WHERE vendor = 'loke'").fetchone()[0])


def test_an_empty_answer_removes_nothing_until_a_second_pass_agrees(filled: CacheWriter) -> None:
    held = filled.finish_pass("loke", "empty-1")  # a pass that saw no record at all
    assert (held.removed, held.held_back, held.stored) == (0, 30, 30)
    assert held.held_reason == "the answer would remove all 30 records"
    assert stored(filled) == 30
    state = filled.conn.execute("SELECT held_back, last_error FROM sync_state "
                                "WHERE vendor = 'loke'").fetchone()
    assert state[0] == 30 and "kept 30 records" in state[1] and "--accept-removals" in state[1]
    confirmed = filled.finish_pass("loke", "empty-2")  # the vendor says the same again
    assert (confirmed.removed, confirmed.held_back) == (30, 0) and stored(filled) == 0


def test_accepting_removals_removes_at_once(filled: CacheWriter) -> None:
    totals = filled.finish_pass("loke", "empty", accept_removals=True)
    assert (totals.removed, totals.held_back) == (30, 0) and stored(filled) == 0


def test_a_few_gone_are_removed_as_usual(filled: CacheWriter) -> None:
    filled.upsert("loke", [record("loke", f"L{k}", f"Person {k}") for k in range(27)],
                  pass_id="second")
    totals = filled.finish_pass("loke", "second")
    assert (totals.removed, totals.held_back) == (3, 0) and stored(filled) == 27


def test_a_different_answer_next_time_is_held_again(filled: CacheWriter) -> None:
    assert filled.finish_pass("loke", "empty-1").held_back == 30
    filled.upsert("loke", [record("loke", "L0", "Person 0")], pass_id="one-left")
    again = filled.finish_pass("loke", "one-left")  # 29 missing now, not the 30 held
    assert (again.removed, again.held_back) == (0, 29) and stored(filled) == 30


def test_the_held_count_survives_reopening(cache: Cache, filled: CacheWriter) -> None:
    filled.finish_pass("loke", "empty-1")
    other = CacheWriter(cache)
    try:
        assert other.finish_pass("loke", "empty-2").removed == 30  # confirmed across runs
    finally:
        other.close()


def test_a_customer_gone_upstream_takes_their_cached_profile_and_qudini_visits(
        filled: CacheWriter) -> None:
    from datetime import UTC, datetime

    from app.customer import store
    from app.customer.model import Section, Status

    conn = filled.conn
    ids = dict(conn.execute("SELECT vendor_id, customer_id FROM records WHERE vendor = 'loke'"))
    gone, kept = ids["L0"], ids["L1"]
    now = datetime(2026, 12, 1, tzinfo=UTC)
    for customer in (gone, kept):
        store.save_section(conn, customer, Section(vendor="loke", status=Status.OK,
                                                   as_of=now, checked_at=now))
        store.attach_qudini(conn, f"Q{customer}", customer, now)
    store.attach_qudini(conn, "QUNATTACHED", None, now)  # nobody's yet: stays
    filled.upsert("loke", [record("loke", f"L{k}", f"Person {k}") for k in range(1, 30)],
                  pass_id="second")
    assert filled.finish_pass("loke", "second").removed == 1  # L0 is gone upstream

    def customers_in(table: str) -> set[int | None]:
        return {r[0] for r in conn.execute(f"SELECT customer_id FROM {table}")}

    assert customers_in("profile_sections") == {kept}
    assert customers_in("qudini_visits") == {kept, None}


def test_a_merged_away_customer_hands_their_qudini_visits_to_the_merged_customer(
        writer: CacheWriter) -> None:
    from datetime import UTC, datetime

    from app.customer import store

    conn = writer.conn
    writer.upsert("loke", [record("loke", "A", "Ana Ruiz", "ana@example.com")])
    writer.upsert("reservations", [record("reservations", "B", "Ana R.", None, "0411 222 333")])
    ids = dict(conn.execute("SELECT vendor_id, customer_id FROM records"))
    assert ids["A"] != ids["B"]
    retired, survivor = max(ids.values()), min(ids.values())
    store.attach_qudini(conn, "QVISIT", retired, datetime(2026, 12, 1, tzinfo=UTC))
    # a third record with both contacts: one person now, the older id stays
    writer.upsert("loke", [record("loke", "C", "Ana Ruiz", "ana@example.com", "0411 222 333")])
    merged = {r[0] for r in conn.execute("SELECT customer_id FROM records")}
    assert merged == {survivor}
    assert store.qudini_visit(conn, "QVISIT")[0] == survivor
    writer.upsert("loke", [record("loke", f"X{k}", f"X {k}") for k in range(3)], pass_id="p")
    writer.upsert("loke", [record("loke", "A", "Ana Ruiz", "ana@example.com"),
                           record("loke", "C", "Ana Ruiz", "ana@example.com", "0411 222 333")],
                  pass_id="p")
    writer.finish_pass("loke", "p")  # removes nobody of Ana's: her visit stays hers
    assert store.qudini_visit(conn, "QVISIT")[0] == survivor
