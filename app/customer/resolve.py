"""Turn what staff typed, pasted or scanned into the customer (or Qudini booking) it names.

Accepted, in this order (the first that fits decides, so the answer never depends on luck):

1. a Qudini booking link or identifier (``…qudini.com/customer/<hex>``, or 16+ hex digits),
   or a Qudini short link (``qdi.page.link/<code>``) — recognised here without any network
   and returned as ``Resolved(short_link=…)``: what it points to is read online by whoever
   opens it (:class:`app.vendors.qudini.client.ShortLinkResolver`);
2. ``id:123`` or ``#123`` — a unified customer id as ``search --json`` prints it;
3. ``loke:…`` / ``reservations:…`` — a vendor's own id, with its vendor named;
4. an email address (matched trimmed and case-folded);
5. a bare vendor id, when exactly one cached record has it;
6. a phone number, local or international (the store's country is the default).

Every miss says which of these shapes it expected: a pasted link of the wrong shape is the
commonest bad input at a counter.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from app.domain.contacts import normalise_email, normalise_phone
from app.vendors.qudini.links import EXPECTED as LINK_EXPECTED
from app.vendors.qudini.links import BookingLinkError, parse_booking_reference, parse_short_link

SYNCED_VENDORS = ("loke", "reservations")
EXPECTED = ("Give a customer id (id:123), a vendor id (loke:…, reservations:…), an email, a "
            "phone number, or a Qudini booking link.")
_UNIFIED = re.compile(r"(?:id:|#)\s*(\d{1,12})\Z", re.IGNORECASE)
_LINKISH = re.compile(r"(?:https?://|www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/)",
                      re.IGNORECASE)


class NotResolved(LookupError):
    """Nothing in the cache fits; ``message`` is for staff and says what would."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Resolved:
    """A cached customer, and/or a Qudini booking identifier (a link names only the booking),
    or a Qudini short link (``https://qdi.page.link/<code>``) still to be read online — the
    caller turns it into ``qudini_identifier`` (and keeps ``short_link`` to say so)."""

    customer_id: int | None = None
    qudini_identifier: str | None = None
    matched_by: str = ""
    short_link: str | None = None


def _customer_of(conn: sqlite3.Connection, vendor: str, vendor_id: str) -> int | None:
    row = conn.execute("SELECT customer_id FROM records WHERE vendor = ? AND vendor_id = ?",
                       (vendor, vendor_id)).fetchone()
    return int(row[0]) if row else None


def _contact(conn: sqlite3.Connection, kind: str, value: str) -> list[int]:
    return [int(r[0]) for r in conn.execute(
        "SELECT i.customer_id FROM contact_index i JOIN customers c ON c.id = i.customer_id "
        "WHERE i.kind = ? AND i.value = ? ORDER BY c.search_key DESC LIMIT 2", (kind, value))]


def _one(found: list[int], what: str) -> int:
    if len(found) > 1:
        raise NotResolved(f"More than one customer has {what}: search for them and pick one.")
    return found[0]


_HEX_ID = re.compile(r"[0-9a-fA-F]{16,128}")
_BOOKING_REF = re.compile(r"[A-Za-z]{4}\d{4}")


def _clean(text: str) -> str:
    return "".join(ch for ch in text.strip() if ch.isprintable()).strip()


def _linkish(cleaned: str) -> bool:
    lowered = cleaned.lower()
    return "qudini" in lowered or "qdi.page.link" in lowered or \
        bool(_LINKISH.match(cleaned)) or \
        bool(_HEX_ID.fullmatch(cleaned))


def is_reference(text: str) -> bool:
    """Whether ``text`` names one thing exactly (a link, a Qudini identifier or booking
    reference, ``id:123``, ``loke:…``) rather than being words to search for: the search box
    opens such text on Enter instead of opening the top result."""
    cleaned = _clean(text)
    if not cleaned:
        return False
    vendor, colon, rest = cleaned.partition(":")
    return _linkish(cleaned) or bool(_UNIFIED.match(cleaned)) or \
        bool(_BOOKING_REF.fullmatch(cleaned)) or \
        (bool(colon) and vendor.lower() in SYNCED_VENDORS and bool(rest.strip()))


def resolve(conn: sqlite3.Connection, text: str, country: str) -> Resolved:
    """What ``text`` names (see the module docstring) or :class:`NotResolved`."""
    cleaned = _clean(text)
    if not cleaned:
        raise NotResolved(f"Nothing to look up. {EXPECTED}")
    if len(cleaned) > 2048:
        raise NotResolved(f"That is far too long to be a customer reference. {EXPECTED}")
    try:
        short_link = parse_short_link(cleaned)
    except BookingLinkError as exc:
        raise NotResolved(exc.message) from None
    if short_link is not None:
        return Resolved(short_link=short_link, matched_by="Qudini short link")
    if _linkish(cleaned):
        try:
            identifier = parse_booking_reference(cleaned)
        except BookingLinkError as exc:
            raise NotResolved(exc.message) from None
        return Resolved(qudini_identifier=identifier, matched_by="Qudini booking")
    if match := _UNIFIED.match(cleaned):
        customer_id = int(match.group(1))
        if conn.execute("SELECT 1 FROM customers WHERE id = ?", (customer_id,)).fetchone():
            return Resolved(customer_id, matched_by="customer id")
        raise NotResolved(f"No customer {customer_id} in this store's cache (ids change only "
                          "when records are re-linked; search by name instead).")
    vendor, colon, vendor_id = cleaned.partition(":")
    if colon and vendor.lower() in SYNCED_VENDORS and vendor_id.strip():
        owner = _customer_of(conn, vendor.lower(), vendor_id.strip())
        if owner is None:
            raise NotResolved(f"No {vendor.lower()} record {vendor_id.strip()!r} in the cache "
                              "(sync, then try again).")
        return Resolved(owner, matched_by=f"{vendor.lower()} id")
    if "@" in cleaned:
        email = normalise_email(cleaned)
        found = _contact(conn, "email", email) if email else []
        if found:
            return Resolved(_one(found, "that email"), matched_by="email")
        raise NotResolved(f"No customer with the email {cleaned!r} in the cache.")
    by_id = {int(r[0]) for r in conn.execute(
        "SELECT customer_id FROM records WHERE vendor_id = ? LIMIT 3", (cleaned,))}
    if len(by_id) == 1:
        return Resolved(by_id.pop(), matched_by="vendor id")
    phone = normalise_phone(cleaned, country)
    if phone:
        found = _contact(conn, "phone", phone.lstrip("+"))
        if found:
            return Resolved(_one(found, "that phone number"), matched_by="phone")
        raise NotResolved(f"No customer with the phone number {cleaned!r} in the cache.")
    if by_id:
        raise NotResolved(f"{cleaned!r} is an id in more than one vendor; name it "
                          "(loke:… or reservations:…).")
    try:  # a booking reference (UOKW2127) or a short link: the link parser knows what it is
        parse_booking_reference(cleaned)
    except BookingLinkError as exc:
        if exc.message != LINK_EXPECTED:
            raise NotResolved(exc.message) from None
    raise NotResolved(f"Nothing in the cache matches {cleaned!r}. {EXPECTED}")
