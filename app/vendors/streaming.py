"""A large JSON array read as it arrives, a batch of items at a time (ijson).

Why: the reservations server answers "every customer" in one body with no paging — tens of
megabytes at a large store. Decoding it whole held the interpreter lock for a long stretch
(the window froze for a fifth of a second at 100,000 customers), kept the whole body and every
parsed row in memory at once, and left the cache writer idle until the last byte arrived.
Streamed, each network chunk is parsed as it comes (numbers that are not integers as
``Decimal``, as everywhere else), and batches go to the writer while the rest downloads.

The first bytes of the body are kept: an answer with no items at all may be an error envelope
or not a list, and the caller reads those the ordinary way (:attr:`JsonItems.head`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import ijson

from app.errors import BadData, Unavailable

#: Bytes of the body kept for a second look when it held no items (an error, say).
HEAD_LIMIT = 64 * 1024


def json_error(vendor: str, exc: ijson.JSONError, size: int) -> BadData:
    """What a streamed body that ijson gave up on says to staff, ``size`` bytes in."""
    if isinstance(exc, ijson.IncompleteJSONError):
        if not size:
            return BadData(vendor, "sent an empty answer")
        return BadData(vendor, "sent an answer that was cut short", detail=f"after {size} bytes")
    return BadData(vendor, "sent an answer that is not JSON", detail=str(exc)[:120])


class JsonItems:
    """The items under ``prefix`` (ijson syntax: ``"data.item"``) of a streamed response."""

    def __init__(self, vendor: str, response: httpx.Response, prefix: str,
                 batch_size: int = 1000, *, chunks: AsyncIterator[bytes] | None = None) -> None:
        self.vendor = vendor
        self.response = response
        #: The body as it arrives: a vendor client passes its bounded reader
        #: (:meth:`~app.vendors.http.VendorHttp.chunks`); otherwise httpx's own.
        self.chunks = chunks if chunks is not None else response.aiter_bytes()
        self.prefix = prefix
        self.batch_size = batch_size
        self.count = 0  # items yielded so far
        self.head = b""  # the body's first HEAD_LIMIT bytes
        self.size = 0  # bytes received

    @property
    def whole_head(self) -> bool:
        """Whether :attr:`head` is the entire body (it was small)."""
        return self.size <= HEAD_LIMIT

    async def batches(self) -> AsyncIterator[list[Any]]:
        """Lists of up to ``batch_size`` items; raises BadData / Unavailable as the body fails.

        Items already yielded stay valid when a later part of the body turns out broken: the
        caller decides what a partial read means (a sync keeps them and does not finish).
        """
        found: list[Any] = ijson.sendable_list()
        parser = ijson.items_coro(found, self.prefix, use_float=False)
        try:
            async for chunk in self.chunks:
                if self.size < HEAD_LIMIT:
                    self.head += chunk[:HEAD_LIMIT - self.size]
                self.size += len(chunk)
                parser.send(chunk)
                while len(found) >= self.batch_size:
                    batch = found[:self.batch_size]
                    del found[:self.batch_size]
                    self.count += len(batch)
                    yield batch
            parser.close()  # the end of the body: a cut-off document fails here
        except ijson.JSONError as exc:
            raise json_error(self.vendor, exc, self.size) from None
        except httpx.TimeoutException:
            raise Unavailable(self.vendor, "stopped answering part-way") from None
        except httpx.HTTPError as exc:
            raise Unavailable(self.vendor, "broke off the answer part-way",
                              detail=type(exc).__name__) from None
        if found:
            self.count += len(found)
            yield list(found)
