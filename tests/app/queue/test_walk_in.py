"""Adding a walk-in: refused locally before anything is sent, sent once, and never twice when
Qminder's answer is lost — over real sockets to the sandbox."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web
from hypothesis import given
from hypothesis import strategies as st

from app.profile import QminderTable
from app.queue.walk_in import (
    WalkIn,
    WalkInRefused,
    WalkInUncertain,
    add_walk_in,
    check_walk_in,
)
from app.sandbox.people import Population
from app.sandbox.qminder import QminderServer
from app.vendors.qminder import QminderClient
from tests.conftest import ServeFn

SECRET = "walk-in-test-key"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


# -- checked before sending ------------------------------------------------------------------
def test_a_good_walk_in_is_normalised() -> None:
    walk = check_walk_in(" 17 ", "  Aroha  ", last_name=" Te  Rangi ", phone="0412 345 678",
                         email=" Aroha@Example.COM ", labels=["  VIP ", "VIP", "Wheelchair"],
                         country="AU")
    assert walk == WalkIn(17, "Aroha", "Te Rangi", "+61412345678", "aroha@example.com",
                          ("VIP", "Wheelchair"))
    assert walk.name == "Aroha Te Rangi"


@pytest.mark.parametrize("kwargs,message", [
    ({"first_name": "Z"}, "2 to 50 characters"),
    ({"first_name": "x" * 51}, "2 to 50 characters"),
    ({"last_name": "y" * 51}, "at most 50"),
    ({"phone": "04 CALL ME"}, "has letters"),
    ({"phone": "12"}, "is not a phone number"),
    ({"email": "aroha@"}, "not complete"),
    ({"line_id": "repairs"}, "a number"),
    ({"line_id": "0"}, "positive"),
    ({"labels": ["   "]}, "needs some text"),
])
def test_bad_input_is_refused_with_what_to_fix(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"line_id": 17, "first_name": "Aroha", **kwargs}
    with pytest.raises(WalkInRefused, match=message) as caught:
        check_walk_in(args.pop("line_id"), str(args.pop("first_name")), country="AU",
                      **args)  # type: ignore[arg-type]
    assert caught.value.exit_code == 2


@given(first=st.text(max_size=80), phone=st.text(max_size=30), email=st.text(max_size=40))
def test_any_input_is_a_walk_in_or_a_refusal(first: str, phone: str, email: str) -> None:
    try:
        walk = check_walk_in(3, first, phone=phone, email=email, country="AU")
    except WalkInRefused:
        return
    assert 2 <= len(walk.first_name) <= 50
    assert walk.phone is None or walk.phone.startswith("+")
    assert walk.email is None or "@" in walk.email


# -- sent, over real sockets ------------------------------------------------------------------
@pytest.fixture
def server(population: Population) -> QminderServer:
    return QminderServer(population, SECRET)


async def started(server: QminderServer, serve: ServeFn) -> QminderClient:
    table = QminderTable.model_validate(server.profile_table(await serve(server)))
    return QminderClient(table, SECRET)


@pytest.fixture
def lossy(server: QminderServer) -> Callable[[str], list[str]]:
    """Make the next create lose its answer: ``"after"`` the ticket was made, or ``"before"``
    (the request never reached Qminder). Returns the log of what happened."""
    happened: list[str] = []

    def arm(when: str) -> list[str]:
        original: Handler = server._create  # type: ignore[attr-defined]

        async def create(request: web.Request) -> web.StreamResponse:
            if happened:  # only the first create loses its answer
                happened.append("sent")
                return await original(request)
            if when == "after":
                await original(request)
            happened.append(f"lost {when}")
            assert request.transport is not None
            request.transport.abort()
            raise asyncio.CancelledError

        server._create = create  # type: ignore[attr-defined]
        return happened

    return arm


def waiting_named(server: QminderServer, first: str) -> list[dict[str, object]]:
    return [t for t in server.tickets.values()
            if t.get("firstName") == first and t["status"] == "NEW"]


@pytest.fixture
async def client_of(server: QminderServer, serve: ServeFn
                    ) -> AsyncIterator[Callable[[], Awaitable[QminderClient]]]:
    made: list[QminderClient] = []

    async def make() -> QminderClient:
        client = await started(server, serve)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


async def test_a_walk_in_is_added_once(server: QminderServer,
                                       client_of: Callable[[], Awaitable[QminderClient]]
                                       ) -> None:
    client = await client_of()
    line = server.lines[0]
    walk = check_walk_in(line["id"], "Zaroha", phone="+61412345678", labels=["VIP"],
                         country="AU")
    added = await add_walk_in(client, walk)
    assert not added.recovered and added.line_name == line["name"]
    [ticket] = waiting_named(server, "Zaroha")
    assert str(ticket["id"]) == added.ticket_id
    assert [lb["value"] for lb in ticket["labels"]] == ["VIP"]  # type: ignore[attr-defined]


async def test_an_unknown_line_is_refused_before_the_create(
        server: QminderServer, client_of: Callable[[], Awaitable[QminderClient]]) -> None:
    client = await client_of()
    before = len(server.tickets)
    with pytest.raises(WalkInRefused, match="no line 999999"):
        await add_walk_in(client, check_walk_in(999999, "Aroha", country="AU"))
    assert len(server.tickets) == before


async def test_a_lost_answer_finds_the_ticket_instead_of_adding_it_twice(
        server: QminderServer, client_of: Callable[[], Awaitable[QminderClient]],
        lossy: Callable[[str], list[str]]) -> None:
    log = lossy("after")
    client = await client_of()
    walk = check_walk_in(server.lines[0]["id"], "Mereana", phone="0412000777", country="AU")
    added = await add_walk_in(client, walk)
    assert added.recovered and log == ["lost after"]  # found, not sent again
    [ticket] = waiting_named(server, "Mereana")
    assert str(ticket["id"]) == added.ticket_id


async def test_a_create_that_never_arrived_is_sent_once_more(
        server: QminderServer, client_of: Callable[[], Awaitable[QminderClient]],
        lossy: Callable[[str], list[str]]) -> None:
    log = lossy("before")
    client = await client_of()
    added = await add_walk_in(client, check_walk_in(server.lines[0]["id"], "Tane",
                                                    country="AU"))
    assert not added.recovered and log == ["lost before", "sent"]
    assert len(waiting_named(server, "Tane")) == 1


async def test_when_even_the_look_fails_it_says_it_does_not_know(
        server: QminderServer, client_of: Callable[[], Awaitable[QminderClient]],
        lossy: Callable[[str], list[str]]) -> None:
    lossy("after")

    async def broken(request: web.Request) -> web.StreamResponse:
        return web.json_response({"message": "down"}, status=503)

    server._search = broken  # type: ignore[attr-defined]  # before the server starts
    client = await client_of()
    with pytest.raises(WalkInUncertain, match="may already be in it") as caught:
        await add_walk_in(client, check_walk_in(server.lines[0]["id"], "Hemi",
                                                country="AU"))
    assert caught.value.exit_code == 5
    assert len(waiting_named(server, "Hemi")) == 1  # it was made once; nothing sent again
