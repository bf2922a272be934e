"""Logging to a rotating file in the data folder, with secrets scrubbed from every record.

Clients are written never to log a secret; :class:`SecretScrubber` is the second line of
defence: any secret the app has loaded is replaced by ``***`` in whatever reaches a handler,
including exception text. Tracebacks go to the log file only, never to a person's screen.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
from pathlib import Path
from typing import IO

_known_secrets: set[str] = set()


def register_secret(secret: str | None) -> None:
    """Remember a secret so it can never appear in a log line (short ones are too ambiguous)."""
    if secret and len(secret) >= 6:
        _known_secrets.add(secret)


def scrub(text: str) -> str:
    for secret in sorted(_known_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, "***")
    return text


def _text(value: object) -> str:
    """``str(value)``, or a placeholder when even that raises (a log call must never fail)."""
    try:
        return str(value)
    except Exception:
        return f"<unprintable {type(value).__name__}>"


class SecretScrubber(logging.Filter):
    """Rewrites each record's final message (and exception text) without known secrets."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _known_secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:
            # A format that does not match its arguments (or an argument whose str() raises)
            # is our bug, but it must cost a log line, never the action that logged it: a
            # filter's exception reaches the caller. The arguments are left out: they may be
            # exactly what must not be logged.
            message = f"{_text(record.msg)} [log arguments did not fit the format]"
        record.msg = scrub(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True


_fault_file: IO[str] | None = None


#: Libraries that log what must never reach the file: httpx every request URL at INFO (query
#: strings carry customers' emails and phones), httpcore and hpack every header at DEBUG
#: (session cookies, bearer tokens), websockets every frame at DEBUG (live ticket data).
#: Kept at WARNING whatever the level; our own request line (app.vendors.http) logs the path
#: only.
CHATTY_LIBRARIES = ("httpx", "httpcore", "hpack", "websockets", "aiohttp.access")


def setup_logging(log_file: Path | None, *, verbose: bool = False) -> None:
    """File logging (rotating, 5 × 1 MiB) and faulthandler for hard crashes."""
    global _fault_file
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for name in CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    # A record that cannot be written (a bad format, a full disk) is dropped quietly: by
    # default the logging module prints "--- Logging error ---" and a traceback to stderr,
    # in front of the person.
    logging.raiseExceptions = False
    for handler in list(root.handlers):
        if getattr(handler, "_clientdesk", False):
            root.removeHandler(handler)
            handler.close()
    if log_file is None:
        return
    log_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=1_048_576, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SecretScrubber())
    handler._clientdesk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if _fault_file is None:
        _fault_file = open(log_file.with_suffix(".crash.log"), "a", encoding="utf-8")  # noqa: SIM115
        faulthandler.enable(_fault_file)
