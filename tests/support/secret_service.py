"""An isolated Secret Service for the one test that uses the real OS keyring.

Starts a private D-Bus session bus and gnome-keyring-daemon (unlocked with a throwaway password)
in temporary HOME/XDG folders, so the developer's own keyring is never touched. CI installs
dbus and gnome-keyring (.ci/run); elsewhere the test is skipped with the reason — except under
CI=true, where a missing tool is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

TOOLS = ("dbus-daemon", "gnome-keyring-daemon")


def require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"real keyring test needs {', '.join(missing)} (apt install dbus gnome-keyring)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def isolated_secret_service(base: Path) -> Iterator[dict[str, str]]:
    """Yield environment variables pointing at a fresh, unlocked Secret Service."""
    require_tools()
    home, runtime = base / "home", base / "run"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    env = {
        key: value for key, value in os.environ.items()
        if key not in ("PYTHON_KEYRING_BACKEND", "DBUS_SESSION_BUS_ADDRESS")
    }
    env.update(HOME=str(home), XDG_RUNTIME_DIR=str(runtime),
               XDG_DATA_HOME=str(home / ".local" / "share"),
               XDG_CONFIG_HOME=str(home / ".config"))
    bus = subprocess.run(
        ["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
        env=env, capture_output=True, text=True, check=True, timeout=20)
    address, pid = bus.stdout.split()[:2]
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    try:
        subprocess.run(
            ["gnome-keyring-daemon", "--unlock", "--components=secrets", "--daemonize"],
            input="throwaway-test-password", env=env, capture_output=True, text=True,
            check=True, timeout=20)
        time.sleep(0.5)
        yield env
    finally:
        for line in subprocess.run(["pgrep", "-u", str(os.getuid()), "gnome-keyring-d"],
                                   capture_output=True, text=True,
                                   check=False).stdout.split():
            try:
                if Path(f"/proc/{line}/environ").read_bytes().find(address.encode()) >= 0:
                    os.kill(int(line), signal.SIGTERM)
            except OSError:
                pass
        os.kill(int(pid), signal.SIGTERM)
