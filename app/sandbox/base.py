"""What every fake vendor server shares: its population, its faults, its accepted secret."""

from __future__ import annotations

import base64
import binascii
import re

from aiohttp import web

from app.sandbox.faults import Faults, faults_middleware
from app.sandbox.people import Population


class VendorServer:
    """One fake vendor. Subclasses add routes in :meth:`routes` and keep their own state.

    ``secret`` is the credential the server accepts (API key, password, client secret); tests
    and the ``sandbox`` command put the same value in the keyring. State changes made through
    write endpoints live in memory for the life of the server.
    """

    vendor = "vendor"

    def __init__(self, population: Population, secret: str, faults: Faults | None = None) -> None:
        self.population = population
        self.secret = secret
        self.faults = faults or Faults()
        self.requests = 0  # how many requests arrived (tests check retry counts with it)

    def routes(self, app: web.Application) -> None:
        raise NotImplementedError

    def build_app(self) -> web.Application:
        @web.middleware
        async def count(request: web.Request, handler):  # type: ignore[no-untyped-def]
            self.requests += 1
            return await handler(request)

        app = web.Application(middlewares=[count, faults_middleware(lambda: self.faults)])
        self.routes(app)
        return app

    def profile_table(self, base_url: str) -> dict[str, object]:
        """The ``[vendor]`` table of a store profile pointing at this server."""
        raise NotImplementedError


def encode_cursor(kind: str, position: int) -> str:
    """An opaque paging cursor: ``kind:position`` in unpadded URL-safe base64.

    ``kind`` says what the position counts (a LOKE customer slot, a Booxi client's offset), so a
    cursor from one listing is refused by another.
    """
    return base64.urlsafe_b64encode(f"{kind}:{position}".encode()).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str) -> int | None:
    """The position in a cursor of this ``kind``; None for anything else (never an exception)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    prefix, _, number = raw.partition(":")
    if prefix != kind or not re.fullmatch(r"[0-9]{1,18}", number):
        return None
    return int(number)
