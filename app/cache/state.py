"""Reading per-vendor sync state: freshness for the status bar, resume points for sync."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SyncState:
    vendor: str
    last_success: datetime | None = None
    last_attempt: datetime | None = None
    offline_since: datetime | None = None
    cursor: str | None = None
    pass_id: str | None = None
    pages: int = 0
    records: int = 0
    skipped: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    last_error: str | None = None


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def read_states(conn: sqlite3.Connection) -> dict[str, SyncState]:
    rows = conn.execute(
        "SELECT vendor, last_success, last_attempt, offline_since, cursor, pass_id, pages, "
        "records, skipped, added, changed, removed, last_error FROM sync_state")
    return {r[0]: SyncState(r[0], _when(r[1]), _when(r[2]), _when(r[3]), r[4], r[5], r[6], r[7],
                            r[8], r[9], r[10], r[11], r[12]) for r in rows}
