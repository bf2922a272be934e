"""Making an edit: checked, applied to the cache and queued for its vendor in one transaction.

Each function takes a connection on the caller's cache thread and returns the outbox id. The
cache shows the edit at once (search flags, the profile's note) while the vendor has not
confirmed it yet; :mod:`app.sync.replay` sends it. Nothing here touches the network, so every
edit works offline.

What it reads for the window and the command line crosses to them as frozen dataclasses
(:class:`CustomerRecord`, :class:`AuditRow`; the blacklist's entries are
:class:`app.cache.blacklist.BlacklistEntry`): a view derives what it shows from them and never
changes them, so two views holding the same row cannot disagree about it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from app.cache import complete
from app.cache.db import write_transaction
from app.cache.outbox import (
    EditRefused,
    clean_label,
    clean_note,
    clean_reason,
    get_edit,
    may_handle,
    record_edit,
)
from app.cache.outbox import audit as _audit
from app.cache.writer import CacheWriter
from app.domain.identity import RecordRef
from app.jsontext import dumps

log = logging.getLogger("clientdesk.edits")


def _reservations_record(conn: sqlite3.Connection, reservations_id: str) -> dict[str, Any]:
    row = conn.execute("SELECT data, name FROM records WHERE vendor = 'reservations' AND "
                       "vendor_id = ?", (reservations_id,)).fetchone()
    if row is None:
        raise EditRefused(f"No reservations customer {reservations_id!r} in the cache "
                          "(sync, then try again).")
    data: dict[str, Any] = json.loads(row[0])
    data["_name"] = row[1]
    return data


def _customer_of(conn: sqlite3.Connection, reservations_id: str) -> int | None:
    row = conn.execute("SELECT customer_id FROM records WHERE vendor = 'reservations' AND "
                       "vendor_id = ?", (reservations_id,)).fetchone()
    return int(row[0]) if row else None


def current_note(conn: sqlite3.Connection, reservations_id: str) -> str:
    """The note as the cache has it (the last synced value, or the last edit)."""
    return str(_reservations_record(conn, reservations_id).get("note") or "")


def set_note(conn: sqlite3.Connection, reservations_id: str, text: str, *, base: str,
             now: datetime, counter: str, mode: str) -> int:
    """Replace the customer's reservations note. ``base`` is the note the editor started
    from: if the vendor holds something else by the time the edit is sent, it is a conflict."""
    note = clean_note(text)
    record = _reservations_record(conn, reservations_id)
    with write_transaction(conn):
        _write_note(conn, reservations_id, note)
        return record_edit(
            conn, kind="note.set", record=f"reservations:customer:{reservations_id}",
            payload={"customer_id": reservations_id, "note": note, "name": record["_name"]},
            base=base, now=now, counter=counter, mode=mode)


def _write_note(conn: sqlite3.Connection, reservations_id: str, note: str) -> None:
    row = conn.execute("SELECT data FROM records WHERE vendor = 'reservations' AND "
                       "vendor_id = ?", (reservations_id,)).fetchone()
    data = json.loads(row[0])
    data["note"] = note
    conn.execute("UPDATE records SET data = ? WHERE vendor = 'reservations' AND vendor_id = ?",
                 (dumps(data), reservations_id))
    customer_id = _customer_of(conn, reservations_id)
    section = conn.execute("SELECT data FROM profile_sections WHERE customer_id = ? AND "
                           "vendor = 'reservations'", (customer_id,)).fetchone()
    if section and section[0]:
        cached = json.loads(section[0])
        if cached.get("customer_id") == reservations_id:
            cached["note"] = note
            conn.execute("UPDATE profile_sections SET data = ? WHERE customer_id = ? AND "
                         "vendor = 'reservations'", (dumps(cached), customer_id))


def blacklist(conn: sqlite3.Connection, reservations_id: str, reason: str | None, *,
              now: datetime, counter: str, mode: str) -> int:
    """Put a customer record on the blacklist (managers only: the caller checks the mode).

    A record already on it gets the new reason (the reservations server has one reason per
    record); the audit line then says so — ``already_listed`` and the ``previous_reason`` —
    so the log tells a new entry from a changed reason. Which record a customer means is
    :mod:`app.cache.blacklist`'s rule."""
    why = clean_reason(reason)
    record = _reservations_record(conn, reservations_id)
    listed = bool(record.get("is_blacklisted"))
    payload = {"customer_id": reservations_id, "reason": why, "name": record["_name"]}
    with write_transaction(conn):
        _set_flag(conn, reservations_id, True, why, now)
        return record_edit(
            conn, kind="blacklist.add", record=f"reservations:customer:{reservations_id}",
            payload=payload,
            base={"blacklisted": listed, "reason": record.get("blacklist_reason")},
            now=now, counter=counter, mode=mode,
            audit_detail={**payload, "already_listed": True,
                          "previous_reason": record.get("blacklist_reason")}
            if listed else None)


def unblacklist(conn: sqlite3.Connection, reservations_id: str, *, now: datetime,
                counter: str, mode: str) -> int:
    record = _reservations_record(conn, reservations_id)
    if not record.get("is_blacklisted"):
        raise EditRefused(f"{record['_name'] or reservations_id} is not on the blacklist.")
    with write_transaction(conn):
        _set_flag(conn, reservations_id, False, None, now)
        return record_edit(
            conn, kind="blacklist.remove", record=f"reservations:customer:{reservations_id}",
            payload={"customer_id": reservations_id, "name": record["_name"]},
            base={"blacklisted": True, "reason": record.get("blacklist_reason")},
            now=now, counter=counter, mode=mode)


def _set_flag(conn: sqlite3.Connection, reservations_id: str, on: bool,
              reason: str | None, since: datetime) -> None:
    row = conn.execute("SELECT data FROM records WHERE vendor = 'reservations' AND "
                       "vendor_id = ?", (reservations_id,)).fetchone()
    data = json.loads(row[0])
    data["is_blacklisted"], data["blacklist_reason"] = on, reason
    conn.execute("UPDATE records SET blacklisted = :on, blacklist_reason = :reason, "
                 "data = :data, blacklisted_since = CASE WHEN :on "
                 "THEN COALESCE(blacklisted_since, :since) END "
                 "WHERE vendor = 'reservations' AND vendor_id = :id",
                 {"on": int(on), "reason": reason, "data": dumps(data),
                  "since": since.isoformat(timespec="seconds"), "id": reservations_id})
    customer_id = _customer_of(conn, reservations_id)
    conn.execute("UPDATE customers SET blacklisted = EXISTS (SELECT 1 FROM records WHERE "
                 "customer_id = :id AND blacklisted = 1) WHERE id = :id", {"id": customer_id})


def transfer_bookings(conn: sqlite3.Connection, from_id: str, to_id: str, *, now: datetime,
                      counter: str, mode: str, preview: dict[str, Any]) -> int:
    """Move bookings on the reservations server from one customer record to another.

    ``preview`` is what the manager confirmed (counts, names), kept in the audit line.
    """
    if from_id.strip() == to_id.strip():
        raise EditRefused("A transfer needs two different customers (both ids are the same).")
    source = _reservations_record(conn, from_id)
    _reservations_record(conn, to_id)
    if not source.get("is_dummy"):
        raise EditRefused("The reservations server only moves bookings away from a walk-in "
                          "placeholder record; this source is a real customer's record, so "
                          "nothing would move.")
    with write_transaction(conn):
        return record_edit(
            conn, kind="bookings.transfer", record=f"reservations:customer:{from_id}",
            payload={"from_id": from_id, "to_id": to_id}, base=None, now=now,
            counter=counter, mode=mode, audit_detail={"from_id": from_id, "to_id": to_id,
                                                      "preview": preview})


def label(conn: sqlite3.Connection, ticket_id: str, text: str, *, add: bool, now: datetime,
          counter: str, mode: str) -> int:
    """Add or remove a label on a Qminder ticket (no ticket is cached: only queued)."""
    value = clean_label(text)
    tid = ticket_id.strip()
    if not tid.isdigit():
        raise EditRefused(f"{ticket_id!r} is not a Qminder ticket id (digits only).")
    with write_transaction(conn):
        return record_edit(
            conn, kind="label.add" if add else "label.remove", record=f"qminder:ticket:{tid}",
            payload={"ticket_id": tid, "label": value}, base=None, now=now, counter=counter,
            mode=mode)


# -- for the window (issue 6 GUI): small reads, and changes that must stay one transaction ------
# The GUI runs these on its cache thread (or, for links, on the sync engine's cache writer); the
# CLI may use them too. Each change writes its audit line in the same transaction as the change.

def record_reveal(conn: sqlite3.Connection, customer_id: int, *, where: str, now: datetime,
                  counter: str, mode: str) -> None:
    """Someone showed a customer's full contacts (the window's Reveal, ``show --reveal``):
    one audit line — which counter, staff or manager mode, which customer, when, where. The
    contacts themselves are not written (the audit log must not become a copy of them)."""
    with write_transaction(conn):
        _audit(conn, now=now, counter=counter, mode=mode, action="contacts.reveal",
               subject=f"customer:{customer_id}",
               detail={"customer_id": customer_id, "where": where})


def send_now(conn: sqlite3.Connection, edit_id: int) -> bool:
    """A person says "send it now" for a pending edit waiting out its backoff (the vendor is
    back): the next replay sends it instead of waiting up to five minutes. Not audited: nothing
    changes but when it is tried."""
    return bool(conn.execute("UPDATE outbox SET next_attempt_at = NULL "
                             "WHERE id = ? AND state = 'pending'", (edit_id,)).rowcount)


def resolve_note_conflict(conn: sqlite3.Connection, edit_id: int, *, keep_ours: bool,
                          now: datetime, counter: str, mode: str) -> int | None:
    """A person chose a version after a note conflict (the note changed upstream since the
    edit began): the failed edit is discarded and, to keep ours, queued again with the upstream
    note as its base — both in one transaction, so the choice is never half made. Taking theirs
    puts the upstream note in the cache at once. Returns the new outbox id (keeping ours)."""
    edit = get_edit(conn, edit_id)
    if edit is not None and edit.kind == complete.KIND:
        # The Edits tab's one conflict box serves every kind that can conflict.
        return complete.resolve_conflict(conn, edit_id, keep_ours=keep_ours, now=now,
                                         counter=counter, mode=mode)
    if edit is None or edit.kind != "note.set" or edit.state != "failed" or \
            edit.upstream is None:
        raise EditRefused("This note edit is no longer waiting for a choice (it was sent, "
                          "discarded or chosen at another moment).")
    may_handle(edit, mode, "settle")
    reservations_id = str(edit.payload["customer_id"])
    ours, theirs = str(edit.payload["note"]), str(edit.upstream)
    _reservations_record(conn, reservations_id)
    with write_transaction(conn):
        _audit(conn, now=now, counter=counter, mode=mode, action="note.conflict",
               subject=edit.record, detail={"outbox_id": edit_id,
                                            "kept": "ours" if keep_ours else "theirs",
                                            "ours": ours, "theirs": theirs})
        if not keep_ours:
            conn.execute("UPDATE outbox SET state = 'discarded', finished_at = ? "
                         "WHERE id = ? AND state = 'failed'", (now.isoformat(), edit_id))
            _write_note(conn, reservations_id, theirs)
            return None
        # Ours, in its own place in the order: the same row goes back to pending with the
        # upstream note as its base. A new row would queue behind notes typed after it, which
        # would then conflict with the upstream note in turn.
        conn.execute("UPDATE outbox SET state = 'pending', base = ?, upstream = NULL, "
                     "next_attempt_at = NULL, last_error = '' WHERE id = ? AND state = 'failed'",
                     (dumps(theirs), edit_id))
        _write_note(conn, reservations_id, ours)
        return edit_id


def reapply_open(conn: sqlite3.Connection) -> int:
    """Put waiting note, blacklist and walk-in edits back over what a pull just stored.

    A sync stores the vendor's values; an edit still waiting (in its backoff, or failed and
    shown to the user) would vanish from the screen, and the next note edit would start from
    the old note. Replays every open edit's local change, oldest first, in one transaction;
    returns how many.
    """
    rows = conn.execute(
        "SELECT kind, payload FROM outbox WHERE state IN ('pending', 'failed') AND kind IN "
        "('note.set', 'blacklist.add', 'blacklist.remove', ?) ORDER BY id",
        (complete.KIND,)).fetchall()
    if not rows:
        return 0
    now = datetime.now(UTC)
    count = 0
    with write_transaction(conn):
        for kind, payload_text in rows:
            try:
                payload = json.loads(payload_text)
                reservations_id = str(payload["customer_id"])
            except (ValueError, TypeError, KeyError):
                log.warning("outbox: a waiting %s edit has no readable customer; left as is",
                            kind)
                continue
            if _customer_of(conn, reservations_id) is None:
                continue  # gone upstream: the edit will fail and say so
            if kind == "note.set":
                _write_note(conn, reservations_id, str(payload["note"]))
            elif kind == complete.KIND:
                complete.apply(conn, reservations_id, payload.get("fields") or {},
                               str(payload.get("country") or ""))
            else:
                _set_flag(conn, reservations_id, kind == "blacklist.add",
                          payload.get("reason"), now)
            count += 1
    return count


def discard(conn: sqlite3.Connection, edit_id: int, now: datetime, *, counter: str,
            mode: str) -> bool:
    """Give up an open edit AND take its local change back (the note or blacklist flag it
    replaced), in one transaction: a discarded blacklist entry must not look confirmed."""
    edit = get_edit(conn, edit_id)
    if edit is None or edit.state not in ("pending", "failed"):
        return False
    may_handle(edit, mode, "discard")
    with write_transaction(conn):
        changed = conn.execute(
            "UPDATE outbox SET state = 'discarded', finished_at = ? "
            "WHERE id = ? AND state IN ('pending', 'failed')",
            (now.isoformat(), edit_id)).rowcount
        if not changed:
            return False
        _audit(conn, now=now, counter=counter, mode=mode, action="outbox.discard",
               subject=str(edit_id), detail={"outbox_id": edit_id, "kind": edit.kind})
        reservations_id = str(edit.payload.get("customer_id", ""))
        if reservations_id and _customer_of(conn, reservations_id) is not None:
            if edit.kind == "note.set":
                _write_note(conn, reservations_id, str(edit.upstream if edit.upstream
                                                       is not None else edit.base or ""))
            elif edit.kind in ("blacklist.add", "blacklist.remove") and \
                    isinstance(edit.base, dict):
                _set_flag(conn, reservations_id, bool(edit.base.get("blacklisted")),
                          edit.base.get("reason"), now)
            elif edit.kind == complete.KIND and isinstance(edit.base, dict) and \
                    "digest" not in edit.base:
                # The values from before the edit (after "keep mine" only a fingerprint of
                # theirs is kept: the next sync shows theirs).
                complete.apply(conn, reservations_id, edit.base,
                               str(edit.payload.get("country") or ""))
    return True


def customer_of(conn: sqlite3.Connection, vendor: str, vendor_id: str) -> int | None:
    """The unified customer a vendor record belongs to now (None: not cached)."""
    row = conn.execute("SELECT customer_id FROM records WHERE vendor = ? AND vendor_id = ?",
                       (vendor, vendor_id)).fetchone()
    return int(row[0]) if row else None


@dataclass(frozen=True)
class CustomerRecord:
    """One vendor record of a unified customer, as the cache has it."""

    customer_id: int
    vendor: str
    vendor_id: str
    name: str
    #: A reservations walk-in placeholder (bookings of people who gave no details).
    is_dummy: bool
    blacklisted: bool
    blacklist_reason: str
    #: Bookings the last sync counted (reservations records; 0 for the others).
    times_booked: int

    @property
    def ref(self) -> str:
        """``reservations:123``: how the command line names this record."""
        return f"{self.vendor}:{self.vendor_id}"


_RECORD_COLUMNS = ("customer_id, vendor, vendor_id, name, is_dummy, blacklisted, "
                   "blacklist_reason, data")


def _customer_record(row: tuple[Any, ...]) -> CustomerRecord:
    data = json.loads(row[7]) if row[7] else {}
    return CustomerRecord(customer_id=int(row[0]), vendor=str(row[1]), vendor_id=str(row[2]),
                          name=str(row[3] or ""), is_dummy=bool(row[4]),
                          blacklisted=bool(row[5]), blacklist_reason=str(row[6] or ""),
                          times_booked=int(data.get("times_booked") or 0))


def records_of(conn: sqlite3.Connection, customer_id: int) -> list[CustomerRecord]:
    """Every vendor record of a customer, by vendor then id: what a merge links and which
    reservations record a blacklist change or a note means."""
    return [_customer_record(r) for r in conn.execute(
        f"SELECT {_RECORD_COLUMNS} FROM records WHERE customer_id = ? "
        "ORDER BY vendor, vendor_id", (customer_id,))]


def vendor_record(conn: sqlite3.Connection, vendor: str,
                  vendor_id: str) -> CustomerRecord | None:
    """One vendor record (None: not in the cache)."""
    row = conn.execute(f"SELECT {_RECORD_COLUMNS} FROM records WHERE vendor = ? AND "
                       "vendor_id = ?", (vendor, vendor_id)).fetchone()
    return _customer_record(row) if row else None


def transfer_preview(conn: sqlite3.Connection, from_id: str, to_id: str) -> dict[str, Any]:
    """What a bookings transfer would move, as the cache knows it: both records' names and the
    source's bookings (its cached profile section's count when newer data was fetched, else
    the count from the last sync). Refuses what :func:`transfer_bookings` refuses."""
    if from_id.strip() == to_id.strip():
        raise EditRefused("A transfer needs two different customers (both ids are the same).")
    source, target = _reservations_record(conn, from_id), _reservations_record(conn, to_id)
    bookings = int(source.get("times_booked") or 0)
    customer_id = _customer_of(conn, from_id)
    row = conn.execute("SELECT data, as_of FROM profile_sections WHERE customer_id = ? AND "
                       "vendor = 'reservations'", (customer_id,)).fetchone()
    as_of = None
    if row and row[0]:
        section = json.loads(row[0])
        if section.get("customer_id") == from_id:
            bookings, as_of = int(section.get("times_booked") or 0), row[1]
    return {"from_id": from_id, "to_id": to_id, "from_name": source["_name"],
            "to_name": target["_name"], "from_is_dummy": bool(source.get("is_dummy")),
            "bookings": bookings, "as_of": as_of}


def link_customers(writer: CacheWriter, a: RecordRef, b: RecordRef, *, link: bool,
                   now: datetime, counter: str, mode: str, detail: dict[str, Any]) -> None:
    """A manager links two customers (one record of each) on this PC, or undoes it: the manual
    link (:meth:`CacheWriter.set_manual`, which outlives every sync) and its audit line in ONE
    transaction. Local only: no vendor hears of it."""
    if a == b:
        raise EditRefused("Pick two different customers to link.")
    kind = "link" if link else "unlink"
    first, second = sorted((a, b))
    with writer.transaction() as conn:
        # set_manual's own statements, inside this transaction (it opens one of its own).
        conn.execute(
            "INSERT INTO manual_links VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
            "kind = excluded.kind, created_at = excluded.created_at",
            (first[0], first[1], second[0], second[1], kind,
             now.isoformat(timespec="seconds")))
        writer._relink({a, b}, writer._keys_of([a, b]), writer._customers_of([a, b]))
        _audit(conn, now=now, counter=counter, mode=mode, action=f"customers.{kind}",
               subject=f"{first[0]}:{first[1]} + {second[0]}:{second[1]}", detail=detail)


def manual_links_of(conn: sqlite3.Connection, customer_id: int) -> list[dict[str, Any]]:
    """The manual links and unlinks touching a customer's records (a merge undone by one)."""
    refs = {(r.vendor, r.vendor_id) for r in records_of(conn, customer_id)}
    found = []
    for va, ia, vb, ib, kind, created in conn.execute(
            "SELECT vendor_a, id_a, vendor_b, id_b, kind, created_at FROM manual_links "
            "ORDER BY created_at DESC"):
        if (va, ia) in refs or (vb, ib) in refs:
            names = [conn.execute("SELECT name FROM records WHERE vendor = ? AND vendor_id = ?",
                                  ref).fetchone() for ref in ((va, ia), (vb, ib))]
            found.append({"a": (va, ia), "b": (vb, ib), "kind": kind, "created_at": created,
                          "a_name": names[0][0] if names[0] else "",
                          "b_name": names[1][0] if names[1] else ""})
    return found


@dataclass(frozen=True)
class AuditRow:
    """One line of the audit log (the table itself refuses updates and deletes)."""

    id: int
    at: datetime
    counter: str
    mode: str
    action: str
    subject: str
    detail: Mapping[str, Any]

    @property
    def detail_text(self) -> str:
        """The detail as "key: value · …" on one line (values as text, never markup): the
        Audit tab's column and the audit export's cell."""
        parts = []
        for key, value in self.detail.items():
            shown = value if isinstance(value, str) else repr(value)
            parts.append(f"{key}: {' '.join(str(shown).split())}")
        return " · ".join(parts)


def audit_lines(conn: sqlite3.Connection, limit: int = 2000) -> list[AuditRow]:
    """The audit log, newest first: when, which counter, staff or manager, what changed
    (``limit`` -1: all of it)."""
    return [AuditRow(id=int(r[0]), at=datetime.fromisoformat(r[1]), counter=r[2], mode=r[3],
                     action=r[4], subject=r[5],
                     detail=MappingProxyType(json.loads(r[6]) if r[6] else {}))
            for r in conn.execute("SELECT id, at, counter, mode, action, subject, detail "
                                  "FROM audit ORDER BY id DESC LIMIT ?", (limit,))]
