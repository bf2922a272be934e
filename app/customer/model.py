"""What the profile panel shows about one customer: vendor-neutral, serialisable sections.

Each vendor's part of a profile is a :class:`Section` that carries its own status and "as of"
time, so one vendor failing or not knowing the person never hides the others, and a profile
seen before can be painted from the cache — offline too — with honest ages. The models are
pydantic so that a section round-trips through the cache as JSON without hand-written codecs.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field

from app.customer.birthday import Birthday

T = TypeVar("T", bound=BaseModel)

#: Vendors with a section on the profile, in the order the panel shows them.
PROFILE_VENDORS = ("loke", "reservations", "qudini", "booxi")


class Status(StrEnum):
    """Why a section holds what it holds."""

    OK = "ok"
    NOT_FOUND = "not_found"  # the vendor answered: it does not know this person
    UNREACHABLE = "unreachable"  # network, timeout, 5xx, rate limit: try again later
    REFUSED = "refused"  # not authorised, or the vendor sent something we cannot read
    NOT_USED = "not_used"  # this store does not use the vendor
    NO_REFERENCE = "no_reference"  # nothing to look the person up by (Qudini: no booking id)
    PENDING = "pending"  # never fetched yet


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Loyalty(Frozen):
    """LOKE: money in minor units (cents) of the store's currency, never a float."""

    customer_id: str
    points: int | None = None
    total_spend_cents: int | None = None
    points_earned: int | None = None
    points_redeemed: int | None = None
    last_spent_at: datetime | None = None
    last_earned_at: datetime | None = None
    last_redeemed_at: datetime | None = None
    lists: list[str] = Field(default_factory=list)
    birthday: Birthday | None = None  # LOKE ``dob``
    marketing: bool | None = None  # LOKE ``hasAgreedToMarketing``; None: not asked


class Booking(Frozen):
    """One row of the timeline, from any vendor.

    ``starts_at`` keeps the offset the vendor gave (Qudini: the venue's; others: UTC); the
    panel converts to the store's zone for display. ``status`` is one of
    :data:`app.customer.timeline.STATUSES`, or ``unknown`` with the vendor's word in
    ``vendor_status``. ``price`` is the vendor's own text ("$45.00", "from 30"), never parsed.
    """

    source: str
    booking_id: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    service: str = ""
    staff: str = ""
    location: str = ""
    status: str = "unknown"
    vendor_status: str = ""
    price: str = ""
    #: A Qminder visit: minutes they waited to be called (or to leave); None elsewhere.
    waited_minutes: int | None = None
    request: str = ""  # what the customer asked for with the booking (Booxi), literal text


class Reservations(Frozen):
    customer_id: str
    times_booked: int = 0
    cancelled_by_customer: int = 0  # cancelled + no-show, as the server counts them
    upcoming: int = 0
    completed: int = 0
    note: str = ""
    is_dummy: bool = False  # a walk-in placeholder record, not a real person
    blacklisted: bool = False
    blacklist_reason: str = ""
    bookings: list[Booking] = Field(default_factory=list)
    birthday: Birthday | None = None


class Answer(Frozen):
    question: str
    value: str


class QudiniVisit(Frozen):
    identifier: str
    booking_ref: str = ""
    name: str = ""
    state: str = ""
    queue_name: str = ""
    venue_name: str = ""
    position: int | None = None
    queue_length: int | None = None
    minutes_remaining: int | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    service: str = ""
    answers: list[Answer] = Field(default_factory=list)
    language: str = ""  # the customer's language, as Qudini names it ("English")
    group_size: int | None = None  # people coming to the visit


class Qudini(Frozen):
    visits: list[QudiniVisit] = Field(default_factory=list)


class BooxiClientInfo(Frozen):
    """What staff ask about first, per Booxi client record: contacts as Booxi sent them (for
    the disagreement check; masked wherever shown), birthday, mailing-list consent, the staff
    note."""

    client_id: str
    name: str = ""
    emails: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)
    birthday: Birthday | None = None
    in_mailing_list: bool | None = None
    quick_note: str = ""


class BooxiHistory(Frozen):
    client_ids: list[str] = Field(default_factory=list)
    clients: list[BooxiClientInfo] = Field(default_factory=list)
    window_from: datetime | None = None
    window_to: datetime | None = None
    bookings: list[Booking] = Field(default_factory=list)
    skipped: int = 0


class Section[T: BaseModel](BaseModel):
    """One vendor's part: its data (kept from the last success when a refresh fails)."""

    vendor: str
    status: Status = Status.PENDING
    data: T | None = None
    as_of: datetime | None = None  # when ``data`` was fetched
    checked_at: datetime | None = None  # when the vendor was last asked, whatever it said
    message: str = ""


class RecordContact(Frozen):
    """One cached vendor record's name and contacts (normalised), for disagreements."""

    vendor: str
    vendor_id: str
    name: str = ""
    emails: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)  # E.164


class Header(Frozen):
    """The unified customer as the cache knows them (search fills this; no vendor call)."""

    customer_id: int
    name: str
    emails: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)
    vendor_ids: dict[str, list[str]] = Field(default_factory=dict)
    link_reasons: list[str] = Field(default_factory=list)
    blacklisted: bool = False
    blacklist_reason: str = ""
    points: int | None = None
    records: list[RecordContact] = Field(default_factory=list)


class Sections(BaseModel):
    loke: Section[Loyalty] = Field(default_factory=lambda: Section[Loyalty](vendor="loke"))
    reservations: Section[Reservations] = Field(
        default_factory=lambda: Section[Reservations](vendor="reservations"))
    qudini: Section[Qudini] = Field(default_factory=lambda: Section[Qudini](vendor="qudini"))
    booxi: Section[BooxiHistory] = Field(
        default_factory=lambda: Section[BooxiHistory](vendor="booxi"))

    def get(self, vendor: str) -> Section[BaseModel]:
        section: Section[BaseModel] = getattr(self, vendor)
        return section
