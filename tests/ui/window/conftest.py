"""Main-window fixtures: a window with search, profile, a queue never started and (on
request) editing, on a cache of 200 sandbox people; shared by the help, palette and screen
tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from app.cache.own_thread import CacheClosed
from app.cache.search_service import SearchService
from app.customer.service import ProfileService
from app.manager import ManagerLock
from app.profile import StoreProfile, profile_from_dict
from app.secrets import MemorySecrets
from ui.editing.service import EditService
from ui.queue.panel import QueueParts, build_queue
from ui.window.main_window import MainWindow

TABLE: dict[str, Any] = {
    "store": {"id": "help", "name": "Help Store", "country": "AU",
              "timezone": "Australia/Sydney", "currency": "AUD"},
    "qminder": {"base_url": "http://127.0.0.1:9", "location_id": 1},
}


async def no_cache(job: Callable[[sqlite3.Connection], Any]) -> Any:
    """The profiles' and edits' cache thread, gone (what the views catch and say so)."""
    raise CacheClosed("no cache in this test")


@pytest.fixture
def profile() -> StoreProfile:
    return profile_from_dict(TABLE)


@pytest.fixture
def window_with(qtbot: QtBot, qloop: qasync.QEventLoop, small_search: SearchService,
                profile: StoreProfile, tmp_path: Path) -> Iterator[Callable[..., MainWindow]]:
    """A window with search, profile, (unless ``queue=False``) a queue never started and
    (with ``edits=True``) editing."""
    made: list[tuple[MainWindow, QueueParts | None, EditService | None]] = []
    secrets = MemorySecrets("help", {"qminder": "not-used"})

    def make(*, queue: bool = True, edits: bool = False,
             settings: QSettings | None = None) -> MainWindow:
        parts = build_queue(profile, secrets) if queue else None
        service = EditService(no_cache, ManagerLock(secrets, tmp_path / "lock.json")) \
            if edits else None
        window = MainWindow(profile, secrets, training=True, cache=small_search,
                            profiles=ProfileService(profile, secrets, no_cache), queue=parts,
                            edits=service, settings=settings)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)  # shortcuts need an active window
        made.append((window, parts, service))
        return window

    yield make
    for window, parts, service in made:
        window.close()
        if parts is not None:
            qloop.run_until_complete(parts.aclose())
        if service is not None:
            qloop.run_until_complete(service.aclose())


