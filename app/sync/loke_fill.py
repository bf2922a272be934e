"""A full LOKE pass with its pages stored by the writer process: the fetch does nothing else.

The fetching side (the window's sync thread, or ``clientdesk sync``) only requests pages and
hands their bytes on; decoding, validating, converting and storing them happens in
:class:`~app.sync.writer_process.WriterProcess` (:func:`store_pages`). The pipe keeps the
shape of :class:`~app.sync.pipeline.PagePipe`: pages gather into a batch (about
:data:`BATCH_BYTES` of JSON, some 5,000 customers), at most one batch is with the writer, and
each page's resume cursor is stored in the same transaction as the page.

Because the fetching side has not read the pages, what it learns of them — how many customers,
how many unreadable, their ``updatedAt`` for :class:`~app.sync.loke_marks.Scan` — comes back
with each batch. A page LOKE sent that is not a list of customers fails the pass as before,
after the good pages ahead of it in its batch are stored with their cursors.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.cache.writer import CacheWriter, WriteResult
from app.domain.records import VendorRecord, from_loke
from app.errors import BadData
from app.sync.context import convert
from app.sync.loke_marks import Scan, stamp
from app.sync.pipeline import BATCH_WAIT_S
from app.sync.worker import settle
from app.sync.writer_process import WriterProcess
from app.vendors.loke import RawPage, read_customer_page

VENDOR = "loke"
#: Bytes of page JSON per batch: LOKE's customers are about 500 bytes each as sent, so some
#: 5,000 customers — the batch size the writer thread's pipe settled on (app.sync.pipeline).
BATCH_BYTES = 2_500_000


class Counters(Protocol):
    """The pass's counters (``app.sync.loke._Pass``): what the saved state says is stored."""

    pass_id: str
    pages: int
    records: int
    skipped: int


@dataclass
class Stored:
    """What one batch stored, as the writer process reports it."""

    result: WriteResult = field(default_factory=WriteResult)
    pages: int = 0
    records: int = 0
    skipped: int = 0
    stamps: list[tuple[str, list[str | None]]] = field(default_factory=list)  # per page
    failure: tuple[str, str] | None = None  # a page's BadData: message, detail


def store_pages(writer: CacheWriter, pages: list[tuple[str, bytes, str]], country: str,
                base: dict[str, Any]) -> Stored:
    """Decode, convert and store ``pages`` (url, body, cursor after it) in one transaction.

    Runs in the writer process. ``base`` is the pass's saved state before this batch; the
    state stored with the batch counts its pages, customers and unreadable ones on top. A page
    that is not a list of customers ends the batch: the pages before it are stored, and its
    failure is returned for the pass to report.
    """
    stored = Stored()
    records: list[VendorRecord] = []
    cursor: str | None = None
    for url, content, after in pages:
        try:
            customers, unreadable = read_customer_page(content)
        except BadData as exc:
            stored.failure = (exc.message, exc.detail)
            break
        converted, unconvertible = convert(VENDOR, customers, from_loke, country)
        records += converted
        stored.pages += 1
        stored.records += len(converted)
        stored.skipped += unreadable + unconvertible
        stored.stamps.append((url, [stamp(c.updated_at) if c.updated_at is not None else None
                                    for c in customers]))
        cursor = after
    if stored.pages:
        state = {**base, "cursor": cursor, "pages": base["pages"] + stored.pages,
                 "records": base["records"] + stored.records,
                 "skipped": base["skipped"] + stored.skipped}
        stored.result = writer.upsert(VENDOR, records, pass_id=base["pass_id"], state=state,
                                      count=True)
    return stored


class RawPagePipe:
    """Hands a full pass's raw pages to the writer process, one batch in flight."""

    def __init__(self, writer: WriterProcess, run: Counters, country: str, started: str,
                 scan: Scan, batch_bytes: int | None = None) -> None:
        self.writer = writer
        self.run = run
        self.country = country
        self.started = started  # the sync's start, saved as last_attempt
        self.scan = scan
        self.batch_bytes = BATCH_BYTES if batch_bytes is None else batch_bytes
        self.result = WriteResult()
        self.fetched = 0  # pages handed over (the progress shown while fetching)
        self._pages: list[tuple[str, bytes, str]] = []
        self._bytes = 0
        self._since = 0.0
        self._pending: asyncio.Future[Stored] | None = None

    async def put(self, page: RawPage, cursor: str) -> None:
        """Gather a page and the cursor that continues after it; send a full batch."""
        if not self._pages:
            self._since = time.monotonic()
        self._pages.append((page.url, page.content, cursor))
        self._bytes += len(page.content)
        self.fetched += 1
        if self._bytes >= self.batch_bytes or time.monotonic() - self._since >= BATCH_WAIT_S:
            await self._flush()

    def _base(self) -> dict[str, Any]:
        run = self.run
        return {"pass_id": run.pass_id, "pages": run.pages, "records": run.records,
                "skipped": run.skipped, "last_attempt": self.started}

    async def _flush(self) -> None:
        await self._wait()  # the counters in the base state are then exact
        if self._pages:
            pages, self._pages, self._bytes = self._pages, [], 0
            self._pending = self.writer.submit(store_pages, pages, self.country, self._base())

    async def _wait(self) -> None:
        if self._pending is None:
            return
        stored = await asyncio.shield(self._pending)
        self._pending = None
        self._count(stored)
        if stored.failure is not None:
            self._pages, self._bytes = [], 0
            raise BadData(VENDOR, stored.failure[0], detail=stored.failure[1])

    def _count(self, stored: Stored) -> None:
        self.result += stored.result
        self.run.pages += stored.pages
        self.run.records += stored.records
        self.run.skipped += stored.skipped
        for url, stamps in stored.stamps:
            self.scan.page(url, stamps)

    async def drain(self) -> WriteResult:
        await self._flush()
        await self._wait()
        return self.result

    async def abandon(self) -> None:
        """After a failure: store the pages gathered so far (complete and valid: a later one
        failed), so a resumed pass does not fetch them again; results are not wanted."""
        pending, self._pending = self._pending, None
        if pending is not None:
            await settle(pending)
            if pending.cancelled() or pending.exception() is not None:
                self._pages = []  # the cache refused: do not insist
            else:
                self._count(pending.result())
        if self._pages:
            pages, self._pages, self._bytes = self._pages, [], 0
            last = self.writer.submit(store_pages, pages, self.country, self._base())
            await settle(last)
            if not last.cancelled() and last.exception() is None:
                self._count(last.result())
