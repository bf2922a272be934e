"""Training mode end to end, as `clientdesk --demo` starts it: in-process fakes, no keyring."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_demo_opens_checks_all_vendors_and_closes(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               CLIENTDESK_DATA_DIR=str(tmp_path / "data"),
               # training mode must not need a keyring: make any keyring use fail loudly
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    shot = tmp_path / "demo.png"
    # `python -m ui` is the GUI's entry point, as the `clientdesk` script and the frozen build.
    result = subprocess.run(
        [sys.executable, "-m", "ui", "--demo", "--smoke", "--screenshot", str(shot)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert shot.stat().st_size > 5000
