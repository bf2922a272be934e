"""Fail when requirements/app.txt or requirements/dev.txt no longer lock what pyproject.toml asks.

    .venv/bin/python scripts/check_lock.py      # exit 0: the lock matches; 1: it does not

CI runs this before the tests (scripts/test.sh). Why a check of its own rather than re-running
the resolver and diffing: a fresh resolution would pick whatever PyPI serves today, so the diff
would fail on the day a transitive dependency releases, not on the day someone forgot to
re-lock. This check needs no network and fails exactly when the lock is wrong:

* every line pins one release with ``==`` and carries hashes; no option lines (an index, a
  folder of packages, a trusted host) and no direct URLs — the files say *what*, never *where*;
* every dependency that ``pyproject.toml`` pins is locked at that same version, the app's in
  both files, the dev extra's in ``dev.txt``; the two files agree on every package they share;
* the lock is closed and has nothing stale, as far as this machine can tell: walking the
  requirements of the installed packages from the project's own, every package needed here
  is locked, and every locked package that applies here (its marker holds) is needed.
  Entries for other platforms (``sys_platform == 'win32'``) are checked by the first two rules
  only.

The fix for any failure is ``bash scripts/lock.sh`` (see "Dependencies" in the README).
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = "clientdesk"


@dataclass(frozen=True)
class Pin:
    """One locked release: its version, the marker it is installed under, its hashes."""

    version: str
    marker: Marker | None
    hashes: tuple[str, ...]


def _logical_lines(text: str) -> list[str]:
    """The file's requirement lines with backslash continuations joined and comments gone."""
    lines: list[str] = []
    current = ""
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        if current.strip():
            lines.append(current.strip())
        current = ""
    if current.strip():
        lines.append(current.strip())
    return lines


def parse_lock(text: str, name: str) -> tuple[dict[str, Pin], list[str]]:
    """The pins of one lock file, and what is wrong with its lines."""
    pins: dict[str, Pin] = {}
    problems: list[str] = []
    for line in _logical_lines(text):
        words = line.split()
        hashes = tuple(w.removeprefix("--hash=") for w in words if w.startswith("--hash="))
        options = [w for w in words if w.startswith("-") and not w.startswith("--hash=")]
        spec = " ".join(w for w in words if not w.startswith("--hash="))
        if options or line.startswith("-"):
            problems.append(f"{name}: an option line ({words[0]}): the lock names packages, "
                            "never an index, folder or host")
            continue
        try:
            req = Requirement(spec)
        except InvalidRequirement as exc:
            problems.append(f"{name}: unreadable line {spec!r}: {exc}")
            continue
        key = canonicalize_name(req.name)
        specifiers = list(req.specifier)
        if req.url or len(specifiers) != 1 or specifiers[0].operator != "==":
            problems.append(f"{name}: {req.name} is not pinned to one release with ==")
            continue
        if not hashes:
            problems.append(f"{name}: {req.name} has no --hash")
        if key in pins:
            problems.append(f"{name}: {req.name} is locked twice")
        pins[key] = Pin(specifiers[0].version, req.marker, hashes)
    return pins, problems


def project_requirements(pyproject: Path) -> tuple[list[Requirement], list[Requirement]]:
    """The app's and the dev extra's requirements as pyproject.toml declares them."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    app = [Requirement(r) for r in project.get("dependencies", [])]
    dev = [Requirement(r) for r in project.get("optional-dependencies", {}).get("dev", [])]
    return app, dev


def _declared(requirements: list[Requirement], pins: dict[str, Pin], name: str) -> list[str]:
    problems = []
    for req in requirements:
        key = canonicalize_name(req.name)
        if key == PROJECT:
            continue
        pin = pins.get(key)
        if pin is None:
            problems.append(f"{name}: pyproject.toml asks for {req} but the lock has no "
                            f"{req.name}")
        elif not req.specifier.contains(pin.version, prereleases=True):
            problems.append(f"{name}: pyproject.toml asks for {req} but the lock has "
                            f"{req.name}=={pin.version}")
    return problems


def _applies(marker: Marker | None, extras: frozenset[str]) -> bool:
    if marker is None:
        return True
    return any(marker.evaluate({"extra": extra}) for extra in extras or {""})


def closure(roots: list[Requirement]) -> tuple[set[str], list[str]]:
    """Every installed package the roots need on this machine (markers evaluated here)."""
    needed: set[str] = set()
    problems: list[str] = []
    todo: list[tuple[Requirement, frozenset[str]]] = [(r, frozenset({""})) for r in roots]
    seen_extras: dict[str, set[str]] = {}
    while todo:
        req, parent_extras = todo.pop()
        if not _applies(req.marker, parent_extras):
            continue
        key = canonicalize_name(req.name)
        extras = set(req.extras) | {""}
        if key in needed and extras <= seen_extras.get(key, set()):
            continue
        needed.add(key)
        seen_extras.setdefault(key, set()).update(extras)
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            problems.append(f"{req.name} is needed here but not installed: is the lock missing "
                            "it? (bash scripts/setup.sh installs exactly the lock)")
            continue
        for child in dist.requires or []:
            todo.append((Requirement(child), frozenset(extras)))
    return needed, problems


def check(root: Path = ROOT) -> list[str]:
    """Everything that makes the lock disagree with pyproject.toml (empty: it agrees)."""
    app_reqs, dev_reqs = project_requirements(root / "pyproject.toml")
    locks: dict[str, dict[str, Pin]] = {}
    problems: list[str] = []
    for name in ("app.txt", "dev.txt"):
        path = root / "requirements" / name
        if not path.is_file():
            problems.append(f"requirements/{name} is missing")
            continue
        locks[name], found = parse_lock(path.read_text(encoding="utf-8"), f"requirements/{name}")
        problems += found
    if problems:
        return problems
    app, dev = locks["app.txt"], locks["dev.txt"]
    problems += _declared(app_reqs, app, "requirements/app.txt")
    problems += _declared(app_reqs + dev_reqs, dev, "requirements/dev.txt")
    for key, pin in app.items():
        other = dev.get(key)
        if other is None:
            problems.append(f"{key}=={pin.version} is in app.txt but not in dev.txt")
        elif other.version != pin.version:
            problems.append(f"{key} is {pin.version} in app.txt but {other.version} in dev.txt")
    for name, roots, pins in (("app.txt", app_reqs, app), ("dev.txt", app_reqs + dev_reqs, dev)):
        needed, found = closure(roots)
        problems += found
        for key in sorted(needed - set(pins)):
            problems.append(f"requirements/{name}: {key} is needed here but not locked")
        for key in sorted(set(pins) - needed):
            if _applies(pins[key].marker, frozenset({""})):
                problems.append(f"requirements/{name}: {key} is locked but nothing needs it")
    for key, pin in dev.items():
        try:
            installed = metadata.version(key)
        except metadata.PackageNotFoundError:
            continue  # another platform's, or reported above
        if installed != pin.version and _applies(pin.marker, frozenset({""})):
            problems.append(f"{key} {installed} is installed but the lock says {pin.version}: "
                            "run bash scripts/setup.sh")
    return problems


def main() -> int:
    problems = check()
    for problem in problems:
        print(f"check_lock: {problem}", file=sys.stderr)
    if problems:
        print("check_lock: the lock does not match pyproject.toml — run bash scripts/lock.sh "
              "(README, 'Dependencies')", file=sys.stderr)
        return 1
    print("check_lock: requirements/app.txt and dev.txt match pyproject.toml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
