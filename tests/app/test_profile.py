"""Store profile validation: every bad profile gives one line naming file, key and fix."""

from __future__ import annotations

import copy
import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import ExitCode, ProfileError
from app.profile import MAX_PROFILE_BYTES, load_profile, profile_from_dict
from tests.support.cli import invoke

EXAMPLE = Path(__file__).parents[2] / "resources" / "store-profile.example.toml"


@pytest.fixture
def raw() -> dict[str, Any]:
    return tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_example_profile_is_valid_and_uses_all_five_vendors() -> None:
    profile = load_profile(EXAMPLE)
    assert profile.vendors() == ["qminder", "qudini", "booxi", "reservations", "loke"]
    assert profile.qudini is not None and profile.qudini.url == "https://au.qudini.com"
    assert profile.booxi is not None and profile.booxi.url == "https://api.booxi.com/booking/v1"
    assert profile.reservations is not None and profile.reservations.merchant_id is None


def test_missing_vendor_table_means_not_used(raw: dict[str, Any]) -> None:
    del raw["booxi"], raw["qminder"]
    assert profile_from_dict(raw).vendors() == ["qudini", "reservations", "loke"]


Mutation = Callable[[dict[str, Any]], object]
CASES: list[tuple[str, Mutation, str, str]] = [
    ("unknown vendor", lambda d: d.__setitem__("square", {"base_url": "https://x.example"}),
     "square is not a vendor Clientdesk knows", "remove it"),
    ("missing store", lambda d: d.pop("store"), "store is missing", "add a [store] table"),
    ("missing key", lambda d: d["booxi"].pop("merchant_id"), "booxi.merchant_id is missing",
     "merchant id from Booxi"),
    ("wrong type", lambda d: d["booxi"].__setitem__("merchant_id", "abc"),
     "booxi.merchant_id has the wrong type", "numeric merchant id"),
    ("bool is not int", lambda d: d["qminder"].__setitem__("location_id", True),
     "qminder.location_id has the wrong type", "numeric location id"),
    ("plain http", lambda d: d["reservations"].__setitem__("base_url", "http://bookings.example"),
     "reservations.base_url must use https", "https://"),
    ("not a url", lambda d: d["loke"].__setitem__("base_url", "ftp://x"),
     "loke.base_url must be a full URL", "https://"),
    ("unknown zone", lambda d: d["store"].__setitem__("timezone", "Mars/Olympus"),
     "store.timezone is not a known IANA time zone", "Australia/Sydney"),
    ("unknown language", lambda d: d["store"].__setitem__("language", "klingon-XX"),
     "store.language is not a language code CLDR knows", '"fr", "hu" or "en-AU"'),
    ("unknown country", lambda d: d["store"].__setitem__("country", "XX"),
     "store.country is not a two-letter country code", "two-letter code"),
    ("misspelt key", lambda d: d["loke"].__setitem__("clientid", "x"),
     "loke.clientid is not a setting Clientdesk knows", "fix its name"),
    ("bad path form", lambda d: d["reservations"].__setitem__("path_form", "merchantz"),
     "reservations.path_form must be 'merchants' or 'merchant'", "older ones"),
    ("no qudini host", lambda d: d["qudini"].pop("region"), "qudini.base_url is missing",
     "region"),
    ("vendor not a table", lambda d: d.__setitem__("loke", "x"), "loke must be a table", ""),
    ("bad merchant uuid", lambda d: d["reservations"].__setitem__("merchant_id", "nope"),
     "reservations.merchant_id has the wrong form", "remove the key"),
    ("blank store name", lambda d: d["store"].__setitem__("name", "  "),
     "store.name must not be empty", ""),
]


@pytest.mark.parametrize(("case", "mutate", "problem", "fix"), CASES, ids=[c[0] for c in CASES])
def test_bad_profiles_give_one_clear_line(raw: dict[str, Any], case: str, mutate: Mutation,
                                          problem: str, fix: str) -> None:
    mutate(raw)
    with pytest.raises(ProfileError) as caught:
        profile_from_dict(raw, "store.toml")
    message = caught.value.message
    assert message.startswith("store.toml: ")
    assert problem in message
    assert fix in message
    assert "\n" not in message
    assert caught.value.exit_code == ExitCode.BAD_PROFILE


def test_http_is_allowed_only_for_loopback(raw: dict[str, Any]) -> None:
    for url in ("http://127.0.0.1:8080", "http://localhost:9", "http://[::1]:80"):
        raw["reservations"]["base_url"] = url
        assert profile_from_dict(raw).reservations is not None
    raw["reservations"]["base_url"] = "http://10.0.0.1"
    with pytest.raises(ProfileError, match="must use https"):
        profile_from_dict(raw)


def test_file_problems_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ProfileError, match=r"nope\.toml: file not found"):
        load_profile(missing)
    broken = tmp_path / "broken.toml"
    broken.write_text("[store\nid = 1", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"broken\.toml: is not valid TOML"):
        load_profile(broken)
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ProfileError, match=r"binary\.toml: is not UTF-8"):
        load_profile(binary)


def test_a_profile_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    example = EXAMPLE.read_bytes()
    padded = tmp_path / "padded.toml"
    padded.write_bytes(example + b"#" * (MAX_PROFILE_BYTES - len(example)))
    assert load_profile(padded).store.id  # exactly at the limit: still a profile
    padded.write_bytes(example + b"#" * (MAX_PROFILE_BYTES - len(example) + 1))
    with pytest.raises(ProfileError, match=r"padded\.toml: is over 1 MiB"):
        load_profile(padded)


@pytest.mark.parametrize("kind", ["device", "folder", "fifo"])
def test_what_is_not_a_regular_file_is_refused_without_reading_it(tmp_path: Path,
                                                                  kind: str) -> None:
    if kind == "device":
        target = Path("/dev/zero")  # endless: reading it whole would never finish
    elif kind == "folder":
        target = tmp_path
    else:
        target = tmp_path / "pipe.toml"
        os.mkfifo(target)  # opening it for reading would wait for a writer forever
    with pytest.raises(ProfileError, match="is not a regular file"):
        load_profile(target)


def test_the_cli_exits_2_for_a_profile_that_is_not_a_file() -> None:
    outcome = invoke("--profile", "/dev/zero", "doctor")
    assert outcome.code == ExitCode.BAD_PROFILE == 2
    assert "/dev/zero: is not a regular file" in outcome.err
    assert "Traceback" not in outcome.err


def test_profile_is_unchanged_by_loading(raw: dict[str, Any]) -> None:
    before = copy.deepcopy(raw)
    profile_from_dict(raw)
    assert raw == before


toml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20)
    | st.sampled_from(["https://x.example", "http://127.0.0.1:1", "AU", "Australia/Sydney"]),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["id", "name", "base_url", "location_id", "lines",
                                       "merchant_id", "email", "region", "country"]),
                      children, max_size=5),
    max_leaves=15,
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["store", "qminder", "qudini", "booxi", "reservations",
                                        "loke", "square"]), toml_values, max_size=6))
def test_any_document_is_a_profile_or_one_line_error(document: dict[str, Any]) -> None:
    try:
        profile_from_dict(document, "p.toml")
    except ProfileError as exc:
        assert exc.message.startswith("p.toml: ") and "\n" not in exc.message
        assert " — " in exc.message  # always says what to do


@given(st.dictionaries(st.text(max_size=8), toml_values, max_size=4))
def test_mutated_example_is_a_profile_or_one_line_error(extra: dict[str, Any]) -> None:
    document = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    document["booxi"].update(extra)
    try:
        profile_from_dict(document, "p.toml")
    except ProfileError as exc:
        assert exc.message.startswith("p.toml: booxi.") and "\n" not in exc.message
