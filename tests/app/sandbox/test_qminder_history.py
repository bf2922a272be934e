"""The fake Qminder's history of finished tickets, searched over HTTP as the docs say."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from app.sandbox.people import Population
from app.sandbox.qminder import QminderServer
from app.vendors.parsing import parse_timestamp
from tests.conftest import ANCHOR

SECRET = "history-secret"


def history_server(seed: int = 3, per_day: int = 10) -> QminderServer:
    server = QminderServer(Population(300, seed=seed, anchor=ANCHOR), SECRET)
    server.history_per_day = per_day
    return server


@pytest.fixture
async def http() -> AsyncIterator[tuple[QminderServer, str, aiohttp.ClientSession]]:
    server = history_server()
    runner = web.AppRunner(server.build_app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    async with aiohttp.ClientSession(headers={"X-Qminder-REST-API-Key": SECRET}) as session:
        yield server, f"http://127.0.0.1:{port}", session
    await runner.cleanup()


async def search(http: tuple[QminderServer, str, aiohttp.ClientSession],
                 **params: str) -> list[dict[str, Any]]:
    server, base, session = http
    params.setdefault("location", str(server.location_id))
    async with session.get(f"{base}/v1/tickets/search", params=params) as response:
        assert response.status == 200
        body = await response.json()
    data: list[dict[str, Any]] = body["data"]
    return data


def test_history_is_deterministic_repeats_visitors_and_stays_out_of_today() -> None:
    server = history_server()
    tickets = list(server.history().values())
    assert len(tickets) == 90 * 10 and server.tickets  # today's queue is still there
    assert [server.render(t) for t in tickets] == \
        [history_server().render(t) for t in history_server().history().values()]
    assert max(t["_created"] for t in tickets) <= ANCHOR - timedelta(hours=36)
    statuses = [t["status"] for t in tickets]
    assert set(statuses) == {"SERVED", "NOSHOW", "CANCELLED_BY_CLERK"}
    phones = [str(t["phoneNumber"]) for t in tickets if "phoneNumber" in t]
    assert len(phones) - len(set(phones)) > 50  # regulars come back by phone
    assert any("phoneNumber" not in t and "email" not in t for t in tickets)
    assert all("called" not in server.render(t) for t in tickets)  # as the docs say
    assert not history_server(per_day=0).history()


async def test_history_answers_status_time_and_limit_filters(
        http: tuple[QminderServer, str, aiohttp.ClientSession]) -> None:
    lo, hi = ANCHOR - timedelta(days=20), ANCHOR - timedelta(days=13)
    week = await search(http, status="NOSHOW,SERVED", minCreated=lo.isoformat(),
                        maxCreated=str(int(hi.timestamp())), limit="10000",
                        order="created ASC", responseScope="INTERACTIONS")
    created = [parse_timestamp(t["created"]["date"]) for t in week]
    assert week and all(lo <= c <= hi for c in created if c) and created == sorted(created)
    assert {t["status"] for t in week} <= {"NOSHOW", "SERVED"}
    assert all(t["interactions"] and "start" in t["interactions"][0] for t in week)
    assert len(await search(http, status="SERVED", limit="3")) == 3
    # The live queue's "waiting" search is as it was: history is finished tickets only.
    waiting = await search(http, status="NEW,CALLED")
    assert waiting and all(parse_timestamp(t["created"]["date"]) > ANCHOR - timedelta(hours=4)
                           for t in waiting)
    server = http[0]
    assert len(server.search_log) == 3 and server.search_log[0]["limit"] == "10000"
