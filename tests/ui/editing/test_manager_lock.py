"""Manager mode in the window: the PIN set on first use (typed twice), wrong PINs backing off
in PinError's words, the idle lock, and activity keeping it open."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.manager import PIN_KEY
from app.sandbox.runner import ThreadedSandbox
from tests.ui.conftest import run, until
from tests.ui.editing.helpers import PIN, EditDesk, edit_desk
from ui.editing.manager_lock import ManagerGate, PinDialog


async def dialog_of(gate: ManagerGate) -> PinDialog:
    await until(lambda: gate.dialog is not None and gate.dialog.isVisible())
    assert gate.dialog is not None
    return gate.dialog


async def answer(gate: ManagerGate, dialog: PinDialog, pin: str,
                 again: str | None = None) -> None:
    """Type the PIN (twice when setting it), press OK, wait for the refusal or the close."""
    dialog.pin.setText(pin)
    dialog.again.setText(pin if again is None else again)
    dialog.ok.click()
    await until(lambda: gate.dialog is not dialog or (not dialog.checking()
                                                      and dialog.message.isVisible()),
                within=10)


def gate_of(desk: EditDesk) -> ManagerGate:
    assert desk.window.gate is not None
    return desk.window.gate


def test_the_first_use_sets_the_pin_typed_twice_and_unlocks(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            gate, button = gate_of(desk), desk.window.manager_button
            assert button is not None
            assert button.text() == "Staff — unlock manager mode (Ctrl+M)"
            qtbot.keyClick(desk.window.focusWidget() or desk.window, Qt.Key.Key_M,
                           Qt.KeyboardModifier.ControlModifier)
            dialog = await dialog_of(gate)
            assert dialog.first and dialog.again.isVisible()  # no PIN yet: set one
            await answer(gate, dialog, "246813", "246814")
            assert dialog.message.text() == ("The two PINs are not the same. Type the same "
                                             "PIN twice.")
            await answer(gate, dialog, "12")
            assert dialog.message.text() == "A manager PIN is 6 to 12 digits."
            await answer(gate, dialog, PIN)
            assert gate.mode == "manager" and gate.dialog is None
            assert button.text() == "Manager (locks in 5 min) — lock (Ctrl+M)"
            stored = desk.secrets.get(PIN_KEY)
            assert stored is not None and PIN not in stored  # only its salted hash
            button.click()  # locks at once
            assert gate.mode == "staff"
            assert button.text().startswith("Staff")

    run(qloop, scenario(), timeout=60)


def test_five_wrong_pins_back_off_with_the_wait_in_words(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            gate = gate_of(desk)
            await desk.unlock()
            gate.lock_now()
            gate.ask()
            dialog = await dialog_of(gate)
            assert not dialog.first and dialog.again.isHidden()
            for left in ("4 tries", "3 tries", "2 tries", "1 try"):
                await answer(gate, dialog, "000000")
                assert dialog.message.text() == f"Wrong PIN — {left} left before a wait."
            await answer(gate, dialog, "000000")
            assert dialog.message.text() == ("Wrong PIN. Too many wrong PINs: try again in "
                                             "30 s.")
            await answer(gate, dialog, PIN)  # even the right PIN waits now
            assert dialog.message.text().startswith("Too many wrong PINs. Try again in")
            assert gate.mode == "staff" and dialog.isVisible()
            desk.clock.now += timedelta(seconds=31)
            await answer(gate, dialog, PIN)
            assert gate.mode == "manager"

    run(qloop, scenario(), timeout=90)


def test_manager_mode_locks_when_idle_and_input_keeps_it_open(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            gate, button = gate_of(desk), desk.window.manager_button
            view = desk.window.blacklist_view
            assert button is not None and view is not None
            await desk.unlock()
            desk.window.show_blacklist()
            assert view.add_button.isVisible()
            desk.clock.now += timedelta(minutes=3, seconds=30)
            await until(lambda: "locks in 2 min" in button.text(), within=3)
            # Typing in the window is activity: the five minutes start again.
            qtbot.keyClicks(view.search, "ab")
            assert "locks in 5 min" in button.text()
            desk.clock.now += timedelta(minutes=4)
            await until(lambda: "locks in 1 min" in button.text(), within=3)
            assert gate.mode == "manager"
            desk.clock.now += timedelta(minutes=2)  # nothing done for over five minutes
            await until(lambda: gate.mode == "staff", within=3)  # the timer noticed
            assert button.text().startswith("Staff")
            assert not view.add_button.isVisible() and view.read_only.isVisible()

    run(qloop, scenario(), timeout=60)
