"""ReservationsClient against the fake reservations server over real loopback sockets."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from datetime import date
from pathlib import Path

import httpx
import pytest

from app.errors import BadData, CredentialError, NotAuthorised, NotFound, Rejected, Unavailable
from app.logs import setup_logging
from app.profile import ReservationsTable
from app.sandbox.faults import Faults
from app.sandbox.people import Person, Population
from app.sandbox.reservations import ReservationsServer
from app.vendors.limits import counter
from app.vendors.reservations import CustomerInfo, CustomerRow, ReservationsClient
from app.vendors.reservations.models import BOOKING_STATUSES
from tests.conftest import ServeFn

SECRET = "staff-Pass-4711"
UNKNOWN_ID = "0190a1b2-c3d4-7e5f-8a6b-ffffffffffff"


@pytest.fixture
def server(population: Population) -> ReservationsServer:
    return ReservationsServer(population, SECRET)


@pytest.fixture
async def base_url(server: ReservationsServer, serve: ServeFn) -> str:
    return await serve(server)


def table_for(server: ReservationsServer, base_url: str, **changes: object) -> ReservationsTable:
    return ReservationsTable.model_validate({**server.profile_table(base_url), **changes})


@pytest.fixture
async def client(server: ReservationsServer, base_url: str) -> AsyncIterator[ReservationsClient]:
    async with ReservationsClient(table_for(server, base_url), SECRET) as c:
        yield c


def find(population: Population, test: Callable[[Person], bool]) -> Person:
    return next(p for p in population.people() if p.in_reservations and test(p))


def logins(server: ReservationsServer) -> int:
    return sum(seen.path == "/api/v1/auth/login" for seen in server.history)


def has_bookings(server: ReservationsServer, p: Person) -> bool:
    return bool(p.bookings("reservations", server.population.anchor))


# -- sign-in and cookies --------------------------------------------------------------------------
async def test_login_uses_explicit_cookie_header_despite_foreign_domain(
    server: ReservationsServer, base_url: str, client: ReservationsClient
) -> None:
    # The server sets Domain=reservations.local; against 127.0.0.1 a jar would drop both.
    async with httpx.AsyncClient() as plain:
        raw = await plain.post(f"{base_url}/api/v1/auth/login",
                               json={"email": server.staff_email, "password": SECRET})
    assert all("Domain=reservations.local" in h for h in raw.headers.get_list("set-cookie"))
    await client.login()
    me = await client.me()
    assert me.email == server.staff_email
    assert server.history[-1].cookies == ("jwt-access", "jwt-refresh")
    assert not list(client.http.client.cookies.jar)  # httpx kept nothing


async def test_injected_client_jar_cannot_interfere(server: ReservationsServer,
                                                   base_url: str) -> None:
    stale = httpx.Cookies()
    stale.set("jwt-access", "stale.token.value", domain="127.0.0.1")
    async with httpx.AsyncClient(cookies=stale) as http_client:
        client = ReservationsClient(table_for(server, base_url), SECRET, client=http_client)
        assert len(await client.customers()) > 0
        assert not [c for c in http_client.cookies.jar if c.name.startswith("jwt-")]
        await client.aclose()
        assert not http_client.is_closed  # an injected client belongs to the caller


async def test_wrong_password_and_unknown_email_are_not_authorised(
    server: ReservationsServer, base_url: str
) -> None:
    async with ReservationsClient(table_for(server, base_url), "wrong-password") as client:
        with pytest.raises(NotAuthorised) as caught:
            await client.customers()
        assert "wrong-password" not in f"{caught.value.message} {caught.value.detail}"
        assert "incorrect" in caught.value.detail
    table = table_for(server, base_url, email="nobody@sandbox-store.example")
    async with ReservationsClient(table, SECRET) as client:
        with pytest.raises(NotAuthorised) as caught:
            await client.check()
        assert "GetUserByEmail" not in caught.value.message  # internals stay in detail
        assert "GetUserByEmail" in caught.value.detail


async def test_empty_secret_is_a_credential_error(server: ReservationsServer,
                                                  base_url: str) -> None:
    with pytest.raises(CredentialError):
        ReservationsClient(table_for(server, base_url), "")


async def test_password_only_account_drop_is_unavailable(server: ReservationsServer,
                                                         base_url: str) -> None:
    table = table_for(server, base_url, email=server.oauth_only_email)
    async with ReservationsClient(table, SECRET, max_retries=0) as client:
        with pytest.raises(Unavailable):
            await client.login()


async def test_secret_never_in_repr(client: ReservationsClient) -> None:
    await client.login()
    assert SECRET not in repr(client)
    assert "ey" not in repr(client._session)  # no token (JWTs start with "ey")


# -- silent refresh and re-login ------------------------------------------------------------------
async def test_expired_access_is_refreshed_silently(server: ReservationsServer,
                                                    client: ReservationsClient) -> None:
    server.access_ttl_s = 0.05
    await client.login()
    await client.merchant_id()
    first_access = client._session.access
    await asyncio.sleep(0.1)
    server.access_ttl_s = 60  # tokens issued from now on stay valid
    person = find(server.population, lambda p: p.blacklist_reason is None)
    info = await client.customer(person.reservations_id)
    assert info.id == person.reservations_id
    tail = [seen.cookies for seen in server.history][-2:]
    assert tail == [("jwt-access", "jwt-refresh"), ("jwt-refresh",)]  # 401, then refresh-only
    assert client._session.access not in (None, first_access)  # captured from Set-Cookie
    assert logins(server) == 1
    await client.customer(person.reservations_id)
    assert server.history[-1].cookies == ("jwt-access", "jwt-refresh")


async def test_refresh_version_bump_forces_one_new_login(server: ReservationsServer,
                                                         client: ReservationsClient) -> None:
    server.access_ttl_s = 0.05
    await client.login()
    server.logout_all()  # "log out all devices": refresh tokens stop working
    await asyncio.sleep(0.1)
    rows = await client.customers()
    assert rows
    assert logins(server) == 2
    history = list(server.history)
    second_login = max(i for i, seen in enumerate(history) if seen.path == "/api/v1/auth/login")
    assert history[second_login - 1].cookies == ("jwt-refresh",)  # refresh tried and refused


async def test_concurrent_calls_share_one_new_login(server: ReservationsServer,
                                                    client: ReservationsClient) -> None:
    server.access_ttl_s = 0.05
    await client.login()
    await client.merchant_id()
    server.logout_all()
    await asyncio.sleep(0.1)
    server.access_ttl_s = 60
    ids = [p.reservations_id for p in server.population.people(0, 60) if p.in_reservations][:5]
    infos = await asyncio.gather(*(client.customer(i) for i in ids))
    assert [i.id for i in infos] == ids
    assert logins(server) == 2


async def test_still_refused_after_new_login_is_not_authorised(server: ReservationsServer,
                                                               client: ReservationsClient) -> None:
    server.access_ttl_s = -1  # every token the server issues is already expired
    server.refresh_ttl_s = -1
    await client.login()
    before = server.requests
    with pytest.raises(NotAuthorised):
        await client.customers()
    # call (401) → refresh-only (401) → login → call (401) → give up: no loops
    assert server.requests - before == 4


async def test_not_a_team_member_fails_fast(server: ReservationsServer, base_url: str) -> None:
    table = table_for(server, base_url, merchant_id="11111111-2222-4333-8444-555555555555")
    async with ReservationsClient(table, SECRET) as client:
        await client.login()
        before = server.requests
        with pytest.raises(NotAuthorised) as caught:
            await client.customers()
        assert "merchant" in caught.value.message
        assert server.requests - before == 1


# -- merchant discovery and path forms ------------------------------------------------------------
async def test_merchant_discovered_once_from_me(server: ReservationsServer,
                                                client: ReservationsClient) -> None:
    assert await client.merchant_id() == server.merchant_id
    await client.customers()
    await client.blacklisted()
    assert sum(seen.path == "/api/v1/auth/me" for seen in server.history) == 1
    assert server.history[-1].path == (
        f"/api/v1/merchants/{server.merchant_id}/customers/blacklist")


async def test_merchant_id_from_profile_skips_discovery(server: ReservationsServer,
                                                        base_url: str) -> None:
    server.include_merchant_id = True
    async with ReservationsClient(table_for(server, base_url), SECRET) as client:
        await client.customers()
    assert not any(seen.path == "/api/v1/auth/me" for seen in server.history)


async def test_older_server_path_form(server: ReservationsServer, base_url: str) -> None:
    server.path_form = "merchant"
    async with ReservationsClient(table_for(server, base_url), SECRET) as client:
        assert client.table.path_form == "merchant"
        rows = await client.customers()
        stats = await client.stats(rows[0].id)
        assert stats.id == rows[0].id
        assert "older server" in await client.check()
    assert server.history[-1].path.startswith("/api/v1/merchant/customers/")
    assert not any(seen.path == "/api/v1/auth/me" for seen in server.history)


async def test_path_form_mismatch_says_what_to_fix(server: ReservationsServer,
                                                   base_url: str) -> None:
    table = table_for(server, base_url)  # "merchants"
    server.path_form = "merchant"
    async with ReservationsClient(table, SECRET) as client:
        with pytest.raises(Rejected) as caught:
            await client.customers()
        assert "path_form" in caught.value.message
        assert caught.value.status == 404


async def test_check_signs_in_and_names_the_merchant(server: ReservationsServer,
                                                     client: ReservationsClient) -> None:
    summary = await client.check()
    assert summary == f"signed in as {server.staff_email} (merchant {server.merchant_id[:8]}…)"
    assert SECRET not in summary


# -- reads ----------------------------------------------------------------------------------------
async def test_customer_list_and_blacklist_partition_the_population(
    server: ReservationsServer, client: ReservationsClient
) -> None:
    people = [p for p in server.population.people() if p.in_reservations]
    rows = await client.customers()
    banned = await client.blacklisted()
    assert {r.id for r in rows} == {p.reservations_id for p in people
                                    if p.blacklist_reason is None}
    assert {r.id for r in banned} == {p.reservations_id for p in people if p.blacklist_reason}
    assert all(r.is_blacklisted and r.blacklist_reason for r in banned)
    assert all(r.times_cancelled in (0, 1, 2) for r in rows)  # the documented SQL bug
    # Real-world variety: other-case emails, local phones, dummies without contacts.
    assert any(r.email and r.email != r.email.lower() for r in rows)
    assert any(r.phone_number and r.phone_number.startswith("04") for r in rows)
    assert any(r.is_dummy and (r.email is None or r.phone_number is None) for r in rows)
    assert any(r.note and ("&" in r.note or "<" in r.note) for r in rows)


async def batched(client: ReservationsClient, *, blacklist: bool = False,
                  size: int = 7) -> tuple[list[CustomerRow], int]:
    rows: list[CustomerRow] = []
    unreadable = 0
    async for batch, skipped in client.customer_batches(blacklist=blacklist, size=size):
        assert len(batch) + skipped <= size
        rows.extend(batch)
        unreadable += skipped
    return rows, unreadable


async def test_streamed_lists_hold_exactly_what_the_whole_lists_hold(
    server: ReservationsServer, client: ReservationsClient
) -> None:
    for blacklist in (False, True):
        whole, _ = await client.customer_list(blacklist=blacklist)
        streamed, unreadable = await batched(client, blacklist=blacklist)
        assert streamed == whole and unreadable == 0


@pytest.mark.parametrize("kind", ["malformed", "truncated"])
async def test_streamed_list_with_a_bad_body_is_bad_data(server: ReservationsServer,
                                                         client: ReservationsClient,
                                                         kind: str) -> None:
    server.faults = Faults(**{kind: 1.0})
    with pytest.raises(BadData):
        await batched(client)


async def test_streamed_list_errors_are_the_ordinary_errors(server: ReservationsServer,
                                                            client: ReservationsClient) -> None:
    server.faults = Faults(error=1.0)
    with pytest.raises(Unavailable):
        await batched(client)


async def test_customer_fields_and_birthday_date(server: ReservationsServer,
                                                 client: ReservationsClient) -> None:
    person = find(server.population, lambda p: p.dob is not None and not p.reservations_dummy)
    info = await client.customer(person.reservations_id)
    assert isinstance(info, CustomerInfo)
    assert info.birthday == person.dob  # date part of midnight UTC, never shifted
    assert info.first_name == person.first_name
    assert info.email == person.email_variant("reservations")
    assert info.phone_number == person.phone_variant("reservations")


async def test_unknown_and_malformed_customer_ids_are_not_found(
    client: ReservationsClient,
) -> None:
    with pytest.raises(NotFound) as caught:
        await client.customer(UNKNOWN_ID)
    assert "GetCustomerInfo" not in caught.value.message
    assert "no rows" in caught.value.detail
    with pytest.raises(NotFound):
        await client.customer("abc")


async def test_stats_unknown_id_http_200_error_is_not_found(client: ReservationsClient) -> None:
    with pytest.raises(NotFound) as caught:
        await client.stats(UNKNOWN_ID)
    assert caught.value.status == 200
    assert "GetCustomerStats" not in caught.value.message


async def test_stats_bookings(server: ReservationsServer, client: ReservationsClient) -> None:
    person = find(server.population, lambda p: len(
        p.bookings("reservations", server.population.anchor)) >= 3)
    stats = await client.stats(person.reservations_id)
    assert stats.bookings
    starts = [b.from_date for b in stats.bookings]
    assert starts == sorted(starts, reverse=True)  # type: ignore[type-var]
    assert all(b.status in BOOKING_STATUSES for b in stats.bookings)
    assert all(b.price.startswith("$") and "." in b.price for b in stats.bookings)
    assert all(b.cancel_deadline == 0 for b in stats.bookings)
    assert stats.times_completed == sum(b.status == "completed" for b in stats.bookings)
    assert stats.times_upcoming == sum(b.status in ("booked", "confirmed")
                                       for b in stats.bookings)


async def test_calendar_customers(server: ReservationsServer,
                                  client: ReservationsClient) -> None:
    entries = await client.calendar_customers()
    assert len(entries) == sum(p.in_reservations for p in server.population.people())
    assert all(e.first_name is not None for e in entries)
    assert any(e.last_visited is not None for e in entries)


# -- writes ---------------------------------------------------------------------------------------
async def test_update_note_partial_and_blank(server: ReservationsServer,
                                             client: ReservationsClient) -> None:
    person = find(server.population, lambda p: p.blacklist_reason is None)
    before = await client.customer(person.reservations_id)
    await client.update_note(person.reservations_id, "Prefers <Ruth> & text > calls")
    after = await client.customer(person.reservations_id)
    assert after.note == "Prefers <Ruth> & text > calls"
    assert after.model_dump(exclude={"note"}) == before.model_dump(exclude={"note"})
    assert server.history[-2].content_type == "application/json"
    await client.update_note(person.reservations_id, "")
    assert (await client.customer(person.reservations_id)).note is None


async def test_update_customer_birthday_roundtrip(server: ReservationsServer,
                                                  client: ReservationsClient) -> None:
    person = find(server.population, lambda p: p.dob is None)
    await client.update_customer(person.reservations_id, birthday=date(1990, 5, 17),
                                 first_name="Zoé")
    info = await client.customer(person.reservations_id)
    assert info.birthday == date(1990, 5, 17)
    assert info.first_name == "Zoé"
    assert info.last_name == person.last_name or info.last_name is None


async def test_blacklist_and_unblacklist_move_between_lists(server: ReservationsServer,
                                                            client: ReservationsClient) -> None:
    person = find(server.population, lambda p: p.blacklist_reason is None)
    cid = person.reservations_id
    await client.blacklist(cid, "Abusive & rude <twice>")
    assert cid not in {r.id for r in await client.customers()}
    banned = {r.id: r for r in await client.blacklisted()}
    assert banned[cid].blacklist_reason == "Abusive & rude <twice>"
    await client.unblacklist(cid)
    rows = {r.id: r for r in await client.customers()}
    assert rows[cid].is_blacklisted is False and rows[cid].blacklist_reason is None
    await client.blacklist(cid, None)
    assert {r.id: r for r in await client.blacklisted()}[cid].blacklist_reason is None


async def test_transfer_moves_bookings_from_a_dummy(server: ReservationsServer,
                                                    client: ReservationsClient) -> None:
    dummy = find(server.population, lambda p: p.reservations_dummy and has_bookings(server, p))
    target = find(server.population, lambda p: not p.reservations_dummy
                  and p.blacklist_reason is None and p.index != dummy.index)
    moved = (await client.stats(dummy.reservations_id)).times_booked
    before = (await client.stats(target.reservations_id)).times_booked
    await client.transfer_bookings(dummy.reservations_id, target.reservations_id)
    assert (await client.stats(target.reservations_id)).times_booked == before + moved
    assert (await client.stats(dummy.reservations_id)).bookings == []
    # A non-dummy source is a silent no-op, as documented.
    await client.transfer_bookings(target.reservations_id, dummy.reservations_id)
    assert (await client.stats(target.reservations_id)).times_booked == before + moved


async def test_create_then_delete_a_customer(client: ReservationsClient) -> None:
    await client.create_customer("Ngaio", "O'Brien", email="ngaio@example.com",
                                 birthday=date(2001, 2, 3), note="walk-in")
    created = [r for r in await client.customers() if r.email == "ngaio@example.com"]
    assert len(created) == 1 and created[0].is_dummy and created[0].birthday == date(2001, 2, 3)
    await client.delete_customer(created[0].id)
    assert not [r for r in await client.customers() if r.email == "ngaio@example.com"]


async def test_rejected_write_keeps_vendor_text_in_detail(client: ReservationsClient) -> None:
    with pytest.raises(Rejected) as caught:
        await client.create_customer("", "Nobody")
    assert caught.value.status == 400
    assert "first_name" in caught.value.detail


# -- faults ---------------------------------------------------------------------------------------
def _seed_where(pattern: list[bool], *, kind: str) -> int:
    """A Faults seed whose next requests hit ``kind`` (rate 0.5) exactly as ``pattern`` says.

    Replays the middleware's draws: one roll per request, plus the status choice on a 5xx hit.
    """
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


async def test_fault_error_retries_gets_then_unavailable(server: ReservationsServer,
                                                         client: ReservationsClient) -> None:
    rows = await client.customers()  # signed in, merchant known
    server.faults = Faults(error=1.0)
    before = server.requests
    with pytest.raises(Unavailable):
        await client.customer(rows[0].id)
    assert server.requests - before == 3


async def test_fault_error_never_retries_create(server: ReservationsServer,
                                                client: ReservationsClient) -> None:
    await client.customers()
    server.faults = Faults(error=1.0)
    before = server.requests
    with pytest.raises(Unavailable):
        await client.create_customer("Once", "Only")
    assert server.requests - before == 1


async def test_fault_put_is_retried(server: ReservationsServer,
                                    client: ReservationsClient) -> None:
    rows = await client.customers()
    server.faults = Faults(error=0.5, seed=_seed_where([True, False], kind="error"))
    before = server.requests
    await client.update_note(rows[0].id, "retried safely")
    assert server.requests - before == 2
    server.faults = Faults()
    assert (await client.customer(rows[0].id)).note == "retried safely"


async def test_fault_429_is_retried_after_the_delay(server: ReservationsServer,
                                                    client: ReservationsClient) -> None:
    rows = await client.customers()
    server.faults = Faults(rate_limited=0.5, retry_after=0.05,
                           seed=_seed_where([True, False], kind="429"))
    before = server.requests
    assert (await client.customer(rows[0].id)).id == rows[0].id
    assert server.requests - before == 2


async def test_fault_latency_and_drop_are_unavailable(server: ReservationsServer,
                                                      base_url: str) -> None:
    table = table_for(server, base_url)
    async with ReservationsClient(table, SECRET, max_retries=0) as client:
        await client.login()
        # signed in first, then a tiny timeout
        client.http.limits = counter("reservations").scaled(read_s=0.05)
        server.faults = Faults(latency_ms=300)
        with pytest.raises(Unavailable):
            await client.me()
        server.faults = Faults(drop=1.0)
        with pytest.raises(Unavailable):
            await client.me()


@pytest.mark.parametrize("kind", ["malformed", "truncated"])
async def test_fault_bad_bodies_are_bad_data(server: ReservationsServer,
                                             client: ReservationsClient, kind: str) -> None:
    rows = await client.customers()
    server.faults = Faults(**{kind: 1.0})
    with pytest.raises(BadData):
        await client.customer(rows[0].id)
    with pytest.raises(BadData):
        await client.customers()


async def test_fault_wrong_types_is_model_or_bad_data(server: ReservationsServer,
                                                      client: ReservationsClient) -> None:
    rows = await client.customers()
    for seed in range(8):
        server.faults = Faults(wrong_types=1.0, seed=seed)
        try:
            result = await client.customers()
        except BadData:
            continue
        assert all(isinstance(r, CustomerRow) for r in result)
    server.faults = Faults()
    assert len(await client.customers()) == len(rows)


async def test_body_without_json_content_type_maps_to_rejected(
    server: ReservationsServer, client: ReservationsClient
) -> None:
    # The client always sends JSON; this proves what a form body would get (415 → Rejected).
    rows = await client.customers()
    path = f"/api/v1/merchants/{server.merchant_id}/customers/{rows[0].id}"
    with pytest.raises(Rejected) as caught:
        await client.http.request("PUT", path, data={"id": rows[0].id},
                                  auth_headers=client._cookie_headers)
    assert caught.value.status == 415


async def test_session_cookies_are_scrubbed_from_logs_the_moment_they_arrive(
        client: ReservationsClient, tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "clientdesk.log"
    setup_logging(log_file, verbose=True)
    try:
        await client.login()
        access, refresh = client._session.access, client._session.refresh
        assert access and refresh
        logging.getLogger("clientdesk.test").warning("cookies %s / %s", access, refresh)
    finally:
        setup_logging(None)
    text = log_file.read_text(encoding="utf-8")
    assert "cookies *** / ***" in text
    assert access not in text and refresh not in text
