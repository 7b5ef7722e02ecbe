from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from backends import redis_url
from lookalike.errors import RateLimitedError
from lookalike.limits import (
    LimitStorage,
    PlanLimiter,
    memory_storage,
    open_limit_storage,
    rate_limit_headers,
)
from lookalike.limits.memory import MemoryCounters
from lookalike.settings import PlanSettings, Settings


@pytest.fixture(params=["memory", "redis"])
def limiter(request: pytest.FixtureRequest) -> Iterator[PlanLimiter]:
    """A limiter over each storage, with a key prefix no other test shares."""
    if request.param == "memory":
        storage: LimitStorage = memory_storage()
    else:
        storage = open_limit_storage(Settings(redis_url=SecretStr(redis_url())))
    yield PlanLimiter(storage, prefix=f"test-{uuid.uuid4().hex}")


def test_every_call_counts_in_the_minute_hour_and_day_windows(limiter: PlanLimiter) -> None:
    plan = PlanSettings(per_minute=10, per_hour=100, per_day=1000)
    for _ in range(3):
        usages = limiter.hit("key-a", plan, "/contacts")
    headers = rate_limit_headers(usages)
    assert headers["x-rate-limit-minute"] == "10" and headers["x-minute-requests-left"] == "7"
    assert headers["x-hourly-usage"] == "3" and headers["x-rate-limit-daily"] == "1000"
    assert len(headers) == 9


def test_the_hourly_limit_refuses_with_a_lusha_style_message(limiter: PlanLimiter) -> None:
    plan = PlanSettings(per_second=50, per_minute=50, per_hour=2, per_day=50)
    limiter.hit("key-a", plan, "/contacts")
    limiter.hit("key-a", plan, "/companies")
    with pytest.raises(RateLimitedError) as refused:
        limiter.hit("key-a", plan, "/contacts")
    assert refused.value.message.startswith(
        "Hourly API rate limit exceeded. Limit: 2 calls per hour."
    )
    assert 3500 <= refused.value.retry_after <= 3600
    assert f"Reset in {refused.value.retry_after} seconds" in refused.value.message


def test_the_per_second_limit_is_per_endpoint(limiter: PlanLimiter) -> None:
    plan = PlanSettings(per_second=1)
    limiter.hit("key-a", plan, "/contacts")
    limiter.hit("key-a", plan, "/companies")
    with pytest.raises(RateLimitedError, match="Per-second API rate limit exceeded"):
        limiter.hit("key-a", plan, "/contacts")


def test_a_refused_call_uses_up_nothing(limiter: PlanLimiter) -> None:
    plan = PlanSettings(per_second=1, per_minute=100)
    limiter.hit("key-a", plan, "/contacts")
    with pytest.raises(RateLimitedError):
        limiter.hit("key-a", plan, "/contacts")
    minute = next(u for u in limiter.usage("key-a", plan) if u.window == "minute")
    assert minute.used == 1


def test_keys_have_separate_limits(limiter: PlanLimiter) -> None:
    plan = PlanSettings(per_second=1)
    limiter.hit("key-a", plan, "/contacts")
    limiter.hit("key-b", plan, "/contacts")


def test_the_usage_endpoint_has_its_own_minute_limit(limiter: PlanLimiter) -> None:
    plan = PlanSettings(usage_per_minute=2)
    limiter.hit_usage_endpoint("key-a", plan)
    limiter.hit_usage_endpoint("key-a", plan)
    with pytest.raises(RateLimitedError, match="Limit: 2 calls per minute"):
        limiter.hit_usage_endpoint("key-a", plan)
    assert all(u.used == 0 for u in limiter.usage("key-a", plan))


def test_memory_storage_is_the_default_without_a_redis_url() -> None:
    storage = open_limit_storage(Settings())
    assert isinstance(storage, MemoryCounters)
    assert PlanLimiter(storage).is_local


def test_memory_counters_start_a_new_window_once_the_last_has_ended() -> None:
    counters = MemoryCounters()
    assert [counters.incr("k", 60), counters.incr("k", 60), counters.get("k")] == [1, 2, 2]
    assert counters.incr("gone", 0) == 1  # a window of zero seconds is over at once
    assert counters.get("gone") == 0
    assert counters.incr("gone", 60) == 1


def test_a_key_whose_windows_left_the_cache_keeps_its_counts() -> None:
    limiter = PlanLimiter(memory_storage(), prefix=f"test-{uuid.uuid4().hex}")
    plan = PlanSettings(per_minute=100)
    limiter.hit("key-a", plan, "/contacts")
    for other in range(10_000):  # as many other keys as the window cache holds
        limiter.hit(f"key-{other}", plan, "/contacts")
    usages = limiter.hit("key-a", plan, "/contacts")
    assert next(u for u in usages if u.window == "minute").used == 2


@pytest.mark.parametrize("storage_name", ["memory", "redis"])
def test_counting_all_windows_at_once_matches_counting_them_one_by_one(storage_name: str) -> None:
    if storage_name == "memory":
        storage: LimitStorage = memory_storage()
    else:
        storage = open_limit_storage(Settings(redis_url=SecretStr(redis_url())))
    prefix = uuid.uuid4().hex
    windows = [(f"{prefix}:minute", 60), (f"{prefix}:hour", 3600)]
    storage.incr(windows[0][0], 60)  # an earlier call, counted the ordinary way

    found = storage.incr_all(windows)  # type: ignore[attr-defined]

    assert [count for count, _ in found] == [2, 1]
    for (key, _), (count, ends) in zip(windows, found, strict=True):
        assert storage.get(key) == count
        assert abs(ends - storage.get_expiry(key)) <= 1.5


def test_a_call_counted_in_redis_is_one_round_trip() -> None:
    import redis

    storage = open_limit_storage(Settings(redis_url=SecretStr(redis_url())))
    limiter = PlanLimiter(storage, prefix=f"test-{uuid.uuid4().hex}")
    plan = PlanSettings(per_second=10, per_minute=10, per_hour=100, per_day=1000)
    limiter.hit("key-a", plan, "/contacts")  # loads the script once
    server = redis.Redis.from_url(redis_url())

    def calls() -> dict[str, int]:
        return {name: stats["calls"] for name, stats in server.info("commandstats").items()}

    before = calls()
    usages = limiter.hit("key-a", plan, "/contacts")
    after = calls()

    sent = {
        name: after[name] - before.get(name, 0)
        for name in after
        if after[name] != before.get(name, 0)
    }
    # One EVALSHA for the four windows and the three expiries; the INFO that read ``before``; and
    # the commands the script ran inside Redis.
    assert sent.pop("cmdstat_evalsha") == 1 and sent.pop("cmdstat_info") == 1
    assert set(sent) <= {"cmdstat_incrby", "cmdstat_expire", "cmdstat_ttl"}
    assert [usage.used for usage in usages] == [2, 2, 2]
