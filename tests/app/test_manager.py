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
    manager.set_pin("4711")
    stored = secrets.get(PIN_KEY)
    assert stored is not None and "4711" not in stored and stored.startswith("scrypt$")
    assert manager.mode == "manager"
    other = lock(MemorySecrets("s", {}), tmp_path, clock)
    other.secrets.set(PIN_KEY, stored)
    other.unlock("4711")  # the same PIN unlocks from the stored hash alone
    assert other.active()
    with pytest.raises(PinError, match="already set"):
        lock(secrets, tmp_path, clock).set_pin("1234")


@pytest.mark.parametrize("pin", ["", "12", "abcd", "12 34x", "1111", "1234567890123"])
def test_weak_or_malformed_pins_are_refused(pin: str) -> None:
    with pytest.raises(PinError):
        check_new_pin(pin)


def test_five_wrong_pins_then_a_growing_wait_that_survives_a_restart(tmp_path: Path,
                                                                     clock: Clock) -> None:
    secrets = MemorySecrets("s", {})
    lock(secrets, tmp_path, clock).set_pin("2468")
    for left in (4, 3, 2, 1):
        with pytest.raises(PinError, match=f"{left} tr"):
            lock(secrets, tmp_path, clock).unlock("0000")
    with pytest.raises(PinError, match="30 s"):
        lock(secrets, tmp_path, clock).unlock("0000")
    restarted = lock(secrets, tmp_path, clock)  # a new window or CLI run: still waiting
    with pytest.raises(PinError, match="Try again in"):
        restarted.unlock("2468")  # even the right PIN waits
    clock.now += timedelta(seconds=31)
    with pytest.raises(PinError, match="60 s"):
        restarted.unlock("9999")  # the sixth wrong one: 60 s
    clock.now += timedelta(seconds=61)
    restarted.unlock("2468")
    assert restarted.active()
    fresh = lock(secrets, tmp_path, clock)
    with pytest.raises(PinError, match="4 tries left"):
        fresh.unlock("1357")  # the count started again after the right PIN


def test_manager_mode_locks_after_inactivity(tmp_path: Path, clock: Clock) -> None:
    manager = lock(MemorySecrets("s", {}), tmp_path, clock)
    manager.set_pin("8642")
    clock.now += timedelta(minutes=4)
    manager.touch()
    clock.now += timedelta(minutes=4)
    assert manager.active()  # touched 4 minutes ago
    clock.now += timedelta(minutes=2)
    assert not manager.active() and manager.mode == "staff"
    manager.touch()  # activity after locking does not reopen it
    assert not manager.active()
