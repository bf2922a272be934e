"""Reservations' own count of a record's bookings (for the merge preview), on one client.

Why a service rather than a client per question: the merge preview asks each time a manager
picks the other customer. A new client each time signs in to reservations again (a new
session, a new connection pool) and reads the keyring again — and a keyring read can block (a
locked keyring waits for its unlock prompt), which must never happen on the GUI thread. So one
:class:`BookingCounter` lives as long as the window: its client is made on first use, with the
secret read on a worker thread (``asyncio.to_thread``), reused by every later preview, and
closed by whoever made the service (the window's composition root) at shutdown.

A refused or missing credential leaves no client behind, so the next preview reads the keyring
again and picks up a key saved meanwhile (``clientdesk credentials set reservations``).
"""

from __future__ import annotations

import asyncio
import logging

import httpx

from app.errors import ClientdeskError, CredentialError, NotAuthorised
from app.profile import StoreProfile
from app.secrets import SecretSource
from app.vendors.network import Network
from app.vendors.reservations import ReservationsClient

log = logging.getLogger("clientdesk.customer.bookings")


class BookingCounter:
    """``await count(reservations_id)``: how many bookings reservations holds for a record."""

    def __init__(self, profile: StoreProfile, secrets: SecretSource, *,
                 http_client: httpx.AsyncClient | None = None) -> None:
        if profile.reservations is None:
            raise ValueError("this store has no reservations: nothing to count")
        self.table = profile.reservations
        self.network = Network.of(profile.network)
        self.secrets = secrets
        self._http = http_client
        self._client: ReservationsClient | None = None
        self._lock = asyncio.Lock()
        self._closed = False
        #: Keyring reads made so far (each one on a worker thread): tests check the reuse.
        self.secret_reads = 0

    @classmethod
    def for_store(cls, profile: StoreProfile, secrets: SecretSource) -> BookingCounter | None:
        """The store's counter; None when the store has no reservations (nothing to move)."""
        return cls(profile, secrets) if profile.reservations is not None else None

    async def count(self, reservations_id: str) -> int:
        """The record's bookings as reservations counts them now.

        Raises :class:`~app.errors.VendorError` when reservations cannot answer, and
        :class:`~app.errors.CredentialError` without a key (or a usable keyring)."""
        client = await self._the_client()
        try:
            stats = await client.stats(reservations_id)
        except NotAuthorised:
            await self._forget(client)  # the key was refused: read it again next time
            raise
        return max(stats.times_booked, len(stats.bookings))

    async def _the_client(self) -> ReservationsClient:
        async with self._lock:  # two previews at once still make one client
            if self._closed:
                raise ClientdeskError("the window is closing")
            if self._client is None:
                self.secret_reads += 1
                secret = await asyncio.to_thread(self.secrets.get, "reservations")
                if not secret:
                    raise CredentialError("no reservations credential on this PC")
                if self._closed:  # closed while the keyring answered
                    raise ClientdeskError("the window is closing")
                self._client = ReservationsClient(self.table, secret, client=self._http,
                                                  network=self.network)
            return self._client

    async def _forget(self, client: ReservationsClient) -> None:
        async with self._lock:
            if self._client is client:
                self._client = None
        await self._close(client)

    async def aclose(self) -> None:
        """Close the client (its session and connections); later counts raise."""
        async with self._lock:
            self._closed = True
            client, self._client = self._client, None
        if client is not None:
            await self._close(client)

    @staticmethod
    async def _close(client: ReservationsClient) -> None:
        try:
            await client.aclose()
        except Exception:  # closing must not fail the window's shutdown
            log.debug("closing the reservations client failed", exc_info=True)
