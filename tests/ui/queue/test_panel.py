"""The live queue dock in the main window, against the fake Qminder on loopback.

Each test runs as one coroutine on the qasync loop (``run(qloop, scenario())``), window and
feed opened and closed inside it: the websocket always has a read in flight, and qasync's
``run_until_complete`` steps pending callbacks once more after it stops, outside the running
loop (see tests/ui/profile/test_panel.py).

The sandbox is a 200-person population (seed 9, bookings around ANCHOR) synced into a fresh
cache, so tickets can be matched to saved customers. Its Qminder location has three lines and
22 open tickets; the panel's and the server's clocks are both fixed at ANCHOR (20:00 in
Sydney) so waits and "as of" times read the same on every run. People used:
65 Priya Hernández — blacklisted ("Shoplifting, police report filed"), 795 LOKE points.

Scenarios wait for what they need — a state the bridge reported, a row in the model — never
for a length of time: the reconnect, for one, is over in milliseconds on loopback.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from app.cache.db import Cache
from app.cache.search_service import SearchService
from app.cache.thread import CacheThread
from app.customer.service import ProfileService
from app.profile import StoreProfile, profile_from_dict
from app.queue.feed import QueueFeed
from app.queue.match import Match
from app.queue.service import MISSING_KEY, QueueService
from app.sandbox.qminder import QminderServer
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine
from app.sync.events import SyncReport
from app.vendors.qminder.live import LiveTiming
from app.vendors.qminder.models import Ticket, TicketEvent
from tests.conftest import ANCHOR
from tests.ui.conftest import run, until
from ui.i18n import formats
from ui.queue import matcher as queue_matcher
from ui.queue.model import STALE, Column
from ui.queue.panel import QueuePanel, QueueParts, build_queue
from ui.theme import colour
from ui.window.main_window import MainWindow

T = TypeVar("T")
BLACKLISTED = 65
#: Reconnect fast, never slow down: a test cannot wait minutes for a retry.
TIMING = LiveTiming(backoff=lambda _failures: 0.3, jitter=0.0, slow_after=1000)


class Clock:
    def __init__(self) -> None:
        self.now = ANCHOR

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Desk:
    qtbot: QtBot
    window: MainWindow
    panel: QueuePanel
    parts: QueueParts
    vendors: ThreadedSandbox
    clock: Clock

    @property
    def queue(self) -> QueueService:
        """The core's queue the panel opened (client, feed, actions)."""
        assert self.parts.service is not None
        return self.parts.service

    @property
    def server(self) -> QminderServer:
        server = self.vendors.sandbox.servers["qminder"]
        assert isinstance(server, QminderServer)
        return server

    def on_server(self, work: Callable[[QminderServer], T]) -> T:
        """``work(server)`` on the sandbox's loop, as another counter or a kiosk would."""
        server = self.server

        async def job() -> T:
            return work(server)

        return self.vendors.call(job())

    def status(self, ticket_id: str) -> str:
        return self.on_server(lambda s: str(s.tickets[ticket_id]["status"]))

    def arrive(self, first_name: str, **more: Any) -> str:
        """A visitor takes a ticket at the kiosk (first line unless ``line_id``)."""
        line = more.pop("line_id", None)
        created = self.on_server(lambda s: s.create_ticket(line, first_name, **more))
        return str(created["id"])

    def press(self, key: Qt.Key,
              modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        """A key with the cursor wherever it is (the queue keys work from anywhere)."""
        target = self.window.focusWidget() or self.panel.view
        self.qtbot.keyClick(target, key, modifier)

    def row(self, ticket_id: str) -> int:
        row = self.panel.model.row_of(ticket_id)
        assert row is not None, ticket_id
        return row

    def cell(self, ticket_id: str, column: Column) -> str:
        return self.panel.model.text(self.row(ticket_id), column)

    def waiting_on(self, count: int) -> str:
        """A line with at least ``count`` waiting tickets."""
        stats = self.queue.board.stats(self.clock())
        return next(s.line_id for s in stats if s.waiting >= count)


@pytest.fixture
def vendors() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(Sandbox(200, seed=9, anchor=ANCHOR, store_id="ui-queue")) as box:
        yield box


@pytest.fixture
def synced(vendors: ThreadedSandbox, tmp_path: Path) -> tuple[StoreProfile, MemorySecrets,
                                                               Cache]:
    """The store's profile, secrets and a cache filled by the real sync engine."""
    profile = profile_from_dict(vendors.sandbox.profile_dict())
    secrets = MemorySecrets(profile.store.id, vendors.sandbox.secrets)
    cache = Cache.open(tmp_path / "queue.sqlite3")

    async def fill() -> SyncReport:
        async with SyncEngine(profile, secrets, cache) as engine:
            return await engine.run()

    assert vendors.call(fill()).ok
    return profile, secrets, cache


DeskFactory = Callable[..., AbstractAsyncContextManager[Desk]]


@pytest.fixture
def open_desk(qtbot: QtBot, qloop: qasync.QEventLoop, keep_running: None,
              vendors: ThreadedSandbox, synced: tuple[StoreProfile, MemorySecrets, Cache],
              monkeypatch: pytest.MonkeyPatch) -> Iterator[DeskFactory]:
    profile, secrets, cache = synced
    reader, jobs = SearchService(cache), CacheThread(cache)
    clock = Clock()
    server = vendors.sandbox.servers["qminder"]
    assert isinstance(server, QminderServer)
    server.clock = clock  # tickets made now are made at the panel's "now"

    @asynccontextmanager
    async def make(*, fallback_after_s: float = 30.0) -> AsyncIterator[Desk]:
        service = ProfileService(profile, secrets, jobs.run, clock=clock)
        parts = build_queue(profile, secrets, clock=clock, live_timing=TIMING,
                            fallback_after_s=fallback_after_s, poll_interval_s=0.5)
        assert parts is not None
        window = MainWindow(profile, secrets, training=True, cache=reader, profiles=service,
                            queue=parts, jobs=jobs.run)
        qtbot.addWidget(window)
        panel = window.queue_panel
        assert panel is not None
        # Catch-ups counted: the first load, then the one after subscribing. Scenarios start
        # once both have landed, from a settled board (and "found by a search, not pushed"
        # can be told apart). Counted on the class: the panel builds its feed itself, once
        # the key is read.
        catch_ups: list[bool] = []
        search = QueueFeed.catch_up

        async def counted(feed: QueueFeed, *, finished_today: bool = True) -> bool:
            found = await search(feed, finished_today=finished_today)
            catch_ups.append(found)
            return found

        monkeypatch.setattr(QueueFeed, "catch_up", counted)
        try:
            window.show()
            window.activateWindow()
            await until(window.isActiveWindow)
            window.start()
            window.start_queue()
            await until(lambda: panel.state == "live" and len(catch_ups) >= 2)
            assert all(catch_ups) and panel.model.rowCount() > 0
            await until(lambda: set(panel.matches()) >= set(parts.board.tickets))
            await window.checks_done()
            # The last catch-up's change may still wait for its model rebuild (one per turn
            # of the loop): shown now, so a scenario's first rebuild is its own.
            await panel.idle()
            yield Desk(qtbot, window, panel, parts, vendors, clock)
        finally:
            window.close()
            await parts.aclose()
            await service.aclose()

    yield make
    jobs.close()
    reader.close()


# -- showing the queue ------------------------------------------------------------------------


def test_the_queue_dock_shows_every_line_live_with_stats_matches_and_ticking_waits(
        qloop: qasync.QEventLoop, open_desk: DeskFactory) -> None:
    async def scenario() -> None:
        async with open_desk() as desk:
            window, panel, model = desk.window, desk.panel, desk.panel.model
            dock = window.queue_dock
            assert dock is not None and dock.objectName() == "queueDock"
            assert dock.widget() is panel and panel.objectName() == "queuePanel"
            assert panel.isVisible()
            assert panel.state_label.objectName() == "queueState"
            assert panel.state_label.text() == "● Live — changes appear as they happen"
            # Three lines, each with its header; 18 waiting and 4 called tickets.
            headers = [model.text(r, Column.PLACE) for r in model.header_rows()]
            assert [h.split(" — ")[0] for h in headers] == ["Returns", "Repairs",
                                                            "Click & collect"]
            assert all("average wait today" in h for h in headers)
            assert len(model.ticket_rows()) == 22
            places = [model.text(r, Column.PLACE) for r in model.ticket_rows()]
            assert places.count("Called") == 4 and "1" in places
            # The seeded queue waits long: marked with the sign, in words.
            assert any(model.text(r, Column.WAITED).startswith("⚠ ")
                       for r in model.ticket_rows())
            assert any("longest ⚠" in h for h in headers)
            # Every ticket was looked up in the cache; some are known customers.
            known = [m for m in panel.matches().values() if m is not None]
            assert known and all(m.how in ("phone", "email", "name") for m in known)
            assert any(model.text(r, Column.LABELS) for r in model.ticket_rows())

            # The waits tick every second from the clock, without asking anyone.
            row = model.ticket_rows()[-1]
            ticket = model.ticket_row(row)
            assert ticket is not None and ticket.ticket.is_waiting
            before = model.text(row, Column.WAITED)
            searches = desk.queue.feed.events
            desk.clock.now += timedelta(minutes=7)
            await until(lambda: model.text(row, Column.WAITED) != before, within=3)
            assert ticket.waited is not None
            minutes = int((ticket.waited + timedelta(minutes=7)).total_seconds()) // 60
            assert str(minutes) in model.text(row, Column.WAITED)
            assert desk.queue.feed.events == searches

    run(qloop, scenario(), timeout=60)


def test_tickets_created_called_and_served_on_the_server_arrive_through_the_subscription(
        qloop: qasync.QEventLoop, open_desk: DeskFactory,
        monkeypatch: pytest.MonkeyPatch) -> None:
    matched: list[list[str]] = []
    real = queue_matcher.match_all

    def counting(conn: Any, tickets: list[Ticket], country: str) -> dict[str, Match | None]:
        matched.append([t.id for t in tickets])
        return real(conn, tickets, country)

    monkeypatch.setattr(queue_matcher, "match_all", counting)

    async def scenario() -> None:
        async with open_desk() as desk:
            panel, model, feed = desk.panel, desk.panel.model, desk.queue.feed
            kept = model.ticket_row(model.ticket_rows()[2])
            assert kept is not None
            panel.select_ticket(kept.ticket.id)
            matched.clear()
            events = feed.events

            new = desk.arrive("Oliver", last_name="Tanaka", labels=["VIP"])
            await until(lambda: model.row_of(new) is not None)
            assert feed.events > events  # pushed by the websocket, not found by a search
            assert desk.cell(new, Column.NAME) == "Oliver Tanaka"
            assert desk.cell(new, Column.WAITED) == "<1 min"
            assert desk.cell(new, Column.LABELS) == "VIP"
            # The host's selection stays on the ticket they had selected.
            selected = panel.selected()
            assert selected is not None and selected.ticket.id == kept.ticket.id
            # Only the new ticket was matched; a status change matches nothing again.
            await until(lambda: new in panel.matches())
            assert matched == [[new]]

            desk.on_server(lambda s: s.call_ticket(new))
            await until(lambda: desk.cell(new, Column.PLACE) == "Called")
            desk.on_server(lambda s: s.serve_ticket(new))
            await until(lambda: model.row_of(new) is None)
            await panel.idle()
            assert matched == [[new]]

    run(qloop, scenario(), timeout=60)


def test_a_dropped_websocket_reconnects_and_catches_up(
        qloop: qasync.QEventLoop, open_desk: DeskFactory) -> None:
    async def scenario() -> None:
        async with open_desk() as desk:
            panel, feed = desk.panel, desk.queue.feed
            states: list[str] = []
            shown: list[str] = []

            def heard(state: str) -> None:  # every state the panel was told, none missed
                states.append(state)
                shown.append(panel.state_label.text())

            desk.parts.bridge.stateChanged.connect(heard)
            connects = desk.server.ws_connects
            events = feed.events

            def drop_then_arrive(server: QminderServer) -> str:
                # One step on the server's loop: the ticket is made after the socket is cut,
                # so no socket can push it — only the catch-up after reconnecting finds it.
                assert server.drop_websockets() == 1
                return str(server.create_ticket(None, "Grace", last_name="Kowalski")["id"])

            missed = desk.on_server(drop_then_arrive)
            await until(lambda: "reconnecting" in states and panel.state == "live"
                        and panel.model.row_of(missed) is not None, within=30)
            assert desk.cell(missed, Column.NAME) == "Grace Kowalski"
            assert feed.events == events  # found by the catch-up search, not pushed
            assert desk.server.ws_connects == connects + 1
            assert states[0] == "reconnecting" and states[-1] == "live"
            at = formats().time(ANCHOR, desk.parts.zone)  # 20:00 in Sydney
            assert shown[0] == f"↻ Reconnecting — queue as of {at}"
            assert shown[-1].startswith("● Live")

    run(qloop, scenario(), timeout=60)


def test_offline_keeps_the_last_queue_greyed_with_its_time_then_recovers(
        qloop: qasync.QEventLoop, open_desk: DeskFactory, vendors: ThreadedSandbox) -> None:
    async def scenario() -> None:
        async with open_desk(fallback_after_s=0.5) as desk:
            panel, model = desk.panel, desk.panel.model
            rows = model.rowCount()
            port = int(vendors.sandbox.base_url("qminder").rsplit(":", 1)[1])
            vendors.call(vendors.sandbox.stop_vendor("qminder"))
            await until(lambda: panel.state == "offline", within=20)
            assert panel.state_label.text() == \
                f"⚠ Offline — queue as of {formats().time(ANCHOR, desk.parts.zone)}"
            assert panel.state_label.property("tone") == "alert"
            assert panel.state_label.toolTip()  # why: the search's error, for support
            assert model.rowCount() == rows and model.stale
            brush = model.index(model.ticket_rows()[0], Column.NAME).data(
                Qt.ItemDataRole.ForegroundRole)
            assert brush.color() == colour(STALE)

            vendors.call(vendors.sandbox.start_vendor("qminder", port))
            await until(lambda: panel.state == "live", within=20)
            assert not model.stale and model.rowCount() == rows

    run(qloop, scenario(), timeout=90)


# -- acting on tickets ------------------------------------------------------------------------


def test_each_key_does_its_action_on_the_server(qloop: qasync.QEventLoop,
                                               open_desk: DeskFactory) -> None:
    async def scenario() -> None:
        async with open_desk() as desk:
            panel, board = desk.panel, desk.queue.board
            line = desk.waiting_on(3)
            first = board.next_waiting(line)
            assert first is not None
            who = first.name
            panel.select_ticket(first.id)
            desk.window.focus_search()  # the keys work while the cursor is in the search box
            assert desk.window.search_panel is not None
            assert desk.window.search_panel.box.hasFocus()

            places: list[str] = []
            panel.model.modelReset.connect(  # each time the panel shows a change
                lambda: places.append(desk.cell(first.id, Column.PLACE)))
            desk.press(Qt.Key.Key_F7)  # call this ticket
            await panel.idle()
            assert places[0] == "Calling…"  # at once, before Qminder answered
            assert desk.status(first.id) == "CALLED"
            assert panel.message.text() == f"Called {who}."
            assert desk.cell(first.id, Column.PLACE) == "Called"

            desk.press(Qt.Key.Key_F8)  # recall
            await panel.idle()
            assert panel.message.text() == f"Called {who} again."
            assert desk.status(first.id) == "CALLED"

            desk.press(Qt.Key.Key_F11)  # back to the end of the queue
            await panel.idle()
            assert desk.status(first.id) == "NEW"
            assert desk.on_server(lambda s: "orderAfter" in s.tickets[first.id])
            assert panel.message.text() == f"{who}: back at the end of the queue."

            expected = board.next_waiting(line)
            assert expected is not None and expected.id != first.id
            desk.press(Qt.Key.Key_F6)  # call next on the selected ticket's line
            await panel.idle()
            assert desk.status(expected.id) == "CALLED"
            selected = panel.selected()
            assert selected is not None and selected.ticket.id == expected.id

            desk.press(Qt.Key.Key_F9)  # served
            await panel.idle()
            assert desk.status(expected.id) == "SERVED"
            await until(lambda: panel.model.row_of(expected.id) is None)
            assert board.pending == {}

    run(qloop, scenario(), timeout=60)


def test_destructive_keys_ask_first_and_no_is_the_default(
        qtbot: QtBot, qloop: qasync.QEventLoop, open_desk: DeskFactory) -> None:
    async def scenario() -> None:
        async with open_desk() as desk:
            panel, board = desk.panel, desk.queue.board
            line = desk.waiting_on(2)
            waiting = board.next_waiting(line)
            assert waiting is not None
            panel.select_ticket(waiting.id)
            panel.view.setFocus()

            desk.press(Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)  # cancel
            assert panel.confirming() and panel.confirm.isVisible()
            assert panel.confirm_no.hasFocus()
            assert panel.confirm_text.text() == \
                f"Cancel (remove from queue): {waiting.name}? Qminder cannot undo this."
            qtbot.keyClick(panel.confirm_no, Qt.Key.Key_Return)  # Enter: the default, No
            assert not panel.confirming() and panel.confirm.isHidden()
            assert panel.view.hasFocus()
            await panel.idle()
            assert desk.status(waiting.id) == "NEW"
            assert panel.message.text() == "Nothing was done."

            desk.press(Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
            qtbot.keyClick(panel.confirm_no, Qt.Key.Key_Y)
            await panel.idle()
            assert desk.status(waiting.id) == "CANCELLED_BY_CLERK"
            await until(lambda: panel.model.row_of(waiting.id) is None)

            called = board.next_waiting(line)
            assert called is not None
            panel.select_ticket(called.id)
            desk.press(Qt.Key.Key_F7)
            await panel.idle()
            desk.press(Qt.Key.Key_F10)  # no-show
            assert panel.confirming()
            desk.press(Qt.Key.Key_Escape)  # Esc drops the question, not the search
            assert not panel.confirming()
            assert desk.status(called.id) == "CALLED"
            desk.press(Qt.Key.Key_F10)
            qtbot.mouseClick(panel.confirm_yes, Qt.MouseButton.LeftButton)
            await panel.idle()
            assert desk.status(called.id) == "NOSHOW"
            assert panel.message.text() == f"{called.name}: marked as a no-show."

    run(qloop, scenario(), timeout=60)


def test_two_counters_on_one_ticket_roll_back_with_the_reason_and_never_stick(
        qtbot: QtBot, qloop: qasync.QEventLoop, open_desk: DeskFactory) -> None:
    async def scenario() -> None:
        async with open_desk() as desk:
            panel, board = desk.panel, desk.queue.board
            line = desk.waiting_on(2)
            first = board.next_waiting(line)
            assert first is not None
            panel.select_ticket(first.id)
            desk.press(Qt.Key.Key_F7)
            await panel.idle()

            # Another counter serves the visitor and its live update is lost on the way.
            def serve_quietly(server: QminderServer) -> None:
                server.tickets[first.id].update(status="SERVED",
                                                served={"date": "2026-11-20T09:00:00Z"})

            desk.on_server(serve_quietly)
            desk.press(Qt.Key.Key_F10)
            qtbot.keyClick(panel.confirm_no, Qt.Key.Key_Y)
            await panel.idle()
            assert panel.message.text() == (
                f"⚠ Could not mark as a no-show {first.name}: Ticket {first.id} was already "
                "served at another counter")
            assert desk.cell(first.id, Column.PLACE) == "Called"  # restored exactly
            assert board.pending == {}
            await desk.queue.feed.catch_up()  # the next search says what happened
            await panel.idle()
            assert panel.model.row_of(first.id) is None

            # Both counters act at once; the other one's update arrives as we press.
            second = board.next_waiting(line)
            assert second is not None
            panel.select_ticket(second.id)
            desk.press(Qt.Key.Key_F7)
            await panel.idle()
            desk.on_server(lambda s: s.noshow_ticket(second.id))
            desk.press(Qt.Key.Key_F9)  # before the loop has read the other counter's news
            await panel.idle()
            assert panel.message.text() == (
                f"⚠ Could not mark served {second.name}: Ticket {second.id} was already "
                "marked as a no-show")
            await until(lambda: panel.model.row_of(second.id) is None)
            assert board.pending == {} and desk.status(second.id) == "NOSHOW"

    run(qloop, scenario(), timeout=60)


# -- who is waiting ----------------------------------------------------------------------------


def test_a_blacklisted_customer_is_flagged_before_anyone_calls_them_and_enter_opens_them(
        qloop: qasync.QEventLoop, open_desk: DeskFactory, vendors: ThreadedSandbox) -> None:
    person = vendors.sandbox.population.person(BLACKLISTED)
    assert person.blacklist_reason and person.mobile_e164

    async def scenario() -> None:
        async with open_desk() as desk:
            panel, window = desk.panel, desk.window
            ticket_id = desk.arrive("Priya", phone=person.mobile_e164)  # phone only
            await until(lambda: ticket_id in panel.matches())
            assert desk.cell(ticket_id, Column.CUSTOMER) == (
                "⚠ BLACKLISTED: Shoplifting, police report filed · same phone: Priya Hernández "
                "· 795 pts")
            assert desk.cell(ticket_id, Column.PLACE).isdigit()  # still waiting, uncalled
            panel.select_ticket(ticket_id)
            banner = panel.card.blacklist
            assert banner.isVisible() and banner.objectName() == "ticketBlacklist"
            assert banner.text() == "⚠ BLACKLISTED: Shoplifting, police report filed"
            assert panel.card.match.text() == "same phone: Priya Hernández · 795 pts"
            # Private: nothing was sent to Qminder about them.
            sent = desk.on_server(lambda s: dict(s.tickets[ticket_id]))
            assert sent["labels"] == [] and sent["extra"] == []

            panel.view.setFocus()
            desk.press(Qt.Key.Key_Return)
            profile = window.profile_panel
            assert profile is not None
            await until(lambda: profile.has_profile() and not profile.isHidden())
            await profile.idle()
            assert profile.name.text() == "Priya Hernández"
            assert profile.banner.isVisible()

            stranger = desk.arrive("Walk-in")  # one word: nobody to match by name
            await until(lambda: stranger in panel.matches())
            assert desk.cell(stranger, Column.CUSTOMER) == "—"
            panel.select_ticket(stranger)
            panel.view.setFocus()
            desk.press(Qt.Key.Key_Return)
            assert panel.message.text() == \
                "Walk-in is not a saved customer on this PC: there is no profile to open."

    run(qloop, scenario(), timeout=60)


def test_markup_bad_frames_and_odd_tickets_are_shown_plainly_and_never_break_the_panel(
        qloop: qasync.QEventLoop, open_desk: DeskFactory) -> None:
    async def scenario() -> None:
        async with open_desk() as desk:
            panel, feed = desk.panel, desk.queue.feed
            marked = desk.arrive("<b>Bob</b>", last_name="<i>x</i>", extra=[
                {"title": "<h1>Note</h1>", "value": "<img src=x onerror=alert(1)>"}])
            await until(lambda: panel.model.row_of(marked) is not None)
            assert desk.cell(marked, Column.NAME) == "<b>Bob</b> <i>x</i>"
            panel.select_ticket(marked)
            card = panel.card
            assert card.name.text() == "<b>Bob</b> <i>x</i>"
            assert card.name.textFormat() == Qt.TextFormat.PlainText
            # The websocket's ticket has no extra fields; the panel asks Qminder for them.
            await until(lambda: card.fields() != [])
            assert card.fields() == [("<h1>Note</h1>", "<img src=x onerror=alert(1)>")]
            assert desk.cell(marked, Column.DETAILS) == \
                "<h1>Note</h1>: <img src=x onerror=alert(1)>"
            assert card.number.text().startswith("Ticket A-")

            # Frames that do not parse are skipped; the socket and the panel carry on.
            desk.on_server(lambda s: s.inject_ws_message("{not json"))
            desk.on_server(lambda s: s.inject_ws_message('{"type":"data","id":"x"}'))
            events = feed.events
            after = desk.arrive("Isla", last_name="Brown")
            await until(lambda: panel.model.row_of(after) is not None)
            assert feed.events > events and panel.state == "live"

            # A status this app does not know, an id as a number, a colour that is not one.
            odd = Ticket.model_validate({
                "id": 987654, "status": "ON_HOLD", "line": desk.waiting_on(1),
                "created": {"date": (ANCHOR - timedelta(minutes=3)).isoformat()},
                "labels": [{"value": "Odd", "color": "url(javascript:x)"}]})
            desk.queue.board.apply(TicketEvent("changed", odd), desk.clock())
            desk.parts.bridge.changed.emit()
            await panel.idle()
            assert desk.cell("987654", Column.PLACE) == "ON_HOLD"
            assert desk.cell("987654", Column.NAME) == "(no name)"
            panel.select_ticket("987654")
            assert card.labels.texts() == ["Odd"] and card.labels.chips[0].color is None
            desk.press(Qt.Key.Key_F7)
            assert panel.message.text() == \
                "(no name) is not waiting (ON_HOLD): only a waiting ticket can be called."
            await panel.idle()
            assert desk.queue.board.pending == {}

    run(qloop, scenario(), timeout=60)


# -- the dock in the window --------------------------------------------------------------------


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen, floating dock
def test_the_dock_can_be_hidden_and_its_place_is_saved_with_the_window(
        qtbot: QtBot, qloop: qasync.QEventLoop, keep_running: None, tmp_path: Path) -> None:
    table = {"store": {"id": "dock", "name": "Dock Store", "country": "AU",
                       "timezone": "Australia/Sydney", "currency": "AUD"},
             "qminder": {"base_url": "http://127.0.0.1:9", "location_id": 1}}
    profile = profile_from_dict(table)
    secrets = MemorySecrets("dock", {"qminder": "not-used"})
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    made: list[QueueParts] = []

    def window() -> MainWindow:
        parts = build_queue(profile, secrets)
        assert parts is not None
        made.append(parts)
        shown = MainWindow(profile, secrets, training=False, settings=settings, queue=parts)
        qtbot.addWidget(shown)
        shown.fit_screen()  # as ui.main does: the layout saved for this screen size comes back
        shown.show()
        return shown

    async def scenario() -> None:
        first = window()
        dock = first.queue_dock
        assert dock is not None and first.queue_toggle is not None
        assert first.queue_toggle.text() == "Queue (F12)"
        dock.close()  # the dock's own close button hides it
        assert dock.isHidden()
        first.activateWindow()
        await until(first.isActiveWindow)
        qtbot.keyClick(first, Qt.Key.Key_F12)  # F12 brings it back, cursor in the queue
        assert dock.isVisible()
        dock.hide()
        first.close()

        second = window()
        assert second.queue_dock is not None and second.queue_dock.isHidden()
        second.queue_dock.show()
        second.queue_dock.setFloating(True)
        second.close()
        third = window()
        assert third.queue_dock is not None and third.queue_dock.isFloating()
        third.close()
        for parts in made:
            await parts.aclose()

    run(qloop, scenario())


def test_without_qminder_the_window_has_no_queue(
        qtbot: QtBot, synced: tuple[StoreProfile, MemorySecrets, Cache]) -> None:
    profile, secrets, _cache = synced
    without = profile.model_copy(update={"qminder": None})
    assert build_queue(without, secrets) is None
    window = MainWindow(without, secrets, training=True)
    qtbot.addWidget(window)
    assert window.queue_dock is None and window.queue_panel is None
    assert window.findChild(QueuePanel) is None


class SlowKeyring(MemorySecrets):
    """A keyring that takes its time (locked, prompting): ``get`` waits until released."""

    def __init__(self, store_id: str, initial: dict[str, str]) -> None:
        super().__init__(store_id, initial)
        self.asked = threading.Event()
        self.release = threading.Event()
        self.read_on: list[int] = []

    def get(self, vendor: str) -> str | None:
        self.read_on.append(threading.get_ident())
        self.asked.set()
        # Were this the GUI thread, nothing could release it: fail rather than hang.
        assert self.release.wait(30), "the key was read on the GUI thread"
        return super().get(vendor)


def test_without_its_key_the_queue_says_so_and_the_key_is_read_off_the_gui_thread(
        qtbot: QtBot, qloop: qasync.QEventLoop, keep_running: None,
        synced: tuple[StoreProfile, MemorySecrets, Cache]) -> None:
    profile, _secrets, _cache = synced
    keyring = SlowKeyring(profile.store.id, {})  # nothing saved for Qminder
    parts = build_queue(profile, keyring)
    assert parts is not None and parts.service is None  # built without reading anything
    assert keyring.read_on == []
    window = MainWindow(profile, keyring, training=False, queue=parts)
    qtbot.addWidget(window)
    panel = window.queue_panel
    assert panel is not None and window.queue_dock is not None

    async def scenario() -> None:
        window.show()
        window.start_queue()
        # The window keeps running its loop while the keyring takes its time.
        await until(keyring.asked.is_set)
        assert panel.state == "connecting"
        assert panel.state_label.text() == "… Connecting to Qminder"
        assert threading.get_ident() not in keyring.read_on
        keyring.release.set()
        await until(lambda: panel.state == "unavailable")
        assert panel.state_label.text() == f"⚠ No queue: {MISSING_KEY}"
        assert panel.model.rowCount() == 0 and parts.service is None
        panel.press("call_next")  # a key press says why, and does nothing
        assert panel.message.text() == f"⚠ No queue: {MISSING_KEY}"
        window.close()
        await parts.aclose()

    run(qloop, scenario(), timeout=60)
