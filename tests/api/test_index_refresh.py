from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from api_universe import PLANS, asgi_client, company_rows

from lookalike.api.app import create_app
from lookalike.engine.build import build_index
from lookalike.settings import Settings
from lookalike.store.accounts import create_account_with_key
from lookalike.store.entities import bump_universe_version, upsert_companies

pytestmark = pytest.mark.anyio


async def ids_for(client: httpx.AsyncClient, key: str) -> set[str]:
    body = {"companies": [{"companyId": "c000"}], "limit": 25}
    response = await client.post(
        "/api/recommendations/companies", json=body, headers={"api_key": key}
    )
    assert response.status_code == 200, response.text
    return {company["companyId"] for company in response.json()["companies"]}


async def test_a_rebuilt_index_is_served_without_a_restart(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path, plans=PLANS, index={"kind": "exact", "reload_check_seconds": 0}
    )
    app = create_app(settings)
    store = app.state.services.store
    rows = company_rows()
    with store.begin() as conn:
        upsert_companies(conn, rows[:8])
        bump_universe_version(conn)
    build_index(settings, store)
    _, key = create_account_with_key(store, "refresh", "basic", 100)
    async with asgi_client(app) as client:
        before = await ids_for(client, key)
        with store.begin() as conn:
            upsert_companies(conn, [{**rows[4], "company_id": "c-new", "name": "Newcomer"}])
            bump_universe_version(conn)
        build_index(settings, store)
        after = await ids_for(client, key)
    assert "c-new" not in before and "c-new" in after
    store.dispose()
