"""Booxi partner API: client lookup and booking history, models.

Its fair-use limiter lives with the others in :mod:`app.vendors.ratelimit`.
"""

from app.vendors.booxi.client import BooxiClient, InvalidRequest
from app.vendors.booxi.models import (
    Booking,
    BookingHistory,
    BookingPage,
    Client,
    Merchant,
    Resource,
    Service,
    Staff,
)

__all__ = [
    "Booking",
    "BookingHistory",
    "BookingPage",
    "BooxiClient",
    "Client",
    "InvalidRequest",
    "Merchant",
    "Resource",
    "Service",
    "Staff",
]
