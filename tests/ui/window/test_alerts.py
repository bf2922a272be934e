"""Queue alerts in the real window (issue 14, item 7): a blacklisted customer or a VIP who
joins the queue flashes the taskbar button and shows a notification — a tray message, or, with
no system tray (offscreen here), a banner in the window — and never a contact.

The window is the training window over the sandbox on loopback (200 people, seed 9, synced
into a fresh cache by the real engine, so tickets match saved customers); visitors take
tickets on the fake Qminder, which pushes them over the websocket, as in
tests/ui/queue/test_panel.py. Person 65, Priya Hernández, is blacklisted ("Shoplifting, police
report filed"). ``QApplication.alert`` is replaced by a recorder (it would flash a real
taskbar); so is the tray, where a test needs one (the offscreen platform has none, and Qt warns
when a tray icon is made without one).

The last tests need no server: the alert words in the window go through Qt's translations (a
pseudo-translator wraps each of our words in «»), the parts — name, line, reason — as the core
decided them, contacts hidden.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from app.cache.db import Cache
from app.cache.search_service import SearchService
from app.cache.thread import CacheThread
from app.customer.service import ProfileService
from app.domain.contacts import mask_email, mask_phone
from app.profile import profile_from_dict
from app.queue import alerts as core_alerts
from app.queue.alerts import Alert, AlertRules
from app.queue.feed import QueueFeed
from app.sandbox.qminder import QminderServer
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine
from app.sync.events import SyncReport
from tests.conftest import ANCHOR
from tests.support.pseudo_translator import Pseudo
from tests.ui.conftest import run, until
from tests.ui.queue.test_panel import BLACKLISTED, TIMING, Clock
from ui.queue.panel import QueuePanel, build_queue
from ui.queue.text import alert_text, notification
from ui.window import alerts as window_alerts
from ui.window.alerts import QueueAlerts
from ui.window.main_window import MainWindow


class FakeTray(QObject):
    """Records what would have gone to the system tray."""

    messageClicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[tuple[str, str, QSystemTrayIcon.MessageIcon, int]] = []
        self.visible = False

    def show(self) -> None:
        self.visible = True

    def hide(self) -> None:
        self.visible = False

    def showMessage(self, title: str, msg: str, icon: QSystemTrayIcon.MessageIcon,
                    msecs: int = 10_000) -> None:
        self.messages.append((title, msg, icon, msecs))


@dataclass
class Desk:
    window: MainWindow
    panel: QueuePanel
    alerts: QueueAlerts
    vendors: ThreadedSandbox
    flashes: list[tuple[QWidget, int]]
    raised: list[list[Alert]] = field(default_factory=list)

    def arrive(self, first_name: str, **more: Any) -> str:
        """A visitor takes a ticket at the kiosk (first line)."""
        server = self.vendors.sandbox.servers["qminder"]
        assert isinstance(server, QminderServer)

        async def job() -> dict[str, Any]:
            return server.create_ticket(None, first_name, **more)

        return str(self.vendors.call(job())["id"])

    def relabel(self, ticket_id: str, labels: list[str]) -> None:
        server = self.vendors.sandbox.servers["qminder"]
        assert isinstance(server, QminderServer)

        async def job() -> None:
            server.set_labels(ticket_id, labels)

        self.vendors.call(job())

    def shown(self) -> str:
        """Every alert word on screen or sent to the tray."""
        tray = self.alerts.tray
        sent = [f"{t}\n{m}" for t, m, _i, _ms in tray.messages] \
            if isinstance(tray, FakeTray) else []
        return "\n".join([self.alerts.banner.text.text(), *sent])


DeskFactory = Callable[..., AbstractAsyncContextManager[Desk]]


@pytest.fixture
def vendors() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(Sandbox(200, seed=9, anchor=ANCHOR, store_id="ui-alerts")) as box:
        yield box


@pytest.fixture
def cache(vendors: ThreadedSandbox, tmp_path: Path) -> Cache:
    profile = profile_from_dict(vendors.sandbox.profile_dict())
    secrets = MemorySecrets(profile.store.id, vendors.sandbox.secrets)
    cache = Cache.open(tmp_path / "alerts.sqlite3")

    async def fill() -> SyncReport:
        async with SyncEngine(profile, secrets, cache) as engine:
            return await engine.run()

    assert vendors.call(fill()).ok
    return cache


@pytest.fixture
def open_desk(qtbot: QtBot, qloop: qasync.QEventLoop, keep_running: None,
              vendors: ThreadedSandbox, cache: Cache,
              monkeypatch: pytest.MonkeyPatch) -> Iterator[DeskFactory]:
    reader, jobs = SearchService(cache), CacheThread(cache)
    clock = Clock()
    server = vendors.sandbox.servers["qminder"]
    assert isinstance(server, QminderServer)
    server.clock = clock  # tickets made now are made at the window's "now"
    flashes: list[tuple[QWidget, int]] = []
    monkeypatch.setattr(QApplication, "alert",
                        staticmethod(lambda widget, msec=0: flashes.append((widget, msec))))

    @asynccontextmanager
    async def make(alerts: dict[str, Any] | None = None) -> AsyncIterator[Desk]:
        data = vendors.sandbox.profile_dict()
        if alerts is not None:
            data["alerts"] = alerts
        profile = profile_from_dict(data)
        secrets = MemorySecrets(profile.store.id, vendors.sandbox.secrets)
        service = ProfileService(profile, secrets, jobs.run, clock=clock)
        parts = build_queue(profile, secrets, clock=clock, live_timing=TIMING,
                            fallback_after_s=30.0, poll_interval_s=0.5)
        assert parts is not None
        window = MainWindow(profile, secrets, training=True, cache=reader, profiles=service,
                            queue=parts, jobs=jobs.run)
        qtbot.addWidget(window)
        panel, watcher = window.queue_panel, window.queue_alerts
        assert panel is not None and watcher is not None
        catch_ups: list[bool] = []
        search = QueueFeed.catch_up

        async def counted(feed: QueueFeed, *, finished_today: bool = True) -> bool:
            found = await search(feed, finished_today=finished_today)
            catch_ups.append(found)
            return found

        monkeypatch.setattr(QueueFeed, "catch_up", counted)
        desk = Desk(window, panel, watcher, vendors, flashes)
        watcher.raised.connect(desk.raised.append)
        try:
            window.show()
            window.activateWindow()
            await until(window.isActiveWindow)
            window.start()
            window.start_queue()
            await until(lambda: panel.state == "live" and len(catch_ups) >= 2)
            await until(lambda: set(panel.matches()) >= set(parts.board.tickets))
            await window.checks_done()
            await panel.idle()
            yield desk
        finally:
            window.close()
            await parts.aclose()
            await service.aclose()

    yield make
    jobs.close()
    reader.close()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen
def test_a_blacklisted_customer_who_joins_flashes_and_shows_the_banner_without_contacts(
        qloop: qasync.QEventLoop, open_desk: DeskFactory, vendors: ThreadedSandbox,
        tmp_path: Path) -> None:
    person = vendors.sandbox.population.person(BLACKLISTED)
    assert person.blacklist_reason and person.mobile_e164 and person.email

    async def scenario() -> None:
        async with open_desk() as desk:
            window, panel, alerts = desk.window, desk.panel, desk.alerts
            # The queue the window found — VIPs and all — rang nobody.
            assert any("VIP" in t.label_values() for t in panel.board.tickets.values())
            assert desk.raised == [] and desk.flashes == [] and alerts.banner.isHidden()
            assert alerts.tray is None  # offscreen: no system tray, so none was made

            window.tabs.setCurrentWidget(window.vendors_panel)  # staff are on another tab
            window.showMinimized()
            ticket = desk.arrive("Priya", phone=person.mobile_e164, email=person.email)
            await until(lambda: bool(desk.raised))
            [[alert]] = desk.raised
            assert (alert.ticket_id, alert.kind) == (ticket, "blacklist")
            assert desk.flashes == [(window, 0)]  # the taskbar button flashes until looked at
            banner = alerts.banner
            assert not banner.isHidden() and banner.objectName() == "queueAlertBanner"
            assert banner.text.text() == \
                "⚠ Priya (Returns): On the blacklist: Shoplifting, police report filed"
            text = desk.shown()
            for contact in (person.mobile_e164, person.mobile_e164[1:], person.email,
                            person.mobile_national or "", mask_phone(person.mobile_e164),
                            mask_email(person.email)):
                assert contact and contact not in text
            assert "•" not in text and "@" not in text

            # The same ticket again (a relabel, a catch-up) says nothing new.
            desk.relabel(ticket, ["Returning"])
            await until(lambda: "Returning" in panel.board.tickets[ticket].label_values())
            await desk.panel.idle()
            assert len(desk.raised) == 1 and len(desk.flashes) == 1

            window.showNormal()
            shot = Path(os.environ.get("CLIENTDESK_SCREENSHOT_DIR", tmp_path)) / \
                "queue_alert_banner.png"
            assert window.grab().save(str(shot))
            # "Show ticket": the banner goes, the ticket is selected in the queue dock.
            panel.select_ticket(next(t for t in panel.board.tickets if t != ticket))
            banner.show_button.click()
            assert banner.isHidden()
            selected = panel.selected()
            assert selected is not None and selected.ticket.id == ticket

    run(qloop, scenario(), timeout=60)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen
def test_a_vip_goes_to_the_tray_and_clicking_it_selects_the_ticket(
        qloop: qasync.QEventLoop, open_desk: DeskFactory,
        monkeypatch: pytest.MonkeyPatch) -> None:
    trays: list[FakeTray] = []

    def make_tray(_window: object) -> FakeTray:
        trays.append(FakeTray())
        return trays[-1]

    monkeypatch.setattr(window_alerts, "tray_available", lambda: True)
    monkeypatch.setattr(window_alerts, "make_tray", make_tray)

    async def scenario() -> None:
        async with open_desk({"important_labels": ["VIP", "Press"]}) as desk:
            window, panel = desk.window, desk.panel
            assert trays == []  # no tray icon until something alerts
            ticket = desk.arrive("<b>Oliver</b>", last_name="& Co", labels=["vip"])
            await until(lambda: bool(desk.raised))
            [tray] = trays
            assert tray.visible
            [(title, body, icon, msecs)] = tray.messages
            # Markup a notification server could act on is swapped for look-alikes.
            assert title == "‹b›Oliver‹/b› ＆ Co is in the queue"
            assert body == "VIP — Returns"
            assert icon == QSystemTrayIcon.MessageIcon.Information and msecs > 0
            assert desk.flashes == []  # the window is the active one: nothing to flash
            assert desk.alerts.banner.isHidden()  # the tray said it

            # A label staff add later alerts then, once.
            other = desk.arrive("Isla", last_name="Brown")
            await until(lambda: other in panel.board.tickets)
            desk.relabel(other, ["PRESS"])
            await until(lambda: len(tray.messages) == 2)
            assert tray.messages[1][:2] == ("Isla Brown is in the queue", "Press — Returns")

            panel.select_ticket(ticket)
            tray.messageClicked.emit()  # the notification clicked: the last ticket it named
            selected = panel.selected()
            assert selected is not None and selected.ticket.id == other
            window.close()
            assert not tray.visible  # the tray icon goes with the window

    run(qloop, scenario(), timeout=60)


def test_alerts_turned_off_in_the_profile_stay_silent(
        qloop: qasync.QEventLoop, open_desk: DeskFactory, vendors: ThreadedSandbox) -> None:
    person = vendors.sandbox.population.person(BLACKLISTED)

    async def scenario() -> None:
        async with open_desk({"blacklisted": False, "labels": False}) as desk:
            window, panel = desk.window, desk.panel
            window.showMinimized()
            bad = desk.arrive("Priya", phone=person.mobile_e164, labels=["VIP"])
            await until(lambda: bad in panel.matches())
            match = panel.matches()[bad]
            assert match is not None and match.blacklisted  # it would have alerted
            await panel.idle()
            assert desk.raised == [] and desk.flashes == []
            assert desk.alerts.banner.isHidden() and desk.alerts.tray is None

    run(qloop, scenario(), timeout=60)


def test_only_the_blacklist_alert_when_labels_are_off(
        qloop: qasync.QEventLoop, open_desk: DeskFactory, vendors: ThreadedSandbox) -> None:
    person = vendors.sandbox.population.person(BLACKLISTED)

    async def scenario() -> None:
        async with open_desk({"labels": False}) as desk:
            vip = desk.arrive("Mia", last_name="Chen", labels=["VIP"])
            bad = desk.arrive("Priya", phone=person.mobile_e164)
            await until(lambda: {vip, bad} <= set(desk.panel.matches()))
            await until(lambda: bool(desk.raised))
            await desk.panel.idle()
            assert [(a.ticket_id, a.kind) for turn in desk.raised for a in turn] == \
                [(bad, "blacklist")]

    run(qloop, scenario(), timeout=60)


# -- in the store's language ---------------------------------------------------------------------




BAD = Alert("1", "blacklist", "blacklist", "Priya", "Returns", "Shoplifting", line_id="1")
MAYBE = Alert("2", "blacklist", "blacklist", "", "", "", certain=False, line_id="7")
VIP = Alert("3", "label", "label:vip", "Oliver", "", "VIP")


def test_the_alert_words_go_through_the_translations(pseudo: Pseudo) -> None:
    # Our words wrapped, the core's parts (vendor text) as they are, placeholders filled.
    assert alert_text(BAD) == "⚠ «Priya (Returns): «On the blacklist: Shoplifting»»"
    assert alert_text(MAYBE) == ("⚠ ««(no name)» («line 7»): «Possibly on the blacklist (same "
                                 "name only): «(no reason given)»»»")
    assert alert_text(VIP) == "«Oliver («no line»): VIP»"  # the label as the store spells it
    assert notification([BAD]) == ("⚠ «Priya is in the queue»",
                                   "««On the blacklist: Shoplifting» — Returns»")
    title, body = notification([BAD, MAYBE, VIP, *(
        Alert(str(n), "label", "label:vip", f"P{n}", "Repairs", "VIP") for n in range(4, 7))])
    assert title == "⚠ «6 tickets to notice in the queue»"  # %Ln: the count filled in
    assert body.splitlines()[-1] == "«and 2 more — see the queue»"
    assert ("QueueText", "%Ln tickets to notice in the queue") in pseudo.asked
    assert ("QueueWords", "(no name)") in pseudo.asked  # the core's marked word, translated
    assert ("QueueWords", "(no reason given)") in pseudo.asked


def test_the_english_source_reads_as_the_core_says_it() -> None:
    """Without a translator the window's words are the core's English, word for word."""
    many = [BAD, MAYBE, VIP, *(Alert(str(n), "label", "label:vip", f"P{n}", "Repairs", "VIP")
                               for n in range(4, 9))]
    for alert in many[:3]:
        assert alert_text(alert) == alert.text
        assert notification([alert]) == core_alerts.notification([alert])
    assert notification(many) == core_alerts.notification(many)
    assert notification(many)[0] == "⚠ 8 tickets to notice in the queue"
    assert notification(many)[1].splitlines()[-1] == "and 4 more — see the queue"


@pytest.fixture
def quiet_alerts(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[QueueAlerts]:
    """The window's alerts on a bare window and a queue never started, the tray recorded."""
    profile = profile_from_dict({
        "store": {"id": "words", "name": "Words Store", "country": "AU",
                  "timezone": "Australia/Sydney", "currency": "AUD"},
        "qminder": {"base_url": "http://127.0.0.1:9", "location_id": 1}})
    parts = build_queue(profile, MemorySecrets("words", {}))
    assert parts is not None

    async def unused(_job: Any) -> Any:
        raise AssertionError("the cache is not asked")

    window = QMainWindow()
    qtbot.addWidget(window)
    panel = QueuePanel(parts, unused)
    window.setCentralWidget(panel)
    monkeypatch.setattr(QApplication, "alert", staticmethod(lambda widget, msec=0: None))
    watcher = QueueAlerts(window, panel, AlertRules(), started=datetime.now(UTC))
    yield watcher
    watcher.close()


def test_the_banner_says_the_alert_in_the_stores_language(
        pseudo: Pseudo, quiet_alerts: QueueAlerts) -> None:
    banner = quiet_alerts.banner
    banner.say([BAD])
    assert banner.text.text() == alert_text(BAD)
    assert banner.text.text().startswith("⚠ «Priya (Returns): «On the blacklist:")
    assert banner.property("surface") == "alertbox"
    banner.say([VIP, BAD])
    assert banner.text.text().splitlines() == [
        "⚠ «2 tickets to notice in the queue»", alert_text(VIP), alert_text(BAD)]
    assert banner.show_button.text() == "«Show ticket»"


def test_the_tray_says_the_alert_in_the_stores_language_without_markup(
        pseudo: Pseudo, quiet_alerts: QueueAlerts, monkeypatch: pytest.MonkeyPatch) -> None:
    tray = FakeTray()
    monkeypatch.setattr(window_alerts, "tray_available", lambda: True)
    monkeypatch.setattr(window_alerts, "make_tray", lambda _window: tray)
    odd = Alert("4", "label", "label:vip", "<b>Oliver</b>", "Returns", "VIP")
    quiet_alerts.alert([odd])
    [(title, body, icon, _ms)] = tray.messages
    assert title == "«‹b›Oliver‹/b› is in the queue»"
    assert body == "«VIP — Returns»"
    assert icon == QSystemTrayIcon.MessageIcon.Information
    assert quiet_alerts.banner.isHidden()  # the tray said it
    quiet_alerts.alert([BAD])
    assert tray.messages[-1][:3] == ("⚠ «Priya is in the queue»",
                                     "««On the blacklist: Shoplifting» — Returns»",
                                     QSystemTrayIcon.MessageIcon.Warning)
