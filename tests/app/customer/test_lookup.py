"""Online lookup on a cache miss, against the sandbox over loopback: LOKE and Booxi each found by
contact, staff's pick cached and linked, nothing else stored, and no vendor asked for text that
is not a complete email or phone number."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from app.cache.db import Cache
from app.cache.thread import CacheThread
from app.customer.lookup import Contact, contact_of
from app.customer.model import Status
from app.customer.service import ProfileService
from app.profile import StoreProfile
from app.sandbox.booxi import DUPLICATE_OFFSET, has_duplicate
from app.sandbox.faults import Faults
from app.sandbox.people import BOOXI_CLIENT_BASE, Person
from app.sandbox.runner import Sandbox
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine
from tests.app.customer.conftest import STORE, ServiceFactory, someone


def booxi_only(person: Person) -> bool:
    return bool(person.in_booxi and not person.in_loke and not person.in_reservations
                and person.email and person.mobile_e164 and not has_duplicate(person))


def rows(jobs_conn: sqlite3.Connection, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    return list(jobs_conn.execute(sql, args))


# -- what counts as a complete contact -------------------------------------------------------
def test_complete_emails_and_phones_are_recognised() -> None:
    assert contact_of("  Mateo.Brown70@Example.NET ", "AU") == \
        Contact("email", "mateo.brown70@example.net")
    assert contact_of("0412 345 678", "AU") == Contact("phone", "+61412345678")
    assert contact_of("+61 (412) 345-678", "AU") == Contact("phone", "+61412345678")


def test_partial_or_odd_text_is_no_contact() -> None:
    for text in ("mateo", "mateo.brown70@", "@example.net", "m@example", "a b@example.net",
                 "0412 345", "0412", "1-800-FLOWERS", "0412 345 678 ext", "#0412345678",
                 "a@b@example.net", ""):
        assert contact_of(text, "AU") is None, text


@given(st.text(alphabet=st.characters(categories=("L",)), min_size=1, max_size=30))
def test_letters_alone_are_never_a_contact(text: str) -> None:
    assert contact_of(text, "AU") is None


@given(st.text(alphabet="0123456789 ", max_size=5))
def test_a_few_digits_are_never_a_phone(text: str) -> None:
    # six digits may be (Australia's 13 xx xx numbers are), five never are
    assert contact_of(text, "AU") is None


@given(st.integers(0, 10**8 - 1))
def test_a_mobile_reads_the_same_typed_locally_or_internationally(subscriber: int) -> None:
    local = f"04{subscriber:08d}"
    spaced = contact_of(f"{local[:4]} {local[4:7]} {local[7:]}", "AU")
    assert spaced == contact_of(f"+61 {local[1:]}", "AU")
    assert spaced is None or spaced == Contact("phone", f"+614{subscriber:08d}")


@given(st.integers(0, 999_999))
def test_allocated_mobiles_in_local_form_are_phones(subscriber: int) -> None:
    local = f"0412{subscriber:06d}"  # 0412: an allocated Australian mobile range
    assert contact_of(local, "AU") == Contact("phone", f"+61412{subscriber:06d}")


@given(st.from_regex(r"[a-z][a-z0-9.]{0,20}@[a-z]{1,10}\.[a-z]{2,6}", fullmatch=True))
def test_every_plain_address_is_an_email_case_folded(email: str) -> None:
    assert contact_of(email.upper(), "AU") == Contact("email", email.casefold())


# -- against the sandbox ------------------------------------------------------------------------
async def test_a_booxi_only_customer_is_found_by_email_cached_and_opens(
        box: Sandbox, jobs: CacheThread, make_service: ServiceFactory) -> None:
    person = someone(box, booxi_only)
    assert person.email is not None
    service = make_service()
    result = await service.look_up(Contact("email", person.email.casefold()))
    assert result.asked == ["loke", "booxi"] and not result.failed
    choices = result.choices()
    assert len(choices) == 1
    assert choices[0].found_at == "found at Booxi" and choices[0].name == person.full_name
    assert f"Booxi client {person.booxi_client_id}" in choices[0].details[0]
    assert "found at Booxi" in result.summary() and person.email not in result.summary()

    customer_id = await service.adopt(choices[0])
    cached = await jobs.run(lambda c: rows(
        c, "SELECT vendor, vendor_id, customer_id FROM records WHERE vendor = 'booxi'"))
    assert cached == [("booxi", str(person.booxi_client_id), customer_id)]  # only the pick
    profile = await service.cached(customer_id)
    assert profile is not None and profile.header is not None
    assert profile.header.name == person.full_name
    assert profile.header.vendor_ids == {"booxi": [str(person.booxi_client_id)]}
    before = box.servers["booxi"].requests
    done = await service.refresh(profile)
    assert done.sections.booxi.status == Status.OK and done.sections.booxi.data is not None
    assert done.sections.booxi.data.client_ids == [str(person.booxi_client_id)]
    # what staff ask first comes with it: the picked client's record, read by its id
    clients = done.sections.booxi.data.clients
    assert [c.client_id for c in clients] == [str(person.booxi_client_id)]
    assert clients[0].name == person.full_name
    assert done.sections.booxi.data.bookings == [] or all(
        b.source == "booxi" for b in done.sections.booxi.data.bookings)
    # the known client id is used: no search by email again, only history pages
    assert box.servers["booxi"].requests - before >= 1
    assert done.sections.loke.status == Status.NOT_FOUND


async def test_several_booxi_clients_with_one_email_are_offered_and_only_the_pick_is_kept(
        box: Sandbox, jobs: CacheThread, make_service: ServiceFactory) -> None:
    person = someone(box, lambda p: has_duplicate(p) and not p.in_loke
                     and not p.in_reservations)
    assert person.email is not None
    service = make_service()
    result = await service.look_up(Contact("email", person.email.casefold()))
    choices = result.choices()
    assert [c.records[0].vendor_id for c in choices] == [
        str(person.booxi_client_id), str(person.booxi_client_id + DUPLICATE_OFFSET)]
    assert choices[0].details != choices[1].details  # something tells them apart
    customer_id = await service.adopt(choices[1])
    kept = await jobs.run(lambda c: rows(
        c, "SELECT vendor_id, customer_id FROM records WHERE vendor = 'booxi'"))
    assert kept == [(str(BOOXI_CLIENT_BASE + DUPLICATE_OFFSET + person.index), customer_id)]


async def test_loke_finds_by_phone_and_the_record_survives_the_next_sync(
        tmp_path: Path, box: Sandbox, profile: StoreProfile) -> None:
    """A cache that has never synced: LOKE's search by phone finds the customer, who links
    with a Booxi client of the same phone and is not removed by the sync that follows."""
    person = someone(box, lambda p: p.in_loke and p.in_booxi and p.mobile_e164
                     and not p.loke_duplicate)
    assert person.mobile_e164 is not None
    cache = Cache.open(tmp_path / "empty.sqlite3")
    jobs = CacheThread(cache)
    service = ProfileService(profile, MemorySecrets(STORE, box.secrets), jobs.run)
    try:
        result = await service.look_up(Contact("phone", person.mobile_e164))
        choices = result.choices()
        assert len(choices) == 1 and set(choices[0].vendors) == {"loke", "booxi"}
        assert choices[0].found_at == "found at LOKE and Booxi"
        customer_id = await service.adopt(choices[0])
        linked = await jobs.run(lambda c: rows(
            c, "SELECT vendor, customer_id FROM records ORDER BY vendor"))
        assert linked == [("booxi", customer_id), ("loke", customer_id)]
        reasons = await jobs.run(lambda c: rows(
            c, "SELECT link_reason FROM records WHERE link_reason != ''"))
        assert reasons and all("same" in r[0] for r in reasons)
        async with SyncEngine(profile, MemorySecrets(STORE, box.secrets), cache) as engine:
            assert (await engine.run(["loke"])).ok
        still = await jobs.run(lambda c: rows(
            c, "SELECT vendor FROM records WHERE vendor_id = ?", person.loke_id))
        assert still == [("loke",)]
    finally:
        await service.aclose()
        jobs.close()


async def test_nobody_anywhere_is_an_answer_and_an_unreachable_vendor_is_not(
        box: Sandbox, make_service: ServiceFactory) -> None:
    service = make_service()
    nobody = await service.look_up(Contact("email", "nobody.at.all@example.com"))
    assert nobody.choices() == [] and not nobody.failed
    assert nobody.summary().startswith("Nobody on this PC or at LOKE and Booxi has")
    box.servers["booxi"].faults = Faults(error=1.0)
    person = someone(box, booxi_only)
    half = await make_service().look_up(Contact("email", (person.email or "").casefold()))
    assert half.failed.keys() == {"booxi"} and half.unreachable == ["booxi"]
    assert half.choices() == [] and "Not asked: Booxi" in half.summary()


async def test_a_missing_credential_is_said_not_hidden(
        box: Sandbox, make_service: ServiceFactory) -> None:
    service = make_service(secrets={k: v for k, v in box.secrets.items() if k != "loke"})
    person = someone(box, booxi_only)
    result = await service.look_up(Contact("email", (person.email or "").casefold()))
    assert "loke" in result.failed and "credentials set loke" in result.failed["loke"]
    assert len(result.choices()) == 1  # Booxi still answered
