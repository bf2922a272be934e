"""``clientdesk show CUSTOMER`` against the sandbox over loopback.

A sync fills the cache first (as at a counter), then ``show`` resolves what was typed or
pasted, paints the cached profile and refreshes the vendors. The offline tests stop servers
after one refresh and check that the cached profile is still printed with its "as of" times
and the documented exit code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app.cache.db import Cache, cache_path
from app.cli.show_cmd import Shown, lit, render
from app.customer import store as profile_store
from app.customer.model import (
    Header,
    Reservations,
    Section,
    Sections,
    Status,
)
from app.customer.resolve import Resolved
from app.customer.service import Profile
from app.formatting import formats_for
from app.profile import profile_from_dict
from app.sandbox.faults import Faults
from app.sandbox.people import Person, Population
from app.sandbox.reservations import ReservationsServer
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import KeyringSecrets
from tests.conftest import ANCHOR
from tests.support.cli import Outcome, invoke

STORE = "cli-show"
ZONE = ZoneInfo("Australia/Sydney")  # the sandbox store's timezone


@pytest.fixture
def box() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(Sandbox(200, seed=4, anchor=ANCHOR, store_id=STORE)) as running:
        yield running


@pytest.fixture
def profile(tmp_path: Path, box: ThreadedSandbox) -> Path:
    """The sandbox's profile on disk, its secrets in the (in-memory) test keyring, and a
    cache filled by one sync."""
    path = tmp_path / "store.toml"
    path.write_text(box.sandbox.profile_toml(), encoding="utf-8")
    secrets = KeyringSecrets(STORE)
    for vendor, secret in box.sandbox.secrets.items():
        secrets.set(vendor, secret)
    synced = invoke("--profile", str(path), "--data-dir", str(tmp_path / "data"), "sync")
    assert synced.code == 0, synced.out + synced.err
    return path


def show(tmp_path: Path, profile: Path, *args: str) -> Outcome:
    return invoke("--profile", str(profile), "--data-dir", str(tmp_path / "data"), "show", *args)


def show_json(tmp_path: Path, profile: Path, *args: str) -> tuple[int, dict[str, Any]]:
    outcome = show(tmp_path, profile, *args, "--json")
    assert outcome.out, outcome.err
    return outcome.code, json.loads(outcome.out)


def no_secret_in(box: ThreadedSandbox, *outcomes: Outcome) -> None:
    for outcome in outcomes:
        assert "Traceback" not in outcome.out + outcome.err
        for secret in box.sandbox.secrets.values():
            assert secret not in outcome.out and secret not in outcome.err


def everywhere(population: Population) -> Person:
    """A real (not walk-in) person in LOKE, reservations and Booxi with bookings in both,
    a Qudini booking, an email and a mobile."""
    for person in population.people():
        if (person.in_loke and person.in_reservations and person.in_booxi and person.email
                and person.mobile_national and person.qudini_bookings
                and not person.reservations_dummy and not person.loke_duplicate
                and person.bookings("reservations", population.anchor)
                and person.bookings("booxi", population.anchor)):
            return person
    raise AssertionError("the sandbox population has nobody in every vendor")


def customer_of(tmp_path: Path, email: str) -> int:
    conn = Cache.open(cache_path(tmp_path / "data", STORE)).connect(readonly=True)
    try:
        row = conn.execute("SELECT customer_id FROM contact_index WHERE kind = 'email' AND "
                           "value = ?", (email.casefold(),)).fetchone()
    finally:
        conn.close()
    assert row is not None
    return int(row[0])


def attach_qudini(tmp_path: Path, identifier: str, customer_id: int) -> None:
    """What the window does when staff open a booking link from a customer's profile."""
    conn = Cache.open(cache_path(tmp_path / "data", STORE)).connect()
    try:
        with conn:
            profile_store.attach_qudini(conn, identifier, customer_id, datetime.now(UTC))
    finally:
        conn.close()


# -- resolving what staff type --------------------------------------------------------------------
def test_show_by_email_prints_the_whole_profile(tmp_path: Path, profile: Path,
                                                box: ThreadedSandbox) -> None:
    person = everywhere(box.sandbox.population)
    assert person.email is not None
    outcome = show(tmp_path, profile, person.email)
    assert outcome.code == 0, outcome.out + outcome.err
    out = outcome.out
    assert out.startswith(f"{person.full_name}  —  customer ")
    assert "(found by email)" in out
    assert person.email not in out  # masked, as on the window's profile
    assert "--reveal shows them in full" in out
    assert f"LOKE id          {person.loke_id}" in out
    assert "LOKE — as of " in out and "reservations — as of " in out
    assert "Booxi — as of " in out
    assert "Qudini — no Qudini booking known" in out
    formats = formats_for("en", "AU", "AUD")  # the store's locale (no system locale in tests)
    assert f"{person.points:,} pts" in out
    assert f"spend {formats.money(person.spend_cents)}" in out
    assert "Timeline — " in out and "times in Australia/Sydney" in out
    assert "Not answering now" not in out
    no_secret_in(box, outcome)


def test_show_by_phone_id_and_vendor_ids_finds_the_same_customer(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    person = everywhere(box.sandbox.population)
    assert person.email is not None and person.mobile_national and person.mobile_e164
    customer_id = customer_of(tmp_path, person.email)
    for text, matched_by in ((person.mobile_national, "phone"),
                             (person.mobile_e164, "phone"),
                             (f"id:{customer_id}", "customer id"),
                             (f"#{customer_id}", "customer id"),
                             (f"loke:{person.loke_id}", "loke id"),
                             (f"reservations:{person.reservations_id}", "reservations id"),
                             (person.loke_id, "vendor id"),
                             (person.email.upper(), "email")):
        code, shown = show_json(tmp_path, profile, text, "--no-refresh")
        assert code == 0, text
        assert (shown["customer_id"], shown["matched_by"]) == (customer_id, matched_by), text
        assert shown["asked"] == []


def test_show_by_qudini_link_shows_the_booking(tmp_path: Path, profile: Path,
                                              box: ThreadedSandbox) -> None:
    person = everywhere(box.sandbox.population)
    identifier = person.qudini_identifier(0)
    outcome = show(tmp_path, profile, f"https://app.qudini.com/customer/{identifier}\n")
    assert outcome.code == 0, outcome.out + outcome.err
    assert outcome.out.startswith(f"Qudini booking {identifier} — not linked")
    assert "Qudini — as of " in outcome.out
    assert f"({identifier})" in outcome.out and person.full_name in outcome.out
    assert "LOKE — not looked up" in outcome.out  # not "not found": nobody was asked
    assert person.email is not None
    customer_id = customer_of(tmp_path, person.email)
    assert f"{person.full_name} — clientdesk show id:{customer_id}" in outcome.out  # offered
    code, shown = show_json(tmp_path, profile, identifier.upper(), "--no-refresh")
    assert code == 0
    assert shown["header"] is None and shown["qudini_identifier"] == identifier
    assert shown["matched_by"] == "Qudini booking"
    assert {"customer_id": customer_id, "name": person.full_name} in shown["same_name"]
    visits = shown["sections"]["qudini"]["data"]["visits"]
    assert [v["identifier"] for v in visits] == [identifier]  # cached by the first show
    assert [row["source"] for row in shown["timeline"]] == ["qudini"]


@pytest.mark.parametrize(("text", "expected"), [
    ("https://example.com/foo", "That is not a Qudini link"),
    ("https://qdi.page.link/AbCd", "does not know this short link"),  # read online: unknown
    ("qdi.page.link/AbCd", "does not know this short link"),
    ("UOKW2127", "That looks like a booking reference (such as UOKW2127)"),
    ("https://app.qudini.com/venues/12", "That Qudini link is not a booking link"),
    ("zzqx", "Give a customer id (id:123), a vendor id"),
    ("nobody@nowhere.example", "Nobody on this PC or at LOKE and Booxi has the email"),
    ("0499 999 999", "Nobody on this PC or at LOKE and Booxi has the phone number"),
    ("id:987654", "No customer 987654"),
    ("   ", "Nothing to look up"),
])
def test_what_names_nobody_exits_not_found_and_says_what_is_expected(
        tmp_path: Path, profile: Path, box: ThreadedSandbox, text: str, expected: str) -> None:
    outcome = show(tmp_path, profile, text)
    assert outcome.code == 8, outcome.out + outcome.err
    assert outcome.out == ""
    assert outcome.err.startswith("clientdesk: ") and expected in outcome.err
    if "link" in expected.lower() or "booking reference" in expected:
        assert "qudini.com/customer/" in outcome.err  # the shape it expects
    no_secret_in(box, outcome)


def test_an_empty_cache_says_to_sync_first(tmp_path: Path, box: ThreadedSandbox) -> None:
    path = tmp_path / "store.toml"
    path.write_text(box.sandbox.profile_toml(), encoding="utf-8")
    outcome = show(tmp_path, path, "zzqx")
    assert outcome.code == 8
    assert "run `clientdesk sync` first" in outcome.err
    # an email is looked up online too; without credentials that is exit 3, hint kept
    by_email = show(tmp_path, path, "someone@example.com")
    assert by_email.code == 3 and "credentials set" in by_email.err
    assert "run `clientdesk sync` first" in by_email.err


def test_older_needs_a_refresh(tmp_path: Path, profile: Path) -> None:
    outcome = show(tmp_path, profile, "#1", "--older", "3", "--no-refresh")
    assert outcome.code == 2 and "drop --no-refresh" in outcome.err


# -- JSON and the timeline ------------------------------------------------------------------------
def test_json_has_every_section_and_a_timeline_from_several_sources(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    person = everywhere(box.sandbox.population)
    assert person.email is not None
    customer_id = customer_of(tmp_path, person.email)
    attach_qudini(tmp_path, person.qudini_identifier(0), customer_id)
    code, shown = show_json(tmp_path, profile, person.email, "--older", "3", "--reveal")
    assert code == 0 and shown["revealed"] is True
    assert shown["exit_code"] == 0 and shown["failed"] == [] and shown["unreachable"] == []
    assert shown["store"] == {"id": STORE, "timezone": "Australia/Sydney", "currency": "AUD"}
    header = shown["header"]
    assert header["customer_id"] == customer_id and header["name"] == person.full_name
    assert person.email in header["emails"]
    assert set(header["vendor_ids"]) == {"loke", "reservations"}
    assert shown["asked"] == ["loke", "reservations", "qudini", "booxi"]
    for vendor, section in shown["sections"].items():
        assert {"status", "as_of", "checked_at", "message", "data", "summary"} <= set(section)
        assert section["status"] == "ok", (vendor, section)
        assert section["summary"].startswith("as of ")
        assert datetime.fromisoformat(section["as_of"]).tzinfo is not None
    loke = shown["sections"]["loke"]
    assert loke["data"]["total_spend_cents"] == person.spend_cents
    assert loke["total_spend_text"] == formats_for("en", "AU", "AUD").money(person.spend_cents)
    assert loke["total_spend_text"].startswith("$")  # the store's own currency, its own sign
    window_from = datetime.fromisoformat(shown["sections"]["booxi"]["data"]["window_from"])
    assert datetime.now(UTC) - window_from > timedelta(days=3 * 365)  # --older 3

    rows = shown["timeline"]
    assert {row["source"] for row in rows} == {"reservations", "booxi", "qudini"}
    now = datetime.fromisoformat(shown["now"])
    keys = []
    for row in rows:
        assert row["starts_at"] is not None
        start = datetime.fromisoformat(row["starts_at"])
        local = datetime.fromisoformat(row["local_start"])
        assert start.tzinfo is not None and local == start
        assert local.utcoffset() == start.astimezone(ZONE).utcoffset()
        assert row["local_display"] == formats_for("en", "AU", "AUD").datetime(local)
        ahead = row["status"] == "upcoming" and start >= now
        keys.append((0, start.timestamp()) if ahead else (1, -start.timestamp()))
    assert keys == sorted(keys)  # upcoming soonest first, then the past newest first

    human = show(tmp_path, profile, person.email)  # within the TTL: nothing asked again
    assert human.code == 0
    for row in rows:
        assert row["local_display"] in human.out
    assert "Qudini — as of " in human.out
    assert human.out.count(" qudini\n") == 1


# -- offline and failing vendors -------------------------------------------------------------------
def test_with_every_server_stopped_the_cached_profile_is_shown_with_its_age(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    person = everywhere(box.sandbox.population)
    assert person.email is not None
    code, online = show_json(tmp_path, profile, person.email, "--refresh")
    assert code == 0
    box.stop()  # every sandbox server is down from here on

    human = show(tmp_path, profile, person.email, "--refresh")
    assert human.code == 5, human.out + human.err
    assert human.out.startswith(person.full_name)
    assert f"{person.points:,} pts" in human.out  # the cached data, still there
    for name in ("LOKE", "reservations", "Booxi"):
        assert f"{name} — {name} unreachable (" in human.out
    assert human.out.count("showing data as of ") == 3
    assert "Not answering now: LOKE (unreachable), reservations (unreachable), Booxi " \
           "(unreachable)" in human.out
    assert "no vendor answered" in human.err
    no_secret_in(box, human)

    code, offline = show_json(tmp_path, profile, person.email, "--refresh")
    assert code == 5 and offline["exit_code"] == 5
    assert offline["unreachable"] == ["loke", "reservations", "booxi"]
    for vendor in ("loke", "reservations", "booxi"):
        section, before = offline["sections"][vendor], online["sections"][vendor]
        assert section["status"] == "unreachable"
        assert section["data"] == before["data"] and section["as_of"] == before["as_of"]
        assert section["checked_at"] > before["checked_at"]
        assert "cannot be reached" in section["message"]
    assert offline["sections"]["qudini"]["status"] == "no_reference"
    assert offline["timeline"] == online["timeline"]

    cached_only = show(tmp_path, profile, person.email, "--no-refresh")
    assert cached_only.code == 0  # nothing was asked, so nothing failed
    assert "unreachable" in cached_only.out  # the sections remember the last refresh


def test_a_vendor_down_is_unreachable_while_the_others_show_data(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    person = everywhere(box.sandbox.population)
    assert person.email is not None
    box.sandbox.servers["loke"].faults = Faults(error=1.0)
    outcome = show(tmp_path, profile, person.email, "--refresh")
    assert outcome.code == 0, outcome.out + outcome.err
    assert "LOKE — LOKE unreachable (" in outcome.out and "nothing cached" in outcome.out
    assert "reservations — as of " in outcome.out and "Booxi — as of " in outcome.out
    assert "Not answering now: LOKE (unreachable)" in outcome.out
    code, shown = show_json(tmp_path, profile, person.email, "--refresh")
    assert code == 0 and shown["unreachable"] == ["loke"]
    assert shown["sections"]["loke"]["data"] is None
    assert shown["sections"]["reservations"]["status"] == "ok"
    no_secret_in(box, outcome)


def test_missing_credentials_say_how_to_fix_them(tmp_path: Path, profile: Path,
                                                 box: ThreadedSandbox) -> None:
    person = everywhere(box.sandbox.population)
    assert person.email is not None
    KeyringSecrets(STORE).delete("booxi")
    one = show(tmp_path, profile, person.email, "--refresh")
    assert one.code == 0, one.out + one.err
    assert "Booxi — Booxi refused (no credential saved on this PC — run `clientdesk " \
           "credentials set booxi`); nothing cached" in one.out
    for vendor in ("loke", "reservations"):
        KeyringSecrets(STORE).delete(vendor)
    code, shown = show_json(tmp_path, profile, person.email, "--refresh")
    assert code == 3 and shown["failed"] == ["loke", "reservations", "booxi"]
    assert "credentials set loke" in shown["sections"]["loke"]["message"]


# -- literal vendor text --------------------------------------------------------------------------
def test_vendor_text_reaches_the_screen_literally(tmp_path: Path, profile: Path,
                                                  box: ThreadedSandbox) -> None:
    person = everywhere(box.sandbox.population)
    assert person.email is not None
    server = box.sandbox.servers["reservations"]
    assert isinstance(server, ReservationsServer)
    server._edits[person.reservations_id] = {"note": "VIP\x1b[2J — see *Ann*\nsecond line"}
    outcome = show(tmp_path, profile, person.email, "--refresh")
    assert outcome.code == 0
    assert "\x1b" not in outcome.out
    assert "note             VIP\\x1b[2J — see *Ann*\n" in outcome.out
    assert "                 second line\n" in outcome.out
    code, shown = show_json(tmp_path, profile, person.email, "--no-refresh")
    assert code == 0
    assert shown["sections"]["reservations"]["data"]["note"] == \
        "VIP\x1b[2J — see *Ann*\nsecond line"


def test_lit_escapes_only_what_a_terminal_would_act_on() -> None:
    assert lit("Zoë O'Brien 🎉") == "Zoë O'Brien 🎉"
    assert lit("a\x1b[31mb\tc\x00") == "a\\x1b[31mb\\tc\\x00"
    assert lit("abc\u202edef") == "abc\\u202edef"


def test_render_shows_the_blacklist_and_each_status(box: ThreadedSandbox) -> None:
    store = profile_from_dict(box.sandbox.profile_dict(), "test")
    now = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
    head = Header(customer_id=7, name="Ann Lee", emails=["ann@example.com"],
                  phones=["+61412345678"], vendor_ids={"reservations": ["r1"]},
                  link_reasons=["same phone +61 412 345 678"])
    sections = Sections()
    sections.reservations = Section[Reservations](
        vendor="reservations", status=Status.OK, as_of=now - timedelta(days=1), checked_at=now,
        data=Reservations(customer_id="r1", blacklisted=True, blacklist_reason="abusive"))
    sections.loke = Section(vendor="loke", status=Status.NOT_FOUND, checked_at=now)
    sections.booxi = Section(vendor="booxi", status=Status.REFUSED, checked_at=now,
                             message="Booxi: not authorised — check the credential")
    shown = Shown(query="ann", resolved=Resolved(7, matched_by="email"),
                  profile=Profile(head, sections), now=now, asked=["loke", "booxi"])
    text = "\n".join(render(shown, store, revealed=True))
    assert "  ⚠ BLACKLISTED: abusive" in text
    assert "phone            +61 412 345 678" in text
    masked = "\n".join(render(shown, store))
    assert "+61 412 345 678" not in masked and "ann@example.com" not in masked
    assert "linked           same phone +61 ••• ••• 678" in masked
    # yesterday, on the store's clock, as en_AU writes it (the window reads the same)
    assert "reservations — as of 21 Nov 2026 5:00\u202fpm" in text
    assert "LOKE — not found in LOKE" in text
    assert "Booxi — Booxi refused (not authorised — check the credential); nothing cached" \
        in text
    assert "Qudini — not fetched yet" in text
    assert shown.exit_code() == 5  # none returned data, one refused


def test_without_a_usable_keyring_the_cache_is_shown_and_the_exit_says_credentials(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    person = everywhere(box.sandbox.population)
    assert person.email is not None
    assert show(tmp_path, profile, person.email).code == 0
    keyring.set_keyring(NoKeyring())  # the conftest fixture puts the test keyring back
    outcome = show(tmp_path, profile, person.email, "--refresh")
    assert outcome.code == 3, outcome.out + outcome.err
    assert outcome.out.startswith(person.full_name)
    assert "LOKE — LOKE refused (no usable OS keyring" in outcome.out
    assert "showing data as of " in outcome.out



def test_reveal_shows_contacts_in_full_and_is_audited(tmp_path: Path, profile: Path,
                                                      box: ThreadedSandbox) -> None:
    person = everywhere(box.sandbox.population)
    assert person.email is not None and person.mobile_national
    code, masked = show_json(tmp_path, profile, person.email, "--no-refresh")
    assert code == 0 and masked["revealed"] is False
    text = json.dumps({k: v for k, v in masked.items() if k != "query"}, ensure_ascii=False)
    assert person.email not in text  # header and every vendor's email field alike
    assert person.mobile_national.replace(" ", "")[-6:] not in text.replace(" ", "")
    audit_lines = "SELECT action, detail FROM audit WHERE action = 'contacts.reveal'"
    assert query(tmp_path, audit_lines) == []

    revealed = show(tmp_path, profile, person.email, "--no-refresh", "--reveal")
    assert revealed.code == 0, revealed.err
    assert person.email in revealed.out and "+61 4" in revealed.out
    [(_action, detail)] = query(tmp_path, audit_lines)
    assert json.loads(detail) == {"customer_id": masked["customer_id"],
                                  "where": "clientdesk show"}
    assert person.email not in detail  # the audit names whom, not their contacts


def query(tmp_path: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = Cache(cache_path(tmp_path / "data", STORE)).connect(readonly=True)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


# -- online lookup on a miss -------------------------------------------------------------------
def _booxi_only(population: Population, *, duplicate: bool = False) -> Person:
    from app.sandbox.booxi import has_duplicate
    return next(p for p in population.people()
                if p.in_booxi and not p.in_reservations and not p.in_loke and p.email
                and has_duplicate(p) == duplicate)


def test_show_finds_a_booxi_only_customer_online_and_caches_them(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    person = _booxi_only(box.sandbox.population)
    assert person.email is not None
    code, shown = show_json(tmp_path, profile, person.email)
    assert code == 0
    assert shown["matched_by"] == "email, found at Booxi"
    assert shown["header"]["name"] == person.full_name
    assert shown["header"]["vendor_ids"] == {"booxi": [str(person.booxi_client_id)]}
    assert shown["sections"]["booxi"]["status"] == "ok"
    shown.pop("query")  # what was typed, echoed
    assert person.email not in json.dumps(shown)  # masked unless revealed
    asked = box.sandbox.servers["booxi"].requests
    again = show(tmp_path, profile, person.email, "--no-refresh")
    assert again.code == 0, again.err  # now in the cache: no vendor asked
    assert box.sandbox.servers["booxi"].requests == asked


def test_several_matches_need_a_pick_and_the_list_says_who(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    person = _booxi_only(box.sandbox.population, duplicate=True)
    assert person.email is not None
    listed = show(tmp_path, profile, person.email)
    assert listed.code == 2 and "--pick N" in listed.err and "2 customers" in listed.err
    assert person.email not in listed.err
    assert query(tmp_path, "SELECT count(*) FROM records WHERE vendor = 'booxi'") == [(0,)]
    code, shown = show_json(tmp_path, profile, person.email, "--pick", "2")
    assert code == 0 and shown["header"]["vendor_ids"]["booxi"][0] != str(
        person.booxi_client_id)
    assert show(tmp_path, profile, "nobody.else@example.com", "--pick", "3").code == 8


def test_nobody_anywhere_exits_8_and_every_vendor_down_exits_5(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    nobody = show(tmp_path, profile, "nobody.at.all@example.com")
    assert nobody.code == 8 and "at LOKE and Booxi" in nobody.err
    assert "nobody.at.all@example.com" not in nobody.err
    for vendor in ("loke", "booxi"):
        box.sandbox.servers[vendor].faults = Faults(error=1.0)
    person = _booxi_only(box.sandbox.population)
    down = show(tmp_path, profile, person.email or "")
    assert down.code == 5, down.err
    assert "could not be asked" in down.err
    cache_only = show(tmp_path, profile, person.email or "", "--no-refresh")
    assert cache_only.code == 8 and "--no-refresh" in cache_only.err
    no_secret_in(box, nobody, down, cache_only)


def test_text_that_is_no_complete_contact_asks_no_vendor(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    before = {v: s.requests for v, s in box.sandbox.servers.items()}
    for text in ("mateo.brown@", "0412 34", "Zzyzx Nobody"):
        assert show(tmp_path, profile, text).code == 8
    assert {v: s.requests for v, s in box.sandbox.servers.items()} == before
