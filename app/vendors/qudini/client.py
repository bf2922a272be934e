"""Client for Qudini's booking lookup: customer details by booking identifier, and answers.

Qudini documents only the two endpoints we use, and no auth for them; the ``/api/...`` family
takes HTTP Basic with an API user in every public example, so we send Basic on both calls when
the profile names an ``api_user`` (harmless on the public details endpoint, which the customer's
own weblink page calls). The details envelope carries ``status``: a 200 whose status is not
``"ok"`` is still a failure, so we check it rather than trusting the HTTP code alone.

:class:`ShortLinkResolver` turns the short link customers receive by SMS
(``https://qdi.page.link/<code>``) into the booking it names, by reading the link's redirect
— and going nowhere but Qudini's servers while doing so.
"""

from __future__ import annotations

import asyncio
import base64
from urllib.parse import urljoin, urlsplit

import httpx

from app.errors import (
    BadData,
    ClientdeskError,
    CredentialError,
    ExitCode,
    NotAuthorised,
    NotFound,
    RateLimited,
    Rejected,
    Unavailable,
    UntrustedCertificate,
    VendorError,
)
from app.profile import VENDOR_NAMES, QudiniTable
from app.vendors.http import AsyncClosing, VendorHttp
from app.vendors.limits import ERROR_BODY_MAX, CallLimits, counter
from app.vendors.network import SYSTEM, Network
from app.vendors.parsing import parse_list, parse_model
from app.vendors.qudini.links import (
    SHORT_BASE,
    BookingLinkError,
    Origin,
    origin_of,
    parse_booking_reference,
    parse_short_link,
    short_code,
)
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


# -- short links ----------------------------------------------------------------------------------
#: Redirects followed before giving up. Firebase Dynamic Links answers a short link with one
#: redirect to the link's target; the rest leave room for a hop through a long dynamic link or
#: a Qudini server, without letting a redirect loop run on.
SHORT_LINK_HOPS = 4
#: What is read of any answer: a redirect carries at most a small HTML body, so a bigger
#: answer is not a redirect and is not read on.
SHORT_LINK_BODY_MAX = ERROR_BODY_MAX
FULL_LINK = "paste the full booking link (…qudini.com/customer/…) from the customer's phone"
_SHORT_LINK_CODES = {
    "offline": ExitCode.UNAVAILABLE,  # no network, a timeout, the link service failing
    "busy": ExitCode.RATE_LIMITED,
    "not_found": ExitCode.NOT_FOUND,  # the link service does not know the code (expired)
    "outside": ExitCode.BAD_PROFILE,  # the link is not a Qudini booking link: the input is wrong
    "broken": ExitCode.BAD_DATA,  # an answer that is no usable redirect
}


class ShortLinkError(ClientdeskError):
    """A short link that did not lead to a booking; ``message`` is for staff.

    ``kind`` says why — ``offline``, ``busy``, ``not_found``, ``outside`` or ``broken`` — and
    sets the CLI exit code (5, 6, 8, 2, 7: see ``_SHORT_LINK_CODES`` and the README).
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.exit_code = _SHORT_LINK_CODES[kind]


class _Redirected(VendorError):
    """A 3xx answer, carried out of :meth:`VendorHttp.request` (which returns only 2xx) so the
    resolver reads its ``Location`` instead of any library following it."""

    def __init__(self, vendor: str, status: int, location: str | None) -> None:
        super().__init__(vendor, f"redirected (HTTP {status})", status=status)
        self.location = location


class _ShortLinkHttp(VendorHttp):
    def error_for(self, response: httpx.Response) -> VendorError:
        status = response.status_code
        if 300 <= status < 400:
            return _Redirected(self.vendor, status, response.headers.get("location"))
        return super().error_for(response)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "the link service")[:80]


class ShortLinkResolver(AsyncClosing):
    """Reads where a Qudini short link points, following it only across Qudini's servers.

    **GET, not HEAD.** A short link is answered by Firebase Dynamic Links (Qudini's page.link
    domain), whose behaviour is documented for browsers opening the link with GET: a program
    that sends GET gets ``302 Found`` with the target in ``Location`` (the workaround people
    use where the SDK cannot resolve a link), while HEAD is not documented for it. Browsers
    may instead get an app-preview page (200), which holds no usable address; we report that
    rather than read a page.

    **Never fetched elsewhere.** Redirects are never followed automatically (httpx is built
    with ``follow_redirects=False``); each ``Location`` is judged *before* anything is sent:

    * a booking address on a Qudini server — ``https://*.qudini.com`` or the origin of the
      store's configured Qudini URL — ends the walk, unfetched, in
      :func:`~app.vendors.qudini.links.parse_booking_reference`;
    * another address on a Qudini server or on the short-link service (``short_link_base``
      or https://qdi.page.link) is fetched as the next hop, at most :data:`SHORT_LINK_HOPS`
      in all;
    * anything else (another host, another port of the same host, plain http to a public
      host, a user name in the address) is refused, and never contacted.

    No credential is sent on any hop. The whole walk has the Qudini counter-call deadline;
    every answer is read to at most :data:`SHORT_LINK_BODY_MAX` bytes.
    """

    def __init__(
        self,
        table: QudiniTable | None,
        *,
        client: httpx.AsyncClient | None = None,
        limits: CallLimits | None = None,
        network: Network = SYSTEM,
        max_retries: int = 1,
    ) -> None:
        self.base = (table.short_link_base if table is not None else SHORT_BASE).rstrip("/")
        configured = origin_of(table.url) if table is not None else None
        self.qudini_origins: frozenset[Origin] = frozenset({configured} if configured else ())
        self.short_origins: frozenset[Origin] = frozenset(
            o for o in (origin_of(self.base), origin_of(SHORT_BASE)) if o is not None)
        self.limits = (limits or counter("qudini")).scaled(max_body=SHORT_LINK_BODY_MAX)
        self.http = _ShortLinkHttp(VENDOR, self.base, client=client, limits=self.limits,
                                   network=network, max_retries=max_retries)

    def __repr__(self) -> str:
        return f"ShortLinkResolver({self.base!r})"

    async def aclose(self) -> None:
        await self.http.aclose()

    def is_qudini(self, origin: Origin) -> bool:
        """A Qudini server: https on qudini.com or a subdomain, or the configured host."""
        scheme, host, _port = origin
        return origin in self.qudini_origins or (
            scheme == "https" and (host == "qudini.com" or host.endswith(".qudini.com")))

    async def booking_identifier(self, short_link: str) -> str:
        """The booking identifier ``short_link`` (as :func:`parse_short_link` accepts it)
        leads to, or :class:`ShortLinkError` saying why not (BookingLinkError when the text is
        no short link at all, before any request)."""
        canonical = parse_short_link(short_link)
        if canonical is None:
            raise BookingLinkError(f"That is not a Qudini short link (qdi.page.link/…); "
                                   f"{FULL_LINK}.")
        url = f"{self.base}/{short_code(canonical)}"
        try:
            async with asyncio.timeout(self.limits.deadline_s):
                return await self._walk(url)
        except TimeoutError:
            raise self._offline(url, "did not answer in time") from None

    async def _walk(self, url: str) -> str:
        for _hop in range(SHORT_LINK_HOPS):
            location = await self._location(url)
            target = urljoin(url, location)
            origin = self._origin(target, location)
            if origin is None:
                raise ShortLinkError("broken", f"{_host(url)} sent an address Clientdesk cannot "
                                     f"read safely, so it was not followed; {FULL_LINK}.")
            qudini = self.is_qudini(origin)
            if not qudini and origin not in self.short_origins:
                scheme, host, _port = origin
                raise ShortLinkError(
                    "outside", f"This short link points outside Qudini (to {scheme}://"
                    f"{host[:80]}), so Clientdesk did not follow it. It is not a Qudini "
                    f"booking link: check where it came from, or {FULL_LINK}.")
            try:
                return parse_booking_reference(target, origins=self.qudini_origins)
            except BookingLinkError:
                url = target  # a further hop on Qudini's servers or the link service
        raise ShortLinkError("broken", f"This short link redirects more than {SHORT_LINK_HOPS} "
                             f"times without reaching a Qudini booking, so Clientdesk stopped "
                             f"following it; {FULL_LINK}.")

    @staticmethod
    def _origin(target: str, location: str) -> Origin | None:
        """``target``'s origin, when the two URL parsers that matter agree on it: ours, which
        judges it, and httpx's, which would connect to it. A backslash, a space or a control
        character is where they could differ, so such an address is not read at all."""
        if not location.isprintable() or any(ch in location for ch in "\\ \t"):
            return None
        origin = origin_of(target)
        if origin is None:
            return None
        try:
            parsed = httpx.URL(target)
            host = parsed.raw_host.decode("ascii").lower().rstrip(".")
        except (httpx.InvalidURL, UnicodeDecodeError):
            return None
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        return origin if (parsed.scheme, host, port) == origin else None

    def _offline(self, url: str, reason: str) -> ShortLinkError:
        host = _host(url)
        return ShortLinkError(
            "offline", f"This is a Qudini short link, and opening it needs the network: "
            f"Clientdesk asks {host} where it points, because the booking is kept behind the "
            f"link, not in it — and {host} {reason}. Try again when online, or {FULL_LINK}.")

    async def _location(self, url: str) -> str:
        """The ``Location`` of the redirect ``url`` answers with, or why there is none."""
        host = _host(url)
        try:
            await self.http.request("GET", url)
        except _Redirected as redirect:
            if not redirect.location or not redirect.location.strip():
                raise ShortLinkError(
                    "broken", f"{host} answered HTTP {redirect.status} without saying where "
                    f"the link points; {FULL_LINK}.") from None
            return redirect.location.strip()
        except NotFound:
            raise self._unknown(host, 404) from None
        except Rejected as exc:
            if exc.status in (400, 410):  # Firebase: "Invalid Dynamic Link"; gone
                raise self._unknown(host, exc.status) from None
            raise ShortLinkError("broken", f"{host} refused to open the link (HTTP "
                                           f"{exc.status}); {FULL_LINK}.") from None
        except RateLimited:
            raise ShortLinkError("busy", f"{host} is limiting requests just now; wait a "
                                         f"minute and try again, or {FULL_LINK}.") from None
        except UntrustedCertificate as exc:
            raise ShortLinkError("offline", f"{host} presented a certificate this PC does not "
                                            f"trust — {exc.hint}.") from None
        except Unavailable as exc:
            raise self._offline(url, exc.message) from None
        except NotAuthorised:
            raise ShortLinkError("broken", f"{host} refused to open the link; "
                                           f"{FULL_LINK}.") from None
        except VendorError:
            raise ShortLinkError("broken", f"{host} sent an answer Clientdesk cannot read; "
                                           f"{FULL_LINK}.") from None
        raise ShortLinkError("broken", f"{host} answered with a page instead of the address the "
                                       f"link points to; {FULL_LINK}.")

    @staticmethod
    def _unknown(host: str, status: int | None) -> ShortLinkError:
        return ShortLinkError(
            "not_found", f"{host} does not know this short link (HTTP {status}): it has "
            "expired, was withdrawn, or was copied wrongly — its code is case-sensitive, so "
            f"check the capitals. Otherwise {FULL_LINK}.")
