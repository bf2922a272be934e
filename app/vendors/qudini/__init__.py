"""Qudini: booking details by booking identifier or link, and customer question answers."""

from app.vendors.qudini.client import QudiniClient
from app.vendors.qudini.links import BookingLinkError, parse_booking_reference
from app.vendors.qudini.models import Answer, CustomerDetails, CustomerDetailsEnvelope

__all__ = [
    "Answer",
    "BookingLinkError",
    "CustomerDetails",
    "CustomerDetailsEnvelope",
    "QudiniClient",
    "parse_booking_reference",
]
