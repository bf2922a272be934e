"""Client for the reservations (Miketsu-inc) customer API: profile, stats, notes, blacklist.

Three things make this vendor unusual, and each has its reason here:

* **Cookie auth with a foreign Domain.** Tokens come only as ``Set-Cookie`` with a hard-coded
  ``Domain=.reservations.local``; httpx's jar would drop them, so :class:`Session` keeps them
  and every call sends an explicit ``Cookie`` header. We also purge ``jwt-*`` from the httpx jar
  after each response so a jar that *did* accept them can never add stale values.
* **Implicit refresh.** An expired access token is a plain 401; sending only ``jwt-refresh``
  makes the server serve the call *and* hand out a new access token. So: 401 → drop access,
  retry once with the refresh token → still 401 → sign in again once → still 401 → NotAuthorised.
* **Errors are not where you expect them.** Not-found is 400 (or HTTP 200 with an error body for
  stats), never 404; messages carry Go function names (``GetCustomerInfo: no rows ...``), which
  we keep in ``detail`` for the log and never show to staff.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.cookiejar
from collections.abc import AsyncIterator, Callable
from datetime import date
from typing import Any
from urllib.parse import quote

import httpx

from app.errors import (
    BadData,
    CredentialError,
    NotAuthorised,
    NotFound,
    Rejected,
    Unavailable,
    VendorError,
)
from app.profile import VENDOR_NAMES, ReservationsTable
from app.vendors.http import AsyncClosing, VendorHttp, new_async_client
from app.vendors.limits import CallLimits, counter
from app.vendors.network import SYSTEM, Network
from app.vendors.parsing import loads, parse_items, parse_list, parse_model
from app.vendors.reservations.models import (
    CalendarCustomer,
    CustomerInfo,
    CustomerRow,
    CustomerStats,
    Me,
)
from app.vendors.reservations.session import NAMES, REFRESH, Session, cookie_value
from app.vendors.streaming import HEAD_LIMIT, JsonItems

VENDOR = VENDOR_NAMES["reservations"]
LOGIN_PATH = "/api/v1/auth/login"
ME_PATH = "/api/v1/auth/me"
#: A syntactically valid id no customer has: the cheapest merchant-scoped call for ``check``.
PROBE_ID = "00000000-0000-0000-0000-000000000000"
JSON_HEADERS = {"Content-Type": "application/json"}  # chi answers 415 to bodies without it


def vendor_message(body: Any) -> str | None:
    """The text of ``{"error": {"message": ...}}`` (or ``{"error": "..."}``), else None."""
    if not isinstance(body, dict) or "error" not in body:
        return None
    error = body["error"]
    if isinstance(error, dict):
        message = error.get("message")
        return message if isinstance(message, str) else str(error)[:200]
    return str(error)[:200]


def error_from_message(status: int, message: str) -> VendorError:
    """Our error for a vendor error text (400, or the HTTP-200 error envelope).

    The staff-facing message is ours; the vendor's (with its internal function names) goes to
    ``detail`` only.
    """
    lowered = message.lower()
    if "no rows in result set" in lowered or "invalid customer id" in lowered:
        return NotFound(VENDOR, "has no such customer", detail=message, status=status)
    if "json parsing" in lowered:
        return Rejected(VENDOR, "could not read the request", detail=message, status=status)
    if "field is required" in lowered:
        return Rejected(VENDOR, "needs a field that was left empty", detail=message,
                        status=status)
    return Rejected(VENDOR, "refused the request", detail=message, status=status)


def _not_member(exc: VendorError) -> bool:
    return "team member" in exc.detail.lower()


class _ReservationsHttp(VendorHttp):
    """VendorHttp with this vendor's status meanings (400 = not found or invalid, no 404s)."""

    def error_for(self, response: httpx.Response) -> VendorError:
        status = response.status_code
        detail = self.error_text(response)
        if status == 401:
            if "team member" in detail.lower():
                return NotAuthorised(VENDOR, "this staff account is not part of the store's "
                                     "merchant", detail=detail, status=status)
            return NotAuthorised(VENDOR, "refused the staff sign-in", detail=detail,
                                 status=status)
        if status == 400:
            return error_from_message(status, detail)
        if status == 415:
            return Rejected(VENDOR, "did not accept the request format (HTTP 415)",
                            detail=detail, status=status)
        if status in (404, 405):
            # Not-found is never 404 in this API: a 404/405 means the route does not exist,
            # i.e. the server is an older or newer build than the profile says.
            return Rejected(VENDOR, "does not offer this API path — check path_form in the "
                            "store profile", detail=detail, status=status)
        return super().error_for(response)


def _refusing_jar() -> http.cookiejar.CookieJar:
    """A cookie jar that accepts nothing: the session cookies are ours to keep, not httpx's."""
    return http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))


def _birthday(value: date) -> str:
    """The server rejects a bare date; it wants a full RFC 3339 midnight-UTC timestamp."""
    return f"{value.isoformat()}T00:00:00Z"


class ReservationsClient(AsyncClosing):
    """Staff-session client for one merchant. ``secret`` is the staff user's password."""

    def __init__(
        self,
        table: ReservationsTable,
        secret: str,
        *,
        client: httpx.AsyncClient | None = None,
        limits: CallLimits | None = None,
        network: Network = SYSTEM,
        max_retries: int = 2,
    ) -> None:
        if not secret:
            raise CredentialError("reservations: no staff password is stored — run "
                                  "`clientdesk credentials set reservations`")
        self.table = table
        self._secret = secret
        self._owns_client = client is None
        limits = limits if limits is not None else counter("reservations")
        http_client = client if client is not None else new_async_client(
            table.base_url, network, timeout=limits.timeout, cookies=_refusing_jar())
        self.http = _ReservationsHttp(VENDOR, table.base_url, client=http_client,
                                      limits=limits, max_retries=max_retries,
                                      network=network)
        self.http.on_response = self._on_response
        self._session = Session()
        self._auth_lock = asyncio.Lock()
        self._merchant_lock = asyncio.Lock()
        self._merchant_id: str | None = table.merchant_id.lower() if table.merchant_id else None

    def __repr__(self) -> str:
        return f"ReservationsClient({self.table.base_url!r}, email={self.table.email!r})"

    # -- lifecycle ------------------------------------------------------------------------------
    async def aclose(self) -> None:
        if self._owns_client:
            await self.http.client.aclose()

    # -- session --------------------------------------------------------------------------------
    def _on_response(self, response: httpx.Response) -> None:
        # Only a response to the current session may change it: a late 401 for a request sent
        # with the previous refresh token must not delete the tokens a concurrent login just got.
        sent = cookie_value(response.request.headers.get("cookie", ""), REFRESH)
        if response.request.url.path.endswith(LOGIN_PATH) or sent == self._session.refresh:
            self._session.capture(response)
        # Whatever an injected client's jar took from this response, it must never speak for us.
        jar = self.http.client.cookies
        for name in NAMES:
            for cookie in [c for c in jar.jar if c.name == name]:
                jar.jar.clear(cookie.domain, cookie.path, cookie.name)

    async def _cookie_headers(self) -> dict[str, str]:
        return self._session.cookie_header()

    async def login(self) -> None:
        """Sign in with the staff email and password (always a fresh session)."""
        async with self._auth_lock:
            await self._login()

    async def _login(self) -> None:
        self._session.clear()
        try:
            await self.http.request(
                "POST", LOGIN_PATH,
                json={"email": self.table.email, "password": self._secret},
                headers=JSON_HEADERS, idempotent=True,  # signing in twice is harmless
            )
        except NotAuthorised as exc:
            raise NotAuthorised(VENDOR, "refused the staff email or password", detail=exc.detail,
                                status=exc.status) from None
        if self._session.refresh is None:
            raise BadData(VENDOR, "signed us in but sent no session cookies")
        self._session.generation += 1

    async def _ensure_session(self) -> None:
        if self._session.active:
            return
        async with self._auth_lock:
            if not self._session.active:
                await self._login()

    async def _relogin(self, seen_generation: int) -> None:
        async with self._auth_lock:
            if self._session.generation == seen_generation:  # nobody else did it meanwhile
                await self._login()

    async def _call(
        self, method: str, path: str, *, json: Any = None, idempotent: bool | None = None,
        stream: bool = False,
    ) -> httpx.Response:
        """One authenticated call with the refresh / re-login ladder described in the module."""
        await self._ensure_session()
        refreshed = relogged = False
        while True:
            seen = self._session.generation
            sent_access = self._session.access
            try:
                return await self.http.request(
                    method, path, json=json, headers=JSON_HEADERS if json is not None else None,
                    auth_headers=self._cookie_headers, idempotent=idempotent, stream=stream,
                )
            except NotAuthorised as exc:
                if _not_member(exc):
                    raise
                if self._session.generation != seen and not relogged:
                    relogged = True  # a concurrent call signed in already: use its tokens
                    continue
                if not refreshed and sent_access is not None:
                    refreshed = True
                    if self._session.access == sent_access:  # not yet replaced by another call
                        self._session.drop_access()  # next try sends only jwt-refresh
                    continue
                if relogged:
                    raise
                relogged = True
                await self._relogin(seen)

    # -- envelopes ------------------------------------------------------------------------------
    def _data(self, response: httpx.Response) -> Any:
        return self._body_data(response.status_code, self.http.json(response))

    def _body_data(self, status: int, body: Any) -> Any:
        message = vendor_message(body)
        if message is not None:
            raise error_from_message(status, message)
        if not isinstance(body, dict) or "data" not in body:
            raise BadData(VENDOR, "sent an answer without data",
                          detail=f"top-level {type(body).__name__}")
        return body["data"]

    def _expect_empty(self, response: httpx.Response) -> None:
        """Writes answer with no body; a body can only be an error envelope worth raising."""
        if not response.content.strip():
            return
        try:
            body = loads(response.content)
        except (ValueError, RecursionError):
            return
        message = vendor_message(body)
        if message is not None:
            raise error_from_message(response.status_code, message)

    # -- merchant context -----------------------------------------------------------------------
    async def me(self) -> Me:
        """The signed-in staff user and their merchant memberships."""
        response = await self._call("GET", ME_PATH)
        return parse_model(VENDOR, Me, self._data(response), what="staff account")

    async def merchant_id(self) -> str:
        """The merchant UUID: from the profile, else the first membership of the staff user."""
        if self._merchant_id is None:
            async with self._merchant_lock:  # concurrent first calls share one /auth/me
                if self._merchant_id is None:
                    me = await self.me()
                    if not me.memberships:
                        raise NotAuthorised(VENDOR, "this staff account is not part of any "
                                            "merchant")
                    self._merchant_id = me.memberships[0].merchant_id.lower()
        return self._merchant_id

    async def _prefix(self) -> str:
        if self.table.path_form == "merchant":
            return "/api/v1/merchant"  # older builds: merchant taken from the login
        return f"/api/v1/merchants/{quote(await self.merchant_id(), safe='')}"

    async def _customer_path(self, customer_id: str, suffix: str = "") -> str:
        return f"{await self._prefix()}/customers/{quote(customer_id.strip(), safe='')}{suffix}"

    # -- reads ----------------------------------------------------------------------------------
    async def customer_list(self, *, blacklist: bool = False) -> tuple[list[CustomerRow], int]:
        """The whole customer list (or the blacklist) and how many rows could not be read.

        An unreadable row is skipped and counted, not fatal: one odd record must not stop a
        sync of every other customer. A body that is not a list at all is still BadData.
        """
        tail = "/customers/blacklist" if blacklist else "/customers"
        response = await self._call("GET", f"{await self._prefix()}{tail}")
        return parse_items(VENDOR, CustomerRow, self._data(response), what="customer")

    async def customer_batches(self, *, blacklist: bool = False, size: int = 1000,
                               keep: Callable[[list[Any]], list[Any]] | None = None,
                               ) -> AsyncIterator[tuple[list[CustomerRow], int]]:
        """:meth:`customer_list` read as it downloads: ``(rows, unreadable)`` per batch.

        For the sync at large stores: the list is one body with no paging, and streaming it
        keeps memory flat and lets the cache writer start before the last byte arrives. A
        failure part-way raises after the batches already yielded (which stay valid).

        ``keep`` sees each batch of raw items (decoded JSON) first and returns the ones worth
        validating: the sync drops rows it already stored unchanged, so they cost no model
        validation (a batch it empties entirely is still yielded, as ``([], 0)``).
        """
        tail = "/customers/blacklist" if blacklist else "/customers"
        response = await self._call("GET", f"{await self._prefix()}{tail}", stream=True)
        items = JsonItems(VENDOR, response, "data.item", size,
                          chunks=self.http.chunks(response))
        try:
            async for batch in items.batches():
                yield parse_items(VENDOR, CustomerRow, keep(batch) if keep else batch,
                                  what="customer")
        finally:
            await response.aclose()
        if items.count:
            return
        # No rows at all: an empty list, or an error envelope / a body of another shape,
        # which the ordinary reading explains (and raises for).
        if not items.whole_head:
            raise BadData(VENDOR, "sent a customer list in a shape we do not know",
                          detail=f"{items.size} bytes without rows")
        body = self._body_data(response.status_code, self.http.decode(items.head))
        rows, unreadable = parse_items(VENDOR, CustomerRow, body, what="customer")
        if rows or unreadable:
            yield rows, unreadable

    async def raw_customer_list(self, *, blacklist: bool = False,
                                on_status: Callable[[int], None] | None = None,
                                ) -> AsyncIterator[bytes]:
        """:meth:`customer_batches` as the bytes that arrive, for a reader elsewhere: the sync
        hands them to the cache's writer process (:mod:`app.sync.reservations_fill`), so the
        process that downloads them does nothing else. ``on_status`` hears the HTTP status
        before the first chunk (:meth:`rows_of_head` needs it)."""
        tail = "/customers/blacklist" if blacklist else "/customers"
        response = await self._call("GET", f"{await self._prefix()}{tail}", stream=True)
        if on_status is not None:
            on_status(response.status_code)
        try:
            async for chunk in self.http.chunks(response):
                yield chunk
        except httpx.TimeoutException:
            raise Unavailable(VENDOR, "stopped answering part-way") from None
        except httpx.HTTPError as exc:
            raise Unavailable(VENDOR, "broke off the answer part-way",
                              detail=type(exc).__name__) from None
        finally:
            await response.aclose()

    def rows_of_head(self, status: int, head: bytes, size: int,
                     ) -> tuple[list[CustomerRow], int]:
        """A list body in which streaming found no rows, from its first bytes ``head`` (of
        ``size`` in all): an empty list, or an error envelope or unknown shape, which raises
        as :meth:`customer_batches` does."""
        if size > HEAD_LIMIT:
            raise BadData(VENDOR, "sent a customer list in a shape we do not know",
                          detail=f"{size} bytes without rows")
        body = self._body_data(status, self.http.decode(head))
        return parse_items(VENDOR, CustomerRow, body, what="customer")

    async def customers(self) -> list[CustomerRow]:
        """Every readable non-blacklisted customer (one response, no paging, any order)."""
        return (await self.customer_list())[0]

    async def blacklisted(self) -> list[CustomerRow]:
        """Only the blacklisted customers (they never appear in :meth:`customers`)."""
        return (await self.customer_list(blacklist=True))[0]

    async def customer(self, customer_id: str) -> CustomerInfo:
        response = await self._call("GET", await self._customer_path(customer_id))
        return parse_model(VENDOR, CustomerInfo, self._data(response), what="customer")

    async def stats(self, customer_id: str) -> CustomerStats:
        """Profile, counters and bookings. Unknown ids come back as HTTP 200 + error → NotFound."""
        response = await self._call("GET", await self._customer_path(customer_id, "/stats"))
        return parse_model(VENDOR, CustomerStats, self._data(response), what="customer stats")

    async def calendar_customers(self) -> list[CalendarCustomer]:
        response = await self._call("GET", f"{await self._prefix()}/calendar/customers")
        return parse_list(VENDOR, CalendarCustomer, self._data(response), what="customer")

    # -- writes (PUT/DELETE are idempotent and retried; POST /customers never is) ----------------
    async def create_customer(
        self,
        first_name: str,
        last_name: str,
        *,
        email: str | None = None,
        phone_number: str | None = None,
        birthday: date | None = None,
        note: str | None = None,
    ) -> None:
        """Create a (dummy) customer. The server returns no id: re-list and match to find it.

        Never retried: the server has no idempotency key, a repeat makes a duplicate.
        """
        body: dict[str, Any] = {"first_name": first_name, "last_name": last_name}
        optional = {"email": email, "phone_number": phone_number, "note": note,
                    "birthday": _birthday(birthday) if birthday else None}
        body.update({k: v for k, v in optional.items() if v is not None})
        response = await self._call("POST", f"{await self._prefix()}/customers", json=body,
                                    idempotent=False)
        self._expect_empty(response)

    async def update_customer(
        self,
        customer_id: str,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        email: str | None = None,
        phone_number: str | None = None,
        birthday: date | None = None,
        note: str | None = None,
    ) -> None:
        """Partial update: ``None`` leaves a field unchanged, ``""`` blanks it.

        The server cannot set a field back to null, and a birthday can never be cleared.
        """
        body: dict[str, Any] = {"id": customer_id.strip()}
        fields = {"first_name": first_name, "last_name": last_name, "email": email,
                  "phone_number": phone_number, "note": note,
                  "birthday": _birthday(birthday) if birthday else None}
        body.update({k: v for k, v in fields.items() if v is not None})
        response = await self._call("PUT", await self._customer_path(customer_id), json=body)
        self._expect_empty(response)

    async def update_note(self, customer_id: str, note: str) -> None:
        """Replace the staff note; ``""`` empties it (null would be ignored by the server)."""
        await self.update_customer(customer_id, note=note)

    async def delete_customer(self, customer_id: str) -> None:
        """Delete a *dummy* customer; for a user-linked one the server silently does nothing."""
        response = await self._call("DELETE", await self._customer_path(customer_id))
        self._expect_empty(response)

    async def blacklist(self, customer_id: str, reason: str | None) -> None:
        """Blacklist with a reason. The key is ``blacklist_reason`` (``reason`` is ignored)."""
        response = await self._call(
            "PUT", await self._customer_path(customer_id, "/blacklist"),
            json={"id": customer_id.strip(), "blacklist_reason": reason},
        )
        self._expect_empty(response)

    async def unblacklist(self, customer_id: str) -> None:
        """Lift the blacklist (the server clears the reason too)."""
        response = await self._call("DELETE", await self._customer_path(customer_id, "/blacklist"))
        self._expect_empty(response)

    async def transfer_bookings(self, from_id: str, to_id: str) -> None:
        """Move all bookings of a *dummy* duplicate to the primary record.

        The server validates nothing: a non-dummy source or unknown ids are a silent no-op.
        """
        response = await self._call(
            "PUT", f"{await self._prefix()}/customers/transfer",
            json={"from_customer_id": from_id.strip(), "to_customer_id": to_id.strip()},
        )
        self._expect_empty(response)

    # -- doctor ---------------------------------------------------------------------------------
    async def check(self) -> str:
        """Sign in, find the merchant, and prove the merchant routes answer (path_form).

        The probe asks for the stats of an id no customer has: the cheapest merchant-scoped
        call (no customer list is transferred); "no such customer" is the expected answer.
        """
        await self.login()
        with contextlib.suppress(NotFound):
            await self.stats(PROBE_ID)
        if self.table.path_form == "merchant":
            return f"signed in as {self.table.email} (older server, merchant from the sign-in)"
        # The first UUID block is enough to tell merchants apart on a status line.
        return f"signed in as {self.table.email} (merchant {(await self.merchant_id())[:8]}…)"
