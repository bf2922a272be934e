"""The merge preview's live count: one reservations client for the window, its key read off the
event loop's thread, reused, re-read after a refusal, and closed at the end (loopback sandbox)."""

from __future__ import annotations

import threading

import pytest

from app.customer.booking_count import BookingCounter
from app.errors import ClientdeskError, CredentialError, NotAuthorised, NotFound
from app.profile import StoreProfile
from app.sandbox.runner import Sandbox
from app.secrets import MemorySecrets
from tests.app.customer.conftest import STORE, someone


class WatchedSecrets(MemorySecrets):
    """In-memory secrets that note which thread each read ran on (the keyring may block)."""

    def __init__(self, initial: dict[str, str]) -> None:
        super().__init__(STORE, initial)
        self.read_on: list[int] = []

    def get(self, vendor: str) -> str | None:
        self.read_on.append(threading.get_ident())
        return super().get(vendor)


def booked(box: Sandbox) -> tuple[str, int]:
    """A reservations record with bookings, and how many reservations counts for it."""
    person = someone(box, lambda p: bool(p.in_reservations and p.reservations_id
                                         and p.bookings("reservations", box.population.anchor)))
    assert person.reservations_id is not None
    return person.reservations_id, len(person.bookings("reservations", box.population.anchor))


async def test_one_client_is_made_off_the_loop_thread_and_reused(
        box: Sandbox, profile: StoreProfile) -> None:
    secrets = WatchedSecrets(box.secrets)
    counter = BookingCounter(profile, secrets)
    rid, bookings = booked(box)
    server = box.servers["reservations"]
    try:
        before = server.requests
        first = await counter.count(rid)
        signing_in = server.requests - before
        again = server.requests
        second = await counter.count(rid)
        assert first == second >= bookings >= 1
        assert server.requests - again == 1  # the same session: one /stats call, no sign-in
        assert signing_in > 1
        assert len(secrets.read_on) == 1 and counter.secret_reads == 1
        assert secrets.read_on[0] != threading.get_ident()  # not on the event loop's thread
        with pytest.raises(NotFound):
            await counter.count("00000000-0000-0000-0000-000000000001")
        assert counter.secret_reads == 1  # an answer, not a reason to sign in again
    finally:
        await counter.aclose()
    with pytest.raises(ClientdeskError, match="closing"):
        await counter.count(rid)  # closed: no new client can be made behind the window's back


async def test_no_key_asks_again_next_time_and_a_refused_key_is_read_again(
        box: Sandbox, profile: StoreProfile) -> None:
    secrets = WatchedSecrets({})
    counter = BookingCounter(profile, secrets)
    rid, _bookings = booked(box)
    try:
        with pytest.raises(CredentialError, match="no reservations credential"):
            await counter.count(rid)
        secrets.set("reservations", "not-the-key")
        with pytest.raises(NotAuthorised):
            await counter.count(rid)
        secrets.set("reservations", box.secrets["reservations"])  # fixed meanwhile (the CLI)
        assert await counter.count(rid) >= 1
        assert counter.secret_reads == 3
    finally:
        await counter.aclose()


def test_a_store_without_reservations_has_no_counter(profile: StoreProfile) -> None:
    bare = profile.model_copy(update={"reservations": None})
    assert BookingCounter.for_store(bare, MemorySecrets(STORE)) is None
    assert isinstance(BookingCounter.for_store(profile, MemorySecrets(STORE)), BookingCounter)
