"""A customer's Qminder visits as the cache holds them (filled by :mod:`app.sync.qminder`).

Why a visit is found through its record, not a customer id of its own: a visit belongs to the
``qminder`` record of the contacts its ticket gave, and identity moves records between
customers whenever a sync links or unlinks people (customer ids are retired then). Joining
``qminder_visits.record_id`` to the record at read time always gives the customer the record
belongs to *now* — nothing to rewrite when people are relinked.

Plain functions over a connection, like :mod:`app.customer.store`: the GUI runs them on its
cache threads, the CLI inline. They never touch the network, which is the point: the queue card
and the profile header know a walk-in's visits and no-shows before anyone opens the profile.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

#: Qminder's no-show status, as stored.
NOSHOW = "NOSHOW"
#: The most visits one profile lists (a daily regular over the back-filled history is ~90).
MAX_ROWS = 500
VENDOR = "qminder"


@dataclass(frozen=True)
class Visit:
    """One finished ticket: line, outcome in Qminder's words, times (UTC) and the wait."""

    ticket_id: str
    line_id: str
    line_name: str
    status: str
    created: datetime
    called: datetime | None = None
    finished: datetime | None = None
    waited_s: int | None = None


@dataclass(frozen=True)
class VisitSummary:
    """What the queue card says about earlier visits: how many, how many no-shows, the last."""

    visits: int = 0
    no_shows: int = 0
    last: datetime | None = None


def _moment(seconds: int | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(int(seconds), UTC)


_JOIN = ("FROM records r JOIN qminder_visits v ON v.record_id = r.vendor_id "
         "WHERE r.vendor = 'qminder' AND r.customer_id = ?")


def visits_of(conn: sqlite3.Connection, customer_id: int, limit: int = MAX_ROWS) -> list[Visit]:
    """The customer's cached visits, newest first (a ticket is listed once, whichever of
    the customer's qminder records it came through)."""
    rows = conn.execute(
        "SELECT DISTINCT v.ticket_id, v.line_id, v.line_name, v.status, v.created, v.called, "
        f"v.finished, v.waited_s {_JOIN} ORDER BY v.created DESC, v.ticket_id LIMIT ?",
        (customer_id, limit)).fetchall()
    return [Visit(ticket_id=str(r[0]), line_id=str(r[1]), line_name=str(r[2]), status=str(r[3]),
                  created=datetime.fromtimestamp(int(r[4]), UTC), called=_moment(r[5]),
                  finished=_moment(r[6]), waited_s=None if r[7] is None else int(r[7]))
            for r in rows]


def summary(conn: sqlite3.Connection, customer_id: int,
            excluding: str | None = None) -> VisitSummary:
    """Count of the customer's finished visits and no-shows (``excluding`` one ticket: the
    visit under way is not an *earlier* one), from one indexed query."""
    row = conn.execute(
        "SELECT COUNT(DISTINCT v.ticket_id), "
        f"COUNT(DISTINCT CASE WHEN v.status = '{NOSHOW}' THEN v.ticket_id END), "
        f"MAX(v.created) {_JOIN} AND v.ticket_id IS NOT ?",
        (customer_id, excluding)).fetchone()
    if row is None:
        return VisitSummary()
    return VisitSummary(visits=int(row[0] or 0), no_shows=int(row[1] or 0), last=_moment(row[2]))


def pulled(conn: sqlite3.Connection) -> bool:
    """Whether a visits pull has succeeded on this cache: only then is "no Qminder no-shows"
    a fact rather than "not known yet"."""
    row = conn.execute("SELECT last_success FROM sync_state WHERE vendor = ?",
                       (VENDOR,)).fetchone()
    return row is not None and row[0] is not None
