"""Qt test fixtures: a qasync event loop per test that fails the test on unhandled errors, a
sandbox, caches for the search UI (one filled by the real sync engine), and loop helpers."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from app.cache.db import Cache
from app.cache.search_service import SearchService
from app.formatting import current_formats, use_formats
from app.profile import StoreProfile, profile_from_dict
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine
from app.sync.events import SyncReport
from tests.conftest import ANCHOR
from tests.support.pseudo_translator import pseudo  # noqa: F401 - a fixture for UI tests
from ui import i18n


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    problems: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: problems.append(context))
    yield loop
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.close()  # also stops the loop's worker threads (asyncio.to_thread)
    asyncio.set_event_loop(None)
    # Collect the loop's Qt timer objects now, on the GUI thread: if a later garbage collection
    # ran on a worker thread (a search), Qt would warn "Timers cannot be stopped from another
    # thread".
    gc.collect()
    assert problems == [], problems


@pytest.fixture
def keep_running(qapp: QApplication) -> Iterator[None]:
    """Closing a window inside a scenario must not quit the app (and stop the loop) while the
    queue is still being shut down after it."""
    before = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)
    yield
    qapp.setQuitOnLastWindowClosed(before)


@pytest.fixture
def threaded_sandbox() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(Sandbox(200, seed=9, anchor=ANCHOR, store_id="ui-test")) as box:
        yield box


# -- caches for the search UI -------------------------------------------------------------------

@pytest.fixture(scope="session")
def sandbox_cache(tmp_path_factory: pytest.TempPathFactory) -> Cache:
    """A cache filled by the real sync engine from a 200-person sandbox, once per session.

    Tests only read it (searches), so one copy serves them all; the sandbox stops once the
    cache is filled, as a counter PC's cache outlives a vendor outage.
    """
    cache = Cache.open(tmp_path_factory.mktemp("sandbox-cache") / "ui.sqlite3")
    with ThreadedSandbox(Sandbox(200, seed=9, anchor=ANCHOR, store_id="ui-search")) as box:
        profile = profile_from_dict(box.sandbox.profile_dict())
        secrets = MemorySecrets("ui-search", box.sandbox.secrets)

        async def fill() -> SyncReport:
            async with SyncEngine(profile, secrets, cache) as engine:
                return await engine.run()

        report = box.call(fill())  # on the sandbox's own loop thread
    assert report.ok, report
    return cache


@pytest.fixture
def small_search(small_cache: Cache, qloop: qasync.QEventLoop) -> Iterator[SearchService]:
    service = SearchService(small_cache)
    yield service
    service.close()


@pytest.fixture
def sandbox_search(sandbox_cache: Cache, qloop: qasync.QEventLoop) -> Iterator[SearchService]:
    service = SearchService(sandbox_cache)
    yield service
    service.close()


def run[T](loop: qasync.QEventLoop, awaitable: Awaitable[T], timeout: float = 10) -> T:
    """Drive ``awaitable`` on the qasync loop (Qt events are processed meanwhile)."""
    return loop.run_until_complete(asyncio.wait_for(awaitable, timeout))


async def until(condition: Callable[[], bool], within: float = 10) -> None:
    """Let the loop run until ``condition()`` holds (widget state: there is no event to await)."""
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.01)


# -- editing (issue 6): a sandbox per test, synced into a fresh cache ---------------------------

@pytest.fixture
def edit_vendors() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(Sandbox(200, seed=9, anchor=ANCHOR, store_id="ui-edits")) as box:
        yield box


@pytest.fixture
def edit_synced(edit_vendors: ThreadedSandbox, tmp_path: Path
                ) -> tuple[Any, MemorySecrets, Cache]:
    """The store's profile, secrets (vendor keys; the manager PIN joins them) and a cache
    filled by the real sync engine."""
    profile = profile_from_dict(edit_vendors.sandbox.profile_dict())
    secrets = MemorySecrets(profile.store.id, dict(edit_vendors.sandbox.secrets))
    cache = Cache.open(tmp_path / "edits.sqlite3")

    async def fill() -> SyncReport:
        async with SyncEngine(profile, secrets, cache) as engine:
            return await engine.run()

    assert edit_vendors.call(fill()).ok
    return profile, secrets, cache


# -- the window's language ----------------------------------------------------------------------

STORE = {"id": "budapest", "name": "Budapest — Váci utca", "country": "HU",
         "timezone": "Europe/Budapest", "currency": "HUF"}


def language_store(language: str | None) -> StoreProfile:
    table = dict(STORE, **({"language": language} if language else {}))
    return profile_from_dict({"store": table})


@pytest.fixture
def speak(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., str]]:
    """Install a store's language; English (and the test formats) come back afterwards."""
    monkeypatch.delenv("CLIENTDESK_LANGUAGE", raising=False)
    before = current_formats()

    def install(language: str | None) -> str:
        return i18n.install(qapp, language_store(language)).tag
    yield install
    i18n.uninstall(qapp)
    use_formats(before)
