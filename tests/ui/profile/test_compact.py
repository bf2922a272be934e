"""The profile on a short screen (1366×768 with the queue open): the header, the blacklist
banner and the loyalty points stay at the top, the timeline and each vendor's section become
tabs; and the panel's words, tones, accessible names and tab order.

A ProfilePanel on its own (no main window) over a 200-person sandbox (seed 9, bookings around
ANCHOR) synced into a fresh cache; the profile service's clock is ANCHOR. People used:
65 Priya Hernández — blacklisted, 795 LOKE points, nine bookings from three vendors;
86 Mateo Ahmed — not blacklisted, eleven bookings.
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabBar,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.cache.db import Cache
from app.cache.thread import CacheThread
from app.customer.service import ProfileService
from app.formatting import formats_for
from app.profile import StoreProfile, load_profile, profile_from_dict
from app.sandbox.people import Person
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine
from app.sync.events import SyncReport
from tests.conftest import ANCHOR
from tests.ui.conftest import run
from ui import theme
from ui.i18n import formats, use_formats
from ui.profile.panel import ProfilePanel
from ui.profile.timeline_model import Column

BLACKLISTED, OTHER = 65, 86
EXAMPLE_PROFILE = Path(__file__).parents[3] / "resources" / "store-profile.example.toml"
IDENTIFIER_LIKE = re.compile(r"^[a-z]+[A-Z]\w*$")


@dataclass
class Counter:
    """One profile panel over a synced cache, as a counter PC has it."""

    panel: ProfilePanel
    vendors: ThreadedSandbox
    cache: Cache
    profile: StoreProfile

    def person(self, index: int) -> Person:
        return self.vendors.sandbox.population.person(index)

    def customer_id(self, person: Person) -> int:
        conn = self.cache.connect(readonly=True)
        try:
            row = conn.execute("SELECT customer_id FROM records WHERE vendor = 'loke' AND "
                               "vendor_id = ?", (person.loke_id,)).fetchone()
        finally:
            conn.close()
        assert row is not None, person
        return int(row[0])

    def open(self, qloop: qasync.QEventLoop, index: int) -> None:
        async def scenario() -> None:
            self.panel.open_customer(self.customer_id(self.person(index)))
            await self.panel.idle()
            await asyncio.sleep(0.2)  # layouts settle (and the sections' fit runs)

        run(qloop, scenario(), timeout=30)


@pytest.fixture
def vendors() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(Sandbox(200, seed=9, anchor=ANCHOR, store_id="ui-compact")) as box:
        yield box


@pytest.fixture
def counter(qtbot: QtBot, qloop: qasync.QEventLoop, vendors: ThreadedSandbox,
            tmp_path: Path) -> Iterator[Callable[[], Counter]]:
    made: list[tuple[ProfileService, CacheThread]] = []

    def make() -> Counter:
        box = vendors.sandbox
        profile = profile_from_dict(box.profile_dict())
        secrets = MemorySecrets(profile.store.id, box.secrets)
        cache = Cache.open(tmp_path / f"compact{len(made)}.sqlite3")

        async def fill() -> SyncReport:
            async with SyncEngine(profile, secrets, cache) as engine:
                return await engine.run()

        assert vendors.call(fill()).ok
        jobs = CacheThread(cache)
        service = ProfileService(profile, secrets, jobs.run, clock=lambda: ANCHOR)
        made.append((service, jobs))
        panel = ProfilePanel(service)
        # The window's style sheet, so sizes and boxes are the ones staff see.
        panel.setStyleSheet(theme.render(QApplication.palette(), QApplication.font()))
        qtbot.addWidget(panel)
        return Counter(panel, vendors, cache, profile)

    yield make
    for service, jobs in made:
        run(qloop, service.aclose())
        jobs.close()


@pytest.fixture
def hungarian() -> Iterator[None]:
    before = formats()
    use_formats(formats_for("hu", "HU", "HUF"))
    yield
    use_formats(before)


def inside(widget: QWidget, root: QWidget) -> bool:
    """Whether all of ``widget`` lies inside ``root``'s rectangle (nothing cut off)."""
    corner = widget.mapTo(root, QPoint(0, 0))
    return root.rect().contains(QRect(corner, widget.size()))


def qt_own(widget: QWidget, root: QWidget) -> bool:
    """A part Qt builds inside a control (a combo box's list, a scroll area's bars)."""
    if widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if parent.objectName() in ("qt_scrollarea_hcontainer", "qt_scrollarea_vcontainer") \
                or isinstance(parent, QComboBox):
            return True
        parent = parent.parentWidget()
    return False


def tab_chain(start: QWidget) -> list[str]:
    """The object names Tab visits from ``start``, once round (visible, Tab-focusable)."""
    names: list[str] = []
    widget: QWidget | None = start
    window = start.window()
    for _ in range(500):
        assert widget is not None
        if widget.isVisibleTo(window) and widget.isEnabled() and \
                widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
            names.append(widget.objectName())
        widget = widget.nextInFocusChain()
        if widget is start:
            break
    return names


def shot(panel: QWidget, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CLIENTDESK_SCREENSHOT_DIR", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    assert panel.grab().save(str(path))
    return path


# -- compact ----------------------------------------------------------------------------------

def test_compact_keeps_header_banner_and_points_and_five_timeline_rows(
        qtbot: QtBot, qloop: qasync.QEventLoop, counter: Callable[[], Counter],
        tmp_path: Path) -> None:
    desk = counter()
    panel = desk.panel
    panel.resize(640, 560)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_compact(True)
    assert panel.compact
    desk.open(qloop, BLACKLISTED)

    assert panel.name.text() == "Priya Hernández"
    assert panel.banner.text() == "⚠ BLACKLISTED — Shoplifting, police report filed"
    assert panel.banner.property("surface") == "danger"
    assert "Blacklisted" in panel.banner.accessibleName()  # said in words, not colour alone
    assert panel.points_line.text() == "Loyalty (LOKE): 795 pts"
    for widget in (panel.name, panel.close_button, panel.banner, panel.points_line):
        assert widget.isVisible() and inside(widget, panel), widget.objectName()

    tabs = panel.findChild(QTabWidget, "profileTabs")
    assert tabs is not None and tabs.isVisible() and not panel.split.isVisible()
    assert [tabs.tabText(i) for i in range(tabs.count())] == \
        ["Boo&kings", "&Loyalty", "&Reservations", "&Qudini", "Boo&xi"]
    assert tabs.currentWidget() is panel.timeline_page
    view = panel.view
    model = view.model()
    assert model.rowCount() >= 8
    assert view.verticalScrollBar().value() == 0
    viewport = view.viewport().rect()
    for row in range(5):  # five whole rows without scrolling
        assert viewport.contains(view.visualRect(model.index(row, 0))), row
    assert inside(view, panel)

    path = shot(panel, "profile_compact.png", tmp_path)
    assert path.stat().st_size > 0
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    app.setPalette(theme.dark_palette())  # what a dark system theme gives the window
    try:
        panel.setStyleSheet(theme.render(app.palette(), app.font()))
        run(qloop, asyncio.sleep(0.1))
        assert shot(panel, "profile_compact_dark.png", tmp_path).stat().st_size > 0
    finally:
        app.setPalette(before)
        panel.setStyleSheet(theme.render(app.palette(), app.font()))

    # Each vendor's section is a page of its own.
    tabs.setCurrentIndex(1)
    loyalty = panel.boxes["loke"]
    assert loyalty.isVisible() and loyalty.value("Points") == "795 pts"
    tabs.setCurrentIndex(2)
    run(qloop, asyncio.sleep(0.05))
    assert panel.boxes["reservations"].isVisible() and not view.isVisible()
    shot(panel, "profile_compact_reservations.png", tmp_path)


def test_compact_off_on_off_keeps_the_customer_and_paints_nothing_again(
        qtbot: QtBot, qloop: qasync.QEventLoop, counter: Callable[[], Counter],
        tmp_path: Path) -> None:
    desk = counter()
    panel = desk.panel
    panel.resize(1000, 700)
    panel.show()
    qtbot.waitExposed(panel)
    desk.open(qloop, OTHER)
    profile = panel.profile
    assert profile is not None and not panel.compact
    rows = {vendor: box.rows() for vendor, box in panel.boxes.items()}
    points = panel.boxes["loke"].findChild(QLabel, "points")
    bookings = panel.timeline.bookings()
    panel.source_filter.setCurrentIndex(2)  # Booxi only
    panel.view.selectRow(1)
    chosen = panel.view.currentIndex().data()
    painted: list[int] = []
    panel.painted.connect(lambda: painted.append(1))

    panel.set_compact(True)
    panel.set_compact(True)  # again: nothing to do
    assert panel.compact and panel.tabs.isVisible() and panel.points_line.isVisible()
    assert panel.timeline_box.isVisibleTo(panel) and not panel.split.isVisibleTo(panel)
    panel.set_compact(False)
    run(qloop, asyncio.sleep(0.1))

    assert not panel.compact and not panel.tabs.isVisible() and panel.split.isVisible()
    assert not panel.points_line.isVisible()
    assert panel.profile is profile and painted == []
    assert panel.name.text() == "Mateo Ahmed"
    assert {vendor: box.rows() for vendor, box in panel.boxes.items()} == rows
    assert panel.boxes["loke"].findChild(QLabel, "points") is points  # the same widgets
    assert panel.timeline.total() == len(bookings)
    assert panel.source_filter.currentIndex() == 2
    assert panel.view.currentIndex().data() == chosen
    assert [b.source for b in panel.timeline.bookings()] == ["booxi"] * 5
    assert panel.split.count() == 2 and panel.split.widget(1) is panel.timeline_box
    assert panel.timeline_box.title() == "Bookings, all vendors"
    for box in panel.boxes.values():
        assert box.isVisible() and box.parentWidget() is panel.sections
    shot(panel, "profile_wide.png", tmp_path)


def test_a_vendor_problem_shows_on_its_tab(qtbot: QtBot, qloop: qasync.QEventLoop,
                                          counter: Callable[[], Counter]) -> None:
    from app.sandbox.faults import Faults

    desk = counter()
    desk.vendors.sandbox.servers["booxi"].faults = Faults(error=1.0)
    panel = desk.panel
    panel.set_compact(True)
    panel.resize(640, 560)
    panel.show()
    desk.open(qloop, OTHER)
    tabs = panel.tabs
    assert tabs.tabText(4) == "Boo&xi ⚠"
    assert "Booxi unreachable" in tabs.tabToolTip(4)
    assert tabs.tabText(1) == "&Loyalty"


# -- words, tones, names, order -------------------------------------------------------------

def test_every_control_and_box_has_a_name_in_words(
        qtbot: QtBot, qloop: qasync.QEventLoop, counter: Callable[[], Counter]) -> None:
    desk = counter()
    panel = desk.panel
    panel.show()
    desk.open(qloop, BLACKLISTED)
    for compact in (False, True):
        panel.set_compact(compact)
        kinds = (QAbstractButton, QComboBox, QAbstractItemView, QAbstractScrollArea,
                 QTabWidget, QTabBar, QGroupBox, QProgressBar)
        found = [w for w in panel.findChildren(QWidget)
                 if isinstance(w, kinds) and not qt_own(w, panel)]
        assert len(found) > 20
        for widget in [panel, panel.candidates, panel.badge_row, *found]:
            name = widget.accessibleName()
            assert name, widget.objectName() or type(widget).__name__
            assert not IDENTIFIER_LIKE.match(name) and "_" not in name, name
            assert name != widget.objectName()
    assert panel.accessibleName() == "Customer profile"
    assert panel.boxes["loke"].accessibleName() == "Loyalty (LOKE) section"
    assert panel.view.accessibleName() == "Bookings timeline"
    assert panel.load_older.accessibleName() == "Load older bookings"
    assert panel.reveal.accessibleName() == "Reveal the contacts"


def test_tones_and_surfaces_say_what_matters(qtbot: QtBot, qloop: qasync.QEventLoop,
                                             counter: Callable[[], Counter]) -> None:
    desk = counter()
    panel = desk.panel
    panel.show()
    desk.open(qloop, OTHER)
    assert panel.no_shows.text() == "⚠ 2 no-show(s) (all vendors)"
    assert panel.no_shows.property("tone") == "alert"
    assert panel.boxes["loke"].status.property("tone") == "muted"
    assert panel.boxes["loke"].message.property("tone") == "alert"
    assert panel.banner.property("surface") == "danger"
    badge = panel.findChild(QLabel, "badge_loke")
    assert badge is not None and badge.property("surface") == "chip"
    assert panel.candidates.property("surface") == "info"
    for widget in panel.findChildren(QWidget):
        assert widget.styleSheet() == "", widget.objectName()
    # The timeline's colours come from the theme, at paint time, and repeat a word.
    model = panel.timeline
    no_show = next(r for r in range(model.rowCount())
                   if model.index(r, Column.STATUS).data() == "No-show")
    brush = model.index(no_show, Column.STATUS).data(Qt.ItemDataRole.ForegroundRole)
    assert brush.color() == theme.colour("alert")


def test_the_name_is_a_title_and_the_points_stand_out(qtbot: QtBot) -> None:
    profile = load_profile(EXAMPLE_PROFILE)

    async def nothing(_job: Callable[[sqlite3.Connection], object]) -> object:
        raise AssertionError("no cache here")

    panel = ProfilePanel(ProfileService(profile, MemorySecrets(profile.store.id), nothing))
    qtbot.addWidget(panel)
    panel.setStyleSheet(theme.render(QApplication.palette(), QApplication.font()))
    panel.ensurePolished()
    for label in (panel.name, panel.points_line):
        label.ensurePolished()
    assert panel.name.property("textsize") == "title"
    assert panel.name.font().pointSizeF() > QApplication.font().pointSizeF()
    assert panel.points_line.property("textsize") == "heading" and panel.points_line.font().bold()


def test_tab_order_follows_the_work(qtbot: QtBot, qloop: qasync.QEventLoop,
                                    counter: Callable[[], Counter]) -> None:
    desk = counter()
    panel = desk.panel
    panel.resize(1000, 700)
    panel.show()
    added = QPushButton("Add to queue")  # as the window adds its own header buttons
    added.setObjectName("addToQueue")
    panel.header_actions.addWidget(added)
    desk.open(qloop, BLACKLISTED)
    assert panel.reveal.isEnabled()
    assert tab_chain(panel.reveal) == [
        "revealContacts", "profileSections", "timelineSource", "timelineStatus", "loadOlder",
        "timelineView", "addToQueue", "closeProfile"]
    panel.set_compact(True)
    assert tab_chain(panel.reveal) == [
        "revealContacts", "profileTabBar", "timelineSource", "timelineStatus", "loadOlder",
        "timelineView", "addToQueue", "closeProfile"]
    panel.tabs.setCurrentIndex(1)
    assert tab_chain(panel.reveal) == [
        "revealContacts", "profileTabBar", "loyaltySectionPage", "addToQueue", "closeProfile"]
    panel.set_compact(False)
    assert tab_chain(panel.reveal)[:3] == ["revealContacts", "profileSections",
                                           "timelineSource"]


def test_values_follow_the_stores_locale(qtbot: QtBot, qloop: qasync.QEventLoop,
                                         counter: Callable[[], Counter],
                                         hungarian: None) -> None:
    desk = counter()
    panel = desk.panel
    panel.show()
    panel.set_compact(True)
    desk.open(qloop, OTHER)
    person = desk.person(OTHER)
    loyalty = panel.boxes["loke"]
    points = loyalty.value("Points")
    assert points == formats().points(person.points) and points.endswith(" pont")
    spend = loyalty.value("Total spend")
    assert spend is not None and "AUD" in spend and "," in spend  # 1 234,56 AUD
    assert panel.points_line.text() == f"Loyalty (LOKE): {formats().points(person.points)}"
    when = panel.timeline.index(0, Column.WHEN).data()
    assert re.match(r"^\d{4}\. \w+\. \d+\., \w+ \d\d:\d\d$", when), when  # 2027. jan. 9., szo 18:00
    assert panel.window_label.text() == "Booxi history since 2024. nov. 20."
