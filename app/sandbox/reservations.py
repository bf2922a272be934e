"""Fake reservations (Miketsu-inc) server: the documented cookie auth, envelopes and quirks.

Why so literal: the real server's quirks are exactly what breaks clients — cookies with a
hard-coded ``Domain=reservations.local`` (a standard cookie jar drops them), implicit refresh
(no access cookie → the refresh cookie is checked and a new access cookie comes back; an
*expired* access cookie → 401 at once), not-found as 400 or even HTTP 200 with an error body,
415 for bodies without ``application/json``, Go's ``\\u003c`` escaping and ``null`` for every
missing field. Tokens are real HS256 JWTs (stdlib only) with ``sub``, ``exp`` and, on the
refresh token, ``refresh_version``.

Customers come from the shared population (``person.in_reservations``); nothing per customer is
built up front. Writes live in a small in-memory overlay. Whole-list endpoints stream their JSON
in chunks above :attr:`ReservationsServer.stream_threshold` people, so a million-person
population is served without one giant string (below it, one ordinary response, so the fault
middleware can also corrupt list bodies).

Knobs (plain attributes; change them before or between requests):

``access_ttl_s`` / ``refresh_ttl_s``
    token lifetimes in seconds (fractions allowed: tests use a tiny access lifetime).
``path_form``
    ``"merchants"`` (current builds: ``/api/v1/merchants/{id}/...``) or ``"merchant"``
    (older builds: ``/api/v1/merchant/...``); the other form answers 404 like a missing route.
``include_merchant_id``
    whether :meth:`profile_table` writes ``merchant_id`` (default False, so clients discover it).
``stream_threshold`` / ``chunk_size``
    population size above which lists stream, and customers per streamed chunk.
``currency``
    store currency for formatted booking prices (``AUD`` → ``"$45.00"``, ``HUF`` → ``"11 250 Ft"``).
``staff_email``
    the login email; the password is the server's ``secret``. ``oauth_only_email`` is a user
    without a password: logging in with it drops the connection, as the real server does.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import math
import re
import secrets as token_source
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from aiohttp import web

from app.sandbox.base import VendorServer
from app.sandbox.faults import Faults
from app.sandbox.people import Booking, Person, Population, reservations_index

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Record = dict[str, Any]

COOKIE_DOMAIN = "reservations.local"  # the server writes ".reservations.local"; Go drops the dot
ACCESS, REFRESH = "jwt-access", "jwt-refresh"
NOT_FOUND_TEXT = "404 page not found\n"  # chi's default
#: Set-Cookie lines a handler's response must carry (a refreshed access token, deletions).
SET_COOKIES = web.RequestKey("set_cookies", list[str])
NOTES = (
    "Prefers Ruth & Mei for fittings",
    "Allergic to latex <important>",
    "VIP — call before orders > $500",
    "Size 10 shoes; likes navy & grey",
    "Wants texts, not calls",
    "Left a deposit at the counter (receipt #4411)",
)
FROM_PRICED = {"Alterations", "Personal styling"}  # price_type "from" for these services
HUF_PER_AUD = Decimal(250)
PERSON = "_person"  # record key holding the population member (never sent on the wire)
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")


# -- wire helpers -------------------------------------------------------------------------------
def go_json(value: Any) -> bytes:
    """Compact JSON as Go's ``json.Encoder`` writes it, without the trailing newline.

    ``<``, ``>`` and ``&`` never occur in JSON syntax outside strings, so replacing them in the
    whole text escapes exactly the string contents, as Go does (plus U+2028/U+2029).
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return text.encode()


def rfc3339(moment: datetime) -> str:
    """UTC with ``Z``; fractional seconds only when non-zero (Go's RFC3339Nano trimming)."""
    utc = moment.astimezone(UTC)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond:
        text += f".{utc.microsecond:06d}".rstrip("0")
    return text + "Z"


def midnight(day: date) -> str:
    """A DB ``date`` as the server sends it: a midnight-UTC timestamp."""
    return f"{day.isoformat()}T00:00:00Z"


def format_price(amount: Decimal, currency: str) -> str:
    """The server's localised display price: English format, or Hungarian for HUF."""
    if currency == "HUF":
        forints = int((amount * HUF_PER_AUD).quantize(Decimal(1)))
        digits = f"{forints:,}".replace(",", "\u00a0") if forints >= 10_000 else str(forints)
        return f"{digits}\u00a0Ft"
    symbol = {"AUD": "$", "USD": "$", "EUR": "€", "GBP": "£"}.get(currency, f"{currency} ")
    return f"{symbol}{amount:,.2f}"


def go_uuid_error(text: str) -> str | None:
    """None for a UUID google/uuid would parse, else its error text."""
    if len(text) not in (32, 36, 38, 45):
        return f"invalid UUID length: {len(text)}"
    try:
        uuid.UUID(text)
    except ValueError:
        return "invalid UUID format"
    return None


def canonical(text: str) -> str:
    return str(uuid.UUID(text))


def _uuid4_from(*parts: object) -> str:
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def _uuid7() -> str:
    """A UUIDv7 like the server gives customers created through the API."""
    millis = int(time.time() * 1000)
    rand = token_source.randbits(74)
    value = (millis << 80) | (0x7 << 76) | ((rand >> 62) << 64) | (0b10 << 62)
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def _hash(*parts: object) -> int:
    return int.from_bytes(hashlib.blake2b(":".join(map(str, parts)).encode(),
                                          digest_size=8).digest(), "big")


# -- JWT (HS256, stdlib only) -------------------------------------------------------------------
def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenError(Exception):
    """Why a token was refused, in golang-jwt's words (the server sends them as the message)."""


class Jwt:
    """Sign and verify HS256 tokens with one key (access and refresh keys differ)."""

    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())

    def __init__(self, key: bytes) -> None:
        self._key = key

    def sign(self, claims: dict[str, Any]) -> str:
        payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
        signing_input = f"{self.header}.{payload}".encode()
        signature = hmac.new(self._key, signing_input, hashlib.sha256).digest()
        return f"{self.header}.{payload}.{_b64(signature)}"

    def verify(self, token: str, now: float) -> dict[str, Any]:
        parts = token.split(".")
        if len(parts) != 3:
            raise TokenError("token is malformed: token contains an invalid number of segments")
        try:
            header = json.loads(_unb64(parts[0]))
            claims = json.loads(_unb64(parts[1]))
            signature = _unb64(parts[2])
        except (ValueError, UnicodeDecodeError):
            raise TokenError("token is malformed: could not base64 decode token") from None
        if not isinstance(header, dict) or header.get("alg") != "HS256":
            raise TokenError("token is unverifiable: signing method is invalid")
        expected = hmac.new(self._key, f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(signature, expected):
            raise TokenError("token signature is invalid: signature is invalid")
        if not isinstance(claims, dict):
            raise TokenError("token is malformed: claims are not an object")
        exp = claims.get("exp")
        if not isinstance(exp, int | float) or isinstance(exp, bool):
            raise TokenError("token has invalid claims: token is missing required claim: exp")
        if now >= exp:
            raise TokenError("token has invalid claims: token is expired")
        return claims


@dataclass(frozen=True)
class Seen:
    """One request as the server saw it (tests check cookies and content types with it)."""

    method: str
    path: str
    cookies: tuple[str, ...]
    content_type: str | None


class _Reply(Exception):
    """Raised inside a handler to answer at once with ``response``."""

    def __init__(self, response: web.StreamResponse) -> None:
        super().__init__()
        self.response = response


def error_response(status: int, message: str) -> web.Response:
    body = go_json({"error": {"message": message}}) + b"\n"
    return web.Response(status=status, body=body, content_type="application/json")


class ReservationsServer(VendorServer):
    """The reservations merchant API over the shared population (see the module for knobs)."""

    vendor = "reservations"

    def __init__(self, population: Population, secret: str, faults: Faults | None = None) -> None:
        super().__init__(population, secret, faults)
        self.access_ttl_s = 15 * 60.0
        self.refresh_ttl_s = 30 * 24 * 3600.0
        self.path_form = "merchants"
        self.include_merchant_id = False
        self.stream_threshold = 5000
        #: A bad day: both customer lists answer {"data": []} with HTTP 200 (an emptied
        #: database behind the API), while the records are all still there.
        self.answer_empty_lists = False
        self.chunk_size = 500
        self.currency = "AUD"
        self.merchant_name = "Sandbox Store"
        self.location = "1 George Street, Sydney NSW 2000"
        self.staff_email = "staff@sandbox-store.example"
        self.oauth_only_email = "google.user@sandbox-store.example"
        self.refresh_version = 1
        seed = population.seed
        self.merchant_id = _uuid4_from(seed, "merchant")
        self.user_id = _uuid4_from(seed, "staff-user")
        self._access_jwt = Jwt(hashlib.sha256(f"access:{seed}:{secret}".encode()).digest())
        self._refresh_jwt = Jwt(hashlib.sha256(f"refresh:{seed}:{secret}".encode()).digest())
        self.history: deque[Seen] = deque(maxlen=500)
        # The overlay: everything a write changed, keyed by canonical customer id.
        self._edits: dict[str, Record] = {}
        self._created: dict[str, Record] = {}
        self._deleted: set[str] = set()
        self._owner: dict[str, str | None] = {}  # booking source → current owner (None: deleted)

    # -- profile --------------------------------------------------------------------------------
    def profile_table(self, base_url: str) -> dict[str, object]:
        table: dict[str, object] = {"base_url": base_url, "email": self.staff_email,
                                    "path_form": self.path_form}
        if self.include_merchant_id:
            table["merchant_id"] = self.merchant_id
        return table

    def logout_all(self) -> None:
        """What "log out all devices" does: every refresh token issued so far stops working."""
        self.refresh_version += 1

    # -- routes ---------------------------------------------------------------------------------
    def routes(self, app: web.Application) -> None:
        r = app.router
        r.add_post("/api/v1/auth/login", self._wrap(self._login, auth=False))
        r.add_post("/api/v1/auth/logout", self._wrap(self._logout, auth=False))
        r.add_post("/api/v1/auth/logout/all", self._wrap(self._logout_all))
        r.add_get("/api/v1/auth/me", self._wrap(self._me))
        for prefix, form in (("/api/v1/merchants/{merchant_id}", "merchants"),
                             ("/api/v1/merchant", "merchant")):
            def add(method: str, path: str, handler: Handler, form: str = form,
                    prefix: str = prefix) -> None:
                r.add_route(method, prefix + path, self._wrap(handler, form=form))

            # Fixed paths before {id} paths: aiohttp matches in registration order.
            add("GET", "/customers/blacklist", self._list_blacklisted)
            add("PUT", "/customers/transfer", self._transfer)
            add("GET", "/customers", self._list_customers)
            add("POST", "/customers", self._create)
            add("GET", "/customers/{id}", self._get_customer)
            add("PUT", "/customers/{id}", self._update)
            add("DELETE", "/customers/{id}", self._delete)
            add("GET", "/customers/{id}/stats", self._stats)
            add("PUT", "/customers/{id}/blacklist", self._blacklist)
            add("DELETE", "/customers/{id}/blacklist", self._unblacklist)
            add("GET", "/calendar/customers", self._calendar)

    def _wrap(self, handler: Handler, *, auth: bool = True, form: str | None = None) -> Handler:
        """Route-not-present → 415 → auth → merchant membership → handler → new cookies."""

        async def endpoint(request: web.Request) -> web.StreamResponse:
            self.history.append(Seen(request.method, request.path, tuple(sorted(request.cookies)),
                                     request.headers.get("Content-Type")))
            if form is not None and form != self.path_form:
                return web.Response(status=404, text=NOT_FOUND_TEXT)
            if request.body_exists and request.content_type != "application/json":
                return web.Response(status=415)  # chi AllowContentType: empty body
            try:
                if auth:
                    self._authenticate(request)
                if form == "merchants":
                    self._check_membership(request)
                response = await handler(request)
            except _Reply as reply:
                response = reply.response
            if not response.prepared:
                self._attach_cookies(request, response)
            return response

        return endpoint

    # -- auth -----------------------------------------------------------------------------------
    def _cookie(self, name: str, value: str, max_age: int) -> str:
        return (f"{name}={value}; Path=/; Domain={COOKIE_DOMAIN}; Max-Age={max_age}; HttpOnly; "
                "SameSite=Lax")

    def _issue(self, name: str) -> str:
        now = time.time()
        if name == ACCESS:
            ttl = self.access_ttl_s
            token = self._access_jwt.sign({"sub": self.user_id, "exp": round(now + ttl, 3)})
        else:
            ttl = self.refresh_ttl_s
            token = self._refresh_jwt.sign({"sub": self.user_id, "exp": round(now + ttl, 3),
                                            "refresh_version": self.refresh_version})
        return self._cookie(name, token, max(1, math.ceil(ttl)))

    def _deleting(self) -> list[str]:
        return [self._cookie(ACCESS, "", 0), self._cookie(REFRESH, "", 0)]

    def _attach_cookies(self, request: web.Request, response: web.StreamResponse) -> None:
        for header in request.get(SET_COOKIES, ()):
            response.headers.add("Set-Cookie", header)

    def _refuse(self, message: str, *, delete: bool = False) -> _Reply:
        response = error_response(401, message)
        if delete:
            for header in self._deleting():
                response.headers.add("Set-Cookie", header)
        return _Reply(response)

    def _authenticate(self, request: web.Request) -> str:
        """The user id, or a 401 reply; queues a fresh access cookie after an implicit refresh."""
        now = time.time()
        access = request.cookies.get(ACCESS)
        refresh = request.cookies.get(REFRESH)
        if access:
            try:
                claims = self._access_jwt.verify(access, now)
            except TokenError as exc:
                raise self._refuse(str(exc)) from None  # no fallback to the refresh token
        elif refresh:
            try:
                claims = self._refresh_jwt.verify(refresh, now)
            except TokenError as exc:
                raise self._refuse(str(exc)) from None
            if claims.get("refresh_version") != self.refresh_version:
                raise self._refuse("refresh token version mismatch", delete=True)
            request[SET_COOKIES] = [self._issue(ACCESS)]
        else:
            raise self._refuse("jwt token could not be found")
        if claims.get("sub") != self.user_id:
            raise self._refuse("GetUserById: no rows in result set")
        return self.user_id

    def _check_membership(self, request: web.Request) -> None:
        raw = request.match_info.get("merchant_id", "")
        if go_uuid_error(raw) is not None or canonical(raw) != self.merchant_id:
            raise self._refuse("user is not a team member for this merchant")

    async def _json_body(self, request: web.Request) -> Any:
        raw = await request.read()
        try:
            return json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise _Reply(error_response(400, f"unexpected error during json parsing: {exc}")
                         ) from None

    async def _json_object(self, request: web.Request) -> dict[str, Any]:
        body = await self._json_body(request)
        if not isinstance(body, dict):
            raise _Reply(error_response(
                400, "unexpected error during json parsing: json: cannot unmarshal "
                     f"{_go_type(body)} into Go value of type struct"))
        return body

    async def _login(self, request: web.Request) -> web.StreamResponse:
        body = await self._json_object(request)
        for key in ("email", "password"):
            value = body.get(key)
            if value is None or value == "":
                return error_response(400, f"'{key}': This field is required")
            if not isinstance(value, str):
                return error_response(400, "unexpected error during json parsing: json: cannot "
                                           f"unmarshal {_go_type(value)} into Go struct field "
                                           f".{key} of type string")
        email, password = str(body["email"]), str(body["password"])
        if "@" not in email:
            return error_response(400, "'email': Invalid email address")
        if not password.isascii():
            return error_response(400, "'password': Must only contain ASCII characters")
        if email.strip().casefold() == self.oauth_only_email.casefold():
            # No password hash: the real server dereferences nil and the connection drops.
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError
        if email.strip().casefold() != self.staff_email.casefold():
            return error_response(401, "GetUserByEmail: no rows in result set")
        if not hmac.compare_digest(password.encode(), self.secret.encode()):
            return error_response(401, "incorrect email or password")
        response = web.Response(status=200)
        response.headers.add("Set-Cookie", self._issue(ACCESS))
        response.headers.add("Set-Cookie", self._issue(REFRESH))
        return response

    async def _logout(self, request: web.Request) -> web.StreamResponse:
        response = web.Response(status=200)
        for header in self._deleting():
            response.headers.add("Set-Cookie", header)
        return response

    async def _logout_all(self, request: web.Request) -> web.StreamResponse:
        self.logout_all()
        request[SET_COOKIES] = []
        return await self._logout(request)

    async def _me(self, request: web.Request) -> web.StreamResponse:
        return self._data({
            "user_id": self.user_id, "first_name": "Sam", "last_name": "Staff",
            "email": self.staff_email, "phone_number": None,
            "memberships": [{"merchant_id": self.merchant_id, "location_id": 1,
                             "employee_id": 7, "role": "staff"}],
        })

    # -- records --------------------------------------------------------------------------------
    def _base(self, person: Person) -> Record:
        """The stored customer for a population member, before the overlay."""
        dummy = person.reservations_dummy
        email = person.email_variant("reservations")
        phone = person.phone_variant("reservations")
        last: str | None = person.last_name
        if dummy:  # walk-ins often have only a first name and one contact, or none
            email = None if person.index % 3 == 0 else email
            phone = None if person.index % 3 == 1 else phone
            last = None if person.index % 4 == 0 else last
        note = NOTES[person.rng_state % len(NOTES)] if person.rng_state % 4 == 0 else None
        return {
            "id": person.reservations_id,
            "first_name": person.first_name,
            "last_name": last,
            "email": email,
            "phone_number": phone,
            "birthday": person.dob.isoformat() if person.dob else None,
            "note": note,
            "is_dummy": dummy,
            "is_blacklisted": person.blacklist_reason is not None,
            "blacklist_reason": person.blacklist_reason,
            PERSON: person,  # internal: saves regenerating the person for its bookings
        }

    def _overlaid(self, record: Record) -> Record:
        edits = self._edits.get(record["id"])
        return {**record, **edits} if edits else record

    def _person_record(self, person: Person) -> Record | None:
        if not person.in_reservations or person.reservations_id in self._deleted:
            return None
        return self._overlaid(self._base(person))

    def _record(self, customer_id: str) -> Record | None:
        """The current customer for a canonical id (population, created or none)."""
        if customer_id in self._deleted:
            return None
        created = self._created.get(customer_id)
        if created is not None:
            return self._overlaid(created)
        index = reservations_index(customer_id)
        if index is None or index >= self.population.size:
            return None
        person = self.population.person(index)
        if person.reservations_id != customer_id:
            return None
        return self._person_record(person)

    def _records(self) -> Iterator[Record]:
        """Every current customer, population order, then created ones (no ORDER BY)."""
        for index in range(self.population.size):
            record = self._person_record(self.population.person(index))
            if record is not None:
                yield record
        for customer_id in self._created:
            record = self._record(customer_id)
            if record is not None:
                yield record

    # -- bookings -------------------------------------------------------------------------------
    def _received(self) -> dict[str, list[str]]:
        """Owner → booking sources moved to it by transfers (small: one entry per transfer)."""
        table: dict[str, list[str]] = {}
        for source, owner in self._owner.items():
            if owner is not None:
                table.setdefault(owner, []).append(source)
        return table

    def _bookings(self, record: Record, received: dict[str, list[str]]) -> list[Booking]:
        """The customer's bookings after transfers (own ones unless moved away, plus received)."""
        customer_id = record["id"]
        sources = [] if customer_id in self._owner else [customer_id]
        sources += received.get(customer_id, [])
        out: list[Booking] = []
        for source in sources:
            person = record.get(PERSON) if source == customer_id else None
            if person is None:
                index = reservations_index(source)
                if source in self._created or index is None or index >= self.population.size:
                    continue
                person = self.population.person(index)
            if person.reservations_id == source:
                out.extend(person.bookings("reservations", self.population.anchor))
        out.sort(key=lambda b: b.starts, reverse=True)
        return out

    @staticmethod
    def _by_merchant(booking: Booking) -> bool:
        """Some cancellations were the merchant's: the stats query leaves those out."""
        return booking.status == "cancelled" and _hash(booking.key, "merchant") % 3 == 0

    @staticmethod
    def _status(booking: Booking) -> str:
        if booking.status == "upcoming":
            return "confirmed" if _hash(booking.key, "confirmed") % 2 else "booked"
        return booking.status  # completed | cancelled | no-show

    def _booking_json(self, booking: Booking) -> Record:
        amount = Decimal(booking.price)
        price_type = "free" if not amount else (
            "from" if booking.service in FROM_PRICED else "fixed")
        return {
            "from_date": rfc3339(booking.starts),
            "to_date": rfc3339(booking.starts + timedelta(minutes=booking.minutes)),
            "service_name": booking.service,
            "cancel_deadline": 0,  # not selected by the real query
            "formatted_location": self.location,
            "price": format_price(amount, self.currency),
            "price_type": price_type,
            "merchant_name": self.merchant_name,
            "status": self._status(booking),
        }

    # -- shapes ---------------------------------------------------------------------------------
    @staticmethod
    def _info(record: Record) -> Record:
        return {
            "id": record["id"],
            "first_name": record["first_name"],
            "last_name": record["last_name"],
            "email": record["email"],
            "phone_number": record["phone_number"],
            "birthday": midnight(date.fromisoformat(record["birthday"]))
            if record["birthday"] else None,
            "note": record["note"],
            "is_dummy": record["is_dummy"],
        }

    def _row(self, record: Record, received: dict[str, list[str]]) -> Record:
        bookings = self._bookings(record, received)
        visible = [b for b in bookings if not self._by_merchant(b)]
        # The real SQL counts *distinct* true/false values of "cancelled": only 0, 1 or 2.
        cancelled_values = {b.status == "cancelled" for b in bookings}
        return {
            **self._info(record),
            "is_blacklisted": record["is_blacklisted"],
            "blacklist_reason": record["blacklist_reason"],
            "times_booked": len(visible),
            "times_cancelled": len(cancelled_values),
        }

    def _stats_json(self, record: Record) -> Record:
        bookings = [b for b in self._bookings(record, self._received())
                    if not self._by_merchant(b)]
        statuses = [self._status(b) for b in bookings]
        return {
            **self._info(record),
            "is_blacklisted": record["is_blacklisted"],
            "blacklist_reason": record["blacklist_reason"],
            "times_booked": len(bookings),
            "times_cancelled_by_user": sum(s in ("cancelled", "no-show") for s in statuses),
            "times_upcoming": sum(s in ("booked", "confirmed") for s in statuses),
            "times_completed": statuses.count("completed"),
            "bookings": [self._booking_json(b) for b in bookings],
        }

    def _calendar_json(self, record: Record, received: dict[str, list[str]]) -> Record:
        anchor = self.population.anchor
        visits = [b.starts for b in self._bookings(record, received)
                  if b.status == "completed" and b.starts <= anchor]
        info = self._info(record)
        return {
            "customer_id": info["id"],
            "first_name": info["first_name"] or "",
            "last_name": info["last_name"] or "",
            "email": info["email"],
            "phone_number": info["phone_number"],
            "birthday": info["birthday"],
            "is_dummy": info["is_dummy"],
            "last_visited": rfc3339(max(visits)) if visits else None,
        }

    # -- responses ------------------------------------------------------------------------------
    @staticmethod
    def _data(payload: Any) -> web.Response:
        return web.Response(body=b'{"data":' + go_json(payload) + b"}\n",
                            content_type="application/json")

    def _chunks(self, items: Iterable[Record]) -> Iterator[bytes]:
        yield b'{"data":['
        batch: list[bytes] = []
        first = True
        for item in items:
            batch.append(go_json(item))
            if len(batch) >= self.chunk_size:
                yield (b"" if first else b",") + b",".join(batch)
                first, batch = False, []
        if batch:
            yield (b"" if first else b",") + b",".join(batch)
        yield b"]}\n"

    async def _send_list(self, request: web.Request, items: Iterable[Record]
                         ) -> web.StreamResponse:
        """The whole list: one body for small populations, streamed chunks for big ones."""
        if self.population.size <= self.stream_threshold:
            return web.Response(body=b"".join(self._chunks(items)),
                                content_type="application/json")
        response = web.StreamResponse(status=200)
        response.content_type = "application/json"
        self._attach_cookies(request, response)
        await response.prepare(request)
        try:
            for chunk in self._chunks(items):
                await response.write(chunk)
            await response.write_eof()
        except ConnectionResetError:  # the client went away mid-list; nothing to finish
            pass
        return response

    def _path_id(self, request: web.Request) -> str:
        raw = request.match_info["id"]
        problem = go_uuid_error(raw)
        if problem is not None:
            raise _Reply(error_response(400, f"invalid customer id: {problem}"))
        return canonical(raw)

    # -- customer reads -------------------------------------------------------------------------
    async def _list_customers(self, request: web.Request) -> web.StreamResponse:
        received = self._received()
        rows = (self._row(r, received) for r in self._records() if not r["is_blacklisted"]
                and not self.answer_empty_lists)
        return await self._send_list(request, rows)

    async def _list_blacklisted(self, request: web.Request) -> web.StreamResponse:
        received = self._received()
        rows = (self._row(r, received) for r in self._records() if r["is_blacklisted"]
                and not self.answer_empty_lists)
        return await self._send_list(request, rows)

    async def _calendar(self, request: web.Request) -> web.StreamResponse:
        received = self._received()
        return await self._send_list(
            request, (self._calendar_json(r, received) for r in self._records()))

    async def _get_customer(self, request: web.Request) -> web.StreamResponse:
        record = self._record(self._path_id(request))
        if record is None:
            return error_response(400, "GetCustomerInfo: no rows in result set")
        return self._data(self._info(record))

    async def _stats(self, request: web.Request) -> web.StreamResponse:
        record = self._record(self._path_id(request))
        if record is None:  # the documented quirk: HTTP 200 with an error body
            return error_response(200, "GetCustomerStats: no rows in result set")
        return self._data(self._stats_json(record))

    # -- customer writes ------------------------------------------------------------------------
    async def _fields(self, request: web.Request, *, required: tuple[str, ...] = ()) -> Record:
        """Decoded customer fields, checked the way Go's decoder and validator would."""
        body = await self._json_object(request)
        for key in ("id", "first_name", "last_name", "email", "phone_number", "note",
                    "birthday", "blacklist_reason"):
            value = body.get(key)
            if value is not None and not isinstance(value, str):
                raise _Reply(error_response(
                    400, f"unexpected error during json parsing: json: cannot unmarshal "
                         f"{_go_type(value)} into Go struct field .{key} of type string"))
        birthday = body.get("birthday")
        if isinstance(birthday, str) and not _RFC3339.match(birthday):
            raise _Reply(error_response(
                400, f'unexpected error during json parsing: parsing time "{birthday}" as '
                     '"2006-01-02T15:04:05Z07:00": cannot parse "" as "T"'))
        for key in required:
            if not body.get(key):
                raise _Reply(error_response(400, f"'{key}': This field is required"))
        return body

    def _body_id(self, body: Record, path_id: str, message: str) -> None:
        raw = body.get("id")
        if not raw:
            raise _Reply(error_response(400, "'id': This field is required"))
        if go_uuid_error(raw) is not None or canonical(raw) != path_id:
            raise _Reply(error_response(400, message))

    async def _create(self, request: web.Request) -> web.StreamResponse:
        body = await self._fields(request, required=("first_name", "last_name"))
        customer_id = _uuid7()
        birthday = body.get("birthday")
        self._created[customer_id] = {
            "id": customer_id,
            "first_name": body["first_name"],
            "last_name": body["last_name"],
            "email": body.get("email"),
            "phone_number": body.get("phone_number"),
            "birthday": birthday[:10] if birthday else None,
            "note": body.get("note"),
            "is_dummy": True,  # created by staff: not linked to a user account
            "is_blacklisted": False,
            "blacklist_reason": None,
        }
        return web.Response(status=201)

    async def _update(self, request: web.Request) -> web.StreamResponse:
        customer_id = self._path_id(request)
        body = await self._fields(request)
        self._body_id(body, customer_id, "invalid customer id provided")
        if self._record(customer_id) is None:
            return web.Response(status=200)  # UPDATE of no rows: no error [inferred]
        edits = self._edits.setdefault(customer_id, {})
        for key in ("first_name", "last_name", "email", "phone_number", "note"):
            if body.get(key) is not None:  # partial: absent or null leaves the field alone
                edits[key] = body[key]
        if body.get("birthday"):
            edits["birthday"] = body["birthday"][:10]
        return web.Response(status=200)

    async def _delete(self, request: web.Request) -> web.StreamResponse:
        customer_id = self._path_id(request)
        record = self._record(customer_id)
        if record is not None and record["is_dummy"]:  # user-linked: silently nothing
            self._deleted.add(customer_id)
            for source, owner in list(self._owner.items()):
                if owner == customer_id:
                    self._owner[source] = None
            self._owner.setdefault(customer_id, None)  # its own appointments go too
        return web.Response(status=200)

    async def _blacklist(self, request: web.Request) -> web.StreamResponse:
        customer_id = self._path_id(request)
        body = await self._fields(request)
        self._body_id(body, customer_id, "invalid customer id")
        if self._record(customer_id) is not None:
            # Only blacklist_reason counts; the vendor's own frontend sends "reason" (ignored).
            self._edits.setdefault(customer_id, {}).update(
                is_blacklisted=True, blacklist_reason=body.get("blacklist_reason"))
        return web.Response(status=200)

    async def _unblacklist(self, request: web.Request) -> web.StreamResponse:
        customer_id = self._path_id(request)
        if self._record(customer_id) is not None:
            self._edits.setdefault(customer_id, {}).update(
                is_blacklisted=False, blacklist_reason=None)
        return web.Response(status=200)

    async def _transfer(self, request: web.Request) -> web.StreamResponse:
        body = await self._json_object(request)
        ids: list[str] = []
        for key in ("from_customer_id", "to_customer_id"):
            raw = body.get(key)
            if raw is None:
                ids.append(str(uuid.UUID(int=0)))  # Go zero value: matches nothing
                continue
            problem = go_uuid_error(raw) if isinstance(raw, str) else "invalid type"
            if problem is not None:
                return error_response(400, f"unexpected error during json parsing: {problem}")
            ids.append(canonical(raw))
        source_id, target_id = ids
        source, target = self._record(source_id), self._record(target_id)
        if source is None or target is None or not source["is_dummy"] or source_id == target_id:
            return web.Response(status=200)  # no validation: a silent no-op
        moving = [s for s, owner in self._owner.items() if owner == source_id]
        if source_id not in self._owner:
            moving.append(source_id)
        for booking_source in moving:
            self._owner[booking_source] = target_id
        return web.Response(status=200)


def _go_type(value: Any) -> str:
    """How Go's decoder names a JSON value's type in its error messages."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"
