"""Every benchmark in the README runs, at a tiny size, exactly as the README invokes it.

The full-size figures are for people (README, closing notes) and stay out of CI; this only
proves that each script still starts from the repository root, runs its whole course and
prints the JSON line the README documents — so a renamed module, a changed API or a broken
import fails CI instead of the next person who wants a number.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]

#: Script → (tiny arguments, keys its JSON line must have).
BENCHMARKS: dict[str, tuple[list[str], set[str]]] = {
    "bench_search.py": (["--customers", "300", "--repeat", "1"],
                        {"customers", "queries", "p50_ms", "p95_ms", "p99_ms",
                         "baseline_fts5_p95_ms", "rss_mib", "cache_bytes_per_customer"}),
    "bench_sync.py": (["--customers", "300"],
                      {"customers", "sync_s", "raw_fetch_s", "ratio", "resync_s",
                       "resync_ratio", "resync_requests", "max_stall_ms", "gui_rss_mib",
                       "cache_mib", "rss_mib"}),
    "bench_profile.py": (["--customers", "300", "--opens", "5", "--refreshes", "2"],
                         {"open_p50_ms", "open_p95_ms", "core_open_p50_ms", "core_open_p95_ms",
                          "refresh_s", "slowest_vendor_s", "overhead_ms", "vendor_s",
                          "one_after_another_s", "first_refresh_s"}),
    "bench_edit.py": (["--edits", "40"],
                      {"edits", "full_p50_ms", "full_p95_ms", "normal_p50_ms", "normal_p95_ms",
                       "full_over_normal_p50"}),
    "bench_hostile.py": (["--deadline", "0.5", "--vendors", "booxi,reservations"],
                         {"cases", "deadline_s", "slowest_s", "max_peak_mib", "per_fault_s",
                          "rss_mib"}),
    "bench_queue.py": (["--customers", "300", "--events", "5", "--tickets", "30",
                        "--seconds", "4"],
                       {"event_p50_ms", "event_p95_ms", "load_event_p50_ms",
                        "load_event_p95_ms", "tickets", "max_stall_ms", "model_refresh_p50_ms"}),
    "bench_qminder_visits.py": (["--per-day", "10", "--days", "5", "--interval-min", "240",
                                 "--customers", "100"],
                                {"share_per_day", "backfill_requests",
                                 "estimated_requests_per_day", "measured_requests_per_day",
                                 "share_used_pct", "visits_cached"}),
}


#: Needs the frozen bundle, so packaging/check.sh (the end of the test command) runs it, right
#: after building it.
RUN_BY_PACKAGING = {"bench_startup.py"}


def test_the_readme_lists_exactly_these_benchmarks() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\.venv/bin/python tests/benchmarks/(\S+\.py)", readme, re.M))
    assert listed == set(BENCHMARKS) | RUN_BY_PACKAGING
    on_disk = {p.name for p in (ROOT / "tests" / "benchmarks").glob("bench_*.py")}
    assert on_disk == set(BENCHMARKS) | RUN_BY_PACKAGING
    check = (ROOT / "packaging" / "check.sh").read_text(encoding="utf-8")
    assert all(f"tests/benchmarks/{name}" in check for name in RUN_BY_PACKAGING)


@pytest.mark.parametrize("script", sorted(BENCHMARKS))
def test_a_benchmark_runs_from_the_repository_root_and_prints_its_json(script: str) -> None:
    args, keys = BENCHMARKS[script]
    done = subprocess.run([sys.executable, f"tests/benchmarks/{script}", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    last = done.stdout.strip().splitlines()[-1]
    figures = json.loads(last)
    assert keys <= set(figures), f"missing {sorted(keys - set(figures))}"
    for key in keys:  # a figure, or figures per vendor
        value = figures[key]
        numbers = value.values() if isinstance(value, dict) else [value]
        assert numbers and all(isinstance(n, int | float) for n in numbers), (key, value)
