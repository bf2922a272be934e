"""Opening the cache: one SQLite file per store, owner-only, WAL, migrated or rebuilt.

It is a cache, so anything we cannot trust is rebuilt from the vendors rather than repaired:
a file that is not a database (or fails SQLite's quick check) is moved aside, and a file written
by a newer Clientdesk (migration names we do not know) is moved aside too — never crashed on.
A file that is only locked or cannot be opened is not damaged, and is never moved: that is
:class:`~app.errors.CacheUnavailable` (exit 10), with what to do.
Each thread opens its own connection (:meth:`Cache.connect`); WAL lets the GUI's reader
connection search while the sync worker writes.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from app.cache.schema import KNOWN, migrations
from app.errors import CacheUnavailable

log = logging.getLogger("clientdesk.cache")


def cache_path(data_dir: Path, store_id: str) -> Path:
    return data_dir / "cache" / f"{store_id}.sqlite3"


#: How long opening waits for another program's lock before saying the cache is locked.
OPEN_TIMEOUT_S = 30.0


@dataclass
class Cache:
    path: Path
    notices: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, path: Path) -> Cache:
        """Open (creating, migrating or rebuilding) the cache at ``path``."""
        cache = cls(path)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        problem = cache._problem()
        if problem:
            aside = path.with_name(f"{path.name}.{problem[0]}-{time.strftime('%Y%m%d-%H%M%S')}")
            for suffix in ("", "-wal", "-shm"):
                source = Path(f"{path}{suffix}")
                if source.exists():
                    source.rename(f"{aside}{suffix}")
            cache.notices.append(f"The local cache {problem[1]}; it was moved to {aside.name} "
                                 "and is being rebuilt from the vendors.")
            log.warning("cache %s: %s; moved to %s", path, problem[1], aside)
        try:
            conn = cache.connect()
            try:
                migrations.apply(Database(conn))
            finally:
                conn.close()
        except sqlite3.OperationalError as exc:
            raise CacheUnavailable(_unavailable_text(path, exc)) from None
        os.chmod(path, 0o600)
        return cache

    def connect(self, *, readonly: bool = False, durable: bool = False) -> sqlite3.Connection:
        """A new connection for the calling thread.

        ``durable`` is for the connections that commit what a person typed (edits, their
        audit lines, manual links): ``synchronous=FULL``, so a commit is on disk before the
        screen says "saved" — in WAL mode NORMAL can lose the last commits to a power cut.
        Bulk sync writes stay NORMAL: whatever a power cut takes from them, the next sync
        fetches again. ``bench_edit.py`` measures what FULL costs an edit."""
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                               check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        conn.execute("PRAGMA foreign_keys=ON")
        if readonly:
            # The search reader walks index pages all over a million-customer file; 64 MiB of
            # them kept hot took the slowest searches at 1M from ~22 to ~12 ms.
            conn.execute("PRAGMA cache_size=-65536")
            conn.execute("PRAGMA query_only=ON")
        else:
            conn.execute("PRAGMA cache_size=-16000")  # 16 MiB per writer: bounded memory
        return conn

    def _problem(self) -> tuple[str, str] | None:
        if not self.path.exists():
            return None
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                   timeout=OPEN_TIMEOUT_S)
            try:
                ok = conn.execute("PRAGMA quick_check").fetchone()
                if not ok or ok[0] != "ok":
                    return "corrupt", "was damaged"
                tables = {r[0] for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'")}
                if "_sqlite_migrations" in tables:
                    applied = {r[0] for r in conn.execute(
                        "SELECT name FROM _sqlite_migrations")}
                    if applied - set(KNOWN):
                        return "newer", "was written by a newer Clientdesk"
            finally:
                conn.close()
        except sqlite3.OperationalError as exc:
            # Locked, busy or not openable is not damage: moving the file aside would throw
            # away edits and links that nothing can rebuild. Say what it is and stop.
            raise CacheUnavailable(_unavailable_text(self.path, exc)) from None
        except sqlite3.DatabaseError:  # "file is not a database", "disk image is malformed"
            return "corrupt", "could not be read"
        return None


def _unavailable_text(path: Path, exc: sqlite3.OperationalError) -> str:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return (f"The local cache {path} is locked by another program (a backup or antivirus "
                "scan, or Clientdesk already running for this store): close it, then try "
                "again. Nothing was changed.")
    return (f"The local cache {path} cannot be opened ({exc}): check that the folder is "
            "writable and the disk is not full or read-only, then try again. Nothing was "
            "changed.")


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception.

    Cache connections run in autocommit mode (``isolation_level=None``), where ``with conn:``
    opens no transaction at all: several statements that must stand or fall together (an
    edit, its outbox row and its audit line) go through this instead.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
