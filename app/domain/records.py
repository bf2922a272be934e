"""One vendor's record of a person, in the shape every vendor shares once normalised.

Sync turns each vendor's model into a :class:`VendorRecord`; the cache stores it as received
(normalised) and identity links records into unified customers by email and phone.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.domain.contacts import normalise_email, normalise_phone
from app.jsontext import dumps
from app.vendors.booxi.models import Client as BooxiClient
from app.vendors.loke.models import Customer as LokeCustomer
from app.vendors.qminder.models import Ticket as QminderTicket
from app.vendors.reservations.models import CustomerRow

#: Whose name wins when records disagree: loyalty profiles are kept by the customer.
NAME_PRIORITY = ("loke", "reservations", "booxi", "qudini", "qminder")


@dataclass(frozen=True)
class VendorRecord:
    vendor: str
    vendor_id: str
    name: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()  # E.164
    points: int | None = None
    blacklisted: bool = False
    blacklist_reason: str | None = None
    is_dummy: bool = False
    activity: datetime | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False)

    def digest(self) -> str:
        """Stable fingerprint of everything we store: unchanged records cost no write."""
        payload = dumps([self.name, self.emails, self.phones, self.points, self.blacklisted,
                         self.blacklist_reason, self.is_dummy,
                         self.activity.isoformat() if self.activity else None, self.data],
                        sort_keys=True)
        return hashlib.blake2b(payload.encode(), digest_size=12).hexdigest()

    def stored_data(self) -> dict[str, Any]:
        """What the cache keeps of :attr:`data` (see :func:`kept_data`)."""
        return kept_data(self.vendor, self.emails, self.phones, self.data)


#: Vendors whose cached record is read back whole: a walk-in's completion and the edits of a
#: reservations customer rebuild the row from it (:mod:`app.cache.complete`,
#: :mod:`app.cache.edits`).
WHOLE_DATA_VENDORS = frozenset({"reservations"})

_HELD_KEYS = ("email", "phone", "mobile", "name")


def kept_data(vendor: str, emails: Sequence[str], phones: Sequence[str],
              data: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a vendor record the cache stores beside its columns.

    The raw record of a LOKE customer is about 500 bytes, digested into the record's columns
    (name, contacts, points, activity) and then never read again — except by forgetting a
    person (:mod:`app.cache.forget`), which looks for names and contacts in the vendor's own
    spelling. So only those fields stay, and of the contacts only the ones the columns do not
    already hold as spelled. The digest is still taken over the whole record (as received),
    so what changes upstream is noticed exactly as before; reservations rows stay whole.
    """
    if vendor in WHOLE_DATA_VENDORS:
        return dict(data)
    known = {*emails, *phones}
    kept: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            inner = kept_data(vendor, emails, phones, value)
            if inner:
                kept[key] = inner
        elif isinstance(value, list):  # forgetting reads only the objects inside a list
            items = [inner for inner in (kept_data(vendor, emails, phones, v)
                                         for v in value if isinstance(v, dict)) if inner]
            if items:
                kept[key] = items
        elif isinstance(value, str):
            held = _held(str(key))
            if held and not (held == _CONTACT and value in known):
                kept[key] = value
    return kept


_NAME, _CONTACT = 1, 2


@functools.lru_cache(maxsize=1024)
def _held(key: str) -> int:
    """Whether a field of this name is kept: 0 no, :data:`_NAME` or :data:`_CONTACT`.

    A vendor's field names are few and repeat on every record of a sync: decided once each.
    """
    lowered = key.lower()
    if any(word in lowered for word in _HELD_KEYS[:3]):
        return _CONTACT
    return _NAME if any(word in lowered for word in _HELD_KEYS) else 0


def _emails(*raw: str | None) -> tuple[str, ...]:
    found = [e for e in (normalise_email(r) for r in raw) if e]
    return tuple(dict.fromkeys(found))


def _phones(region: str, *raw: str | None) -> tuple[str, ...]:
    found = [p for p in (normalise_phone(r, region) for r in raw) if p]
    return tuple(dict.fromkeys(found))


def _name(first: str | None, last: str | None) -> str:
    return " ".join(part.strip() for part in (first, last) if part and part.strip())


def from_loke(customer: LokeCustomer, region: str) -> VendorRecord:
    stats = customer.statistics
    activity = max((t for t in (
        stats.last_spent_at if stats else None,
        stats.last_points_earned_at if stats else None,
        customer.updated_at, customer.created_at) if t is not None), default=None)
    return VendorRecord(
        vendor="loke",
        vendor_id=customer.id,
        name=_name(customer.first_name, customer.last_name),
        emails=_emails(customer.email),
        phones=_phones(region, customer.phone_number),
        points=stats.points_balance if stats else None,
        activity=activity,
        data=customer.model_dump(mode="json", by_alias=True, exclude_none=True),
    )


def from_reservations(row: CustomerRow, region: str) -> VendorRecord:
    return VendorRecord(
        vendor="reservations",
        vendor_id=row.id,
        name=_name(row.first_name, row.last_name),
        emails=_emails(row.email),
        phones=_phones(region, row.phone_number),
        blacklisted=row.is_blacklisted,
        blacklist_reason=row.blacklist_reason if row.is_blacklisted else None,
        is_dummy=row.is_dummy,
        data=row.model_dump(mode="json"),
    )


def from_booxi(client: BooxiClient, region: str) -> VendorRecord:
    """A Booxi client that staff looked up (never a bulk copy: Booxi's history API is not for
    replication). Only what identifies and distinguishes the client is kept; the profile asks
    Booxi for the rest each time it opens."""
    data = {key: value for key, value in (
        ("merchantId", client.merchant_id), ("membershipNumber", client.membership_number),
        ("createdOn", client.created_on.isoformat() if client.created_on else None),
        ("status", client.status)) if value not in (None, "")}
    return VendorRecord(
        vendor="booxi",
        vendor_id=str(client.id),
        name=_name(client.first_name, client.last_name),
        emails=_emails(client.email),
        phones=_phones(region, client.mobile_phone_number, client.home_phone_number),
        activity=client.modified_on or client.created_on,
        data=data,
    )


def qminder_record_id(emails: tuple[str, ...], phones: tuple[str, ...]) -> str:
    """The vendor id of the ``qminder`` record for one set of ticket contacts.

    Qminder has no customers, only tickets: a person is the set of contacts a ticket gave.
    The id is a hash of the normalised contacts, so the same walk-in gets the same record on
    every visit and pull, while the id itself (shown as "qminder:…" wherever vendor ids are)
    never spells out a phone or an email.
    """
    text = "|".join(phones) + "#" + "|".join(emails)
    return "qm-" + hashlib.blake2b(text.encode(), digest_size=10).hexdigest()


def from_qminder(ticket: QminderTicket, region: str) -> VendorRecord | None:
    """The person of a finished ticket, or None when it gave neither phone nor email.

    One record per distinct (phones, emails) combination, holding exactly those contacts: a
    record that gathered every email seen with a family's shared phone would merge the family
    by email, which identity's phone rule exists to prevent. Only the name and contacts are
    kept (``data`` stays empty: the visit itself lives in ``qminder_visits``); ``activity``
    is the visit's creation time, so a recent walk-in ranks high in search.
    """
    emails = _emails(ticket.email)
    phones = _phones(region, ticket.phone_number)
    if not emails and not phones:
        return None
    return VendorRecord(vendor="qminder", vendor_id=qminder_record_id(emails, phones),
                        name=_name(ticket.first_name, ticket.last_name), emails=emails,
                        phones=phones, activity=ticket.created_at)
