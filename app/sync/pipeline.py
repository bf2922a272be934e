"""Pages of records to the cache worker, one in flight: fetching and writing overlap.

While page N is written on the worker thread, page N+1 is fetched, parsed and converted on the
event loop's thread (the writer is the slower end, so it gets nothing but writing). At most one
page waits for the writer, so memory stays bounded and a sync takes about as long as the slower
of fetching and writing.

Small pages are gathered into batches of about :data:`BATCH_RECORDS` records, each one
transaction stamped with the pass id that :meth:`~app.cache.writer.CacheWriter.finish_pass`
uses once the pass is complete. Why batches: a transaction's cost is mostly the index pages it
dirties, and a thousand customers with random emails dirty nearly a page each. Five thousand
share many of them: at 100,000 customers, committing every 5,000 records instead of every
1,000 cut the time spent committing by more than half.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from typing import Any

from app.cache.writer import CacheWriter, WriteResult
from app.domain.records import VendorRecord
from app.sync.worker import CacheWorker, settle

#: Records per write transaction (pages are gathered until they reach it) …
BATCH_RECORDS = 5000
#: … or until the first page gathered has waited this long: a slow vendor's pages still reach
#: the search box (and save their resume cursor) every second or so.
BATCH_WAIT_S = 1.0


def _page_job(vendor: str, records: Sequence[VendorRecord], pass_id: str,
              state: dict[str, Any] | None) -> Callable[[CacheWriter], WriteResult]:
    def job(writer: CacheWriter) -> WriteResult:
        return writer.upsert(vendor, records, pass_id=pass_id, state=state, count=True)

    return job


class PagePipe:
    """Hands pages of one vendor's pass to ``worker``; counts what the writes changed."""

    def __init__(self, worker: CacheWorker, vendor: str, pass_id: str,
                 batch_records: int = BATCH_RECORDS) -> None:
        self.worker = worker
        self.vendor = vendor
        self.pass_id = pass_id
        self.batch_records = batch_records
        self.result = WriteResult()  # of every batch confirmed so far, in this run
        self._records: list[VendorRecord] = []  # gathered, not yet handed to the writer
        self._state: dict[str, Any] | None = None  # saved with them: the latest page's
        self._since = 0.0  # when the oldest gathered page arrived
        # The page handed to the writer and not yet confirmed. Awaited through a shield: a
        # cancelled sync must not cancel (and then forget) a write the worker thread is running.
        self._pending: asyncio.Future[WriteResult] | None = None

    async def put(self, records: Sequence[VendorRecord],
                  state: dict[str, Any] | None = None) -> None:
        """Gather a page; once a batch is full, wait for the batch before and queue it.

        ``state`` (a resume cursor, say) is saved with the batch holding this page, so it never
        claims a page that is not yet stored.
        """
        if not self._records and self._state is None:
            self._since = time.monotonic()
        self._records.extend(records)
        if state is not None:
            self._state = state
        if (len(self._records) >= self.batch_records
                or time.monotonic() - self._since >= BATCH_WAIT_S):
            await self._flush()

    async def _flush(self) -> None:
        await self._wait()
        if self._records or self._state is not None:
            records, self._records = self._records, []
            state, self._state = self._state, None
            self._pending = self.worker.submit(
                _page_job(self.vendor, records, self.pass_id, state))

    async def _wait(self) -> None:
        if self._pending is not None:
            self.result += await asyncio.shield(self._pending)
            self._pending = None

    async def drain(self) -> WriteResult:
        """Write everything put so far and wait; :attr:`result` then covers all of it."""
        await self._flush()
        await self._wait()
        return self.result

    async def start(self) -> None:
        """A new pass: its counts start from zero (a resumed pass skips this and adds on)."""
        await self.worker.run(lambda writer: writer.set_state(self.vendor, added=0, changed=0))

    async def abandon(self) -> None:
        """After a failure: write the pages gathered so far and wait, ignoring the results.

        Those pages are complete and valid (it is a later page that failed), and writing them
        saves their resume cursor, so a resumed pass does not fetch them again. A write that
        fails here is logged by its own transaction's rollback and changes nothing.
        """
        if self._pending is not None:
            pending, self._pending = self._pending, None
            await settle(pending)
            if pending.cancelled() or pending.exception() is not None:
                self._records, self._state = [], None  # the cache refused: do not insist
        if self._records or self._state is not None:
            records, self._records = self._records, []
            state, self._state = self._state, None
            await settle(self.worker.submit(_page_job(self.vendor, records, self.pass_id, state)))
