"""Full sync time against the raw time to fetch the same pages, and the GUI's longest stall.

    python tests/benchmarks/bench_sync.py [--customers N] [--gc tuned|default]

Starts a sandbox of N customers in a child process, then in the same run:
1. raw fetch: every LOKE customer page and the reservations customer list and blacklist,
   bytes only (no JSON parsing, no storing) — measured before and after the sync, averaged;
2. a full sync into a fresh cache the way the window runs it (``SyncScheduler`` on a qasync
   loop, the sync on its own thread, writes on the cache worker thread) while a 5 ms QTimer on
   the GUI loop records the longest gap between its ticks (the stall);
3. the same sync again on the filled cache (``resync_s``): what every later interval costs
   when little has changed upstream.
``--gc default`` runs both syncs with CPython's own collector settings instead of
:mod:`app.gctune`'s, to show whether the tuning still pays. The last line printed is one JSON
object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
from _support import SandboxProcess, log

from app.cache.db import Cache
from app.gctune import tune_gc
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine
from app.sync.events import SyncReport
from app.sync.scheduler import SyncScheduler


async def raw_fetch(box: SandboxProcess) -> tuple[float, int]:
    """Seconds and bytes to fetch everything a sync fetches, without parsing it."""
    loke, res = box.profile.loke, box.profile.reservations
    assert loke is not None and res is not None
    received = 0
    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=120) as http:
        token = (await http.post(loke.token_url, data={
            "grant_type": "client_credentials", "client_id": loke.client_id,
            "client_secret": box.secrets["loke"]})).json()["access_token"]
        url: str | None = f"{loke.base_url}/organizations/{loke.organization_id}/customers"
        while url:
            page = await http.get(url, headers={"Authorization": f"Bearer {token}"})
            received += len(page.content)
            url = page.headers.get("x-next-page")
            if url and url.startswith("/"):
                url = loke.base_url + url
        login = await http.post(f"{res.base_url}/api/v1/auth/login",
                                json={"email": res.email, "password": box.secrets["reservations"]})
        cookies = "; ".join(h.split(";", 1)[0] for h in login.headers.get_list("set-cookie"))
        headers = {"Cookie": cookies}
        me = await http.get(f"{res.base_url}/api/v1/auth/me", headers=headers)
        merchant = me.json()["data"]["memberships"][0]["merchant_id"]
        for tail in ("customers", "customers/blacklist"):
            body = await http.get(f"{res.base_url}/api/v1/merchants/{merchant}/{tail}",
                                  headers=headers)
            received += len(body.content)
    return time.perf_counter() - started, received


def gui_sync(box: SandboxProcess, cache: Cache, *,
             tuned_gc: bool = True) -> tuple[float, float, SyncReport]:
    """Sync as the window does; returns (seconds, longest GUI stall in ms, report)."""
    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication


    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    if tuned_gc:
        tune_gc()  # as the window does once it is up (ui/main.py)
    asyncio.set_event_loop(loop)
    stall = {"last": time.perf_counter(), "max": 0.0, "t0": time.perf_counter()}

    def tick() -> None:
        now = time.perf_counter()
        gap = now - stall["last"]
        if gap > 0.03 and os.environ.get("BENCH_DEBUG"):
            log(f"stall {gap * 1000:.0f} ms at {now - stall['t0']:.2f} s")
        stall["max"] = max(stall["max"], gap)
        stall["last"] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)

    async def run() -> tuple[float, SyncReport]:
        done: asyncio.Future[SyncReport] = loop.create_future()
        engine = SyncEngine(box.profile, MemorySecrets(box.profile.store.id, box.secrets), cache)
        scheduler = SyncScheduler(engine, on_report=lambda r: done.done() or done.set_result(r))
        stall["last"] = stall["t0"] = time.perf_counter()
        timer.start()
        started = time.perf_counter()
        scheduler.start()
        report = await done
        seconds = time.perf_counter() - started
        timer.stop()
        await scheduler.aclose()
        return seconds, report

    with loop:
        seconds, report = loop.run_until_complete(run())
    return seconds, stall["max"] * 1000, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--gc", choices=["tuned", "default"], default="tuned",
                        help="tuned: app/gctune.py as the window applies it (the default); "
                             "default: CPython's own collector settings, for comparison")
    args = parser.parse_args()
    tuned = args.gc == "tuned"
    folder = Path(tempfile.mkdtemp())
    with SandboxProcess(args.customers, args.seed) as box:
        log("raw fetch …")
        raw_before, size = asyncio.run(raw_fetch(box))
        log(f"raw fetch {raw_before:.1f} s ({size / 2**20:.0f} MiB); full sync …")
        cache = Cache.open(folder / "sync.sqlite3")
        sync_s, stall_ms, report = gui_sync(box, cache, tuned_gc=tuned)
        log(f"sync {sync_s:.1f} s; again on the filled cache …")
        resync_s, resync_stall_ms, again = gui_sync(box, cache, tuned_gc=tuned)
        log(f"resync {resync_s:.1f} s; raw fetch again …")
        raw_after, _ = asyncio.run(raw_fetch(box))
    if not (report.ok and again.ok):
        raise SystemExit(f"sync failed: {report} / {again}")
    raw = (raw_before + raw_after) / 2
    cache_bytes = sum(p.stat().st_size for p in folder.glob("sync.sqlite3*"))
    conn = cache.connect()
    unified = conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    records = conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    conn.close()
    print(json.dumps({
        "customers": args.customers,
        "gc": args.gc,
        "records": records,
        "unified_customers": unified,
        "sync_s": round(sync_s, 2),
        "raw_fetch_s": round(raw, 2),
        "raw_fetch_runs_s": [round(raw_before, 2), round(raw_after, 2)],
        "ratio": round(sync_s / raw, 2),
        "max_stall_ms": round(max(stall_ms, resync_stall_ms), 1),
        "resync_s": round(resync_s, 2),
        "resync_ratio": round(resync_s / raw, 2),
        "cache_mib": round(cache_bytes / 2**20, 1),
        "rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


if __name__ == "__main__":
    main()
