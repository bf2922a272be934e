"""Scripted PIN guessing gets five tries per OS user and store, whatever it does.

The attack the issue describes: ``clientdesk --data-dir $(mktemp -d) blacklist --csv f`` with
a wrong PIN on stdin, in a loop or many at once. Each run here is a real ``clientdesk``
process (the installed entry point), each with a fresh data folder, all sharing one OS user —
its state folder (XDG_STATE_HOME) and its keyring file, both under the test's own tmp_path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.manager import ManagerLock
from app.paths import manager_tries_file
from app.secrets import MemorySecrets

STORE = "pin-test"
PIN = "314159"

PROFILE = f"""
[store]
id = "{STORE}"
name = "PIN test"
country = "AU"
timezone = "Australia/Sydney"
currency = "AUD"

[reservations]
base_url = "http://127.0.0.1:9"
email = "staff@example.com"
"""

#: A keyring backend that keeps its entries in a JSON file named by CLIENTDESK_TEST_KEYRING:
#: every process of the "user" sees the same secrets, as with the OS keyring.
BACKEND = '''
import json, os
import keyring.backend

class FileKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def _load(self):
        try:
            with open(os.environ["CLIENTDESK_TEST_KEYRING"], encoding="utf-8") as f:
                return json.load(f)
        except FileNotFoundError:
            return {}

    def get_password(self, service, username):
        return self._load().get(f"{service}|{username}")

    def set_password(self, service, username, password):
        data = self._load()
        data[f"{service}|{username}"] = password
        with open(os.environ["CLIENTDESK_TEST_KEYRING"], "w", encoding="utf-8") as f:
            json.dump(data, f)

    def delete_password(self, service, username):
        data = self._load()
        data.pop(f"{service}|{username}", None)
        with open(os.environ["CLIENTDESK_TEST_KEYRING"], "w", encoding="utf-8") as f:
            json.dump(data, f)
'''


@pytest.fixture
def user(tmp_path: Path) -> dict[str, str]:
    """One OS user's environment: its state folder and keyring, a store with a PIN set."""
    (tmp_path / "backend").mkdir()
    (tmp_path / "backend" / "file_keyring.py").write_text(BACKEND, encoding="utf-8")
    (tmp_path / "store.toml").write_text(PROFILE, encoding="utf-8")
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"),
           "CLIENTDESK_TEST_KEYRING": str(tmp_path / "keyring.json"),
           "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
           "PYTHONPATH": str(tmp_path / "backend")}
    # Set the PIN the way the app stores it (its salted hash under the store's service).
    secrets = MemorySecrets(STORE, {})
    ManagerLock(secrets, tmp_path / "unused.json").set_pin(PIN)
    stored = secrets.get("manager-pin")
    assert stored is not None
    (tmp_path / "keyring.json").write_text(
        json.dumps({f"clientdesk:{STORE}|manager-pin": stored}), encoding="utf-8")
    return env


def guess(tmp_path: Path, env: dict[str, str], pin: str,
          k: int) -> subprocess.CompletedProcess[str]:
    data = tmp_path / f"data-{k}"  # a fresh data folder every time
    return subprocess.run(
        [sys.executable, "-m", "ui", "--profile", str(tmp_path / "store.toml"),
         "--data-dir", str(data), "blacklist", "--csv", str(tmp_path / f"out-{k}.csv")],
        input=f"{pin}\n", capture_output=True, text=True, env=env, timeout=120)


def tries_file(tmp_path: Path) -> Path:
    relative = manager_tries_file(STORE).relative_to(
        manager_tries_file(STORE).parents[2])  # Clientdesk/manager/<store>.json
    return tmp_path / "state" / relative


def test_fresh_data_folders_share_one_count(tmp_path: Path, user: dict[str, str]) -> None:
    codes = [guess(tmp_path, user, "000000", k) for k in range(7)]
    messages = [c.stderr.strip().splitlines()[-1] for c in codes]
    assert all(c.returncode == 4 for c in codes), messages
    assert "4 tries left" in messages[0] and "1 try left" in messages[3]
    assert "try again in 30 s" in messages[4]  # the fifth wrong PIN starts the wait
    assert all("Too many wrong PINs. Try again in" in m for m in messages[5:])
    right = guess(tmp_path, user, PIN, 99)  # even the right PIN waits now
    assert right.returncode == 4 and "Try again in" in right.stderr
    count = json.loads(tries_file(tmp_path).read_text(encoding="utf-8"))
    assert count["failures"] == 5


def test_parallel_guesses_all_count(tmp_path: Path, user: dict[str, str]) -> None:
    with ThreadPoolExecutor(max_workers=12) as pool:
        outcomes = list(pool.map(lambda k: guess(tmp_path, user, f"{k:06d}", k), range(12)))
    assert all(o.returncode == 4 for o in outcomes)
    checked = [o for o in outcomes if "Wrong PIN" in o.stderr]
    waited = [o for o in outcomes if o.stderr.strip().splitlines()[-1].startswith(
        "clientdesk: Too many wrong PINs. Try again")]
    assert len(checked) == 5 and len(waited) == 7, [o.stderr for o in outcomes]
    count = json.loads(tries_file(tmp_path).read_text(encoding="utf-8"))
    assert count["failures"] == 5
