"""Client for Qudini's booking lookup: customer details by booking identifier, and answers.

Qudini documents only the two endpoints we use, and no auth for them; the ``/api/...`` family
takes HTTP Basic with an API user in every public example, so we send Basic on both calls when
the profile names an ``api_user`` (harmless on the public details endpoint, which the customer's
own weblink page calls). The details envelope carries ``status``: a 200 whose status is not
``"ok"`` is still a failure, so we check it rather than trusting the HTTP code alone.
"""

from __future__ import annotations

import base64

import httpx

from app.errors import BadData, CredentialError, NotAuthorised, NotFound, VendorError
from app.profile import VENDOR_NAMES, QudiniTable
from app.vendors.http import AsyncClosing, VendorHttp
from app.vendors.limits import CallLimits, counter
from app.vendors.network import SYSTEM, Network
from app.vendors.parsing import parse_list, parse_model
from app.vendors.qudini.links import parse_booking_reference
from app.vendors.qudini.models import Answer, CustomerDetails, CustomerDetailsEnvelope

VENDOR = VENDOR_NAMES["qudini"]
#: A well-formed identifier no booking has: the cheapest authenticated call for ``check``.
PROBE_IDENTIFIER = "0" * 33


class _QudiniHttp(VendorHttp):
    """VendorHttp with Qudini wording: 401 means the API user, 404 means the booking."""

    def error_for(self, response: httpx.Response) -> VendorError:
        status = response.status_code
        detail = self.error_text(response)
        if status in (401, 403):
            return NotAuthorised(VENDOR, "refused the API user name or password", detail=detail,
                                 status=status)
        if status == 404:
            return NotFound(VENDOR, "has no booking with that identifier", detail=detail,
                            status=status)
        return super().error_for(response)


def details_from(envelope: CustomerDetailsEnvelope) -> CustomerDetails:
    """The booking from an envelope, or the error its ``status`` stands for.

    Undocumented, so read conservatively: a non-"ok" status without details, or one that says
    "not found", is NotFound; anything else that is not a clean "ok" with details is BadData.
    """
    status = envelope.status or ""
    detail = f"status={status!r} message={envelope.message or ''!r}"[:200]
    if not envelope.ok:
        said = f"{status} {envelope.message or ''}".lower().replace("_", " ")
        if envelope.customer_details is None or "not found" in said:
            raise NotFound(VENDOR, "has no booking with that identifier", detail=detail)
        raise BadData(VENDOR, "sent a booking it did not mark as ok", detail=detail)
    if envelope.customer_details is None:
        raise BadData(VENDOR, "sent no booking details", detail=detail)
    return envelope.customer_details


class QudiniClient(AsyncClosing):
    """Booking lookups for one Qudini host. ``secret`` is the API user's password, if any."""

    def __init__(
        self,
        table: QudiniTable,
        secret: str | None,
        *,
        client: httpx.AsyncClient | None = None,
        limits: CallLimits | None = None,
        network: Network = SYSTEM,
        max_retries: int = 2,
    ) -> None:
        self.table = table
        self._authorization: str | None = None
        if table.api_user is not None:
            if not secret:
                raise CredentialError(
                    f"Qudini: no password is stored for API user {table.api_user!r} — run "
                    "`clientdesk credentials set qudini`")
            token = base64.b64encode(f"{table.api_user}:{secret}".encode()).decode("ascii")
            self._authorization = f"Basic {token}"
        self.http = _QudiniHttp(VENDOR, table.url, client=client,
                                limits=limits or counter("qudini"), network=network,
                                max_retries=max_retries)

    def __repr__(self) -> str:
        return f"QudiniClient({self.table.url!r}, api_user={self.table.api_user!r})"

    async def aclose(self) -> None:
        await self.http.aclose()

    async def _auth(self) -> dict[str, str]:
        return {"Authorization": self._authorization} if self._authorization else {}

    async def customer_details(self, identifier_or_link: str) -> CustomerDetails:
        """The booking behind an identifier or pasted/scanned link.

        Raises :class:`~app.vendors.qudini.links.BookingLinkError` (a ValueError, before any
        request) when the text is neither; NotFound for an unknown booking.
        """
        identifier = parse_booking_reference(identifier_or_link)
        response = await self.http.request("GET", f"/api-customer-details/{identifier}",
                                           auth_headers=self._auth)
        envelope = parse_model(VENDOR, CustomerDetailsEnvelope, self.http.json(response),
                               what="booking")
        return details_from(envelope)

    async def answers(self, identifier_or_link: str) -> list[Answer]:
        """The customer's answers to the booking questions (``[]`` when none were given)."""
        identifier = parse_booking_reference(identifier_or_link)
        response = await self.http.request("GET", f"/api/v3/customers/{identifier}/answers",
                                           auth_headers=self._auth)
        return parse_list(VENDOR, Answer, self.http.json(response), what="answer")

    async def check(self) -> str:
        """Prove the host answers and, with an API user, that Basic auth is accepted.

        With an ``api_user``: ask for the answers of a well-formed identifier no booking has
        (:data:`PROBE_IDENTIFIER`) on the authenticated ``/api/v3`` family. A 404 or an empty
        list means the credentials were accepted; a 401/403 raises NotAuthorised. Without an
        ``api_user`` only the public details endpoint can be probed (404 = reachable), and
        answers will be unavailable.
        """
        try:
            if self._authorization is None:
                await self.customer_details(PROBE_IDENTIFIER)
            else:
                await self.answers(PROBE_IDENTIFIER)
        except NotFound:
            pass
        if self._authorization is None:
            return "reachable; no API user set, so customer answers are unavailable"
        return f"signed in as API user {self.table.api_user}"
