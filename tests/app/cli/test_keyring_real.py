"""The credentials commands against the real Secret Service (gnome-keyring on a private bus)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.secret_service import isolated_secret_service

EXAMPLE = Path(__file__).parents[3] / "resources" / "store-profile.example.toml"
ROOT = Path(__file__).parents[3]


def clientdesk(env: dict[str, str], *args: str,
               stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", "--profile", str(EXAMPLE), *args],
                          input=stdin, env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=False)


@pytest.mark.keyring_real
def test_credentials_round_trip_through_secret_service(tmp_path: Path) -> None:
    with isolated_secret_service(tmp_path) as env:
        env["CLIENTDESK_DATA_DIR"] = str(tmp_path / "data")
        backend = subprocess.run(
            [sys.executable, "-c", "import keyring; print(type(keyring.get_keyring()).__module__)"],
            env=env, capture_output=True, text=True, check=True, timeout=60).stdout.strip()
        assert backend == "keyring.backends.SecretService"

        stored = clientdesk(env, "credentials", "set", "loke", stdin="real-keyring-secret-42\n")
        assert stored.returncode == 0, stored.stderr

        status = clientdesk(env, "credentials", "status", "--json")
        data = json.loads(status.stdout)
        assert "SecretService" in data["keyring"]
        assert {r["vendor"]: r["stored"] for r in data["vendors"]}["loke"] is True
        assert "real-keyring-secret-42" not in status.stdout + status.stderr

        # The secret really is in the Secret Service, under the store's service name.
        read = subprocess.run(
            [sys.executable, "-c",
             "import keyring; print(keyring.get_password('clientdesk:syd-pitt-st', 'loke'))"],
            env=env, capture_output=True, text=True, check=True, timeout=60)
        assert read.stdout.strip() == "real-keyring-secret-42"

        deleted = clientdesk(env, "credentials", "delete", "loke")
        assert deleted.returncode == 0
        after = clientdesk(env, "credentials", "status", "--json")
        assert {r["vendor"]: r["stored"] for r in json.loads(after.stdout)["vendors"]}["loke"] \
            is False
        log_text = "".join(p.read_text() for p in (tmp_path / "data").rglob("*.log"))
        assert "real-keyring-secret-42" not in log_text
