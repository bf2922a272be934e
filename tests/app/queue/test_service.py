"""The queue service: one way to build a store's queue for the CLI and the window — whether the
store has one, the key read off the caller's thread (and kept out of logs), the board of the
profile's lines, and client, feed and actions wired to it — against the sandbox over loopback."""

from __future__ import annotations

import threading

import pytest

from app.errors import CredentialError, ExitCode, Unavailable
from app.logs import scrub
from app.profile import StoreProfile
from app.queue.feed import poll_interval
from app.queue.service import (
    MISSING_KEY,
    QueueNotUsed,
    open_queue,
    queue_board,
    queue_table,
)
from app.sandbox.runner import Sandbox
from app.secrets import MemorySecrets
from tests.app.queue.conftest import qminder_of


class WatchedSecrets(MemorySecrets):
    """Secrets that note which thread asked for them (a keyring read can block for minutes)."""

    def __init__(self, store_id: str, initial: dict[str, str]) -> None:
        super().__init__(store_id, initial)
        self.read_on: list[int] = []

    def get(self, vendor: str) -> str | None:
        self.read_on.append(threading.get_ident())
        return super().get(vendor)


class LockedKeyring(MemorySecrets):
    def get(self, vendor: str) -> str | None:
        raise CredentialError("the OS keyring refused to read the Qminder secret — unlock it")


async def test_a_store_without_qminder_has_no_queue_and_no_key_is_read(
        profile: StoreProfile) -> None:
    without = profile.model_copy(update={"qminder": None})
    with pytest.raises(QueueNotUsed) as refused:
        queue_table(without, "store.toml")
    assert refused.value.exit_code == ExitCode.BAD_PROFILE
    assert refused.value.message.startswith(
        "this store does not use Qminder (no [qminder] table in store.toml)")
    with pytest.raises(QueueNotUsed):
        queue_board(without)
    secrets = WatchedSecrets(profile.store.id, {"qminder": "a-key-never-read"})
    with pytest.raises(QueueNotUsed):
        await open_queue(without, secrets)
    assert secrets.read_on == []


def test_the_board_holds_the_profiles_lines_or_the_chosen_ones(profile: StoreProfile) -> None:
    assert queue_board(profile).only_lines == frozenset()  # no qminder.lines: every line
    table = queue_table(profile).model_copy(update={"lines": [424701, 424703]})
    chosen = profile.model_copy(update={"qminder": table})
    board = queue_board(chosen)
    assert board.only_lines == {"424701", "424703"}
    assert str(board.zone) == profile.store.timezone
    assert queue_board(chosen, [424702]).only_lines == {"424702"}  # --line wins
    assert board.tickets == {} and board.updated_at is None  # nothing asked of anyone


async def test_the_key_is_read_on_a_worker_thread_and_never_reaches_a_log(
        box: Sandbox, profile: StoreProfile) -> None:
    key = box.secrets["qminder"]
    secrets = WatchedSecrets(profile.store.id, {"qminder": key})
    async with await open_queue(profile, secrets) as queue:
        assert secrets.read_on and threading.get_ident() not in secrets.read_on
        assert scrub(f"sent {key}") == "sent ***"
        assert queue.country == profile.store.country
        assert str(queue.zone) == profile.store.timezone


async def test_without_a_key_it_says_how_to_fix_it_and_asks_qminder_nothing(
        box: Sandbox, profile: StoreProfile) -> None:
    server = qminder_of(box)
    requests = server.requests
    with pytest.raises(CredentialError) as missing:
        await open_queue(profile, MemorySecrets(profile.store.id, {}))
    assert missing.value.message == MISSING_KEY
    assert "clientdesk credentials set qminder" in MISSING_KEY
    with pytest.raises(CredentialError, match="unlock it"):
        await open_queue(profile, LockedKeyring(profile.store.id, {}))
    assert server.requests == requests and server.keys_issued == 0


async def test_one_catch_up_fills_the_board_and_every_change_is_heard(
        box: Sandbox, profile: StoreProfile) -> None:
    server = qminder_of(box)
    changes: list[int] = []
    secrets = MemorySecrets(profile.store.id, box.secrets)
    queue = await open_queue(profile, secrets, on_change=lambda: changes.append(1))
    try:
        table = queue_table(profile)
        assert queue.actions.user_id == table.user_id
        assert queue.feed.poll_interval_s == poll_interval(table.requests_per_hour)
        lines = await queue.read_lines()
        assert [line.id for line in lines] == [str(line["id"]) for line in server.lines]
        assert list(queue.board.lines) == [line.id for line in lines]
        await queue.read_queue()
        active = {t["id"] for t in server.tickets.values() if t["status"] in ("NEW", "CALLED")}
        assert set(queue.board.tickets) == active and queue.board.updated_at is not None
        heard = len(changes)
        assert heard >= 1
        line = next(iter(queue.board.lines))
        first = queue.board.next_waiting(line)
        assert first is not None
        await queue.actions.call_next(line)  # the actions work on the same board
        assert server.tickets[first.id]["status"] == "CALLED"
        assert queue.board.tickets[first.id].is_called and len(changes) > heard
        assert queue.feed.state == "stopped"  # one-shot: no websocket was opened
        assert server.ws_connects == 0
    finally:
        await queue.aclose()
    with pytest.raises(RuntimeError, match="closed"):
        await queue.client.lines()


async def test_qminder_down_is_an_error_never_an_empty_queue(
        box: Sandbox, profile: StoreProfile) -> None:
    secrets = MemorySecrets(profile.store.id, box.secrets)
    async with await open_queue(profile, secrets) as queue:
        await box.stop_vendor("qminder")
        with pytest.raises(Unavailable):
            await queue.read_lines()
        with pytest.raises(Unavailable):
            await queue.read_queue()
        assert queue.board.tickets == {} and queue.board.updated_at is None
