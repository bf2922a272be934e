"""Build a vendor client from the store profile and its secret — the one place that knows
which class serves which vendor, so the CLI, doctor and GUI never special-case vendors."""

from __future__ import annotations

from typing import Protocol

import httpx

from app.profile import StoreProfile


class VendorClient(Protocol):
    async def check(self) -> str: ...

    async def aclose(self) -> None: ...


def make_client(
    vendor: str,
    profile: StoreProfile,
    secret: str | None,
    *,
    client: httpx.AsyncClient | None = None,
) -> VendorClient:
    """A client for ``vendor`` as the profile configures it (the vendor must be configured)."""
    if vendor == "qminder":
        from app.vendors.qminder import QminderClient

        assert profile.qminder is not None
        return QminderClient(profile.qminder, secret or "", client=client)
    if vendor == "qudini":
        from app.vendors.qudini import QudiniClient

        assert profile.qudini is not None
        return QudiniClient(profile.qudini, secret, client=client)
    if vendor == "booxi":
        from app.vendors.booxi import BooxiClient

        assert profile.booxi is not None
        return BooxiClient(profile.booxi, secret or "", client=client)
    if vendor == "reservations":
        from app.vendors.reservations import ReservationsClient

        assert profile.reservations is not None
        return ReservationsClient(profile.reservations, secret or "", client=client)
    if vendor == "loke":
        from app.vendors.loke import LokeClient

        assert profile.loke is not None
        return LokeClient(profile.loke, secret or "", client=client)
    raise ValueError(f"unknown vendor {vendor!r}")
