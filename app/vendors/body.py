"""Reading a vendor's answer within its bounds: a deadline, and a cap on the *decoded* size.

Why not httpx's own decoding: it inflates each network chunk whole, so 64 KiB of gzip can
become 64 MiB in one step before any cap could look at it. Here the raw bytes are inflated a
slice at a time (``max_length``), so memory stays at a few hundred KiB per call whatever the
compression ratio, and the cap is hit after at most one slice too many.

We ask for ``gzip`` and ``deflate`` only (:data:`ACCEPT_ENCODING`); an answer in any other
encoding is one we cannot check, and is refused as such.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import AsyncIterator, Iterator

import httpx

from app.errors import BadData, Unavailable

ACCEPT_ENCODING = "gzip, deflate"
#: Most bytes one inflate step may produce.
SLICE = 256 * 1024


def _size(limit: int) -> str:
    return f"{limit / (1 << 20):.0f} MiB" if limit >= 1 << 20 else f"{limit // 1024} KiB"


class _Inflater:
    """One content-coding's decoder: raw bytes in, decoded slices of at most SLICE bytes out."""

    def __init__(self, vendor: str, coding: str) -> None:
        self.vendor = vendor
        self.coding = coding
        self.started = False
        self.head = b""  # deflate: the first bytes, until they show which kind it is
        self.obj: zlib._Decompress | None = None
        if coding == "gzip":
            self.obj = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not self.coding:
            if data:
                yield data
            return
        if self.obj is None:  # deflate, kind not known yet
            self.head += data
            if len(self.head) < 2:
                return
            data, self.head = self.head, b""
            # A zlib stream starts with a header (RFC 1950); some servers send raw deflate.
            wrapped = data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self.obj = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        pending = data
        while pending:
            try:
                piece = self.obj.decompress(pending, SLICE)
            except zlib.error:
                raise BadData(self.vendor, "sent a compressed answer that cannot be "
                              "unpacked") from None
            self.started = True
            pending = self.obj.unconsumed_tail
            if piece:
                yield piece
            elif self.obj.eof:
                return  # bytes after the end of the stream are ignored, as httpx does

    def tail(self) -> bytes:
        """What the decoder still holds once the raw body has ended."""
        if self.head:
            raise BadData(self.vendor, "sent a compressed answer that was cut short")
        if self.obj is None or not self.started or self.obj.eof:
            return b""
        try:
            return self.obj.flush()
        except zlib.error:
            raise BadData(self.vendor, "sent a compressed answer that was cut short") from None


def _inflater(vendor: str, response: httpx.Response) -> _Inflater:
    codings = [c.strip().lower() for c in response.headers.get("content-encoding", "").split(",")
               if c.strip() and c.strip().lower() != "identity"]
    if len(codings) > 1 or (codings and codings[0] not in ("gzip", "deflate")):
        raise BadData(vendor, "sent an answer in an encoding we did not ask for",
                      detail=", ".join(codings)[:60])
    return _Inflater(vendor, codings[0] if codings else "")


async def decoded_chunks(vendor: str, response: httpx.Response, limit: int,
                         deadline: float | None) -> AsyncIterator[bytes]:
    """The body of a streamed ``response``, decoded, in slices; never more than ``limit`` bytes.

    Raises :class:`BadData` past ``limit`` or on a body that cannot be decoded, and
    :class:`Unavailable` when the loop clock passes ``deadline`` or the connection breaks.
    """
    if response.is_stream_consumed:  # read already (an in-memory transport): decoded by httpx
        if len(response.content) > limit:
            raise BadData(vendor, f"sent an answer larger than {_size(limit)}")
        if response.content:
            yield response.content
        return
    inflater = _inflater(vendor, response)
    size = 0
    raw = response.aiter_raw()
    while True:
        try:
            async with asyncio.timeout_at(deadline):
                chunk = await anext(raw, None)
        except TimeoutError:
            raise Unavailable(vendor, "took too long to answer",
                              detail=f"still sending after {size} bytes") from None
        except httpx.TimeoutException:
            raise Unavailable(vendor, "stopped answering part-way") from None
        except httpx.HTTPError as exc:
            raise Unavailable(vendor, "broke off the answer part-way",
                              detail=type(exc).__name__) from None
        if chunk is None:
            break
        for piece in inflater.feed(chunk):
            size += len(piece)
            if size > limit:
                raise BadData(vendor, f"sent an answer larger than {_size(limit)}",
                              detail="stopped reading it")
            yield piece
    tail = inflater.tail()
    if size + len(tail) > limit:
        raise BadData(vendor, f"sent an answer larger than {_size(limit)}")
    if tail:
        yield tail


async def read_body(vendor: str, response: httpx.Response, limit: int, deadline: float | None,
                    *, cut: bool = False) -> bytes:
    """The whole decoded body (at most ``limit`` bytes); with ``cut`` a longer one is cut
    there instead of refused — for error answers, read only for their message."""
    parts: list[bytes] = []
    size = 0
    try:
        async for piece in decoded_chunks(vendor, response, limit if not cut else 1 << 62,
                                          deadline):
            if cut and size + len(piece) >= limit:
                parts.append(piece[:limit - size])
                break
            parts.append(piece)
            size += len(piece)
    finally:
        await response.aclose()
    return b"".join(parts)
