"""The ``clientdesk`` entry point (console script, ``python -m ui``, the frozen build).

Kept light on purpose: when the command line opens the window (no command given), the splash
(:mod:`ui.splash`) is painted before anything heavy is imported; then :mod:`ui.launch` takes
over exactly as before. A command never imports Qt here.
"""

from __future__ import annotations

import sys
from typing import NoReturn

#: Global options that take a value (the value is not a command).
_WITH_VALUE = frozenset({"--profile", "--data-dir", "--screenshot"})
_NOT_A_WINDOW = frozenset({"-h", "--help", "--version"})


def opens_window(args: list[str]) -> bool:
    """Whether ``clientdesk ARGS`` opens the window: no command (no positional argument)
    and no ``--help`` / ``--version``."""
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in _NOT_A_WINDOW:
            return False
        if arg in _WITH_VALUE:
            skip = True
            continue
        if not arg.startswith("-"):
            return False  # a command (or a mistake click will explain)
    return True


def main(argv: list[str] | None = None) -> NoReturn:
    args = sys.argv[1:] if argv is None else argv
    if opens_window(args):
        try:
            from ui import splash

            splash.show()
        except Exception:  # no Qt, no display: the window's own path says what is wrong
            pass
    from ui.launch import run

    sys.exit(run(argv))
