"""QminderLive against the fake Qminder's websocket: events, drops, pings, bad frames, errors."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from app.errors import NotAuthorised
from app.profile import QminderTable
from app.sandbox.faults import Faults
from app.sandbox.people import Population
from app.sandbox.qminder import QminderServer
from app.vendors.qminder import QminderClient, QminderLive, TicketEvent
from app.vendors.qminder.live import (
    LiveState,
    LiveTiming,
    default_backoff,
    subscription_query,
    subscription_url,
)
from tests.conftest import ServeFn

SECRET = "qm-live-key-77aa"
FAST = LiveTiming(ping_interval=5.0, pong_timeout=5.0, ack_timeout=2.0, close_timeout=0.5,
                  backoff=lambda n: 0.02, jitter=0.0, slow_after=5, slow_retry=0.05)


class Recorder:
    """Collects everything the live client reports."""

    def __init__(self) -> None:
        self.events: list[TicketEvent] = []
        self.states: list[LiveState] = []
        self.resyncs = 0

    def event(self, event: TicketEvent) -> None:
        self.events.append(event)

    def state(self, state: LiveState) -> None:
        self.states.append(state)

    def resync(self) -> None:
        self.resyncs += 1


async def until(check: Callable[[], Any], limit: float = 3.0) -> None:
    """Poll ``check`` until true; TimeoutError after ``limit`` seconds."""
    async with asyncio.timeout(limit):
        while not check():  # noqa: ASYNC110 - polls state owned by two parties; no one event
            await asyncio.sleep(0.01)


@pytest.fixture
def server(population: Population) -> QminderServer:
    return QminderServer(population, SECRET)


@pytest.fixture
async def client(server: QminderServer, serve: ServeFn) -> AsyncIterator[QminderClient]:
    table = QminderTable.model_validate(server.profile_table(await serve(server)))
    async with QminderClient(table, SECRET) as qm:
        yield qm


def make_live(client: QminderClient, rec: Recorder, timing: LiveTiming = FAST,
              **kwargs: Any) -> QminderLive:
    return QminderLive(client, on_event=rec.event, on_state=rec.state, on_resync=rec.resync,
                       timing=timing, **kwargs)


async def started(live: QminderLive, server: QminderServer, subs: int = 7) -> None:
    live.start()
    await until(lambda: live.state == "live" and len(server.active_subscriptions()) == subs)


def new_ticket(server: QminderServer) -> str:
    return str(next(t["id"] for t in server.tickets.values() if t["status"] == "NEW"))


async def test_ticket_events_arrive(client: QminderClient, server: QminderServer) -> None:
    rec = Recorder()
    live = make_live(client, rec)
    await started(live, server)
    assert rec.states == ["connecting", "live"] and rec.resyncs == 1
    created = server.create_ticket(server.lines[1]["id"], "Aroha", phone="61412000111")
    tid = created["id"]
    await client.call(tid, user=15101)  # through REST
    await client.add_label(tid, "VIP")
    server.serve_ticket(tid)  # server-side, as a benchmark would
    await until(lambda: len(rec.events) == 4)
    assert [(e.kind, e.ticket.id) for e in rec.events] == [
        ("created", tid), ("called", tid), ("labels", tid), ("served", tid)]
    first = rec.events[0].ticket
    assert first.line_name == "Repairs" and first.phone_number == "61412000111"
    assert rec.events[1].ticket.called is not None
    assert rec.events[2].ticket.label_values() == ["VIP"]
    assert rec.events[3].ticket.is_finished
    await live.stop()
    assert rec.states[-1] == "stopped"
    await until(lambda: server.close_codes == [1000])


async def test_other_kinds(client: QminderClient, server: QminderServer) -> None:
    rec = Recorder()
    async with make_live(client, rec) as live:
        await until(lambda: live.state == "live" and len(server.active_subscriptions()) == 7)
        tid = new_ticket(server)
        server.call_ticket(tid)
        server.recall_ticket(tid)
        server.return_ticket(tid, "FIRST")
        server.cancel_ticket(tid, 15101)
        await until(lambda: len(rec.events) == 4)
    assert [e.kind for e in rec.events] == ["called", "recalled", "changed", "cancelled"]


async def test_drop_reconnects_resubscribes_and_resyncs(client: QminderClient,
                                                         server: QminderServer) -> None:
    rec = Recorder()
    live = make_live(client, rec)
    await started(live, server)
    assert server.drop_websockets() == 1
    await until(lambda: rec.resyncs == 2 and len(server.active_subscriptions()) == 7)
    assert rec.states == ["connecting", "live", "reconnecting", "live"]
    assert server.keys_issued == 2 and server.ws_connects == 2  # a new temporary key
    server.create_ticket(first_name="Mateo")
    await until(lambda: [e.kind for e in rec.events] == ["created"])
    assert server.permanent_key_in_url == 0
    await live.stop()


async def test_a_dropped_socket_says_reconnecting_during_the_backoff(
        client: QminderClient, server: QminderServer) -> None:
    """Not "live" for the seconds of backoff before the next try: nothing would arrive."""
    rec = Recorder()
    timing = LiveTiming(backoff=lambda n: 30.0, jitter=0.0)  # a long wait before reconnecting
    live = make_live(client, rec, timing)
    await started(live, server)
    assert server.drop_websockets() == 1
    await until(lambda: live.state == "reconnecting")
    assert rec.states == ["connecting", "live", "reconnecting"]
    assert server.ws_connects == 1  # still inside the backoff: not a new connection yet
    await live.stop()
    assert rec.states[-1] == "stopped"


async def test_pong_timeout_reconnects(client: QminderClient, server: QminderServer) -> None:
    server.answer_pings = False
    rec = Recorder()
    timing = LiveTiming(ping_interval=0.05, pong_timeout=0.05, ack_timeout=2.0,
                        close_timeout=0.2, backoff=lambda n: 0.02, jitter=0.0)
    live = make_live(client, rec, timing)
    await started(live, server)
    await until(lambda: server.ws_connects >= 2 and rec.resyncs >= 2)
    assert "reconnecting" in rec.states
    server.answer_pings = True
    connects = server.ws_connects
    await asyncio.sleep(0.3)  # pongs flow again: the socket stays
    assert server.ws_connects <= connects + 1
    await live.stop()


async def test_server_ping_answered(client: QminderClient, server: QminderServer) -> None:
    rec = Recorder()
    live = make_live(client, rec)
    await started(live, server)
    server.inject_ws_message('{"type":"ping"}')
    server.inject_ws_message('{"type":"ka"}')
    await until(lambda: server.pongs_received == 1)
    await live.stop()


async def test_keepalive_and_bad_frames_are_skipped(client: QminderClient, server: QminderServer,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    server.ka_interval = 0.02
    rec = Recorder()
    live = make_live(client, rec)
    await started(live, server)
    for junk in ("not json {", "[1, 2]", '{"no": "type"}', '{"type": "mystery"}',
                 '{"id": "1", "type": "data", "payload": {"data": {"createdTickets": '
                 '{"id": null, "status": 3}}}}',
                 '{"id": "1", "type": "data", "payload": {"data": null}}',
                 '{"id": "99", "type": "data", "payload": {"data": {"x": 1}}}',
                 '{"type": "error", "payload": {"errors": [{"message": "boom"}]}}'):
        server.inject_ws_message(junk)
    server.create_ticket(first_name="Léa")
    await until(lambda: len(rec.events) == 1)
    await asyncio.sleep(0.05)
    assert server.ws_connects == 1 and rec.states == ["connecting", "live"]
    assert "not JSON" in caplog.text and "unreadable createdTickets" in caplog.text
    await live.stop()


async def test_permanent_error_stops_that_subscription(client: QminderClient,
                                                       server: QminderServer) -> None:
    server.subscription_errors = {"servedTickets": "PERMISSION_DENIED"}
    rec = Recorder()
    live = make_live(client, rec)
    await started(live, server, subs=6)
    await until(lambda: live.failed == {"servedTickets": "PERMISSION_DENIED"})
    assert "servedTickets" not in live.active_fields
    server.subscription_errors = {}
    server.drop_websockets()
    await until(lambda: rec.resyncs == 2 and len(server.active_subscriptions()) == 6)
    assert "servedTickets" not in server.active_subscriptions()  # never asked again
    await live.stop()


async def test_retryable_error_retries_the_subscription(client: QminderClient,
                                                        server: QminderServer) -> None:
    server.subscription_errors = {"calledTickets": "INTERNAL_SERVER_ERROR"}
    rec = Recorder()
    timing = LiveTiming(ping_interval=5.0, pong_timeout=5.0, backoff=lambda n: 0.05, jitter=0.0)
    live = make_live(client, rec, timing)
    await started(live, server, subs=6)
    await asyncio.sleep(0.08)
    server.subscription_errors = {}
    await until(lambda: "calledTickets" in server.active_subscriptions())
    assert live.failed == {}
    server.subscription_errors = {"calledTickets": "INTERNAL_SERVER_ERROR"}
    live.subscribe("calledTickets")  # a second one keeps failing: given up after 5 retries
    await until(lambda: live.failed.get("calledTickets") == "INTERNAL_SERVER_ERROR")
    assert live.active_fields.count("calledTickets") == 1
    await live.stop()


async def test_unsubscribe_sends_stop(client: QminderClient, server: QminderServer) -> None:
    rec = Recorder()
    live = make_live(client, rec, fields=("createdTickets", "calledTickets"))
    await started(live, server, subs=2)
    await live.unsubscribe("2")
    await until(lambda: server.active_subscriptions() == ["createdTickets"])
    with pytest.raises(ValueError):
        live.subscribe("noSuchField")
    await live.stop()


async def test_bad_permanent_key_stops_for_good(server: QminderServer, serve: ServeFn) -> None:
    table = QminderTable.model_validate(server.profile_table(await serve(server)))
    rec = Recorder()
    async with QminderClient(table, "not-the-key") as qm:
        live = make_live(qm, rec)
        live.start()
        await until(lambda: rec.states[-1:] == ["stopped"])
        assert isinstance(live.error, NotAuthorised)
        requests = server.requests
        await asyncio.sleep(0.1)
        assert server.requests == requests == 1  # 403 is never retried
        assert server.ws_connects == 0
        await live.stop()


async def test_failed_handshakes_slow_down(client: QminderClient, server: QminderServer) -> None:
    server.faults = Faults(error=1.0)  # the connection-key request keeps failing
    client._http.max_retries = 0
    rec = Recorder()
    timing = LiveTiming(backoff=lambda n: 0.01, jitter=0.0, slow_after=3, slow_retry=30.0)
    live = make_live(client, rec, timing)
    live.start()
    await until(lambda: live.handshake_failures == 3)
    await asyncio.sleep(0.2)
    assert live.handshake_failures == 3 and server.requests == 3  # now waiting 5 "minutes"
    assert rec.resyncs == 0
    await live.stop()
    assert rec.states == ["connecting", "reconnecting", "stopped"]


async def test_expired_temporary_key_is_a_failed_handshake(client: QminderClient,
                                                           server: QminderServer) -> None:
    server.temp_key_ttl = 0.0
    rec = Recorder()
    live = make_live(client, rec)
    live.start()
    await until(lambda: live.handshake_failures >= 2)
    server.temp_key_ttl = 60.0
    await until(lambda: live.state == "live")
    assert live.handshake_failures == 0
    await live.stop()


async def test_secrets_stay_out_of_urls_and_logs(client: QminderClient, server: QminderServer,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    rec = Recorder()
    live = make_live(client, rec)
    await started(live, server)
    server.drop_websockets()
    await until(lambda: rec.resyncs == 2)
    await live.stop()
    assert server.permanent_key_in_url == 0
    assert SECRET not in caplog.text
    assert "GET /graphql/subscription?rest-api-key=*** HTTP/1.1" in caplog.text  # websockets
    assert not re.search(r"rest-api-key=(?!\*\*\*)", caplog.text)


def test_urls_queries_and_backoff() -> None:
    assert subscription_url("https://api.qminder.com", "t/k+1") == \
        "wss://api.qminder.com/graphql/subscription?rest-api-key=t%2Fk%2B1"
    assert subscription_url("http://127.0.0.1:8080/", "k") == \
        "ws://127.0.0.1:8080/graphql/subscription?rest-api-key=k"
    query = subscription_query("changedTicketLabels", 4242)
    assert query.startswith('subscription { changedTicketLabels(locationId: "4242") { ticket {')
    assert [default_backoff(n) for n in range(8)] == [5, 5, 5, 8, 16, 32, 60, 60]
