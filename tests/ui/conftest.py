"""Qt test fixtures: a qasync event loop per test that fails the test on unhandled errors."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from app.sandbox.runner import Sandbox, ThreadedSandbox
from tests.conftest import ANCHOR


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
    assert problems == [], problems


@pytest.fixture
def threaded_sandbox() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(Sandbox(200, seed=9, anchor=ANCHOR, store_id="ui-test")) as box:
        yield box
