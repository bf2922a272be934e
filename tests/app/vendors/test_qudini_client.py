"""QudiniClient against the fake Qudini server over real loopback sockets."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from app.errors import BadData, CredentialError, NotAuthorised, NotFound, Unavailable
from app.profile import QudiniTable
from app.sandbox.faults import Faults
from app.sandbox.people import Population
from app.sandbox.qudini import QudiniServer
from app.vendors.limits import counter
from app.vendors.qudini import Answer, BookingLinkError, CustomerDetails, QudiniClient
from tests.conftest import ServeFn

SECRET = "qudini-api-pass"
UNKNOWN = "0123456789abcdef0123456789abcdef0"


@pytest.fixture
def server(population: Population) -> QudiniServer:
    return QudiniServer(population, SECRET)


@pytest.fixture
async def base_url(server: QudiniServer, serve: ServeFn) -> str:
    return await serve(server)


def table_for(server: QudiniServer, base_url: str, **changes: object) -> QudiniTable:
    return QudiniTable.model_validate({**server.profile_table(base_url), **changes})


@pytest.fixture
async def client(server: QudiniServer, base_url: str) -> AsyncIterator[QudiniClient]:
    async with QudiniClient(table_for(server, base_url), SECRET) as c:
        yield c


async def test_details_from_identifier_and_pasted_link(server: QudiniServer,
                                                       client: QudiniClient) -> None:
    identifier = server.sample_identifiers(1)[0]
    person, _k, booking = server.lookup(identifier) or pytest.fail("sample not found")
    details = await client.customer_details(identifier)
    assert isinstance(details, CustomerDetails)
    assert details.identifier == identifier
    visit = details.customer_in_queue
    assert visit is not None and visit.customer is not None
    assert visit.customer.name == person.full_name
    assert visit.booking_start_time == booking.starts  # same instant ...
    offset = visit.booking_start_time.utcoffset() if visit.booking_start_time else None
    assert offset in (timedelta(hours=10), timedelta(hours=11))  # ... in Sydney's offset
    assert isinstance(visit.minutes_remaining, int)
    scanned = f"  HTTPS://AU.QUDINI.COM/CUSTOMER/{identifier.upper()}/?src=sms\r\n"
    assert (await client.customer_details(scanned)).identifier == identifier


async def test_short_link_fails_before_any_request(server: QudiniServer,
                                                   client: QudiniClient) -> None:
    before = server.requests
    with pytest.raises(BookingLinkError, match="cannot be read offline"):
        await client.customer_details("https://qdi.page.link/aBga8C")
    assert server.requests == before


async def test_unknown_identifier_is_not_found(server: QudiniServer,
                                               client: QudiniClient) -> None:
    with pytest.raises(NotFound) as caught:
        await client.customer_details(UNKNOWN)
    assert caught.value.status == 404
    with pytest.raises(NotFound):
        await client.answers(UNKNOWN)


async def test_status_not_ok_is_not_found(server: QudiniServer, client: QudiniClient) -> None:
    server.not_found_style = "status"
    with pytest.raises(NotFound) as caught:
        await client.customer_details(UNKNOWN)
    assert "NOT_FOUND" in caught.value.detail


async def test_answers_need_basic_auth(server: QudiniServer, base_url: str) -> None:
    identifier = server.sample_identifiers(1)[0]
    async with QudiniClient(table_for(server, base_url), "wrong-pass") as client:
        with pytest.raises(NotAuthorised) as caught:
            await client.answers(identifier)
        assert "wrong-pass" not in f"{caught.value.message} {caught.value.detail}"
        with pytest.raises(NotAuthorised):
            await client.check()
        # The public details endpoint does not check credentials.
        assert (await client.customer_details(identifier)).identifier == identifier


async def test_answers_include_empty_and_typed(server: QudiniServer,
                                               client: QudiniClient) -> None:
    results = [await client.answers(i) for i in server.sample_identifiers(12)]
    assert any(r == [] for r in results)
    answers = [a for r in results for a in r]
    assert all(isinstance(a, Answer) and a.question_id for a in answers)
    kinds = {("text" if a.text else "number" if a.number is not None else
              "dateTime" if a.date_time else "list" if a.items else "none") for a in answers}
    assert {"text", "number", "list"} <= kinds
    assert all(a.value for a in answers)


async def test_check_with_and_without_api_user(server: QudiniServer, base_url: str,
                                               client: QudiniClient) -> None:
    assert await client.check() == "signed in as API user clientdesk-sandbox"
    table = QudiniTable.model_validate({"base_url": base_url})
    async with QudiniClient(table, None) as anonymous:
        assert "no API user" in await anonymous.check()
        identifier = server.sample_identifiers(1)[0]
        with pytest.raises(NotAuthorised):
            await anonymous.answers(identifier)


def test_missing_password_is_a_credential_error(server: QudiniServer) -> None:
    with pytest.raises(CredentialError):
        QudiniClient(table_for(server, "http://127.0.0.1:9"), None)


def test_secret_not_in_repr(server: QudiniServer) -> None:
    client = QudiniClient(table_for(server, "http://127.0.0.1:9"), SECRET)
    assert SECRET not in repr(client) and SECRET not in str(vars(client))


async def test_basic_header_is_sent(server: QudiniServer, base_url: str) -> None:
    seen: list[str] = []

    async def record(request: httpx.Request) -> None:
        seen.append(request.headers.get("authorization", ""))

    async with httpx.AsyncClient(event_hooks={"request": [record]}) as http_client:
        client = QudiniClient(table_for(server, base_url), SECRET, client=http_client)
        await client.answers(server.sample_identifiers(1)[0])
        await client.aclose()
        assert not http_client.is_closed
    token = base64.b64encode(f"clientdesk-sandbox:{SECRET}".encode()).decode()
    assert seen == [f"Basic {token}"]


# -- faults ---------------------------------------------------------------------------------------
def _seed_where(pattern: list[bool], *, kind: str) -> int:
    for seed in range(1000):
        faults = Faults(seed=seed)
        hits = []
        for _ in pattern:
            hit = faults.roll(0.5)
            if hit and kind == "error":
                faults.rng.choice((500, 502, 503))
            hits.append(hit)
        if hits == pattern:
            return seed
    raise AssertionError("no seed found")


async def test_fault_error_retried_then_unavailable(server: QudiniServer,
                                                    client: QudiniClient) -> None:
    identifier = server.sample_identifiers(1)[0]
    server.faults = Faults(error=1.0)
    before = server.requests
    with pytest.raises(Unavailable):
        await client.customer_details(identifier)
    assert server.requests - before == 3


async def test_fault_error_then_success(server: QudiniServer, client: QudiniClient) -> None:
    identifier = server.sample_identifiers(1)[0]
    server.faults = Faults(error=0.5, seed=_seed_where([True, False], kind="error"))
    assert (await client.answers(identifier)) is not None
    assert server.requests == 2


async def test_fault_429_waits_retry_after(server: QudiniServer, client: QudiniClient) -> None:
    identifier = server.sample_identifiers(1)[0]
    server.faults = Faults(rate_limited=0.5, retry_after=0.05,
                           seed=_seed_where([True, False], kind="429"))
    assert (await client.customer_details(identifier)).identifier == identifier
    assert server.requests == 2


async def test_fault_latency_and_drop(server: QudiniServer, base_url: str) -> None:
    identifier = server.sample_identifiers(1)[0]
    async with QudiniClient(table_for(server, base_url), SECRET, max_retries=0,
                            limits=counter("qudini").scaled(read_s=0.05)) as client:
        server.faults = Faults(latency_ms=300)
        with pytest.raises(Unavailable):
            await client.customer_details(identifier)
        server.faults = Faults(drop=1.0)
        with pytest.raises(Unavailable):
            await client.answers(identifier)


@pytest.mark.parametrize("kind", ["malformed", "truncated"])
async def test_fault_bad_bodies(server: QudiniServer, client: QudiniClient, kind: str) -> None:
    identifier = server.sample_identifiers(1)[0]
    server.faults = Faults(**{kind: 1.0})
    with pytest.raises(BadData):
        await client.customer_details(identifier)


async def test_fault_wrong_types_model_or_bad_data(server: QudiniServer,
                                                   client: QudiniClient) -> None:
    identifiers = server.sample_identifiers(4)
    for seed in range(6):
        server.faults = Faults(wrong_types=1.0, seed=seed)
        for identifier in identifiers:
            try:
                details = await client.customer_details(identifier)
            except BadData:
                continue
            assert isinstance(details, CustomerDetails)
            try:
                answers = await client.answers(identifier)
            except BadData:
                continue
            assert all(isinstance(a, Answer) for a in answers)
