"""The walk-in dialog in the real window: Ctrl+N opens it, bad input is refused in place with
nothing sent, and a good walk-in lands in Qminder and on the board, selected."""

from __future__ import annotations

import os
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import run, until
from tests.ui.queue.test_panel import DeskFactory
from tests.ui.queue.test_panel import open_desk as open_desk
from tests.ui.queue.test_panel import synced as synced
from tests.ui.queue.test_panel import vendors as vendors
from ui.queue.walk_in_dialog import WalkInDialog


def test_a_walk_in_added_from_the_queue_dock(
        qloop: qasync.QEventLoop, open_desk: DeskFactory,
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with open_desk() as desk:
            panel = desk.panel
            desk.press(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
            await until(lambda: panel.walk_in_dialog is not None
                        and panel.walk_in_dialog.isVisible())
            dialog = panel.walk_in_dialog
            assert isinstance(dialog, WalkInDialog)
            assert dialog.line.count() == len([ln for ln in desk.queue.board.lines.values()
                                               if not ln.disabled])
            await until(lambda: QApplication.focusWidget() is dialog.first)  # typing starts here

            before = desk.on_server(lambda s: s.requests)
            desk.qtbot.keyClicks(dialog.first, "Z")
            desk.qtbot.keyClicks(dialog.phone, "04 CALL ME")
            dialog.add_button.click()
            assert "2 to 50 characters" in dialog.message.text()
            assert dialog.message.textFormat() == Qt.TextFormat.PlainText
            dialog.first.setText("Zarah")
            dialog.add_button.click()
            assert "has letters" in dialog.message.text()
            assert desk.on_server(lambda s: s.requests) == before  # nothing was sent

            dialog.phone.setText("0412 555 010")
            dialog.labels.setText("VIP, Wheelchair")
            shot = Path(os.environ.get("CLIENTDESK_SCREENSHOT_DIR", tmp_path))
            assert dialog.grab().save(str(shot / "walk_in_dialog.png"))
            qt_line = str(dialog.line.currentData())
            desk.qtbot.keyClick(dialog.first, Qt.Key.Key_Return)  # Enter adds
            await until(lambda: not dialog.isVisible())
            made = desk.on_server(lambda s: [t for t in s.tickets.values()
                                             if t.get("firstName") == "Zarah"])
            assert len(made) == 1
            ticket = made[0]
            assert str(ticket["line"]) == qt_line and ticket["phoneNumber"].endswith("412555010")
            assert [lb["value"] for lb in ticket["labels"]] == ["VIP", "Wheelchair"]
            assert panel.message.text().startswith("Added Zarah to ")
            await until(lambda: (row := panel.selected()) is not None
                        and row.ticket.id == str(ticket["id"]))

    run(qloop, scenario(), timeout=60)


def test_an_open_profile_is_added_with_its_contacts_on_file_never_shown(
        qloop: qasync.QEventLoop, open_desk: DeskFactory, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with open_desk() as desk:
            window = desk.window
            person = next(p for p in desk.vendors.sandbox.population.people()
                          if p.in_loke and p.email and p.mobile_e164 and not p.loke_duplicate
                          and " " not in p.first_name)
            assert window.profile_panel is not None and window.search_panel is not None
            window.queue_profile()  # nothing open yet: said, no dialog
            assert "Open a customer's profile first" in window.statusBar().currentMessage()
            assert desk.panel.walk_in_dialog is None
            window.search_panel.box.setText(person.email or "")
            await until(lambda: window.search_panel is not None
                        and window.search_panel.model.rowCount() == 1)
            desk.qtbot.keyClick(window.search_panel.box, Qt.Key.Key_Return)
            await until(lambda: window.profile_panel is not None
                        and window.profile_panel.profile is not None)
            assert window.walk_in_button is not None and window.walk_in_button.isVisible()
            desk.press(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
            await until(lambda: desk.panel.walk_in_dialog is not None
                        and desk.panel.walk_in_dialog.isVisible())
            dialog = desk.panel.walk_in_dialog
            assert isinstance(dialog, WalkInDialog)
            assert dialog.first.text() == person.first_name
            assert dialog.last.text() == person.last_name
            # contacts are used, not shown: empty fields naming the masked value
            assert dialog.phone.text() == "" and dialog.email.text() == ""
            assert "on file:" in dialog.phone.placeholderText()
            assert person.mobile_e164 not in dialog.phone.placeholderText()
            assert (person.email or "") not in dialog.email.placeholderText()
            shot = Path(os.environ.get("CLIENTDESK_SCREENSHOT_DIR", tmp_path))
            assert dialog.grab().save(str(shot / "walk_in_from_profile.png"))
            dialog.add_button.click()
            await until(lambda: not dialog.isVisible())
            made = desk.on_server(lambda s: [t for t in s.tickets.values()
                                             if t.get("lastName") == person.last_name
                                             and t.get("firstName") == person.first_name])
            assert made and made[-1].get("email") == (person.email or "").strip().casefold()
            assert str(made[-1]["phoneNumber"]).lstrip("+") == person.mobile_e164.lstrip("+")
            assert not window.profile_panel._revealed  # no reveal was made

    run(qloop, scenario(), timeout=60)
