"""The boundaries that matter: the core in app/ never imports Qt, and never reaches into ui/.

ruff's banned-api rule (app/ruff.toml) enforces the first in CI; these tests check the same
thing by reading every module's imports, so removing the lint rule cannot silently drop the
guarantee. The second has no lint rule, and a dynamic import (``importlib.import_module("ui.
main")``) is invisible to one anyway, so it is proved twice: statically (no import of ``ui``, no
string naming a ``ui`` module outside documentation, no dynamic import at all) and at run time
(a child process imports every module of app/ and runs the CLI's no-command and help paths
with every import of ``ui`` refused and recorded — a caught ImportError would still show).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
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


#: Calls that import a module named by a value rather than by an import statement.
DYNAMIC_IMPORTS = frozenset({"import_module", "__import__", "find_spec", "run_module",
                             "run_path", "spec_from_file_location", "load_module"})
#: A string that names the ui package or one of its modules ("ui", "ui.main", "ui/main.py").
NAMES_UI = re.compile(r"^ui$|\bui[./]\w")


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the docstring nodes of a module: documentation may name the window's modules."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) \
                and node.body and isinstance(node.body[0], ast.Expr) \
                and isinstance(node.body[0].value, ast.Constant):
            found.add(id(node.body[0].value))
    return found


def _reaches_into_ui(root: Path) -> list[str]:
    """Every place under ``root`` that imports ``ui``, names a ``ui`` module in a string (a
    docstring aside), or imports dynamically (a target built at run time could be anything,
    ``ui`` included)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        where = path.relative_to(root.parent)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [f"{where}:{node.lineno}: import {a.name}" for a in node.names
                          if a.name.split(".")[0] == "ui"]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and \
                    node.module.split(".")[0] == "ui":
                found.append(f"{where}:{node.lineno}: from {node.module} import")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    id(node) not in docs and NAMES_UI.search(node.value):
                found.append(f"{where}:{node.lineno}: string {node.value[:60]!r}")
            elif isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else \
                    func.id if isinstance(func, ast.Name) else ""
                if name in DYNAMIC_IMPORTS:
                    found.append(f"{where}:{node.lineno}: dynamic import {name}()")
    return sorted(found)


def test_no_module_in_app_reaches_into_ui() -> None:
    assert _reaches_into_ui(ROOT / "app") == []


def test_the_ui_check_sees_every_way_in(tmp_path: Path) -> None:
    core = tmp_path / "app"
    core.mkdir()
    (core / "fine.py").write_text(textwrap.dedent('''\
        """Says "build", "guide.md" and "suit"; the window shows it (ui.main)."""
        import app.fine
        from . import fine
        from app.quick import ui_text
    '''))
    (core / "bad.py").write_text(textwrap.dedent('''\
        import importlib
        import ui
        import ui.main as gui
        from ui.launch import main
        gui = importlib.import_module("ui.main")
        other = __import__(name)
        HINT = "see ui/main.py"
        def window():
            "ui.main"  # a docstring: documentation only
            return "ui"
    '''))
    assert _reaches_into_ui(core) == [
        "app/bad.py:10: string 'ui'",
        "app/bad.py:2: import ui",
        "app/bad.py:3: import ui.main",
        "app/bad.py:4: from ui.launch import",
        "app/bad.py:5: dynamic import import_module()",
        "app/bad.py:5: string 'ui.main'",
        "app/bad.py:6: dynamic import __import__()",
        "app/bad.py:7: string 'see ui/main.py'",
    ]


#: Run in a child process: refuse (and record) every import of ``ui``, import every module of
#: app/, then run the CLI with no command, with --help, and a command's --help.
NO_UI_CHILD = '''
import contextlib, importlib, io, pkgutil, sys

attempts = []

class RefuseUi:
    def find_spec(self, name, path=None, target=None):
        if name == "ui" or name.startswith("ui."):
            attempts.append(name)
            raise ImportError(f"app reached into {name}", name=name)
        return None

sys.meta_path.insert(0, RefuseUi())
import app
for module in pkgutil.walk_packages(app.__path__, "app."):
    importlib.import_module(module.name)
from app.cli.main import run
codes = []
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    for argv in ([], ["--help"], ["doctor", "--help"], ["sandbox", "--help"]):
        codes.append(run(argv))
loaded = sorted(m for m in sys.modules if m == "ui" or m.startswith("ui."))
print(len(list(pkgutil.walk_packages(app.__path__, "app."))), codes, attempts, loaded)
'''


def test_nothing_in_app_imports_ui_at_run_time(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-c", NO_UI_CHILD], cwd=ROOT, capture_output=True,
                         text=True, check=True, timeout=120,
                         env={"PATH": "", "CLIENTDESK_DATA_DIR": str(tmp_path)}).stdout
    modules, codes, attempts, loaded = out.rsplit(" [", 3)
    assert int(modules) > 50  # every module of app/ was imported, not just a few
    # No command: the headless CLI shows its help and exits 2 — it does not open a window.
    assert codes == "2, 0, 0, 0]"
    assert (attempts, loaded) == ("]", "]\n")


def test_the_run_time_check_sees_a_caught_import_of_ui(tmp_path: Path) -> None:
    sneaky = NO_UI_CHILD.replace("from app.cli.main import run", textwrap.dedent('''\
        try:
            import ui.main
        except ImportError:
            pass
        from app.cli.main import run'''))
    out = subprocess.run([sys.executable, "-c", sneaky], cwd=ROOT, capture_output=True,
                         text=True, check=True, timeout=120,
                         env={"PATH": "", "CLIENTDESK_DATA_DIR": str(tmp_path)}).stdout
    assert out.rsplit(" [", 2)[1:] == ["'ui']", "]\n"]


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
