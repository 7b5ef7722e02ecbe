"""Retry on 429: the async client against the real app, and the policy both clients share."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI
from tenacity import RetryCallState, Retrying

from lookalike.client import AsyncLookalikeClient, NotFoundError, RateLimitedError
from lookalike.client._requests import MAX_RETRY_WAIT, retry_policy

KeyFactory = Callable[..., str]

SEEDS = ["p00-0", "p02-0", "p04-0"]


@pytest.mark.anyio
async def test_the_async_client_waits_out_a_per_second_limit(
    app: FastAPI, new_key: KeyFactory
) -> None:
    transport = httpx.ASGITransport(app=app)
    key = new_key(plan="slow")
    options = {"max_retries": 3, "backoff": 0.2, "transport": transport}
    async with AsyncLookalikeClient(key, "http://app", **options) as client:
        pages = [await client.recommend_contacts(SEEDS, limit=1) for _ in range(2)]
    assert [page["count"] for page in pages] == [1, 1]


def outcome_of(error: Exception, attempt: int = 1) -> RetryCallState:
    """The retry state after attempt ``attempt`` (1-based) raised ``error``."""
    state = RetryCallState(Retrying(), fn=None, args=(), kwargs={})
    state.attempt_number = attempt
    state.set_exception((type(error), error, None))
    return state


def test_only_a_429_is_retried_and_only_max_retries_times() -> None:
    policy = retry_policy(max_retries=2, backoff=0.0)
    assert policy["retry"](outcome_of(RateLimitedError("Slow down.", retry_after=0)))
    assert not policy["retry"](outcome_of(NotFoundError("No such requestId.")))
    assert not policy["stop"](outcome_of(RateLimitedError("Slow down.", retry_after=0), attempt=2))
    assert policy["stop"](outcome_of(RateLimitedError("Slow down.", retry_after=0), attempt=3))
    assert retry_policy(max_retries=0, backoff=0.0)["stop"](
        outcome_of(RateLimitedError("x", retry_after=0))
    )


def wait_before_retry(backoff: float, retry: int, retry_after: int) -> float:
    """The seconds the policy waits before retry ``retry`` (0-based) of a 429."""
    state = outcome_of(RateLimitedError("Slow down.", retry_after=retry_after), retry + 1)
    return retry_policy(max_retries=9, backoff=backoff)["wait"](state)


@pytest.mark.parametrize(
    ("backoff", "retry", "retry_after", "seconds"),
    [
        (1.0, 0, 1, 1.0),
        (1.0, 3, 1, 8.0),  # the backoff doubles with each retry
        (0.5, 1, 5, 5.0),  # a longer Retry-After wins
        (1.0, 0, 3600, MAX_RETRY_WAIT),  # an hourly limit is not waited out
        (1.0, 40, 0, MAX_RETRY_WAIT),
    ],
)
def test_the_wait_is_the_longer_of_retry_after_and_the_backoff_capped(
    backoff: float, retry: int, retry_after: int, seconds: float
) -> None:
    assert wait_before_retry(backoff, retry, retry_after) == seconds
