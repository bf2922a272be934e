"""The LOKE sandbox's prerendered pages (``bench_sync.py --prerendered``): the same bytes as a
rendered page, served without rendering again; searches and the updated order never cached."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app.sandbox.loke import LokeServer
from app.sandbox.people import Population
from tests.conftest import ServeFn

SECRET = "sandbox-loke-secret"


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


async def _pages(http: httpx.AsyncClient, base: str, server: LokeServer,
                 params: dict[str, str] | None = None) -> list[tuple[bytes, str | None]]:
    token = (await http.post(f"{base}/token", data={
        "grant_type": "client_credentials", "client_id": server.client_id,
        "client_secret": SECRET})).json()["access_token"]
    url: str | None = f"{base}/organizations/{server.organization_id}/customers"
    out: list[tuple[bytes, str | None]] = []
    first = True
    while url:
        answer = await http.get(url, params=params if first else None,
                                headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("application/json")
        url = answer.headers.get("x-next-page")
        out.append((answer.content, url))
        first = False
    return out


async def test_prerendered_pages_are_the_rendered_pages_served_again(
        serve: ServeFn, population: Population, http: httpx.AsyncClient,
        monkeypatch: pytest.MonkeyPatch) -> None:
    server = LokeServer(population, SECRET)
    server.page_size = 7
    base = await serve(server)
    plain = await _pages(http, base, server)
    server.prerender(True)
    rendered = await _pages(http, base, server)
    assert rendered == plain and len(plain) > 2
    calls: list[Any] = []
    real = server._page

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(server, "_page", counting)
    assert await _pages(http, base, server) == plain
    assert calls == []  # served from the prepared bytes
    email = next(p.email for p in population.people() if p.in_loke and p.email)
    await _pages(http, base, server, {"email": email})
    await _pages(http, base, server, {"email": email})
    assert len(calls) == 2  # a search is rendered every time
    server.prerender(False)
    assert server.prerendered is None
    await _pages(http, base, server)
    assert len(calls) == 2 + len(plain)
