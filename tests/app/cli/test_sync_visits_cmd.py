"""``clientdesk sync`` and the Qminder visits pull: its summary line, --json, exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cache.db import Cache, cache_path
from app.sandbox.qminder import QminderServer
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import KeyringSecrets
from tests.conftest import ANCHOR
from tests.support.cli import Outcome, invoke

STORE = "cli-visits"


@pytest.fixture
def box() -> Iterator[ThreadedSandbox]:
    sandbox = Sandbox(150, seed=5, anchor=ANCHOR, store_id=STORE)
    server = sandbox.servers["qminder"]
    assert isinstance(server, QminderServer)
    server.history_per_day = 6  # the pull's clock is the real one: ANCHOR is days ago
    with ThreadedSandbox(sandbox) as running:
        yield running


def write_profile(tmp_path: Path, box: ThreadedSandbox, *, qminder_secret: bool = True) -> Path:
    path = tmp_path / "store.toml"
    path.write_text(box.sandbox.profile_toml(), encoding="utf-8")
    secrets = KeyringSecrets(STORE)
    for vendor, secret in box.sandbox.secrets.items():
        if vendor != "qminder" or qminder_secret:
            secrets.set(vendor, secret)
    return path


def sync(tmp_path: Path, profile: Path, *args: str) -> Outcome:
    return invoke("--profile", str(profile), "--data-dir", str(tmp_path / "data"), "sync", *args)


def visits_in(tmp_path: Path) -> int:
    conn = Cache.open(cache_path(tmp_path / "data", STORE)).connect(readonly=True)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM qminder_visits").fetchone()[0])
    finally:
        conn.close()


def test_a_full_sync_pulls_the_visits_and_says_so(tmp_path: Path, box: ThreadedSandbox) -> None:
    profile = write_profile(tmp_path, box)
    first = sync(tmp_path, profile)
    assert first.code == 0, first.out + first.err
    line = next(ln for ln in first.out.splitlines() if "Qminder visits" in ln)
    cached = visits_in(tmp_path)
    assert line.split()[2] == "OK" and f"{cached:,} visits cached: {cached:,} new" in line
    assert "All vendors synced." in first.out and "+61" not in first.out

    again = sync(tmp_path, profile, "--json")
    report = json.loads(again.out)
    assert again.code == 0 and report["ok"] is True
    assert [v["vendor"] for v in report["vendors"]] == ["reservations", "loke"]
    pulled = report["qminder_visits"]
    assert pulled["ok"] and pulled["added"] == 0 and pulled["records"] == cached
    assert pulled["pages"] == 1  # only the window since the last pull, with its overlap

    only = json.loads(sync(tmp_path, profile, "--vendor", "loke", "--json").out)
    assert only["qminder_visits"] is None  # a named vendor: nothing else


def test_a_failed_pull_fails_the_sync_with_its_own_code(tmp_path: Path,
                                                        box: ThreadedSandbox) -> None:
    profile = write_profile(tmp_path, box, qminder_secret=False)
    outcome = sync(tmp_path, profile)
    assert outcome.code == 3, outcome.out + outcome.err
    assert "Qminder visits FAILED" in outcome.out and "credentials set qminder" in outcome.out
    assert "Failed: Qminder visits." in outcome.out
    assert "reservations  OK" in outcome.out and "LOKE          OK" in outcome.out
    assert "Traceback" not in outcome.err
