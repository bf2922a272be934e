"""The ``clientdesk`` entry point (ui/launch.py): the window with no command, the headless CLI
with one, the same error funnel either way — and no Qt until the window opens."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import ui
from app import __version__
from app.cli.main import cli
from tests.support.cli import Outcome
from ui import launch

ROOT = Path(__file__).parents[2]

#: A child process with Qt "not installed": every import of it is refused, as on a server.
NO_QT = '''
import contextlib, io, json, sys

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "qasync"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoQt())
from ui.launch import run
results = {}
for argv in (["--version"], ["doctor", "--help"], ["credentials", "--help"], []):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(argv)
    results[" ".join(argv)] = [code, out.getvalue(), err.getvalue()]
from ui.start import main  # the entry point: its splash must not need Qt either
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main([])
    except SystemExit as exit:
        results["start"] = exit.code
results["qt loaded"] = sorted(m for m in sys.modules
                              if m.split(".")[0] in ("PySide6", "shiboken6", "qasync"))
print(json.dumps(results))
'''


def launch_cli(*argv: str, data_dir: Path) -> Outcome:
    """``clientdesk ARGV`` in process, through ui.launch (as the console script runs it)."""
    runner = CliRunner()
    with runner.isolation(env={"CLIENTDESK_DATA_DIR": str(data_dir)}) as (out, err, _mixed):
        code = launch.run(list(argv))
        return Outcome(code, out.getvalue().decode(), err.getvalue().decode())


def test_the_clientdesk_script_is_the_guis_entry_point() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"] == {"clientdesk": "ui.start:main"}
    spec = (ROOT / "packaging" / "clientdesk.spec").read_text(encoding="utf-8")
    assert 'Analysis([str(root / "ui" / "__main__.py")]' in spec  # the frozen build too
    main_py = (ROOT / "ui" / "__main__.py").read_text(encoding="utf-8")
    assert "from ui.start import main" in main_py


def test_without_qt_every_command_still_runs_and_the_window_says_why_not(
        tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "CLIENTDESK_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", NO_QT], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True, timeout=60).stdout
    results = json.loads(out)
    assert results["start"] == results[""][0] != 0  # the same "cannot open" as launch
    assert results["--version"][:2] == [0, f"clientdesk, version {__version__}\n"]
    assert results["doctor --help"][0] == 0
    assert "Check credentials, reachability" in results["doctor --help"][1]
    assert results["credentials --help"][0] == 0
    # No command: the window, which cannot open here — one line, exit 1, no traceback.
    assert results[""] == [1, "", "clientdesk: the window cannot open: Qt is not installed "
                                  "(PySide6)\n"]
    assert results["qt loaded"] == []


def test_commands_are_the_headless_clis_with_the_same_options(tmp_path: Path) -> None:
    commands = cli.list_commands(click.Context(cli))
    assert launch.launch.list_commands(click.Context(launch.launch)) == commands
    shown = launch_cli("--help", data_dir=tmp_path)
    assert shown.code == 0
    for option in ("--profile FILE", "--data-dir DIRECTORY", "--verbose", "--demo"):
        assert option in shown.out
    for hidden in ("--smoke", "--screenshot", "--no-error-dialogs"):
        assert hidden not in shown.out
    for command in commands:
        assert f"  {command} " in shown.out
    # A command runs with the launcher's global options, exactly as under `python -m app`.
    listed = launch_cli("--profile", str(ROOT / "resources" / "store-profile.example.toml"),
                        "outbox", "--json", data_dir=tmp_path)
    assert listed.code == 0, listed.err
    assert json.loads(listed.out)["edits"] == []


@pytest.mark.parametrize(("argv", "message"), [
    (["--demo", "doctor"], "--demo opens the window; it cannot be combined with a command"),
    (["--smoke", "doctor"], "--smoke and --screenshot are for the window"),
])
def test_window_options_with_a_command_are_a_usage_error(tmp_path: Path, argv: list[str],
                                                         message: str) -> None:
    outcome = launch_cli(*argv, data_dir=tmp_path)
    assert outcome.code == 2
    assert message in outcome.err


def test_a_bad_profile_for_the_window_is_one_line_and_exit_2(tmp_path: Path) -> None:
    outcome = launch_cli("--profile", str(tmp_path / "missing.toml"), data_dir=tmp_path)
    assert outcome.code == 2
    assert outcome.err.startswith("clientdesk: ") and outcome.err.count("\n") == 1
    assert "missing.toml" in outcome.err and "Traceback" not in outcome.err


def test_a_broken_module_of_ours_is_a_bug_not_missing_qt(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(ui, "main", raising=False)
    monkeypatch.setitem(sys.modules, "ui.main", None)  # importing it now raises ImportError
    outcome = launch_cli("--demo", data_dir=tmp_path)
    assert outcome.code == 1
    assert "internal error" in outcome.err and "Qt is not installed" not in outcome.err
    assert "Traceback" not in outcome.err
    log = (tmp_path / "logs" / "clientdesk.log").read_text(encoding="utf-8")
    assert "import of ui.main halted" in log  # the details are in the log file
