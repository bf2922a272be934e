"""reservations customers and blacklist: two whole lists, diffed locally.

The server has no paging and no change feed: ``customers()`` is every customer who is *not*
blacklisted, ``blacklisted()`` the rest. Together they are the merchant's complete list, so
:meth:`CacheWriter.replace_all` can tell new, changed and gone records apart in one transaction
— a kill before it commits leaves the previous list, a kill after it leaves the new one.

The customer list is fetched first: someone blacklisted between the two requests then shows up
in both (and the blacklisted copy wins) instead of in neither, which would have dropped them
from the cache until the next sync.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from app.domain.records import VendorRecord, from_reservations
from app.sync.context import VendorContext, convert
from app.sync.events import SyncProgress, VendorResult
from app.vendors.reservations import CustomerRow, ReservationsClient

VENDOR = "reservations"
CHUNK = 1000  # rows converted between two turns of the event loop


def merge_lists(customers: list[CustomerRow], blacklisted: list[CustomerRow]) -> list[CustomerRow]:
    """One row per customer id; every row of the blacklist carries ``is_blacklisted``."""
    rows = {row.id: row for row in customers}
    for row in blacklisted:
        rows[row.id] = row if row.is_blacklisted else row.model_copy(
            update={"is_blacklisted": True})
    return list(rows.values())


async def _convert(rows: list[CustomerRow], country: str) -> tuple[list[VendorRecord], int]:
    """Convert in slices, freeing each slice's models and letting the loop run in between."""
    records: list[VendorRecord] = []
    skipped = 0
    rows.reverse()  # pop slices off the end: O(1) each, and the models go as we go
    while rows:
        chunk = rows[-CHUNK:]
        del rows[-CHUNK:]
        chunk.reverse()
        converted, failed = convert(VENDOR, chunk, from_reservations, country)
        records.extend(converted)
        skipped += failed
        await asyncio.sleep(0)
    return records, skipped


async def sync_reservations(client: ReservationsClient, ctx: VendorContext) -> VendorResult:
    """Fetch both lists and replace the vendor's records; raises the client's errors."""
    started = time.perf_counter()
    ctx.emit(SyncProgress(VENDOR, "starting"))
    ctx.emit(SyncProgress(VENDOR, "fetching", pages=0))
    customers, unreadable = await client.customer_list()
    ctx.emit(SyncProgress(VENDOR, "fetching", pages=1, records=len(customers)))
    blacklisted, unreadable_blacklisted = await client.customer_list(blacklist=True)
    rows = merge_lists(customers, blacklisted)
    del customers, blacklisted  # ``rows`` is emptied as it is converted: the models go
    total = len(rows)
    records, skipped = await _convert(rows, ctx.country)
    skipped += unreadable + unreadable_blacklisted
    ctx.emit(SyncProgress(VENDOR, "writing", pages=2, records=total, total=total))
    state: dict[str, Any] = {
        "cursor": None, "pass_id": None, "pages": 2, "records": len(records),
        "skipped": skipped, "last_attempt": ctx.started, "last_success": ctx.now(),
        "offline_since": None, "last_error": None}
    result = await ctx.worker.run(
        lambda writer: writer.replace_all(VENDOR, records, state=state))
    # The counts are known only once the transaction has run; a second, tiny one stores them.
    await ctx.worker.run(lambda writer: writer.set_state(
        VENDOR, added=result.added, changed=result.changed, removed=result.removed))
    return VendorResult(VENDOR, ok=True, added=result.added, changed=result.changed,
                        removed=result.removed, skipped=skipped, pages=2,
                        records=total - skipped,
                        seconds=round(time.perf_counter() - started, 3))
