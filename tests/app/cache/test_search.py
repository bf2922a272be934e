"""Search: any name-word prefix, any part of an email, any run of phone digits; ranked."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cache.search import PROBE_CHARS, Searcher, _contact_shaped, _probe
from app.cache.writer import CacheWriter
from tests.app.cache.conftest import record


@pytest.fixture(autouse=True)
def people(writer: CacheWriter) -> None:
    writer.upsert("loke", [
        record("loke", "L1", "Zoë Nguyễn", "zoe.nguyen42@example.com", "0411 222 333",
               points=120, day=5),
        record("loke", "L2", "Liam O'Brien", "liam@obrien.example.net", "+61400999888", day=3),
        record("loke", "L3", "Zoe Smith", "zs@example.org", day=9),
        record("loke", "L4", "Zoey Adams", "zoey@example.org", day=1),
    ])
    writer.replace_all("reservations", [
        record("reservations", "R1", "Zoe Nguyen", "ZOE.NGUYEN42@EXAMPLE.COM", blacklisted=True,
               reason="Abusive"),
        record("reservations", "R2", "Bob <b>Bold</b>", "bob@example.com"),
    ])


def names(searcher: Searcher, text: str) -> list[str]:
    return [h.name for h in searcher.search(text)]


@pytest.mark.parametrize(("query", "expected"), [
    ("z", "Zoe Smith"), ("zo", "Zoe Smith"), ("zoe", "Zoe Smith"), ("ngu", "Zoë Nguyễn"),
    ("nguyen", "Zoë Nguyễn"), ("NGUYỄN", "Zoë Nguyễn"), ("obrien", "Liam O'Brien"),
    ("o'brien", "Liam O'Brien"), ("zoe ng", "Zoë Nguyễn"), ("nguyen42@", "Zoë Nguyễn"),
    ("obrien.example", "Liam O'Brien"), ("0411 222 333", "Zoë Nguyễn"),
    ("+61 411 222 333", "Zoë Nguyễn"), ("333", "Zoë Nguyễn"), ("222 333", "Zoë Nguyễn"),
    ("1222", "Zoë Nguyễn"), ("999888", "Liam O'Brien"), ("61400", "Liam O'Brien"),
    # any part of an email, not only from a word start; a run of the national form too
    ("guyen42@exa", "Zoë Nguyễn"), ("ample.org", "Zoe Smith"), ("rien.exam", "Liam O'Brien"),
    ("0400999", "Liam O'Brien"), ("4112", "Zoë Nguyễn"),
])
def test_finds(searcher: Searcher, query: str, expected: str) -> None:
    assert expected in names(searcher, query)


@pytest.mark.parametrize("query", ["guyen43@", "example.co.uk", "41133", "zz@"])
def test_parts_that_are_not_there_find_nobody(searcher: Searcher, query: str) -> None:
    assert names(searcher, query) == []


def test_accent_insensitive_and_linked(searcher: Searcher) -> None:
    [hit] = [h for h in searcher.search("zoe nguyen")]
    assert hit.vendors == ("loke", "reservations") and hit.blacklisted and hit.points == 120
    assert hit.emails == ("zo" + "•" * len("e.nguyen42") + "@example.com",)
    assert hit.phones == ("+61 ••• ••• 333",)


def test_ranking_exact_then_prefix_then_recency(searcher: Searcher) -> None:
    assert names(searcher, "zoe smith")[0] == "Zoe Smith"  # exact
    # prefix matches, most recent activity first: Smith (day 9), Nguyễn (5), Adams (1)
    assert names(searcher, "zo") == ["Zoe Smith", "Zoë Nguyễn", "Zoey Adams"]
    exact = searcher.search("zoe.nguyen42@example.com")
    assert exact[0].tier == "exact"


def test_markup_is_just_text(searcher: Searcher) -> None:
    # "<b>" folds to the word "b": it finds Bob by his name, and the name comes back verbatim
    assert names(searcher, "<b>") == ["Bob <b>Bold</b>"]
    assert names(searcher, "bold") == ["Bob <b>Bold</b>"]


def test_empty_query_lists_everyone_by_recency(searcher: Searcher) -> None:
    assert names(searcher, "")[0] == "Zoe Smith"
    assert len(searcher.search("", limit=2)) == 2
    assert len(searcher.search("", limit=2, offset=2)) == 2


def test_paging_does_not_repeat(searcher: Searcher) -> None:
    first = [h.customer_id for h in searcher.search("zo", limit=2)]
    rest = [h.customer_id for h in searcher.search("zo", limit=2, offset=2)]
    assert len(first) == 2 and len(rest) == 1 and not set(first) & set(rest)


@pytest.mark.parametrize("query", ['"', "*", "NEAR(", "AND", "zoe OR", "'; DROP TABLE x;--",
                                   "😀", "x" * 10_000, "\x00", "((", "-", "^zoe", "zoe*",
                                   "000000000000000\x000", "ab\x00cd@x.com"])
def test_hostile_text_never_errors(searcher: Searcher, query: str) -> None:
    assert isinstance(searcher.search(query), list)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=200)
@given(st.text(max_size=40))
def test_any_text_returns_results_or_none(searcher: Searcher, query: str) -> None:
    hits = searcher.search(query)
    assert len({h.customer_id for h in hits}) == len(hits)


@pytest.mark.parametrize(("text", "shaped"), [
    ("lucas.tanaka71", True), ("bob@", True), ("@example", True), ("j_smith", True),
    ("jsmith1987", True), ("St.John", False), ("o'brien", False), ("zoe ng", False),
    ("0411 222 333", False), ("0411222333", False), ("", False), ("Zoë", False),
])
def test_contact_shaped_text_skips_the_name_index(text: str, shaped: bool) -> None:
    assert _contact_shaped(text) is shaped


def test_the_probe_prefers_where_letters_meet_digits() -> None:
    assert _probe("siobhan.kowalski593") == "ski593"
    assert _probe("priya.andersen152881@example.com") == "n15288"
    assert _probe("0404221234") == "221234"
    assert _probe("zoe") == "zoe"


@given(st.text(min_size=1, max_size=60))
def test_the_probe_is_a_short_stretch_of_what_was_typed(part: str) -> None:
    probe = _probe(part)
    assert probe and probe in part
    assert len(probe) <= PROBE_CHARS
    if "@" in part and len(part.partition("@")[0]) >= 2:
        assert "@" not in probe[:-1]  # never reaches into the shared domain


def test_a_whole_email_that_matches_is_not_searched_inside_other_emails(
        searcher: Searcher, writer: CacheWriter) -> None:
    writer.upsert("loke", [record("loke", "L9", "Ava Hill", "xzoe.nguyen42@example.com", day=2)])
    assert names(searcher, "zoe.nguyen42@example.com") == ["Zoë Nguyễn"]
    assert "Ava Hill" in names(searcher, "zoe.nguyen42@example.co")  # a part still is


@pytest.mark.parametrize("query", ["St.John", "st.jo"])
def test_a_name_with_a_dot_is_still_a_name(searcher: Searcher, writer: CacheWriter,
                                           query: str) -> None:
    writer.upsert("loke", [record("loke", "L8", "Mary St.John", None, day=2)])
    assert "Mary St.John" in names(searcher, query)
