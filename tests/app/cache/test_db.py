"""Opening the cache: created owner-only in WAL, rebuilt (not crashed on) when untrustworthy."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from sqlite_utils import Database

from app.cache import db
from app.cache.db import Cache, cache_path
from app.cache.schema import migrations
from app.cache.search import Searcher
from app.errors import CacheUnavailable, ExitCode


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



def test_a_0001_cache_migrates_to_trigram_contacts(tmp_path: Path) -> None:
    """A cache written before 0002 keeps its customers and finds them by any part of a contact."""
    path = tmp_path / "c.sqlite3"
    conn = sqlite3.connect(path)
    migrations.apply(Database(conn), stop_before="0002_contact_trigrams")
    conn.execute("INSERT INTO customers (id, search_key, name, name_norm, emails, phones, "
                 "vendors, search_name, masked) VALUES (7, 7, 'Ana', 'ana', "
                 "'[\"ana.li@x.com\"]', '[\"+61411222333\"]', '[\"loke:L1\"]', 'ana ana li', "
                 "'[[], []]')")
    conn.executemany("INSERT INTO contact_index VALUES (?, ?, 7)", [
        ("email", "ana.li@x.com"), ("esfx", "li@x.com"), ("phone", "61411222333"),
        ("phone", "0411222333"), ("psfx", "1411222333")])
    conn.commit()
    conn.close()
    cache = Cache.open(path)
    assert not cache.notices
    reader = cache.connect(readonly=True)
    kinds = {r[0] for r in reader.execute("SELECT kind FROM contact_index")}
    assert kinds == {"email", "phone"}
    searcher = Searcher(reader)
    for query in ("na.li@", "Ana", "1122", "0411"):
        assert [h.customer_id for h in searcher.search(query)] == [7], query
    triggers = reader.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                              "AND tbl_name = 'customers'").fetchall()
    assert triggers == []  # the writer keeps the indexes now


def _moved_aside(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".corrupt-" in p.name
                  or ".newer-" in p.name)


def test_a_locked_cache_is_reported_as_locked_and_left_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "store.sqlite3"
    cache = Cache.open(path)
    conn = cache.connect()
    conn.execute("INSERT INTO audit (at, counter, mode, action, subject, detail) "
                 "VALUES ('2026-12-01T10:00:00+00:00', 'till', 'staff', 'note.set', 'x', '{}')")
    conn.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the file
    monkeypatch.setattr(db, "OPEN_TIMEOUT_S", 0.2)
    try:
        with pytest.raises(CacheUnavailable, match="is locked by another program") as caught:
            Cache.open(path)
        assert caught.value.exit_code == ExitCode.CACHE_UNAVAILABLE == 10
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _moved_aside(tmp_path) == []  # not treated as damage
    reopened = Cache.open(path).connect()
    try:
        assert reopened.execute("SELECT COUNT(*) FROM audit").fetchone() == (1,)
    finally:
        reopened.close()


def test_a_cache_that_cannot_be_opened_is_reported_as_such(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    path.mkdir()  # e.g. something else took the name: SQLite cannot open it
    with pytest.raises(CacheUnavailable, match="cannot be opened"):
        Cache.open(path)
    assert path.is_dir() and _moved_aside(tmp_path) == []


def test_the_cli_says_the_cache_cannot_be_opened_with_exit_10(tmp_path: Path) -> None:
    from tests.support.cli import invoke

    profile = Path(__file__).parents[3] / "resources" / "store-profile.example.toml"
    data = tmp_path / "data"
    target = cache_path(data, "syd-pitt-st")
    target.parent.mkdir(parents=True)
    target.mkdir()
    outcome = invoke("--profile", str(profile), "--data-dir", str(data), "search", "zoe")
    assert outcome.code == 10, outcome.err
    assert "cannot be opened" in outcome.err and "Traceback" not in outcome.err
