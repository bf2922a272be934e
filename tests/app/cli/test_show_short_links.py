"""``clientdesk show <Qudini short link>``: read online, then shown as the full link would be.

The sandbox profile's ``short_link_base`` points at the fake Qudini's ``/page-link`` route, so
the ``https://qdi.page.link/<code>`` given on the command line is asked of 127.0.0.1 only.
Exit codes: 0 shown, 5 offline, 8 unknown or expired, 2 pointing outside Qudini (or with
--no-refresh), 7 an unusable answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.sandbox.qudini import QudiniServer
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import KeyringSecrets
from tests.conftest import ANCHOR
from tests.support.cli import Outcome, invoke

STORE = "cli-short"


@pytest.fixture(scope="module")
def box() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(Sandbox(120, seed=4, anchor=ANCHOR, store_id=STORE)) as running:
        yield running


@pytest.fixture(scope="module")
def synced(box: ThreadedSandbox, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(profile, data dir): the sandbox's profile on disk and a cache filled by one sync."""
    where = tmp_path_factory.mktemp("short")
    path = where / "store.toml"
    path.write_text(box.sandbox.profile_toml(), encoding="utf-8")
    return path, where / "data"


@pytest.fixture
def ready(synced: tuple[Path, Path], box: ThreadedSandbox) -> tuple[Path, Path]:
    path, data = synced
    secrets = KeyringSecrets(STORE)  # the keyring is fresh for every test
    for vendor, secret in box.sandbox.secrets.items():
        secrets.set(vendor, secret)
    if not data.exists():
        outcome = invoke("--profile", str(path), "--data-dir", str(data), "sync")
        assert outcome.code == 0, outcome.out + outcome.err
    return path, data


@pytest.fixture
def qudini(box: ThreadedSandbox) -> Iterator[QudiniServer]:
    server = box.sandbox.servers["qudini"]
    assert isinstance(server, QudiniServer)
    yield server
    server.short_links.clear()


def show(ready: tuple[Path, Path], *args: str) -> Outcome:
    path, data = ready
    outcome = invoke("--profile", str(path), "--data-dir", str(data), "show", *args)
    assert "Traceback" not in outcome.out + outcome.err
    return outcome


def test_a_short_link_opens_the_booking_as_its_full_link_does(
        ready: tuple[Path, Path], qudini: QudiniServer) -> None:
    identifier = qudini.sample_identifiers(1, start=30)[0]
    code = qudini.short_code(identifier)
    outcome = show(ready, f"qdi.page.link/{code}.", "--json")
    assert outcome.code == 0, outcome.err
    shown = json.loads(outcome.out)
    assert shown["qudini_identifier"] == identifier
    assert shown["matched_by"] == "Qudini short link"
    assert shown["short_link"] == f"https://qdi.page.link/{code}"
    assert [v["identifier"] for v in shown["sections"]["qudini"]["data"]["visits"]] == \
        [identifier]
    full = show(ready, f"https://app.qudini.com/customer/{identifier}", "--no-refresh")
    by_short = show(ready, f"https://qdi.page.link/{qudini.short_code(identifier, hops=2)}")
    assert by_short.code == 0, by_short.err
    head = by_short.out.splitlines()[0]
    assert head.startswith(f"Qudini booking {identifier} — not linked")
    assert head == full.out.splitlines()[0]


@pytest.mark.parametrize(("location", "code", "expected"), [
    ("https://evil.example/customer/c8df43a9f3ae844258dbba010bb77fa6d", 2,
     "points outside Qudini (to https://evil.example)"),
    (None, 7, "without saying where the link points"),
])
def test_a_short_link_that_leads_nowhere_useful_says_why(
        ready: tuple[Path, Path], qudini: QudiniServer, location: str | None, code: int,
        expected: str) -> None:
    qudini.short_links["Strange1"] = location
    outcome = show(ready, "https://qdi.page.link/Strange1")
    assert outcome.code == code, outcome.err
    assert outcome.out == ""
    assert outcome.err.startswith("clientdesk: ") and expected in outcome.err
    assert "qudini.com/customer/" in outcome.err  # what to give instead


def test_an_unknown_short_link_exits_not_found(ready: tuple[Path, Path],
                                                qudini: QudiniServer) -> None:
    outcome = show(ready, "https://qdi.page.link/NoSuchLink9")
    assert outcome.code == 8, outcome.err
    assert "does not know this short link" in outcome.err and "expired" in outcome.err


def test_no_refresh_does_not_go_online_for_a_short_link(ready: tuple[Path, Path],
                                                       qudini: QudiniServer) -> None:
    before = qudini.requests
    outcome = show(ready, "https://qdi.page.link/aBga8C", "--no-refresh")
    assert outcome.code == 2, outcome.err
    assert "needs the network" in outcome.err and "drop --no-refresh" in outcome.err
    assert qudini.requests == before


def test_offline_a_short_link_says_it_needs_the_network(ready: tuple[Path, Path],
                                                        box: ThreadedSandbox) -> None:
    box.call(box.sandbox.stop_vendor("qudini"))
    try:
        outcome = show(ready, "https://qdi.page.link/aBga8C")
    finally:
        box.call(box.sandbox.start_vendor("qudini"))
    assert outcome.code == 5, outcome.err
    assert "This is a Qudini short link, and opening it needs the network" in outcome.err
    assert "Try again when online" in outcome.err


@pytest.mark.parametrize("text", ["qdi.page.link/", "https://qdi.page.link/abc",
                                  "https://qdi.page.link/aBga8C/more"])
def test_a_short_link_without_a_readable_code_is_refused_offline(
        ready: tuple[Path, Path], qudini: QudiniServer, text: str) -> None:
    before = qudini.requests
    outcome = show(ready, text)
    assert outcome.code == 8, outcome.err
    assert "no readable link code" in outcome.err
    assert qudini.requests == before  # nothing was asked
