"""The main window's vendor checks drive real widgets against the sandbox on loopback."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.cache.own_thread import CacheClosed
from app.cache.search import SearchHit
from app.customer.service import ProfileService
from app.profile import profile_from_dict
from app.sandbox.runner import ThreadedSandbox
from app.secrets import MemorySecrets
from tests.ui.conftest import run, until
from ui.window.main_window import MainWindow

T = TypeVar("T")


def cell(window: MainWindow, row: int, column: int) -> str:
    model = window.model
    return str(model.data(model.index(row, column, QModelIndex())))


def run_refresh(window: MainWindow, loop: qasync.QEventLoop) -> None:
    window.refresh()
    loop.run_until_complete(asyncio.wait_for(window.checks_done(), 20))


def test_training_window_shows_every_vendor_ok(qtbot: QtBot, qloop: qasync.QEventLoop,
                                              threaded_sandbox: ThreadedSandbox,
                                              tmp_path: Path) -> None:
    box = threaded_sandbox.sandbox
    profile = profile_from_dict(box.profile_dict())
    window = MainWindow(profile, MemorySecrets("ui-test", box.secrets), training=True)
    qtbot.addWidget(window)
    window.show()
    banner = window.findChild(QLabel, "trainingBanner")
    assert banner is not None and banner.isVisible() and "TRAINING MODE" in banner.text()
    run_refresh(window, qloop)
    names = [cell(window, row, 0) for row in range(window.model.rowCount())]
    assert names == ["Qminder", "Qudini", "Booxi", "reservations", "LOKE"]
    results = [cell(window, row, 5) for row in range(5)]
    assert all(r.startswith("✔ OK") for r in results), results
    assert window.checked_label.text().startswith("checked at")
    shot = Path(os.environ.get("CLIENTDESK_SCREENSHOT_DIR", tmp_path)) / "main_window.png"
    assert window.grab().save(str(shot))


def test_failing_vendor_is_named_and_f5_rechecks(qtbot: QtBot, qloop: qasync.QEventLoop,
                                                 threaded_sandbox: ThreadedSandbox) -> None:
    box = threaded_sandbox.sandbox
    profile = profile_from_dict(box.profile_dict())
    secrets = MemorySecrets("ui-test", dict(box.secrets, loke="wrong-secret-value"))
    window = MainWindow(profile, secrets, training=False)
    qtbot.addWidget(window)
    window.show()
    assert window.findChild(QLabel, "trainingBanner") is None
    run_refresh(window, qloop)
    loke = cell(window, 4, 5)
    assert loke.startswith("✘") and "wrong-secret-value" not in loke
    assert cell(window, 4, 3) == "✘ no"
    secrets.set("loke", box.secrets["loke"])
    assert window.tabs.currentWidget() is window.vendors_panel  # no cache: no search tab
    qtbot.keyClick(window, Qt.Key.Key_F5)  # F5 on the Vendors tab checks them again
    assert window.vendors_panel.tasks.running("doctor")
    qloop.run_until_complete(asyncio.wait_for(window.checks_done(), 20))
    assert cell(window, 4, 5).startswith("✔ OK")


def test_store_name_is_plain_text(qtbot: QtBot, qloop: qasync.QEventLoop,
                                  threaded_sandbox: ThreadedSandbox) -> None:
    data = threaded_sandbox.sandbox.profile_dict()
    data["store"]["name"] = "<b>Bob's</b> & <a href='x'>Co</a>"
    window = MainWindow(profile_from_dict(data), MemorySecrets("x"), training=True)
    qtbot.addWidget(window)
    label = window.findChild(QLabel, "storeName")
    assert label is not None
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == "<b>Bob's</b> & <a href='x'>Co</a>"


class FailingReader:
    """A cache reader whose reads fail with ``failure`` (searches find nobody)."""

    def __init__(self, failure: Exception) -> None:
        self.failure = failure

    async def search(self, text: str, limit: int = 100, offset: int = 0) -> list[SearchHit]:
        return []

    async def read(self, job: Callable[[sqlite3.Connection], T]) -> T:
        raise self.failure


def reference_window(qtbot: QtBot, failure: Exception) -> MainWindow:
    profile = profile_from_dict({"store": {"id": "refs", "name": "Refs", "country": "AU",
                                           "timezone": "Australia/Sydney",
                                           "currency": "AUD"}})
    secrets = MemorySecrets("refs")
    window = MainWindow(profile, secrets, training=True, cache=FailingReader(failure),
                        profiles=ProfileService(profile, secrets, FailingReader(failure).read))
    qtbot.addWidget(window)
    return window


async def enter_reference(window: MainWindow, text: str) -> None:
    """A reference typed and Enter pressed: the window resolves it on the cache reader."""
    panel = window.search_panel
    assert panel is not None
    panel.box.setText(text)
    panel.referenceEntered.emit(text)
    task = window.tasks.get("resolve")
    assert task is not None
    await asyncio.wait({task})


@pytest.mark.parametrize("failure", [CacheClosed("cache-reader is closed"),
                                     sqlite3.OperationalError("disk I/O error")])
def test_a_reference_the_cache_cannot_answer_says_so(
        qtbot: QtBot, qloop: qasync.QEventLoop, failure: Exception) -> None:
    window = reference_window(qtbot, failure)
    qloop.run_until_complete(enter_reference(window, "id:57"))
    assert window.search_panel is not None
    assert window.search_panel.notice.text() == \
        f"The customer cache could not be read ({failure})."


@pytest.mark.parametrize("bug", [RuntimeError("a bug in resolve"),
                                 sqlite3.ProgrammingError("Cannot operate on a closed cursor.")])
def test_a_bug_resolving_a_reference_reaches_the_error_funnel(
        qtbot: QtBot, qloop: qasync.QEventLoop, bug: Exception) -> None:
    window = reference_window(qtbot, bug)
    funnel: list[BaseException | None] = []  # where ui.common.errors.ErrorFunnel listens
    qloop.set_exception_handler(lambda _loop, context: funnel.append(context.get("exception")))
    qloop.run_until_complete(enter_reference(window, "id:57"))
    qloop.run_until_complete(asyncio.sleep(0))  # the done callback hands it to the loop
    assert funnel == [bug]
    assert window.search_panel is not None
    assert "could not be read" not in window.search_panel.notice.text()


def test_revealing_a_customers_contacts_is_written_to_the_audit_log(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    from tests.ui.editing.helpers import OTHER, edit_desk

    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            person = desk.person(OTHER)
            await desk.open_profile(person)
            panel = desk.window.profile_panel
            assert panel is not None and panel.profile is not None
            customer_id = desk.customer_id(person)

            async def audit() -> list[tuple[str, str, str]]:
                rows = await desk.service.run(lambda conn: conn.execute(
                    "SELECT subject, mode, detail FROM audit WHERE action = 'contacts.reveal'"
                ).fetchall())
                return [(str(a), str(b), str(c)) for a, b, c in rows]

            assert await audit() == []
            panel.reveal.click()  # show
            await until(lambda: panel.reveal.text() == "Hide")
            async with asyncio.timeout(10):  # written on the cache thread, off the GUI's
                while not await audit():  # noqa: ASYNC110  (a row in SQLite: no event)
                    await asyncio.sleep(0.02)
            [(subject, mode, detail)] = await audit()
            assert subject == f"customer:{customer_id}" and mode == "staff"
            assert json.loads(detail) == {"customer_id": customer_id, "where": "window"}
            panel.reveal.click()  # hide: not a reveal
            await until(lambda: panel.reveal.text() == "Reveal")
            assert len(await audit()) == 1

    run(qloop, scenario(), timeout=60)
