"""Faults on demand for the sandbox servers: latency, errors, 429s, drops, bad bodies and
hostile answers.

A spec is a comma list of ``name=value``, optionally scoped to one vendor with ``vendor:``:
``--faults latency=300 --faults booxi:429=0.2,retry_after=2 --faults loke:truncated=1``.
Rates are probabilities from 0 to 1. The random choices come from a seeded generator, so a test
that asks for ``error=0.5`` sees the same sequence every run (a fault whose rate is 0 draws
nothing, so adding one never shifts the others' sequence).

The faults, in the order the middleware tries them for a request:

* ``latency`` (ms) – a pause before anything else.
* ``drop`` – the connection is closed without an answer.
* ``hang`` – the request is accepted and never answered; the handler gives up when the client
  goes away or the server stops (after an hour at the latest, by closing the connection).
* ``429`` – 429 with ``Retry-After: retry_after`` (seconds).
* ``error`` – 500/502/503 with a vendor-shaped JSON body.
* ``html_error`` – what a proxy in front of the vendor sends: 502, ``text/html``, nginx's page.
* ``deep_error`` – 500 whose JSON body nests 100,000 arrays deep.

Then the vendor's handler runs; a successful (2xx) answer with a body may have that body
replaced by at most one of:

* ``gzip_bomb`` – ``Content-Encoding: gzip``, about 1 MiB on the wire that inflates to 1 GiB
  of zero bytes (:data:`GZIP_BOMB_SIZE`).
* ``deep_json`` – 100,000 ``[`` then 100,000 ``]`` (valid JSON, too deep for most parsers).
* ``malformed`` – a body that is not JSON.
* ``truncated`` – the JSON cut short (with a matching Content-Length).
* ``wrong_types`` – JSON whose values have the wrong types.

and finally be delivered badly by at most one of:

* ``reset`` – status line, headers (Content-Length of the whole body) and half the body, then
  the connection is reset (TCP RST).
* ``trickle`` – headers at once, then the body one byte at a time with ``trickle_interval``
  seconds (default 0.5) between writes.

Websocket upgrades never see a fault. Durations in seconds (``retry_after``,
``trickle_interval``) also take milliseconds: ``trickle_interval=200ms``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import random
import socket
import struct
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from typing import Any

from aiohttp import web
from multidict import CIMultiDict

RATES = ("error", "429", "drop", "malformed", "truncated", "wrong_types", "trickle",
         "gzip_bomb", "deep_json", "deep_error", "html_error", "hang", "reset")

#: Bytes per write of a trickled body.
TRICKLE_BYTES = 1
#: How long a ``hang`` waits before it closes the connection, and how often it looks whether
#: the client is still there.
HANG_SECONDS = 3600.0
_CLIENT_CHECK_SECONDS = 0.1
#: Nesting depth of ``deep_json`` / ``deep_error`` bodies.
DEEP_JSON_DEPTH = 100_000
DEEP_JSON = b"[" * DEEP_JSON_DEPTH + b"]" * DEEP_JSON_DEPTH
#: What a ``gzip_bomb`` body inflates to: this many zero bytes (1 GiB).
GZIP_BOMB_SIZE = 1 << 30
HTML_502 = (b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad "
            b"Gateway</h1></center><hr><center>nginx</center></body></html>")
_SECONDS_KEYS = ("retry_after", "trickle_interval")


@dataclass
class Faults:
    """What one vendor server does wrong, and how often."""

    latency_ms: float = 0.0
    error: float = 0.0  # 5xx (500/502/503) with a vendor-shaped or empty body
    rate_limited: float = 0.0  # 429 with Retry-After
    retry_after: float = 1.0
    drop: float = 0.0  # connection closed without an answer
    malformed: float = 0.0  # 200 with a body that is not JSON
    truncated: float = 0.0  # 200 with JSON cut short
    wrong_types: float = 0.0  # 200 with JSON whose values have the wrong types
    trickle: float = 0.0  # 200 whose real body comes a byte at a time
    trickle_interval: float = 0.5  # seconds between the trickled bytes
    gzip_bomb: float = 0.0  # 200, gzip, ~1 MiB that inflates to 1 GiB of zeros
    deep_json: float = 0.0  # 200 with 100,000 nested arrays
    deep_error: float = 0.0  # 500 with 100,000 nested arrays
    html_error: float = 0.0  # 502 text/html from a proxy (nginx)
    hang: float = 0.0  # no answer at all, connection kept open
    reset: float = 0.0  # headers and half the body, then a TCP reset
    seed: int = 7
    rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.rng.seed(self.seed)

    @property
    def active(self) -> bool:
        return any((self.latency_ms, self.error, self.rate_limited, self.drop, self.malformed,
                    self.truncated, self.wrong_types, self.trickle, self.gzip_bomb,
                    self.deep_json, self.deep_error, self.html_error, self.hang, self.reset))

    def roll(self, rate: float) -> bool:
        return rate > 0 and self.rng.random() < rate


_KEYS = {
    "latency": "latency_ms", "latency_ms": "latency_ms", "error": "error", "5xx": "error",
    "429": "rate_limited", "rate_limited": "rate_limited", "retry_after": "retry_after",
    "drop": "drop", "malformed": "malformed", "truncated": "truncated",
    "wrong_types": "wrong_types", "trickle": "trickle", "trickle_interval": "trickle_interval",
    "gzip_bomb": "gzip_bomb", "deep_json": "deep_json", "deep_error": "deep_error",
    "html_error": "html_error", "hang": "hang", "reset": "reset", "seed": "seed",
}
_NOT_RATES = ("latency_ms", "retry_after", "trickle_interval", "seed")


class FaultSpecError(ValueError):
    """A ``--faults`` value that cannot be read; the message says what form is expected."""


def parse_fault_specs(specs: list[str] | tuple[str, ...],
                      vendors: tuple[str, ...]) -> dict[str, Faults]:
    """``["latency=300", "booxi:429=0.2"]`` → faults per vendor (every vendor gets an entry)."""
    result = {vendor: Faults() for vendor in vendors}
    for spec in specs:
        scope: tuple[str, ...] = vendors
        body = spec.strip()
        head, sep, rest = body.partition(":")
        if sep and "=" not in head:
            if head not in vendors:
                raise FaultSpecError(f"unknown vendor {head!r} in --faults {spec!r} "
                                     f"(use one of {', '.join(vendors)})")
            scope, body = (head,), rest
        for item in filter(None, (part.strip() for part in body.split(","))):
            name, eq, value = item.partition("=")
            key = _KEYS.get(name.strip().lower())
            if not eq or key is None:
                raise FaultSpecError(
                    f"cannot read {item!r} in --faults: expected name=value with name one of "
                    f"{', '.join(sorted(set(_KEYS)))}")
            millis = value.strip().endswith("ms")
            try:
                number = float(value.strip().removesuffix("ms"))
            except ValueError:
                number = math.nan
            if not math.isfinite(number) or abs(number) > 1e9:
                raise FaultSpecError(f"{name} in --faults needs a number, got {value!r}")
            if key not in _NOT_RATES and not 0 <= number <= 1:
                raise FaultSpecError(f"{name} in --faults is a rate from 0 to 1, got {value!r}")
            if number < 0:
                raise FaultSpecError(f"{name} in --faults must not be negative")
            if millis and key in _SECONDS_KEYS:
                number /= 1000
            for vendor in scope:
                values = {f.name: getattr(result[vendor], f.name) for f in fields(Faults)
                          if f.name != "rng"}
                values[key] = int(number) if key == "seed" else number
                result[vendor] = Faults(**values)  # a fresh generator per vendor
    return result


def _scramble(value: Any, rng: random.Random) -> Any:
    """Replace some values with values of another JSON type."""
    if isinstance(value, dict):
        return {k: _scramble(v, rng) for k, v in value.items()}
    if isinstance(value, list):
        if rng.random() < 0.2:
            return {"unexpected": "object"}
        return [_scramble(v, rng) for v in value]
    if rng.random() < 0.5:
        return value
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, int | float):
        return str(value) + "x"
    if isinstance(value, str):
        return rng.choice([12345, True, [value], {"text": value}])
    return "null"


_gzip_bomb: bytes | None = None


def gzip_bomb_body() -> bytes:
    """A valid gzip member (about 1 MiB) that inflates to :data:`GZIP_BOMB_SIZE` zero bytes.

    Built once per process without compressing 1 GiB: one MiB of zeros is deflated and ended
    with a full flush, which empties the compressor's history and byte-aligns its output, so
    that piece stands for any MiB of zeros and is repeated 1,024 times. Then comes an empty
    final block and the gzip trailer (CRC-32 and size of the whole inflated body).
    """
    global _gzip_bomb
    if _gzip_bomb is None:
        block = bytes(1 << 20)
        deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        piece = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
        ending = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()  # empty, final
        count = GZIP_BOMB_SIZE // len(block)
        crc = 0
        for _ in range(count):
            crc = zlib.crc32(block, crc)
        header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # no name, no mtime, level 9
        trailer = struct.pack("<II", crc, GZIP_BOMB_SIZE & 0xFFFFFFFF)
        _gzip_bomb = header + piece * count + ending + trailer
    return _gzip_bomb


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def faults_middleware(get_faults: Callable[[], Faults]) -> Any:
    """aiohttp middleware applying the server's *current* faults to each request."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        faults = get_faults()
        if not faults.active or request.headers.get("Upgrade", "").lower() == "websocket":
            return await handler(request)
        if faults.latency_ms:
            await asyncio.sleep(faults.latency_ms / 1000)
        if faults.roll(faults.drop):
            _vanish(request)
        if faults.roll(faults.hang):
            await _wait_while_connected(request, HANG_SECONDS)
            _vanish(request)
        if faults.roll(faults.rate_limited):
            retry = f"{faults.retry_after:g}"
            return web.json_response({"message": "Too many requests"}, status=429,
                                     headers={"Retry-After": retry})
        if faults.roll(faults.error):
            status = faults.rng.choice((500, 502, 503))
            return web.json_response({"message": "Internal error (sandbox fault)"}, status=status)
        if faults.roll(faults.html_error):
            return web.Response(body=HTML_502, status=502, content_type="text/html",
                                headers={"Server": "nginx"})
        if faults.roll(faults.deep_error):
            return web.Response(body=DEEP_JSON, status=500, content_type="application/json")
        response = await handler(request)
        if not isinstance(response, web.Response) or response.status >= 300:
            return response
        if not isinstance(response.body, bytes) or not response.body:
            return response
        response = await _spoil(faults, response)
        if faults.roll(faults.reset):
            return await _reset(request, response)
        if faults.roll(faults.trickle):
            return await _trickle(request, response, faults.trickle_interval)
        return response

    return middleware


async def _spoil(faults: Faults, response: web.Response) -> web.Response:
    """``response`` with its body replaced by at most one body fault."""
    body = response.body
    assert isinstance(body, bytes)
    if faults.roll(faults.gzip_bomb):
        if _gzip_bomb is None:
            await asyncio.to_thread(gzip_bomb_body)  # a moment's work: not on the event loop
        headers = _copy(response)
        headers["Content-Encoding"] = "gzip"  # set by hand: aiohttp compresses nothing here
        return web.Response(body=gzip_bomb_body(), status=response.status,
                            content_type="application/json", headers=headers)
    if faults.roll(faults.deep_json):
        return web.Response(body=DEEP_JSON, status=response.status,
                            content_type="application/json", headers=_copy(response))
    if faults.roll(faults.malformed):
        return web.Response(body=b'{"data": [1, 2,, }<html>oops', status=response.status,
                            content_type="application/json", headers=_copy(response))
    if faults.roll(faults.truncated):
        return web.Response(body=body[: max(1, len(body) // 2)], status=response.status,
                            content_type="application/json", headers=_copy(response))
    if faults.roll(faults.wrong_types):
        try:
            data = json.loads(body)
        except ValueError:
            return response
        scrambled = json.dumps(_scramble(data, faults.rng)).encode()
        return web.Response(body=scrambled, status=response.status,
                            content_type="application/json", headers=_copy(response))
    return response


def _copy(response: web.Response) -> CIMultiDict[str]:
    """The headers of ``response`` for a replacement body: repeats kept (several Set-Cookie)."""
    skip = {"content-type", "content-length"}
    return CIMultiDict((k, v) for k, v in response.headers.items() if k.lower() not in skip)


def _stream_like(response: web.Response) -> tuple[web.StreamResponse, bytes]:
    """A stream answer with ``response``'s status, headers and Content-Length, and its body."""
    body = response.body
    assert isinstance(body, bytes)
    skip = {"content-length", "transfer-encoding"}
    headers = CIMultiDict((k, v) for k, v in response.headers.items() if k.lower() not in skip)
    stream = web.StreamResponse(status=response.status, reason=response.reason, headers=headers)
    stream.content_length = len(body)
    return stream, body


async def _trickle(request: web.Request, response: web.Response,
                   interval: float) -> web.StreamResponse:
    """Send ``response`` with its body a few bytes at a time, ``interval`` seconds apart."""
    stream, body = _stream_like(response)
    try:
        await stream.prepare(request)
        for start in range(0, len(body), TRICKLE_BYTES):
            if start and not await _wait_while_connected(request, interval):
                break  # the client has gone
            await stream.write(body[start:start + TRICKLE_BYTES])
    except ConnectionResetError:
        pass  # the client has gone; aiohttp's own end of the answer fails quietly
    return stream


async def _reset(request: web.Request, response: web.Response) -> web.StreamResponse:
    """Send ``response``'s status, headers and half its body, then reset the connection."""
    stream, body = _stream_like(response)
    stream.force_close()
    if request.transport is not None:
        request.transport.set_write_buffer_limits(high=0)  # so drain() waits for an empty buffer
    try:
        await stream.prepare(request)
        await stream.write(body[: max(1, len(body) // 2)])
        await request.writer.drain()  # the half body is with the kernel …
        await asyncio.sleep(0.05)  # … and, on loopback, with the client
    except ConnectionResetError:
        return stream
    _abort(request, reset=True)
    return stream


async def _wait_while_connected(request: web.Request, seconds: float) -> bool:
    """Sleep ``seconds``, or less if the client goes away; True if it is still there.

    aiohttp does not cancel a handler when its client disconnects, so this looks every
    :data:`_CLIENT_CHECK_SECONDS`. A server shutdown cancels the sleep (after its
    ``shutdown_timeout``).
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        transport = request.transport
        if transport is None or transport.is_closing():
            return False
        left = deadline - loop.time()
        if left <= 0:
            return True
        await asyncio.sleep(min(left, _CLIENT_CHECK_SECONDS))


def _abort(request: web.Request, *, reset: bool = False) -> None:
    """Close the connection at once; with ``reset`` the peer gets a TCP RST, not a FIN."""
    transport = request.transport
    if transport is None:
        return
    if reset:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):  # already gone: a plain abort will do
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


def _vanish(request: web.Request) -> None:
    """Close the connection without an answer and end the handler."""
    _abort(request)
    raise asyncio.CancelledError  # aiohttp treats this as a vanished client


def rate_fields() -> list[str]:
    return [f.name for f in fields(Faults) if f.name not in ("seed", "rng")]
