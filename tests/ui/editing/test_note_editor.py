"""The reservations note on a profile: saved through the outbox, pending until reservations has
it, kept while reservations is down, and never overwriting a change made elsewhere.

Scenarios run as one coroutine each against the loopback sandbox (see tests/ui/editing/helpers.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.cache.outbox import NOTE_LIMIT
from app.sandbox.faults import Faults
from app.sandbox.runner import ThreadedSandbox
from tests.ui.conftest import run, until
from tests.ui.editing.helpers import OTHER, EditDesk, edit_desk
from ui.editing.note_editor import NoteEditor, count_text


def editor_of(desk: EditDesk) -> NoteEditor:
    editor = desk.window.note_editor
    assert editor is not None and editor.isVisible()
    return editor


def type_note(desk: EditDesk, editor: NoteEditor, text: str) -> None:
    editor.focus_note()
    editor.box.selectAll()
    desk.qtbot.keyClick(editor.box, Qt.Key.Key_Delete)
    editor.box.insertPlainText(text)


def test_a_saved_note_is_pending_then_reaches_reservations_as_typed(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    typed = "<b>VIP</b> — prefers mornings\nAsk about the <a href='x'>refund</a>"

    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            person = desk.person(OTHER)
            rid = person.reservations_id
            assert rid is not None
            await desk.open_profile(person)
            editor = editor_of(desk)
            before = desk.note_on_server(rid)
            assert editor.text() == before  # the editor starts from the note on file
            assert editor.count.text() == count_text(before)
            # The read-only copy is gone from the section: the editor shows it, once.
            assert desk.window.profile_panel is not None
            assert desk.window.profile_panel.findChild(QPlainTextEdit, "reservationsNote") \
                is None
            assert not editor.save_button.isEnabled()  # nothing to save yet

            type_note(desk, editor, typed)
            assert editor.count.text() == f"{len(typed)} / {NOTE_LIMIT:,}"
            assert editor.save_button.isEnabled()
            desk.vendors.sandbox.servers["reservations"].faults = Faults(latency_ms=400)
            qtbot.keyClick(editor.box, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
            await until(lambda: editor.pending())
            assert editor.state.text().startswith("Pending — saved on this PC")
            status = desk.window.edits_status
            assert status is not None and status.text() == "1 edit(s) waiting"
            assert desk.note_on_server(rid) == before  # not there yet

            await until(lambda: not editor.pending(), within=15)
            await desk.settled()
            assert desk.note_on_server(rid) == typed  # exactly as typed, markup and all
            assert editor.state.text().startswith("✓ Saved on reservations")
            assert status.isHidden()
            assert editor.box.toPlainText() == typed  # shown literally, not as rich text
            assert await desk.audit_actions() == ["note.set"]
            # A repaint of the profile as fetched before the save never brings the old
            # note back.
            panel = desk.window.profile_panel
            assert panel is not None and panel.profile is not None
            reservations = panel.profile.sections.reservations.data
            assert reservations is not None and reservations.note == before
            panel.refresh(force=False)
            await panel.idle()
            assert editor.text() == typed and not editor.dirty()

    run(qloop, scenario(), timeout=60)


def test_with_reservations_down_the_note_waits_then_goes_through(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            person = desk.person(OTHER)
            rid = person.reservations_id
            assert rid is not None
            await desk.open_profile(person)
            editor = editor_of(desk)
            before = desk.note_on_server(rid)
            server = desk.vendors.sandbox.servers["reservations"]
            server.faults = Faults(drop=1.0)  # reservations is down
            type_note(desk, editor, "Typed while reservations was down")
            editor.save()
            await editor.idle()
            await desk.settled()
            # Tried, failed to connect, kept: pending with the reason and the next try.
            [edit] = await desk.open_edits()
            assert edit.state == "pending" and edit.attempts >= 1 and edit.last_error
            assert editor.pending()
            assert "could not be reached" in editor.state.text()
            assert "next try at" in editor.state.text()

            server.faults = Faults()  # it is back
            assert desk.note_on_server(rid) == before
            panel = desk.window.edits_panel
            assert panel is not None
            desk.window.show_edits()
            assert panel.select_edit(edit.id)
            panel.retry_button.click()  # "send now" instead of waiting out the backoff
            await panel.idle()
            await until(lambda: not editor.pending(), within=15)
            await desk.settled()
            assert desk.note_on_server(rid) == "Typed while reservations was down"
            assert await desk.open_edits() == []
            assert panel.empty.isVisible()

    run(qloop, scenario(), timeout=60)


def test_a_note_changed_elsewhere_shows_both_versions_and_keeping_ours_sends_ours(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            person = desk.person(OTHER)
            rid = person.reservations_id
            assert rid is not None
            await desk.open_profile(person)
            editor = editor_of(desk)
            # Another counter changes the note after this editor opened.
            desk.set_note_on_server(rid, "Theirs: allergic to nuts")
            type_note(desk, editor, "Ours: birthday on Friday")
            editor.save()
            await editor.idle()
            await until(lambda: editor.conflict.isVisible(), within=15)
            await desk.settled()
            # Nothing overwritten; both versions shown, side by side, plain.
            assert desk.note_on_server(rid) == "Theirs: allergic to nuts"
            assert editor.conflict.ours.toPlainText() == "Ours: birthday on Friday"
            assert editor.conflict.theirs.toPlainText() == "Theirs: allergic to nuts"
            assert "changed since you began" in editor.state.text()
            status = desk.window.edits_status
            assert status is not None and status.text() == "⚠ 1 edit(s) failed"

            editor.conflict.keep.click()
            await editor.idle()
            await until(lambda: not editor.open_edits(), within=15)
            await desk.settled()
            assert desk.note_on_server(rid) == "Ours: birthday on Friday"
            assert editor.conflict.isHidden()
            assert editor.text() == "Ours: birthday on Friday"
            assert await desk.audit_actions() == ["note.set", "note.conflict"]  # same edit, rebased

    run(qloop, scenario(), timeout=60)


def test_taking_theirs_drops_ours_and_shows_theirs(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            person = desk.person(OTHER)
            rid = person.reservations_id
            assert rid is not None
            await desk.open_profile(person)
            editor = editor_of(desk)
            desk.set_note_on_server(rid, "Theirs")
            type_note(desk, editor, "Ours")
            editor.save()
            await editor.idle()
            await until(lambda: editor.conflict.isVisible(), within=15)
            editor.conflict.take.click()
            await editor.idle()
            await desk.settled()
            assert await desk.open_edits() == []
            assert desk.note_on_server(rid) == "Theirs"
            assert editor.text() == "Theirs" and not editor.dirty()

    run(qloop, scenario(), timeout=60)


def test_a_note_over_the_limit_is_refused_and_nothing_is_saved(
        qtbot: QtBot, qloop: qasync.QEventLoop, edit_vendors: ThreadedSandbox,
        edit_synced: Any, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with edit_desk(qtbot, edit_vendors, edit_synced, tmp_path) as desk:
            person = desk.person(OTHER)
            await desk.open_profile(person)
            editor = editor_of(desk)
            type_note(desk, editor, "x" * (NOTE_LIMIT + 1))
            assert editor.count.text() == "⚠ 2,001 / 2,000 — too long"
            editor.save()
            await editor.idle()
            message = editor.findChild(QLabel, "noteMessage")
            assert message is not None
            assert message.text() == ("The note is 2,001 characters; the limit is 2,000. "
                                      "Shorten it — nothing was saved.")
            assert await desk.open_edits() == []
            assert await desk.audit_actions() == []
            assert editor.dirty()  # the text stays for the person to shorten

    run(qloop, scenario(), timeout=60)
