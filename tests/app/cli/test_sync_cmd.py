"""``clientdesk sync`` against the sandbox: summary, --json, --vendor, failures, and a kill.

The kill test runs the real command in a subprocess against a slow sandbox, SIGKILLs it after
a few LOKE pages, and checks that the cache is intact and the next sync resumes from the saved
cursor (the LOKE sandbox's request log shows the first pages were not fetched again) and ends
with the same cache as a sync that was never interrupted.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli_w

from app.cache.db import Cache, cache_path
from app.cache.state import read_states
from app.cli.sync_cmd import LiveLine
from app.profile import profile_from_dict
from app.sandbox.faults import Faults
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import KeyringSecrets, MemorySecrets
from app.sync.engine import SyncEngine
from app.sync.events import SyncProgress
from tests.app.sync.conftest import loke_of, slot, snapshot
from tests.conftest import ANCHOR
from tests.support.cli import Outcome, invoke

ROOT = Path(__file__).parents[3]
STORE = "cli-sync"


@pytest.fixture
def box() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(Sandbox(200, seed=4, anchor=ANCHOR, store_id=STORE)) as running:
        loke_of(running.sandbox).page_size = 50
        yield running


@pytest.fixture
def profile(tmp_path: Path, box: ThreadedSandbox) -> Path:
    """The sandbox's profile on disk, its secrets in the (in-memory) test keyring."""
    path = tmp_path / "store.toml"
    path.write_text(box.sandbox.profile_toml(), encoding="utf-8")
    secrets = KeyringSecrets(STORE)
    for vendor, secret in box.sandbox.secrets.items():
        secrets.set(vendor, secret)
    return path


def sync(tmp_path: Path, profile: Path, *args: str) -> Outcome:
    return invoke("--profile", str(profile), "--data-dir", str(tmp_path / "data"), "sync", *args)


def test_sync_fills_the_cache_and_prints_a_summary(tmp_path: Path, profile: Path) -> None:
    first = sync(tmp_path, profile)
    assert first.code == 0, first.out + first.err
    assert "reservations  OK" in first.out and "LOKE          OK" in first.out
    assert "All vendors synced." in first.out
    assert "\r" not in first.err  # no live progress line when stderr is not a terminal
    cache = Cache.open(cache_path(tmp_path / "data", STORE))
    conn = cache.connect(readonly=True)
    try:
        counts = dict(conn.execute("SELECT vendor, COUNT(*) FROM records GROUP BY vendor"))
    finally:
        conn.close()
    assert counts["loke"] > 100 and counts["reservations"] > 50

    second = sync(tmp_path, profile, "--full", "--json")  # every record read again
    assert second.code == 0, second.err
    report = json.loads(second.out)
    assert [v["mode"] for v in report["vendors"]] == ["full", "full"]
    assert report["ok"] is True and report["exit_code"] == 0 and report["store"] == STORE
    assert [v["vendor"] for v in report["vendors"]] == ["reservations", "loke"]
    for vendor in report["vendors"]:
        assert (vendor["added"], vendor["changed"], vendor["removed"]) == (0, 0, 0)
        assert vendor["records"] == counts[vendor["vendor"]] and vendor["error"] is None


def test_vendor_option_picks_and_refuses(tmp_path: Path, profile: Path,
                                         box: ThreadedSandbox) -> None:
    only = sync(tmp_path, profile, "--vendor", "LOKE", "--json")
    assert only.code == 0, only.err
    assert [v["vendor"] for v in json.loads(only.out)["vendors"]] == ["loke"]

    for wrong, words in (("qminder", "not synced in bulk"), ("nope", "not a vendor")):
        refused = sync(tmp_path, profile, "--vendor", wrong)
        assert refused.code == 2, refused.err
        assert words in refused.err and "choose one of: reservations, loke" in refused.err
        assert "Traceback" not in refused.err

    without_loke = box.sandbox.profile_dict()
    del without_loke["loke"]
    other = tmp_path / "no-loke.toml"
    other.write_text(tomli_w.dumps(without_loke), encoding="utf-8")
    refused = sync(tmp_path, other, "--vendor", "loke")
    assert refused.code == 2
    assert "does not use LOKE" in refused.err and "choose one of: reservations" in refused.err


def test_a_vendor_down_fails_with_its_exit_code_while_the_other_syncs(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    box.call(box.sandbox.stop_vendor("reservations"))
    human = sync(tmp_path, profile)
    assert human.code == 5, human.out + human.err
    assert "reservations  FAILED  reservations: cannot be reached" in human.out
    assert "cached reservations data is kept" in human.out
    assert "LOKE          OK" in human.out and "Failed: reservations." in human.out

    as_json = json.loads(sync(tmp_path, profile, "--json").out)
    assert as_json["exit_code"] == 5 and as_json["ok"] is False
    by_vendor = {v["vendor"]: v for v in as_json["vendors"]}
    assert by_vendor["reservations"]["exit_code"] == 5 and by_vendor["loke"]["ok"]


def test_a_missing_credential_says_how_to_fix_it(tmp_path: Path, profile: Path) -> None:
    KeyringSecrets(STORE).delete("loke")
    outcome = sync(tmp_path, profile, "--vendor", "loke")
    assert outcome.code == 3
    assert "clientdesk credentials set loke" in outcome.out


def test_cache_notices_go_to_stderr(tmp_path: Path, profile: Path) -> None:
    target = cache_path(tmp_path / "data", STORE)
    target.parent.mkdir(parents=True)
    target.write_bytes(b"this is not a database" * 100)
    outcome = sync(tmp_path, profile, "--vendor", "reservations")
    assert outcome.code == 0, outcome.err
    assert "rebuilt from the vendors" in outcome.err and "moved to" in outcome.err


def test_live_line_rewrites_one_line() -> None:
    stream = io.StringIO()
    live = LiveLine(stream)
    live.update(SyncProgress("loke", "fetching", pages=2, records=80))
    live.update(SyncProgress("reservations", "fetching", pages=0))
    live.update(SyncProgress("reservations", "writing", pages=2, records=90, total=90))
    live.clear()
    text = stream.getvalue()
    assert text.startswith("\r\x1b[2K") and "\n" not in text
    assert "LOKE / page 2, 80 records" in text
    assert "reservations - fetching the customer list" in text
    assert "storing 90 records" in text


# -- killed mid-sync ---------------------------------------------------------------------------
def subprocess_env(tmp_path: Path, secrets: dict[str, str]) -> dict[str, str]:
    keyring_file = tmp_path / "keyring.json"
    keyring_file.write_text(json.dumps({f"clientdesk:{STORE}\x00{vendor}": secret
                                        for vendor, secret in secrets.items()}))
    env = dict(os.environ)
    env.update(PYTHONPATH=str(ROOT), CLIENTDESK_DATA_DIR=str(tmp_path / "data"),
               PYTHON_KEYRING_BACKEND="tests.support.memory_keyring.FileKeyring",
               CLIENTDESK_TEST_KEYRING_FILE=str(keyring_file))
    env.pop("CLIENTDESK_PROFILE", None)
    return env


def saved_pages(path: Path) -> int:
    """LOKE pages the running sync has committed so far (0 while the cache is being made)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            row = conn.execute("SELECT pages, cursor FROM sync_state WHERE vendor = 'loke'"
                               ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return 0
    return int(row[0]) if row and row[1] else 0


def test_sync_killed_mid_pass_resumes_from_the_saved_cursor(tmp_path: Path) -> None:
    with ThreadedSandbox(Sandbox(600, seed=4, anchor=ANCHOR, store_id=STORE)) as box:
        loke = loke_of(box.sandbox)
        loke.page_size = 20
        loke.faults = Faults(latency_ms=150)  # ~25 pages: several seconds in all
        profile = tmp_path / "store.toml"
        profile.write_text(box.sandbox.profile_toml(), encoding="utf-8")
        env = subprocess_env(tmp_path, box.sandbox.secrets)
        command = [sys.executable, "-m", "app", "--profile", str(profile), "sync", "--vendor",
                   "loke"]
        target = cache_path(tmp_path / "data", STORE)

        started = time.monotonic()
        with (tmp_path / "victim.err").open("wb") as errors:
            victim = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                      stderr=errors)
            try:
                while saved_pages(target) < 4:
                    assert victim.poll() is None, "the sync ended before it could be killed"
                    assert time.monotonic() - started < 60
                    time.sleep(0.05)
            finally:
                victim.kill()  # SIGKILL: no cleanup of any kind
                victim.wait(30)
        assert victim.returncode == -9, (tmp_path / "victim.err").read_text()

        conn = sqlite3.connect(target)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            saved = read_states(conn)["loke"]
        finally:
            conn.close()
        assert saved.cursor is not None and saved.cursor.startswith("http://127.0.0.1")
        assert saved.pages >= 4

        # A page the victim read ahead was still in the sandbox's 150 ms latency when it died:
        # let it land before counting what the resumed sync asks for.
        time.sleep(0.5)
        loke.faults = Faults()
        loke.list_log.clear()
        again = subprocess.run([*command, "--json"], env=env, cwd=ROOT, capture_output=True,
                               text=True, timeout=120, check=False)
        assert again.returncode == 0, again.stdout + again.stderr
        result = json.loads(again.stdout)["vendors"][0]
        assert result["resumed"] is True and result["ok"] is True
        assert loke.list_log[0] == slot(saved.cursor) > 0
        assert 0 not in loke.list_log  # the pages stored before the kill were not fetched again

        reference = Cache.open(tmp_path / "one-shot" / "reference.sqlite3")
        profile_obj = profile_from_dict(box.sandbox.profile_dict(), "sandbox profile")

        async def one_shot() -> bool:
            async with SyncEngine(profile_obj, MemorySecrets(STORE, box.sandbox.secrets),
                                  reference) as engine:
                return (await engine.run(["loke"])).ok

        assert asyncio.run(one_shot())
        assert snapshot(Cache.open(target)) == snapshot(reference)


def test_with_every_server_stopped_search_still_finds_every_customer(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    assert sync(tmp_path, profile).code == 0
    box.stop()  # every sandbox server is down from here on
    conn = Cache.open(cache_path(tmp_path / "data", STORE)).connect(readonly=True)
    try:
        people = conn.execute("SELECT id, name, emails, phones FROM customers").fetchall()
    finally:
        conn.close()
    assert len(people) > 100
    missed = []
    for customer_id, name, emails, phones in people:
        emails, phones = json.loads(emails), json.loads(phones)
        for text in [name, *emails, *(p.replace("+61", "0") for p in phones)]:
            if not text:
                continue
            found = invoke("--profile", str(profile), "--data-dir", str(tmp_path / "data"),
                           "search", text, "--json", "--limit", "10000")
            ids = [c["id"] for c in json.loads(found.out)["customers"]] if found.code == 0 else []
            if customer_id not in ids:
                missed.append((customer_id, text, found.code))
    assert missed == []


def test_an_empty_answer_after_a_good_sync_keeps_the_offline_blacklist(tmp_path: Path) -> None:
    # seed 9: a population whose reservations blacklist is not empty
    with ThreadedSandbox(Sandbox(200, seed=9, anchor=ANCHOR, store_id=STORE)) as box:
        profile = tmp_path / "store.toml"
        profile.write_text(box.sandbox.profile_toml(), encoding="utf-8")
        for vendor, secret in box.sandbox.secrets.items():
            KeyringSecrets(STORE).set(vendor, secret)
        held_back_until_accepted(tmp_path, profile, box)


def held_back_until_accepted(tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    assert sync(tmp_path, profile, "--vendor", "reservations").code == 0
    listed = invoke("--profile", str(profile), "--data-dir", str(tmp_path / "data"),
                    "blacklist", "--json")
    entries = json.loads(listed.out)["entries"]
    assert entries

    box.sandbox.servers["reservations"].answer_empty_lists = True  # HTTP 200, {"data": []}
    held = sync(tmp_path, profile, "--vendor", "reservations")
    assert held.code == 7, held.out + held.err
    assert "reservations  HELD" in held.out and "nothing was removed" in held.out
    assert "--accept-removals" in held.out
    still = invoke("--profile", str(profile), "--data-dir", str(tmp_path / "data"),
                   "blacklist", "--json")
    assert json.loads(still.out)["entries"] == entries  # a manager offline sees them all

    accepted = sync(tmp_path, profile, "--vendor", "reservations", "--accept-removals",
                    "--json")
    assert accepted.code == 0, accepted.err
    [result] = json.loads(accepted.out)["vendors"]
    assert result["removed"] > 0 and result["held_back"] == 0 and result["records"] == 0
