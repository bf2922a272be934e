"""Search latency as the counter sees it: keystroke to rows in the results model.

    python tests/benchmarks/bench_search.py [--customers N] [--cache FILE] [--repeat R]

Fills a cache by syncing a sandbox of N customers (or reuses --cache), then times a fixed mix
of queries — 1 to 4 characters, full names, emails, email fragments, phone fragments, no-match
— through the GUI's own path: ``SearchResultsModel.set_query`` on a qasync loop, which runs
the search on the search service's reader thread and returns once the model holds its rows.
Beside it, in the same run, a plain FTS5 prefix query over the same names is the baseline.
``rss_mib`` is this process's resident memory once the queries are done: the search side of
the app with N customers cached. ``cache_bytes_per_customer`` is the cache file (with its WAL,
after a checkpoint) over the unified customers it holds; ``--sizes`` also prints, before the
JSON line, the bytes per customer of every table and index (:mod:`app.cache.size`).
The fill runs in a child process so it does not count.
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _support import SandboxProcess, log, percentile, sync_into

from app.cache.db import Cache
from app.cache.size import measure as measure_size
from app.cache.size import report as size_report
from app.domain.text import fold
from app.sandbox.people import Population


def query_mix(customers: int, seed: int, count: int = 240) -> list[str]:
    """Deterministic queries drawn from the same people the sandbox serves."""
    rng = random.Random(seed * 31 + 7)
    population = Population(customers, seed)
    queries: list[str] = []
    kinds = ["short", "short", "name", "email", "email_part", "phone", "phone", "none"]
    while len(queries) < count:
        person = population.person(rng.randrange(customers))
        kind = kinds[len(queries) % len(kinds)]
        if kind == "short":
            word = rng.choice([person.first_name, person.last_name])
            queries.append(word[: rng.randint(1, 4)].lower())
        elif kind == "name":
            queries.append(person.full_name)
        elif kind == "email" and person.email:
            queries.append(person.email)
        elif kind == "email_part" and person.email:
            local = person.email.partition("@")[0]
            queries.append(local[: max(3, len(local) - 2)])
        elif kind == "phone" and person.mobile_national:
            national = person.mobile_national
            queries.append(rng.choice([national[-3:], national.replace(" ", "")[-6:],
                                       national[:7], "+61 " + national[1:8]]))
        elif kind == "none":
            queries.append(rng.choice(["qxzv", "zzqq", "0000000000", "nobody@nowhere.example",
                                       "xyzzy plugh"]))
    return queries


def baseline_fts5(cache_file: Path, queries: list[str]) -> list[float]:
    """A plain FTS5 prefix query over the same customers' names, timed directly."""
    source = sqlite3.connect(cache_file)
    names = source.execute("SELECT id, name FROM customers").fetchall()
    source.close()
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE b USING fts5(name, tokenize='unicode61 remove_diacritics 2',"
               " prefix='1 2 3')")
    db.executemany("INSERT INTO b(rowid, name) VALUES (?, ?)", names)
    timings = []
    for query in queries:
        words = fold(query).split()[:8]
        started = time.perf_counter()
        if words:
            db.execute("SELECT rowid FROM b WHERE b MATCH ? LIMIT 100",
                       (" ".join(f'"{w}"*' for w in words),)).fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def fill(cache_file: Path, customers: int, seed: int) -> None:
    """Sync a sandbox of ``customers`` into ``cache_file`` (run in a child process)."""
    with SandboxProcess(customers, seed) as box:
        seconds = asyncio.run(sync_into(Cache.open(cache_file), box))
    log(f"synced in {seconds:.1f} s")


def resident_mib() -> float:
    """Current (not peak) resident memory of this process."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(cache: Cache, queries: list[str], repeat: int) -> list[float]:
    import qasync
    from PySide6.QtWidgets import QApplication

    from app.cache.search_service import SearchService
    from ui.search.model import SearchResultsModel

    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    service = SearchService(cache)
    model = SearchResultsModel(service)
    timings: list[float] = []

    async def run() -> None:
        for query in queries[:20]:  # warm the reader thread, page cache and phone caches
            await model.set_query(query)
        for _ in range(repeat):
            for query in queries:
                started = time.perf_counter()
                await model.set_query(query)
                timings.append((time.perf_counter() - started) * 1000)

    with loop:
        loop.run_until_complete(run())
    model.close()
    service.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, help="reuse (or create and keep) this cache file")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", action="store_true",
                        help="print bytes per customer of each table and index")
    args = parser.parse_args()

    cache_file = args.cache or Path(tempfile.mkdtemp()) / "bench.sqlite3"
    cache = Cache.open(cache_file)
    conn = cache.connect()
    filled = conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    conn.close()
    if not filled:
        log(f"filling the cache from a sandbox of {args.customers} customers …")
        child = mp.get_context("spawn").Process(
            target=fill, args=(cache_file, args.customers, args.seed))
        child.start()
        child.join()
        if child.exitcode != 0:
            raise SystemExit(f"filling the cache failed (exit {child.exitcode})")
    conn = cache.connect()
    unified = conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    size = measure_size(conn, cache_file)
    conn.close()
    if args.sizes:
        log(size_report(size))
    queries = query_mix(args.customers, args.seed)
    gui = measure(cache, queries, args.repeat)
    rss = resident_mib()
    base = baseline_fts5(cache_file, queries)
    print(json.dumps({
        "customers": args.customers,
        "unified_customers": unified,
        "queries": len(gui),
        "p50_ms": round(percentile(gui, 0.50), 3),
        "p95_ms": round(percentile(gui, 0.95), 3),
        "p99_ms": round(percentile(gui, 0.99), 3),
        "max_ms": round(max(gui), 3),
        "baseline_fts5_p50_ms": round(percentile(base, 0.50), 3),
        "baseline_fts5_p95_ms": round(percentile(base, 0.95), 3),
        "rss_mib": round(rss, 1),
        "cache_bytes_per_customer": round(size.bytes_per_customer, 1),
    }))


if __name__ == "__main__":
    main()
