"""What ``synchronous=FULL`` costs an edit: one note edit committed, NORMAL against FULL.

    python tests/benchmarks/bench_edit.py [--edits N] [--folder DIR]

A cache with a few hundred reservations records is made in DIR (default: a new temporary
folder — put it on the disk the counter PC's data folder is on, since the cost is the
storage's flush), then ``app.cache.edits.set_note`` — applied, queued and audited in one
transaction, exactly what the window and ``clientdesk note`` run — is timed N times on a
connection made as the window's cache thread makes it (``durable=True``: FULL, in the cache
and in the edits file beside it, where the outbox and audit line go) and N times on one with
NORMAL in both, in alternating blocks of 20 so both see the same disk.
The last line printed is one JSON object: per-edit medians and p95 in ms, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from _support import log, percentile

from app.cache import edits
from app.cache.db import Cache
from app.cache.writer import CacheWriter
from app.domain.records import VendorRecord

BLOCK = 20


def fill(cache: Cache, customers: int) -> list[str]:
    """Reservations records to edit the notes of; their ids."""
    ids = [f"R{k}" for k in range(customers)]
    writer = CacheWriter(cache)
    try:
        writer.replace_all("reservations", [VendorRecord(
            vendor="reservations", vendor_id=rid, name=f"Customer {k}", emails=(),
            phones=(), points=None, blacklisted=False, blacklist_reason=None,
            activity=datetime(2026, 1, 1, tzinfo=UTC), data={"id": rid, "note": ""})
            for k, rid in enumerate(ids)])
    finally:
        writer.close()
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=400)
    parser.add_argument("--folder", type=Path, help="where the cache is made (default: temp)")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp())
    cache = Cache.open(folder / "bench-edit.sqlite3")
    ids = fill(cache, 300)
    connections = {"full": cache.connect(durable=True), "normal": cache.connect()}
    # The baseline is the old way: both files NORMAL (the edits file is always FULL now).
    connections["normal"].execute("PRAGMA kept.synchronous=NORMAL")
    for name, conn in connections.items():
        mode = conn.execute("PRAGMA synchronous").fetchone()[0]
        assert mode == (2 if name == "full" else 1), (name, mode)  # FULL = 2, NORMAL = 1
    timings: dict[str, list[float]] = {"full": [], "normal": []}
    who = {"counter": "bench", "mode": "staff"}
    done = 0
    while done < args.edits:
        for name, conn in connections.items():
            for k in range(BLOCK):
                rid = ids[(done + k) % len(ids)]
                base = edits.current_note(conn, rid)
                started = time.perf_counter()
                edits.set_note(conn, rid, f"note {name} {done + k}", base=base,
                               now=datetime.now(UTC), **who)
                timings[name].append((time.perf_counter() - started) * 1000)
        done += BLOCK
    for conn in connections.values():
        conn.close()
    log(f"{done} edits per mode in {folder}")
    full, normal = timings["full"], timings["normal"]
    print(json.dumps({
        "edits": done,
        "full_p50_ms": round(statistics.median(full), 3),
        "full_p95_ms": round(percentile(full, 0.95), 3),
        "normal_p50_ms": round(statistics.median(normal), 3),
        "normal_p95_ms": round(percentile(normal, 0.95), 3),
        "full_over_normal_p50": round(statistics.median(full) / statistics.median(normal), 2),
    }))


if __name__ == "__main__":
    main()
