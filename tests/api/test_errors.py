"""Every error path of the API answers with the one envelope, and never with a trace or SQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from api_universe import PLANS, KeyFactory, asgi_client, company_rows, contact_rows
from fastapi import FastAPI

from lookalike.api.app import create_app
from lookalike.settings import Settings
from lookalike.store.accounts import create_account_with_key, revoke_key
from lookalike.store.entities import upsert_companies, upsert_contacts

pytestmark = pytest.mark.anyio

CONTACTS = "/api/recommendations/contacts"
SEEDS = {"contacts": [{"personId": "p000-0", "companyId": "c000"}], "limit": 1}


def assert_envelope(response: httpx.Response, status: int, *words: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    expected_keys = {"error", "statusCode", "message"} | ({"errors"} if status == 400 else set())
    assert set(body) <= expected_keys and set(body) >= expected_keys - {"errors"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == body["statusCode"] == status
    message = body["error"]["message"]
    assert body["message"] == message
    assert message.endswith((".", "seconds")) and len(message) > 20
    assert not any(leak in message for leak in ("Traceback", "SELECT", "sqlalchemy", 'File "'))
    for word in words:
        assert word in message


@pytest.fixture
async def bare_app(tmp_path: Path) -> AsyncIterator[tuple[FastAPI, str]]:
    """An app over a store with a little data but no index, and a key for it."""
    app = create_app(Settings(data_dir=tmp_path, plans=PLANS))
    store = app.state.services.store
    with store.begin() as conn:
        upsert_companies(conn, company_rows()[:1])
        upsert_contacts(conn, contact_rows()[:1])
    _, key = create_account_with_key(store, "bare", "basic", 10)
    yield app, key
    store.dispose()


async def call(
    client: httpx.AsyncClient, key: str | None, body: Any = SEEDS, path: str = CONTACTS
) -> httpx.Response:
    headers = {"api_key": key} if key else {}
    return await client.post(path, json=body, headers=headers)


async def test_every_error_path_has_the_envelope(
    app: FastAPI, client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    limit = app.state.services.settings.max_body_bytes

    assert_envelope(await client.get("/api/nothing-here"), 404, "/api/nothing-here")
    assert_envelope(await client.get(CONTACTS), 405, "GET", "POST")
    json_headers = {"api_key": key, "content-type": "application/json"}
    malformed = await client.post(CONTACTS, content=b'{"contacts": [', headers=json_headers)
    assert_envelope(malformed, 400, "not valid JSON")
    not_json = await client.post(CONTACTS, content=b"contacts=p1", headers={"api_key": key})
    assert_envelope(not_json, 400, "JSON object")
    too_big = b'{"contacts": []' + b" " * limit + b"}"
    assert_envelope(await client.post(CONTACTS, content=too_big), 413, str(limit))

    async def streamed() -> AsyncIterator[bytes]:
        for _ in range(20):
            yield b" " * (limit // 10)

    assert_envelope(await client.post(CONTACTS, content=streamed()), 413)
    assert_envelope(await call(client, None), 401, "api_key")
    assert_envelope(await call(client, "lk_not-a-key"), 401, "api_key")
    assert_envelope(await call(client, new_key(plan="data-only")), 403, "data-only")
    assert_envelope(await call(client, new_key(credits=0)), 402, "credits")
    unknown = await call(client, key, {"requestId": "no-such-session"})
    assert_envelope(unknown, 404, "no-such-session")
    assert_envelope(await call(client, key, {**SEEDS, "limit": 99}), 400, "limit")
    first = await call(client, key, headers_body := SEEDS)
    assert first.status_code == 200
    conflict = await client.post(
        CONTACTS,
        json={**headers_body, "limit": 2},
        headers={"api_key": key, "Idempotency-Key": "k1"},
    )
    assert conflict.status_code == 200
    conflict = await client.post(
        CONTACTS,
        json={**headers_body, "limit": 3},
        headers={"api_key": key, "Idempotency-Key": "k1"},
    )
    assert_envelope(conflict, 409, "Idempotency-Key")
    hourly = new_key(plan="hourly")
    for _ in range(2):
        assert (await call(client, hourly)).status_code == 200
    limited = await call(client, hourly)
    assert_envelope(limited, 429, "Hourly API rate limit exceeded. Limit: 2 calls per hour.")
    assert int(limited.headers["Retry-After"]) > 0


async def test_a_revoked_key_is_a_403(app: FastAPI, client: httpx.AsyncClient) -> None:
    store = app.state.services.store
    _, key = create_account_with_key(store, "gone", "basic", 10)
    revoke_key(store, key[:11])
    assert_envelope(await call(client, key), 403, "revoked")


async def test_a_missing_index_is_a_503_naming_the_fix(bare_app: tuple[FastAPI, str]) -> None:
    app, key = bare_app
    async with asgi_client(app) as client:
        assert_envelope(await call(client, key), 503, "index")


async def test_a_server_fault_is_a_500_without_trace_or_sql(bare_app: tuple[FastAPI, str]) -> None:
    app, key = bare_app
    with app.state.services.store.begin() as conn:
        conn.execute(sa.text("DROP TABLE contacts"))
    async with asgi_client(app) as client:
        assert_envelope(await call(client, key), 500, "operator")


async def test_a_nul_character_in_an_id_is_a_400_not_a_database_fault(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    response = await client.post(
        "/api/recommendations/contacts",
        headers={"api_key": new_key()},
        json={"contacts": [{"personId": "p000-0"}], "requestId": "\x00"},
    )
    assert_envelope(response, 400, "requestId")
