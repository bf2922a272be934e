"""The queue in a narrow dock (issue 16): at 1366×768 the window docks the queue at the right,
about 440 px wide, so the profile keeps the full height. ``QueuePanel.set_compact`` lays the
panel out for that: the action buttons in a grid, the card under the list, the list showing
the place, the name, the wait and the labels — and back to the wide layout unchanged, keeping
the selection, the question and the focus.

The panel is built on a store whose Qminder is never asked (no key): its board is filled
directly, as the live feed would. Screenshots of both layouts go to
``$CLIENTDESK_SCREENSHOT_DIR`` when it is set."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.profile import profile_from_dict
from app.queue.match import Match
from app.secrets import MemorySecrets
from app.vendors.qminder.models import Line, Ticket
from ui.queue.model import Column
from ui.queue.panel import COMPACT_HIDDEN, COMPACT_WIDTH, QueuePanel, build_queue
from ui.theme import colour
from ui.window.help_overlay import key_text

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 20:00 in Sydney
TABLE = {"store": {"id": "narrow", "name": "Narrow Store", "country": "AU",
                   "timezone": "Australia/Sydney", "currency": "AUD"},
         "qminder": {"base_url": "http://127.0.0.1:9", "location_id": 1}}
#: The dock at the right of a 1366×768 counter screen.
DOCK = (440, 620)
SINGH = Match(customer_id=7, name="Renée Singh", how="phone", points=3764, blacklisted=True,
              blacklist_reason="Chargeback fraud — see incident 2291", no_shows=1, visits=3,
              last_visit=NOW - timedelta(days=9))
CHEN = Match(customer_id=8, name="Amélie Chen", how="email", points=3242, blacklisted=False,
             blacklist_reason="", no_shows=0)


def ticket(ticket_id: str, line: int, minutes: float, status: str = "NEW",
           **more: Any) -> Ticket:
    data: dict[str, Any] = {"id": ticket_id, "status": status, "line": line,
                            "created": {"date": (NOW - timedelta(minutes=minutes)).isoformat()}}
    if status == "CALLED":
        data["called"] = {"date": (NOW - timedelta(minutes=minutes / 2)).isoformat()}
    data.update(more)
    return Ticket.model_validate(data)


def label(value: str, color: str | None = None) -> dict[str, str]:
    return {"value": value, "color": color} if color else {"value": value}


@pytest.fixture
def panel(qtbot: QtBot) -> QueuePanel:
    """A queue of two lines, with a blacklisted visitor, labels and a long name."""
    parts = build_queue(profile_from_dict(TABLE), MemorySecrets("narrow", {}),
                        clock=lambda: NOW)
    assert parts is not None
    parts.board.set_lines([Line.model_validate({"id": 1, "name": "Returns"}),
                           Line.model_validate({"id": 2, "name": "Repairs"})])
    parts.board.replace([
        ticket("1", 1, 24, "CALLED", firstName="Wei", lastName="Williams"),
        ticket("2", 1, 108, firstName="Amélie", lastName="Chen",
               labels=[label("VIP", "FF00FF")]),
        ticket("3", 1, 105, firstName="Mohammed", lastName="Łukasiewicz-Martin"),
        ticket("4", 1, 94, firstName="Aaliyah", lastName="Chen",
               labels=[label("Paid", "7ED321")]),
        ticket("5", 1, 1, firstName="Renée", lastName="Singh",
               labels=[label("VIP", "FF00FF"), label("Needs help", "F5A623")],
               extra=[{"title": "Order", "value": "CC-10442"}]),
        ticket("6", 2, 31, "CALLED", firstName="Zoë"),
        ticket("7", 2, 84, firstName="Hana", lastName="Kim", labels=[label("Returning")]),
        ticket("8", 2, 81, firstName="Björn"),
    ], NOW)
    shown = QueuePanel(parts, unused_cache)
    qtbot.addWidget(shown)
    shown.model.refresh()
    shown.matcher.matches.update({"1": None, "2": CHEN, "3": None, "4": None, "5": SINGH,
                                  "6": None, "7": None, "8": None})  # as the cache would say
    shown._on_matched()
    shown._on_state("live")
    return shown


async def unused_cache(_job: Any) -> Any:
    raise AssertionError("the cache is not asked in these tests")


def show_at(qtbot: QtBot, panel: QueuePanel, size: tuple[int, int]) -> None:
    panel.resize(*size)
    with qtbot.waitExposed(panel):
        panel.show()
    QApplication.processEvents()


def in_panel(panel: QueuePanel, widget: QWidget) -> QRect:
    """``widget``'s rectangle in the panel's coordinates."""
    return QRect(widget.mapTo(panel, QPoint(0, 0)), widget.size())


def selected_id(panel: QueuePanel) -> str | None:
    row = panel.selected()
    return row.ticket.id if row is not None else None


def screenshot(panel: QueuePanel, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("CLIENTDESK_SCREENSHOT_DIR", tmp_path))
    assert panel.grab().save(str(folder / name))


def assert_compact_fits(panel: QueuePanel) -> None:
    """Every button whole inside the panel, in key order row by row; the card under the list;
    the first five rows' place, name and wait whole on screen, nothing to scroll sideways."""
    whole = panel.rect()
    buttons = panel._action_widgets()
    for button in buttons:
        assert button.isVisible() and whole.contains(in_panel(panel, button)), button.text()
    by_place = sorted(buttons, key=lambda b: (in_panel(panel, b).top(), in_panel(panel, b).left()))
    assert by_place == buttons  # reading order = key order
    rows = {in_panel(panel, b).top() for b in buttons}
    assert 2 <= len(rows) <= 4  # a grid, not one row
    view, card = in_panel(panel, panel.view), in_panel(panel, panel.card_scroll)
    assert panel.split.orientation() == Qt.Orientation.Vertical
    assert card.top() >= view.bottom() and card.left() == view.left()
    assert view.height() > card.height()  # the list gets most of the height
    assert whole.contains(view) and whole.contains(card)
    viewport = panel.view.viewport().rect()
    for row in range(5):
        for column in (Column.PLACE, Column.NAME, Column.WAITED):
            cell = panel.view.visualRect(panel.model.index(row, column))
            assert viewport.contains(cell), (row, column)
    assert panel.view.horizontalScrollBar().maximum() == 0


# -- the narrow dock --------------------------------------------------------------------------


@pytest.mark.parametrize("width", [COMPACT_WIDTH, DOCK[0], 460])
def test_compact_fits_a_narrow_dock_with_every_button_the_list_and_the_card_under_it(
        qtbot: QtBot, panel: QueuePanel, tmp_path: Path, width: int) -> None:
    panel.set_compact(True)
    assert panel.compact
    assert panel.minimumSizeHint().width() <= COMPACT_WIDTH
    show_at(qtbot, panel, (width, DOCK[1]))
    assert_compact_fits(panel)
    # Each button still says its key, and is named and described as in the wide layout.
    for action, button in panel.buttons.items():
        key = key_text(f"queue.{action}")
        assert f"({key})" in button.text()
        assert button.accessibleName() and button.accessibleDescription().startswith("Key ")
    assert "(Ctrl+N)" in panel.add_button.text()
    # The card says who the selected ticket is: the hidden customer column's words.
    for column in COMPACT_HIDDEN:
        assert panel.view.isColumnHidden(column)
    panel.select_ticket("2")
    assert "same email: Amélie Chen" in panel.card.match.text()
    panel.select_ticket("5")
    assert panel.card.blacklist.isVisible()
    assert panel.card.blacklist.text() == "⚠ BLACKLISTED: Chargeback fraud — see incident 2291"
    QApplication.processEvents()
    screenshot(panel, tmp_path, f"queue_compact_{width}.png")


def test_a_blacklisted_name_carries_the_warning_when_the_customer_column_is_hidden(
        panel: QueuePanel) -> None:
    model = panel.model
    row = model.row_of("5")
    assert row is not None
    name = model.index(row, Column.NAME)
    assert name.data() == "Renée Singh" and name.data(Qt.ItemDataRole.ForegroundRole) is None
    panel.set_compact(True)
    assert name.data() == "⚠ Renée Singh"  # a sign and words, not only the row's tint
    assert name.data(Qt.ItemDataRole.ForegroundRole).color() == colour("alert")
    assert name.data(Qt.ItemDataRole.FontRole).bold()
    assert name.data(Qt.ItemDataRole.AccessibleTextRole) == \
        "Renée Singh, ⚠ BLACKLISTED: Chargeback fraud — see incident 2291"
    assert "BLACKLISTED" in name.data(Qt.ItemDataRole.ToolTipRole)
    other = model.index(model.row_of("2") or 0, Column.NAME)
    assert other.data() == "Amélie Chen"
    assert "Enter opens the profile" in other.data(Qt.ItemDataRole.ToolTipRole)
    panel.set_compact(False)
    assert name.data() == "Renée Singh"


def test_long_state_lines_and_questions_never_set_the_width(
        qtbot: QtBot, panel: QueuePanel, tmp_path: Path) -> None:
    panel.set_compact(True)
    panel._on_state("polling")  # "↻ Polling every … s (live updates unavailable) — …"
    panel.show_message("⚠ Could not mark as a no-show Mohammed Łukasiewicz-Martin: Qminder "
                       "says the ticket was already served at another counter", alert=True)
    panel.select_ticket("3")
    panel._ask("cancel", "3", "Mohammed Łukasiewicz-Martin")
    assert panel.minimumSizeHint().width() <= COMPACT_WIDTH
    show_at(qtbot, panel, DOCK)
    for widget in (panel.state_label, panel.message, panel.confirm, panel.confirm_yes,
                   panel.confirm_no):
        assert panel.rect().contains(in_panel(panel, widget)), widget.objectName()
    assert in_panel(panel, panel.confirm_yes).top() > in_panel(panel, panel.confirm_text).top()
    heading = panel.model.header_rows()[0]
    assert panel.view.visualRect(panel.model.index(heading, 0)).width() <= \
        panel.view.viewport().width()  # the line's summary elides, its tooltip has it all
    screenshot(panel, tmp_path, "queue_compact_question_440.png")


# -- back and forth -----------------------------------------------------------------------------


def test_off_on_off_keeps_the_selection_the_question_the_focus_and_the_wide_layout(
        qtbot: QtBot, panel: QueuePanel, tmp_path: Path) -> None:
    show_at(qtbot, panel, (1300, 420))
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    head = panel.view.horizontalHeader()
    head.resizeSection(Column.NAME, 170)  # the host's own width, kept
    wide = {c: head.sectionSize(c) for c in Column if c != max(Column)}
    wide_min = panel.minimumSizeHint().width()
    row_tops = {in_panel(panel, b).top() for b in panel._action_widgets()}
    assert len(row_tops) == 1 and panel.split.orientation() == Qt.Orientation.Horizontal
    screenshot(panel, tmp_path, "queue_wide_1300.png")
    panel.select_ticket("4")
    panel.focus_queue()
    assert panel.view.hasFocus()

    panel.set_compact(True)
    panel.resize(*DOCK)
    QApplication.processEvents()
    assert selected_id(panel) == "4"
    assert panel.view.hasFocus() and panel.state == "live"
    assert_compact_fits(panel)
    places = [in_panel(panel, w) for w in (*panel._action_widgets(), panel.view)]
    sizes = panel.split.sizes()
    panel.set_compact(True)  # again: nothing moves
    QApplication.processEvents()
    assert panel.compact and panel.split.sizes() == sizes
    assert [in_panel(panel, w) for w in (*panel._action_widgets(), panel.view)] == places

    panel.set_compact(False)
    panel.resize(1300, 420)
    QApplication.processEvents()
    assert not panel.compact and selected_id(panel) == "4"
    assert panel.view.hasFocus()
    assert {c: head.sectionSize(c) for c in wide} == wide
    assert not any(panel.view.isColumnHidden(c) for c in Column)
    assert {in_panel(panel, b).top() for b in panel._action_widgets()} == row_tops
    assert panel.split.orientation() == Qt.Orientation.Horizontal
    assert panel.minimumSizeHint().width() == wide_min
    assert panel.model.text(panel.model.row_of("5") or 0, Column.NAME) == "Renée Singh"

    # A question open while the layout changes stays open, with No focused.
    panel._ask("no-show", "1", "Wei Williams")
    assert panel.confirm_no.hasFocus()
    panel.set_compact(True)
    QApplication.processEvents()
    assert panel.confirming() and panel.confirm.isVisible() and panel.confirm_no.hasFocus()
    panel.set_compact(False)
    assert panel.confirming() and panel.confirm_no.hasFocus()
