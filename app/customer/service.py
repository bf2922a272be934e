"""Open a customer's profile: paint from the cache at once, then refresh every vendor together.

:class:`ProfileService` keeps one client per vendor for the life of the window (so a LOKE token
or a reservations session is reused from one profile to the next) and refreshes the sections
of a profile concurrently: the whole refresh takes about as long as the slowest vendor, not
the sum. Each section is saved and handed to ``on_section`` the moment it lands; one vendor
failing marks only its own section and keeps that section's older data with its "as of" time.
Sections younger than the store's time-to-live are not asked again unless forced (F5).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from app.cache.db import write_transaction
from app.cache.writer import CacheWriter
from app.customer import fetch, lookup, store, timeline, visits
from app.customer.model import (
    PROFILE_VENDORS,
    Booking,
    Header,
    Qudini,
    QudiniVisit,
    Section,
    Sections,
    Status,
)
from app.domain.records import VendorRecord
from app.errors import ClientdeskError, CredentialError, VendorError
from app.profile import VENDOR_NAMES, StoreProfile
from app.secrets import SecretSource
from app.vendors.booxi import BooxiClient
from app.vendors.loke import LokeClient
from app.vendors.qudini import QudiniClient
from app.vendors.registry import VendorClient, make_client
from app.vendors.reservations import ReservationsClient

log = logging.getLogger("clientdesk.customer")
T = TypeVar("T")
#: Runs ``job(connection)`` where the cache may be read (and written): the GUI's cache
#: threads, or inline in the CLI. Never the GUI thread itself.
CacheJob = Callable[[Callable[[sqlite3.Connection], T]], Awaitable[T]]
#: Vendors that need no secret (Qudini's customer pages are public by identifier).
NO_SECRET = frozenset({"qudini"})


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Profile:
    """Everything the panel shows. ``header`` is None for a Qudini booking whose customer is
    not (yet) known to the cache: the panel then shows the booking alone."""

    header: Header | None
    sections: Sections = field(default_factory=Sections)
    qudini_identifiers: list[str] = field(default_factory=list)
    history_from: datetime | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # refresh time per vendor
    #: Qminder visits from the cache (app.customer.visits): synced, never asked on opening.
    visits: list[Booking] = field(default_factory=list)

    @property
    def customer_id(self) -> int | None:
        return self.header.customer_id if self.header else None

    def timeline(self, now: datetime) -> list[Booking]:
        """Every booking of every section, in timeline order."""
        groups: list[list[Booking]] = []
        res, booxi, qudini = (self.sections.reservations.data, self.sections.booxi.data,
                              self.sections.qudini.data)
        if res is not None:
            groups.append(res.bookings)
        if booxi is not None:
            groups.append(booxi.bookings)
        if qudini is not None:
            groups.append([_qudini_row(v, now) for v in qudini.visits])
        groups.append(self.visits)
        return timeline.merge(groups, now)

    def blacklisted(self) -> tuple[bool, str]:
        """The banner: the vendor's live answer when there is one, else the cache's."""
        res = self.sections.reservations.data
        if res is not None:
            return res.blacklisted, res.blacklist_reason
        if self.header is not None:
            return self.header.blacklisted, self.header.blacklist_reason
        return False, ""


def _new_bookings(current: Profile) -> bool:
    """A Qudini booking attached since the section was fetched: ask, however fresh it is."""
    known = current.sections.qudini.data
    fetched = {v.identifier for v in known.visits} if known is not None else set()
    return bool(set(current.qudini_identifiers) - fetched)


def _window_from(sections: Sections) -> datetime | None:
    """The start of the Booxi history last fetched, so "load older" survives a later refresh."""
    booxi = sections.booxi.data
    return booxi.window_from if booxi is not None else None


def _qudini_row(visit: QudiniVisit, now: datetime) -> Booking:
    return Booking(source="qudini", booking_id=visit.identifier, starts_at=visit.starts_at,
                   ends_at=visit.ends_at, service=visit.service, location=visit.venue_name,
                   status=timeline.qudini_status(visit.state, visit.starts_at, now),
                   vendor_status=visit.state)


class ProfileService:
    """Profiles of one store: cached reads, concurrent refreshes, one client per vendor."""

    def __init__(self, profile: StoreProfile, secrets: SecretSource, run: CacheJob[Any], *,
                 clock: Callable[[], datetime] = utc_now,
                 http_client_factory: Callable[[str], httpx.AsyncClient] | None = None,
                 ttl: timedelta | None = None) -> None:
        self.profile = profile
        self.secrets = secrets
        self._run = run
        self.clock = clock
        self.ttl = ttl if ttl is not None else timedelta(minutes=profile.store.profile_ttl_minutes)
        self._http_factory = http_client_factory
        self._clients: dict[str, VendorClient] = {}
        self._client_locks: dict[str, asyncio.Lock] = {}

    # -- reading the cache --------------------------------------------------------------------
    async def cached(self, customer_id: int) -> Profile | None:
        """The profile as last seen (no network); None when the customer is not cached."""
        def read(conn: sqlite3.Connection) -> Profile | None:
            head = store.header(conn, customer_id)
            if head is None:
                return None
            sections = store.load_sections(conn, customer_id)
            return Profile(head, sections, store.qudini_identifiers(conn, customer_id),
                           history_from=_window_from(sections),
                           visits=timeline.from_qminder(visits.visits_of(conn, customer_id)))
        result: Profile | None = await self._run(read)
        return result

    async def cached_visit(self, identifier: str) -> Profile:
        """A Qudini booking opened from a link: its customer's profile when attached."""
        def read(conn: sqlite3.Connection) -> Profile:
            customer_id, visit = store.qudini_visit(conn, identifier)
            head = store.header(conn, customer_id) if customer_id is not None else None
            sections = store.load_sections(conn, head.customer_id) if head else Sections()
            identifiers = store.qudini_identifiers(conn, head.customer_id) if head else []
            if identifier not in identifiers:
                identifiers.insert(0, identifier)
            if visit is not None and head is None:
                sections.qudini = Section[Qudini](vendor="qudini", status=Status.OK,
                                                  data=Qudini(visits=[visit]))
            seen = timeline.from_qminder(visits.visits_of(conn, head.customer_id)) if head \
                else []
            return Profile(head, sections, identifiers, history_from=_window_from(sections),
                           visits=seen)
        result: Profile = await self._run(read)
        return result

    async def possible_customers(self, current: Profile) -> list[Header]:
        """For a Qudini booking not attached to anyone: cached customers with the same name.

        Offered, never applied: staff confirm with :meth:`attach_visit`.
        """
        qudini = current.sections.qudini.data
        names = {v.name for v in qudini.visits if v.name} if qudini else set()
        if current.header is not None or not names:
            return []

        def read(conn: sqlite3.Connection) -> list[Header]:
            ids = list(dict.fromkeys(i for n in sorted(names) for i in store.same_name(conn, n)))
            return [h for h in (store.header(conn, i) for i in ids) if h is not None]
        found: list[Header] = await self._run(read)
        return found

    async def attach_visit(self, identifier: str, customer_id: int) -> Profile | None:
        """Staff say this Qudini booking is this customer's: remember it, return their profile."""
        now = self.clock()

        def write(conn: sqlite3.Connection) -> None:
            with write_transaction(conn):
                store.attach_qudini(conn, identifier, customer_id, now)
        await self._run(write)
        return await self.cached(customer_id)

    # -- looking up online -------------------------------------------------------------------
    async def look_up(self, contact: lookup.Contact) -> lookup.LookupResult:
        """Who the vendors know by this complete email or phone (the cache had nobody)."""
        return await lookup.look_up(self.profile, contact, self._client)

    async def adopt(self, choice: lookup.Choice) -> int:
        """Cache the records staff picked from a lookup (linked as any synced record would
        be) and return the customer they now belong to."""
        records = choice.records
        first = records[0]

        def write(conn: sqlite3.Connection) -> int:
            groups: dict[str, list[VendorRecord]] = {}
            for record in records:
                groups.setdefault(record.vendor, []).append(record)
            CacheWriter.over(conn).upsert_found(groups)
            row = conn.execute("SELECT customer_id FROM records WHERE vendor = ? AND "
                               "vendor_id = ?", (first.vendor, first.vendor_id)).fetchone()
            return int(row[0])
        customer_id: int = await self._run(write)
        log.info("lookup: cached %d record(s) as customer %d", len(records), customer_id)
        return customer_id

    # -- refreshing ---------------------------------------------------------------------------
    def vendors(self) -> list[str]:
        return [v for v in PROFILE_VENDORS if getattr(self.profile, v) is not None]

    def stale(self, section: Section[Any], now: datetime) -> bool:
        checked = section.checked_at or section.as_of
        return section.status == Status.PENDING or checked is None or now - checked >= self.ttl

    def to_ask(self, current: Profile, *, force: bool = False, widen: bool = False,
               now: datetime | None = None) -> list[str]:
        """The vendors :meth:`refresh` will ask: all when forced, Booxi when its history is
        widened, else only those whose section is older than the time-to-live."""
        moment = now or self.clock()
        return [v for v in self.vendors()
                if force or (widen and v == "booxi")
                or (v == "qudini" and _new_bookings(current))
                or self.stale(current.sections.get(v), moment)]

    async def refresh(self, current: Profile, *, force: bool = False,
                      on_section: Callable[[str, Section[Any]], None] | None = None,
                      history_from: datetime | None = None) -> Profile:
        """Ask every stale vendor at once; returns the profile with every section updated."""
        now = self.clock()
        start = min(d for d in (history_from, current.history_from,
                                now - timeline.DEFAULT_HISTORY) if d is not None)
        current.history_from = start
        for vendor in PROFILE_VENDORS:
            if getattr(self.profile, vendor) is None:
                setattr(current.sections, vendor,
                        type(current.sections.get(vendor))(vendor=vendor, status=Status.NOT_USED))
        wanted = self.to_ask(current, force=force, widen=history_from is not None, now=now)

        async def one(vendor: str) -> None:
            began = time.perf_counter()
            section = await self._section(vendor, current, start, now)
            current.seconds[vendor] = time.perf_counter() - began
            setattr(current.sections, vendor, section)
            await self._save(current, vendor, section)
            if on_section is not None:
                try:
                    on_section(vendor, section)
                except Exception:  # a broken display must not stop the other vendors
                    log.exception("profile section callback failed")

        await asyncio.gather(*(one(v) for v in wanted))
        return current

    async def _section(self, vendor: str, current: Profile, start: datetime,
                       now: datetime) -> Section[Any]:
        old = current.sections.get(vendor)
        kind = type(old)
        head = current.header
        emails = head.emails if head else []
        phones = head.phones if head else []
        ids = head.vendor_ids.get(vendor, []) if head else []
        try:
            data: BaseModel
            if vendor == "qudini" and not current.qudini_identifiers:
                return kind(vendor=vendor, status=Status.NO_REFERENCE, checked_at=now,
                            message="no Qudini booking known: scan or paste their booking link")
            if head is None and vendor != "qudini":
                # A Qudini booking nobody has attached to a customer: there is nothing to ask
                # the other vendors by — which is not the same as their not knowing anyone.
                return kind(vendor=vendor, status=Status.NO_REFERENCE, checked_at=now,
                            message="not looked up: this Qudini booking is not linked to a "
                                    "customer")
            if vendor == "reservations" and not ids:
                raise fetch.NotKnown(VENDOR_NAMES[vendor])
            client = await self._client(vendor)
            if vendor == "loke":
                assert isinstance(client, LokeClient)
                data = await fetch.loyalty(client, ids, emails, phones)
            elif vendor == "reservations":
                assert isinstance(client, ReservationsClient)
                data = await fetch.reservations(client, ids, now)
            elif vendor == "booxi":
                assert isinstance(client, BooxiClient)
                data = await fetch.booxi(client, emails, phones, start,
                                         now + timeline.AHEAD, now, known_ids=ids)
            else:
                assert isinstance(client, QudiniClient)
                data = await fetch.qudini(client, current.qudini_identifiers)
        except (VendorError, ClientdeskError) as exc:
            status, message = fetch.outcome(exc)
            if status == Status.NOT_FOUND:
                return kind(vendor=vendor, status=status, checked_at=now,
                            message=f"not found in {VENDOR_NAMES[vendor]}")
            log.warning("profile %s: %s", vendor, message)
            # Keep what we had, with its own "as of": stale data beats none at the counter.
            return kind(vendor=vendor, status=status, data=old.data, as_of=old.as_of,
                        checked_at=now, message=message)
        except Exception:
            log.exception("profile %s: unexpected error", vendor)
            return kind(vendor=vendor, status=Status.REFUSED, data=old.data, as_of=old.as_of,
                        checked_at=now, message=f"{VENDOR_NAMES[vendor]}: internal error — "
                        "details are in the log file")
        return kind(vendor=vendor, status=Status.OK, data=data, as_of=now, checked_at=now)

    async def _save(self, current: Profile, vendor: str, section: Section[Any]) -> None:
        customer_id = current.customer_id

        def write(conn: sqlite3.Connection) -> None:
            with write_transaction(conn):
                if customer_id is not None:
                    store.save_section(conn, customer_id, section)
                if vendor == "qudini" and isinstance(section.data, Qudini):
                    for visit in section.data.visits:
                        store.attach_qudini(conn, visit.identifier, customer_id,
                                            self.clock(), visit)
        try:
            await self._run(write)
        except sqlite3.Error as exc:  # the panel still shows it; only the cache copy is lost
            log.warning("profile %s: could not be cached (%s)", vendor, exc)

    async def _client(self, vendor: str) -> VendorClient:
        lock = self._client_locks.setdefault(vendor, asyncio.Lock())
        async with lock:
            if vendor not in self._clients:
                # the keyring may block (a locked Secret Service prompts, D-Bus can be slow):
                # never on the loop, which is the window's
                secret = await asyncio.to_thread(self.secrets.get, vendor)
                if secret is None and vendor not in NO_SECRET:
                    raise CredentialError(
                        f"{VENDOR_NAMES[vendor]}: no credential saved on this PC — run "
                        f"`clientdesk credentials set {vendor}`")
                http = self._http_factory(vendor) if self._http_factory else None
                self._clients[vendor] = make_client(vendor, self.profile, secret, client=http)
            return self._clients[vendor]

    async def aclose(self) -> None:
        clients, self._clients = self._clients, {}
        for client in clients.values():
            try:
                await client.aclose()
            except Exception:  # closing must not fail the window's shutdown
                log.debug("closing a profile client failed", exc_info=True)
