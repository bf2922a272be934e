"""Profiles in the cache: the header from the unified customer, sections as last fetched.

Plain functions over a connection, so the GUI runs them on its reader/writer threads and the
CLI runs them inline. Reads never touch the network: this is what paints a profile at once,
and what opens it offline.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from app.customer.model import (
    PROFILE_VENDORS,
    Header,
    QudiniVisit,
    RecordContact,
    Section,
    Sections,
    Status,
)
from app.domain.text import fold

__all__ = ["attach_qudini", "header", "load_sections", "qudini_identifiers", "qudini_visit",
           "same_name", "save_section"]


def header(conn: sqlite3.Connection, customer_id: int) -> Header | None:
    """The unified customer with each record's link reason; None when not (or no longer) cached."""
    row = conn.execute(
        "SELECT id, name, emails, phones, points, blacklisted FROM customers WHERE id = ?",
        (customer_id,)).fetchone()
    if row is None:
        return None
    vendor_ids: dict[str, list[str]] = {}
    reasons: list[str] = []
    reason = ""
    records: list[RecordContact] = []
    for vendor, vendor_id, link_reason, blacklisted, why, name, emails, phones in conn.execute(
            "SELECT vendor, vendor_id, link_reason, blacklisted, blacklist_reason, name, emails, "
            "phones FROM records WHERE customer_id = ? ORDER BY vendor, vendor_id",
            (customer_id,)):
        vendor_ids.setdefault(vendor, []).append(vendor_id)
        # each record's own name and contacts: where linked records disagree, staff are told
        records.append(RecordContact(vendor=vendor, vendor_id=vendor_id, name=name,
                                     emails=json.loads(emails), phones=json.loads(phones)))
        if link_reason and link_reason not in reasons:
            reasons.append(link_reason)
        if blacklisted and why and not reason:
            reason = why
    return Header(customer_id=int(row[0]), name=row[1], emails=json.loads(row[2]),
                  phones=json.loads(row[3]), vendor_ids=vendor_ids, link_reasons=reasons,
                  blacklisted=bool(row[5]), blacklist_reason=reason, points=row[4],
                  records=records)


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def load_sections(conn: sqlite3.Connection, customer_id: int) -> Sections:
    """Every vendor's section as last saved (``PENDING`` where never fetched).

    A row that no longer reads (written by another version, say) counts as never fetched:
    the refresh that follows replaces it.
    """
    sections = Sections()
    for vendor, status, as_of, checked_at, message, data in conn.execute(
            "SELECT vendor, status, as_of, checked_at, message, data FROM profile_sections "
            "WHERE customer_id = ?", (customer_id,)):
        if vendor not in PROFILE_VENDORS:
            continue
        kind = type(sections.get(vendor))
        try:
            loaded = kind.model_validate({
                "vendor": vendor, "status": status, "as_of": as_of, "checked_at": checked_at,
                "message": message, "data": json.loads(data) if data else None})
        except (ValidationError, ValueError):
            continue
        setattr(sections, vendor, loaded)
    return sections


def save_section(conn: sqlite3.Connection, customer_id: int, section: Section[Any]) -> None:
    data = section.data.model_dump_json() if isinstance(section.data, BaseModel) else None
    conn.execute(
        "INSERT INTO profile_sections (customer_id, vendor, status, as_of, checked_at, message, "
        "data) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (customer_id, vendor) DO UPDATE SET "
        "status = excluded.status, as_of = excluded.as_of, checked_at = excluded.checked_at, "
        "message = excluded.message, data = excluded.data",
        (customer_id, section.vendor, Status(section.status).value,
         section.as_of.isoformat() if section.as_of else None,
         section.checked_at.isoformat() if section.checked_at else None, section.message, data))


def qudini_identifiers(conn: sqlite3.Connection, customer_id: int) -> list[str]:
    """Qudini bookings staff opened for this customer, most recent first."""
    return [r[0] for r in conn.execute(
        "SELECT identifier FROM qudini_visits WHERE customer_id = ? ORDER BY seen_at DESC",
        (customer_id,))]


def attach_qudini(conn: sqlite3.Connection, identifier: str, customer_id: int | None,
                  seen_at: datetime, visit: QudiniVisit | None = None) -> None:
    """Remember a Qudini booking (and who it belongs to, once known; never un-attach)."""
    conn.execute(
        "INSERT INTO qudini_visits (identifier, customer_id, name, seen_at, data) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (identifier) DO UPDATE SET "
        "customer_id = COALESCE(excluded.customer_id, customer_id), "
        "name = CASE WHEN excluded.name != '' THEN excluded.name ELSE name END, "
        "seen_at = excluded.seen_at, data = COALESCE(excluded.data, data)",
        (identifier, customer_id, visit.name if visit else "", seen_at.isoformat(),
         visit.model_dump_json() if visit else None))


def same_name(conn: sqlite3.Connection, name: str, limit: int = 5) -> list[int]:
    """Cached customers whose whole name matches (folded), most recent first.

    Only ever offered to staff as "possibly the same person": identity never links on a name
    alone (DESIGN.md, "Identity"), so a Qudini booking is attached by a person, not by this.
    """
    folded = fold(name)
    if not folded:
        return []
    return [int(r[0]) for r in conn.execute(
        "SELECT id FROM customers WHERE name_norm = ? ORDER BY search_key DESC LIMIT ?",
        (folded, limit))]


def qudini_visit(conn: sqlite3.Connection,
                 identifier: str) -> tuple[int | None, QudiniVisit | None]:
    """(attached customer, last fetched visit) of a Qudini booking seen before."""
    row = conn.execute("SELECT customer_id, data FROM qudini_visits WHERE identifier = ?",
                       (identifier,)).fetchone()
    if row is None:
        return None, None
    visit = None
    if row[1]:
        try:
            visit = QudiniVisit.model_validate_json(row[1])
        except ValidationError:
            visit = None
    return (int(row[0]) if row[0] is not None else None), visit
