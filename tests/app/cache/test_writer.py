"""Writes: records in, people out; diffs, gone records, and manual links surviving syncs."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cache.schema import FTS_INDEXES
from app.cache.writer import CacheWriter
from tests.app.cache.conftest import record


def customers(writer: CacheWriter) -> list[tuple[str, list[str], int | None, int]]:
    rows = writer.conn.execute(
        "SELECT name, vendors, points, blacklisted FROM customers ORDER BY name").fetchall()
    return [(r[0], json.loads(r[1]), r[2], r[3]) for r in rows]


def test_one_person_across_vendors(writer: CacheWriter) -> None:
    writer.upsert("loke", [record("loke", "L1", "Zoë Nguyễn", "Zoe@Example.com",
                                  "+61411222333", points=120)])
    writer.replace_all("reservations", [
        record("reservations", "R1", "Zoe Nguyen", "zoe@example.com", blacklisted=True,
               reason="Abusive to staff")])
    assert customers(writer) == [("Zoë Nguyễn", ["loke:L1", "reservations:R1"], 120, 1)]
    reason = writer.conn.execute(
        "SELECT link_reason FROM records WHERE vendor_id = 'R1'").fetchone()[0]
    assert reason == "same email zoe@example.com"


def test_unchanged_records_cost_nothing_and_diff_counts(writer: CacheWriter) -> None:
    first = writer.replace_all("reservations", [record("reservations", "R1", "Ana", "a@x.com"),
                                                record("reservations", "R2", "Leo", "l@x.com")])
    assert (first.added, first.changed, first.removed) == (2, 0, 0)
    again = writer.replace_all("reservations", [record("reservations", "R1", "Ana", "a@x.com"),
                                                record("reservations", "R2", "Leo", "l@x.com")])
    assert (again.added, again.changed, again.unchanged, again.removed) == (0, 0, 2, 0)
    later = writer.replace_all("reservations", [record("reservations", "R1", "Ana B", "a@x.com")])
    assert (later.changed, later.removed) == (1, 1)
    assert [c[0] for c in customers(writer)] == ["Ana B"]


def test_gone_upstream_after_a_full_pass(writer: CacheWriter) -> None:
    writer.upsert("loke", [record("loke", "L1", "Ana", "a@x.com"),
                           record("loke", "L2", "Leo", "l@x.com")], pass_id="p1")
    writer.upsert("loke", [record("loke", "L1", "Ana", "a@x.com")], pass_id="p2")
    assert writer.remove_missing("loke", "p2") == 1
    assert [c[0] for c in customers(writer)] == ["Ana"]
    assert writer.conn.execute("SELECT COUNT(*) FROM contact_index WHERE value = 'l@x.com'"
                               ).fetchone()[0] == 0


def test_a_person_splits_when_the_shared_key_changes(writer: CacheWriter) -> None:
    writer.upsert("loke", [record("loke", "L1", "Ana", "a@x.com")])
    writer.replace_all("reservations", [record("reservations", "R1", "Ana", "a@x.com")])
    assert len(customers(writer)) == 1
    writer.replace_all("reservations", [record("reservations", "R1", "Ana", "other@x.com")])
    assert len(customers(writer)) == 2


def test_manual_unlink_and_link_survive_later_syncs(writer: CacheWriter) -> None:
    writer.upsert("loke", [record("loke", "L1", "Ana", "a@x.com")])
    writer.replace_all("reservations", [record("reservations", "R1", "Ana", "a@x.com"),
                                        record("reservations", "R2", "Bo", "b@x.com")])
    writer.set_manual(("loke", "L1"), ("reservations", "R1"), "unlink")
    writer.set_manual(("loke", "L1"), ("reservations", "R2"), "link")
    for _ in range(2):  # later syncs with the same and with changed data
        writer.upsert("loke", [record("loke", "L1", "Ana", "a@x.com", points=5)])
        writer.replace_all("reservations", [record("reservations", "R1", "Ana", "a@x.com"),
                                            record("reservations", "R2", "Bo B", "b@x.com")])
    rows = dict(writer.conn.execute("SELECT vendor_id, customer_id FROM records"))
    assert rows["L1"] == rows["R2"] != rows["R1"]


def test_state_is_written_with_the_page(writer: CacheWriter) -> None:
    writer.upsert("loke", [record("loke", "L1", "Ana")], pass_id="p1",
                  state={"cursor": "http://x/next", "pages": 1, "pass_id": "p1"})
    row = writer.conn.execute("SELECT cursor, pages, pass_id FROM sync_state").fetchone()
    assert row == ("http://x/next", 1, "p1")


def fts_ok(writer: CacheWriter) -> None:
    """Both full-text indexes match the customers table exactly (FTS5's own check)."""
    for table in FTS_INDEXES:
        writer.conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")


people = st.lists(st.tuples(
    st.sampled_from(["loke", "reservations"]), st.sampled_from(["1", "2", "3", "4", "5"]),
    st.sampled_from(["Ana", "Zoë Ng", "Leo O'Brien", ""]),
    st.sampled_from([None, "a@x.com", "b@x.com", "A@X.com"]),
    st.sampled_from([None, "0411 222 333", "+61400999888"]),
    st.integers(min_value=1, max_value=28)), max_size=6)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=st.lists(people, min_size=1, max_size=5))
def test_full_text_indexes_follow_every_write(writer: CacheWriter,
                                              batches: list[list[tuple[Any, ...]]]) -> None:
    """Inserts, renames, relinks, moves in recency and removals keep the indexes exact."""
    for number, batch in enumerate(batches):
        records = [record(v, f"{v[0]}{i}", n, e, p, day=d) for v, i, n, e, p, d in batch]
        writer.upsert("loke", [r for r in records if r.vendor == "loke"], pass_id=str(number))
        writer.replace_all("reservations", [r for r in records if r.vendor == "reservations"])
        fts_ok(writer)
        if number % 2:
            writer.remove_missing("loke", str(number))
            fts_ok(writer)


def test_a_pass_counts_exactly_across_batches(writer: CacheWriter) -> None:
    writer.set_state("loke", added=0, changed=0)
    writer.upsert("loke", [record("loke", "L1", "Ana", "a@x.com")], pass_id="p", count=True)
    writer.upsert("loke", [record("loke", "L2", "Leo", "l@x.com")], pass_id="p", count=True)
    totals = writer.finish_pass("loke", "p", state={"pass_id": None})
    assert (totals.added, totals.changed, totals.removed, totals.stored) == (2, 0, 0, 2)
    writer.set_state("loke", added=0, changed=0)
    writer.upsert("loke", [record("loke", "L1", "Ana B", "a@x.com")], pass_id="q", count=True)
    totals = writer.finish_pass("loke", "q")
    assert (totals.added, totals.changed, totals.removed, totals.stored) == (0, 1, 1, 1)


def test_tidying_the_search_index_keeps_it_whole_and_finds_the_same(writer: CacheWriter) -> None:
    from app.cache.search import Searcher

    for day in range(1, 6):  # five transactions: five segments per index
        writer.upsert("loke", [record("loke", f"L{day}{n}", f"Ana{n} Lee", f"a{day}{n}@x.com",
                                      f"+6141122{day}{n:03d}", day=day) for n in range(20)])
    searcher = Searcher(writer.conn)
    queries = ["ana1", "lee", "a31@", "1122", "x.com"]
    before = {q: [h.customer_id for h in searcher.search(q)] for q in queries}
    data_rows = writer.conn.execute("SELECT COUNT(*) FROM name_fts_data").fetchone()[0]
    writer.tidy_search()
    fts_ok(writer)
    assert writer.conn.execute("SELECT COUNT(*) FROM name_fts_data").fetchone()[0] < data_rows
    assert {q: [h.customer_id for h in searcher.search(q)] for q in queries} == before


def test_blacklisted_since_is_when_the_flag_first_turned_on(writer: CacheWriter) -> None:
    def since() -> str | None:
        row = writer.conn.execute("SELECT blacklisted_since FROM records WHERE vendor_id = "
                                  "'R1'").fetchone()
        return None if row is None else row[0]

    writer.replace_all("reservations", [record("reservations", "R1", "Ana", "a@x.com")])
    assert since() is None
    writer.replace_all("reservations", [record("reservations", "R1", "Ana", "a@x.com",
                                               blacklisted=True, reason="Rude")])
    first = since()
    assert first is not None
    writer.conn.execute("UPDATE records SET blacklisted_since = '2020-01-01T00:00:00+00:00'")
    writer.replace_all("reservations", [record("reservations", "R1", "Ana B", "a@x.com",
                                               blacklisted=True, reason="Very rude")])
    assert since() == "2020-01-01T00:00:00+00:00"  # still on it: the first date stays
    writer.replace_all("reservations", [record("reservations", "R1", "Ana B", "a@x.com")])
    assert since() is None


def test_linked_customers_are_found_by_either_name(writer: CacheWriter) -> None:
    from app.cache.search import Searcher

    writer.upsert("loke", [record("loke", "L1", "Mateo Ahmed", "m@x.com")])
    writer.replace_all("reservations", [record("reservations", "R2", "Amélie Williams",
                                               "a@y.com")])
    writer.set_manual(("loke", "L1"), ("reservations", "R2"), "link")
    searcher = Searcher(writer.conn)
    [one] = {h.customer_id for q in ("mateo ahmed", "amelie williams", "willi")
             for h in searcher.search(q)}
    assert searcher.search("amelie")[0].name == "Mateo Ahmed"  # shown by one name
    fts_ok(writer)
    assert one
