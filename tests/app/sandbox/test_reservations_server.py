"""The fake reservations server's wire contract, checked with a plain HTTP client."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import httpx
import pytest

from app.profile import ReservationsTable
from app.sandbox.people import Person, Population
from app.sandbox.reservations import Jwt, ReservationsServer, TokenError, format_price, go_json
from tests.conftest import ANCHOR, ServeFn

SECRET = "staff-Pass-4711"
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def server(population: Population) -> ReservationsServer:
    return ReservationsServer(population, SECRET)


@pytest.fixture
async def http(server: ReservationsServer, serve: ServeFn) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=await serve(server)) as client:
        yield client


def tokens(response: httpx.Response) -> dict[str, str]:
    out = {}
    for header in response.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        out[name] = rest.split(";", 1)[0]
    return out


async def login(http: httpx.AsyncClient, server: ReservationsServer) -> dict[str, str]:
    response = await http.post("/api/v1/auth/login",
                               json={"email": server.staff_email, "password": SECRET})
    assert response.status_code == 200 and response.content == b""
    return tokens(response)


def cookie(**values: str) -> dict[str, str]:
    names = {"access": "jwt-access", "refresh": "jwt-refresh"}
    return {"Cookie": "; ".join(f"{names[k]}={v}" for k, v in values.items())}


def prefix(server: ReservationsServer) -> str:
    return f"/api/v1/merchants/{server.merchant_id}"


def claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    result: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload)
                                                                                  % 4)))
    return result


def member(population: Population, *, dummy: bool | None = None,
           blacklisted: bool = False) -> Person:
    return next(p for p in population.people() if p.in_reservations
                and (dummy is None or p.reservations_dummy == dummy)
                and (p.blacklist_reason is not None) == blacklisted)


# -- auth -------------------------------------------------------------------------------------
async def test_login_cookies_exactly_as_documented(http: httpx.AsyncClient,
                                                   server: ReservationsServer) -> None:
    response = await http.post("/api/v1/auth/login",
                               json={"email": server.staff_email, "password": SECRET})
    headers = response.headers.get_list("set-cookie")
    assert [h.split("=", 1)[0] for h in headers] == ["jwt-access", "jwt-refresh"]
    assert headers[0].endswith("; Path=/; Domain=reservations.local; Max-Age=900; HttpOnly; "
                               "SameSite=Lax")
    assert f"Max-Age={30 * 24 * 3600};" in headers[1]
    found = tokens(response)
    access, refresh = claims(found["jwt-access"]), claims(found["jwt-refresh"])
    assert access["sub"] == refresh["sub"] == server.user_id
    assert set(access) == {"sub", "exp"} and refresh["refresh_version"] == 1
    header = json.loads(base64.urlsafe_b64decode(found["jwt-access"].split(".")[0] + "=="))
    assert header == {"alg": "HS256", "typ": "JWT"}


async def test_plain_cookie_jar_falls_into_the_domain_trap(http: httpx.AsyncClient,
                                                           server: ReservationsServer) -> None:
    await login(http, server)
    assert not list(http.cookies.jar)  # Domain=reservations.local ≠ 127.0.0.1: dropped
    response = await http.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.json() == {"error": {"message": "jwt token could not be found"}}


async def test_login_failures(http: httpx.AsyncClient, server: ReservationsServer) -> None:
    wrong = await http.post("/api/v1/auth/login",
                            json={"email": server.staff_email, "password": "nope"})
    assert (wrong.status_code, wrong.json()["error"]["message"]) == (
        401, "incorrect email or password")
    unknown = await http.post("/api/v1/auth/login",
                              json={"email": "x@example.com", "password": SECRET})
    assert unknown.json()["error"]["message"] == "GetUserByEmail: no rows in result set"
    missing = await http.post("/api/v1/auth/login", json={"email": server.staff_email})
    assert (missing.status_code, missing.json()["error"]["message"]) == (
        400, "'password': This field is required")
    with pytest.raises(httpx.TransportError):  # OAuth-only user: the real server drops
        await http.post("/api/v1/auth/login",
                        json={"email": server.oauth_only_email, "password": SECRET})


async def test_refresh_only_serves_and_issues_new_access(http: httpx.AsyncClient,
                                                         server: ReservationsServer) -> None:
    found = await login(http, server)
    response = await http.get("/api/v1/auth/me", headers=cookie(refresh=found["jwt-refresh"]))
    assert response.status_code == 200
    fresh = tokens(response)
    assert list(fresh) == ["jwt-access"]
    assert claims(fresh["jwt-access"])["sub"] == server.user_id


async def test_expired_access_is_401_without_fallback(http: httpx.AsyncClient,
                                                      server: ReservationsServer) -> None:
    server.access_ttl_s = 0.01
    found = await login(http, server)
    await asyncio.sleep(0.05)
    response = await http.get("/api/v1/auth/me", headers=cookie(access=found["jwt-access"],
                                                                refresh=found["jwt-refresh"]))
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "token has invalid claims: token is expired"
    assert not response.headers.get_list("set-cookie")


async def test_refresh_version_mismatch_deletes_both_cookies(http: httpx.AsyncClient,
                                                             server: ReservationsServer) -> None:
    found = await login(http, server)
    bump = await http.post("/api/v1/auth/logout/all", headers=cookie(access=found["jwt-access"]))
    assert bump.status_code == 200 and server.refresh_version == 2
    response = await http.get("/api/v1/auth/me", headers=cookie(refresh=found["jwt-refresh"]))
    assert response.status_code == 401
    deleted = response.headers.get_list("set-cookie")
    assert len(deleted) == 2 and all("Max-Age=0" in h for h in deleted)


async def test_forged_token_is_refused(http: httpx.AsyncClient,
                                       server: ReservationsServer) -> None:
    forged = Jwt(b"not the key").sign({"sub": server.user_id, "exp": time.time() + 60})
    response = await http.get("/api/v1/auth/me", headers=cookie(access=forged))
    assert response.status_code == 401
    assert "signature is invalid" in response.json()["error"]["message"]


def test_jwt_roundtrip_and_failures() -> None:
    jwt = Jwt(b"k")
    token = jwt.sign({"sub": "u", "exp": 100.5})
    assert jwt.verify(token, now=100.0)["sub"] == "u"
    for bad, now in ((token, 100.5), ("a.b", 0), (token[:-2] + "xx", 0), ("!.!.!", 0)):
        with pytest.raises(TokenError):
            jwt.verify(bad, now)


async def test_membership_is_checked(http: httpx.AsyncClient,
                                     server: ReservationsServer) -> None:
    found = await login(http, server)
    auth = cookie(access=found["jwt-access"])
    me = (await http.get("/api/v1/auth/me", headers=auth)).json()["data"]
    assert me["memberships"][0]["merchant_id"] == server.merchant_id
    for merchant in ("11111111-2222-4333-8444-555555555555", "abc"):
        response = await http.get(f"/api/v1/merchants/{merchant}/customers", headers=auth)
        assert response.status_code == 401  # malformed ids too: 401, not 400
        assert response.json()["error"]["message"] == (
            "user is not a team member for this merchant")


async def test_path_forms(http: httpx.AsyncClient, server: ReservationsServer) -> None:
    found = await login(http, server)
    auth = cookie(access=found["jwt-access"])
    assert (await http.get("/api/v1/merchant/customers", headers=auth)).status_code == 404
    server.path_form = "merchant"
    assert (await http.get("/api/v1/merchant/customers", headers=auth)).status_code == 200
    gone = await http.get(f"{prefix(server)}/customers", headers=auth)
    assert gone.status_code == 404 and gone.text == "404 page not found\n"


# -- conventions ------------------------------------------------------------------------------
async def test_bodies_without_json_content_type_get_415(http: httpx.AsyncClient,
                                                        server: ReservationsServer) -> None:
    plain = await http.post("/api/v1/auth/login", content=b'{"email":"a@b.c"}',
                            headers={"Content-Type": "text/plain"})
    assert plain.status_code == 415 and plain.content == b""
    found = await login(http, server)
    person = member(server.population)
    response = await http.put(f"{prefix(server)}/customers/{person.reservations_id}",
                              content=json.dumps({"id": person.reservations_id}).encode(),
                              headers=cookie(access=found["jwt-access"]))
    assert response.status_code == 415 and response.content == b""
    # Bodiless requests are not checked.
    assert (await http.get("/api/v1/auth/me", headers=cookie(
        access=found["jwt-access"]))).status_code == 200


async def test_go_encoding_nulls_and_utc(http: httpx.AsyncClient,
                                         server: ReservationsServer) -> None:
    found = await login(http, server)
    response = await http.get(f"{prefix(server)}/customers", headers=cookie(
        access=found["jwt-access"]))
    raw = response.content
    assert raw.endswith(b"]}\n") and b"\n" not in raw[:-1]
    assert b"<" not in raw and b">" not in raw and b"&" not in raw
    assert b"\\u003e" in raw or b"\\u0026" in raw or b"\\u003c" in raw
    rows = response.json()["data"]
    keys = ["id", "first_name", "last_name", "email", "phone_number", "birthday", "note",
            "is_dummy", "is_blacklisted", "blacklist_reason", "times_booked", "times_cancelled"]
    assert all(list(row) == keys for row in rows)  # wire order, nulls always present
    assert any(row["email"] is None for row in rows)
    assert all(row["birthday"] is None or row["birthday"].endswith("T00:00:00Z") for row in rows)
    stats = (await http.get(f"{prefix(server)}/customers/{rows[0]['id']}/stats",
                            headers=cookie(access=found["jwt-access"]))).json()["data"]
    assert all(b["from_date"].endswith("Z") for b in stats["bookings"])


async def test_error_shapes(http: httpx.AsyncClient, server: ReservationsServer) -> None:
    found = await login(http, server)
    auth = cookie(access=found["jwt-access"])
    base = f"{prefix(server)}/customers"
    bad = await http.get(f"{base}/abc", headers=auth)
    assert (bad.status_code, bad.json()) == (
        400, {"error": {"message": "invalid customer id: invalid UUID length: 3"}})
    unknown_id = "0190a1b2-c3d4-7e5f-8a6b-ffffffffffff"
    missing = await http.get(f"{base}/{unknown_id}", headers=auth)
    assert (missing.status_code, missing.json()["error"]["message"]) == (
        400, "GetCustomerInfo: no rows in result set")
    stats = await http.get(f"{base}/{unknown_id}/stats", headers=auth)
    assert (stats.status_code, stats.json()) == (
        200, {"error": {"message": "GetCustomerStats: no rows in result set"}})
    person = member(server.population)
    cid = person.reservations_id
    other = await http.put(f"{base}/{cid}", json={"id": unknown_id, "note": "x"}, headers=auth)
    assert other.json()["error"]["message"] == "invalid customer id provided"
    other = await http.put(f"{base}/{cid}/blacklist", json={"id": unknown_id}, headers=auth)
    assert other.json()["error"]["message"] == "invalid customer id"
    bare_date = await http.put(f"{base}/{cid}", json={"id": cid, "birthday": "1990-05-17"},
                               headers=auth)
    assert bare_date.status_code == 400
    assert bare_date.json()["error"]["message"].startswith(
        "unexpected error during json parsing: parsing time")
    create = await http.post(base, json={"last_name": "X"}, headers=auth)
    assert create.json()["error"]["message"] == "'first_name': This field is required"
    broken = await http.post(base, content=b"{", headers={**auth, **JSON})
    assert broken.status_code == 400


# -- writes -----------------------------------------------------------------------------------
async def test_partial_update_and_reason_key(http: httpx.AsyncClient,
                                             server: ReservationsServer) -> None:
    found = await login(http, server)
    auth = cookie(access=found["jwt-access"])
    person = next(p for p in server.population.people()
                  if p.in_reservations and p.dob and p.blacklist_reason is None)
    url = f"{prefix(server)}/customers/{person.reservations_id}"
    before = (await http.get(url, headers=auth)).json()["data"]
    ok = await http.put(url, json={"id": person.reservations_id, "first_name": None,
                                   "note": "new"}, headers=auth)
    assert ok.status_code == 200 and ok.content == b""
    after = (await http.get(url, headers=auth)).json()["data"]
    assert after == {**before, "note": "new"}  # null and absent leave fields alone
    # The vendor's own frontend sends "reason": it is ignored.
    await http.put(f"{url}/blacklist", json={"id": person.reservations_id, "reason": "x"},
                   headers=auth)
    banned = (await http.get(f"{url}/stats", headers=auth)).json()["data"]
    assert banned["is_blacklisted"] is True and banned["blacklist_reason"] is None


async def test_delete_only_removes_dummies(http: httpx.AsyncClient,
                                           server: ReservationsServer) -> None:
    found = await login(http, server)
    auth = cookie(access=found["jwt-access"])
    linked, dummy = member(server.population, dummy=False), member(server.population, dummy=True)
    for person in (linked, dummy):
        response = await http.delete(f"{prefix(server)}/customers/{person.reservations_id}",
                                     headers=auth)
        assert response.status_code == 200
    assert (await http.get(f"{prefix(server)}/customers/{linked.reservations_id}",
                           headers=auth)).status_code == 200
    assert (await http.get(f"{prefix(server)}/customers/{dummy.reservations_id}",
                           headers=auth)).status_code == 400


async def test_transfer_without_validation(http: httpx.AsyncClient,
                                           server: ReservationsServer) -> None:
    found = await login(http, server)
    auth = cookie(access=found["jwt-access"])
    url = f"{prefix(server)}/customers/transfer"
    assert (await http.put(url, json={}, headers=auth)).status_code == 200
    bad = await http.put(url, json={"from_customer_id": "abc"}, headers=auth)
    assert bad.status_code == 400


# -- data -------------------------------------------------------------------------------------
def test_prices() -> None:
    assert format_price(Decimal("45.00"), "AUD") == "$45.00"
    assert format_price(Decimal("1250"), "USD") == "$1,250.00"
    assert format_price(Decimal("45"), "EUR") == "€45.00"
    assert format_price(Decimal("48"), "HUF") == "12\u00a0000\u00a0Ft"
    assert format_price(Decimal("18"), "HUF") == "4500\u00a0Ft"


def test_go_json_escapes_like_go() -> None:
    assert go_json({"n": "a<b>&c\u2028"}) == b'{"n":"a\\u003cb\\u003e\\u0026c\\u2028"}'


async def test_same_seed_same_data(serve: ServeFn) -> None:
    bodies = []
    for _ in range(2):
        server = ReservationsServer(Population(120, seed=9, anchor=ANCHOR), SECRET)
        async with httpx.AsyncClient(base_url=await serve(server)) as http:
            found = await login(http, server)
            response = await http.get(f"{prefix(server)}/customers",
                                      headers=cookie(access=found["jwt-access"]))
            bodies.append((server.merchant_id, response.content))
    assert bodies[0] == bodies[1]


async def test_streamed_list_equals_single_body(http: httpx.AsyncClient,
                                                server: ReservationsServer) -> None:
    found = await login(http, server)
    auth = cookie(access=found["jwt-access"])
    whole = await http.get(f"{prefix(server)}/customers/blacklist", headers=auth)
    server.stream_threshold, server.chunk_size = 0, 7
    streamed = await http.get(f"{prefix(server)}/customers/blacklist", headers=auth)
    assert streamed.headers.get("transfer-encoding") == "chunked"
    assert "content-length" in whole.headers
    assert streamed.content == whole.content
    server.chunk_size = 1
    streamed = await http.get(f"{prefix(server)}/calendar/customers", headers=auth)
    assert len(streamed.json()["data"]) == sum(p.in_reservations
                                               for p in server.population.people())


def test_profile_table(server: ReservationsServer) -> None:
    table = ReservationsTable.model_validate(server.profile_table("http://127.0.0.1:9"))
    assert table.merchant_id is None and table.path_form == "merchants"
    server.include_merchant_id = True
    server.path_form = "merchant"
    table = ReservationsTable.model_validate(server.profile_table("http://127.0.0.1:9"))
    assert table.merchant_id == server.merchant_id and table.path_form == "merchant"


async def test_million_people_stream_and_lookup_quickly(serve: ServeFn) -> None:
    server = ReservationsServer(Population(1_000_000, seed=5, anchor=ANCHOR), SECRET)
    async with httpx.AsyncClient(base_url=await serve(server)) as http:
        found = await login(http, server)
        auth = cookie(access=found["jwt-access"])
        started = time.perf_counter()
        async with http.stream("GET", f"{prefix(server)}/customers", headers=auth) as response:
            assert response.headers.get("transfer-encoding") == "chunked"
            received = b""
            async for chunk in response.aiter_bytes():
                received += chunk
                if len(received) > 50_000:
                    break
        assert received.startswith(b'{"data":[{"id":"')
        person = next(server.population.person(i) for i in range(999_000, 1_000_000)
                      if server.population.person(i).in_reservations)
        stats = await http.get(f"{prefix(server)}/customers/{person.reservations_id}/stats",
                               headers=auth)
        assert stats.json()["data"]["id"] == person.reservations_id
        assert time.perf_counter() - started < 5
