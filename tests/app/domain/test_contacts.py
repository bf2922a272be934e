"""Normalising and masking contacts; the parsers never raise on any text."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st
from phonenumbers import PhoneNumberType

from app.domain.contacts import (
    mask_email,
    mask_phone,
    normalise_email,
    normalise_phone,
    parse_e164,
    phone_display,
    phone_search_forms,
)
from app.domain.text import digits, fold


@pytest.mark.parametrize("raw", ["0412 345 678", "+61412345678", "61412345678", "(04) 1234 5678",
                                 "+61 412 345 678"])
def test_local_and_international_forms_meet(raw: str) -> None:
    assert normalise_phone(raw, "AU") in ("+61412345678",)


def test_other_country_numbers_keep_their_country() -> None:
    assert normalise_phone("+1 212 555 0123", "AU") == "+12125550123"
    assert normalise_phone("12345", "AU") is None


@pytest.mark.parametrize(("raw", "expected"), [
    ("  Zoe.Nguyen@Example.COM ", "zoe.nguyen@example.com"), ("nope", None), ("a@b", None),
    ("", None), (None, None), ("two words@x.com", None)])
def test_emails(raw: str | None, expected: str | None) -> None:
    assert normalise_email(raw) == expected


def test_masks_keep_enough_to_confirm() -> None:
    assert mask_email("zoe.nguyen@example.com") == "zo••••••••@example.com"
    assert mask_phone("+61412345678") == "+61 ••• ••• 678"
    assert phone_search_forms("+61412345678") == ("61412345678", "0412345678")


def test_fold() -> None:
    assert fold("Zoë O'Brien-Núñez") == "zoe obrien nunez"
    assert fold("Nguyễn Łukasiewicz Søren") == "nguyen lukasiewicz soren"
    assert fold("<b>Bob</b>") == "b bob b"


@given(st.text(max_size=60), st.sampled_from(["AU", "GB", "US", "NZ"]))
def test_phone_parser_returns_e164_or_none(raw: str, region: str) -> None:
    result = normalise_phone(raw, region)
    assert result is None or (result.startswith("+") and result[1:].isdigit())


@given(st.text(max_size=60))
def test_email_and_fold_never_raise(raw: str) -> None:
    email = normalise_email(raw)
    assert email is None or ("@" in email and email == email.strip().casefold())
    folded = fold(raw)
    assert folded == folded.strip() and all(ch.isascii() for ch in folded)
    assert digits(raw).isdigit() or digits(raw) == ""


def test_display_keeps_a_national_zero_that_belongs_to_the_number() -> None:
    # Italian fixed lines keep their leading 0 after +39; Australian ones drop the trunk 0
    assert phone_display("+390612345678") == "+39 06 1234 5678"
    assert mask_phone("+390612345678") == "+39 •• •••• •678"
    assert phone_display("+61412345678") == "+61 412 345 678"
    assert phone_display("+12015550123") == "+1 201-555-0123"


regions = sorted(phonenumbers.SUPPORTED_REGIONS)


@given(st.sampled_from(regions), st.sampled_from(["mobile", "fixed"]),
       st.integers(min_value=0, max_value=999))
def test_the_e164_shortcut_parses_as_phonenumbers_does(region: str, kind: str,
                                                       tail: int) -> None:
    """For every region's numbers (example numbers with varied last digits)."""
    kinds = {"mobile": PhoneNumberType.MOBILE, "fixed": PhoneNumberType.FIXED_LINE}
    example = phonenumbers.example_number_for_type(region, kinds[kind])
    if example is None:
        return
    e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    if len(e164) >= 9:
        e164 = e164[:-3] + f"{tail:03d}"  # other numbers of the same plan, not just the example
    assert parse_e164(e164) == phonenumbers.parse(e164, None)


@given(st.text(max_size=20))
def test_the_e164_shortcut_never_accepts_what_the_parser_refuses(raw: str) -> None:
    try:
        expected = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        with pytest.raises(phonenumbers.NumberParseException):
            parse_e164(raw)
        return
    assert parse_e164(raw) == expected
