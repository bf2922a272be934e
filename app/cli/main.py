"""The headless ``clientdesk`` commands, and the single error funnel every entry point shares.

Every expected failure is a :class:`ClientdeskError` and becomes one line on stderr plus its
documented exit code. Anything else is a bug: the traceback goes to the log file (scrubbed of
secrets) and the person sees one line saying where it is — never a traceback.

The core never reaches into the window: this group knows nothing of Qt or of the GUI package.
The ``clientdesk`` console script is the GUI's entry point, which opens the window when no
command is given and hands every command to :data:`cli` (sharing :func:`global_options`,
:func:`start` and :func:`funnel` from here, so both parse and fail the same way). ``python -m
app`` runs this group alone: it needs no Qt, so a headless install (a server, a CI job) still
runs every command.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from app import __version__
from app.cli.context import CliContext
from app.errors import ClientdeskError, ExitCode
from app.logs import scrub, setup_logging
from app.paths import ENV_DATA_DIR, ENV_PROFILE, AppPaths

log = logging.getLogger("clientdesk.cli")
CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}

F = Callable[..., Any]


def global_options(command: F) -> F:
    """The options every ``clientdesk`` invocation takes before its command."""
    for option in reversed([
        click.option("--profile", "profile_path",
                     type=click.Path(dir_okay=False, path_type=Path), envvar=ENV_PROFILE,
                     help=f"Store profile (TOML). Also ${ENV_PROFILE}."),
        click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
                     envvar=ENV_DATA_DIR,
                     help=f"Data folder (cache, logs). Also ${ENV_DATA_DIR}."),
        click.option("--verbose", "-v", is_flag=True, help="Log debug detail to the log file."),
        click.version_option(__version__, prog_name="clientdesk"),
    ]):
        command = option(command)
    return command


def start(ctx: click.Context, profile_path: Path | None, data_dir: Path | None,
          verbose: bool) -> CliContext:
    """Resolve the data folder, start logging to it, and give the commands their context."""
    paths = AppPaths.resolve(data_dir)
    setup_logging(paths.log_file, verbose=verbose)
    context = CliContext(profile_path=profile_path, paths=paths, verbose=verbose)
    ctx.obj = context
    return context


# Each command is imported when it is looked up (it runs, or --help lists it), so one command
# no longer imports all twelve and their dependencies (clientdesk --version: 0.94 -> 0.38 s).
# Plain import statements, not importlib: tests/test_boundaries.py checks every import in app/.
def _credentials() -> click.Command:
    from app.cli.credentials import credentials
    return credentials


def _doctor() -> click.Command:
    from app.cli.doctor_cmd import doctor
    return doctor


def _sandbox() -> click.Command:
    from app.cli.sandbox_cmd import sandbox
    return sandbox


def _sync() -> click.Command:
    from app.cli.sync_cmd import sync
    return sync


def _search() -> click.Command:
    from app.cli.search_cmd import search
    return search


def _show() -> click.Command:
    from app.cli.show_cmd import show
    return show


def _queue() -> click.Command:
    from app.cli.queue_cmd import queue
    return queue


def _note() -> click.Command:
    from app.cli.edit_cmds import note
    return note


def _label() -> click.Command:
    from app.cli.edit_cmds import label
    return label


def _complete() -> click.Command:
    from app.cli.edit_cmds import complete
    return complete


def _blacklist() -> click.Command:
    from app.cli.blacklist_cmd import blacklist
    return blacklist


def _outbox() -> click.Command:
    from app.cli.outbox_cmd import outbox_group
    return outbox_group


def _forget() -> click.Command:
    from app.cli.forget_cmd import forget
    return forget


COMMANDS: dict[str, Callable[[], click.Command]] = {
    "credentials": _credentials, "doctor": _doctor, "sandbox": _sandbox, "sync": _sync,
    "search": _search, "show": _show, "queue": _queue, "note": _note, "label": _label,
    "complete": _complete, "blacklist": _blacklist, "outbox": _outbox, "forget": _forget,
}


class LazyGroup(click.Group):
    """A click group whose commands (:data:`COMMANDS`) are imported when looked up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        load = COMMANDS.get(cmd_name)
        return load() if load is not None else None


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS)
@global_options
@click.pass_context
def cli(ctx: click.Context, profile_path: Path | None, data_dir: Path | None,
        verbose: bool) -> None:
    """Clientdesk: who is this customer, what have they booked, are they welcome, who is waiting.

    These are the commands; they need no window. `clientdesk` with no command opens the window
    (`--demo`: training mode).
    """
    start(ctx, profile_path, data_dir, verbose)


def main(argv: list[str] | None = None) -> NoReturn:
    """``python -m app``: run a command and exit with its exit code."""
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    """Run a command of :data:`cli` through the funnel; returns its exit code."""
    return funnel(cli, argv)


def funnel(command: click.Command, argv: list[str] | None = None) -> int:
    """Run ``command`` (a click group) and turn whatever happens into an exit code."""
    try:
        result = command.main(args=argv, prog_name="clientdesk", standalone_mode=False)
    except ClientdeskError as exc:
        click.echo(f"clientdesk: {scrub(exc.message)}", err=True)
        return int(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("clientdesk: interrupted", err=True)
        return int(ExitCode.INTERRUPTED)
    except KeyboardInterrupt:
        click.echo("clientdesk: interrupted", err=True)
        return int(ExitCode.INTERRUPTED)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return int(ExitCode.BAD_PROFILE)
    except Exception:  # the funnel: a bug, not a person's mistake
        log.exception("unexpected error")
        where = _log_path() or "the logs folder of the data folder"
        click.echo(f"clientdesk: internal error — details are in {where}; please report it",
                   err=True)
        return int(ExitCode.INTERNAL)
    if isinstance(result, int):
        return result
    return int(ExitCode.OK)


def _log_path() -> str | None:
    for handler in logging.getLogger().handlers:
        name = getattr(handler, "baseFilename", None)
        if name:
            return str(name)
    return None
