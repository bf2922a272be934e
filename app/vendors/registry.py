"""Build a vendor client from the store profile and its secret — the one place that knows
which class serves which vendor, so the CLI, doctor and GUI never special-case vendors."""

from __future__ import annotations

from typing import Protocol

import httpx

from app.profile import StoreProfile
from app.vendors.limits import CallLimits
from app.vendors.network import Network


class VendorClient(Protocol):
    async def check(self) -> str: ...

    async def aclose(self) -> None: ...


def base_url(profile: StoreProfile, vendor: str) -> str:
    """Where ``vendor`` is reached for this store (its tables spell it two ways)."""
    table = getattr(profile, vendor)
    if table is None:
        raise ValueError(f"this store does not use {vendor!r}")
    url = getattr(table, "url", None) or table.base_url
    return str(url)


def make_client(
    vendor: str,
    profile: StoreProfile,
    secret: str | None,
    *,
    client: httpx.AsyncClient | None = None,
    limits: CallLimits | None = None,
) -> VendorClient:
    """A client for ``vendor`` as the profile configures it (the vendor must be configured),
    reaching it through the store's network (:mod:`app.vendors.network`)."""
    network = Network.of(profile.network)
    if vendor == "qminder":
        from app.vendors.qminder import QminderClient

        assert profile.qminder is not None
        return QminderClient(profile.qminder, secret or "", client=client, network=network,
                             limits=limits)
    if vendor == "qudini":
        from app.vendors.qudini import QudiniClient

        assert profile.qudini is not None
        return QudiniClient(profile.qudini, secret, client=client, network=network,
                            limits=limits)
    if vendor == "booxi":
        from app.vendors.booxi import BooxiClient

        assert profile.booxi is not None
        return BooxiClient(profile.booxi, secret or "", client=client, network=network,
                           limits=limits)
    if vendor == "reservations":
        from app.vendors.reservations import ReservationsClient

        assert profile.reservations is not None
        return ReservationsClient(profile.reservations, secret or "", client=client,
                                  network=network, limits=limits)
    if vendor == "loke":
        from app.vendors.loke import LokeClient

        assert profile.loke is not None
        return LokeClient(profile.loke, secret or "", client=client, network=network,
                          limits=limits)
    raise ValueError(f"unknown vendor {vendor!r}")
