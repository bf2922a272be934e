"""Opening the cache: one SQLite file per store, owner-only, WAL, migrated or rebuilt.

It is a cache, so anything we cannot trust is rebuilt from the vendors rather than repaired:
a file that is not a database (or fails SQLite's quick check) is moved aside, and a file written
by a newer Clientdesk (migration names we do not know) is moved aside too — never crashed on.
What no vendor can give back (unsent edits, the audit log, manual links) is not in that file
but beside it (:mod:`app.cache.kept`), out of a rebuild's reach; a set-aside copy from before
that split gives up whatever of those it still can. Set-aside copies hold personal data, so
they do not stay: the first sync that succeeds after a rebuild deletes them, and any left are
deleted after :data:`ASIDE_DAYS` days.
A file that is only locked or cannot be opened is not damaged, and is never moved: that is
:class:`~app.errors.CacheUnavailable` (exit 10), with what to do.
Each thread opens its own connection (:meth:`Cache.connect`); WAL lets the GUI's reader
connection search while the sync worker writes.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from app.cache import kept
from app.cache.schema import KNOWN, migrations
from app.errors import CacheUnavailable

log = logging.getLogger("clientdesk.cache")


def cache_path(data_dir: Path, store_id: str) -> Path:
    return data_dir / "cache" / f"{store_id}.sqlite3"


#: How long opening waits for another program's lock before saying the cache is locked.
OPEN_TIMEOUT_S = 30.0
#: Most days a set-aside copy of the cache is kept (the first good sync after it deletes it).
ASIDE_DAYS = 7
#: Most days a damaged copy of the edits file is kept: IT may still recover edits from it.
KEPT_ASIDE_DAYS = 30
_STAMP = "%Y%m%d-%H%M%S"


@dataclass
class Cache:
    path: Path
    notices: list[str] = field(default_factory=list)

    @property
    def kept_path(self) -> Path:
        """The file beside the cache that holds what staff typed (:mod:`app.cache.kept`)."""
        return kept.kept_path(self.path)

    @classmethod
    def open(cls, path: Path) -> Cache:
        """Open (creating, migrating or rebuilding) the cache at ``path``."""
        cache = cls(path)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        cache._open_kept()
        problem = _problem(path, KNOWN)
        if problem:
            aside = _move_aside(path, problem[0])
            carried, unreadable = kept.salvage(cache.kept_path, aside)
            cache.notices.append(
                f"The local cache {problem[1]}; it was moved to {aside.name} and is being "
                "rebuilt from the vendors. Edits waiting to be sent, the audit log and manual "
                f"links are kept apart and were not affected. The moved copy is deleted after "
                f"the next successful sync (at the latest in {ASIDE_DAYS} days)."
                + (" Some edits it held could not be read." if unreadable else ""))
            log.warning("cache %s: %s; moved to %s (carried %s, unreadable %s)", path,
                        problem[1], aside, carried, unreadable)
        try:
            conn = cache.connect()
            try:
                migrations.apply(Database(conn))
            finally:
                conn.close()
        except sqlite3.OperationalError as exc:
            raise CacheUnavailable(_unavailable_text(path, exc)) from None
        os.chmod(path, 0o600)
        cache._expire_set_aside()
        cache._show_waiting_edits()
        return cache

    def _show_waiting_edits(self) -> None:
        """Put edits still waiting for their vendor back over the cache: after a rebuild, or a
        crash between the two files' commits, the cache would show the vendor's old values
        (and the next edit would start from them)."""
        from app.cache.edits import reapply_open  # edits builds on this module

        conn = self.connect(durable=True)
        try:
            reapply_open(conn)
        except sqlite3.OperationalError as exc:
            raise CacheUnavailable(_unavailable_text(self.path, exc)) from None
        finally:
            conn.close()

    def _open_kept(self) -> None:
        """Create or migrate the edits file; if it is damaged, keep the copy and start anew.

        Newer than this build is refused (exit 10) rather than set aside: rebuilding it would
        throw away edits that exist nowhere else.
        """
        path = self.kept_path
        problem = _problem(path, kept.KNOWN)
        if problem and problem[0] == "newer":
            raise CacheUnavailable(
                f"{path} (edits waiting to be sent and the audit log) was written by a newer "
                "Clientdesk, which this one cannot read without losing them: install the newer "
                "Clientdesk again. Nothing was changed.")
        if problem:
            aside = _move_aside(path, problem[0])
            carried, _unreadable = kept.salvage(path, aside)
            self.notices.append(
                f"The file of edits waiting to be sent and of the audit log {problem[1]}; it "
                f"was moved to {aside.name} and a new one started. "
                + (f"{carried.get('outbox', 0)} edits could still be read from it. "
                   if carried else "")
                + "Check the Edits tab: an edit missing there must be typed again. The "
                f"damaged copy is kept {KEPT_ASIDE_DAYS} days for IT support, then deleted.")
            log.warning("edits file %s: %s; moved to %s (carried %s)", path, problem[1], aside,
                        carried)
        try:
            conn = sqlite3.connect(path, timeout=OPEN_TIMEOUT_S, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                kept.migrations.apply(Database(conn))
            finally:
                conn.close()
        except sqlite3.OperationalError as exc:
            raise CacheUnavailable(_unavailable_text(path, exc)) from None
        os.chmod(path, 0o600)

    def connect(self, *, readonly: bool = False, durable: bool = False) -> sqlite3.Connection:
        """A new connection for the calling thread, the cache and the edits file both on it.

        ``durable`` is for the connections that commit what a person typed (an edit shown in
        the cache, queued and audited in the edits file, in one transaction): ``synchronous=
        FULL`` on both files, so a commit is on disk before the screen says "saved". And the
        *edits file* is that connection's main database, the cache attached as ``cache``:
        with WAL, SQLite commits a two-file transaction file by file, main first — so a crash
        between the two leaves an edit queued but not yet shown (which :meth:`open` shows
        again, :func:`~app.cache.edits.reapply_open`), never shown but not queued.
        Every other connection has the cache as main and the edits file attached as ``kept``
        (always FULL: all it holds is typed). Queries name tables without a schema, and every
        table name exists in one file only, so they run on either kind.
        Bulk sync writes stay NORMAL: whatever a power cut takes from them, the next sync
        fetches again. ``bench_edit.py`` measures what FULL costs an edit."""
        first, second, other = ((self.kept_path, self.path, "cache") if durable
                                else (self.path, self.kept_path, kept.SCHEMA))
        conn = sqlite3.connect(first, timeout=30, isolation_level=None,
                               check_same_thread=False)
        conn.execute(f"ATTACH DATABASE ? AS {other}", (str(second),))
        cache_schema = other if durable else "main"
        kept_schema = "main" if durable else kept.SCHEMA
        for schema in ("main", other):
            conn.execute(f"PRAGMA {schema}.journal_mode=WAL")
        conn.execute(f"PRAGMA {cache_schema}.synchronous={'FULL' if durable else 'NORMAL'}")
        conn.execute(f"PRAGMA {kept_schema}.synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        if readonly:
            # The search reader walks index pages all over a million-customer file; 64 MiB of
            # them kept hot took the slowest searches at 1M from ~22 to ~12 ms.
            conn.execute("PRAGMA cache_size=-65536")
            conn.execute("PRAGMA query_only=ON")
        else:
            conn.execute(f"PRAGMA {cache_schema}.cache_size=-16000")  # 16 MiB: bounded memory
        return conn

    def set_aside_copies(self) -> list[Path]:
        """The cache copies moved aside as damaged or newer (not those of the edits file)."""
        return _copies(self.path)

    def drop_set_aside(self) -> list[str]:
        """Delete every set-aside copy of the cache: called once a sync has rebuilt it, so
        the copies' personal data does not outlive their use. Returns the names deleted."""
        removed = []
        for copy in self.set_aside_copies():
            _delete_with_wal(copy)
            removed.append(copy.name)
        if removed:
            log.info("cache: deleted set-aside copies %s after a successful sync", removed)
        return removed

    def _expire_set_aside(self) -> None:
        now = datetime.now(UTC)
        for base, days in ((self.path, ASIDE_DAYS), (self.kept_path, KEPT_ASIDE_DAYS)):
            for copy in _copies(base):
                stamp = copy.name.rsplit("-", 2)[-2:]
                try:
                    moved = datetime.strptime("-".join(stamp), _STAMP).replace(tzinfo=UTC)
                except ValueError:
                    continue
                if now - moved > timedelta(days=days):
                    _delete_with_wal(copy)
                    self.notices.append(f"{copy.name}, a copy set aside on "
                                        f"{moved:%d %b %Y}, was deleted ({days} days passed).")
                    log.info("cache: deleted %s, set aside more than %d days ago", copy, days)


def _copies(base: Path) -> list[Path]:
    found: list[Path] = []
    for kind in ("corrupt", "newer"):
        found.extend(p for p in base.parent.glob(f"{base.name}.{kind}-*")
                     if not p.name.endswith(("-wal", "-shm")))
    return sorted(found)


def _delete_with_wal(copy: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)


def _move_aside(path: Path, kind: str) -> Path:
    """Rename ``path`` (and its WAL files) to ``<name>.<kind>-<UTC time>``."""
    aside = path.with_name(f"{path.name}.{kind}-{datetime.now(UTC).strftime(_STAMP)}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.rename(f"{aside}{suffix}")
    return aside


def _problem(path: Path, known: list[str]) -> tuple[str, str] | None:
    """Why the SQLite file at ``path`` cannot be used as it is, or None."""
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True,
                               timeout=OPEN_TIMEOUT_S)
        try:
            ok = conn.execute("PRAGMA quick_check").fetchone()
            if not ok or ok[0] != "ok":
                return "corrupt", "was damaged"
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
            if "_sqlite_migrations" in tables:
                applied = {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")}
                if applied - set(known):
                    return "newer", "was written by a newer Clientdesk"
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        # Locked, busy or not openable is not damage: moving the file aside would throw
        # away what may not be rebuildable. Say what it is and stop.
        raise CacheUnavailable(_unavailable_text(path, exc)) from None
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
