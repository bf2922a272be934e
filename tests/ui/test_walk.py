"""The whole training window walked in each shipped language, on real counter screen sizes.

Each run is ``python -m ui --demo --smoke`` with a blacklisted demo customer's profile open and
a ticket in the queue, on an offscreen screen of the given size. ``CLIENTDESK_SMOKE_WALK``
makes the smoke run walk every tab, layer and dialog (:mod:`ui.walk`) and exit 3 when a control
has no name or an identifier for one, when a text is still English in a translated window, or
when at that size the status bar, the profile's header, banner, points or five timeline rows
are not on screen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


def run_walk(tmp_path: Path, *, language: str, size: tuple[int, int], theme: str,
             name: str, dpi: int = 96) -> tuple[subprocess.CompletedProcess[str], Path]:
    screens = tmp_path / "screens.json"
    screens.write_text(json.dumps({"screens": [{
        "name": "counter", "x": 0, "y": 0, "width": size[0], "height": size[1],
        "logicalDpi": dpi, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    shots = Path(os.environ.get("CLIENTDESK_SCREENSHOT_DIR", tmp_path))
    shot = shots / f"walk_{name}.png"
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screens}",
               PYTHONPATH=str(ROOT), CLIENTDESK_DATA_DIR=str(tmp_path / "data"),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
               CLIENTDESK_LANGUAGE=language, CLIENTDESK_THEME=theme,
               CLIENTDESK_SMOKE_PROFILE="1", CLIENTDESK_SMOKE_QUEUE="1",
               CLIENTDESK_SMOKE_WALK="1")
    result = subprocess.run(
        [sys.executable, "-m", "ui", "--demo", "--smoke", "--screenshot", str(shot)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=240, check=False)
    return result, shot


@pytest.mark.parametrize(("language", "size", "theme", "dpi"), [
    ("en", (1366, 768), "light", 96),
    ("fr", (1366, 768), "dark", 96),
    ("hu", (1920, 1080), "light", 96),
    # Windows at 125 % scaling: the same screen is 1093×614 to Qt (the queue starts hidden)
    ("en", (1366, 768), "light", 120),
])
def test_every_control_is_named_translated_and_on_screen(
        tmp_path: Path, language: str, size: tuple[int, int], theme: str, dpi: int) -> None:
    name = f"{language}_{size[0]}x{size[1]}_{theme}_{dpi}dpi"
    result, shot = run_walk(tmp_path, language=language, size=size, theme=theme, name=name,
                            dpi=dpi)
    walk = [line for line in result.stderr.splitlines() if line.startswith("walk: ")]
    assert walk == [], "\n".join(walk)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert shot.stat().st_size > 5000
