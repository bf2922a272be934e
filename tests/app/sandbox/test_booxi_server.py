"""The Booxi sandbox's own contract: 400/401/403/404 shapes, fair use, data variety, scale."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app.profile import BooxiTable
from app.sandbox.booxi import BooxiServer
from app.sandbox.people import Population
from tests.conftest import ANCHOR, ServeFn

KEY = "sandbox-booxi-key"
WINDOW = {"from": "2024-01-01T00:00:00Z", "to": "2027-06-01T00:00:00+00:00"}


@pytest.fixture
async def booxi(serve: ServeFn, population: Population
                ) -> AsyncIterator[tuple[BooxiServer, httpx.AsyncClient]]:
    server = BooxiServer(population, KEY)
    server.limits = ((1000, 1.0),)
    base = (await serve(server)) + "/booking/v1"
    async with httpx.AsyncClient(base_url=base, timeout=5,
                                 headers={"Booxi-PartnerKey": KEY}) as http:
        yield server, http


def test_profile_table_is_a_valid_booxi_table(population: Population) -> None:
    server = BooxiServer(population, KEY)
    table = BooxiTable.model_validate(server.profile_table("http://127.0.0.1:8124"))
    assert table.url == "http://127.0.0.1:8124/booking/v1"
    assert table.merchant_id == server.merchant_id


async def test_missing_or_wrong_partner_key_is_401(
        booxi: tuple[BooxiServer, httpx.AsyncClient]) -> None:
    _server, http = booxi
    for headers in ({"Booxi-PartnerKey": ""}, {"Booxi-PartnerKey": "nope"}):
        answer = await http.get("/client/5000000", headers=headers)
        assert answer.status_code == 401
        assert answer.json()["code"] == 401 and answer.json()["message"]


@pytest.mark.parametrize(("params", "status"), [
    ({"merchantId": "31386"}, 400),
    ({"merchantId": "31386", "email": "a@example.com", "phoneNumber": "+61400000000"}, 400),
    ({"merchantId": "31386", "email": "a@example.com", "lastName": "Smith"}, 400),
    ({"merchantId": "31386", "firstName": "Zoë"}, 400),
    ({"email": "a@example.com"}, 400),
    ({"merchantId": "abc", "email": "a@example.com"}, 400),
    ({"merchantId": "1", "email": "a@example.com"}, 403),
    ({"moduleId": "3"}, 400),
])
async def test_client_search_refusals(booxi: tuple[BooxiServer, httpx.AsyncClient],
                                      params: dict[str, str], status: int) -> None:
    _server, http = booxi
    answer = await http.get("/client", params=params)
    assert answer.status_code == status
    body = answer.json()
    assert set(body) == {"message", "code"} and body["code"] == status


async def test_module_search_is_accepted_and_empty(
        booxi: tuple[BooxiServer, httpx.AsyncClient]) -> None:
    _server, http = booxi
    answer = await http.get("/client", params={"moduleId": "3", "externalId": "x-1"})
    assert answer.json() == {"clients": [], "clientLinks": []}


async def test_client_records_carry_booxi_variety(
        booxi: tuple[BooxiServer, httpx.AsyncClient]) -> None:
    server, http = booxi
    people = [p for p in server.population.people() if p.in_booxi]
    records = [server.client_record(p) for p in people]
    assert any(r["email"] and r["email"].isupper() for r in records)  # another case
    assert all(r["mobilePhoneNumber"] is None or r["mobilePhoneNumber"].startswith("+61")
               for r in records)
    assert any(r["dateOfBirth"] and r["dateOfBirth"]["year"] is None for r in records)
    assert any(r["quickNote"] for r in records) and any(r["quickNote"] == "" for r in records)
    one = await http.get(f"/client/{people[0].booxi_client_id}")
    assert one.json() == records[0]
    missing = await http.get("/client/42")
    assert (missing.status_code, missing.json()["code"]) == (404, 404)


@pytest.mark.parametrize(("params", "needle"), [
    ({}, "from, to, clientId"),
    ({"from": WINDOW["from"], "clientId": "5000001"}, "to"),
    ({**WINDOW, "clientId": "x"}, "clientId"),
    ({"from": "2024-01-01", "to": WINDOW["to"], "clientId": "5000001"}, "RFC 3339"),
    ({"from": "2024-01-01T00:00:00", "to": WINDOW["to"], "clientId": "5000001"}, "RFC 3339"),
    ({"from": WINDOW["to"], "to": WINDOW["from"], "clientId": "5000001"}, "before"),
    ({**WINDOW, "clientId": "5000001", "order": "sideways"}, "order"),
    ({**WINDOW, "clientId": "5000001", "bookingMethod": "Walk-in"}, "bookingMethod"),
    ({**WINDOW, "clientId": "5000001", "cursor": "bm9wZQ"}, "cursor"),
])
async def test_history_refusals_are_400_with_a_message(
        booxi: tuple[BooxiServer, httpx.AsyncClient], params: dict[str, str],
        needle: str) -> None:
    _server, http = booxi
    answer = await http.get("/booking", params=params)
    assert answer.status_code == 400
    assert needle in answer.json()["message"] and answer.json()["code"] == 400


async def test_history_statuses_map_to_booxi_values(
        booxi: tuple[BooxiServer, httpx.AsyncClient]) -> None:
    server, http = booxi
    server.page_size = 50
    seen: dict[str, set[tuple[Any, ...]]] = {}
    for person in [p for p in server.population.people() if p.in_booxi][:40]:
        body = (await http.get("/booking", params={
            "from": "2020-01-01T00:00:00Z", "to": "2030-01-01T00:00:00Z",
            "clientId": str(person.booxi_client_id)})).json()
        assert body["cursor"] is None
        bookings = sorted(person.bookings("booxi", ANCHOR), key=lambda b: b.starts)
        assert len(body["bookings"]) == len(bookings)
        for ours, theirs in zip(bookings, body["bookings"], strict=True):
            seen.setdefault(ours.status, set()).add(
                (theirs["status"], theirs["isCompleted"], theirs["client"]["presence"]))
    assert seen["no-show"] == {("Approved", True, "NoShow")}
    assert seen["completed"] == {("Approved", True, "Arrived")}
    assert seen["cancelled"] == {("Cancelled", False, "Expecting")}
    assert seen["upcoming"] <= {("Approved", False, "Expecting"),
                                ("PendingStaffApproval", False, "Expecting")}


async def test_history_pages_carry_their_own_side_tables(
        booxi: tuple[BooxiServer, httpx.AsyncClient]) -> None:
    server, http = booxi
    person = max((p for p in server.population.people() if p.in_booxi),
                 key=lambda p: len(p.bookings("booxi", ANCHOR)))
    params = {"from": "2020-01-01T00:00:00Z", "to": "2030-01-01T00:00:00Z",
              "clientId": str(person.booxi_client_id)}
    pages = []
    while True:
        body = (await http.get("/booking", params=params)).json()
        pages.append(body)
        if not body["cursor"]:
            break
        params = {**params, "cursor": body["cursor"]}
    assert [len(p["bookings"]) for p in pages] == [5, 1]
    for page in pages:
        used = {i["serviceId"] for b in page["bookings"] for i in b["items"]}
        assert {s["id"] for s in page["services"]} == used
        assert [m["timeZone"] for m in page["merchants"]] == ["Australia/Sydney"]
    other = await http.get("/booking", params={**params, "cursor": pages[0]["cursor"],
                                                "clientId": "5000000"})
    assert other.status_code == 400  # a cursor belongs to its own query


async def test_fair_use_is_enforced_per_second(serve: ServeFn, population: Population) -> None:
    server = BooxiServer(population, KEY)
    base = (await serve(server)) + "/booking/v1"
    async with httpx.AsyncClient(base_url=base, headers={"Booxi-PartnerKey": KEY}) as http:
        statuses = [(await http.get("/client/42")).status_code for _ in range(7)]
        assert statuses == [404] * 5 + [429] * 2
        refused = await http.get("/client/42")
    assert "Retry-After" not in refused.headers
    assert refused.json()["code"] == 429
    assert server.throttled == 3


async def test_a_400_counts_double(serve: ServeFn, population: Population) -> None:
    server = BooxiServer(population, KEY)
    server.limits = ((3, 60.0),)
    base = (await serve(server)) + "/booking/v1"
    async with httpx.AsyncClient(base_url=base, headers={"Booxi-PartnerKey": KEY}) as http:
        assert (await http.get("/booking")).status_code == 400  # costs 2
        assert (await http.get("/client/42")).status_code == 404  # costs 1: budget spent
        assert (await http.get("/client/42")).status_code == 429


async def test_a_million_people_answer_quickly(serve: ServeFn) -> None:
    big = Population(1_000_000, seed=9, anchor=ANCHOR)
    server = BooxiServer(big, KEY)
    server.limits = ((1000, 1.0),)
    base = (await serve(server)) + "/booking/v1"
    person = next(big.person(i) for i in range(900_000, 1_000_000)
                  if big.person(i).in_booxi and big.person(i).email)
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, headers={"Booxi-PartnerKey": KEY}) as http:
        by_email = await http.get("/client", params={"merchantId": "31386",
                                                     "email": person.email or ""})
        by_name = await http.get("/client", params={"merchantId": "31386",
                                                    "firstName": "Nobody",
                                                    "lastName": "Atall"})
        history = await http.get("/booking", params={
            **WINDOW, "clientId": str(person.booxi_client_id)})
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"three calls took {elapsed:.2f} s"
    assert [c["id"] for c in by_email.json()["clients"]] == [person.booxi_client_id]
    assert by_name.json()["clients"] == []
    assert history.status_code == 200
