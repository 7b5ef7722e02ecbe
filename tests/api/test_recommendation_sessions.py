from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from api_universe import KeyFactory
from fastapi import FastAPI

from lookalike.store.schema import sessions

pytestmark = pytest.mark.anyio

CONTACTS = "/api/recommendations/contacts"
SEEDS = [{"personId": "p000-0", "companyId": "c000"}]
# Twelve contacts work at c000 and c001; one is the seed, so eleven can be recommended.
INSIDE_TWO_ACCOUNTS = {"contacts": SEEDS, "filters": {"companyIds": ["c000", "c001"]}}


async def post(client: httpx.AsyncClient, key: str, body: dict[str, Any]) -> httpx.Response:
    return await client.post(CONTACTS, json=body, headers={"api_key": key})


async def test_pages_of_a_session_never_repeat_and_end_with_has_more_false(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    first = (await post(client, key, {**INSIDE_TWO_ACCOUNTS, "limit": 5})).json()
    pages = [first]
    while pages[-1]["hasMore"]:
        body = {"requestId": first["requestId"], "limit": 5}
        response = await post(client, key, body)
        assert response.status_code == 200, response.text
        pages.append(response.json())
        assert len(pages) < 10
    ids = [c["personId"] for page in pages for c in page["contacts"]]
    assert len(ids) == len(set(ids)) == 11 and "p000-0" not in ids
    assert [page["requestId"] for page in pages] == [first["requestId"]] * len(pages)


async def test_an_exhausted_session_returns_an_empty_page_for_free(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key(credits=100)
    first = (await post(client, key, {**INSIDE_TWO_ACCOUNTS, "limit": 25})).json()
    assert first["count"] == 11 and first["hasMore"] is False
    again = (await post(client, key, {"requestId": first["requestId"]})).json()
    assert (again["count"], again["creditsCharged"], again["hasMore"]) == (0, 0, False)
    usage = (await client.get("/account/usage", headers={"api_key": key})).json()
    assert usage["usage"]["credits"] == {"total": 100, "used": 11, "remaining": 89}


async def test_seeds_may_be_repeated_unchanged_with_a_request_id(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    first = (await post(client, key, {**INSIDE_TWO_ACCOUNTS, "limit": 3})).json()
    again = await post(client, key, {**INSIDE_TWO_ACCOUNTS, "requestId": first["requestId"]})
    assert again.status_code == 200
    assert {c["personId"] for c in again.json()["contacts"]}.isdisjoint(
        {c["personId"] for c in first["contacts"]}
    )


async def test_different_seeds_with_a_request_id_are_a_400(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    first = (await post(client, key, {"contacts": SEEDS, "limit": 1})).json()
    body = {"contacts": [{"personId": "p001-0"}], "requestId": first["requestId"]}
    response = await post(client, key, body)
    assert response.status_code == 400
    assert "seeds differ" in response.json()["error"]["message"]


async def test_another_accounts_request_id_is_a_404(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    first = (await post(client, new_key(), {"contacts": SEEDS, "limit": 1})).json()
    response = await post(client, new_key(), {"requestId": first["requestId"]})
    assert response.status_code == 404
    assert first["requestId"] in response.json()["error"]["message"]


async def test_a_session_unused_for_thirty_days_is_a_404(
    app: FastAPI, client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    first = (await post(client, key, {"contacts": SEEDS, "limit": 1})).json()
    with app.state.services.store.begin() as conn:
        conn.execute(
            sa.update(sessions)
            .where(sessions.c.session_id == first["requestId"])
            .values(last_used_at=datetime.now(UTC) - timedelta(days=30, minutes=1))
        )
    response = await post(client, key, {"requestId": first["requestId"]})
    assert response.status_code == 404


async def test_a_contacts_request_id_is_unknown_to_the_companies_endpoint(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    first = (await post(client, key, {"contacts": SEEDS, "limit": 1})).json()
    response = await client.post(
        "/api/recommendations/companies",
        json={"requestId": first["requestId"]},
        headers={"api_key": key},
    )
    assert response.status_code == 404
