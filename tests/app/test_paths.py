"""Where the store profile is found: given, machine-wide (where IT puts it), baked in."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path, PureWindowsPath

import pytest

from app import paths
from app.paths import machine_profile as real_machine_profile  # before any patching
from tests.support.cli import invoke

EXAMPLE = Path(__file__).parents[2] / "resources" / "store-profile.example.toml"


def test_the_machine_wide_profile_is_where_each_installer_puts_it() -> None:
    assert real_machine_profile("linux", {}) == Path("/etc/clientdesk/store.toml")
    windows = real_machine_profile("win32", {"PROGRAMDATA": "D:\\ProgramData"})
    assert PureWindowsPath(windows) == PureWindowsPath(r"D:\ProgramData\Clientdesk\store.toml")
    fallback = real_machine_profile("win32", {})
    assert PureWindowsPath(fallback) == PureWindowsPath(r"C:\ProgramData\Clientdesk\store.toml")


def test_given_then_machine_wide_then_baked_in(tmp_path: Path, no_machine_profile: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    given = tmp_path / "given.toml"
    assert paths.find_profile(given) == (given, "given with --profile or $CLIENTDESK_PROFILE")
    assert paths.find_profile(None) == (None, "")
    bundle = tmp_path / "bundle"
    (bundle / "profile").mkdir(parents=True)
    shutil.copy(EXAMPLE, bundle / "profile" / "syd.toml")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert paths.find_profile(None) == (bundle / "profile" / "syd.toml",
                                        "baked into this installer")
    shutil.copy(EXAMPLE, no_machine_profile)  # IT put one on the machine: it wins
    assert paths.find_profile(None) == (no_machine_profile, "machine-wide")


def test_doctor_says_which_profile_it_used(no_machine_profile: Path, tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, no_machine_profile)
    done = invoke("--data-dir", str(tmp_path / "data"), "doctor", "--json")
    report = json.loads(done.out)
    assert report["profile"] == str(no_machine_profile)
    assert report["profile_source"] == "machine-wide"
    assert done.code == 3  # no credentials stored: stops before any vendor is contacted
    text = invoke("--data-dir", str(tmp_path / "data"), "doctor")
    assert f"profile {no_machine_profile} (machine-wide)" in text.out


def test_without_any_profile_the_message_says_where_to_put_one(tmp_path: Path,
                                                                no_machine_profile: Path) -> None:
    done = invoke("--data-dir", str(tmp_path / "data"), "doctor")
    assert done.code == 2
    assert str(no_machine_profile) in done.err and "--profile" in done.err
