"""Per-vendor request budgets, shared by every request a client makes.

Each limiter is a set of windows that must all have room (Booxi: 5 a second *and* 300 a minute),
and each can be charged extra for a request the vendor counts twice (Booxi: a 400 answer). Two
kinds, because vendors word their limits differently:

* :class:`SlidingWindowLimiter` — exact sliding windows over a log of what was sent: never more
  than ``max`` in *any* window-long span. Booxi's "at most 5 requests per second and 300 per
  minute per key" reads literally as that (excess is answered 429, and the sandbox enforces it
  that way), so :func:`booxi_limiter` is one. A leaky bucket would not do: a bucket of 5 that
  drains at 5/s lets a burst of 5 through and then one more every 0.2 s, so 9 requests can land
  inside one second.
* :class:`RateLimiter` — ``aiolimiter``'s leaky bucket per window, for an hourly allowance where
  a burst does no harm (Qminder: 5,000 an hour for the whole account, :func:`qminder_limiter`).

Both are a :class:`Limiter`, which is all :class:`~app.vendors.http.VendorHttp` needs.
"""

from __future__ import annotations

import asyncio
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Sequence
from types import TracebackType

from aiolimiter import AsyncLimiter

Windows = Sequence[tuple[float, float]]
#: Booxi fair use per partner key: (requests, seconds) windows that must all have room.
BOOXI_WINDOWS: tuple[tuple[float, float], ...] = ((5, 1.0), (300, 60.0))


class Limiter(ABC):
    """What the HTTP path needs of a budget: wait for room, and charge extra after the fact.

    ``async with limiter:`` acquires one request's worth.
    """

    windows: tuple[tuple[float, float], ...]

    @abstractmethod
    async def acquire(self, amount: float = 1) -> None:
        """Wait until ``amount`` fits in every window, then book it."""

    @abstractmethod
    def penalise(self, amount: float = 1) -> None:
        """Charge ``amount`` more (the vendor counted a request twice)."""

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


class RateLimiter(Limiter):
    """All-of several ``(max_requests, per_seconds)`` leaky buckets (``aiolimiter``).

    A penalty is paid by the next :meth:`acquire`. ``aiolimiter`` binds to the event loop it
    first runs on, so share one instance per loop, not per process.
    """

    def __init__(self, windows: Windows) -> None:
        self.windows = tuple(windows)
        self._limiters = [AsyncLimiter(count, seconds) for count, seconds in self.windows]
        self._debt = 0.0

    async def acquire(self, amount: float = 1) -> None:
        amount, self._debt = amount + self._debt, 0.0
        for limiter, (count, _seconds) in zip(self._limiters, self.windows, strict=True):
            await limiter.acquire(min(amount, count))

    def penalise(self, amount: float = 1) -> None:
        """Charge ``amount`` more; paid by the next :meth:`acquire`."""
        self._debt += amount


class SlidingWindowLimiter(Limiter):
    """All-of several ``(max_cost, seconds)`` windows over an exact log of request costs.

    ``margin_s`` widens every window a little, so the vendor — which sees our requests a few
    milliseconds later and with some jitter — never counts one more than we did. A penalty is
    booked at once (when the answer arrives), not on the next request, so the windows stay
    exact.

    The limiter keeps no event-loop objects (only ``asyncio.sleep``), so one process-wide
    instance can serve every client, and a test's closed loop leaves nothing behind. Use it from
    one thread.
    """

    def __init__(
        self,
        windows: Windows,
        *,
        margin_s: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.windows = tuple(windows)
        self.margin_s = margin_s
        self._clock = clock
        self._log: deque[tuple[float, float]] = deque()  # (when, cost), oldest first
        self._horizon = max(seconds for _count, seconds in self.windows) + margin_s

    async def acquire(self, amount: float = 1) -> None:
        while True:
            now = self._clock()
            wait = self._wait(now, amount)
            if wait <= 0:
                # No await between the check and the booking: concurrent tasks cannot overbook.
                self._log.append((now, amount))
                return
            await asyncio.sleep(wait)

    def penalise(self, amount: float = 1) -> None:
        """Charge ``amount`` more, booked now."""
        self._log.append((self._clock(), amount))

    def used(self, seconds: float) -> float:
        """Cost booked in the last ``seconds`` (for tests and diagnostics)."""
        now = self._clock()
        return sum(cost for when, cost in self._log if when > now - seconds)

    def _wait(self, now: float, amount: float) -> float:
        """Seconds until ``amount`` fits in every window (0 when it fits now)."""
        while self._log and self._log[0][0] <= now - self._horizon:
            self._log.popleft()
        longest = 0.0
        for count, seconds in self.windows:
            span = seconds + self.margin_s
            inside = [(when, cost) for when, cost in self._log if when > now - span]
            excess = sum(cost for _when, cost in inside) + min(amount, count) - count
            if excess <= 1e-9:
                continue
            freed = 0.0
            for when, cost in inside:  # oldest first: wait until enough of them have left
                freed += cost
                if freed >= excess - 1e-9:
                    longest = max(longest, when + span - now)
                    break
        return longest


def booxi_limiter() -> SlidingWindowLimiter:
    """A fresh limiter for Booxi fair use: at most 5 requests a second and 300 a minute per key."""
    return SlidingWindowLimiter(BOOXI_WINDOWS)


_shared_booxi: SlidingWindowLimiter | None = None


def shared_booxi_limiter() -> SlidingWindowLimiter:
    """The process-wide Booxi budget: every client with the same partner key draws from it."""
    global _shared_booxi
    if _shared_booxi is None:
        _shared_booxi = booxi_limiter()
    return _shared_booxi


def qminder_limiter(per_hour: float = 5000) -> RateLimiter:
    """Qminder: 5,000 requests an hour for the whole account (every counter shares it)."""
    return RateLimiter([(per_hour, 3600.0)])
