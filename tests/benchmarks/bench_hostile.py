"""How long a hostile vendor keeps a counter call waiting, and what it costs in memory.

    python tests/benchmarks/bench_hostile.py [--deadline S] [--vendors a,b] [--faults x,y]

Each of the five vendor clients makes one ordinary call (its ``check()``; a booking lookup for
Qudini) against the sandbox set to each hostile fault in turn — a trickled body, a gzip bomb
(1 GiB inflated), JSON 100,000 levels deep as an answer and as an error, a proxy's HTML error
page, a connection that never answers, a reset in the middle of the body — with the real
counter bounds of :mod:`app.vendors.limits` (or ``--deadline`` seconds instead, for a quick
run). Per case it times the call to its error and takes the peak of Python allocations during
it (tracemalloc, which slows the call a little). The last line printed is one JSON object:
the slowest case's seconds and name, the largest peak in MiB, the worst seconds per fault,
and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
import tracemalloc
from typing import Any

from _support import log

from app.errors import VendorError
from app.profile import profile_from_dict
from app.sandbox.faults import Faults, gzip_bomb_body
from app.sandbox.qudini import QudiniServer
from app.sandbox.runner import Sandbox
from app.vendors.limits import counter
from app.vendors.registry import make_client

VENDORS = ("qminder", "qudini", "booxi", "reservations", "loke")
FAULTS: dict[str, dict[str, float]] = {
    "trickle": {"trickle": 1.0, "trickle_interval": 0.5},
    "gzip_bomb": {"gzip_bomb": 1.0},
    "deep_json": {"deep_json": 1.0},
    "deep_error": {"deep_error": 1.0},
    "html_error": {"html_error": 1.0},
    "hang": {"hang": 1.0},
    "reset": {"reset": 1.0},
}


async def one_case(box: Sandbox, vendor: str, fault: str, deadline: float | None
                   ) -> tuple[float, int, str]:
    box.servers[vendor].faults = Faults(**FAULTS[fault])  # type: ignore[arg-type]
    profile = profile_from_dict(box.profile_dict(), "sandbox")
    limits = counter(vendor)
    if deadline is not None:
        limits = limits.scaled(deadline_s=deadline, read_s=min(limits.read_s, deadline))
    client: Any = make_client(vendor, profile, box.secrets[vendor], limits=limits)
    outcome = "no error"
    tracemalloc.start()
    started = time.perf_counter()
    try:
        if vendor == "qudini":
            server = box.servers["qudini"]
            assert isinstance(server, QudiniServer)
            await client.customer_details(server.sample_identifiers(1)[0])
        else:
            await client.check()
    except VendorError as exc:
        outcome = f"{type(exc).__name__}: {exc.one_line()}"
    finally:
        took = time.perf_counter() - started
        _now, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        await client.aclose()
        box.servers[vendor].faults = Faults()
    return took, peak, outcome


async def run(vendors: list[str], faults: list[str], deadline: float | None) -> dict[str, Any]:
    gzip_bomb_body()  # built once, before anything is measured
    box = Sandbox(50, seed=3, store_id="bench-hostile")
    await box.start()
    cases: dict[str, tuple[float, int]] = {}
    try:
        for fault in faults:
            for vendor in vendors:
                took, peak, outcome = await one_case(box, vendor, fault, deadline)
                cases[f"{vendor}/{fault}"] = (took, peak)
                log(f"{vendor:>12} {fault:<10} {took:6.2f} s  peak {peak / 2**20:6.2f} MiB  "
                    f"{outcome[:90]}")
                if outcome == "no error":
                    raise SystemExit(f"{vendor}/{fault} did not end in a vendor error")
    finally:
        await box.stop()
    slowest = max(cases, key=lambda k: cases[k][0])
    hungriest = max(cases, key=lambda k: cases[k][1])
    return {
        "cases": len(cases),
        "deadline_s": deadline if deadline is not None else counter("booxi").deadline_s,
        "slowest_case": slowest,
        "slowest_s": round(cases[slowest][0], 3),
        "largest_peak_case": hungriest,
        "max_peak_mib": round(cases[hungriest][1] / 2**20, 2),
        "per_fault_s": {f: round(max(cases[f"{v}/{f}"][0] for v in vendors), 3)
                        for f in faults},
        "rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--deadline", type=float, help="seconds per call instead of the "
                        "real counter bounds (a quick run)")
    parser.add_argument("--vendors", default=",".join(VENDORS))
    parser.add_argument("--faults", default=",".join(FAULTS))
    args = parser.parse_args()
    vendors = [v for v in args.vendors.split(",") if v]
    faults = [f for f in args.faults.split(",") if f]
    unknown = sorted((set(vendors) - set(VENDORS)) | (set(faults) - set(FAULTS)))
    if unknown:
        sys.exit(f"unknown vendor or fault: {', '.join(unknown)}")
    print(json.dumps(asyncio.run(run(vendors, faults, args.deadline))))


if __name__ == "__main__":
    main()
