"""The blacklist's rules, once for the window and the command line: who is on it, and which
reservations record a change means.

Why one module: the window and ``clientdesk blacklist`` used to decide differently — the
window put the first of a customer's records on the list and refused one already listed, the
command line refused several records and replaced the reason of one already listed. A manager
gets one behaviour now, whichever they use:

* **Which record.** The blacklist is kept per reservations customer record, and one customer
  of the cache can have several (two sign-ups with the same email, a walk-in placeholder, a
  manager's link of duplicates). A change names its record, or the customer has exactly one.
  With several and none named it is refused with :class:`SeveralRecords`, which lists them:
  never a silent pick — the first record may be a placeholder that stands for every walk-in,
  and the counter's warning shows on the record that is listed, not on the person. The window
  then lets the manager pick one; the command line says how to name it (``reservations:ID``).
* **Already listed.** Adding a record that is on the list replaces its reason (reservations
  keeps one reason per record; the manager is correcting it), audited as a changed reason
  (:func:`app.cache.edits.blacklist`). The same reason again is no change: nothing is queued.
* **Taking off.** The record named; else the customer's one listed record (a customer with a
  second, unlisted record means the listed one). Not on the list: :class:`NotOnBlacklist`.

The refusals are :class:`~app.cache.outbox.EditRefused` (the window shows their message; the
command line turns them into exit codes: 8 for :class:`NoReservationsRecord` and
:class:`NotOnBlacklist`, 2 for :class:`SeveralRecords`). Names in them are vendor text, so
:meth:`TargetRefused.text` takes how to show one: the terminal escapes control characters.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from app.cache import edits
from app.cache.edits import CustomerRecord
from app.cache.outbox import EditRefused, clean_reason

#: How a vendor text (a name) is shown in a message: as it is, or made safe for a terminal.
Show = Callable[[str], str]


def _as_is(text: str) -> str:
    return text


@dataclass(frozen=True)
class BlacklistEntry:
    """One reservations record on the blacklist, as the cache has it (offline too)."""

    reservations_id: str
    customer_id: int
    name: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    reason: str
    #: When this cache first saw the entry (reservations keeps no date); None: unknown.
    since: datetime | None
    #: A change of it made on this PC is still waiting to reach reservations.
    pending: bool

    @property
    def record(self) -> str:
        """The outbox's name of the record (``reservations:customer:ID``)."""
        return f"reservations:customer:{self.reservations_id}"


def _moment(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def entries(conn: sqlite3.Connection) -> list[BlacklistEntry]:
    """The blacklist as the cache has it, newest entry first: who, why, since when, and
    whether a change of it is still waiting to reach the reservations server."""
    waiting = {r[0] for r in conn.execute(
        "SELECT record FROM outbox WHERE state IN ('pending', 'failed') "
        "AND kind LIKE 'blacklist.%'")}
    rows = conn.execute(
        "SELECT vendor_id, customer_id, name, emails, phones, blacklist_reason, "
        "blacklisted_since FROM records WHERE vendor = 'reservations' AND blacklisted = 1 "
        "ORDER BY blacklisted_since DESC, name")
    return [BlacklistEntry(
        reservations_id=str(r[0]), customer_id=int(r[1]), name=str(r[2] or ""),
        emails=tuple(json.loads(r[3])), phones=tuple(json.loads(r[4])), reason=r[5] or "",
        since=_moment(r[6]), pending=f"reservations:customer:{r[0]}" in waiting)
        for r in rows]


# -- which record ------------------------------------------------------------------------------
def _who(name: str, show: Show) -> str:
    return show(name) if name else "(no name)"


def _listing(records: Sequence[CustomerRecord], show: Show) -> str:
    parts = []
    for r in records:
        notes = [_who(r.name, show)]
        if r.is_dummy:
            notes.append("walk-in placeholder")
        if r.blacklisted:
            notes.append("on the blacklist")
        parts.append(f"{r.ref} ({', '.join(notes)})")
    return ", ".join(parts)


class TargetRefused(EditRefused):
    """Which reservations record a change means cannot be decided; :attr:`message` says why.

    :meth:`text` is the same message with names shown through ``show`` (the command line
    passes its terminal-safe form)."""

    def __init__(self) -> None:
        super().__init__(self.text())

    def text(self, show: Show = _as_is) -> str:
        raise NotImplementedError


class NoReservationsRecord(TargetRefused):
    """The customer has no reservations record (or not the one named) in the cache."""

    def __init__(self, customer_id: int, name: str | None,
                 reservations_id: str | None = None) -> None:
        self.customer_id = customer_id
        #: None: no such customer in the cache any more (a sync or a link changed the ids).
        self.name = name
        self.reservations_id = reservations_id
        super().__init__()

    def text(self, show: Show = _as_is) -> str:
        if self.reservations_id is not None:
            return (f"There is no reservations record {show(self.reservations_id)} in the "
                    "cache (a sync brings in records added on reservations recently).")
        if self.name is None:
            return (f"Customer {self.customer_id} is no longer in the cache (a sync or a link "
                    "changed it): find them again.")
        return (f"{_who(self.name, show)} (customer {self.customer_id}) has no reservations "
                "record in the cache: notes and the blacklist are kept on the reservations "
                "server, so only customers it knows can have them (a sync brings in ones "
                "added there recently).")


class SeveralRecords(TargetRefused):
    """The customer has several reservations records and none was named: :attr:`records`
    lists them (the window offers them to pick from)."""

    def __init__(self, customer_id: int, name: str, records: Sequence[CustomerRecord],
                 doing: str) -> None:
        self.customer_id = customer_id
        self.name = name
        self.records = tuple(records)
        self.doing = doing
        super().__init__()

    def text(self, show: Show = _as_is) -> str:
        return (f"{_who(self.name, show)} (customer {self.customer_id}) has "
                f"{len(self.records)} reservations records — {_listing(self.records, show)}; "
                f"say which one to {self.doing}. Nothing was changed.")


class NotOnBlacklist(TargetRefused):
    """Taking off a record (or a customer) that is not on the blacklist."""

    def __init__(self, name: str, records: Sequence[CustomerRecord]) -> None:
        self.name = name
        self.records = tuple(records)
        super().__init__()

    def text(self, show: Show = _as_is) -> str:
        which = (self.records[0].ref if len(self.records) == 1
                 else f"none of their {len(self.records)} reservations records")
        return (f"{_who(self.name, show)} ({which}) is not on the blacklist, as the cache has "
                "it (a sync brings changes made elsewhere).")


def _customer_name(conn: sqlite3.Connection, customer_id: int) -> str | None:
    row = conn.execute("SELECT name FROM customers WHERE id = ?", (customer_id,)).fetchone()
    return str(row[0] or "") if row else None


def reservations_records(conn: sqlite3.Connection, customer_id: int) -> list[CustomerRecord]:
    """The customer's reservations records, by id."""
    return [r for r in edits.records_of(conn, customer_id) if r.vendor == "reservations"]


def reservations_record(conn: sqlite3.Connection, customer_id: int,
                        reservations_id: str | None = None, *,
                        doing: str = "change") -> CustomerRecord:
    """The one reservations record a change of the customer means: ``reservations_id`` when
    given (the record, whoever it belongs to now), else the customer's only one.

    The rule for blacklisting and for the command line's note; ``doing`` ends the
    :class:`SeveralRecords` message ("say which one to …")."""
    if reservations_id is not None:
        found = edits.vendor_record(conn, "reservations", reservations_id)
        if found is None:
            raise NoReservationsRecord(customer_id, _customer_name(conn, customer_id),
                                       reservations_id)
        return found
    records = reservations_records(conn, customer_id)
    name = _customer_name(conn, customer_id)
    if not records:
        raise NoReservationsRecord(customer_id, name)
    if len(records) > 1:
        raise SeveralRecords(customer_id, name or "", records, doing)
    return records[0]


@dataclass(frozen=True)
class AddPlan:
    """A blacklist add, checked: the record and the reason it will carry."""

    record: CustomerRecord
    reason: str

    @property
    def change(self) -> Literal["add", "reason", "none"]:
        """``add`` a new entry, replace the ``reason`` of one, or ``none`` (already listed for
        this reason: nothing to send)."""
        if not self.record.blacklisted:
            return "add"
        return "none" if self.record.blacklist_reason == self.reason else "reason"


def plan_add(conn: sqlite3.Connection, customer_id: int, reason: str | None, *,
             reservations_id: str | None = None) -> AddPlan:
    """Check a blacklist add before anything is asked or saved (the command line asks for the
    PIN after this): which record (:func:`reservations_record`), and the reason
    (:func:`~app.cache.outbox.clean_reason`)."""
    record = reservations_record(conn, customer_id, reservations_id,
                                 doing="put on the blacklist")
    return AddPlan(record, clean_reason(reason))


def add(conn: sqlite3.Connection, plan: AddPlan, *, now: datetime, counter: str,
        mode: str) -> int | None:
    """Make the add :func:`plan_add` checked: the outbox id, or None when it changes nothing."""
    if plan.change == "none":
        return None
    return edits.blacklist(conn, plan.record.vendor_id, plan.reason, now=now, counter=counter,
                           mode=mode)


def plan_remove(conn: sqlite3.Connection, customer_id: int, *,
                reservations_id: str | None = None) -> CustomerRecord:
    """The record a "take off the blacklist" means: the one named, else the customer's one
    listed record. Refuses a record or customer not on the list, and several listed ones."""
    if reservations_id is not None:
        found = reservations_record(conn, customer_id, reservations_id)
        if not found.blacklisted:
            raise NotOnBlacklist(found.name, [found])
        return found
    records = reservations_records(conn, customer_id)
    name = _customer_name(conn, customer_id)
    if not records:
        raise NoReservationsRecord(customer_id, name)
    listed = [r for r in records if r.blacklisted]
    if not listed:
        raise NotOnBlacklist(name if name is not None else records[0].name, records)
    if len(listed) > 1:
        raise SeveralRecords(customer_id, name or "", listed, "take off the blacklist")
    return listed[0]


def remove(conn: sqlite3.Connection, record: CustomerRecord, *, now: datetime, counter: str,
           mode: str) -> int:
    """Take the record :func:`plan_remove` found off the blacklist; the outbox id."""
    return edits.unblacklist(conn, record.vendor_id, now=now, counter=counter, mode=mode)
