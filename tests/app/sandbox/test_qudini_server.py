"""The fake Qudini server's wire contract, checked with a plain HTTP client."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import datetime

import httpx
import pytest

from app.profile import QudiniTable
from app.sandbox.people import Population
from app.sandbox.qudini import QudiniServer
from tests.conftest import ANCHOR, ServeFn

SECRET = "qudini-api-pass"


@pytest.fixture
def server(population: Population) -> QudiniServer:
    return QudiniServer(population, SECRET)


@pytest.fixture
async def http(server: QudiniServer, serve: ServeFn) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=await serve(server)) as client:
        yield client


def basic(server: QudiniServer, password: str = SECRET) -> httpx.BasicAuth:
    return httpx.BasicAuth(server.api_user, password)


async def test_details_envelope_and_wire_types(http: httpx.AsyncClient,
                                               server: QudiniServer) -> None:
    identifier = server.sample_identifiers(1)[0]
    body = (await http.get(f"/api-customer-details/{identifier}")).json()  # no auth needed
    assert body["status"] == "ok"
    details = body["customerDetails"]
    assert details["identifier"] == identifier
    visit = details["customerInQueue"]
    assert isinstance(visit["minutesRemaining"], str) and visit["minutesRemaining"].isdigit()
    assert visit["timeRemaining"] == f"{visit['minutesRemaining']}mins"
    assert visit["bookingStartTime"][-6:] in ("+10:00", "+11:00")  # Sydney, by season
    assert visit["bookingStartTime"][19:23] == ".000"
    assert visit["lastUpdateTime"].endswith("Z")
    assert isinstance(visit["customer"]["id"], int) and isinstance(details["queue"]["id"], int)
    assert set(visit["customer"]) >= {"bookingRef", "ticketNumber", "groupSize", "name"}
    assert len(details["venueOpeningHours"]) == 7


async def test_states_positions_and_empty_answers(http: httpx.AsyncClient,
                                                  server: QudiniServer) -> None:
    identifiers = server.sample_identifiers(40)
    states, positions, empty = set(), set(), 0
    for identifier in identifiers:
        details = (await http.get(f"/api-customer-details/{identifier}")).json()
        states.add(details["customerDetails"]["state"])
        positions.add(details["customerDetails"]["customerInQueue"]["currentPosition"])
        answers = (await http.get(f"/api/v3/customers/{identifier}/answers",
                                  auth=basic(server))).json()
        assert isinstance(answers, list)
        empty += answers == []
    assert {"SERVED", "BOOKING"} <= states
    assert None in positions and len(positions) > 1
    assert 0 < empty < len(identifiers)


async def test_basic_auth_only_on_api_family(http: httpx.AsyncClient,
                                             server: QudiniServer) -> None:
    identifier = server.sample_identifiers(1)[0]
    url = f"/api/v3/customers/{identifier}/answers"
    for auth in (None, basic(server, "wrong")):
        refused = await http.get(url, auth=auth)
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"].startswith("Basic")
        assert refused.json()["status"] == "error"
    assert (await http.get(url, auth=basic(server))).status_code == 200
    garbage = await http.get(url, headers={"Authorization": "Basic !!!"})
    assert garbage.status_code == 401


async def test_unknown_identifiers_are_json_404(http: httpx.AsyncClient,
                                                server: QudiniServer) -> None:
    real = server.sample_identifiers(1)[0]
    for identifier in ("0" * 33, "nothex", real[:-1] + ("0" if real[-1] != "0" else "1"),
                       "f" * 33):
        response = await http.get(f"/api-customer-details/{identifier}")
        assert response.status_code == 404
        assert response.json() == {"status": "error", "message": "Customer not found"}
        answers = await http.get(f"/api/v3/customers/{identifier}/answers", auth=basic(server))
        assert answers.status_code == 404
    server.not_found_style = "status"
    body = (await http.get(f"/api-customer-details/{'0' * 33}")).json()
    assert body["status"] != "ok" and body["customerDetails"] is None


def test_identifiers_only_for_people_with_bookings(server: QudiniServer) -> None:
    identifiers = server.sample_identifiers(30)
    assert len(set(identifiers)) == 30
    for identifier in identifiers:
        found = server.lookup(identifier)
        assert found is not None
        person, k, _booking = found
        assert k < person.qudini_bookings
    without = next(p for p in server.population.people() if p.qudini_bookings == 0)
    assert server.lookup(without.qudini_identifier(0)) is None


def test_deterministic(population: Population) -> None:
    a, b = QudiniServer(population, SECRET), QudiniServer(population, SECRET)
    identifier = a.sample_identifiers(3)[-1]
    found_a, found_b = a.lookup(identifier), b.lookup(identifier)
    assert found_a is not None and found_b is not None
    assert a._details_json(*found_a) == b._details_json(*found_b)
    assert a._answers_json(identifier) == b._answers_json(identifier)


def test_profile_table(server: QudiniServer) -> None:
    table = QudiniTable.model_validate(server.profile_table("http://127.0.0.1:9"))
    assert table.url == "http://127.0.0.1:9" and table.api_user == "clientdesk-sandbox"


async def test_million_people_lookup_is_quick(serve: ServeFn) -> None:
    server = QudiniServer(Population(1_000_000, seed=5, anchor=ANCHOR), SECRET)
    identifier = server.sample_identifiers(1, start=999_900)[0]
    async with httpx.AsyncClient(base_url=await serve(server)) as http:
        started = time.perf_counter()
        response = await http.get(f"/api-customer-details/{identifier}")
        assert response.status_code == 200
        assert time.perf_counter() - started < 1
    start = response.json()["customerDetails"]["customerInQueue"]["bookingStartTime"]
    assert datetime.fromisoformat(start).utcoffset() is not None
