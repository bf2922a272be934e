"""The customer profile in the main window, against the real fake vendors on loopback.

Each test runs as one coroutine on the qasync loop (``run(qloop, scenario())``): qasync's
``run_until_complete`` processes Qt events once more after it stops, outside the running loop,
so a refresh left in flight between two ``run`` calls would be stepped without one.
Each test syncs a 200-person sandbox (seed 9, bookings around ANCHOR) into a fresh cache, then
drives the window with keys as staff would. The profile service's clock is fixed at ANCHOR so
"upcoming" and "as of" read the same on every run. People used (from that population):
65 Priya Hernández — blacklisted, in LOKE, reservations and Booxi, one Qudini booking;
86 Mateo Ahmed — the same vendors, not blacklisted.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
)
from pytestqt.qtbot import QtBot

from app.cache.db import Cache
from app.cache.own_thread import CacheClosed
from app.cache.search_service import SearchService
from app.cache.thread import CacheThread
from app.customer import store
from app.customer.model import Loyalty, QudiniVisit, Section, Status
from app.customer.service import ProfileService
from app.domain.contacts import mask_email
from app.domain.money import format_minor
from app.formatting import formats_for
from app.paths import AppPaths
from app.profile import StoreProfile, load_profile, profile_from_dict
from app.sandbox.faults import Faults
from app.sandbox.people import Person
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine
from app.sync.events import SyncReport
from app.vendors.reservations import ReservationsClient
from tests.conftest import ANCHOR
from tests.ui.conftest import run, until
from ui.i18n import formats, use_formats
from ui.main import OpeningCache, OpeningJobs, build_window, open_services
from ui.profile.panel import ProfilePanel, SectionBox
from ui.profile.text import date_text, datetime_text, ordinal, queue_text, section_status_text
from ui.profile.timeline_model import Column
from ui.search.panel import SearchPanel
from ui.training import type_into
from ui.window.main_window import MainWindow
from ui.window.sync_status import clock

BLACKLISTED, OTHER = 65, 86
PM = "\u202fpm"  # en_AU writes a 12-hour clock, with a narrow space before "pm"
EXAMPLE_PROFILE = Path(__file__).parents[3] / "resources" / "store-profile.example.toml"


class Clock:
    def __init__(self) -> None:
        self.now = ANCHOR

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Desk:
    window: MainWindow
    panel: ProfilePanel
    search: SearchPanel
    vendors: ThreadedSandbox
    cache: Cache
    clock: Clock
    service: ProfileService
    jobs: CacheThread
    reader: SearchService
    profile: StoreProfile

    def person(self, index: int) -> Person:
        return self.vendors.sandbox.population.person(index)

    def customer_id(self, person: Person) -> int:
        conn = self.cache.connect(readonly=True)
        try:
            vendor, vendor_id = ("loke", person.loke_id) if person.in_loke else \
                ("reservations", person.reservations_id)
            row = conn.execute("SELECT customer_id FROM records WHERE vendor = ? AND "
                               "vendor_id = ?", (vendor, vendor_id)).fetchone()
        finally:
            conn.close()
        assert row is not None, person
        return int(row[0])

    def attach_qudini(self, person: Person, k: int = 0) -> str:
        """As if staff had scanned this person's booking link for them before."""
        identifier = person.qudini_identifier(k)
        conn = self.cache.connect()
        try:
            with conn:
                store.attach_qudini(conn, identifier, self.customer_id(person), ANCHOR)
        finally:
            conn.close()
        return identifier

    def section(self, name: str) -> SectionBox:
        box = self.panel.findChild(QGroupBox, name)
        assert isinstance(box, SectionBox), name
        assert box.accessibleName() == f"{box.title()} section"  # words, not "loyaltySection"
        return box

    def label(self, name: str) -> QLabel:
        label = self.panel.findChild(QLabel, name)
        assert label is not None, name
        return label

    def timeline(self) -> QTableView:
        view = self.panel.findChild(QTableView, "timelineView")
        assert view is not None
        return view

    def shown(self, column: Column) -> list[str]:
        model = self.timeline().model()
        return [str(model.index(r, column).data()) for r in range(model.rowCount())]


@pytest.fixture
def vendors() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(Sandbox(200, seed=9, anchor=ANCHOR, store_id="ui-profile")) as box:
        yield box


@pytest.fixture
def open_desk(qtbot: QtBot, qloop: qasync.QEventLoop, vendors: ThreadedSandbox,
              tmp_path: Path) -> Iterator[Callable[..., Desk]]:
    made: list[Desk] = []

    def make(without: tuple[str, ...] = ()) -> Desk:
        """A window over a freshly synced cache; ``without``: vendors the store does not use."""
        box = vendors.sandbox
        table = {k: v for k, v in box.profile_dict().items() if k not in without}
        profile = profile_from_dict(table)
        secrets = MemorySecrets(profile.store.id, box.secrets)
        cache = Cache.open(tmp_path / f"profile{len(made)}.sqlite3")

        async def fill() -> SyncReport:
            async with SyncEngine(profile, secrets, cache) as engine:
                return await engine.run()

        assert vendors.call(fill()).ok
        reader, jobs, clock = SearchService(cache), CacheThread(cache), Clock()
        service = ProfileService(profile, secrets, jobs.run, clock=clock)
        window = MainWindow(profile, secrets, training=True, cache=reader, profiles=service)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitActive(window)
        window.start()
        assert window.search_panel is not None and window.profile_panel is not None
        search = window.search_panel

        async def ready() -> None:
            await until(lambda: search.model.loaded and not search.searching())
            await window.checks_done()

        run(qloop, ready())
        desk = Desk(window, window.profile_panel, search, vendors, cache, clock, service, jobs,
                    reader, profile)
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.window.close()
        run(qloop, desk.service.aclose())
        desk.jobs.close()
        desk.reader.close()


async def type_in(qtbot: QtBot, desk: Desk, text: str) -> None:
    desk.search.focus_search()
    qtbot.keyClicks(desk.search.box, text)
    await until(lambda: desk.search.model.query == text and not desk.search.searching())


async def settled(desk: Desk) -> None:
    """Until a profile is open and every vendor's refresh has landed."""
    await until(lambda: desk.panel.has_profile() and not desk.window.tasks.running("resolve"))
    await desk.panel.idle()


# -- opening and reading ----------------------------------------------------------------------

def test_enter_on_a_result_opens_the_profile_with_every_section(
        qtbot: QtBot, qloop: qasync.QEventLoop, open_desk: Callable[[], Desk]) -> None:
    desk = open_desk()
    person = desk.person(BLACKLISTED)
    assert person.email is not None and person.blacklist_reason is not None
    desk.attach_qudini(person)
    assert desk.panel.isHidden()  # no room taken before a customer is opened

    async def scenario() -> None:
        assert person.email is not None
        await type_in(qtbot, desk, person.email)
        qtbot.keyClick(desk.search.box, Qt.Key.Key_Return)
        await settled(desk)

    run(qloop, scenario(), timeout=30)
    panel = desk.panel
    assert panel.isVisible() and panel.objectName() == "profilePanel"
    assert panel.accessibleName() == "Customer profile"
    assert desk.search.box.hasFocus()  # the next scan or search goes straight in

    assert desk.label("profileName").text() == "Priya Hernández"
    banner = desk.label("blacklistBanner")
    assert banner.isVisible() and banner.property("surface") == "danger"
    assert banner.text() == "⚠ BLACKLISTED — Shoplifting, police report filed"
    assert banner.accessibleName() == "Blacklisted: Shoplifting, police report filed"
    assert panel.badges() == ["LOKE", "reservations", "Qudini", "Booxi"]
    assert desk.label("linkReasons").text() == f"Linked by: same email {mask_email(person.email)}"

    loyalty = desk.section("loyaltySection")
    assert loyalty.value("Points") == formats().points(person.points) == "795 pts"
    assert loyalty.value("Total spend") == "$247.41"  # 24741 cents, exactly, as en_AU writes
    assert loyalty.value("Last spend") == "19 Nov 2025"  # 11:55 UTC is 22:55 in Sydney
    assert loyalty.value("Lists") == "Newsletter, Click & collect, Winter sale, Referral program"
    assert desk.label("loyaltySectionStatus").text() == "as of just now"

    reservations = desk.section("reservationsSection")
    assert [reservations.value(c) for c in ("Times booked", "Cancelled by customer",
                                            "Upcoming", "Completed")] == ["4", "0", "1", "3"]
    assert reservations.value("Note") == "no note"

    qudini = desk.section("qudiniSection")
    rows = qudini.rows()
    assert ("", "Booking POCK7577") in rows and ("State", "SERVED") in rows
    assert ("Question 89", "No") in rows and ("Question 36", "In-store") in rows
    assert ("Starts", f"Mon 9 Jun 2025 3:15{PM}") in rows

    assert desk.section("booxiSection").value("Bookings found") == "4"
    assert desk.label("noShows").text() == "No-shows: none"

    # One timeline from three vendors, upcoming first, on the store's clock.
    assert set(desk.shown(Column.SOURCE)) == {"reservations", "Booxi", "Qudini"}
    assert len(desk.shown(Column.SOURCE)) == 9
    first = [desk.shown(c)[0] for c in Column]
    assert first == [f"Sat 9 Jan 2027 6:00{PM}", "Personal styling", "", "Upcoming",
                     "from $120.00", "reservations"]
    assert desk.label("timelineCount").text() == "9 booking(s)"  # English forms: the .ts


def test_contacts_are_masked_until_revealed(qtbot: QtBot, qloop: qasync.QEventLoop,
                                           open_desk: Callable[[], Desk]) -> None:
    desk = open_desk()
    person = desk.person(OTHER)
    assert person.email is not None

    async def scenario() -> None:
        assert person.email is not None
        await type_in(qtbot, desk, person.email)
        view = desk.search.view
        rect = view.visualRect(view.model().index(0, 0))
        # QTest's double-click alone lacks the press before it that a real one has.
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        await settled(desk)

    run(qloop, scenario(), timeout=30)  # opened with a double-click on the result
    assert desk.label("profileName").text() == "Mateo Ahmed"
    contacts = desk.label("profileContacts")
    assert person.email not in contacts.text()
    assert mask_email(person.email) in contacts.text()
    reveal = desk.panel.findChild(QPushButton, "revealContacts")
    assert reveal is not None and reveal.accessibleName() == "Reveal the contacts"
    reveal.setFocus()
    qtbot.keyClick(reveal, Qt.Key.Key_Space)  # keyboard reachable
    assert person.email in contacts.text()
    assert person.email in desk.label("linkReasons").text()
    assert reveal.text() == "Hide" and reveal.accessibleName() == "Hide the contacts"
    qtbot.keyClick(reveal, Qt.Key.Key_Space)
    assert person.email not in contacts.text()


def test_pasted_or_scanned_qudini_link_opens_the_booking(
        qtbot: QtBot, qloop: qasync.QEventLoop, open_desk: Callable[[], Desk]) -> None:
    desk = open_desk()
    stranger = desk.person(OTHER)
    link = f"https://app.qudini.com/customer/{stranger.qudini_identifier(0)}"

    async def scan(text: str, key: Qt.Key) -> None:
        desk.search.clear()
        await type_in(qtbot, desk, text)
        qtbot.keyClick(desk.search.box, key)  # what a barcode scanner sends after the text
        await until(lambda: not desk.window.tasks.running("resolve"))
        await settled(desk)

    run(qloop, scan(link, Qt.Key.Key_Return), timeout=30)
    # A booking nobody linked yet: the booking alone, its customer's name from Qudini.
    assert desk.label("profileName").text() == "Mateo Ahmed"
    qudini = desk.section("qudiniSection")
    assert ("", "Booking VLGR8167") in qudini.rows()
    assert ("Question 36", "Video call") in qudini.rows()
    assert desk.label("qudiniSectionStatus").text() == "as of just now"
    assert desk.label("loyaltySectionStatus").text() == \
        "Not looked up: this Qudini booking is not linked to a customer"
    assert desk.shown(Column.SOURCE) == ["Qudini"]
    assert not desk.search.notice.isVisible()
    # Someone with the same name is offered, never linked without staff saying so.
    buttons = desk.panel.candidate_buttons()
    assert [b.accessibleName() for b in buttons] == ["Link this booking to Mateo Ahmed"]
    assert not desk.panel.boxes["loke"].rows()

    async def link() -> None:
        buttons[0].click()
        await until(lambda: desk.panel.profile is not None
                    and desk.panel.profile.header is not None)
        await settled(desk)

    run(qloop, link(), timeout=30)
    assert desk.panel.candidate_buttons() == []
    assert desk.section("loyaltySection").value("Points") == formats().points(stranger.points)
    assert ("", "Booking VLGR8167") in desk.section("qudiniSection").rows()
    assert set(desk.shown(Column.SOURCE)) == {"reservations", "Booxi", "Qudini"}

    # A booking seen before for a customer, scanned in capitals with a trailing space.
    known = desk.person(BLACKLISTED)
    identifier = desk.attach_qudini(known)
    run(qloop, scan(f"APP.QUDINI.COM/CUSTOMER/{identifier.upper()} ", Qt.Key.Key_Enter),
        timeout=30)
    assert desk.label("profileName").text() == "Priya Hernández"
    assert desk.label("blacklistBanner").isVisible()
    assert desk.section("loyaltySection").value("Points") == "795 pts"
    assert ("", "Booking POCK7577") in desk.section("qudiniSection").rows()


def test_a_link_of_the_wrong_shape_says_what_it_expects(
        qtbot: QtBot, qloop: qasync.QEventLoop, open_desk: Callable[[], Desk]) -> None:
    desk = open_desk()
    notice = desk.search.notice

    async def enter(text: str) -> None:
        desk.search.clear()
        await type_in(qtbot, desk, text)
        qtbot.keyClick(desk.search.box, Qt.Key.Key_Return)
        await until(lambda: notice.isVisible())

    for text, expected in (
            ("https://example.com/booking/123", "(https://app.qudini.com/customer/…)"),
            ("https://qdi.page.link/AbCd", "does not know this short link"),  # read online
            ("qdi.page.link/AbCd", "does not know this short link"),
            ("UOKW2127", "That looks like a booking reference (such as UOKW2127)"),
            ("loke:no-such-id", "No loke record 'no-such-id' in the cache"),
            ("id:999999", "No customer 999999 in this store's cache")):
        run(qloop, enter(text))
        assert expected in notice.text(), notice.text()
        assert notice.textFormat() == Qt.TextFormat.PlainText
        assert desk.panel.isHidden() and not desk.panel.has_profile()  # nothing opened
    assert QApplication.activeModalWidget() is None  # never a dialog
    qtbot.keyClicks(desk.search.box, "x")  # typing on clears the message
    assert not notice.isVisible()
    run(qloop, until(lambda: not desk.search.searching()))


def test_exact_reference_opens_that_customer(qtbot: QtBot, qloop: qasync.QEventLoop,
                                             open_desk: Callable[[], Desk]) -> None:
    desk = open_desk()
    person = desk.person(OTHER)

    async def scenario() -> None:
        await type_in(qtbot, desk, f"loke:{person.loke_id}")
        qtbot.keyClick(desk.search.box, Qt.Key.Key_Return)
        await settled(desk)

    run(qloop, scenario(), timeout=30)
    assert desk.label("profileName").text() == "Mateo Ahmed"


# -- bad input ----------------------------------------------------------------------------------

def test_markup_from_vendors_shows_literally(qtbot: QtBot, qloop: qasync.QEventLoop,
                                             vendors: ThreadedSandbox,
                                             open_desk: Callable[[], Desk]) -> None:
    box = vendors.sandbox
    person = next(p for p in box.population.people() if p.in_reservations and not p.in_loke
                  and not p.reservations_dummy and not p.blacklist_reason)
    profile = profile_from_dict(box.profile_dict())
    note = "<a href=x>y</a>\nsecond line <b>bold?</b>"

    async def edit() -> None:
        assert profile.reservations is not None
        async with ReservationsClient(profile.reservations, box.secrets["reservations"]) as c:
            await c.update_customer(person.reservations_id, first_name="<b>Bob</b>",
                                    last_name="<i>Smith</i>", note=note)

    vendors.call(edit())
    desk = open_desk()
    desk.window.open_customer(desk.customer_id(person))
    run(qloop, settled(desk), timeout=30)
    name = desk.label("profileName")
    assert name.text() == "<b>Bob</b> <i>Smith</i>"
    shown = desk.panel.findChild(QPlainTextEdit, "reservationsNote")
    assert shown is not None and shown.isReadOnly()
    assert shown.toPlainText() == note  # both lines, literally
    assert shown.document().toRawText() == note.replace("\n", "\u2029")  # no markup parsed
    assert desk.section("reservationsSection").value("Note") == note
    assert not desk.label("blacklistBanner").isVisible()
    # Every label of the profile that shows markup shows it as plain text.
    marked = [label for label in desk.panel.findChildren(QLabel) if "<" in label.text()]
    assert name in marked
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in marked)


def test_walk_in_placeholder_is_marked_and_unused_vendors_say_so(
        qtbot: QtBot, qloop: qasync.QEventLoop, vendors: ThreadedSandbox,
        open_desk: Callable[..., Desk]) -> None:
    desk = open_desk(without=("booxi",))
    person = next(p for p in vendors.sandbox.population.people()
                  if p.reservations_dummy and p.in_loke)
    desk.window.open_customer(desk.customer_id(person))
    run(qloop, settled(desk), timeout=30)
    marker = desk.label("walkInMarker")
    assert marker.isVisible() and "Walk-in placeholder record" in marker.text()
    assert desk.label("booxiSectionStatus").text() == "This store does not use Booxi"
    assert desk.section("booxiSection").rows() == []
    assert desk.label("qudiniSectionStatus").text() == \
        "No Qudini booking known: scan or paste their booking link"
    older = desk.panel.findChild(QPushButton, "loadOlder")
    assert older is not None and not older.isEnabled()
    assert "Booxi" not in set(desk.shown(Column.SOURCE))


def test_live_blacklist_answer_shows_the_banner(qtbot: QtBot, qloop: qasync.QEventLoop,
                                               vendors: ThreadedSandbox,
                                               open_desk: Callable[[], Desk]) -> None:
    desk = open_desk()  # synced while the customer was still welcome
    person = desk.person(OTHER)
    profile = desk.profile

    async def blacklist() -> None:
        assert profile.reservations is not None
        async with ReservationsClient(profile.reservations,
                                      vendors.sandbox.secrets["reservations"]) as client:
            await client.blacklist(person.reservations_id, "Threatened staff <script>")

    vendors.call(blacklist())
    desk.window.open_customer(desk.customer_id(person))
    run(qloop, settled(desk), timeout=30)
    banner = desk.label("blacklistBanner")
    assert banner.isVisible()
    assert banner.text() == "⚠ BLACKLISTED — Threatened staff <script>"
    assert banner.textFormat() == Qt.TextFormat.PlainText


# -- freshness, failures, staleness ----------------------------------------------------------

def test_one_vendor_failing_keeps_the_others_and_its_own_older_data(
        qtbot: QtBot, qloop: qasync.QEventLoop, vendors: ThreadedSandbox,
        open_desk: Callable[[], Desk]) -> None:
    desk = open_desk()
    booxi = vendors.sandbox.servers["booxi"]
    booxi.faults = Faults(error=1.0)
    person = desk.person(OTHER)
    message = desk.label("booxiSectionMessage")

    async def f5() -> None:
        qtbot.keyClick(desk.search.box, Qt.Key.Key_F5)
        await until(desk.panel.busy)
        await settled(desk)

    desk.window.open_customer(desk.customer_id(person))
    run(qloop, settled(desk), timeout=60)
    assert message.isVisible() and message.text().startswith("⚠ Booxi unreachable\nBooxi: ")
    assert desk.label("booxiSectionStatus").text() == "no data saved"
    assert desk.section("loyaltySection").value("Points") == formats().points(person.points)
    assert desk.label("loyaltySectionStatus").text() == "as of just now"
    assert set(desk.shown(Column.SOURCE)) == {"reservations"}

    # Back up: F5 fetches it; then down again mid-refresh: the older Booxi data stays.
    booxi.faults = Faults()
    run(qloop, f5(), timeout=60)
    assert not message.isVisible()
    assert desk.section("booxiSection").value("Bookings found") == "5"
    desk.clock.now += timedelta(minutes=3)
    booxi.faults = Faults(error=1.0)
    run(qloop, f5(), timeout=60)
    assert message.text().startswith("⚠ Booxi unreachable\nBooxi: ")
    assert desk.label("booxiSectionStatus").text() == "as of 3 min ago"
    assert desk.section("booxiSection").value("Bookings found") == "5"
    assert desk.shown(Column.SOURCE).count("Booxi") == 5
    assert desk.label("loyaltySectionStatus").text() == "as of just now"  # refreshed fine


def test_f5_refreshes_the_open_profile_with_a_busy_indicator(
        qtbot: QtBot, qloop: qasync.QEventLoop, vendors: ThreadedSandbox,
        open_desk: Callable[[], Desk]) -> None:
    desk = open_desk()
    desk.window.open_customer(desk.customer_id(desk.person(OTHER)))
    run(qloop, settled(desk), timeout=30)
    loke = vendors.sandbox.servers["loke"]
    before = loke.requests
    loke.faults = Faults(latency_ms=400)
    loyalty = desk.section("loyaltySection")
    seen: list[str] = []

    async def scenario() -> None:
        qtbot.keyClick(desk.search.box, Qt.Key.Key_F5)
        await until(loyalty.busy.isVisible)
        seen.append(desk.label("loyaltySectionStatus").text())
        seen.append(loyalty.value("Points") or "")  # still shown meanwhile
        await settled(desk)

    run(qloop, scenario(), timeout=30)
    assert seen == ["as of just now · refreshing…", formats().points(desk.person(OTHER).points)]
    assert loke.requests > before and not loyalty.busy.isVisible()
    assert desk.label("loyaltySectionStatus").text() == "as of just now"


def test_a_profile_seen_before_opens_offline_with_its_as_of_times(
        qtbot: QtBot, qloop: qasync.QEventLoop, vendors: ThreadedSandbox,
        open_desk: Callable[[], Desk]) -> None:
    desk = open_desk()
    person = desk.person(OTHER)
    customer = desk.customer_id(person)
    desk.window.open_customer(customer)
    run(qloop, settled(desk), timeout=30)
    rows = desk.shown(Column.WHEN)
    close = desk.panel.findChild(QPushButton, "closeProfile")
    assert close is not None
    close.click()
    assert desk.panel.isHidden() and desk.search.box.hasFocus()

    vendors.call(vendors.sandbox.stop())  # every vendor down
    desk.clock.now += timedelta(minutes=20)  # past the 15-minute time-to-live
    desk.window.open_customer(customer)
    run(qloop, settled(desk), timeout=60)
    assert desk.section("loyaltySection").value("Points") == formats().points(person.points)
    for vendor in ("loyalty", "reservations", "booxi"):
        assert desk.label(f"{vendor}SectionStatus").text() == "as of 20 min ago"
        assert "unreachable" in desk.label(f"{vendor}SectionMessage").text()
    assert desk.shown(Column.WHEN) == rows


def test_a_second_customer_opened_quickly_never_shows_the_firsts_late_answers(
        qtbot: QtBot, qloop: qasync.QEventLoop, vendors: ThreadedSandbox,
        open_desk: Callable[[], Desk]) -> None:
    desk = open_desk()
    first, second = desk.person(BLACKLISTED), desk.person(OTHER)
    booxi = vendors.sandbox.servers["booxi"]
    asked: list[int] = []

    async def scenario() -> None:
        booxi.faults = Faults(latency_ms=1500)  # the first customer's Booxi answer comes late
        before = booxi.requests
        desk.window.open_customer(desk.customer_id(first))
        await until(lambda: booxi.requests > before)  # its Booxi lookup is on the wire
        asked.append(booxi.requests - before)
        booxi.faults = Faults()
        desk.window.open_customer(desk.customer_id(second))
        await settled(desk)
        await asyncio.sleep(2.0)  # long past the first customer's late answer

    run(qloop, scenario(), timeout=30)
    assert asked == [1]
    assert desk.label("profileName").text() == "Mateo Ahmed"
    assert not desk.label("blacklistBanner").isVisible()
    assert desk.section("booxiSection").value("Bookings found") == "5"
    assert desk.section("loyaltySection").value("Points") == formats().points(second.points)
    ids = [b.booking_id for b in desk.panel.timeline.bookings()]
    assert ids and not any(i.startswith("A00000065") for i in ids)
    assert sum(i.startswith("A00000086") for i in ids) == 5


# -- timeline and keys ------------------------------------------------------------------------

def test_filters_and_load_older(qtbot: QtBot, qloop: qasync.QEventLoop,
                                vendors: ThreadedSandbox,
                                open_desk: Callable[[], Desk]) -> None:
    desk = open_desk()
    person = desk.person(OTHER)
    desk.window.open_customer(desk.customer_id(person))
    run(qloop, settled(desk), timeout=30)
    assert desk.panel.profile is not None
    everything = desk.panel.profile.timeline(ANCHOR)
    assert len(desk.shown(Column.SOURCE)) == len(everything) == 11
    source = desk.panel.source_filter
    status = desk.panel.status_filter
    source.setFocus()
    qtbot.keyClick(source, Qt.Key.Key_Down)  # reservations
    qtbot.keyClick(source, Qt.Key.Key_Down)  # Booxi
    assert desk.shown(Column.SOURCE) == ["Booxi"] * 5
    assert desk.label("timelineCount").text() == "5 of 11 booking(s) shown"
    status.setFocus()
    for _ in range(4):
        qtbot.keyClick(status, Qt.Key.Key_Down)  # Upcoming, Completed, Cancelled, No-show
    assert status.currentText() == "No-show"
    assert desk.shown(Column.STATUS) == ["No-show"]
    assert desk.label("noShows").text() == "⚠ 2 no-show(s) (all vendors)"
    assert desk.label("noShows").property("tone") == "alert"
    source.setCurrentIndex(0)
    assert desk.shown(Column.SOURCE) == ["Booxi", "reservations"]
    status.setCurrentIndex(0)
    assert len(desk.shown(Column.SOURCE)) == 11

    window = desk.label("historyWindow")
    assert window.text() == "Booxi history since 20 Nov 2024"
    asked = vendors.sandbox.servers["booxi"].requests
    older = desk.panel.findChild(QPushButton, "loadOlder")
    assert older is not None and older.isEnabled()
    assert older.accessibleName() == "Load older bookings"
    older.click()
    run(qloop, settled(desk), timeout=30)
    assert vendors.sandbox.servers["booxi"].requests > asked
    assert window.text() == "Booxi history since 21 Nov 2022"  # two more years (730 days)
    assert len(desk.shown(Column.SOURCE)) == 11


def test_esc_and_ctrl_f_return_to_the_search_box(qtbot: QtBot, qloop: qasync.QEventLoop,
                                                open_desk: Callable[[], Desk]) -> None:
    desk = open_desk()
    person = desk.person(OTHER)
    assert person.email is not None

    async def scenario() -> None:
        assert person.email is not None
        await type_in(qtbot, desk, person.email)
        qtbot.keyClick(desk.search.box, Qt.Key.Key_Return)
        await settled(desk)

    run(qloop, scenario(), timeout=30)
    view = desk.timeline()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert desk.search.box.hasFocus() and desk.search.box.text() == person.email
    assert desk.panel.isVisible()  # Esc does not close the profile
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert desk.search.box.hasFocus()
    qtbot.keyClick(desk.search.box, Qt.Key.Key_Escape)  # in the box: empties it
    assert desk.search.box.text() == ""
    run(qloop, until(lambda: not desk.search.searching()))


# -- the app's wiring ----------------------------------------------------------------------------

def test_the_app_opens_profiles_once_its_cache_thread_is_ready(
        qtbot: QtBot, qloop: qasync.QEventLoop, threaded_sandbox: ThreadedSandbox,
        tmp_path: Path) -> None:
    box = threaded_sandbox.sandbox
    profile = profile_from_dict(box.profile_dict())
    secrets = MemorySecrets(profile.store.id, box.secrets)
    person = box.population.person(OTHER)
    assert person.email is not None

    async def scenario() -> None:
        # As in ui.main.run: the window and the profile service exist before the cache opens.
        reader, jobs = OpeningCache(), OpeningJobs()
        profiles = ProfileService(profile, secrets, jobs.run)
        window = build_window(profile, secrets, training=True, cache=reader, profiles=profiles)
        qtbot.addWidget(window)
        window.show()
        services = await open_services(window, reader, profile, secrets, AppPaths(tmp_path),
                                       jobs=jobs)
        assert services is not None and window.search_panel is not None
        panel = window.profile_panel
        assert panel is not None
        try:
            assert (await window.sync_finished()).ok
            await type_into(window.search_panel, person.email or "", delay_s=0.005)
            qtbot.keyClick(window.search_panel.box, Qt.Key.Key_Return)
            await until(panel.has_profile)
            await panel.idle()
            assert panel.name.text() == "Mateo Ahmed"
            assert panel.boxes["loke"].value("Points") == formats().points(person.points)
            qtbot.keyClick(window.search_panel.box, Qt.Key.Key_F5)  # sync and profile refresh
            assert panel.busy()
            await panel.idle()
            await window.sync_finished()
            panel.close_tasks()  # what closing the window does first
        finally:
            await services.aclose()
            await profiles.aclose()
            await jobs.aclose()
        with pytest.raises(CacheClosed, match="closed"):
            await jobs.run(lambda conn: conn.execute("SELECT 1").fetchone())
        window.close()  # last: closing the last window stops the loop

    run(qloop, scenario(), timeout=60)


def test_profiles_say_so_when_the_cache_never_opened(qtbot: QtBot,
                                                    qloop: qasync.QEventLoop) -> None:
    jobs = OpeningJobs()
    jobs.failed("The customer cache could not be opened (disk full).")
    profile = load_profile(EXAMPLE_PROFILE)
    panel = ProfilePanel(ProfileService(profile, MemorySecrets(profile.store.id), jobs.run))
    qtbot.addWidget(panel)

    async def scenario() -> None:
        with pytest.raises(CacheClosed, match="disk full"):
            await jobs.run(lambda conn: conn.execute("SELECT 1").fetchone())
        panel.open_customer(1)
        await panel.idle()
        assert panel.problem.isVisibleTo(panel)
        assert panel.problem.text() == ("This customer could not be read from the cache (The "
                                        "customer cache could not be opened (disk full).).")
        await jobs.aclose()

    run(qloop, scenario())


@pytest.mark.parametrize("failure", [
    sqlite3.OperationalError("database is locked"),  # the cache: busy or gone, say so
    CacheClosed("clientdesk-cache-jobs is closed"),
])
def test_a_cache_that_cannot_answer_is_shown_as_a_problem(
        qtbot: QtBot, qloop: qasync.QEventLoop, failure: Exception) -> None:
    async def failing(_job: Callable[[sqlite3.Connection], object]) -> object:
        raise failure

    profile = load_profile(EXAMPLE_PROFILE)
    panel = ProfilePanel(ProfileService(profile, MemorySecrets(profile.store.id), failing))
    qtbot.addWidget(panel)

    async def scenario() -> None:
        panel.open_customer(1)
        await panel.idle()
        assert panel.problem.isVisibleTo(panel)
        assert panel.problem.text() == \
            f"This customer could not be read from the cache ({failure})."

    run(qloop, scenario())


@pytest.mark.parametrize("bug", [
    RuntimeError("a bug in a cache job"),
    sqlite3.ProgrammingError("Cannot operate on a closed database."),
    sqlite3.IntegrityError("UNIQUE constraint failed: records.vendor_id"),
])
def test_a_bug_in_reading_a_profile_reaches_the_error_funnel(
        qtbot: QtBot, qloop: qasync.QEventLoop, bug: Exception) -> None:
    async def failing(_job: Callable[[sqlite3.Connection], object]) -> object:
        raise bug

    profile = load_profile(EXAMPLE_PROFILE)
    panel = ProfilePanel(ProfileService(profile, MemorySecrets(profile.store.id), failing))
    qtbot.addWidget(panel)
    funnel: list[BaseException | None] = []  # where ui.common.errors.ErrorFunnel listens
    qloop.set_exception_handler(lambda _loop, context: funnel.append(context.get("exception")))

    async def scenario() -> None:
        panel.open_customer(1)
        await panel.idle()
        await asyncio.sleep(0)  # the task's done callback hands the error to the loop
        assert funnel == [bug]
        assert not panel.problem.isVisibleTo(panel)  # not dressed up as "cache not read"

    run(qloop, scenario())


# -- formatting ----------------------------------------------------------------------------------

def test_money_is_exact_integer_cents() -> None:
    assert format_minor(24741, "AUD") == "247.41 AUD"
    assert format_minor(5, "AUD") == "0.05 AUD"
    assert format_minor(123456789, "EUR") == "1,234,567.89 EUR"
    assert format_minor(-250, "AUD") == "-2.50 AUD"
    assert format_minor(1500, "JPY") == "1,500 JPY"  # no minor units


def test_section_status_words() -> None:
    sydney = ZoneInfo("Australia/Sydney")
    now = ANCHOR

    def words(section: Section[Loyalty], vendor: str = "loke") -> tuple[str, str]:
        return section_status_text(vendor, section, now, sydney)

    data = Loyalty(customer_id="L1", points=3)
    assert words(Section[Loyalty](vendor="loke", status=Status.OK, data=data,
                                  as_of=now - timedelta(minutes=3))) == ("as of 3 min ago", "")
    two_hours = now - timedelta(hours=2)
    assert words(Section[Loyalty](vendor="loke", status=Status.OK, data=data,
                                  as_of=two_hours)) == \
        (f"as of {clock(two_hours, now, sydney)}", "")  # 18:00 in Sydney, the store's way
    assert words(Section[Loyalty](vendor="loke", status=Status.NOT_FOUND)) == \
        ("Not found in LOKE", "")
    assert words(Section[Loyalty](vendor="loke", status=Status.PENDING)) == \
        ("Not fetched yet", "")
    assert words(Section[Loyalty](vendor="loke", status=Status.NOT_USED)) == \
        ("This store does not use LOKE", "")
    assert words(Section[Loyalty](vendor="loke", status=Status.UNREACHABLE,
                                  message="LOKE: can't be reached — try again later")) == \
        ("no data saved", "⚠ LOKE unreachable\nLOKE: can't be reached — try again later")
    two_days = now - timedelta(days=2)
    assert words(Section[Loyalty](vendor="loke", status=Status.REFUSED, data=data,
                                  as_of=two_days, message="not authorised")) == \
        (f"as of {clock(two_days, now, sydney)}", "⚠ LOKE: not authorised")


def test_queue_position_reads_as_an_ordinal() -> None:
    visit = QudiniVisit(identifier="ab" * 10, queue_name="Appointments", position=3,
                        queue_length=8)
    assert queue_text(visit) == "Appointments, 3rd of 8"
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 111)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "111th"]
    assert queue_text(QudiniVisit(identifier="x")) == "—"


def test_profile_words_follow_the_stores_locale() -> None:
    sydney = ZoneInfo("Australia/Sydney")
    before = formats()
    use_formats(formats_for("hu", "HU", "HUF"))
    try:
        assert date_text(datetime(2025, 6, 9, 5, 15, tzinfo=UTC), sydney) == "2025. jún. 9."
        assert datetime_text(datetime(2025, 6, 9, 5, 15, tzinfo=UTC), sydney) == \
            "2025. jún. 9., H 15:15"
        assert datetime_text(None, sydney) == "no date" and date_text(None, sydney) == "never"
        visit = QudiniVisit(identifier="ab" * 10, queue_name="Időpontok", position=3,
                            queue_length=1200)
        # Without a translator the English endings show; the figures are Hungarian.
        assert queue_text(visit) == "Időpontok, 3th of 1\u00a0200"
    finally:
        use_formats(before)
