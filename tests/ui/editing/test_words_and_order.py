"""Issue 16 in the editing views: every control named in words, a deliberate tab order in each
panel and dialog, states told by a tone *and* in words (never colour alone, never a style
sheet of their own), and values in the store's formats.

The views are built on their own over an empty cache (tests/ui/editing/parts.py); no
translator is installed, so the English source strings show ("{count} entry(ies)").
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStatusBar
from pytestqt.qtbot import QtBot

from app.cache.blacklist import BlacklistEntry
from app.cache.state import SyncState
from app.customer.model import Header
from app.formatting import formats_for
from app.queue.board import QueueBoard
from app.vendors.qminder.models import Ticket
from tests.ui.conftest import run, until
from tests.ui.editing.parts import (
    NoSearch,
    Parts,
    an_edit,
    named_badly,
    parts_in,
    styled,
    tab_stops,
)
from ui.editing.audit_view import AuditView
from ui.editing.blacklist_view import BlacklistView, make_row, state_word
from ui.editing.complete_dialog import CompleteDialog, WalkInBox
from ui.editing.edits_panel import EditsPanel, EditsStatus, counts_text
from ui.editing.labels_editor import LabelsEditor
from ui.editing.manager_lock import ManagerButton, PinDialog
from ui.editing.merge_dialog import MergeDialog
from ui.editing.note_editor import NoteEditor, count_text
from ui.editing.service import moment_text
from ui.i18n import formats, use_formats
from ui.theme import colour, dark_palette

pytestmark = pytest.mark.qt_log_ignore(r".*does not support propagateSizeHints.*")

LINK = {"a": ("reservations", "R1"), "b": ("loke", "L1"), "a_name": "Ana Pérez",
        "b_name": "Ana P."}


@pytest.fixture
def parts(qapp: QApplication, tmp_path: Path) -> Iterator[Parts]:
    yield from parts_in(tmp_path)


@pytest.fixture
def hungarian() -> Iterator[None]:
    """The window in a Hungarian store's formats (forints), put back afterwards."""
    before = formats()
    use_formats(formats_for("hu", "HU", "HUF"))
    try:
        yield
    finally:
        use_formats(before)


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[None]:
    """A dark application palette for one test."""
    before = qapp.palette()
    qapp.setPalette(dark_palette())
    try:
        yield
    finally:
        qapp.setPalette(before)


def entry(number: int, name: str = "Ana Pérez", since: datetime | None = None,
          reason: str = "Shoplifting") -> BlacklistEntry:
    return BlacklistEntry(reservations_id=f"R{number}", customer_id=number, name=name,
                          emails=("ana@example.com",), phones=(), reason=reason, since=since,
                          pending=False)


def blacklist(parts: Parts, qtbot: QtBot) -> BlacklistView:
    view = BlacklistView(parts.service, parts.gate, NoSearch(), UTC)
    qtbot.addWidget(view)
    view.model.set_entries([make_row(entry(1), ""), make_row(entry(2, "Bea"), "failed"),
                            make_row(entry(3, "Cy"), "pending")])
    view.show()
    return view


# -- tab order ----------------------------------------------------------------------------------
def test_the_blacklist_tabs_from_the_search_to_the_list_then_the_actions(
        parts: Parts, qtbot: QtBot) -> None:
    view = blacklist(parts, qtbot)
    assert tab_stops(view) == ["blacklistSearch", "blacklistTable", "blacklistUnlock"]
    parts.manager()
    assert tab_stops(view) == ["blacklistSearch", "blacklistTable", "addBlacklist",
                               "removeBlacklist", "exportBlacklist"]
    view.open_add()
    assert tab_stops(view) == ["blacklistSearch", "blacklistTable", "addBlacklist",
                               "removeBlacklist", "exportBlacklist", "blacklistCustomerSearch",
                               "blacklistCustomerResults", "blacklistReason",
                               "confirmBlacklist", "cancelBlacklist"]
    view.close_add()
    view.remove_confirm.ask("Take Ana Pérez off the blacklist?")
    assert tab_stops(view)[-2:] == ["blacklistRemoveConfirmYes", "blacklistRemoveConfirmNo"]


def test_the_edits_tab_tabs_from_send_to_the_list_its_actions_and_the_choice(
        parts: Parts, qtbot: QtBot) -> None:
    parts.service.edits = [an_edit(state="failed", upstream="Theirs")]
    panel = EditsPanel(parts.service, parts.gate, UTC)
    qtbot.addWidget(panel)
    panel.show()
    panel.reload()
    # A conflict: Retry is off (a choice is needed), both versions and the choice follow.
    assert tab_stops(panel) == ["sendEdits", "editsView", "editEdit", "discardEdit",
                                "editConflictOurs", "editConflictTheirs", "keepOurs",
                                "takeTheirs"]
    panel.ask_discard()
    assert tab_stops(panel)[-2:] == ["discardConfirmYes", "discardConfirmNo"]
    assert panel.confirm_no.hasFocus() or not panel.isActiveWindow()


def test_the_audit_tab_tabs_from_export_to_the_log(
        parts: Parts, qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    async def scenario() -> None:
        view = AuditView(parts.service, parts.gate, UTC)
        qtbot.addWidget(view)
        view.show()
        assert tab_stops(view) == []  # staff: nothing to reach but how to unlock
        parts.manager()
        await view.idle()
        assert tab_stops(view) == ["exportAudit", "auditTable"]
        assert view.count.text() == "— 0 line(s)"
        view.close_tasks()

    run(qloop, scenario())


def test_the_note_tabs_from_the_box_to_save_and_then_to_the_choice(
        parts: Parts, qtbot: QtBot) -> None:
    editor = NoteEditor(parts.service, zone=UTC)
    qtbot.addWidget(editor)
    editor.show()
    editor.reservations_id = "R1"
    editor.box.setPlainText("Prefers mornings")
    assert tab_stops(editor) == ["noteEditor", "saveNote", "revertNote"]
    parts.service.edits = [an_edit(state="failed", last_error="Refused")]
    editor.paint_state()
    assert tab_stops(editor)[-2:] == ["retryNote", "discardNote"]
    parts.service.edits = [an_edit(state="failed", upstream="Theirs")]
    editor.paint_state()
    assert tab_stops(editor) == ["noteEditor", "saveNote", "revertNote", "noteConflictOurs",
                                 "noteConflictTheirs", "keepOurs", "takeTheirs"]


def test_the_labels_editor_tabs_from_the_labels_to_the_box_add_and_remove(
        parts: Parts, qtbot: QtBot) -> None:
    editor = LabelsEditor(parts.service, QueueBoard(zone=UTC))
    qtbot.addWidget(editor)
    editor.show()
    editor.show_ticket(Ticket.model_validate(
        {"id": "52003101", "labels": [{"value": "VIP", "color": "ff0000"}]}))
    assert tab_stops(editor) == ["ticketLabelList", "labelInput", "addLabel", "removeLabel"]


def test_the_dialogs_tab_through_their_fields_then_their_buttons(
        parts: Parts, qtbot: QtBot) -> None:
    dialog = CompleteDialog(parts.service, "R1", {"first_name": "Ana"}, country="AU",
                            today=date.today)
    qtbot.addWidget(dialog)
    dialog.show()
    assert tab_stops(dialog) == ["completeFirstName", "completeLastName", "completeEmail",
                                 "completePhoneNumber", "completeBirthday", "completeSave",
                                 "completeCancel"]
    for first, expected in ((True, ["pinInput", "pinAgain", "pinOk", "pinCancel"]),
                            (False, ["pinInput", "pinOk", "pinCancel"])):
        pin = PinDialog(parts.gate, first=first)
        qtbot.addWidget(pin)
        pin.show()
        assert tab_stops(pin) == expected


def test_the_merge_dialog_tabs_from_the_search_to_the_choices_review_and_unlink(
        parts: Parts, qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    async def scenario() -> None:
        parts.manager()
        dialog = MergeDialog(parts.service, parts.gate, NoSearch(),
                             Header(customer_id=7, name="Ana Pérez"))
        qtbot.addWidget(dialog)
        dialog.show()
        await dialog.idle()
        find = ["mergeCustomerSearch", "mergeCustomerResults"]  # the box, what it found
        # Nothing picked yet: Review and the transfer wait for the other customer.
        assert tab_stops(dialog) == [*find, "mergeLink", "mergeClose"]
        dialog._paint_links([LINK])
        dialog.confirm.show()
        await until(lambda: dialog.unlink_buttons[0].isVisible())  # shown by its layout
        assert tab_stops(dialog) == [*find, "mergeLink", "mergeYes", "mergeBack", "mergeClose",
                                     "mergeUnlink"]
        dialog.reject()

    run(qloop, scenario())


def test_the_walk_in_box_tabs_from_its_button_to_the_choices(
        parts: Parts, qtbot: QtBot) -> None:
    box = WalkInBox(parts.service, country="AU", zone=UTC)
    qtbot.addWidget(box)
    box.reservations_id = "R1"
    box.show()
    box.paint_state()
    assert tab_stops(box) == ["completeWalkIn"]
    parts.service.edits = [an_edit(kind="walkin.complete", state="failed",
                                   last_error="Refused")]
    box.paint_state()
    assert tab_stops(box) == ["retryWalkIn", "discardWalkIn"]  # the button waits meanwhile
    parts.service.edits = [an_edit(kind="walkin.complete", state="failed", upstream="Bea")]
    box.paint_state()
    assert tab_stops(box) == ["keepWalkIn", "takeWalkIn"]


# -- accessible names ---------------------------------------------------------------------------
def test_every_control_is_named_in_words(
        parts: Parts, qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    async def scenario() -> None:
        parts.manager()
        parts.service.edits = [an_edit(state="failed", upstream="Theirs")]
        status_bar = QStatusBar()
        qtbot.addWidget(status_bar)
        merge = MergeDialog(parts.service, parts.gate, NoSearch(),
                            Header(customer_id=7, name="Ana Pérez"))
        roots = [blacklist(parts, qtbot), EditsPanel(parts.service, parts.gate, UTC),
                 AuditView(parts.service, parts.gate, UTC), NoteEditor(parts.service),
                 LabelsEditor(parts.service, QueueBoard(zone=UTC)),
                 CompleteDialog(parts.service, "R1", {}, country="AU", today=date.today),
                 WalkInBox(parts.service, country="AU", zone=UTC),
                 PinDialog(parts.gate, first=True), merge,
                 ManagerButton(parts.gate, "Ctrl+M"),
                 EditsStatus(parts.service, status_bar)]
        for root in roots:
            qtbot.addWidget(root)
        await merge.idle()
        merge._paint_links([LINK])
        for root in roots:
            assert named_badly(root) == [], type(root).__name__
            assert styled(root) == [], type(root).__name__
        view = roots[0]
        assert isinstance(view, BlacklistView)
        assert view.view.accessibleName() == "Blacklist entries"
        assert view.search.accessibleName() == "Search the blacklist"
        assert view.reason.accessibleName() == "Reason for the blacklist entry"
        assert view.picker.box.accessibleName() == "Find the customer to put on the blacklist"
        assert merge.unlink_buttons[0].accessibleName() == "Unlink Ana Pérez and Ana P."
        assert merge.link_box.accessibleName() == "Link these two customers on this PC"
        for root in roots:
            close = getattr(root, "close_tasks", None)
            if close is not None:
                close()
        merge.reject()

    run(qloop, scenario())


def test_the_identifier_check_catches_identifiers(parts: Parts, qtbot: QtBot) -> None:
    """The check itself: an object name, a camelCase word or a snake_case one fails it."""
    editor = NoteEditor(parts.service)
    qtbot.addWidget(editor)
    for wrong in ("noteEditor", "saveNote", "note_box", ""):
        editor.box.setAccessibleName(wrong)
        assert named_badly(editor), wrong


def test_the_manager_button_says_the_mode_in_words_and_wears_it(
        parts: Parts, qtbot: QtBot) -> None:
    button = ManagerButton(parts.gate, "Ctrl+M")
    qtbot.addWidget(button)
    assert button.text() == "Staff — unlock manager mode (Ctrl+M)"
    assert button.accessibleName() == "Staff mode: unlock manager mode"
    assert button.property("surface") is None
    parts.manager()
    assert button.text() == "Manager (locks in 5 min) — lock (Ctrl+M)"
    assert button.accessibleName().startswith("Manager mode, locks in 5 minute(s)")
    assert button.property("surface") == "manager" and button.styleSheet() == ""
    parts.gate.lock_now()
    assert button.property("surface") is None


# -- tones and words ----------------------------------------------------------------------------
def test_blacklist_states_are_words_with_a_tone_read_from_the_palette(
        parts: Parts, qtbot: QtBot, dark: None) -> None:
    view = blacklist(parts, qtbot)
    assert [state_word(r) for r in view.model.rows] == ["confirmed", "⚠ not sent", "pending"]
    foreground = Qt.ItemDataRole.ForegroundRole
    assert view.model.data(view.model.index(0, 4), foreground) is None
    assert view.model.data(view.model.index(1, 4), foreground) == colour("alert")
    assert view.model.data(view.model.index(2, 4), foreground) == colour("pending")
    assert colour("alert").name() == "#ff8a80"  # the dark variant: asked at data() time
    assert view.form.property("surface") == "caution"
    assert view.remove_confirm.property("surface") == "caution"
    assert view.read_only.property("tone") == "muted"
    view.say("Only managers change or export the blacklist.")
    assert view.message.property("tone") == "alert"
    view.say("Ana is on the blacklist on this PC.", alert=False)
    assert view.message.property("tone") == "done"
    view._paint_as_of()  # never synced: a warning, in words and with a sign
    assert view.as_of.text().startswith("⚠ Not synced with reservations yet")
    assert view.as_of.property("tone") == "warn"
    now = parts.service.clock()
    view.state = SyncState("reservations", last_success=now, last_attempt=now)
    view._paint_as_of()
    assert view.as_of.text().startswith("Blacklist as of ")
    assert view.as_of.property("tone") is None


def test_edit_states_are_words_with_a_tone(parts: Parts, qtbot: QtBot) -> None:
    bar = QStatusBar()
    qtbot.addWidget(bar)
    status = EditsStatus(parts.service, bar)
    parts.service.edits = [an_edit()]
    status.paint()
    assert status.text() == "1 edit(s) waiting" and status.property("tone") == "pending"
    parts.service.edits = [an_edit(), an_edit(id=2, state="failed", last_error="No ticket")]
    status.paint()
    assert status.text() == "⚠ 1 edit(s) waiting · 1 failed"
    assert status.property("tone") == "alert"
    assert status.accessibleName() == "Edits not sent yet: 1 edit(s) waiting · 1 failed"
    panel = EditsPanel(parts.service, parts.gate, UTC)
    qtbot.addWidget(panel)
    failed = panel.model.index(1, 2)
    assert panel.model.data(failed) == "⚠ Refused by reservations: No ticket"
    assert panel.model.data(failed, Qt.ItemDataRole.ForegroundRole) == colour("alert")
    assert panel.model.data(panel.model.index(0, 3)) == "till-parts · staff"
    assert panel.empty.property("tone") == "done"
    assert panel.confirm.property("surface") == "caution"
    assert panel.conflict.property("surface") == "caution"


def test_the_note_state_and_count_are_words_with_a_tone(parts: Parts, qtbot: QtBot) -> None:
    editor = NoteEditor(parts.service, zone=UTC)
    qtbot.addWidget(editor)
    editor.reservations_id = "R1"
    editor.box.setPlainText("x" * 2001)
    assert editor.count.text() == "⚠ 2,001 / 2,000 — too long"
    assert editor.count.property("tone") == "alert"
    editor.box.setPlainText("x")
    assert editor.count.text() == "1 / 2,000" and editor.count.property("tone") == "muted"
    parts.service.edits = [an_edit()]
    editor.paint_state()
    assert editor.state.text().startswith("Pending — ")
    assert editor.state.property("tone") == "pending"
    parts.service.edits = [an_edit(state="failed", last_error="Too long")]
    editor.paint_state()
    assert editor.state.text() == "⚠ Not sent — reservations refused it: Too long"
    assert editor.state.property("tone") == "alert"
    parts.service.edits = []
    editor.saved_id = 1
    editor.paint_state()
    assert editor.state.text().startswith("✓ Saved on reservations (")
    assert editor.state.property("tone") == "done"


def test_a_label_in_flight_says_so_and_is_drawn_in_its_tone(
        parts: Parts, qtbot: QtBot) -> None:
    editor = LabelsEditor(parts.service, QueueBoard(zone=UTC))
    qtbot.addWidget(editor)
    parts.service.edits = [an_edit(record="qminder:ticket:52003101", vendor="qminder",
                                   kind="label.add",
                                   payload={"label": "VIP", "ticket_id": "52003101"})]
    editor.show_ticket(Ticket.model_validate({"id": "52003101"}))
    item = editor.list.item(0)
    assert item.text() == "VIP — pending (adding)"
    assert item.foreground().color() == colour("pending")
    assert editor.message.property("tone") == "alert"


def test_the_walk_in_and_pin_messages_are_alerts(parts: Parts, qtbot: QtBot) -> None:
    dialog = CompleteDialog(parts.service, "R1", {}, country="AU", today=date.today)
    qtbot.addWidget(dialog)
    dialog.fields["phone_number"].setText("04 CALL ME")
    error = dialog.errors["phone_number"]
    assert error.text().startswith("⚠ ") and error.property("tone") == "alert"
    assert dialog.fields["first_name"].placeholderText() == "2 to 50 characters"
    box = WalkInBox(parts.service, country="AU", zone=UTC)
    qtbot.addWidget(box)
    box.reservations_id = "R1"
    parts.service.edits = [an_edit(kind="walkin.complete")]
    box.paint_state()
    assert box.state.text().startswith("Walk-in details: Pending — ")
    assert box.state.property("tone") == "pending"
    pin = PinDialog(parts.gate, first=True)
    qtbot.addWidget(pin)
    assert pin.message.property("tone") == "alert"


# -- formats ------------------------------------------------------------------------------------
def test_counts_dates_and_times_follow_the_stores_locale(
        parts: Parts, qtbot: QtBot, hungarian: None) -> None:
    since = datetime(2026, 12, 2, 14, 5, tzinfo=UTC)
    view = BlacklistView(parts.service, parts.gate, NoSearch(), UTC)
    qtbot.addWidget(view)
    view.model.set_entries([make_row(entry(k, since=since), "") for k in range(1291)])
    view._paint_count()
    assert view.count.text() == "1\xa0291 entry(ies)"  # the English .qm: "1 291 entries"
    assert view.model.text(0, 3) == "2026. dec. 2."
    assert count_text("x" * 2001) == "⚠ 2\xa0001 / 2\xa0000 — too long"
    assert counts_text(1291, 0) == "1\xa0291 edit(s) waiting"
    now = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
    assert moment_text(now - timedelta(minutes=5), now, UTC) == "9:25"
    assert moment_text(since, now, UTC) == formats().day_month_time(since, UTC)
    assert "dec." in moment_text(since, now, UTC)
    panel = EditsPanel(parts.service, parts.gate, UTC)
    qtbot.addWidget(panel)
    lines = panel.detail_lines(an_edit(attempts=1291), conflict=False)
    assert lines[-1].endswith("; tried 1\xa0291 time(s).")
