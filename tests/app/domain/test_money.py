"""Money from integer minor units: exact in every currency, never through a float."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.money import format_minor, minor_digits


@pytest.mark.parametrize(("amount", "currency", "text"), [
    (79092, "AUD", "790.92 AUD"),
    (29, "AUD", "0.29 AUD"),
    (123456789, "aud", "1,234,567.89 AUD"),
    (-5, "NZD", "-0.05 NZD"),
    (123456, "JPY", "123,456 JPY"),
    (1234, "KWD", "1.234 KWD"),
    (0, "EUR", "0.00 EUR"),
])
def test_examples(amount: int, currency: str, text: str) -> None:
    assert format_minor(amount, currency) == text


@given(amount=st.integers(-10**15, 10**15),
       currency=st.sampled_from(["AUD", "JPY", "KWD", "CLF", "GBP", "XYZ"]))
def test_the_text_is_the_exact_amount(amount: int, currency: str) -> None:
    number, code = format_minor(amount, currency).split(" ")
    assert code == currency
    assert Decimal(number.replace(",", "")) == Decimal(amount).scaleb(-minor_digits(currency))
