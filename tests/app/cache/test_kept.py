"""What staff typed survives the cache being rebuilt: outbox, audit log and manual links live in
their own file, old caches hand theirs over, and set-aside copies do not linger."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from app.cache import db, edits, outbox
from app.cache.db import Cache
from app.cache.kept import kept_path
from app.cache.schema import migrations
from app.errors import CacheUnavailable, ExitCode
from app.profile import profile_from_dict
from app.sandbox.faults import Faults
from app.sandbox.runner import Sandbox
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine
from app.vendors.reservations import ReservationsClient
from tests.conftest import ANCHOR

STORE = "kept-test"
WHO = {"counter": "till-1", "mode": "staff"}
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def corrupt(path: Path) -> None:
    """Overwrite the header and the first pages: SQLite no longer sees a database."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    data[: 8192] = b"\xde\xad" * 4096
    path.write_bytes(bytes(data))


def copies(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".corrupt-" in p.name or ".newer-" in p.name)


# -- the split -----------------------------------------------------------------------------------
def test_the_three_tables_live_in_the_edits_file_and_queries_find_them(tmp_path: Path) -> None:
    cache = Cache.open(tmp_path / "s.sqlite3")
    assert cache.kept_path == tmp_path / "s.edits.sqlite3" == kept_path(cache.path)
    main = tables(cache.path)
    assert not main & {"outbox", "audit", "manual_links"}
    assert {"outbox", "audit", "manual_links"} <= tables(cache.kept_path)
    conn = cache.connect(durable=True)
    try:
        outbox.audit(conn, now=NOW, action="note.set", subject="x", detail={}, **WHO)
        assert conn.execute("SELECT COUNT(*) FROM audit").fetchone() == (1,)
        assert conn.execute("PRAGMA main.synchronous").fetchone() == (2,)  # the edits file: FULL
        assert conn.execute("PRAGMA cache.synchronous").fetchone() == (2,)
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM audit")
    finally:
        conn.close()
    assert os.stat(cache.kept_path).st_mode & 0o077 == 0


def test_a_cache_from_before_the_split_hands_its_edits_over(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    migrations.apply(Database(old), stop_before="0008_edits_apart")
    old.execute("INSERT INTO outbox (id, created_at, record, vendor, kind, payload, counter, "
                "mode) VALUES (41, 'then', 'reservations:customer:9', 'reservations', "
                "'note.set', '{\"customer_id\": \"9\", \"note\": \"typed\"}', 'till', 'staff')")
    old.execute("INSERT INTO audit (id, at, counter, mode, action, subject, detail) "
                "VALUES (7, 'then', 'till', 'staff', 'note.set', 'c9', '{}')")
    old.execute("INSERT INTO manual_links VALUES ('loke', 'L1', 'reservations', '9', 'link', "
                "'then')")
    old.close()

    cache = Cache.open(path)

    assert cache.notices == []  # an upgrade, not a rebuild
    assert not tables(path) & {"outbox", "audit", "manual_links"}
    conn = cache.connect(readonly=True)
    try:
        assert conn.execute("SELECT id, payload FROM kept.outbox").fetchall() == [
            (41, '{"customer_id": "9", "note": "typed"}')]
        assert conn.execute("SELECT id FROM kept.audit").fetchall() == [(7,)]
        assert conn.execute("SELECT id_a FROM kept.manual_links").fetchall() == [("L1",)]
    finally:
        conn.close()
    assert Cache.open(path).notices == []  # and opening again changes nothing


def test_an_unreadable_old_cache_gives_up_the_edits_it_still_can(tmp_path: Path) -> None:
    """A cache from before the split that is set aside (here: written by a newer build)."""
    path = tmp_path / "s.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    migrations.apply(Database(old), stop_before="0008_edits_apart")
    old.execute("INSERT INTO outbox (created_at, record, vendor, kind, payload, counter, mode) "
                "VALUES ('then', 'r', 'reservations', 'note.set', '{}', 'till', 'staff')")
    old.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                "VALUES ('clientdesk-cache', '9999_future', 'now')")
    old.close()

    cache = Cache.open(path)

    assert "newer Clientdesk" in cache.notices[0] and "not affected" in cache.notices[0]
    conn = cache.connect(readonly=True)
    try:
        assert conn.execute("SELECT COUNT(*) FROM outbox").fetchone() == (1,)
    finally:
        conn.close()


# -- the edits file itself ---------------------------------------------------------------------
def test_a_damaged_edits_file_is_kept_for_support_and_a_new_one_started(tmp_path: Path) -> None:
    cache = Cache.open(tmp_path / "s.sqlite3")
    kept = cache.kept_path
    corrupt(kept)
    again = Cache.open(tmp_path / "s.sqlite3")
    assert any("edits waiting to be sent" in n and "30 days" in n for n in again.notices)
    assert [c for c in copies(tmp_path) if c.startswith("s.edits.sqlite3.corrupt-")]
    conn = again.connect()
    try:
        assert conn.execute("SELECT COUNT(*) FROM outbox").fetchone() == (0,)
    finally:
        conn.close()


def test_an_edits_file_from_a_newer_build_is_refused_not_set_aside(tmp_path: Path) -> None:
    cache = Cache.open(tmp_path / "s.sqlite3")
    conn = sqlite3.connect(cache.kept_path, isolation_level=None)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('clientdesk-kept', '0099_future', 'now')")
    conn.close()
    with pytest.raises(CacheUnavailable, match="newer Clientdesk") as caught:
        Cache.open(tmp_path / "s.sqlite3")
    assert caught.value.exit_code == ExitCode.CACHE_UNAVAILABLE
    assert copies(tmp_path) == []


def test_a_locked_edits_file_is_reported_as_locked(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache.open(tmp_path / "s.sqlite3")
    holder = sqlite3.connect(cache.kept_path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(db, "OPEN_TIMEOUT_S", 0.2)
    try:
        with pytest.raises(CacheUnavailable, match="locked by another program"):
            Cache.open(tmp_path / "s.sqlite3")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert copies(tmp_path) == []


# -- set-aside copies ------------------------------------------------------------------------
def test_set_aside_copies_are_deleted_after_their_days(tmp_path: Path) -> None:
    Cache.open(tmp_path / "s.sqlite3")

    def planted(name: str, days_ago: float) -> Path:
        stamp = (datetime.now(UTC) - timedelta(days=days_ago)).strftime("%Y%m%d-%H%M%S")
        path = tmp_path / f"{name}-{stamp}"
        path.write_bytes(b"old personal data")
        Path(f"{path}-wal").write_bytes(b"wal")
        return path

    stale = planted("s.sqlite3.corrupt", db.ASIDE_DAYS + 1)
    recent = planted("s.sqlite3.newer", db.ASIDE_DAYS - 1)
    edits_copy = planted("s.edits.sqlite3.corrupt", db.ASIDE_DAYS + 1)  # kept 30 days
    old_edits = planted("s.edits.sqlite3.corrupt", db.KEPT_ASIDE_DAYS + 1)

    cache = Cache.open(tmp_path / "s.sqlite3")

    assert not stale.exists() and not Path(f"{stale}-wal").exists()
    assert recent.exists() and edits_copy.exists() and not old_edits.exists()
    assert sum("was deleted" in n for n in cache.notices) == 2


# -- end to end: nothing typed is lost ------------------------------------------------------
@pytest.fixture
async def box() -> AsyncIterator[Sandbox]:
    sandbox = Sandbox(150, seed=5, anchor=ANCHOR, store_id=STORE)
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


async def test_an_offline_edit_survives_a_corrupt_cache_and_is_sent_when_the_vendor_returns(
        box: Sandbox, tmp_path: Path) -> None:
    profile = profile_from_dict(box.profile_dict(), "sandbox")
    secrets = MemorySecrets(STORE, box.secrets)
    path = tmp_path / "cache" / f"{STORE}.sqlite3"
    cache = Cache.open(path)
    async with SyncEngine(profile, secrets, cache) as engine:
        assert (await engine.run()).ok
    conn = cache.connect(durable=True)
    customer = str(conn.execute("SELECT vendor_id FROM records WHERE vendor = 'reservations' "
                                "ORDER BY vendor_id LIMIT 1").fetchone()[0])
    base = edits.current_note(conn, customer)
    box.servers["reservations"].faults = Faults(drop=1.0)  # the vendor is down
    edits.set_note(conn, customer, "Prefers the window seat", base=base, now=NOW, **WHO)
    conn.close()

    corrupt(path)
    reopened = Cache.open(path)

    assert reopened.notices and "moved to" in reopened.notices[0]
    assert len(reopened.set_aside_copies()) == 1
    conn = reopened.connect()
    try:
        waiting = outbox.open_edits(conn)
        assert [(e.kind, e.payload["note"]) for e in waiting] == [
            ("note.set", "Prefers the window seat")]
    finally:
        conn.close()

    box.servers["reservations"].faults = Faults()  # back
    async with SyncEngine(profile, secrets, reopened) as engine:
        report = await engine.run(retry_waiting_edits=True)
    assert report.ok, [r.error for r in report.results]
    assert profile.reservations is not None
    async with ReservationsClient(profile.reservations, box.secrets["reservations"]) as client:
        assert (await client.customer(customer)).note == "Prefers the window seat"
    conn = reopened.connect(readonly=True)
    try:
        assert outbox.open_edits(conn) == []
        assert edits.current_note(conn, customer) == "Prefers the window seat"
    finally:
        conn.close()
    assert reopened.set_aside_copies() == []  # the rebuild is done: the copy went
    assert report.notices and "was deleted" in report.notices[0]
