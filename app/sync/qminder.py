"""Qminder visits: the location's finished tickets, pulled into the cache by time window.

Why: a regular of the walk-in queue was unknown — Qminder keeps no customers, only tickets,
and nothing stored past tickets, so the queue card could not say "seen before" and no-shows at
the counter never counted. Each finished ticket (served, no-show, cancelled by the clerk)
becomes a visit row (:mod:`app.customer.visits`) and, when it gave a phone or an email, a
``qminder`` record of those contacts (:func:`app.domain.records.from_qminder`) that identity
links to LOKE and reservations records like any other — "same phone on a Qminder ticket". A
walk-in seen twice is thus a customer of their own, even with no loyalty or booking record.

How it asks (vendor reference §5.1 and §7): ticket search has no paging and no change feed, so
the pull walks **time windows** of ``minCreated``/``maxCreated`` with ``status=SERVED,NOSHOW,
CANCELLED_BY_CLERK``, ``limit=10000``, ``order=created ASC`` and ``responseScope=INTERACTIONS``
(the ``called`` date is only there while a ticket is called; the interactions keep when service
began, which is what "waited" needs). One request per window:

* **Cursor** (``sync_state.cursor``, JSON): the location and ``through``, the end of the last
  window stored. The next pull starts at ``through − OVERLAP`` (12 h): a ticket is searched by
  its *creation* time, and one created before ``through`` but still open then finishes later —
  without the overlap it would never be seen. Rows are keyed by ticket id, so the overlap
  re-reads a few hundred tickets (one request) and counts none twice. A new location (profile
  edited) starts again.
* **First pull** back-fills :data:`HISTORY` (90 days) in windows of :data:`WINDOW` (7 days),
  oldest first, each stored with the cursor in one transaction: a pull cut short (budget,
  deadline, kill) resumes at the next window.
* **A full window** (10,000 tickets: the search cut it) is halved and asked again, down to an
  hour; a window that came back under a quarter full lets the next one double, up to 7 days.

The budget — Qminder allows 5,000 requests an hour per *account*, shared by every desktop of
the store, and ``requests_per_hour`` in the profile is this counter's share of it (the queue
panel polls and acts within it). The shared limiter paces requests within a loop, but the
background sync runs on a loop of its own, so the pull also keeps to a budget of its own:

* at most ``max(1, requests_per_hour // 250)`` requests a pull (20 at the default 5,000),
* at most ``max(2, requests_per_hour // 50)`` requests a clock hour (100 = 2 % of the share),
  counted in the cursor, so a person pressing "sync now" again and again cannot spend more.

Busy location, 400 finished tickets a day, sync every 15 minutes:

* steady state: one request per pull (the window since ``through − 12 h`` holds ~200-300
  tickets, far under 10,000), 4 pulls an hour → **96 requests a day**, plus one line-names
  request on a day a new line appears — against the share of 5,000 × 24 = 120,000 a day
  (0.08 %).
* back-fill: 90 days × 400 = 36,000 tickets in 7-day windows of 2,800 → 13 requests, within
  the first pull's 20. At a share of 500 requests/hour the pull may make 2 requests a pull,
  10 an hour: the back-fill then takes 7 pulls (under two hours), steady state unchanged.

``tests/benchmarks/bench_qminder_visits.py`` prints these figures and counts the requests of a
real pull against the sandbox.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from app.cache.state import SyncState
from app.cache.writer import CacheWriter
from app.domain.records import VendorRecord, from_qminder
from app.sync.context import VendorContext
from app.sync.events import SyncProgress, VendorResult
from app.vendors.limits import CallLimits, MiB
from app.vendors.qminder import QminderClient
from app.vendors.qminder.models import Ticket

log = logging.getLogger("clientdesk.sync.qminder")

VENDOR = "qminder"
#: What "finished" means here: the visit ended and cannot change any more.
STATUSES = ("SERVED", "NOSHOW", "CANCELLED_BY_CLERK")
HISTORY = timedelta(days=90)
WINDOW = timedelta(days=7)
MIN_WINDOW = timedelta(hours=1)
OVERLAP = timedelta(hours=12)
#: The search's documented maximum: one request per window.
LIMIT = 10000
#: The pull's share of the counter's requests: per pull, and per clock hour.
PER_PULL_DIVISOR = 250
PER_HOUR_DIVISOR = 50
#: 10,000 tickets with their interactions and extra fields run to ~15 MB: the counter's 8 MiB
#: bound is for one page at the desk, not for a back-fill window.
VISITS_LIMITS = CallLimits(deadline_s=120.0, max_body=64 * MiB, read_s=60.0)
CURSOR_VERSION = 1


@dataclass(frozen=True)
class Budget:
    per_pull: int
    per_hour: int


def budget(requests_per_hour: int) -> Budget:
    """The pull's request budget from the counter's share (see the module docstring)."""
    share = max(1, int(requests_per_hour))
    return Budget(per_pull=max(1, share // PER_PULL_DIVISOR),
                  per_hour=max(2, share // PER_HOUR_DIVISOR))


@dataclass(frozen=True)
class Cursor:
    """Where the pull is: ``through`` (end of the last stored window) and this hour's spend."""

    location: int
    through: datetime | None = None
    hour: datetime | None = None  # start of the clock hour ``used`` counts in
    used: int = 0

    def dump(self) -> str:
        return json.dumps({
            "v": CURSOR_VERSION, "location": self.location,
            "through": _iso(self.through), "hour": _iso(self.hour), "used": self.used},
            sort_keys=True)

    def spent(self, now: datetime) -> int:
        """Requests already made in the clock hour of ``now``."""
        return self.used if self.hour is not None and self.hour == _hour(now) else 0


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None


def _hour(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _aware(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def parse_cursor(text: str | None, location: int) -> Cursor:
    """The saved cursor for ``location``; a fresh one for anything else.

    Never raises: a cursor written by another version, damaged, or for another location (the
    profile now points elsewhere) means "start the back-fill again", which costs a few
    requests and loses nothing (visits are keyed by ticket id).
    """
    fresh = Cursor(location)
    if not text:
        return fresh
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return fresh
    if not isinstance(data, dict) or data.get("v") != CURSOR_VERSION or \
            data.get("location") != location or isinstance(data.get("location"), bool):
        return fresh
    used = data.get("used")
    return Cursor(location, through=_aware(data.get("through")), hour=_aware(data.get("hour")),
                  used=used if isinstance(used, int) and not isinstance(used, bool) and used > 0
                  else 0)


@dataclass(frozen=True)
class VisitRow:
    """One ``qminder_visits`` row (times in epoch seconds)."""

    ticket_id: str
    record_id: str | None
    line_id: str
    status: str
    created: int
    called: int | None
    finished: int | None
    waited_s: int | None


def _seconds(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


def service_began(ticket: Ticket) -> datetime | None:
    """When the visitor was called: the first interaction's start, else the ``called`` date."""
    starts = [i.start for i in ticket.interactions if i.start is not None]
    if starts:
        return min(starts)
    return ticket.called.date if ticket.called and ticket.called.date else None


def finished_at(ticket: Ticket) -> datetime | None:
    """When the visit ended: served or cancelled date, else the last interaction's end."""
    for stamp in (ticket.served, ticket.cancelled):
        if stamp is not None and stamp.date is not None:
            return stamp.date
    ends = [i.end for i in ticket.interactions if i.end is not None]
    return max(ends) if ends else None


def waited_seconds(ticket: Ticket) -> int | None:
    """How long they waited: until called, or — never called — until the ticket ended
    (someone cancelled after a long wait waited that long). None when nothing says."""
    created = ticket.created_at
    if created is None:
        return None
    until = service_began(ticket) or finished_at(ticket)
    if until is None:
        return None
    return max(0, int((until - created).total_seconds()))


def visit_of(ticket: Ticket, record: VendorRecord | None) -> VisitRow | None:
    """A finished ticket as a visit row; None for one that is not finished or has no date
    (a search answer we did not ask for: counted as skipped, never stored)."""
    status = ticket.status.strip().upper()
    created = ticket.created_at
    if status not in (*STATUSES, "CANCELLED") or created is None:
        return None
    return VisitRow(ticket_id=ticket.id, record_id=record.vendor_id if record else None,
                    line_id=ticket.line or "", status=status, created=int(created.timestamp()),
                    called=_seconds(service_began(ticket)),
                    finished=_seconds(finished_at(ticket)), waited_s=waited_seconds(ticket))


def convert(tickets: Iterable[Ticket], region: str
            ) -> tuple[list[VisitRow], list[VendorRecord], int]:
    """Visits, the newest record of each contact set, and how many tickets were skipped."""
    visits: list[VisitRow] = []
    records: dict[str, VendorRecord] = {}
    skipped = 0
    for position, ticket in enumerate(tickets):
        try:
            record = from_qminder(ticket, region)
            visit = visit_of(ticket, record)
        except Exception:  # our conversion of parsed data: one odd ticket must not stop all
            log.exception("qminder: skipped a ticket we could not convert (position %d)",
                          position)
            skipped += 1
            continue
        if visit is None:
            skipped += 1
            continue
        visits.append(visit)
        if record is not None:
            held = records.get(record.vendor_id)
            if held is None or (held.activity or _EPOCH) <= (record.activity or _EPOCH):
                records[record.vendor_id] = record
    return visits, list(records.values()), skipped


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class Stored:
    added: int = 0
    changed: int = 0
    total: int = 0


def store_window(writer: CacheWriter, location: int, visits: Sequence[VisitRow],
                 records: Sequence[VendorRecord], names: dict[str, str],
                 state: dict[str, Any]) -> Stored:
    """One window in one transaction: visits, their records (linked by identity) and the
    cursor — a pull killed at any point resumes after the last window stored.

    A record's activity and name stay those of the person's *latest* visit: a window older
    than what the cache holds (the overlap, a back-fill) never winds them back.
    """
    result = Stored()
    with writer.transaction() as conn:
        before = {r[0]: r[1:] for r in _existing(conn, [v.ticket_id for v in visits])}
        conn.executemany(
            "INSERT INTO qminder_visits (ticket_id, location_id, record_id, line_id, line_name, "
            "status, created, called, finished, waited_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (ticket_id) DO UPDATE SET location_id = excluded.location_id, "
            "record_id = excluded.record_id, line_id = excluded.line_id, "
            "line_name = CASE WHEN excluded.line_name != '' THEN excluded.line_name "
            "ELSE qminder_visits.line_name END, status = excluded.status, "
            "created = excluded.created, called = excluded.called, "
            "finished = excluded.finished, waited_s = excluded.waited_s",
            [(v.ticket_id, location, v.record_id, v.line_id, names.get(v.line_id, ""), v.status,
              v.created, v.called, v.finished, v.waited_s) for v in visits])
        for line_id, name in names.items():
            conn.execute("UPDATE qminder_visits SET line_name = ? WHERE line_id = ? AND "
                         "line_name = ''", (name, line_id))
        for visit in visits:
            if visit.ticket_id not in before:
                result.added += 1
            elif before.get(visit.ticket_id) != (visit.record_id, visit.status, visit.finished):
                result.changed += 1
        fresh = _not_older(conn, records)
        # The writer's own upsert, inside this transaction (its public one opens another).
        writer._upsert(VENDOR, fresh, None)
        writer._set_state(VENDOR, state)
        result.total = int(conn.execute("SELECT COUNT(*) FROM qminder_visits").fetchone()[0])
    return result


def _existing(conn: sqlite3.Connection, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found += [tuple(r) for r in conn.execute(
            "SELECT ticket_id, record_id, status, finished FROM qminder_visits WHERE ticket_id "
            f"IN ({','.join('?' * len(chunk))})", chunk)]
    return found


def _not_older(conn: sqlite3.Connection, records: Sequence[VendorRecord]) -> list[VendorRecord]:
    """Records whose visit is at least as new as the stored one's (others keep theirs)."""
    kept: list[VendorRecord] = []
    for record in records:
        row = conn.execute("SELECT activity FROM records WHERE vendor = ? AND vendor_id = ?",
                           (VENDOR, record.vendor_id)).fetchone()
        stamp = int(record.activity.timestamp()) if record.activity else 0
        if row is None or row[0] is None or int(row[0]) <= stamp:
            kept.append(record)
    return kept


def known_lines(conn: sqlite3.Connection) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in conn.execute(
        "SELECT DISTINCT line_id, line_name FROM qminder_visits WHERE line_name != ''")}


def _now(ctx: VendorContext) -> datetime:
    moment = _aware(ctx.now()) or datetime.now(UTC)
    return moment.astimezone(UTC)


async def sync_qminder_visits(client: QminderClient, ctx: VendorContext,
                              saved: SyncState | None) -> VendorResult:
    """One pull within the budget (module docstring); raises the client's errors, leaving
    the cursor of the last stored window in place."""
    began = time.perf_counter()
    table = client.table
    now = _now(ctx)
    cursor = parse_cursor(saved.cursor if saved else None, table.location_id)
    spend = budget(table.requests_per_hour)
    allowed = min(spend.per_pull, spend.per_hour - cursor.spent(now))
    hour, used = _hour(now), cursor.spent(now)
    incremental = cursor.through is not None
    lo = (cursor.through - OVERLAP) if cursor.through else now - HISTORY
    size = WINDOW
    requests = added = changed = skipped = 0
    total = saved.records if saved else 0
    ctx.emit(SyncProgress(VENDOR, "starting"))
    names: dict[str, str] | None = None
    left_over = False
    while lo < now:
        if requests >= allowed:
            left_over = True
            break
        hi = min(lo + size, now)
        tickets = await client.search_tickets(
            lines=[], statuses=STATUSES, limit=LIMIT, order="created ASC",
            min_created=lo, max_created=hi, response_scope="INTERACTIONS")
        requests += 1
        used += 1
        if len(tickets) >= LIMIT and hi - lo > MIN_WINDOW:
            size = max(MIN_WINDOW, (hi - lo) / 2)  # the search cut this window: ask halves
            continue
        if len(tickets) >= LIMIT:
            log.warning("qminder: over %d finished tickets within an hour; some are missing",
                        LIMIT)
        visits, records, bad = convert(tickets, ctx.country)
        skipped += bad
        if names is None:
            names = await ctx.worker.run(lambda writer: known_lines(writer.conn))
        unnamed = {v.line_id for v in visits if v.line_id and v.line_id not in names}
        if unnamed and requests < allowed:
            names.update({line.id: line.name for line in await client.lines() if line.name})
            requests += 1
            used += 1
        through = hi
        state: dict[str, Any] = {
            "cursor": Cursor(table.location_id, through, hour, used).dump(),
            "last_attempt": ctx.started}
        stored = await ctx.worker.run(partial(
            store_window, location=table.location_id, visits=visits, records=records,
            names=dict(names), state=state))
        added += stored.added
        changed += stored.changed
        total = stored.total
        ctx.emit(SyncProgress(VENDOR, "fetching", requests, total, skipped))
        cursor = replace(cursor, through=through)
        lo = hi
        if len(tickets) < LIMIT // 4:
            size = min(WINDOW, size * 2)
    final: dict[str, Any] = {
        "cursor": Cursor(table.location_id, cursor.through, hour, used).dump(),
        "last_attempt": ctx.started, "last_success": ctx.now(), "offline_since": None,
        "last_error": None, "records": total, "pages": requests, "skipped": skipped,
        "added": added, "changed": changed}
    await ctx.worker.run(lambda writer: writer.set_state(VENDOR, **final))
    if left_over:
        log.info("qminder: visits pull used its %d requests; it continues next sync", allowed)
    return VendorResult(VENDOR, ok=True, added=added, changed=changed, skipped=skipped,
                        pages=requests, records=total, resumed=incremental,
                        seconds=round(time.perf_counter() - began, 3))
