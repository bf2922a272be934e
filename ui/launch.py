"""The ``clientdesk`` command: the window with no command, the headless CLI with one.

:mod:`ui.start` (the console script and the frozen build) hands over to :func:`run` here, so
that the core never has to reach into the window: :mod:`app.cli.main` does not know this package
exists, and this module hands every command to its click group unchanged. It parses the same
options in the same way (:func:`app.cli.main.global_options`) and fails through the same
funnel (:func:`app.cli.main.funnel`: one line, the documented exit code, never a traceback).

Qt is imported only when the window opens (:func:`open_window`), never at import: on a
headless install without PySide6, ``clientdesk doctor`` and every other command still run, and
only ``clientdesk`` without a command says that the window cannot open.
"""

from __future__ import annotations

from pathlib import Path

import click

from app.about import Install
from app.cli.context import CliContext
from app.cli.main import CONTEXT_SETTINGS, cli, funnel, global_options, start
from app.errors import ClientdeskError

#: Top-level modules whose absence means "this install has no Qt", not a bug.
QT_MODULES = frozenset({"PySide6", "shiboken6", "qasync"})


class WindowOrCommand(click.Group):
    """A group whose commands are the headless CLI's, looked up there each time."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return cli.list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return cli.get_command(ctx, cmd_name)


@click.group(cls=WindowOrCommand, invoke_without_command=True,
             context_settings=CONTEXT_SETTINGS)
@global_options
@click.option("--demo", is_flag=True,
              help="Training mode: open the window against built-in fake vendors.")
@click.option("--no-error-dialogs", is_flag=True, hidden=True,
              help="GUI: log unexpected errors instead of showing a dialog (tests, smoke runs).")
@click.option("--smoke", is_flag=True, hidden=True,
              help="GUI: close after the first vendor check; exit 0 only if all passed.")
@click.option("--screenshot", type=click.Path(dir_okay=False), hidden=True,
              help="GUI with --smoke: save a PNG of the window.")
@click.pass_context
def launch(ctx: click.Context, profile_path: Path | None, data_dir: Path | None,
           verbose: bool, demo: bool, no_error_dialogs: bool, smoke: bool,
           screenshot: str | None) -> int | None:
    """Clientdesk: who is this customer, what have they booked, are they welcome, who is waiting.

    With no command, opens the window for the store profile (or training mode with --demo).
    """
    context = start(ctx, profile_path, data_dir, verbose)
    if ctx.invoked_subcommand is not None:
        if demo or smoke or screenshot:
            raise click.UsageError("--demo opens the window; it cannot be combined with a command"
                                   if demo else "--smoke and --screenshot are for the window; "
                                   "they cannot be combined with a command")
        return None
    return open_window(context, demo=demo, error_dialogs=not (no_error_dialogs or smoke),
                       smoke=smoke, screenshot=screenshot)


def open_window(context: CliContext, *, demo: bool, error_dialogs: bool, smoke: bool,
                screenshot: str | None) -> int:
    """Import the Qt layer (only now) and run the window until it closes; its exit code."""
    try:
        from ui import main as gui
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in QT_MODULES:
            raise  # a module of ours is broken: a bug, for the funnel
        raise ClientdeskError(f"the window cannot open: Qt is not installed ({exc.name})") \
            from None
    profile = None if demo else context.profile()
    install = Install(context.profile_path, context.profile_source, context.paths.data_dir,
                      keyring="", training=demo)
    return gui.run(profile=profile, paths=context.paths, demo=demo, error_dialogs=error_dialogs,
                   smoke=smoke, screenshot=screenshot, install=install)


def run(argv: list[str] | None = None) -> int:
    """Run ``clientdesk`` (window or command) through the funnel; returns the exit code."""
    return funnel(launch, argv)



