"""The one boundary that matters: the core in app/ never imports Qt.

ruff's banned-api rule (app/ruff.toml) enforces this in CI; this test checks the same thing by
reading every module's imports, so removing the lint rule cannot silently drop the guarantee.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
QT = ("PySide6", "shiboken6", "qasync")


def test_no_module_in_app_imports_qt() -> None:
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names
                          if n.split(".")[0] in QT]
    assert offenders == []


def test_importing_the_core_and_cli_loads_no_qt() -> None:
    code = ("import sys, app.cli.main, app.doctor, app.sandbox.runner; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            f"{QT!r}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True, timeout=60).stdout.strip()
    assert out == "[]"


def test_lint_rule_is_configured() -> None:
    config = (ROOT / "app" / "ruff.toml").read_text(encoding="utf-8")
    for module in QT:
        assert f'"{module}".msg' in config
