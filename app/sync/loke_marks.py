"""What an incremental LOKE pass needs to know from the passes before it, and when to go full.

LOKE documents neither the direction of ``sort=updated`` nor what its ``after`` cursor encodes,
so both are *learned* from the pages of each full pass (:class:`Scan`) and the answer is kept
in a :class:`Mark` (table ``sync_marks``, one JSON row per vendor). It is kept apart from
``sync_state`` on purpose: ``sync_state.cursor`` is the resume point of a pass and is ``None``
between passes; the mark outlives passes and only ever moves forward.

Full passes (which alone catch deletions: LOKE has no change feed for them) run at most once
per day per counter, in a slot of the store's night derived from the counter's name
(:func:`counter_slot`), so the counters of a store — and the stores of a chain — do not all
start their full pass at the same minute (:func:`full_pass_due`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

#: How far before the newest stored change an incremental pass still reads. LOKE stamps
#: ``updatedAt`` in whole seconds on servers whose clocks we do not know, and a change can be
#: committed a moment after a later-stamped one; ten minutes costs one or two pages at most.
OVERLAP = timedelta(minutes=10)
#: Full passes start in this window of store-local time, the exact minute per counter.
SLOT_START = time(1, 0)
SLOT_SPAN = timedelta(hours=4)
Direction = str  # "asc" | "desc"


def stamp(moment: datetime) -> str:
    """LOKE's own timestamp form (UTC, whole seconds), which sorts as text like in time."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


@dataclass
class Mark:
    """What the last passes learned. ``newest``: newest ``updatedAt`` in the cache;
    ``tail`` (ascending only): a page URL that starts at or before ``newest - OVERLAP``, so
    re-reading from it to the end is the overlap; ``full_at``: when the last full pass ended
    (UTC ISO); ``pass_id``: that pass's id (incremental passes stamp their records with it, so
    the next full pass treats them like any other)."""

    direction: Direction | None = None
    newest: str | None = None
    tail: str | None = None
    full_at: str | None = None
    pass_id: str | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> Mark | None:
        """None for anything unreadable: the caller then runs a full pass (never an error)."""
        if not text:
            return None
        try:
            raw = json.loads(text)
        except ValueError:
            return None
        if not isinstance(raw, dict):
            return None
        values = {k: raw.get(k) for k in ("direction", "newest", "tail", "full_at", "pass_id")}
        if not all(v is None or isinstance(v, str) for v in values.values()):
            return None
        if values["direction"] not in (None, "asc", "desc"):
            return None
        return cls(**values)


def read_mark(conn: sqlite3.Connection, vendor: str) -> Mark | None:
    row = conn.execute("SELECT data FROM sync_marks WHERE vendor = ?", (vendor,)).fetchone()
    return Mark.from_json(row[0]) if row else None


def write_mark(conn: sqlite3.Connection, vendor: str, mark: Mark) -> None:
    conn.execute("INSERT INTO sync_marks (vendor, data) VALUES (?, ?) ON CONFLICT(vendor) "
                 "DO UPDATE SET data = excluded.data", (vendor, mark.to_json()))


@dataclass
class Scan:
    """Watches the ``updatedAt`` of every item a pass reads, in order.

    ``asc``/``desc`` stay true while the sequence is non-decreasing / non-increasing; an item
    without ``updatedAt`` makes both false (nothing can be concluded). ``pages`` keeps
    (url, first item's stamp) of the pages read, for choosing the ascending ``tail``.
    """

    asc: bool = True
    desc: bool = True
    seen: int = 0
    last: str | None = None
    newest: str | None = None
    pages: list[tuple[str, str]] = field(default_factory=list)

    def page(self, url: str, stamps: list[str | None]) -> None:
        for value in stamps:
            if value is None:
                self.asc = self.desc = False
                continue
            if self.last is not None:
                self.asc = self.asc and value >= self.last
                self.desc = self.desc and value <= self.last
            self.last = value
            self.seen += 1
            self.newest = value if self.newest is None else max(self.newest, value)
        first = next((v for v in stamps if v is not None), None)
        if first is not None:
            self.pages.append((url, first))
            del self.pages[:-64]  # the tail is near the end; a day's changes fit in 64 pages

    def direction(self) -> Direction | None:
        """The direction these pages prove, or None (mixed, missing, or too few to tell)."""
        if self.asc and not self.desc:
            return "asc"
        if self.desc and not self.asc:
            return "desc"
        return None

    def tail(self, newest: str, start: str) -> str:
        """The last page read that starts at or before ``newest - OVERLAP``; else ``start``."""
        limit = stamp(parse_stamp(newest) - OVERLAP)
        for url, first in reversed(self.pages):
            if first <= limit:
                return url
        return start


def counter_slot(counter: str) -> time:
    """This counter's minute in the full-pass window: stable (a hash of its name, not Python's
    per-process ``hash``), and spread evenly, so a store's counters rarely start together."""
    digest = hashlib.sha256(counter.encode("utf-8")).digest()
    minutes = int.from_bytes(digest[:8], "big") % int(SLOT_SPAN.total_seconds() // 60)
    start = datetime.combine(datetime(2000, 1, 1).date(), SLOT_START)
    return (start + timedelta(minutes=minutes)).time()


def last_slot(now: datetime, slot: time, zone: ZoneInfo) -> datetime:
    """The latest moment at or before ``now`` when the store's clock showed ``slot``."""
    # Compared in UTC: aware datetimes of one zone compare by wall clock, which on the night
    # clocks go forward would put a slot in the skipped hour after "now".
    local = now.astimezone(zone)
    for days in range(3):
        moment = datetime.combine(local.date() - timedelta(days=days), slot, tzinfo=zone)
        if moment.astimezone(UTC) <= now.astimezone(UTC):
            return moment.astimezone(UTC)
    raise AssertionError("unreachable: a slot two days back is in the past")  # pragma: no cover


def full_pass_due(last_full: datetime | None, now: datetime, slot: time, zone: ZoneInfo) -> bool:
    """Whether this sync should be a full pass.

    The first fill always is. After that, one is due when the counter's slot (store time) has
    come round since the last full pass: a counter running all night starts it at its slot,
    one switched off at night at its first sync of the day — and two full passes are always
    separated by a slot, so there is at most one per day (the day starting at the slot).
    """
    if last_full is None:
        return True
    return last_full < last_slot(now, slot, zone)
