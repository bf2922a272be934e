"""The ticket card's earlier-visits line: "Known" on a second visit, and honest unknowns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.queue.board import Row
from app.queue.match import Match
from app.vendors.qminder.models import Ticket
from ui.queue.card import TicketCard, visits_text

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def match(how: str = "phone", visits: int = 0, no_shows: int | None = 0) -> Match:
    return Match(customer_id=7, name="Walker Stone", how=how, points=None, blacklisted=False,
                 blacklist_reason="", no_shows=no_shows, visits=visits,
                 last_visit=NOW - timedelta(days=3) if visits else None)


def row() -> Row:
    ticket = Ticket.model_validate({"id": "9", "status": "NEW", "line": 1, "firstName": "Walker",
                                    "created": {"date": "2026-11-20T08:50:00Z"}})
    return Row(ticket, "1", "Returns", 1, timedelta(minutes=10))


def test_a_second_visit_is_known_with_its_count_and_date() -> None:
    assert visits_text(match(visits=1), UTC) == "Known: 1 earlier visit, last on 17 Nov 2026"
    assert visits_text(match(visits=4), UTC).startswith("Known: 4 earlier visits")
    assert visits_text(match(), UTC) == "Known customer"
    # A name alone is never "Known"; an unknown no-show count is said, not hidden.
    assert visits_text(match(how="name"), UTC) == ""
    assert visits_text(match(no_shows=None), UTC) == \
        "Known customer · no-shows unknown until their profile is opened"


def test_the_card_shows_the_line_in_plain_text(qapp: QApplication) -> None:
    card = TicketCard(UTC)
    card.show_row(row(), match(visits=2), matched=True, now=NOW, stale=False)
    assert not card.visits.isHidden()
    assert card.visits.text() == "Known: 2 earlier visits, last on 17 Nov 2026"
    assert card.visits.textFormat() == Qt.TextFormat.PlainText
    card.show_row(row(), None, matched=True, now=NOW, stale=False)
    assert card.visits.isHidden()
    card.show_row(None, None, matched=False, now=NOW, stale=False)
    assert card.visits.isHidden()
