"""Qminder: the live queue (tickets, lines), counter actions and GraphQL live updates."""

from app.vendors.qminder.client import QminderClient, qminder_error_text, shared_limiter
from app.vendors.qminder.live import LiveState, LiveTiming, QminderLive, subscription_url
from app.vendors.qminder.models import (
    KNOWN_STATUSES,
    SUBSCRIPTION_KINDS,
    ExtraField,
    GqlTicket,
    Label,
    Line,
    Location,
    Ticket,
    TicketEvent,
    is_known_status,
    parse_event,
    safe_hex_color,
)

__all__ = [
    "KNOWN_STATUSES",
    "SUBSCRIPTION_KINDS",
    "ExtraField",
    "GqlTicket",
    "Label",
    "Line",
    "LiveState",
    "LiveTiming",
    "Location",
    "QminderClient",
    "QminderLive",
    "Ticket",
    "TicketEvent",
    "is_known_status",
    "parse_event",
    "qminder_error_text",
    "safe_hex_color",
    "shared_limiter",
    "subscription_url",
]
