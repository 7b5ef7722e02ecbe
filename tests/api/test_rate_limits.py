from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from api_universe import KeyFactory, Universe, asgi_client
from fastapi import FastAPI
from pydantic import SecretStr

from backends import redis_url
from lookalike.api.app import create_app
from lookalike.store.accounts import create_account_with_key

pytestmark = pytest.mark.anyio

CONTACTS = "/api/recommendations/contacts"
SEEDS = {"contacts": [{"personId": "p000-0", "companyId": "c000"}], "limit": 1}
HEADERS = {
    f"{prefix}{window}{suffix}"
    for window in ("daily", "hourly", "minute")
    for prefix, suffix in (("x-rate-limit-", ""), ("x-", "-requests-left"), ("x-", "-usage"))
}


async def post(client: httpx.AsyncClient, key: str, body: dict[str, Any]) -> httpx.Response:
    return await client.post(CONTACTS, json=body, headers={"api_key": key})


async def test_every_authenticated_response_carries_the_nine_headers(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key(credits=1)
    responses = [
        await post(client, key, SEEDS),  # 200
        await post(client, key, SEEDS),  # 402
        await post(client, key, {"contacts": []}),  # 400
        await post(client, key, {"requestId": "nope"}),  # 404
        await client.get("/account/usage", headers={"api_key": key}),
    ]
    assert [r.status_code for r in responses] == [200, 402, 400, 404, 200]
    for response in responses:
        assert set(response.headers) >= HEADERS
    assert responses[3].headers["x-minute-usage"] == "4"
    assert responses[3].headers["x-rate-limit-hourly"] == "1800"


async def test_a_429_carries_retry_after_and_the_headers(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key(plan="hourly")
    for _ in range(2):
        await post(client, key, SEEDS)
    refused = await post(client, key, SEEDS)
    assert refused.status_code == 429
    assert set(refused.headers) >= HEADERS and refused.headers["x-hourly-requests-left"] == "0"
    message = refused.json()["error"]["message"]
    assert f"Reset in {refused.headers['Retry-After']} seconds" in message


async def test_workers_sharing_redis_share_the_limits(sqlite_universe: Universe) -> None:
    settings = sqlite_universe.settings.model_copy(update={"redis_url": SecretStr(redis_url())})
    prefix = f"test-{uuid.uuid4().hex}"
    workers = [create_app(settings, rate_limit_prefix=prefix) for _ in range(2)]
    _, key = create_account_with_key(workers[0].state.services.store, "shared", "hourly", 10)
    statuses = []
    for worker in (*workers, workers[0]):
        async with asgi_client(worker) as client:
            statuses.append((await post(client, key, SEEDS)).status_code)
    assert statuses == [200, 200, 429]
    for worker in workers:
        worker.state.services.store.dispose()


async def test_usage_is_limited_to_five_calls_a_minute(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    statuses = [
        (await client.get("/account/usage", headers={"api_key": key})).status_code for _ in range(6)
    ]
    assert statuses == [200] * 5 + [429]


async def test_usage_shows_only_the_callers_account(
    app: FastAPI, client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    spender, bystander = new_key(credits=20), new_key(credits=7)
    await post(client, spender, {**SEEDS, "limit": 4})
    mine = (await client.get("/account/usage", headers={"api_key": spender})).json()
    theirs = (await client.get("/account/usage", headers={"api_key": bystander})).json()
    assert mine["usage"]["credits"] == {"total": 20, "used": 4, "remaining": 16}
    assert theirs["usage"]["credits"] == {"total": 7, "used": 0, "remaining": 7}
    assert set(mine["rateLimits"]) == {"daily", "hourly", "minute"}
    assert mine["rateLimits"]["minute"]["used"] == 1
    assert set(mine["rateLimits"]["daily"]) == {"limit", "used", "remaining", "resetsAt"}
