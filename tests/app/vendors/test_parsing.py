"""The shared field types: tolerant where vendors differ, strict where it matters (money)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import BadData
from app.vendors.parsing import (
    DateOnly,
    Id,
    Int,
    Money,
    OptStr,
    Timestamp,
    VendorModel,
    _rewritten,
    json_too_deep,
    loads,
    parse_items,
    parse_list,
    parse_model,
    parse_timestamp,
)


class Sample(VendorModel):
    id: Id
    name: OptStr = None
    count: Int = 0
    price: Money = None
    at: Timestamp = None
    born: DateOnly = None


@pytest.mark.parametrize(("text", "expected"), [
    ("2016-04-29T12:29:40.701Z", datetime(2016, 4, 29, 12, 29, 40, 701000, UTC)),
    ("2016-05-05T14:05:29Z", datetime(2016, 5, 5, 14, 5, 29, tzinfo=UTC)),
    ("2021-04-17T09:00:00.000-07:00",
     datetime(2021, 4, 17, 9, 0, tzinfo=timezone(timedelta(hours=-7)))),
    ("2021-04-17T09:00:00+1000", datetime(2021, 4, 17, 9, 0, tzinfo=timezone(timedelta(hours=10)))),
    ("2026-03-14T09:30:00.123456789Z", datetime(2026, 3, 14, 9, 30, 0, 123456, UTC)),
    ("2026-03-14T09:30:00", datetime(2026, 3, 14, 9, 30, tzinfo=UTC)),
])
def test_timestamps_in_every_vendor_form(text: str, expected: datetime) -> None:
    assert parse_timestamp(text) == expected


def test_qudini_offset_is_kept() -> None:
    stamp = parse_timestamp("2021-04-17T09:00:00.000-07:00")
    assert stamp is not None and stamp.hour == 9 and stamp.utcoffset() == timedelta(hours=-7)


@pytest.mark.parametrize("value", [None, ""])
def test_missing_null_and_empty_are_alike(value: Any) -> None:
    base = {"id": 7, "name": value, "price": value, "at": value, "born": value}
    model = parse_model("V", Sample, base)
    assert (model.name, model.price, model.at, model.born) == (None, None, None, None)
    assert parse_model("V", Sample, {"id": 7}).name is None


def test_ids_are_strings_and_money_is_decimal() -> None:
    model = parse_model("V", Sample, {"id": 51999102, "price": "10.99", "count": "3"})
    assert model.id == "51999102" and model.price == Decimal("10.99") and model.count == 3
    assert parse_model("V", Sample, loads(b'{"id": "a", "price": 1.10}')).price == Decimal("1.10")


def test_birthday_takes_the_date_part_without_shifting() -> None:
    assert parse_model("V", Sample, {"id": 1, "born": "1990-05-17T00:00:00Z"}).born == \
        date(1990, 5, 17)
    assert parse_model("V", Sample, {"id": 1, "born": "1990-05-17"}).born == date(1990, 5, 17)


@pytest.mark.parametrize("bad", [
    {"id": True}, {"id": None}, {"id": ""}, {"id": 1, "price": 1.5},
    {"id": 1, "price": "ten"}, {"id": 1, "price": "NaN"}, {"id": 1, "at": "yesterday"},
    {"id": 1, "count": True}, {"id": 1, "name": ["x"]}, [], "text",
])
def test_bad_values_are_bad_data(bad: Any) -> None:
    with pytest.raises(BadData) as caught:
        parse_model("Vendorname", Sample, bad)
    assert caught.value.vendor == "Vendorname"


def test_unknown_fields_are_kept() -> None:
    model = parse_model("V", Sample, {"id": 1, "brandNew": {"x": 1}})
    assert model.model_extra == {"brandNew": {"x": 1}}


def test_parse_list_needs_a_list() -> None:
    with pytest.raises(BadData, match="expected a list"):
        parse_list("V", Sample, {"id": 1})
    assert [m.id for m in parse_list("V", Sample, [{"id": 1}, {"id": "b"}])] == ["1", "b"]



def test_parse_items_skips_and_counts_bad_items(caplog: pytest.LogCaptureFixture) -> None:
    data = [{"id": 1}, {"id": None, "name": "Jane Private"}, 7, {"id": "b", "count": "x"},
            {"id": "c"}]
    items, skipped = parse_items("V", Sample, data, what="sample")
    assert [m.id for m in items] == ["1", "c"] and skipped == 3
    assert "position 1" in caplog.text and "position 3" in caplog.text
    assert "Jane Private" not in caplog.text  # the record itself is never logged
    assert parse_items("V", Sample, [], what="sample") == ([], 0)


@pytest.mark.parametrize("not_a_list", [None, {"id": 1}, "[]", 3])
def test_parse_items_needs_a_list(not_a_list: Any) -> None:
    with pytest.raises(BadData, match="expected a list of sample") as caught:
        parse_items("V", Sample, not_a_list, what="sample")
    assert caught.value.vendor == "V"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
    | st.decimals(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["id", "name", "count", "price", "at", "born", "x"]),
                      children, max_size=6),
    max_leaves=20,
)


@given(json_values)
def test_any_json_is_a_model_or_bad_data(value: Any) -> None:
    try:
        model = parse_model("V", Sample, value)
    except BadData:
        return
    assert isinstance(model.id, str) and model.id
    assert model.price is None or isinstance(model.price, Decimal)


@given(st.text(max_size=45))
def test_timestamp_parser_returns_aware_datetime_or_value_error(text: str) -> None:
    try:
        result = parse_timestamp(text)
    except ValueError:
        return
    assert result is None or result.tzinfo is not None



@pytest.mark.parametrize("huge", [
    "1E99999999", "-1E99999999", "9.9E+999999999", "1E19", "1000000000000000001.0",
    "Infinity", "-Infinity", "NaN", "sNaN",
])
def test_huge_or_non_finite_decimals_are_refused_at_once(huge: str) -> None:
    # int(Decimal("1E99999999")) builds a hundred-million-digit number (minutes, not ms).
    with pytest.raises(BadData):
        parse_model("V", Sample, {"id": 1, "count": Decimal(huge)})


@pytest.mark.parametrize("text", [b"1E99999999", b"-1e99999999", b"1000000000000000001"])
def test_huge_json_numbers_are_refused_at_once(text: bytes) -> None:
    with pytest.raises(BadData):
        parse_model("V", Sample, loads(b'{"id": 1, "count": %s}' % text))


@pytest.mark.parametrize("value", [10**18 + 1, -(10**18) - 1, 10**4000])
def test_ints_past_the_bound_are_refused(value: int) -> None:
    with pytest.raises(BadData):
        parse_model("V", Sample, {"id": 1, "count": value})


@pytest.mark.parametrize(("value", "expected"), [
    (10**18, 10**18), (-(10**18), -(10**18)), (Decimal("1E18"), 10**18),
    (Decimal("-1E18"), -(10**18)), (Decimal("12.000"), 12), ("-000000000000000042", -42),
])
def test_ints_up_to_the_bound_are_kept(value: Any, expected: int) -> None:
    assert parse_model("V", Sample, {"id": 1, "count": value}).count == expected


def _depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


nested_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet="[]{}\\\"ab", max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.text(alphabet="[]{}\\\"k", max_size=4), inner, max_size=3),
    max_leaves=25)


@given(value=nested_json, limit=st.integers(min_value=0, max_value=12))
def test_json_depth_check_agrees_with_the_structure(value: Any, limit: int) -> None:
    import json

    text = json.dumps(value, ensure_ascii=False).encode()
    assert json_too_deep(text, limit) == (_depth(value) > limit)


@given(opens=st.integers(min_value=0, max_value=200), limit=st.integers(0, 100))
def test_unclosed_brackets_count_as_depth(opens: int, limit: int) -> None:
    assert json_too_deep(b"[" * opens, limit) == (opens > limit)


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1),
                    timezones=st.none() | st.timezones()),
       st.sampled_from(["Z", "z", "+00:00", "+0000", "-0530", ""]),
       st.integers(min_value=0, max_value=9), st.booleans())
def test_timestamps_python_reads_as_is_parse_as_the_rewritten_spelling(
        moment: datetime, zone: str, fraction_digits: int, lower_t: bool) -> None:
    """The shortcut (Python's own reading) and the rewrites agree on every spelling."""
    text = moment.replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M:%S")
    if fraction_digits:
        text += "." + f"{moment.microsecond:06d}{'987'}"[:fraction_digits]
    if lower_t:
        text = text.replace("T", "t")
    text += zone
    try:
        expected: datetime | None = _rewritten(text)
    except ValueError:
        expected = None
    if expected is not None and expected.tzinfo is None:
        expected = expected.replace(tzinfo=UTC)
    try:
        got = parse_timestamp(text)
    except ValueError:
        got = None
    assert got == expected and (got is None or got.utcoffset() == expected.utcoffset())  # type: ignore[union-attr]
