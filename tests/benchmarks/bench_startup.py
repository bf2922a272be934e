"""The frozen app's cold start to its first painted window, beside a bare frozen PySide6 window.

    bash packaging/build_store.sh resources/store-profile.example.toml   # makes dist/clientdesk
    python tests/benchmarks/bench_startup.py [--runs N] [--bundle DIR]

Freezes ``bare_window.py`` with PyInstaller the way ``packaging/clientdesk.spec`` freezes
Clientdesk (one folder, stripped; into build/bench-bare/, reused while it is newer than the
script), then starts each executable ``--runs`` times, alternating, offscreen: Clientdesk in
training mode (``--demo``: its fake vendors start in-process, as at a training counter). A run
is timed from just before the process is spawned to its ``first paint`` line on stdout
(ui/first_paint.py, the same probe in both), and to the splash the app paints before its heavy
imports (ui/splash.py); the first run of each is a warm-up and not
counted (it pays the disk cache). The last line printed is one JSON object: medians, the
ratio app / bare, the bundle's size and how long freezing the bare window took.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _support import ROOT, log

BARE = Path(__file__).with_name("bare_window.py")
BARE_BUILD = ROOT / "build" / "bench-bare"


def freeze_bare() -> tuple[Path, float]:
    exe = BARE_BUILD / "dist" / "bare-window" / "bare-window"
    if exe.exists() and exe.stat().st_mtime > BARE.stat().st_mtime:
        return exe, 0.0
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--onedir", "--strip", "--name", "bare-window", "--paths", str(ROOT),
                    "--distpath", str(BARE_BUILD / "dist"), "--workpath",
                    str(BARE_BUILD / "work"), "--specpath", str(BARE_BUILD), str(BARE)],
                   check=True, cwd=ROOT)
    return exe, time.perf_counter() - started


def first_paint(command: list[str], env: dict[str, str]) -> tuple[float, float | None]:
    """Seconds from spawn to the main window's first paint, and to the splash's (if any)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               env=env, text=True)
    assert process.stdout is not None
    splash: float | None = None
    for line in process.stdout:
        if line.strip() == "splash paint":
            splash = time.perf_counter() - started
        if line.strip() == "first paint":
            elapsed = time.perf_counter() - started
            break
    else:
        raise SystemExit(f"{command[0]} exited without painting (code {process.wait()})")
    process.wait(60)
    return elapsed, splash


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "clientdesk")
    args = parser.parse_args()
    app = args.bundle / "clientdesk"
    if not app.exists():
        sys.exit(f"no frozen app at {app}: run bash packaging/build_store.sh "
                 "resources/store-profile.example.toml first")
    bare, bare_build_s = freeze_bare()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CLIENTDESK_STARTUP_PROBE": "1"}
    times: dict[str, list[float]] = {"app": [], "splash": [], "bare": []}
    for run in range(args.runs + 1):
        data = tempfile.mkdtemp(prefix="bench-startup-")
        app_s, splash_s = first_paint([str(app), "--demo", "--no-error-dialogs"],
                                      {**env, "CLIENTDESK_DATA_DIR": data})
        bare_s, _ = first_paint([str(bare)], env)
        if splash_s is None:
            raise SystemExit("the app painted no splash: is the bundle older than ui/splash.py?")
        if run:  # the first is the warm-up
            times["app"].append(app_s)
            times["splash"].append(splash_s)
            times["bare"].append(bare_s)
        log(f"run {run}: app {app_s:.3f} s (splash {splash_s:.3f} s), bare {bare_s:.3f} s")
    app_p50, bare_p50 = statistics.median(times["app"]), statistics.median(times["bare"])
    splash_p50 = statistics.median(times["splash"])
    size = sum(p.lstat().st_size for p in args.bundle.rglob("*")
               if p.is_file() and not p.is_symlink())  # as du counts: links once
    print(json.dumps({
        "runs": args.runs,
        "app_first_paint_p50_s": round(app_p50, 3),
        "bare_first_paint_p50_s": round(bare_p50, 3),
        "ratio": round(app_p50 / bare_p50, 2),
        "splash_p50_s": round(splash_p50, 3),
        "splash_ratio": round(splash_p50 / bare_p50, 2),
        "app_first_paint_max_s": round(max(times["app"]), 3),
        "bundle_mib": round(size / 2**20, 1),
        "bare_build_s": round(bare_build_s, 1),
    }))


if __name__ == "__main__":
    main()
