"""Normalising and masking contacts; the parsers never raise on any text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.contacts import (
    mask_email,
    mask_phone,
    normalise_email,
    normalise_phone,
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
