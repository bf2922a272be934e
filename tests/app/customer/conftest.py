"""A sandbox synced into a cache, and profile services over it (real loopback sockets)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.cache.db import Cache
from app.cache.thread import CacheThread
from app.customer.resolve import resolve
from app.customer.service import ProfileService
from app.profile import StoreProfile, profile_from_dict
from app.sandbox.people import Person
from app.sandbox.runner import Sandbox
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine
from tests.conftest import ANCHOR

STORE = "profile-test"


class Clock:
    """A clock the test moves by hand (time-to-live checks)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
async def box() -> AsyncIterator[Sandbox]:
    sandbox = Sandbox(300, seed=5, anchor=ANCHOR, store_id=STORE)
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest.fixture
def profile(box: Sandbox) -> StoreProfile:
    return profile_from_dict(box.profile_dict(), "sandbox profile")


@pytest.fixture
async def cache(tmp_path: Path, box: Sandbox, profile: StoreProfile) -> Cache:
    cache = Cache.open(tmp_path / "cache.sqlite3")
    async with SyncEngine(profile, MemorySecrets(STORE, box.secrets), cache) as engine:
        assert (await engine.run()).ok
    return cache


@pytest.fixture
def jobs(cache: Cache) -> Iterator[CacheThread]:
    thread = CacheThread(cache)
    yield thread
    thread.close()


@pytest.fixture
def clock() -> Clock:
    return Clock(ANCHOR)


ServiceFactory = Callable[..., ProfileService]


@pytest.fixture
async def make_service(box: Sandbox, profile: StoreProfile, jobs: CacheThread,
                       clock: Clock) -> AsyncIterator[ServiceFactory]:
    made: list[ProfileService] = []

    def make(secrets: dict[str, str] | None = None, **kwargs: Any) -> ProfileService:
        service = ProfileService(profile, MemorySecrets(STORE, box.secrets if secrets is None
                                                        else secrets),
                                 jobs.run, clock=kwargs.pop("clock", clock), **kwargs)
        made.append(service)
        return service

    yield make
    for service in made:
        await service.aclose()


def someone(box: Sandbox, test: Callable[[Person], bool]) -> Person:
    return next(p for p in box.population.people() if test(p))


def everywhere(person: Person) -> bool:
    """Known to LOKE, reservations and Booxi, with an email and a Qudini booking."""
    return bool(person.in_loke and person.in_reservations and person.in_booxi and person.email
                and person.qudini_bookings)


async def customer_of(jobs: CacheThread, profile: StoreProfile, person: Person) -> int:
    assert person.email is not None

    def find(conn: sqlite3.Connection) -> int:
        found = resolve(conn, person.email or "", profile.store.country).customer_id
        assert found is not None
        return found

    return await jobs.run(find)
