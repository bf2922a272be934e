"""LokeClient against the LOKE sandbox over real loopback sockets."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from tenacity import RetryCallState

from app.errors import BadData, NotAuthorised, NotFound, Unavailable
from app.logs import setup_logging
from app.profile import LokeTable
from app.sandbox.faults import Faults
from app.sandbox.loke import LokeServer
from app.sandbox.people import Person, Population
from app.vendors.limits import counter
from app.vendors.loke import Customer, LokeClient
from tests.conftest import ServeFn

SECRET = "loke-client-secret-for-tests-0123456789"


class FakeClock:
    """An injectable monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def no_backoff(_state: RetryCallState) -> float:
    """Retries still happen (tests count them), but without VendorHttp's 0.2-5 s pauses."""
    return 0.0


@pytest.fixture
async def server(population: Population) -> LokeServer:
    return LokeServer(population, SECRET)


@pytest.fixture
async def table(serve: ServeFn, server: LokeServer) -> LokeTable:
    return LokeTable.model_validate(server.profile_table(await serve(server)))


@pytest.fixture
async def loke(table: LokeTable) -> AsyncIterator[LokeClient]:
    async with LokeClient(table, SECRET, backoff=no_backoff) as client:
        yield client


def first(population: Population, test: Callable[[Person], bool]) -> Person:
    return next(p for p in population.people() if test(p))


def expected_ids(server: LokeServer) -> list[str]:
    ids = []
    for person in server.population.people():
        for duplicate in (False, True):
            record = server.customer_record(person, duplicate=duplicate)
            if record is not None:
                ids.append(record["id"])
    return ids


# -- auth -------------------------------------------------------------------------------------
async def test_check_is_a_cheap_authenticated_call(loke: LokeClient, server: LokeServer) -> None:
    summary = await loke.check()
    assert summary == f"authenticated, organization {server.organization_id}"
    assert server.requests == 2  # one token, one search
    assert server.tokens_issued == 1


async def test_token_is_cached_across_calls(loke: LokeClient, server: LokeServer) -> None:
    person = first(server.population, lambda p: p.in_loke)
    for _ in range(3):
        await loke.customer(person.loke_id)
    assert server.tokens_issued == 1


async def test_token_is_refreshed_shortly_before_expiry(table: LokeTable,
                                                        server: LokeServer) -> None:
    server.token_ttl_s = 100  # refresh 10 s early: min(60 s, 10 % of 100 s)
    clock = FakeClock()
    person = first(server.population, lambda p: p.in_loke)
    async with LokeClient(table, SECRET, backoff=no_backoff, clock=clock) as loke:
        await loke.customer(person.loke_id)
        clock.now += 89
        await loke.customer(person.loke_id)
        assert server.tokens_issued == 1
        clock.now += 1.5
        await loke.customer(person.loke_id)
        assert server.tokens_issued == 2


async def test_concurrent_calls_share_one_token_request(loke: LokeClient,
                                                        server: LokeServer) -> None:
    people = [p for p in server.population.people(0, 40) if p.in_loke]
    found = await asyncio.gather(*(loke.customer(p.loke_id) for p in people))
    assert [c.id for c in found] == [p.loke_id for p in people]
    assert server.tokens_issued == 1


async def test_revoked_token_is_replaced_and_the_call_retried_once(
        loke: LokeClient, server: LokeServer) -> None:
    person = first(server.population, lambda p: p.in_loke)
    await loke.customer(person.loke_id)
    server.revoke_tokens()
    customer = await loke.customer(person.loke_id)
    assert customer.id == person.loke_id
    assert server.tokens_issued == 2


async def test_a_401_after_a_fresh_token_is_not_retried_again(loke: LokeClient,
                                                              server: LokeServer) -> None:
    server.token_ttl_s = 0  # every token is dead on arrival
    person = first(server.population, lambda p: p.in_loke)
    with pytest.raises(NotAuthorised) as caught:
        await loke.customer(person.loke_id)
    assert caught.value.status == 401
    assert server.requests == 4  # token, GET 401, token, GET 401
    assert server.tokens_issued == 2


async def test_wrong_client_secret_is_not_authorised_and_never_shown(
        table: LokeTable, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "wrong-secret-that-must-not-leak-42"
    async with LokeClient(table, wrong, backoff=no_backoff) as loke:
        with pytest.raises(NotAuthorised) as caught:
            await loke.check()
        assert "client id or secret" in caught.value.message
        shown = f"{caught.value} {caught.value.detail} {caught.value!r} {loke!r}"
    assert wrong not in shown
    assert wrong not in caplog.text


async def test_secret_and_token_stay_out_of_logs_and_reprs(
        loke: LokeClient, server: LokeServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    person = first(server.population, lambda p: p.in_loke and p.email is not None)
    await loke.search_by_email(person.email or "")
    await loke.customer(person.loke_id)
    token = loke._token
    assert token is not None
    for text in (caplog.text, repr(loke)):
        assert SECRET not in text
        assert token not in text
        assert (person.email or "") not in text  # queries hold personal data


async def test_organization_without_the_add_on_is_refused(serve: ServeFn,
                                                          server: LokeServer) -> None:
    table = LokeTable.model_validate(
        {**server.profile_table(await serve(server)), "organization_id": "01HZOTHERORG"})
    async with LokeClient(table, SECRET, backoff=no_backoff) as loke:
        with pytest.raises(NotAuthorised) as caught:
            await loke.check()
    assert caught.value.status == 403
    assert "not installed" in caught.value.message
    assert "install" in caught.value.hint


# -- records ------------------------------------------------------------------------------------
async def test_customer_by_id(loke: LokeClient, server: LokeServer) -> None:
    person = first(server.population, lambda p: p.in_loke and p.points > 0)
    customer = await loke.customer(person.loke_id)
    assert customer.full_name == person.full_name
    assert customer.statistics is not None
    assert customer.statistics.points_balance == person.points
    assert customer.statistics.total_spend == person.spend_cents
    assert isinstance(customer.statistics.total_spend, int)


async def test_unknown_customer_is_not_found(loke: LokeClient) -> None:
    with pytest.raises(NotFound) as caught:
        await loke.customer("01J00000000000000000000000")
    assert caught.value.status == 404
    assert "not_found" in caught.value.detail


async def test_blank_ids_and_bad_phones_are_refused_before_any_request(
        loke: LokeClient, server: LokeServer) -> None:
    with pytest.raises(ValueError):
        await loke.customer(" ")
    with pytest.raises(ValueError):
        await loke.search_by_email("  ")
    with pytest.raises(ValueError):
        await loke.search_by_phone("0412 345 678")
    with pytest.raises(ValueError):
        async for _page in loke.customer_pages(sort="newest"):  # type: ignore[arg-type]
            pass
    assert server.requests == 0


async def test_search_by_email_ignores_case_and_stray_spaces(loke: LokeClient,
                                                             server: LokeServer) -> None:
    person = first(server.population,
                   lambda p: p.in_loke and p.email is not None
                   and p.email_variant("loke") != p.email)
    found = await loke.search_by_email(f" {(person.email or '').upper()} ")
    assert [c.id for c in found] == [person.loke_id]
    assert found[0].email == person.email  # the stored "  x@y " comes back trimmed


async def test_search_by_email_finds_the_duplicate_too(loke: LokeClient,
                                                       server: LokeServer) -> None:
    person = first(server.population, lambda p: p.loke_duplicate)
    found = await loke.search_by_email(person.email or "")
    assert len(found) == 2
    original, duplicate = found
    assert original.id == person.loke_id
    assert duplicate.email is not None and duplicate.email != person.email
    assert duplicate.email.casefold() == (person.email or "").casefold()
    assert duplicate.phone_number is None


async def test_search_by_phone_sends_the_plus_encoded(loke: LokeClient,
                                                      server: LokeServer) -> None:
    person = first(server.population, lambda p: p.in_loke and p.mobile_e164 is not None)
    found = await loke.search_by_phone(person.mobile_e164 or "")
    # A raw "+" would arrive as a space and match nobody.
    assert [c.id for c in found] == [person.loke_id]
    assert await loke.search_by_phone("+61400000001") == []


async def test_memberships_follow_pages_of_ten(loke: LokeClient, server: LokeServer) -> None:
    person = first(server.population, lambda p: p.in_loke and p.index % 10 == 7)
    lists = await loke.memberships(person.loke_id)
    expected = server.memberships_of(person.loke_id)
    assert len(expected) >= 12
    assert [(m.id, m.name) for m in lists] == [(m["id"], m["name"]) for m in expected]


# -- paging -------------------------------------------------------------------------------------
async def test_pages_run_to_the_end(loke: LokeClient, server: LokeServer) -> None:
    server.page_size = 25
    pages = [page async for page in loke.customer_pages()]
    ids = [c.id for page in pages for c in page.customers]
    assert ids == expected_ids(server)
    assert all(page.next_url for page in pages[:-1])
    assert pages[-1].next_url is None
    assert all(page.skipped == 0 for page in pages)


async def test_the_next_page_is_requested_while_this_one_is_used(
        loke: LokeClient, server: LokeServer) -> None:
    server.page_size = 25
    pages = loke.customer_pages()
    first_page = await anext(pages)
    await asyncio.sleep(0.05)  # the caller is busy storing page one
    assert first_page.next_url is not None
    assert server.requests == 3  # token, page one, and page two already asked for
    second = await anext(pages)
    assert [c.id for c in first_page.customers + second.customers] == expected_ids(server)[:50]
    await pages.aclose()  # stopping early cancels the read-ahead of page three
    assert server.requests <= 4  # page three at most; never past it


async def test_a_failing_read_ahead_surfaces_at_the_page_that_needed_it(
        loke: LokeClient, server: LokeServer) -> None:
    server.page_size = 25
    server.faults = Faults(latency_ms=200)  # page two is still on its way …
    pages = loke.customer_pages()
    first_page = await anext(pages)
    server.faults = Faults(malformed=1.0)  # … and comes back broken
    assert len(first_page.customers) == 25  # page one is unaffected
    with pytest.raises(BadData):
        await anext(pages)


async def test_empty_and_short_pages_do_not_end_the_listing(loke: LokeClient,
                                                            server: LokeServer) -> None:
    server.page_size, server.scan_limit = 1000, 2  # one person per page: some are empty
    pages = [page async for page in loke.customer_pages()]
    assert any(not page.customers and page.next_url for page in pages)
    assert [c.id for page in pages for c in page.customers] == expected_ids(server)


async def test_sort_travels_in_every_page_url(loke: LokeClient, server: LokeServer) -> None:
    server.page_size = 60
    pages = [page async for page in loke.customer_pages(sort="updated")]
    assert len(pages) > 1
    assert all("sort=updated" in page.url for page in pages)
    assert sorted(c.id for page in pages for c in page.customers) == sorted(expected_ids(server))


async def test_listing_resumes_from_a_saved_page_url(table: LokeTable,
                                                     server: LokeServer) -> None:
    server.page_size = 30
    seen: list[str] = []
    async with LokeClient(table, SECRET, backoff=no_backoff) as loke:
        async for page in loke.customer_pages():
            seen += [c.id for c in page.customers]
            saved = page.next_url
            if len(seen) >= 60:
                break  # the app "crashed" after storing two pages
    assert saved is not None
    async with LokeClient(table, SECRET, backoff=no_backoff) as loke:
        async for page in loke.customer_pages(start_url=saved):
            seen += [c.id for c in page.customers]
    assert seen == expected_ids(server)


async def test_relative_next_page_links_are_resolved(loke: LokeClient,
                                                     server: LokeServer) -> None:
    server.page_size, server.relative_next_page = 50, True
    customers = await loke.customers()
    assert [c.id for c in customers] == expected_ids(server)


async def test_next_page_on_another_origin_is_refused(loke: LokeClient,
                                                      server: LokeServer) -> None:
    server.page_size, server.next_page_origin = 10, "https://collector.example.net"
    with pytest.raises(BadData) as caught:
        await loke.customers()
    assert "another server" in caught.value.message
    assert server.requests == 2  # the token and the first page; nothing went elsewhere


async def test_start_url_on_another_origin_is_refused_before_any_request(
        loke: LokeClient, server: LokeServer) -> None:
    for start in ("http://127.0.0.1:9/organizations/x/customers", "https://api.loke.global/x",
                  "http://127.0.0.1.example.com/x"):
        with pytest.raises(BadData):
            async for _page in loke.customer_pages(start_url=start):
                pass
    assert server.requests == 0


# -- faults ---------------------------------------------------------------------------------------
async def test_slow_answers_become_unavailable(table: LokeTable, server: LokeServer) -> None:
    async with LokeClient(table, SECRET, backoff=no_backoff,
                          limits=counter("loke").scaled(read_s=0.05)) as loke:
        await loke.check()
        server.faults = Faults(latency_ms=300)
        with pytest.raises(Unavailable):
            await loke.check()


async def test_server_errors_are_retried_then_unavailable(loke: LokeClient,
                                                          server: LokeServer) -> None:
    await loke.check()
    server.faults = Faults(error=1.0)
    before = server.requests
    with pytest.raises(Unavailable):
        await loke.check()
    assert server.requests - before == 3  # a GET is retried twice


async def test_429_is_retried_after_retry_after(loke: LokeClient, server: LokeServer) -> None:
    await loke.check()
    server.faults = Faults(rate_limited=0.5, retry_after=0.2, seed=1)  # 429, then OK
    before = server.requests
    started = asyncio.get_running_loop().time()
    assert (await loke.check()).startswith("authenticated")
    assert server.requests - before == 2
    assert asyncio.get_running_loop().time() - started >= 0.2


async def test_dropped_connections_become_unavailable(loke: LokeClient,
                                                      server: LokeServer) -> None:
    await loke.check()
    server.faults = Faults(drop=1.0)
    with pytest.raises(Unavailable):
        await loke.check()


@pytest.mark.parametrize("kind", ["malformed", "truncated"])
async def test_broken_bodies_are_bad_data(loke: LokeClient, server: LokeServer,
                                          kind: str) -> None:
    person = first(server.population, lambda p: p.in_loke)
    await loke.check()
    server.faults = Faults(**{kind: 1.0})
    with pytest.raises(BadData):
        await loke.customer(person.loke_id)


async def test_wrong_types_give_a_model_or_bad_data(loke: LokeClient, server: LokeServer) -> None:
    await loke.check()
    server.page_size = 20
    people = [p for p in server.population.people(0, 30) if p.in_loke]
    server.faults = Faults(wrong_types=1.0)
    outcomes = 0
    for person in people:
        try:
            customer = await loke.customer(person.loke_id)
        except BadData:
            outcomes += 1
        else:
            assert isinstance(customer, Customer)
            outcomes += 1
    try:
        pages = [page async for page in loke.customer_pages()]
    except BadData:
        pass
    else:
        assert all(isinstance(c, Customer) for page in pages for c in page.customers)
    assert outcomes == len(people)


async def test_an_access_token_is_scrubbed_from_logs_the_moment_it_is_issued(
        loke: LokeClient, tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "clientdesk.log"
    setup_logging(log_file, verbose=True)
    try:
        token = await loke._access_token()
        logging.getLogger("clientdesk.test").warning("token %s", token)
    finally:
        setup_logging(None)
    text = log_file.read_text(encoding="utf-8")
    assert "token ***" in text and token not in text
