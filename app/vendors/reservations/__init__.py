"""reservations (Miketsu-inc): merchant customers, stats, notes and blacklist."""

from app.vendors.reservations.client import ReservationsClient
from app.vendors.reservations.models import (
    CalendarCustomer,
    CustomerBooking,
    CustomerInfo,
    CustomerRow,
    CustomerStats,
    Me,
    Membership,
)

__all__ = [
    "CalendarCustomer",
    "CustomerBooking",
    "CustomerInfo",
    "CustomerRow",
    "CustomerStats",
    "Me",
    "Membership",
    "ReservationsClient",
]
