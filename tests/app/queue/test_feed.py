"""The live feed over real sockets: events, a dropped socket and its catch-up, polling when no
socket can be had, and the last known queue when nothing answers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from app.queue.feed import MIN_POLL_S, poll_interval
from app.sandbox.runner import Sandbox
from app.vendors.qminder.live import LiveState
from tests.app.queue.conftest import Queue, qminder_of, until


def test_polling_is_sized_from_this_counters_share_of_the_hourly_budget() -> None:
    assert poll_interval(5000) == MIN_POLL_S  # one counter: never faster than every 5 s
    assert poll_interval(250) == 18  # 20 counters share 5,000: 200 polls an hour each
    for share in range(1, 5001, 37):
        assert 3600 / poll_interval(share) <= 0.8 * share or poll_interval(share) == MIN_POLL_S


async def test_created_called_and_served_on_the_server_arrive_live(
        box: Sandbox, make_queue: Callable[..., Queue]) -> None:
    server = qminder_of(box)
    queue = make_queue()
    await queue.feed.start()
    await until(lambda: queue.feed.state == "live")
    waiting = {t["id"] for t in server.tickets.values() if t["status"] in ("NEW", "CALLED")}
    assert set(queue.board.tickets) == waiting  # the first search
    created = server.create_ticket(first_name="Zed", last_name="Walker")
    await until(lambda: created["id"] in queue.board.tickets)
    assert queue.board.tickets[created["id"]].name == "Zed Walker"
    server.call_ticket(created["id"])
    await until(lambda: queue.board.tickets[created["id"]].is_called)
    server.serve_ticket(created["id"])
    await until(lambda: created["id"] not in queue.board.tickets)
    assert queue.feed.events >= 3 and queue.changes >= 3


async def test_a_dropped_socket_reconnects_and_catches_up(
        box: Sandbox, make_queue: Callable[..., Queue]) -> None:
    server = qminder_of(box)
    queue = make_queue()
    await queue.feed.start()
    await until(lambda: queue.feed.state == "live")
    keys = server.keys_issued
    real_take = server._take_temp_key
    server._take_temp_key = lambda key: False  # type: ignore[method-assign]
    server.drop_websockets()
    await until(lambda: queue.feed.state == "reconnecting")
    missed = server.create_ticket(first_name="While", last_name="Away")  # no socket to push on
    await until(lambda: server.keys_issued > keys)  # it keeps trying
    assert missed["id"] not in queue.board.tickets
    server._take_temp_key = real_take  # type: ignore[method-assign]
    await until(lambda: queue.feed.state == "live")
    await until(lambda: missed["id"] in queue.board.tickets)  # the catch-up search


async def test_without_a_socket_it_polls_and_goes_live_again(
        box: Sandbox, make_queue: Callable[..., Queue]) -> None:
    server = qminder_of(box)
    real_take = server._take_temp_key
    server._take_temp_key = lambda key: False  # type: ignore[method-assign]
    queue = make_queue(fallback_after_s=0.2, poll_interval_s=0.1)
    await queue.feed.start()
    await until(lambda: queue.feed.state == "polling")
    polled = server.create_ticket(first_name="Polly")
    await until(lambda: polled["id"] in queue.board.tickets)
    server._take_temp_key = real_take  # type: ignore[method-assign]
    await until(lambda: queue.feed.state == "live")
    assert queue.feed._poller is None  # polling stopped once live


async def test_offline_keeps_the_last_known_queue_and_its_time(
        box: Sandbox, make_queue: Callable[..., Queue]) -> None:
    queue = make_queue(fallback_after_s=0.1, poll_interval_s=0.1)
    await queue.feed.start()
    await queue.settled()  # not "live" alone: the catch-up after subscribing is on its way
    known = dict(queue.board.tickets)
    as_of = queue.board.updated_at
    await box.stop()  # every server is down
    await until(lambda: queue.feed.state == "offline", within=10)
    assert queue.board.tickets == known and queue.board.updated_at == as_of
    assert "Qminder" in queue.feed.error


async def test_a_message_that_does_not_parse_is_skipped(
        box: Sandbox, make_queue: Callable[..., Queue]) -> None:
    server = qminder_of(box)
    queue = make_queue()
    await queue.feed.start()
    await until(lambda: queue.feed.state == "live")
    server.inject_ws_message("{not json")
    server.inject_ws_message('{"type": "data", "id": "1", "payload": {"data": {"createdTickets":'
                             ' {"id": {"nested": true}}}}}')
    after = server.create_ticket(first_name="Still", last_name="Here")
    await until(lambda: after["id"] in queue.board.tickets)
    assert queue.feed.state == "live"


async def test_events_during_a_catch_up_are_not_undone_by_its_older_result(
        box: Sandbox, make_queue: Callable[..., Queue]) -> None:
    server = qminder_of(box)
    queue = make_queue()
    await queue.feed.start()
    await until(lambda: queue.feed.state == "live")
    ticket = server.create_ticket(first_name="Quick", last_name="Change")
    await until(lambda: ticket["id"] in queue.board.tickets)
    real_search = queue.client.search_tickets
    served = False

    async def slow_search(**kwargs: object) -> list[Any]:
        nonlocal served
        found = await real_search(**kwargs)  # type: ignore[arg-type]
        if not served:  # the visitor is served after this search answered, before replace
            served = True
            server.call_ticket(ticket["id"])
            server.serve_ticket(ticket["id"])
            await until(lambda: queue.feed.events >= events_before + 2)
        return found

    events_before = queue.feed.events
    queue.client.search_tickets = slow_search  # type: ignore[method-assign]
    assert await queue.feed.catch_up(finished_today=False)
    assert ticket["id"] not in queue.board.tickets  # the live "served" was applied again


class HandSocket:
    """A live socket the test drives: it is "live" once started, and the test says when it
    (re)subscribed — the moment the feed must catch up."""

    def __init__(self, _client: object, *, on_resync: Callable[[], None], **_: object) -> None:
        self.state: LiveState = "stopped"
        self.resubscribed = on_resync

    def start(self) -> None:
        self.state = "live"

    async def stop(self) -> None:
        self.state = "stopped"


async def test_a_resubscription_during_a_catch_up_gets_a_catch_up_of_its_own(
        box: Sandbox, make_queue: Callable[..., Queue]) -> None:
    server = qminder_of(box)
    sockets: list[HandSocket] = []

    def socket(*args: Any, **kwargs: Any) -> HandSocket:
        sockets.append(HandSocket(*args, **kwargs))
        return sockets[-1]

    queue = make_queue(live_factory=socket)
    await queue.feed.start()
    real_search = queue.client.search_tickets
    answered, release = asyncio.Event(), asyncio.Event()

    async def held_search(**kwargs: Any) -> list[Any]:
        found = await real_search(**kwargs)
        if "NEW" in kwargs["statuses"]:  # the catch-up's last search (the queue itself)
            answered.set()
            await release.wait()  # Qminder has answered; the answer is still on its way to us
        return found

    queue.client.search_tickets = held_search  # type: ignore[method-assign]
    sockets[0].resubscribed()  # the first subscription's catch-up: answered, not yet applied
    await answered.wait()
    # The socket drops and comes back meanwhile; a visitor arrived while it was down.
    missed = server.create_ticket(first_name="In", last_name="Between")
    sockets[0].resubscribed()
    queue.client.search_tickets = real_search  # type: ignore[method-assign]
    release.set()
    await until(lambda: missed["id"] in queue.board.tickets)


async def test_a_live_ticket_gets_its_extra_fields_and_source_from_one_read(
        box: Sandbox, make_queue: Callable[..., Queue]) -> None:
    server = qminder_of(box)
    queue = make_queue()
    await queue.feed.start()
    await until(lambda: queue.feed.state == "live")
    made = server.create_ticket(first_name="Ext", last_name="Ra", source="MICROSITE",
                                extra=[{"title": "Order", "value": "<b>#42</b>"}])
    await until(lambda: made["id"] in queue.board.tickets
                and queue.board.tickets[made["id"]].source == "MICROSITE")
    ticket = queue.board.tickets[made["id"]]
    assert [(e.title, e.value) for e in ticket.extra] == [("Order", "<b>#42</b>")]
    assert ticket.public_id == made["publicId"] and ticket.is_waiting


async def test_stopping_leaves_nothing_running(box: Sandbox,
                                               make_queue: Callable[..., Queue]) -> None:
    queue = make_queue(fallback_after_s=0.05, poll_interval_s=0.05)
    await queue.feed.start()
    await until(lambda: queue.feed.state == "live")
    await queue.feed.stop()
    requests = qminder_of(box).requests
    await asyncio.sleep(0.3)  # a poller started by the closing socket would ask again by now
    assert qminder_of(box).requests == requests
    assert queue.feed.state == "stopped" and queue.feed._poller is None
