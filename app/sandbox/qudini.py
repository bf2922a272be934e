"""Fake Qudini: booking details by identifier and customer answers, as the seed article shows them.

What it reproduces, and why: the details envelope (``{"customerDetails": …, "status": "ok"}``)
with booking times in the **venue's** local offset (Australia/Sydney, so +10:00 or +11:00 by
season) and ``lastUpdateTime`` in UTC; ``minutesRemaining`` as a digit *string*; a bare JSON array
for answers (some bookings have none); HTTP Basic enforced on ``/api/...`` only (the public
details endpoint powers the customer's weblink page and takes none); JSON 404s for unknown
identifiers. Error bodies are undocumented; ours follow the ``status`` envelope of the classic API.

Identifiers are ``person.qudini_identifier(k)`` for ``k < person.qudini_bookings``: decodable, so
nothing is stored and a million-person population costs nothing up front.

Knobs: ``api_user`` (Basic user name; the password is the server ``secret``), ``timezone`` (the
venue's zone), ``not_found_style`` (``"404"``: HTTP 404 JSON, the default; ``"status"``: HTTP 200
with ``status`` ≠ ``"ok"`` and no details, the other shape a client must handle).

Short links: the same server stands in for Qudini's page.link domain under ``/page-link/``
(the profile's ``short_link_base``). :meth:`QudiniServer.short_code` mints the code of a
booking's short link, decodable like the identifiers (nothing stored): ``/page-link/<code>``
answers ``302 Found`` with ``Location: <this server>/customer/<identifier>``, as Firebase
Dynamic Links answers a program's GET, or — for a code minted with ``hops`` > 1 — with the next
short link of a chain. ``short_links`` maps further codes to a raw ``Location`` (``None``: a 302
without one), for links that point elsewhere; any other code is a 404, as for an expired link.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import random
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from app.sandbox.base import VendorServer
from app.sandbox.faults import Faults
from app.sandbox.people import SERVICES, Booking, Person, Population, qudini_index

QUESTIONS: tuple[tuple[int, str, tuple[Any, ...]], ...] = (
    (36, "text", ("In-store", "Video call")),
    (65, "text", ("Looking for a gift for my mum's birthday", "Need new shoes & a belt",
                  "Trying on <size 10> dresses", "Ça va — just browsing")),
    (89, "text", ("Yes", "No")),
    (101, "number", (1, 2, 3, 4)),
    (120, "dateTime", ("2026-12-01T10:00:00.000+11:00", "2026-12-24T15:30:00.000+11:00")),
    (130, "list", (["Shoes"], ["Shoes", "Bags"], ["Accessories", "Gift wrap"])),
)
LANGUAGES = (("en", "English"), ("en", "English"), ("en", "English"), ("zh", "Chinese"),
             ("fr", "French"))
STATES = {"completed": "SERVED", "cancelled": "CANCELLED", "no-show": "NO_SHOW"}
SHORT_LINK_PATH = "/page-link"
_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_CODE_HEAD, _CODE_TAIL = 9, 8  # 17 characters, like Firebase's "unguessable" suffixes
MAX_CHAIN = 8


def _base62(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, digit = divmod(number, 62)
        digits.append(_B62[digit])
    return "".join(reversed(digits))


def _unbase62(text: str) -> int | None:
    number = 0
    for char in text:
        digit = _B62.find(char)
        if digit < 0:
            return None
        number = number * 62 + digit
    return number


def _hash(*parts: object) -> int:
    return int.from_bytes(hashlib.blake2b(":".join(map(str, parts)).encode(),
                                          digest_size=8).digest(), "big")


def local_ms(moment: datetime) -> str:
    """``2021-04-17T09:00:00.000-07:00``: milliseconds and the venue's offset."""
    return moment.isoformat(timespec="milliseconds")


def utc_ms(moment: datetime) -> str:
    """``2021-04-16T11:36:07.000Z``."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class QudiniServer(VendorServer):
    """Qudini's customer-details and answers endpoints over the shared population."""

    vendor = "qudini"

    def __init__(self, population: Population, secret: str, faults: Faults | None = None) -> None:
        super().__init__(population, secret, faults)
        self.api_user = "clientdesk-sandbox"
        self.timezone = "Australia/Sydney"
        self.not_found_style = "404"
        #: Extra short-link codes and the raw ``Location`` each answers with (None: none).
        self.short_links: dict[str, str | None] = {}

    def profile_table(self, base_url: str) -> dict[str, object]:
        return {"base_url": base_url, "api_user": self.api_user,
                "short_link_base": f"{base_url}{SHORT_LINK_PATH}"}

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/api-customer-details/{identifier}", self._details)
        app.router.add_get("/api/v3/customers/{identifier}/answers", self._answers)
        app.router.add_get(SHORT_LINK_PATH + "/{code}", self._short_link)

    # -- short links ----------------------------------------------------------------------------
    def short_code(self, identifier: str, hops: int = 1) -> str:
        """The code of the short link to ``identifier`` (``https://qdi.page.link/<code>`` as the
        customer gets it); with ``hops`` > 1, a link that redirects through ``hops - 1`` more
        short links first."""
        found = self.lookup(identifier)
        if found is None or not 1 <= hops <= MAX_CHAIN:
            raise ValueError("no such booking, or a chain longer than the sandbox makes")
        person, k, _booking = found
        tail = _base62(((person.index << 6 | k) << 3) | (hops - 1), _CODE_TAIL)
        head = _base62(_hash(self.population.seed, tail, "short"), _CODE_HEAD)
        return head + tail

    def _short_target(self, code: str) -> tuple[str, int] | None:
        """The identifier and chain length a minted code stands for, or None."""
        if len(code) != _CODE_HEAD + _CODE_TAIL:
            return None
        head, tail = code[:_CODE_HEAD], code[_CODE_HEAD:]
        number = _unbase62(tail)
        if number is None or head != _base62(_hash(self.population.seed, tail, "short"),
                                             _CODE_HEAD):
            return None
        hops, k, index = (number & 7) + 1, (number >> 3) & 63, number >> 9
        if not 0 <= index < self.population.size:
            return None
        person = self.population.person(index)
        if k >= person.qudini_bookings:
            return None
        return person.qudini_identifier(k), hops

    async def _short_link(self, request: web.Request) -> web.StreamResponse:
        code = request.match_info["code"]
        if code in self.short_links:
            location = self.short_links[code]
            headers = {"Location": location} if location is not None else {}
            return web.Response(status=302, headers=headers)
        found = self._short_target(code)
        if found is None:
            return web.Response(status=404, text="Dynamic Link Not Found",
                                content_type="text/html")
        identifier, hops = found
        origin = f"{request.scheme}://{request.host}"
        location = f"{origin}/customer/{identifier}" if hops == 1 else \
            f"{SHORT_LINK_PATH}/{self.short_code(identifier, hops - 1)}"  # relative, as allowed
        return web.Response(status=302, headers={"Location": location})

    # -- lookup ---------------------------------------------------------------------------------
    def sample_identifiers(self, n: int, start: int = 0) -> list[str]:
        """The first ``n`` valid booking identifiers from person ``start`` on (tests, demos)."""
        found: list[str] = []
        for index in range(start, self.population.size):
            person = self.population.person(index)
            found.extend(person.qudini_identifier(k) for k in range(person.qudini_bookings))
            if len(found) >= n:
                break
        return found[:n]

    def lookup(self, identifier: str) -> tuple[Person, int, Booking] | None:
        """The person, booking number and booking behind an identifier, or None."""
        identifier = identifier.lower()
        decoded = qudini_index(identifier)
        if decoded is None:
            return None
        index, k = decoded
        if not 0 <= index < self.population.size:
            return None
        person = self.population.person(index)
        if k >= person.qudini_bookings or person.qudini_identifier(k) != identifier:
            return None
        bookings = person.bookings("qudini", self.population.anchor,
                                   count=person.qudini_bookings)
        return person, k, bookings[k]

    # -- auth -----------------------------------------------------------------------------------
    def _authorised(self, request: web.Request) -> bool:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            user, sep, password = base64.b64decode(token, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return bool(sep) and hmac.compare_digest(user.encode(), self.api_user.encode()) and \
            hmac.compare_digest(password.encode(), self.secret.encode())

    @staticmethod
    def _not_found() -> web.Response:
        return web.json_response({"status": "error", "message": "Customer not found"},
                                 status=404)

    # -- handlers -------------------------------------------------------------------------------
    async def _details(self, request: web.Request) -> web.StreamResponse:
        found = self.lookup(request.match_info["identifier"])
        if found is None:
            if self.not_found_style == "status":
                return web.json_response({"status": "NOT_FOUND", "customerDetails": None,
                                          "message": "Customer not found"})
            return self._not_found()
        return web.json_response({"customerDetails": self._details_json(*found),
                                  "status": "ok"})

    async def _answers(self, request: web.Request) -> web.StreamResponse:
        if not self._authorised(request):
            return web.json_response(
                {"status": "error",
                 "message": "Full authentication is required to access this resource"},
                status=401, headers={"WWW-Authenticate": 'Basic realm="Qudini"'})
        found = self.lookup(request.match_info["identifier"])
        if found is None:
            return self._not_found()
        person, k, _booking = found
        return web.json_response(self._answers_json(person.qudini_identifier(k)))

    # -- shapes ---------------------------------------------------------------------------------
    def _answers_json(self, identifier: str) -> list[dict[str, Any]]:
        rng = random.Random(_hash(self.population.seed, identifier, "answers"))
        if rng.random() < 0.3:
            return []  # the customer skipped the questions
        out = []
        for question_id, kind, choices in rng.sample(QUESTIONS, rng.randint(1, 4)):
            answer: dict[str, Any] = {"id": 451_000 + rng.randrange(100_000), "text": None,
                                      "number": None, "dateTime": None, "list": None,
                                      "question": {"id": question_id}}
            answer[kind] = rng.choice(choices)
            out.append(answer)
        return out

    def _details_json(self, person: Person, k: int, booking: Booking) -> dict[str, Any]:
        zone = ZoneInfo(self.timezone)
        identifier = person.qudini_identifier(k)
        h = _hash(identifier, "details")
        anchor = self.population.anchor
        starts = booking.starts.astimezone(zone)
        ends = starts + timedelta(minutes=booking.minutes)
        minutes_left = max(0, int((booking.starts - anchor).total_seconds() // 60))
        upcoming = booking.status == "upcoming"
        in_queue = upcoming and h % 4 == 0
        state = ("IN_QUEUE" if in_queue else "BOOKING") if upcoming else STATES[booking.status]
        left = None
        if booking.status in ("cancelled", "no-show"):
            left = {"leftTime": utc_ms(booking.starts), "reason": STATES[booking.status]}
        served = None
        if booking.status == "completed":
            served = {"servedTime": utc_ms(ends), "servedBy": f"{booking.staff[0]} "
                                                              f"{booking.staff[1][0]}."}
        service_index = [name for name, _ in SERVICES].index(booking.service)
        iso, language = LANGUAGES[h % len(LANGUAGES)]
        return {
            "averageWaitForQueue": h % 16,
            "bookingMeetingUrl": f"https://meet.example.com/qudini/{identifier[:10]}"
            if h % 5 == 0 else None,
            "bookingRescheduleUrl": "https://bookings-au.qudini.com/booking-widget/booker/"
                                    f"reschedule/{identifier}" if upcoming else None,
            "customerInQueue": {
                "bookedServer": {"id": 300 + h % 4, "name": f"{booking.staff[0]}"}
                if h % 3 == 0 else None,
                "bookingEndTime": local_ms(ends),
                "bookingStartTime": local_ms(starts),
                "collectingServer": None,
                "currentPosition": 1 + h % 8 if in_queue else None,
                "customer": {
                    "bookingRef": "".join(chr(65 + (h >> (5 * i)) % 26) for i in range(4))
                                  + f"{h % 10_000:04d}",
                    "createdBySystem": None,
                    "groupSize": 2 if h % 7 == 0 else 1,
                    "id": 2_000_000 + person.index,
                    "language": {"isoCode": iso, "name": language},
                    "name": person.full_name,
                    "orderNumber": f"ORD-{h % 100_000:05d}" if h % 6 == 0 else None,
                    "ticketNumber": f"A{h % 1000:03d}",
                    "title": None,
                },
                "expectedTime": local_ms(starts),
                "hasBeenSentReturnMessage": False,
                "id": 1_800_000 + person.index * 4 + k,
                "isBookingConfirmed": upcoming and h % 2 == 0,
                "isFixed": True,
                "lastUpdateTime": utc_ms(min(anchor, booking.starts) - timedelta(
                    minutes=h % 600, seconds=h % 60)),
                "minutesRemaining": str(minutes_left),
                "product": {
                    "averageServeTimeMinutes": booking.minutes,
                    "colour": "#1f6feb" if service_index % 2 else None,
                    "iconId": 70 + service_index,
                    "id": 120 + service_index,
                    "name": booking.service,
                },
                "timeRemaining": f"{minutes_left}mins",
            },
            "customerLeft": left,
            "customerServed": served,
            "identifier": identifier,
            "isLast": in_queue and h % 8 == 7,
            "queue": {
                "id": 5465,
                "identifier": "tp1nd",
                "minWaitTimeMinutes": None,
                "name": "Appointments",
                "venue": {
                    "id": 1236,
                    "isBookingEnabled": True,
                    "isWalkinEnabled": True,
                    "location": {
                        "address1": "Sandbox Store",
                        "address2": "1 George Street",
                        "address3": None,
                        "address4": None,
                        "country": "Australia",
                        "googleMapMarkerLink": "https://maps.google.com/?q=-33.8615,151.2101",
                        "locality": "Sydney",
                        "postcode": "2000",
                        "region": "NSW",
                    },
                    "name": "Sandbox Store — Sydney CBD",
                    "phoneNumber": "+61 2 9000 0000" if h % 2 else None,
                },
            },
            "queueLength": h % 11,
            "state": state,
            "venueOpeningHours": [self._opening_day(starts + timedelta(days=d))
                                  for d in range(-1, 6)],
        }

    @staticmethod
    def _opening_day(moment: datetime) -> dict[str, Any]:
        weekend = moment.weekday() >= 5
        return {"date": moment.date().isoformat(),
                "openingHours": {"startHours": 10 if weekend else 9, "startMinutes": 0,
                                 "endHours": 16 if weekend else 17, "endMinutes": 30}}
