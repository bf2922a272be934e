"""Secrets never reach a log file, even inside exception text."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest
from aiohttp import web

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


@pytest.mark.parametrize("verbose", [False, True])
async def test_http_libraries_log_no_query_string_cookie_or_header(
        tmp_path: Path, verbose: bool) -> None:
    """httpx logs every request URL at INFO (customers' emails ride in query strings) and
    httpcore every header at DEBUG (session cookies): neither may reach the file, at either
    level. Over a real loopback socket, as a vendor call is made."""
    cookie = "session=c00kie-value-77"

    async def answer(_request: web.Request) -> web.Response:
        return web.json_response({"data": []}, headers={"Set-Cookie": cookie})

    app = web.Application()
    app.router.add_get("/customers", answer)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    log_file = tmp_path / "logs" / "clientdesk.log"
    setup_logging(log_file, verbose=verbose)
    try:
        async with httpx.AsyncClient() as client:
            response = await client.get(f"http://127.0.0.1:{port}/customers",
                                        params={"email": "zoe.private@example.com"},
                                        headers={"Authorization": "Bearer t0ken-abc"})
        assert response.status_code == 200
        logging.getLogger("clientdesk.test").info("request done")
    finally:
        setup_logging(None)
        await runner.cleanup()
    text = log_file.read_text(encoding="utf-8")
    assert "request done" in text  # the file is written at this level
    for leak in ("zoe.private", "c00kie-value-77", "t0ken-abc", "email="):
        assert leak not in text, leak


@pytest.mark.parametrize("secrets_known", [False, True])
def test_a_bad_log_format_never_raises_or_prints(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], secrets_known: bool) -> None:
    log_file = tmp_path / "logs" / "clientdesk.log"
    setup_logging(log_file)
    if secrets_known:
        register_secret("an0ther-secret-value")  # the scrubber formats every record
    log = logging.getLogger("clientdesk.test")
    try:
        log.warning("sent %s to %s", "one argument only")  # our bug: must not be the caller's
        log.warning("dict format %(missing)s", {"other": "zoe@example.com"})
        log.warning("after")
    finally:
        setup_logging(None)
    text = log_file.read_text(encoding="utf-8")
    assert "after" in text and "zoe@example.com" not in text
    assert capsys.readouterr().err == ""  # no "--- Logging error ---" on the screen
