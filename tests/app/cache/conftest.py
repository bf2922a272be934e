"""A fresh cache and writer per test, and a compact way to make vendor records."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.cache.db import Cache
from app.cache.search import Searcher
from app.cache.writer import CacheWriter
from app.domain.contacts import normalise_email, normalise_phone
from app.domain.records import VendorRecord


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    return Cache.open(tmp_path / "cache.sqlite3")


@pytest.fixture
def writer(cache: Cache) -> Iterator[CacheWriter]:
    w = CacheWriter(cache)
    yield w
    w.close()


@pytest.fixture
def searcher(cache: Cache) -> Iterator[Searcher]:
    conn = cache.connect(readonly=True)
    yield Searcher(conn)
    conn.close()


def record(vendor: str, vid: str, name: str, email: str | None = None,
           phone: str | None = None, *, points: int | None = None, blacklisted: bool = False,
           reason: str | None = None, day: int = 1) -> VendorRecord:
    return VendorRecord(
        vendor=vendor, vendor_id=vid, name=name,
        emails=tuple(e for e in [normalise_email(email)] if e),
        phones=tuple(p for p in [normalise_phone(phone, "AU")] if p),
        points=points, blacklisted=blacklisted, blacklist_reason=reason,
        activity=datetime(2026, 1, day, tzinfo=UTC), data={"id": vid})


SMALL_PEOPLE = [
    record("loke", "L1", "Zoë Nguyễn", "zoe.nguyen42@example.com", "0411 222 333",
           points=1200, day=5),
    record("loke", "L2", "Liam O'Brien", "liam@obrien.example.net", "+61400999888", day=3),
    record("loke", "L3", "Zoe Smith", "zs@example.org", points=7, day=9),
    record("loke", "L4", "Zoey Adams", "zoey@example.org", day=1),
]
SMALL_RESERVATIONS = [
    record("reservations", "R1", "Zoe Nguyen", "ZOE.NGUYEN42@EXAMPLE.COM", blacklisted=True,
           reason="Abusive"),
    record("reservations", "R2", "<b>Bob</b>", "bob@example.com", "0499 000 111", day=2),
]
