"""``resolve`` on any text: a :class:`Resolved` or :class:`NotResolved`, never anything else.

The cache is filled once per module by syncing a small sandbox, so the properties exercise the
paths that find someone (emails, phones, ids, Qudini links) as well as every kind of miss.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cache.db import Cache
from app.customer.resolve import NotResolved, Resolved, is_reference, resolve
from app.profile import profile_from_dict
from app.sandbox.runner import Sandbox
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine
from tests.conftest import ANCHOR


@dataclass(frozen=True)
class Cached:
    conn: sqlite3.Connection
    ids: list[int]
    emails: list[str]
    phones: list[str]
    vendor_ids: list[str]


@pytest.fixture(scope="module")
def cached(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cached]:
    cache = Cache.open(tmp_path_factory.mktemp("resolve") / "resolve.sqlite3")

    async def fill() -> None:
        box = Sandbox(120, seed=9, anchor=ANCHOR, store_id="resolve")
        await box.start()
        try:
            profile = profile_from_dict(box.profile_dict(), "sandbox")
            async with SyncEngine(profile, MemorySecrets("resolve", box.secrets),
                                  cache) as engine:
                assert (await engine.run()).ok
        finally:
            await box.stop()

    asyncio.run(fill())
    conn = cache.connect(readonly=True)
    rows = conn.execute("SELECT id, emails, phones FROM customers").fetchall()
    vendor_ids = [r[0] for r in conn.execute("SELECT vendor_id FROM records")]
    yield Cached(conn, [r[0] for r in rows],
                 [e for r in rows for e in json.loads(r[1])],
                 [p for r in rows for p in json.loads(r[2])], vendor_ids)
    conn.close()


def _texts(data: Cached) -> st.SearchStrategy[str]:
    hexes = st.text("0123456789abcdefABCDEF", min_size=0, max_size=40)
    hosts = st.sampled_from(["app.qudini.com", "qdi.page.link", "example.com", "qudini.com",
                             "bookings-eu.qudini.com", "www.example.org", "", "localhost"])
    paths = st.lists(st.one_of(st.sampled_from(["customer", "booking-widget", "booker",
                                                "reschedule"]), hexes,
                               st.text(max_size=8)), max_size=5).map("/".join)
    links = st.builds(lambda scheme, host, path: f"{scheme}{host}/{path}",
                      st.sampled_from(["https://", "http://", "", "HTTPS://", "ftp://"]),
                      hosts, paths)
    return st.one_of(
        st.text(),
        st.text(st.characters(codec="ascii"), max_size=30),
        links,
        hexes,
        st.builds(lambda p, n: f"{p}{n}", st.sampled_from(["id:", "#", "ID: ", "# "]),
                  st.one_of(st.integers(-5, 10**15), st.sampled_from(data.ids))),
        st.builds(lambda v, i: f"{v}:{i}", st.sampled_from(["loke", "reservations", "LOKE",
                                                            "booxi", "qminder"]),
                  st.one_of(st.text(max_size=30), st.sampled_from(data.vendor_ids))),
        st.sampled_from(data.emails).map(lambda e: f"  {e.upper()}\t"),
        st.sampled_from(data.phones),
        st.sampled_from(data.vendor_ids),
        st.emails(),
        st.from_regex(r"\+?[0-9 ()-]{0,20}", fullmatch=True),
        st.from_regex(r"[A-Z]{4}[0-9]{4}", fullmatch=True),
    )


@given(data=st.data())
@settings(max_examples=600, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_resolves_or_says_why_not(cached: Cached, data: st.DataObject) -> None:
    text = data.draw(_texts(cached))
    country = data.draw(st.sampled_from(["AU", "GB", "US", "NZ"]))
    try:
        found = resolve(cached.conn, text, country)
    except NotResolved as exc:
        assert isinstance(exc.message, str) and exc.message.strip()
        return
    assert isinstance(found, Resolved)
    assert found.matched_by
    if found.short_link is not None:  # read online by whoever opens it, never here
        assert found.customer_id is None and found.qudini_identifier is None
        assert found.short_link.startswith("https://qdi.page.link/")
    elif found.qudini_identifier is not None:
        assert found.customer_id is None
        assert found.qudini_identifier == found.qudini_identifier.lower()
        int(found.qudini_identifier, 16)
    else:
        assert found.customer_id in cached.ids


def test_every_cached_customer_resolves_by_its_id(cached: Cached) -> None:
    for customer_id in cached.ids:
        assert resolve(cached.conn, f"id:{customer_id}", "AU").customer_id == customer_id
        assert resolve(cached.conn, f"#{customer_id}", "AU").customer_id == customer_id


def test_what_enter_resolves_instead_of_searching() -> None:
    for text in ("https://app.qudini.com/customer/c8df43a9f3ae844258dbba010bb77fa6d",
                 "app.qudini.com/customer/abc", "qdi.page.link/AbCd", "www.example.com",
                 "c8df43a9f3ae844258dbba010bb77fa6d", "id:12", "#12", "loke:01J0",
                 "reservations: 5cf9", "UOKW2127", "  https://x.example.org/a\n"):
        assert is_reference(text), text
    for text in ("Zoë Nguyễn", "zoe@example.com", "0411 222 333", "+61 411 222 333", "#12ab",
                 "deadbeef", "", "   ", "loke:"):
        assert not is_reference(text), text


@pytest.mark.parametrize("text", [
    "https://qdi.page.link/aBga8C", "qdi.page.link/aBga8C.", " <https://qdi.page.link/aBga8C> ",
    "https://qdi.page.link/aBga8C?utm_source=sms", "https://qdi.page.link/ aBga8C",
])
def test_a_short_link_is_its_own_kind_without_any_network(cached: Cached, text: str) -> None:
    found = resolve(cached.conn, text, "AU")
    assert found == Resolved(short_link="https://qdi.page.link/aBga8C",
                             matched_by="Qudini short link")
    assert is_reference(text)


def test_a_short_link_without_a_code_says_what_a_short_link_looks_like(cached: Cached) -> None:
    with pytest.raises(NotResolved, match="no readable link code"):
        resolve(cached.conn, "https://qdi.page.link/", "AU")
