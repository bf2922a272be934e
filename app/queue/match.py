"""Who is waiting: a queue ticket matched to a cached customer, with how sure we are.

Phone first, then email (the same keys identity links by), then — with care — the whole name:
a name-only match is only ever shown as "possible", never as the person, and only when the
name is unique in the cache. What the host needs before calling someone comes with the match:
loyalty points, repeat no-shows, whether they are on the blacklist (with its reason), and their
earlier Qminder visits.

No-shows come from two places: the bookings of the customer's cached profile (reservations,
Booxi — known only once someone opened the profile) and the Qminder visits the sync pulled
(:mod:`app.sync.qminder`, known for everyone). The count is "unknown" (None) only when neither
is there: no profile cached *and* no visits pull has succeeded on this cache. A walk-in whose
earlier ticket gave the same phone or email is a cached customer through that ticket's
``qminder`` record — "Known" on their second visit, with no LOKE or reservations record.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from app.customer import store, visits
from app.customer.timeline import no_shows
from app.domain.contacts import normalise_email, normalise_phone
from app.domain.text import fold
from app.vendors.qminder.models import Ticket


@dataclass(frozen=True)
class Match:
    customer_id: int
    name: str
    how: str  # "phone", "email" or "name"
    points: int | None
    blacklisted: bool
    blacklist_reason: str
    no_shows: int | None  # None: no profile of theirs cached and no visits pulled yet
    #: Finished Qminder visits before this ticket, and when the last one began.
    visits: int = 0
    last_visit: datetime | None = None

    @property
    def known(self) -> bool:
        """A returning customer: matched by phone or email (never by a name alone)."""
        return self.certain

    @property
    def certain(self) -> bool:
        return self.how != "name"

    @property
    def label(self) -> str:
        return f"same {self.how}" if self.certain else "possible match (same name only)"


def _by_contact(conn: sqlite3.Connection, kind: str, value: str) -> int | None:
    rows = conn.execute(
        "SELECT i.customer_id FROM contact_index i JOIN customers c ON c.id = i.customer_id "
        "WHERE i.kind = ? AND i.value = ? ORDER BY c.search_key DESC LIMIT 2",
        (kind, value)).fetchall()
    return int(rows[0][0]) if len(rows) == 1 else None  # shared: not sure who this is


def _by_name(conn: sqlite3.Connection, name: str) -> int | None:
    folded = fold(name)
    if len(folded.split()) < 2:  # a first name alone says nothing
        return None
    rows = conn.execute("SELECT id FROM customers WHERE name_norm = ? LIMIT 2",
                        (folded,)).fetchall()
    return int(rows[0][0]) if len(rows) == 1 else None


def match_ticket(conn: sqlite3.Connection, ticket: Ticket, country: str) -> Match | None:
    """The cached customer this ticket is, or may be; None when nobody fits."""
    found: tuple[int, str] | None = None
    phone = normalise_phone(ticket.phone_number, country)
    if phone:
        customer = _by_contact(conn, "phone", phone.lstrip("+"))
        if customer is not None:
            found = (customer, "phone")
    if found is None:
        email = normalise_email(ticket.email)
        customer = _by_contact(conn, "email", email) if email else None
        if customer is not None:
            found = (customer, "email")
    if found is None:
        customer = _by_name(conn, ticket.name)
        if customer is not None:
            found = (customer, "name")
    if found is None:
        return None
    customer_id, how = found
    row = conn.execute("SELECT name, points, blacklisted FROM customers WHERE id = ?",
                       (customer_id,)).fetchone()
    if row is None:
        return None
    reason = conn.execute(
        "SELECT blacklist_reason FROM records WHERE customer_id = ? AND blacklisted = 1 "
        "AND blacklist_reason IS NOT NULL LIMIT 1", (customer_id,)).fetchone()
    seen = visits.summary(conn, customer_id, excluding=ticket.id)
    return Match(customer_id=customer_id, name=row[0], how=how, points=row[1],
                 blacklisted=bool(row[2]), blacklist_reason=reason[0] if reason else "",
                 no_shows=_no_shows(conn, customer_id, seen), visits=seen.visits,
                 last_visit=seen.last)


def _no_shows(conn: sqlite3.Connection, customer_id: int,
              seen: visits.VisitSummary) -> int | None:
    """No-shows across vendors: the cached profile's bookings plus the cached Qminder visits
    (None when neither is known — see the module docstring)."""
    sections = store.load_sections(conn, customer_id)
    rows = []
    for part in (sections.reservations.data, sections.booxi.data):
        if part is not None:
            rows += part.bookings
    profile_known = sections.reservations.data is not None or sections.booxi.data is not None
    if not profile_known and not seen.visits and not visits.pulled(conn):
        return None
    return no_shows(rows) + seen.no_shows


def match_key(ticket: Ticket) -> tuple[str, str, str, str]:
    """What :func:`match_ticket` reads of a ticket: a ticket is matched again only when this
    changes (a status change or a new label never needs the cache)."""
    return (ticket.id, ticket.phone_number or "", ticket.email or "", ticket.name)


def match_all(conn: sqlite3.Connection, tickets: list[Ticket],
              country: str) -> dict[str, Match | None]:
    """Every ticket's match, on the caller's (cache) thread."""
    return {t.id: match_ticket(conn, t, country) for t in tickets}
