"""Who is waiting: the queue's tickets matched to saved customers, never on the GUI thread.

Why a part of its own: matching reads SQLite, and SQLite is never touched on the GUI thread —
each batch is one job on the profiles' cache thread (:func:`app.queue.match.match_all`). A
queue changes many times a minute but a ticket's match depends on little
(:func:`app.queue.match.match_key`), so only tickets whose id, phone, email or name changed are
matched again — every one after a sync, when the cache knows more. One batch runs at a time;
what changes meanwhile is matched right after it.

When the window closes, the cache thread may go first: its :class:`CacheClosed` (or a
database busy for too long) is logged and the matches stay as they were; anything else is a
bug and reaches the error funnel.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from typing import Any

from app.cache.own_thread import CacheClosed
from app.customer.service import CacheJob
from app.queue.board import QueueBoard
from app.queue.match import Match, match_all, match_key
from app.vendors.qminder.models import Ticket
from ui.common.tasks import TaskSlots

log = logging.getLogger("clientdesk.ui.queue")

MatchKey = tuple[str, str, str, str]


class TicketMatcher:
    """The saved customer each ticket on ``board`` is (or may be), kept current."""

    def __init__(self, board: QueueBoard, jobs: CacheJob[Any] | None, country: str, *,
                 on_matched: Callable[[], None]) -> None:
        self.board = board
        self.jobs = jobs
        self.country = country
        self._on_matched = on_matched
        self.tasks = TaskSlots()
        #: By ticket id; a ticket is in here once the cache was asked (None: nobody fits).
        self.matches: dict[str, Match | None] = {}
        self._keys: dict[str, MatchKey] = {}
        self._again = False  # the board changed while a batch ran
        self._follow_up = False  # a batch is about to start (right after the last one)
        self._closed = False

    @property
    def available(self) -> bool:
        """False in a window without the cache thread: nobody can be matched."""
        return self.jobs is not None

    def schedule(self) -> None:
        """The board changed: match the tickets whose match key changed (forget the gone)."""
        self._follow_up = False
        if self.jobs is None or self._closed:
            return
        if self.tasks.running("match"):
            self._again = True
            return
        tickets = list(self.board.tickets.values())
        keys = {t.id: match_key(t) for t in tickets}
        for gone in set(self._keys) - set(keys):
            self._keys.pop(gone, None)
            self.matches.pop(gone, None)
        todo = [t for t in tickets if self._keys.get(t.id) != keys[t.id]]
        if todo:
            self.tasks.start("match", self._match(todo, keys))

    def match_all_again(self) -> None:
        """The cache learned more (a sync finished): every ticket is matched again."""
        self._keys.clear()
        self.schedule()

    def settled(self) -> bool:
        """No batch running, none about to start."""
        return not (self.tasks.running("match") or self._again or self._follow_up)

    async def idle(self) -> None:
        """Until every change so far is matched (tests, smoke runs)."""
        while not self.settled():
            task = self.tasks.get("match")
            if task is not None and not task.done():
                await asyncio.gather(task, return_exceptions=True)
            else:
                await asyncio.sleep(0)  # the follow-up batch starts on the next turn

    def close(self) -> None:
        self._closed = True
        self._again = self._follow_up = False
        self.tasks.cancel_all()

    async def _match(self, todo: list[Ticket], keys: dict[str, MatchKey]) -> None:
        assert self.jobs is not None
        country = self.country

        def job(conn: sqlite3.Connection) -> dict[str, Match | None]:
            return match_all(conn, todo, country)

        try:
            found: dict[str, Match | None] = await self.jobs(job)
        except (CacheClosed, sqlite3.OperationalError) as exc:
            log.warning("queue: matching tickets to saved customers failed (%s)", exc)
            found = {}
        finally:
            if self._again and not self._closed:
                self._again = False
                self._follow_up = True
                asyncio.get_running_loop().call_soon(self.schedule)
        for ticket in todo:
            if ticket.id in found:
                self._keys[ticket.id] = keys[ticket.id]
                self.matches[ticket.id] = found[ticket.id]
        self._on_matched()
