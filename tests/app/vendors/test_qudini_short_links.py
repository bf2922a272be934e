"""ShortLinkResolver against the fake Qudini (and its page.link stand-in) over real sockets.

The profile's ``short_link_base`` points at the sandbox's ``/page-link`` route, so what staff
paste — ``https://qdi.page.link/<code>`` — is asked of 127.0.0.1 only. Redirects that leave
Qudini point at a second loopback server that counts its requests: it must never get one.
"""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from aiohttp import web

from app.errors import ExitCode
from app.profile import QudiniTable
from app.sandbox.base import VendorServer
from app.sandbox.faults import Faults
from app.sandbox.people import Population
from app.sandbox.qudini import QudiniServer
from app.vendors.limits import counter
from app.vendors.qudini.client import (
    SHORT_LINK_HOPS,
    ShortLinkError,
    ShortLinkResolver,
)
from app.vendors.qudini.links import BookingLinkError
from tests.conftest import ServeFn

SECRET = "qudini-api-pass"


class Elsewhere(VendorServer):
    """A server that is not Qudini: it answers anything, and counts who came."""

    vendor = "elsewhere"

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/{tail:.*}", self._any)

    async def _any(self, request: web.Request) -> web.StreamResponse:
        return web.Response(text="not Qudini")

    def profile_table(self, base_url: str) -> dict[str, object]:
        return {}


@pytest.fixture
def server(population: Population) -> QudiniServer:
    return QudiniServer(population, SECRET)


@pytest.fixture
async def base_url(server: QudiniServer, serve: ServeFn) -> str:
    return await serve(server)


@pytest.fixture
async def elsewhere(population: Population, serve: ServeFn) -> tuple[Elsewhere, str]:
    other = Elsewhere(population, "unused")
    return other, await serve(other)


@pytest.fixture
def identifier(server: QudiniServer) -> str:
    return server.sample_identifiers(1)[0]


Sent = list[httpx.Request]
Resolve = Callable[..., Awaitable[str]]


@pytest.fixture
async def sent() -> Sent:
    return []


@pytest.fixture
async def resolve(server: QudiniServer, base_url: str,
                  sent: Sent) -> AsyncIterator[Resolve]:
    """``await resolve(link, **table_changes)``: one resolver per call, its requests in
    ``sent`` (an httpx hook sees every request as it is sent)."""
    made: list[ShortLinkResolver] = []

    async def record(request: httpx.Request) -> None:
        sent.append(request)

    async def _resolve(link: str, limits: object = None, **changes: object) -> str:
        table = QudiniTable.model_validate({**server.profile_table(base_url), **changes})
        client = httpx.AsyncClient(follow_redirects=False, trust_env=False,
                                   event_hooks={"request": [record]})
        resolver = ShortLinkResolver(table, client=client, max_retries=0,
                                     limits=limits)  # type: ignore[arg-type]
        made.append(resolver)
        try:
            return await resolver.booking_identifier(link)
        finally:
            await client.aclose()

    yield _resolve
    for resolver in made:
        await resolver.aclose()


def short(code: str) -> str:
    return f"https://qdi.page.link/{code}"


async def refused(resolve: Resolve, link: str, kind: str, **changes: object) -> ShortLinkError:
    with pytest.raises(ShortLinkError) as caught:
        await resolve(link, **changes)
    error = caught.value
    assert error.kind == kind, error.message
    assert "Traceback" not in error.message and SECRET not in error.message
    return error


# -- it opens --------------------------------------------------------------------------------------
async def test_a_short_link_leads_to_its_booking_with_one_get_and_no_credential(
        server: QudiniServer, base_url: str, identifier: str, resolve: Resolve,
        sent: Sent) -> None:
    code = server.short_code(identifier)
    assert len(code) == 17
    before = server.requests
    assert await resolve(f"  {short(code)}?utm_source=sms. ") == identifier
    assert server.requests - before == 1  # the booking address is read, never fetched
    assert [(r.method, str(r.url)) for r in sent] == [("GET", f"{base_url}/page-link/{code}")]
    assert "authorization" not in sent[0].headers  # the table has an API user: never sent
    assert "utm_source" not in str(sent[0].url)  # the tracking query stays here


async def test_a_chain_of_short_links_is_followed_while_it_stays_on_the_link_service(
        server: QudiniServer, identifier: str, resolve: Resolve, sent: Sent) -> None:
    code = server.short_code(identifier, hops=SHORT_LINK_HOPS)
    assert await resolve(short(code)) == identifier
    assert len(sent) == SHORT_LINK_HOPS
    assert all(r.url.path.startswith("/page-link/") for r in sent)


async def test_a_chain_longer_than_the_bound_is_not_followed_to_the_end(
        server: QudiniServer, identifier: str, resolve: Resolve, sent: Sent) -> None:
    code = server.short_code(identifier, hops=SHORT_LINK_HOPS + 1)
    error = await refused(resolve, short(code), "broken")
    assert f"more than {SHORT_LINK_HOPS} times" in error.message
    assert error.exit_code == ExitCode.BAD_DATA
    assert len(sent) == SHORT_LINK_HOPS


# -- it goes nowhere else ----------------------------------------------------------------------
@pytest.mark.parametrize("target", [
    "{elsewhere}/customer/{identifier}",  # another server on the same machine, another port
    "{elsewhere}/page-link/{code}",
    "https://evil.example/customer/{identifier}",
    "https://app.qudini.com.evil.example/customer/{identifier}",
    "http://app.qudini.com/customer/{identifier}",  # Qudini, but not over https
    "//evil.example/customer/{identifier}",  # scheme-relative
])
async def test_a_redirect_outside_qudini_is_refused_and_never_contacted(
        server: QudiniServer, base_url: str, elsewhere: tuple[Elsewhere, str],
        identifier: str, resolve: Resolve, sent: Sent, target: str) -> None:
    other, other_url = elsewhere
    server.short_links["Outside1"] = target.format(
        elsewhere=other_url, identifier=identifier, code=server.short_code(identifier))
    error = await refused(resolve, short("Outside1"), "outside")
    assert error.exit_code == ExitCode.BAD_PROFILE
    assert "points outside Qudini" in error.message and "did not follow" in error.message
    assert identifier not in error.message  # the host is named, never the booking
    assert other.requests == 0
    assert [r.url.path for r in sent] == ["/page-link/Outside1"]


async def test_a_chain_that_leaves_qudini_halfway_is_refused_there(
        server: QudiniServer, elsewhere: tuple[Elsewhere, str], identifier: str,
        resolve: Resolve, sent: Sent) -> None:
    other, other_url = elsewhere
    server.short_links["HopOne"] = "/page-link/HopTwo"
    server.short_links["HopTwo"] = f"{other_url}/customer/{identifier}"
    await refused(resolve, short("HopOne"), "outside")
    assert [r.url.path for r in sent] == ["/page-link/HopOne", "/page-link/HopTwo"]
    assert other.requests == 0


@pytest.mark.parametrize("target", [
    "https://app.qudini.com@{host}/customer/{identifier}",  # looks like Qudini; is not
    "https://app.qudini.com\\@{host}/customer/{identifier}",  # parsers disagree on "\\"
    "http://{host}/customer/{identifier} x",
    "https://app.qudini.com:99999/customer/{identifier}",
])
async def test_an_address_that_could_be_read_two_ways_is_not_followed(
        server: QudiniServer, elsewhere: tuple[Elsewhere, str], identifier: str,
        resolve: Resolve, sent: Sent, target: str) -> None:
    other, other_url = elsewhere
    server.short_links["Tricky1"] = target.format(host=other_url.removeprefix("http://"),
                                                 identifier=identifier)
    error = await refused(resolve, short("Tricky1"), "broken")
    assert "cannot read safely" in error.message
    assert other.requests == 0 and len(sent) == 1


# -- what else can go wrong ----------------------------------------------------------------------
async def test_an_unknown_or_expired_link_is_not_found(resolve: Resolve, sent: Sent) -> None:
    error = await refused(resolve, short("NoSuchCode1"), "not_found")
    assert error.exit_code == ExitCode.NOT_FOUND
    assert "expired" in error.message and "case-sensitive" in error.message
    assert "qudini.com/customer/" in error.message  # what to paste instead
    assert len(sent) == 1


async def test_a_redirect_without_location_says_so(server: QudiniServer,
                                                   resolve: Resolve) -> None:
    server.short_links["NoWhere1"] = None
    error = await refused(resolve, short("NoWhere1"), "broken")
    assert "without saying where the link points" in error.message
    assert error.exit_code == ExitCode.BAD_DATA


async def test_a_page_instead_of_a_redirect_is_not_read_for_a_booking(
        server: QudiniServer, base_url: str, identifier: str, resolve: Resolve) -> None:
    # The details endpoint answers 200 for a known identifier: a "link service" that answers
    # with a page. Its body names the booking, and still is not taken for a redirect.
    error = await refused(resolve, short(identifier), "broken",
                          short_link_base=f"{base_url}/api-customer-details")
    assert "answered with a page" in error.message


async def test_unreachable_link_service_says_it_needs_the_network(resolve: Resolve) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = await refused(resolve, short("aBga8C"), "offline",
                          short_link_base=f"http://127.0.0.1:{port}")
    assert error.exit_code == ExitCode.UNAVAILABLE
    assert "needs the network" in error.message
    assert "booking is kept behind the link" in error.message
    assert "try again when online" in error.message.lower()
    assert "qudini.com/customer/" in error.message


async def test_a_link_service_that_never_answers_ends_at_the_deadline(
        server: QudiniServer, resolve: Resolve) -> None:
    server.faults = Faults(hang=1.0)
    started = time.monotonic()
    error = await refused(resolve, short("aBga8C"), "offline",
                          limits=counter("qudini").scaled(deadline_s=0.5, read_s=0.3))
    assert time.monotonic() - started < 3
    assert "did not answer in time" in error.message


async def test_a_failing_link_service_is_offline_not_unknown(server: QudiniServer,
                                                             resolve: Resolve) -> None:
    server.faults = Faults(error=1.0)
    error = await refused(resolve, short("aBga8C"), "offline")
    assert "HTTP 5" in error.message


async def test_text_that_is_no_short_link_fails_before_any_request(resolve: Resolve,
                                                                   sent: Sent) -> None:
    with pytest.raises(BookingLinkError):
        await resolve("https://qdi.page.link/")
    with pytest.raises(BookingLinkError):
        await resolve("https://example.com/aBga8C")
    assert sent == []


async def test_without_a_qudini_table_only_qudini_com_counts(population: Population) -> None:
    resolver = ShortLinkResolver(None)
    try:
        assert resolver.base == "https://qdi.page.link"
        assert resolver.is_qudini(("https", "bookings-au.qudini.com", 443))
        assert not resolver.is_qudini(("http", "app.qudini.com", 80))
        assert not resolver.is_qudini(("http", "127.0.0.1", 8080))
    finally:
        await resolver.aclose()


def test_sandbox_codes_are_decodable_and_unguessable(server: QudiniServer) -> None:
    identifiers = server.sample_identifiers(20)
    codes = {server.short_code(i, hops) for i in identifiers for hops in (1, 2)}
    assert len(codes) == 40
    for identifier in identifiers:
        code = server.short_code(identifier)
        assert server._short_target(code) == (identifier, 1)
        assert server._short_target(code[:-1] + ("A" if code[-1] != "A" else "B")) is None
        assert server._short_target(code.swapcase()) is None


def test_the_short_link_host_is_a_checked_profile_setting() -> None:
    from app.errors import ProfileError
    from app.profile import profile_from_dict

    store = {"id": "s", "name": "S", "country": "AU", "timezone": "Australia/Sydney",
             "currency": "AUD"}
    plain = profile_from_dict({"store": store, "qudini": {"region": "au"}})
    assert plain.qudini is not None and plain.qudini.short_link_base == "https://qdi.page.link"
    moved = profile_from_dict({"store": store, "qudini": {
        "region": "au", "short_link_base": "https://links.qudini.com/s/"}})
    assert moved.qudini is not None and moved.qudini.short_link_base == \
        "https://links.qudini.com/s"
    with pytest.raises(ProfileError) as caught:
        profile_from_dict({"store": store, "qudini": {
            "region": "au", "short_link_base": "http://qdi.page.link"}}, "store.toml")
    assert "qudini.short_link_base" in caught.value.message
    assert "must use https" in caught.value.message


async def test_a_link_service_limiting_requests_says_wait(server: QudiniServer,
                                                          resolve: Resolve) -> None:
    server.faults = Faults(rate_limited=1.0, retry_after=0.0)
    error = await refused(resolve, short("aBga8C"), "busy")
    assert error.exit_code == ExitCode.RATE_LIMITED
    assert "try again" in error.message
