"""Matching the queue to saved customers: one job per batch, only tickets whose match key changed,
every ticket after a sync — and a cache that went away at shutdown is no error, while a real
one still reaches the error funnel."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest

from app.cache.db import Cache
from app.cache.own_thread import CacheClosed
from app.cache.writer import CacheWriter
from app.domain.records import VendorRecord
from app.queue.board import QueueBoard
from app.vendors.qminder.models import Ticket, TicketEvent
from ui.queue.matcher import TicketMatcher

T = TypeVar("T")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def ticket(tid: str, first: str, last: str, phone: str | None = None) -> Ticket:
    return Ticket.model_validate({"id": tid, "status": "NEW", "line": "1", "firstName": first,
                                  "lastName": last, "phoneNumber": phone})


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    cache = Cache.open(tmp_path / "m.sqlite3")
    writer = CacheWriter(cache)
    writer.upsert("loke", [VendorRecord("loke", "L1", "Zoë Nguyễn", (), ("+61411222333",),
                                        points=120)])
    writer.close()
    return cache.connect()


class Jobs:
    """The cache thread as the matcher sees it: each job run and counted (here, inline)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.batches: list[int] = []
        self.fail: BaseException | None = None

    async def __call__(self, job: Callable[[sqlite3.Connection], T]) -> T:
        await asyncio.sleep(0)  # a job is always awaited: the board may change meanwhile
        if self.fail is not None:
            raise self.fail
        self.batches.append(1)
        return job(self.conn)


def board_with(*tickets: Ticket) -> QueueBoard:
    board = QueueBoard(ZoneInfo("Australia/Sydney"))
    for t in tickets:
        board.tickets[t.id] = t
    return board


async def test_only_changed_tickets_are_matched_again_and_all_after_a_sync(
        conn: sqlite3.Connection) -> None:
    board = board_with(ticket("1", "Zoe", "Nguyen", "+61411222333"), ticket("2", "Walk", "In"))
    jobs, heard = Jobs(conn), []
    matcher = TicketMatcher(board, jobs, "AU", on_matched=lambda: heard.append(1))
    matcher.schedule()
    await matcher.idle()
    first = matcher.matches["1"]
    assert first is not None and first.customer_id and first.how == "phone"
    assert matcher.matches["2"] is None and len(jobs.batches) == 1 and heard == [1]

    # A status change or a label matches nothing again; a new phone does, alone.
    called = Ticket.model_validate({"id": "2", "status": "CALLED", "labels": [{"value": "VIP"}]})
    assert board.apply(TicketEvent("called", called), NOW) and board.tickets["2"].is_called
    matcher.schedule()
    await matcher.idle()
    assert len(jobs.batches) == 1
    board.tickets["2"] = ticket("2", "Walk", "In", "+61411222333")
    matcher.schedule()
    matcher.schedule()  # while that batch runs: matched right after, nothing lost
    await matcher.idle()
    assert len(jobs.batches) == 2 and matcher.matches["2"] is not None
    del board.tickets["1"]
    matcher.schedule()
    await matcher.idle()
    assert set(matcher.matches) == {"2"}  # gone from the queue, gone from the matches
    matcher.match_all_again()
    await matcher.idle()
    assert len(jobs.batches) == 3


async def test_a_closed_cache_leaves_the_matches_and_a_real_error_is_reported(
        conn: sqlite3.Connection) -> None:
    problems: list[dict[str, Any]] = []
    asyncio.get_running_loop().set_exception_handler(lambda _loop, ctx: problems.append(ctx))
    board = board_with(ticket("1", "Zoe", "Nguyen", "+61411222333"))
    jobs = Jobs(conn)
    matcher = TicketMatcher(board, jobs, "AU", on_matched=lambda: None)
    jobs.fail = CacheClosed("cache thread is closed")  # the window is shutting down
    matcher.schedule()
    await matcher.idle()
    assert matcher.matches == {} and problems == []
    jobs.fail = sqlite3.OperationalError("database is locked")
    matcher.schedule()
    await matcher.idle()
    assert matcher.matches == {} and problems == []
    jobs.fail = sqlite3.DatabaseError("database disk image is malformed")  # a real problem
    matcher.schedule()
    await matcher.idle()
    assert matcher.matches == {}
    assert [type(p.get("exception")) for p in problems] == [sqlite3.DatabaseError]
    jobs.fail = None
    matcher.close()
    matcher.schedule()  # closed: nothing is asked of the cache any more
    await matcher.idle()
    assert jobs.batches == []
