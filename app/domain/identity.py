"""Which vendor records are the same person, and why.

Records link by normalised email or by E.164 phone — never by name alone. One exception, on
purpose: a shared phone does **not** link two records that both carry an email and share none
of them. Families and small businesses share a mobile or a landline; linking on it would merge
two people's loyalty points and, worse, flag a whole family when one member is blacklisted.
Different emails are strong evidence of different people, so the phone yields to them.

A manager's manual link always joins; a manual unlink always keeps two records apart, whatever
the keys say, and both survive every later sync.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.domain.contacts import phone_display

RecordRef = tuple[str, str]  # (vendor, vendor_id)


@dataclass(frozen=True)
class LinkCandidate:
    """What identity needs of a record: its reference and its contacts."""

    ref: RecordRef
    emails: tuple[str, ...]
    phones: tuple[str, ...]


def record_keys(emails: Iterable[str], phones: Iterable[str]) -> list[str]:
    return [f"email:{e}" for e in emails] + [f"phone:{p}" for p in phones]


MANUAL = "manual:"  # the "key" of a manager's link


#: Vendors whose records are tickets, not customer profiles: a link through one says so.
TICKET_VENDORS = {"qminder": "Qminder"}


def key_reason(key: str, vendors: Iterable[str] = ()) -> str:
    """Why two records are linked; ``vendors`` are the two ends' vendors.

    A link that involves a Qminder record reads "same phone on a Qminder ticket" (or email):
    staff then know the person gave that contact at the queue, not on a loyalty signup — and
    the sentence shows no contact at all.
    """
    if key == MANUAL:
        return "linked by a manager"
    kind, _, value = key.partition(":")
    ticket = next((TICKET_VENDORS[v] for v in vendors if v in TICKET_VENDORS), None)
    if ticket is not None:
        return f"same {'email' if kind == 'email' else 'phone'} on a {ticket} ticket"
    return f"same email {value}" if kind == "email" else f"same phone {phone_display(value)}"


@dataclass
class Component:
    records: list[LinkCandidate]
    reasons: dict[RecordRef, str]  # why each record is linked ("" when it stands alone)


def link(records: Sequence[LinkCandidate],
         manual_links: Iterable[tuple[RecordRef, RecordRef]] = (),
         manual_unlinks: Iterable[tuple[RecordRef, RecordRef]] = ()) -> list[Component]:
    """Group ``records`` into people: manual links first, then emails, then phones.

    The phone rule is checked between whole groups, not single records, so a record with only
    a phone cannot bridge two people whose emails differ.
    """
    ordered = sorted(records, key=lambda r: r.ref)
    by_ref = {r.ref: r for r in ordered}
    parent = {ref: ref for ref in by_ref}
    members: dict[RecordRef, set[RecordRef]] = {ref: {ref} for ref in by_ref}
    emails: dict[RecordRef, set[str]] = {r.ref: set(r.emails) for r in ordered}
    apart: dict[RecordRef, set[RecordRef]] = {}
    for a, b in manual_unlinks:
        apart.setdefault(a, set()).add(b)
        apart.setdefault(b, set()).add(a)
    reasons: dict[RecordRef, str] = dict.fromkeys(by_ref, "")

    def root(ref: RecordRef) -> RecordRef:
        while parent[ref] != ref:
            parent[ref] = parent[parent[ref]]
            ref = parent[ref]
        return ref

    def join(a: RecordRef, b: RecordRef, key: str, *, by_phone: bool = False) -> None:
        ra, rb = root(a), root(b)
        if ra == rb:
            return
        if by_phone and emails[ra] and emails[rb] and not emails[ra] & emails[rb]:
            return  # a shared phone, but two different people's emails
        small, large = sorted((ra, rb), key=lambda r: (len(members[r]), r))
        if any(apart.get(ref, set()) & members[large] for ref in members[small]):
            return  # a manager said these are different people
        parent[small] = large
        members[large] |= members.pop(small)
        emails[large] |= emails.pop(small)
        # both ends of the link say why they are linked (the first reason found stays)
        for end in (a, b):
            if reasons[end] == "":
                reasons[end] = key_reason(key, (a[0], b[0]))

    for a, b in manual_links:
        if a in by_ref and b in by_ref:
            join(a, b, MANUAL)
    by_key: dict[str, list[LinkCandidate]] = {}
    for record in ordered:
        for key in record_keys(record.emails, record.phones):
            by_key.setdefault(key, []).append(record)
    for key in sorted(by_key, key=lambda k: (not k.startswith("email:"), k)):
        group = by_key[key]
        by_phone = key.startswith("phone:")
        for i, other in enumerate(group[1:], start=1):
            for anchor in group[:i]:
                join(anchor.ref, other.ref, key, by_phone=by_phone)
                if root(anchor.ref) == root(other.ref):
                    break
    groups: dict[RecordRef, list[LinkCandidate]] = {}
    for ref, record in by_ref.items():
        groups.setdefault(root(ref), []).append(record)
    return [Component(group, {r.ref: reasons[r.ref] for r in group}) for group in groups.values()]
