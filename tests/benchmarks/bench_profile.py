"""Customer profile: open from a warm cache to painted, and a refresh of every vendor at once.

    python tests/benchmarks/bench_profile.py [--customers N] [--opens K] [--refreshes R]

Starts a sandbox of N customers in a child process and fills a cache from it (a full sync), then:

1. refresh: with the sandbox slowed per vendor — LOKE 300 ms, reservations 600 ms, Booxi 900 ms
   per request, Qudini none — times ``ProfileService.refresh(force=True)`` for R customers who
   are in LOKE, reservations and Booxi and have a Qudini booking attached, so all four vendors
   do real work. One service (one client per vendor) serves every run, as the window keeps one
   for its life; its first refresh signs in to LOKE and reservations and is reported apart
   (``first_refresh_s``), not in the medians. ``slowest_vendor_s`` is the longest of the
   vendors' own times within one refresh (``Profile.seconds``), ``overhead_ms`` the refresh's
   total minus that: what running them together, saving each section and gathering costs.
   A request costs its latency, and a vendor makes several in a row (Booxi: find the client,
   then the history; reservations: the stats), so the slowest vendor is ~1.8 s, not 0.9 s.
2. open: refreshes K random cached customers once with no faults (so their sections are in
   the cache; Booxi's fair-use limit of 300 requests a minute makes this the slowest step),
   then times opening each from the cache to painted: the panel's own path offscreen —
   ``ProfilePanel.open_customer`` (which reads
   ``ProfileService.cached`` on the cache thread, paints the header, sections and timeline,
   and asks no vendor because every section is within its time-to-live), then the posted
   layout events and a synchronous repaint. The core's share (the cached read plus
   ``Profile.timeline`` and the header texts) is timed on its own as well (``core_open_*``).

The phases run in that order because Booxi's rate limiter is shared by the process: warming
K profiles first would leave the refresh runs waiting on it. The last line printed is one
JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _support import SandboxProcess, log, percentile, sync_into

from app.cache.db import Cache
from app.cache.thread import CacheThread
from app.customer import store
from app.customer.model import Status
from app.customer.service import Profile, ProfileService
from app.domain.contacts import mask_email, mask_phone
from app.sandbox.people import Population
from app.secrets import MemorySecrets

LATENCIES_MS = {"loke": 300, "reservations": 600, "booxi": 900}
#: Long enough that nothing opened in this run is stale: an open must not touch the network.
NO_EXPIRY = timedelta(days=1)


def service_for(box: SandboxProcess, jobs: CacheThread,
                ttl: timedelta | None = None) -> ProfileService:
    secrets = MemorySecrets(box.profile.store.id, box.secrets)
    return ProfileService(box.profile, secrets, jobs.run, ttl=ttl)


# -- refresh ----------------------------------------------------------------------------------
def everywhere(cache: Cache, customers: int, seed: int, count: int) -> list[int]:
    """Cached customers in LOKE, reservations and Booxi, each with a Qudini booking attached."""
    population = Population(customers, seed)
    conn = cache.connect()
    chosen: list[int] = []
    try:
        for person in population.people(0, min(customers, 20_000)):
            if not (person.in_loke and person.in_reservations and person.in_booxi
                    and person.email and person.qudini_bookings
                    and not person.reservations_dummy):
                continue
            row = conn.execute("SELECT customer_id FROM contact_index WHERE kind = 'email' "
                               "AND value = ?", (person.email.casefold(),)).fetchone()
            if row is None or row[0] in chosen:
                continue
            with conn:
                store.attach_qudini(conn, person.qudini_identifier(0), int(row[0]),
                                    datetime.now(UTC))
            chosen.append(int(row[0]))
            if len(chosen) == count:
                break
    finally:
        conn.close()
    if len(chosen) < count:
        raise SystemExit(f"only {len(chosen)} customers are in every vendor; use more "
                         "--customers")
    return chosen


async def refresh_runs(box: SandboxProcess, cache: Cache,
                       ids: list[int]) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """The first refresh (sign-ins included), then one timed refresh per remaining id."""
    jobs = CacheThread(cache, name="bench-refresh")
    service = service_for(box, jobs)
    runs: list[dict[str, Any]] = []
    try:
        for customer_id in ids:
            profile = await service.cached(customer_id)
            assert profile is not None
            started = time.perf_counter()
            profile = await service.refresh(profile, force=True)
            total = time.perf_counter() - started
            bad = {v: profile.sections.get(v).message for v in service.vendors()
                   if profile.sections.get(v).status != Status.OK}
            if bad:
                raise SystemExit(f"customer {customer_id}: a vendor did not answer: {bad}")
            slowest = max(profile.seconds, key=lambda v: profile.seconds[v])
            runs.append({"total": total, "slowest": profile.seconds[slowest],
                         "slowest_vendor": slowest, "seconds": dict(profile.seconds)})
            log(f"refresh {customer_id}: {total:.3f} s, slowest {slowest} "
                f"{profile.seconds[slowest]:.3f} s")
    finally:
        await service.aclose()
        await asyncio.to_thread(jobs.close)
    first = runs.pop(0)
    return {"total": first["total"], "slowest": first["slowest"]}, runs


# -- open ---------------------------------------------------------------------------------------
def some_customers(cache: Cache, count: int, seed: int) -> list[int]:
    conn = cache.connect(readonly=True)
    try:
        ids = [r[0] for r in conn.execute("SELECT id FROM customers ORDER BY id")]
    finally:
        conn.close()
    return random.Random(seed).sample(ids, min(count, len(ids)))


async def warm(box: SandboxProcess, cache: Cache, ids: list[int]) -> None:
    """Refresh every customer once (four at a time) so each section is in the cache."""
    jobs = CacheThread(cache, name="bench-warm")
    service = service_for(box, jobs)
    gate = asyncio.Semaphore(4)
    done = 0

    async def one(customer_id: int) -> None:
        nonlocal done
        async with gate:
            profile = await service.cached(customer_id)
            assert profile is not None
            await service.refresh(profile)
            done += 1
            if done % 50 == 0:
                log(f"warmed {done}/{len(ids)}")

    try:
        await asyncio.gather(*(one(i) for i in ids))
    finally:
        await service.aclose()
        await asyncio.to_thread(jobs.close)


def header_texts(profile: Profile) -> list[str]:
    """What the header shows: name, masked contacts, link reasons, blacklist banner."""
    head = profile.header
    texts: list[str] = []
    if head is not None:
        texts.append(head.name)
        texts += [mask_email(e) for e in head.emails] + [mask_phone(p) for p in head.phones]
        texts += head.link_reasons
    flagged, reason = profile.blacklisted()
    if flagged:
        texts.append(f"BLACKLISTED: {reason}")
    return texts


async def core_opens(box: SandboxProcess, cache: Cache, ids: list[int]) -> list[float]:
    """Cached read on the cache thread, then the timeline and header the panel shows (ms)."""
    jobs = CacheThread(cache, name="bench-open")
    service = service_for(box, jobs, NO_EXPIRY)
    timings: list[float] = []
    try:
        warm = ids[:20]  # up to 20 untimed opens to warm up
        for index, customer_id in enumerate([*warm, *ids]):
            started = time.perf_counter()
            profile = await service.cached(customer_id)
            assert profile is not None
            profile.timeline(service.clock())
            header_texts(profile)
            if index >= len(warm):
                timings.append((time.perf_counter() - started) * 1000)
    finally:
        await service.aclose()
        await asyncio.to_thread(jobs.close)
    return timings


def panel_opens(box: SandboxProcess, cache: Cache, ids: list[int]) -> list[float]:
    """``ProfilePanel.open_customer`` to painted, offscreen (ms)."""
    import qasync
    from PySide6.QtCore import QCoreApplication, QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from ui.profile.panel import ProfilePanel

    def quiet(_kind: QtMsgType, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:  # the offscreen platform's one limitation
            log(message)

    qInstallMessageHandler(quiet)
    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    jobs = CacheThread(cache, name="bench-panel")
    service = service_for(box, jobs, NO_EXPIRY)
    panel = ProfilePanel(service)
    panel.resize(1280, 800)
    panel.show()
    timings: list[float] = []

    async def run() -> None:
        warm = ids[:20]  # up to 20 untimed opens to warm up
        for index, customer_id in enumerate([*warm, *ids]):
            started = time.perf_counter()
            panel.open_customer(customer_id)
            await panel.idle()
            QCoreApplication.sendPostedEvents()  # layout requests the paint depends on
            panel.repaint()  # paint now, not on the next turn of the loop
            elapsed = (time.perf_counter() - started) * 1000
            opened = panel.profile
            if opened is None or opened.customer_id != customer_id or opened.seconds:
                raise SystemExit(f"customer {customer_id}: the panel did not open it from "
                                 "the cache alone")
            if index >= len(warm):
                timings.append(elapsed)
        await service.aclose()

    with loop:
        loop.run_until_complete(run())
    panel.close_tasks()
    panel.close()
    jobs.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--opens", type=int, default=200)
    parser.add_argument("--refreshes", type=int, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    cache = Cache.open(folder / "profile.sqlite3")
    with SandboxProcess(args.customers, args.seed) as box:
        log(f"filling the cache from a sandbox of {args.customers} customers …")
        sync_s = asyncio.run(sync_into(cache, box))
        log(f"synced in {sync_s:.1f} s; refreshing with latencies {LATENCIES_MS} …")
        chosen = everywhere(cache, args.customers, args.seed, args.refreshes + 1)
        box.set_faults([f"{vendor}:latency={ms}" for vendor, ms in LATENCIES_MS.items()])
        first, runs = asyncio.run(refresh_runs(box, cache, chosen))
        box.set_faults([])
        opened = some_customers(cache, args.opens, args.seed)
        log(f"warming {len(opened)} profiles (Booxi allows 300 requests a minute) …")
        started = time.perf_counter()
        asyncio.run(warm(box, cache, opened))
        log(f"warmed in {time.perf_counter() - started:.1f} s; opening …")
        core = asyncio.run(core_opens(box, cache, opened))
        panel = panel_opens(box, cache, opened)
    conn = cache.connect()
    unified = conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    conn.close()
    opens = panel
    totals = [r["total"] for r in runs]
    slowest = [r["slowest"] for r in runs]
    overheads = [(r["total"] - r["slowest"]) * 1000 for r in runs]
    vendors = sorted({v for r in runs for v in r["seconds"]})
    print(json.dumps({
        "customers": args.customers,
        "unified_customers": unified,
        "sync_s": round(sync_s, 2),
        "opens": len(opens),
        "open_p50_ms": round(percentile(opens, 0.50), 2),
        "open_p95_ms": round(percentile(opens, 0.95), 2),
        "open_max_ms": round(max(opens), 2),
        "core_open_p50_ms": round(percentile(core, 0.50), 2),
        "core_open_p95_ms": round(percentile(core, 0.95), 2),
        "refreshes": len(runs),
        "latencies_ms": LATENCIES_MS,
        "refresh_s": round(statistics.median(totals), 3),
        "slowest_vendor_s": round(statistics.median(slowest), 3),
        "overhead_ms": round(statistics.median(overheads), 1),
        "overhead_max_ms": round(max(overheads), 1),
        "vendor_s": {v: round(statistics.median(r["seconds"][v] for r in runs), 3)
                     for v in vendors},
        "one_after_another_s": round(statistics.median(sum(r["seconds"].values())
                                                       for r in runs), 3),
        "first_refresh_s": round(first["total"], 3),
    }))


if __name__ == "__main__":
    main()
