"""The LOKE sandbox's own contract: OAuth and error shapes, cursors, data variety, scale."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app.profile import LokeTable
from app.sandbox.base import encode_cursor
from app.sandbox.loke import LokeServer
from app.sandbox.people import Population
from tests.conftest import ANCHOR, ServeFn

SECRET = "sandbox-loke-secret"


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


async def token_for(http: httpx.AsyncClient, base: str, server: LokeServer) -> str:
    answer = await http.post(f"{base}/token", data={
        "grant_type": "client_credentials", "client_id": server.client_id,
        "client_secret": SECRET})
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == int(server.token_ttl_s)
    return str(body["access_token"])


def no_nulls(value: Any) -> bool:
    if isinstance(value, dict):
        return all(v is not None and no_nulls(v) for v in value.values())
    if isinstance(value, list):
        return all(no_nulls(v) for v in value)
    return True


def test_profile_table_is_a_valid_loke_table(population: Population) -> None:
    server = LokeServer(population, SECRET)
    table = LokeTable.model_validate(server.profile_table("http://127.0.0.1:8123/"))
    assert table.token_url == "http://127.0.0.1:8123/token"
    assert table.organization_id == server.organization_id


async def test_token_endpoint_speaks_oauth(serve: ServeFn, population: Population,
                                           http: httpx.AsyncClient) -> None:
    server = LokeServer(population, SECRET)
    base = await serve(server)
    wrong = await http.post(f"{base}/token", data={
        "grant_type": "client_credentials", "client_id": server.client_id,
        "client_secret": "nope"})
    assert (wrong.status_code, wrong.json()) == (401, {"error": "invalid_client"})
    grant = await http.post(f"{base}/token", data={"grant_type": "password"})
    assert (grant.status_code, grant.json()) == (400, {"error": "unsupported_grant_type"})
    basic = await http.post(f"{base}/token", data={"grant_type": "client_credentials"},
                            auth=(server.client_id, SECRET))
    assert basic.status_code == 200
    assert server.tokens_issued == 1


async def test_auth_errors_have_loke_shapes(serve: ServeFn, population: Population,
                                            http: httpx.AsyncClient) -> None:
    server = LokeServer(population, SECRET)
    base = await serve(server)
    org = server.organization_id
    missing = await http.get(f"{base}/organizations/{org}/customers")
    assert missing.status_code == 401
    assert missing.json() == {"message": "Unauthorized", "code": "unauthorized", "expose": True}
    token = await token_for(http, base, server)
    bearer = {"Authorization": f"Bearer {token}"}
    other = await http.get(f"{base}/organizations/01HZNOTOURS/customers", headers=bearer)
    assert (other.status_code, other.json()["code"]) == (403, "forbidden")
    unknown = await http.get(f"{base}/organizations/{org}/customers/01J000", headers=bearer)
    assert unknown.status_code == 404
    assert unknown.json() == {"message": "Not Found", "code": "not_found", "expose": True}
    bad_cursor = await http.get(f"{base}/organizations/{org}/customers",
                                params={"after": "!!"}, headers=bearer)
    assert bad_cursor.status_code == 400
    bad_sort = await http.get(f"{base}/organizations/{org}/customers",
                              params={"sort": "name"}, headers=bearer)
    assert bad_sort.status_code == 400


async def test_tokens_expire_after_token_ttl(serve: ServeFn, population: Population,
                                             http: httpx.AsyncClient) -> None:
    server = LokeServer(population, SECRET)
    now = [100.0]
    server.clock = lambda: now[0]
    server.token_ttl_s = 5
    base = await serve(server)
    token = await token_for(http, base, server)
    url = f"{base}/organizations/{server.organization_id}/customers"
    headers = {"Authorization": f"Bearer {token}"}
    assert (await http.get(url, headers=headers)).status_code == 200
    now[0] += 5
    assert (await http.get(url, headers=headers)).status_code == 401


async def test_next_page_is_a_full_url_with_an_opaque_cursor(
        serve: ServeFn, population: Population, http: httpx.AsyncClient) -> None:
    server = LokeServer(population, SECRET)
    server.page_size = 10
    base = await serve(server)
    headers = {"Authorization": f"Bearer {await token_for(http, base, server)}"}
    answer = await http.get(f"{base}/organizations/{server.organization_id}/customers",
                            params={"sort": "created"}, headers=headers)
    link = httpx.URL(answer.headers["X-Next-Page"])
    assert str(link).startswith(base)
    assert link.params["sort"] == "created"
    assert link.params["after"].isascii() and not link.params["after"].isdigit()
    assert len(answer.json()) == 10
    following = await http.get(link, headers=headers)
    assert {c["id"] for c in following.json()}.isdisjoint(c["id"] for c in answer.json())


def test_records_are_deterministic_and_omit_missing_keys(population: Population) -> None:
    one = LokeServer(population, SECRET)
    two = LokeServer(Population(population.size, population.seed, ANCHOR), "other")
    records = [one.customer_record(p, duplicate=d) for p in population.people()
               for d in (False, True)]
    again = [two.customer_record(p, duplicate=d) for p in two.population.people()
             for d in (False, True)]
    assert records == again
    present = [r for r in records if r is not None]
    assert all(no_nulls(r) for r in present)
    assert any("phoneNumber" not in r for r in present)
    assert any("statistics" not in r for r in present)
    assert any(r.get("email", "").startswith(" ") for r in present)  # pasted with spaces
    assert any(r["lastName"] in ("O'Brien", "D'Angelo") for r in present)
    stats = [r["statistics"] for r in present if "statistics" in r]
    assert all(isinstance(s["totalSpend"], int) for s in stats)
    assert all(re.fullmatch(r"[\d-]{10}T[\d:]{8}\.\d{3}Z", s["lastSpentAt"])
               for s in stats if "lastSpentAt" in s)
    assert all(re.fullmatch(r"[\d-]{10}T[\d:]{8}Z", r["createdAt"]) for r in present)


def test_duplicates_have_other_case_email_and_no_phone(population: Population) -> None:
    server = LokeServer(population, SECRET)
    dups = [(p, server.customer_record(p, duplicate=True)) for p in population.people()
            if p.loke_duplicate]
    assert dups
    for person, record in dups:
        assert record is not None
        assert record["email"] != person.email
        assert record["email"].casefold() == (person.email or "").casefold()
        assert "phoneNumber" not in record and "dob" not in record


def test_memberships_are_stable_and_some_customers_have_many(population: Population) -> None:
    server = LokeServer(population, SECRET)
    lists = {p.loke_id: server.memberships_of(p.loke_id) for p in population.people()}
    assert any(len(v) >= 12 for v in lists.values())
    assert any(not v for v in lists.values())
    names = {m["name"] for v in lists.values() for m in v}
    assert {"VIP", "Birthday club", "Newsletter"} <= names
    assert lists == {key: server.memberships_of(key) for key in lists}


async def test_a_million_people_serve_a_page_and_a_search_quickly(
        serve: ServeFn, http: httpx.AsyncClient) -> None:
    big = Population(1_000_000, seed=5, anchor=ANCHOR)
    server = LokeServer(big, SECRET)
    base = await serve(server)
    headers = {"Authorization": f"Bearer {await token_for(http, base, server)}"}
    url = f"{base}/organizations/{server.organization_id}/customers"
    started = time.perf_counter()
    first = await http.get(url, headers=headers)
    deep = await http.get(url, params={"after": encode_cursor("c", 1_500_000)}, headers=headers)
    assert len(first.json()) == 1000 and len(deep.json()) == 1000
    person = big.person(987_654)
    search = await http.get(url, params={"email": person.email or "x@y"}, headers=headers)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"two pages and a search took {elapsed:.2f} s"
    if person.in_loke and person.email:
        assert [c["id"] for c in search.json()][:1] == [person.loke_id]
