"""Fake Booxi partner API: client lookup and client booking history, with fair use enforced.

What it speaks (see ``/work/shared/vendors/booxi.md``), under ``/booking/v1``:

* ``GET /client`` — ``merchantId`` plus ONE criterion family (``email`` | ``phoneNumber`` |
  ``firstName`` + ``lastName`` | ``moduleId`` + ``externalId``); mixing families or a lone first
  or last name → 400. Answer ``{"clients": [...], "clientLinks": []}``, at most
  :attr:`BooxiServer.max_clients` (Booxi returns "the first ones", no paging).
* ``GET /client/{id}`` — one record, 404 when unknown.
* ``GET /booking`` — ``from``/``to`` (RFC 3339) and ``clientId`` required, else 400; optional
  ``merchantId``, ``bookingMethod``, ``order``, ``language``, ``cursor``. Bookings come from
  ``person.bookings("booxi", anchor)`` in ``[from, to)``; each page has its own side tables and
  a ``cursor`` (null on the last page).
* Errors are ``{"message": str, "code": int}``. A missing or wrong ``Booxi-PartnerKey`` → 401.

Fair use is enforced for real, per key, as exact sliding windows (:attr:`limits`, default 5 per
second and 300 per minute): a request over budget gets 429 without ``Retry-After`` (none is
documented) and costs nothing; a request answered with 400 costs 2. ``leeway_s`` shortens each
window a little, as a real server cannot see a client's clock. ``throttled`` counts the 429s.

Knobs: ``page_size`` (bookings per page, default 5), ``limits``, ``leeway_s``, ``max_clients``,
``name_scan_limit`` (a name search examines at most this many people: the sandbox keeps no name
index, so at a million people an unmatched name would otherwise scan everyone).
"""

from __future__ import annotations

import hmac
import json
import random
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from aiohttp import web

from app.sandbox.base import VendorServer, decode_cursor, encode_cursor
from app.sandbox.faults import Faults
from app.sandbox.people import (
    BOOXI_CLIENT_BASE,
    BOOXI_SPELLINGS,
    FIRST_NAMES,
    LAST_NAMES,
    SERVICES,
    STAFF,
    Booking,
    Person,
    Population,
    plain_letters,
)

PREFIX = "/booking/v1"
SERVICE_BASE_ID = 1001
STAFF_BASE_ID = 581
#: Services that use a resource: service position -> (resource id, name).
RESOURCES = {0: (15, "Fitting room 2"), 2: (16, "Styling lounge"), 3: (21, "Sewing station")}
QUICK_NOTES = ("Prefers morning appointments", "Allergic to latex gloves",
               "Ask for Ruth if available", "Wheelchair access — use the side door")
#: Every spelling Booxi may hold (folded): a name search for anything else finds nobody.
_BOOXI_FIRST = frozenset(n.casefold() for n in (*FIRST_NAMES, *BOOXI_SPELLINGS.values(),
                                                 *map(plain_letters, FIRST_NAMES)))
_BOOXI_LAST = frozenset(n.casefold() for n in (*LAST_NAMES, *map(plain_letters, LAST_NAMES)))
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})")
_dumps = partial(json.dumps, ensure_ascii=False)
Handler = Callable[[web.Request], Awaitable[web.Response]]
#: Duplicate Booxi clients (the same email entered again as a new client, as happens when a
#: client books without signing in) have ids offset by this from the person's own.
DUPLICATE_OFFSET = 10_000_000


def has_duplicate(person: Person) -> bool:
    """Whether this person has a second Booxi client with the same email: 1 in 13, and 1 in 3
    of those known to Booxi alone (who book without signing in, so get entered twice)."""
    booxi_only = not (person.in_loke or person.in_reservations)
    return person.in_booxi and person.email is not None and (
        person.index % 13 == 6 or (booxi_only and person.index % 3 == 0))


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"message": message, "code": status}, status=status, dumps=_dumps)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_rfc3339(value: str) -> datetime | None:
    if not _RFC3339.fullmatch(value):
        return None
    try:
        return datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return None


def _positive_int(value: str | None) -> int | None:
    if value is None or not re.fullmatch(r"\d{1,18}", value):
        return None
    return int(value)


class BooxiServer(VendorServer):
    """Booxi for one merchant; ``secret`` is the partner key."""

    vendor = "booxi"

    def __init__(self, population: Population, secret: str, faults: Faults | None = None) -> None:
        super().__init__(population, secret, faults)
        self.merchant_id = 31386
        self.page_size = 5
        self.limits: tuple[tuple[float, float], ...] = ((5, 1.0), (300, 60.0))
        self.leeway_s = 0.05
        self.max_clients = 20
        self.name_scan_limit = 50_000
        self.throttled = 0
        self.clock: Callable[[], float] = time.monotonic
        self._usage: dict[str, deque[tuple[float, float]]] = {}

    def profile_table(self, base_url: str) -> dict[str, object]:
        return {"base_url": base_url.rstrip("/") + PREFIX, "merchant_id": self.merchant_id}

    def routes(self, app: web.Application) -> None:
        app.router.add_get(PREFIX + "/client", self._fair_use(self.find_clients))
        app.router.add_get(PREFIX + "/client/{client_id}", self._fair_use(self.get_client))
        app.router.add_get(PREFIX + "/booking", self._fair_use(self.booking_history))

    # -- partner key and fair use ------------------------------------------------------------
    def _fair_use(self, handler: Handler) -> Handler:
        async def guarded(request: web.Request) -> web.Response:
            key = request.headers.get("Booxi-PartnerKey", "")
            if not hmac.compare_digest(key.encode(), self.secret.encode()):
                return _error(401, "Invalid or missing partner key")
            usage = self._usage.setdefault(key, deque())
            now = self.clock()
            if self._over_budget(usage, now):
                self.throttled += 1
                return _error(429, "Too many requests: fair use is 5 per second and 300 per "
                                   "minute")
            usage.append((now, 1.0))
            response = await handler(request)
            if response.status == 400:
                usage.append((now, 1.0))  # Booxi: a request ending in 400 counts double
            return response

        return guarded

    def _over_budget(self, usage: deque[tuple[float, float]], now: float) -> bool:
        horizon = max(seconds for _count, seconds in self.limits)
        while usage and usage[0][0] <= now - horizon:
            usage.popleft()
        for count, seconds in self.limits:
            since = now - max(seconds - self.leeway_s, 0.0)
            if sum(cost for when, cost in usage if when > since) + 1 > count:
                return True
        return False

    # -- clients -----------------------------------------------------------------------------
    async def find_clients(self, request: web.Request) -> web.Response:
        query = request.query
        families = {
            "email": "email" in query,
            "phoneNumber": "phoneNumber" in query,
            "name": "firstName" in query or "lastName" in query,
            "module": "moduleId" in query or "externalId" in query,
        }
        chosen = [name for name, present in families.items() if present]
        if len(chosen) != 1:
            return _error(400, "Exactly one search criterion is required: email, phoneNumber, "
                               "firstName and lastName, or moduleId and externalId")
        if chosen == ["module"]:
            if not (query.get("moduleId") and query.get("externalId")):
                return _error(400, "moduleId and externalId must be given together")
            return web.json_response({"clients": [], "clientLinks": []})  # no client modules
        merchant = _positive_int(query.get("merchantId"))
        if merchant is None:
            return _error(400, "merchantId is required for a contact search")
        if merchant != self.merchant_id:
            return _error(403, "Merchant is not accessible with this partner key")
        if chosen == ["name"] and not (query.get("firstName") and query.get("lastName")):
            return _error(400, "firstName and lastName must be given together")
        if chosen == ["email"]:
            wanted = query["email"].strip().casefold()
            people = [p for p in self._people(self.population.find_by_email(query["email"]))
                      if (p.email_variant("booxi") or "").casefold() == wanted]
        elif chosen == ["phoneNumber"]:
            digits = "".join(c for c in query["phoneNumber"] if c.isdigit())
            people = [p for p in self._people(self.population.find_by_phone(query["phoneNumber"]))
                      if p.mobile_e164 and p.mobile_e164.lstrip("+") == digits]
        else:
            people = self._by_name(query["firstName"], query["lastName"])
        clients = [self.client_record(p) for p in people[: self.max_clients]]
        if chosen == ["email"]:  # the same address entered again as a new client
            clients += [self.client_record(p, duplicate=True) for p in people
                        if has_duplicate(p)][: self.max_clients - len(clients)]
        return web.json_response({"clients": clients, "clientLinks": []}, dumps=_dumps)

    def _people(self, indices: list[int]) -> list[Person]:
        return [p for p in map(self.population.person, indices) if p.in_booxi]

    def _by_name(self, first: str, last: str) -> list[Person]:
        first, last = first.strip().casefold(), last.strip().casefold()
        if first not in _BOOXI_FIRST or last not in _BOOXI_LAST:
            return []
        found: list[Person] = []
        for index in range(min(self.population.size, self.name_scan_limit)):
            person = self.population.person(index)
            spelt = person.name_variant("booxi")  # Booxi searches its own spelling
            if (person.in_booxi and spelt[0].casefold() == first
                    and spelt[1].casefold() == last):
                found.append(person)
                if len(found) >= self.max_clients:
                    break
        return found

    async def get_client(self, request: web.Request) -> web.Response:
        person = self._client(request.match_info["client_id"])
        if person is None:
            return _error(404, "Client not found")
        duplicate = str(request.match_info["client_id"]).strip() != str(person.booxi_client_id)
        return web.json_response(self.client_record(person, duplicate=duplicate), dumps=_dumps)

    def _client(self, raw_id: str | None) -> Person | None:
        client_id = _positive_int(raw_id)
        if client_id is None:
            return None
        index = client_id - BOOXI_CLIENT_BASE
        if index >= DUPLICATE_OFFSET:  # a duplicate client: the same person's history
            index -= DUPLICATE_OFFSET
            if not 0 <= index < self.population.size or \
                    not has_duplicate(self.population.person(index)):
                return None
        if not 0 <= index < self.population.size:
            return None
        person = self.population.person(index)
        return person if person.in_booxi else None

    def client_record(self, person: Person, *, duplicate: bool = False) -> dict[str, Any]:
        """A person as a Booxi client: email in Booxi's case, E.164 mobile, null or "" gaps,
        the name in Booxi's spelling (see :meth:`Person.name_variant`)."""
        rng = random.Random(f"{person.seed}:{person.index}:booxi-client")
        first, last = person.name_variant("booxi")
        dob: dict[str, int | None] | None = None
        if person.dob is not None:
            year = None if rng.random() < 0.2 else person.dob.year  # birthdays without a year
            dob = {"day": person.dob.day, "month": person.dob.month, "year": year}
        modified = min(self.population.anchor,
                       person.created + timedelta(days=rng.randint(0, 400)))
        membership = f"M{person.index:07d}" if rng.random() < 0.3 else ""
        return {
            "id": person.booxi_client_id + (DUPLICATE_OFFSET if duplicate else 0),
            "membershipNumber": "" if duplicate else membership,
            "merchantId": self.merchant_id,
            "firstName": first,
            "lastName": last,
            "language": "eng",
            "email": person.email_variant("booxi"),
            "homePhoneNumber": "",
            "mobilePhoneNumber": person.mobile_e164,
            "remindBySMS": person.mobile_e164 is not None,
            "remindByEmail": person.email is not None,
            "inMailingList": rng.random() < 0.4,
            "dateOfBirth": dob,
            "address": None,
            "gender": "Unknown",
            "status": "Blocked" if person.blacklist_reason else "Active",
            "quickNote": rng.choice(QUICK_NOTES) if rng.random() < 0.25 else "",
            "createdOn": _stamp(modified if duplicate else person.created),
            "modifiedOn": _stamp(modified),
            "metadata": {},
        }

    # -- booking history ---------------------------------------------------------------------
    async def booking_history(self, request: web.Request) -> web.Response:
        query = request.query
        missing = [name for name in ("from", "to", "clientId") if not query.get(name)]
        if missing:
            return _error(400, f"Missing required parameter(s): {', '.join(missing)}")
        start, end = _parse_rfc3339(query["from"]), _parse_rfc3339(query["to"])
        if start is None or end is None:
            return _error(400, "from and to must be RFC 3339 date-times, e.g. "
                               "2022-01-01T00:00:00Z")
        if start >= end:
            return _error(400, "from must be before to")
        client_id = _positive_int(query["clientId"])
        if client_id is None:
            return _error(400, "clientId must be an integer")
        merchant: int | None = None
        if "merchantId" in query:
            merchant = _positive_int(query["merchantId"])
            if merchant is None:
                return _error(400, "merchantId must be an integer")
        method = query.get("bookingMethod", "Appointment").lower()
        if method not in ("appointment", "groupreservation", "rental"):
            return _error(400, "bookingMethod must be Appointment or GroupReservation")
        order = query.get("order", "ascending").lower()
        if order not in ("ascending", "descending"):
            return _error(400, "order must be ascending or descending")
        offset = 0
        if "cursor" in query:
            decoded = decode_cursor(str(client_id), query["cursor"])
            if decoded is None:
                return _error(400, "Invalid cursor")
            offset = decoded
        person = self._client(query["clientId"])
        if person is None:
            return _error(404, "Client not found")
        bookings: list[Booking] = []
        if method == "appointment" and merchant in (None, self.merchant_id):
            bookings = [b for b in person.bookings("booxi", self.population.anchor)
                        if start <= b.starts < end]
        bookings.sort(key=lambda b: b.starts, reverse=order == "descending")
        page = bookings[offset:offset + self.page_size]
        more = offset + self.page_size < len(bookings)
        body = self._history_page(person, page)
        body["cursor"] = encode_cursor(str(client_id), offset + self.page_size) if more else None
        return web.json_response(body, dumps=_dumps)

    def _history_page(self, person: Person, page: list[Booking]) -> dict[str, Any]:
        services: dict[int, dict[str, Any]] = {}
        staff: dict[int, dict[str, Any]] = {}
        resources: dict[int, dict[str, Any]] = {}
        records = []
        for booking in page:
            records.append(self.booking_record(person, booking))
            position = [name for name, _price in SERVICES].index(booking.service)
            services.setdefault(position, self._service(position))
            staff_position = STAFF.index(booking.staff)
            first, last = booking.staff
            staff.setdefault(staff_position, {"id": STAFF_BASE_ID + staff_position,
                                              "name": f"{first} {last}", "firstName": first,
                                              "lastName": last, "position": "Stylist"})
            if position in RESOURCES:
                resource_id, name = RESOURCES[position]
                resources.setdefault(position, {"id": resource_id, "name": name,
                                                "description": "", "status": "Active"})
        return {
            "bookings": records,
            "groupEvents": [],
            "services": list(services.values()),
            "staff": list(staff.values()),
            "merchants": [self.merchant_record()] if page else [],
            "resources": list(resources.values()),
        }

    def booking_record(self, person: Person, booking: Booking) -> dict[str, Any]:
        """A population booking in Booxi's shape (statuses, presence, decimal-string money)."""
        rng = random.Random(f"{person.seed}:{booking.key}:booxi-booking")
        k = int(booking.key.rsplit("-", 1)[1])
        position = [name for name, _price in SERVICES].index(booking.service)
        staff_position = STAFF.index(booking.staff)
        status, completed, presence = {
            "upcoming": ("Approved", False, "Expecting"),
            "completed": ("Approved", True, "Arrived"),
            "cancelled": ("Cancelled", False, "Expecting"),
            "no-show": ("Approved", True, "NoShow"),
        }[booking.status]
        if booking.status == "upcoming" and rng.random() < 0.2:
            status = "PendingStaffApproval"
        end = booking.starts + timedelta(minutes=booking.minutes)
        span = {"start": _stamp(booking.starts), "end": _stamp(end), "duration": booking.minutes}
        created = min(self.population.anchor,
                      booking.starts - timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 9)))
        item: dict[str, Any] = {
            "serviceId": SERVICE_BASE_ID + position,
            "serviceName": booking.service,
            "serviceHasAssociatedResources": position in RESOURCES,
            "price": self._price(booking.price),
            "reservedClientTimespan": span,
            "shoppingCartProductId": "",
        }
        if position in RESOURCES:
            item["resourceId"], item["resourceName"] = RESOURCES[position]
        paid = booking.price if booking.status == "completed" else "0.00"
        first, last = person.name_variant("booxi")
        return {
            "bookingId": f"A{person.index * 10 + k:09d}",
            "merchantId": self.merchant_id,
            "bookingMethod": "Appointment",
            "status": status,
            "isCompleted": completed,
            "acquisitionChannel": rng.choice(("e-commerce", "back-office", "phone")),
            "startsOn": _stamp(booking.starts),
            "totalClientTimespan": span,
            "staffId": STAFF_BASE_ID + staff_position,
            "staffFirstName": booking.staff[0],
            "staffLastName": booking.staff[1],
            "items": [item],
            "location": "Business",
            "locationText": "",
            "client": {
                "id": person.booxi_client_id,
                "firstName": first,
                "lastName": last,
                "email": person.email_variant("booxi"),
                "homePhoneNumber": "",
                "mobilePhoneNumber": person.mobile_e164,
                "presence": presence,
                "remindByEmail": person.email is not None,
                "remindBySMS": person.mobile_e164 is not None,
                "additionalRequest": "Can I bring my own fabric?" if rng.random() < 0.1 else "",
            },
            "payment": {"total": booking.price, "paid": paid, "onlinePaymentId": "",
                        "onlinePaymentAmount": "0.00", "onlinePaymentStatus": "None"},
            "createdOn": _stamp(created),
            "createdBy": rng.choice(("Staff", "Client")),
            "modifiedOn": _stamp(created),
            "modifiedBy": "Staff",
        }

    def _price(self, amount: str) -> dict[str, Any]:
        return {"visibility": "Show", "amount": amount, "amountPerPerson": "0.00",
                "amountPerHour": "0.00", "currency": "AUD", "isStartingAt": False,
                "tax": "Excluded"}

    def _service(self, position: int) -> dict[str, Any]:
        name, price = SERVICES[position]
        return {"id": SERVICE_BASE_ID + position, "merchantId": self.merchant_id, "name": name,
                "tags": "in-store", "duration": 45, "bookingMethod": "Appointment",
                "location": "Business", "locationText": "", "price": self._price(price),
                "categoryId": 1, "categoryName": "Services", "description": "",
                "metadata": {}}

    def merchant_record(self) -> dict[str, Any]:
        return {
            "id": self.merchant_id, "name": "Sandbox Store (training)", "storeNumber": "SB001",
            "address": {"street": "1 George St", "city": "Sydney", "state": "NSW",
                        "postalCode": "2000", "country": "AU"},
            "phoneNumber": "+61290000000", "email": "store@example.com", "currency": "AUD",
            "tax1Name": "GST", "tax1Rate": "0.1000", "tax2Name": "", "tax2Rate": "0",
            "timeZone": "Australia/Sydney", "latitude": "-33.8688", "longitude": "151.2093",
            "defaultLanguage": "eng",
            "openHours": [{"dow": d, "start": "09:00:00", "end": "17:30:00"} for d in range(1, 7)],
        }
