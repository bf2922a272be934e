"""Qminder wire models: REST v1 tickets, lines and locations, and GraphQL subscription tickets.

Why two ticket shapes: REST v1 sends ``line`` as a number and ``called``/``served`` sub-objects,
while GraphQL sends ``line {id name}`` and only ``statusSetAt``. The queue panel wants one type,
so :meth:`GqlTicket.to_ticket` folds the GraphQL shape into :class:`Ticket` and live events carry
that same type (:class:`TicketEvent`).

Tolerance rules (vendor reference §3/§4): optional keys are omitted, ``null`` or ``""`` — all the
same; ids may be numbers or strings and are kept as strings; ``phoneNumber`` is a JSON number in
v1 and a string elsewhere; statuses are kept as text (the GraphQL enum has more values than v1 and
Qminder adds new ones). Label colours are kept raw and only *read* through a helper that returns
``#rrggbb`` or ``None``, so a bad colour never hides a ticket. Secondary arrays that the counter
only displays (``extra``, ``interactions``, ``messages``) drop unreadable items instead of failing
the whole ticket; ``labels`` stay strict because staff edit them and a silently dropped label
would be deleted by a later "replace all labels".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, Field, ValidationError

from app.errors import BadData
from app.vendors.parsing import (
    Id,
    OptBool,
    OptId,
    OptInt,
    OptStr,
    Text,
    Timestamp,
    VendorModel,
    parse_model,
)

log = logging.getLogger("clientdesk.qminder")

M = TypeVar("M", bound=BaseModel)

#: v1 statuses (``CANCELLED`` is legacy) plus the extra GraphQL enum values.
KNOWN_STATUSES: frozenset[str] = frozenset({
    "NEW", "CALLED", "SERVED", "NOSHOW", "CANCELLED_BY_CLERK", "CANCELLED",
    "SCHEDULED", "SCHEDULING_CANCELLED", "SCHEDULING_CANCELLED_BY_VISITOR", "SCHEDULING_NOSHOW",
})
#: Statuses after which no counter action is possible.
FINISHED_STATUSES: frozenset[str] = frozenset({
    "SERVED", "NOSHOW", "CANCELLED_BY_CLERK", "CANCELLED",
    "SCHEDULING_CANCELLED", "SCHEDULING_CANCELLED_BY_VISITOR", "SCHEDULING_NOSHOW",
})

_HEX6 = re.compile(r"#?([0-9a-fA-F]{6})")
_HEX3 = re.compile(r"#?([0-9a-fA-F]{3})")


def is_known_status(status: str | None) -> bool:
    """True for a status this app knows how to show; unknown ones are displayed verbatim."""
    return status is not None and status.strip().upper() in KNOWN_STATUSES


def safe_hex_color(value: str | None) -> str | None:
    """``#rrggbb`` (lower case) from ``FF00FF``, ``#ff00ff`` or ``#f0f``; ``None`` otherwise.

    Label colours come without ``#`` and line colours with it; anything else (names, CSS
    functions, garbage) yields ``None`` so the UI falls back to its own colour instead of
    injecting vendor text into a style sheet.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _HEX6.fullmatch(text)
    if match:
        return "#" + match.group(1).lower()
    match = _HEX3.fullmatch(text)
    if match:
        return "#" + "".join(c * 2 for c in match.group(1).lower())
    return None


def _lenient_list[M: BaseModel](model: type[M]) -> Callable[[Any], list[M]]:
    """A before-validator keeping the readable items of a display-only array."""

    def convert(value: Any) -> list[M]:
        if not isinstance(value, list):
            if value not in (None, ""):
                log.debug("Qminder: ignored a %s that is not a list", model.__name__)
            return []
        items: list[M] = []
        for item in value:
            try:
                items.append(model.model_validate(item))
            except (ValidationError, TypeError, ValueError, RecursionError):
                log.debug("Qminder: skipped an unreadable %s", model.__name__)
        return items

    return convert


def _none_as_empty(value: Any) -> Any:
    """Missing, ``null`` and ``""`` arrays alike mean "none"."""
    return [] if value is None or value == "" else value


def _opt_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool | float):
        raise ValueError("expected an exact decimal")
    try:
        result = Decimal(value) if isinstance(value, int | Decimal | str) else None
    except InvalidOperation as exc:
        raise ValueError("not a number") from exc
    if result is None or not result.is_finite():
        raise ValueError("expected a finite number")
    return result


OptDecimal = Annotated[Decimal | None, BeforeValidator(_opt_decimal)]


# -- ticket parts -------------------------------------------------------------------------------


class Stamp(VendorModel):
    """``{"date": iso}`` (created/served); GraphQL adds ``user``."""

    date: Timestamp = None


class Called(VendorModel):
    date: Timestamp = None
    caller: OptId = None
    desk: OptId = None


class Cancelled(VendorModel):
    date: Timestamp = None
    canceller: OptId = None


class Assigned(VendorModel):
    assigner: OptId = None
    assignee: OptId = None


class Label(VendorModel):
    """A ticket label. ``color`` is kept as sent; use :attr:`hex_color` to display it."""

    value: Text = ""
    color: OptStr = None

    @property
    def hex_color(self) -> str | None:
        return safe_hex_color(self.color)


class ExtraField(VendorModel):
    """A custom input field: text/select (``value``, select may add ``color``) or link (``url``)."""

    title: Text = ""
    value: OptStr = None
    color: OptStr = None
    url: OptStr = None

    @property
    def hex_color(self) -> str | None:
        return safe_hex_color(self.color)

    @property
    def link(self) -> str | None:
        """The URL only if it is http(s) with a host — never ``javascript:`` or ``file:``."""
        if not self.url:
            return None
        parts = urlsplit(self.url.strip())
        if parts.scheme.lower() in ("http", "https") and parts.hostname:
            return self.url.strip()
        return None


class Interaction(VendorModel):
    start: Timestamp = None
    end: Timestamp = None
    line: OptId = None
    user: OptId = None


class Message(VendorModel):
    created: Stamp | None = None
    body: Text = ""
    type: OptStr = None
    status: OptStr = None
    user_id: OptId = Field(default=None, alias="userId")


Labels = Annotated[list[Label], BeforeValidator(_none_as_empty)]
Extras = Annotated[list[ExtraField], BeforeValidator(_lenient_list(ExtraField))]
Interactions = Annotated[list[Interaction], BeforeValidator(_lenient_list(Interaction))]
Messages = Annotated[list[Message], BeforeValidator(_lenient_list(Message))]


class Ticket(VendorModel):
    """One visit in the queue (REST v1 shape; GraphQL tickets are converted into it)."""

    id: Id
    status: Text = ""
    source: OptStr = None
    line: OptId = None
    #: Only known from GraphQL (``line {id name}``); REST callers look it up in :meth:`lines`.
    line_name: OptStr = None
    public_id: OptStr = Field(default=None, alias="publicId")
    first_name: OptStr = Field(default=None, alias="firstName")
    last_name: OptStr = Field(default=None, alias="lastName")
    email: OptStr = None
    phone_number: OptStr = Field(default=None, alias="phoneNumber")
    language_code: OptStr = Field(default=None, alias="languageCode")
    order_after: Timestamp = Field(default=None, alias="orderAfter")
    created: Stamp | None = None
    called: Called | None = None
    served: Stamp | None = None
    cancelled: Cancelled | None = None
    assigned: Assigned | None = None
    labels: Labels = Field(default_factory=list)
    extra: Extras = Field(default_factory=list)
    interactions: Interactions = Field(default_factory=list)
    messages: Messages = Field(default_factory=list)

    @property
    def status_known(self) -> bool:
        return is_known_status(self.status)

    @property
    def is_waiting(self) -> bool:
        return self.status.upper() == "NEW"

    @property
    def is_called(self) -> bool:
        return self.status.upper() == "CALLED"

    @property
    def is_finished(self) -> bool:
        return self.status.upper() in FINISHED_STATUSES

    @property
    def name(self) -> str:
        """"First Last", or just the first name (many walk-ins give only that)."""
        return " ".join(p.strip() for p in (self.first_name, self.last_name) if p).strip()

    @property
    def created_at(self) -> datetime | None:
        return self.created.date if self.created else None

    @property
    def queue_time(self) -> datetime | None:
        """Queue order per the docs: ``orderAfter`` if reordered, else the creation time."""
        return self.order_after or self.created_at

    def label_values(self) -> list[str]:
        return [label.value for label in self.labels if label.value]


class Line(VendorModel):
    id: Id
    name: Text = ""
    color: OptStr = None
    disabled: OptBool = None

    @property
    def hex_color(self) -> str | None:
        return safe_hex_color(self.color)

    @property
    def is_disabled(self) -> bool:
        return bool(self.disabled)


class Location(VendorModel):
    id: Id
    name: Text = ""
    timezone_offset: OptInt = Field(default=None, alias="timezoneOffset")
    latitude: OptDecimal = None
    longitude: OptDecimal = None
    country: OptStr = None


class CreatedTicket(VendorModel):
    """Answer of ``POST /tickets``: ``{"id":"226859","publicId":"A-42"}``."""

    id: Id
    public_id: OptStr = Field(default=None, alias="publicId")


# -- GraphQL subscription shapes ----------------------------------------------------------------


def _line_ref(value: Any) -> Any:
    """GraphQL sends ``line {id name}``; accept a bare id too."""
    if isinstance(value, int | str) and not isinstance(value, bool):
        return {"id": value}
    return value


class GqlLineRef(VendorModel):
    id: Id
    name: OptStr = None


class GqlUserRef(VendorModel):
    id: OptId = None


class GqlTicket(VendorModel):
    """A GraphQL ``Ticket`` as pushed by subscriptions (only the fields we ask for)."""

    id: Id
    status: Text = ""
    status_set_at: Timestamp = Field(default=None, alias="statusSetAt")
    line: Annotated[GqlLineRef | None, BeforeValidator(_line_ref)] = None
    first_name: OptStr = Field(default=None, alias="firstName")
    last_name: OptStr = Field(default=None, alias="lastName")
    email: OptStr = None
    phone_number: OptStr = Field(default=None, alias="phoneNumber")
    created: Stamp | None = None
    cancelled: Stamp | None = None
    caller: GqlUserRef | None = None
    labels: Labels = Field(default_factory=list)

    def to_ticket(self, labels: list[Label] | None = None) -> Ticket:
        """The same :class:`Ticket` the REST API gives, as far as GraphQL tells us."""
        status = self.status.upper()
        data: dict[str, Any] = {
            "id": self.id,
            "status": self.status,
            "line": self.line.id if self.line else None,
            "line_name": self.line.name if self.line else None,
            "firstName": self.first_name,
            "lastName": self.last_name,
            "email": self.email,
            "phoneNumber": self.phone_number,
            "created": {"date": self.created.date} if self.created else None,
            "labels": [lbl.model_dump() for lbl in (self.labels if labels is None else labels)],
        }
        if status == "CALLED":
            data["called"] = {"date": self.status_set_at,
                              "caller": self.caller.id if self.caller else None}
        elif status == "SERVED":
            data["served"] = {"date": self.status_set_at}
        elif status in ("CANCELLED", "CANCELLED_BY_CLERK"):
            data["cancelled"] = {"date": self.cancelled.date if self.cancelled
                                 else self.status_set_at}
        return Ticket.model_validate(data)


class GqlLabelsChange(VendorModel):
    """Payload of ``changedTicketLabels``: the ticket and its new full label set."""

    ticket: GqlTicket
    labels: Labels = Field(default_factory=list)


#: Subscription field → the event kind delivered to the app.
SUBSCRIPTION_KINDS: dict[str, str] = {
    "createdTickets": "created",
    "calledTickets": "called",
    "servedTickets": "served",
    "changedTickets": "changed",
    "cancelledTickets": "cancelled",
    "recalledTickets": "recalled",
    "changedTicketLabels": "labels",
}


@dataclass(frozen=True)
class TicketEvent:
    """A live change: ``kind`` is one of :data:`SUBSCRIPTION_KINDS` values."""

    kind: str
    ticket: Ticket


def parse_event(vendor: str, field: str, value: Any) -> TicketEvent:
    """A subscription ``data`` value for ``field`` as a :class:`TicketEvent`, or BadData."""
    kind = SUBSCRIPTION_KINDS.get(field)
    if kind is None:
        raise BadData(vendor, "sent a live update we did not ask for", detail=field[:60])
    if field == "changedTicketLabels":
        change = parse_model(vendor, GqlLabelsChange, value, what="label change")
        return TicketEvent(kind, change.ticket.to_ticket(labels=change.labels))
    gql = parse_model(vendor, GqlTicket, value, what="live ticket")
    return TicketEvent(kind, gql.to_ticket())
