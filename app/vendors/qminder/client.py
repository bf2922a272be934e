"""Qminder REST client: the live queue's reads, the counter's actions, and the websocket key.

Contract (vendor reference §2–§7): header ``X-Qminder-REST-API-Key`` on every call; v1 lists come
as ``{"statusCode":200,"data":[…]}``, single objects flat next to ``statusCode``, actions as
``{"result":"success"}``; action endpoints take **form** bodies (only ``PUT …/labels`` and
``POST /tickets`` are JSON). A 2xx with an empty body is success, a non-JSON body is an error.

Why the extra care around actions: two counters can act on the same ticket. When Qminder refuses
an action because the ticket moved on (served at the next counter, cancelled, no-show) the
vendor's 4xx becomes :class:`~app.errors.Rejected` with a sentence staff can act on, e.g.
"ticket 123 was already served at another counter". Only ``labels/add``/``labels/remove``,
``PUT labels`` and the connection key are safe to retry; a lost "call" or "served" is never
replayed automatically.

All clients of the process share one request budget (the 5,000/hour limit is per *account*, so
every counter's client draws from it) unless a limiter is injected.
"""

from __future__ import annotations

import re
import weakref
from asyncio import AbstractEventLoop, get_running_loop
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx

from app.errors import BadData, NotFound, Rejected, VendorError
from app.logs import register_secret
from app.profile import VENDOR_NAMES, QminderTable
from app.vendors.http import AsyncClosing, VendorHttp, error_body, error_snippet
from app.vendors.limits import CallLimits, counter
from app.vendors.network import SYSTEM, Network
from app.vendors.parsing import parse_list, parse_model
from app.vendors.qminder.models import CreatedTicket, Line, Location, Ticket
from app.vendors.ratelimit import RateLimiter, qminder_limiter

VENDOR = VENDOR_NAMES["qminder"]
API_VERSION = "2020-09-01"
KEY_HEADER = "X-Qminder-REST-API-Key"
_ORDER = re.compile(r"(id|number|created|called)( (ASC|DESC))?")
_PHONE = re.compile(r"\+?[0-9]{5,20}")
_STATUS_WORD = re.compile(
    r"\b(CANCELLED_BY_CLERK|CANCELLED|NOSHOW|SERVED|CALLED|NEW)\b", re.IGNORECASE
)
#: What staff read when an action meets a ticket already in another state.
_STATE_PHRASES = {
    "SERVED": "was already served at another counter",
    "NOSHOW": "was already marked as a no-show",
    "CANCELLED_BY_CLERK": "was already removed from the queue",
    "CANCELLED": "was already removed from the queue",
    "CALLED": "is already being served at another counter",
    "NEW": "is waiting in the queue and has not been called",
}

# One limiter per event loop: aiolimiter binds to the loop it first runs on.
_shared_limiters: weakref.WeakKeyDictionary[AbstractEventLoop, dict[int, RateLimiter]] = (
    weakref.WeakKeyDictionary()
)


def shared_limiter(per_hour: int) -> RateLimiter:
    """The process-wide Qminder budget for the running loop (one account per installation)."""
    per_loop = _shared_limiters.setdefault(get_running_loop(), {})
    limiter = per_loop.get(per_hour)
    if limiter is None:
        limiter = per_loop[per_hour] = qminder_limiter(per_hour)
    return limiter


def qminder_error_text(response: httpx.Response) -> str:
    """Vendor error text in the documented priority: message → developerMessage → error → errors."""
    body = error_body(response)
    if not isinstance(body, dict):
        return error_snippet(response)
    for key in ("message", "developerMessage"):
        value = body.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:200]
    error = body.get("error")
    if isinstance(error, str) and error.strip():
        return error.strip()[:200]
    for key in ("error", "errors"):
        value = body.get(key)
        if isinstance(value, dict) and value:
            return "; ".join(f"{k}: {v}" for k, v in value.items())[:200]
        if isinstance(value, list) and value:
            parts = [str(item.get("message", item)) if isinstance(item, dict) else str(item)
                     for item in value]
            return "; ".join(parts)[:200]
    return error_snippet(response)


def _all_error_texts(response: httpx.Response) -> str:
    """Every text field of an error body, to find the ticket's current status in it."""
    body = error_body(response)
    if isinstance(body, dict):
        return " ".join(str(body.get(k, "")) for k in ("message", "developerMessage", "error",
                                                       "errors"))[:500]
    return error_snippet(response, 500)


def _time_param(value: datetime | int) -> str:
    """Unix seconds or ISO-8601 UTC (both documented for min/maxCreated)."""
    if isinstance(value, datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=UTC)
        return stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(int(value))


def _csv(values: Iterable[int | str]) -> str:
    return ",".join(str(v).strip() for v in values)


class _QminderHttp(VendorHttp):
    """VendorHttp whose refusals carry every text of the body, so the ticket's state can be read."""

    def error_for(self, response: httpx.Response) -> VendorError:
        error = super().error_for(response)
        if isinstance(error, Rejected):
            error.detail = _all_error_texts(response)
        return error


def _ticket_path(ticket_id: str | int, action: str = "") -> tuple[str, str]:
    """(display id, path) — the id is quoted so it can never change the path."""
    tid = str(ticket_id).strip()
    if not tid:
        raise ValueError("a ticket id is required")
    path = f"/v1/tickets/{quote(tid, safe='')}"
    return tid, f"{path}/{action}" if action else path


class QminderClient(AsyncClosing):
    """REST client for one store location. See module docstring for the rules it follows."""

    def __init__(
        self,
        table: QminderTable,
        secret: str,
        *,
        client: httpx.AsyncClient | None = None,
        limiter: RateLimiter | None = None,
        limits: CallLimits | None = None,
        network: Network = SYSTEM,
    ) -> None:
        self.table = table
        self.vendor = VENDOR
        self._secret = secret
        self._limiter_injected = limiter is not None
        self._http = _QminderHttp(VENDOR, table.base_url, client=client, limiter=limiter,
                                  limits=limits or counter("qminder"), network=network,
                                  error_text=qminder_error_text)
        self._http.on_response = self._note_response
        #: ``X-Ratelimit-Remaining`` of the latest response (None until one carried it).
        self.ratelimit_remaining: int | None = None

    def __repr__(self) -> str:  # never the key
        return f"QminderClient(base_url={self.table.base_url!r}, location={self.table.location_id})"

    @property
    def base_url(self) -> str:
        return self._http.base_url

    @property
    def network(self) -> Network:
        """The store's network settings, for the live socket to reach Qminder the same way."""
        return self._http.network

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- plumbing ---------------------------------------------------------------------------

    def _note_response(self, response: httpx.Response) -> None:
        raw = response.headers.get("x-ratelimit-remaining")
        if raw is not None and raw.strip().lstrip("-").isdigit():
            self.ratelimit_remaining = int(raw.strip())

    async def _auth(self) -> Mapping[str, str]:
        return {KEY_HEADER: self._secret}

    async def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        if not self._limiter_injected and self._http.limiter is None:
            self._http.limiter = shared_limiter(self.table.requests_per_hour)
        return await self._http.request(method, path, auth_headers=self._auth, **kwargs)

    def _body(self, response: httpx.Response) -> Any:
        return self._http.json(response)

    def _data_list(self, response: httpx.Response, what: str) -> Any:
        body = self._body(response)
        if not isinstance(body, dict) or "data" not in body:
            raise BadData(VENDOR, f"sent {what} in an unexpected shape",
                          detail=f"top level: {type(body).__name__}")
        return body["data"]

    async def _action(self, verb: str, ticket_id: str | int, action: str, *,
                      data: Mapping[str, Any] | None = None, json: Any = None,
                      params: Mapping[str, Any] | None = None, method: str = "POST",
                      idempotent: bool | None = None) -> Any:
        """Run one ticket action; returns the decoded body (None for an empty 2xx)."""
        tid, path = _ticket_path(ticket_id, action)
        try:
            response = await self._request(method, path, data=data or None, json=json,
                                           params=params, idempotent=idempotent)
        except NotFound as exc:
            raise NotFound(VENDOR, f"ticket {tid} no longer exists", detail=exc.detail,
                           status=exc.status) from None
        except Rejected as exc:
            raise await self._explain_rejection(verb, tid, exc) from None
        return self._http.json(response, allow_empty=True)

    async def _explain_rejection(self, verb: str, tid: str, exc: Rejected) -> Rejected:
        """Turn "the ticket is in another state" into a sentence for staff."""
        status: str | None = None
        text = exc.detail
        if exc.status == 409 or (exc.status == 400 and re.search(r"status|already", text, re.I)):
            match = _STATUS_WORD.search(text)
            status = match.group(1).upper() if match else None
        if status is None and exc.status == 409:
            try:  # best effort: ask what the ticket is now
                status = (await self.get_ticket(tid)).status.upper()
            except VendorError:
                status = None
        phrase = _STATE_PHRASES.get(status or "")
        message = f"ticket {tid} {phrase}" if phrase else f"refused to {verb} ticket {tid}"
        return Rejected(VENDOR, message, detail=exc.detail, status=exc.status)

    # -- reads ------------------------------------------------------------------------------

    async def search_tickets(
        self,
        *,
        lines: Iterable[int | str] | None = None,
        statuses: Iterable[str] | None = None,
        limit: int = 1000,
        order: str | None = None,
        min_created: datetime | int | None = None,
        max_created: datetime | int | None = None,
        response_scope: Iterable[str] | str | None = None,
    ) -> list[Ticket]:
        """``GET /v1/tickets/search`` at the profile's location (lines default to the profile's)."""
        if not 1 <= limit <= 10000:
            raise ValueError("limit must be between 1 and 10000")
        params: dict[str, str] = {"location": str(self.table.location_id), "limit": str(limit)}
        if isinstance(lines, str | int):
            lines = [lines]
        if isinstance(statuses, str):
            statuses = [statuses]
        chosen = list(lines) if lines is not None else list(self.table.lines)
        if chosen:
            params["line"] = _csv(chosen)
        if statuses:
            params["status"] = _csv(s.upper() for s in statuses)
        if order is not None:
            if not _ORDER.fullmatch(order.strip()):
                raise ValueError("order must be id|number|created|called, optionally + ' ASC|DESC'")
            params["order"] = order.strip()
        if min_created is not None:
            params["minCreated"] = _time_param(min_created)
        if max_created is not None:
            params["maxCreated"] = _time_param(max_created)
        if response_scope:
            scope = [response_scope] if isinstance(response_scope, str) else list(response_scope)
            params["responseScope"] = _csv(s.upper() for s in scope)
        response = await self._request("GET", "/v1/tickets/search", params=params)
        return parse_list(VENDOR, Ticket, self._data_list(response, "tickets"), what="ticket")

    async def get_ticket(self, ticket_id: str | int) -> Ticket:
        tid, path = _ticket_path(ticket_id)
        try:
            response = await self._request("GET", path)
        except NotFound as exc:
            raise NotFound(VENDOR, f"has no ticket {tid}", detail=exc.detail,
                           status=exc.status) from None
        return parse_model(VENDOR, Ticket, self._body(response), what="ticket")

    async def lines(self) -> list[Line]:
        response = await self._request("GET", f"/v1/locations/{self.table.location_id}/lines")
        return parse_list(VENDOR, Line, self._data_list(response, "lines"), what="line")

    async def locations(self) -> list[Location]:
        response = await self._request("GET", "/v1/locations/")
        return parse_list(VENDOR, Location, self._data_list(response, "locations"),
                          what="location")

    async def check(self) -> str:
        """Cheapest authenticated call (the location's lines): "3 lines"."""
        count = len(await self.lines())
        return f"{count} line{'' if count == 1 else 's'}"

    # -- counter actions (form bodies) ------------------------------------------------------

    async def call(self, ticket_id: str | int, *, user: int | str | None = None,
                   desk: int | str | None = None) -> Ticket:
        """Call the visitor to the counter; returns the called ticket."""
        form = {k: str(v) for k, v in (("user", user), ("desk", desk)) if v is not None}
        body = await self._action("call", ticket_id, "call", data=form)
        if isinstance(body, dict) and "id" in body:
            return parse_model(VENDOR, Ticket, body, what="ticket")
        return await self.get_ticket(ticket_id)  # some servers answer with an empty body

    async def recall(self, ticket_id: str | int, *, user: int | str | None = None) -> None:
        form = {"user": str(user)} if user is not None else None
        await self._action("recall", ticket_id, "recall", data=form)

    async def mark_served(self, ticket_id: str | int) -> None:
        await self._action("mark as served", ticket_id, "markserved")

    async def mark_noshow(self, ticket_id: str | int) -> None:
        await self._action("mark as no-show", ticket_id, "marknoshow")

    async def return_to_queue(self, ticket_id: str | int, *, position: str = "LAST",
                              user: int | str | None = None) -> None:
        where = position.upper()
        if where not in ("FIRST", "LAST"):
            raise ValueError("position must be FIRST or LAST")
        params = {"position": where}
        if user is not None:
            params["user"] = str(user)
        await self._action("return to the queue", ticket_id,
                           "returntoqueue", params=params)

    async def cancel(self, ticket_id: str | int, *, user: int | str) -> None:
        await self._action("cancel", ticket_id, "cancel",
                           data={"user": str(user)})

    async def add_label(self, ticket_id: str | int, value: str, *,
                        user: int | str | None = None) -> bool:
        """Add a label; False when it was already there ("no action"). Safe to replay."""
        form = {"value": value}
        if user is not None:
            form["user"] = str(user)
        body = await self._action("label", ticket_id, "labels/add",
                                  data=form, idempotent=True)
        return self._result(body) != "no action"

    async def remove_label(self, ticket_id: str | int, value: str, *,
                           user: int | str | None = None) -> bool:
        """Remove a label; False when the server says it had nothing to do. Safe to replay."""
        form = {"value": value}
        if user is not None:
            form["user"] = str(user)
        body = await self._action("unlabel", ticket_id, "labels/remove",
                                  data=form, idempotent=True)
        return self._result(body) != "no action"

    async def replace_labels(self, ticket_id: str | int, labels: list[str]) -> None:
        """``PUT …/labels`` with JSON: the ticket's labels become exactly ``labels``."""
        await self._action("relabel", ticket_id, "labels",
                           json={"labels": [str(v) for v in labels]}, method="PUT")

    def _result(self, body: Any) -> str:
        if body is None:
            return "success"
        if isinstance(body, dict):
            result = body.get("result", "success")
            if isinstance(result, str):
                return result.strip().lower()
        raise BadData(VENDOR, "sent an unreadable action result")

    # -- creating tickets (JSON, versioned route) -------------------------------------------

    async def create_ticket(
        self,
        line_id: int | str,
        first_name: str,
        *,
        last_name: str | None = None,
        phone: str | None = None,
        email: str | None = None,
        labels: Iterable[str] | None = None,
    ) -> str:
        """Put a visitor in a line; returns the new ticket id. Not idempotent: never replayed."""
        first = first_name.strip()
        if not 2 <= len(first) <= 50:
            raise Rejected(VENDOR, "the first name must be 2 to 50 characters")
        body: dict[str, Any] = {"lineId": str(line_id), "firstName": first}
        if last_name and last_name.strip():
            body["lastName"] = last_name.strip()
        if phone and phone.strip():
            digits = re.sub(r"[\s().-]", "", phone)
            if not _PHONE.fullmatch(digits):
                raise Rejected(VENDOR, "the phone number must be 5 to 20 digits")
            body["phoneNumber"] = digits
        if email and email.strip():
            body["email"] = email.strip()
        if labels:
            body["labels"] = [{"value": str(v)} for v in labels]
        response = await self._request("POST", "/tickets", json=body,
                                       headers={"X-Qminder-API-Version": API_VERSION})
        return parse_model(VENDOR, CreatedTicket, self._body(response), what="new ticket").id

    # -- live updates -----------------------------------------------------------------------

    async def connection_key(self) -> str:
        """A fresh temporary key for the subscription websocket (403 → NotAuthorised)."""
        response = await self._request("POST", "/graphql/connection-key", idempotent=True)
        body = self._body(response)
        key = body.get("key") if isinstance(body, dict) else None
        if not isinstance(key, str) or not key.strip():
            raise BadData(VENDOR, "sent no connection key")
        register_secret(key.strip())  # it rides in the websocket URL: never in a log line
        return key.strip()
