"""QminderClient against the fake Qminder over loopback: every method, error shape and fault."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest

from app.errors import BadData, NotAuthorised, NotFound, RateLimited, Rejected, Unavailable
from app.profile import QminderTable
from app.sandbox.faults import Faults
from app.sandbox.people import Population
from app.sandbox.qminder import QminderServer
from app.vendors.limits import counter
from app.vendors.qminder import QminderClient, Ticket, qminder_error_text, shared_limiter
from tests.conftest import ServeFn

SECRET = "qm-test-key-5f1d"


@pytest.fixture
def server(population: Population) -> QminderServer:
    return QminderServer(population, SECRET)


@pytest.fixture
async def table(server: QminderServer, serve: ServeFn) -> QminderTable:
    return QminderTable.model_validate(server.profile_table(await serve(server)))


@pytest.fixture
async def client(table: QminderTable) -> AsyncIterator[QminderClient]:
    async with QminderClient(table, SECRET) as qm:
        yield qm


def first(server: QminderServer, status: str) -> str:
    return str(next(t["id"] for t in server.tickets.values() if t["status"] == status))


# -- reads --------------------------------------------------------------------------------------

async def test_check_lines_and_locations(client: QminderClient, server: QminderServer) -> None:
    assert await client.check() == "3 lines"
    lines = await client.lines()
    assert [ln.name for ln in lines] == ["Returns", "Repairs", "Click & collect"]
    assert all(ln.hex_color and ln.hex_color.startswith("#") for ln in lines)
    locations = await client.locations()
    assert [loc.id for loc in locations] == [str(server.location_id)]
    assert client.ratelimit_remaining == server.rate_limit_per_hour - 3


async def test_search_queue_and_filters(client: QminderClient, server: QminderServer) -> None:
    queue = await client.search_tickets(statuses=["NEW", "CALLED"])
    assert 10 <= len(queue) <= 40
    assert {t.status for t in queue} == {"NEW", "CALLED"}
    assert all(isinstance(t.id, str) and t.id.isdigit() for t in queue)
    assert any(t.last_name is None and t.first_name for t in queue)  # first name only
    assert any(t.phone_number and t.phone_number.isdigit() for t in queue)  # JSON number
    assert any(lb.color and not lb.color.startswith("#") and lb.hex_color
               for t in queue for lb in t.labels)
    assert any(e.link for t in queue for e in t.extra)
    line = str(server.lines[1]["id"])
    one_line = await client.search_tickets(lines=[line], statuses=["NEW"])
    assert one_line and {t.line for t in one_line} == {line}
    newest = await client.search_tickets(order="created DESC", limit=2)
    assert len(newest) == 2 and newest[0].created_at >= newest[1].created_at  # type: ignore[operator]
    anchor = server.population.anchor
    recent = await client.search_tickets(min_created=anchor - timedelta(minutes=30),
                                         max_created=int(anchor.timestamp()))
    assert recent and all(t.created_at and t.created_at >= anchor - timedelta(minutes=30)
                          for t in recent)
    served = await client.search_tickets(statuses=["SERVED"], response_scope="INTERACTIONS")
    assert served and all(t.interactions and t.interactions[0].end for t in served)
    single = await client.search_tickets(statuses="CALLED", lines=int(line))  # not iterated
    assert single and {(t.status, t.line) for t in single} <= {("CALLED", line)}
    with pytest.raises(ValueError):
        await client.search_tickets(limit=0)
    with pytest.raises(ValueError):
        await client.search_tickets(order="name; DROP")


async def test_search_defaults_to_profile_lines(server: QminderServer, serve: ServeFn) -> None:
    base = await serve(server)
    line = server.lines[2]["id"]
    table = QminderTable(base_url=base, location_id=server.location_id, lines=[line])
    async with QminderClient(table, SECRET) as qm:
        tickets = await qm.search_tickets()
    assert tickets and {t.line for t in tickets} == {str(line)}


async def test_get_ticket_and_not_found(client: QminderClient, server: QminderServer) -> None:
    tid = first(server, "CALLED")
    ticket = await client.get_ticket(int(tid))
    assert ticket.id == tid and ticket.is_called and ticket.called and ticket.called.caller
    with pytest.raises(NotFound) as err:
        await client.get_ticket("999")
    assert err.value.status == 404 and "999" in err.value.message


# -- actions ------------------------------------------------------------------------------------

async def test_call_serve_flow(client: QminderClient, server: QminderServer) -> None:
    tid = first(server, "NEW")
    called = await client.call(tid, user=15102, desk=2)
    assert isinstance(called, Ticket) and called.status == "CALLED"
    assert called.called and called.called.caller == "15102" and called.called.desk == "2"
    await client.recall(tid)
    await client.mark_served(tid)
    assert server.tickets[tid]["status"] == "SERVED"
    tid2 = first(server, "NEW")
    await client.call(tid2)
    await client.mark_noshow(tid2)
    assert server.tickets[tid2]["status"] == "NOSHOW"


async def test_return_to_queue_and_cancel(client: QminderClient, server: QminderServer) -> None:
    tid = first(server, "CALLED")
    await client.return_to_queue(tid, position="FIRST", user=15101)
    ticket = await client.get_ticket(tid)
    assert ticket.is_waiting and ticket.order_after is not None
    with pytest.raises(ValueError):
        await client.return_to_queue(tid, position="MIDDLE")
    await client.cancel(tid, user=15101)
    assert server.tickets[tid]["status"] == "CANCELLED_BY_CLERK"


async def test_labels(client: QminderClient, server: QminderServer) -> None:
    tid = first(server, "NEW")
    assert await client.add_label(tid, "Interpreter", user=15101) is True
    assert await client.add_label(tid, "Interpreter") is False  # "no action": already there
    ticket = await client.get_ticket(tid)
    assert "Interpreter" in ticket.label_values()
    assert await client.remove_label(tid, "Interpreter") is True
    await client.replace_labels(tid, ["VIP", "Paid"])
    ticket = await client.get_ticket(tid)
    assert ticket.label_values() == ["VIP", "Paid"]
    assert [lb.color for lb in ticket.labels] == ["FF00FF", "7ED321"]
    with pytest.raises(Rejected) as err:  # 400 "value is required"
        await client.add_label(tid, "")
    assert err.value.status == 400 and tid in err.value.message


async def test_create_ticket(client: QminderClient, server: QminderServer) -> None:
    line = server.lines[0]["id"]
    tid = await client.create_ticket(line, "Siobhán", last_name="O'Brien",
                                     phone="+61 412 345 678", email="s@example.com",
                                     labels=["VIP"])
    ticket = await client.get_ticket(tid)
    assert ticket.name == "Siobhán O'Brien" and ticket.phone_number == "+61412345678"
    assert ticket.public_id and ticket.label_values() == ["VIP"]
    with pytest.raises(Rejected):
        await client.create_ticket(line, "Z")  # checked before spending a request
    with pytest.raises(Rejected):
        await client.create_ticket(line, "Zoë", phone="call me")
    with pytest.raises(Rejected) as err:
        await client.create_ticket(1, "Zoë")  # not a line of this account: 400
    assert err.value.status == 400


async def test_two_counters_conflict(table: QminderTable, server: QminderServer) -> None:
    """Counter B acts on a ticket counter A already moved on: staff read what happened."""
    tid = first(server, "NEW")
    async with QminderClient(table, SECRET) as a, QminderClient(table, SECRET) as b:
        await a.call(tid, user=15101)
        with pytest.raises(Rejected) as err:
            await b.call(tid, user=15102)
        assert err.value.message == f"ticket {tid} is already being served at another counter"
        await a.mark_served(tid)
        with pytest.raises(Rejected) as err:
            await b.mark_served(tid)
        assert err.value.message == f"ticket {tid} was already served at another counter"
        assert err.value.status == 409 and "SERVED" in err.value.detail
        with pytest.raises(Rejected) as err:
            await b.cancel(tid, user=15102)
        assert "already served" in err.value.message
    requests = server.requests
    with pytest.raises(Rejected):
        async with QminderClient(table, SECRET) as c:
            await c.mark_served(tid)
    assert server.requests == requests + 1  # a refused action is never retried


# -- errors -------------------------------------------------------------------------------------

async def test_bad_key(table: QminderTable, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "wrong-key-123456"
    async with QminderClient(table, wrong) as qm:
        with pytest.raises(NotAuthorised) as err:
            await qm.check()
        assert err.value.status == 401 and err.value.detail == "Please authenticate"
        with pytest.raises(NotAuthorised) as err:
            await qm.connection_key()
        assert err.value.status == 403
        assert wrong not in repr(qm) and wrong not in str(err.value)
    assert wrong not in caplog.text and SECRET not in caplog.text


async def test_rate_limit_header_and_429(client: QminderClient, server: QminderServer) -> None:
    server.rate_limit_per_hour = 3
    await client.lines()
    assert client.ratelimit_remaining == 2
    await client.lines()
    await client.lines()
    assert client.ratelimit_remaining == 0
    started = time.perf_counter()
    with pytest.raises(RateLimited) as err:
        await client.lines()
    assert time.perf_counter() - started < 1  # an hour's wait is the caller's decision
    assert err.value.retry_after and err.value.retry_after > 3000
    assert client.ratelimit_remaining == 0


async def test_connection_key(client: QminderClient, server: QminderServer) -> None:
    key = await client.connection_key()
    assert key and key != SECRET and server.keys_issued == 1


async def test_shared_limiter_per_loop(table: QminderTable) -> None:
    a, b = QminderClient(table, SECRET), QminderClient(table, SECRET)
    await a.lines()
    await b.lines()
    assert a._http.limiter is b._http.limiter is shared_limiter(table.requests_per_hour)
    own = shared_limiter(7)
    c = QminderClient(table, SECRET, limiter=own)
    await c.lines()
    assert c._http.limiter is own
    for qm in (a, b, c):
        await qm.aclose()


# -- body shapes (mock transport: shapes the sandbox never sends) -------------------------------

def mocked(handler: Callable[[httpx.Request], httpx.Response]) -> QminderClient:
    table = QminderTable(base_url="https://api.qminder.com", location_id=4242)
    return QminderClient(table, SECRET,
                         client=httpx.AsyncClient(transport=httpx.MockTransport(handler)))


def response(status: int, body: Any = None, text: str | None = None) -> httpx.Response:
    content = text.encode() if text is not None else (
        b"" if body is None else json.dumps(body).encode())
    return httpx.Response(status, content=content, headers={"X-Ratelimit-Remaining": "4321"})


@pytest.mark.parametrize(("body", "expected"), [
    ({"statusCode": 400, "message": "Bad thing", "developerMessage": "dev"}, "Bad thing"),
    ({"statusCode": 400, "developerMessage": "Only dev"}, "Only dev"),
    ({"error": "Plain error"}, "Plain error"),
    ({"error": {"value": "is required"}}, "value: is required"),
    ({"errors": {"phoneNumber": "invalid"}}, "phoneNumber: invalid"),
    ({"message": "", "error": "fallback"}, "fallback"),
])
def test_error_text_priority(body: dict[str, Any], expected: str) -> None:
    assert qminder_error_text(response(400, body)) == expected
    # a proxy's HTML page is named, not quoted into the log
    assert qminder_error_text(response(502, text="<html><title>502 Bad Gateway</title></html>")
                              ) == "an HTML page (502 Bad Gateway), not the vendor's answer"


async def test_empty_2xx_is_success_and_non_json_is_bad_data() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/markserved"):
            return response(200)
        if request.url.path.endswith("/call"):
            return response(200)  # empty: the client reads the ticket instead
        if request.url.path.endswith("/labels/add"):
            return response(200, text="OK")
        return response(200, {"statusCode": 200, "id": "7", "status": "CALLED"})

    qm = mocked(handler)
    await qm.mark_served("7")
    assert seen[-1].headers["X-Qminder-REST-API-Key"] == SECRET
    assert (await qm.call("7", user=1)).status == "CALLED"
    assert seen[-2].headers["content-type"] == "application/x-www-form-urlencoded"
    assert seen[-2].content == b"user=1"
    with pytest.raises(BadData):
        await qm.add_label("7", "VIP")
    assert qm.ratelimit_remaining == 4321
    await qm.aclose()


async def test_conflict_without_status_reads_the_ticket() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return response(409, {"statusCode": 409, "message": "Conflict"})
        return response(200, {"statusCode": 200, "id": "9", "status": "NOSHOW"})

    qm = mocked(handler)
    with pytest.raises(Rejected) as err:
        await qm.call("9")
    assert err.value.message == "ticket 9 was already marked as a no-show"
    await qm.aclose()


async def test_list_without_data_is_bad_data() -> None:
    qm = mocked(lambda request: response(200, {"statusCode": 200, "lines": []}))
    with pytest.raises(BadData):
        await qm.lines()
    await qm.aclose()


async def test_ticket_id_cannot_change_the_path() -> None:
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.raw_path.decode())
        return response(200, {"result": "success"})

    qm = mocked(handler)
    await qm.mark_served("1/../../locations")
    assert paths == ["/v1/tickets/1%2F..%2F..%2Flocations/markserved"]
    await qm.aclose()


# -- faults -------------------------------------------------------------------------------------

async def test_latency_with_tiny_timeout(table: QminderTable, server: QminderServer) -> None:
    server.faults = Faults(latency_ms=300)
    async with QminderClient(table, SECRET, limits=counter("qminder").scaled(read_s=0.05)) as qm:
        with pytest.raises(Unavailable):
            await qm.lines()


async def test_error_retried_for_gets_not_for_actions(client: QminderClient,
                                                      server: QminderServer) -> None:
    tid = first(server, "NEW")
    server.faults = Faults(error=1.0)
    with pytest.raises(Unavailable):
        await client.lines()
    assert server.requests == 3
    with pytest.raises(Unavailable):
        await client.call(tid)
    assert server.requests == 4  # a call is not safe to repeat
    with pytest.raises(Unavailable):
        await client.add_label(tid, "VIP")  # labels/add is: "no action" on replay
    assert server.requests == 7


async def test_429_retried_after_delay(client: QminderClient, server: QminderServer) -> None:
    server.faults = Faults(rate_limited=1.0, retry_after=0.1)
    started = time.perf_counter()
    with pytest.raises(RateLimited):
        await client.lines()
    assert server.requests == 3 and time.perf_counter() - started >= 0.2


async def test_drop(client: QminderClient, server: QminderServer) -> None:
    server.faults = Faults(drop=1.0)
    with pytest.raises(Unavailable):
        await client.get_ticket(first(server, "NEW"))


@pytest.mark.parametrize("kind", ["malformed", "truncated"])
async def test_bad_bodies(client: QminderClient, server: QminderServer, kind: str) -> None:
    server.faults = Faults(malformed=1.0) if kind == "malformed" else Faults(truncated=1.0)
    with pytest.raises(BadData):
        await client.search_tickets()
    with pytest.raises(BadData):
        await client.connection_key()


async def test_wrong_types(client: QminderClient, server: QminderServer) -> None:
    server.faults = Faults(wrong_types=1.0)
    for _ in range(5):
        try:
            tickets = await client.search_tickets(statuses=["NEW"])
        except BadData:
            continue
        assert all(isinstance(t, Ticket) for t in tickets)
