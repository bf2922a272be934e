"""Ask the vendors who a customer is when the cache has nobody with that email or phone.

The cache knows everyone LOKE and reservations send in bulk, but not a customer who only ever
booked through Booxi, or who joined LOKE since the last sync. When a *complete* email address
or phone number matches nobody on this PC, the vendors that can search by contact are asked:

============  ==============================  ==============================================
vendor        looks up by                     notes
============  ==============================  ==============================================
LOKE          email, phone (E.164)            several customers may share a phone
Booxi         email, phone, first+last name   the store's merchant only; one criterion a call
reservations  —                               no search: its whole list is synced
Qudini        —                               bookings only by their link or identifier
Qminder       —                               tickets, not customers
============  ==============================  ==============================================

Only a complete contact is sent: text that is not a whole email or a valid phone number (a
partial search, a name) calls no vendor, so typing never leaks half-typed text to a vendor
and never spends Booxi's 5-a-second budget.

What the vendors find is offered, not stored: staff pick (several Booxi clients can share one
email), and only the records of the customer they open are cached — Booxi's rule is that a
client's data is fetched when staff look them up, never copied in bulk. The picked records
then link with the cache's usual rules (same email, same phone) and open like any customer.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from app.customer.fetch import outcome
from app.customer.model import Status
from app.domain.contacts import mask_email, mask_phone, normalise_email, normalise_phone
from app.domain.records import NAME_PRIORITY, VendorRecord, from_booxi, from_loke
from app.errors import ClientdeskError, VendorError
from app.profile import VENDOR_NAMES, StoreProfile
from app.vendors.booxi import BooxiClient
from app.vendors.loke import LokeClient
from app.vendors.registry import VendorClient

log = logging.getLogger("clientdesk.customer")

#: Vendors that can find a customer by contact, and by which kinds (README, "Online lookup").
SEARCHABLE: dict[str, tuple[str, ...]] = {"loke": ("email", "phone"),
                                          "booxi": ("email", "phone")}
#: What a phone may be typed with; anything else (letters, "#") is not a phone number.
_PHONE_CHARS = re.compile(r"[+0-9 ()./-]{6,32}")
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(?:\.[^@\s.]+)+")

Kind = Literal["email", "phone"]
ClientFor = Callable[[str], Awaitable[VendorClient]]


@dataclass(frozen=True)
class Contact:
    """A complete email (case-folded) or phone number (E.164) to ask the vendors about."""

    kind: Kind
    value: str

    @property
    def masked(self) -> str:
        return mask_email(self.value) if self.kind == "email" else mask_phone(self.value)

    @property
    def noun(self) -> str:
        return "email" if self.kind == "email" else "phone number"


def contact_of(text: str, country: str) -> Contact | None:
    """The complete email or phone number ``text`` is, or None (then no vendor is asked)."""
    cleaned = text.strip()
    if "@" in cleaned:
        email = normalise_email(cleaned) if _EMAIL.fullmatch(cleaned) else None
        return Contact("email", email) if email else None
    if not _PHONE_CHARS.fullmatch(cleaned):
        return None
    phone = normalise_phone(cleaned, country)
    return Contact("phone", phone) if phone else None


@dataclass(frozen=True)
class Candidate:
    """One vendor record that has the contact."""

    record: VendorRecord
    detail: str  # what tells two candidates apart: ids, membership number, since when

    @property
    def vendor(self) -> str:
        return self.record.vendor


@dataclass(frozen=True)
class Choice:
    """What staff pick: records that would open as one customer (one row in the list)."""

    records: tuple[VendorRecord, ...]
    details: tuple[str, ...]

    @property
    def vendors(self) -> list[str]:
        return list(dict.fromkeys(r.vendor for r in self.records))

    @property
    def name(self) -> str:
        ranked = sorted(self.records, key=lambda r: NAME_PRIORITY.index(r.vendor)
                        if r.vendor in NAME_PRIORITY else len(NAME_PRIORITY))
        return next((r.name for r in ranked if r.name), "(no name given)")

    @property
    def found_at(self) -> str:
        """"found at Booxi", "found at LOKE and Booxi": how the row is marked."""
        names = [VENDOR_NAMES[v] for v in self.vendors]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"found at {joined}"


@dataclass
class LookupResult:
    """What the vendors said about one contact."""

    contact: Contact
    candidates: list[Candidate] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # vendor -> why it gave no answer
    unreachable: list[str] = field(default_factory=list)  # of ``failed``: try again later

    @property
    def answered(self) -> list[str]:
        return [v for v in self.asked if v not in self.failed]

    def choices(self) -> list[Choice]:
        """One choice when every vendor found at most one record (they are the same person by
        the contact); else one per record of the vendors that found several, each with the
        vendors' single records (which share the contact, so link anyway)."""
        by_vendor: dict[str, list[Candidate]] = {}
        for candidate in self.candidates:
            by_vendor.setdefault(candidate.vendor, []).append(candidate)
        singles = [c[0] for c in by_vendor.values() if len(c) == 1]
        several = [c for group in by_vendor.values() if len(group) > 1 for c in group]
        if not several:
            return [_choice(singles)] if singles else []
        return [_choice([c, *singles]) for c in several]

    def summary(self) -> str:
        """One line for staff: who was asked and what came of it (the contact masked)."""
        what = f"the {self.contact.noun} {self.contact.masked}"
        if not self.asked:
            return (f"Nobody on this PC has {what}, and no vendor of this store can look "
                    f"customers up by {self.contact.noun}.")
        if self.candidates:
            count = len(self.choices())
            return (f"Nobody on this PC has {what}; "
                    + ("1 customer" if count == 1 else f"{count} customers")
                    + f" found at {_names(self.answered_with_results())}.")
        if self.failed and not self.answered:
            reasons = "; ".join(f"{VENDOR_NAMES[v]}: {m}" for v, m in self.failed.items())
            return f"Nobody on this PC has {what}, and the vendors could not be asked ({reasons})."
        text = f"Nobody on this PC or at {_names(self.answered)} has {what}."
        if self.failed:
            text += " Not asked: " + "; ".join(f"{VENDOR_NAMES[v]} ({m})"
                                               for v, m in self.failed.items()) + "."
        return text

    def answered_with_results(self) -> list[str]:
        return list(dict.fromkeys(c.vendor for c in self.candidates))


def _names(vendors: Sequence[str]) -> str:
    names = [VENDOR_NAMES[v] for v in vendors]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _choice(candidates: Sequence[Candidate]) -> Choice:
    return Choice(tuple(c.record for c in candidates), tuple(c.detail for c in candidates))


def lookup_vendors(profile: StoreProfile, contact: Contact) -> list[str]:
    """The store's vendors that can search by this kind of contact."""
    return [v for v, kinds in SEARCHABLE.items()
            if contact.kind in kinds and getattr(profile, v) is not None]


async def look_up(profile: StoreProfile, contact: Contact, client_for: ClientFor) -> LookupResult:
    """Ask every vendor that can search by ``contact`` at once; one failing never hides
    another's answer. Raises nothing a vendor can cause: failures are in ``failed``."""
    result = LookupResult(contact, asked=lookup_vendors(profile, contact))
    country = profile.store.country

    async def ask(vendor: str) -> list[Candidate]:
        try:
            client = await client_for(vendor)
            if vendor == "loke":
                assert isinstance(client, LokeClient)
                found = await (client.search_by_email(contact.value) if contact.kind == "email"
                               else client.search_by_phone(contact.value))
                return [Candidate(from_loke(c, country), _loke_detail(c.id)) for c in found]
            assert isinstance(client, BooxiClient)
            clients = await (client.find_clients(email=contact.value)
                             if contact.kind == "email"
                             else client.find_clients(phone=contact.value))
            return [Candidate(from_booxi(c, country), _booxi_detail(c.id, c.membership_number,
                                                                    c.created_on))
                    for c in clients]
        except (VendorError, ClientdeskError) as exc:
            status, message = outcome(exc)
            if status == Status.NOT_FOUND:
                return []  # an answer: nobody by that contact
            result.failed[vendor] = message or "no answer"
            if status == Status.UNREACHABLE:
                result.unreachable.append(vendor)
            log.warning("lookup %s: %s", vendor, message)
            return []
        except Exception:
            log.exception("lookup %s: unexpected error", vendor)
            result.failed[vendor] = "internal error — details are in the log file"
            return []

    answers = await asyncio.gather(*(ask(v) for v in result.asked))
    for found in answers:
        result.candidates.extend(found)
    return result


def _loke_detail(customer_id: str) -> str:
    return f"LOKE customer {customer_id}"


def _booxi_detail(client_id: object, membership: str | None, created: object) -> str:
    parts = [f"Booxi client {client_id}"]
    if membership:
        parts.append(f"membership {membership}")
    if created is not None and hasattr(created, "date"):
        parts.append(f"since {created.date().isoformat()}")
    return " · ".join(parts)
