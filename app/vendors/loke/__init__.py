"""LOKE loyalty customers: OAuth client, paging, models."""

from app.vendors.loke.client import CustomerPage, LokeClient
from app.vendors.loke.models import (
    Customer,
    CustomerListTiny,
    CustomerStatistics,
    TokenResponse,
)

__all__ = [
    "Customer",
    "CustomerListTiny",
    "CustomerPage",
    "CustomerStatistics",
    "LokeClient",
    "TokenResponse",
]
