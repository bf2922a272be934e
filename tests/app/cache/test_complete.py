"""Completing a walk-in record: the checks (with properties for the parsers), and what one
completion does to the cache, the outbox and the audit log — in one transaction, contacts
never in the audit line, a real customer's record refused."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.cache import complete, edits, outbox
from app.cache.complete import (
    EARLIEST_BIRTHDAY,
    DetailsRefused,
    NothingToChange,
    check_details,
    clean_email,
    clean_phone,
    parse_birthday,
)
from app.cache.db import Cache
from app.cache.outbox import EditRefused
from app.cache.search import Searcher
from app.cache.writer import CacheWriter
from app.domain.records import from_reservations
from app.vendors.reservations.models import CustomerRow

TODAY = date(2026, 7, 1)
NOW = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)
WHO: dict[str, Any] = {"counter": "till-3", "mode": "staff"}
WALK_IN = "0190f2a4-0000-7000-8000-000000000001"
REAL = "0190f2a4-0000-7000-8000-000000000002"
OTHER = "0190f2a4-0000-7000-8000-000000000003"


# -- parsing -------------------------------------------------------------------------------------
def test_good_details_are_tidied_and_normalised() -> None:
    details = check_details("  Ana   Lucía ", last_name=" Pérez ", email=" Ana.Perez@Example.COM ",
                            phone="0412 345 678", birthday="1990-05-17", country="AU",
                            today=TODAY)
    assert details.first_name == "Ana Lucía" and details.last_name == "Pérez"
    assert details.email == "ana.perez@example.com"
    assert details.phone_number == "+61412345678"
    assert details.birthday == date(1990, 5, 17)
    assert details.wire()["birthday"] == "1990-05-17"


def test_every_problem_gets_its_own_message_and_none_repeats_a_contact() -> None:
    with pytest.raises(DetailsRefused) as caught:
        check_details("A", last_name="x" * 51, email="ana@@example.com", phone="0412 ABC 678",
                      birthday="2027-01-01", country="AU", today=TODAY)
    problems = caught.value.problems
    assert set(problems) == {"first_name", "last_name", "email", "phone_number", "birthday"}
    assert "2 to 50" in problems["first_name"] and "1 to 50" in problems["last_name"]
    assert "more than one @" in problems["email"]
    assert "letters" in problems["phone_number"]
    assert "future" in problems["birthday"]
    assert "Nothing was saved." in caught.value.message
    assert "ABC" not in caught.value.message and "example.com" not in caught.value.message


@pytest.mark.parametrize(("phone", "words"), [
    ("12", "not a phone number"), ("+61 4", "not a phone number"),
    ("call me", "letters"), ("0412\x00345678", "control")])
def test_bad_phones_are_refused(phone: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        clean_phone(phone, "AU")


@pytest.mark.parametrize(("email", "words"), [
    ("ana", "not complete"), ("ana@example", "not complete"), ("a na@example.com", "spaces"),
    ("ana@exa_mple.com", "not a domain"), (".ana@example.com", "before the @"),
    ("ana..b@example.com", "before the @"), ("ana@-x.com", "not a domain"),
    ("ana@example.c", "not a domain"), ("ana@1.2.3.4", "not a domain"),
    ("x" * 65 + "@example.com", "before the @"), ("a@" + "b" * 250 + ".com", "longer")])
def test_bad_emails_are_refused(email: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        clean_email(email)


@pytest.mark.parametrize(("text", "words"), [
    ("17/05/1990", "YYYY-MM-DD"), ("1990-02-30", "not a real date"),
    ("1899-12-31", "before 1900"), ("2026-07-02", "future"), ("90-05-17", "YYYY-MM-DD")])
def test_bad_birthdays_are_refused(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_birthday(text, TODAY)


def test_blank_means_no_value_and_cannot_remove_what_is_on_file() -> None:
    assert check_details("Ana", email="  ", phone="", country="AU", today=TODAY).email is None
    with pytest.raises(DetailsRefused) as caught:
        check_details("Ana", email="", birthday=" ", country="AU", today=TODAY,
                      on_file={"email": "ana@example.com", "birthday": "1990-05-17"})
    assert set(caught.value.problems) == {"email", "birthday"}
    assert "cannot remove" in caught.value.problems["email"]
    # Not given at all (None) keeps what is on file: no problem.
    check_details("Ana", country="AU", today=TODAY, on_file={"email": "ana@example.com"})


@given(st.dates(min_value=EARLIEST_BIRTHDAY, max_value=TODAY))
def test_any_date_from_1900_to_today_round_trips(day: date) -> None:
    assert parse_birthday(day.isoformat(), TODAY) == day
    assert parse_birthday(f"  {day.isoformat()} ", TODAY) == day


@given(st.dates(max_value=EARLIEST_BIRTHDAY - timedelta(days=1)) |
       st.dates(min_value=TODAY + timedelta(days=1)))
def test_dates_outside_1900_to_today_are_refused(day: date) -> None:
    with pytest.raises(ValueError):
        parse_birthday(day.isoformat(), TODAY)


@given(st.text(max_size=20))
def test_birthday_parsing_never_raises_anything_but_value_error(text: str) -> None:
    try:
        result = parse_birthday(text, TODAY)
    except ValueError:
        return
    assert result is None or EARLIEST_BIRTHDAY <= result <= TODAY


@given(st.integers(min_value=410_000_000, max_value=419_999_999),
       st.sampled_from(["0{}", "+61{}", "+61 {}", "(0{})"]), st.sampled_from(["", " ", "-"]))
def test_any_australian_mobile_in_any_typed_form_becomes_one_e164(
        number: int, form: str, sep: str) -> None:
    digits = str(number)
    spaced = sep.join((digits[:3], digits[3:6], digits[6:]))
    e164 = clean_phone(form.format(spaced), "AU")
    assert e164 == f"+61{digits}"
    assert phonenumbers.is_valid_number(phonenumbers.parse(e164))


@given(st.text(max_size=30))
def test_phone_parsing_gives_valid_e164_or_a_value_error(text: str) -> None:
    try:
        e164 = clean_phone(text, "AU")
    except ValueError as exc:
        assert not any(ch.isdigit() for ch in str(exc))  # never repeats the number
        return
    if e164 is None:
        assert not text.strip()
        return
    assert e164.startswith("+") and e164[1:].isdigit()
    assert not any(ch.isalpha() for ch in text)


@given(st.from_regex(r"[a-z0-9]([a-z0-9._+-]{0,20}[a-z0-9])?", fullmatch=True),
       st.from_regex(r"[a-z0-9]{1,10}(\.[a-z0-9]{1,10}){0,2}\.[a-z]{2,6}", fullmatch=True),
       st.booleans())
def test_good_emails_are_kept_case_folded(local: str, domain: str, upper: bool) -> None:
    assume(".." not in local)
    typed = f"{local}@{domain}"
    assert clean_email(f" {typed.upper() if upper else typed} ") == typed


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_email_parsing_gives_an_address_or_a_value_error(text: str) -> None:
    try:
        email = clean_email(text)
    except ValueError:
        return
    if email is None:
        assert not text.strip()
        return
    assert email == email.casefold() and email.count("@") == 1
    assert not any(ch.isspace() for ch in email)
    assert "." in email.partition("@")[2]


# -- the cache -----------------------------------------------------------------------------------
def row(vid: str, *, dummy: bool, first: str | None = "Walk-in", last: str | None = None,
        email: str | None = None, phone: str | None = None,
        birthday: str | None = None) -> CustomerRow:
    return CustomerRow.model_validate({
        "id": vid, "first_name": first, "last_name": last, "email": email,
        "phone_number": phone, "birthday": birthday, "note": "likes tea", "is_dummy": dummy,
        "is_blacklisted": False, "blacklist_reason": None, "times_booked": 3,
        "times_cancelled": 0})


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    cache = Cache.open(tmp_path / "cache.sqlite3")
    writer = CacheWriter(cache)
    writer.replace_all("reservations", [
        from_reservations(row(WALK_IN, dummy=True, first="Sam"), "AU"),
        from_reservations(row(REAL, dummy=False, first="Rita", last="Real",
                              email="rita@example.com"), "AU"),
        from_reservations(row(OTHER, dummy=False, first="Ana", last="Pérez",
                              email="ana.perez@example.com"), "AU"),
    ])
    writer.close()
    connection = cache.connect(durable=True)  # as the window's cache thread and the CLI
    yield connection
    connection.close()


def customer_of(conn: sqlite3.Connection, vid: str) -> int:
    found = edits.customer_of(conn, "reservations", vid)
    assert found is not None
    return found


def audit(conn: sqlite3.Connection) -> list[tuple[str, dict[str, Any]]]:
    return [(a, json.loads(d)) for a, d in
            conn.execute("SELECT action, detail FROM audit ORDER BY id")]


def test_completing_shows_the_details_at_once_and_queues_them(conn: sqlite3.Connection) -> None:
    details = check_details("Ana", last_name="Pérez", email="ANA.PEREZ@example.com",
                            phone="0412 345 678", birthday="1990-05-17", country="AU",
                            today=TODAY)
    base = complete.on_file(conn, WALK_IN)
    done = complete.complete_walk_in(conn, WALK_IN, details, country="AU", now=NOW, base=base,
                                     **WHO)
    # Same email as Ana's own record: identity links them into one customer at once.
    assert done.customer_id == customer_of(conn, OTHER) == customer_of(conn, WALK_IN)
    name, emails, phones = conn.execute(
        "SELECT name, emails, phones FROM records WHERE vendor_id = ?", (WALK_IN,)).fetchone()
    assert name == "Ana Pérez" and json.loads(emails) == ["ana.perez@example.com"]
    assert json.loads(phones) == ["+61412345678"]
    data = json.loads(conn.execute("SELECT data FROM records WHERE vendor_id = ?",
                                   (WALK_IN,)).fetchone()[0])
    assert data["birthday"] == "1990-05-17" and data["is_dummy"] is True
    assert data["note"] == "likes tea" and data["times_booked"] == 3  # the rest is kept
    # Search finds the completed record by its new phone and name.
    searcher = Searcher(conn)
    assert done.customer_id in [h.customer_id for h in searcher.search("0412 345 678")]
    assert done.customer_id in [h.customer_id for h in searcher.search("ana pér")]

    edit = outbox.get_edit(conn, done.edit_id)
    assert edit is not None and edit.kind == complete.KIND and edit.state == "pending"
    assert edit.payload["fields"] == {"first_name": "Ana", "last_name": "Pérez",
                                      "email": "ana.perez@example.com",
                                      "phone_number": "+61412345678", "birthday": "1990-05-17"}
    assert edit.base == base and edit.summary == "complete the walk-in record of Ana Pérez"
    [(action, detail)] = audit(conn)
    assert action == complete.KIND and detail["name"] == "Ana Pérez"
    assert detail["changed"] == list(complete.FIELDS)
    text = json.dumps(detail, ensure_ascii=False)
    assert "ana.perez@example.com" not in text and "412345678" not in text
    assert "1990" not in text and detail["email"].startswith("an") and "•" in detail["phone"]


def test_a_real_customers_record_is_refused_and_nothing_is_queued(
        conn: sqlite3.Connection) -> None:
    details = check_details("Rita", email="rita2@example.com", country="AU", today=TODAY)
    with pytest.raises(EditRefused, match="registered customer"):
        complete.complete_walk_in(conn, REAL, details, country="AU", now=NOW, **WHO)
    with pytest.raises(EditRefused, match="in the cache"):
        complete.complete_walk_in(conn, "0190f2a4-0000-7000-8000-00000000dead", details,
                                  country="AU", now=NOW, **WHO)
    assert outbox.open_edits(conn) == [] and audit(conn) == []
    assert conn.execute("SELECT name FROM records WHERE vendor_id = ?",
                        (REAL,)).fetchone()[0] == "Rita Real"


def test_nothing_changed_is_not_queued(conn: sqlite3.Connection) -> None:
    with pytest.raises(NothingToChange):
        complete.complete_walk_in(conn, WALK_IN, check_details("Sam", country="AU",
                                                               today=TODAY),
                                  country="AU", now=NOW, **WHO)
    assert outbox.open_edits(conn) == []


def test_only_changed_fields_are_sent(conn: sqlite3.Connection) -> None:
    done = complete.complete_walk_in(
        conn, WALK_IN, check_details("Sam", phone="+61 412 345 678", country="AU",
                                     today=TODAY), country="AU", now=NOW, **WHO)
    edit = outbox.get_edit(conn, done.edit_id)
    assert edit is not None and edit.payload["fields"] == {"phone_number": "+61412345678"}


def test_a_pull_keeps_the_waiting_completion_and_discard_takes_it_back(
        tmp_path: Path, conn: sqlite3.Connection) -> None:
    done = complete.complete_walk_in(
        conn, WALK_IN, check_details("Samira", last_name="Okafor", country="AU", today=TODAY),
        country="AU", now=NOW, **WHO)
    writer = CacheWriter(Cache.open(tmp_path / "cache.sqlite3"))
    try:  # a sync stores the vendor's (old) values, then puts waiting edits back
        writer.upsert("reservations", [from_reservations(row(WALK_IN, dummy=True,
                                                             first="Sam"), "AU")])
        assert writer.conn.execute("SELECT name FROM records WHERE vendor_id = ?",
                                   (WALK_IN,)).fetchone()[0] == "Sam"
        assert edits.reapply_open(writer.conn) == 1
    finally:
        writer.close()
    assert conn.execute("SELECT name FROM records WHERE vendor_id = ?",
                        (WALK_IN,)).fetchone()[0] == "Samira Okafor"
    assert edits.discard(conn, done.edit_id, NOW, **WHO)
    assert conn.execute("SELECT name FROM records WHERE vendor_id = ?",
                        (WALK_IN,)).fetchone()[0] == "Sam"
    assert complete.on_file(conn, WALK_IN)["last_name"] == ""


def test_conflict_choice_keep_mine_and_take_theirs(conn: sqlite3.Connection) -> None:
    theirs = {**complete.on_file(conn, WALK_IN), "email": "sam@elsewhere.example",
              "phone_number": "+61499000111"}
    for keep, name in ((True, "Samuel"), (False, "Samson")):
        before = complete.on_file(conn, WALK_IN)["first_name"]
        done = complete.complete_walk_in(
            conn, WALK_IN, check_details(name, country="AU", today=TODAY), country="AU",
            now=NOW, **WHO)
        complete.mark_conflict(conn, done.edit_id, theirs)
        failed = outbox.get_edit(conn, done.edit_id)
        assert failed is not None and failed.state == "failed"
        shown = str(failed.upstream)
        assert "sam@elsewhere.example" not in shown and "499000111" not in shown
        assert "s••@elsewhere.example" in shown and "111" in shown  # masked, but recognisable
        with pytest.raises(EditRefused, match="no longer waiting"):
            complete.resolve_conflict(conn, done.edit_id + 99, keep_ours=keep, now=NOW, **WHO)
        again = edits.resolve_note_conflict(conn, done.edit_id, keep_ours=keep, now=NOW, **WHO)
        after = outbox.get_edit(conn, done.edit_id)
        assert after is not None
        if keep:
            assert again == done.edit_id and after.state == "pending"
            assert after.base == {"digest": complete.fingerprint(theirs)}
            assert complete.base_fingerprint(after.base) == complete.fingerprint(theirs)
            assert edits.discard(conn, done.edit_id, NOW, **WHO)
        else:
            assert again is None and after.state == "discarded"
            assert complete.on_file(conn, WALK_IN)["first_name"] == before  # from before ours
    actions = [a for a, _ in audit(conn)]
    assert actions.count("walkin.conflict") == 2


def test_names_keep_joiners_but_not_controls() -> None:
    assert check_details("می\u200cخواهم", country="AU", today=TODAY).first_name == "می\u200cخواهم"
    with pytest.raises(DetailsRefused, match="control"):
        check_details("Ana\u202e", country="AU", today=TODAY)
