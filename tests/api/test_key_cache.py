"""Valid keys are remembered for a moment; revocation still takes effect within that moment."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest
from api_universe import Universe, asgi_client
from fastapi import FastAPI

from lookalike.api.app import create_app
from lookalike.api.callers import CallerCache
from lookalike.store.accounts import create_account_with_key, revoke_key

pytestmark = pytest.mark.anyio

CONTACTS = "/api/recommendations/contacts"
SEEDS = {"contacts": [{"personId": "p000-0", "companyId": "c000"}], "limit": 1}


async def _status(client: httpx.AsyncClient, key: str) -> int:
    return (await client.post(CONTACTS, json=SEEDS, headers={"api_key": key})).status_code


class Clock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def cached_app(sqlite_universe: Universe) -> AsyncIterator[tuple[FastAPI, Clock]]:
    """The app with a 1 s key cache on a clock the test moves."""
    app = create_app(sqlite_universe.settings, key_cache_seconds=1.0)
    clock = Clock()
    services = app.state.services
    app.state.services = dataclasses.replace(services, callers=CallerCache(1.0, timer=clock))
    yield app, clock
    services.store.dispose()


async def test_a_key_revoked_while_cached_is_refused_once_the_cache_expires(
    cached_app: tuple[FastAPI, Clock],
) -> None:
    app, clock = cached_app
    store = app.state.services.store
    _, key = create_account_with_key(store, "cached", "basic", 10)
    async with asgi_client(app) as client:
        assert await _status(client, key) == 200
        revoke_key(store, key[:11])
        clock.now += 0.5
        assert await _status(client, key) == 200  # still cached: at most ttl seconds stale
        clock.now += 0.6
        assert await _status(client, key) == 403


async def test_without_a_key_cache_a_revoked_key_is_refused_on_the_next_call(
    sqlite_universe: Universe,
) -> None:
    app = create_app(sqlite_universe.settings, key_cache_seconds=0)
    store = app.state.services.store
    _, key = create_account_with_key(store, "uncached", "basic", 10)
    try:
        async with asgi_client(app) as client:
            assert await _status(client, key) == 200
            revoke_key(store, key[:11])
            assert await _status(client, key) == 403
    finally:
        store.dispose()


async def test_a_new_key_works_at_once_and_an_unknown_one_is_never_remembered(
    cached_app: tuple[FastAPI, Clock],
) -> None:
    app, _ = cached_app
    store = app.state.services.store
    async with asgi_client(app) as client:
        assert await _status(client, "lk_not-a-key") == 401
        _, key = create_account_with_key(store, "fresh", "basic", 10)
        assert await _status(client, key) == 200
