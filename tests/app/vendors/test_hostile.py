"""Every vendor client against every hostile answer, over real loopback sockets: each ends in a
clear vendor error, within the call's deadline, without holding the body in memory."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import AsyncIterator
from typing import Any

import pytest

from app.errors import BadData, Unavailable, VendorError
from app.profile import StoreProfile, profile_from_dict
from app.sandbox.faults import Faults, gzip_bomb_body
from app.sandbox.qudini import QudiniServer
from app.sandbox.runner import Sandbox
from app.vendors.booxi import BooxiClient
from app.vendors.limits import CallLimits, counter
from app.vendors.loke import LokeClient
from app.vendors.qminder import QminderClient
from app.vendors.qudini import QudiniClient
from app.vendors.ratelimit import BOOXI_WINDOWS, SlidingWindowLimiter
from app.vendors.reservations import ReservationsClient
from tests.conftest import ANCHOR

VENDORS = ("qminder", "qudini", "booxi", "reservations", "loke")
DEADLINE_S = 1.0
#: fault → (Faults settings, the error it must end in, text the message or detail holds)
HOSTILE: dict[str, tuple[dict[str, float], type[VendorError], str]] = {
    "trickle": ({"trickle": 1.0, "trickle_interval": 0.2}, Unavailable, "too long"),
    "gzip_bomb": ({"gzip_bomb": 1.0}, BadData, "larger than"),
    "deep_json": ({"deep_json": 1.0}, BadData, ""),
    "deep_error": ({"deep_error": 1.0}, Unavailable, "HTTP 500"),
    "html_error": ({"html_error": 1.0}, Unavailable, "HTML page (502 Bad Gateway)"),
    "hang": ({"hang": 1.0}, Unavailable, "did not answer in time"),
    "reset": ({"reset": 1.0}, Unavailable, ""),
}


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return gzip_bomb_body()  # built once, before any memory is measured


@pytest.fixture
async def box(bomb: bytes) -> AsyncIterator[Sandbox]:
    sandbox = Sandbox(20, seed=3, anchor=ANCHOR, store_id="hostile")
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


def limits_for(vendor: str) -> CallLimits:
    # Small bounds, so the slow cases end quickly; the body cap stays the real one.
    return counter(vendor).scaled(deadline_s=DEADLINE_S, read_s=DEADLINE_S / 2)


def client_for(vendor: str, profile: StoreProfile, secret: str) -> Any:
    limits = limits_for(vendor)
    if vendor == "qminder":
        assert profile.qminder is not None
        return QminderClient(profile.qminder, secret, limits=limits)
    if vendor == "qudini":
        assert profile.qudini is not None
        return QudiniClient(profile.qudini, secret, limits=limits)
    if vendor == "booxi":
        assert profile.booxi is not None
        # Booxi's real budget (5 a second), but this test's own: the process-wide one is
        # shared with every other test, and its wait counts against the 1 s deadline.
        return BooxiClient(profile.booxi, secret, limits=limits,
                           limiter=SlidingWindowLimiter(BOOXI_WINDOWS))
    if vendor == "reservations":
        assert profile.reservations is not None
        return ReservationsClient(profile.reservations, secret, limits=limits)
    assert profile.loke is not None
    return LokeClient(profile.loke, secret, limits=limits)


async def probe(box: Sandbox, vendor: str, client: Any) -> None:
    """One call that the vendor answers with 200 and a body when nothing is wrong (the
    body faults replace only successful answers)."""
    if vendor == "qudini":
        server = box.servers["qudini"]
        assert isinstance(server, QudiniServer)
        await client.customer_details(server.sample_identifiers(1)[0])
    else:
        assert await client.check()


@pytest.mark.parametrize("fault", list(HOSTILE))
@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_hostile_answer_ends_in_a_clear_error_in_time_and_in_little_memory(
        box: Sandbox, vendor: str, fault: str) -> None:
    settings, expected, text = HOSTILE[fault]
    box.servers[vendor].faults = Faults(**settings)  # type: ignore[arg-type]
    profile = profile_from_dict(box.profile_dict(), "sandbox")
    client = client_for(vendor, profile, box.secrets[vendor])
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(VendorError) as caught:
            await probe(box, vendor, client)
        took = time.perf_counter() - started
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        await client.aclose()
    error = caught.value
    assert isinstance(error, expected), f"{type(error).__name__}: {error.one_line()}"
    assert text in f"{error.message} {error.detail}", error.one_line()
    assert error.one_line().startswith(error.vendor)
    # The whole call, retries included, ends near its deadline, never beyond it much.
    assert took < DEADLINE_S + 1.5, took
    assert peak < 16 << 20, peak  # a gzip bomb costs slices, not its 1 GiB


async def test_an_honest_answer_still_passes_the_same_bounds(box: Sandbox) -> None:
    """The control: with no fault every client's check succeeds within these small bounds."""
    profile = profile_from_dict(box.profile_dict(), "sandbox")
    for vendor in VENDORS:
        client = client_for(vendor, profile, box.secrets[vendor])
        try:
            await probe(box, vendor, client)
        finally:
            await client.aclose()
