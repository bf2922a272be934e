"""Labels on the selected queue ticket: suggested from the store's labels (with colours), added
and removed through the outbox, pending until Qminder has them; empty ones refused.

One coroutine per scenario against the loopback sandbox (see tests/ui/editing/helpers.py); the queue
is live over the fake Qminder's websocket, so a label Qminder accepted comes back as an event.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.sandbox.qminder import QminderServer
from app.sandbox.runner import ThreadedSandbox
from app.vendors.qminder.live import LiveTiming
from tests.ui.conftest import run, until
from tests.ui.editing.helpers import EditDesk, edit_desk
from ui.queue.panel import build_queue

TIMING = LiveTiming(backoff=lambda _failures: 0.3, jitter=0.0, slow_after=1000)


def server_labels(desk: EditDesk, ticket_id: str) -> list[str]:
    server = desk.vendors.sandbox.servers["qminder"]
    assert isinstance(server, QminderServer)

    async def read() -> list[str]:
        return [str(label["value"]) for label in server.tickets[ticket_id]["labels"]]

    return desk.vendors.call(read())


def test_labels_are_suggested_added_and_removed_and_blank_ones_refused(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    profile, secrets, _cache = edit_synced

    async def scenario() -> None:
        parts = build_queue(profile, secrets, live_timing=TIMING, poll_interval_s=0.5)
        assert parts is not None
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path, queue=parts) as desk:
            panel, editor = desk.window.queue_panel, desk.window.labels_editor
            assert panel is not None and editor is not None
            # A ticket without labels, selected.
            ticket = next(t for t in parts.board.tickets.values() if not t.labels)
            assert panel.select_ticket(ticket.id)
            assert editor.ticket is not None and editor.ticket.id == ticket.id
            assert [s.text for s in editor.shown] == []
            # Suggestions: the labels used on the queue now, most used first, with colours.
            used = {lb.value for t in parts.board.tickets.values() for lb in t.labels}
            suggested = editor.suggested()
            assert set(suggested) == used and "VIP" in suggested
            vip = suggested.index("VIP")
            assert not editor.input.itemIcon(vip).isNull()  # its colour swatch

            # Ctrl+L goes to the label box from anywhere in the window.
            desk.window.focus_search()
            qtbot.keyClick(desk.window.focusWidget() or desk.window, Qt.Key.Key_L,
                           Qt.KeyboardModifier.ControlModifier)
            assert editor.input.hasFocus()
            editor.input.setCurrentIndex(vip)
            editor.add_button.click()
            await editor.idle()
            assert [s.text for s in editor.shown] == ["VIP — pending (adding)"]
            await desk.settled()
            await until(lambda: [s.text for s in editor.shown] == ["VIP"], within=15)
            assert server_labels(desk, ticket.id) == ["VIP"]
            assert "VIP" not in editor.suggested()  # already on the ticket

            # Only spaces: refused in the core's words, nothing queued.
            editor.input.setEditText("   ")
            editor.add_button.click()
            await editor.idle()
            assert editor.message.text() == ("A label needs some text (it was empty or only "
                                             "spaces).")
            assert await desk.open_edits() == []

            # Markup is a label like any other text: stored and shown literally.
            editor.input.setEditText("<i>Late</i>")
            editor.add_button.click()
            await editor.idle()
            await desk.settled()
            await until(lambda: "<i>Late</i>" in [s.text for s in editor.shown], within=15)
            assert server_labels(desk, ticket.id) == ["VIP", "<i>Late</i>"]

            # Remove with the Delete key on the selected label.
            editor.list.setCurrentRow(0)
            editor.list.setFocus()
            qtbot.keyClick(editor.list, Qt.Key.Key_Delete)
            await editor.idle()
            assert editor.shown[0].text == "VIP — pending (removing)"
            await desk.settled()
            await until(lambda: [s.text for s in editor.shown] == ["<i>Late</i>"], within=15)
            assert server_labels(desk, ticket.id) == ["<i>Late</i>"]
            assert await desk.audit_actions() == ["label.add", "label.add", "label.remove"]

    run(qloop, scenario(), timeout=90)
