"""Making an edit: checked, applied to the cache and queued for its vendor in one transaction.

Each function takes a connection on the caller's cache thread and returns the outbox id. The
cache shows the edit at once (search flags, the profile's note) while the vendor has not
confirmed it yet; :mod:`app.sync.replay` sends it. Nothing here touches the network, so every
edit works offline.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from app.cache.db import write_transaction
from app.cache.outbox import EditRefused, clean_label, clean_note, clean_reason, record_edit
from app.jsontext import dumps


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
    """Put a customer on the blacklist (managers only: the caller checks the mode)."""
    why = clean_reason(reason)
    record = _reservations_record(conn, reservations_id)
    with write_transaction(conn):
        _set_flag(conn, reservations_id, True, why, now)
        return record_edit(
            conn, kind="blacklist.add", record=f"reservations:customer:{reservations_id}",
            payload={"customer_id": reservations_id, "reason": why, "name": record["_name"]},
            base={"blacklisted": bool(record.get("is_blacklisted")),
                  "reason": record.get("blacklist_reason")},
            now=now, counter=counter, mode=mode)


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
                 "customer_id = ?1 AND blacklisted = 1) WHERE id = ?1", (customer_id,))


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


def blacklist_entries(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The blacklist as the cache has it (works offline): who, why, since when, and whether a
    change of it is still waiting to reach the reservations server."""
    waiting = {r[0] for r in conn.execute(
        "SELECT record FROM outbox WHERE state IN ('pending', 'failed') "
        "AND kind LIKE 'blacklist.%'")}
    rows = conn.execute(
        "SELECT r.vendor_id, r.customer_id, r.name, r.emails, r.phones, r.blacklist_reason, "
        "r.blacklisted_since FROM records r WHERE r.vendor = 'reservations' AND r.blacklisted = 1 "
        "ORDER BY r.blacklisted_since DESC, r.name")
    return [{"reservations_id": r[0], "customer_id": int(r[1]), "name": r[2],
             "emails": json.loads(r[3]), "phones": json.loads(r[4]), "reason": r[5] or "",
             "since": r[6], "pending": f"reservations:customer:{r[0]}" in waiting}
            for r in rows]
