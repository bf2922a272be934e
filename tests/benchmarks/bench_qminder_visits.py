"""Qminder visits pull: requests a day for a busy location, against this counter's share.

    python tests/benchmarks/bench_qminder_visits.py [--per-day N] [--days D] [--interval-min M]
                                                   [--per-hour R] [--customers C]

Starts the sandbox with D days (90) of N finished tickets a day (400: a busy location) and runs
the real pull (:func:`app.sync.qminder.sync_qminder_visits`, over loopback HTTP, every request
counted by an httpx hook) at a pinned clock:

1. **Back-fill**: pulls every M minutes until the 90-day history is in the cache — the
   requests, pulls and seconds it took, and the visits stored.
2. **A day of steady state**: 24 × 60 / M pulls, M minutes apart, while N visitors a day take a
   ticket and are served or marked no-show between pulls — the requests measured over that day
   (``measured_requests_per_day``).

Printed beside them: the arithmetic of the module docstring (``estimated_requests_per_day``:
one request a pull), the counter's share (``share_per_day`` = R × 24) and the fraction of it
the pull used. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from app.cache.db import Cache  # noqa: E402
from app.cache.state import read_states  # noqa: E402
from app.profile import profile_from_dict  # noqa: E402
from app.sandbox.qminder import QminderServer  # noqa: E402
from app.sandbox.runner import Sandbox  # noqa: E402
from app.sync.context import VendorContext  # noqa: E402
from app.sync.qminder import VISITS_LIMITS, budget, sync_qminder_visits  # noqa: E402
from app.sync.worker import CacheWorker  # noqa: E402
from app.vendors.qminder import QminderClient  # noqa: E402

ANCHOR = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


class Pulls:
    """The pull at a chosen clock, counting every request it makes."""

    def __init__(self, box: Sandbox, cache: Cache, per_hour: int) -> None:
        profile = profile_from_dict(box.profile_dict(), "sandbox profile")
        assert profile.qminder is not None
        self.table = profile.qminder.model_copy(update={"requests_per_hour": per_hour})
        self.secret = box.secrets["qminder"]
        self.worker = CacheWorker(cache)
        self.requests = 0
        self.now = ANCHOR

    async def pull(self) -> Any:
        async def count(_request: httpx.Request) -> None:
            self.requests += 1

        saved = await self.worker.run(lambda writer: read_states(writer.conn))
        stamp = self.now.isoformat(timespec="seconds")
        ctx = VendorContext("qminder", self.worker, "AU", lambda _e: None, stamp,
                            now=lambda: stamp)
        async with httpx.AsyncClient(event_hooks={"request": [count]}) as http, \
                QminderClient(self.table, self.secret, client=http,
                              limits=VISITS_LIMITS) as client:
            return await sync_qminder_visits(client, ctx, saved.get("qminder"))

    def through(self) -> datetime | None:
        conn = self.worker.cache.connect(readonly=True)
        try:
            cursor = read_states(conn)["qminder"].cursor
        finally:
            conn.close()
        value = json.loads(cursor or "{}").get("through")
        return datetime.fromisoformat(value) if value else None


async def run(args: argparse.Namespace) -> dict[str, Any]:
    box = Sandbox(args.customers, seed=1, anchor=ANCHOR, store_id="bench-visits")
    server = box.servers["qminder"]
    assert isinstance(server, QminderServer)
    server.history_per_day, server.history_days = args.per_day, args.days
    server.rate_limit_per_hour = 10**9  # the pull's own budget is what is measured
    started = time.perf_counter()
    server.history()  # built before the clock starts: the sandbox's cost, not the pull's
    build_s = time.perf_counter() - started
    await box.start()
    step = timedelta(minutes=args.interval_min)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Cache.open(Path(tmp) / "bench.sqlite3")
        pulls = Pulls(box, cache, args.per_hour)
        try:
            began = time.perf_counter()
            backfill_pulls = 0
            while True:
                backfill_pulls += 1
                await pulls.pull()
                through = pulls.through()
                if through is not None and through >= pulls.now:
                    break
                pulls.now += step
            backfill_s = time.perf_counter() - began
            backfill_requests = pulls.requests

            pulls.requests = 0
            per_pull = max(1, round(args.per_day * args.interval_min / (24 * 60)))
            day_pulls = 24 * 60 // args.interval_min
            visitors = 0
            for k in range(day_pulls):
                for j in range(per_pull):  # visitors finished since the last pull
                    moment = pulls.now + step * (j + 1) / (per_pull + 1)
                    server.clock = lambda at=moment: at
                    made = server.create_ticket(None, f"Visitor{k}-{j}",
                                                phone=f"+614{k:04d}{j:04d}")
                    server.call_ticket(made["id"], 15101)
                    (server.noshow_ticket if (k + j) % 9 == 0 else server.serve_ticket)(
                        made["id"])
                    visitors += 1
                pulls.now += step
                await pulls.pull()
            measured = pulls.requests
            conn = cache.connect(readonly=True)
            try:
                cached = int(conn.execute("SELECT COUNT(*) FROM qminder_visits").fetchone()[0])
            finally:
                conn.close()
        finally:
            await pulls.worker.aclose()
            await box.stop()
    share = args.per_hour * 24
    spend = budget(args.per_hour)
    return {
        "per_day": args.per_day, "days": args.days, "interval_min": args.interval_min,
        "requests_per_hour_share": args.per_hour, "share_per_day": share,
        "per_pull_cap": spend.per_pull, "per_hour_cap": spend.per_hour,
        "backfill_requests": backfill_requests, "backfill_pulls": backfill_pulls,
        "backfill_s": round(backfill_s, 3), "history_build_s": round(build_s, 3),
        "estimated_requests_per_day": 24 * 60 // args.interval_min,
        "measured_requests_per_day": measured, "visitors_in_day": visitors,
        "share_used_pct": round(100 * measured / share, 4), "visits_cached": cached,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-day", type=int, default=400, help="finished tickets a day")
    parser.add_argument("--days", type=int, default=90, help="days of history")
    parser.add_argument("--interval-min", type=int, default=15, help="minutes between syncs")
    parser.add_argument("--per-hour", type=int, default=5000,
                        help="the counter's requests_per_hour share")
    parser.add_argument("--customers", type=int, default=2000, help="sandbox population")
    args = parser.parse_args()
    if args.per_day < 1 or args.days < 1 or not 1 <= args.interval_min <= 24 * 60 or \
            not 1 <= args.per_hour <= 5000:
        parser.error("--per-day and --days must be positive, --interval-min 1..1440 and "
                     "--per-hour 1..5000")
    result = asyncio.run(run(args))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
