"""Full sync time against the raw time to fetch the same pages, and the GUI's longest stall.

    python tests/benchmarks/bench_sync.py [--customers N] [--gc tuned|default]

Starts a sandbox of N customers in a child process, then in the same run:
1. raw fetch: every LOKE customer page and the reservations customer list and blacklist,
   bytes only (no JSON parsing, no storing) — measured before and after the sync, averaged;
2. a full sync into a fresh cache the way the window runs it (``SyncScheduler`` on a qasync
   loop, the sync on its own thread, writes on the cache worker thread) while a 5 ms QTimer on
   the GUI loop records the longest gap between its ticks (the stall);
3. after 100 customers changed in LOKE, the window's next interval sync (``resync_s``,
   ``resync_requests``: the LOKE requests it made, the token one included) — an incremental
   pass (app/sync/loke.py); then one more with nothing changed (``idle_resync_s``,
   ``idle_resync_requests``). LOKE's ``sort=updated`` order is built in the sandbox before
   anything is timed (as LOKE's index exists before we ask); ``--updated asc|desc`` picks
   its direction (LOKE does not document it).
``--writer thread`` stores the first sync's LOKE pages as before the writer process
(:mod:`app.sync.writer_process`): read in this process, stored by the writer thread.
``--gc default`` runs both syncs with CPython's own collector settings instead of
:mod:`app.gctune`'s, to show whether the tuning still pays. ``--prerendered``: the LOKE sandbox
serves the first sync's pages as bytes rendered in advance (by a warm-up fetch that is not
timed), so ``sync_s`` and ``ratio`` measure us and not the sandbox building JSON; it is off
again for the re-sync. ``gui_rss_mib`` is the peak resident memory of this process — the
window's — sampled during the syncs; ``fill_1m_s`` is ``sync_s`` again, printed only for
``--customers 1000000`` (the first fill of a million-customer loyalty program). The last line
printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta
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
        # sort=updated: the pages a full sync reads (app/sync/loke.py).
        url: str | None = (f"{loke.base_url}/organizations/{loke.organization_id}/customers"
                           "?sort=updated")
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


def rss_mib() -> float:
    """This process's resident memory now (VmRSS), or its peak so far where /proc is absent."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def gui_sync(box: SandboxProcess, cache: Cache, *,
             tuned_gc: bool = True,
             writer_process: bool = True) -> tuple[float, float, SyncReport, float]:
    """Sync as the window does; returns (seconds, longest GUI stall in ms, report, peak RSS
    in MiB sampled every 50 ms during the sync)."""
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
    peak = {"rss": rss_mib()}

    def sample() -> None:
        peak["rss"] = max(peak["rss"], rss_mib())

    sampler = QTimer()
    sampler.setInterval(50)
    sampler.timeout.connect(sample)

    async def run() -> tuple[float, SyncReport]:
        done: asyncio.Future[SyncReport] = loop.create_future()
        engine = SyncEngine(box.profile, MemorySecrets(box.profile.store.id, box.secrets), cache,
                            incremental=True,  # as ui/main.py builds it
                            writer_process=writer_process)
        scheduler = SyncScheduler(engine, on_report=lambda r: done.done() or done.set_result(r))
        stall["last"] = stall["t0"] = time.perf_counter()
        timer.start()
        sampler.start()
        started = time.perf_counter()
        scheduler.start()
        report = await done
        seconds = time.perf_counter() - started
        timer.stop()
        sampler.stop()
        sample()
        await scheduler.aclose()
        return seconds, report

    with loop:
        seconds, report = loop.run_until_complete(run())
    return seconds, stall["max"] * 1000, report, peak["rss"]


async def loke_only(box: SandboxProcess, cache: Cache) -> tuple[float, int, str]:
    """One interval sync of LOKE alone: (seconds, LOKE requests, mode). Beside the window's
    run, where LOKE shares the cache writer with the reservations diff and waits behind it."""
    served = box.loke("request_count")
    started = time.perf_counter()
    async with SyncEngine(box.profile, MemorySecrets(box.profile.store.id, box.secrets), cache,
                          incremental=True) as engine:
        report = await engine.run(["loke"])
    seconds = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"LOKE sync failed: {report}")
    return seconds, box.loke("request_count") - served, report.result("loke").mode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--gc", choices=["tuned", "default"], default="tuned",
                        help="tuned: app/gctune.py as the window applies it (the default); "
                             "default: CPython's own collector settings, for comparison")
    parser.add_argument("--prerendered", action="store_true",
                        help="the LOKE sandbox serves the first sync's pages rendered in "
                             "advance, so the figure measures us and not the sandbox")
    parser.add_argument("--updated", choices=["desc", "asc"], default="desc",
                        help="direction of the LOKE sandbox's sort=updated")
    parser.add_argument("--writer", choices=["process", "thread"], default="process",
                        help="process: a full LOKE pass's pages stored by the writer process, "
                             "as the window does (the default); thread: read in the window's "
                             "process and stored by the writer thread, for comparison")
    args = parser.parse_args()
    tuned = args.gc == "tuned"
    folder = Path(tempfile.mkdtemp())
    with SandboxProcess(args.customers, args.seed) as box:
        if args.updated != "desc":
            box.loke("set_updated_order", args.updated)
        log("building LOKE's sort=updated order in the sandbox (not timed) …")
        box.loke("build_order")
        if args.prerendered:
            box.prerender(True)
            log("rendering the LOKE pages in advance …")
            asyncio.run(raw_fetch(box))
        log("raw fetch …")
        raw_before, size = asyncio.run(raw_fetch(box))
        log(f"raw fetch {raw_before:.1f} s ({size / 2**20:.0f} MiB); full sync …")
        cache = Cache.open(folder / "sync.sqlite3")
        sync_s, stall_ms, report, sync_rss = gui_sync(box, cache, tuned_gc=tuned,
                                                     writer_process=args.writer == "process")
        if args.prerendered:
            box.prerender(False)  # the re-sync may see changed customers
        changed_at = datetime.now(UTC).replace(microsecond=0)
        box.loke("change", 100, changed_at)
        log(f"sync {sync_s:.1f} s; 100 customers changed, interval sync …")
        served = box.loke("request_count")
        resync_s, resync_stall_ms, again, resync_rss = gui_sync(box, cache, tuned_gc=tuned)
        resync_requests = box.loke("request_count") - served
        log(f"resync {resync_s:.2f} s, {resync_requests} LOKE requests "
            f"({again.result('loke').mode}); again with nothing changed …")
        served = box.loke("request_count")
        idle_s, idle_stall_ms, idle, idle_rss = gui_sync(box, cache, tuned_gc=tuned)
        idle_requests = box.loke("request_count") - served
        box.loke("change", 100, changed_at.replace(second=0) + timedelta(minutes=1))
        changed_loke = asyncio.run(loke_only(box, cache))
        idle_loke = asyncio.run(loke_only(box, cache))
        log(f"LOKE alone: {changed_loke} after 100 changes, {idle_loke} with none")
        resync_stall_ms = max(resync_stall_ms, idle_stall_ms)
        resync_rss = max(resync_rss, idle_rss)
        log(f"resync {resync_s:.1f} s; raw fetch again …")
        raw_after, _ = asyncio.run(raw_fetch(box))
    if not (report.ok and again.ok and idle.ok):
        raise SystemExit(f"sync failed: {report} / {again} / {idle}")
    # Prerendered, only the run before the sync fetched the same prepared pages it did.
    raw = raw_before if args.prerendered else (raw_before + raw_after) / 2
    cache_bytes = sum(p.stat().st_size for p in folder.glob("sync.sqlite3*"))
    conn = cache.connect()
    unified = conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    records = conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    conn.close()
    fill = {"fill_1m_s": round(sync_s, 2)} if args.customers == 1_000_000 else {}
    print(json.dumps({
        "customers": args.customers,
        "gc": args.gc,
        "prerendered": args.prerendered,
        "writer": args.writer,
        "records": records,
        "unified_customers": unified,
        "sync_s": round(sync_s, 2),
        "raw_fetch_s": round(raw, 2),
        "raw_fetch_runs_s": [round(raw_before, 2), round(raw_after, 2)],
        "ratio": round(sync_s / raw, 2),
        "max_stall_ms": round(max(stall_ms, resync_stall_ms), 1),
        "gui_rss_mib": round(max(sync_rss, resync_rss), 1),
        **fill,
        "resync_s": round(resync_s, 2),
        "resync_requests": resync_requests,
        "resync_mode": again.result("loke").mode,
        "resync_changed": again.result("loke").changed,
        "resync_loke_s": again.result("loke").seconds,  # LOKE's part of resync_s
        "loke_only_resync_s": round(changed_loke[0], 2),
        "loke_only_resync_requests": changed_loke[1],
        "loke_only_idle_s": round(idle_loke[0], 2),
        "loke_only_idle_requests": idle_loke[1],
        "idle_resync_s": round(idle_s, 2),
        "idle_resync_loke_s": idle.result("loke").seconds,
        "idle_resync_requests": idle_requests,
        "resync_ratio": round(resync_s / raw, 2),
        "cache_mib": round(cache_bytes / 2**20, 1),
        "rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


if __name__ == "__main__":
    main()
