"""Profiles against the sandbox over loopback: paint from the cache, refresh every vendor at once,
keep older data when a vendor fails, and open offline with honest "as of" times."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta

from app.cache.db import write_transaction
from app.cache.thread import CacheThread
from app.customer import store
from app.customer.model import Status
from app.customer.service import ProfileService
from app.profile import StoreProfile
from app.sandbox.faults import Faults
from app.sandbox.runner import Sandbox
from tests.app.customer.conftest import (
    Clock,
    ServiceFactory,
    customer_of,
    everywhere,
    someone,
)


async def attach_first_visit(jobs: CacheThread, box: Sandbox, customer_id: int,
                             index: int) -> str:
    identifier = box.population.person(index).qudini_identifier(0)

    def attach(conn: sqlite3.Connection) -> None:
        with write_transaction(conn):
            store.attach_qudini(conn, identifier, customer_id, datetime.now(UTC))

    await jobs.run(attach)
    return identifier


async def test_paints_from_the_cache_then_every_vendor_fills_its_section(
        box: Sandbox, profile: StoreProfile, jobs: CacheThread,
        make_service: ServiceFactory) -> None:
    person = someone(box, everywhere)
    customer_id = await customer_of(jobs, profile, person)
    await attach_first_visit(jobs, box, customer_id, person.index)
    service = make_service()
    first = await service.cached(customer_id)
    assert first is not None and first.header is not None
    assert first.header.name == person.full_name
    assert {first.sections.get(v).status for v in ("loke", "reservations", "booxi")} == \
        {Status.PENDING}
    landed: list[str] = []
    done = await service.refresh(first, on_section=lambda vendor, _s: landed.append(vendor))
    assert sorted(landed) == ["booxi", "loke", "qudini", "reservations"]
    loyalty = done.sections.loke.data
    assert done.sections.loke.status == Status.OK and loyalty is not None
    assert loyalty.points == done.header.points if done.header else False
    assert isinstance(loyalty.total_spend_cents, int)
    assert done.sections.reservations.status == Status.OK
    assert done.sections.booxi.status == Status.OK
    assert done.sections.booxi.data is not None and done.sections.booxi.data.bookings
    qudini = done.sections.qudini.data
    assert qudini is not None and qudini.visits[0].name == person.full_name
    sources = {row.source for row in done.timeline(datetime.now(UTC))}
    assert {"booxi", "qudini"} <= sources

    again = await make_service().cached(customer_id)  # a new window: all from the cache
    assert again is not None
    for vendor in ("loke", "reservations", "booxi", "qudini"):
        section = again.sections.get(vendor)
        assert section.status == Status.OK and section.as_of is not None
        assert section.data == done.sections.get(vendor).data


async def test_vendors_are_asked_together_not_one_after_another(
        box: Sandbox, profile: StoreProfile, jobs: CacheThread,
        make_service: ServiceFactory) -> None:
    for vendor in ("loke", "reservations", "booxi"):
        box.servers[vendor].faults = Faults(latency_ms=250)
    person = someone(box, everywhere)
    customer_id = await customer_of(jobs, profile, person)
    service = make_service()
    current = await service.cached(customer_id)
    assert current is not None
    started = time.perf_counter()
    done = await service.refresh(current)
    wall = time.perf_counter() - started
    # Each vendor needs two or more slow calls; run in turn they would take their sum.
    assert sum(done.seconds.values()) >= 1.5 * wall
    assert wall < sum(done.seconds.values())


async def test_one_vendor_down_keeps_its_older_data_and_the_others_refresh(
        box: Sandbox, profile: StoreProfile, jobs: CacheThread, clock: Clock,
        make_service: ServiceFactory) -> None:
    person = someone(box, everywhere)
    customer_id = await customer_of(jobs, profile, person)
    service = make_service()
    current = await service.cached(customer_id)
    assert current is not None
    first = await service.refresh(current)
    old_booxi = first.sections.booxi
    clock.advance(minutes=1)
    box.servers["booxi"].faults = Faults(error=1.0)
    second = await service.refresh(first, force=True)
    booxi = second.sections.booxi
    assert booxi.status == Status.UNREACHABLE
    assert "Booxi" in booxi.message
    assert booxi.data == old_booxi.data and booxi.as_of == old_booxi.as_of
    assert booxi.checked_at == clock.now
    assert second.sections.loke.status == Status.OK
    assert second.sections.loke.as_of == clock.now  # the others are newer than Booxi


async def test_not_found_is_not_the_same_as_unreachable(
        box: Sandbox, profile: StoreProfile, jobs: CacheThread,
        make_service: ServiceFactory) -> None:
    person = someone(box, lambda p: bool(p.in_loke and p.email and not p.in_booxi
                                         and not p.in_reservations))
    customer_id = await customer_of(jobs, profile, person)
    service = make_service()
    current = await service.cached(customer_id)
    assert current is not None
    done = await service.refresh(current)
    assert done.sections.booxi.status == Status.NOT_FOUND
    assert done.sections.booxi.message == "not found in Booxi"
    assert done.sections.reservations.status == Status.NOT_FOUND
    assert done.sections.qudini.status == Status.NO_REFERENCE
    box.servers["loke"].faults = Faults(drop=1.0)
    again = await service.refresh(done, force=True)
    assert again.sections.loke.status == Status.UNREACHABLE
    assert again.sections.loke.data == done.sections.loke.data


async def test_fresh_sections_are_not_asked_again_until_the_time_to_live_passes(
        box: Sandbox, profile: StoreProfile, jobs: CacheThread, clock: Clock,
        make_service: ServiceFactory) -> None:
    person = someone(box, everywhere)
    customer_id = await customer_of(jobs, profile, person)
    service = make_service()
    current = await service.cached(customer_id)
    assert current is not None
    await service.refresh(current)
    asked = {v: box.servers[v].requests for v in ("loke", "reservations", "booxi")}
    clock.advance(minutes=profile.store.profile_ttl_minutes - 1)
    reopened = await service.cached(customer_id)
    assert reopened is not None
    await service.refresh(reopened)
    assert {v: box.servers[v].requests for v in asked} == asked
    clock.advance(minutes=2)
    await service.refresh(reopened)
    assert all(box.servers[v].requests > asked[v] for v in asked)


async def test_a_profile_seen_before_opens_offline_with_its_as_of_times(
        box: Sandbox, profile: StoreProfile, jobs: CacheThread, clock: Clock,
        make_service: ServiceFactory) -> None:
    person = someone(box, everywhere)
    customer_id = await customer_of(jobs, profile, person)
    seen = await make_service().cached(customer_id)
    assert seen is not None
    online = await make_service().refresh(seen)
    await box.stop()  # the network is down from here on
    clock.advance(hours=2)
    service = make_service()
    offline = await service.cached(customer_id)
    assert offline is not None
    assert offline.sections.loke.data == online.sections.loke.data
    assert offline.sections.loke.as_of == online.sections.loke.as_of
    after = await service.refresh(offline)
    for vendor in ("loke", "reservations", "booxi"):
        section = after.sections.get(vendor)
        assert section.status == Status.UNREACHABLE, vendor
        assert section.data == online.sections.get(vendor).data
        assert section.as_of == online.sections.get(vendor).as_of


async def test_a_qudini_link_opens_the_booking_and_is_remembered(
        box: Sandbox, jobs: CacheThread, make_service: ServiceFactory) -> None:
    person = someone(box, lambda p: p.qudini_bookings > 0)
    identifier = person.qudini_identifier(0)
    service = make_service()
    opened = await service.cached_visit(identifier)
    assert opened.header is None and opened.qudini_identifiers == [identifier]
    done = await service.refresh(opened)
    qudini = done.sections.qudini
    assert qudini.status == Status.OK and qudini.data is not None
    assert qudini.data.visits[0].name == person.full_name
    for vendor in ("loke", "reservations", "booxi"):  # nobody to ask them about: not "not found"
        assert done.sections.get(vendor).status == Status.NO_REFERENCE, vendor
        assert "not linked" in done.sections.get(vendor).message
    # Offline later, the same link still shows the booking as last seen.
    await box.stop()
    again = await make_service().cached_visit(identifier)
    assert again.sections.qudini.data == qudini.data


async def test_a_missing_credential_refuses_only_that_vendor(
        box: Sandbox, profile: StoreProfile, jobs: CacheThread,
        make_service: ServiceFactory) -> None:
    person = someone(box, everywhere)
    customer_id = await customer_of(jobs, profile, person)
    secrets = {k: v for k, v in box.secrets.items() if k != "booxi"}
    service: ProfileService = make_service(secrets=secrets)
    current = await service.cached(customer_id)
    assert current is not None
    done = await service.refresh(current)
    assert done.sections.booxi.status == Status.REFUSED
    assert "clientdesk credentials set booxi" in done.sections.booxi.message
    assert done.sections.loke.status == Status.OK
    assert box.secrets["loke"] not in done.sections.booxi.message


async def test_a_booking_is_attached_to_a_customer_only_when_staff_say_so(
        box: Sandbox, profile: StoreProfile, jobs: CacheThread,
        make_service: ServiceFactory) -> None:
    person = someone(box, everywhere)
    customer_id = await customer_of(jobs, profile, person)
    identifier = person.qudini_identifier(0)
    service = make_service()
    visit = await service.refresh(await service.cached_visit(identifier))
    assert visit.header is None  # a name alone links nothing …
    offered = await service.possible_customers(visit)
    assert customer_id in [h.customer_id for h in offered]  # … it is only offered
    assert all(h.name.casefold() == person.full_name.casefold() for h in offered)
    attached = await service.attach_visit(identifier, customer_id)
    assert attached is not None and attached.qudini_identifiers == [identifier]
    done = await service.refresh(attached)
    assert done.sections.qudini.status == Status.OK
    reopened = await make_service().cached_visit(identifier)  # the link now opens the customer
    assert reopened.header is not None and reopened.header.customer_id == customer_id
    assert await service.possible_customers(reopened) == []


async def test_older_history_stays_loaded_after_the_next_refresh(
        box: Sandbox, profile: StoreProfile, jobs: CacheThread, clock: Clock,
        make_service: ServiceFactory) -> None:
    person = someone(box, everywhere)
    customer_id = await customer_of(jobs, profile, person)
    service = make_service()
    current = await service.cached(customer_id)
    assert current is not None
    older = clock.now - timedelta(days=5 * 365)
    widened = await service.refresh(current, history_from=older)
    assert widened.sections.booxi.data is not None
    assert widened.sections.booxi.data.window_from == older
    clock.advance(minutes=profile.store.profile_ttl_minutes + 1)
    reopened = await make_service().cached(customer_id)
    assert reopened is not None and reopened.history_from == older
    again = await service.refresh(reopened)
    assert again.sections.booxi.data is not None
    assert again.sections.booxi.data.window_from == older  # not narrowed back to two years


async def test_a_newly_attached_booking_is_fetched_even_when_the_section_is_fresh(
        box: Sandbox, profile: StoreProfile, jobs: CacheThread,
        make_service: ServiceFactory) -> None:
    person = someone(box, lambda p: everywhere(p) and p.qudini_bookings >= 2)
    customer_id = await customer_of(jobs, profile, person)
    service = make_service()
    first = await service.attach_visit(person.qudini_identifier(0), customer_id)
    assert first is not None
    done = await service.refresh(first)
    assert done.sections.qudini.data is not None and len(done.sections.qudini.data.visits) == 1
    second = await service.attach_visit(person.qudini_identifier(1), customer_id)
    assert second is not None
    assert service.to_ask(second) == ["qudini"]  # everything else is still fresh
    again = await service.refresh(second)
    assert again.sections.qudini.data is not None
    assert sorted(v.identifier for v in again.sections.qudini.data.visits) == \
        sorted(person.qudini_identifier(k) for k in range(2))
