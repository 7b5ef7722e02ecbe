"""Limits are exact under concurrency: 40 simultaneous calls against 25 a second let 25 through,
in one process and with Redis shared by several limiters (workers or hosts)."""

from __future__ import annotations

import threading
import uuid

import pytest

from backends import redis_url
from lookalike.errors import RateLimitedError
from lookalike.limits import PlanLimiter, memory_storage
from lookalike.limits.redis_backend import redis_storage
from lookalike.settings import PlanSettings

PLAN = PlanSettings(per_second=25, per_minute=1000, per_hour=1000, per_day=1000)


def race(limiters: list[PlanLimiter], calls: int) -> int:
    """``calls`` threads hit at once, spread over ``limiters``; how many got through."""
    start = threading.Barrier(calls)
    passed = []
    lock = threading.Lock()

    def call(limiter: PlanLimiter) -> None:
        start.wait()
        try:
            limiter.hit("key-1", PLAN, "/api/recommendations/contacts")
        except RateLimitedError:
            return
        with lock:
            passed.append(1)

    threads = [
        threading.Thread(target=call, args=(limiters[i % len(limiters)],)) for i in range(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(passed)


def test_memory_limits_let_exactly_the_limit_through() -> None:
    assert race([PlanLimiter(memory_storage())], 40) == 25


def test_redis_limits_are_exact_across_workers_and_hosts() -> None:
    prefix = f"exact-{uuid.uuid4().hex[:8]}"
    limiters = [PlanLimiter(redis_storage(redis_url()), prefix) for _ in range(4)]
    assert race(limiters, 40) == 25


def test_a_refused_call_uses_up_nothing() -> None:
    limiter = PlanLimiter(memory_storage())
    plan = PlanSettings(per_second=2, per_minute=3, per_hour=1000, per_day=1000)
    for _ in range(2):
        limiter.hit("k", plan, "/a")
    with pytest.raises(RateLimitedError):
        limiter.hit("k", plan, "/a")
    minute = next(u for u in limiter.usage("k", plan) if u.window == "minute")
    assert minute.used == 2
    limiter.hit("k", plan, "/b")  # the per-second window of another endpoint is free
    with pytest.raises(RateLimitedError):
        limiter.hit("k", plan, "/c")
