"""Streamed JSON arrays: every item once, in order, whatever the chunking; broken bodies fail."""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import BadData
from app.vendors.streaming import HEAD_LIMIT, JsonItems


class Chunks(httpx.AsyncByteStream):
    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk


def split(body: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(body) + 1) for c in cuts} | {0, len(body)})
    return [body[a:b] for a, b in itertools.pairwise(points)]


async def read(body: bytes, cuts: list[int], batch: int = 3) -> tuple[list[Any], JsonItems]:
    response = httpx.Response(200, stream=Chunks(split(body, cuts)))
    items = JsonItems("Test", response, "data.item", batch)
    out: list[Any] = []
    async for group in items.batches():
        assert 0 < len(group) <= batch
        out.extend(group)
    return out, items


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=3),
    max_leaves=8)
rows = st.lists(st.dictionaries(st.text(max_size=8), values, max_size=4), max_size=12)


@settings(max_examples=150, deadline=None)
@given(rows=rows, cuts=st.lists(st.integers(min_value=0), max_size=6),
       batch=st.integers(min_value=1, max_value=5))
async def test_items_arrive_once_in_order_however_the_body_is_cut(
        rows: list[dict[str, Any]], cuts: list[int], batch: int) -> None:
    body = json.dumps({"data": rows, "meta": {"count": len(rows)}}).encode()
    got, items = await read(body, cuts, batch)
    assert got == rows
    assert items.count == len(rows)
    assert items.size == len(body)


@settings(max_examples=100, deadline=None)
@given(rows=rows.filter(bool), cut=st.integers(min_value=1))
async def test_a_body_cut_short_is_bad_data_after_the_items_before_it(
        rows: list[dict[str, Any]], cut: int) -> None:
    body = json.dumps({"data": rows}).encode()
    short = body[:cut % (len(body) - 1) + 1]
    with pytest.raises(BadData) as caught:
        await read(short, [])
    assert "cut short" in caught.value.message or "not JSON" in caught.value.message


async def test_money_stays_decimal() -> None:
    got, _ = await read(b'{"data": [{"price": 19.99, "n": 3}]}', [5])
    assert got == [{"price": Decimal("19.99"), "n": 3}]
    assert isinstance(got[0]["price"], Decimal)


@pytest.mark.parametrize("body", [b"", b"<html>proxy error</html>", b'{"data": [1, 2'])
async def test_empty_garbage_and_truncated_bodies_are_bad_data(body: bytes) -> None:
    with pytest.raises(BadData):
        await read(body, [3])


async def test_a_body_without_items_keeps_its_head_for_a_second_look() -> None:
    body = b'{"error": {"message": "GetCustomers: forbidden"}}'
    got, items = await read(body, [7, 20])
    assert got == [] and items.count == 0
    assert items.whole_head and items.head == body


async def test_only_the_first_bytes_are_kept() -> None:
    body = json.dumps({"data": ["x" * 1000] * 200}).encode()
    got, items = await read(body, list(range(0, len(body), 4096)), batch=50)
    assert len(got) == 200
    assert len(items.head) == HEAD_LIMIT and not items.whole_head
