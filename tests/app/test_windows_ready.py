"""The core on what a Windows counter PC lacks or does differently, simulated here.

* No system time-zone database: Windows has none, so ``zoneinfo`` reads the ``tzdata``
  package. A child interpreter with the system paths hidden (``PYTHONTZPATH`` empty) must
  still load a store profile and place store times in their zone — and, as the control, must
  fail without ``tzdata``, which proves the system database really was out of reach.
* The Windows branches of OS-specific calls: the sync lock's ``msvcrt.locking`` path (run
  against a stand-in ``msvcrt`` that keeps Windows' rules: a region is locked from the file
  position, and unlocking needs the same region), and the keyring hint naming Credential
  Manager.
"""

from __future__ import annotations

import fcntl
import importlib
import os
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "resources" / "store-profile.example.toml"

PROBE = """
import sys
if sys.argv[1] == "without-tzdata":
    sys.modules["tzdata"] = None  # the package is not there
import zoneinfo
from datetime import datetime, UTC
from pathlib import Path
assert zoneinfo.TZPATH == (), zoneinfo.TZPATH  # no system database on the search path
from app.profile import load_profile
profile = load_profile(Path(sys.argv[2]))
zone = zoneinfo.ZoneInfo(profile.store.timezone)
print(profile.store.timezone, datetime(2026, 1, 15, tzinfo=UTC).astimezone(zone).isoformat())
"""


def run_probe(mode: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONTZPATH": ""}
    return subprocess.run([sys.executable, "-c", PROBE, mode, str(EXAMPLE)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_time_zones_work_with_the_system_zone_database_hidden() -> None:
    done = run_probe("with-tzdata")
    assert done.returncode == 0, done.stderr
    zone, local = done.stdout.split()
    assert zone == "Australia/Sydney" and local == "2026-01-15T11:00:00+11:00"  # summer time


def test_without_tzdata_the_same_profile_is_refused_so_the_database_was_hidden() -> None:
    done = run_probe("without-tzdata")
    assert done.returncode != 0
    assert "not a known IANA time zone" in done.stderr


class StandInMsvcrt(types.ModuleType):
    """``msvcrt.locking`` with Windows' rules, on top of ``flock``: LK_NBLCK locks ``n`` bytes
    from the current position or raises OSError; LK_UNLCK must name a locked region."""

    LK_NBLCK = 2
    LK_UNLCK = 0

    def __init__(self) -> None:
        super().__init__("msvcrt")
        self.locked: dict[int, int] = {}  # fd -> position locked at

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        position = os.lseek(fd, 0, os.SEEK_CUR)
        if mode == self.LK_NBLCK:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise OSError(36, "Resource deadlock avoided") from None
            self.locked[fd] = position
        elif mode == self.LK_UNLCK:
            if self.locked.get(fd) != position:
                raise OSError(13, "Permission denied: no lock on that region")
            del self.locked[fd]
            fcntl.flock(fd, fcntl.LOCK_UN)
        else:
            raise ValueError(mode)


@pytest.fixture
def windows_lock(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[types.ModuleType,
                                                                       StandInMsvcrt]]:
    stand_in = StandInMsvcrt()
    monkeypatch.setitem(sys.modules, "msvcrt", stand_in)
    monkeypatch.setattr(sys, "platform", "win32")
    import app.sync.lock as lock_module

    windows = importlib.reload(lock_module)
    try:
        yield windows, stand_in
    finally:
        monkeypatch.undo()
        importlib.reload(lock_module)  # the real branch again for every other test


def test_the_sync_lock_on_its_windows_branch(
        tmp_path: Path, windows_lock: tuple[types.ModuleType, StandInMsvcrt]) -> None:
    windows, stand_in = windows_lock
    assert windows._try_lock.__code__.co_names.count("msvcrt")  # the Windows branch is in use
    path = tmp_path / "store.sqlite3.sync-lock"
    first, second = windows.SyncLock(path), windows.SyncLock(path)
    assert first.acquire()
    assert not second.acquire()  # one sync per cache
    first.release()
    assert stand_in.locked == {}  # released the region it locked
    assert second.acquire()
    second.release()
    assert first.acquire()  # and again after a release
    first.release()
    assert stand_in.locked == {}


def test_the_keyring_hint_on_windows_names_credential_manager(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from app import secrets

    monkeypatch.setattr(sys, "platform", "win32")
    assert "Windows Credential Manager" in secrets._fix_hint()
