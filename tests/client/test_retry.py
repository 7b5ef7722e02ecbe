"""Retry on 429 through both clients, against an in-process transport that answers 429 first."""

from __future__ import annotations

import httpx
import pytest
from tenacity import RetryCallState, Retrying

from lookalike.client import AsyncLookalikeClient, LookalikeClient, NotFoundError, RateLimitedError
from lookalike.client._requests import MAX_RETRY_WAIT, retry_policy


class RefusingServer:
    """Answers ``refusals`` 429s (``Retry-After: 0``), then ``final`` (200 or another status)."""

    def __init__(self, refusals: int, final: int = 200) -> None:
        self.refusals = refusals
        self.final = final
        self.calls = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.calls <= self.refusals:
            body = {"message": "Per-second API rate limit exceeded."}
            return httpx.Response(429, json=body, headers={"retry-after": "0"})
        if self.final != 200:
            return httpx.Response(self.final, json={"message": "No such requestId."})
        return httpx.Response(200, json={"count": 0, "hasMore": False})


def usage_through(server: RefusingServer, max_retries: int = 0) -> dict[str, object]:
    """The sync client's usage call against ``server``, with no backoff between retries."""
    transport = httpx.MockTransport(server)
    with LookalikeClient("k", transport=transport, max_retries=max_retries, backoff=0) as client:
        return client.usage()


def test_a_429_is_retried_until_a_success() -> None:
    server = RefusingServer(refusals=2)
    assert usage_through(server, max_retries=2) == {"count": 0, "hasMore": False}
    assert server.calls == 3


def test_the_last_429_is_raised_once_the_retries_are_spent() -> None:
    server = RefusingServer(refusals=5)
    with pytest.raises(RateLimitedError, match="Per-second"):
        usage_through(server, max_retries=2)
    assert server.calls == 3


def test_without_max_retries_a_429_is_raised_at_once() -> None:
    server = RefusingServer(refusals=1)
    with pytest.raises(RateLimitedError):
        usage_through(server)
    assert server.calls == 1


def test_other_errors_are_never_retried() -> None:
    server = RefusingServer(refusals=0, final=404)
    with pytest.raises(NotFoundError):
        usage_through(server, max_retries=3)
    assert server.calls == 1


@pytest.mark.anyio
async def test_the_async_client_retries_by_the_same_policy() -> None:
    spent, recovers = RefusingServer(refusals=5), RefusingServer(refusals=1)
    options = {"max_retries": 1, "backoff": 0.0}
    async with AsyncLookalikeClient("k", transport=httpx.MockTransport(spent), **options) as a:
        with pytest.raises(RateLimitedError):
            await a.lookalike_usage()
    async with AsyncLookalikeClient("k", transport=httpx.MockTransport(recovers), **options) as b:
        assert (await b.lookalike_usage())["count"] == 0
    assert (spent.calls, recovers.calls) == (2, 2)


def wait_before_retry(backoff: float, retry: int, retry_after: int) -> float:
    """The seconds the policy waits before retry ``retry`` (0-based) of a 429."""
    state = RetryCallState(Retrying(), fn=None, args=(), kwargs={})
    state.attempt_number = retry + 1
    error = RateLimitedError("Slow down.", retry_after=retry_after)
    state.set_exception((RateLimitedError, error, None))
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
