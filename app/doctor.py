"""``doctor``: for each vendor the store uses — credential present, reachable, authenticated,
and how long it took. The same checks feed the CLI and the training-mode window.

All vendors are checked concurrently, so the whole run takes as long as the slowest vendor.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict, dataclass, replace
from typing import Any

import httpx

from app.errors import (
    ClientdeskError,
    CredentialError,
    ExitCode,
    NotAuthorised,
    RateLimited,
    Unavailable,
    VendorError,
)
from app.profile import VENDOR_NAMES, StoreProfile
from app.secrets import SecretSource, needs_secret
from app.vendors.network import Network
from app.vendors.registry import base_url, make_client


@dataclass(frozen=True)
class VendorCheck:
    """One vendor's result. ``None`` means "not checked" (an earlier step failed)."""

    vendor: str
    name: str
    credentials: bool | None  # None: this vendor needs no secret in this profile
    reachable: bool | None
    authenticated: bool | None
    latency_ms: float | None
    message: str
    exit_code: ExitCode
    route: str = ""  # "direct", or which proxy and from where (app.vendors.network)

    @property
    def ok(self) -> bool:
        return self.exit_code == ExitCode.OK

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["exit_code"] = int(self.exit_code)
        data["ok"] = self.ok
        return data


async def check_vendor(
    vendor: str,
    profile: StoreProfile,
    secrets: SecretSource,
    *,
    client: httpx.AsyncClient | None = None,
) -> VendorCheck:
    """One vendor checked, saying how it was reached: IT behind a proxy needs to see that
    the proxy (and which one) was used, or why not."""
    result = await _check(vendor, profile, secrets, client)
    route = Network.of(profile.network).route(base_url(profile, vendor))
    return replace(result, route=route.describe())


async def _check(vendor: str, profile: StoreProfile, secrets: SecretSource,
                 client: httpx.AsyncClient | None) -> VendorCheck:
    name = VENDOR_NAMES[vendor]
    table = getattr(profile, vendor)
    needed = needs_secret(table, vendor)
    secret: str | None = None
    if needed:
        try:
            secret = await asyncio.to_thread(secrets.get, vendor)
        except CredentialError as exc:
            return VendorCheck(vendor, name, False, None, None, None, exc.message,
                               exc.exit_code)
        if not secret:
            return VendorCheck(
                vendor, name, False, None, None, None,
                f"no credential stored — run `clientdesk credentials set {vendor}`",
                ExitCode.CREDENTIALS)
    api = make_client(vendor, profile, secret, client=client)
    started = time.perf_counter()
    try:
        summary = await api.check()
    except VendorError as exc:
        latency = (time.perf_counter() - started) * 1000
        reachable = not isinstance(exc, Unavailable)
        authenticated: bool | None = None
        if isinstance(exc, NotAuthorised):
            authenticated = False
        elif not isinstance(exc, Unavailable | RateLimited):
            authenticated = True
        return VendorCheck(vendor, name, needed or None, reachable, authenticated,
                           round(latency, 1), f"{exc.message} — {exc.hint}", exc.exit_code)
    except ClientdeskError as exc:
        return VendorCheck(vendor, name, needed or None, None, None, None, exc.message,
                           exc.exit_code)
    finally:
        await api.aclose()
    latency = (time.perf_counter() - started) * 1000
    return VendorCheck(vendor, name, True if needed else None, True, True, round(latency, 1),
                       summary, ExitCode.OK)


async def run_doctor(profile: StoreProfile, secrets: SecretSource) -> list[VendorCheck]:
    """Check every configured vendor at once; results in profile order."""
    return list(await asyncio.gather(
        *(check_vendor(vendor, profile, secrets) for vendor in profile.vendors())))


def doctor_exit_code(checks: list[VendorCheck]) -> ExitCode:
    """0 when all pass, else the exit code of the first failing vendor (in profile order)."""
    for check in checks:
        if not check.ok:
            return check.exit_code
    return ExitCode.OK
