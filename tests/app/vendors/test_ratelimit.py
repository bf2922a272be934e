"""Request budgets: Booxi's exact sliding windows (double-charged 400s, one shared instance)
and the leaky buckets the other vendors use."""

from __future__ import annotations

import asyncio
import time

import pytest

from app.vendors.ratelimit import (
    BOOXI_WINDOWS,
    RateLimiter,
    SlidingWindowLimiter,
    booxi_limiter,
    shared_booxi_limiter,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def book(limiter: SlidingWindowLimiter, clock: FakeClock, times: int) -> None:
    for _ in range(times):
        assert limiter._wait(clock(), 1) == 0
        limiter._log.append((clock(), 1))


def test_five_a_second_then_wait_for_the_oldest_to_leave() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter(BOOXI_WINDOWS, margin_s=0.05, clock=clock)
    book(limiter, clock, 5)
    assert limiter._wait(clock(), 1) == pytest.approx(1.05)
    clock.now += 0.5
    assert limiter._wait(clock(), 1) == pytest.approx(0.55)


def test_a_penalty_takes_room_at_once() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter(BOOXI_WINDOWS, margin_s=0.0, clock=clock)
    book(limiter, clock, 3)
    limiter.penalise()  # the third was answered 400
    assert limiter.used(1.0) == 4
    book(limiter, clock, 1)
    assert limiter._wait(clock(), 1) == pytest.approx(1.0)


def test_the_minute_window_holds_too() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter([(5, 1.0), (8, 60.0)], margin_s=0.0, clock=clock)
    for _ in range(8):
        clock.now += 0.3
        book(limiter, clock, 1)
    clock.now += 2
    first_booked = 50.3
    assert limiter._wait(clock(), 1) == pytest.approx(first_booked + 60 - clock.now)


async def test_concurrent_callers_never_overbook() -> None:
    limiter = SlidingWindowLimiter([(3, 0.2)], margin_s=0.0)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await asyncio.gather(*(limiter.acquire() for _ in range(7)))
    assert loop.time() - started >= 0.4
    stamps = sorted(when for when, _cost in limiter._log)
    assert all(later - earlier >= 0.2 - 1e-6 for earlier, later in zip(stamps, stamps[3:],
                                                                         strict=False))


def test_one_shared_limiter_per_process() -> None:
    assert shared_booxi_limiter() is shared_booxi_limiter()
    assert isinstance(shared_booxi_limiter(), SlidingWindowLimiter)
    assert booxi_limiter() is not booxi_limiter()
    assert booxi_limiter().windows == ((5, 1.0), (300, 60.0))


async def test_leaky_bucket_penalty_is_paid_by_the_next_request() -> None:
    limiter = RateLimiter([(2, 1.0)])
    await limiter.acquire()
    limiter.penalise()
    started = time.perf_counter()
    await limiter.acquire()
    assert time.perf_counter() - started >= 0.4
