"""Shared by the benchmark scripts: a sandbox in its own process, and a synced cache.

The sandbox runs in a child process so that generating vendor data never competes with the
code being measured for the interpreter lock — as with real vendors, which are other machines.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.cache.db import Cache  # noqa: E402
from app.profile import StoreProfile, profile_from_dict  # noqa: E402
from app.secrets import MemorySecrets  # noqa: E402
from app.sync.engine import SyncEngine  # noqa: E402

#: Server-side methods of the child's Qminder a benchmark may call (``SandboxProcess.qminder``).
QMINDER_METHODS = frozenset({
    "create_ticket", "call_ticket", "recall_ticket", "serve_ticket", "noshow_ticket",
    "cancel_ticket", "return_ticket", "add_label", "remove_label", "set_labels",
    "drop_websockets", "fill_queue",
})


#: Server-side methods of the child's LOKE a benchmark may call (``SandboxProcess.loke``):
#: customers changed or added between syncs, and the ``sort=updated`` order built in advance.
LOKE_METHODS = frozenset({"change", "add", "build_order", "request_count",
                          "set_updated_order"})


def _qminder_call(box: Any, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """One server-side change on the child's Qminder, on its own loop (as REST would)."""
    server = box.servers["qminder"]
    if method not in QMINDER_METHODS:
        raise ValueError(f"not a Qminder sandbox method: {method}")
    if method == "fill_queue":  # (count, prefix): waiting visitors spread over the lines
        count, prefix = args
        lines = [line["id"] for line in server.lines]
        return [server.create_ticket(lines[k % len(lines)], f"{prefix}{k}",
                                     last_name="Filler")["id"] for k in range(count)]
    return getattr(server, method)(*args, **kwargs)


def _serve(customers: int, seed: int, pipe: Connection) -> None:
    from app.profile import VENDORS
    from app.sandbox.faults import parse_fault_specs
    from app.sandbox.runner import Sandbox

    async def main() -> None:
        box = Sandbox(customers, seed)
        await box.start()
        pipe.send((box.profile_dict(), box.secrets))
        loop = asyncio.get_running_loop()
        while True:
            # "stop"; ("faults", specs): replace every server's faults; ("qminder", method,
            # args, kwargs): a server-side change on Qminder, answered ("ok", result) or
            # ("error", text) — the sandbox lives in this process, so only it can make one.
            message = await loop.run_in_executor(None, pipe.recv)
            if message == "stop":
                break
            if message[0] == "prerender":  # ("prerender", on): LOKE pages as bytes
                box.servers["loke"].prerender(bool(message[1]))
                pipe.send("ok")
                continue
            if message[0] == "loke":  # ("loke", method, args): answered like "qminder"
                _, method, args = message
                try:
                    if method not in LOKE_METHODS:
                        raise ValueError(f"not a LOKE sandbox method: {method}")
                    pipe.send(("ok", getattr(box.servers["loke"], method)(*args)))
                except Exception as exc:  # reported to the benchmark, which stops
                    pipe.send(("error", repr(exc)))
                continue
            if message[0] == "qminder":
                _, method, args, kwargs = message
                try:
                    pipe.send(("ok", _qminder_call(box, method, args, kwargs)))
                except Exception as exc:  # reported to the benchmark, which stops
                    pipe.send(("error", repr(exc)))
                continue
            _, specs = message
            for vendor, faults in parse_fault_specs(specs, VENDORS).items():
                box.servers[vendor].faults = faults
            pipe.send("ok")
        await box.stop()

    asyncio.run(main())


class SandboxProcess:
    """Five fake vendors on loopback in a child process."""

    def __init__(self, customers: int, seed: int = 1) -> None:
        ctx = mp.get_context("spawn")
        self._pipe, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(customers, seed, child), daemon=True)
        self.process.start()
        if not self._pipe.poll(120):
            raise RuntimeError("the sandbox did not start")
        raw, self.secrets = self._pipe.recv()
        self.raw_profile: dict[str, Any] = raw
        self.profile: StoreProfile = profile_from_dict(raw, "sandbox")

    def set_faults(self, specs: list[str]) -> None:
        """Faults from now on, as ``clientdesk sandbox --faults`` reads them (``[]``: none).

        Set at run time rather than at start so a benchmark can fill its cache at full speed
        and then time the vendors slowed down.
        """
        self._pipe.send(("faults", list(specs)))
        if not self._pipe.poll(30) or self._pipe.recv() != "ok":
            raise RuntimeError("the sandbox did not take the faults")

    def prerender(self, on: bool) -> None:
        """LOKE serves the plain customer list from pages rendered once (``--prerendered``).

        Pages are kept as first served and never refreshed: turn it off before changing
        customers (which also drops them)."""
        self._pipe.send(("prerender", on))
        if not self._pipe.poll(30) or self._pipe.recv() != "ok":
            raise RuntimeError("the sandbox did not take the prerender switch")

    def loke(self, method: str, *args: Any, timeout: float = 600) -> Any:
        """Call a server-side method of the child's LOKE (``change(count, now)``,
        ``add(count, now)``, ``build_order()``) and return its result."""
        self._pipe.send(("loke", method, args))
        if not self._pipe.poll(timeout):
            raise RuntimeError("the sandbox did not answer a LOKE call")
        status, result = self._pipe.recv()
        if status != "ok":
            raise RuntimeError(f"the sandbox's LOKE refused the call: {result}")
        return result

    def qminder(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call a server-side method of the child's Qminder (``create_ticket``, ``call_ticket``,
        ``add_label``, …, or ``fill_queue(count, prefix)``) and return its result. Each
        change is pushed to the live subscriptions as if a kiosk or another counter made it."""
        self.qminder_send(method, *args, **kwargs)
        return self.qminder_reply()

    def qminder_send(self, method: str, *args: Any, **kwargs: Any) -> None:
        """Only send the call (a timed event); collect its answer with :meth:`qminder_reply`.

        Split so a benchmark can start its clock at the send and stop it when the change
        reaches the app, without waiting on the pipe in between."""
        self._pipe.send(("qminder", method, args, kwargs))

    def qminder_reply(self, timeout: float = 30) -> Any:
        if not self._pipe.poll(timeout):
            raise RuntimeError("the sandbox did not answer a Qminder call")
        status, result = self._pipe.recv()
        if status != "ok":
            raise RuntimeError(f"the sandbox's Qminder refused the call: {result}")
        return result

    def stop(self) -> None:
        self._pipe.send("stop")
        self.process.join(30)
        if self.process.is_alive():
            self.process.kill()

    def __enter__(self) -> SandboxProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


async def sync_into(cache: Cache, box: SandboxProcess) -> float:
    """Run a full sync of the sandbox into ``cache``; seconds taken."""
    started = time.perf_counter()
    async with SyncEngine(box.profile, MemorySecrets(box.profile.store.id, box.secrets),
                          cache) as engine:
        report = await engine.run()
    if not report.ok:
        raise RuntimeError(f"sync failed: {report}")
    return time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
