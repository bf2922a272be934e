"""A Qudini short link pasted into the window's search box opens the booking it points to.

Against the real fake vendors on loopback: the profile's ``short_link_base`` is the sandbox's
``/page-link`` route, so ``https://qdi.page.link/<code>`` is read from 127.0.0.1. The link is
read on the qasync loop (the window keeps painting meanwhile); what goes wrong is said in the
search panel's notice line, never in a dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.cache.db import Cache
from app.cache.search_service import SearchService
from app.cache.thread import CacheThread
from app.customer.service import ProfileService
from app.profile import profile_from_dict
from app.sandbox.faults import Faults
from app.sandbox.people import Person
from app.sandbox.qudini import QudiniServer
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine
from app.sync.events import SyncReport
from tests.conftest import ANCHOR
from tests.ui.conftest import run, until
from ui.window.main_window import MainWindow


@dataclass
class Desk:
    window: MainWindow
    vendors: ThreadedSandbox
    qudini: QudiniServer

    def label(self, name: str) -> QLabel:
        assert self.window.profile_panel is not None
        label = self.window.profile_panel.findChild(QLabel, name)
        assert label is not None, name
        return label


@pytest.fixture
def vendors() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(Sandbox(120, seed=9, anchor=ANCHOR, store_id="ui-short")) as box:
        yield box


@pytest.fixture
def desk(qtbot: QtBot, qloop: qasync.QEventLoop, vendors: ThreadedSandbox,
         tmp_path: Path) -> Iterator[Desk]:
    box = vendors.sandbox
    profile = profile_from_dict(box.profile_dict())
    secrets = MemorySecrets(profile.store.id, box.secrets)
    cache = Cache.open(tmp_path / "short.sqlite3")

    async def fill() -> SyncReport:
        async with SyncEngine(profile, secrets, cache) as engine:
            return await engine.run()

    assert vendors.call(fill()).ok
    reader, jobs = SearchService(cache), CacheThread(cache)
    service = ProfileService(profile, secrets, jobs.run, clock=lambda: ANCHOR)
    window = MainWindow(profile, secrets, training=True, cache=reader, profiles=service)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.start()
    search = window.search_panel
    assert search is not None

    async def ready() -> None:
        await until(lambda: search.model.loaded and not search.searching())
        await window.checks_done()

    run(qloop, ready())
    qudini = box.servers["qudini"]
    assert isinstance(qudini, QudiniServer)
    yield Desk(window, vendors, qudini)
    window.close()
    run(qloop, service.aclose())
    jobs.close()
    reader.close()


def booked(desk: Desk) -> tuple[Person, str]:
    """Someone with a Qudini booking, and its identifier."""
    population = desk.vendors.sandbox.population
    person = next(p for p in population.people() if p.qudini_bookings)
    return person, person.qudini_identifier(0)


def paste_and_enter(qtbot: QtBot, desk: Desk, text: str) -> None:
    """What staff do with a link copied from an SMS: paste it into the box, press Enter."""
    search = desk.window.search_panel
    assert search is not None
    search.clear()
    search.focus_search()
    QGuiApplication.clipboard().setText(text)
    qtbot.keyClick(search.box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert search.box.text() == text
    qtbot.keyClick(search.box, Qt.Key.Key_Return)


def test_a_pasted_short_link_opens_its_booking_without_blocking_the_window(
        qtbot: QtBot, qloop: qasync.QEventLoop, desk: Desk) -> None:
    person, identifier = booked(desk)
    link = f"https://qdi.page.link/{desk.qudini.short_code(identifier, hops=2)}"
    panel, search = desk.window.profile_panel, desk.window.search_panel
    assert panel is not None and search is not None
    desk.qudini.faults = Faults(latency_ms=300)  # a slow link service: the window must not wait
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1) if desk.window.tasks.running("resolve")
                          else None)
    timer.start()

    async def scenario() -> None:
        paste_and_enter(qtbot, desk, link)
        assert desk.window.tasks.running("resolve")  # Enter returned before the link was read
        await until(lambda: panel.has_profile() and not desk.window.tasks.running("resolve"),
                    within=20)
        await panel.idle()

    run(qloop, scenario(), timeout=30)
    timer.stop()
    assert len(ticks) >= 20  # the loop kept running (≥ 0.6 s of redirects, 10 ms timer)
    assert desk.label("profileName").text() == person.full_name
    assert panel.profile is not None
    qudini = panel.profile.sections.qudini.data
    assert qudini is not None and [v.identifier for v in qudini.visits] == [identifier]
    assert not search.notice.isVisible()
    assert QApplication.activeModalWidget() is None


@pytest.mark.parametrize(("setup", "expected"), [
    ("unknown", "does not know this short link"),
    ("outside", "This short link points outside Qudini (to https://evil.example)"),
    ("offline", "This is a Qudini short link, and opening it needs the network"),
])
def test_a_short_link_that_cannot_be_opened_says_why_under_the_box(
        qtbot: QtBot, qloop: qasync.QEventLoop, desk: Desk, setup: str, expected: str) -> None:
    _person, identifier = booked(desk)
    code = "NoSuchLink9"
    if setup == "outside":
        code = "Outside1"
        desk.qudini.short_links[code] = f"https://evil.example/customer/{identifier}"
    search, panel = desk.window.search_panel, desk.window.profile_panel
    assert search is not None and panel is not None
    if setup == "offline":
        desk.vendors.call(desk.vendors.sandbox.stop_vendor("qudini"))

    async def scenario() -> None:
        paste_and_enter(qtbot, desk, f"qdi.page.link/{code}")
        await until(lambda: search.notice.isVisible(), within=20)

    run(qloop, scenario(), timeout=30)
    assert expected in search.notice.text(), search.notice.text()
    assert search.notice.textFormat() == Qt.TextFormat.PlainText
    assert panel.isHidden() and not panel.has_profile()
    assert QApplication.activeModalWidget() is None
    assert desk.window.statusBar().currentMessage() == ""  # "Reading…" is gone
