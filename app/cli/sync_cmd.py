"""``clientdesk sync [--vendor V] [--json]`` — fill the local cache from the bulk vendors.

Progress is a live line on stderr when stderr is a terminal (LOKE's page count is open-ended,
so it is a spinner with counts, not a percentage); the summary goes to stdout, or one JSON
object with ``--json``. The exit code is 0 when every vendor synced, otherwise that of the first
vendor that failed — a script can tell "credentials" (3) from "vendor down" (5).
Interrupted (Ctrl+C) or killed, the cache keeps every page already stored and the next sync
continues from there.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import sys
from pathlib import Path
from typing import TextIO

import click

from app.cache.db import Cache, cache_path
from app.cli.context import CliContext
from app.errors import ExitCode, UsageError
from app.gctune import tune_gc
from app.profile import VENDOR_NAMES, VENDORS, StoreProfile
from app.secrets import SecretSource
from app.sync.engine import SyncEngine
from app.sync.events import SYNC_VENDORS, SyncProgress, SyncReport, VendorResult

pass_ctx = click.make_pass_decorator(CliContext)
SPINNER = "|/-\\"
TICK_S = 0.2


def choose_vendors(profile: StoreProfile, profile_path: Path | None,
                   requested: tuple[str, ...]) -> list[str]:
    """The vendors to sync: all the store's bulk vendors, or the ones asked for if allowed."""
    available = [v for v in SYNC_VENDORS if v in profile.vendors()]
    if not requested:
        return available
    chosen: list[str] = []
    choices = ", ".join(available) or "none — this store uses neither LOKE nor reservations"
    for raw in requested:
        vendor = raw.strip().lower()
        if vendor not in VENDORS:
            raise UsageError(f"--vendor {raw!r} is not a vendor — choose one of: {choices}")
        name = VENDOR_NAMES[vendor]
        if vendor not in SYNC_VENDORS:
            raise UsageError(f"--vendor {vendor}: {name} is not synced in bulk (its data is "
                             f"fetched when a customer is opened) — choose one of: {choices}")
        if vendor not in available:
            raise UsageError(f"--vendor {vendor}: this store does not use {name} (no [{vendor}] "
                             f"table in {profile_path or 'the profile'}) — choose one of: "
                             f"{choices}")
        if vendor not in chosen:
            chosen.append(vendor)
    return [v for v in SYNC_VENDORS if v in chosen]


class LiveLine:
    """One line on a terminal, rewritten in place as progress events arrive."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.events: dict[str, SyncProgress] = {}
        self._tick = 0

    def update(self, event: SyncProgress) -> None:
        self.events[event.vendor] = event
        self.render()

    def render(self) -> None:
        self._tick += 1
        spin = SPINNER[self._tick % len(SPINNER)]
        text = " · ".join(_describe(e, spin) for e in self.events.values())
        width = shutil.get_terminal_size((100, 20)).columns - 1
        self.stream.write("\r\x1b[2K" + text[:width])
        self.stream.flush()

    def clear(self) -> None:
        self.stream.write("\r\x1b[2K")
        self.stream.flush()


def _describe(event: SyncProgress, spin: str) -> str:
    name = VENDOR_NAMES[event.vendor]
    if event.stage == "failed":
        return f"{name}: failed"
    if event.stage == "done":
        return f"{name}: done, {event.records:,} records"
    if event.stage == "waiting":
        return f"{name} {spin} waiting for another sync to finish"
    if event.stage == "starting":
        return f"{name} {spin} starting"
    if event.stage == "fetching" and event.vendor == "reservations":
        if event.pages == 0:
            return f"{name} {spin} fetching the customer list"
        return f"{name} {spin} fetching the blacklist ({event.records:,} customers)"
    if event.stage == "removing":
        return f"{name} {spin} removing records gone upstream"
    if event.stage == "writing" and event.total is not None:
        return f"{name} {spin} storing {event.total:,} records"
    if event.stage == "writing":
        return f"{name} {spin} storing page {event.pages:,} ({event.records:,} records)"
    return f"{name} {spin} page {event.pages:,}, {event.records:,} records"


async def _run(profile: StoreProfile, secrets: SecretSource, cache: Cache, vendors: list[str],
               live: LiveLine | None, *, accept_removals: bool = False,
               visits: bool = False, full: bool = False) -> SyncReport:
    """``visits``: a full sync (no --vendor), which also pulls Qminder's finished tickets."""
    tune_gc()  # a long bulk write: see app/gctune.py
    wanted = None if visits else vendors  # None: every vendor, and the visits pull
    async with SyncEngine(profile, secrets, cache, on_progress=live.update if live else None,
                          qminder_visits=visits, incremental=True,
                          writer_process=True) as engine:
        if live is None:
            return await engine.run(wanted, wait_for_lock=True, retry_waiting_edits=True,
                                    accept_removals=accept_removals, full=full)
        ticker = asyncio.create_task(_tick(live))
        try:
            return await engine.run(wanted, wait_for_lock=True, retry_waiting_edits=True,
                                    accept_removals=accept_removals, full=full)
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker


async def _tick(live: LiveLine) -> None:
    """Keep the spinner turning while one long request (a whole list) is under way."""
    while True:
        await asyncio.sleep(TICK_S)
        if live.events:
            live.render()


def _summary(result: VendorResult) -> str:
    name = VENDOR_NAMES[result.vendor]
    if result.held_back:
        return f"  {name:<13} HELD    {result.records:,} records stored; {result.error}"
    if not result.ok:
        return (f"  {name:<13} FAILED  {result.error} (the cached {name} data is kept; the "
                "next sync continues where this one stopped)")
    pages = f" in {result.pages:,} pages" if result.vendor == "loke" else ""
    resumed = ", resumed" if result.resumed else ""
    if result.vendor == "loke":
        resumed = f", {result.mode}{resumed}"
    return (f"  {name:<13} OK      {result.records:,} records{pages}: {result.added:,} added, "
            f"{result.changed:,} changed, {result.removed:,} removed, {result.skipped:,} "
            f"skipped ({result.seconds:.1f} s{resumed})")


def _visits_summary(result: VendorResult) -> str:
    """The Qminder visits pull: visits new and cached, and the requests it spent."""
    name = "Qminder visits"
    if not result.ok:
        return (f"  {name:<13} FAILED  {result.error} (the cached visits are kept; the next "
                "sync continues where this one stopped)")
    requests = f"{result.pages:,} request{'' if result.pages == 1 else 's'}"
    return (f"  {name:<13} OK      {result.records:,} visits cached: {result.added:,} new, "
            f"{result.changed:,} changed, {result.skipped:,} skipped ({requests}, "
            f"{result.seconds:.1f} s)")


@click.command()
@click.option("--vendor", "vendors", multiple=True, metavar="VENDOR",
              help="Sync only this vendor (loke or reservations); repeat for several.")
@click.option("--accept-removals", is_flag=True,
              help="Remove records a pass left out even when that is most or all of them "
                   "(held back otherwise: the vendor may have answered with an empty list).")
@click.option("--full", is_flag=True,
              help="A full LOKE pass now (every customer read, those gone upstream removed) "
                   "instead of only what changed since the last sync.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@pass_ctx
def sync(ctx: CliContext, vendors: tuple[str, ...], accept_removals: bool, full: bool,
         as_json: bool) -> int:
    """Fill the local cache from LOKE and reservations (all customers, the blacklist).

    Without --vendor it also pulls Qminder's finished tickets (the queue's past visits and
    no-shows) within a small share of this counter's Qminder budget.

    Records gone upstream leave the cache — unless an answer would remove all of a vendor's
    records, or more than half: those are kept and the sync exits 7 until a later sync agrees
    or --accept-removals says they are really gone. An unreadable record is skipped and
    counted. LOKE is read in full once a day per counter (in a night-time slot of its own)
    and otherwise only for what changed; --full forces a full pass, the only kind that sees
    customers deleted in LOKE. Exits 0 when every vendor synced, else with the code of the
    first that failed (3 credential, 4 not authorised, 5 unreachable, 6 rate limited, 7 bad
    data, ...).
    """
    profile = ctx.profile()
    chosen = choose_vendors(profile, ctx.profile_path, vendors)
    target = cache_path(ctx.paths.data_dir, profile.store.id)
    visits = not vendors and profile.qminder is not None
    if not chosen and not visits:
        if as_json:
            click.echo(json.dumps({"store": profile.store.id, "cache": str(target), "ok": True,
                                   "exit_code": 0, "busy": False, "vendors": []}))
        else:
            click.echo(f"Store {profile.store.name} uses neither LOKE nor reservations: "
                       "nothing to sync.")
        return int(ExitCode.OK)
    cache = Cache.open(target)
    for notice in cache.notices:
        click.echo(f"clientdesk: {notice}", err=True)
    stderr = sys.stderr
    live = LiveLine(stderr) if stderr is not None and stderr.isatty() else None
    try:
        report = asyncio.run(_run(profile, ctx.secrets(), cache, chosen, live,
                                  accept_removals=accept_removals, visits=visits,
                                  full=full))
    finally:
        if live is not None:
            live.clear()
    code = report.exit_code
    if as_json:
        click.echo(json.dumps({
            "store": profile.store.id, "cache": str(target), "ok": report.ok,
            "exit_code": int(code), "busy": report.busy, "notices": report.notices,
            "vendors": [dict(r.as_json(), name=VENDOR_NAMES[r.vendor])
                        for r in report.results],
            "qminder_visits": report.visits.as_json() if report.visits else None}))
        return int(code)
    click.echo(f"Store {profile.store.name} ({profile.store.id}) — cache {target}")
    for result in report.results:
        click.echo(_summary(result))
    if report.visits is not None:
        click.echo(_visits_summary(report.visits))
    failed = [VENDOR_NAMES[r.vendor] for r in report.results if not r.ok]
    if report.visits is not None and not report.visits.ok:
        failed.append("Qminder visits")
    click.echo("All vendors synced." if not failed else f"Failed: {', '.join(failed)}.")
    for notice in report.notices:
        click.echo(f"clientdesk: {notice}", err=True)
    return int(code)
