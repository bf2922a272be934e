"""LOKE customers API client: OAuth client-credentials tokens and ``X-Next-Page`` paging.

Why it looks like this:

* The client secret opens every organization that installed our add-on, so it goes only into
  the form body of the token request (never a URL, log line, exception or repr), and the bearer
  token only ever travels to the configured API origin — a ``X-Next-Page`` URL pointing anywhere
  else is refused as bad data instead of being followed with our token.
* One token serves every call until shortly before it expires; many concurrent calls share one
  token request (an :class:`asyncio.Lock`). A 401 means the token died early (revoked, server
  restart): we fetch a new one and retry once, then give up.
* Paging is decided by the header alone (LOKE's guide: short or empty pages are not the end).
  Each :class:`CustomerPage` carries the URL it came from and the next one, so a bulk sync can
  store its position and resume after a crash instead of starting a million-row export again.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

import httpx

from app.errors import BadData, NotAuthorised, NotFound, Rejected, VendorError
from app.logs import register_secret
from app.profile import LokeTable
from app.vendors.http import (
    AsyncClosing,
    Backoff,
    VendorHttp,
    decode_json,
    default_error_text,
    error_body,
)
from app.vendors.limits import CallLimits, counter
from app.vendors.loke.models import (
    VENDOR,
    Customer,
    CustomerListTiny,
    TokenResponse,
)
from app.vendors.network import SYSTEM, Network
from app.vendors.parsing import parse_items, parse_model

log = logging.getLogger("clientdesk.vendors.loke")

Sort = Literal["created", "updated"]
#: Assumed token lifetime when the token answer has no ``expires_in`` (OAuth makes it optional).
DEFAULT_TOKEN_TTL_S = 300.0
#: Refresh this long before expiry at most (and never more than 10 % of the lifetime early).
REFRESH_EARLY_S = 60.0
#: ``check()`` searches for this address: cheap, authenticated, and matches nobody.
PROBE_EMAIL = "clientdesk-doctor-probe@invalid.example"
_E164 = re.compile(r"\+[1-9]\d{5,14}")
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class RawPage:
    """One page of the customer list as LOKE sent it (see :class:`CustomerPage`)."""

    url: str
    content: bytes
    next_url: str | None


def read_customer_page(content: bytes) -> tuple[list[Customer], int]:
    """A customer page's customers, and how many of them could not be read.

    A module function, not a method: the writer process reads the pages a sync fetched
    (:mod:`app.sync.loke_fill`) without a client. Raises :class:`BadData` when the page as a
    whole is not a list of customers.
    """
    return parse_items(VENDOR, Customer, decode_json(VENDOR, content), what="customer")


@dataclass(frozen=True)
class CustomerPage:
    """One page of the customer list.

    ``url`` fetches this page again; ``next_url`` (``None`` on the last page) continues after
    it. A sync that has stored a page's customers saves ``next_url`` and later passes it as
    ``start_url``. ``skipped`` counts records on this page that could not be read.
    """

    url: str
    customers: list[Customer]
    next_url: str | None
    skipped: int = 0


def _error_text(response: httpx.Response) -> str:
    """``code: message`` from LOKE's ``@loke/errors`` body or an OAuth error body, for logs."""
    body = error_body(response)
    if isinstance(body, dict):
        code = body.get("code") or body.get("error")
        message = body.get("message") or body.get("error_description")
        parts = [str(part) for part in (code, message) if isinstance(part, str | int) and part]
        if parts:
            return ": ".join(parts)[:200]
    return default_error_text(response)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)


class _LokeHttp(VendorHttp):
    """LOKE's meanings for 403 (add-on not installed) and 404 (no such customer)."""

    def error_for(self, response: httpx.Response) -> VendorError:
        status = response.status_code
        if status == 403:
            error = NotAuthorised(
                self.vendor, "this organization has not installed the Clientdesk add-on",
                detail=self.error_text(response), status=status)
            error.hint = "ask the organization's LOKE admin to install the add-on"
            return error
        if status == 404:
            return NotFound(self.vendor, "has no such customer", detail=self.error_text(response),
                            status=status)
        return super().error_for(response)


class LokeClient(AsyncClosing):
    """Read-only access to one LOKE organization's customers."""

    def __init__(
        self,
        table: LokeTable,
        secret: str,
        *,
        client: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.monotonic,
        limits: CallLimits | None = None,
        network: Network = SYSTEM,
        backoff: Backoff | None = None,
    ) -> None:
        self.table = table
        self._secret = secret
        self._clock = clock
        self._http = _LokeHttp(VENDOR, table.base_url, client=client,
                               limits=limits or counter("loke"), network=network,
                               error_text=_error_text,
                               backoff=backoff)
        self._origin = _origin(httpx.URL(self._http.base_url))
        self._token: str | None = None
        self._refresh_at = 0.0
        self._token_lock = asyncio.Lock()
        org = quote(table.organization_id, safe="")
        self._customers_path = f"/organizations/{org}/customers"

    def __repr__(self) -> str:
        return (f"LokeClient(base_url={self.table.base_url!r}, "
                f"organization_id={self.table.organization_id!r})")

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- public API -------------------------------------------------------------------------
    async def check(self) -> str:
        """The cheapest authenticated call (an email search that matches nobody)."""
        await self.search_by_email(PROBE_EMAIL)
        return f"authenticated, organization {self.table.organization_id}"

    async def customer(self, customer_id: str) -> Customer:
        """One customer by LOKE id; :class:`NotFound` when there is none."""
        path = f"{self._customers_path}/{_segment(customer_id, 'customer id')}"
        response = await self._get(path)
        return parse_model(VENDOR, Customer, self._http.json(response), what="customer")

    async def customer_pages(
        self, *, sort: Sort | None = None, start_url: str | None = None,
        read_ahead: bool = True,
    ) -> AsyncIterator[CustomerPage]:
        """Every customer page in LOKE's order, until no ``X-Next-Page`` header comes back.

        ``start_url`` resumes from a page URL a previous run saved (it already carries the sort
        and cursor, so ``sort`` is then ignored). ``read_ahead=False`` asks for the next page
        only when the caller wants it: for a reader that usually stops after the first page
        (an incremental sync), the page fetched ahead would be a wasted request.
        """
        first, params = self._first_page(sort, start_url)
        async for url, content, next_url in self._raw_pages(first, params,
                                                             read_ahead=read_ahead):
            customers, skipped = read_customer_page(content)
            yield CustomerPage(url=url, customers=customers, next_url=next_url, skipped=skipped)

    async def raw_customer_pages(self, *, sort: Sort | None = None,
                                 start_url: str | None = None) -> AsyncIterator[RawPage]:
        """:meth:`customer_pages` as the bytes LOKE sent, for a reader elsewhere to decode
        (:func:`read_customer_page`): a first fill hands them to the cache's writer process,
        so the process that fetches them does nothing but fetch (:mod:`app.sync.loke_fill`).
        """
        first, params = self._first_page(sort, start_url)
        async for url, content, next_url in self._raw_pages(first, params):
            yield RawPage(url=url, content=content, next_url=next_url)

    def _first_page(self, sort: Sort | None,
                    start_url: str | None) -> tuple[str, dict[str, str] | None]:
        if sort is not None and sort not in ("created", "updated"):
            raise ValueError("sort must be 'created' or 'updated'")
        if start_url is not None:
            return self._same_origin(start_url), None
        return self._customers_path, ({"sort": sort} if sort else None)

    async def customers(self, *, sort: Sort | None = None) -> list[Customer]:
        """All customers (many pages for a big organization: not for the UI thread's path)."""
        return [c async for page in self.customer_pages(sort=sort) for c in page.customers]

    async def search_by_email(self, email: str) -> list[Customer]:
        """Customers whose email is exactly ``email`` (LOKE allows several)."""
        email = email.strip()
        if not email:
            raise ValueError("email must not be blank")
        return await self._search({"email": email})

    async def search_by_phone(self, e164: str) -> list[Customer]:
        """Customers with this mobile in E.164 form (``+61411222333``); not unique in LOKE."""
        phone = e164.strip()
        if not _E164.fullmatch(phone):
            raise ValueError("phone must be in E.164 form, e.g. +61411222333")
        return await self._search({"phoneNumber": phone})

    async def memberships(self, customer_id: str) -> list[CustomerListTiny]:
        """The customer lists this customer belongs to (LOKE pages them by 10)."""
        path = f"{self._customers_path}/{_segment(customer_id, 'customer id')}/memberships"
        lists: list[CustomerListTiny] = []
        async for _url, body, _next in self._pages(path, None):
            items, _skipped = parse_items(VENDOR, CustomerListTiny, body, what="customer list")
            lists.extend(items)
        return lists

    # -- paging ------------------------------------------------------------------------------
    async def _search(self, params: Mapping[str, str]) -> list[Customer]:
        found: list[Customer] = []
        async for _url, body, _next in self._pages(self._customers_path, params):
            customers, _skipped = parse_items(VENDOR, Customer, body, what="customer")
            found.extend(customers)
        return found

    async def _pages(self, url: str, params: Mapping[str, str] | None
                     ) -> AsyncIterator[tuple[str, Any, str | None]]:
        """(url fetched, decoded body, next url) for each page (see :meth:`_raw_pages`)."""
        async for here, content, next_url in self._raw_pages(url, params):
            yield here, self._http.decode(content), next_url

    async def _raw_pages(
        self, url: str, params: Mapping[str, str] | None, *, read_ahead: bool = True
    ) -> AsyncIterator[tuple[str, bytes, str | None]]:
        """(url fetched, body as sent, next url) for each page, following ``X-Next-Page``.

        The next page is requested as soon as its link is known — before this page is decoded
        and handed on — so LOKE prepares page k+1 while we parse and store page k. Paging is
        otherwise strictly serial and each side would wait for the other. At most one request
        is ahead; it is cancelled if the caller stops early.
        """
        seen: set[str] = set()
        ahead: asyncio.Task[httpx.Response] | None = None
        try:
            response = await self._get(url, params)
            while True:
                here = str(response.request.url)
                next_url = self._next_url(response)
                seen.add(here)
                if next_url is not None and next_url in seen:
                    raise BadData(VENDOR, "sent paging that goes round in circles",
                                  detail=httpx.URL(next_url).path)
                if next_url is not None and read_ahead:
                    ahead = asyncio.ensure_future(self._get(next_url))
                    ahead.add_done_callback(_retrieve)
                yield here, response.content, next_url
                if next_url is None:
                    return
                if ahead is None:
                    response = await self._get(next_url)
                    continue
                response, ahead = await ahead, None
        finally:
            if ahead is not None:
                ahead.cancel()
                # Its outcome no longer matters: the caller stopped or this page failed.
                with suppress(asyncio.CancelledError, Exception):
                    await ahead

    def _next_url(self, response: httpx.Response) -> str | None:
        raw = response.headers.get("x-next-page", "").strip()
        if not raw:
            return None
        try:
            resolved = httpx.URL(self._http.base_url + "/").join(raw)
        except (httpx.InvalidURL, ValueError):
            raise BadData(VENDOR, "sent a next-page link we cannot read") from None
        return self._same_origin(str(resolved))

    def _same_origin(self, url: str) -> str:
        """Refuse any URL outside the API origin: our bearer token must not go there."""
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, ValueError):
            raise BadData(VENDOR, "sent a page link we cannot read") from None
        if _origin(parsed) != self._origin:
            raise BadData(VENDOR, "sent a page link to another server; not followed",
                          detail=f"link host {parsed.host!r}")
        return str(parsed)

    # -- auth --------------------------------------------------------------------------------
    async def _get(self, url: str, params: Mapping[str, str] | None = None) -> httpx.Response:
        """GET with the bearer token; on 401 fetch a new token and retry exactly once."""
        for attempt in (1, 2):
            # The token is fetched outside the API call, so its own retries do not multiply.
            token = await self._access_token()
            headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
            try:
                return await self._http.request("GET", url, params=params, headers=headers)
            except NotAuthorised as exc:
                if exc.status != 401 or attempt == 2:
                    raise
                log.info("%s: token refused (401); fetching a new one and retrying once", VENDOR)
                await self._forget_token(token)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _access_token(self) -> str:
        token = self._token
        if token is not None and self._clock() < self._refresh_at:
            return token
        async with self._token_lock:
            # Another task may have refreshed it while we waited for the lock.
            token = self._token
            if token is None or self._clock() >= self._refresh_at:
                token = await self._fetch_token()
            return token

    async def _forget_token(self, token: str) -> None:
        async with self._token_lock:
            if self._token == token:  # not if another task already replaced it
                self._token = None

    async def _fetch_token(self) -> str:
        started = self._clock()
        form = {
            "grant_type": "client_credentials",
            "client_id": self.table.client_id,
            "client_secret": self._secret,
        }
        try:
            response = await self._http.request(
                "POST", self.table.token_url, data=form, idempotent=True,
                headers={"Accept": "application/json"})
        except (NotAuthorised, Rejected) as exc:
            if exc.status in (400, 401, 403):
                raise NotAuthorised(VENDOR, "refused our client id or secret",
                                    detail=exc.detail, status=exc.status) from None
            raise
        answer = parse_model(VENDOR, TokenResponse, self._http.json(response), what="token")
        if answer.token_type is not None and answer.token_type.lower() != "bearer":
            raise BadData(VENDOR, "sent a token of an unknown type",
                          detail=f"token_type {answer.token_type!r}")
        ttl = DEFAULT_TOKEN_TTL_S if answer.expires_in is None else max(answer.expires_in, 0)
        register_secret(answer.access_token)  # scrubbed from every log line from now on
        self._token = answer.access_token
        self._refresh_at = started + ttl - min(REFRESH_EARLY_S, ttl * 0.1)
        return answer.access_token


def _retrieve(task: asyncio.Task[Any]) -> None:
    """Mark a read-ahead's failure as seen: it is raised where the page is awaited, and when
    the caller stopped early nobody awaits it (asyncio would log "never retrieved")."""
    if not task.cancelled():
        task.exception()


def _segment(value: str, what: str) -> str:
    """A path segment: blank is a caller bug, anything else is percent-encoded."""
    if not value or not value.strip():
        raise ValueError(f"{what} must not be blank")
    return quote(value.strip(), safe="")
