"""The one HTTP path every vendor client uses: timeouts, retries, rate limits, error mapping.

Why one path: the rules are the same for all five vendors — bounded retries with jitter only for
requests that are safe to repeat, Retry-After honoured, a per-vendor budget, UI-sized timeouts,
and no secret (header, query or body) ever in a log line. Every call is bounded by its vendor's
:class:`~app.vendors.limits.CallLimits` — a deadline for the whole call and a cap on the decoded
answer — so a hostile or broken server costs a clear error, never a hung sync or a full memory.
Vendor clients add only what differs: how to authenticate and how to read their error bodies.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import re
import ssl
import time
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any, Self

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)

from app.errors import (
    BadData,
    NotAuthorised,
    NotFound,
    RateLimited,
    Rejected,
    Unavailable,
    UntrustedCertificate,
    VendorError,
)
from app.vendors.body import ACCEPT_ENCODING, decoded_chunks, read_body
from app.vendors.limits import ERROR_BODY_MAX, JSON_DEPTH_MAX, CallLimits
from app.vendors.network import SYSTEM, Network, tls_context
from app.vendors.parsing import json_too_deep, loads
from app.vendors.ratelimit import Limiter

log = logging.getLogger("clientdesk.http")

#: What a client built here waits by default; every vendor call overrides it with its limits.
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
#: Bounds for a VendorHttp built without any (tests of the machinery itself).
DEFAULT_LIMITS = CallLimits(deadline_s=15.0, max_body=8 << 20)


class _TimedOut(Unavailable):
    """No answer before the read timeout or the call's deadline (the retry loop tells it
    from an error the vendor did answer with)."""
_DEADLINE = "clientdesk.deadline"  # response.extensions key: loop time the body must end by
#: Never sleep longer than this for a Retry-After; beyond it we give the error to the caller.
MAX_RETRY_AFTER_S = 30.0
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})

ErrorReader = Callable[[httpx.Response], str]
HeaderSource = Callable[[], Awaitable[Mapping[str, str]]]
#: Seconds to wait before retry number ``state.attempt_number`` (a Retry-After wins over it).
Backoff = Callable[[RetryCallState], float]


def new_async_client(base_url: str | None = None, network: Network = SYSTEM,
                     **kwargs: Any) -> httpx.AsyncClient:
    """An AsyncClient with our defaults: short timeouts, no redirects, and the store's network
    (:mod:`app.vendors.network`: its proxy for ``base_url``, the OS trust store) — never
    httpx's own reading of the environment, so the rules stay ours and the same everywhere."""
    kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
    kwargs.setdefault("follow_redirects", False)
    options = network.httpx_options(base_url) if base_url else {
        "verify": tls_context(), "trust_env": False}
    for key, value in options.items():
        kwargs.setdefault(key, value)
    return httpx.AsyncClient(**kwargs)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date); None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - time.time()
    if seconds != seconds or seconds < 0:  # NaN or negative
        return 0.0
    return min(seconds, 24 * 3600.0)


_TITLE = re.compile(rb"<title[^>]*>([^<]{1,120})", re.IGNORECASE)


def error_body(response: httpx.Response) -> Any | None:
    """The JSON of an error answer, or None when it is not JSON, too big or nested too deep.

    Error answers are read for a message only, and :class:`VendorHttp` never reads more than
    :data:`~app.vendors.limits.ERROR_BODY_MAX` of one; the depth is checked before decoding,
    so ``[[[[…`` is "not JSON", never a ``RecursionError``.
    """
    content = response.content
    if len(content) > ERROR_BODY_MAX or json_too_deep(content, JSON_DEPTH_MAX):
        return None
    try:
        return loads(content)
    except (ValueError, RecursionError):
        return None


def error_snippet(response: httpx.Response, size: int = 200) -> str:
    """The start of an error answer that is not JSON, for the log: an HTML page (a proxy's,
    a captive portal's) is named by its title rather than quoted."""
    content = response.content[:ERROR_BODY_MAX]
    kind = response.headers.get("content-type", "").lower()
    if "html" in kind or content.lstrip()[:1] == b"<":
        title = _TITLE.search(content)
        name = title.group(1).decode(errors="replace").strip() if title else ""
        return f"an HTML page{f' ({name})' if name else ''}, not the vendor's answer"[:size]
    return content[:size].decode(errors="replace")


def default_error_text(response: httpx.Response) -> str:
    """Best-effort vendor message for the log: ``message`` / ``error`` keys, else a snippet."""
    body = error_body(response)
    if body is None:
        return error_snippet(response)
    if isinstance(body, dict):
        for key in ("message", "developerMessage", "error", "errors"):
            value = body.get(key)
            if isinstance(value, str) and value:
                return value[:200]
            if isinstance(value, dict):
                inner = value.get("message")
                if isinstance(inner, str):
                    return inner[:200]
                return str(value)[:200]
    return error_snippet(response)


def default_backoff() -> Backoff:
    """Exponential pauses between retries: 0.2 s, 0.4 s, 0.8 s, … plus up to 0.5 s of jitter."""
    return wait_exponential_jitter(multiplier=0.2, max=5.0, jitter=0.5)


class AsyncClosing(ABC):
    """Base of the vendor clients: ``async with SomeClient(...) as client:`` closes it after."""

    @abstractmethod
    async def aclose(self) -> None:
        """Release what the client holds (its HTTP connection pool, when it owns one)."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


class VendorHttp:
    """Shared request machinery for one vendor.

    ``client`` is injectable (tests, one pooled client per vendor in the app); when it is not
    given we create one and close it in :meth:`aclose`.

    ``limits`` bounds every call (:mod:`app.vendors.limits`): its timeouts are passed on every
    request, so they also override those an injected ``client`` was built with. ``backoff``
    decides the pause before each retry (default :func:`default_backoff`); tests pass
    ``lambda _state: 0.0`` to retry at once.
    """

    def __init__(
        self,
        vendor: str,
        base_url: str,
        *,
        client: httpx.AsyncClient | None = None,
        limiter: Limiter | None = None,
        max_retries: int = 2,
        limits: CallLimits = DEFAULT_LIMITS,
        error_text: ErrorReader = default_error_text,
        backoff: Backoff | None = None,
        network: Network = SYSTEM,
    ) -> None:
        self.vendor = vendor
        self.base_url = base_url.rstrip("/")
        self.network = network
        self._owns_client = client is None
        self.client = client if client is not None else new_async_client(
            self.base_url, network, timeout=limits.timeout)
        self.limiter = limiter
        self.max_retries = max_retries
        self.limits = limits
        self.error_text = error_text
        self.backoff = backoff if backoff is not None else default_backoff()
        self.on_response: Callable[[httpx.Response], None] | None = None

    async def aclose(self) -> None:
        if self._owns_client:
            await self.client.aclose()

    def url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return f"{self.base_url}/{path.lstrip('/')}"

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        auth_headers: HeaderSource | None = None,
        idempotent: bool | None = None,
        stream: bool = False,
    ) -> httpx.Response:
        """Send one request (retrying when safe) and return a 2xx response or raise VendorError.

        With ``stream`` the 2xx response comes back with its body unread (retries end there:
        nothing of it has been used yet); read it through :meth:`chunks` (bounded like any
        body, by the same deadline) and close it (``await response.aclose()``).
        """
        method = method.upper()
        safe = method in IDEMPOTENT_METHODS if idempotent is None else idempotent
        attempts = (self.max_retries + 1) if safe else 1

        def retryable(exc: BaseException) -> bool:
            if isinstance(exc, RateLimited):
                return exc.retry_after is None or exc.retry_after <= MAX_RETRY_AFTER_S
            return isinstance(exc, Unavailable)

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            if isinstance(exc, RateLimited) and exc.retry_after is not None:
                return exc.retry_after
            return float(self.backoff(state))

        # One deadline for the whole call, retries included: no retry starts (or waits) past it.
        deadline = asyncio.get_running_loop().time() + self.limits.deadline_s
        retrying = AsyncRetrying(
            stop=stop_after_attempt(attempts) | stop_before_delay(self.limits.deadline_s),
            retry=retry_if_exception(retryable),
            wait=wait,
            reraise=True,
        )
        # The last error the vendor (or a proxy) actually answered with: when the deadline
        # then cuts a retry short, that answer says more than "did not answer in time".
        answered: VendorError | None = None
        async for attempt in retrying:
            with attempt:
                extra = dict(await auth_headers()) if auth_headers else {}
                if headers:
                    extra.update(headers)
                try:
                    return await self._send_once(method, path, params, json, data, extra,
                                                 deadline, stream)
                except _TimedOut:
                    if answered is not None:
                        raise answered from None
                    raise
                except Unavailable as exc:
                    if exc.status is not None:
                        answered = exc
                    raise
        raise AssertionError("unreachable")  # pragma: no cover - tenacity reraises

    async def _send_once(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        json: Any,
        data: Mapping[str, Any] | None,
        headers: Mapping[str, str],
        deadline: float,
        stream: bool = False,
    ) -> httpx.Response:
        url = self.url(path)
        started = time.perf_counter()
        try:
            request = self.client.build_request(
                method, url, params=params, json=json, data=data,
                headers={"Accept-Encoding": ACCEPT_ENCODING, **headers},
                timeout=self.limits.timeout,
            )
            async with asyncio.timeout_at(deadline):
                if self.limiter is not None:
                    await self.limiter.acquire()
                response = await self.client.send(request, stream=True)
        except (httpx.TimeoutException, TimeoutError):
            self._log(method, url, "timeout", started)
            raise _TimedOut(self.vendor, "did not answer in time") from None
        except httpx.HTTPError as exc:
            self._log(method, url, type(exc).__name__, started)
            refused = _certificate_problem(exc)
            if refused is not None:
                raise UntrustedCertificate(
                    self.vendor, "presented a certificate this PC does not trust",
                    detail=refused) from None
            raise Unavailable(
                self.vendor, "cannot be reached", detail=type(exc).__name__
            ) from None
        if self.on_response is not None:
            self.on_response(response)
        if response.is_success and stream:
            self._log(method, url, str(response.status_code), started)
            response.extensions[_DEADLINE] = deadline
            return response
        limit = self.limits.max_body if response.is_success else ERROR_BODY_MAX
        try:
            body = await read_body(self.vendor, response, limit, deadline,
                                   cut=not response.is_success)
        except VendorError as exc:
            self._log(method, url, f"{response.status_code}, body: {exc.message}", started)
            raise
        self._log(method, url, str(response.status_code), started)
        response = _with_body(response, body)
        if response.is_success:
            return response
        raise self.error_for(response)

    def chunks(self, response: httpx.Response) -> AsyncIterator[bytes]:
        """The decoded body of a response from ``request(stream=True)``, within its bounds."""
        return decoded_chunks(self.vendor, response, self.limits.max_body,
                              response.extensions.get(_DEADLINE))

    def error_for(self, response: httpx.Response) -> VendorError:
        """Map a non-2xx response to our error set (vendor clients may refine it)."""
        status = response.status_code
        detail = self.error_text(response)
        vendor = self.vendor
        if status in (401, 403):
            return NotAuthorised(vendor, "refused our credentials", detail=detail, status=status)
        if status == 404:
            return NotFound(vendor, "has no such record", detail=detail, status=status)
        if status == 429:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            return RateLimited(vendor, "is limiting our requests", retry_after=retry_after,
                               detail=detail)
        if status >= 500:
            return Unavailable(vendor, f"is having problems (HTTP {status})", detail=detail,
                               status=status)
        if status in (408, 425):
            return Unavailable(vendor, "did not answer in time", detail=detail, status=status)
        return Rejected(vendor, f"refused the request (HTTP {status})", detail=detail,
                        status=status)

    def json(self, response: httpx.Response, *, allow_empty: bool = False) -> Any:
        """Decode a JSON body (floats as Decimal) or raise BadData."""
        return self.decode(response.content, allow_empty=allow_empty)

    def decode(self, content: bytes, *, allow_empty: bool = False) -> Any:
        """:meth:`json` for bytes already read (the head of a streamed answer, say)."""
        return decode_json(self.vendor, content, allow_empty=allow_empty)

    def _log(self, method: str, url: str, outcome: str, started: float) -> None:
        # Only scheme, host and path: queries can hold emails/phones, never log them or headers.
        parsed = httpx.URL(url)
        elapsed_ms = (time.perf_counter() - started) * 1000
        log.debug("%s %s %s%s -> %s in %.0f ms", self.vendor, method, parsed.host, parsed.path,
                  outcome, elapsed_ms)


def decode_json(vendor: str, content: bytes, *, allow_empty: bool = False) -> Any:
    """A vendor's JSON body (floats as Decimal), or :class:`BadData` naming ``vendor``."""
    if not content.strip():
        if allow_empty:
            return None
        raise BadData(vendor, "sent an empty answer")
    try:
        return loads(content)
    except (ValueError, RecursionError):
        raise BadData(vendor, "sent an answer that is not JSON",
                      detail=content[:120].decode(errors="replace")) from None


def _certificate_problem(exc: BaseException) -> str | None:
    """The verification failure behind a connection error, if that is what it was."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return str(current.verify_message or current)[:200]
        current = current.__cause__ or current.__context__
    return None


def _with_body(response: httpx.Response, body: bytes) -> httpx.Response:
    """``response`` with its (already decoded) body in hand, as if httpx had read it."""
    skip = {"content-encoding", "content-length", "transfer-encoding"}
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in skip]
    return httpx.Response(response.status_code, headers=headers, content=body,
                          request=response.request, extensions=response.extensions)
