"""BooxiClient against the Booxi sandbox over real loopback sockets."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from tenacity import RetryCallState

from app.errors import BadData, NotAuthorised, NotFound, RateLimited, Rejected, Unavailable
from app.profile import BooxiTable
from app.sandbox.booxi import SERVICE_BASE_ID, BooxiServer
from app.sandbox.faults import Faults
from app.sandbox.people import SERVICES, Person, Population
from app.vendors.booxi import BookingHistory, BooxiClient, Client, InvalidRequest
from app.vendors.limits import counter
from app.vendors.ratelimit import SlidingWindowLimiter, booxi_limiter
from tests.conftest import ANCHOR, ServeFn

KEY = "booxi-partner-key-for-tests-0123456789"
RELAXED = ((1000, 1.0), (10_000, 60.0))
WINDOW = (ANCHOR - timedelta(days=800), ANCHOR + timedelta(days=90))


def no_backoff(_state: RetryCallState) -> float:
    """Retries still happen (tests count them), but without VendorHttp's 0.2-5 s pauses."""
    return 0.0


@pytest.fixture
async def server(population: Population) -> BooxiServer:
    server = BooxiServer(population, KEY)
    server.limits = RELAXED  # fair use has its own tests; the rest should not wait on it
    return server


@pytest.fixture
async def table(serve: ServeFn, server: BooxiServer) -> BooxiTable:
    return BooxiTable.model_validate(server.profile_table(await serve(server)))


def relaxed() -> SlidingWindowLimiter:
    return SlidingWindowLimiter(RELAXED)


@pytest.fixture
async def booxi(table: BooxiTable) -> AsyncIterator[BooxiClient]:
    async with BooxiClient(table, KEY, backoff=no_backoff, limiter=relaxed()) as client:
        yield client


def first(population: Population, test: Callable[[Person], bool]) -> Person:
    return next(p for p in population.people() if test(p))


def busiest(population: Population) -> Person:
    """The Booxi client with the most bookings (6 in the test population)."""
    return max((p for p in population.people() if p.in_booxi),
               key=lambda p: len(p.bookings("booxi", population.anchor)))


# -- lookups --------------------------------------------------------------------------------------
async def test_check_is_a_cheap_authenticated_call(booxi: BooxiClient,
                                                   server: BooxiServer) -> None:
    assert await booxi.check() == f"authenticated, merchant {server.merchant_id}"
    assert server.requests == 1


async def test_find_by_email_in_another_case(booxi: BooxiClient, server: BooxiServer) -> None:
    person = first(server.population, lambda p: p.in_booxi and p.email is not None
                   and p.email_variant("booxi") != p.email)
    found = await booxi.find_clients(email=(person.email or "").lower())
    assert [c.id for c in found] == [str(person.booxi_client_id)]
    assert found[0].email == (person.email or "").upper()  # as Booxi stores it


async def test_find_by_phone_with_plus(booxi: BooxiClient, server: BooxiServer) -> None:
    person = first(server.population, lambda p: p.in_booxi and p.mobile_e164 is not None)
    found = await booxi.find_clients(phone=person.mobile_e164)
    assert [c.id for c in found] == [str(person.booxi_client_id)]
    assert found[0].mobile_phone_number == person.mobile_e164


async def test_find_by_full_name(booxi: BooxiClient, server: BooxiServer) -> None:
    person = first(server.population, lambda p: p.in_booxi)
    found = await booxi.find_clients(first_name=person.first_name.upper(),
                                     last_name=f" {person.last_name} ")
    assert str(person.booxi_client_id) in [c.id for c in found]
    assert all(c.full_name.casefold() == person.full_name.casefold() for c in found)


async def test_nobody_found_is_an_empty_list(booxi: BooxiClient) -> None:
    assert await booxi.find_clients(email="nobody@example.com") == []


@pytest.mark.parametrize("criteria", [
    {},
    {"email": "  "},
    {"email": "a@example.com", "phone": "+61400000000"},
    {"email": "a@example.com", "first_name": "Zoë", "last_name": "Smith"},
    {"first_name": "Zoë"},
    {"last_name": "Smith"},
])
async def test_bad_searches_are_refused_without_spending_quota(
        booxi: BooxiClient, server: BooxiServer, criteria: dict[str, str]) -> None:
    with pytest.raises(InvalidRequest) as caught:
        await booxi.find_clients(**criteria)
    assert caught.value.status is None
    assert "nothing was sent" in caught.value.one_line()
    assert server.requests == 0


async def test_client_record(booxi: BooxiClient, server: BooxiServer) -> None:
    person = first(server.population, lambda p: p.in_booxi and p.dob is not None)
    client = await booxi.client_record(person.booxi_client_id)
    assert isinstance(client, Client)
    assert client.id == str(person.booxi_client_id)
    assert client.merchant_id == str(server.merchant_id)
    assert client.date_of_birth is not None
    assert client.date_of_birth.month == person.dob.month  # type: ignore[union-attr]
    assert client.status in ("Active", "Blocked")


async def test_unknown_client_is_not_found(booxi: BooxiClient, server: BooxiServer) -> None:
    absent = first(server.population, lambda p: not p.in_booxi)
    with pytest.raises(NotFound) as caught:
        await booxi.client_record(absent.booxi_client_id)
    assert caught.value.detail == "404: Client not found"


async def test_wrong_partner_key_is_not_authorised_and_never_shown(
        table: BooxiTable, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "leaked-partner-key-must-not-show-42"
    async with BooxiClient(table, wrong, backoff=no_backoff, limiter=relaxed()) as booxi:
        with pytest.raises(NotAuthorised) as caught:
            await booxi.check()
        shown = f"{caught.value} {caught.value.detail} {caught.value!r} {booxi!r}"
    assert caught.value.status == 401
    assert wrong not in shown and wrong not in caplog.text


async def test_another_merchant_is_not_authorised(serve: ServeFn, server: BooxiServer) -> None:
    table = BooxiTable.model_validate({**server.profile_table(await serve(server)),
                                       "merchant_id": 99})
    async with BooxiClient(table, KEY, backoff=no_backoff, limiter=relaxed()) as booxi:
        with pytest.raises(NotAuthorised) as caught:
            await booxi.find_clients(email="a@example.com")
    assert caught.value.status == 403


# -- booking history --------------------------------------------------------------------------
async def test_history_follows_the_cursor_and_merges_side_tables(
        booxi: BooxiClient, server: BooxiServer) -> None:
    server.page_size = 2
    person = busiest(server.population)
    expected = person.bookings("booxi", ANCHOR)
    history = await booxi.booking_history(person.booxi_client_id, *WINDOW)
    assert isinstance(history, BookingHistory)
    assert history.pages == 3
    assert len(history.bookings) == len(expected) == 6
    starts = [b.starts_on for b in history.bookings]
    assert starts == sorted(starts)  # Booxi's default here: ascending
    service_names = [name for name, _price in SERVICES]
    assert set(history.services) == {
        str(SERVICE_BASE_ID + service_names.index(b.service)) for b in expected}
    assert list(history.merchants) == [str(server.merchant_id)]
    for booking in history.bookings:
        assert history.merchant_of(booking) is not None
        assert history.staff_of(booking) is not None
        assert history.services_of(booking)
        assert booking.client is not None
        assert booking.client.id == str(person.booxi_client_id)
    merchant = history.merchants[str(server.merchant_id)]
    assert merchant.zone is not None and merchant.zone.key == "Australia/Sydney"


async def test_history_statuses_presence_and_money(booxi: BooxiClient,
                                                   server: BooxiServer) -> None:
    people = [p for p in server.population.people() if p.in_booxi]
    no_show = next(p for p in people
                   if any(b.status == "no-show" for b in p.bookings("booxi", ANCHOR)))
    history = await booxi.booking_history(no_show.booxi_client_id, *WINDOW, order="descending")
    starts = [b.starts_on for b in history.bookings]
    assert starts == sorted(starts, reverse=True)  # type: ignore[type-var]
    assert any(b.is_no_show and b.is_completed for b in history.bookings)
    for booking in history.bookings:
        assert booking.status in ("Approved", "Cancelled", "PendingStaffApproval")
        assert booking.payment is not None
        assert booking.payment.total is not None and booking.payment.total.as_tuple().exponent \
            == -2
        price = booking.items[0].price
        assert price is not None and price.currency == "AUD"
        assert str(price.amount) in {p for _, p in SERVICES}


async def test_history_window_limits_the_bookings(booxi: BooxiClient,
                                                  server: BooxiServer) -> None:
    person = busiest(server.population)
    past_only = await booxi.booking_history(person.booxi_client_id, WINDOW[0], ANCHOR)
    expected = [b for b in person.bookings("booxi", ANCHOR) if b.starts < ANCHOR]
    assert len(past_only.bookings) == len(expected)
    other_store = await booxi.booking_history(person.booxi_client_id, *WINDOW, merchant_id=7)
    assert other_store.bookings == [] and other_store.pages == 1


async def test_local_offsets_are_sent_as_utc(booxi: BooxiClient, server: BooxiServer) -> None:
    person = busiest(server.population)
    sydney = timezone(timedelta(hours=11))
    history = await booxi.booking_history(person.booxi_client_id,
                                          WINDOW[0].astimezone(sydney),
                                          WINDOW[1].astimezone(sydney))
    assert len(history.bookings) == 6


@pytest.mark.parametrize("args", [
    ("5000001", datetime(2026, 1, 1), datetime(2026, 2, 1, tzinfo=UTC)),  # naive start
    ("5000001", datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)),
    ("5000001", datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, 0, 0, 0, 500_000,
                                                           tzinfo=UTC)),  # same second
    ("abc", datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)),
    ("-5", datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)),
    (True, datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)),
    ("5000001", "2026-01-01T00:00:00Z", datetime(2026, 2, 1, tzinfo=UTC)),
])
async def test_bad_history_requests_are_refused_without_spending_quota(
        booxi: BooxiClient, server: BooxiServer, args: tuple[Any, Any, Any]) -> None:
    with pytest.raises(InvalidRequest):
        await booxi.booking_history(*args)
    assert server.requests == 0


async def test_bad_order_and_ids_are_refused_without_spending_quota(
        booxi: BooxiClient, server: BooxiServer) -> None:
    with pytest.raises(InvalidRequest):
        await booxi.booking_history(5_000_001, *WINDOW, order="sideways")  # type: ignore[arg-type]
    with pytest.raises(InvalidRequest):
        await booxi.booking_history(5_000_001, *WINDOW, merchant_id=-1)
    with pytest.raises(InvalidRequest):
        await booxi.client_record("5000001/../1")
    assert server.requests == 0


async def test_unknown_client_history_is_not_found(booxi: BooxiClient,
                                                   server: BooxiServer) -> None:
    with pytest.raises(NotFound):
        await booxi.booking_history(4_999_999, *WINDOW)


# -- fair use ---------------------------------------------------------------------------------
async def test_the_limiter_keeps_a_burst_under_the_servers_fair_use(
        table: BooxiTable, server: BooxiServer) -> None:
    server.limits = ((5, 1.0), (300, 60.0))  # Booxi's real policy, enforced by the sandbox
    person = first(server.population, lambda p: p.in_booxi)
    loop = asyncio.get_running_loop()
    async with BooxiClient(table, KEY, backoff=no_backoff, limiter=booxi_limiter()) as booxi:
        started = loop.time()
        for _ in range(12):
            await booxi.client_record(person.booxi_client_id)
        elapsed = loop.time() - started
    assert server.throttled == 0
    assert elapsed >= 2.0  # 5 in the first second, 5 in the next, 2 after that


async def test_without_the_limiter_the_server_says_429(table: BooxiTable,
                                                       server: BooxiServer) -> None:
    server.limits = ((1, 60.0),)  # one request a minute, so retries cannot get through
    person = first(server.population, lambda p: p.in_booxi)
    async with BooxiClient(table, KEY, backoff=no_backoff, limiter=relaxed()) as booxi:
        await booxi.client_record(person.booxi_client_id)
        with pytest.raises(RateLimited) as caught:
            await booxi.client_record(person.booxi_client_id)
    assert caught.value.retry_after is None  # Booxi documents no Retry-After: we back off
    assert server.throttled == 3  # the call and its two retries


async def test_a_400_is_charged_double(booxi: BooxiClient) -> None:
    limiter = booxi.limiter
    assert isinstance(limiter, SlidingWindowLimiter)
    # Every public method validates first, so only a hand-made request can still earn a 400.
    with pytest.raises(Rejected) as caught:
        await booxi._get("/booking", {"clientId": "5000001"})
    assert caught.value.status == 400
    assert "from, to" in caught.value.detail
    assert limiter.used(60) == 2


# -- faults -----------------------------------------------------------------------------------
async def test_slow_answers_become_unavailable(table: BooxiTable, server: BooxiServer) -> None:
    server.faults = Faults(latency_ms=300)
    async with BooxiClient(table, KEY, backoff=no_backoff, limiter=relaxed(),
                           limits=counter("booxi").scaled(read_s=0.05)) as booxi:
        with pytest.raises(Unavailable):
            await booxi.check()


async def test_server_errors_are_retried_then_unavailable(booxi: BooxiClient,
                                                          server: BooxiServer) -> None:
    server.faults = Faults(error=1.0)
    with pytest.raises(Unavailable):
        await booxi.check()
    assert server.requests == 3


async def test_429_with_retry_after_is_retried(booxi: BooxiClient, server: BooxiServer) -> None:
    server.faults = Faults(rate_limited=0.5, retry_after=0.2, seed=1)  # 429, then OK
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert (await booxi.check()).startswith("authenticated")
    assert server.requests == 2
    assert loop.time() - started >= 0.2


async def test_dropped_connections_become_unavailable(booxi: BooxiClient,
                                                      server: BooxiServer) -> None:
    server.faults = Faults(drop=1.0)
    with pytest.raises(Unavailable):
        await booxi.check()


@pytest.mark.parametrize("kind", ["malformed", "truncated"])
async def test_broken_bodies_are_bad_data(booxi: BooxiClient, server: BooxiServer,
                                          kind: str) -> None:
    person = busiest(server.population)
    server.faults = Faults(**{kind: 1.0})
    with pytest.raises(BadData):
        await booxi.booking_history(person.booxi_client_id, *WINDOW)
    with pytest.raises(BadData):
        await booxi.client_record(person.booxi_client_id)


async def test_wrong_types_give_a_model_or_bad_data(booxi: BooxiClient,
                                                    server: BooxiServer) -> None:
    server.faults = Faults(wrong_types=1.0)
    people = [p for p in server.population.people() if p.in_booxi][:15]
    for person in people:
        try:
            history = await booxi.booking_history(person.booxi_client_id, *WINDOW)
        except BadData:
            pass
        else:
            assert all(b.booking_id for b in history.bookings)
        try:
            client = await booxi.client_record(person.booxi_client_id)
        except BadData:
            pass
        else:
            assert isinstance(client, Client)
