"""Booxi partner API client: find a client, read their record and booking history.

Why it looks like this:

* Booxi's fair use is per partner key (5 requests/s, 300/min, 429 beyond), so every client in the
  process draws from one shared sliding-window limiter
  (:func:`~app.vendors.ratelimit.shared_booxi_limiter`) unless a test injects its own; a 400
  answer counts double at Booxi, so it is charged double here too.
* Because a 400 costs double, requests Booxi would refuse are refused locally first, with a
  message that says what to fix (:class:`InvalidRequest`, nothing sent).
* The partner key travels only in the ``Booxi-PartnerKey`` header; it is never in a URL, a log
  line, an exception or a repr. (Booxi wants it server-side only — see the vendor notes.)
* History is paged by an opaque ``cursor``; side tables (services, staff, merchants, …) arrive
  with every page and are merged by id into one :class:`BookingHistory`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, Literal

import httpx

from app.errors import BadData, NotAuthorised, NotFound, Rejected, VendorError
from app.profile import BooxiTable
from app.vendors.booxi.models import (
    VENDOR,
    BookingHistory,
    Client,
    parse_booking_page,
    parse_clients,
)
from app.vendors.http import (
    AsyncClosing,
    Backoff,
    VendorHttp,
    default_error_text,
    error_body,
)
from app.vendors.limits import CallLimits, counter
from app.vendors.network import SYSTEM, Network
from app.vendors.parsing import parse_model
from app.vendors.ratelimit import Limiter, shared_booxi_limiter

Order = Literal["ascending", "descending"]
#: ``check()`` looks this address up: cheap, authenticated, and matches nobody.
PROBE_EMAIL = "clientdesk-doctor-probe@invalid.example"
_DIGITS = re.compile(r"[1-9]\d{0,17}")


class InvalidRequest(Rejected):
    """A request Booxi would answer with 400 (charged double), refused before sending it."""

    hint = "nothing was sent; check the search, the dates or the client id"


def _error_text(response: httpx.Response) -> str:
    """``code: message`` from Booxi's best-effort error body, for logs."""
    body = error_body(response)
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        code = body.get("code")
        prefix = f"{code}: " if isinstance(code, str | int) and not isinstance(code, bool) else ""
        return f"{prefix}{body['message']}"[:200]
    return default_error_text(response)


class _BooxiHttp(VendorHttp):
    """Booxi's meanings for 400/401/403/404."""

    def error_for(self, response: httpx.Response) -> VendorError:
        status = response.status_code
        detail = self.error_text(response)
        if status == 401:
            return NotAuthorised(self.vendor, "refused our partner key", detail=detail,
                                 status=status)
        if status == 403:
            return NotAuthorised(self.vendor, "does not let our partner key see this merchant "
                                 "or client", detail=detail, status=status)
        if status == 404:
            return NotFound(self.vendor, "has no such client", detail=detail, status=status)
        if status == 400:
            return Rejected(self.vendor, "refused the request as invalid", detail=detail,
                            status=status)
        return super().error_for(response)


class BooxiClient(AsyncClosing):
    """Client lookup and booking history for the store's Booxi merchant."""

    def __init__(
        self,
        table: BooxiTable,
        secret: str,
        *,
        client: httpx.AsyncClient | None = None,
        limiter: Limiter | None = None,
        limits: CallLimits | None = None,
        network: Network = SYSTEM,
        backoff: Backoff | None = None,
    ) -> None:
        self.table = table
        self.limiter = limiter if limiter is not None else shared_booxi_limiter()
        self._headers = {"Booxi-PartnerKey": secret, "Accept": "application/json"}
        self._http = _BooxiHttp(VENDOR, table.url, client=client, limiter=self.limiter,
                                limits=limits or counter("booxi"), network=network,
                                error_text=_error_text, backoff=backoff)
        self._http.on_response = self._charge

    def __repr__(self) -> str:
        return f"BooxiClient(base_url={self.table.url!r}, merchant_id={self.table.merchant_id})"

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- public API -------------------------------------------------------------------------
    async def check(self) -> str:
        """The cheapest authenticated call: a client lookup that matches nobody."""
        await self.find_clients(email=PROBE_EMAIL)
        return f"authenticated, merchant {self.table.merchant_id}"

    async def find_clients(
        self,
        *,
        email: str | None = None,
        phone: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> list[Client]:
        """Clients of this store's merchant matching ONE criterion: email, phone, or full name.

        Booxi refuses mixed criteria and a lone first or last name; so do we, before sending.
        Several clients may share an email — let staff pick.
        """
        email, phone = _blank_to_none(email), _blank_to_none(phone)
        first, last = _blank_to_none(first_name), _blank_to_none(last_name)
        given = [name for name, value in (("email", email), ("phone", phone),
                                          ("name", first or last)) if value]
        if len(given) != 1:
            raise InvalidRequest(VENDOR, "search by exactly one of: email, phone, or first "
                                 "and last name")
        if (first is None) != (last is None):
            raise InvalidRequest(VENDOR, "search by name needs both first and last name")
        params = {"merchantId": str(self.table.merchant_id)}
        if email:
            params["email"] = email
        elif phone:
            params["phoneNumber"] = phone
        else:
            params.update(firstName=first or "", lastName=last or "")
        response = await self._get("/client", params)
        return parse_clients(self._http.json(response))

    async def client_record(self, client_id: str | int) -> Client:
        """One client record by Booxi client id; :class:`NotFound` when there is none."""
        response = await self._get(f"/client/{_client_id(client_id)}")
        body = self._http.json(response)
        if isinstance(body, dict) and "id" not in body and isinstance(body.get("client"), dict):
            body = body["client"]  # tolerate an envelope: the record's shape is inferred
        return parse_model(VENDOR, Client, body, what="client")

    async def booking_history(
        self,
        client_id: str | int,
        start: datetime,
        end: datetime,
        *,
        merchant_id: int | None = None,
        order: Order | None = None,
    ) -> BookingHistory:
        """Bookings of one client starting in ``[start, end)``, every page merged.

        ``start``/``end`` must be timezone-aware; they are sent as UTC RFC 3339 (whole seconds).
        ``merchant_id`` limits history to one store (default: every store the key can see).
        """
        utc_start, utc_end = _utc_seconds(start, "start"), _utc_seconds(end, "end")
        if utc_start >= utc_end:
            raise InvalidRequest(VENDOR, "booking history needs a start before its end")
        params = {"from": _rfc3339(utc_start), "to": _rfc3339(utc_end),
                  "clientId": _client_id(client_id)}
        if merchant_id is not None:
            params["merchantId"] = _client_id(merchant_id, "merchant id")
        if order is not None:
            if order.lower() not in ("ascending", "descending"):
                raise InvalidRequest(VENDOR, "order must be ascending or descending")
            params["order"] = order.lower()
        history = BookingHistory()
        cursors: set[str] = set()
        while True:
            try:
                response = await self._get("/booking", params)
            except Rejected as exc:
                if "cursor" not in params or exc.status != 400:
                    raise
                # Our parameters passed on page one, so the cursor Booxi gave us is at fault.
                raise BadData(VENDOR, "refused its own paging cursor", detail=exc.detail,
                              status=400) from None
            page = parse_booking_page(self._http.json(response))
            history.add(page)
            if page.cursor is None:
                return history
            if page.cursor in cursors:
                raise BadData(VENDOR, "sent paging that goes round in circles")
            cursors.add(page.cursor)
            params = {**params, "cursor": page.cursor}

    # -- plumbing ----------------------------------------------------------------------------
    async def _get(self, path: str, params: dict[str, str] | None = None) -> httpx.Response:
        return await self._http.request("GET", path, params=params, headers=self._headers)

    def _charge(self, response: httpx.Response) -> None:
        """Booxi counts a request answered with 400 twice against the key's quota."""
        if response.status_code == 400:
            self.limiter.penalise()


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def _client_id(value: Any, what: str = "client id") -> str:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidRequest(VENDOR, f"the {what} must be a whole number")
    text = str(value).strip()
    if not _DIGITS.fullmatch(text):
        raise InvalidRequest(VENDOR, f"the {what} must be a positive whole number")
    return text


def _utc_seconds(moment: Any, what: str) -> datetime:
    """An aware datetime as UTC, cut to whole seconds (what Booxi's RFC 3339 filter takes)."""
    if not isinstance(moment, datetime):
        raise InvalidRequest(VENDOR, f"the {what} of a booking history must be a date and time")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidRequest(VENDOR, f"the {what} of a booking history needs a time zone")
    try:
        return moment.astimezone(UTC).replace(microsecond=0)
    except (OverflowError, ValueError):
        raise InvalidRequest(VENDOR, f"the {what} of a booking history is out of range") from None


def _rfc3339(moment: datetime) -> str:
    """``2022-01-01T00:00:00Z`` (isoformat pads years below 1000; strftime may not)."""
    return moment.replace(tzinfo=None).isoformat() + "Z"
