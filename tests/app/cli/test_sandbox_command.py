"""The issue's acceptance run, as a person would type it, in subprocesses:

``clientdesk sandbox --customers 1000 --write-profile p.toml``, then ``doctor`` reports all five
vendors OK; with a wrong key for one vendor, doctor names it and exits non-zero.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[3]


def env_for(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PYTHONPATH=str(ROOT), CLIENTDESK_DATA_DIR=str(tmp_path / "data"),
               PYTHON_KEYRING_BACKEND="tests.support.memory_keyring.FileKeyring",
               CLIENTDESK_TEST_KEYRING_FILE=str(tmp_path / "keyring.json"))
    env.pop("CLIENTDESK_PROFILE", None)
    return env


def clientdesk(env: dict[str, str], *args: str,
               stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], input=stdin, env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


def test_sandbox_then_doctor_then_wrong_key(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    profile = tmp_path / "p.toml"
    server = subprocess.Popen(
        [sys.executable, "-m", "app", "sandbox", "--customers", "1000", "--write-profile",
         str(profile)], env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        assert server.stdout is not None
        ready = server.stdout.readline()
        assert ready.startswith("ready: 5 vendors on 127.0.0.1"), ready + server.stderr.read()
        assert "credentials in keyring" in ready

        ok = clientdesk(env, "--profile", str(profile), "doctor", "--json")
        report = json.loads(ok.stdout)
        assert ok.returncode == 0, ok.stdout + ok.stderr
        assert [v["ok"] for v in report["vendors"]] == [True] * 5

        status = clientdesk(env, "--profile", str(profile), "credentials", "status")
        assert status.returncode == 0 and "MISSING" not in status.stdout

        wrong = clientdesk(env, "--profile", str(profile), "credentials", "set", "loke",
                           stdin="definitely-wrong-secret\n")
        assert wrong.returncode == 0, wrong.stderr
        failed = clientdesk(env, "--profile", str(profile), "doctor")
        assert failed.returncode == 4, failed.stdout + failed.stderr
        assert "Failed: LOKE." in failed.stdout
        assert "definitely-wrong-secret" not in failed.stdout + failed.stderr
        assert "Traceback" not in failed.stdout + failed.stderr
    finally:
        server.send_signal(signal.SIGINT)
        _out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    # the throwaway credentials leave the keyring with the sandbox
    left = json.loads((tmp_path / "keyring.json").read_text())
    assert [k for k in left if k.startswith("clientdesk:sandbox")] == []
    logs = "".join(p.read_text() for p in (tmp_path / "data").rglob("*.log"))
    assert "definitely-wrong-secret" not in logs


def test_bad_fault_spec_is_a_usage_error(tmp_path: Path) -> None:
    result = clientdesk(env_for(tmp_path), "sandbox", "--faults", "drop=7", "--demo")
    assert result.returncode == 2
    assert "rate from 0 to 1" in result.stderr and "Traceback" not in result.stderr


def test_demo_sandbox_needs_no_keyring(tmp_path: Path) -> None:
    env = dict(env_for(tmp_path), PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    profile = tmp_path / "demo.toml"
    server = subprocess.Popen(
        [sys.executable, "-m", "app", "sandbox", "--demo", "--customers", "50",
         "--write-profile", str(profile)], env=env, cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        ready = server.stdout.readline()
        assert "credentials in memory" in ready and "50 customers" in ready
        assert "[loke]" in profile.read_text()
    finally:
        server.send_signal(signal.SIGINT)
        _out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err


def test_sandbox_without_keyring_says_so(tmp_path: Path) -> None:
    env = dict(env_for(tmp_path), PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    result = clientdesk(env, "sandbox", "--customers", "50")
    assert result.returncode == 3
    assert "no usable OS keyring" in result.stderr and "Traceback" not in result.stderr
