"""Every bad input gets a 4xx that says what is wrong and where; an unindexed seed says why."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from api_universe import PLANS, asgi_client, build_universe, contact_rows
from fastapi import FastAPI

from lookalike.api.app import create_app
from lookalike.settings import Settings
from lookalike.store.accounts import create_account_with_key
from lookalike.store.entities import bump_universe_version, upsert_contacts

pytestmark = pytest.mark.anyio

CONTACTS = "/api/recommendations/contacts"


@pytest.fixture(scope="module")
def universe_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("precise"), plans=PLANS, index={"kind": "exact"}
    )
    build_universe(settings, "sqlite")
    return settings


@pytest.fixture
async def served(universe_settings: Settings) -> AsyncIterator[tuple[FastAPI, str]]:
    app = create_app(universe_settings)
    _, key = create_account_with_key(app.state.services.store, "t", "bulk", 1000)
    yield app, key
    app.state.services.store.dispose()


async def send(app: FastAPI, body: bytes, headers: dict[str, str]) -> httpx.Response:
    async with asgi_client(app) as client:
        return await client.post(CONTACTS, content=body, headers=headers)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'{"contacts": [{"personId": "caf\xe9"}]}', ("not UTF-8", "0xe9", "position 31")),
        (b'{"contacts": [{"personId": "p1"}],}', ("not valid JSON", "line 1, column 34")),
        (b'{"contacts":\n  [{"personId" "p1"}]}', ("not valid JSON", "line 2")),
        (b"[" * 100_000 + b"]" * 100_000, ("nested too deeply", "1024")),
        (b'{"limit": ' + b"9" * 5000 + b"}", ("number too large", "column 11")),
        (b'{"contacts": [{"personId": "p000-0"}], "limit": true}', ("'limit'", "not true")),
        (b'{"contacts": [{"personId": "p000-0"}], "limit": 2.5}', ("'limit'",)),
    ],
)
async def test_an_unreadable_body_is_a_400_saying_what_and_where(
    served: tuple[FastAPI, str], body: bytes, words: tuple[str, ...]
) -> None:
    app, key = served
    response = await send(app, body, {"api_key": key, "content-type": "application/json"})
    assert response.status_code == 400, response.text
    message = response.json()["message"]
    for word in words:
        assert word in message, message


async def test_a_numeric_string_limit_is_still_accepted(served: tuple[FastAPI, str]) -> None:
    app, key = served
    body = b'{"contacts": [{"personId": "p000-0"}], "limit": "3"}'
    response = await send(app, body, {"api_key": key, "content-type": "application/json"})
    assert response.status_code == 200 and response.json()["count"] == 3


async def test_a_bad_header_is_named(served: tuple[FastAPI, str]) -> None:
    app, key = served
    body = b'{"contacts": [{"personId": "p000-0"}], "limit": 1}'
    headers = {"api_key": key, "Idempotency-Key": "k" * 256}
    response = await send(app, body, headers)
    assert response.status_code == 400
    message = response.json()["message"]
    assert "header 'Idempotency-Key'" in message and "255" in message and "body" not in message


async def test_a_seed_imported_after_the_index_was_built_is_unresolved_with_why(
    served: tuple[FastAPI, str],
) -> None:
    app, key = served
    late = {**contact_rows()[0], "person_id": "late-1", "email": None, "linkedin_url": None}
    with app.state.services.store.begin() as conn:
        upsert_contacts(conn, [late])
        bump_universe_version(conn)
    body = b'{"contacts": [{"personId": "late-1"}, {"personId": "p000-0"}], "limit": 2}'
    response = await send(app, body, {"api_key": key, "content-type": "application/json"})
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["unresolvedSeeds"] == ["late-1"] and page["count"] == 2
    assert "index build" in page["unresolvedReasons"]["late-1"]
