"""Qminder live queue: GraphQL subscriptions over the legacy ``subscriptions-transport-ws`` socket.

Why this shape (vendor reference §6, mirroring the official JS client):

- Every (re)connect fetches a **new** temporary key with :meth:`QminderClient.connection_key`; the
  account-wide permanent key never appears in a URL or a log line (nor does the temporary one:
  we log host and path only).
- ``connection_init`` → ``connection_ack``, then one ``start`` per subscription. After every
  reconnect each active subscription is started again and ``on_resync`` fires, because events
  that happened while the socket was down are lost: the caller runs one ticket search to catch
  up. ``on_resync`` also fires after the first connect, so the initial snapshot and catching up
  after a drop are the same code path in the caller.
- Application-level ``ping`` every 20 s, a ``pong`` within 12 s or the socket is considered dead
  (NAT boxes and proxies silently drop idle sockets; TCP would not notice for minutes).
- Reconnect delays are ``min(60, max(5, 2**n))`` s after ``n`` failed handshakes in a row, and five
  minutes once five handshakes in a row failed, so a store with a broken network does not
  hammer Qminder's shared 5,000/hour budget with key requests.
- A permanent GraphQL error (bad query, no permission) ends that subscription only; other errors
  restart it with backoff (5 tries). A frame that does not parse is logged and skipped — one
  bad message never costs the live queue.

Every interval is a field of :class:`LiveTiming` so tests run the whole life cycle in
milliseconds. Callbacks are plain functions called on the event loop; an exception in one is
logged and swallowed so the app's bug cannot kill the connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote, urlsplit, urlunsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException

from app.errors import NotAuthorised, VendorError
from app.vendors.qminder.client import QminderClient
from app.vendors.qminder.models import SUBSCRIPTION_KINDS, TicketEvent, parse_event

log = logging.getLogger("clientdesk.qminder.live")

_KEY_IN_TEXT = re.compile(r"(rest-api-key=)[^&\s]+")


class _RedactKeys(logging.Filter):
    """websockets logs the request line at DEBUG; keep the temporary key out of it too."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _KEY_IN_TEXT.sub(r"\1***", record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_KEY_IN_TEXT.sub(r"\1***", a) if isinstance(a, str) else a
                                for a in record.args)
        return True


#: The logger handed to websockets (its own "websockets.client" would print the key at DEBUG).
ws_log = logging.getLogger("clientdesk.qminder.websocket")
ws_log.addFilter(_RedactKeys())

LiveState = Literal["connecting", "live", "reconnecting", "stopped"]
#: Error types after which retrying the same subscription cannot succeed.
PERMANENT_ERROR_TYPES = frozenset({
    "BAD_REQUEST", "FIELD_NOT_FOUND", "INVALID_ARGUMENT", "InvalidSyntax", "NOT_FOUND",
    "PERMISSION_DENIED", "ValidationError",
})
DEFAULT_FIELDS: tuple[str, ...] = tuple(SUBSCRIPTION_KINDS)
#: What we ask GraphQL for; the server may send more, the model keeps what it knows.
TICKET_SELECTION = ("id status statusSetAt line { id name } firstName lastName phoneNumber email "
                    "created { date } cancelled { date } caller { id } labels { value color }")


def default_backoff(failures: int) -> float:
    """``min(60, max(5, 2**n))`` seconds, as the official client does."""
    return float(min(60, max(5, 2 ** min(failures, 16))))


@dataclass(frozen=True)
class LiveTiming:
    """Every interval of the live client (seconds). Defaults follow the official client."""

    ping_interval: float = 20.0
    pong_timeout: float = 12.0
    ack_timeout: float = 10.0  # connect + connection_ack must arrive within this
    close_timeout: float = 5.0
    backoff: Callable[[int], float] = default_backoff
    jitter: float = 0.2  # up to +20 % so many counters do not reconnect in lockstep
    slow_after: int = 5  # failed handshakes in a row before slowing down
    slow_retry: float = 300.0
    subscription_retries: int = 5


def subscription_url(base_url: str, temp_key: str) -> str:
    """``http(s)://host`` → ``ws(s)://host/graphql/subscription?rest-api-key=<temp key>``."""
    parts = urlsplit(base_url.rstrip("/"))
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme.lower(), parts.scheme)
    path = parts.path.rstrip("/") + "/graphql/subscription"
    return urlunsplit((scheme, parts.netloc, path, f"rest-api-key={quote(temp_key, safe='')}",
                       ""))


def subscription_query(field_name: str, location_id: int | str) -> str:
    location = json.dumps(str(location_id))
    if field_name == "changedTicketLabels":
        selection = f"ticket {{ {TICKET_SELECTION} }} labels {{ value color }}"
    else:
        selection = TICKET_SELECTION
    return f"subscription {{ {field_name}(locationId: {location}) {{ {selection} }} }}"


class _HandshakeFailed(Exception):
    """The socket never got to ``connection_ack``; counts toward the slow-down."""


class _PongTimeout(Exception):
    pass


@dataclass
class _Subscription:
    id: str
    field_name: str
    query: str
    retries: int = 0
    retry_task: asyncio.Task[None] | None = field(default=None, repr=False)


class QminderLive:
    """One subscription socket for the profile's location.

    ``on_event`` gets a :class:`TicketEvent` per pushed change; ``on_state`` gets
    ``"connecting"``, ``"live"``, ``"reconnecting"`` or ``"stopped"`` on every change;
    ``on_resync`` is called after every successful (re)subscription.
    """

    def __init__(
        self,
        client: QminderClient,
        *,
        on_event: Callable[[TicketEvent], None],
        on_state: Callable[[LiveState], None] | None = None,
        on_resync: Callable[[], None] | None = None,
        fields: tuple[str, ...] = DEFAULT_FIELDS,
        timing: LiveTiming | None = None,
    ) -> None:
        self._client = client
        self._on_event = on_event
        self._on_state = on_state
        self._on_resync = on_resync
        self.timing = timing or LiveTiming()
        self.location_id = client.table.location_id
        self.state: LiveState = "stopped"
        #: Subscriptions ended by a permanent error: field → error type (for a status line).
        self.failed: dict[str, str] = {}
        #: Why the client stopped on its own (bad credentials), else None.
        self.error: VendorError | None = None
        self.handshake_failures = 0
        self.connects = 0
        self._subs: dict[str, _Subscription] = {}
        self._next_id = 0
        self._ws: ClientConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()
        self._pong = asyncio.Event()
        self._rng = random.Random()
        for name in fields:
            self.subscribe(name)

    # -- public API -------------------------------------------------------------------------

    def subscribe(self, field_name: str) -> str:
        """Add a subscription (started now if live, and after every reconnect); returns its id."""
        if field_name not in SUBSCRIPTION_KINDS:
            raise ValueError(f"unknown subscription field {field_name!r}")
        self._next_id += 1
        sub = _Subscription(str(self._next_id), field_name,
                            subscription_query(field_name, self.location_id))
        self._subs[sub.id] = sub
        if self.state == "live":
            self._spawn_send(sub)
        return sub.id

    async def unsubscribe(self, sub_id: str) -> None:
        sub = self._subs.pop(sub_id, None)
        if sub is None:
            return
        if sub.retry_task is not None:
            sub.retry_task.cancel()
        if self._ws is not None and self.state == "live":
            with contextlib.suppress(ConnectionClosed):
                await self._ws.send(json.dumps({"id": sub_id, "type": "stop", "payload": None}))

    @property
    def active_fields(self) -> list[str]:
        return [sub.field_name for sub in self._subs.values()]

    def start(self) -> None:
        """Begin connecting in the background (idempotent)."""
        if self._task is not None and not self._task.done():
            return
        self._stop.clear()
        self.error = None
        self._task = asyncio.get_running_loop().create_task(self._run(), name="qminder-live")

    async def stop(self) -> None:
        """Close with code 1000 (intentional) and wait for the background task to end."""
        self._stop.set()
        ws = self._ws
        if ws is not None:
            with contextlib.suppress(WebSocketException, OSError):
                await ws.close(1000, "client stopped")
        task, self._task = self._task, None
        if task is not None:
            try:
                await asyncio.wait_for(task, self.timing.close_timeout + 1)
            except (TimeoutError, asyncio.CancelledError):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        for sub in self._subs.values():
            if sub.retry_task is not None:
                sub.retry_task.cancel()
                sub.retry_task = None
        self._set_state("stopped")

    async def aclose(self) -> None:
        await self.stop()

    async def __aenter__(self) -> QminderLive:
        self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- connection loop --------------------------------------------------------------------

    async def _run(self) -> None:
        first = True
        try:
            while not self._stop.is_set():
                self._set_state("connecting" if first else "reconnecting")
                first = False
                try:
                    await self._session()
                except NotAuthorised as exc:
                    log.error("Qminder live: the API key was refused; live updates stopped")
                    self.error = exc
                    return
                except _HandshakeFailed as exc:
                    self.handshake_failures += 1
                    log.warning("Qminder live: connecting failed (%s), attempt %d", exc,
                                self.handshake_failures)
                except (ConnectionClosed, OSError, _PongTimeout, WebSocketException) as exc:
                    log.info("Qminder live: connection lost (%s)", type(exc).__name__)
                except Exception:  # a bug must not end live updates for good; slow down
                    log.exception("Qminder live: unexpected failure; reconnecting")
                    self.handshake_failures += 1
                if self._stop.is_set():
                    return
                # Say so now, not after the backoff: for those seconds nothing is live, and a
                # screen reading "Live" would promise changes that are not coming.
                self._set_state("reconnecting")
                await self._sleep(self._delay())
        finally:
            self._ws = None
            self._set_state("stopped")

    def _delay(self) -> float:
        timing = self.timing
        if self.handshake_failures >= timing.slow_after:
            base = timing.slow_retry
        else:
            base = timing.backoff(self.handshake_failures)
        return base * (1 + self._rng.random() * timing.jitter)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), seconds)

    async def _session(self) -> None:
        """One socket from key to close. Raises _HandshakeFailed if it never got live."""
        try:
            key = await self._client.connection_key()
        except NotAuthorised:
            raise
        except VendorError as exc:
            raise _HandshakeFailed(f"no connection key: {exc.message}") from None
        url = subscription_url(self._client.base_url, key)
        host = urlsplit(url).hostname
        log.debug("Qminder live: connecting to %s/graphql/subscription", host)
        try:
            ws = await asyncio.wait_for(self._open(url), self.timing.ack_timeout)
        except InvalidStatus as exc:
            raise _HandshakeFailed(f"HTTP {exc.response.status_code}") from None
        except (OSError, TimeoutError, WebSocketException) as exc:
            raise _HandshakeFailed(type(exc).__name__) from None
        self._ws = ws
        try:
            try:
                await asyncio.wait_for(self._handshake(ws), self.timing.ack_timeout)
            except (TimeoutError, ConnectionClosed) as exc:
                raise _HandshakeFailed(f"no connection_ack ({type(exc).__name__})") from None
            if self._stop.is_set():
                return
            self.handshake_failures = 0
            self.connects += 1
            for sub in list(self._subs.values()):
                sub.retries = 0
                await self._send_start(ws, sub)
            self._set_state("live")
            self._notify_resync()
            await self._pump(ws)
        finally:
            self._ws = None
            with contextlib.suppress(WebSocketException, OSError):
                await ws.close(1000 if self._stop.is_set() else 1001)

    async def _open(self, url: str) -> ClientConnection:
        # The REST client's route: the same proxy and trust store for the socket.
        return await connect(url, ping_interval=None, open_timeout=None,
                             close_timeout=self.timing.close_timeout, max_size=1 << 20,
                             logger=ws_log, **self._client.network.websocket_options(url))

    async def _handshake(self, ws: ClientConnection) -> None:
        await ws.send(json.dumps({"type": "connection_init", "payload": None}))
        while True:
            message = self._decode(await ws.recv())
            if message is None:
                continue
            kind = message.get("type")
            if kind == "connection_ack":
                return
            if kind == "ping":
                await ws.send('{"type":"pong"}')
            elif kind == "connection_error":
                raise _HandshakeFailed("connection_error")

    async def _pump(self, ws: ClientConnection) -> None:
        reader = asyncio.create_task(self._read(ws))
        pinger = asyncio.create_task(self._ping(ws))
        try:
            done, _ = await asyncio.wait({reader, pinger}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (reader, pinger):
                task.cancel()
            await asyncio.gather(reader, pinger, return_exceptions=True)
        for task in done:
            task.result()  # re-raise why the socket ended

    async def _ping(self, ws: ClientConnection) -> None:
        while True:
            await asyncio.sleep(self.timing.ping_interval)
            self._pong.clear()
            await ws.send('{"type":"ping"}')
            try:
                await asyncio.wait_for(self._pong.wait(), self.timing.pong_timeout)
            except TimeoutError:
                log.warning("Qminder live: no pong within %.0f s; reconnecting",
                            self.timing.pong_timeout)
                raise _PongTimeout from None

    async def _read(self, ws: ClientConnection) -> None:
        async for raw in ws:
            message = self._decode(raw)
            if message is not None:
                await self._dispatch(ws, message)

    # -- messages ---------------------------------------------------------------------------

    @staticmethod
    def _decode(raw: str | bytes) -> dict[str, Any] | None:
        if isinstance(raw, bytes):
            log.warning("Qminder live: skipped a binary frame")
            return None
        try:
            message = json.loads(raw)
        except (ValueError, RecursionError):
            log.warning("Qminder live: skipped a frame that is not JSON (%d chars)", len(raw))
            return None
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            log.warning("Qminder live: skipped a frame without a type")
            return None
        return message

    async def _dispatch(self, ws: ClientConnection, message: dict[str, Any]) -> None:
        kind = message["type"]
        sub_id = message.get("id")
        sub = self._subs.get(sub_id) if isinstance(sub_id, str) else None
        if kind in ("ka", "connection_ack"):
            return
        if kind == "pong":
            self._pong.set()
        elif kind == "ping":
            await ws.send('{"type":"pong"}')
        elif kind == "data":
            self._on_data(sub, message.get("payload"))
        elif kind == "error":
            self._on_error(sub, message.get("payload"))
        elif kind == "complete":
            if sub is not None:
                log.info("Qminder live: server completed %s", sub.field_name)
                self._subs.pop(sub.id, None)
        else:
            log.debug("Qminder live: ignored a %r frame", kind[:40])

    def _on_data(self, sub: _Subscription | None, payload: Any) -> None:
        if sub is None:
            log.debug("Qminder live: data for an unknown subscription")
            return
        data = payload.get("data") if isinstance(payload, dict) else None
        value = data.get(sub.field_name) if isinstance(data, dict) else None
        if value is None:
            errors = payload.get("errors") if isinstance(payload, dict) else None
            if errors:
                self._on_error(sub, payload)
            else:
                log.warning("Qminder live: skipped an empty %s update", sub.field_name)
            return
        try:
            event = parse_event(self._client.vendor, sub.field_name, value)
        except VendorError as exc:
            log.warning("Qminder live: skipped an unreadable %s update (%s)", sub.field_name,
                        exc.message)
            return
        sub.retries = 0
        try:
            self._on_event(event)
        except Exception:
            log.exception("Qminder live: the event handler failed")

    def _on_error(self, sub: _Subscription | None, payload: Any) -> None:
        errors = payload.get("errors") if isinstance(payload, dict) else None
        first = errors[0] if isinstance(errors, list) and errors else {}
        error_type = first.get("errorType") if isinstance(first, dict) else None
        text = first.get("message") if isinstance(first, dict) else None
        if sub is None:
            log.warning("Qminder live: server error %s: %.200s", error_type, text)
            return
        if error_type in PERMANENT_ERROR_TYPES:
            log.error("Qminder live: %s refused (%s: %.200s); not retrying", sub.field_name,
                      error_type, text)
            self._give_up(sub, str(error_type))
            return
        if sub.retries >= self.timing.subscription_retries:
            log.error("Qminder live: %s kept failing (%s); giving up", sub.field_name, error_type)
            self._give_up(sub, str(error_type or "error"))
            return
        delay = self.timing.backoff(sub.retries)
        sub.retries += 1
        log.warning("Qminder live: %s failed (%s); retrying in %.1f s", sub.field_name, error_type,
                    delay)
        sub.retry_task = asyncio.get_running_loop().create_task(self._retry(sub, delay))

    def _give_up(self, sub: _Subscription, error_type: str) -> None:
        self._subs.pop(sub.id, None)
        self.failed[sub.field_name] = error_type

    async def _retry(self, sub: _Subscription, delay: float) -> None:
        await asyncio.sleep(delay)
        sub.retry_task = None
        ws = self._ws
        if ws is not None and self.state == "live" and sub.id in self._subs:
            with contextlib.suppress(ConnectionClosed):
                await self._send_start(ws, sub)

    def _spawn_send(self, sub: _Subscription) -> None:
        ws = self._ws
        if ws is not None:
            sub.retry_task = asyncio.get_running_loop().create_task(self._retry(sub, 0))

    @staticmethod
    async def _send_start(ws: ClientConnection, sub: _Subscription) -> None:
        await ws.send(json.dumps({"id": sub.id, "type": "start",
                                  "payload": {"query": sub.query}}))

    # -- callbacks --------------------------------------------------------------------------

    def _set_state(self, state: LiveState) -> None:
        if state == self.state:
            return
        self.state = state
        if self._on_state is not None:
            try:
                self._on_state(state)
            except Exception:
                log.exception("Qminder live: the state handler failed")

    def _notify_resync(self) -> None:
        if self._on_resync is not None:
            try:
                self._on_resync()
            except Exception:
                log.exception("Qminder live: the resync handler failed")
