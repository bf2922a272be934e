"""The sandbox's Qminder over loopback, and a board with its live feed and actions."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from app.profile import StoreProfile, profile_from_dict
from app.queue.actions import QueueActions
from app.queue.board import QueueBoard
from app.queue.feed import FeedState, QueueFeed
from app.sandbox.qminder import QminderServer
from app.sandbox.runner import Sandbox
from app.vendors.qminder import QminderClient
from app.vendors.qminder.live import LiveTiming
from tests.conftest import ANCHOR

FAST = LiveTiming(ping_interval=5.0, pong_timeout=5.0, ack_timeout=2.0, close_timeout=0.5,
                  backoff=lambda n: 0.05, jitter=0.0, slow_after=50, slow_retry=0.05)


def now() -> datetime:
    return datetime.now(UTC)


@pytest.fixture
async def box() -> AsyncIterator[Sandbox]:
    sandbox = Sandbox(300, seed=6, anchor=ANCHOR, store_id="queue-test")
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


def qminder_of(box: Sandbox) -> QminderServer:
    server = box.servers["qminder"]
    assert isinstance(server, QminderServer)
    return server


@pytest.fixture
def profile(box: Sandbox) -> StoreProfile:
    return profile_from_dict(box.profile_dict(), "sandbox profile")


@dataclass
class Queue:
    client: QminderClient
    board: QueueBoard
    feed: QueueFeed
    actions: QueueActions
    states: list[FeedState] = field(default_factory=list)
    changes: int = 0
    #: Every catch-up the feed ran, True when it landed (the first load, then one after
    #: each (re)subscription, then polls).
    catch_ups: list[bool] = field(default_factory=list)

    async def settled(self, within: float = 10.0) -> None:
        """Live, with the catch-up after subscribing landed: the board will not change again
        unless something happens."""
        await until(lambda: self.feed.state == "live" and len(self.catch_ups) >= 2, within)


@pytest.fixture
async def make_queue(box: Sandbox, profile: StoreProfile) -> AsyncIterator[Callable[..., Queue]]:
    made: list[Queue] = []

    def make(**feed_options: object) -> Queue:
        assert profile.qminder is not None
        client = QminderClient(profile.qminder, box.secrets["qminder"])
        board = QueueBoard(ZoneInfo(profile.store.timezone))
        holder: list[Queue] = []

        def changed() -> None:
            holder[0].changes += 1

        feed = QueueFeed(client, board, on_change=changed,
                         on_state=lambda s: holder[0].states.append(s), clock=now,
                         live_timing=FAST, **feed_options)  # type: ignore[arg-type]
        actions = QueueActions(client, board, clock=now, on_change=changed,
                               user_id=profile.qminder.user_id)
        queue = Queue(client, board, feed, actions)
        search = feed.catch_up

        async def counted(*, finished_today: bool = True) -> bool:
            found = await search(finished_today=finished_today)
            queue.catch_ups.append(found)
            return found

        feed.catch_up = counted  # type: ignore[method-assign]
        holder.append(queue)
        made.append(queue)
        return queue

    yield make
    for queue in made:
        await queue.feed.stop()
        await queue.client.aclose()


async def until(test: Callable[[], bool], within: float = 5.0) -> None:
    """Wait for ``test()`` (events arrive over a real socket: no fixed sleeps)."""
    deadline = asyncio.get_running_loop().time() + within
    while not test():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.01)
