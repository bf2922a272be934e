"""One vendor's record of a person, in the shape every vendor shares once normalised.

Sync turns each vendor's model into a :class:`VendorRecord`; the cache stores it as received
(normalised) and identity links records into unified customers by email and phone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.domain.contacts import normalise_email, normalise_phone
from app.jsontext import dumps
from app.vendors.loke.models import Customer as LokeCustomer
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
