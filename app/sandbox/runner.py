"""Start all five fake vendors on loopback, and describe them as a store profile.

Used three ways: ``clientdesk sandbox`` (foreground, until Ctrl+C), training mode (a background
thread with its own event loop, so the GUI loop never serves sandbox traffic), and tests and
benchmarks (either, as they need).
"""

from __future__ import annotations

import asyncio
import secrets as token_source
import ssl
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from datetime import datetime
from typing import Any, TypeVar

import tomli_w
from aiohttp import web

from app.profile import VENDORS
from app.sandbox.base import VendorServer
from app.sandbox.faults import Faults
from app.sandbox.people import Population

T = TypeVar("T")
SANDBOX_STORE = {
    "id": "sandbox",
    "name": "Sandbox Store",
    "country": "AU",
    "timezone": "Australia/Sydney",
    "currency": "AUD",
}


def _server_classes() -> dict[str, type[VendorServer]]:
    from app.sandbox.booxi import BooxiServer
    from app.sandbox.loke import LokeServer
    from app.sandbox.qminder import QminderServer
    from app.sandbox.qudini import QudiniServer
    from app.sandbox.reservations import ReservationsServer

    return {
        "qminder": QminderServer,
        "qudini": QudiniServer,
        "booxi": BooxiServer,
        "reservations": ReservationsServer,
        "loke": LokeServer,
    }


class Sandbox:
    """All five servers over one population. Secrets are fresh random tokens per run."""

    def __init__(
        self,
        customers: int = 1000,
        seed: int = 1,
        *,
        faults: dict[str, Faults] | None = None,
        anchor: datetime | None = None,
        store_id: str = "sandbox",
        host: str = "127.0.0.1",
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.population = Population(customers, seed, anchor)
        self.store_id = store_id
        self.host = host
        #: Serve HTTPS (and WSS) with this server context instead of plain HTTP: tests of the
        #: client's certificate checks, with a throwaway CA.
        self.tls = tls
        faults = faults or {}
        self.secrets: dict[str, str] = {v: token_source.token_urlsafe(24) for v in VENDORS}
        self.servers: dict[str, VendorServer] = {
            name: cls(self.population, self.secrets[name], faults.get(name))
            for name, cls in _server_classes().items()
        }
        self.ports: dict[str, int] = {}
        self._runners: dict[str, web.AppRunner] = {}

    async def start(self, ports: dict[str, int] | None = None) -> None:
        for name in self.servers:
            await self.start_vendor(name, (ports or {}).get(name, 0))

    async def start_vendor(self, name: str, port: int = 0) -> None:
        """(Re)start one vendor; tests stop and start vendors to simulate outages."""
        runner = web.AppRunner(self.servers[name].build_app(), access_log=None,
                               handle_signals=False, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, self.host, port or self.ports.get(name, 0),
                           reuse_address=True, ssl_context=self.tls)
        await site.start()
        self.ports[name] = int(runner.addresses[-1][1])
        self._runners[name] = runner

    async def stop_vendor(self, name: str) -> None:
        runner = self._runners.pop(name, None)
        if runner is not None:
            await runner.cleanup()

    async def stop(self) -> None:
        for name in list(self._runners):
            await self.stop_vendor(name)

    def base_url(self, vendor: str) -> str:
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://{self.host}:{self.ports[vendor]}"

    def profile_dict(self) -> dict[str, Any]:
        profile: dict[str, Any] = {"store": dict(SANDBOX_STORE, id=self.store_id)}
        for name, server in self.servers.items():
            profile[name] = server.profile_table(self.base_url(name))
        return profile

    def profile_toml(self) -> str:
        header = ("# Written by `clientdesk sandbox`: a store profile for the fake vendors on "
                  "loopback.\n# Credentials are in the OS keyring, never in this file.\n")
        return header + tomli_w.dumps(self.profile_dict())


class ThreadedSandbox:
    """A :class:`Sandbox` served from its own thread and event loop."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="sandbox",
                                        daemon=True)

    def start(self) -> ThreadedSandbox:
        self._thread.start()
        self.call(self.sandbox.start())
        return self

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        """Run ``coro`` on the sandbox loop and wait for its result."""
        future: Future[T] = asyncio.run_coroutine_threadsafe(coro, self._loop)
        return future.result(timeout)

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        self.call(self.sandbox.stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    def __enter__(self) -> ThreadedSandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
