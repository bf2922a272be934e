"""A started sandbox, a fresh cache and a sync engine per test, plus ways to look inside."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from yarl import URL

from app.cache.db import Cache
from app.cache.state import SyncState, read_states
from app.profile import StoreProfile, profile_from_dict
from app.sandbox.base import decode_cursor
from app.sandbox.loke import LokeServer
from app.sandbox.reservations import ReservationsServer
from app.sandbox.runner import Sandbox
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine
from app.sync.events import SyncProgress
from tests.conftest import ANCHOR

#: Small pages, so a few hundred customers make several LOKE pages to resume between.
PAGE_SIZE = 40
PEOPLE = 400


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    box = Sandbox(PEOPLE, seed=11, anchor=ANCHOR, store_id="sync-test")
    loke_of(box).page_size = PAGE_SIZE
    await box.start()
    yield box
    await box.stop()


def loke_of(box: Sandbox) -> LokeServer:
    server = box.servers["loke"]
    assert isinstance(server, LokeServer)
    return server


def reservations_of(box: Sandbox) -> ReservationsServer:
    server = box.servers["reservations"]
    assert isinstance(server, ReservationsServer)
    return server


def profile_of(box: Sandbox) -> StoreProfile:
    return profile_from_dict(box.profile_dict(), "sandbox profile")


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    return Cache.open(tmp_path / "cache" / "sync-test.sqlite3")


EngineFactory = Callable[..., SyncEngine]


@pytest.fixture
async def make_engine(sandbox: Sandbox, cache: Cache) -> AsyncIterator[EngineFactory]:
    """Engines over the sandbox (closed after the test); keyword arguments go to SyncEngine."""
    made: list[SyncEngine] = []

    def make(target: Cache | None = None, secrets: dict[str, str] | None = None,
             **kwargs: Any) -> SyncEngine:
        engine = SyncEngine(profile_of(sandbox),
                            MemorySecrets("sync-test", sandbox.secrets if secrets is None
                                          else secrets),
                            target or cache, **kwargs)
        made.append(engine)
        return engine

    yield make
    for engine in made:
        await engine.aclose()


def states(cache: Cache) -> dict[str, SyncState]:
    conn = cache.connect(readonly=True)
    try:
        return read_states(conn)
    finally:
        conn.close()


def query(cache: Cache, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    conn = cache.connect(readonly=True)
    try:
        return [tuple(row) for row in conn.execute(sql, params)]
    finally:
        conn.close()


def vendor_ids(cache: Cache, vendor: str) -> set[str]:
    return {r[0] for r in query(cache, "SELECT vendor_id FROM records WHERE vendor = ?", vendor)}


def snapshot(cache: Cache) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The cache's content without ids that depend on write order: records and people."""
    records = sorted(query(cache, "SELECT vendor, vendor_id, digest, blacklisted, is_dummy, "
                                  "link_reason FROM records"))
    people = sorted(
        (tuple(sorted(json.loads(vendors))), name, emails, phones, points, blacklisted)
        for vendors, name, emails, phones, points, blacklisted in query(
            cache, "SELECT vendors, name, emails, phones, points, blacklisted FROM customers"))
    return records, people


def expected_loke_ids(box: Sandbox) -> set[str]:
    """Every customer id the LOKE sandbox serves (hidden and broken ones excluded)."""
    server = loke_of(box)
    found: set[str] = set()
    for person in box.population.people():
        for duplicate in (False, True):
            record = server.customer_record(person, duplicate=duplicate)
            if record is not None:
                found.add(record["id"])
    return found - server.hidden - server.broken


def expected_reservations_ids(box: Sandbox) -> set[str]:
    return {p.reservations_id for p in box.population.people() if p.in_reservations}


class Events:
    """Collects progress events; ``when(pred, action)`` runs ``action`` once on a match."""

    def __init__(self) -> None:
        self.seen: list[SyncProgress] = []
        self._hooks: list[tuple[Callable[[SyncProgress], bool], Callable[[], None]]] = []

    def __call__(self, event: SyncProgress) -> None:
        self.seen.append(event)
        for hook in list(self._hooks):
            if hook[0](event):
                self._hooks.remove(hook)
                hook[1]()

    def when(self, pred: Callable[[SyncProgress], bool], action: Callable[[], None]) -> None:
        self._hooks.append((pred, action))

    def of(self, vendor: str) -> list[SyncProgress]:
        return [e for e in self.seen if e.vendor == vendor]


def slot(url: str) -> int:
    """The LOKE sandbox slot a page URL starts at (0 for the first page)."""
    after = URL(url).query.get("after")
    if after is None:
        return 0
    position = decode_cursor("c", after)
    assert position is not None
    return position
