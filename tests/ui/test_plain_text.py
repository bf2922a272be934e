"""Vendor text is shown literally, never as rich text (issue 12, item 6).

Names, notes, labels, reasons and emails come from vendors; a vendor (or anyone who can type
into one) must not be able to style the window, hide words or add links and images. Qt reads a
QLabel in ``AutoText`` and every tooltip as rich text whenever ``Qt.mightBeRichText`` says so,
so each place must either show plain text (``Qt.TextFormat.PlainText``, the plain delegate,
``setPlainText``) or escape it into explicit rich text (:func:`ui.common.widgets.plain_tip`).

How: one sandbox (seed 9, bookings around ANCHOR) is given markup through the vendors' own
APIs and payloads — reservations' write API for the name, email, note and blacklist reason;
LOKE, Booxi, Qudini and Qminder answers shaped by their fake servers — and synced into a cache
by the real engine (one more test writes a record with several emails straight into a cache,
as a sync would). Each test opens the real window over it (tests/ui/editing/helpers.py) and
walks every child widget of one panel: labels, buttons, group boxes, tooltips, text boxes and,
for item views and combo boxes, every row and column of the model (display text through a
delegate known to paint plain text, tooltips). Each string is read the way Qt would show it
(:func:`shown_text`); any of the vendors' tags or entities it carries — as typed, or escaped —
must read exactly as the vendor wrote it (:func:`check`). Every panel must also show the
hostile values themselves, whole, somewhere (:func:`shows_literally`), so the walk is known to
have met them — a note put in with ``appendHtml`` fails there.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
import qasync
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.cache.db import Cache
from app.cache.search_service import SearchService
from app.cache.writer import CacheWriter
from app.domain.records import VendorRecord
from app.profile import StoreProfile, profile_from_dict
from app.sandbox.booxi import BooxiServer
from app.sandbox.loke import LokeServer
from app.sandbox.people import Booking, Person
from app.sandbox.qminder import QminderServer
from app.sandbox.qudini import QudiniServer
from app.sandbox.reservations import ReservationsServer
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine
from app.sync.events import SyncReport
from app.vendors.qminder.live import LiveTiming
from app.vendors.reservations import ReservationsClient
from tests.conftest import ANCHOR
from tests.ui.conftest import run, until
from tests.ui.editing.helpers import edit_desk
from tests.ui.search.test_panel import make_panel, settle
from ui.common.widgets import plain_tip
from ui.queue.chips import ChipRow
from ui.queue.delegate import QueueDelegate
from ui.queue.panel import build_queue
from ui.search.model import Column
from ui.training import type_into

#: Population index (seed 9): Priya Hernández — in LOKE, reservations and Booxi, blacklisted,
#: one Qudini booking.
WHO = 65
TIMING = LiveTiming(backoff=lambda _failures: 0.3, jitter=0.0, slow_after=1000)

# -- what the vendors send ----------------------------------------------------------------------
FIRST = "<b>Bold</b> <img src=x> &amp;"
LAST = '<a href="http://127.0.0.1/">link</a>'
NAME = f"{FIRST} {LAST}"  # reservations and LOKE (the ticket's visitor gives it too)
#: In reservations and LOKE (records with different emails never link); its domain shows
#: even when masked ("a<•••••••@<i>x</i>.example.com").
EMAIL = "a<i>b</i>@<i>x</i>.example.com"
#: First of two emails on one record: masked "z•@<u>y</u>.example.net", a tooltip Qt would
#: take for rich text.
OTHER_EMAIL = "z@<u>y</u>.example.net"
NOTE = "<table><tr><td>x</td></tr></table>\nsecond line &lt;kept&gt;"
REASON = "<s>Threatened staff</s> &#60;3 <script>x()</script>"
LIST = "<big>Gold</big> members"  # a LOKE customer list
LABEL = "<font color=red>VIP</font>"  # a Qminder ticket label
LINE = "<i>Returns</i> &amp; more"  # a Qminder line
FIELD = "<h2>Note</h2>"  # a Qminder extra field's title (its value is NOTE)
ANSWER = "<ul><li>Allergic</li></ul>"  # an answer to a Qudini booking question
VENUE = "<code>Venue</code> &copy;"
Q_SERVICE = "<tt>Fitting</tt>"
Q_STATE = "<blink>HELD</blink>"  # a Qudini state Clientdesk does not know
R_SERVICE = "<sup>Hem</sup> &amp; fix"  # a reservations booking
R_STATUS = "<del>odd</del>"  # a reservations booking status Clientdesk does not know
R_LOCATION = "<center>1 George St</center>"
B_SERVICE = "<q>Tailoring</q>"  # a Booxi booking
B_STAFF = "<kbd>Sam</kbd>"
WALK_IN = ("<em>Priya</em>", "(walk-in) &reg;")  # a second reservations record of theirs
HOSTILE = (NAME, EMAIL, OTHER_EMAIL, NOTE, REASON, " ".join(WALK_IN), LIST, LABEL, LINE, FIELD,
           ANSWER, VENUE, Q_SERVICE, Q_STATE, R_SERVICE, R_STATUS, R_LOCATION, B_SERVICE,
           B_STAFF)
#: Every tag and entity the vendors sent: wherever one shows up, it must read as sent.
MARKUP = sorted({m for value in HOSTILE for m in re.findall(r"<[^<>]*>|&#?\w+;", value)})


# -- how Qt shows a string --------------------------------------------------------------------

Format = Qt.TextFormat | Literal["mnemonic"]
#: Buttons, group boxes and tabs: plain text where "&" marks the shortcut letter.
MNEMONIC: Format = "mnemonic"


def is_rich(displayed: str, fmt: Format) -> bool:
    """Whether Qt reads ``displayed`` as markup: ``AutoText`` (a label's default, and every
    tooltip) is rich text when ``Qt.mightBeRichText`` says so."""
    if fmt == MNEMONIC or fmt == Qt.TextFormat.PlainText:
        return False
    return fmt != Qt.TextFormat.AutoText or GuiQt.mightBeRichText(displayed)


def shown_text(displayed: str, fmt: Format) -> str:
    """What a person reads where Qt shows ``displayed`` in ``fmt``."""
    if fmt == MNEMONIC:
        return re.sub(r"&(.)", r"\1", displayed)  # "&&" shows "&", "&x" an underlined "x"
    if not is_rich(displayed, fmt):
        return displayed
    document = QTextDocument()
    if fmt == Qt.TextFormat.MarkdownText:
        document.setMarkdown(displayed)
    else:
        document.setHtml(displayed)
    return document.toPlainText()


def _squash(text: str) -> str:
    return " ".join(text.split())


def shows_literally(displayed: str, fmt: Format, vendor: str) -> bool:
    """True when ``displayed`` (shown in ``fmt``) reads ``vendor`` as the vendor wrote it,
    markup and all (line breaks and runs of spaces aside: one-line cells fold them)."""
    return _squash(vendor) in _squash(shown_text(displayed, fmt))


def check(displayed: str, fmt: Format, where: str, problems: list[str]) -> str:
    """What ``displayed`` reads; a problem for each vendor tag or entity in it (as typed or
    escaped) that does not read as typed — Qt interpreted it."""
    seen = shown_text(displayed, fmt)
    rich = is_rich(displayed, fmt)
    lost = []
    for markup in MARKUP:
        escaped = html.escape(markup) in displayed or \
            html.escape(markup, quote=False) in displayed
        # In rich text "&lt;" is how an escaped "<" looks: a vendor's entity is only carried
        # escaped there ("&amp;lt;"); a vendor's tag is carried either way.
        raw = markup in displayed and not (rich and markup.startswith("&"))
        if (escaped or raw) and markup not in seen:
            lost.append(markup)
    if lost:
        problems.append(f"{where}: {', '.join(lost)} interpreted — {displayed!r} reads "
                        f"{seen!r}")
    return seen


PLAIN_DELEGATES: tuple[type, ...] = (
    QStyledItemDelegate,  # Qt's default: display text is painted as plain text
    QueueDelegate,  # the default, and label chips drawn with drawText (ui/queue/chips.py)
)
ROLES = ((Qt.ItemDataRole.ToolTipRole, Qt.TextFormat.AutoText, "tooltip"),
         (Qt.ItemDataRole.WhatsThisRole, Qt.TextFormat.AutoText, "what's this"),
         (Qt.ItemDataRole.StatusTipRole, Qt.TextFormat.PlainText, "status tip"))


def _columns(model: QAbstractItemModel) -> int:
    # A list model's columnCount is private in Qt: it has one column.
    return 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())


def _read_model(model: QAbstractItemModel, where: str, shown: list[str],
                problems: list[str]) -> None:
    for column in range(_columns(model)):
        for role, fmt, what in ((Qt.ItemDataRole.DisplayRole, Qt.TextFormat.PlainText,
                                 "header"), (Qt.ItemDataRole.ToolTipRole,
                                             Qt.TextFormat.AutoText, "header tooltip")):
            value = model.headerData(column, Qt.Orientation.Horizontal, role)
            if isinstance(value, str) and value:
                shown.append(check(value, fmt, f"{where} column {column} {what}", problems))
    for row in range(model.rowCount(QModelIndex())):
        for column in range(_columns(model)):
            index = model.index(row, column)
            cell = f"{where} [{row}, {column}]"
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if isinstance(text, str) and text:
                shown.append(check(text, Qt.TextFormat.PlainText, cell, problems))
            for role, fmt, what in ROLES:
                value = index.data(role)
                if isinstance(value, str) and value:
                    shown.append(check(value, fmt, f"{cell} {what}", problems))


def _in_combo(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox):
            return True
        parent = parent.parentWidget()
    return False


def read_panel(root: QWidget) -> tuple[list[str], list[str]]:
    """Everything ``root`` and its children show (as a person reads it), and the places
    where vendor markup is interpreted."""
    shown: list[str] = []
    problems: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__} {widget.objectName() or '(unnamed)'}"
        if widget.toolTip():
            shown.append(check(widget.toolTip(), Qt.TextFormat.AutoText, f"{where} tooltip",
                               problems))
        if widget.whatsThis():
            shown.append(check(widget.whatsThis(), Qt.TextFormat.AutoText,
                               f"{where} what's this", problems))
        if isinstance(widget, QLabel):
            shown.append(check(widget.text(), widget.textFormat(), where, problems))
        elif isinstance(widget, QAbstractButton | QGroupBox):
            text = widget.title() if isinstance(widget, QGroupBox) else widget.text()
            shown.append(check(text, MNEMONIC, where, problems))
        elif isinstance(widget, QLineEdit):
            shown.append(check(widget.text(), Qt.TextFormat.PlainText, where, problems))
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            # Its document: whatever was put in, this is what it reads (the walk's coverage
            # check then wants the vendor's note here, literally).
            shown.append(widget.toPlainText())
        elif isinstance(widget, ChipRow):
            shown.extend(widget.texts())  # painted with drawText: plain
        elif isinstance(widget, QTabWidget):
            for k in range(widget.count()):
                shown.append(check(widget.tabText(k), MNEMONIC, f"{where} tab {k}", problems))
                shown.append(check(widget.tabToolTip(k), Qt.TextFormat.AutoText,
                                   f"{where} tab {k} tooltip", problems))
        if isinstance(widget, QComboBox):
            _read_model(widget.model(), where, shown, problems)
        elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView) \
                and not _in_combo(widget):  # a header is read with its view's model
            model = widget.model()
            if model is None:
                continue
            delegates = [widget.itemDelegate()] + [
                widget.itemDelegateForColumn(c) for c in range(_columns(model))]
            for delegate in delegates:
                if delegate is not None and type(delegate) not in PLAIN_DELEGATES:
                    problems.append(f"{where}: delegate {type(delegate).__name__} is not "
                                    "known to paint plain text")
            _read_model(model, where, shown, problems)
    return shown, problems


def assert_plain(root: QWidget, *expected: str) -> list[str]:
    """Nothing vendor-made in ``root`` is interpreted, and each of ``expected`` is shown,
    literally, somewhere in it. Returns what it shows."""
    shown, problems = read_panel(root)
    assert problems == [], "\n".join(problems)
    missing = [value for value in expected  # ``shown`` is already what a person reads
               if not any(shows_literally(text, Qt.TextFormat.PlainText, value)
                          for text in shown)]
    assert missing == [], f"not shown literally in {root.objectName()}: {missing}"
    return shown


def test_the_check_tells_literal_from_interpreted() -> None:
    """The helper's own rules, on strings as Qt would get them."""
    auto, plain = Qt.TextFormat.AutoText, Qt.TextFormat.PlainText
    assert not shows_literally(NAME, auto, NAME)  # a tooltip or AutoText label: bold, a link
    assert shows_literally(NAME, plain, NAME)
    assert shows_literally(plain_tip(NAME), auto, NAME)
    assert shows_literally(plain_tip(NOTE), auto, NOTE)  # both lines
    assert shows_literally(plain_tip(NOTE), Qt.TextFormat.RichText, NOTE)
    assert not shows_literally(html.escape(NAME), plain, NAME)  # "&lt;b&gt;" on screen
    assert shows_literally(f"Link to {NAME}".replace("&", "&&"), MNEMONIC, NAME)
    assert not shows_literally(f"Link to {NAME}", MNEMONIC, NAME)  # "&amp;" reads "amp;"
    for displayed, fmt, bad in ((NAME, auto, True), (plain_tip(NAME), auto, False),
                                (html.escape(REASON), plain, True), (REASON, plain, False),
                                ("a<•••@<i>x</i>.example.com", auto, False)):
        problems: list[str] = []
        check(displayed, fmt, "here", problems)
        assert bool(problems) == bad, (displayed, problems)


# -- the vendors, made hostile ------------------------------------------------------------------


def _ours(person: Person) -> bool:
    return person.index == WHO


def _shape_vendors(box: Sandbox, patch: pytest.MonkeyPatch) -> str:
    """Markup in what each fake vendor answers about person WHO (the fakes' own state and
    payloads; the app reads them over HTTP). Returns WHO's Qudini booking identifier."""
    person = box.population.person(WHO)
    loke, booxi = box.servers["loke"], box.servers["booxi"]
    qudini, reservations = box.servers["qudini"], box.servers["reservations"]
    qminder = box.servers["qminder"]
    assert isinstance(loke, LokeServer) and isinstance(booxi, BooxiServer)
    assert isinstance(qudini, QudiniServer) and isinstance(reservations, ReservationsServer)
    assert isinstance(qminder, QminderServer)
    assert person.in_loke and person.in_booxi and person.qudini_bookings
    identifier = person.qudini_identifier(0)

    customer_record = loke.customer_record
    memberships_of = loke.memberships_of

    def loke_record(who: Person, *, duplicate: bool = False) -> dict[str, Any] | None:
        record = customer_record(who, duplicate=duplicate)
        if record is not None and _ours(who):
            record.update(firstName=FIRST, lastName=LAST, email=EMAIL)
        return record

    def loke_lists(customer_id: str) -> list[dict[str, str]]:
        lists = memberships_of(customer_id)
        if customer_id == person.loke_id:
            lists = [*lists, {"id": "01HMBR" + "9" * 20, "name": LIST}]
        return lists

    booking_json = reservations._booking_json

    def reservations_booking(booking: Booking) -> dict[str, Any]:
        shaped = booking_json(booking)
        if booking.key.startswith(f"re{WHO:x}-"):
            shaped.update(service_name=R_SERVICE, status=R_STATUS,
                          formatted_location=R_LOCATION)
        return shaped

    history_page = booxi._history_page

    def booxi_history(who: Person, page: list[Booking]) -> dict[str, Any]:
        shaped = history_page(who, page)
        if _ours(who):  # the page's own service and staff tables name them
            for service in shaped["services"]:
                service["name"] = B_SERVICE
            for staff in shaped["staff"]:
                staff.update(name=B_STAFF, firstName=B_STAFF, lastName="")
        return shaped

    details_json = qudini._details_json

    def qudini_details(who: Person, k: int, booking: Booking) -> dict[str, Any]:
        details = details_json(who, k, booking)
        if _ours(who):
            details["state"] = Q_STATE
            details["customerInQueue"]["customer"]["name"] = NAME
            details["customerInQueue"]["product"]["name"] = Q_SERVICE
            details["queue"]["venue"]["name"] = VENUE
        return details

    answers_json = qudini._answers_json

    def qudini_answers(asked: str) -> list[dict[str, Any]]:
        if asked != identifier:
            return answers_json(asked)
        return [{"id": 451_001, "text": ANSWER, "number": None, "dateTime": None,
                 "list": None, "question": {"id": 77}}]

    patch.setattr(loke, "customer_record", loke_record)
    patch.setattr(loke, "memberships_of", loke_lists)
    patch.setattr(reservations, "_booking_json", reservations_booking)
    patch.setattr(booxi, "_history_page", booxi_history)
    patch.setattr(qudini, "_details_json", qudini_details)
    patch.setattr(qudini, "_answers_json", qudini_answers)

    qminder.lines[0]["name"] = LINE
    qminder.create_ticket(qminder.lines[0]["id"], FIRST, last_name=LAST,
                          phone=person.mobile_e164, email=EMAIL, labels=[LABEL],
                          extra=[{"title": FIELD, "value": NOTE}])
    return identifier


@pytest.fixture(scope="module")
def hostile() -> Iterator[tuple[ThreadedSandbox, str]]:
    """The sandbox with markup in every vendor's answers about WHO; WHO's Qudini booking."""
    with pytest.MonkeyPatch.context() as patch, \
            ThreadedSandbox(Sandbox(200, seed=9, anchor=ANCHOR, store_id="ui-plain")) as box:
        sandbox = box.sandbox
        person = sandbox.population.person(WHO)
        table = profile_from_dict(sandbox.profile_dict()).reservations
        assert table is not None

        async def shape() -> str:
            async with ReservationsClient(table, sandbox.secrets["reservations"]) as client:
                await client.update_customer(person.reservations_id, first_name=FIRST,
                                             last_name=LAST, email=EMAIL, note=NOTE)
                await client.blacklist(person.reservations_id, REASON)
            return _shape_vendors(sandbox, patch)  # on the sandbox's loop, between requests

        identifier = box.call(shape())
        yield box, identifier


@pytest.fixture(scope="module")
def hostile_synced(hostile: tuple[ThreadedSandbox, str], tmp_path_factory: pytest.TempPathFactory
                   ) -> tuple[StoreProfile, MemorySecrets, Cache]:
    """The store's profile, secrets and a cache the real sync engine filled from ``hostile``,
    shared by the tests (the profile test links WHO's Qudini booking in it; no other test
    looks at that)."""
    box, _identifier = hostile
    profile = profile_from_dict(box.sandbox.profile_dict())
    secrets = MemorySecrets(profile.store.id, dict(box.sandbox.secrets))
    cache = Cache.open(tmp_path_factory.mktemp("plain-text") / "plain.sqlite3")

    async def fill() -> SyncReport:
        async with SyncEngine(profile, secrets, cache) as engine:
            return await engine.run()

    assert box.call(fill()).ok
    return profile, secrets, cache


@pytest.fixture
def walk_in_synced(hostile: tuple[ThreadedSandbox, str], hostile_synced: Any, tmp_path: Path
                   ) -> Iterator[tuple[StoreProfile, MemorySecrets, Cache]]:
    """As ``hostile_synced``, in a cache of its own, with one more reservations record of
    WHO's: a walk-in staff once made (same email), so the blacklist's manager has records to
    pick from. Taken off the sandbox afterwards (the shared cache never had it)."""
    box, _identifier = hostile
    profile, secrets, _shared = hostile_synced
    table = profile.reservations
    assert table is not None
    cache = Cache.open(tmp_path / "walk-in.sqlite3")

    async def add() -> SyncReport:
        async with ReservationsClient(table, box.sandbox.secrets["reservations"]) as client:
            await client.create_customer(*WALK_IN, email=EMAIL)
        async with SyncEngine(profile, secrets, cache) as engine:
            return await engine.run()

    async def remove() -> None:
        async with ReservationsClient(table, box.sandbox.secrets["reservations"]) as client:
            for row in await client.customers():
                if row.first_name == WALK_IN[0]:
                    await client.delete_customer(row.id)

    try:
        assert box.call(add()).ok
        yield profile, secrets, cache
    finally:
        box.call(remove())


# -- the panels ---------------------------------------------------------------------------------


def test_search_rows_show_vendor_markup_literally(
        qtbot: QtBot, qloop: qasync.QEventLoop, hostile: tuple[ThreadedSandbox, str],
        hostile_synced: Any, tmp_path: Path) -> None:
    box, _identifier = hostile

    async def scenario() -> None:
        async with edit_desk(qtbot, box, hostile_synced, tmp_path) as desk:
            panel = desk.window.search_panel
            assert panel is not None
            await type_into(panel, "bold", delay_s=0)
            await until(lambda: panel.model.query == "bold" and panel.model.loaded)
            assert panel.model.rowCount(QModelIndex()) >= 1
            hit = panel.model.hit(0)
            assert hit is not None and hit.customer_id == desk.customer_id(desk.person(WHO))
            assert_plain(panel, NAME, "@<i>x</i>.example.com")

    run(qloop, scenario(), timeout=60)


def test_search_tooltips_of_several_contacts_are_plain(
        qtbot: QtBot, qloop: qasync.QEventLoop, tmp_path: Path) -> None:
    """A record with two emails and two phones (the email cell's tooltip lists them all),
    written into the cache as a sync writes LOKE's records."""
    cache = Cache.open(tmp_path / "contacts.sqlite3")
    writer = CacheWriter(cache)
    try:
        writer.upsert("loke", [VendorRecord(
            vendor="loke", vendor_id="L-plain", name=NAME, emails=(OTHER_EMAIL, EMAIL),
            phones=("+61412345678", "+61498765432"), points=5, blacklisted=True,
            blacklist_reason=REASON, activity=ANCHOR, data={"id": "L-plain"})])
    finally:
        writer.close()
    service = SearchService(cache)
    panel = make_panel(qtbot, service)
    try:
        settle(qloop, panel, "")
        tips = [panel.model.index(0, column).data(Qt.ItemDataRole.ToolTipRole)
                for column in (Column.EMAIL, Column.PHONE)]
        assert all(isinstance(tip, str) and tip for tip in tips)
        assert_plain(panel, NAME, "@<i>x</i>.example.com", "@<u>y</u>.example.net")
    finally:
        panel.model.close()
        service.close()


def test_queue_rows_and_card_show_vendor_markup_literally(
        qtbot: QtBot, qloop: qasync.QEventLoop, hostile: tuple[ThreadedSandbox, str],
        hostile_synced: Any, tmp_path: Path) -> None:
    box, _identifier = hostile
    profile, secrets, _cache = hostile_synced

    async def scenario() -> None:
        parts = build_queue(profile, secrets, live_timing=TIMING, poll_interval_s=0.5)
        assert parts is not None
        async with edit_desk(qtbot, box, hostile_synced, tmp_path, queue=parts) as desk:
            panel = desk.window.queue_panel
            assert panel is not None
            ticket = next(t for t in parts.board.tickets.values()
                          if any(label.value == LABEL for label in t.labels))
            await until(lambda: ticket.id in panel.matches())
            match = panel.matches()[ticket.id]
            assert match is not None and match.blacklisted  # the customer column says why
            assert panel.select_ticket(ticket.id)
            await until(lambda: panel.card.fields() != [])  # asked of Qminder when selected
            await panel.idle()
            assert_plain(panel, NAME, LABEL, LINE, FIELD, NOTE, REASON)

    run(qloop, scenario(), timeout=60)


def test_the_profile_shows_vendor_markup_literally(
        qtbot: QtBot, qloop: qasync.QEventLoop, hostile: tuple[ThreadedSandbox, str],
        hostile_synced: Any, tmp_path: Path) -> None:
    box, identifier = hostile

    async def scenario() -> None:
        async with edit_desk(qtbot, box, hostile_synced, tmp_path) as desk:
            panel = desk.window.profile_panel
            assert panel is not None
            # The booking alone first (nobody linked it): its name, answers and the
            # "possibly the same person" buttons, which carry the name too.
            desk.window.open_visit(identifier)
            await until(lambda: panel.has_profile() and panel.profile is not None)
            await panel.idle()
            await until(lambda: bool(panel.candidate_buttons()))
            assert_plain(panel, NAME, ANSWER, VENUE, Q_SERVICE, Q_STATE)

            # Staff link it to the customer: every vendor's section, the timeline, the note.
            panel.candidate_buttons()[0].click()
            await until(lambda: panel.profile is not None and panel.profile.header is not None)
            await panel.idle()
            editor = desk.window.note_editor
            assert editor is not None
            await until(lambda: editor.reservations_id == desk.person(WHO).reservations_id)
            await editor.idle()
            assert panel.timeline.rowCount() > 0
            shown = assert_plain(panel, NAME, NOTE, REASON, LIST, ANSWER, VENUE, Q_SERVICE,
                                 R_SERVICE, R_STATUS, R_LOCATION, B_SERVICE, B_STAFF)
            assert EMAIL not in " ".join(shown)  # masked until revealed

            panel.reveal.click()
            assert_plain(panel, NAME, EMAIL)

    run(qloop, scenario(), timeout=60)


def test_the_blacklist_shows_vendor_markup_literally(
        qtbot: QtBot, qloop: qasync.QEventLoop, hostile: tuple[ThreadedSandbox, str],
        walk_in_synced: Any, tmp_path: Path) -> None:
    box, _identifier = hostile

    async def scenario() -> None:
        async with edit_desk(qtbot, box, walk_in_synced, tmp_path) as desk:
            view = desk.window.blacklist_view
            assert view is not None
            desk.window.show_blacklist()
            await view.idle()
            assert NAME in view.shown_names()
            assert_plain(view, NAME, REASON)

            # A manager picks them to add again (their name, the reason they are listed
            # for), and asks to take them off (the question quotes both).
            await desk.unlock()
            view.open_add()
            hits = await view.picker.search("bold")
            assert hits and hits[0].name == NAME
            view.picker.pick_row(0)
            await view.idle()
            assert view.record_box.isVisible() and view.record_box.count() == 2
            assert_plain(view, NAME, REASON, " ".join(WALK_IN), f"Customer: {NAME} — 2 "
                         "reservations records")
            view.close_add()
            view.view.selectRow(view.shown_names().index(NAME))
            view.ask_remove()
            assert view.remove_confirm.isVisible()
            assert_plain(view, NAME, REASON, f"Take {NAME} off the blacklist? Reason was: "
                                             f"{REASON}")

    run(qloop, scenario(), timeout=60)

