"""What every fake vendor server shares: its population, its faults, its accepted secret."""

from __future__ import annotations

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
