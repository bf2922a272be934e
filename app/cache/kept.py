"""What staff typed, kept in its own SQLite file beside the cache: outbox, audit log, manual links.

Why a second file: the cache is rebuilt from the vendors whenever it cannot be trusted (damaged,
or written by a newer Clientdesk), and a rebuild must never take with it what no vendor can give
back — edits not yet sent, the record of who changed what, and the links staff made by hand.
So those three tables live in ``<store>.edits.sqlite3``, which a rebuild never touches.

Every cache connection attaches this file as schema ``kept`` (:meth:`Cache.connect
<app.cache.db.Cache.connect>`). The cache itself has no tables of these names, so SQLite finds
``outbox``, ``audit`` and ``manual_links`` in ``kept`` and no query needs to know about the split.
It is always ``synchronous=FULL``: everything written here is something a person was told is
saved. The price of the split: with WAL, a commit that writes both files (an edit shown in the
cache and queued here) is atomic in each file, not across them. SQLite commits the main file
first, so the connections that commit edits open *this* file as main
(:meth:`Cache.connect(durable=True) <app.cache.db.Cache.connect>`): a crash between the two
commits leaves an edit queued but not yet shown — :meth:`Cache.open` shows it again — never
one shown but not queued, which would be lost. (``tests/app/test_outbox_kill.py`` SIGKILLs
editing processes at random moments; with the cache as main it caught the lost edit.)
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

log = logging.getLogger("clientdesk.cache")

SCHEMA = "kept"
#: The tables that live here, with their columns in order (the same as the cache had them).
TABLES: dict[str, tuple[str, ...]] = {
    "outbox": ("id", "created_at", "record", "vendor", "kind", "payload", "base", "state",
               "attempts", "next_attempt_at", "last_error", "upstream", "counter", "mode",
               "finished_at"),
    "audit": ("id", "at", "counter", "mode", "action", "subject", "detail"),
    "manual_links": ("vendor_a", "id_a", "vendor_b", "id_b", "kind", "created_at"),
}

migrations = Migrations("clientdesk-kept")
KNOWN: list[str] = []


def kept_path(cache_file: Path) -> Path:
    """``<store>.sqlite3`` → ``<store>.edits.sqlite3`` in the same folder."""
    return cache_file.with_name(f"{cache_file.name.removesuffix('.sqlite3')}.edits.sqlite3")


@migrations(name="0001_edits")
def edits(db: Database) -> None:
    """The three tables as the cache held them up to its migration 0007 (see its 0001, 0005)."""
    db.executescript("""
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL,
        vendor TEXT NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        base TEXT,
        state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'failed', 'done', 'discarded')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT NOT NULL DEFAULT '',
        upstream TEXT,
        counter TEXT NOT NULL,
        mode TEXT NOT NULL,
        finished_at TEXT
    );
    CREATE INDEX outbox_open ON outbox(state, record, id);

    CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        counter TEXT NOT NULL,
        mode TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

    CREATE TABLE manual_links (
        vendor_a TEXT NOT NULL, id_a TEXT NOT NULL,
        vendor_b TEXT NOT NULL, id_b TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('link', 'unlink')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (vendor_a, id_a, vendor_b, id_b)
    ) WITHOUT ROWID;
    """)


KNOWN.extend(m.name for m in migrations._migrations)


def move_into_kept(conn: sqlite3.Connection, source: str = "main") -> dict[str, int]:
    """Copy the three tables' rows from schema ``source`` into ``kept``; rows already there
    (same key) are left as they are, so running it twice copies nothing twice. Returns the
    number of rows copied per table."""
    copied: dict[str, int] = {}
    for table, columns in TABLES.items():
        names = ", ".join(columns)
        before = conn.total_changes
        conn.execute(f"INSERT OR IGNORE INTO {SCHEMA}.{table} ({names}) "
                     f"SELECT {names} FROM {source}.{table}")
        copied[table] = conn.total_changes - before
    return copied


def salvage(kept: Path, aside: Path) -> tuple[dict[str, int], list[str]]:
    """Carry what can still be read of the three tables in a set-aside cache into ``kept``.

    Caches written before the split kept these tables inside; a damaged one may still give up
    some of them. Returns the rows carried per table and the tables that could not be read.
    """
    carried: dict[str, int] = {}
    unreadable: list[str] = []
    conn = sqlite3.connect(kept.resolve().as_uri(), uri=True, isolation_level=None)
    try:
        conn.execute("ATTACH DATABASE ? AS aside", (aside.resolve().as_uri() + "?mode=ro",))
        present = {r[0] for r in conn.execute(
            "SELECT name FROM aside.sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        log.warning("cache: the set-aside copy %s cannot be read (%s)", aside.name, exc)
        conn.close()
        return carried, [t for t in TABLES]
    try:
        for table, columns in TABLES.items():
            if table not in present:
                continue
            names = ", ".join(columns)
            try:
                before = conn.total_changes
                conn.execute(f"INSERT OR IGNORE INTO main.{table} ({names}) "
                             f"SELECT {names} FROM aside.{table}")
                carried[table] = conn.total_changes - before
            except sqlite3.DatabaseError as exc:
                log.warning("cache: %s of the set-aside copy cannot be read (%s)", table, exc)
                unreadable.append(table)
    finally:
        conn.close()
    return carried, unreadable
