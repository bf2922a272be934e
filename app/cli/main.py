"""Entry point and the single error funnel of the ``clientdesk`` command.

Every expected failure is a :class:`ClientdeskError` and becomes one line on stderr plus its
documented exit code. Anything else is a bug: the traceback goes to the log file (scrubbed of
secrets) and the person sees one line saying where it is — never a traceback.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

import click

from app import __version__
from app.cli.context import CliContext
from app.errors import ClientdeskError, ExitCode
from app.logs import scrub, setup_logging
from app.paths import ENV_DATA_DIR, ENV_PROFILE, AppPaths

log = logging.getLogger("clientdesk.cli")


@click.group(invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False, path_type=Path),
              envvar=ENV_PROFILE, help=f"Store profile (TOML). Also ${ENV_PROFILE}.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
              envvar=ENV_DATA_DIR, help=f"Data folder (cache, logs). Also ${ENV_DATA_DIR}.")
@click.option("--demo", is_flag=True,
              help="Training mode: open the window against built-in fake vendors.")
@click.option("--verbose", "-v", is_flag=True, help="Log debug detail to the log file.")
@click.option("--no-error-dialogs", is_flag=True, hidden=True,
              help="GUI: log unexpected errors instead of showing a dialog (tests, smoke runs).")
@click.option("--smoke", is_flag=True, hidden=True,
              help="GUI: close after the first vendor check; exit 0 only if all passed.")
@click.option("--screenshot", type=click.Path(dir_okay=False), hidden=True,
              help="GUI with --smoke: save a PNG of the window.")
@click.version_option(__version__, prog_name="clientdesk")
@click.pass_context
def cli(ctx: click.Context, profile_path: Path | None, data_dir: Path | None, demo: bool,
        verbose: bool, no_error_dialogs: bool, smoke: bool, screenshot: str | None) -> int | None:
    """Clientdesk: who is this customer, what have they booked, are they welcome, who is waiting.

    With no command, opens the window for the store profile (or training mode with --demo).
    """
    paths = AppPaths.resolve(data_dir)
    setup_logging(paths.log_file, verbose=verbose)
    ctx.obj = CliContext(profile_path=profile_path, paths=paths, verbose=verbose)
    if ctx.invoked_subcommand is not None:
        if demo:
            raise click.UsageError("--demo opens the window; it cannot be combined with a command")
        return None
    try:
        gui = importlib.import_module("ui.main")
    except ImportError as exc:
        raise ClientdeskError(f"the window cannot open: Qt is not installed ({exc.name})") from None
    profile = None if demo else ctx.obj.profile()
    code: int = gui.run(profile=profile, paths=paths, demo=demo,
                        error_dialogs=not (no_error_dialogs or smoke), smoke=smoke,
                        screenshot=screenshot)
    return code


def _register_commands() -> None:
    from app.cli.blacklist_cmd import blacklist
    from app.cli.credentials import credentials
    from app.cli.doctor_cmd import doctor
    from app.cli.edit_cmds import label, note
    from app.cli.outbox_cmd import outbox_group
    from app.cli.queue_cmd import queue
    from app.cli.sandbox_cmd import sandbox
    from app.cli.search_cmd import search
    from app.cli.show_cmd import show
    from app.cli.sync_cmd import sync

    cli.add_command(credentials)
    cli.add_command(doctor)
    cli.add_command(sandbox)
    cli.add_command(sync)
    cli.add_command(search)
    cli.add_command(show)
    cli.add_command(queue)
    cli.add_command(note)
    cli.add_command(label)
    cli.add_command(blacklist)
    cli.add_command(outbox_group)


_register_commands()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return (and exit with) its exit code."""
    code = run(argv)
    sys.exit(code)


def run(argv: list[str] | None = None) -> int:
    try:
        result = cli.main(args=argv, prog_name="clientdesk", standalone_mode=False)
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
