"""reservations customers and blacklist: two whole lists, streamed, diffed locally.

The server has no paging and no change feed: the customer list is every customer who is *not*
blacklisted, the blacklist the rest. Together they are the merchant's complete list. Both are
streamed (:meth:`ReservationsClient.customer_batches`) and written batch by batch as one *pass*
(see :mod:`app.sync.pipeline`); when both have been read to the end, records the pass never saw
are gone upstream and leave the cache. A kill or a failure part-way leaves every batch written
so far (each is one transaction) and removes nothing: the next sync simply runs a new pass.

The customer list is read first: someone blacklisted between the two requests then shows up in
both — and the blacklist batch, written later, wins — instead of in neither, which would have
dropped them from the cache until the next sync.

Unchanged rows are skipped before they are validated (:class:`RawRows`). Every sync downloads
both lists whole — there is nothing else to ask for — but on most days almost nothing in them
changed, and validating, converting and digesting 100,000 rows only for the writer to find
each digest equal was most of a re-sync's time, all of it holding the interpreter lock in the
window's process. So each row's raw form is fingerprinted as it is decoded and compared with
the fingerprint stored when that row was last written (table ``raw_rows``); a match only
marks the record as seen in this pass, so removals are found exactly as before.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Sequence
from typing import Any

from app.cache import edits
from app.cache.writer import CacheWriter
from app.domain.records import VendorRecord, from_reservations
from app.sync.context import VendorContext, convert, held_back, new_pass_id
from app.sync.events import SyncProgress, VendorResult
from app.sync.pipeline import BATCH_RECORDS, PagePipe
from app.sync.worker import CacheWorker, settle
from app.vendors.reservations import CustomerRow, ReservationsClient

VENDOR = "reservations"
log = logging.getLogger("clientdesk.sync")

#: Stored fingerprints that still describe the record as cached: the record's digest is the
#: one the row produced. A record rewritten by anything else fails the join and is re-read.
_LOAD_SQL = ("SELECT f.vendor_id, f.raw FROM raw_rows f JOIN records r "
             "ON r.vendor = f.vendor AND r.vendor_id = f.vendor_id "
             "WHERE f.vendor = ? AND r.digest = f.digest")


def fingerprint(item: Any, blacklist: bool) -> str:
    """A hash of one decoded raw row, and of which list it came from.

    The list matters: the same row on the blacklist is stored blacklisted. The row's ``repr``
    is exact for what decoding yields (str, int, ``Decimal``, bool, None, lists, dicts in the
    order sent), so any change in the row's bytes that changes its meaning changes the hash;
    a change of key order only costs one needless re-read.
    """
    text = ("B" if blacklist else "C") + repr(item)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def raw_id(item: Any) -> str | None:
    """The id of a raw row as the model will read it (stripped), or None: parse it anyway."""
    if isinstance(item, dict):
        value = item.get("id")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def sort_rows(items: list[Any], known: dict[str, str], blacklist: bool
              ) -> tuple[list[Any], list[str], dict[str, str]]:
    """Raw rows sorted by their fingerprint against ``known`` (vendor_id → fingerprint):
    (rows to validate, ids of unchanged rows, fingerprints of the rows to validate). A row
    without a readable id is always validated (validation then says what is wrong)."""
    out: list[Any] = []
    seen: list[str] = []
    prints: dict[str, str] = {}
    for item in items:
        vendor_id = raw_id(item)
        if vendor_id is not None:
            raw = fingerprint(item, blacklist)
            if known.get(vendor_id) == raw:
                seen.append(vendor_id)
                continue
            prints[vendor_id] = raw
        out.append(item)
    return out, seen, prints


def load_fingerprints(writer: CacheWriter) -> dict[str, str]:
    return dict(writer.conn.execute(_LOAD_SQL, (VENDOR,)).fetchall())


def mark_job(pass_id: str, seen: Sequence[str],
              fresh: Sequence[tuple[str, str, VendorRecord]]) -> Any:
    """Mark skipped records as seen in this pass; store the fingerprints of parsed rows.

    May run before the pipe writes those records: a fingerprint is only trusted once
    ``records.digest`` equals the digest stored beside it, so a write that never happens
    leaves a fingerprint that is never used. The digests are computed here, on the cache
    thread, not in the window's event loop.
    """
    def job(writer: CacheWriter) -> None:
        with writer.transaction() as conn:
            conn.executemany("UPDATE records SET pass_id = ? WHERE vendor = ? AND vendor_id = ?",
                             [(pass_id, VENDOR, vendor_id) for vendor_id in seen])
            conn.executemany(
                "INSERT INTO raw_rows (vendor, vendor_id, raw, digest) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (vendor, vendor_id) DO UPDATE SET raw = excluded.raw, "
                "digest = excluded.digest",
                [(VENDOR, vendor_id, raw, record.digest()) for vendor_id, raw, record in fresh])

    return job


def _tidy_job(writer: CacheWriter) -> None:
    """Fingerprints of records gone from the cache go too (after a complete pass only)."""
    with writer.transaction() as conn:
        conn.execute("DELETE FROM raw_rows WHERE vendor = ? AND NOT EXISTS (SELECT 1 FROM "
                     "records r WHERE r.vendor = raw_rows.vendor AND "
                     "r.vendor_id = raw_rows.vendor_id)", (VENDOR,))


class RawRows:
    """Sorts each batch of raw rows into unchanged (skipped) and to-be-parsed, and keeps the
    cache's fingerprints in step.

    Writes go to the worker in batches of about :data:`BATCH_RECORDS` rows; like the page pipe,
    at most one waits, so a long list never piles up jobs.
    """

    def __init__(self, worker: CacheWorker, pass_id: str, known: dict[str, str]) -> None:
        self.worker = worker
        self.pass_id = pass_id
        self.known = known  # vendor_id → fingerprint, as stored at the start of the pass
        self.blacklist = False  # which list the rows come from
        self.unchanged = 0  # rows skipped in this pass
        self.parsed = 0  # rows handed on to validation
        self._batch: dict[str, str] = {}  # vendor_id → fingerprint of the rows handed on
        self._seen: list[str] = []
        self._fresh: list[tuple[str, str, VendorRecord]] = []
        self._pending: asyncio.Future[Any] | None = None

    def keep(self, items: list[Any]) -> list[Any]:
        """The rows of ``items`` that are new or changed (for ``customer_batches(keep=...)``)."""
        out, seen, self._batch = sort_rows(items, self.known, self.blacklist)
        self._seen += seen
        self.unchanged += len(seen)
        self.parsed += len(out)
        return out

    def converted(self, records: Sequence[VendorRecord]) -> None:
        """Remember the fingerprints of the batch's rows that converted."""
        for record in records:
            raw = self._batch.get(record.vendor_id)
            if raw is not None:
                self._fresh.append((record.vendor_id, raw, record))
        self._batch = {}

    async def flush(self, *, force: bool = False) -> None:
        if not force and len(self._seen) + len(self._fresh) < BATCH_RECORDS:
            return
        await self.wait()
        if self._seen or self._fresh:
            seen, self._seen = self._seen, []
            fresh, self._fresh = self._fresh, []
            self._pending = self.worker.submit(mark_job(self.pass_id, seen, fresh))

    async def wait(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            await asyncio.shield(pending)

    async def abandon(self) -> None:
        """After a failure: let the write in flight end; forget the rest (it only saves work)."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            await settle(pending)


def blacklisted_rows(rows: list[CustomerRow]) -> list[CustomerRow]:
    """Every row of the blacklist carries ``is_blacklisted``, whatever the row says."""
    return [row if row.is_blacklisted else row.model_copy(update={"is_blacklisted": True})
            for row in rows]


async def sync_reservations(client: ReservationsClient, ctx: VendorContext) -> VendorResult:
    """Stream both lists into the cache as one pass; raises the client's errors."""
    started = time.perf_counter()
    ctx.emit(SyncProgress(VENDOR, "starting"))
    pipe = PagePipe(ctx.worker, VENDOR, new_pass_id())
    raw = RawRows(ctx.worker, pipe.pass_id, await ctx.worker.run(load_fingerprints))
    pages = records = skipped = 0
    await pipe.start()
    try:
        for blacklist in (False, True):
            raw.blacklist = blacklist
            before = raw.unchanged
            async for rows, unreadable in client.customer_batches(blacklist=blacklist,
                                                                  keep=raw.keep):
                converted, failed = convert(
                    VENDOR, blacklisted_rows(rows) if blacklist else rows, from_reservations,
                    ctx.country)
                raw.converted(converted)
                pages += 1
                records += len(converted) + raw.unchanged - before
                before = raw.unchanged
                skipped += unreadable + failed
                await pipe.put(converted)
                await raw.flush()
                ctx.emit(SyncProgress(VENDOR, "fetching", pages, records, skipped))
        ctx.emit(SyncProgress(VENDOR, "writing", pages, records, skipped))
        await raw.flush(force=True)
        await raw.wait()
        await pipe.drain()
        log_rows(raw.unchanged, raw.parsed)
    finally:
        await raw.abandon()
        await pipe.abandon()
    ctx.emit(SyncProgress(VENDOR, "removing", pages, records, skipped))
    return await finish(ctx, pipe.pass_id, pages, skipped, started)


def log_rows(unchanged: int, validated: int) -> None:
    """One line per pass: how much of the lists the fingerprints spared."""
    log.info("sync reservations: %d rows unchanged (not read again), %d validated",
             unchanged, validated)


async def finish(ctx: VendorContext, pass_id: str, pages: int, skipped: int,
                 started: float) -> VendorResult:
    """Both lists are stored: remove what the pass did not see, tidy, re-apply open edits."""
    state: dict[str, Any] = {
        "cursor": None, "pass_id": None, "pages": pages, "skipped": skipped,
        "last_attempt": ctx.started, "last_success": ctx.now(), "offline_since": None,
        "last_error": None}
    totals = await ctx.worker.run(
        lambda writer: writer.finish_pass(VENDOR, pass_id, state=state,
                                          accept_removals=ctx.accept_removals))
    await ctx.worker.run(_tidy_job)
    # Edits still waiting go back over what the pull stored (app.cache.edits.reapply_open).
    await ctx.worker.run(lambda writer: edits.reapply_open(writer.conn))
    return held_back(VENDOR, totals, VendorResult(
        VENDOR, ok=True, added=totals.added, changed=totals.changed, removed=totals.removed,
        skipped=skipped, pages=pages, records=totals.stored,
        seconds=round(time.perf_counter() - started, 3)))
