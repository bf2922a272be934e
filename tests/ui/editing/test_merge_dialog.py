"""Merging duplicates from a profile (managers): a local, reversible link that search shows as
one customer, and a reservations bookings transfer with a preview and a confirmation.

One coroutine per scenario against the loopback sandbox (see tests/ui/editing/helpers.py).
The live count comes from a :class:`~app.customer.booking_count.BookingCounter`, as the
composition root gives the window one.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import qasync
from pytestqt.qtbot import QtBot

from app.cache.own_thread import CacheClosed
from app.customer.booking_count import BookingCounter
from app.sandbox.runner import ThreadedSandbox
from app.secrets import MemorySecrets
from app.vendors.reservations import ReservationsClient
from tests.ui.conftest import run, until
from tests.ui.editing.helpers import OTHER, EditDesk, edit_desk
from ui.editing.merge_dialog import MergeDialog


async def open_merge(desk: EditDesk, index: int) -> MergeDialog:
    await desk.open_profile(desk.person(index))
    button = desk.window.merge_button
    assert button is not None and button.isVisible()
    button.click()  # managers only: asks for the PIN first
    gate = desk.window.gate
    assert gate is not None
    await until(lambda: gate.dialog is not None and gate.dialog.isVisible())
    assert gate.dialog is not None
    gate.dialog.pin.setText("482613")
    gate.dialog.again.setText("482613")
    gate.dialog.ok.click()
    await until(lambda: desk.window.merge_dialog is not None
                and desk.window.merge_dialog.isVisible(), within=10)
    dialog = desk.window.merge_dialog
    assert dialog is not None
    await dialog.idle()
    return dialog


async def pick(dialog: MergeDialog, name: str, customer_id: int) -> None:
    hits = await dialog.picker.search(name)
    row = next(k for k, h in enumerate(hits) if h.customer_id == customer_id)
    dialog.picker.pick_row(row)
    await dialog.idle()


async def search_ids(desk: EditDesk, name: str) -> set[int]:
    """The customers a search for ``name`` finds (the way staff would look them up)."""
    assert desk.window.cache is not None
    return {h.customer_id for h in await desk.window.cache.search(name, 20)}


def customers(desk: EditDesk) -> int:
    return int(desk.query("SELECT COUNT(*) FROM customers")[0][0])


def test_linking_two_customers_makes_them_one_in_search_and_unlink_undoes_it(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            me, other = desk.person(OTHER), desk.person(12)
            mine, theirs = desk.customer_id(me), desk.customer_id(other)
            assert mine != theirs and theirs in await search_ids(desk, other.full_name)
            assert mine not in await search_ids(desk, other.full_name)
            count = customers(desk)
            dialog = await open_merge(desk, OTHER)
            assert not dialog.go.isEnabled()  # nothing picked yet
            await pick(dialog, other.full_name, theirs)
            assert other.full_name in dialog.other_label.text()
            assert dialog.link_box.isChecked() and dialog.go.isEnabled()
            dialog.go.click()
            assert dialog.confirm.isVisible()
            assert dialog.summary.text().startswith(
                f"This will link {me.full_name} and {other.full_name} on this PC")
            dialog.yes.click()
            await dialog.idle()
            assert dialog.message.text() == "Linked on this PC."
            merged = desk.customer_id(me)
            assert desk.customer_id(other) == merged and customers(desk) == count - 1
            # Search shows them as one customer now: under the name it keeps, and by the
            # other person's email (the duplicate has no customer of its own any more).
            name = desk.query("SELECT name FROM customers WHERE id = ?", merged)[0][0]
            assert name in (me.full_name, other.full_name)
            lost = me if name == other.full_name else other
            assert lost.email is not None
            assert merged in await search_ids(desk, name)
            assert await search_ids(desk, lost.email) == {merged}
            assert "customers.link" in await desk.audit_actions()
            assert await desk.open_edits() == []  # local only: nothing for any vendor
            # The profile follows the merged customer.
            panel = desk.window.profile_panel
            assert panel is not None
            await until(lambda: panel.profile is not None
                        and panel.profile.customer_id == merged)

            # Reversible: Unlink in the same dialog.
            assert len(dialog.unlink_buttons) == 1
            dialog.unlink_buttons[0].click()
            await dialog.idle()
            assert dialog.message.text().startswith("Unlinked")
            assert desk.customer_id(me) != desk.customer_id(other)
            assert customers(desk) == count
            assert await search_ids(desk, lost.email) == {desk.customer_id(lost)}
            assert (await desk.audit_actions())[-1] == "customers.unlink"
            dialog.close_button.click()

    run(qloop, scenario(), timeout=60)


def test_a_bookings_transfer_is_previewed_confirmed_and_queued_and_a_self_transfer_refused(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    counter = BookingCounter(edit_synced[0], edit_synced[1])

    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path,
                             booking_count=counter.count) as desk:
            # A walk-in placeholder record with bookings: the source.
            dummies = [(r[0], int(r[1]), r[2], json.loads(r[3])["times_booked"]) for r in
                       desk.query("SELECT vendor_id, customer_id, name, data FROM records "
                                  "WHERE vendor = 'reservations' AND is_dummy = 1")]
            source, source_customer, source_name, booked = next(
                d for d in dummies if d[3] > 1 and d[2])
            target = desk.person(OTHER)
            assert target.reservations_id is not None

            async def stats(client: ReservationsClient) -> int:
                assert target.reservations_id is not None
                return (await client.stats(target.reservations_id)).times_booked

            before = desk.on_reservations(stats)
            dialog = await open_merge(desk, OTHER)

            # The same customer: refused in the core's words; nothing can be done.
            await pick(dialog, target.full_name, desk.customer_id(target))
            assert dialog.message.text() == ("A transfer needs two different customers (both "
                                             "ids are the same).")
            assert not dialog.transfer_box.isEnabled() and not dialog.go.isEnabled()

            await pick(dialog, source_name, source_customer)
            assert dialog.transfer_box.isEnabled() and not dialog.transfer_box.isChecked()
            await until(lambda: "reservations says now" in dialog.preview_label.text())
            assert f"({booked} booking(s), reservations says now)" in dialog.preview_label.text()
            assert source in dialog.preview_label.text()
            assert target.reservations_id in dialog.preview_label.text()
            dialog.link_box.setChecked(False)
            dialog.transfer_box.setChecked(True)
            dialog.go.click()
            assert dialog.summary.text() == (
                f"This will ask reservations to move {booked} booking(s) from “{source_name}” "
                f"(placeholder) to “{target.full_name}” — not undoable here.")
            dialog.back.click()  # nothing happens until confirmed
            assert await desk.open_edits() == []
            dialog.go.click()
            dialog.yes.click()
            await dialog.idle()
            assert "transfer is queued" in dialog.message.text()
            await desk.settled()
            assert await desk.open_edits() == []  # sent
            assert desk.on_reservations(stats) == before + booked
            assert await desk.audit_actions() == ["bookings.transfer"]
            preview = await desk.service.run(lambda conn: json.loads(conn.execute(
                "SELECT detail FROM audit").fetchone()[0])["preview"])
            assert preview["bookings"] == booked and preview["live"] == booked
        assert counter.secret_reads == 1  # one client for every preview of the window
        await counter.aclose()

    run(qloop, scenario(), timeout=60)


def placeholder(desk: EditDesk) -> tuple[int, str, int]:
    """A walk-in placeholder with bookings: (its customer, its name, bookings as synced)."""
    rows = desk.query("SELECT customer_id, name, data FROM records WHERE vendor = "
                      "'reservations' AND is_dummy = 1 AND name != ''")
    return next((int(r[0]), str(r[1]), json.loads(r[2])["times_booked"]) for r in rows
                if json.loads(r[2])["times_booked"] > 1)


def test_without_a_live_count_the_preview_says_why_and_keeps_the_synced_one(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    profile, secrets, _cache = edit_synced
    counter = BookingCounter(profile, MemorySecrets(secrets.store_id))  # no reservations key

    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path,
                             booking_count=counter.count) as desk:
            customer, name, booked = placeholder(desk)
            dialog = await open_merge(desk, OTHER)
            await pick(dialog, name, customer)
            await until(lambda: "could not be asked" in dialog.preview_label.text())
            assert (f"({booked} booking(s), as last synced; reservations could not be asked "
                    "(no reservations credential on this PC))") in dialog.preview_label.text()
            assert dialog.transfer_box.isEnabled()
        await counter.aclose()

    run(qloop, scenario(), timeout=60)


async def link_with(desk: EditDesk, failure: Exception) -> MergeDialog:
    """Start linking two customers while the sync's cache writer fails with ``failure``."""
    async def failing(_job: Any) -> Any:
        raise failure

    other = desk.person(12)
    dialog = await open_merge(desk, OTHER)
    await pick(dialog, other.full_name, desk.customer_id(other))
    desk.service.writer = failing
    dialog.go.click()
    dialog.yes.click()
    return dialog


@pytest.mark.parametrize("failure", [CacheClosed("cache-writer is closed"),
                                     sqlite3.OperationalError("database is locked")])
def test_linking_when_the_cache_cannot_write_says_so(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path, failure: Exception) -> None:
    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            dialog = await link_with(desk, failure)
            await dialog.idle()
            assert dialog.message.text() == str(failure)
            assert "customers.link" not in await desk.audit_actions()

    run(qloop, scenario(), timeout=60)


def test_a_bug_while_linking_reaches_the_error_funnel(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    bug = sqlite3.IntegrityError("UNIQUE constraint failed: manual_links.a")
    funnel: list[BaseException | None] = []  # where ui.common.errors.ErrorFunnel listens
    qloop.set_exception_handler(lambda _loop, context: funnel.append(context.get("exception")))

    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            dialog = await link_with(desk, bug)
            with pytest.raises(sqlite3.IntegrityError):
                await dialog.idle()
            await asyncio.sleep(0)  # the task's done callback hands the error to the loop
            assert funnel == [bug]
            assert dialog.message.text() == ""  # not shown as if the cache were away

    run(qloop, scenario(), timeout=60)
