"""Manager mode: PIN set on first use (salted hash only), wrong guesses back off across restarts,
and the mode locks itself after inactivity."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.manager import PIN_KEY, ManagerLock, PinError, check_new_pin
from app.secrets import MemorySecrets


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def lock(secrets: MemorySecrets, tmp_path: Path, clock: Clock) -> ManagerLock:
    return ManagerLock(secrets, tmp_path / "manager-lock.json", clock=clock)


def test_first_use_sets_a_pin_stored_only_as_a_salted_hash(tmp_path: Path, clock: Clock) -> None:
    secrets = MemorySecrets("s", {})
    manager = lock(secrets, tmp_path, clock)
    assert not manager.has_pin() and manager.mode == "staff"
    manager.set_pin("471122")
    stored = secrets.get(PIN_KEY)
    assert stored is not None and "471122" not in stored and stored.startswith("scrypt$")
    assert manager.mode == "manager"
    other = lock(MemorySecrets("s", {}), tmp_path, clock)
    other.secrets.set(PIN_KEY, stored)
    other.unlock("471122")  # the same PIN unlocks from the stored hash alone
    assert other.active()
    with pytest.raises(PinError, match="already set"):
        lock(secrets, tmp_path, clock).set_pin("123456")


@pytest.mark.parametrize("pin", ["", "12", "1234", "12345", "abcdef", "12 34x", "111111",
                                 "1234567890123"])
def test_weak_or_malformed_pins_are_refused(pin: str) -> None:
    with pytest.raises(PinError):
        check_new_pin(pin)


def test_five_wrong_pins_then_a_growing_wait_that_survives_a_restart(tmp_path: Path,
                                                                     clock: Clock) -> None:
    secrets = MemorySecrets("s", {})
    lock(secrets, tmp_path, clock).set_pin("246813")
    for left in (4, 3, 2, 1):
        with pytest.raises(PinError, match=f"{left} tr"):
            lock(secrets, tmp_path, clock).unlock("000000")
    with pytest.raises(PinError, match="30 s"):
        lock(secrets, tmp_path, clock).unlock("000000")
    restarted = lock(secrets, tmp_path, clock)  # a new window or CLI run: still waiting
    with pytest.raises(PinError, match="Try again in"):
        restarted.unlock("246813")  # even the right PIN waits
    clock.now += timedelta(seconds=31)
    with pytest.raises(PinError, match="60 s"):
        restarted.unlock("999999")  # the sixth wrong one: 60 s
    clock.now += timedelta(seconds=61)
    restarted.unlock("246813")
    assert restarted.active()
    fresh = lock(secrets, tmp_path, clock)
    with pytest.raises(PinError, match="4 tries left"):
        fresh.unlock("135791")  # the count started again after the right PIN


def test_manager_mode_locks_after_inactivity(tmp_path: Path, clock: Clock) -> None:
    manager = lock(MemorySecrets("s", {}), tmp_path, clock)
    manager.set_pin("864208")
    clock.now += timedelta(minutes=4)
    manager.touch()
    clock.now += timedelta(minutes=4)
    assert manager.active()  # touched 4 minutes ago
    clock.now += timedelta(minutes=2)
    assert not manager.active() and manager.mode == "staff"
    manager.touch()  # activity after locking does not reopen it
    assert not manager.active()


def test_an_old_four_digit_pin_still_unlocks_from_its_stored_hash(tmp_path: Path,
                                                                  clock: Clock) -> None:
    """New PINs are 6+ digits at the new cost; a store's existing PIN keeps working (its hash
    carries its own scrypt parameters) until a manager changes it."""
    import hashlib

    salt = bytes(range(16))
    digest = hashlib.scrypt(b"4711", salt=salt, n=2**14, r=8, p=1, dklen=32).hex()
    secrets = MemorySecrets("s", {PIN_KEY: f"scrypt${2**14}$8$1${salt.hex()}${digest}"})
    manager = lock(secrets, tmp_path, clock)
    manager.unlock("4711")
    assert manager.active()


def test_one_try_costs_a_quarter_second_or_so(tmp_path: Path, clock: Clock) -> None:
    """The stored hash uses the slow parameters (not a timing assertion: the parameters)."""
    secrets = MemorySecrets("s", {})
    lock(secrets, tmp_path, clock).set_pin("271828")
    stored = secrets.get(PIN_KEY)
    assert stored is not None
    _scheme, n, r, p, _salt, _digest = stored.split("$")
    assert (int(n), int(r), int(p)) == (2**15, 8, 5)  # 32 MiB; ten times the old cost
