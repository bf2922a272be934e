"""The search service: one reader thread, newest search wins, stale ones dropped or interrupted."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Iterator

import pytest

from app.cache import search_service
from app.cache.db import Cache
from app.cache.search import SearchHit
from app.cache.search_service import SearchService, StaleSearch
from app.cache.state import read_states

#: Counts to a hundred million in SQLite's VM: seconds of work, unless interrupted.
SLOW_SQL = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
            "WHERE x < 100000000) SELECT count(*) FROM c")


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    """A plain asyncio loop: the service is core code and needs no Qt."""
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture
def small_search(small_cache: Cache, loop: asyncio.AbstractEventLoop) -> Iterator[SearchService]:
    service = SearchService(small_cache)
    yield service
    service.close()


def run[T](loop: asyncio.AbstractEventLoop, awaitable: Awaitable[T], timeout: float = 10) -> T:
    return loop.run_until_complete(asyncio.wait_for(awaitable, timeout))


async def until(condition: Callable[[], bool], within: float = 10) -> None:
    """Let the loop run until ``condition()`` holds (a thread's state: no event to await)."""
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.01)


class SlowSearcher:
    """Stands in for Searcher: "slow…" runs a long query (several statements), others are quick."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def search(self, text: str, limit: int = 50, offset: int = 0) -> list[SearchHit]:
        if text.startswith("slow"):
            for _ in range(3):  # interrupted between statements too, not only inside one
                self.conn.execute(SLOW_SQL).fetchone()
        return [SearchHit(1, text, (), (), (), None, False, "prefix")]


def test_search_runs_on_one_reader_thread(loop: asyncio.AbstractEventLoop,
                                          small_search: SearchService) -> None:
    hits = run(loop, small_search.search("zoe", 10))
    assert [h.name for h in hits][:1] == ["Zoe Smith"]
    names = {run(loop, small_search.read(lambda _c: threading.current_thread().name))
             for _ in range(3)}
    assert len(names) == 1 and names.pop().startswith("cache-reader")
    assert threading.current_thread().name == "MainThread"


def test_reader_connection_is_read_only(loop: asyncio.AbstractEventLoop,
                                        small_search: SearchService) -> None:
    with pytest.raises(sqlite3.OperationalError):
        run(loop, small_search.read(lambda c: c.execute("DELETE FROM customers")))
    assert run(loop, small_search.read(read_states)) == {}


def test_newer_search_interrupts_a_running_one(loop: asyncio.AbstractEventLoop, small_cache: Cache,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_service, "Searcher", SlowSearcher)
    service = SearchService(small_cache)
    try:
        async def scenario() -> list[SearchHit]:
            slow = asyncio.ensure_future(service.search("slow query"))
            await until(lambda: service._running is not None)
            fast = await service.search("zoe")
            with pytest.raises(StaleSearch):
                await slow
            return fast

        loop_time = loop.time()
        hits = run(loop, scenario(), timeout=5)
        assert [h.name for h in hits] == ["zoe"]
        assert service.interrupted == 1
        assert loop.time() - loop_time < 2  # did not run the slow query to its end
    finally:
        service.close()


def test_queued_stale_searches_never_run(loop: asyncio.AbstractEventLoop,
                                         small_search: SearchService) -> None:
    gate = threading.Event()

    async def scenario() -> list[str]:
        blocker = asyncio.ensure_future(small_search.read(lambda _c: gate.wait(5)))
        queued = [asyncio.ensure_future(small_search.search(t)) for t in ("z", "zo", "zoe")]
        await asyncio.sleep(0.05)
        gate.set()
        await blocker
        outcomes = await asyncio.gather(*queued, return_exceptions=True)
        assert isinstance(outcomes[0], StaleSearch) and isinstance(outcomes[1], StaleSearch)
        assert isinstance(outcomes[2], list)
        return [h.name for h in outcomes[2]]

    before = small_search.searches
    names = run(loop, scenario())
    assert names[0] == "Zoe Smith"
    assert small_search.searches == before + 1  # only the newest one ran


def test_cancelled_search_is_interrupted(loop: asyncio.AbstractEventLoop, small_cache: Cache,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_service, "Searcher", SlowSearcher)
    service = SearchService(small_cache)
    try:
        async def scenario() -> None:
            slow = asyncio.ensure_future(service.search("slow"))
            await until(lambda: service._running is not None)
            slow.cancel()
            await until(lambda: service._running is None, within=3)

        run(loop, scenario())
        assert service.interrupted == 1
    finally:
        service.close()


def test_closed_service_refuses_searches(loop: asyncio.AbstractEventLoop,
                                        small_cache: Cache) -> None:
    service = SearchService(small_cache)
    run(loop, service.search("bob"))
    service.close()
    service.close()  # idempotent
    with pytest.raises(StaleSearch):
        run(loop, service.search("bob"))


@pytest.mark.parametrize("text", ['"', "*", "NEAR(", "AND", "zoe OR", "🙂", "x" * 10_000,
                                  "'; DROP TABLE customers; --", "\x00"])
def test_any_text_is_safe(loop: asyncio.AbstractEventLoop, small_search: SearchService,
                          text: str) -> None:
    assert isinstance(run(loop, small_search.search(text)), list)
