"""The profile shows what staff ask about first — birthday ("today" / "this week"), marketing
consent, the Booxi quick note and requests, Qudini language and group size — and says where
linked records disagree, contacts masked until "Reveal".

A 4,400-person sandbox (seed 9, bookings around ANCHOR, Friday 20 November 2026) so that these
two people exist; the profile service's clock is ANCHOR. People used:
2032 Mohammed Martin — born 20 November (birthday today on the store's clock), another phone
at reservations than at LOKE, a Booxi request, a Qudini booking;
4339 Noah Wilson — Booxi spells him "Noa", and has a quick note about him.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import cast

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from app.domain.contacts import safe_mask_phone, safe_phone_display
from app.sandbox.booxi import BooxiServer
from app.sandbox.loke import LokeServer
from app.sandbox.qudini import QudiniServer
from app.sandbox.runner import Sandbox, ThreadedSandbox
from tests.conftest import ANCHOR
from tests.ui.conftest import run
from tests.ui.profile.test_panel import Desk, open_desk, settled, type_in

__all__ = ["open_desk"]  # the fixture, over this module's own population

TODAY, SPELT = 2032, 4339
WORDS = {True: "yes", False: "no"}


@pytest.fixture
def vendors() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(Sandbox(4400, seed=9, anchor=ANCHOR, store_id="ui-facts")) as box:
        yield box


def servers(desk: Desk) -> tuple[LokeServer, BooxiServer, QudiniServer]:
    found = desk.vendors.sandbox.servers
    return (cast(LokeServer, found["loke"]), cast(BooxiServer, found["booxi"]),
            cast(QudiniServer, found["qudini"]))


def open_person(qtbot: QtBot, qloop: qasync.QEventLoop, desk: Desk, email: str) -> None:
    async def scenario() -> None:
        await type_in(qtbot, desk, email)
        qtbot.keyClick(desk.search.box, Qt.Key.Key_Return)
        await settled(desk)

    run(qloop, scenario(), timeout=60)


def test_birthday_today_a_phone_that_differs_qudini_and_a_booxi_request(
        qtbot: QtBot, qloop: qasync.QEventLoop, open_desk: Callable[[], Desk],
        tmp_path: Path) -> None:
    desk = open_desk()
    desk.window.resize(1366, 768)
    person = desk.person(TODAY)
    assert person.email and person.mobile_e164 and person.dob is not None
    assert person.other_reservations_phone
    landline = person.phone_variant("reservations")
    assert landline is not None
    identifier = desk.attach_qudini(person)
    open_person(qtbot, qloop, desk, person.email)
    loke, booxi, qudini = servers(desk)
    record = loke.customer_record(person)
    assert record is not None

    facts = desk.label("profileFacts")
    assert facts.isVisible() and facts.textFormat() == Qt.TextFormat.PlainText
    consent = {"LOKE": record.get("hasAgreedToMarketing"),  # LOKE may not say
               "Booxi": booxi.client_record(person)["inMailingList"]}
    said = {vendor: WORDS[value] for vendor, value in consent.items() if value is not None}
    marketing = f"{next(iter(said.values()))} ({', '.join(said)})" \
        if len(set(said.values())) == 1 else " · ".join(f"{v}: {w}" for v, w in said.items())
    assert facts.text() == f"Birthday: 20 November {person.dob.year} — ★ birthday today" \
                           f"   ·   Marketing: {marketing}"

    differ = desk.label("recordsDiffer")
    assert differ.isVisible() and differ.textFormat() == Qt.TextFormat.PlainText
    masked = (f"⚠ Records differ — Phone: LOKE has {safe_mask_phone(person.mobile_e164)}; "
              f"reservations has {safe_mask_phone(landline)}; "
              f"Booxi has {safe_mask_phone(person.mobile_e164)}")
    assert differ.text() == masked
    assert "9800" not in differ.text() and person.mobile_e164[-6:] not in differ.text()

    found = qudini.lookup(identifier)
    assert found is not None
    wire = qudini._details_json(*found)["customerInQueue"]["customer"]
    rows = desk.section("qudiniSection").rows()
    assert ("Language", wire["language"]["name"]) in rows
    assert ("Group size", str(wire["groupSize"])) in rows

    asked = [booxi.booking_record(person, b)["client"]["additionalRequest"]
             for b in person.bookings("booxi", ANCHOR)]
    requests = [(c, v) for c, v in desk.section("booxiSection").rows() if c.startswith("Request")]
    assert requests and sorted(v for _c, v in requests) == sorted(a for a in asked if a)

    shot = Path(os.environ.get("CLIENTDESK_SCREENSHOT_DIR", tmp_path)) / "profile_facts.png"
    run(qloop, _settle())
    assert desk.window.grab().save(str(shot))
    # Everything new fits the 1366x768 window: no label wider than the panel, none cut off.
    panel = desk.panel
    assert desk.window.width() <= 1366 and desk.window.height() <= 768
    for label in (facts, differ):
        corner = label.mapTo(panel, label.rect().bottomRight())
        assert corner.x() <= panel.width() and corner.y() <= panel.height()
        assert label.height() >= label.heightForWidth(label.width()) - 1

    reveal = panel.findChild(QPushButton, "revealContacts")
    assert reveal is not None
    reveal.setFocus()
    qtbot.keyClick(reveal, Qt.Key.Key_Space)
    assert differ.text() == (
        f"⚠ Records differ — Phone: LOKE has {safe_phone_display(person.mobile_e164)}; "
        f"reservations has {safe_phone_display(landline)}; "
        f"Booxi has {safe_phone_display(person.mobile_e164)}")
    qtbot.keyClick(reveal, Qt.Key.Key_Space)
    assert differ.text() == masked


async def _settle() -> None:
    """A turn of the loop, so layouts settle before the screenshot."""
    await asyncio.sleep(0.2)


def test_a_booxi_misspelling_and_its_quick_note(qtbot: QtBot, qloop: qasync.QEventLoop,
                                               open_desk: Callable[[], Desk]) -> None:
    desk = open_desk()
    person = desk.person(SPELT)
    assert person.email and person.index % 11 == 5
    open_person(qtbot, qloop, desk, person.email)
    _loke, booxi, _qudini = servers(desk)
    client = booxi.client_record(person)
    differ = desk.label("recordsDiffer")
    assert differ.text() == (
        f"⚠ Records differ — Name: LOKE has {person.full_name}; reservations has "
        f"{person.full_name}; Booxi has {client['firstName']} {client['lastName']}")
    assert client["firstName"] != person.first_name
    assert client["quickNote"]
    box = desk.section("booxiSection")
    assert box.value("Quick note") == client["quickNote"]
    note = box.findChild(QLabel, "booxiQuickNote")
    assert note is not None and note.textFormat() == Qt.TextFormat.PlainText
    assert not desk.label("profileFacts").text().count("birthday today")
