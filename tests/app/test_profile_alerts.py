"""The profile's optional ``[alerts]`` table (issue 14, item 7): defaults, and one clear line
naming the key and the fix for every mistake."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import ExitCode, ProfileError
from app.profile import MAX_IMPORTANT_LABELS, AlertsTable, profile_from_dict

STORE = {"id": "s", "name": "S", "country": "AU", "timezone": "Australia/Sydney",
         "currency": "AUD"}


def with_alerts(alerts: Any) -> dict[str, Any]:
    return {"store": dict(STORE), "alerts": alerts}


def test_without_the_table_both_alerts_are_on_for_vip() -> None:
    alerts = profile_from_dict({"store": dict(STORE)}).alerts
    assert alerts == AlertsTable(blacklisted=True, labels=True, important_labels=["VIP"])
    assert profile_from_dict(with_alerts({})).alerts == alerts


def test_labels_are_tidied_and_may_be_none() -> None:
    alerts = profile_from_dict(with_alerts({"important_labels": [" Press   pass ", "VIP"],
                                            "labels": True, "blacklisted": False})).alerts
    assert alerts.important_labels == ["Press pass", "VIP"] and not alerts.blacklisted
    assert profile_from_dict(with_alerts({"important_labels": []})).alerts.important_labels \
        == []


CASES: list[tuple[Any, str, str]] = [
    ("on", "alerts must be a table [alerts]", "[alerts] with blacklisted"),
    ({"blacklisted": "yes"}, "alerts.blacklisted has the wrong type", "use true"),
    ({"labels": 1}, "alerts.labels has the wrong type", "use true"),
    ({"important_labels": "VIP"}, "alerts.important_labels must be a list of label names",
     'e.g. ["VIP", "Press"]'),
    ({"important_labels": ["VIP", 7]}, "alerts.important_labels 7 is not text", "label names"),
    ({"important_labels": ["VIP", "  "]}, "alerts.important_labels has an empty label", ""),
    ({"important_labels": ["VIP", "v i p"]},
     "alerts.important_labels 'VIP' and 'v i p' are the same label", ""),
    ({"important_labels": ["x" * 41]}, "is over 40 characters", ""),
    ({"important_labels": [f"L{n}" for n in range(MAX_IMPORTANT_LABELS + 1)]},
     f"at most {MAX_IMPORTANT_LABELS} can be important", ""),
    ({"important_labels": ["VIP\n"]}, "", ""),  # trailing space is tidied, not refused
    ({"important_labels": ["V\u0007IP"]}, "has a control character", ""),
    ({"importantlabels": ["VIP"]}, "alerts.importantlabels is not a setting Clientdesk knows",
     "fix its name"),
]


@pytest.mark.parametrize(("alerts", "problem", "fix"), CASES, ids=[str(c[0])[:30] for c in CASES])
def test_bad_alert_settings_give_one_clear_line(alerts: Any, problem: str, fix: str) -> None:
    if not problem:
        assert profile_from_dict(with_alerts(alerts)).alerts.important_labels == ["VIP"]
        return
    with pytest.raises(ProfileError) as caught:
        profile_from_dict(with_alerts(alerts), "store.toml")
    message = caught.value.message
    assert message.startswith("store.toml: alerts") and problem in message and fix in message
    assert "\n" not in message and " — " in message
    assert caught.value.exit_code == ExitCode.BAD_PROFILE


@given(st.dictionaries(st.sampled_from(["blacklisted", "labels", "important_labels", "x"]),
                       st.none() | st.booleans() | st.integers() | st.text(max_size=8)
                       | st.lists(st.text(max_size=45) | st.integers(), max_size=25),
                       max_size=3))
def test_any_alerts_table_is_valid_or_one_line_error(alerts: dict[str, Any]) -> None:
    try:
        profile_from_dict(with_alerts(alerts), "p.toml")
    except ProfileError as exc:
        assert exc.message.startswith("p.toml: alerts") and "\n" not in exc.message
        assert " — " in exc.message
