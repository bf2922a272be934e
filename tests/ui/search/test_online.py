"""Online lookup in the real window: a complete email that matches nobody on this PC is offered,
asked after a pause (or at Enter), listed "found at Booxi", and opens like any customer once
picked; partial text never reaches a vendor. Real widgets, real sandbox servers over loopback."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.cache.db import Cache
from app.sandbox.booxi import has_duplicate
from app.sandbox.faults import Faults
from app.sandbox.people import Person
from app.sandbox.runner import ThreadedSandbox
from app.secrets import MemorySecrets
from tests.ui.conftest import run, until
from tests.ui.editing.helpers import edit_desk
from ui.search import online
from ui.search.online import OnlineLookupBar

pytestmark = pytest.mark.qt_log_ignore(r".*does not support raise.*")


def booxi_only(box: ThreadedSandbox, *, duplicate: bool = False) -> Person:
    return next(p for p in box.sandbox.population.people()
                if p.in_booxi and not p.in_reservations and not p.in_loke and p.email
                and has_duplicate(p) == duplicate)


def requests(box: ThreadedSandbox) -> dict[str, int]:
    return {name: server.requests for name, server in box.sandbox.servers.items()}


def test_a_booxi_only_customer_is_found_online_and_opens(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: tuple[Any, MemorySecrets, Cache], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(online, "PAUSE_MS", 150)
    person = booxi_only(edit_vendors)
    assert person.email is not None

    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            panel = desk.window.search_panel
            assert panel is not None and panel.online is not None
            bar: OnlineLookupBar = panel.online
            # half an address: nobody matches, nothing is offered, no vendor is asked
            before = requests(edit_vendors)
            qtbot.keyClicks(panel.box, person.email[:-5])
            await until(lambda: not panel.searching() and panel.model.loaded)
            await qloop_pause(0.3)
            assert bar.isHidden() and requests(edit_vendors) == before

            panel.box.setText(person.email)
            await until(lambda: bar.offered())
            assert "Nobody on this PC has the email" in bar.text.text()
            assert person.email not in bar.text.text()  # masked
            await until(lambda: bar.has_choices(), within=15)  # asked after the pause
            assert "found at Booxi" in bar.list.item(0).text()
            assert person.full_name in bar.list.item(0).text()
            shot = Path(os.environ.get("CLIENTDESK_SCREENSHOT_DIR", tmp_path))
            assert desk.window.grab().save(str(shot / "online_lookup_found.png"))

            qtbot.keyClick(panel.box, Qt.Key.Key_Return)  # opens the highlighted one
            profile = desk.window.profile_panel
            assert profile is not None
            await until(profile.has_profile)
            await profile.idle()
            assert profile.name.text() == person.full_name
            assert desk.query("SELECT vendor_id FROM records WHERE vendor = 'booxi'") == \
                [(str(person.booxi_client_id),)]
            await until(lambda: panel.model.rowCount() == 1)  # now found on this PC
            assert bar.isHidden()
            desk.window.resize(1366, 768)
            assert desk.window.grab().save(str(shot / "booxi_only_profile.png"))

    run(qloop, scenario(), timeout=90)


async def qloop_pause(seconds: float) -> None:
    import asyncio
    await asyncio.sleep(seconds)


def test_several_clients_with_one_email_are_listed_and_the_pick_is_kept(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: tuple[Any, MemorySecrets, Cache], tmp_path: Path) -> None:
    person = booxi_only(edit_vendors, duplicate=True)
    assert person.email is not None

    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            panel = desk.window.search_panel
            assert panel is not None and panel.online is not None
            bar = panel.online
            panel.box.setText(person.email)
            await until(lambda: bar.offered())
            qtbot.keyClick(panel.box, Qt.Key.Key_Return)  # Enter asks at once
            await until(lambda: bar.has_choices(), within=15)
            assert bar.list.count() == 2 and "Pick the right one" in bar.text.text()
            qtbot.keyClick(panel.box, Qt.Key.Key_Down)  # the arrows move in the list
            assert bar.list.currentRow() == 1
            picked = bar.list.item(1).text()
            qtbot.keyClick(panel.box, Qt.Key.Key_Return)
            profile = desk.window.profile_panel
            assert profile is not None
            await until(profile.has_profile)
            kept = desk.query("SELECT vendor_id FROM records WHERE vendor = 'booxi'")
            assert len(kept) == 1 and f"Booxi client {kept[0][0]}" in picked

    run(qloop, scenario(), timeout=90)


def test_vendors_down_say_so_and_try_again_asks_once_more(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: tuple[Any, MemorySecrets, Cache], tmp_path: Path) -> None:
    person = booxi_only(edit_vendors)
    assert person.email is not None

    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            panel = desk.window.search_panel
            assert panel is not None and panel.online is not None
            bar = panel.online
            for vendor in ("loke", "booxi"):
                edit_vendors.sandbox.servers[vendor].faults = Faults(error=1.0)
            panel.box.setText(person.email)
            await until(lambda: bar.offered())
            bar.ask_button.click()
            await until(lambda: bar.result is None and "could not be asked" in
                        bar.text.text(), within=30)
            assert bar.ask_button.isVisible() and bar.ask_button.text() == "Try again"
            for vendor in ("loke", "booxi"):
                edit_vendors.sandbox.servers[vendor].faults = Faults()
            bar.ask_button.click()
            await until(lambda: bar.has_choices(), within=15)

    run(qloop, scenario(), timeout=120)
