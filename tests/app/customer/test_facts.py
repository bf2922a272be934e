"""Disagreements between linked records, marketing consent, the birthday line, and the new
section fields round-tripping through (old and new) cached JSON."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from app.customer.birthday import Birthday, When
from app.customer.facts import (
    Disagreement,
    VendorContact,
    birthday_facts,
    contacts_of,
    disagreement_json,
    disagreement_text,
    disagreements,
    marketing,
    marketing_text,
    mask_contact_lists,
    names_agree,
)
from app.customer.model import (
    BooxiClientInfo,
    BooxiHistory,
    Header,
    Loyalty,
    Qudini,
    QudiniVisit,
    RecordContact,
    Reservations,
    Section,
    Sections,
)
from app.domain.contacts import mask_email, safe_mask_phone

SYDNEY = ZoneInfo("Australia/Sydney")
FRIDAY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 20:00 Friday 20 November in Sydney
A, B = "+61412345678", "+61298000043"


def contact(vendor: str, name: str = "", emails: tuple[str, ...] = (),
            phones: tuple[str, ...] = ()) -> VendorContact:
    return VendorContact(vendor, name, emails, phones)


def whats(found: list[Disagreement]) -> list[str]:
    return [d.what for d in found]


# -- names -------------------------------------------------------------------------------------
def test_accents_case_apostrophes_and_spacing_are_the_same_name() -> None:
    assert names_agree("Zoë Nguyễn", "zoe nguyen")
    assert names_agree("Siobhán O'Brien", "SIOBHAN OBRIEN")
    assert names_agree("Jean-Luc van der Berg", "Jean Luc  Vanderberg")
    assert names_agree("Zoë", "Zoë Nguyễn")  # a walk-in record with the first name only
    assert not names_agree("Jon Smith", "John Smith")
    assert not names_agree("Lliam Núñez", "Liam Núñez")


def test_a_different_spelling_is_flagged_with_each_vendors_own() -> None:
    found = disagreements([contact("loke", "John Smith"), contact("reservations", "john smith"),
                           contact("booxi", "Jon Smith")], "AU")
    assert whats(found) == ["name"]
    assert found[0].values == {"loke": ["John Smith"], "reservations": ["john smith"],
                               "booxi": ["Jon Smith"]}
    assert disagreement_text(found[0], revealed=False) == \
        "Name: LOKE has John Smith; reservations has john smith; Booxi has Jon Smith"
    assert disagreements([contact("loke", "Zoë Nguyễn"), contact("booxi", "Zoe Nguyen"),
                          contact("qudini", "ZOË")], "AU") == []
    assert disagreements([contact("loke", ""), contact("booxi", "Jon")], "AU") == []


# -- phones and emails -------------------------------------------------------------------------
def test_phones_compare_in_e164_and_show_masked_unless_revealed() -> None:
    same = [contact("loke", phones=(A,)), contact("reservations", phones=("0412 345 678",)),
            contact("booxi", phones=("+61 412 345 678",)), contact("loke")]
    assert disagreements(same, "AU") == []
    found = disagreements([contact("loke", phones=(A,)),
                           contact("reservations", phones=("(02) 9800 0043",))], "AU")
    assert whats(found) == ["phone"]
    assert found[0].values == {"loke": [A], "reservations": [B]}
    masked = disagreement_text(found[0], revealed=False)
    assert masked == f"Phone: LOKE has {safe_mask_phone(A)}; reservations has " \
                     f"{safe_mask_phone(B)}"
    assert "412 345" not in masked and "9800" not in masked
    assert disagreement_text(found[0], revealed=True) == \
        "Phone: LOKE has +61 412 345 678; reservations has +61 2 9800 0043"
    data = disagreement_json(found[0], revealed=False)
    assert data["field"] == "phone" and A not in json.dumps(data)


def test_emails_are_trimmed_and_case_folded() -> None:
    assert disagreements([contact("loke", emails=("  Zoe@Example.com ",)),
                          contact("booxi", emails=("ZOE@EXAMPLE.COM",))], "AU") == []
    found = disagreements([contact("loke", emails=("zoe@example.com",)),
                           contact("booxi", emails=("zoe.n@example.com",))], "AU")
    assert whats(found) == ["email"]
    text = disagreement_text(found[0], revealed=False)
    assert text == f"Email: LOKE has {mask_email('zoe@example.com')}; Booxi has " \
                   f"{mask_email('zoe.n@example.com')}"
    assert "zoe@example.com" not in text
    assert disagreements([contact("loke", emails=("not an email",)),
                          contact("booxi", emails=("zoe@example.com",))], "AU") == []


def test_every_kind_at_once_in_a_fixed_order() -> None:
    found = disagreements([contact("loke", "Jon", ("a@example.com",), (A,)),
                           contact("reservations", "John", ("b@example.com",), (B,))], "AU")
    assert whats(found) == ["name", "phone", "email"]


NAMES = st.sampled_from(["Zoë Nguyễn", "Siobhán O'Brien", "Renée Núñez", "Søren Łukasiewicz",
                         "Jack van der Berg", "José García", "Amélie D'Angelo"])


def respell(name: str, how: int) -> str:
    """The same name as another vendor may write it: case, accents, spacing, apostrophes."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name)
                    if not unicodedata.combining(c)).replace("ø", "o").replace("Ł", "L")
    return [name.upper(), name.casefold(), plain, f"  {name}  ", name.replace(" ", "  "),
            name.replace("'", ""), plain.lower().replace("'", "’")][how % 7]


@given(NAMES, st.lists(st.integers(0, 6), min_size=1, max_size=4))
def test_respelt_names_never_disagree(name: str, hows: list[int]) -> None:
    contacts = [contact("loke", name)] + [contact("booxi", respell(name, h)) for h in hows]
    assert disagreements(contacts, "AU") == []


@given(NAMES, st.sampled_from(["x", "h", "a"]), st.integers(0, 6))
def test_one_more_letter_always_disagrees(name: str, letter: str, how: int) -> None:
    first, _, last = name.partition(" ")
    other = f"{first}{letter} {last}"
    found = disagreements([contact("loke", name), contact("booxi", respell(other, how))], "AU")
    assert whats(found) == ["name"]


@given(st.integers(0, 99_999_999), st.integers(0, 99_999_999),
       st.sampled_from(["e164", "national", "spaced"]))
def test_a_phone_in_any_form_matches_itself_and_only_itself(a: int, b: int, form: str) -> None:
    e164 = f"+614{a:08d}"
    written = {"e164": e164, "national": f"04{a:08d}",
               "spaced": f"04{a // 1_000_000 % 100:02d} {a // 1000 % 1000:03d} {a % 1000:03d}"}
    assert disagreements([contact("loke", phones=(e164,)),
                          contact("reservations", phones=(written[form],))], "AU") == []
    found = disagreements([contact("loke", phones=(e164,)),
                           contact("reservations", phones=(f"+614{b:08d}",))], "AU")
    assert (found == []) == (a == b)


@given(st.emails())
def test_an_email_matches_itself_in_any_case(email: str) -> None:
    found = disagreements([contact("loke", emails=(email,)),
                           contact("booxi", emails=(f" {email.upper()} ",))], "AU")
    assert "email" not in whats(found)


# -- where the contacts come from ----------------------------------------------------------------
def test_contacts_come_from_cached_records_booxi_clients_and_qudini_names() -> None:
    header = Header(customer_id=1, name="Liam Kim", records=[
        RecordContact(vendor="loke", vendor_id="L1", name="Liam Kim", emails=["l@example.com"],
                      phones=[A]),
        RecordContact(vendor="reservations", vendor_id="R1", name="Liam Kim",
                      emails=["l@example.com"], phones=[B])])
    sections = Sections()
    sections.booxi = Section[BooxiHistory](vendor="booxi", data=BooxiHistory(clients=[
        BooxiClientInfo(client_id="5", name="Lliam Kim", emails=["L@EXAMPLE.COM"],
                        phones=[A])]))
    sections.qudini = Section[Qudini](vendor="qudini", data=Qudini(visits=[
        QudiniVisit(identifier="q", name="Liam Kim")]))
    contacts = contacts_of(header, sections)
    assert [c.vendor for c in contacts] == ["loke", "reservations", "booxi", "qudini"]
    found = disagreements(contacts, "AU")
    assert whats(found) == ["name", "phone"]
    assert found[1].values == {"loke": [A], "reservations": [B], "booxi": [A]}
    assert contacts_of(None, Sections()) == []


# -- marketing and birthday ------------------------------------------------------------------------
def sections_with(loke: Loyalty | None = None, res: Reservations | None = None,
                  booxi: BooxiHistory | None = None) -> Sections:
    sections = Sections()
    sections.loke = Section[Loyalty](vendor="loke", data=loke)
    sections.reservations = Section[Reservations](vendor="reservations", data=res)
    sections.booxi = Section[BooxiHistory](vendor="booxi", data=booxi)
    return sections


def test_marketing_per_vendor_when_they_differ() -> None:
    booxi_no = BooxiHistory(clients=[BooxiClientInfo(client_id="1", in_mailing_list=False)])
    differ = sections_with(Loyalty(customer_id="L", marketing=True), booxi=booxi_no)
    assert marketing_text(marketing(differ)) == "LOKE: yes · Booxi: no"
    agree = sections_with(Loyalty(customer_id="L", marketing=False), booxi=booxi_no)
    assert marketing_text(marketing(agree)) == "no (LOKE, Booxi)"
    mixed = BooxiHistory(clients=[BooxiClientInfo(client_id="1", in_mailing_list=False),
                                  BooxiClientInfo(client_id="2", in_mailing_list=True),
                                  BooxiClientInfo(client_id="3")])
    assert marketing(sections_with(booxi=mixed)) == {"booxi": "mixed"}
    assert marketing_text(marketing(sections_with(Loyalty(customer_id="L")))) == ""


def test_one_birthday_when_vendors_agree_each_when_not() -> None:
    with_year = Birthday(month=11, day=22, year=1959)
    no_year = BooxiHistory(clients=[BooxiClientInfo(client_id="1",
                                                    birthday=Birthday(month=11, day=22))])
    same = birthday_facts(sections_with(Loyalty(customer_id="L", birthday=with_year),
                                        booxi=no_year), FRIDAY, SYDNEY)
    assert same is not None and same.agree
    assert (same.text, same.when) == ("22 November 1959", When.THIS_WEEK)
    alone = birthday_facts(sections_with(booxi=no_year), FRIDAY, SYDNEY)
    assert alone is not None and alone.text == "22 November"
    differ = birthday_facts(sections_with(
        Loyalty(customer_id="L", birthday=with_year),
        Reservations(customer_id="R", birthday=Birthday(month=11, day=20, year=1959))),
        FRIDAY, SYDNEY)
    assert differ is not None and not differ.agree
    assert differ.text == "LOKE: 22 November 1959 · reservations: 20 November 1959"
    assert differ.when == When.TODAY  # the nearest of the two
    assert birthday_facts(sections_with(Loyalty(customer_id="L")), FRIDAY, SYDNEY) is None


# -- the cache -------------------------------------------------------------------------------------
def test_new_fields_round_trip_and_old_cached_json_still_loads() -> None:
    loyalty = Loyalty(customer_id="L", birthday=Birthday(month=2, day=29), marketing=False)
    assert Loyalty.model_validate_json(loyalty.model_dump_json()) == loyalty
    booxi = BooxiHistory(clients=[BooxiClientInfo(client_id="9", name="Zoë", quick_note="<b>",
                                                  birthday=Birthday(month=1, day=2, year=1990),
                                                  in_mailing_list=True)])
    assert BooxiHistory.model_validate_json(booxi.model_dump_json()) == booxi
    visit = QudiniVisit(identifier="q", language="English", group_size=3)
    assert QudiniVisit.model_validate_json(visit.model_dump_json()) == visit
    # written before these fields existed
    old = Loyalty.model_validate_json('{"customer_id": "L", "points": 5, "lists": []}')
    assert old.birthday is None and old.marketing is None
    assert BooxiHistory.model_validate_json('{"client_ids": ["1"], "bookings": []}').clients == []
    assert QudiniVisit.model_validate_json('{"identifier": "q"}').group_size is None
    assert Reservations.model_validate_json('{"customer_id": "R"}').birthday is None
    assert Header.model_validate_json('{"customer_id": 1, "name": "x"}').records == []


def test_contact_lists_are_masked_at_any_depth() -> None:
    data = {"clients": [{"emails": ["zoe@example.com"], "phones": [A], "name": "Zoë",
                         "quick_note": "call +61412345678"}]}
    masked = mask_contact_lists(data)
    text = json.dumps(masked, ensure_ascii=False)
    assert "zoe@example.com" not in text and f'"{A}"' not in text
    assert mask_email("zoe@example.com") in text and safe_mask_phone(A) in text
    assert "Zoë" in text  # names and notes are not contacts
