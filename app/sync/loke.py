"""LOKE customers: every page, resumable, with records gone upstream removed at the end.

A *pass* walks LOKE's pages from the first to the last and stamps every record it stores with
its ``pass_id``. Each page is stored in one transaction together with the cursor to the page
after it, so a process killed at any moment resumes from the last stored page with the same
pass id. When the last page is stored, records of LOKE that the pass never saw are gone
upstream and leave the cache (:meth:`CacheWriter.remove_missing`).

Pipelining: while page N is written on the cache worker thread, page N+1 is fetched, parsed
and converted to records on the event loop's thread (the writer is the slower end, so it gets
nothing but writing); at most one page waits for the writer, so memory stays bounded and a
sync takes about as long as the slower of fetching and writing.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from app.cache.state import SyncState
from app.cache.writer import CacheWriter, WriteResult
from app.domain.records import VendorRecord, from_loke
from app.errors import BadData, NotFound, Rejected
from app.sync.context import VendorContext, convert
from app.sync.events import SyncProgress, VendorResult
from app.sync.worker import settle
from app.vendors.loke import CustomerPage, LokeClient

log = logging.getLogger("clientdesk.sync.loke")
VENDOR = "loke"
#: Saved as the cursor with the last page: every page is stored, only the removal of records
#: the pass did not see is left. A resumed sync then fetches nothing and just removes.
PASS_COMPLETE = "pass-complete"


@dataclass
class _Pass:
    """Counters of one pass; they continue from the saved state when a pass is resumed.

    ``added``/``changed`` saved with page N cover the pages before it: a page's own counts are
    known only once its transaction has run. So a resumed pass may report up to one page of
    additions too few — the cache itself is exact either way.
    """

    pass_id: str
    pages: int = 0
    records: int = 0
    skipped: int = 0
    added: int = 0
    changed: int = 0

    def state(self, cursor: str | None, started: str) -> dict[str, Any]:
        return {"cursor": cursor, "pass_id": self.pass_id, "pages": self.pages,
                "records": self.records, "skipped": self.skipped, "added": self.added,
                "changed": self.changed, "last_attempt": started}

    def count(self, result: WriteResult) -> None:
        self.added += result.added
        self.changed += result.changed


def _page_job(records: list[VendorRecord], pass_id: str, state: dict[str, Any]
              ) -> Callable[[CacheWriter], WriteResult]:
    def job(writer: CacheWriter) -> WriteResult:
        return writer.upsert(VENDOR, records, pass_id=pass_id, state=state)

    return job


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
        resumed = _Pass(saved.pass_id, saved.pages, saved.records, saved.skipped, saved.added,
                        saved.changed)
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
    # The page handed to the writer and not yet confirmed. Awaited through a shield: a
    # cancelled sync must not cancel (and then forget) a write the worker thread is running.
    pending: asyncio.Future[WriteResult] | None = None
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
                if pending is not None:
                    run.count(await asyncio.shield(pending))  # at most one page in flight
                state = run.state(page.next_url or PASS_COMPLETE, ctx.started)
                pending = ctx.worker.submit(_page_job(records, run.pass_id, state))
                ctx.emit(SyncProgress(VENDOR, "fetching", run.pages, run.records, run.skipped))
            if pending is not None:
                ctx.emit(SyncProgress(VENDOR, "writing", run.pages, run.records, run.skipped))
                run.count(await asyncio.shield(pending))
                pending = None
    finally:
        if pages is not None:
            await _close(pages)
        if pending is not None:
            await settle(pending)
    ctx.emit(SyncProgress(VENDOR, "removing", run.pages, run.records, run.skipped))
    final = run.state(None, ctx.started)
    final.update(last_success=ctx.now(), offline_since=None, last_error=None)
    removed = await ctx.worker.run(
        lambda writer: writer.remove_missing(VENDOR, run.pass_id, state=final))
    await ctx.worker.run(lambda writer: writer.set_state(VENDOR, removed=removed))
    return VendorResult(VENDOR, ok=True, added=run.added, changed=run.changed, removed=removed,
                        skipped=run.skipped, pages=run.pages, records=run.records,
                        resumed=resumed, seconds=round(time.perf_counter() - started, 3))
