"""LOKE loyalty customers: OAuth client, paging, models."""

from app.vendors.loke.client import CustomerPage, LokeClient, RawPage, read_customer_page
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
    "RawPage",
    "TokenResponse",
    "read_customer_page",
]
