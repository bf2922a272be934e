"""The queue dock in any language, theme and reader (issue 16), without a server: every word
goes through Qt's translations (a pseudo-translator wraps each one in «»), every figure
through the store's formats (Hungarian here), colours come from tones and surfaces, every
control has a name in words, and Tab goes through the panel and the walk-in dialog in the
order a host works.

The panel is built on a store whose Qminder is never asked (no key): its board is filled
directly, as the live feed would."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.formatting import formats_for
from app.profile import profile_from_dict
from app.queue.actions import ACTIONS
from app.queue.alerts import Alert
from app.queue.board import Row
from app.queue.match import Match
from app.queue.walk_in import Added, WalkIn
from app.secrets import MemorySecrets
from app.vendors.qminder.models import Line, Ticket
from tests.support.pseudo_translator import Pseudo
from ui.i18n import formats, use_formats
from ui.queue.card import TicketCard, visits_text
from ui.queue.model import Column
from ui.queue.panel import QueuePanel, build_queue
from ui.queue.walk_in_dialog import WalkInDialog
from ui.theme import colour
from ui.window.alerts import AlertBanner

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 20:00 in Sydney
IDENTIFIER = re.compile(r"^[a-z]+[A-Z]\w*$")
TABLE = {"store": {"id": "looks", "name": "Looks Store", "country": "AU",
                   "timezone": "Australia/Sydney", "currency": "AUD"},
         "qminder": {"base_url": "http://127.0.0.1:9", "location_id": 1}}
BLACKLISTED = Match(customer_id=7, name="Ana Chen", how="phone", points=1291,
                    blacklisted=True, blacklist_reason="Abusive to staff", no_shows=3,
                    visits=2, last_visit=NOW - timedelta(days=3))


def ticket(ticket_id: str, minutes: float, status: str = "NEW", **more: Any) -> Ticket:
    data: dict[str, Any] = {"id": ticket_id, "status": status, "line": 1,
                            "created": {"date": (NOW - timedelta(minutes=minutes)).isoformat()}}
    data.update(more)
    return Ticket.model_validate(data)




@pytest.fixture
def hungarian() -> Iterator[None]:
    before = formats()
    use_formats(formats_for("hu", "HU", "HUF"))
    yield
    use_formats(before)


async def unused_cache(_job: Any) -> Any:
    """The cache thread: there (so the card shows what the cache said), never asked."""
    raise AssertionError("the cache is not asked in these tests")


@pytest.fixture
def panel(qtbot: QtBot) -> QueuePanel:
    """A queue panel over a board with a waiting and a called ticket (nobody asked)."""
    parts = build_queue(profile_from_dict(TABLE), MemorySecrets("looks", {}),
                        clock=lambda: NOW)
    assert parts is not None
    parts.board.set_lines([Line.model_validate({"id": 1, "name": "Returns"})])
    parts.board.replace([ticket("10", 23, firstName="Ana", lastName="Chen",
                                labels=[{"value": "VIP", "color": "FF00FF"}]),
                         ticket("12", 40, "CALLED", firstName="Mia",
                                called={"date": (NOW - timedelta(minutes=30)).isoformat()})],
                        NOW)
    shown = QueuePanel(parts, unused_cache)
    qtbot.addWidget(shown)
    shown.model.refresh()
    shown.matcher.matches.update({"10": BLACKLISTED, "12": None})  # as the cache would say
    shown._on_matched()
    shown.resize(1200, 500)
    shown.show()
    return shown


def tab_chain(start: QWidget, within: QWidget) -> list[str]:
    """Object names Tab visits from ``start``, once round, inside ``within``."""
    names: list[str] = []
    current: QWidget | None = start
    while current is not None:
        if within.isAncestorOf(current) and current.isVisible() and \
                current.focusPolicy() & Qt.FocusPolicy.TabFocus:
            names.append(current.objectName())
        current = current.nextInFocusChain()
        if current is start:
            break
    return names


def controls(root: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QScrollArea)
    return [w for w in root.findChildren(QWidget)
            if isinstance(w, kinds) and w.objectName() and not w.objectName().startswith("qt_")]


def assert_named_in_words(root: QWidget) -> None:
    found = controls(root)
    assert found
    for widget in found:
        name = widget.accessibleName()
        assert name, widget.objectName()
        assert not IDENTIFIER.match(name) and "_" not in name, (widget.objectName(), name)
        assert name != widget.objectName()


# -- accessible to every reader ----------------------------------------------------------------


@pytest.mark.parametrize("compact", [False, True], ids=["wide", "compact"])
def test_the_panel_tabs_from_the_queue_to_the_actions_and_the_card(
        panel: QueuePanel, compact: bool) -> None:
    # The same way in both layouts: in the narrow dock's grid the actions are laid out in key
    # order row by row, so Tab reads them as the eye does.
    panel.set_compact(compact)
    if compact:
        panel.resize(440, 620)
    actions = [f"queueAction_{a.replace('-', '_')}" for a in panel.buttons]
    assert tab_chain(panel.view, panel) == [
        "queueView", *actions, "queueAddWalkIn", "ticketCardScroll"]
    # A question asked: Yes and No come right after the queue.
    panel.select_ticket("10")
    panel._ask("cancel", "10", "Ana Chen")
    assert tab_chain(panel.view, panel)[:3] == ["queueView", "queueConfirmYes",
                                                "queueConfirmNo"]


def test_every_control_of_the_panel_has_a_name_in_words(panel: QueuePanel) -> None:
    assert_named_in_words(panel)
    assert panel.accessibleName() == "Queue"
    assert panel.view.accessibleName() == "Tickets in the queue"
    for action, button in panel.buttons.items():
        assert button.accessibleName() == ACTIONS[action][0]  # what it does
        assert panel.buttons[action].accessibleDescription().startswith("Key ")  # its key
    assert panel.buttons["cancel"].accessibleDescription().endswith("asks first")
    assert panel.confirm.accessibleName() == "Question before a queue action"
    assert panel.card.labels.accessibleName() == "No labels"  # nothing selected yet
    panel.select_ticket("10")
    assert panel.card.labels.accessibleName() == "Labels: VIP"


def test_the_walk_in_dialog_names_its_fields_and_tabs_down_the_form(
        qtbot: QtBot, panel: QueuePanel) -> None:
    async def send(_walk_in: WalkIn) -> Added:
        raise AssertionError("nothing is sent")

    dialog = WalkInDialog(panel.board, "AU", send, panel)
    qtbot.addWidget(dialog)
    dialog.show()
    assert tab_chain(dialog.line, dialog) == [
        "walkInLine", "walkInFirstName", "walkInLastName", "walkInPhone", "walkInEmail",
        "walkInLabels", "walkInAdd", "walkInCancel"]
    assert_named_in_words(dialog)
    assert [dialog.first.accessibleName(), dialog.phone.accessibleName()] == \
        ["First name", "Phone"]
    assert dialog.first.accessibleDescription() == "2 to 50 characters"
    assert dialog.accessibleName() == dialog.windowTitle() == "Add a walk-in to the queue"


def test_the_alert_banner_is_named_and_says_which_alert_by_surface_and_words(
        qtbot: QtBot) -> None:
    banner = AlertBanner()
    qtbot.addWidget(banner)
    assert banner.accessibleName() == "Queue alert"
    assert_named_in_words(banner)
    bad = Alert("1", "blacklist", "blacklist", "Priya", "Returns",
                "On the blacklist: Shoplifting")
    banner.say([bad])
    assert banner.property("surface") == "alertbox"
    assert banner.text.property("tone") == "alert"
    assert banner.text.text().startswith("⚠ ") and "blacklist" in banner.text.text()
    banner.say([Alert("2", "label", "label:vip", "Oliver", "Returns", "VIP")])
    assert banner.property("surface") == "labelbox"
    assert banner.text.property("tone") is None
    assert banner.styleSheet() == ""


# -- tones and surfaces, with words saying the same --------------------------------------------


@pytest.mark.parametrize(("state", "words", "tone"), [
    ("connecting", "… Connecting to Qminder", "muted"),
    ("live", "● Live", "done"),
    ("reconnecting", "↻ Reconnecting", "pending"),
    ("polling", "↻ Polling", "pending"),
    ("offline", "⚠ Offline", "alert"),
    ("unavailable", "⚠ No queue", "alert"),
    ("stopped", "■ Stopped", "muted"),
])
def test_the_state_line_says_the_state_in_words_and_its_tone_repeats_it(
        panel: QueuePanel, state: str, words: str, tone: str) -> None:
    panel._on_state(state)
    assert panel.state_label.text().startswith(words)
    assert panel.state_label.property("tone") == tone
    assert panel.state_label.styleSheet() == ""


def test_messages_questions_and_the_blacklist_banner_take_the_themes_looks(
        panel: QueuePanel) -> None:
    panel.show_message("Nothing was done.")
    assert panel.message.property("tone") is None
    panel.show_message("⚠ Could not call Ana", alert=True)
    assert panel.message.property("tone") == "alert"
    assert panel.confirm.property("surface") == "caution"
    panel.select_ticket("10")
    banner = panel.card.blacklist
    assert not banner.isHidden() and banner.property("surface") == "danger"
    assert banner.text() == "⚠ BLACKLISTED: Abusive to staff"  # the words say it
    assert panel.card.number.property("tone") == "muted"
    for widget in panel.findChildren(QWidget):
        assert widget.styleSheet() == "", widget.objectName()


def test_the_model_asks_the_theme_for_colours_at_paint_time(panel: QueuePanel) -> None:
    model = panel.model
    row = model.row_of("10")
    assert row is not None
    alert = model.index(row, Column.CUSTOMER).data(Qt.ItemDataRole.ForegroundRole)
    assert alert.color() == colour("alert")
    tint = model.index(row, Column.NAME).data(Qt.ItemDataRole.BackgroundRole)
    assert tint.color() == colour("alertbox.bg")
    heading = model.index(model.header_rows()[0], 0)
    assert heading.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert heading.data(Qt.ItemDataRole.AccessibleTextRole).startswith("Returns — ")
    assert model.headerData(Column.PLACE, Qt.Orientation.Horizontal) == "#"
    assert model.headerData(Column.PLACE, Qt.Orientation.Horizontal,
                            Qt.ItemDataRole.AccessibleTextRole) == "Place in line, or status"


# -- the store's formats -----------------------------------------------------------------------


def test_figures_read_as_the_stores_locale_writes_them(
        hungarian: None, panel: QueuePanel) -> None:
    model = panel.model
    row = model.row_of("10")
    assert row is not None
    assert "1\u00a0291 pont" in model.text(row, Column.CUSTOMER)
    assert visits_text(BLACKLISTED, panel.parts.zone) == \
        "Known: 2 earlier visits, last on 2026. nov. 17."
    panel._on_state("offline")
    assert panel.state_label.text() == "⚠ Offline — queue as of 20:00"  # hu: 24-hour clock
    panel.select_ticket("12")
    assert "called at 19:30 after 10 min" in panel.card.meta.text()


def test_the_card_says_the_place_in_line_in_words(qapp: QApplication) -> None:
    card = TicketCard(UTC)
    waiting = Row(ticket("9", 10, firstName="Walker"), "1", "Returns", 3,
                  timedelta(minutes=10))
    card.show_row(waiting, None, matched=True, now=NOW, stale=False)
    assert card.meta.text() == "Returns · place 3 in line · waiting 10 min"
    assert card.number.text().endswith("Qminder id 9")


# -- every word through Qt's translations -------------------------------------------------------


def test_every_word_the_panel_shows_goes_through_the_translations(
        pseudo: Pseudo, panel: QueuePanel) -> None:
    panel._on_state("live")
    panel.model.refresh()
    panel.select_ticket("10")
    assert panel.state_label.text() == "«● «Live» — changes appear as they happen»"
    for action, button in panel.buttons.items():
        assert button.text().startswith("«") and button.accessibleName() == \
            f"«{ACTIONS[action][0]}»"
        assert button.accessibleDescription().startswith("«")
    # The actions' words in the context the F1 help translates them in.
    assert ("QueueActions", "Call next on this line") in pseudo.asked
    model = panel.model
    row = model.row_of("10")
    called = model.row_of("12")
    assert row is not None and called is not None
    assert model.headerData(Column.NAME, Qt.Orientation.Horizontal) == "«Name»"
    heading = model.text(model.header_rows()[0], Column.PLACE)
    assert "«average wait today {wait} (%Ln called)»" not in heading  # placeholders filled
    assert "«longest {wait}»" not in heading and "longest" in heading
    assert model.text(called, Column.PLACE) == "«called»"  # the core's word, translated
    customer = model.text(row, Column.CUSTOMER)
    assert "«BLACKLISTED: Abusive to staff»" in customer
    assert "«same phone»" in customer and "«3 no-shows»" in customer
    assert model.text(row, Column.WAITED).startswith("⚠ «23 min»")
    card = panel.card
    assert card.blacklist.text() == "⚠ «BLACKLISTED: Abusive to staff»"
    assert card.meta.text().startswith("Returns · «place 1 in line»")
    assert card.visits.text().startswith("«Known: 2 earlier visits")
    assert ("QueueWords", "called") in pseudo.asked  # the core's table, marked for us
    panel.press("call")  # no queue open: said in the message line
    assert panel.message.text().startswith("«")


def test_the_alert_banner_and_walk_in_dialog_words_go_through_the_translations(
        pseudo: Pseudo, qtbot: QtBot, panel: QueuePanel) -> None:
    banner = AlertBanner()
    qtbot.addWidget(banner)
    assert banner.show_button.text() == "«Show ticket»"
    assert banner.dismiss.accessibleName() == "«Dismiss the alert»"

    async def send(_walk_in: WalkIn) -> Added:
        raise AssertionError("nothing is sent")

    dialog = WalkInDialog(panel.board, "AU", send, panel)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "«Add a walk-in to the queue»"
    assert dialog.first.placeholderText() == "«2 to 50 characters»"
    assert dialog.add_button.text() == "«&Add to the queue»"
    assert QCoreApplication.translate("QueueText", "%Ln waiting", "", 4) == "«4 waiting»"
