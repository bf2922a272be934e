"""A process of its own that stores the pages of a first fill: the fetching process stays light.

Why a process: storing a customer — decoding, validating, converting, fingerprinting, linking
and indexing it — is pure Python, so on a writer *thread* it holds the interpreter lock the
window (or the fetching loop) also needs. Measured at 100,000 customers, the window's process
ran one core at 94–100 % for the whole sync and the sync took three times the raw page fetch.
Here the pages travel as the bytes the vendor sent; everything after the socket runs in this
child, on the other core.

What it is: a one-worker :class:`~concurrent.futures.ProcessPoolExecutor` (the ``spawn``
start method everywhere, so a frozen Windows bundle and Linux behave alike) whose worker opens
one :class:`~app.cache.writer.CacheWriter` on the cache file at start. Jobs are module-level
functions ``job(writer, *args)`` — they cross the process boundary by name, their arguments and
results by pickle.

Why one writer among others is safe: every write is one ``BEGIN IMMEDIATE`` transaction, so
SQLite serialises this process's batches with the sync thread's small writes (state, marks,
edits) and the profile thread's; a writer caches nothing across transactions (its next
customer id is read again in each).

What the child logs (a record it skipped, say) comes back with the job's result and is logged
in the parent, through its handlers and secret scrubber: the child has no log file of its own.
If the child dies (killed, out of memory), the job fails with :class:`WriterStopped`; what it
had committed stays, the pass resumes from its last stored page, and the next job starts a new
child.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
import os
import signal
import sqlite3
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from app.cache.db import Cache
from app.cache.writer import CacheWriter
from app.errors import BadData, ClientdeskError, ExitCode

log = logging.getLogger("clientdesk.sync")

_WRITER: CacheWriter | None = None  # the child's writer, opened by _start
_CAPTURED: list[tuple[str, int, str]] = []  # the child's log records since the last job


class WriterStopped(ClientdeskError):
    """The writer process ended before answering (killed, or out of memory)."""

    exit_code = ExitCode.INTERNAL


class _Capture(logging.Handler):
    """Keeps the child's log records (already formatted) for the parent to log."""

    def emit(self, record: logging.LogRecord) -> None:
        _CAPTURED.append((record.name, record.levelno, record.getMessage()))


def _die_with(parent: int) -> None:
    """Linux: end this child the moment its parent ends, even by SIGKILL.

    Otherwise an orphaned child would finish the batch in hand after a killed sync — harmless
    (a batch is one transaction with its cursor) but it races the next sync's reading of that
    cursor. Elsewhere the orphan finishes that one batch and exits when its pipe breaks.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the orphan ends after its batch instead
        return
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(0)


_PR_SET_PDEATHSIG = 1


def _start(path: str, parent: int) -> None:
    """The child's initializer: bound to its parent, tuned collector, captured logging, one
    writer."""
    global _WRITER
    from app.gctune import tune_gc

    _die_with(parent)

    tune_gc()
    root = logging.getLogger()
    root.handlers[:] = [_Capture()]
    root.setLevel(logging.INFO)
    _WRITER = CacheWriter(Cache(Path(path)))


def _call(job: Callable[..., Any], args: tuple[Any, ...]) -> tuple[Any, list[Any]]:
    """Run one job in the child; its result and log records, or a picklable error.

    Errors cross as types the parent knows how to report: SQLite's (the cache could not be
    written), a vendor's bad data, or anything else as a plain RuntimeError with its type.
    """
    assert _WRITER is not None, "the writer process was not started"
    _CAPTURED.clear()
    try:
        result = job(_WRITER, *args)
    except sqlite3.Error as exc:
        raise sqlite3.OperationalError(str(exc)) from None
    except BadData as exc:
        return _Failed(exc.vendor, exc.message, exc.detail), list(_CAPTURED)
    except Exception as exc:
        raise RuntimeError(f"{type(exc).__name__}: {exc}") from None
    return result, list(_CAPTURED)


class _Failed:
    """A vendor's bad data, as the child saw it (BadData itself does not pickle)."""

    def __init__(self, vendor: str, message: str, detail: str) -> None:
        self.vendor, self.message, self.detail = vendor, message, detail


class WriterProcess:
    """One child process holding a writer on ``cache``; started on first use."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self._pool: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                initializer=_start, initargs=(str(self.cache.path), os.getpid()))
        return self._pool

    def submit(self, job: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
        """Queue ``job(writer, *args)`` in the child; the future resolves on the caller's loop
        with the job's result (its log records already logged here)."""
        loop = asyncio.get_running_loop()
        outcome: asyncio.Future[Any] = loop.create_future()
        sent = loop.run_in_executor(self._executor(), _call, job, args)

        def arrived(done: asyncio.Future[tuple[Any, list[Any]]]) -> None:
            if outcome.cancelled():
                return
            if done.cancelled():
                outcome.cancel()
                return
            error = done.exception()
            if isinstance(error, BrokenProcessPool):
                log.warning("sync: the cache's writer process ended unexpectedly (exit codes "
                            "%s)", self._exit_codes())
                self._pool = None  # the next job starts a new child
                outcome.set_exception(WriterStopped(
                    "the cache's writer process stopped unexpectedly — what it stored is "
                    "kept, and the next sync carries on from there"))
                return
            if error is not None:
                outcome.set_exception(error)
                return
            result, records = done.result()
            for name, level, message in records:
                logging.getLogger(name).log(level, "%s", message)
            if isinstance(result, _Failed):
                outcome.set_exception(BadData(result.vendor, result.message,
                                              detail=result.detail))
            else:
                outcome.set_result(result)

        sent.add_done_callback(arrived)
        return outcome

    async def run(self, job: Callable[..., Any], *args: Any) -> Any:
        """:meth:`submit` and wait; a cancelled caller still waits for the job to end, as
        with the writer thread: no write outlives the sync (and its lock) it serves."""
        future = self.submit(job, *args)
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            await asyncio.wait([future])
            if not future.cancelled():
                future.exception()
            raise

    def close(self) -> None:
        """Stop the child after its last job (blocking: at the end of a pass, or shutdown)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    async def aclose(self) -> None:
        await asyncio.to_thread(self.close)

    def _exit_codes(self) -> list[int | None]:
        processes = getattr(self._pool, "_processes", None) or {}
        return [process.exitcode for process in processes.values()]

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs (tests kill it to prove a pass resumes)."""
        pool = self._pool
        processes = getattr(pool, "_processes", None) or {}
        return next(iter(processes), None)
