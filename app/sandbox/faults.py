"""Faults on demand for the sandbox servers: latency, errors, 429s, drops and bad bodies.

A spec is a comma list of ``name=value``, optionally scoped to one vendor with ``vendor:``:
``--faults latency=300 --faults booxi:429=0.2,retry_after=2 --faults loke:truncated=1``.
Rates are probabilities from 0 to 1. The random choices come from a seeded generator, so a test
that asks for ``error=0.5`` sees the same sequence every run.
"""

from __future__ import annotations

import asyncio
import json
import math
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from typing import Any

from aiohttp import web
from multidict import CIMultiDict

RATES = ("error", "429", "drop", "malformed", "truncated", "wrong_types")


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
    seed: int = 7
    rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.rng.seed(self.seed)

    @property
    def active(self) -> bool:
        return any((self.latency_ms, self.error, self.rate_limited, self.drop, self.malformed,
                    self.truncated, self.wrong_types))

    def roll(self, rate: float) -> bool:
        return rate > 0 and self.rng.random() < rate


_KEYS = {
    "latency": "latency_ms", "latency_ms": "latency_ms", "error": "error", "5xx": "error",
    "429": "rate_limited", "rate_limited": "rate_limited", "retry_after": "retry_after",
    "drop": "drop", "malformed": "malformed", "truncated": "truncated",
    "wrong_types": "wrong_types", "seed": "seed",
}


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
            try:
                number = float(value.removesuffix("ms"))
            except ValueError:
                number = math.nan
            if not math.isfinite(number) or abs(number) > 1e9:
                raise FaultSpecError(f"{name} in --faults needs a number, got {value!r}")
            if key not in ("latency_ms", "retry_after", "seed") and not 0 <= number <= 1:
                raise FaultSpecError(f"{name} in --faults is a rate from 0 to 1, got {value!r}")
            if number < 0:
                raise FaultSpecError(f"{name} in --faults must not be negative")
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
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError  # aiohttp treats this as a vanished client
        if faults.roll(faults.rate_limited):
            retry = f"{faults.retry_after:g}"
            return web.json_response({"message": "Too many requests"}, status=429,
                                     headers={"Retry-After": retry})
        if faults.roll(faults.error):
            status = faults.rng.choice((500, 502, 503))
            return web.json_response({"message": "Internal error (sandbox fault)"}, status=status)
        response = await handler(request)
        if not isinstance(response, web.Response) or response.status >= 300:
            return response
        body = response.body
        if not isinstance(body, bytes) or not body:
            return response
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

    return middleware


def _copy(response: web.Response) -> CIMultiDict[str]:
    """The headers of ``response`` for a replacement body: repeats kept (several Set-Cookie)."""
    skip = {"content-type", "content-length"}
    return CIMultiDict((k, v) for k, v in response.headers.items() if k.lower() not in skip)


def rate_fields() -> list[str]:
    return [f.name for f in fields(Faults) if f.name not in ("seed", "rng")]
