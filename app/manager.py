"""Manager mode: a PIN set on first use, checked against a salted hash in the OS keyring, and a
lock that closes again after inactivity.

* The PIN is never stored: only ``scrypt`` of it with a random salt (``hashlib.scrypt``, the
  standard library's binding of OpenSSL's memory-hard KDF), as one keyring entry next to the
  store's vendor secrets (``clientdesk:<store>`` / ``manager-pin``). Training mode keeps it in
  memory like every other training secret.
* Guessing is slow by design: one try costs about ten times the old parameters' — 32 MiB and
  0.25–0.55 s of one core (scrypt N=2**15, r=8, p=5; measured in the README) — so the million
  PINs of 6 digits cost 70–150 core-hours offline even with the hash in hand, where the old
  4-digit space at 26 ms a try fell in under five minutes.
* Wrong guesses are counted in one owner-only file per store in the OS user's own state folder
  (:func:`app.paths.manager_tries_file`), never in the data folder that ``--data-dir`` moves,
  so no CLI loop, fresh data folder or restarted window resets them. Every try is counted
  *before* its PIN is checked, under a lock that all processes share (filelock), so tries made
  in parallel all count: after 5 wrong PINs every further try waits 30 s, doubling up to 15
  minutes, and the message says how long. A right PIN clears the count.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from filelock import FileLock

from app.errors import ClientdeskError, ExitCode
from app.secrets import SecretSource

PIN_KEY = "manager-pin"
FREE_TRIES = 5
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)
IDLE_LOCK = timedelta(minutes=5)
#: scrypt cost of a new PIN's hash; a stored hash carries its own, so older ones still unlock.
_N, _R, _P = 2**15, 8, 5
_MAXMEM = 64 * 2**20  # N=2**15, r=8 needs 32 MiB: over OpenSSL's default cap
PIN_DIGITS = (6, 12)


class PinError(ClientdeskError):
    """A PIN that cannot be set or was wrong; ``message`` says what to do."""

    exit_code = ExitCode.NOT_AUTHORISED


def _hash(pin: str, salt: bytes, n: int = _N, r: int = _R, p: int = _P) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=_MAXMEM)


def check_new_pin(pin: str) -> str:
    """6 to 12 digits: typed on a counter keypad, never a word; 6 at least, so the PIN space
    (a million) outlasts an offline attack on the hash for days, not minutes."""
    pin = pin.strip()
    low, high = PIN_DIGITS
    if not pin.isdigit() or not low <= len(pin) <= high:
        raise PinError(f"A manager PIN is {low} to {high} digits.")
    if len(set(pin)) == 1:
        raise PinError("Choose a PIN that is not one digit repeated.")
    return pin


@dataclass
class _Tries:
    failures: int = 0
    locked_until: datetime | None = None


class ManagerLock:
    """Unlocks manager mode for one PC (one counter); locks again after ``idle``."""

    def __init__(self, secrets_store: SecretSource, state_file: Path, *,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 idle: timedelta = IDLE_LOCK) -> None:
        self.secrets = secrets_store
        self.state_file = state_file
        self.clock = clock
        self.idle = idle
        self._unlocked_at: datetime | None = None
        self._last_activity: datetime | None = None

    # -- the PIN ------------------------------------------------------------------------------
    def has_pin(self) -> bool:
        return bool(self.secrets.get(PIN_KEY))

    def set_pin(self, pin: str) -> None:
        """First use: store the PIN's salted hash. Changing it needs manager mode."""
        if self.has_pin() and not self.active():
            raise PinError("A manager PIN is already set: unlock manager mode to change it.")
        salt = secrets.token_bytes(16)
        digest = _hash(check_new_pin(pin), salt).hex()
        self.secrets.set(PIN_KEY, f"scrypt${_N}${_R}${_P}${salt.hex()}${digest}")
        with self._counter():
            self._save(_Tries())
        self._open()

    def unlock(self, pin: str) -> None:
        """Manager mode on, or :class:`PinError` (wrong PIN, or wait after too many).

        The try is counted first, under the lock, and only then is the PIN checked — so a
        burst of parallel guesses gets exactly the free tries and no more, and killing the
        process during the (slow) check does not give a try back. A right PIN clears it."""
        stored = self.secrets.get(PIN_KEY)
        if not stored:
            raise PinError("No manager PIN is set yet: set one first.")
        with self._counter():
            tries = self._load()
            now = self.clock()
            if tries.locked_until is not None and now < tries.locked_until:
                wait = int((tries.locked_until - now).total_seconds()) + 1
                raise PinError(f"Too many wrong PINs. Try again in {_words(wait)}.")
            tries.failures += 1  # counted as wrong until the check says otherwise
            if tries.failures >= FREE_TRIES:
                tries.locked_until = now + _wait(tries.failures)
            self._save(tries)
        try:
            _scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
            digest = _hash(pin.strip(), bytes.fromhex(salt_hex), int(n), int(r), int(p))
        except (ValueError, TypeError):
            raise PinError("The stored manager PIN cannot be read. IT can reset it by deleting "
                           "the 'manager-pin' entry of this store's keyring service "
                           "(clientdesk:<store id>); the next manager sets a new one.") from None
        if hmac.compare_digest(digest.hex(), digest_hex):
            with self._counter():
                self._save(_Tries())
            self._open()
            return
        left = FREE_TRIES - tries.failures
        if left > 0:
            raise PinError(f"Wrong PIN — {left} {'try' if left == 1 else 'tries'} left before "
                           "a wait.")
        raise PinError(f"Wrong PIN. Too many wrong PINs: try again in "
                       f"{_words(int(_wait(tries.failures).total_seconds()))}.")

    # -- the session --------------------------------------------------------------------------
    def active(self) -> bool:
        """In manager mode now (and not idle for longer than :attr:`idle`)."""
        if self._last_activity is None:
            return False
        if self.clock() - self._last_activity > self.idle:
            self.lock()
            return False
        return True

    def touch(self) -> None:
        """Activity in manager mode: the idle lock starts counting again."""
        if self.active():
            self._last_activity = self.clock()

    def lock(self) -> None:
        self._unlocked_at = self._last_activity = None

    @property
    def mode(self) -> str:
        return "manager" if self.active() else "staff"

    def _open(self) -> None:
        self._unlocked_at = self._last_activity = self.clock()

    # -- wrong-guess counter ------------------------------------------------------------------
    def _counter(self) -> FileLock:
        """The lock every process takes to read and write the counter (waits at most 10 s:
        another try holds it only for a read and a write)."""
        self.state_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return FileLock(self.state_file.with_suffix(".lock"), timeout=10, mode=0o600)

    def _load(self) -> _Tries:
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
            until = data.get("locked_until")
            return _Tries(int(data.get("failures", 0)),
                          datetime.fromisoformat(until) if until else None)
        except (OSError, ValueError, TypeError, AttributeError):
            return _Tries()

    def _save(self, tries: _Tries) -> None:
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        # A name of this process's own: a shared one let two writers clobber each other.
        temporary = self.state_file.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps({
            "failures": tries.failures,
            "locked_until": tries.locked_until.isoformat() if tries.locked_until else None}),
            encoding="utf-8")
        os.chmod(temporary, 0o600)
        os.replace(temporary, self.state_file)


def _wait(failures: int) -> timedelta:
    """The wait after ``failures`` wrong PINs (5 → 30 s, then doubling, at most 15 min)."""
    wait: timedelta = FIRST_WAIT * 2 ** max(0, failures - FREE_TRIES)
    return min(LONGEST_WAIT, wait)


def _words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} s"
    return f"{(seconds + 59) // 60} min"


def counter_name() -> str:
    """Which counter PC made an edit (audit, outbox): ``CLIENTDESK_COUNTER`` when the installer
    set one ("till-2"), else the PC's host name."""
    return (os.environ.get("CLIENTDESK_COUNTER", "").strip() or socket.gethostname()
            or "this counter")[:64]
