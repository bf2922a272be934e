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
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from app.cache import edits
from app.domain.records import from_reservations
from app.sync.context import VendorContext, convert, held_back
from app.sync.events import SyncProgress, VendorResult
from app.sync.pipeline import PagePipe
from app.vendors.reservations import CustomerRow, ReservationsClient

VENDOR = "reservations"


def _blacklisted(rows: list[CustomerRow]) -> list[CustomerRow]:
    """Every row of the blacklist carries ``is_blacklisted``, whatever the row says."""
    return [row if row.is_blacklisted else row.model_copy(update={"is_blacklisted": True})
            for row in rows]


async def sync_reservations(client: ReservationsClient, ctx: VendorContext) -> VendorResult:
    """Stream both lists into the cache as one pass; raises the client's errors."""
    started = time.perf_counter()
    ctx.emit(SyncProgress(VENDOR, "starting"))
    pipe = PagePipe(ctx.worker, VENDOR, uuid.uuid4().hex)
    pages = records = skipped = 0
    await pipe.start()
    try:
        for blacklist in (False, True):
            async for rows, unreadable in client.customer_batches(blacklist=blacklist):
                converted, failed = convert(
                    VENDOR, _blacklisted(rows) if blacklist else rows, from_reservations,
                    ctx.country)
                pages += 1
                records += len(converted)
                skipped += unreadable + failed
                await pipe.put(converted)
                ctx.emit(SyncProgress(VENDOR, "fetching", pages, records, skipped))
        ctx.emit(SyncProgress(VENDOR, "writing", pages, records, skipped))
        await pipe.drain()
    finally:
        await pipe.abandon()
    ctx.emit(SyncProgress(VENDOR, "removing", pages, records, skipped))
    state: dict[str, Any] = {
        "cursor": None, "pass_id": None, "pages": pages, "skipped": skipped,
        "last_attempt": ctx.started, "last_success": ctx.now(), "offline_since": None,
        "last_error": None}
    totals = await ctx.worker.run(
        lambda writer: writer.finish_pass(VENDOR, pipe.pass_id, state=state,
                                          accept_removals=ctx.accept_removals))
    # Edits still waiting go back over what the pull stored (app.cache.edits.reapply_open).
    await ctx.worker.run(lambda writer: edits.reapply_open(writer.conn))
    return held_back(VENDOR, totals, VendorResult(
        VENDOR, ok=True, added=totals.added, changed=totals.changed, removed=totals.removed,
        skipped=skipped, pages=pages, records=totals.stored,
        seconds=round(time.perf_counter() - started, 3)))
