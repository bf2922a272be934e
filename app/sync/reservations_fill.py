"""The reservations lists read and stored by the writer process: the download does nothing else.

:mod:`app.sync.reservations` reads both whole lists on the sync's loop — streamed JSON
decoding, fingerprinting, validating and converting some 100,000 rows at every interval sync —
and that was what still stalled the window once LOKE's full passes left its process: measured
at 20,000 customers, every GUI stall over 30 ms of a first sync fell while the reservations
list was read. Here the bytes go to :class:`~app.sync.writer_process.WriterProcess` as they
arrive (about :data:`CHUNK_BYTES` at a time, one hand-over in flight) and everything after
the socket happens there, with the same rules: unchanged rows skipped by their fingerprint
before validation, the customer list before the blacklist, written as one pass whose removals
wait until both lists were read to the end.

The child keeps each pass's reading state (the JSON parser, the fingerprints it started
from, rows not yet written) between hand-overs, in a session named by the pass id; it is a
single worker, so one pass's jobs run in order. A pass cut off anywhere keeps what was written
and removes nothing, as on the thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

import ijson

from app.cache.writer import CacheWriter, WriteResult
from app.domain.records import VendorRecord, from_reservations
from app.sync.context import VendorContext, convert, new_pass_id
from app.sync.events import SyncProgress, VendorResult
from app.sync.pipeline import BATCH_RECORDS, PagePipe
from app.sync.reservations import (
    VENDOR,
    blacklisted_rows,
    finish,
    load_fingerprints,
    log_rows,
    mark_job,
    sort_rows,
)
from app.sync.worker import settle
from app.vendors.parsing import parse_items
from app.vendors.reservations import CustomerRow, ReservationsClient
from app.vendors.streaming import HEAD_LIMIT, json_error

#: Bytes of the list handed over at a time: a few hundred rows.
CHUNK_BYTES = 256 * 1024
#: Rows validated together (as ``customer_batches`` yields them on the thread).
ROWS = 1000


@dataclass
class Counts:
    """What a pass has read so far, as the child reports it after each hand-over."""

    batches: int = 0
    records: int = 0  # rows stored or found unchanged
    skipped: int = 0  # rows that could not be read or converted
    unchanged: int = 0  # rows skipped by their fingerprint
    validated: int = 0  # rows handed to model validation
    written: WriteResult = field(default_factory=WriteResult)


@dataclass
class ListEnd:
    """The end of one list: how many rows it held, and its first bytes when it held none."""

    rows: int
    head: bytes
    size: int
    counts: Counts


@dataclass
class _Session:
    pass_id: str
    country: str
    known: dict[str, str]  # vendor_id → fingerprint, as stored when the pass began
    blacklist: bool = False
    parser: Any = None
    found: list[Any] = field(default_factory=list)
    head: bytes = b""
    size: int = 0
    rows: int = 0
    records: list[VendorRecord] = field(default_factory=list)  # converted, not yet written
    seen: list[str] = field(default_factory=list)  # unchanged: only marked as seen
    fresh: list[tuple[str, str, VendorRecord]] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)


_SESSIONS: dict[str, _Session] = {}


# -- in the writer process ---------------------------------------------------------------------
def begin(writer: CacheWriter, session: str, pass_id: str, country: str) -> None:
    _SESSIONS[session] = _Session(pass_id, country, load_fingerprints(writer))


def open_list(writer: CacheWriter, session: str, blacklist: bool) -> None:
    state = _SESSIONS[session]
    state.blacklist = blacklist
    state.found = ijson.sendable_list()
    state.parser = ijson.items_coro(state.found, "data.item", use_float=False)
    state.head, state.size, state.rows = b"", 0, 0


def feed(writer: CacheWriter, session: str, chunks: list[bytes]) -> Counts:
    """Read the next bytes of the list; write once enough rows have gathered."""
    state = _SESSIONS[session]
    for chunk in chunks:
        if state.size < HEAD_LIMIT:
            state.head += chunk[:HEAD_LIMIT - state.size]
        state.size += len(chunk)
        _send(state, chunk)
        while len(state.found) >= ROWS:
            batch = state.found[:ROWS]
            del state.found[:ROWS]
            _read(state, batch)
    if len(state.records) + len(state.seen) >= BATCH_RECORDS:
        _write(writer, state)
    return state.counts


def close_list(writer: CacheWriter, session: str) -> ListEnd:
    """The list's last byte arrived: a document cut short fails here."""
    state = _SESSIONS[session]
    try:
        state.parser.close()
    except ijson.JSONError as exc:
        raise json_error(VENDOR, exc, state.size) from None
    if state.found:
        rest, state.found = list(state.found), []
        _read(state, rest)
    return ListEnd(state.rows, state.head if not state.rows else b"", state.size, state.counts)


def add_rows(writer: CacheWriter, session: str, rows: list[CustomerRow],
             unreadable: int) -> Counts:
    """Rows the parent read from a small body without streamable rows (see
    :meth:`ReservationsClient.rows_of_head`)."""
    state = _SESSIONS[session]
    state.counts.skipped += unreadable
    _convert(state, rows, {})
    return state.counts


def end(writer: CacheWriter, session: str) -> Counts:
    """Both lists read: write what is left and close the session."""
    state = _SESSIONS.pop(session)
    _write(writer, state)
    log_rows(state.counts.unchanged, state.counts.validated)
    return state.counts


def drop(writer: CacheWriter, session: str) -> None:
    """After a failure: write the rows gathered (complete and valid: a later part failed),
    then forget the session; nothing is removed, as no pass ended."""
    state = _SESSIONS.pop(session, None)
    if state is not None:
        _write(writer, state)


def _send(state: _Session, chunk: bytes) -> None:
    try:
        state.parser.send(chunk)
    except ijson.JSONError as exc:
        raise json_error(VENDOR, exc, state.size) from None


def _read(state: _Session, items: list[Any]) -> None:
    """One batch of raw rows: unchanged ones only marked as seen, the rest validated and
    converted (as :class:`app.sync.reservations.RawRows` does on the thread)."""
    state.rows += len(items)
    state.counts.batches += 1
    keep, seen, prints = sort_rows(items, state.known, state.blacklist)
    state.seen += seen
    state.counts.records += len(seen)
    state.counts.unchanged += len(seen)
    state.counts.validated += len(keep)
    rows, unreadable = parse_items(VENDOR, CustomerRow, keep, what="customer")
    state.counts.skipped += unreadable
    _convert(state, rows, prints)


def _convert(state: _Session, rows: list[CustomerRow], prints: dict[str, str]) -> None:
    converted, failed = convert(VENDOR, blacklisted_rows(rows) if state.blacklist else rows,
                                from_reservations, state.country)
    state.counts.skipped += failed
    state.counts.records += len(converted)
    state.records += converted
    for record in converted:
        raw = prints.get(record.vendor_id)
        if raw is not None:
            state.fresh.append((record.vendor_id, raw, record))


def _write(writer: CacheWriter, state: _Session) -> None:
    if state.records:
        records, state.records = state.records, []
        state.counts.written += writer.upsert(VENDOR, records, pass_id=state.pass_id,
                                              count=True)
    if state.seen or state.fresh:
        seen, state.seen = state.seen, []
        fresh, state.fresh = state.fresh, []
        mark_job(state.pass_id, seen, fresh)(writer)


# -- in the syncing process --------------------------------------------------------------------
async def fill_reservations(client: ReservationsClient, ctx: VendorContext) -> VendorResult:
    """Download both lists into the writer process as one pass; raises the client's errors."""
    assert ctx.pages is not None
    writer = ctx.pages
    started = time.perf_counter()
    ctx.emit(SyncProgress(VENDOR, "starting"))
    pass_id = new_pass_id()
    await PagePipe(ctx.worker, VENDOR, pass_id).start()
    await writer.run(begin, pass_id, pass_id, ctx.country)
    counts = Counts()
    pending: asyncio.Future[Counts] | None = None
    try:
        for blacklist in (False, True):
            status = [200]
            await writer.run(open_list, pass_id, blacklist)
            gathered: list[bytes] = []
            size = 0
            async for chunk in client.raw_customer_list(blacklist=blacklist,
                                                        on_status=status.append):
                gathered.append(chunk)
                size += len(chunk)
                if size >= CHUNK_BYTES:
                    if pending is not None:
                        counts = await asyncio.shield(pending)
                    pending = writer.submit(feed, pass_id, gathered)
                    gathered, size = [], 0
                    ctx.emit(SyncProgress(VENDOR, "fetching", counts.batches, counts.records,
                                          counts.skipped))
            if pending is not None:
                counts, pending = await asyncio.shield(pending), None
            if gathered:
                counts = await writer.run(feed, pass_id, gathered)
            ended = await writer.run(close_list, pass_id)
            counts = ended.counts
            if not ended.rows:
                rows, unreadable = client.rows_of_head(status[-1], ended.head, ended.size)
                if rows or unreadable:
                    counts = await writer.run(add_rows, pass_id, rows, unreadable)
        ctx.emit(SyncProgress(VENDOR, "writing", counts.batches, counts.records,
                              counts.skipped))
        counts = await writer.run(end, pass_id)
    except BaseException:
        if pending is not None:
            await settle(pending)
        with contextlib.suppress(Exception):
            await settle(writer.submit(drop, pass_id))
        raise
    ctx.emit(SyncProgress(VENDOR, "removing", counts.batches, counts.records, counts.skipped))
    return await finish(ctx, pass_id, counts.batches, counts.skipped, started)
