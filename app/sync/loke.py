"""LOKE customers: every page, resumable, with records gone upstream removed at the end.

A *pass* walks LOKE's pages from the first to the last and stamps every record it stores with
its ``pass_id``. Each page is stored in one transaction together with the cursor to the page
after it, so a process killed at any moment resumes from the last stored page with the same
pass id. When the last page is stored, records of LOKE that the pass never saw are gone
upstream and leave the cache (:meth:`CacheWriter.finish_pass`).

Pages go to the writer through a :class:`~app.sync.pipeline.PagePipe`: the next page is
fetched while the one before is written.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from app.cache.state import SyncState
from app.domain.records import from_loke
from app.errors import BadData, NotFound, Rejected
from app.sync.context import VendorContext, convert, held_back
from app.sync.events import SyncProgress, VendorResult
from app.sync.pipeline import PagePipe
from app.vendors.loke import CustomerPage, LokeClient

log = logging.getLogger("clientdesk.sync.loke")
VENDOR = "loke"
#: Saved as the cursor with the last page: every page is stored, only the removal of records
#: the pass did not see is left. A resumed sync then fetches nothing and just removes.
PASS_COMPLETE = "pass-complete"


@dataclass
class _Pass:
    """Counters of one pass; they continue from the saved state when a pass is resumed.

    ``added``/``changed`` are not here: each batch adds its own to the saved state in its own
    transaction (``upsert(count=True)``), so they are exact however a pass is cut off.
    """

    pass_id: str
    pages: int = 0
    records: int = 0
    skipped: int = 0

    def state(self, cursor: str | None, started: str) -> dict[str, Any]:
        return {"cursor": cursor, "pass_id": self.pass_id, "pages": self.pages,
                "records": self.records, "skipped": self.skipped, "last_attempt": started}


async def _close(iterator: AsyncIterator[CustomerPage]) -> None:
    """Close the page generator now (its HTTP response too), not whenever it is collected."""
    aclose = getattr(iterator, "aclose", None)
    if aclose is not None:
        await aclose()


def _fits(cursor: str, client: LokeClient) -> bool:
    """Whether a saved cursor continues this profile's customer list (not a since-changed one).

    A profile edited to another organization would otherwise resume a pass over the old one's
    list — and LOKE would refuse it (403) at every sync from then on.
    """
    if cursor == PASS_COMPLETE:
        return True
    table = client.table
    expected = httpx.URL(f"{table.base_url.rstrip('/')}/organizations/"
                         f"{quote(table.organization_id, safe='')}/customers")
    try:
        url = httpx.URL(cursor)
    except (httpx.InvalidURL, ValueError):
        return False
    return (url.scheme, url.host, url.port, url.path) == \
        (expected.scheme, expected.host, expected.port, expected.path)


async def sync_loke(client: LokeClient, ctx: VendorContext, saved: SyncState | None
                    ) -> VendorResult:
    """Run (or resume) a pass; raises the client's errors, leaving the saved cursor in place."""
    started = time.perf_counter()
    if saved is not None and saved.cursor and saved.pass_id and not _fits(saved.cursor, client):
        log.warning("loke: the saved cursor is for another server or organization; "
                    "starting a new pass")
    elif saved is not None and saved.cursor and saved.pass_id:
        resumed = _Pass(saved.pass_id, saved.pages, saved.records, saved.skipped)
        log.info("loke: resuming pass %s after %d pages", saved.pass_id, saved.pages)
        fetched: list[int] = [0]
        try:
            return await _run_pass(client, ctx, resumed, saved.cursor, True, started, fetched)
        except (Rejected, BadData, NotFound) as exc:
            if fetched[0]:
                raise
            # The saved cursor no longer works (expired at LOKE, or the profile now points at
            # another server): start the pass again rather than stay stuck on it.
            log.warning("loke: saved cursor refused (%s: %s); starting a new pass",
                        type(exc).__name__, exc.detail or exc.message)
    fresh = _Pass(uuid.uuid4().hex)
    return await _run_pass(client, ctx, fresh, None, False, started, [0])


async def _run_pass(client: LokeClient, ctx: VendorContext, run: _Pass, cursor: str | None,
                    resumed: bool, started: float, fetched: list[int]) -> VendorResult:
    ctx.emit(SyncProgress(VENDOR, "starting", run.pages, run.records, run.skipped))
    pipe = PagePipe(ctx.worker, VENDOR, run.pass_id)
    if not resumed:
        await pipe.start()
    pages = client.customer_pages(start_url=cursor) if cursor != PASS_COMPLETE else None
    try:
        if pages is not None:
            async for page in pages:
                fetched[0] += 1
                # Converted here, not on the worker: the writer is the slower end of the pipe.
                records, unconvertible = convert(VENDOR, page.customers, from_loke, ctx.country)
                run.pages += 1
                run.records += len(records)
                run.skipped += page.skipped + unconvertible
                state = run.state(page.next_url or PASS_COMPLETE, ctx.started)
                await pipe.put(records, state)
                ctx.emit(SyncProgress(VENDOR, "fetching", run.pages, run.records, run.skipped))
            ctx.emit(SyncProgress(VENDOR, "writing", run.pages, run.records, run.skipped))
            await pipe.drain()
    finally:
        if pages is not None:
            await _close(pages)
        await pipe.abandon()
    ctx.emit(SyncProgress(VENDOR, "removing", run.pages, run.records, run.skipped))
    final = run.state(None, ctx.started)
    final.update(last_success=ctx.now(), offline_since=None, last_error=None)
    totals = await ctx.worker.run(
        lambda writer: writer.finish_pass(VENDOR, run.pass_id, state=final,
                                          accept_removals=ctx.accept_removals))
    return held_back(VENDOR, totals, VendorResult(
        VENDOR, ok=True, added=totals.added, changed=totals.changed, removed=totals.removed,
        skipped=run.skipped, pages=run.pages, records=run.records, resumed=resumed,
        seconds=round(time.perf_counter() - started, 3)))
