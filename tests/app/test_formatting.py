"""The store's formats: the same value reads the same in every surface, as CLDR writes it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from babel.numbers import parse_decimal
from hypothesis import given
from hypothesis import strategies as st

from app.formatting import (
    SHIPPED_LANGUAGES,
    LocaleError,
    formats_for,
    parse_language,
    store_locale,
    ui_language,
)

NBSP_LIKE = ("\u00a0", "\u202f")
MOMENT = datetime(2026, 12, 2, 13, 5, 9, tzinfo=UTC)


def plain(text: str) -> str:
    """The text with CLDR's no-break spaces as plain ones (what a reader sees)."""
    for space in NBSP_LIKE:
        text = text.replace(space, " ")
    return text


@pytest.mark.parametrize(("language", "country", "currency", "points", "money"), [
    ("hu", "HU", "HUF", "1 291 pont", "1 291,50 Ft"),
    ("fr", "FR", "EUR", "1 291 points", "1 291,50 €"),
    ("fr", "CA", "CAD", "1 291 points", "1 291,50 $"),
    ("en", "AU", "AUD", "1,291 pts", "$1,291.50"),
    ("en", "GB", "GBP", "1,291 pts", "£1,291.50"),
])
def test_the_issues_examples(language: str, country: str, currency: str, points: str,
                             money: str) -> None:
    formats = formats_for(language, country, currency)
    assert plain(formats.points(1291)) == points
    assert plain(formats.money(129150)) == money


def test_one_point_is_singular_where_the_language_says_so() -> None:
    assert formats_for("en", "AU", "AUD").points(1) == "1 pt"
    assert formats_for("fr", "FR", "EUR").points(1) == "1 point"
    assert formats_for("hu", "HU", "HUF").points(1) == "1 pont"


def test_minor_digits_come_from_iso_4217_not_cldr_cash_rounding() -> None:
    # CLDR rounds forints to whole ones; LOKE's cents are exact and must stay so.
    assert plain(formats_for("hu", "HU", "HUF").money(129151)) == "1 291,51 Ft"
    assert "123" in formats_for("en", "AU", "AUD").money(123456, "JPY")
    assert plain(formats_for("en", "AU", "AUD").money(123456, "JPY")).endswith("123,456")
    assert plain(formats_for("en", "AU", "AUD").money(-5)) == "-$0.05"


@pytest.mark.parametrize(("language", "country", "expected"), [
    ("hu", "HU", "2026. dec. 2., Sze 14:05"),
    ("fr", "FR", "mer. 2 déc. 2026 14:05"),
    ("en", "GB", "Wed, 2 Dec 2026 14:05"),
])
def test_a_booking_moment_on_the_stores_clock(language: str, country: str,
                                              expected: str) -> None:
    formats = formats_for(language, country, "EUR")
    assert plain(formats.datetime(MOMENT, ZoneInfo("Europe/Budapest"))) == expected


def test_twelve_hour_clocks_where_the_locale_uses_them() -> None:
    assert plain(formats_for("en", "AU", "AUD").time(MOMENT, ZoneInfo("UTC"))) == "1:05 pm"
    assert formats_for("fr", "CA", "CAD").time(MOMENT, ZoneInfo("UTC")) == "13 h 05"


def test_missing_moments_and_plain_dates() -> None:
    formats = formats_for("en", "GB", "GBP")
    assert formats.date(None) == "—"
    assert formats.datetime(None, missing="no date") == "no date"
    assert formats.date(date(2026, 1, 31)) == "31 Jan 2026"


def test_the_profile_language_wins_and_the_store_country_fills_the_region() -> None:
    assert str(store_locale("fr", "CA", "hu_HU.UTF-8")) == "fr_CA"
    assert str(store_locale("fr-BE", "CA", None)) == "fr_BE"  # said in full: as said
    # The PC's region is not the store's: a French system in a Québec store is fr_CA.
    assert str(store_locale(None, "CA", "fr_FR.UTF-8")) == "fr_CA"
    assert str(store_locale(None, "AU", None)) == "en_AU"
    assert str(store_locale(None, "AU", "C")) == "en_AU"
    assert str(store_locale("xx-nowhere", "HU", "hu_HU")) == "hu_HU"  # bad setting skipped


def test_the_window_language_is_shipped_or_english() -> None:
    assert ui_language(store_locale("hu", "HU", None)) == "hu"
    assert ui_language(store_locale("de", "AT", None)) == "en"
    assert set(SHIPPED_LANGUAGES) == {"en", "fr", "hu"}


@given(st.text(max_size=20))
def test_parse_language_refuses_with_one_error_type(value: str) -> None:
    try:
        locale = parse_language(value)
    except LocaleError:
        return
    assert locale.language


@given(st.integers(min_value=-10**12, max_value=10**12),
       st.sampled_from([("hu", "HU", "HUF"), ("fr", "FR", "EUR"), ("en", "AU", "AUD"),
                        ("fr", "CA", "CAD"), ("en", "GB", "JPY")]))
def test_money_reads_back_as_the_exact_amount(minor: int, store: tuple[str, str, str]) -> None:
    formats = formats_for(*store)
    text = formats.money(minor)
    digits = 0 if store[2] == "JPY" else 2
    number = "".join(ch for ch in text if ch.isdigit() or ch in ",.-\u00a0\u202f ")
    assert parse_decimal(number.strip(), locale=formats.locale, strict=False) == \
        Decimal(minor).scaleb(-digits)


def test_birthdays_with_and_without_a_year() -> None:
    assert formats_for("en", "AU", "AUD").birthday(5, 17, 1990) == "17 May 1990"
    assert formats_for("en", "AU", "AUD").birthday(2, 29) == "29 February"
    assert formats_for("en", "AU", "AUD").birthday(11, 22, 1959) == "22 November 1959"
    assert formats_for("hu", "HU", "HUF").birthday(5, 17, 1990) == "1990. május 17."
    assert formats_for("fr", "FR", "EUR").birthday(5, 17) == "17 mai"
