"""Keep a :class:`~app.queue.board.QueueBoard` current: live over Qminder's websocket, polling
when the websocket cannot be had, and the last known queue when nothing can be reached.

States, as the panel shows them:

* ``live`` — subscribed; every change arrives as an event (and after every (re)subscription
  one ticket search catches up on what happened while the socket was down — also right after
  the first one, to close the gap between the start-up search and the subscription);
* ``reconnecting`` — the socket dropped; :class:`QminderLive` retries with backoff. If it is
  not back within ``fallback_after_s`` the feed starts polling meanwhile;
* ``polling`` — one ticket search every ``poll_interval_s`` (see :func:`poll_interval`);
  the websocket keeps trying in the background and polling stops the moment it is back;
* ``offline`` — searches fail too: the board keeps the last known queue and its time.

A (re)subscription asked for while a catch-up is still running gets a catch-up of its own
after it: the running one may have been answered before the gap it must cover.

Polling is sized from the profile's ``qminder.requests_per_hour`` (this counter's share of the
account's 5,000 requests an hour): 80 % of that share for polls, the rest left for actions and
reconnects, never faster than every 5 s. A poll is one search (the waiting and called
tickets); the full catch-up adds one for today's finished visits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Callable
from datetime import datetime, time
from typing import Literal, Protocol

from app.errors import VendorError
from app.queue.board import QueueBoard
from app.vendors.qminder.client import QminderClient
from app.vendors.qminder.live import LiveState, LiveTiming, QminderLive
from app.vendors.qminder.models import Ticket, TicketEvent

log = logging.getLogger("clientdesk.queue")

FeedState = Literal["connecting", "live", "reconnecting", "polling", "offline", "stopped"]
#: The queue: every ticket waiting or being served.
ACTIVE_STATUSES = ("NEW", "CALLED")
#: Today's finished visits (their waits feed "average wait today").
FINISHED_STATUSES = ("SERVED", "NOSHOW")
MIN_POLL_S = 5.0
#: REST reads of new tickets' details in flight at once.
DETAIL_READS = 4
#: Tickets one search asks for (Qminder allows up to 10,000); hitting it is logged.
SEARCH_LIMIT = 2000
POLL_SHARE = 0.8


def poll_interval(requests_per_hour: int) -> float:
    """Seconds between polls so that polling uses at most 80 % of this counter's share."""
    return max(MIN_POLL_S, math.ceil(3600 / (POLL_SHARE * max(requests_per_hour, 1))))


class LiveSocket(Protocol):
    state: LiveState

    def start(self) -> None: ...

    async def stop(self) -> None: ...


LiveFactory = Callable[..., LiveSocket]


class QueueFeed:
    def __init__(self, client: QminderClient, board: QueueBoard, *,
                 on_change: Callable[[], None], on_state: Callable[[FeedState], None] | None = None,
                 clock: Callable[[], datetime], poll_interval_s: float | None = None,
                 fallback_after_s: float = 15.0, live_timing: LiveTiming | None = None,
                 live_factory: LiveFactory = QminderLive) -> None:
        self.client = client
        self.board = board
        self.clock = clock
        self._on_change = on_change
        self._on_state = on_state
        self.poll_interval_s = poll_interval_s if poll_interval_s is not None else \
            poll_interval(client.table.requests_per_hour)
        self.fallback_after_s = fallback_after_s
        self._live = live_factory(client, on_event=self._event, on_state=self._live_state,
                                  on_resync=self._resync, timing=live_timing)
        self.state: FeedState = "stopped"
        self.last_error: VendorError | None = None
        self.truncated = False  # a search returned SEARCH_LIMIT tickets: maybe not all
        self._held: list[TicketEvent] | None = None  # live events during a catch-up
        self._searching = asyncio.Lock()
        self._detailing: dict[str, asyncio.Task[None]] = {}
        self._detail_slots = asyncio.Semaphore(DETAIL_READS)
        self._stopping = False
        self._poller: asyncio.Task[None] | None = None
        self._fallback: asyncio.Task[None] | None = None
        self._catching_up: asyncio.Task[None] | None = None
        self._resync_wanted = False
        self.events = 0

    # -- life cycle ---------------------------------------------------------------------------
    async def start(self) -> None:
        """Load the lines and the queue, then go live (or poll). Never raises for the network:
        a queue that cannot be loaded shows as offline and keeps trying."""
        self._stopping = False
        self._set("connecting")
        try:
            self.board.set_lines(await self.client.lines())
        except VendorError as exc:
            log.warning("queue: lines unavailable (%s)", exc.message)
        await self.catch_up()
        self._live.start()
        self._arm_fallback()

    async def stop(self) -> None:
        # First: the socket reports "stopped" while it closes, which must not start polling.
        self._stopping = True
        for task in (self._poller, self._fallback, self._catching_up,
                     *self._detailing.values()):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self._poller = self._fallback = self._catching_up = None
        self._resync_wanted = False
        self._detailing.clear()
        await self._live.stop()
        self._set("stopped")
        self._stopping = False

    # -- catching up --------------------------------------------------------------------------
    async def catch_up(self, *, finished_today: bool = True) -> bool:
        """Ticket searches replace the board; False (and ``offline``) when they fail, with the
        error kept in :attr:`last_error`.

        The queue itself is every waiting or called ticket, however old (a visitor can be left
        waiting past midnight). Today's finished visits are asked for only on a full catch-up
        (start, after every reconnect), not on every poll: their waits feed "average wait
        today", and polling must stay within the hourly budget. Live events that arrive while
        the searches run are applied again on top of their (older) result. One at a time: a
        poll and a reconnect's catch-up never interleave.
        """
        async with self._searching:
            return await self._catch_up(finished_today)

    async def _catch_up(self, finished_today: bool) -> bool:
        now = self.clock()
        midnight = datetime.combine(now.astimezone(self.board.zone).date(), time(0),
                                    tzinfo=self.board.zone)
        lines = sorted(self.board.only_lines) or None
        mark = self.board.mark()
        self._held = []
        try:
            tickets: list[Ticket] = []
            if finished_today:
                tickets += await self._search(lines, FINISHED_STATUSES, midnight)
            tickets += await self._search(lines, ACTIVE_STATUSES, None)
        except VendorError as exc:
            self.last_error = exc
            log.warning("queue: search failed (%s)", exc.message)
            if self.state != "live":
                self._set("offline")
            return False
        finally:
            held, self._held = self._held, None
        self.last_error = None
        self.board.replace(tickets, self.clock(), since=mark)
        for event in held or ():
            self.board.apply(event, self.clock())
        if self.state == "offline" and self._live.state != "live":
            self._set("polling" if self._poller is not None else "reconnecting")
        self._changed()
        return True

    async def _search(self, lines: list[str] | None, statuses: tuple[str, ...],
                      since: datetime | None) -> list[Ticket]:
        found = await self.client.search_tickets(lines=lines, statuses=statuses,
                                                 min_created=since, limit=SEARCH_LIMIT)
        if len(found) >= SEARCH_LIMIT:
            self.truncated = True
            log.warning("queue: a search hit its limit of %d tickets; some may be missing",
                        SEARCH_LIMIT)
        return found

    @property
    def error(self) -> str:
        """Why the last search failed, for the "offline" line ("" when it did not)."""
        return self.last_error.one_line() if self.last_error is not None else ""

    def _resync(self) -> None:
        """After every (re)subscription: events during the gap are lost, so search once —
        again after the catch-up in progress, if one is (it may predate the gap)."""
        self._resync_wanted = True
        if self._catching_up is None or self._catching_up.done():
            self._catching_up = asyncio.get_running_loop().create_task(self._resyncs())

    async def _resyncs(self) -> None:
        while self._resync_wanted:
            self._resync_wanted = False
            await self.catch_up()

    # -- live ---------------------------------------------------------------------------------
    def _event(self, event: TicketEvent) -> None:
        self.events += 1
        if self._held is not None:
            self._held.append(event)
        if self.board.apply(event, self.clock()):
            self._changed()
        ticket = self.board.tickets.get(event.ticket.id)
        if ticket is not None and ticket.source is None and ticket.id not in self._detailing:
            self._detailing[ticket.id] = asyncio.get_running_loop().create_task(
                self._details(ticket.id))

    async def _details(self, ticket_id: str) -> None:
        """A ticket that arrived live lacks its extra fields, source and number (the
        subscription's GraphQL ticket does not carry them): one REST read fills them in."""
        try:
            async with self._detail_slots:  # a burst of new tickets: a few reads at a time
                full = await self.client.get_ticket(ticket_id)
        except VendorError as exc:
            log.info("queue: details of ticket %s unavailable (%s)", ticket_id, exc.message)
            return
        finally:
            self._detailing.pop(ticket_id, None)
        if self.board.enrich(full):
            self._changed()

    def _live_state(self, state: LiveState) -> None:
        if self._stopping:
            return
        if state == "live":
            self._stop_polling()
            if self._fallback is not None:
                self._fallback.cancel()
                self._fallback = None
            self._set("live")
        elif state in ("connecting", "reconnecting"):
            if self.state == "live":
                self._set("reconnecting")
            self._arm_fallback()
        elif state == "stopped" and self.state != "stopped":
            # The socket gave up for good (credentials refused): polling is all there is.
            self._start_polling()

    def _arm_fallback(self) -> None:
        if self._fallback is not None or self._poller is not None:
            return

        async def later() -> None:
            await asyncio.sleep(self.fallback_after_s)
            self._fallback = None
            if self._live.state != "live":
                log.info("queue: no live connection after %.0f s; polling every %.0f s",
                         self.fallback_after_s, self.poll_interval_s)
                self._start_polling()

        self._fallback = asyncio.get_running_loop().create_task(later())

    # -- polling ------------------------------------------------------------------------------
    def _start_polling(self) -> None:
        if self._poller is not None:
            return
        self._poller = asyncio.get_running_loop().create_task(self._poll())

    def _stop_polling(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
            self._poller = None

    async def _poll(self) -> None:
        while True:
            if await self.catch_up(finished_today=False):
                self._set("polling")
            await asyncio.sleep(self.poll_interval_s)

    # -- plumbing -----------------------------------------------------------------------------
    def _set(self, state: FeedState) -> None:
        if state == self.state:
            return
        self.state = state
        if self._on_state is not None:
            try:
                self._on_state(state)
            except Exception:  # a broken display must not stop the feed
                log.exception("queue state callback failed")

    def _changed(self) -> None:
        try:
            self._on_change()
        except Exception:
            log.exception("queue change callback failed")
