from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI

from lookalike.client import (
    AsyncLookalikeClient,
    AuthenticationError,
    ConflictError,
    InsufficientCreditsError,
    InvalidRequestError,
    LookalikeClient,
    NotFoundError,
    RateLimitedError,
    ServerError,
)

KeyFactory = Callable[..., str]
SEEDS = ["p00-0", "p02-0", "p04-0"]


def test_the_sync_client_gets_contacts_companies_and_usage(
    base_url: str, new_key: KeyFactory
) -> None:
    with LookalikeClient(new_key(credits=50), base_url) as client:
        contacts = client.recommend_contacts(SEEDS, limit=3)
        companies = client.recommend_companies(["c00", {"domain": "acme02.example.com"}], limit=2)
        usage = client.usage()
    assert contacts["count"] == 3 and len(contacts["contacts"]) == 3
    assert companies["count"] == 2
    assert usage["usage"]["credits"] == {"total": 50, "used": 5, "remaining": 45}


def test_iterating_pages_follows_the_request_id_until_the_end(
    base_url: str, new_key: KeyFactory
) -> None:
    with LookalikeClient(new_key(), base_url) as client:
        pages = list(client.iter_pages("contacts", SEEDS, limit=25))
    ids = [c["personId"] for page in pages for c in page["contacts"]]
    assert len(pages) >= 3 and len({page["requestId"] for page in pages}) == 1
    assert len(ids) == len(set(ids)) == 57  # sixty contacts minus three seeds
    assert pages[-1]["hasMore"] is False


def test_max_pages_stops_early(base_url: str, new_key: KeyFactory) -> None:
    with LookalikeClient(new_key(), base_url) as client:
        pages = list(client.iter_pages("contacts", SEEDS, limit=5, max_pages=2))
    assert len(pages) == 2 and pages[-1]["hasMore"] is True


def test_each_error_status_raises_its_own_exception(base_url: str, new_key: KeyFactory) -> None:
    with LookalikeClient("lk_wrong", base_url) as client, pytest.raises(AuthenticationError):
        client.usage()
    with LookalikeClient(new_key(credits=0), base_url) as client:
        with pytest.raises(InsufficientCreditsError):
            client.recommend_contacts(SEEDS)
        with pytest.raises(InvalidRequestError, match="limit"):
            client.recommend_contacts(SEEDS, limit=30)
        with pytest.raises(NotFoundError, match="ghost"):
            client.recommend_contacts(["ghost"])
    with LookalikeClient(new_key(), base_url) as client:
        client.recommend_contacts(SEEDS, limit=1, idempotency_key="k")
        with pytest.raises(ConflictError):
            client.recommend_contacts(SEEDS, limit=2, idempotency_key="k")


def test_a_rate_limit_raises_with_the_retry_delay(base_url: str, new_key: KeyFactory) -> None:
    with LookalikeClient(new_key(plan="hourly"), base_url) as client:
        client.recommend_contacts(SEEDS, limit=1)
        with pytest.raises(RateLimitedError) as refused:
            client.recommend_contacts(SEEDS, limit=1)
    assert 3000 < refused.value.retry_after <= 3600


def test_retry_waits_out_a_per_second_limit(base_url: str, new_key: KeyFactory) -> None:
    with LookalikeClient(new_key(plan="slow"), base_url, max_retries=3, backoff=0.2) as client:
        pages = [client.recommend_contacts(SEEDS, limit=1) for _ in range(2)]
    assert [page["count"] for page in pages] == [1, 1]


@pytest.mark.anyio
async def test_the_async_client_pages_through_a_session(app: FastAPI, new_key: KeyFactory) -> None:
    transport = httpx.ASGITransport(app=app)
    async with AsyncLookalikeClient(new_key(), "http://app", transport=transport) as client:
        pages = [page async for page in client.iter_pages("companies", ["c00"], limit=10)]
        usage = await client.usage()
    ids = [c["companyId"] for page in pages for c in page["companies"]]
    assert len(ids) == len(set(ids)) == 19 and pages[-1]["hasMore"] is False
    assert usage["usage"]["credits"]["used"] == 19


@pytest.mark.anyio
async def test_the_async_client_raises_the_same_exceptions(
    app: FastAPI, new_key: KeyFactory
) -> None:
    transport = httpx.ASGITransport(app=app)
    async with AsyncLookalikeClient(new_key(), "http://app", transport=transport) as client:
        with pytest.raises(NotFoundError, match="requestId"):
            await client.recommend_companies(request_id="missing")


def test_an_unreachable_server_is_a_server_error_naming_the_url() -> None:
    with LookalikeClient("k", "http://127.0.0.1:9") as client, pytest.raises(ServerError) as failed:
        client.usage()
    assert failed.value.status_code == 0 and "127.0.0.1:9" in failed.value.message
