"""The sync engine: pull each bulk vendor into the cache, one vendor's failure its own.

Why it is shaped like this:

* **Vendors are independent.** LOKE and reservations sync concurrently; one failing (down,
  refusing our credentials, sending nonsense) records ``last_error`` and ``offline_since`` for
  that vendor only, keeps its cached records as they were, and the others carry on.
* **Writes never happen on the event loop's thread.** Every cache write runs on one
  :class:`CacheWorker` thread, owned by the engine for its lifetime, or — with
  ``writer_process=True`` — the bulk of LOKE's full passes and the reservations lists in a
  writer process per vendor (:mod:`app.sync.writer_process`), which also reads them; the loop
  only fetches. In the window the whole engine runs on a sync thread of its own
  (:class:`~app.sync.scheduler.SyncScheduler`), so even parsing never stalls the GUI.
* **One sync per cache.** A lock file next to the cache keeps the window's background sync and
  a ``clientdesk sync`` in a terminal from interleaving two LOKE passes.
* **Qminder visits** (:mod:`app.sync.qminder`) ride along on a full run when the engine is
  made with ``qminder_visits=True`` (the window, ``clientdesk sync``): they run beside the
  vendors with the same failure handling, and are reported apart (``SyncReport.visits``), as
  they are tickets, not customers.
* **Secrets** come from the keyring off the loop (a locked keyring may block) and are
  registered with the log scrubber before any request is made.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from app.cache.db import Cache
from app.cache.state import SyncState, read_states
from app.errors import ClientdeskError, CredentialError, ExitCode, VendorError
from app.manager import counter_name
from app.profile import VENDOR_NAMES, StoreProfile
from app.secrets import SecretSource
from app.sync.context import VendorContext, utc_now
from app.sync.events import SYNC_VENDORS, ProgressCallback, SyncProgress, SyncReport, VendorResult
from app.sync.lock import SyncLock
from app.sync.loke import sync_loke
from app.sync.qminder import VISITS_LIMITS, sync_qminder_visits
from app.sync.replay import Replayer, ReplayReport
from app.sync.reservations import sync_reservations
from app.sync.reservations_fill import fill_reservations
from app.sync.worker import CacheWorker
from app.sync.writer_process import WriterProcess
from app.vendors import limits
from app.vendors.limits import SYNC_PASS_DEADLINE_S
from app.vendors.loke import LokeClient
from app.vendors.network import Network
from app.vendors.qminder import QminderClient
from app.vendors.registry import make_client
from app.vendors.reservations import ReservationsClient

log = logging.getLogger("clientdesk.sync")

#: How often a sync that must wait for another one (``wait_for_lock``) checks again.
LOCK_POLL_S = 0.25
#: Vendors whose lists the writer processes read and store (``writer_process=True``).
PROCESS_VENDORS = ("loke", "reservations")
#: A sync that added, changed or removed this many records compacts the search indexes after.
TIDY_AFTER_CHANGES = 2000
BUSY_MESSAGE = ("another sync of this store's cache is running (the Clientdesk window or "
                "another `clientdesk sync`) — wait for it to finish")
HttpClientFactory = Callable[[str], httpx.AsyncClient]


def _ignore(_event: SyncProgress) -> None:
    return None


class SyncEngine:
    """Syncs the bulk vendors of one store profile into one cache.

    ``http_client_factory(vendor)`` may supply the HTTP client for a vendor (tests, a shared
    pool); the engine closes what it gets from it after each run. ``on_progress`` receives
    :class:`SyncProgress` events on the thread running :meth:`run` (never the writer thread).
    Close the engine (``await engine.aclose()`` or ``async with``) to stop its writer thread.
    """

    def __init__(
        self,
        profile: StoreProfile,
        secrets: SecretSource,
        cache: Cache,
        *,
        http_client_factory: HttpClientFactory | None = None,
        on_progress: ProgressCallback | None = None,
        now: Callable[[], str] = utc_now,
        pass_deadline_s: float = SYNC_PASS_DEADLINE_S,
        qminder_visits: bool = False,
        incremental: bool = False,
        writer_process: bool = False,
    ) -> None:
        self.profile = profile
        #: A full LOKE pass's pages and the reservations lists are read and stored by a
        #: process of their own each (:mod:`app.sync.writer_process`; one per vendor, so the
        #: two are read on both cores at once), started for a run and stopped after it. Off
        #: unless asked (the window, ``clientdesk sync`` and the benchmarks ask): a test
        #: filling a small cache needs no second process.
        self.writer_process = writer_process
        self.writers: dict[str, WriterProcess] = {}
        #: Between daily full passes, LOKE syncs only what changed (:mod:`app.sync.loke`). Off
        #: unless asked (the window and ``clientdesk sync`` ask), so code that builds an
        #: engine to fill or refresh a cache gets a whole pass, removals included.
        self.incremental = incremental
        #: Also pull Qminder's finished tickets (:mod:`app.sync.qminder`) on a full run. Off
        #: unless asked (the window's scheduler and ``clientdesk sync`` ask), so a run that
        #: names its vendors, or a test filling a cache, does exactly what it says.
        self.qminder_visits = qminder_visits
        self.secrets = secrets
        self.cache = cache
        self.http_client_factory = http_client_factory
        self.on_progress = on_progress
        self.now = now
        #: A whole run (edits sent, then every vendor) stops after this long, lock released.
        self.pass_deadline_s = pass_deadline_s
        self.worker = CacheWorker(cache)
        self._lock = SyncLock(_lock_file(cache))

    # -- lifecycle ---------------------------------------------------------------------------
    async def aclose(self) -> None:
        await self._stop_writers()
        await self.worker.aclose()

    def close(self) -> None:
        """Blocking :meth:`aclose` for code without an event loop."""
        for writer in self.writers.values():
            writer.close()
        self.worker.close()

    async def __aenter__(self) -> SyncEngine:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.aclose()

    def _writer_for(self, vendor: str) -> WriterProcess | None:
        if not self.writer_process or vendor not in PROCESS_VENDORS:
            return None
        if vendor not in self.writers:
            self.writers[vendor] = WriterProcess(self.cache)
        return self.writers[vendor]

    async def _stop_writers(self) -> None:
        for writer in self.writers.values():
            if writer.started:
                await writer.aclose()

    # -- what can be synced ------------------------------------------------------------------
    def vendors(self) -> list[str]:
        """The vendors this store uses that sync supports, in report order."""
        used = set(self.profile.vendors())
        return [v for v in SYNC_VENDORS if v in used]

    # -- running -----------------------------------------------------------------------------
    async def run(self, vendors: Sequence[str] | None = None, *,
                  on_progress: ProgressCallback | None = None,
                  wait_for_lock: bool = False,
                  retry_waiting_edits: bool = False,
                  accept_removals: bool = False,
                  full: bool = False) -> SyncReport:
        """Sync ``vendors`` (default: all of :meth:`vendors`) and report on each.

        Vendor failures are in the report, never raised. With ``wait_for_lock`` a run that
        finds another sync of this cache under way waits for it; otherwise it returns at once
        with ``busy`` set. Waiting edits are sent first; ``retry_waiting_edits`` (a person
        asked for this sync) also tries those still in their backoff. ``accept_removals``: a
        person confirmed that records a pass leaves out are gone, even many of them
        (:mod:`app.cache.removals`). ``full``: a full LOKE pass even when an incremental one
        would do (:mod:`app.sync.loke`).
        """
        available = self.vendors()
        chosen = available if vendors is None else [v for v in SYNC_VENDORS if v in vendors]
        unknown = sorted(set(vendors or ()) - set(available))
        if unknown:
            raise ValueError(f"cannot sync {', '.join(unknown)} for this store")
        emit = self._emitter(on_progress or self.on_progress)
        if not await self._acquire(chosen, emit, wait_for_lock):
            return SyncReport([VendorResult(v, error=BUSY_MESSAGE,
                                            exit_code=ExitCode.UNAVAILABLE) for v in chosen],
                              busy=True)
        deadline = asyncio.get_running_loop().time() + self.pass_deadline_s
        try:
            # Edits first: a pull before them would show the vendor's old values again until
            # the next sync (the outbox itself never loses them either way).
            try:
                async with asyncio.timeout_at(deadline):
                    await self._replay(now_all=retry_waiting_edits)
            except TimeoutError:
                log.warning("sync: sending waiting edits overran the sync deadline; the rest "
                            "are sent next time")
            states = await self.worker.run(lambda writer: read_states(writer.conn))
            pull = self.qminder_visits and vendors is None and self.profile.qminder is not None
            ran = await asyncio.gather(
                *(self._sync_vendor(v, states.get(v), emit, deadline, accept_removals,
                                    full or not self.incremental)
                  for v in [*chosen, *(["qminder"] if pull else [])]))
            results = list(ran[:len(chosen)])
            await self._tidy(ran)
            notices = await self._drop_set_aside(results)
        finally:
            # Full passes are daily: no process waits all day for the next one.
            await self._stop_writers()
            self._lock.release()
        return SyncReport(results, notices=notices, visits=ran[-1] if pull else None)

    async def replay_outbox(self, *, now_all: bool = False) -> ReplayReport | None:
        """Send the edits that are due (:mod:`app.sync.replay`); never raises for a vendor.

        Takes this cache's sync lock, so two processes never send the same edit at once (a
        stale "add label" sent after a later "remove" would put the label back). None when a
        sync holds the lock: that sync sends them itself. ``now_all`` also tries edits still
        waiting out a backoff (a person pressed "sync now").
        """
        if not self._lock.acquire():
            return None
        try:
            return await self._replay(now_all=now_all)
        finally:
            self._lock.release()

    async def _replay(self, *, now_all: bool = False) -> ReplayReport:
        """:meth:`replay_outbox` for a caller that holds the sync lock already.

        Clients are made only for vendors with edits waiting, and closed after.
        """
        clients: dict[str, Any] = {}

        async def client_for(vendor: str) -> Any:
            if vendor not in clients:
                secret = await self._secret(vendor)
                http = self.http_client_factory(vendor) if self.http_client_factory else None
                clients[vendor] = make_client(vendor, self.profile, secret, client=http)
            return clients[vendor]

        async def on_writer(job: Callable[[sqlite3.Connection], Any]) -> Any:
            return await self.worker.run(lambda writer: job(writer.conn))

        replayer = Replayer(on_writer, client_for, clock=lambda: datetime.now(UTC))
        try:
            return await replayer.run_once(now_all=now_all)
        except sqlite3.Error as exc:
            log.warning("outbox: could not be read (%s)", exc)
            return ReplayReport()
        finally:
            for client in clients.values():
                try:
                    await client.aclose()
                except Exception:  # closing must not fail a sync
                    log.debug("closing an outbox client failed", exc_info=True)

    async def _tidy(self, results: Sequence[VendorResult]) -> None:
        """Compact the search indexes after a sync that changed many customers (see
        :meth:`CacheWriter.tidy_search`); a failure here costs search speed, never data."""
        changes = sum(r.added + r.changed + r.removed for r in results if r.ok)
        if changes < TIDY_AFTER_CHANGES:
            return
        try:
            await self.worker.run(lambda writer: writer.tidy_search())
        except sqlite3.Error as exc:
            log.warning("sync: could not compact the search index (%s)", exc)
        else:
            log.info("sync: search index compacted after %d changes", changes)
        # A first fill (or a rebuild): most of what is stored was added just now, so the file
        # is loosely packed; rewriting it once saves about a sixth (CacheWriter.compact).
        # Only whole lists say how much of the cache is new: an incremental pass's "records"
        # are just the changed ones, all of them "added" when they are new customers.
        whole = [r for r in results if r.ok and r.mode != "incremental"]
        added = sum(r.added for r in whole)
        if not whole or added * 2 < sum(r.records for r in whole):
            return
        try:
            await self.worker.run(lambda writer: writer.compact())
        except sqlite3.Error as exc:
            log.warning("sync: could not compact the cache file (%s)", exc)
        else:
            log.info("sync: cache file compacted after a first fill of %d records", added)

    async def _drop_set_aside(self, results: Sequence[VendorResult]) -> list[str]:
        """After a run where every vendor synced, the cache is rebuilt: copies of it set aside
        as damaged or newer have served their purpose and go (:meth:`Cache.drop_set_aside`)."""
        if not results or not all(r.ok for r in results):
            return []
        try:
            removed = await asyncio.to_thread(self.cache.drop_set_aside)
        except OSError as exc:
            log.warning("sync: could not delete set-aside cache copies (%s)", exc)
            return []
        return [f"The cache is rebuilt: its set-aside copy {name} was deleted."
                for name in removed]

    async def _acquire(self, chosen: list[str], emit: ProgressCallback, wait: bool) -> bool:
        if self._lock.acquire():
            return True
        if not wait:
            log.info("sync skipped: another sync holds %s", self._lock.path)
            return False
        for vendor in chosen:
            emit(SyncProgress(vendor, "waiting"))
        # Another process holds an OS file lock: nothing to await but polling for it.
        while not self._lock.acquire():  # noqa: ASYNC110
            await asyncio.sleep(LOCK_POLL_S)
        return True

    def _emitter(self, callback: ProgressCallback | None) -> ProgressCallback:
        target = callback or _ignore

        def emit(event: SyncProgress) -> None:
            try:
                target(event)
            except Exception:  # a broken progress display must not break the sync
                log.exception("sync progress callback failed")

        return emit

    async def _sync_vendor(self, vendor: str, saved: SyncState | None, emit: ProgressCallback,
                           deadline: float, accept_removals: bool = False,
                           full: bool = False) -> VendorResult:
        started = self.now()
        ctx = VendorContext(vendor, self.worker, self.profile.store.country, emit, started,
                            self.now, accept_removals, full=full, counter=counter_name(),
                            timezone=self.profile.store.timezone,
                            pages=self._writer_for(vendor))
        try:
            async with asyncio.timeout_at(deadline):
                secret = await self._secret(vendor)
                http = self.http_client_factory(vendor) if self.http_client_factory else None
                try:
                    result = await self._sync_with(vendor, secret, http, ctx, saved)
                finally:
                    if http is not None:
                        await http.aclose()
        except TimeoutError:
            minutes = self.pass_deadline_s / 60
            log.warning("sync %s: stopped at the %.1f-minute sync deadline", vendor, minutes)
            return await self._failed(
                ctx, saved, f"{VENDOR_NAMES[vendor]}: the sync took longer than "
                f"{minutes:.3g} minutes and was stopped — what it stored is kept, and the next "
                "sync carries on", ExitCode.UNAVAILABLE)
        except VendorError as exc:
            log.warning("sync %s failed: %s (%s)", vendor, exc.message, exc.detail)
            return await self._failed(ctx, saved, exc.one_line(), exc.exit_code)
        except ClientdeskError as exc:
            log.warning("sync %s failed: %s", vendor, exc.message)
            return await self._failed(ctx, saved, exc.message, exc.exit_code)
        except sqlite3.Error as exc:
            log.exception("sync %s: the cache could not be written", vendor)
            return await self._failed(
                ctx, saved, f"{VENDOR_NAMES[vendor]}: the local cache could not be written "
                f"({exc}) — check free disk space; the log file has details", ExitCode.INTERNAL)
        except Exception:
            log.exception("sync %s: unexpected error", vendor)
            return await self._failed(
                ctx, saved, f"{VENDOR_NAMES[vendor]}: internal error — details are in the log "
                "file; please report it", ExitCode.INTERNAL)
        emit(SyncProgress(vendor, "done", result.pages, result.records, result.skipped,
                          done=True))
        log.info("sync %s: %d records in %d pages, +%d ~%d -%d, %d skipped, %.1f s%s", vendor,
                 result.records, result.pages, result.added, result.changed, result.removed,
                 result.skipped, result.seconds, " (resumed)" if result.resumed else "")
        return result

    async def _sync_with(self, vendor: str, secret: str, http: httpx.AsyncClient | None,
                         ctx: VendorContext, saved: SyncState | None) -> VendorResult:
        network = Network.of(self.profile.network)
        if vendor == "loke":
            assert self.profile.loke is not None
            async with LokeClient(self.profile.loke, secret, client=http,
                                  limits=limits.sync("loke"), network=network) as loke:
                return await sync_loke(loke, ctx, saved)
        if vendor == "reservations":
            assert self.profile.reservations is not None
            async with ReservationsClient(self.profile.reservations, secret, client=http,
                                          limits=limits.sync("reservations"),
                                          network=network) as reservations:
                if ctx.pages is not None:  # read and stored by the writer process
                    return await fill_reservations(reservations, ctx)
                return await sync_reservations(reservations, ctx)
        if vendor == "qminder":  # its visits (app.sync.qminder), not customers
            assert self.profile.qminder is not None
            async with QminderClient(self.profile.qminder, secret, client=http,
                                     limits=VISITS_LIMITS, network=network) as qminder:
                return await sync_qminder_visits(qminder, ctx, saved)
        raise ValueError(f"sync does not support {vendor!r}")

    async def _secret(self, vendor: str) -> str:
        secret = await asyncio.to_thread(self.secrets.get, vendor)
        if not secret:
            raise CredentialError(f"{VENDOR_NAMES[vendor]}: no credential stored — run "
                                  f"`clientdesk credentials set {vendor}`")
        return secret  # registered with the log scrubber as it was read (app.secrets)

    async def _failed(self, ctx: VendorContext, saved: SyncState | None, message: str,
                      code: ExitCode) -> VendorResult:
        """Record the failure; the vendor's cached records and saved cursor stay as they are."""
        since = _iso(saved.offline_since) if saved is not None else None
        try:
            await self.worker.run(lambda writer: writer.set_state(
                ctx.vendor, last_error=message, last_attempt=ctx.started,
                offline_since=since or ctx.started))
        except sqlite3.Error:
            log.exception("sync %s: could not record the failure in the cache", ctx.vendor)
        ctx.emit(SyncProgress(ctx.vendor, "failed", done=True, error=message))
        return VendorResult(ctx.vendor, ok=False, error=message, exit_code=code)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


def _lock_file(cache: Cache) -> Path:
    return cache.path.with_name(cache.path.name + ".sync-lock")
