"""``/livez``, ``/readyz`` and ``/version``: open to all, and honest about what is missing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from api_universe import PLANS, Universe, asgi_client, build_universe
from limits.storage import RedisStorage
from pydantic import SecretStr

from backends import postgres_url
from lookalike import __version__
from lookalike.api.app import create_app
from lookalike.settings import Settings
from lookalike.store.entities import bump_universe_version

pytestmark = pytest.mark.anyio
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture(params=["sqlite", "postgresql"])
def own_universe(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Universe]:
    """A small universe of this test's own, which it may make stale."""
    if request.param == "sqlite":
        settings = Settings(data_dir=tmp_path, plans=PLANS, index={"kind": "exact"})
        yield build_universe(settings, "sqlite")
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = SecretStr(f"{postgres_url()}?options=-csearch_path%3D{schema}")
    settings = Settings(data_dir=tmp_path, database_url=url, plans=PLANS, index={"kind": "exact"})
    try:
        yield build_universe(settings, "postgresql")
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


async def test_livez_answers_without_a_key(client: httpx.AsyncClient) -> None:
    response = await client.get("/livez")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}


async def test_readyz_is_ready_over_a_built_universe(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "rateLimitStore": "ok", "index": "ok"},
    }
    assert not any(name.startswith("x-rate-limit") for name in response.headers)


async def test_version_names_the_package_schema_and_index(client: httpx.AsyncClient) -> None:
    body = (await client.get("/version")).json()
    assert body["version"] == __version__
    assert body["schemaRevision"]
    assert body["indexGeneration"].startswith("gen-")
    assert body["indexUniverseVersion"] == body["storeUniverseVersion"] >= 1


async def test_readyz_names_a_stale_index(own_universe: Universe) -> None:
    app = create_app(own_universe.settings)
    store = app.state.services.store
    async with asgi_client(app) as client:
        assert (await client.get("/readyz")).status_code == 200
        with store.begin() as conn:
            version = bump_universe_version(conn)
        response = await client.get("/readyz")
    store.dispose()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["database"] == "ok"
    assert f"the store is at {version}" in body["checks"]["index"]
    assert "lookalike index build" in body["checks"]["index"]


async def test_readyz_names_a_missing_index_and_version_says_null(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path))
    async with asgi_client(app) as client:
        ready = await client.get("/readyz")
        version = (await client.get("/version")).json()
    app.state.services.store.dispose()
    assert ready.status_code == 503
    assert "lookalike index build" in ready.json()["checks"]["index"]
    assert version["indexGeneration"] is None and version["indexUniverseVersion"] is None


async def test_readyz_names_an_unreachable_rate_limit_store(tmp_path: Path) -> None:
    # Redis went away after the start (a store that is down at the start fails the start).
    storage = RedisStorage(UNREACHABLE_REDIS, socket_timeout=0.5, socket_connect_timeout=0.5)
    app = create_app(Settings(data_dir=tmp_path), limit_storage=storage)
    async with asgi_client(app) as client:
        response = await client.get("/readyz")
    app.state.services.store.dispose()
    assert response.status_code == 503
    assert response.json()["checks"]["rateLimitStore"].startswith("The rate-limit store")


async def test_operations_routes_are_in_the_openapi_doc_without_a_key(
    client: httpx.AsyncClient,
) -> None:
    spec = (await client.get("/openapi.json")).json()
    for path in ("/livez", "/readyz", "/version", "/metrics"):
        operation = spec["paths"][path]["get"]
        assert operation["tags"] == ["operations"]
        assert "security" not in operation
