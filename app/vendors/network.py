"""How a vendor is reached from a store's network: which proxy, and which certificates to trust.

Why: stores sit behind proxies and TLS-inspecting firewalls that IT configured for the whole
PC. Ignoring the system proxy, or trusting only certifi's bundle, makes every vendor read
"unreachable" at exactly those stores. So:

* **Proxy.** The store profile's ``[network] proxy`` wins; without it the system's settings
  apply — ``HTTPS_PROXY`` / ``HTTP_PROXY`` / ``ALL_PROXY`` and ``NO_PROXY``, which
  :func:`urllib.request.getproxies` also reads from the Windows registry and macOS settings.
  Loopback hosts (training mode's fake vendors) never go through a *system* proxy, which
  could not reach them; a proxy named in the profile is used for every vendor.
* **Certificates.** TLS is verified against the operating system's trust store
  (:mod:`truststore`), so a company CA that IT installed is trusted like the public ones.
  Verification is never turned off.

The same :class:`Network` serves the REST clients (httpx) and the Qminder websocket.
"""

from __future__ import annotations

import functools
import ssl
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import truststore

from app.profile import NetworkTable, is_loopback_host


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One context per process (building one costs milliseconds): OS trust store, TLS 1.2+,
    hostnames checked. truststore reads the store when a connection is made, so a CA that IT
    adds later is trusted without a restart."""
    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


@dataclass(frozen=True)
class Route:
    """How one URL is reached: ``proxy`` (None: direct) and where that choice came from."""

    proxy: str | None
    source: str  # "store profile", "system settings" or "" (direct)

    def describe(self) -> str:
        if self.proxy is None:
            return "direct"
        return f"via proxy {self.proxy} (from the {self.source})"


@dataclass(frozen=True)
class Network:
    """The store's network settings (``[network]`` of the profile)."""

    proxy: str | None = None

    @classmethod
    def of(cls, table: NetworkTable | None) -> Network:
        return cls(proxy=table.proxy if table is not None else None)

    def route(self, url: str) -> Route:
        if self.proxy:
            return Route(self.proxy, "store profile")
        parts = urlsplit(url)
        host = parts.hostname or ""
        if is_loopback_host(host):
            return Route(None, "")
        proxies = urllib.request.getproxies()
        if not proxies or urllib.request.proxy_bypass(host):
            return Route(None, "")
        scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
        chosen = proxies.get(scheme) or proxies.get("all")
        return Route(chosen, "system settings") if chosen else Route(None, "")

    def httpx_options(self, base_url: str) -> dict[str, Any]:
        """Keyword arguments for an ``httpx.AsyncClient`` that talks to ``base_url``."""
        return {"proxy": self.route(base_url).proxy, "verify": tls_context(),
                "trust_env": False}

    def websocket_options(self, url: str) -> dict[str, Any]:
        """Keyword arguments for :func:`websockets.asyncio.client.connect` to ``url``."""
        options: dict[str, Any] = {"proxy": self.route(url).proxy}
        if url.startswith("wss://"):
            options["ssl"] = tls_context()
        return options


#: The system's settings only (no profile proxy).
SYSTEM = Network()
