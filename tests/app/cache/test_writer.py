"""Writes: records in, people out; diffs, gone records, and manual links surviving syncs."""

from __future__ import annotations

import json

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
