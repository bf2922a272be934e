"""Completing a walk-in record in the real window, over the loopback sandbox: the button shows on
a placeholder's profile only; the dialog checks every field as it is typed and saves nothing
while anything is wrong; Enter saves, Esc cancels; the profile shows the details at once and
the edit as pending until reservations has it; a change made elsewhere meanwhile is a
conflict, settled on the profile.

Scenarios run as one coroutine each (see tests/ui/editing/helpers.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.cache import edits
from app.sandbox.faults import Faults
from app.sandbox.runner import ThreadedSandbox
from app.vendors.reservations import ReservationsClient
from tests.ui.conftest import run, until
from tests.ui.editing.helpers import OTHER, EditDesk, edit_desk
from ui.editing.complete_dialog import CompleteDialog, WalkInBox

pytestmark = pytest.mark.qt_log_ignore(r".*does not support raise.*",
                                       r".*This plugin does not support.*")


def a_walk_in(desk: EditDesk) -> tuple[int, str]:
    """A placeholder that is its customer's only record (its profile is its own)."""
    rows = desk.query(
        "SELECT customer_id, vendor_id FROM records r WHERE vendor = 'reservations' AND "
        "is_dummy = 1 AND (SELECT COUNT(*) FROM records o WHERE o.customer_id = "
        "r.customer_id) = 1 ORDER BY vendor_id LIMIT 1")
    assert rows, "no walk-in placeholder in the sandbox"
    return int(rows[0][0]), str(rows[0][1])


async def open_customer(desk: EditDesk, customer_id: int) -> WalkInBox:
    panel = desk.window.profile_panel
    box = desk.window.complete_box
    assert panel is not None and box is not None
    desk.window.open_customer(customer_id)
    await until(lambda: panel.profile is not None and panel.profile.customer_id == customer_id)
    await panel.idle()
    await box.idle()
    return box


async def open_dialog(box: WalkInBox) -> CompleteDialog:
    box.button.click()
    await until(lambda: box.dialog is not None and box.dialog.isVisible())
    dialog = box.dialog
    assert dialog is not None
    return dialog


def server_customer(desk: EditDesk, rid: str) -> Any:
    async def read(client: ReservationsClient) -> Any:
        return await client.customer(rid)
    return desk.on_reservations(read)


def test_a_walk_in_is_completed_from_its_profile(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            panel = desk.window.profile_panel
            assert panel is not None
            # A registered customer's profile has no such button.
            box = await open_customer(desk, desk.customer_id(desk.person(OTHER)))
            assert not box.isVisible()

            customer, rid = a_walk_in(desk)
            box = await open_customer(desk, customer)
            assert box.isVisible() and box.button.text() == "Complete walk-in record…"
            dialog = await open_dialog(box)
            await until(lambda: QApplication.focusWidget() is dialog.fields["first_name"])
            before = server_customer(desk, rid)
            assert dialog.fields["first_name"].text() == (before.first_name or "")
            for field in ("email", "phone_number", "birthday"):
                assert dialog.fields[field].text() == ""  # never a contact in full
            if before.email:
                assert before.email not in dialog.fields["email"].placeholderText()

            # Esc cancels: nothing queued.
            qtbot.keyClick(dialog.fields["first_name"], Qt.Key.Key_Escape)
            await until(lambda: box.dialog is None)  # closed (and deleted)
            assert await desk.open_edits() == []

            dialog = await open_dialog(box)
            first = dialog.fields["first_name"]
            first.selectAll()
            qtbot.keyClicks(first, "A")
            qtbot.keyClicks(dialog.fields["phone_number"], "04 CALL ME")
            qtbot.keyClicks(dialog.fields["email"], "ana@")
            qtbot.keyClicks(dialog.fields["birthday"], "2999-01-01")
            problems = dialog.problems()  # checked as typed, each under its own field
            assert set(problems) == {"first_name", "phone_number", "email", "birthday"}
            assert "2 to 50" in problems["first_name"] and "letters" in problems["phone_number"]
            assert "future" in problems["birthday"]
            for label in dialog.findChildren(QLabel):
                assert label.textFormat() == Qt.TextFormat.PlainText or not label.text() \
                    or label.buddy() is not None
            qtbot.keyClick(dialog.fields["birthday"], Qt.Key.Key_Return)  # Enter: refused
            assert dialog.isVisible() and "Nothing was saved" in dialog.message.text()
            assert QApplication.focusWidget() is first  # the first thing to fix
            assert await desk.open_edits() == []
            shot = Path(os.environ.get("CLIENTDESK_SCREENSHOT_DIR", tmp_path))
            assert dialog.grab().save(str(shot / "complete_walk_in_dialog.png"))

            first.setText("Ana")
            dialog.fields["last_name"].setText("Pérez")
            dialog.fields["phone_number"].setText("0412 345 678")
            dialog.fields["email"].setText("Ana.Perez@Example.com")
            dialog.fields["birthday"].setText("1990-05-17")
            qtbot.keyClick(first, Qt.Key.Key_Backspace)
            qtbot.keyClicks(first, "a")  # an edit clears that field's message
            assert dialog.problems() == {}
            server = desk.vendors.sandbox.servers["reservations"]
            server.faults = Faults(drop=1.0)  # reservations is down: it must wait
            qtbot.keyClick(dialog.fields["email"], Qt.Key.Key_Return)  # Enter saves
            await until(lambda: box.dialog is None)  # closed (and deleted)
            await desk.settled()
            assert desk.window.complete_box is box  # one box, following the profile
            await until(lambda: panel.profile is not None and panel.name.text() == "Ana Pérez")
            await until(lambda: box.pending() and box.isVisible())
            assert box.state.text().startswith("Walk-in details: Pending — saved on this PC")
            assert desk.window.grab().save(str(shot / "complete_walk_in_pending.png"))
            assert "412" not in panel.contacts.text().replace(" ", "")[:-3]  # masked

            server.faults = Faults()
            assert server_customer(desk, rid).first_name == before.first_name  # not yet
            [edit] = await desk.open_edits()  # waiting out its backoff: "send it now"
            await desk.service.edit(lambda conn: edits.send_now(conn, edit.id))
            await until(lambda: not box.pending(), within=15)
            after = server_customer(desk, rid)
            assert (after.first_name, after.last_name, after.email, after.phone_number,
                    str(after.birthday), after.is_dummy) == (
                "Ana", "Pérez", "ana.perez@example.com", "+61412345678", "1990-05-17", True)
            await until(lambda: box.state.text().startswith("✓ Walk-in details saved"))
            assert await desk.audit_actions() == ["walkin.complete"]

    run(qloop, scenario(), timeout=90)


def test_a_change_made_elsewhere_is_a_conflict_settled_on_the_profile(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            customer, rid = a_walk_in(desk)
            box = await open_customer(desk, customer)
            dialog = await open_dialog(box)

            async def elsewhere(client: ReservationsClient) -> None:
                await client.update_customer(rid, phone_number="+61499000111")
            desk.on_reservations(elsewhere)  # another counter, while the dialog is open

            dialog.fields["first_name"].setText("Bea")
            dialog.save_button.click()
            await until(lambda: box.dialog is None)  # closed (and deleted)
            await desk.settled()
            assert desk.window.complete_box is box  # one box, following the profile
            await until(lambda: box.keep_button.isVisible(), within=15)
            assert "changed on reservations" in box.state.text()
            assert "+61 ••• ••• 111" in box.theirs.text() and "499000111" not in \
                box.theirs.text()
            assert server_customer(desk, rid).first_name != "Bea"  # nothing overwritten
            box.keep_button.click()
            await box.idle()
            await desk.settled()
            await until(lambda: server_customer(desk, rid).first_name == "Bea", within=15)
            assert server_customer(desk, rid).phone_number == "+61499000111"
            actions = await desk.audit_actions()
            assert actions[:2] == ["walkin.complete", "walkin.conflict"]

    run(qloop, scenario(), timeout=90)
