from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from api_universe import KeyFactory, live_server
from fastapi import FastAPI

from lookalike.store.accounts import find_key_or_none
from lookalike.store.credits import current_balance, ledger_sum

pytestmark = pytest.mark.anyio

CONTACTS = "/api/recommendations/contacts"
SEEDS = [{"personId": f"p{i:03d}-0", "companyId": f"c{i:03d}"} for i in (0, 4, 8)]


async def post(
    client: httpx.AsyncClient, key: str, body: dict[str, Any], **headers: str
) -> httpx.Response:
    return await client.post(CONTACTS, json=body, headers={"api_key": key, **headers})


def balance_and_ledger(app: FastAPI, key: str) -> tuple[int, int]:
    with app.state.services.store.connect() as conn:
        record = find_key_or_none(conn, key)
        assert record is not None
        return current_balance(conn, record.account_id), ledger_sum(conn, record.account_id)


async def test_credits_charged_equal_the_debit(
    app: FastAPI, client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key(credits=100)
    body = (await post(client, key, {"contacts": SEEDS, "limit": 7})).json()
    assert body["creditsCharged"] == 7
    assert balance_and_ledger(app, key) == (93, 93)


async def test_a_plan_sets_the_price_per_result(
    app: FastAPI, client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key(credits=5, plan="pricey")
    body = (await post(client, key, {"contacts": SEEDS, "limit": 10})).json()
    assert (body["count"], body["creditsCharged"], body["hasMore"]) == (2, 4, True)
    assert balance_and_ledger(app, key) == (1, 1)


async def test_a_short_balance_buys_a_short_page_then_402(
    app: FastAPI, client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key(credits=3)
    first = (await post(client, key, {"contacts": SEEDS, "limit": 10})).json()
    assert (first["count"], first["creditsCharged"], first["hasMore"]) == (3, 3, True)
    response = await post(client, key, {"requestId": first["requestId"]})
    assert response.status_code == 402
    assert "credits" in response.json()["error"]["message"]
    assert balance_and_ledger(app, key) == (0, 0)


async def test_an_error_costs_nothing(
    app: FastAPI, client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key(credits=10)
    response = await post(client, key, {"contacts": [{"personId": "ghost"}]})
    assert response.status_code == 404
    assert balance_and_ledger(app, key) == (10, 10)


async def test_an_idempotent_retry_replays_the_page_without_a_second_charge(
    app: FastAPI, client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key(credits=50)
    body = {"contacts": SEEDS, "limit": 5}
    first = await post(client, key, body, **{"Idempotency-Key": "order-17"})
    retry = await post(client, key, body, **{"Idempotency-Key": "order-17"})
    assert retry.status_code == 200 and retry.json() == first.json()
    assert balance_and_ledger(app, key) == (45, 45)
    other = await post(client, key, {**body, "limit": 6}, **{"Idempotency-Key": "order-17"})
    assert other.status_code == 409
    assert "order-17" in other.json()["error"]["message"]


async def test_concurrent_idempotent_retries_charge_once(
    app: FastAPI, client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key(credits=50, plan="bulk")
    body = {"contacts": SEEDS, "limit": 5}
    responses = await asyncio.gather(
        *(post(client, key, body, **{"Idempotency-Key": "same"}) for _ in range(10))
    )
    assert len({r.text for r in responses}) == 1
    assert balance_and_ledger(app, key) == (45, 45)


async def test_fifty_concurrent_requests_never_overdraw_and_the_ledger_matches(
    app: FastAPI, client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key(credits=60, plan="bulk")
    responses = await asyncio.gather(
        *(post(client, key, {"contacts": SEEDS, "limit": 5}) for _ in range(50))
    )
    assert {r.status_code for r in responses} <= {200, 402}
    charged = sum(r.json()["creditsCharged"] for r in responses if r.status_code == 200)
    balance, ledger = balance_and_ledger(app, key)
    assert balance == ledger == 60 - charged >= 0
    assert charged == 60


async def test_concurrent_pages_of_one_session_never_charge_an_entity_twice(
    app: FastAPI, client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key(credits=1000, plan="bulk")
    first = (await post(client, key, {"contacts": SEEDS, "limit": 1})).json()
    responses = await asyncio.gather(
        *(post(client, key, {"requestId": first["requestId"], "limit": 5}) for _ in range(20))
    )
    ids = [c["personId"] for r in responses for c in r.json()["contacts"]]
    charged = sum(r.json()["creditsCharged"] for r in responses)
    assert len(ids) == len(set(ids)) == charged
    assert first["contacts"][0]["personId"] not in ids
    assert balance_and_ledger(app, key) == (999 - charged, 999 - charged)


def test_fifty_threads_against_a_real_server_never_overdraw(
    app: FastAPI, new_key: KeyFactory
) -> None:
    key = new_key(credits=45, plan="bulk")
    with live_server(app) as base_url, httpx.Client(base_url=base_url, timeout=60) as http:

        def call(_: int) -> httpx.Response:
            body = {"contacts": SEEDS, "limit": 4}
            return http.post(CONTACTS, json=body, headers={"api_key": key})

        with ThreadPoolExecutor(max_workers=16) as pool:
            responses = list(pool.map(call, range(50)))
    assert {r.status_code for r in responses} <= {200, 402}
    charged = sum(r.json()["creditsCharged"] for r in responses if r.status_code == 200)
    assert charged == 45
    assert balance_and_ledger(app, key) == (0, 0)
