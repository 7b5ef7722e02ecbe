"""Fixtures: the universe (store + engine index) per database, and apps, keys and clients over it.

The universe is built once per database for the whole run: each test makes its own account and key,
so credits, sessions and rate limits never leak between tests.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import sqlalchemy as sa
from api_universe import (
    PLANS,
    KeyFactory,
    Universe,
    asgi_client,
    build_universe,
    key_factory,
)
from fastapi import FastAPI
from pydantic import SecretStr

from backends import postgres_url
from lookalike.api.app import create_app
from lookalike.settings import Settings


@pytest.fixture(scope="session")
def sqlite_universe(tmp_path_factory: pytest.TempPathFactory) -> Universe:
    """The universe on a SQLite file."""
    data_dir = tmp_path_factory.mktemp("universe-sqlite")
    return build_universe(
        Settings(data_dir=data_dir, plans=PLANS, index={"kind": "exact"}), "sqlite"
    )


@pytest.fixture(scope="session")
def postgres_universe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Universe]:
    """The universe in a fresh PostgreSQL schema."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = f"{postgres_url()}?options=-csearch_path%3D{schema}"
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("universe-pg"),
        database_url=SecretStr(url),
        plans=PLANS,
        index={"kind": "exact"},
    )
    try:
        yield build_universe(settings, "postgresql")
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_universe(request: pytest.FixtureRequest) -> Universe:
    """The universe on each database (for credits and sessions)."""
    fixture = "sqlite_universe" if request.param == "sqlite" else "postgres_universe"
    universe: Universe = request.getfixturevalue(fixture)
    return universe


@pytest.fixture
def app(any_universe: Universe) -> Iterator[FastAPI]:
    """The real app over the universe on each database: the contract holds on both."""
    app = create_app(any_universe.settings)
    yield app
    app.state.services.store.dispose()


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio."""
    return "asyncio"


@pytest.fixture
def new_key(app: FastAPI) -> KeyFactory:
    """``new_key(credits=1000, plan="basic")`` -> a plain key of a fresh account."""
    return key_factory(app)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An async HTTP client for the app."""
    async with asgi_client(app) as http:
        yield http
