"""Edits staff and managers make, kept until their vendor confirms them (DESIGN.md, "How data
flows": writes go through a durable outbox).

:func:`record_edit` applies an edit to the cache, appends it to the outbox and writes the audit
line in ONE transaction: killed at any moment, the edit is either shown, queued and audited, or
not made at all. :mod:`app.sync.replay` sends queued edits in order per record; this module only
reads and changes rows. Every rule about bad input is here too, so the GUI and the CLI refuse
the same things with the same words.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.cache.db import write_transaction
from app.jsontext import dumps

#: What each kind of edit sends, to which vendor.
KINDS = {
    "note.set": "reservations",
    "blacklist.add": "reservations",
    "blacklist.remove": "reservations",
    "bookings.transfer": "reservations",
    "walkin.complete": "reservations",
    "label.add": "qminder",
    "label.remove": "qminder",
}
#: reservations documents no limit for a note; a counter note longer than this is a mistake
#: (a paste of the wrong thing), and the editor shows the count against it.
NOTE_LIMIT = 2000
#: Qminder documents none for labels either; its own apps show short chips.
LABEL_LIMIT = 50
REASON_LIMIT = 500


class EditRefused(ValueError):
    """An edit that must not be queued; ``message`` says why, for staff."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


#: Changes only a manager may make — so only a manager may retry, settle or give them up: a
#: staff discard of a pending blacklist entry would quietly undo the manager's decision.
MANAGER_KINDS = frozenset({"blacklist.add", "blacklist.remove", "bookings.transfer"})


class ManagerOnly(EditRefused):
    """A staff member tried to retry, resolve or discard a manager's edit."""


@dataclass(frozen=True)
class Edit:
    id: int
    created_at: datetime
    record: str
    vendor: str
    kind: str
    payload: dict[str, Any]
    base: Any
    state: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    upstream: Any
    counter: str
    mode: str

    @property
    def manager_only(self) -> bool:
        """Made in manager mode, or a change only a manager may make: handled by managers."""
        return self.mode == "manager" or self.kind in MANAGER_KINDS

    @property
    def summary(self) -> str:
        """One line for lists: what the edit does, in staff words."""
        p = self.payload
        if self.kind == "note.set":
            return f"note of {p.get('name') or p['customer_id']}"
        if self.kind == "blacklist.add":
            return f"blacklist {p.get('name') or p['customer_id']}: {p.get('reason', '')}"
        if self.kind == "blacklist.remove":
            return f"take {p.get('name') or p['customer_id']} off the blacklist"
        if self.kind == "bookings.transfer":
            return f"move bookings {p['from_id']} → {p['to_id']}"
        if self.kind == "walkin.complete":
            return f"complete the walk-in record of {p.get('name') or p['customer_id']}"
        if self.kind == "label.add":
            return f"label “{p['label']}” on ticket {p['ticket_id']}"
        return f"remove label “{p['label']}” from ticket {p['ticket_id']}"


# -- checks (one place for GUI and CLI) ---------------------------------------------------------
def clean_note(text: str) -> str:
    """The note as it will be stored; refused when over :data:`NOTE_LIMIT` characters."""
    note = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(note) > NOTE_LIMIT:
        raise EditRefused(f"The note is {len(note):,} characters; the limit is "
                          f"{NOTE_LIMIT:,}. Shorten it — nothing was saved.")
    return note


def clean_label(text: str) -> str:
    label = " ".join(text.split())
    if not label:
        raise EditRefused("A label needs some text (it was empty or only spaces).")
    if len(label) > LABEL_LIMIT:
        raise EditRefused(f"A label can be at most {LABEL_LIMIT} characters.")
    return label


def clean_reason(text: str | None) -> str:
    reason = " ".join((text or "").split())
    if not reason:
        raise EditRefused("A blacklist entry needs a reason: say what happened.")
    if len(reason) > REASON_LIMIT:
        raise EditRefused(f"A reason can be at most {REASON_LIMIT} characters.")
    return reason


# -- writing ------------------------------------------------------------------------------------
def record_edit(conn: sqlite3.Connection, *, kind: str, record: str, payload: dict[str, Any],
                base: Any, now: datetime, counter: str, mode: str,
                audit_detail: dict[str, Any] | None = None) -> int:
    """Queue one edit and audit it; the caller applies it to the cache in the same
    transaction (``with write_transaction(conn):`` around both). Returns the outbox id."""
    vendor = KINDS[kind]
    cursor = conn.execute(
        "INSERT INTO outbox (created_at, record, vendor, kind, payload, base, counter, mode) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (now.isoformat(), record, vendor, kind, dumps(payload), dumps(base), counter, mode))
    edit_id = int(cursor.lastrowid or 0)
    audit(conn, now=now, counter=counter, mode=mode, action=kind, subject=record,
          detail={"outbox_id": edit_id, **(audit_detail or payload)})
    return edit_id


def audit(conn: sqlite3.Connection, *, now: datetime, counter: str, mode: str, action: str,
          subject: str, detail: dict[str, Any]) -> None:
    """One append-only audit line (the table refuses updates and deletes)."""
    conn.execute("INSERT INTO audit (at, counter, mode, action, subject, detail) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                 (now.isoformat(), counter, mode, action, subject, dumps(detail)))


# -- reading ------------------------------------------------------------------------------------
_COLUMNS = ("id, created_at, record, vendor, kind, payload, base, state, attempts, "
            "next_attempt_at, last_error, upstream, counter, mode")


def _edit(row: tuple[Any, ...]) -> Edit:
    return Edit(id=int(row[0]), created_at=datetime.fromisoformat(row[1]), record=row[2],
                vendor=row[3], kind=row[4], payload=json.loads(row[5]),
                base=json.loads(row[6]) if row[6] is not None else None, state=row[7],
                attempts=int(row[8]),
                next_attempt_at=datetime.fromisoformat(row[9]) if row[9] else None,
                last_error=row[10], upstream=json.loads(row[11]) if row[11] else None,
                counter=row[12], mode=row[13])


def open_edits(conn: sqlite3.Connection) -> list[Edit]:
    """Pending and failed edits, oldest first (the pending-edits panel, ``outbox``)."""
    return [_edit(r) for r in conn.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE state IN ('pending', 'failed') ORDER BY id")]


def get_edit(conn: sqlite3.Connection, edit_id: int) -> Edit | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (edit_id,)).fetchone()
    return _edit(row) if row else None


def next_due(conn: sqlite3.Connection, now: datetime, *,
             ignore_backoff: bool = False) -> list[Edit]:
    """The first open edit of every record, when it is pending and due: one per record, so a
    record's edits go in the order typed, and a failed one holds back the edits after it."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM outbox o WHERE state IN ('pending', 'failed') AND id = "
        "(SELECT MIN(id) FROM outbox WHERE record = o.record AND state IN ('pending', 'failed'))"
        " ORDER BY id").fetchall()
    due = [_edit(r) for r in rows]
    return [e for e in due if e.state == "pending"
            and (ignore_backoff or e.next_attempt_at is None or e.next_attempt_at <= now)]


def pending_for(conn: sqlite3.Connection, record: str) -> list[Edit]:
    return [_edit(r) for r in conn.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE record = ? AND state IN ('pending', 'failed') "
        "ORDER BY id", (record,))]


# -- outcomes (each its own transaction, by the replayer or a person) ---------------------------
def mark_done(conn: sqlite3.Connection, edit_id: int, now: datetime) -> None:
    conn.execute("UPDATE outbox SET state = 'done', finished_at = ?, last_error = '' "
                 "WHERE id = ? AND state = 'pending'", (now.isoformat(), edit_id))


def mark_retry(conn: sqlite3.Connection, edit_id: int, error: str, at: datetime) -> None:
    conn.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ?, "
                 "next_attempt_at = ? WHERE id = ? AND state = 'pending'",
                 (error, at.isoformat(), edit_id))


def mark_failed(conn: sqlite3.Connection, edit_id: int, error: str,
                upstream: Any = None) -> None:
    conn.execute("UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?, "
                 "upstream = ? WHERE id = ? AND state = 'pending'",
                 (error, dumps(upstream) if upstream is not None else None, edit_id))


def may_handle(edit: Edit, mode: str, doing: str) -> None:
    """Refuse (:class:`ManagerOnly`) a person in ``mode`` ``doing`` something to ``edit``
    when it is a manager's. The one rule the CLI (which then asks for the PIN) and the window
    (which then asks for manager mode) both apply; the functions here check it again."""
    if edit.manager_only and mode != "manager":
        raise ManagerOnly(f"Edit #{edit.id} is a manager's change: only a manager may {doing} "
                          "it — unlock manager mode (the manager PIN) first.")


def retry(conn: sqlite3.Connection, edit_id: int, now: datetime, *, counter: str,
          mode: str) -> bool:
    """A person says: try a failed edit again (now). A manager's edit needs manager mode."""
    edit = get_edit(conn, edit_id)
    if edit is not None:
        may_handle(edit, mode, "retry")
    with write_transaction(conn):
        changed = conn.execute(
            "UPDATE outbox SET state = 'pending', next_attempt_at = NULL, upstream = NULL "
            "WHERE id = ? AND state = 'failed'", (edit_id,)).rowcount
        if changed:
            audit(conn, now=now, counter=counter, mode=mode, action="outbox.retry",
                  subject=str(edit_id), detail={"outbox_id": edit_id})
    return bool(changed)


def discard(conn: sqlite3.Connection, edit_id: int, now: datetime, *, counter: str,
            mode: str) -> bool:
    """A person gives up on an open edit; the cache shows the vendor's value after the next
    sync (the edit's local change is not guessed back). A manager's edit needs manager mode."""
    edit = get_edit(conn, edit_id)
    if edit is not None:
        may_handle(edit, mode, "discard")
    with write_transaction(conn):
        changed = conn.execute(
            "UPDATE outbox SET state = 'discarded', finished_at = ? "
            "WHERE id = ? AND state IN ('pending', 'failed')",
            (now.isoformat(), edit_id)).rowcount
        if changed:
            audit(conn, now=now, counter=counter, mode=mode, action="outbox.discard",
                  subject=str(edit_id), detail={"outbox_id": edit_id})
    return bool(changed)
