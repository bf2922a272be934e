"""``clientdesk credentials``: secrets go into the keyring only and never come out in output."""

from __future__ import annotations

import json
from pathlib import Path

import keyring.backends.fail
import pytest

from app.errors import ExitCode
from tests.support.cli import invoke
from tests.support.memory_keyring import MemoryKeyring

EXAMPLE = Path(__file__).parents[3] / "resources" / "store-profile.example.toml"
SERVICE = "clientdesk:syd-pitt-st"


@pytest.fixture
def args(tmp_path: Path) -> list[str]:
    return ["--profile", str(EXAMPLE), "--data-dir", str(tmp_path / "data")]


def test_set_reads_stdin_and_stores_under_the_store_service(
        args: list[str], memory_keyring: MemoryKeyring) -> None:
    result = invoke(*args, "credentials", "set", "loke", input="top-secret-value-123\n")
    assert result.code == ExitCode.OK, result.err
    assert memory_keyring.entries[(SERVICE, "loke")] == "top-secret-value-123"
    assert "top-secret-value-123" not in result.out + result.err


def test_status_lists_vendors_and_never_prints_a_secret(
        args: list[str], memory_keyring: MemoryKeyring) -> None:
    memory_keyring.set_password(SERVICE, "booxi", "partner-key-abcdef")
    result = invoke(*args, "credentials", "status", "--json")
    assert result.code == ExitCode.CREDENTIALS  # four vendors still lack a secret
    data = json.loads(result.out)
    stored = {row["vendor"]: row["stored"] for row in data["vendors"]}
    assert stored == {"qminder": False, "qudini": False, "booxi": True,
                      "reservations": False, "loke": False}
    assert "partner-key-abcdef" not in result.out
    text = invoke(*args, "credentials", "status")
    assert "MISSING" in text.out and "clientdesk credentials set qminder" in text.out
    assert "partner-key-abcdef" not in text.out


def test_status_exits_zero_when_all_present(args: list[str],
                                            memory_keyring: MemoryKeyring) -> None:
    for vendor in ("qminder", "qudini", "booxi", "reservations", "loke"):
        memory_keyring.set_password(SERVICE, vendor, f"secret-for-{vendor}")
    assert invoke(*args, "credentials", "status").code == ExitCode.OK


def test_delete_removes_only_that_vendor(args: list[str], memory_keyring: MemoryKeyring) -> None:
    memory_keyring.set_password(SERVICE, "loke", "x" * 10)
    memory_keyring.set_password(SERVICE, "booxi", "y" * 10)
    result = invoke(*args, "credentials", "delete", "loke")
    assert result.code == ExitCode.OK and "Deleted" in result.out
    assert (SERVICE, "loke") not in memory_keyring.entries
    assert (SERVICE, "booxi") in memory_keyring.entries
    again = invoke(*args, "credentials", "delete", "loke")
    assert again.code == ExitCode.OK and "No LOKE OAuth client secret was stored" in again.out


@pytest.mark.parametrize("secret", ["", "\n", "   \n"])
def test_empty_secret_is_refused_and_nothing_stored(
        args: list[str], memory_keyring: MemoryKeyring, secret: str) -> None:
    result = invoke(*args, "credentials", "set", "qminder", input=secret)
    assert result.code == ExitCode.BAD_PROFILE
    assert "nothing was stored" in result.err
    assert memory_keyring.entries == {}


def test_secret_with_inner_spaces_is_refused(args: list[str],
                                            memory_keyring: MemoryKeyring) -> None:
    result = invoke(*args, "credentials", "set", "qminder", input=" key with space\n")
    assert result.code == ExitCode.BAD_PROFILE and "nothing was stored" in result.err
    assert memory_keyring.entries == {}


def test_vendor_not_in_profile(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text(EXAMPLE.read_text().split("[qminder]")[0], encoding="utf-8")
    result = invoke("--profile", str(profile), "credentials", "set", "loke", input="abcdefgh")
    assert result.code == ExitCode.BAD_PROFILE
    assert "does not use LOKE" in result.err


def test_unknown_vendor_is_a_usage_error(args: list[str]) -> None:
    result = invoke(*args, "credentials", "set", "square", input="abcdefgh")
    assert result.code == ExitCode.BAD_PROFILE
    assert "square" in result.err


def test_no_usable_keyring_says_how_to_fix_and_never_falls_back(
        args: list[str], tmp_path: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    result = invoke(*args, "credentials", "set", "loke", input="abcdefgh-secret")
    assert result.code == ExitCode.CREDENTIALS
    assert "no usable OS keyring" in result.err
    assert "Traceback" not in result.err
    # nothing was written anywhere in the data folder either
    data = tmp_path / "data"
    leaked = [p for p in data.rglob("*") if p.is_file() and b"abcdefgh-secret" in p.read_bytes()]
    assert leaked == []


def test_missing_profile_names_the_fix(tmp_path: Path) -> None:
    result = invoke("--data-dir", str(tmp_path), "credentials", "status",
                    env={"CLIENTDESK_PROFILE": ""})
    assert result.code == ExitCode.BAD_PROFILE
    assert "--profile" in result.err and "CLIENTDESK_PROFILE" in result.err


def test_bad_profile_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[store]\nid = "x"\n', encoding="utf-8")
    result = invoke("--profile", str(bad), "credentials", "status")
    assert result.code == ExitCode.BAD_PROFILE
    assert result.err.count("\n") == 1 and str(bad) in result.err
    assert "Traceback" not in result.err


def test_profile_from_environment(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    result = invoke("credentials", "set", "booxi", input="partner-key-xyz",
                    env={"CLIENTDESK_PROFILE": str(EXAMPLE),
                         "CLIENTDESK_DATA_DIR": str(tmp_path)})
    assert result.code == ExitCode.OK, result.err
    assert memory_keyring.entries[(SERVICE, "booxi")] == "partner-key-xyz"
    assert (tmp_path / "logs" / "clientdesk.log").exists()
