"""What the cache costs on disk, per table and index, so the cost per customer can be watched.

A counter PC of a chain keeps every customer of the loyalty program: at a million customers
each byte per customer is a megabyte on every counter, and a bigger file is also a slower first
fill and a colder page cache. SQLite's ``dbstat`` virtual table (compiled into the Python
builds Clientdesk ships with) tells the bytes of every B-tree — a table, an index or one of
FTS5's shadow tables — so a change of schema can be judged by figures, not by guesses.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CacheSize:
    """Bytes per B-tree of one cache, and the customers it holds."""

    customers: int
    file_bytes: int  # the main file plus its WAL, after a checkpoint
    btrees: dict[str, int]  # name → bytes in pages (used and free space inside them)

    @property
    def bytes_per_customer(self) -> float:
        return self.file_bytes / self.customers if self.customers else 0.0

    def per_customer(self) -> dict[str, float]:
        """Bytes per customer of each B-tree, biggest first."""
        count = self.customers or 1
        return {name: size / count for name, size in
                sorted(self.btrees.items(), key=lambda item: (-item[1], item[0]))}


def file_bytes(path: Path) -> int:
    """The cache file and its write-ahead log: what the cache takes on disk."""
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def measure(conn: sqlite3.Connection, path: Path) -> CacheSize:
    """Sizes of the cache open on ``conn`` (its main database, file at ``path``).

    The WAL is checkpointed and truncated first (a reader elsewhere can keep it), so the
    figure is what the file settles at, not a log that the next checkpoint folds away.
    """
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    customers = int(conn.execute("SELECT COUNT(*) FROM main.customers").fetchone()[0])
    try:
        rows = conn.execute(
            "SELECT name, SUM(pgsize) FROM dbstat('main') GROUP BY name").fetchall()
    except sqlite3.OperationalError:  # a build without dbstat: the total still says enough
        rows = []
    return CacheSize(customers=customers, file_bytes=file_bytes(path),
                     btrees={str(name): int(size) for name, size in rows})


def report(size: CacheSize) -> str:
    """A plain-text table: bytes per customer of each B-tree, then the file."""
    lines = [f"{'table / index':<32} {'bytes/customer':>14}"]
    lines += [f"{name:<32} {value:>14.1f}" for name, value in size.per_customer().items()]
    lines.append(f"{'file (incl. WAL)':<32} {size.bytes_per_customer:>14.1f}")
    lines.append(f"customers: {size.customers}, file: {size.file_bytes} bytes")
    return os.linesep.join(lines)
