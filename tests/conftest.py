"""Shared fixtures: loopback-only network, fake vendor servers on real sockets, test keyrings."""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import keyring
import pytest
from aiohttp import web

from app.cache.db import Cache
from app.cache.writer import CacheWriter
from app.sandbox.base import VendorServer
from app.sandbox.people import Population
from tests.support.memory_keyring import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # A desk-sized screen (the plugin's own is 800×800, smaller than any counter's): windows
    # open and restore as they would at a 1920×1080 counter. ui/window/test_screen_fit.py and
    # tests/ui/test_walk.py try the 1366×768 ones.
    _screens = Path(tempfile.gettempdir()) / "clientdesk-test-screens.json"
    _screens.write_text(json.dumps({"screens": [{
        "name": "desk", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96,
        "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screens}"
# Every figure and date the tests read is in the store's locale (app.formatting): the same on
# every machine only when the machine's own locale cannot leak in. C names no language, so
# the store's country decides (English in the test stores), here and in every child process.
for _name in ("LANG", "LANGUAGE", "LC_MESSAGES", "CLIENTDESK_LANGUAGE", "CLIENTDESK_THEME"):
    os.environ.pop(_name, None)
os.environ["LC_ALL"] = "C.UTF-8"

#: Bookings are generated around this instant so assertions about "upcoming" are stable.
ANCHOR = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _check_address(address: Any) -> None:
    if isinstance(address, tuple):
        host = address[0]
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise OSError(f"tests may only reach loopback, not {host!r}")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _check_address(address)
    _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _check_address(address)
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True, scope="session")
def loopback_only() -> Iterator[None]:
    """No test may contact a real vendor host: any non-loopback connect fails loudly."""
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _real_connect_ex  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets a fresh in-memory keyring; only the keyring_real test uses the OS one."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def population() -> Population:
    return Population(200, seed=3, anchor=ANCHOR)


ServeFn = Callable[[VendorServer], Awaitable[str]]


@pytest.fixture
async def serve() -> AsyncIterator[ServeFn]:
    """Serve a fake vendor on 127.0.0.1 (ephemeral port) in the test's loop; returns its URL."""
    runners: list[web.AppRunner] = []

    async def _serve(server: VendorServer) -> str:
        runner = web.AppRunner(server.build_app(), access_log=None, handle_signals=False,
                               shutdown_timeout=0.2)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        port = runner.addresses[0][1]
        return f"http://127.0.0.1:{port}"

    yield _serve
    for runner in runners:
        await runner.cleanup()


@pytest.fixture
def small_cache(tmp_path: Path) -> Cache:
    """Five hand-made customers: accents, a blacklisted link, markup in a name (for the core's
    search reader and the window's search alike)."""
    from tests.app.cache.conftest import SMALL_PEOPLE, SMALL_RESERVATIONS

    cache = Cache.open(tmp_path / "small.sqlite3")
    writer = CacheWriter(cache)
    try:
        writer.upsert("loke", SMALL_PEOPLE)
        writer.replace_all("reservations", SMALL_RESERVATIONS)
    finally:
        writer.close()
    return cache


@pytest.fixture(autouse=True)
def user_dirs(platformdirs_isolated: Path) -> Path:
    """Every test gets its own per-user folders (data, state…): the manager-PIN try counter
    lives in the user's state folder, which no option moves, so tests must not share it."""
    return platformdirs_isolated


@pytest.fixture(autouse=True)
def no_machine_profile(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
                       ) -> Path:
    """The machine-wide profile (``/etc/clientdesk/store.toml`` once the package is installed)
    is never picked up by a test by accident: it points at a file that does not exist."""
    target = tmp_path_factory.mktemp("machine") / "store.toml"
    monkeypatch.setattr("app.paths.machine_profile", lambda *args, **kwargs: target)
    return target
