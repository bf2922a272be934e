"""What staff ask about first, fetched from the fake vendors over loopback sockets: birthday,
marketing consent, the Booxi quick note and additional requests, Qudini language and group
size, and the linked records that disagree (a landline at reservations, a misspelling at
Booxi). Population: 300 people, seed 5 (tests/app/customer/conftest.py)."""

from __future__ import annotations

from typing import Any, cast

from app.cache.thread import CacheThread
from app.customer import facts
from app.customer.birthday import from_date, from_parts
from app.customer.model import Status
from app.profile import StoreProfile
from app.sandbox.booxi import BooxiServer
from app.sandbox.loke import LokeServer
from app.sandbox.people import Person
from app.sandbox.qudini import QudiniServer
from app.sandbox.runner import Sandbox
from tests.app.customer.conftest import ServiceFactory, customer_of, someone
from tests.app.customer.test_service import attach_first_visit


def in_all(person: Person) -> bool:
    return bool(person.in_loke and person.in_reservations and person.in_booxi and person.email
                and not person.reservations_dummy and not person.loke_duplicate)


async def test_the_fields_land_in_each_section_and_survive_the_cache(
        box: Sandbox, profile: StoreProfile, jobs: CacheThread,
        make_service: ServiceFactory) -> None:
    person = someone(box, lambda p: in_all(p) and p.dob is not None and p.qudini_bookings > 0)
    customer_id = await customer_of(jobs, profile, person)
    identifier = await attach_first_visit(jobs, box, customer_id, person.index)
    service = make_service()
    first = await service.cached(customer_id)
    assert first is not None
    done = await service.refresh(first)
    loke_server = cast(LokeServer, box.servers["loke"])
    booxi_server = cast(BooxiServer, box.servers["booxi"])
    loke_record = loke_server.customer_record(person)
    booxi_record = booxi_server.client_record(person)
    assert loke_record is not None

    loyalty = done.sections.loke.data
    assert loyalty is not None and loyalty.birthday == from_date(person.dob)
    assert loyalty.marketing == loke_record.get("hasAgreedToMarketing")
    res = done.sections.reservations.data
    assert res is not None and res.birthday == from_date(person.dob)
    booxi = done.sections.booxi.data
    assert booxi is not None and [c.client_id for c in booxi.clients] == booxi.client_ids
    client = next(c for c in booxi.clients if c.client_id == str(person.booxi_client_id))
    dob = booxi_record["dateOfBirth"]
    assert client.birthday == from_parts(dob["day"], dob["month"], dob["year"])
    assert client.in_mailing_list is booxi_record["inMailingList"]
    assert client.quick_note == booxi_record["quickNote"]
    assert client.phones == [person.mobile_e164] if person.mobile_e164 else client.phones == []
    qudini_server = cast(QudiniServer, box.servers["qudini"])
    found = qudini_server.lookup(identifier)
    assert found is not None
    wire: dict[str, Any] = qudini_server._details_json(*found)["customerInQueue"]["customer"]
    visit = next(v for v in done.sections.qudini.data.visits)  # type: ignore[union-attr]
    assert visit.language == wire["language"]["name"] and visit.language
    assert visit.group_size == wire["groupSize"]

    again = await make_service().cached(customer_id)  # a new window: from the cache alone
    assert again is not None
    assert again.sections.loke.data == loyalty
    assert again.sections.booxi.data == booxi
    assert again.sections.qudini.data == done.sections.qudini.data


async def test_booxi_additional_requests_are_on_their_bookings(
        box: Sandbox, profile: StoreProfile, jobs: CacheThread,
        make_service: ServiceFactory) -> None:
    server = cast(BooxiServer, box.servers["booxi"])

    def asks(person: Person) -> bool:
        return bool(in_all(person) and any(
            server.booking_record(person, b)["client"]["additionalRequest"]
            for b in person.bookings("booxi", box.population.anchor)))

    person = someone(box, asks)
    customer_id = await customer_of(jobs, profile, person)
    cached = await make_service().cached(customer_id)
    assert cached is not None
    done = await make_service().refresh(cached)
    booxi = done.sections.booxi.data
    assert booxi is not None
    wire = {server.booking_record(person, b)["bookingId"]:
            server.booking_record(person, b)["client"]["additionalRequest"]
            for b in person.bookings("booxi", box.population.anchor)}
    rows = {row.booking_id: row.request for row in booxi.bookings}
    assert rows and all(rows[key] == wire[key] for key in rows)
    assert any(rows.values()) and not all(rows.values())
    timeline = {row.booking_id: row.request for row in done.timeline(box.population.anchor)
                if row.source == "booxi"}
    assert timeline == rows


async def test_a_landline_at_reservations_and_a_booxi_misspelling_are_flagged(
        box: Sandbox, profile: StoreProfile, jobs: CacheThread,
        make_service: ServiceFactory) -> None:
    phone = someone(box, lambda p: p.other_reservations_phone)
    customer_id = await customer_of(jobs, profile, phone)
    cached = await make_service().cached(customer_id)
    assert cached is not None and cached.header is not None
    # from the cache alone (no vendor asked yet): the two records hold two phones
    found = facts.disagreements(facts.contacts_of(cached.header, cached.sections), "AU")
    assert [d.what for d in found] == ["phone"]
    assert found[0].values["loke"] == [phone.mobile_e164]
    assert found[0].values["reservations"] == [phone.phone_variant("reservations")]
    assert phone.mobile_e164 is not None
    assert phone.mobile_e164 not in facts.disagreement_text(found[0], revealed=False)

    spelt = someone(box, lambda p: in_all(p) and p.index % 11 == 5)
    customer_id = await customer_of(jobs, profile, spelt)
    cached = await make_service().cached(customer_id)
    assert cached is not None
    assert facts.disagreements(facts.contacts_of(cached.header, cached.sections), "AU") == []
    done = await make_service().refresh(cached)
    assert done.sections.booxi.status == Status.OK
    found = facts.disagreements(facts.contacts_of(done.header, done.sections), "AU")
    assert [d.what for d in found] == ["name"]
    booxi_first, _ = spelt.name_variant("booxi")
    assert found[0].values["booxi"] == [f"{booxi_first} {spelt.last_name}"]
    assert found[0].values["loke"] == [spelt.full_name]

    accents = someone(box, lambda p: in_all(p) and p.index % 11 == 2
                      and p.name_variant("booxi") != (p.first_name, p.last_name))
    customer_id = await customer_of(jobs, profile, accents)
    cached = await make_service().cached(customer_id)
    assert cached is not None
    done = await make_service().refresh(cached)
    booxi = done.sections.booxi.data
    assert booxi is not None and booxi.clients
    assert all(c.name != accents.full_name for c in booxi.clients)  # written without accents
    assert facts.disagreements(facts.contacts_of(done.header, done.sections), "AU") == []
