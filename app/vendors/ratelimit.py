"""Per-vendor request budgets, shared by every request a client makes.

Each limiter is a set of windows that must all have room (Booxi: 5 a second *and* 300 a minute).
``aiolimiter`` does the leaky-bucket arithmetic; we only compose windows and add Booxi's rule that
a request answered with 400 costs double.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType

from aiolimiter import AsyncLimiter


class RateLimiter:
    """All-of several ``(max_requests, per_seconds)`` windows."""

    def __init__(self, windows: Sequence[tuple[float, float]]) -> None:
        self.windows = tuple(windows)
        self._limiters = [AsyncLimiter(count, seconds) for count, seconds in self.windows]
        self._debt = 0.0

    async def acquire(self, amount: float = 1) -> None:
        amount, self._debt = amount + self._debt, 0.0
        for limiter, (count, _seconds) in zip(self._limiters, self.windows, strict=True):
            await limiter.acquire(min(amount, count))

    def penalise(self, amount: float = 1) -> None:
        """Charge ``amount`` more (the vendor counted a request twice); paid by the next acquire."""
        self._debt += amount

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


def booxi_limiter() -> RateLimiter:
    """Booxi fair use: at most 5 requests a second and 300 a minute per key."""
    return RateLimiter([(5, 1.0), (300, 60.0)])


def qminder_limiter(per_hour: float = 5000) -> RateLimiter:
    """Qminder: 5,000 requests an hour for the whole account (every counter shares it)."""
    return RateLimiter([(per_hour, 3600.0)])
