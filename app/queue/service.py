"""One store's queue, built the same way for every screen: client, board, feed and actions.

Why: ``clientdesk queue`` and the window both need a Qminder client on the profile's table, a
board of the profile's lines in the store's time zone and a feed to fill it (the window adds
live updates and counter actions). Built in two places, the two drifted — the window never
kept its key out of the logs. :func:`open_queue` builds them from a
:class:`~app.profile.StoreProfile` and a :class:`~app.secrets.SecretSource`, once.

It is async because reading the key can block: a locked OS keyring may prompt, for as long as
the person takes to answer. The key is read with :func:`asyncio.to_thread`, never on the
caller's thread — in the window that is the GUI thread, which must keep painting meanwhile.
Without a key it raises :class:`~app.errors.CredentialError` with one sentence for both
screens (the CLI exits 3, the window says it in the queue panel).

What needs no key comes apart and does no I/O: :func:`queue_table` says whether the store
has a queue at all (the CLI exits 2, the window has no queue dock) and :func:`queue_board`
makes the empty board a window lays out before the key is read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from zoneinfo import ZoneInfo

from app.errors import ClientdeskError, CredentialError, ExitCode
from app.logs import register_secret
from app.profile import QminderTable, StoreProfile
from app.queue.actions import QueueActions
from app.queue.board import QueueBoard
from app.queue.feed import FeedState, QueueFeed
from app.queue.walk_in import Added, WalkIn, add_walk_in
from app.secrets import SecretSource
from app.vendors.network import Network
from app.vendors.qminder.client import QminderClient
from app.vendors.qminder.live import LiveTiming
from app.vendors.qminder.models import Line

#: Said by the CLI (exit 3) and the queue panel alike.
MISSING_KEY = ("no Qminder credential saved on this PC — run "
               "`clientdesk credentials set qminder`")


class QueueNotUsed(ClientdeskError):
    """The profile has no ``[qminder]`` table: this store has no queue to show."""

    exit_code = ExitCode.BAD_PROFILE


def utc_now() -> datetime:
    return datetime.now(UTC)


def _nothing() -> None:
    """A one-shot reader of the queue (the CLI) has nothing to repaint on a change."""


def queue_table(profile: StoreProfile, where: Path | str | None = None) -> QminderTable:
    """The profile's Qminder table; a store without one gets a sentence, not a traceback
    (``where``: the profile's file, named in it)."""
    if profile.qminder is None:
        raise QueueNotUsed(
            f"this store does not use Qminder (no [qminder] table in "
            f"{where or 'the store profile'}), so it has no queue to show — add one "
            "with the location_id from the Qminder dashboard")
    return profile.qminder


def queue_board(profile: StoreProfile, lines: Iterable[int | str] = ()) -> QueueBoard:
    """An empty board of ``lines`` (default: the profile's ``qminder.lines``, or every line of
    the location when it names none), in the store's time zone."""
    table = queue_table(profile)
    chosen = [str(line) for line in lines] or [str(line) for line in table.lines]
    return QueueBoard(ZoneInfo(profile.store.timezone), only_lines=frozenset(chosen))


async def read_key(secrets: SecretSource) -> str:
    """The Qminder REST key, read on a worker thread and registered so that no log line can
    ever carry it. CredentialError when none is saved (or the keyring cannot be used)."""
    secret = await asyncio.to_thread(secrets.get, "qminder")
    if not secret:
        raise CredentialError(MISSING_KEY)
    register_secret(secret)
    return secret


@dataclass
class QueueService:
    """One location's queue: the client, the board, what keeps it current, what acts on it."""

    client: QminderClient
    board: QueueBoard
    feed: QueueFeed
    actions: QueueActions
    clock: Callable[[], datetime]
    zone: ZoneInfo
    country: str

    async def read_lines(self) -> list[Line]:
        """Every line of the location (the board keeps the chosen ones). VendorError when
        Qminder cannot be asked."""
        lines = await self.client.lines()
        self.board.set_lines(lines)
        return lines

    async def read_queue(self) -> None:
        """One full catch-up — the searches the feed runs after every (re)connect — with no
        websocket. Raises the VendorError when Qminder could not be asked: the queue is not
        cached, so an empty board must never pass for "nobody is waiting"."""
        if not await self.feed.catch_up() and self.feed.last_error is not None:
            raise self.feed.last_error

    async def add_walk_in(self, walk_in: WalkIn) -> Added:
        """Put a checked walk-in in the queue (:mod:`app.queue.walk_in`); the board hears of
        the new ticket from the feed, as of any other."""
        lines = list(self.board.lines.values()) or await self.read_lines()
        return await add_walk_in(self.client, walk_in, lines=lines, clock=self.clock)

    async def aclose(self) -> None:
        """Stop the feed (websocket, polls), then close the HTTP client."""
        try:
            await self.feed.stop()
        finally:
            await self.client.aclose()

    async def __aenter__(self) -> QueueService:
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        await self.aclose()


async def open_queue(profile: StoreProfile, secrets: SecretSource, *,
                     board: QueueBoard | None = None,
                     on_change: Callable[[], None] | None = None,
                     on_state: Callable[[FeedState], None] | None = None,
                     clock: Callable[[], datetime] = utc_now,
                     live_timing: LiveTiming | None = None, fallback_after_s: float = 15.0,
                     poll_interval_s: float | None = None) -> QueueService:
    """The queue of ``profile``'s Qminder location, on ``board`` (default:
    :func:`queue_board`); nothing is asked of Qminder yet. ``on_change`` hears every change
    of the board (feed and actions), ``on_state`` the feed's state. Raises QueueNotUsed
    without a ``[qminder]`` table and CredentialError without a key."""
    table = queue_table(profile)
    secret = await read_key(secrets)
    board = board if board is not None else queue_board(profile)
    changed = on_change or _nothing
    client = QminderClient(table, secret, network=Network.of(profile.network))
    feed = QueueFeed(client, board, on_change=changed, on_state=on_state, clock=clock,
                     poll_interval_s=poll_interval_s, fallback_after_s=fallback_after_s,
                     live_timing=live_timing)
    actions = QueueActions(client, board, clock=clock, on_change=changed,
                           user_id=table.user_id)
    return QueueService(client, board, feed, actions, clock, ZoneInfo(profile.store.timezone),
                        profile.store.country)
