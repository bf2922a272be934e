"""The reservations session: two JWT cookies that we keep ourselves, not in httpx's cookie jar.

Why not the jar: the server hard-codes ``Domain=.reservations.local`` on both cookies, so a
standard jar (httpx, ``http.cookiejar``) silently drops them for any other host and every later
call is 401. We read ``jwt-access`` / ``jwt-refresh`` straight from ``Set-Cookie`` on every
response (the server hands out a new access token on any request it refreshed implicitly) and
send them back in an explicit ``Cookie`` header. Token values never appear in ``repr``.
"""

from __future__ import annotations

import email.utils
import time

import httpx

from app.logs import register_secret

ACCESS = "jwt-access"
REFRESH = "jwt-refresh"
NAMES = (ACCESS, REFRESH)


def parse_set_cookie(header: str) -> tuple[str, str | None] | None:
    """``(name, value)`` from one Set-Cookie line; value None when the cookie is being deleted.

    Deletion is ``Max-Age<=0`` (Go writes ``Max-Age=0`` for a negative MaxAge), an ``Expires``
    in the past, or an empty value. Attributes other than those (Domain, Path, ...) are ignored
    on purpose: they are exactly what makes a standard jar drop these cookies.
    """
    first, _, attributes = header.partition(";")
    name, eq, value = first.partition("=")
    name = name.strip()
    if not eq or not name:
        return None
    value = value.strip().strip('"')
    deleted = not value
    for attribute in attributes.split(";"):
        key, _, raw = attribute.partition("=")
        key = key.strip().lower()
        raw = raw.strip()
        if key == "max-age":
            try:
                deleted = deleted or int(raw) <= 0
            except ValueError:
                continue
        elif key == "expires":
            try:
                when = email.utils.parsedate_to_datetime(raw)
            except (TypeError, ValueError):
                continue
            deleted = deleted or when.timestamp() <= time.time()
    return name, (None if deleted else value)


def cookie_value(header: str, name: str) -> str | None:
    """The value of cookie ``name`` in a request ``Cookie`` header, if present."""
    for pair in header.split(";"):
        key, eq, value = pair.strip().partition("=")
        if eq and key == name:
            return value
    return None


class Session:
    """The current token pair. ``generation`` changes on every fresh login (see the client)."""

    def __init__(self) -> None:
        self.access: str | None = None
        self.refresh: str | None = None
        self.generation = 0

    def __repr__(self) -> str:
        return (f"Session(access={'set' if self.access else 'none'}, "
                f"refresh={'set' if self.refresh else 'none'}, generation={self.generation})")

    @property
    def active(self) -> bool:
        return self.access is not None or self.refresh is not None

    def clear(self) -> None:
        self.access = None
        self.refresh = None

    def drop_access(self) -> None:
        """Forget the access token: the next call sends only ``jwt-refresh`` (implicit refresh)."""
        self.access = None

    def capture(self, response: httpx.Response) -> None:
        """Take new or deleted tokens from any response, 2xx or not (the server sets both)."""
        for header in response.headers.get_list("set-cookie"):
            parsed = parse_set_cookie(header)
            if parsed is None:
                continue
            name, value = parsed
            if name in (ACCESS, REFRESH):
                register_secret(value)  # from this moment no log line can carry it
            if name == ACCESS:
                self.access = value
            elif name == REFRESH:
                self.refresh = value

    def cookie_header(self) -> dict[str, str]:
        """The explicit ``Cookie`` header for the next request (empty when logged out)."""
        pairs = [f"{name}={value}" for name, value in ((ACCESS, self.access),
                                                       (REFRESH, self.refresh)) if value]
        return {"Cookie": "; ".join(pairs)} if pairs else {}
