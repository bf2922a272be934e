"""Fault specs: readable, scoped per vendor, and refused with a clear message when wrong."""

from __future__ import annotations

import httpx
import pytest
from aiohttp import web
from hypothesis import given
from hypothesis import strategies as st

from app.sandbox.base import VendorServer
from app.sandbox.faults import Faults, FaultSpecError, parse_fault_specs
from app.sandbox.people import Population
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


class CookieServer(VendorServer):
    """One JSON route that sets two cookies, as the reservations sandbox does."""

    vendor = "cookies"

    def routes(self, app: web.Application) -> None:
        async def handle(_request: web.Request) -> web.Response:
            response = web.json_response(BODY, headers={"X-Trace": "t1"})
            response.headers.add("Set-Cookie", "access=a; Path=/")
            response.headers.add("Set-Cookie", "refresh=r; Path=/")
            return response

        app.router.add_get("/x", handle)


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
