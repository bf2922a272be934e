"""Editing views catch only "the cache went away or is busy" — CacheClosed (the window is
closing) and sqlite3.OperationalError (locked, busy, disk) — and say so; any other exception
in a cache job is a bug and must reach the error funnel (the loop's exception handler), not
read as "the cache could not be read".

No sandbox here: the cache thread is replaced by a job runner that raises what each case needs.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.cache.own_thread import CacheClosed
from app.cache.search import SearchHit
from app.customer.model import Header
from app.customer.service import Profile
from app.manager import ManagerLock
from app.queue.board import QueueBoard
from app.secrets import MemorySecrets
from app.vendors.qminder.models import Ticket
from tests.ui.conftest import run
from ui.common.tasks import TaskSlots
from ui.editing.blacklist_view import BlacklistView
from ui.editing.labels_editor import LabelsEditor
from ui.editing.manager_lock import ManagerGate
from ui.editing.note_editor import NoteEditor
from ui.editing.service import EditService

#: Expected trouble (shown in the view) and bugs (to the funnel).
TROUBLE = [CacheClosed("clientdesk-cache-jobs is closed"),
           sqlite3.OperationalError("database is locked")]
BUGS = [KeyError("customer_id"), TypeError("unsupported operand"),
        sqlite3.IntegrityError("UNIQUE constraint failed")]


class Failing:
    """A cache job runner whose every job raises ``error``."""

    def __init__(self, error: BaseException) -> None:
        self.error = error
        self.calls = 0

    async def __call__(self, job: Callable[[sqlite3.Connection], Any]) -> Any:
        self.calls += 1
        raise self.error


class NoSearch:
    async def search(self, text: str, limit: int = 50, offset: int = 0) -> list[SearchHit]:
        return []


def service_for(jobs: Failing, tmp_path: Path) -> EditService:
    lock = ManagerLock(MemorySecrets("err-test"), tmp_path / "manager-lock.json")
    return EditService(jobs, lock, counter="till-err", every_ms=60_000)


def funnel(loop: qasync.QEventLoop) -> list[BaseException]:
    """What reaches the loop's exception handler from now on (the GUI's error funnel)."""
    seen: list[BaseException] = []

    def handler(_loop: Any, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, BaseException):
            seen.append(exc)

    loop.set_exception_handler(handler)
    return seen


async def finished(tasks: TaskSlots, name: str) -> None:
    task = tasks.get(name)
    if task is not None:
        await asyncio.wait([task])
    await asyncio.sleep(0)  # the done callback (the funnel) runs after the task ends


@pytest.mark.parametrize("error", TROUBLE + BUGS, ids=lambda e: type(e).__name__)
def test_the_outbox_read_keeps_the_last_list_only_when_the_cache_is_away(
        qtbot: QtBot, qloop: qasync.QEventLoop, tmp_path: Path, error: BaseException) -> None:
    async def scenario() -> None:
        service = service_for(Failing(error), tmp_path)
        try:
            if error in TROUBLE:
                assert await service.reread() == []
            else:
                with pytest.raises(type(error)):
                    await service.reread()
        finally:
            await service.aclose()

    run(qloop, scenario())


@pytest.mark.parametrize("error", TROUBLE + BUGS, ids=lambda e: type(e).__name__)
def test_the_blacklist_says_it_could_not_read_only_when_the_cache_is_away(
        qtbot: QtBot, qloop: qasync.QEventLoop, tmp_path: Path, error: BaseException) -> None:
    async def scenario() -> None:
        jobs = Failing(error)
        service = service_for(jobs, tmp_path)
        window = QWidget()  # the gate's parent, as the main window is
        qtbot.addWidget(window)
        view = BlacklistView(service, ManagerGate(service.manager, window), NoSearch(), UTC)
        qtbot.addWidget(view)
        seen = funnel(qloop)
        try:
            view.refresh()
            await finished(view.tasks, "load")
            assert jobs.calls == 1
            shown = view.as_of.text()
            if error in TROUBLE:
                assert shown.startswith("⚠ The blacklist could not be read from the cache (")
                assert seen == []
            else:
                assert "could not be read" not in shown
                assert seen == [error]
        finally:
            view.close_tasks()
            await service.aclose()

    run(qloop, scenario())


@pytest.mark.parametrize("error", TROUBLE + BUGS, ids=lambda e: type(e).__name__)
def test_the_note_says_it_could_not_read_only_when_the_cache_is_away(
        qtbot: QtBot, qloop: qasync.QEventLoop, tmp_path: Path, error: BaseException) -> None:
    async def scenario() -> None:
        service = service_for(Failing(error), tmp_path)
        editor = NoteEditor(service)
        qtbot.addWidget(editor)
        seen = funnel(qloop)
        profile = Profile(header=Header(customer_id=7, name="Ana",
                                        vendor_ids={"reservations": ["R7"]}))
        try:
            editor.show_profile(profile)
            await finished(editor.tasks, "load")
            if error in TROUBLE:
                assert editor.message.text().startswith("The note could not be read")
                assert seen == []
            else:
                assert editor.message.text() == ""
                assert seen == [error]
        finally:
            editor.close_tasks()
            await service.aclose()

    run(qloop, scenario())


@pytest.mark.parametrize("error", TROUBLE + BUGS, ids=lambda e: type(e).__name__)
def test_a_label_says_it_could_not_be_saved_only_when_the_cache_is_away(
        qtbot: QtBot, qloop: qasync.QEventLoop, tmp_path: Path, error: BaseException) -> None:
    async def scenario() -> None:
        service = service_for(Failing(error), tmp_path)
        editor = LabelsEditor(service, QueueBoard(zone=UTC))
        qtbot.addWidget(editor)
        editor.show_ticket(Ticket.model_validate({"id": "52003101"}))
        seen = funnel(qloop)
        try:
            editor.input.setEditText("VIP")
            editor.add_button.click()
            await finished(editor.tasks, "add")
            if error in TROUBLE:
                assert editor.message.text().startswith("The label could not be saved")
                assert seen == []
            else:
                assert editor.message.text() == ""
                assert seen == [error]
        finally:
            editor.close_tasks()
            await service.aclose()

    run(qloop, scenario())
