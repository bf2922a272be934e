"""Fake LOKE: an OAuth token endpoint and the customers API, computed from the population.

What it speaks (see ``/work/shared/vendors/loke.md``):

* ``POST /token`` — OAuth 2 client credentials (form fields or HTTP Basic). Bad client → 401
  ``{"error": "invalid_client"}``; other grant types → 400 ``unsupported_grant_type``.
* Every API call needs ``Authorization: Bearer``; a missing, unknown, revoked or expired token
  → 401 in the ``@loke/errors`` shape. An organization other than ours → 403 (add-on not
  installed).
* ``GET /organizations/{org}/customers`` — pages of :attr:`LokeServer.page_size` with the
  cursor inside a full-URL ``X-Next-Page`` header; ``sort``, ``email`` (exact, case-insensitive,
  ignoring stray spaces) and ``phoneNumber`` filters. ``…/customers/{id}`` and
  ``…/customers/{id}/memberships`` (pages of 10).

Nothing is built per person up front: customer slot ``2*i`` is person ``i`` and slot ``2*i+1``
their LOKE duplicate (when they have one); a cursor is just the next slot, and email/phone
searches use :meth:`Population.find_by_email`/:meth:`~Population.find_by_phone`, which decode the
person index from the value, so a million-person population answers a page or a search in
milliseconds.

Knobs (plain attributes, change them any time): ``token_ttl_s``, ``page_size``,
``memberships_page_size``, ``scan_limit`` (how many slots one page may examine — a small value
gives short or even empty pages that still carry ``X-Next-Page``, as LOKE's guide warns),
``next_page_origin`` (send ``X-Next-Page`` on another origin, to test that clients refuse it),
``relative_next_page`` (send a path only, like the older guide), ``hidden`` (LOKE ids the server
no longer holds: deleted upstream, gone from lists and lookups), ``broken`` (LOKE ids served with
an unreadable field, so a client must skip them). Counters and controls for tests:
``tokens_issued``, ``list_log`` (the first slot of every customer-list page served, so a test
can tell which pages a resumed sync fetched again), :meth:`revoke_tokens`.

``sort=updated`` (for incremental sync, :mod:`app.sync.loke`) is really ordered by each
customer's ``updatedAt``, ties broken by slot, in the direction :attr:`LokeServer.updated_order`
says: ``"desc"`` (newest first, the default), ``"asc"``, or ``"id"`` (slot order, i.e. the
timestamps come in no order: a server whose answer a client must not trust). LOKE documents
neither the direction nor what ``after`` encodes, so both directions are modelled and a client
is tested against either. Its cursor is a *key* — the last item's (updatedAt, slot), packed in
one integer (:func:`updated_key`) — not a position, so records changing between two pages do not
shift the pages after: as with a database index seek. The order is built lazily, on the first
``sort=updated`` list (or :meth:`LokeServer.build_order`): one record per slot, about 9 s per
100k people on these machines, so ~90 s at 1M — a benchmark builds it before timing
(:meth:`build_order`), as LOKE's index exists before we ask. Changes keep it sorted
(bisect, O(n) per change, fine for hundreds).

Mutations for tests and benchmarks: :meth:`LokeServer.change` bumps ``updatedAt`` (and the
points) of customers, :meth:`LokeServer.add` adds new ones (served in every list and lookup),
and deletions are ``hidden`` as before.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import hmac
import json
import random
import secrets as token_source
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from aiohttp import web
from yarl import URL

from app.sandbox.base import VendorServer, decode_cursor, encode_cursor
from app.sandbox.faults import Faults
from app.sandbox.people import Person, Population, loke_id, loke_index

#: Bits of an ``updated_key`` that carry the slot (room for 2M people and their duplicates).
SLOT_BITS = 22

CUSTOMER_LISTS = (
    "VIP", "Birthday club", "Newsletter", "Loyal Customers", "Gold tier", "Coffee lovers",
    "Lapsed 90 days", "Click & collect", "Winter sale", "Early access", "App users",
    "Referral program", "Local events", "Survey respondents", "Staff picks", "Wine club",
)
#: Members who joined this recently have no statistics object yet (LOKE omits it).
NEW_MEMBER_DAYS = 30
_dumps = partial(json.dumps, ensure_ascii=False)
_UNAUTHORIZED = {"message": "Unauthorized", "code": "unauthorized", "expose": True}
_FORBIDDEN = {"message": "Forbidden", "code": "forbidden", "expose": True}
_NOT_FOUND = {"message": "Not Found", "code": "not_found", "expose": True}


def _utc_seconds(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _utc_millis(moment: datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def _other_case(email: str) -> str:
    local, _, domain = email.partition("@")
    changed = f"{local[:1].upper()}{local[1:]}@{domain.upper()}"
    return changed if changed != email else email.swapcase()


def _error(status: int, body: dict[str, Any]) -> web.Response:
    return web.json_response(body, status=status, dumps=_dumps)


class LokeServer(VendorServer):
    """The LOKE customers API for one organization; ``secret`` is the OAuth client secret."""

    vendor = "loke"

    def __init__(self, population: Population, secret: str, faults: Faults | None = None) -> None:
        super().__init__(population, secret, faults)
        self.client_id = "clientdesk-sandbox"
        self.organization_id = "01HZ" + f"{population.seed:022d}"
        self.token_ttl_s: float = 3600.0
        self.page_size = 1000
        self.memberships_page_size = 10
        self.scan_limit: int | None = None
        self.next_page_origin: str | None = None
        self.relative_next_page = False
        self.hidden: set[str] = set()
        self.broken: set[str] = set()
        self.list_log: list[int] = []
        #: Direction of ``sort=updated``: "desc" (newest first), "asc", or "id" (no order).
        self.updated_order: str = "desc"
        self._changed: dict[str, tuple[str, int]] = {}  # id -> (updatedAt, points added)
        self._added: list[dict[str, Any]] = []  # slot 2*size + k
        self._order: list[int] | None = None  # updated_key of every customer, ascending
        self._keys: dict[int, int] = {}  # slot -> its key in _order
        self.tokens_issued = 0
        #: Benchmarks only (``bench_sync.py --prerendered``): pages of the plain customer list
        #: as first rendered, by full path and query, served as bytes from then on, so a timed
        #: sync measures the client and not this server building JSON. None: off. Never
        #: invalidated: turn it off (:meth:`prerender`) before changing customers.
        self.prerendered: dict[str, tuple[bytes, dict[str, str]]] | None = None
        self.clock: Callable[[], float] = time.monotonic
        self._tokens: dict[str, float] = {}  # access token -> expiry on self.clock

    def profile_table(self, base_url: str) -> dict[str, object]:
        base = base_url.rstrip("/")
        return {"base_url": base, "token_url": base + "/token", "client_id": self.client_id,
                "organization_id": self.organization_id}

    # -- mutations (tests, benchmarks) -----------------------------------------------------
    def build_order(self) -> None:
        """Sort every customer by (updatedAt, slot) now, not on the first ``sort=updated``."""
        if self._order is not None:
            return
        keys: dict[int, int] = {}
        people: dict[int, Person] = {}
        for slot in range(self._slot_count()):
            record = self._record_at(slot, people)
            if slot % 2:
                people.clear()
            if record is not None:
                keys[slot] = updated_key(record["updatedAt"], slot)
        self._keys = keys
        self._order = sorted(keys.values())

    def change(self, ids_or_count: Sequence[str] | int, now: datetime) -> list[str]:
        """Customers changed at ``now`` (UTC): a later ``updatedAt`` and one point more each.

        A count picks that many customers spread evenly over the list. Returns their ids.
        """
        if isinstance(ids_or_count, int):
            total, slots = self._slot_count(), list[int]()
            step = max(1, total // max(1, ids_or_count))
            for first in range(0, total, step):
                found = next((s for s in range(first, min(total, first + step))
                              if self._record_at(s, {}) is not None), None)
                if found is not None and len(slots) < ids_or_count:
                    slots.append(found)
        else:
            slots = [self._slot_of(i) for i in ids_or_count]
        stamp = _utc_seconds(now)
        changed: list[str] = []
        for slot in slots:
            record = self._record_at(slot, {})
            if record is None:
                raise KeyError(f"no customer at slot {slot}")
            bump = self._changed.get(record["id"], ("", 0))[1] + 1
            if slot >= 2 * self.population.size:
                added = self._added[slot - 2 * self.population.size]
                added["updatedAt"] = stamp
                added["statistics"]["pointsBalance"] += 1
            else:
                self._changed[record["id"]] = (stamp, bump)
            self._rekey(slot, stamp)
            changed.append(record["id"])
        return changed

    def add(self, count: int, now: datetime) -> list[str]:
        """``count`` new customers created at ``now`` (UTC); their ids."""
        stamp = _utc_seconds(now)
        ids: list[str] = []
        for _ in range(count):
            k = len(self._added)
            customer_id = f"01K{k:023d}"
            self._added.append({
                "id": customer_id, "firstName": "Newly", "lastName": f"Joined{k}",
                "email": f"newly.joined{k}@example.com", "createdAt": stamp,
                "updatedAt": stamp,
                "statistics": {"pointsBalance": 0, "totalPointsEarned": 0,
                               "totalPointsRedeemed": 0, "totalSpend": 0}})
            self._rekey(2 * self.population.size + k, stamp)
            ids.append(customer_id)
        return ids

    def set_updated_order(self, direction: str) -> None:
        """``updated_order`` from another process (benchmarks): "asc", "desc" or "id"."""
        if direction not in ("asc", "desc", "id"):
            raise ValueError(f"updated_order must be asc, desc or id, not {direction!r}")
        self.updated_order = direction

    def request_count(self) -> int:
        """Requests served so far (token ones included): what a vendor would see."""
        return self.requests

    def _rekey(self, slot: int, stamp: str) -> None:
        if self.prerendered is not None:
            self.prerendered.clear()  # pages rendered before this change are stale now
        if self._order is None:
            return
        old = self._keys.get(slot)
        if old is not None:
            del self._order[bisect.bisect_left(self._order, old)]
        key = updated_key(stamp, slot)
        bisect.insort(self._order, key)
        self._keys[slot] = key

    def _slot_count(self) -> int:
        return 2 * self.population.size + len(self._added)

    def _slot_of(self, customer_id: str) -> int:
        if customer_id.startswith("01K") and customer_id[3:].isdigit():
            return 2 * self.population.size + int(customer_id[3:])
        decoded = loke_index(customer_id)
        if decoded is None:
            raise KeyError(customer_id)
        return 2 * decoded[0] + int(decoded[1])

    def _record_at(self, slot: int, people: dict[int, Person]) -> dict[str, Any] | None:
        """The customer at ``slot`` as served (changes applied), or None; not ``hidden``-aware."""
        size = self.population.size
        if slot >= 2 * size:
            k = slot - 2 * size
            return dict(self._added[k]) if k < len(self._added) else None
        index = slot // 2
        if index not in people:
            people[index] = self.population.person(index)
        return self.customer_record(people[index], duplicate=bool(slot % 2))

    def revoke_tokens(self) -> None:
        """Invalidate every issued token (as if LOKE restarted): clients must get a new one."""
        self._tokens.clear()

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/token", self.token)
        base = "/organizations/{org}/customers"
        app.router.add_get(base, self.list_customers)
        app.router.add_get(base + "/{customer_id}", self.get_customer)
        app.router.add_get(base + "/{customer_id}/memberships", self.list_memberships)

    # -- OAuth -------------------------------------------------------------------------------
    async def token(self, request: web.Request) -> web.Response:
        form = await request.post()
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        basic = request.headers.get("Authorization", "")
        if basic.lower().startswith("basic "):
            try:
                pair = base64.b64decode(basic[6:].strip()).decode()
            except (binascii.Error, UnicodeDecodeError):
                pair = ""
            client_id, _, client_secret = pair.partition(":")
        if form.get("grant_type") != "client_credentials":
            return _error(400, {"error": "unsupported_grant_type"})
        if not (isinstance(client_id, str) and isinstance(client_secret, str)
                and hmac.compare_digest(client_id.encode(), self.client_id.encode())
                and hmac.compare_digest(client_secret.encode(), self.secret.encode())):
            return _error(401, {"error": "invalid_client"})
        now = self.clock()
        self._tokens = {t: exp for t, exp in self._tokens.items() if exp > now}
        access = token_source.token_urlsafe(32)
        self._tokens[access] = now + self.token_ttl_s
        self.tokens_issued += 1
        return web.json_response({"access_token": access, "token_type": "Bearer",
                                  "expires_in": int(self.token_ttl_s)},
                                 headers={"Cache-Control": "no-store"})

    def _refuse(self, request: web.Request) -> web.Response | None:
        """401 for a bad bearer token, 403 for another organization, else None."""
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        expiry = self._tokens.get(token.strip()) if scheme.lower() == "bearer" else None
        if expiry is None or self.clock() >= expiry:
            return _error(401, _UNAUTHORIZED)
        if request.match_info["org"] != self.organization_id:
            return _error(403, _FORBIDDEN)
        return None

    # -- customers ---------------------------------------------------------------------------
    async def list_customers(self, request: web.Request) -> web.Response:
        refused = self._refuse(request)
        if refused is not None:
            return refused
        query = request.query
        sort = query.get("sort")
        if sort is not None and sort not in ("created", "updated"):
            return _error(400, {"message": "sort must be created or updated",
                                "code": "bad_request", "expose": True})
        start = 0
        if "after" in query:
            decoded = decode_cursor("c", query["after"])
            if decoded is None:
                return _error(400, {"message": "Invalid cursor", "code": "bad_request",
                                    "expose": True})
            start = decoded
        self.list_log.append(start)
        email, phone = query.get("email"), query.get("phoneNumber")
        slots: Sequence[int]
        if sort == "updated" and email is None and phone is None \
                and self.updated_order in ("asc", "desc"):
            return self._list_updated(request, "after" in query, start)
        if email is None and phone is None:
            # Both sorts are served in id order: LOKE does not document either direction.
            slots = range(self._slot_count())
        else:
            indices: set[int] | None = None
            if email is not None:
                indices = set(self.population.find_by_email(email))
            if phone is not None:
                found = set(self.population.find_by_phone(phone))
                indices = found if indices is None else indices & found
            slots = sorted(s for i in indices or () for s in (2 * i, 2 * i + 1))
        cached = self.prerendered
        if cached is not None and email is None and phone is None \
                and request.path_qs in cached:
            body, headers = cached[request.path_qs]
            return web.Response(body=body, headers=headers, content_type="application/json")
        page, next_slot = self._page(slots, start, partial(_matches, email, phone))
        headers = {}
        if next_slot is not None:
            headers["X-Next-Page"] = self._next_page(request, encode_cursor("c", next_slot))
        if cached is not None and email is None and phone is None:
            cached[request.path_qs] = (_dumps(page).encode(), headers)
        return web.json_response(page, headers=headers, dumps=_dumps)

    def prerender(self, on: bool) -> None:
        """Serve the plain list from :attr:`prerendered` pages (``True``) or as usual."""
        self.prerendered = {} if on else None

    def _list_updated(self, request: web.Request, has_cursor: bool, key: int) -> web.Response:
        """A ``sort=updated`` page: items after the cursor's key, in :attr:`updated_order`.

        Served from :attr:`prerendered` like the plain list when that is on (a full sync
        walks this sort, so that is what ``bench_sync.py --prerendered`` must prepare)."""
        cached = self.prerendered
        if cached is not None and request.path_qs in cached:
            body, cached_headers = cached[request.path_qs]
            return web.Response(body=body, headers=cached_headers,
                                content_type="application/json")
        self.build_order()
        assert self._order is not None
        order, descending = self._order, self.updated_order == "desc"
        if descending:
            position = (bisect.bisect_left(order, key) if has_cursor else len(order)) - 1
        else:
            position = bisect.bisect_right(order, key) if has_cursor else 0
        out: list[dict[str, Any]] = []
        scanned, last = 0, None
        mask = (1 << SLOT_BITS) - 1
        while 0 <= position < len(order) and len(out) < self.page_size:
            if self.scan_limit is not None and scanned >= self.scan_limit:
                break
            last = order[position]
            position += -1 if descending else 1
            scanned += 1
            record = self._record_at(last & mask, {})
            if record is not None and record["id"] not in self.hidden:
                out.append(self._maybe_broken(record))
        headers = {}
        if last is not None and 0 <= position < len(order):
            headers["X-Next-Page"] = self._next_page(request, encode_cursor("c", last))
        if cached is not None:
            cached[request.path_qs] = (_dumps(out).encode(), headers)
        return web.json_response(out, headers=headers, dumps=_dumps)

    def _page(
        self, slots: Sequence[int], start: int, keep: Callable[[dict[str, Any]], bool]
    ) -> tuple[list[dict[str, Any]], int | None]:
        """Customers from ``slots`` (ascending) at or after ``start``; and the next slot."""
        position = bisect.bisect_left(slots, start)
        people: dict[int, Person] = {}
        out: list[dict[str, Any]] = []
        scanned = 0
        while position < len(slots) and len(out) < self.page_size:
            if self.scan_limit is not None and scanned >= self.scan_limit:
                break
            slot = slots[position]
            position += 1
            scanned += 1
            record = self._record_at(slot, people)
            if record is not None and record["id"] not in self.hidden and keep(record):
                out.append(self._maybe_broken(record))
        return out, (slots[position] if position < len(slots) else None)

    def _maybe_broken(self, record: dict[str, Any]) -> dict[str, Any]:
        """A ``broken`` customer keeps its id but carries points that are not a number."""
        if record["id"] not in self.broken:
            return record
        return {**record, "statistics": {"pointsBalance": "lots"}}

    def _next_page(self, request: web.Request, cursor: str) -> str:
        relative = request.rel_url.update_query(after=cursor)
        if self.relative_next_page:
            return str(relative)
        origin = URL(self.next_page_origin) if self.next_page_origin else request.url.origin()
        return str(origin.join(relative))

    async def get_customer(self, request: web.Request) -> web.Response:
        refused = self._refuse(request)
        if refused is not None:
            return refused
        record = self._lookup(request.match_info["customer_id"])
        if record is None:
            return _error(404, _NOT_FOUND)
        return web.json_response(self._maybe_broken(record), dumps=_dumps)

    async def list_memberships(self, request: web.Request) -> web.Response:
        refused = self._refuse(request)
        if refused is not None:
            return refused
        customer_id = request.match_info["customer_id"]
        if self._lookup(customer_id) is None:
            return _error(404, _NOT_FOUND)
        offset = 0
        if "after" in request.query:
            decoded = decode_cursor("m", request.query["after"])
            if decoded is None:
                return _error(400, {"message": "Invalid cursor", "code": "bad_request",
                                    "expose": True})
            offset = decoded
        lists = self.memberships_of(customer_id)
        end = offset + self.memberships_page_size
        headers = {}
        if end < len(lists):
            headers["X-Next-Page"] = self._next_page(request, encode_cursor("m", end))
        return web.json_response(lists[offset:end], headers=headers, dumps=_dumps)

    # -- data --------------------------------------------------------------------------------
    def _lookup(self, customer_id: str) -> dict[str, Any] | None:
        if customer_id.startswith("01K") and customer_id not in self.hidden:
            k = self._slot_of(customer_id) - 2 * self.population.size \
                if customer_id[3:].isdigit() else -1
            return dict(self._added[k]) if 0 <= k < len(self._added) else None
        decoded = loke_index(customer_id)
        if decoded is None:
            return None
        index, duplicate = decoded
        if index >= self.population.size:
            return None
        if customer_id != loke_id(self.population.seed, index, duplicate):
            return None
        if customer_id in self.hidden:
            return None
        return self.customer_record(self.population.person(index), duplicate=duplicate)

    def customer_record(self, person: Person, *, duplicate: bool = False) -> dict[str, Any] | None:
        """The LOKE JSON of a person (or of their duplicate); None if LOKE does not hold it.

        Optional keys are omitted, never null, as LOKE does. The duplicate is the same person
        signed up again: other-case email, no phone, no birthday, no points yet.
        """
        if not person.in_loke or (duplicate and not person.loke_duplicate):
            return None
        rng = random.Random(f"{person.seed}:{person.index}:{duplicate}:loke")
        anchor = self.population.anchor
        created = person.created
        if duplicate:
            created = min(anchor, created + timedelta(days=rng.randint(30, 400)))
        record: dict[str, Any] = {
            "id": loke_id(person.seed, person.index, duplicate),
            "firstName": person.first_name,
            "lastName": person.last_name,
        }
        if duplicate:
            record["email"] = _other_case(person.email or "")
        elif (email := person.email_variant("loke")) is not None:
            record["email"] = email
        if not duplicate and person.mobile_e164:
            record["phoneNumber"] = person.mobile_e164
        if not duplicate and person.dob:
            record["dob"] = person.dob.isoformat()
        roll = rng.random()
        if roll < 0.55:
            record["gender"] = "FEMALE" if roll < 0.3 else "MALE"
        if rng.random() < 0.9:
            record["hasAgreedToMarketing"] = rng.random() < 0.6
        record["createdAt"] = _utc_seconds(created)
        updated = created

        def moment() -> datetime:
            span = (anchor - created).total_seconds()
            return created + timedelta(seconds=int(span * rng.random()),
                                       milliseconds=rng.randint(0, 999))

        if duplicate:
            record["statistics"] = {"pointsBalance": 0, "totalPointsEarned": 0,
                                    "totalPointsRedeemed": 0, "totalSpend": 0}
        elif person.points > 0 and anchor - created > timedelta(days=NEW_MEMBER_DAYS):
            redeemed = person.points * rng.randint(0, 60) // 100
            stats: dict[str, Any] = {
                "pointsBalance": person.points,
                "totalPointsEarned": person.points + redeemed,
                "totalPointsRedeemed": redeemed,
                "totalSpend": person.spend_cents,
            }
            earned_at, spent_at = moment(), moment()
            stats["lastPointsEarnedAt"] = _utc_millis(earned_at)
            stats["lastSpentAt"] = _utc_millis(spent_at)
            updated = max(earned_at, spent_at)
            if redeemed:
                redeemed_at = moment()
                stats["lastPointsRedeemedAt"] = _utc_millis(redeemed_at)
                updated = max(updated, redeemed_at)
            record["statistics"] = stats
        record["updatedAt"] = _utc_seconds(updated)
        change = self._changed.get(record["id"])
        if change is not None:  # changed since (:meth:`change`): newer, one point more
            record["updatedAt"] = change[0]
            stats = dict(record.get("statistics") or {"pointsBalance": 0})
            stats["pointsBalance"] = int(stats.get("pointsBalance", 0)) + change[1]
            record["statistics"] = stats
        return record

    def memberships_of(self, customer_id: str) -> list[dict[str, str]]:
        """The customer lists of a customer: deterministic; every tenth person is in 12 or more."""
        decoded = loke_index(customer_id)
        index = decoded[0] if decoded else 0
        rng = random.Random(f"{self.population.seed}:{customer_id}:lists")
        if index % 10 == 7:
            count = rng.randint(12, len(CUSTOMER_LISTS))
        else:
            count = rng.choices((0, 1, 2, 3, 4), (20, 30, 25, 15, 10))[0]
        chosen = sorted(rng.sample(range(len(CUSTOMER_LISTS)), count))
        return [{"id": f"01HMBR{n:020d}", "name": CUSTOMER_LISTS[n]} for n in chosen]


def updated_key(stamp: str, slot: int) -> int:
    """The ``sort=updated`` key of a customer: updatedAt (epoch seconds) above the slot bits.

    One integer, so it fits the sandbox's ``c:<n>`` cursor; ordering by it is ordering by
    (updatedAt, slot).
    """
    moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return int(moment.timestamp()) << SLOT_BITS | slot


def _matches(email: str | None, phone: str | None, record: dict[str, Any]) -> bool:
    if email is not None:
        stored = str(record.get("email", "")).strip().casefold()
        if stored != email.strip().casefold():
            return False
    if phone is not None:
        wanted = "".join(c for c in phone if c.isdigit())
        stored_phone = "".join(c for c in str(record.get("phoneNumber", "")) if c.isdigit())
        if wanted.startswith("0"):
            wanted = "61" + wanted[1:]
        if not stored_phone or stored_phone != wanted:
            return False
    return True
