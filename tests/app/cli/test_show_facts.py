"""``clientdesk show``: birthday ("this week"), marketing consent, Booxi quick note and
requests, Qudini language and group size, and where linked records disagree — masked
unless ``--reveal``. Population: 200 people, seed 4, bookings around ANCHOR; the profile
service's clock is held at ANCHOR (Friday 20 November 2026, 20:00 in Sydney)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest

from app.cache.db import Cache, cache_path
from app.customer import store as profile_store
from app.customer.service import ProfileService
from app.domain.contacts import mask_email, safe_mask_phone, safe_phone_display
from app.sandbox.booxi import BooxiServer
from app.sandbox.people import Person
from app.sandbox.qudini import QudiniServer
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import KeyringSecrets
from tests.conftest import ANCHOR
from tests.support.cli import Outcome, invoke

STORE = "cli-show-facts"
PHONE, SPELT, BIRTHDAY = 43, 93, 80  # a landline at reservations; "Lliam" at Booxi; 22 Nov


@pytest.fixture
def box() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(Sandbox(200, seed=4, anchor=ANCHOR, store_id=STORE)) as running:
        yield running


@pytest.fixture
def profile(tmp_path: Path, box: ThreadedSandbox, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "store.toml"
    path.write_text(box.sandbox.profile_toml(), encoding="utf-8")
    secrets = KeyringSecrets(STORE)
    for vendor, secret in box.sandbox.secrets.items():
        secrets.set(vendor, secret)
    synced = invoke("--profile", str(path), "--data-dir", str(tmp_path / "data"), "sync")
    assert synced.code == 0, synced.out + synced.err
    defaults = ProfileService.__init__.__kwdefaults__
    assert defaults is not None and "clock" in defaults
    monkeypatch.setitem(defaults, "clock", lambda: ANCHOR)
    return path


def show(tmp_path: Path, profile: Path, *args: str) -> Outcome:
    outcome = invoke("--profile", str(profile), "--data-dir", str(tmp_path / "data"), "show",
                     *args)
    assert outcome.code == 0, outcome.out + outcome.err
    assert "Traceback" not in outcome.out + outcome.err
    return outcome


def show_json(tmp_path: Path, profile: Path, *args: str) -> tuple[str, dict[str, Any]]:
    out = show(tmp_path, profile, *args, "--json").out
    return out, json.loads(out)


def person(box: ThreadedSandbox, index: int) -> Person:
    return box.sandbox.population.person(index)


def line(out: str, caption: str) -> str:
    found = [x for x in out.splitlines() if x.strip().startswith(caption)]
    assert found, (caption, out)
    return found[0].strip()


def test_a_phone_that_differs_is_named_per_vendor_and_masked(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    who = person(box, PHONE)
    assert who.other_reservations_phone and who.email and who.mobile_e164
    landline = who.phone_variant("reservations")
    assert landline is not None
    out = show(tmp_path, profile, who.email).out
    assert line(out, "records differ") == (
        f"records differ   Phone: LOKE has {safe_mask_phone(who.mobile_e164)}; "
        f"reservations has {safe_mask_phone(landline)}")
    for secret in (who.mobile_e164, landline, safe_phone_display(landline), who.email):
        assert secret not in out
    _text, data = show_json(tmp_path, profile, who.email)
    text = json.dumps({k: v for k, v in data.items() if k != "query"})  # query: as typed
    assert who.mobile_e164 not in text and landline not in text and who.email not in text
    assert "records" not in data["header"]
    [differ] = data["facts"]["disagreements"]
    assert differ["field"] == "phone"
    assert differ["values"] == {"loke": [safe_mask_phone(who.mobile_e164)],
                                "reservations": [safe_mask_phone(landline)]}

    revealed = show(tmp_path, profile, who.email, "--reveal").out
    assert line(revealed, "records differ") == (
        f"records differ   Phone: LOKE has {safe_phone_display(who.mobile_e164)}; "
        f"reservations has {safe_phone_display(landline)}")
    _text, data = show_json(tmp_path, profile, who.email, "--reveal")
    assert data["facts"]["disagreements"][0]["values"]["reservations"] == \
        [safe_phone_display(landline)]


def test_a_booxi_misspelling_marketing_and_the_quick_note(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    who = person(box, SPELT)
    assert who.email and who.in_loke and who.in_reservations and who.in_booxi
    booxi_first, _ = who.name_variant("booxi")
    out = show(tmp_path, profile, who.email).out
    assert line(out, "records differ") == (
        f"records differ   Name: LOKE has {who.full_name}; reservations has {who.full_name}; "
        f"Booxi has {booxi_first} {who.last_name}")
    server = cast(BooxiServer, box.sandbox.servers["booxi"])
    client = server.client_record(who)
    loke = box.sandbox.servers["loke"].customer_record(who)  # type: ignore[attr-defined]
    words = {True: "yes", False: "no"}
    by_vendor = {"loke": words[loke["hasAgreedToMarketing"]],
                 "booxi": words[client["inMailingList"]]}
    _text, data = show_json(tmp_path, profile, who.email)
    assert data["facts"]["marketing"]["by_vendor"] == by_vendor
    if len(set(by_vendor.values())) == 1:
        assert line(out, "marketing") == f"marketing        {by_vendor['loke']} (LOKE, Booxi)"
    else:
        assert line(out, "marketing") == \
            f"marketing        LOKE: {by_vendor['loke']} · Booxi: {by_vendor['booxi']}"
    assert client["quickNote"]  # this person has one: shown literally in the Booxi section
    assert line(out, "quick note") == f"quick note       {client['quickNote']}"
    assert data["facts"]["quick_notes"] == [client["quickNote"]]
    assert who.dob is not None
    assert line(out, "birthday").startswith(f"birthday         {who.dob.day} ")
    sections = data["sections"]["booxi"]["data"]
    assert who.email not in json.dumps(sections)
    assert sections["clients"][0]["emails"] == [mask_email(client["email"])]


def test_birthday_this_week_on_the_stores_clock(tmp_path: Path, profile: Path,
                                               box: ThreadedSandbox) -> None:
    who = person(box, BIRTHDAY)
    assert who.dob is not None and (who.dob.month, who.dob.day) == (11, 22) and who.email
    out = show(tmp_path, profile, who.email).out
    assert line(out, "birthday") == \
        f"birthday         22 November {who.dob.year}  — birthday this week!"
    _text, data = show_json(tmp_path, profile, who.email)
    birthday = data["facts"]["birthday"]
    assert birthday["when"] == "this week" and birthday["agree"]
    assert birthday["by_vendor"]["loke"] == {"month": 11, "day": 22, "year": who.dob.year,
                                             "text": f"22 November {who.dob.year}"}


def test_qudini_language_and_group_size_with_the_visit(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    server = cast(QudiniServer, box.sandbox.servers["qudini"])
    population = box.sandbox.population
    who = next(p for p in population.people()
               if p.qudini_bookings and p.email and p.in_loke and not p.loke_duplicate)
    identifier = who.qudini_identifier(0)
    found = server.lookup(identifier)
    assert found is not None
    wire = server._details_json(*found)["customerInQueue"]["customer"]
    conn = Cache.open(cache_path(tmp_path / "data", STORE)).connect()
    try:
        row = conn.execute("SELECT customer_id FROM records WHERE vendor = 'loke' AND "
                           "vendor_id = ?", (who.loke_id,)).fetchone()
        with conn:
            profile_store.attach_qudini(conn, identifier, int(row[0]), datetime.now(UTC))
    finally:
        conn.close()
    out = show(tmp_path, profile, who.email or "").out
    assert f"    language {wire['language']['name']} · group of {wire['groupSize']}" in \
        out.splitlines()
    _text, data = show_json(tmp_path, profile, who.email or "")
    visit = data["sections"]["qudini"]["data"]["visits"][0]
    assert (visit["language"], visit["group_size"]) == (wire["language"]["name"],
                                                        wire["groupSize"])
