"""Opening the cache: created owner-only in WAL, rebuilt (not crashed on) when untrustworthy."""

from __future__ import annotations

import stat
from pathlib import Path

from app.cache.db import Cache, cache_path


def test_new_cache_is_owner_only_and_wal(tmp_path: Path) -> None:
    path = cache_path(tmp_path, "store-1")
    cache = Cache.open(path)
    assert cache.notices == []
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    conn = cache.connect()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_reopening_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    conn = Cache.open(path).connect()
    conn.execute("INSERT INTO sync_state (vendor, records) VALUES ('loke', 7)")
    conn.close()
    again = Cache.open(path)
    assert again.notices == []
    assert again.connect().execute("SELECT records FROM sync_state").fetchone()[0] == 7


def test_corrupt_file_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database" * 200)
    cache = Cache.open(path)
    assert len(cache.notices) == 1 and "moved to" in cache.notices[0]
    aside = list(tmp_path.glob("c.sqlite3.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")
    assert cache.connect().execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 0


def test_cache_from_a_newer_version_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    conn = Cache.open(path).connect()
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('clientdesk-cache', '9999_from_the_future', 'now')")
    conn.close()
    cache = Cache.open(path)
    assert "newer Clientdesk" in cache.notices[0]
    names = {r[0] for r in cache.connect().execute("SELECT name FROM _sqlite_migrations")}
    assert "9999_from_the_future" not in names


def test_truncated_database_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    conn = Cache.open(path).connect()
    conn.execute("CREATE TABLE filler (x)")
    conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 2000)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    cache = Cache.open(path)
    assert cache.notices, "a truncated file must be noticed"
    assert isinstance(cache.connect().execute("SELECT 1").fetchone(), tuple)

