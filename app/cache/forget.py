"""Erasing one person from this PC, for an erasure request (``clientdesk forget``, manager).

What goes, in one transaction: their vendor records and unified customer (and with them the
search index entries), their cached profile sections and attached Qudini bookings, and the
manual links made for their records. What stays, changed: the audit log must still say that
something happened and when, so every line that names them keeps its place but their name,
emails and phones in it are replaced by a pseudonym (:func:`pseudonym`: the same value always
gives the same token, so a later "did you hold X?" can still be answered by someone who knows
X, while the log no longer holds X itself), and what was typed about them (a note, a
blacklist reason) is cut out. Finished edits about their records keep their row, cut the
same way. Edits still waiting for their vendor stop the
erasure: sending them afterwards would need exactly what is being erased — send or discard
them first.

The append-only triggers of the audit log are lifted for the one UPDATE, inside the same
transaction that puts them back: nothing else ever sees the log writable.

This only erases what this PC holds. A vendor that still has the person sends them again on
the next sync; the erasure has to be made at each vendor too (the command says so).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.cache.kept import SCHEMA
from app.cache.outbox import audit
from app.cache.writer import CacheWriter
from app.errors import ClientdeskError, ExitCode
from app.jsontext import dumps

#: Fields of a finished edit's payload or base that hold what was typed about the person.
TYPED_FIELDS = ("note", "reason", "text")
_TRIGGERS = ("audit_append_only_update",)


class NobodyToForget(ClientdeskError):
    """The customer id names nobody in the cache."""

    exit_code = ExitCode.NOT_FOUND


class EditsStillWaiting(ClientdeskError):
    """Edits about the person are still to be sent: erasing first would strand them."""

    exit_code = ExitCode.BAD_PROFILE  # 2: bad input — nothing was erased


@dataclass(frozen=True)
class Forgotten:
    """What an erasure did, in counts (nothing personal: this is printed and logged)."""

    customer_token: str
    records: int
    vendors: tuple[str, ...]
    audit_lines: int
    finished_edits: int
    manual_links: int

    def as_json(self) -> dict[str, Any]:
        return {"customer": self.customer_token, "records": self.records,
                "vendors": list(self.vendors), "audit_lines": self.audit_lines,
                "finished_edits": self.finished_edits, "manual_links": self.manual_links}


def pseudonym(value: str) -> str:
    """``erased:`` and 16 hex digits of a SHA-256 of the value, case-folded and trimmed."""
    digest = hashlib.sha256(b"clientdesk-erasure\x00" + value.strip().casefold().encode())
    return f"erased:{digest.hexdigest()[:16]}"


@dataclass(frozen=True)
class _Person:
    customer_id: int
    refs: tuple[tuple[str, str], ...]
    contacts: re.Pattern[str] | None  # their emails and phones, every form stored
    names: re.Pattern[str] | None  # their names, as whole words


def _pattern(values: set[str], *, words: bool) -> re.Pattern[str] | None:
    usable = sorted({v.strip() for v in values if len(v.strip()) >= 3}, key=lambda v: (-len(v), v))
    if not usable:
        return None
    body = "|".join(re.escape(v) for v in usable)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)" if words else body, re.IGNORECASE)


def _person(conn: sqlite3.Connection, customer_id: int) -> _Person:
    row = conn.execute("SELECT name, emails, phones FROM customers WHERE id = ?",
                       (customer_id,)).fetchone()
    if row is None:
        raise NobodyToForget(f"No customer {customer_id} in this PC's cache: nothing to forget.")
    names: set[str] = {row[0]}
    contacts: set[str] = {*json.loads(row[1]), *json.loads(row[2])}
    refs = []
    for vendor, vendor_id, name, emails, phones, data in conn.execute(
            "SELECT vendor, vendor_id, name, emails, phones, data FROM records "
            "WHERE customer_id = ?", (customer_id,)):
        refs.append((str(vendor), str(vendor_id)))
        names.add(name)
        contacts.update((*json.loads(emails), *json.loads(phones)))
        held_names, held_contacts = _held(json.loads(data))
        names.update(held_names)
        contacts.update(held_contacts)
    contacts.update(v[1:] for v in list(contacts) if v.startswith("+"))  # E.164 without "+"
    return _Person(customer_id, tuple(sorted(refs)), _pattern(contacts, words=False),
                   _pattern(names, words=True))


def _held(data: Any) -> tuple[list[str], list[str]]:
    """Names and contacts as the vendor record holds them (its own spelling)."""
    names: list[str] = []
    contacts: list[str] = []
    if isinstance(data, dict):
        items: list[tuple[str, Any]] = [(str(k).lower(), v) for k, v in data.items()]
    elif isinstance(data, list):
        items = [("", v) for v in data]
    else:
        return names, contacts
    for key, value in items:
        if isinstance(value, str):
            if any(word in key for word in ("email", "phone", "mobile")):
                contacts.append(value)
            elif "name" in key:
                names.append(value)
        elif isinstance(value, dict | list):
            more_names, more_contacts = _held(value)
            names.extend(more_names)
            contacts.extend(more_contacts)
    return names, contacts


def _token(match: re.Match[str]) -> str:
    return pseudonym(match.group(0))


def _replace(text: str, person: _Person, *, names: bool) -> str:
    if person.contacts is not None:
        text = person.contacts.sub(_token, text)
    if names and person.names is not None:
        text = person.names.sub(_token, text)
    return text


def _scrub(value: Any, person: _Person, *, names: bool = True) -> Any:
    if isinstance(value, str):
        return _replace(value, person, names=names)
    if isinstance(value, list):
        return [_scrub(v, person, names=names) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, person, names=names) for k, v in value.items()}
    return value


def _subjects(person: _Person) -> set[str]:
    refs = {f"customer:{person.customer_id}"}
    for vendor, vendor_id in person.refs:
        refs.update({f"{vendor}:{vendor_id}", f"{vendor}:customer:{vendor_id}"})
    return refs


def _pseudonymise_audit(conn: sqlite3.Connection, person: _Person) -> int:
    """Their contacts go from every line; their name from the lines about them (a line about
    their record, or one that held a contact of theirs) — "Ana" elsewhere may be someone else."""
    subjects = _subjects(person)
    changes: list[tuple[str, str, int]] = []
    for line_id, subject, detail in conn.execute("SELECT id, subject, detail FROM audit"):
        try:
            parsed: Any = json.loads(detail)
        except ValueError:
            parsed = detail
        contacts_out = _scrub(parsed, person, names=False)
        about = subject in subjects or contacts_out != parsed
        cleaned = _cut_typed(contacts_out, person) if about else contacts_out
        new_detail = cleaned if isinstance(parsed, str) else dumps(cleaned)
        new_subject = _replace(subject, person, names=about)
        if new_subject != subject or new_detail != detail:
            changes.append((new_subject, new_detail, int(line_id)))
    if not changes:
        return 0
    saved = [conn.execute(f"SELECT sql FROM {SCHEMA}.sqlite_master WHERE type = 'trigger' "
                          "AND name = ?", (name,)).fetchone()[0] for name in _TRIGGERS]
    for name in _TRIGGERS:
        conn.execute(f"DROP TRIGGER {SCHEMA}.{name}")
    conn.executemany("UPDATE audit SET subject = ?, detail = ? WHERE id = ?", changes)
    for sql in saved:
        conn.execute(sql.replace("CREATE TRIGGER ", f"CREATE TRIGGER {SCHEMA}.", 1))
    return len(changes)


def _cut_typed(value: Any, person: _Person) -> Any:
    """What was typed about them (a note, a reason) cut out; their name and contacts
    pseudonymised in what is left."""
    if isinstance(value, dict):
        return {k: ("(erased)" if k in TYPED_FIELDS and isinstance(v, str)
                    else _cut_typed(v, person)) for k, v in value.items()}
    if isinstance(value, list):
        return [_cut_typed(v, person) for v in value]
    return _scrub(value, person)


def forget_customer(writer: CacheWriter, customer_id: int, *, now: datetime, counter: str,
                    mode: str) -> Forgotten:
    """Erase customer ``customer_id`` from this PC (see the module), in one transaction."""
    conn = writer.conn
    conn.execute("PRAGMA main.synchronous=FULL")  # a power cut must not bring them back
    with writer.transaction():
        person = _person(conn, customer_id)
        records = {f"{v}:customer:{i}" for v, i in person.refs} | {
            f"{v}:{i}" for v, i in person.refs}
        marks = ",".join("?" * len(records))
        waiting = conn.execute(
            f"SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'failed') AND record IN "
            f"({marks})", sorted(records)).fetchone()[0]
        if waiting:
            raise EditsStillWaiting(
                f"{waiting} edit(s) about this customer are still waiting for their vendor: "
                "send or discard them first (`clientdesk outbox`), then forget them. Nothing "
                "was erased.")
        finished = 0
        for edit_id, payload, base in conn.execute(
                f"SELECT id, payload, base FROM outbox WHERE record IN ({marks})",
                sorted(records)).fetchall():
            conn.execute("UPDATE outbox SET payload = ?, base = ?, upstream = NULL "
                         "WHERE id = ?",
                         (dumps(_cut_typed(json.loads(payload), person)),
                          dumps(_cut_typed(json.loads(base), person)) if base else base,
                          edit_id))
            finished += 1
        links = 0
        for vendor, vendor_id in person.refs:
            links += conn.execute(
                "DELETE FROM manual_links WHERE (vendor_a = ? AND id_a = ?) OR "
                "(vendor_b = ? AND id_b = ?)", (vendor, vendor_id, vendor, vendor_id)).rowcount
        # Their Qminder visits too: kept, they would rejoin them at their next ticket.
        conn.executemany("DELETE FROM qminder_visits WHERE record_id = ?",
                         [(vid,) for vendor, vid in person.refs if vendor == "qminder"])
        writer.erase_records(list(person.refs))
        # and the fingerprints of their raw rows (a hash of their contacts, among the rest)
        conn.executemany("DELETE FROM raw_rows WHERE vendor = ? AND vendor_id = ?",
                         list(person.refs))
        conn.execute("DELETE FROM profile_sections WHERE customer_id = ?", (customer_id,))
        conn.execute("DELETE FROM qudini_visits WHERE customer_id = ?", (customer_id,))
        lines = _pseudonymise_audit(conn, person)
        token = pseudonym(f"customer:{customer_id}")
        result = Forgotten(token, len(person.refs),
                           tuple(sorted({v for v, _ in person.refs})), lines, finished, links)
        audit(conn, now=now, counter=counter, mode=mode, action="customer.forget",
              subject=token, detail=result.as_json())
    return result
