"""LOKE parsers: the doc examples, the tolerance rules, and "any JSON → model or BadData"."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import BadData
from app.vendors.loke.models import (
    Customer,
    CustomerListTiny,
    TokenResponse,
)
from app.vendors.parsing import loads, parse_items, parse_model

# The "Get a Customer" example of the LOKE customer API doc (seed 004), verbatim.
DOC_CUSTOMER = """{
  "createdAt": "2021-10-20T14:51:16Z",
  "dob": "2021-10-20",
  "email": "john@example.com",
  "firstName": "John",
  "gender": "MALE",
  "hasAgreedToMarketing": true,
  "id": "01FCCGYZA9JPQ97HBSTKW0KT7P",
  "lastName": "Smith",
  "phoneNumber": "+61411222333",
  "statistics": {
    "lastPointsEarnedAt": "2021-08-23T02:06:24.000Z",
    "lastPointsRedeemedAt": "2021-03-17T04:27:06.000Z",
    "lastSpentAt": "2021-08-23T02:06:23.000Z",
    "pointsBalance": 3125,
    "totalPointsEarned": 4523,
    "totalPointsRedeemed": 1398,
    "totalSpend": 3687
  },
  "updatedAt": "2021-10-21T18:34:45Z"
}"""
DOC_MEMBERSHIPS = """[
  {"id": "01FCCGYZA9JPQ97HBSTKW0KT7P", "name": "Loyal Customers"},
  {"id": "01FCCGYZA9JPQ97HBSTKW0KT7P", "name": "Loyal Customers"}
]"""
FIELDS = ["id", "firstName", "lastName", "email", "phoneNumber", "dob", "gender",
          "hasAgreedToMarketing", "createdAt", "updatedAt", "statistics", "pointsBalance",
          "totalPointsEarned", "totalPointsRedeemed", "totalSpend", "lastPointsEarnedAt",
          "lastPointsRedeemedAt", "lastSpentAt", "name", "access_token", "token_type",
          "expires_in", "scope"]

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats()
    | st.decimals(allow_nan=False, min_value=-10**20, max_value=10**20)
    | st.just(Decimal("1E+99999999"))
    | st.text(max_size=20)
    | st.sampled_from(["", " ", "2021-10-20T14:51:16Z", "2021-08-23T02:06:24.000Z",
                       "2021-10-20", "3687", "36.87", "1E99999999", "MALE", "Bearer"])
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), children, max_size=8),
    max_leaves=30,
)
PARSERS = [Customer, CustomerListTiny, TokenResponse]


def model_or_bad_data(model: type[Any], data: Any) -> None:
    try:
        result = parse_model("LOKE", model, data)
    except BadData:
        return
    assert isinstance(result, model)


@settings(max_examples=200, deadline=None)
@given(data=json_values, model=st.sampled_from(PARSERS))
def test_any_json_gives_a_model_or_bad_data(data: Any, model: type[Any]) -> None:
    model_or_bad_data(model, data)


@settings(max_examples=100, deadline=None)
@given(data=json_values)
def test_any_json_list_gives_items_or_bad_data(data: Any) -> None:
    try:
        customers, skipped = parse_items("LOKE", Customer, data, what="customer")
    except BadData:
        assert not isinstance(data, list)
        return
    assert isinstance(data, list)
    assert len(customers) + skipped == len(data)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += paths(inner, (*prefix, key))
    return found


@settings(max_examples=200, deadline=None)
@given(data=st.data(), replacement=json_values)
def test_a_mutated_doc_example_gives_a_customer_or_bad_data(data: st.DataObject,
                                                            replacement: Any) -> None:
    doc = loads(DOC_CUSTOMER)
    path = data.draw(st.sampled_from(paths(doc)))
    mutated = copy.deepcopy(doc)
    if not path:
        mutated = replacement
    else:
        target = mutated
        for key in path[:-1]:
            target = target[key]
        if data.draw(st.booleans()):
            target[path[-1]] = replacement
        else:
            del target[path[-1]]
    model_or_bad_data(Customer, mutated)


def test_doc_example_parses() -> None:
    customer = parse_model("LOKE", Customer, loads(DOC_CUSTOMER))
    assert customer.id == "01FCCGYZA9JPQ97HBSTKW0KT7P"
    assert customer.full_name == "John Smith"
    assert customer.dob == date(2021, 10, 20)
    assert customer.created_at == datetime(2021, 10, 20, 14, 51, 16, tzinfo=UTC)
    assert customer.has_agreed_to_marketing is True
    stats = customer.statistics
    assert stats is not None
    assert stats.total_spend == 3687
    assert stats.total_spend_amount == Decimal("36.87")
    assert stats.points_balance == 3125
    assert stats.last_spent_at == datetime(2021, 8, 23, 2, 6, 23, tzinfo=UTC)


def test_doc_memberships_parse() -> None:
    lists, skipped = parse_items("LOKE", CustomerListTiny, loads(DOC_MEMBERSHIPS), what="list")
    assert skipped == 0
    assert [m.name for m in lists] == ["Loyal Customers", "Loyal Customers"]


def test_only_the_id_is_required() -> None:
    customer = parse_model("LOKE", Customer, {"id": "01J", "firstName": None, "email": "  "})
    assert (customer.first_name, customer.last_name, customer.email) == ("", "", None)
    assert customer.statistics is None
    with pytest.raises(BadData):
        parse_model("LOKE", Customer, {"firstName": "Zoë"})


def test_email_is_trimmed_and_unknown_fields_kept() -> None:
    customer = parse_model("LOKE", Customer,
                           {"id": "01J", "email": "  zoe@example.com ", "tier": "gold"})
    assert customer.email == "zoe@example.com"
    assert customer.model_extra == {"tier": "gold"}


@pytest.mark.parametrize("spend", ["36.87", "1E99999999", "true", '"12,50"'])
def test_spend_must_be_whole_cents(spend: str) -> None:
    raw = f'{{"id": "01J", "statistics": {{"totalSpend": {spend}}}}}'
    with pytest.raises(BadData):
        parse_model("LOKE", Customer, loads(raw))


def test_empty_statistics_mean_none_yet() -> None:
    assert parse_model("LOKE", Customer, {"id": "x", "statistics": {}}).statistics is None
    stats = parse_model("LOKE", Customer, {"id": "x", "statistics": {"totalSpend": "120"}})
    assert stats.statistics is not None and stats.statistics.total_spend == 120


def test_one_bad_customer_is_skipped_not_fatal() -> None:
    customers, skipped = parse_items("LOKE", Customer, [{"id": "a"}, {"id": None}, 7, {"id": "b"}],
                                     what="customer")
    assert [c.id for c in customers] == ["a", "b"]
    assert skipped == 2


def test_token_response_hides_the_token() -> None:
    token = parse_model("LOKE", TokenResponse,
                        {"access_token": "eyJsecret", "token_type": "Bearer", "expires_in": 3600})
    assert token.expires_in == 3600
    assert "eyJsecret" not in repr(token)
    assert "eyJsecret" not in str(token)
    with pytest.raises(BadData):
        parse_model("LOKE", TokenResponse, {"token_type": "Bearer"})
