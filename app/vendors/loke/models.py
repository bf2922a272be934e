"""LOKE wire models: loyalty customers, their statistics, customer lists and OAuth tokens.

LOKE's customer API is marked BETA, so everything but ``id`` is optional here even where the docs
say "required": a renamed or dropped field must cost us one blank cell, not a failed sync. Money
(``totalSpend``) is integer cents and stays an ``int``; a fractional value is bad data, never a
float.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

from app.profile import VENDOR_NAMES
from app.vendors.parsing import (
    CamelModel,
    DateOnly,
    Id,
    OptBool,
    OptInt,
    OptStr,
    Text,
    Timestamp,
    VendorModel,
)

VENDOR = VENDOR_NAMES["loke"]


def _trimmed(value: str | None) -> str | None:
    """LOKE keeps emails as typed at signup, stray spaces included; matching needs them gone."""
    if value is None:
        return None
    return value.strip() or None


TrimmedStr = Annotated[OptStr, AfterValidator(_trimmed)]


def _statistics(value: Any) -> Any:
    # An empty object or null both mean "no statistics yet" (a brand-new member).
    return None if value in (None, "", {}) else value


class CustomerStatistics(CamelModel):
    """Points and spend. ``total_spend`` is in minor units (cents) of the org's currency."""

    points_balance: OptInt = None
    total_points_earned: OptInt = None
    total_points_redeemed: OptInt = None
    total_spend: OptInt = None
    last_points_earned_at: Timestamp = None
    last_points_redeemed_at: Timestamp = None
    last_spent_at: Timestamp = None

    @property
    def total_spend_amount(self) -> Decimal | None:
        """Spend in major units (``3687`` → ``Decimal("36.87")``), exact, for display."""
        return None if self.total_spend is None else Decimal(self.total_spend).scaleb(-2)


class Customer(CamelModel):
    """A LOKE loyalty customer (``GET …/customers/{id}`` and list items)."""

    id: Id
    first_name: Text = ""
    last_name: Text = ""
    email: TrimmedStr = None
    phone_number: TrimmedStr = None
    dob: DateOnly = None
    gender: OptStr = None
    has_agreed_to_marketing: OptBool = None
    created_at: Timestamp = None
    updated_at: Timestamp = None
    statistics: Annotated[CustomerStatistics | None, BeforeValidator(_statistics)] = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class CustomerListTiny(CamelModel):
    """A customer list ("VIP", "Newsletter", …) the customer is a member of."""

    id: Id
    name: Text = ""


class TokenResponse(VendorModel):
    """An OAuth 2 token answer. The token is a credential: kept out of ``repr`` and logs."""

    access_token: Annotated[Id, Field(repr=False)]
    token_type: OptStr = None
    expires_in: OptInt = None
    scope: OptStr = None

