"""The Edits tab and the status bar count: pending and failed edits listed in words, retried,
opened where they were made, or discarded after a question.

One coroutine per scenario against the loopback sandbox (see tests/ui/editing/helpers.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import qasync
from pytestqt.qtbot import QtBot

from app.cache import edits
from app.sandbox.faults import Faults
from app.sandbox.runner import ThreadedSandbox
from tests.ui.conftest import run, until
from tests.ui.editing.helpers import OTHER, edit_desk


def test_pending_and_failed_edits_are_listed_retried_opened_and_discarded(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            panel, status = desk.window.edits_panel, desk.window.edits_status
            assert panel is not None and status is not None
            assert status.isHidden() and not panel.empty.isHidden()
            person = desk.person(OTHER)
            rid = person.reservations_id
            assert rid is not None
            server = desk.vendors.sandbox.servers["reservations"]
            server.faults = Faults(drop=1.0)
            who = desk.service.who()
            base = await desk.service.run(lambda conn: edits.current_note(conn, rid))
            note_id = await desk.service.edit(lambda conn: edits.set_note(
                conn, rid, "Sent once reservations is back", base=base, **who))
            # A ticket Qminder does not have: it refuses the label (a permanent failure).
            label_id = await desk.service.edit(lambda conn: edits.label(
                conn, "999999", "VIP", add=True, **who))
            await desk.settled()
            await until(lambda: len(panel.model.rows) == 2)
            assert status.isVisible() and status.text() == "⚠ 1 edit(s) waiting · 1 failed"
            assert panel.summary.text() == "— 1 edit(s) waiting · 1 failed"
            by_id = {e.id: k for k, e in enumerate(panel.model.rows)}
            assert panel.model.text(by_id[note_id], 1) == f"note of {person.full_name}"
            assert panel.model.text(by_id[note_id], 2).startswith(
                "Waiting — reservations could not be reached")
            assert panel.model.text(by_id[label_id], 2).startswith("⚠ Refused by Qminder: ")
            assert panel.model.text(by_id[label_id], 3) == "till-test · staff"
            # The one that needs a person is selected first; status bar click opens the tab.
            status.click()
            assert desk.window.tabs.currentWidget() is panel
            selected = panel.selected()
            assert selected is not None and selected.id == label_id

            panel.discard_button.click()
            assert panel.confirm.isVisible() and panel.confirm_no.hasFocus()
            panel.confirm_no.click()  # nothing happens
            assert panel.confirm.isHidden() and len(panel.model.rows) == 2
            panel.discard_button.click()
            panel.confirm_yes.click()
            await panel.idle()
            assert [e.id for e in panel.model.rows] == [note_id]
            assert status.text() == "1 edit(s) waiting"

            # Edit… opens the customer's profile with the cursor in the note.
            assert panel.select_edit(note_id)
            panel.edit_button.click()
            editor = desk.window.note_editor
            assert editor is not None
            await until(lambda: editor.reservations_id == rid and editor.box.hasFocus())
            assert "Sent once reservations is back" in panel.detail.text()

            server.faults = Faults()  # reservations is back: send it now
            desk.window.show_edits()
            panel.retry_button.click()
            await panel.idle()
            await desk.settled()
            await until(lambda: not panel.model.rows)
            assert panel.empty.isVisible() and status.isHidden()
            assert desk.note_on_server(rid) == "Sent once reservations is back"
            assert await desk.audit_actions() == ["note.set", "label.add", "outbox.discard"]

    run(qloop, scenario(), timeout=60)


def test_a_managers_edit_asks_for_manager_mode_before_retry_or_discard(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            panel, gate = desk.window.edits_panel, desk.window.gate
            assert panel is not None and gate is not None
            rid = desk.person(OTHER).reservations_id
            assert rid is not None
            desk.vendors.sandbox.servers["reservations"].faults = Faults(drop=1.0)
            who = {**desk.service.who(), "mode": "manager"}  # made by a manager earlier
            listed = await desk.service.edit(lambda conn: edits.blacklist(
                conn, rid, "Threatened staff", **who))
            await desk.settled()
            await until(lambda: [e.id for e in panel.model.rows] == [listed])
            assert not gate.active()  # staff at the counter now
            desk.window.show_edits()
            assert panel.select_edit(listed)
            for button in (panel.retry_button, panel.discard_button):
                button.click()  # the PIN dialog opens (after a keyring read off the loop)
                await until(lambda: gate.dialog is not None and gate.dialog.isVisible())
                assert gate.dialog is not None
                gate.dialog.reject()  # cancelled: the action never runs
                await until(lambda: gate.dialog is None or not gate.dialog.isVisible())
                await panel.idle()
                assert panel.confirm.isHidden()  # no "discard?" question for staff
            assert [e.id for e in panel.model.rows] == [listed]
            state = await desk.service.run(lambda conn: conn.execute(
                "SELECT state, attempts FROM outbox WHERE id = ?", (listed,)).fetchone())
            assert state[0] == "pending"

    run(qloop, scenario(), timeout=60)
