"""The fake Qminder itself: initial state, determinism, scale, raw contract details, websocket."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from app.profile import QminderTable
from app.sandbox.people import Population
from app.sandbox.qminder import QminderServer
from tests.conftest import ANCHOR, ServeFn

SECRET = "qm-server-key-0c0c"
AUTH = {"X-Qminder-REST-API-Key": SECRET}


@pytest.fixture
def server(population: Population) -> QminderServer:
    return QminderServer(population, SECRET)


@pytest.fixture
async def http(server: QminderServer, serve: ServeFn
               ) -> AsyncIterator[tuple[str, aiohttp.ClientSession]]:
    base = await serve(server)
    async with aiohttp.ClientSession() as session:
        yield base, session


async def get(http: tuple[str, aiohttp.ClientSession], path: str, **kwargs: Any
              ) -> tuple[int, Any, Any]:
    base, session = http
    kwargs.setdefault("headers", AUTH)
    async with session.get(base + path, **kwargs) as response:
        return response.status, await response.json(), response.headers


async def post(http: tuple[str, aiohttp.ClientSession], path: str, **kwargs: Any
               ) -> tuple[int, Any]:
    base, session = http
    kwargs.setdefault("headers", AUTH)
    async with session.post(base + path, **kwargs) as response:
        return response.status, await response.json()


def test_initial_state(server: QminderServer) -> None:
    assert server.location_id == 4241 + 3
    assert [ln["name"] for ln in server.lines] == ["Returns", "Repairs", "Click & collect"]
    assert all(str(ln["color"]).startswith("#") for ln in server.lines)
    tickets = [server.render(t) for t in server.tickets.values()]
    assert 20 <= len(tickets) <= 40
    statuses = {t["status"] for t in tickets}
    assert {"NEW", "CALLED", "SERVED", "NOSHOW"} <= statuses
    assert all(isinstance(t["id"], str) and isinstance(t["line"], int) for t in tickets)
    assert any("lastName" not in t and "email" not in t for t in tickets)  # first name only
    assert any(isinstance(t.get("phoneNumber"), int) for t in tickets)
    labels = [lb for t in tickets for lb in t["labels"]]
    assert labels and all(len(lb["color"]) == 6 and "#" not in lb["color"] for lb in labels)
    assert any("url" in e for t in tickets for e in t["extra"])
    waits = [ANCHOR - server.tickets[t["id"]]["_created"] for t in tickets
             if t["status"] == "NEW"]
    assert max(waits).total_seconds() > 90 * 60  # a few long waits
    called = [t for t in tickets if t["status"] == "CALLED"]
    assert all("caller" in t["called"] and "served" not in t for t in called)
    assert QminderTable.model_validate(server.profile_table("http://127.0.0.1:1")).lines == []


def test_deterministic_from_seed() -> None:
    def snapshot(seed: int) -> list[dict[str, Any]]:
        srv = QminderServer(Population(300, seed=seed, anchor=ANCHOR), SECRET)
        return [srv.render(t) for t in srv.tickets.values()]

    assert snapshot(5) == snapshot(5)
    assert snapshot(5) != snapshot(6)


def test_small_whatever_the_population() -> None:
    started = time.perf_counter()
    big = QminderServer(Population(1_000_000, seed=2, anchor=ANCHOR), SECRET)
    assert time.perf_counter() - started < 1.0
    assert len(big.tickets) < 50 and big.location_id == 4243


async def test_auth_and_envelopes(http: tuple[str, aiohttp.ClientSession],
                                  server: QminderServer) -> None:
    status, body, _ = await get(http, "/v1/locations/", headers={})
    assert status == 401 and body == {
        "statusCode": 401, "message": "Please authenticate",
        "developerMessage": "Set X-Qminder-REST-API-Key HTTP header with API key"}
    status, body, _ = await get(http, f"/v1/locations/?rest-api-key={SECRET}", headers={})
    assert status == 200 and body["statusCode"] == 200 and len(body["data"]) == 1
    tid = next(iter(server.tickets))
    status, body, _ = await get(http, f"/v1/tickets/{tid}")
    assert status == 200 and body["statusCode"] == 200 and body["id"] == tid
    assert "_created" not in body and "interactions" not in body
    status, body, _ = await get(http, f"/v1/tickets/{tid}?responseScope=MESSAGES,INTERACTIONS")
    assert "interactions" in body and "messages" in body
    status, body, _ = await get(http, "/v1/locations/1/lines")
    assert status == 404
    status, body = await post(http, "/graphql/connection-key", headers={})
    assert status == 403


async def test_search_parameters(http: tuple[str, aiohttp.ClientSession],
                                 server: QminderServer) -> None:
    loc = server.location_id
    lines = f"{server.lines[0]['id']},{server.lines[1]['id']}"
    _, body, _ = await get(http, f"/v1/tickets/search?location={loc}&line={lines}"
                                 "&status=NEW,CALLED&order=created%20DESC&limit=5")
    data = body["data"]
    assert 0 < len(data) <= 5 and all(t["status"] in ("NEW", "CALLED") for t in data)
    assert [t["created"]["date"] for t in data] == sorted(
        (t["created"]["date"] for t in data), reverse=True)
    since = int(ANCHOR.timestamp()) - 30 * 60
    _, by_unix, _ = await get(http, f"/v1/tickets/search?location={loc}&minCreated={since}")
    _, by_iso, _ = await get(http, f"/v1/tickets/search?location={loc}"
                                   "&minCreated=2026-11-20T08:30:00Z")
    assert by_unix["data"] == by_iso["data"] and by_unix["data"]
    _, other, _ = await get(http, "/v1/tickets/search?location=1")
    assert other == {"statusCode": 200, "data": []}
    _, count, _ = await get(http, f"/v1/tickets/count?location={loc}&status=SERVED")
    assert count == {"statusCode": 200, "count": 6}
    for bad in ("limit=0", "limit=10001", "order=name", "minCreated=yesterday", "line=abc"):
        status, body, _ = await get(http, f"/v1/tickets/search?location={loc}&{bad}")
        assert status == 400 and body["statusCode"] == 400 and body["message"]


async def test_actions_take_form_bodies(http: tuple[str, aiohttp.ClientSession],
                                        server: QminderServer) -> None:
    tid = next(t["id"] for t in server.tickets.values() if t["status"] == "NEW")
    status, body = await post(http, f"/v1/tickets/{tid}/labels/add", json={"value": "VIP"})
    assert status == 400  # JSON is not read by form endpoints
    status, body = await post(http, f"/v1/tickets/{tid}/labels/add", data={"value": "Paid"})
    assert (status, body) == (200, {"statusCode": 200, "result": "success"})
    status, body = await post(http, f"/v1/tickets/{tid}/labels/add", data={"value": "Paid"})
    assert body["result"] == "no action"
    status, body = await post(http, f"/v1/tickets/{tid}/cancel")
    assert status == 400  # user is required
    status, body = await post(http, f"/v1/tickets/{tid}/markserved")
    assert status == 409 and "NEW" in body["message"] and body["developerMessage"]
    status, body = await post(http, f"/v1/tickets/{tid}/returntoqueue?position=LAST")
    assert status == 409
    status, body = await post(http, "/v1/tickets/1/call")
    assert status == 404


async def test_create_needs_version_header(http: tuple[str, aiohttp.ClientSession],
                                           server: QminderServer) -> None:
    payload = {"lineId": server.lines[0]["id"], "firstName": "Wei"}
    status, body = await post(http, "/tickets", json=payload)
    assert status == 400 and "version" in body["message"].lower()
    status, body = await post(http, "/tickets", json=payload,
                              headers={**AUTH, "X-Qminder-API-Version": "2020-09-01"})
    assert status == 200 and body["id"] in server.tickets and body["publicId"]


async def test_rate_budget(http: tuple[str, aiohttp.ClientSession],
                           server: QminderServer) -> None:
    server.rate_limit_per_hour = 2
    _, _, headers = await get(http, "/v1/locations/")
    assert headers["X-Ratelimit-Remaining"] == "1"
    _, _, headers = await get(http, "/v1/locations/")
    assert headers["X-Ratelimit-Remaining"] == "0"
    status, body, headers = await get(http, "/v1/locations/")
    assert status == 429 and int(headers["Retry-After"]) > 3000 and body["statusCode"] == 429
    server.rate_window_s = 0.01
    await asyncio.sleep(0.02)
    status, _, _ = await get(http, "/v1/locations/")
    assert status == 200


async def ws_connect(http: tuple[str, aiohttp.ClientSession], key: str
                     ) -> aiohttp.ClientWebSocketResponse:
    base, session = http
    return await session.ws_connect(f"{base}/graphql/subscription?rest-api-key={key}")


async def recv(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.receive_str(), 2))
    return message


async def test_websocket_protocol(http: tuple[str, aiohttp.ClientSession],
                                  server: QminderServer) -> None:
    server.ka_interval = 0.05
    server.max_subscriptions = 2
    _, body = await post(http, "/graphql/connection-key")
    key = body["key"]
    ws = await ws_connect(http, key)
    await ws.send_json({"type": "connection_init", "payload": None})
    assert await recv(ws) == {"type": "connection_ack"}
    loc = server.location_id
    await ws.send_json({"id": "1", "type": "start", "payload": {
        "query": f"subscription {{ createdTickets(locationId: {loc}) {{ id }} }}"}})
    await ws.send_json({"type": "ping"})
    assert await recv(ws) == {"type": "pong"}
    assert await recv(ws) == {"type": "ka"}
    server.create_ticket(first_name="Yuki")
    message = await recv(ws)
    while message["type"] == "ka":
        message = await recv(ws)
    assert message["id"] == "1" and message["type"] == "data"
    ticket = message["payload"]["data"]["createdTickets"]
    assert ticket["line"] == {"id": str(server.lines[0]["id"]), "name": "Returns"}
    assert ticket["lastName"] is None and ticket["statusSetAt"].endswith("Z")
    server.ka_interval = 0
    errors: list[tuple[str, str]] = []
    for sub_id, query in (("2", "subscription { nope(locationId: 1) { id } }"),
                          ("3", "query { me { id } }"),
                          ("4", "subscription { calledTickets(locationId: 1) { id } }"),
                          ("5", "subscription { calledTickets { id } }"),
                          ("6", f'subscription {{ servedTickets(locationId: "{loc}") {{ id }} }}'),
                          ("7", f"subscription {{ calledTickets(locationId: {loc}) {{ id }} }}")):
        await ws.send_json({"id": sub_id, "type": "start", "payload": {"query": query}})
    while len(errors) < 5:
        message = await recv(ws)
        if message["type"] == "error":
            errors.append((message["id"], message["payload"]["errors"][0]["errorType"]))
    assert errors == [("2", "ValidationError"), ("3", "InvalidSyntax"),
                      ("4", "PERMISSION_DENIED"), ("5", "ValidationError"),
                      ("7", "BAD_REQUEST")]  # the subscription limit (2 here)
    await ws.send_json({"id": "1", "type": "stop", "payload": None})
    message = await recv(ws)
    assert message == {"id": "1", "type": "complete"}
    assert server.active_subscriptions() == ["servedTickets"]
    await ws.close()


async def test_temporary_keys(http: tuple[str, aiohttp.ClientSession],
                              server: QminderServer) -> None:
    _, body = await post(http, "/graphql/connection-key")
    ws = await ws_connect(http, body["key"])
    await ws.close()
    with pytest.raises(aiohttp.WSServerHandshakeError) as err:
        await ws_connect(http, body["key"])  # single use
    assert err.value.status == 401
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await ws_connect(http, SECRET)  # the permanent key never belongs in a URL
    assert server.permanent_key_in_url == 1
    server.temp_key_ttl = 0
    _, body = await post(http, "/graphql/connection-key")
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await ws_connect(http, body["key"])  # expired
    assert server.keys_issued == 2
