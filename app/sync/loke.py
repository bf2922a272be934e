"""LOKE customers: full passes (resumable, removing what is gone) and incremental passes between.

**Full pass.** Walks every page of ``sort=updated`` from the first to the last and stamps every
record it stores with its ``pass_id``. Each page is stored in one transaction together with the
cursor to the page after it, so a process killed at any moment resumes from the last stored
page with the same pass id. When the last page is stored, records of LOKE that the pass never
saw are gone upstream and leave the cache (:meth:`CacheWriter.finish_pass`). Walking
``sort=updated`` (rather than LOKE's default order) costs nothing and lets the pass learn what
the incremental passes need (:class:`~app.sync.loke_marks.Scan`): the direction of the sort,
the newest change stored, and — ascending — where the end of the list is.

**Incremental pass** (between full passes, :func:`~app.sync.loke_marks.full_pass_due`): asks
only for what changed since the newest change stored (the *watermark*), re-reading
:data:`~app.sync.loke_marks.OVERLAP` before it so a change stamped a moment late is not missed:

* descending: from the first page, one page at a time (no read-ahead: the first page usually
  holds every change), until a page reaches back past ``watermark - OVERLAP``;
* ascending: from the saved ``tail`` page (which starts before ``watermark - OVERLAP``) to
  the end of the list.

It only upserts: a deletion upstream is seen by the next full pass alone. Whenever the pages
contradict what the full pass learned — the order breaks, a timestamp is missing, the first
item read is already past the watermark (ascending: something may have been skipped), or LOKE
refuses the saved cursor — the pass is abandoned (what it stored is kept: it was correct data)
and a full pass runs in the same sync, logged. An incremental pass saves its position with
each page (``sync_state.cursor`` as ``inc:{json}``), so a killed one resumes too.

Pages go to the writer through a :class:`~app.sync.pipeline.PagePipe`: the next page is
fetched while the one before is written.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx

from app.cache.state import SyncState, read_states
from app.cache.writer import CacheWriter
from app.domain.records import from_loke
from app.errors import BadData, NotFound, Rejected
from app.sync.context import VendorContext, convert, held_back, new_pass_id
from app.sync.events import SyncProgress, VendorResult
from app.sync.loke_fill import RawPagePipe
from app.sync.loke_marks import (
    OVERLAP,
    Mark,
    Scan,
    counter_slot,
    full_pass_due,
    parse_stamp,
    read_mark,
    stamp,
    write_mark,
)
from app.sync.pipeline import PagePipe
from app.vendors.loke import CustomerPage, LokeClient

log = logging.getLogger("clientdesk.sync.loke")
VENDOR = "loke"
#: Saved as the cursor with the last page: every page is stored, only the removal of records
#: the pass did not see is left. A resumed sync then fetches nothing and just removes.
PASS_COMPLETE = "pass-complete"
#: Prefix of ``sync_state.cursor`` while an incremental pass is under way (then JSON).
INCREMENTAL = "inc:"


class Inconsistent(Exception):
    """LOKE's ``sort=updated`` answer does not match what the full pass learned."""


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


async def _close(iterator: AsyncIterator[Any]) -> None:
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


def _stamps(page: CustomerPage) -> list[str | None]:
    return [stamp(c.updated_at) if c.updated_at is not None else None for c in page.customers]


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _why_full(mark: Mark | None, ctx: VendorContext, client: LokeClient,
              saved: SyncState | None) -> str | None:
    """Why this sync must be a full pass, or None when an incremental one will do."""
    if ctx.full:
        return "asked for"
    if mark is None or mark.full_at is None or mark.newest is None or mark.pass_id is None:
        return "first fill"
    if saved is None or saved.pass_id != mark.pass_id:
        # The records on hand are not those of the pass the mark describes (state reset).
        return "the cache does not hold the pass the saved position belongs to"
    if mark.direction is None:
        return "the last full pass could not tell the order of sort=updated"
    if mark.direction == "asc" and (mark.tail is None or not _fits(mark.tail, client)):
        return "no usable position at the end of the list"
    now = datetime.fromisoformat(ctx.now())
    slot = counter_slot(ctx.counter)
    if full_pass_due(datetime.fromisoformat(mark.full_at), now, slot, _zone(ctx.timezone)):
        return f"daily full pass (this counter's slot is {slot:%H:%M} store time)"
    return None


async def sync_loke(client: LokeClient, ctx: VendorContext, saved: SyncState | None
                    ) -> VendorResult:
    """Run (or resume) a pass; raises the client's errors, leaving the saved cursor in place."""
    started = time.perf_counter()
    mark = await ctx.worker.run(lambda writer: read_mark(writer.conn, VENDOR))
    cursor = saved.cursor if saved is not None else None
    if cursor is not None and cursor.startswith(INCREMENTAL) and saved is not None:
        if not ctx.full:  # asked for a full pass: the unfinished incremental one can go
            return await _incremental_or_full(client, ctx, saved, mark, started, cursor)
        log.info("loke: full pass (asked for) instead of resuming an incremental one")
        cursor = None
    if saved is not None and cursor and saved.pass_id and not _fits(cursor, client):
        log.warning("loke: the saved cursor is for another server or organization; "
                    "starting a new pass")
    elif saved is not None and cursor and saved.pass_id:
        resumed = _Pass(saved.pass_id, saved.pages, saved.records, saved.skipped)
        log.info("loke: resuming pass %s after %d pages", saved.pass_id, saved.pages)
        fetched: list[int] = [0]
        try:
            return await _run_pass(client, ctx, resumed, cursor, True, started, fetched, mark)
        except (Rejected, BadData, NotFound) as exc:
            if fetched[0]:
                raise
            # The saved cursor no longer works (expired at LOKE, or the profile now points at
            # another server): start the pass again rather than stay stuck on it.
            log.warning("loke: saved cursor refused (%s: %s); starting a new pass",
                        type(exc).__name__, exc.detail or exc.message)
    else:
        why = _why_full(mark, ctx, client, saved)
        if why is None:
            assert mark is not None
            return await _incremental_or_full(client, ctx, saved, mark, started, None)
        log.info("loke: full pass (%s)", why)
    fresh = _Pass(new_pass_id())
    return await _run_pass(client, ctx, fresh, None, False, started, [0], mark)


async def _run_pass(client: LokeClient, ctx: VendorContext, run: _Pass, cursor: str | None,
                    resumed: bool, started: float, fetched: list[int],
                    mark: Mark | None) -> VendorResult:
    ctx.emit(SyncProgress(VENDOR, "starting", run.pages, run.records, run.skipped))
    if not resumed:
        await PagePipe(ctx.worker, VENDOR, run.pass_id).start()
    scan = Scan()
    start_url: str | None = None
    if cursor != PASS_COMPLETE:
        read = _fill if ctx.pages is not None else _read_and_store
        start_url = await read(client, ctx, run, cursor, fetched, scan)
    ctx.emit(SyncProgress(VENDOR, "removing", run.pages, run.records, run.skipped))
    final = run.state(None, ctx.started)
    final.update(last_success=ctx.now(), offline_since=None, last_error=None)
    totals = await ctx.worker.run(
        lambda writer: writer.finish_pass(VENDOR, run.pass_id, state=final,
                                          accept_removals=ctx.accept_removals))
    learned = _learned(scan, mark, run.pass_id, ctx.now(), resumed, start_url)
    await ctx.worker.run(lambda writer: _store_mark(writer.conn, learned))
    return held_back(VENDOR, totals, VendorResult(
        VENDOR, ok=True, added=totals.added, changed=totals.changed, removed=totals.removed,
        skipped=run.skipped, pages=run.pages, records=run.records, resumed=resumed,
        seconds=round(time.perf_counter() - started, 3), mode="full"))


async def _read_and_store(client: LokeClient, ctx: VendorContext, run: _Pass,
                          cursor: str | None, fetched: list[int], scan: Scan) -> str | None:
    """A full pass's pages, read here and stored by the writer thread; the first page's URL."""
    pipe = PagePipe(ctx.worker, VENDOR, run.pass_id)
    pages = client.customer_pages(sort="updated", start_url=cursor)
    start_url: str | None = None
    try:
        async for page in pages:
            fetched[0] += 1
            start_url = start_url or page.url
            scan.page(page.url, _stamps(page))
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
        await _close(pages)
        await pipe.abandon()
    return start_url


async def _fill(client: LokeClient, ctx: VendorContext, run: _Pass, cursor: str | None,
                fetched: list[int], scan: Scan) -> str | None:
    """A full pass's pages, handed as sent to the writer process (:mod:`app.sync.loke_fill`),
    which decodes and stores them; the first page's URL."""
    assert ctx.pages is not None
    pipe = RawPagePipe(ctx.pages, run, ctx.country, ctx.started, scan)
    pages = client.raw_customer_pages(sort="updated", start_url=cursor)
    start_url: str | None = None
    try:
        async for page in pages:
            fetched[0] += 1
            start_url = start_url or page.url
            await pipe.put(page, page.next_url or PASS_COMPLETE)
            ctx.emit(SyncProgress(VENDOR, "fetching", pipe.fetched, run.records, run.skipped))
        ctx.emit(SyncProgress(VENDOR, "writing", pipe.fetched, run.records, run.skipped))
        await pipe.drain()
    finally:
        await _close(pages)
        await pipe.abandon()
    return start_url


def _store_mark(conn: Any, mark: Mark) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        write_mark(conn, VENDOR, mark)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _learned(scan: Scan, old: Mark | None, pass_id: str, now: str, resumed: bool,
             start_url: str | None) -> Mark:
    """The mark a full pass leaves. A resumed pass saw only its last part: the newest stamp
    stored is then the larger of the old mark's and what it saw (the cache holds both), and
    the direction is what that part shows. A pass that could not tell the direction leaves
    none, so the next sync is a full pass again (and says why)."""
    direction = scan.direction()
    newest = scan.newest
    if old is not None and old.newest is not None and (resumed or newest is None):
        newest = old.newest if newest is None else max(newest, old.newest)
    if direction is None:
        log.warning("loke: sort=updated came in no consistent order (%d items); the next "
                    "sync is a full pass again", scan.seen)
    tail = None
    if direction == "asc" and newest is not None and start_url is not None:
        tail = scan.tail(newest, start_url)
    return Mark(direction=direction, newest=newest, tail=tail, full_at=now, pass_id=pass_id)


# -- incremental ---------------------------------------------------------------------------
@dataclass
class _Progress:
    """Where an incremental pass is: saved with every page so a killed one resumes."""

    next: str | None  # the page to read next; None: start at the beginning (descending)
    top: str | None = None  # newest stamp this pass has read
    pages: int = 0
    records: int = 0
    skipped: int = 0

    def cursor(self) -> str:
        return INCREMENTAL + json.dumps({"next": self.next, "top": self.top})

    @classmethod
    def parse(cls, cursor: str, saved: SyncState) -> _Progress | None:
        try:
            raw = json.loads(cursor[len(INCREMENTAL):])
        except ValueError:
            return None
        if not isinstance(raw, dict):
            return None
        nxt, top = raw.get("next"), raw.get("top")
        if not (nxt is None or isinstance(nxt, str)) or not (top is None or isinstance(top, str)):
            return None
        return cls(nxt, top, saved.pages, saved.records, saved.skipped)


async def _incremental_or_full(client: LokeClient, ctx: VendorContext, saved: SyncState | None,
                               mark: Mark | None, started: float,
                               cursor: str | None) -> VendorResult:
    """An incremental pass; a full one instead when LOKE's answer does not hold together."""
    progress: _Progress | None = None
    if cursor is not None and saved is not None:
        progress = _Progress.parse(cursor, saved)
    if mark is None or mark.pass_id is None or mark.newest is None or mark.direction is None \
            or (progress is not None and progress.next is not None
                and not _fits(progress.next, client)):
        reason = "the saved incremental position cannot be used"
    else:
        try:
            return await _incremental(client, ctx, mark, progress, started)
        except Inconsistent as exc:
            reason = str(exc)
        except (Rejected, BadData, NotFound) as exc:
            reason = f"LOKE refused the saved position ({type(exc).__name__})"
    log.warning("loke: incremental pass abandoned — %s; running a full pass", reason)
    return await _run_pass(client, ctx, _Pass(new_pass_id()), None, False, started, [0],
                           mark)


async def _incremental(client: LokeClient, ctx: VendorContext, mark: Mark,
                       progress: _Progress | None, started: float) -> VendorResult:
    assert mark.pass_id is not None and mark.newest is not None
    resumed = progress is not None
    ascending = mark.direction == "asc"
    if progress is None:
        progress = _Progress(mark.tail if ascending else None)
    floor = stamp(parse_stamp(mark.newest) - OVERLAP)
    ctx.emit(SyncProgress(VENDOR, "starting", progress.pages, progress.records,
                          progress.skipped))
    pipe = PagePipe(ctx.worker, VENDOR, mark.pass_id)
    if not resumed:
        await pipe.start()
    scan = Scan()
    first = True
    pages = client.customer_pages(sort="updated", start_url=progress.next,
                                  read_ahead=ascending)
    try:
        async for page in pages:
            stamps = _stamps(page)
            scan.page(page.url, stamps)
            if None in stamps:
                raise Inconsistent("a customer came without updatedAt")
            if not (scan.asc if ascending else scan.desc):
                raise Inconsistent(f"sort=updated is no longer {mark.direction}ending")
            if first and ascending and not resumed and stamps and "after=" in page.url \
                    and str(stamps[0]) > mark.newest:
                raise Inconsistent("the saved position now starts after the newest change "
                                   "stored: changes may have been skipped")
            first = False
            records, unconvertible = convert(VENDOR, page.customers, from_loke, ctx.country)
            progress.pages += 1
            progress.records += len(records)
            progress.skipped += page.skipped + unconvertible
            known = [s for s in stamps if s is not None]  # all of them: checked above
            if known:
                top = max(known)
                progress.top = top if progress.top is None else max(progress.top, top)
            done = page.next_url is None or (not ascending and bool(stamps)
                                             and str(stamps[-1]) < floor)
            progress.next = None if done else page.next_url
            state = {"cursor": progress.cursor(), "pass_id": mark.pass_id,
                     "pages": progress.pages, "records": progress.records,
                     "skipped": progress.skipped, "last_attempt": ctx.started}
            await pipe.put(records, state)
            ctx.emit(SyncProgress(VENDOR, "fetching", progress.pages, progress.records,
                                  progress.skipped))
            if done:
                break
        if ascending and not resumed and scan.seen == 0:
            # The page re-read holds at least the newest change stored (unless it was deleted
            # since — then this full pass is merely early): nothing means the cursor lost us.
            raise Inconsistent("the saved position at the end of the list returned nothing")
        ctx.emit(SyncProgress(VENDOR, "writing", progress.pages, progress.records,
                              progress.skipped))
        await pipe.drain()
    finally:
        await _close(pages)
        await pipe.abandon()
    newest = mark.newest if progress.top is None else max(mark.newest, progress.top)
    tail = mark.tail
    if ascending and scan.pages:
        tail = scan.tail(newest, mark.tail or scan.pages[0][0])
    learned = Mark(direction=mark.direction, newest=newest, tail=tail, full_at=mark.full_at,
                   pass_id=mark.pass_id)
    final: dict[str, Any] = {
        "cursor": None, "pass_id": mark.pass_id, "pages": progress.pages,
        "records": progress.records, "skipped": progress.skipped, "last_attempt": ctx.started,
        "last_success": ctx.now(), "offline_since": None, "last_error": None}

    def finish(writer: CacheWriter) -> SyncState | None:
        with writer.transaction() as conn:
            write_mark(conn, VENDOR, learned)
        writer.set_state(VENDOR, **final)
        return read_states(writer.conn).get(VENDOR)

    after = await ctx.worker.run(finish)
    return VendorResult(
        VENDOR, ok=True, added=after.added if after else 0,
        changed=after.changed if after else 0, removed=0, skipped=progress.skipped,
        pages=progress.pages, records=progress.records, resumed=resumed,
        seconds=round(time.perf_counter() - started, 3), mode="incremental")
