"""Normalising and masking contacts; the parsers never raise on any text."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from phonenumbers import PhoneNumberType

from app.domain.contacts import (
    PhoneFacts,
    _formatted,
    mask_email,
    mask_phone,
    normalise_email,
    normalise_phone,
    parse_e164,
    phone_display,
    phone_facts,
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


_REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)
_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE, PhoneNumberType.TOLL_FREE)


@st.composite
def _valid_numbers(draw: st.DrawFn) -> str:
    """A valid number of any region: an example number with some of its last digits redrawn."""
    region = draw(st.sampled_from(_REGIONS))
    example = None
    for kind in _TYPES:
        example = phonenumbers.example_number_for_type(region, kind)
        if example is not None:
            break
    if example is None:
        example = phonenumbers.example_number(region)
    assume(example is not None)
    nsn = phonenumbers.national_significant_number(example)
    keep = draw(st.integers(min_value=1, max_value=len(nsn)))
    tail = draw(st.text("0123456789", min_size=len(nsn) - keep, max_size=len(nsn) - keep))
    number = phonenumbers.parse(f"+{example.country_code}{nsn[:keep]}{tail}", None)
    assume(phonenumbers.is_valid_number(number))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@given(st.lists(_valid_numbers(), min_size=1, max_size=30))
def test_phone_facts_laid_out_match_the_library(numbers: list[str]) -> None:
    """Numbers laid out like an earlier one of their shape read exactly as phonenumbers
    writes them (display, masked and typed forms), in every region."""
    for e164 in numbers:
        phone_facts.cache_clear()  # each call goes through the layouts, not the lru cache
        assert phone_facts(e164) == _formatted(e164, parse_e164(e164)), e164


def test_phone_facts_reuses_one_layout_per_shape() -> None:
    """The second number of a shape is laid out, not formatted: the point of the layouts."""
    phone_facts.cache_clear()
    first, second = "+61412000111", "+61412009888"
    assert phone_facts(first).display == "+61 412 000 111"
    calls = []
    real = phonenumbers.format_number

    def counting(*args: object, **kwargs: object) -> str:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    phonenumbers.format_number = counting  # type: ignore[assignment]
    try:
        facts = phone_facts(second)
    finally:
        phonenumbers.format_number = real
    assert calls == []
    assert facts == PhoneFacts("+61 412 009 888", "+61 ••• ••• 888",
                               ("61412009888", "0412009888"))


def test_argentine_mobiles_are_formatted_whole() -> None:
    """Argentina writes a mobile's national form with "15" put in and its "9" taken out:
    not a layout of its digits, so every such number goes to the library."""
    e164 = "+5491123456789"
    assert phone_facts(e164) == _formatted(e164, parse_e164(e164))
    assert "15" in digits(phonenumbers.format_number(parse_e164(e164),
                                                     phonenumbers.PhoneNumberFormat.NATIONAL))
