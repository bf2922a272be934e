"""Ask each vendor about one customer: the on-demand half of a profile.

One coroutine per vendor, each turning that vendor's answers into its section's data. They
know nothing of caching, time-to-live or concurrency (:mod:`app.customer.service` does that)
and raise the vendor client's errors, which :func:`outcome` maps onto a section status.
Booxi is only ever asked here, one customer at a time, when a profile opens: its history API
is not for replication (DESIGN.md, "How data flows").
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import datetime

from app.customer import timeline
from app.customer.birthday import from_date, from_parts
from app.customer.model import (
    Answer,
    BooxiClientInfo,
    BooxiHistory,
    Loyalty,
    Qudini,
    QudiniVisit,
    Reservations,
    Status,
)
from app.errors import (
    BadData,
    ClientdeskError,
    NotAuthorised,
    NotFound,
    RateLimited,
    Rejected,
    Unavailable,
)
from app.vendors.booxi import BooxiClient
from app.vendors.booxi.models import BookingHistory
from app.vendors.booxi.models import Client as BooxiClientRecord
from app.vendors.loke import LokeClient
from app.vendors.loke.models import Customer as LokeCustomer
from app.vendors.qudini import QudiniClient
from app.vendors.qudini.models import Language as QudiniLanguage
from app.vendors.reservations import ReservationsClient

log = logging.getLogger("clientdesk.customer")


def outcome(exc: BaseException) -> tuple[Status, str]:
    """A vendor error as a section status and the one line staff see."""
    if isinstance(exc, NotFound):
        return Status.NOT_FOUND, ""
    if isinstance(exc, Unavailable | RateLimited):
        return Status.UNREACHABLE, exc.one_line()
    if isinstance(exc, NotAuthorised | BadData | Rejected):
        return Status.REFUSED, exc.one_line()
    if isinstance(exc, ClientdeskError):  # a missing credential, say: its message says what to do
        return Status.REFUSED, exc.message
    return Status.REFUSED, "internal error — details are in the log file"


class NotKnown(NotFound):
    """The vendor answered and does not know this person (distinct from unreachable)."""

    def __init__(self, vendor: str) -> None:
        super().__init__(vendor, "does not know this customer")


async def loyalty(client: LokeClient, loke_ids: Sequence[str], emails: Sequence[str],
                  phones: Sequence[str]) -> Loyalty:
    """The customer's LOKE record (by id, else looked up by email then phone) and lists."""
    customer: LokeCustomer | None = None
    for customer_id in loke_ids:
        try:
            customer = await client.customer(customer_id)
            break
        except NotFound:
            continue  # gone since the last sync: try the others, then the contacts
    if customer is None:
        for email in emails:
            found = await client.search_by_email(email)
            if found:
                customer = found[0]
                break
    if customer is None:
        for phone in phones:
            found = await client.search_by_phone(phone)
            if found:
                customer = found[0]
                break
    if customer is None:
        raise NotKnown("LOKE")
    lists = await client.memberships(customer.id)
    stats = customer.statistics
    return Loyalty(
        customer_id=customer.id,
        points=stats.points_balance if stats else None,
        total_spend_cents=stats.total_spend if stats else None,
        points_earned=stats.total_points_earned if stats else None,
        points_redeemed=stats.total_points_redeemed if stats else None,
        last_spent_at=stats.last_spent_at if stats else None,
        last_earned_at=stats.last_points_earned_at if stats else None,
        last_redeemed_at=stats.last_points_redeemed_at if stats else None,
        lists=[m.name for m in lists],
        birthday=from_date(customer.dob), marketing=customer.has_agreed_to_marketing)


async def reservations(client: ReservationsClient, ids: Sequence[str],
                       now: datetime) -> Reservations:
    """Stats of the customer's reservations record (the first one the server still has)."""
    for customer_id in ids:
        try:
            stats = await client.stats(customer_id)
        except NotFound:
            continue
        return Reservations(
            customer_id=stats.id, times_booked=stats.times_booked,
            cancelled_by_customer=stats.times_cancelled_by_user,
            upcoming=stats.times_upcoming, completed=stats.times_completed,
            note=stats.note or "", is_dummy=stats.is_dummy, blacklisted=stats.is_blacklisted,
            blacklist_reason=stats.blacklist_reason or "",
            bookings=timeline.from_reservations(stats.bookings, now),
            birthday=from_date(stats.birthday))
    raise NotKnown("reservations")


async def booxi(client: BooxiClient, emails: Sequence[str], phones: Sequence[str],
                start: datetime, end: datetime, now: datetime,
                known_ids: Sequence[str] = ()) -> BooxiHistory:
    """The customer's Booxi clients — the ones staff picked in an online lookup
    (``known_ids``), else those matching their email (else phone) — and their history in
    ``[start, end)``. Every lookup and page is one rate-limited call: a profile costs a few."""
    # The client records carry what staff ask about first (birthday, mailing list, quick
    # note, name and contacts): a picked client is read by its id — one call, as the search
    # it replaces — and one Booxi no longer has is dropped rather than failing the section.
    records: list[BooxiClientRecord] = []
    for known in known_ids:
        try:
            records.append(await client.client_record(known))
        except NotFound:
            continue
    client_ids: list[str] = [r.id for r in records]
    for email in () if client_ids else emails:
        found = await client.find_clients(email=email)
        records += found
        client_ids += [c.id for c in found]
        if client_ids:
            break
    if not client_ids:
        for phone in phones:
            found = await client.find_clients(phone=phone)
            records += found
            client_ids += [c.id for c in found]
            if client_ids:
                break
    client_ids = list(dict.fromkeys(client_ids))
    clients = list({c.id: _booxi_client(c) for c in records}.values())
    if not client_ids:
        raise NotKnown("Booxi")
    merged = BookingHistory()
    for client_id in client_ids:
        history = await client.booking_history(client_id, start, end)
        for booking in history.bookings:
            merged.bookings.append(booking)
        for table in ("group_events", "services", "staff", "merchants", "resources"):
            for key, value in getattr(history, table).items():
                getattr(merged, table).setdefault(key, value)
        merged.skipped += history.skipped
    requests = {b.booking_id: b.client.additional_request.strip() for b in merged.bookings
                if b.client is not None and b.client.additional_request
                and b.client.additional_request.strip()}
    rows = [row.model_copy(update={"request": requests[row.booking_id]})
            if row.booking_id in requests else row for row in timeline.from_booxi(merged, now)]
    return BooxiHistory(client_ids=client_ids, clients=clients, window_from=start,
                        window_to=end, bookings=rows, skipped=merged.skipped)


def _booxi_client(record: BooxiClientRecord) -> BooxiClientInfo:
    """The parts of a Booxi client staff ask about first. Contacts are kept as Booxi sent
    them, for the disagreement check (normalised there, masked wherever shown)."""
    dob = record.date_of_birth
    phones = [p.strip() for p in (record.mobile_phone_number, record.home_phone_number)
              if p and p.strip()]
    return BooxiClientInfo(
        client_id=record.id, name=record.full_name,
        emails=[record.email.strip()] if record.email and record.email.strip() else [],
        phones=list(dict.fromkeys(phones)),
        birthday=from_parts(dob.day, dob.month, dob.year) if dob is not None else None,
        in_mailing_list=record.in_mailing_list, quick_note=record.quick_note or "")


async def qudini(client: QudiniClient, identifiers: Sequence[str]) -> Qudini:
    """Each known booking: its state, queue position and the customer's answers."""
    if not identifiers:
        raise NotKnown("Qudini")

    async def visit(identifier: str) -> QudiniVisit:
        details, answers = await asyncio.gather(client.customer_details(identifier),
                                                client.answers(identifier))
        queue = details.customer_in_queue
        customer = queue.customer if queue else None
        product = queue.product if queue else None
        return QudiniVisit(
            identifier=details.identifier,
            booking_ref=(customer.booking_ref or "") if customer else "",
            name=customer.name if customer else "",
            state=details.state or "",
            queue_name=details.queue.name if details.queue else "",
            venue_name=details.queue.venue.name if details.queue and details.queue.venue
            else "",
            position=queue.current_position if queue else None,
            queue_length=details.queue_length,
            minutes_remaining=queue.minutes_remaining if queue else None,
            starts_at=queue.booking_start_time if queue else None,
            ends_at=queue.booking_end_time if queue else None,
            service=product.name if product else "",
            language=_language(customer.language) if customer else "",
            group_size=customer.group_size if customer else None,
            answers=[Answer(question=a.question_id or "", value=a.value) for a in answers])

    visits = await asyncio.gather(*(visit(i) for i in identifiers))
    return Qudini(visits=list(visits))


def _language(language: QudiniLanguage | None) -> str:
    """Qudini's name for the language ("English"), else its ISO code."""
    if language is None:
        return ""
    return (language.name or language.iso_code or "").strip()
