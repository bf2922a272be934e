"""Secrets never reach a log file, even inside exception text."""

from __future__ import annotations

import logging
from pathlib import Path

from app.logs import register_secret, setup_logging


def test_known_secrets_are_scrubbed(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "clientdesk.log"
    setup_logging(log_file)
    register_secret("sup3r-secret-token")
    log = logging.getLogger("test.scrub")
    log.warning("sending %s to vendor", "sup3r-secret-token")
    try:
        raise RuntimeError("auth failed for sup3r-secret-token")
    except RuntimeError:
        log.exception("boom")
    setup_logging(None)
    text = log_file.read_text()
    assert "sup3r-secret-token" not in text
    assert text.count("***") >= 2
    assert (log_file.parent.stat().st_mode & 0o077) == 0
