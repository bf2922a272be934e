"""Bounded body reading: every coding decodes exactly, however the bytes arrive; caps hold."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import tracemalloc
import zlib
from collections.abc import AsyncIterator

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import BadData, Unavailable
from app.vendors.body import SLICE, decoded_chunks, read_body


class Raw(httpx.AsyncByteStream):
    """A body arriving in the given raw pieces, optionally pausing before each."""

    def __init__(self, chunks: list[bytes], pause: float = 0.0) -> None:
        self.chunks = chunks
        self.pause = pause

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            if self.pause:
                await asyncio.sleep(self.pause)
            yield chunk


def split(body: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(body) + 1) for c in cuts} | {0, len(body)})
    return [body[a:b] for a, b in itertools.pairwise(points)]


def encode(body: bytes, coding: str) -> bytes:
    if coding == "gzip":
        return gzip.compress(body)
    if coding == "deflate":
        return zlib.compress(body)
    if coding == "raw-deflate":
        packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        return packer.compress(body) + packer.flush()
    return body


def response(raw: list[bytes], coding: str, pause: float = 0.0) -> httpx.Response:
    headers = {"content-encoding": "deflate" if coding == "raw-deflate" else coding} \
        if coding else {}
    return httpx.Response(200, headers=headers, stream=Raw(raw, pause))


async def collect(resp: httpx.Response, limit: int, deadline: float | None = None) -> bytes:
    parts = [piece async for piece in decoded_chunks("Test", resp, limit, deadline)]
    assert all(len(p) <= SLICE for p in parts)
    return b"".join(parts)


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=4000) | st.text(max_size=2000).map(str.encode),
       coding=st.sampled_from(["", "identity", "gzip", "deflate", "raw-deflate"]),
       cuts=st.lists(st.integers(min_value=0), max_size=8))
async def test_every_coding_decodes_exactly_however_the_bytes_are_cut(
        body: bytes, coding: str, cuts: list[int]) -> None:
    raw = encode(body, coding)
    assert await collect(response(split(raw, cuts), coding), limit=len(body)) == body


@settings(max_examples=100, deadline=None)
@given(body=st.binary(min_size=1, max_size=3000), coding=st.sampled_from(["", "gzip"]),
       limit=st.integers(min_value=0, max_value=3000))
async def test_a_body_over_the_cap_is_refused_and_one_within_is_not(
        body: bytes, coding: str, limit: int) -> None:
    raw = encode(body, coding)
    if len(body) > limit:
        with pytest.raises(BadData, match="larger than"):
            await collect(response([raw], coding), limit)
    else:
        assert await collect(response([raw], coding), limit) == body


async def test_a_gzip_bomb_stops_at_the_cap_with_little_memory() -> None:
    zeros = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    bomb = b"".join(zeros.compress(block) for _ in range(256)) + zeros.flush()  # 256 MiB inflated
    assert len(bomb) < 1 << 20
    seen = 0
    tracemalloc.start()
    try:
        with pytest.raises(BadData, match="larger than 8 MiB"):
            resp = response(split(bomb, [65536 * i for i in range(1, 20)]), "gzip")
            async for piece in decoded_chunks("Test", resp, 8 << 20, None):
                seen += len(piece)  # read and dropped, as a streaming parser does
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen + SLICE >= 8 << 20
    assert peak < 2 << 20  # a slice or two, never the inflated body


@pytest.mark.parametrize("coding,raw", [
    ("gzip", b"not gzip at all"),
    ("br", b"\x0b\x02\x80hello\x03"),
    ("gzip, gzip", gzip.compress(gzip.compress(b"x"))),
])
async def test_undecodable_or_unasked_codings_are_bad_data(coding: str, raw: bytes) -> None:
    with pytest.raises(BadData):
        await collect(response([raw], coding), limit=1 << 20)


async def test_the_deadline_covers_the_whole_body() -> None:
    loop = asyncio.get_running_loop()
    slow = response([b"x"] * 50, "", pause=0.05)  # each read is quick; the whole is 2.5 s
    started = loop.time()
    with pytest.raises(Unavailable, match="took too long"):
        await collect(slow, limit=1 << 20, deadline=loop.time() + 0.3)
    assert loop.time() - started < 1.0


async def test_an_error_body_is_cut_not_refused() -> None:
    resp = httpx.Response(500, stream=Raw([b"a" * 1000, b"b" * 1000]))
    body = await read_body("Test", resp, 1500, None, cut=True)
    assert body == b"a" * 1000 + b"b" * 500
