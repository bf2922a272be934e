"""The shared request path, against a real aiohttp server on loopback."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from aiohttp import web
from hypothesis import given
from hypothesis import strategies as st
from tenacity import RetryCallState

from app.errors import BadData, NotAuthorised, NotFound, RateLimited, Rejected, Unavailable
from app.sandbox.base import VendorServer
from app.sandbox.faults import Faults
from app.sandbox.people import Population
from app.vendors.http import DEFAULT_LIMITS, VendorHttp, parse_retry_after
from app.vendors.ratelimit import RateLimiter
from tests.conftest import ServeFn


class ScriptedServer(VendorServer):
    """Answers each request with the next scripted (status, body, headers)."""

    vendor = "scripted"

    def __init__(self, script: list[tuple[int, Any, dict[str, str]]]) -> None:
        super().__init__(Population(1), "unused")
        self.script = script
        self.seen: list[tuple[str, str]] = []

    def routes(self, app: web.Application) -> None:
        async def handle(request: web.Request) -> web.StreamResponse:
            self.seen.append((request.method, request.path))
            status, body, headers = self.script.pop(0) if self.script else (200, {}, {})
            if status == 0:  # hang
                await asyncio.sleep(5)
            if isinstance(body, bytes):
                return web.Response(status=status, body=body, headers=headers)
            return web.json_response(body, status=status, headers=headers)

        app.router.add_route("*", "/{tail:.*}", handle)


async def make(serve: ServeFn, script: list[tuple[int, Any, dict[str, str]]],
               **kwargs: Any) -> tuple[ScriptedServer, VendorHttp]:
    server = ScriptedServer(script)
    url = await serve(server)
    return server, VendorHttp("Testvendor", url, **kwargs)


async def test_get_retries_5xx_then_succeeds(serve: ServeFn) -> None:
    server, http = await make(serve, [(503, {}, {}), (502, {}, {}), (200, {"ok": 1}, {})])
    response = await http.request("GET", "/x")
    assert http.json(response) == {"ok": 1}
    assert len(server.seen) == 3
    await http.aclose()


async def test_get_gives_up_after_two_retries(serve: ServeFn) -> None:
    server, http = await make(serve, [(500, {}, {})] * 5)
    with pytest.raises(Unavailable) as caught:
        await http.request("GET", "/x")
    assert len(server.seen) == 3
    assert caught.value.vendor == "Testvendor" and "HTTP 500" in caught.value.message
    await http.aclose()


async def test_injected_backoff_paces_retries_but_retry_after_wins(serve: ServeFn) -> None:
    pauses: list[int] = []

    def backoff(state: RetryCallState) -> float:
        pauses.append(state.attempt_number)
        return 0.0

    script = [(503, {}, {}), (429, {}, {"Retry-After": "0"}), (200, {"ok": 1}, {})]
    server, http = await make(serve, script, backoff=backoff)
    assert http.json(await http.request("GET", "/x")) == {"ok": 1}
    assert len(server.seen) == 3
    assert pauses == [1]  # after the 503; the 429's Retry-After set the second pause
    await http.aclose()


async def test_post_is_never_retried_unless_marked_idempotent(serve: ServeFn) -> None:
    server, http = await make(serve, [(500, {}, {})] * 5)
    with pytest.raises(Unavailable):
        await http.request("POST", "/create", json={"a": 1})
    assert len(server.seen) == 1
    with pytest.raises(Unavailable):
        await http.request("POST", "/labels/add", data={"value": "VIP"}, idempotent=True)
    assert len(server.seen) == 4
    await http.aclose()


async def test_retry_after_is_honoured(serve: ServeFn) -> None:
    server, http = await make(serve, [(429, {}, {"Retry-After": "1"}), (200, {}, {})])
    started = time.perf_counter()
    await http.request("GET", "/x")
    assert time.perf_counter() - started >= 0.95
    assert len(server.seen) == 2
    await http.aclose()


async def test_long_retry_after_is_returned_not_slept(serve: ServeFn) -> None:
    _server, http = await make(serve, [(429, {"message": "slow down"}, {"Retry-After": "120"})])
    started = time.perf_counter()
    with pytest.raises(RateLimited) as caught:
        await http.request("GET", "/x")
    assert time.perf_counter() - started < 1
    assert caught.value.retry_after == 120
    assert "wait 120 s" in caught.value.one_line()
    await http.aclose()


@pytest.mark.parametrize(("status", "error"), [
    (401, NotAuthorised), (403, NotAuthorised), (404, NotFound), (400, Rejected),
    (409, Rejected), (422, Rejected),
])
async def test_status_mapping(serve: ServeFn, status: int, error: type[Exception]) -> None:
    _server, http = await make(serve, [(status, {"message": "internal GetThing: no rows"}, {})])
    with pytest.raises(error) as caught:
        await http.request("GET", "/x")
    # vendor text goes to the log detail, never into what staff see
    assert "GetThing" not in str(caught.value)
    await http.aclose()


async def test_timeout_is_unavailable(serve: ServeFn) -> None:
    _server, http = await make(serve, [(0, {}, {})] * 3, max_retries=0,
                               limits=DEFAULT_LIMITS.scaled(read_s=0.2))
    with pytest.raises(Unavailable, match="did not answer in time"):
        await http.request("GET", "/slow")
    await http.aclose()


async def test_connection_refused_is_unavailable() -> None:
    http = VendorHttp("Testvendor", "http://127.0.0.1:9", max_retries=0)
    with pytest.raises(Unavailable, match="cannot be reached"):
        await http.request("GET", "/x")
    await http.aclose()


async def test_dropped_connection_is_unavailable(serve: ServeFn) -> None:
    server, http = await make(serve, [(200, {}, {})] * 5, max_retries=1)
    server.faults = Faults(drop=1.0)
    with pytest.raises(Unavailable):
        await http.request("GET", "/x")
    assert server.requests == 2
    await http.aclose()


@pytest.mark.parametrize("body", [b"", b"<html>", b'{"a": [1,', b"\xff\xfe"])
async def test_bad_json_is_bad_data(serve: ServeFn, body: bytes) -> None:
    _server, http = await make(serve, [(200, body, {})])
    response = await http.request("GET", "/x")
    with pytest.raises(BadData):
        http.json(response)
    await http.aclose()


async def test_floats_decode_as_decimal(serve: ServeFn) -> None:
    _server, http = await make(serve, [(200, b'{"price": 10.99}', {})])
    from decimal import Decimal

    assert http.json(await http.request("GET", "/x")) == {"price": Decimal("10.99")}
    await http.aclose()


async def test_rate_limiter_spaces_requests(serve: ServeFn) -> None:
    _server, http = await make(serve, [], limiter=RateLimiter([(2, 1.0)]))
    started = time.perf_counter()
    for _ in range(5):
        await http.request("GET", "/x")
    # 2 at once, then one every half second: the fifth waits about 1.5 s
    assert time.perf_counter() - started >= 1.3
    await http.aclose()


def test_retry_after_forms() -> None:
    assert parse_retry_after("3") == 3
    assert parse_retry_after("0.5") == 0.5
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("-4") == 0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0  # in the past
    assert parse_retry_after("1e9") == 24 * 3600


@given(st.text(max_size=60))
def test_retry_after_never_raises(value: str) -> None:
    result = parse_retry_after(value)
    assert result is None or 0 <= result <= 24 * 3600


async def test_a_deadline_that_cuts_a_retry_reports_the_answer_before_it(
        serve: ServeFn) -> None:
    """A proxy's 502, then a retry the call's deadline cuts short: staff read about the 502
    (what actually went wrong), not a bare "did not answer in time"."""
    _server, http = await make(serve, [(502, b"<html><title>502 Bad Gateway</title></html>",
                                        {"Content-Type": "text/html"}), (0, {}, {}), (0, {}, {})],
                               backoff=lambda _state: 0.0,
                               limits=DEFAULT_LIMITS.scaled(deadline_s=0.5, read_s=2.0))
    with pytest.raises(Unavailable) as caught:
        await http.request("GET", "/x")
    assert caught.value.status == 502, caught.value.one_line()
    assert "did not answer in time" not in caught.value.message
    await http.aclose()
