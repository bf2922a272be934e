"""The one boundary that matters: the core in app/ never imports Qt.

ruff's banned-api rule (app/ruff.toml) enforces this in CI; this test checks the same thing by
reading every module's imports, so removing the lint rule cannot silently drop the guarantee.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

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


def _shadowing(root: Path) -> list[str]:
    """Modules under ``root`` that can hide a standard-library module of the same name.

    A script run directly (``python tests/benchmarks/bench_queue.py``) has its own folder first
    on sys.path, so a ``queue.py`` beside it replaces the standard library's ``queue`` for every
    import the process makes — third-party code included. So: no ``.py`` file in these trees
    takes a standard-library name, and a folder may take one only inside a package, where it is
    always imported by its dotted name (``tests.app.queue`` mirrors ``app.queue``).
    """
    found = []
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts:
            continue
        stdlib_file = path.suffix == ".py" and path.stem in sys.stdlib_module_names
        stdlib_top_folder = (path.is_dir() and path.name in sys.stdlib_module_names
                             and not (path.parent / "__init__.py").exists())
        if stdlib_file or stdlib_top_folder:
            found.append(str(path.relative_to(ROOT)))
    return found


def test_no_test_script_or_benchmark_shadows_the_standard_library() -> None:
    assert [name for tree in ("tests", "scripts", "packaging")
            for name in _shadowing(ROOT / tree)] == []


def test_the_shadowing_check_sees_a_benchmark_named_like_the_standard_library(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    (tmp_path / "benchmarks").mkdir()
    (tmp_path / "benchmarks" / "queue.py").write_text("")
    (tmp_path / "benchmarks" / "bench_queue.py").write_text("")
    assert _shadowing(tmp_path) == ["benchmarks/queue.py"]
