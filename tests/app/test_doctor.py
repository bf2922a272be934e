"""doctor against the sandbox over loopback: all OK, then each kind of failure, named per vendor."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.doctor import doctor_exit_code, run_doctor
from app.errors import ExitCode
from app.profile import StoreProfile, profile_from_dict
from app.sandbox.faults import Faults
from app.sandbox.runner import Sandbox
from app.secrets import MemorySecrets
from tests.conftest import ANCHOR
from tests.support.cli import invoke
from tests.support.memory_keyring import MemoryKeyring


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    box = Sandbox(200, seed=5, anchor=ANCHOR, store_id="doctor-test")
    await box.start()
    yield box
    await box.stop()


def profile_of(box: Sandbox) -> StoreProfile:
    return profile_from_dict(box.profile_dict(), "sandbox profile")


async def test_all_five_vendors_pass(sandbox: Sandbox) -> None:
    checks = await run_doctor(profile_of(sandbox), MemorySecrets("s", sandbox.secrets))
    assert [c.vendor for c in checks] == ["qminder", "qudini", "booxi", "reservations", "loke"]
    assert all(c.ok for c in checks), [c.message for c in checks if not c.ok]
    assert all(c.reachable and c.authenticated for c in checks)
    assert all(c.latency_ms is not None and c.latency_ms >= 0 for c in checks)
    assert doctor_exit_code(checks) == ExitCode.OK


async def test_wrong_key_for_one_vendor_is_named(sandbox: Sandbox) -> None:
    secrets = dict(sandbox.secrets, booxi="not-the-partner-key")
    checks = await run_doctor(profile_of(sandbox), MemorySecrets("s", secrets))
    failed = {c.vendor: c for c in checks if not c.ok}
    assert list(failed) == ["booxi"]
    assert failed["booxi"].reachable is True and failed["booxi"].authenticated is False
    assert doctor_exit_code(checks) == ExitCode.NOT_AUTHORISED
    assert "not-the-partner-key" not in failed["booxi"].message
    assert "clientdesk credentials set booxi" in failed["booxi"].message


async def test_missing_credential_and_vendor_down(sandbox: Sandbox) -> None:
    secrets = dict(sandbox.secrets)
    del secrets["loke"]
    await sandbox.stop_vendor("reservations")
    checks = {c.vendor: c for c in await run_doctor(profile_of(sandbox),
                                                      MemorySecrets("s", secrets))}
    assert checks["loke"].exit_code == ExitCode.CREDENTIALS
    assert "clientdesk credentials set loke" in checks["loke"].message
    assert checks["reservations"].exit_code == ExitCode.UNAVAILABLE
    assert checks["reservations"].reachable is False
    assert checks["qminder"].ok and checks["booxi"].ok


async def test_rate_limited_and_garbage(sandbox: Sandbox) -> None:
    sandbox.servers["qminder"].faults = Faults(rate_limited=1.0, retry_after=600)
    sandbox.servers["loke"].faults = Faults(malformed=1.0)
    checks = {c.vendor: c for c in await run_doctor(profile_of(sandbox),
                                                      MemorySecrets("s", sandbox.secrets))}
    assert checks["qminder"].exit_code == ExitCode.RATE_LIMITED
    assert "600" in checks["qminder"].message
    assert checks["loke"].exit_code == ExitCode.BAD_DATA


async def test_doctor_command_json_and_exit_code(sandbox: Sandbox, tmp_path: Path,
                                                 memory_keyring: MemoryKeyring) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text(sandbox.profile_toml(), encoding="utf-8")
    for vendor, secret in sandbox.secrets.items():
        memory_keyring.set_password("clientdesk:doctor-test", vendor, secret)
    memory_keyring.set_password("clientdesk:doctor-test", "qminder", "wrong-api-key")
    # doctor runs its own event loop, so run it in a thread from this async test
    import asyncio

    result = await asyncio.to_thread(invoke, "--profile", str(profile), "--data-dir",
                                     str(tmp_path / "d"), "doctor")
    assert result.code == ExitCode.NOT_AUTHORISED
    assert "Qminder" in result.out and "FAIL" in result.out
    assert "Failed: Qminder." in result.out
    assert "wrong-api-key" not in result.out + result.err
