"""The connections that commit what a person typed are durable (``synchronous=FULL``).

In WAL mode ``synchronous=NORMAL`` can lose the last commits to a power cut: an edit the
screen called saved would be gone. The window's cache thread and the CLI's edit commands
commit edits; bulk sync writers stay NORMAL (a lost page is fetched again).
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from app.cache.db import Cache
from app.cache.thread import CacheThread
from app.cli.context import CliContext
from app.cli.editing import opened_cache
from app.paths import AppPaths
from app.profile import load_profile

FULL, NORMAL = 2, 1  # PRAGMA synchronous values


def synchronous(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA synchronous").fetchone()[0])


def test_the_cache_thread_commits_with_synchronous_full(tmp_path: Path) -> None:
    jobs = CacheThread(Cache.open(tmp_path / "c.sqlite3"))
    try:
        assert asyncio.run(jobs.run(synchronous)) == FULL
    finally:
        jobs.close()


def test_bulk_connections_stay_normal(tmp_path: Path) -> None:
    cache = Cache.open(tmp_path / "c.sqlite3")
    conn = cache.connect()
    try:
        assert synchronous(conn) == NORMAL
    finally:
        conn.close()


def test_the_cli_edit_commands_commit_with_synchronous_full(tmp_path: Path) -> None:
    example = Path(__file__).parents[3] / "resources" / "store-profile.example.toml"
    ctx = CliContext(profile_path=example, paths=AppPaths.resolve(tmp_path), verbose=False)
    with opened_cache(ctx, load_profile(example)) as (_cache, conn):
        assert synchronous(conn) == FULL
