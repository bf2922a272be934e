"""Fault specs: readable, scoped per vendor, and refused with a clear message when wrong; and
each fault as a client sees it, over real loopback sockets."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import httpx
import pytest
from aiohttp import web
from hypothesis import given
from hypothesis import strategies as st

from app.sandbox.base import VendorServer
from app.sandbox.faults import (
    DEEP_JSON_DEPTH,
    GZIP_BOMB_SIZE,
    TRICKLE_BYTES,
    Faults,
    FaultSpecError,
    parse_fault_specs,
)
from app.sandbox.people import Population
from app.sandbox.runner import Sandbox
from tests.conftest import ServeFn

VENDORS = ("qminder", "booxi", "loke")


def test_global_and_scoped_specs() -> None:
    faults = parse_fault_specs(["latency=300ms", "booxi:429=0.2,retry_after=2"], VENDORS)
    assert {v: f.latency_ms for v, f in faults.items()} == dict.fromkeys(VENDORS, 300.0)
    assert faults["booxi"].rate_limited == 0.2 and faults["booxi"].retry_after == 2
    assert faults["loke"].rate_limited == 0
    assert faults["booxi"].rng is not faults["loke"].rng


@pytest.mark.parametrize(("spec", "message"), [
    ("square:latency=1", "unknown vendor 'square'"),
    ("latency", "expected name=value"),
    ("speed=3", "expected name=value"),
    ("error=lots", "needs a number"),
    ("drop=2", "rate from 0 to 1"),
    ("latency=-5", "must not be negative"),
])
def test_bad_specs(spec: str, message: str) -> None:
    with pytest.raises(FaultSpecError, match=message):
        parse_fault_specs([spec], VENDORS)


def test_same_seed_same_sequence() -> None:
    first = parse_fault_specs(["error=0.5,seed=3"], VENDORS)["loke"]
    second = parse_fault_specs(["error=0.5,seed=3"], VENDORS)["loke"]
    assert [first.roll(0.5) for _ in range(20)] == [second.roll(0.5) for _ in range(20)]


@given(st.lists(st.text(max_size=40), max_size=3))
def test_any_spec_text_is_faults_or_a_clear_error(specs: list[str]) -> None:
    try:
        faults = parse_fault_specs(specs, VENDORS)
    except FaultSpecError as exc:
        assert "--faults" in str(exc) or "unknown vendor" in str(exc)
        return
    assert set(faults) == set(VENDORS)
    assert all(0 <= f.error <= 1 and f.latency_ms >= 0 for f in faults.values())


BODY = {"items": [1, 2, 3], "name": "x" * 40}
SMALL = {"ok": True}


class CookieServer(VendorServer):
    """One JSON route that sets two cookies, as the reservations sandbox does."""

    vendor = "cookies"

    def routes(self, app: web.Application) -> None:
        async def handle(_request: web.Request) -> web.Response:
            response = web.json_response(BODY, headers={"X-Trace": "t1"})
            response.headers.add("Set-Cookie", "access=a; Path=/")
            response.headers.add("Set-Cookie", "refresh=r; Path=/")
            return response

        async def small(_request: web.Request) -> web.Response:
            return web.json_response(SMALL)

        async def echo(request: web.Request) -> web.WebSocketResponse:
            ws = web.WebSocketResponse()
            await ws.prepare(request)
            async for message in ws:
                await ws.send_str(message.data)
            return ws

        app.router.add_get("/x", handle)
        app.router.add_get("/small", small)
        app.router.add_get("/ws", echo)


@pytest.mark.parametrize("faults", [Faults(malformed=1), Faults(truncated=1),
                                    Faults(wrong_types=1)], ids=["malformed", "truncated",
                                                                  "wrong_types"])
async def test_a_spoilt_body_keeps_every_header(serve: ServeFn, faults: Faults) -> None:
    server = CookieServer(Population(1), "unused", faults)
    async with httpx.AsyncClient(base_url=await serve(server)) as client:
        response = await client.get("/x")
    assert response.headers.get_list("set-cookie") == ["access=a; Path=/", "refresh=r; Path=/"]
    assert response.headers["x-trace"] == "t1"
    assert response.headers.get_list("content-type") == ["application/json"]
    assert int(response.headers["content-length"]) == len(response.content)
    try:
        spoilt = response.json()
    except ValueError:
        spoilt = None
    assert spoilt != BODY  # the fault did replace the body


@pytest.mark.parametrize("spec", ["latency=nan", "latency=inf", "seed=1e400", "error=-0"])
def test_non_finite_numbers(spec: str) -> None:
    if spec == "error=-0":
        assert parse_fault_specs([spec], VENDORS)["loke"].error == 0
        return
    with pytest.raises(FaultSpecError, match="needs a number"):
        parse_fault_specs([spec], VENDORS)


# -- hostile vendors: specs -----------------------------------------------------------------------
def test_hostile_specs() -> None:
    faults = parse_fault_specs(
        ["loke:trickle=1,trickle_interval=0.2", "booxi:gzip_bomb=0.5,deep_json=0.25",
         "qminder:deep_error=1,html_error=0.1,hang=0.3,reset=1"], VENDORS)
    loke, booxi, qminder = faults["loke"], faults["booxi"], faults["qminder"]
    assert (loke.trickle, loke.trickle_interval) == (1, 0.2)
    assert (booxi.gzip_bomb, booxi.deep_json) == (0.5, 0.25)
    assert (qminder.deep_error, qminder.html_error, qminder.hang, qminder.reset) == (1, 0.1, 0.3, 1)
    assert qminder.trickle == 0 and qminder.trickle_interval == 0.5  # the defaults
    assert all(f.active for f in faults.values())
    assert parse_fault_specs(["trickle_interval=200ms"], VENDORS)["loke"].trickle_interval == 0.2
    assert parse_fault_specs(["trickle_interval=3"], VENDORS)["loke"].trickle_interval == 3
    assert not Faults(trickle_interval=3).active  # a setting, not a fault
    with pytest.raises(FaultSpecError, match="rate from 0 to 1"):
        parse_fault_specs(["hang=2"], VENDORS)
    with pytest.raises(FaultSpecError, match=r"trickle_interval.*must not be negative"):
        parse_fault_specs(["trickle_interval=-1"], VENDORS)
    with pytest.raises(FaultSpecError, match="gzip_bomb, hang, html_error"):
        parse_fault_specs(["bomb=1"], VENDORS)


def test_a_zero_rate_draws_nothing() -> None:
    """Faults left at 0 never touch the generator, so existing seeded sequences stay put."""
    plain, hostile = Faults(seed=5), Faults(seed=5, trickle=0, reset=0, hang=0)
    for fault in ("trickle", "gzip_bomb", "deep_json", "deep_error", "html_error", "hang",
                  "reset"):
        assert not hostile.roll(getattr(hostile, fault))
    assert [plain.roll(0.5) for _ in range(10)] == [hostile.roll(0.5) for _ in range(10)]


# -- hostile vendors: as a client sees them -------------------------------------------------------
@asynccontextmanager
async def serving(faults: Faults, *, shutdown_timeout: float = 2.0) -> AsyncIterator[str]:
    """The cookie server on 127.0.0.1; a handler still running at the end makes the cleanup
    take ``shutdown_timeout`` or more, so a quick stop shows it has finished."""
    runner = web.AppRunner(CookieServer(Population(1), "unused", faults).build_app(),
                           access_log=None, handle_signals=False,
                           shutdown_timeout=shutdown_timeout)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


def no_complaints(caplog: pytest.LogCaptureFixture) -> None:
    """Nothing was logged at warning level or above (aiohttp logs handler tracebacks so)."""
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


async def test_trickle_sends_headers_at_once_and_the_body_slowly(
        caplog: pytest.LogCaptureFixture) -> None:
    interval = 0.05
    expected = json.dumps(SMALL).encode()
    pauses = (len(expected) - 1) // TRICKLE_BYTES
    async with serving(Faults(trickle=1, trickle_interval=interval)) as url, \
            httpx.AsyncClient(base_url=url) as client:
        started = time.perf_counter()
        async with client.stream("GET", "/small") as response:
            chunks, first = [], None
            async for chunk in response.aiter_raw():
                first = first or time.perf_counter() - started
                chunks.append(chunk)
        total = time.perf_counter() - started
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert int(response.headers["content-length"]) == len(expected)
    assert b"".join(chunks) == expected  # the real body, whole
    assert len(chunks) > pauses // 2  # in pieces
    assert first is not None and first < 0.25
    assert total >= pauses * interval
    no_complaints(caplog)


async def test_trickle_stops_when_the_client_leaves(caplog: pytest.LogCaptureFixture) -> None:
    """Even in the middle of a long pause between two bytes."""
    async with serving(Faults(trickle=1, trickle_interval=30)) as url:
        async with httpx.AsyncClient(base_url=url) as client, \
                client.stream("GET", "/x") as response:
            async for _chunk in response.aiter_raw():
                break  # one byte is enough: hang up
        await asyncio.sleep(0.3)  # the server notices within its check interval
        stopping = time.perf_counter()
    assert time.perf_counter() - stopping < 1  # no handler left (shutdown_timeout is 2 s)
    no_complaints(caplog)


async def test_trickle_keeps_the_headers(serve: ServeFn) -> None:
    server = CookieServer(Population(1), "unused", Faults(trickle=1, trickle_interval=0))
    async with httpx.AsyncClient(base_url=await serve(server)) as client:
        response = await client.get("/x")
    assert response.json() == BODY
    assert response.headers.get_list("set-cookie") == ["access=a; Path=/", "refresh=r; Path=/"]
    assert response.headers["x-trace"] == "t1"


async def test_gzip_bomb_is_small_on_the_wire_and_huge_inflated(serve: ServeFn) -> None:
    server = CookieServer(Population(1), "unused", Faults(gzip_bomb=1))
    async with httpx.AsyncClient(base_url=await serve(server)) as client, \
            client.stream("GET", "/x") as response:
        raw = b"".join([chunk async for chunk in response.aiter_raw()])
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers.get_list("content-type") == ["application/json"]
    assert response.headers.get_list("set-cookie") == ["access=a; Path=/", "refresh=r; Path=/"]
    assert int(response.headers["content-length"]) == len(raw)
    assert 512 * 1024 < len(raw) < 2 * 1024 * 1024
    inflate = zlib.decompressobj(wbits=31)
    prefix = inflate.decompress(raw, 10 * 1024 * 1024)
    assert prefix == bytes(10 * 1024 * 1024)  # zeros, and …
    assert inflate.unconsumed_tail  # … far more to come
    assert int.from_bytes(raw[-4:], "little") == GZIP_BOMB_SIZE % 2**32  # gzip's ISIZE: 1 GiB


@pytest.mark.parametrize(("faults", "status"), [(Faults(deep_json=1), 200),
                                                (Faults(deep_error=1), 500)],
                         ids=["deep_json", "deep_error"])
async def test_deep_json(serve: ServeFn, faults: Faults, status: int) -> None:
    server = CookieServer(Population(1), "unused", faults)
    async with httpx.AsyncClient(base_url=await serve(server)) as client:
        response = await client.get("/x")
    assert response.status_code == status
    assert response.headers.get_list("content-type") == ["application/json"]
    assert response.content.startswith(b"[" * DEEP_JSON_DEPTH)
    assert response.content == b"[" * DEEP_JSON_DEPTH + b"]" * DEEP_JSON_DEPTH


async def test_html_error_is_a_proxy_page(serve: ServeFn) -> None:
    server = CookieServer(Population(1), "unused", Faults(html_error=1))
    async with httpx.AsyncClient(base_url=await serve(server)) as client:
        response = await client.get("/x")
    assert response.status_code == 502
    assert response.headers["content-type"] == "text/html"
    assert response.headers["server"] == "nginx"
    assert "<title>502 Bad Gateway</title>" in response.text
    assert "<center>nginx</center>" in response.text


async def test_hang_never_answers_and_lets_go_when_the_client_does(
        caplog: pytest.LogCaptureFixture) -> None:
    async with serving(Faults(hang=1)) as url:
        started = time.perf_counter()
        async with httpx.AsyncClient(base_url=url, timeout=1) as client:
            with pytest.raises(httpx.ReadTimeout):
                await client.get("/x")
        assert time.perf_counter() - started >= 1
        await asyncio.sleep(0.3)
        stopping = time.perf_counter()
    assert time.perf_counter() - stopping < 1  # the hanging handler has ended
    no_complaints(caplog)


async def test_a_sandbox_stops_with_a_hanging_request_in_flight(
        caplog: pytest.LogCaptureFixture) -> None:
    box = Sandbox(customers=5, faults={"loke": Faults(hang=1)})
    await box.start_vendor("loke")
    async with httpx.AsyncClient(base_url=box.base_url("loke"), timeout=30) as client:
        request = asyncio.create_task(client.get("/"))
        await asyncio.sleep(0.2)
        assert not request.done()
        stopping = time.perf_counter()
        await box.stop()
        assert time.perf_counter() - stopping < 3
        with pytest.raises(httpx.RemoteProtocolError):
            await request  # the server closed the connection as it stopped
    no_complaints(caplog)


async def test_reset_cuts_the_body_short(caplog: pytest.LogCaptureFixture) -> None:
    expected = json.dumps(BODY).encode()
    received = b""
    async with serving(Faults(reset=1)) as url, httpx.AsyncClient(base_url=url) as client:
        with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
            async with client.stream("GET", "/x") as response:
                assert response.status_code == 200
                assert int(response.headers["content-length"]) == len(expected)
                async for chunk in response.aiter_raw():
                    received += chunk
    assert received == expected[: len(expected) // 2]
    no_complaints(caplog)


async def test_websockets_see_no_fault(serve: ServeFn) -> None:
    faults = Faults(hang=1, html_error=1, reset=1, trickle=1, gzip_bomb=1)
    url = await serve(CookieServer(Population(1), "unused", faults))
    async with aiohttp.ClientSession() as session, session.ws_connect(f"{url}/ws") as ws:
        await ws.send_str("hello")
        assert await asyncio.wait_for(ws.receive_str(), 2) == "hello"
